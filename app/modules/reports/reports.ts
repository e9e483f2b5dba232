/**
 * Pure rules of the reports (no database, no clock): the `vong` parameter, points and file names
 * for people. Unit-tested in tests/unit/reports.test.ts.
 */
import { TIE_TEXT, VOTE_KEY } from "~/modules/scoring/aggregate";

export type StageParse = { ok: true; stage: number } | { ok: false; message: string };

/**
 * The `vong` query parameter: the scoring stage, 1 when absent or empty. Anything that is not a
 * stage of the round is refused with a message that says which stages exist.
 */
export function parseStageValue(raw: string | null | undefined, scoringStages: number): StageParse {
  const stages = Math.max(1, scoringStages);
  const allowed = stages === 1 ? "chỉ có vòng chấm 1" : `có các vòng chấm từ 1 đến ${stages}`;
  if (raw == null || raw.trim() === "") return { ok: true, stage: 1 };
  const value = raw.trim();
  if (!/^\d{1,3}$/.test(value)) {
    return { ok: false, message: `Tham số vòng chấm "${value.slice(0, 20)}" không hợp lệ: kỳ bình chọn này ${allowed}.` };
  }
  const stage = Number(value);
  if (stage < 1 || stage > stages) return { ok: false, message: `Không có vòng chấm ${stage}: kỳ bình chọn này ${allowed}.` };
  return { ok: true, stage };
}

/** Points for people from tenths, without trailing zeros: 320 → "32", 325 → "32,5". */
export function formatPoints(tenths: number): string {
  if (!Number.isSafeInteger(tenths)) throw new RangeError(`tenths must be an integer, got ${tenths}`);
  const sign = tenths < 0 ? "-" : "";
  const abs = Math.abs(tenths);
  const whole = Math.floor(abs / 10);
  const frac = abs % 10;
  return `${sign}${whole}${frac ? `,${frac}` : ""}`;
}

/** The pass mark as stored (tenths), decimal comma: 700 → "70", 705 → "70,5" (never rounded to "71"). */
export function formatPassMark(tenths: number): string {
  return formatPoints(tenths);
}

/** What a stage's figures say about an entry, for the results page, the xlsx and the minutes. */
export const OUTCOME = {
  recommended: "Đề nghị công nhận",
  councilDecides: "Hội đồng quyết định (bằng điểm tại giới hạn)",
  shortlisted: "Vào vòng 2",
  notShortlisted: "Không vào vòng 2",
} as const;

/**
 * The outcome of an entry in a stage: a shortlisting stage (stage 1 of two) says who goes on and
 * never recommends; the deciding stage says who is recommended under the cap.
 */
export function outcomeLabel(
  r: { recommended: boolean; needsCouncilDecision: boolean; shortlisted: boolean | null },
  purpose: "decide" | "shortlist",
): string {
  if (purpose === "shortlist") return r.shortlisted ? OUTCOME.shortlisted : OUTCOME.notShortlisted;
  if (r.recommended) return OUTCOME.recommended;
  if (r.needsCouncilDecision) return OUTCOME.councilDecides;
  return "";
}

/** Only ASCII letters, digits, dots and dashes in a file name sent in a header. */
export function safeFileName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .replace(/[^A-Za-z0-9.-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
}

/** The declared tie-break order in words: "Bằng điểm trung bình: xét lần lượt điểm nhóm I, …". */
export function tieBreakText(keys: readonly string[]): string {
  const parts = keys.map((k) => (k === VOTE_KEY ? TIE_TEXT.vote : TIE_TEXT.group(k)));
  return parts.length ? `Bằng điểm trung bình: xét lần lượt ${parts.join(", ")}` : "Bằng điểm trung bình: đồng hạng";
}
