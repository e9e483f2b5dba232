import { Link } from "@remix-run/react";
import type { RoundLevel } from "~db/schema";
import { formatDate } from "~/lib/dates";
import { LEVEL_LABELS } from "~/ui/labels";
import { useJourneyT, useLevelLabel } from "~/ui/journey-text";

export interface OpenRound {
  id: number;
  title: string;
  level: RoundLevel;
  year: number;
  bodyName: string;
  /** "Xã Phù Lãng, Tỉnh Bắc Ninh", the region's name, or null for a national round. */
  territory: string | null;
  registrationClosesOn: string | null;
  /** Whole days from today (in Vietnam) to the deadline: 0 on the last day; null without a deadline. */
  daysLeft: number | null;
  /** Producers register themselves (commune, district, province); higher levels are nominated. */
  direct: boolean;
}

/**
 * Where "Đăng ký tham gia" leads: the round on the producer's list of open rounds; a visitor who is
 * not signed in goes through log-in (or sign-up, linked from there) and comes back to it.
 */
export function registerPath(roundId: number, signedIn: boolean): string {
  const target = `/co-so/ky-binh-chon?vong=${roundId}#round-${roundId}`;
  return signedIn ? target : `/dang-nhap?next=${encodeURIComponent(target)}`;
}

/** The rounds taking registrations today, each with its deadline and a way to register. */
export function OpenRounds({ rounds, signedIn }: { rounds: OpenRound[]; signedIn: boolean }) {
  const jt = useJourneyT();
  const level = useLevelLabel(LEVEL_LABELS);
  return (
    <section className="open-rounds" aria-labelledby="open-rounds-title">
      <h2 id="open-rounds-title">{jt("open.title")}</h2>
      {rounds.length ? (
        <ul className="open-round-list">
          {rounds.map((r) => (
            <li key={r.id} className="open-round">
              <h3 id={`open-round-${r.id}`}>
                {r.direct ? <Link to={registerPath(r.id, signedIn)}>{r.title}</Link> : r.title}
              </h3>
              <div className="row small">
                <span className="badge info">
                  {level(r.level)} · {r.year}
                </span>
                {r.daysLeft != null ? <span className={`badge ${r.daysLeft <= 7 ? "warn" : "ok"}`}>{r.daysLeft === 0 ? jt("open.lastDay") : jt("open.daysLeft", { n: r.daysLeft })}</span> : null}
              </div>
              <dl className="facts">
                <dt>{jt("open.territory")}</dt>
                <dd>{r.territory ?? jt("open.wholeCountry")}</dd>
                <dt>{jt("open.organizer")}</dt>
                <dd>{r.bodyName}</dd>
                <dt>{jt("open.who")}</dt>
                <dd>{r.direct ? jt("open.who.local", { unit: r.territory ?? "" }) : jt(r.level === "region" ? "open.who.region" : "open.who.national")}</dd>
                <dt>{jt("open.deadline")}</dt>
                <dd>{r.registrationClosesOn ? formatDate(r.registrationClosesOn) : jt("open.noDeadline")}</dd>
              </dl>
              {r.direct ? (
                <Link to={registerPath(r.id, signedIn)} className="button" aria-describedby={`open-round-${r.id}`}>
                  {jt("open.register")}
                </Link>
              ) : (
                <p className="small muted">{jt("open.nominated")}</p>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{jt("open.none")}</p>
      )}
    </section>
  );
}
