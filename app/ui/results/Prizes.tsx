/**
 * The round's prizes on a results page (organizer's and public): each declared prize with its
 * amount and count, and the entries that received it. Data from prizesForResults
 * (app/modules/prizes/prizes.server.ts); renders nothing when the round declares no prizes.
 */
import { Link } from "@remix-run/react";
import { formatVnd, PRIZE_MODE_LABELS } from "~/modules/prizes/prizes";
import type { PrizesView } from "~/modules/prizes/prizes.server";

export function Prizes({ data }: { data: PrizesView | null | undefined }) {
  if (!data || !data.prizes.length) return null;
  const { prizes, awards, manage } = data;
  return (
    <section className="card prizes" id="giai-thuong">
      <h2>Giải thưởng</h2>
      {!awards.length ? (
        <p className="muted">
          Chưa trao giải.
          {manage ? (
            <>
              {" "}
              <Link to={`/to-chuc/vong/${data.roundId}/giai-thuong`}>Trao giải theo thứ hạng</Link>
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
              {p.name} <span className="small muted">({formatVnd(p.amountVnd)} đ × {p.count}{p.mode === "council" ? `, ${PRIZE_MODE_LABELS.council.toLowerCase()}` : ""})</span>
            </h3>
            {list.length ? (
              <ul className="prize-list">
                {list.map((a) => (
                  <li key={a.entryId}>
                    <strong>{a.productName}</strong>
                    {a.votingCode ? <span className="muted"> ({a.votingCode})</span> : null} – {a.establishmentName}
                    {a.rank != null ? <span className="small muted"> · hạng {a.rank}</span> : null}
                    {manage && a.reason ? <div className="small muted">Lý do: {a.reason}</div> : null}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="small muted">Không trao.</p>
            )}
          </div>
        );
      })}
      {manage && awards.length ? (
        <p className="small">
          <Link to={`/to-chuc/vong/${data.roundId}/giai-thuong`}>Xem, sửa giải thưởng</Link> ·{" "}
          <a href={`/to-chuc/vong/${data.roundId}/giai-thuong/chi-tra.xlsx`} download>
            Danh sách chi trả (.xlsx)
          </a>
        </p>
      ) : null}
    </section>
  );
}
