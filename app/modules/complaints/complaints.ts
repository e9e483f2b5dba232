/**
 * Khiếu nại về kết quả (issue 14): the pure rules. The filing window counted in working days from
 * the day results were published, the answer-by date in calendar days from the day of filing,
 * the complaint number "KN-<year>-<4-digit sequence>", and the lifecycle as one table.
 * docs/decisions/0035-complaints.md.
 */
import { addWorkingDays } from "~/lib/workdays";

export const COMPLAINT_STATUS_LIST = ["open", "rechecking", "answered", "closed"] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUS_LIST)[number];
export const COMPLAINT_OUTCOME_LIST = ["upheld", "partly", "rejected"] as const;
export type ComplaintOutcome = (typeof COMPLAINT_OUTCOME_LIST)[number];

export const COMPLAINT_STATUS_LABELS: Record<ComplaintStatus, string> = {
  open: "Đang xem xét",
  rechecking: "Đang rà soát lại",
  answered: "Đã trả lời, chờ điều chỉnh kết quả",
  closed: "Đã giải quyết xong",
};

export const COMPLAINT_OUTCOME_LABELS: Record<ComplaintOutcome, string> = {
  upheld: "Khiếu nại đúng",
  partly: "Khiếu nại đúng một phần",
  rejected: "Khiếu nại sai (không chấp nhận)",
};

export const COMPLAINT_EVENT_LABELS: Record<string, string> = {
  filed: "Nộp khiếu nại",
  recheck_asked: "Hội đồng giao rà soát lại",
  recheck_done: "Đã rà soát lại",
  answered: "Hội đồng trả lời khiếu nại",
  sheets_reopened: "Mở lại phiếu chấm để chấm lại",
  corrected: "Điều chỉnh kết quả theo quyết định sửa đổi",
  closed: "Đóng khiếu nại",
};

export function complaintStatusTone(s: ComplaintStatus): string {
  return s === "closed" ? "ok" : s === "answered" ? "info" : "warn";
}

/** Limits of what a complaint carries. */
export const COMPLAINT_BODY_MIN = 20;
export const COMPLAINT_BODY_MAX = 5000;
export const COMPLAINT_MAX_FILES = 5;

/** "KN-2026-0003". */
export function complaintNumber(year: number, seq: number): string {
  if (!Number.isInteger(year) || !Number.isInteger(seq) || seq < 1) throw new RangeError("bad complaint number parts");
  return `KN-${year}-${String(seq).padStart(4, "0")}`;
}

/** The next sequence of the year, after the numbers already given (any malformed ones ignored). */
export function nextComplaintSeq(existing: readonly (string | null)[], year: number): number {
  const re = new RegExp(`^KN-${year}-(\\d{4,})$`);
  let max = 0;
  for (const n of existing) {
    const m = n ? re.exec(n) : null;
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max + 1;
}

/** The last day complaints are received: `windowDays` working days after the day of publication. */
export function complaintDeadline(publishedOn: string, windowDays: number, holidays: ReadonlySet<string>): string {
  return addWorkingDays(publishedOn, Math.max(0, Math.trunc(windowDays)), holidays);
}

/** Whether a complaint filed on `today` is in time (the whole last day counts). */
export function withinWindow(publishedOn: string, today: string, windowDays: number, holidays: ReadonlySet<string>): boolean {
  return today >= publishedOn && today <= complaintDeadline(publishedOn, windowDays, holidays);
}

/** The answer-by date: `answerDays` calendar days after the day of filing. */
export function answerDueOn(filedOn: string, answerDays: number): string {
  const [y, m, d] = filedOn.split("-").map(Number);
  const t = new Date(Date.UTC(y!, m! - 1, d! + Math.max(0, Math.trunc(answerDays))));
  return t.toISOString().slice(0, 10);
}

/** Whether an unanswered complaint is past its answer-by date. */
export function isOverdue(status: ComplaintStatus, dueOn: string | null, today: string): boolean {
  return (status === "open" || status === "rechecking") && !!dueOn && today > dueOn;
}

/** A complaint still in the council's hands (a second one on the same entry is refused meanwhile). */
export function isUnresolved(status: ComplaintStatus): boolean {
  return status !== "closed";
}

export type ComplaintStep = "ask_recheck" | "recheck_done" | "answer" | "correct" | "close";

/** The lifecycle, as one table: from which statuses each step may be taken. */
export const COMPLAINT_STEPS: Record<ComplaintStep, readonly ComplaintStatus[]> = {
  ask_recheck: ["open", "rechecking"],
  recheck_done: ["rechecking"],
  answer: ["open", "rechecking"],
  correct: ["answered"],
  close: ["answered"],
};

export function canStep(from: ComplaintStatus, step: ComplaintStep): boolean {
  return COMPLAINT_STEPS[step].includes(from);
}

/** The status after a step (an answer that rejects closes the complaint at once). */
export function statusAfter(step: ComplaintStep, outcome?: ComplaintOutcome | null): ComplaintStatus {
  switch (step) {
    case "ask_recheck":
      return "rechecking";
    case "recheck_done":
      return "open";
    case "answer":
      return outcome === "rejected" ? "closed" : "answered";
    case "correct":
    case "close":
      return "closed";
  }
}

/** Why a step is refused in this status (Vietnamese, for the person), or null when allowed. */
export function stepRefusal(from: ComplaintStatus, step: ComplaintStep): string | null {
  if (canStep(from, step)) return null;
  if (from === "closed") return "Khiếu nại này đã được giải quyết xong.";
  switch (step) {
    case "ask_recheck":
    case "answer":
      return "Khiếu nại đã được trả lời.";
    case "recheck_done":
      return "Khiếu nại không ở bước rà soát lại.";
    case "correct":
    case "close":
      return "Chỉ điều chỉnh hoặc đóng khiếu nại khi Hội đồng đã trả lời là khiếu nại đúng (toàn bộ hoặc một phần).";
  }
}

/** The revocation reason written on a certificate no longer recognised after a complaint. */
export function amendmentRevokeReason(decisionNumber: string): string {
  return `Điều chỉnh theo Quyết định số ${decisionNumber} sau khiếu nại.`;
}
