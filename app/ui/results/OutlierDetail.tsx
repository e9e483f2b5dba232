/**
 * A flagged entry on the results page (its lowest and highest totals differ by more than the
 * tolerance): the summary line, and inside it each judge against the mean of the other judges,
 * loaded from the route ket-qua_.lech.$entryId when the entry is opened. A national round may flag
 * hundreds of entries; sending every judge of every one of them made half of the page. Without
 * script, the link `?lech=<entry>` reloads the page with that entry's detail in it (`initial`).
 */
import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import type { entryOutlierDetail } from "~/modules/scoring/scoring.server";
import { formatPoints } from "~/ui/labels";

/** What the page shows of entryOutlierDetail: the rounded figures (the exact fractions stay on the server). */
export function shownDetail(d: ReturnType<typeof entryOutlierDetail>) {
  return {
    entryId: d.entryId,
    verdictText: d.verdictText,
    judges: d.judges.map((j) => ({
      judgeId: j.judgeId,
      name: j.name,
      totalTenths: j.totalTenths,
      othersMeanDisplay: j.othersMeanDisplay,
      differenceDisplay: j.differenceDisplay,
      largest: j.largest,
      outlier: j.outlier,
      sheetId: j.sheetId,
    })),
  };
}

export type ShownDetail = ReturnType<typeof shownDetail>;

/** The element id of an entry's detail (the results table links to it). */
export const detailId = (entryId: number | string) => `lech-${String(entryId)}`;

/** Opens an entry's detail (which loads it) and brings it into view: the results table's link, with script. */
export function openDetail(entryId: number | string) {
  const el = document.getElementById(detailId(entryId));
  if (!(el instanceof HTMLDetailsElement)) return false;
  el.open = true;
  el.scrollIntoView({ block: "start" });
  return true;
}

export function OutlierDetail(props: {
  roundId: number;
  entry: { entryId: number; votingCode: string | null; productName: string; minTenths: number | null; maxTenths: number | null };
  /** The detail when the page was loaded with ?lech= for this entry. */
  initial: ShownDetail | null;
  outlierLabel: string;
  /** The reopen form for a judge's sheet, when sheets may be reopened. */
  reopen: ((sheetId: number) => ReactNode) | null;
}) {
  const { entry } = props;
  const fetcher = useFetcher<{ detail: ShownDetail | null; error: string | null }>();
  const detail = props.initial ?? fetcher.data?.detail ?? null;
  const error = fetcher.data?.error ?? null;
  const load = () => {
    if (!detail && fetcher.state === "idle") fetcher.load(`/to-chuc/vong/${props.roundId}/ket-qua/lech/${entry.entryId}`);
  };
  // Opened before the page was hydrated (a slow phone): load it now.
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (ref.current?.open) load();
  }, []);
  const low = entry.minTenths ?? 0;
  const high = entry.maxTenths ?? 0;
  return (
    <details ref={ref} id={detailId(entry.entryId)} className="outlier-detail" open={props.initial ? true : undefined} onToggle={(e) => e.currentTarget.open && load()}>
      <summary>
        <strong>{entry.votingCode}</strong> {entry.productName}: thấp–cao {formatPoints(low, 1)}–{formatPoints(high, 1)} (chênh {formatPoints(high - low, 1)} điểm)
      </summary>
      {detail ? (
        <>
          <p className="small">{detail.verdictText}</p>
          <ul className="list-plain">
            {detail.judges.map((j) => (
              <li key={String(j.judgeId)}>
                <div>
                  <strong>{j.name}</strong> {j.outlier ? <span className="badge warn">⚠ {props.outlierLabel}</span> : null}
                </div>
                <div className="small">
                  Tổng điểm <strong className="nowrap">{formatPoints(j.totalTenths)}</strong> · TB các giám khảo khác <span className="nowrap">{j.othersMeanDisplay}</span> · Chênh lệch{" "}
                  <strong className="nowrap">{j.differenceDisplay}</strong>
                </div>
                {props.reopen && j.largest && j.sheetId != null ? (
                  <details>
                    <summary className="small">Mở lại phiếu này để giám khảo xem lại</summary>
                    {props.reopen(j.sheetId)}
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : error ? (
        <div className="alert error">{error}</div>
      ) : fetcher.state !== "idle" ? (
        <p className="small" aria-live="polite">
          Đang tải điểm của từng giám khảo…
        </p>
      ) : (
        <p className="small">
          <a href={`?lech=${entry.entryId}#${detailId(entry.entryId)}`}>Xem điểm của từng giám khảo</a>
        </p>
      )}
    </details>
  );
}
