/**
 * The round's prizes on a results page (organizer's and public): each declared prize with its
 * amount and count, and the entries that received it. Data from prizesForResults
 * (app/modules/prizes/prizes.server.ts); renders nothing when the round declares no prizes.
 * In the reader's language (always Vietnamese on the organizer's pages); prize names stay as declared.
 */
import { Link } from "@remix-run/react";
import { useLocale } from "~/i18n";
import { useProfileT } from "~/i18n/profile";
import { formatVnd } from "~/modules/prizes/prizes";
import type { PrizesView } from "~/modules/prizes/prizes.server";

export function Prizes({ data }: { data: PrizesView | null | undefined }) {
  const t = useProfileT();
  const locale = useLocale();
  if (!data || !data.prizes.length) return null;
  const { prizes, awards, manage } = data;
  return (
    <section className="card prizes" id="giai-thuong">
      <h2>{t("prizes.title")}</h2>
      {!awards.length ? (
        <p className="muted">
          {t("prizes.none")}
          {manage ? (
            <>
              {" "}
              <Link to={`/to-chuc/vong/${data.roundId}/giai-thuong`}>{t("prizes.assignByRank")}</Link>
            </>
          ) : null}
        </p>
      ) : null}
      {prizes.map((p) => {
        const list = awards.filter((a) => a.prizeCode === p.code);
        if (!list.length && awards.length === 0) return null;
        return (
          <div key={p.code} className="prize-block">
            <h3>
              {p.name} <span className="small muted">({t("prizes.amount", { amount: locale === "en" ? formatVnd(p.amountVnd).replace(/\./g, ",") : formatVnd(p.amountVnd) })} × {p.count}{p.mode === "council" ? `, ${t("prizes.councilMode").toLowerCase()}` : ""})</span>
            </h3>
            {list.length ? (
              <ul className="prize-list">
                {list.map((a) => (
                  <li key={a.entryId}>
                    <strong>{a.productName}</strong>
                    {a.votingCode ? <span className="muted"> ({a.votingCode})</span> : null} – {a.establishmentName}
                    {a.rank != null ? <span className="small muted"> · {t("prizes.rank", { rank: a.rank })}</span> : null}
                    {manage && a.reason ? <div className="small muted">{t("prizes.reason", { reason: a.reason })}</div> : null}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="small muted">{t("prizes.notAwarded")}</p>
            )}
          </div>
        );
      })}
      {manage && awards.length ? (
        <p className="small">
          <Link to={`/to-chuc/vong/${data.roundId}/giai-thuong`}>{t("prizes.edit")}</Link> ·{" "}
          <a href={`/to-chuc/vong/${data.roundId}/giai-thuong/chi-tra.xlsx`} download>
            {t("prizes.payments")}
          </a>
        </p>
      ) : null}
    </section>
  );
}
