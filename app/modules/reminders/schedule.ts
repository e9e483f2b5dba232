/**
 * Which reminders are due: a pure function of a snapshot of the database and the time
 * (docs/decisions/0029-scheduler-and-reminders.md). No clock, no database: tests give it a fake
 * `now`. Each reminder has a stable key; the delivery (reminders.server.ts) sends a key once.
 *
 * - Producers with an unsubmitted dossier (draft, or a nomination not yet confirmed) in a round
 *   open for registration: 3 days and 1 day before registration closes. One reminder per
 *   establishment, round and threshold, listing its unsubmitted products.
 * - Judges with unsubmitted sheets in the stage being scored: 3 days and 1 day before the stage's
 *   scoring deadline, saying how many sheets are left.
 * - Organizers of the round's body: 1 working day before an intake answer-by date, per dossier
 *   still waiting (status submitted).
 *
 * Every key carries the date it counts down to: a date moved later (registration extended, a new
 * scoring deadline, a dossier submitted again with a new answer-by date) is reminded again.
 *
 * A threshold is a window, not a single day: the 3-day reminder is due while 3 or 2 days are left,
 * the 1-day reminder while 1 or 0 are left. A server that was down on the day still sends it the
 * next day (with the days actually left), and one that was down for the whole 3-day window does
 * not send a stale "3 days left" alongside the 1-day one.
 */
import { formatDate, todayInVietnam } from "~/lib/dates";
import { workingDaysBetween } from "~/lib/workdays";

export type ReminderKind = "producer-intake-closing" | "judge-scoring-deadline" | "organizer-answer-by" | "judge-manual";

export interface DueReminder {
  key: string;
  kind: ReminderKind;
  roundId: number;
  /** The one person reminded, when there is exactly one (judges); null for groups. */
  userId: string | null;
  recipients: string[];
  title: string;
  body: string;
  link: string;
}

export interface IntakeRoundSnapshot {
  id: number;
  title: string;
  registrationClosesOn: string | null;
  /** Establishments with an unsubmitted dossier in this round. */
  producers: { establishmentId: number; userIds: string[]; products: { entryId: number; name: string }[] }[];
}

export interface ScoringJudgeSnapshot {
  memberId: number;
  userId: string | null;
  fullName: string;
  notStarted: number;
  draft: number;
}

export interface ScoringRoundSnapshot {
  id: number;
  title: string;
  /** The stage being scored (the first one not closed). */
  stage: number;
  scoringStages: number;
  /** That stage's last scoring day (YYYY-MM-DD), or null when the round has none. */
  deadline: string | null;
  judges: ScoringJudgeSnapshot[];
}

export interface WaitingEntrySnapshot {
  entryId: number;
  roundId: number;
  roundTitle: string;
  dossierNo: string | null;
  productName: string;
  establishmentName: string;
  answerBy: string | null;
  organizerUserIds: string[];
}

export interface ReminderSnapshot {
  holidays: readonly string[];
  intakeRounds: IntakeRoundSnapshot[];
  scoringRounds: ScoringRoundSnapshot[];
  waitingEntries: WaitingEntrySnapshot[];
}

/** The calendar-day thresholds before registration closes and before a scoring deadline. */
export const DAY_THRESHOLDS = [3, 1] as const;

/** Calendar days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The threshold whose window holds `daysLeft` (3 while 3 or 2 days are left, 1 while 1 or 0), or
 * null when none does (more than 3 days left, or the date has passed).
 */
export function thresholdFor(daysLeft: number, thresholds: readonly number[] = DAY_THRESHOLDS): number | null {
  if (!Number.isFinite(daysLeft) || daysLeft < 0) return null;
  const sorted = [...thresholds].sort((a, b) => a - b);
  for (const t of sorted) if (daysLeft <= t) return t;
  return null;
}

/** "hôm nay", "ngày mai", "còn 3 ngày". */
export function daysLeftText(daysLeft: number): string {
  if (daysLeft <= 0) return "hôm nay";
  if (daysLeft === 1) return "ngày mai";
  return `còn ${daysLeft} ngày`;
}

/** The stage's scoring deadline: stage 2 ends with direct scoring; a one-stage round with the later of its two dates. */
export function stageDeadline(
  round: { scoringStages: number; dossierScoringTo: string | null; directScoringTo: string | null },
  stage: number,
): string | null {
  if (round.scoringStages > 1) return stage >= 2 ? round.directScoringTo : round.dossierScoringTo;
  const dates = [round.dossierScoringTo, round.directScoringTo].filter((d): d is string => !!d).sort();
  return dates.at(-1) ?? null;
}

function producerReminders(r: IntakeRoundSnapshot, today: string): DueReminder[] {
  if (!r.registrationClosesOn) return [];
  const left = daysBetween(today, r.registrationClosesOn);
  const t = thresholdFor(left);
  if (t == null) return [];
  const out: DueReminder[] = [];
  for (const p of r.producers) {
    if (!p.userIds.length || !p.products.length) continue;
    const names = p.products.map((x) => `"${x.name}"`).join(", ");
    const one = p.products.length === 1;
    out.push({
      key: `producer-intake-closing:round:${r.id}:establishment:${p.establishmentId}:${r.registrationClosesOn}:d${t}`,
      kind: "producer-intake-closing",
      roundId: r.id,
      userId: null,
      recipients: [...new Set(p.userIds)].sort(),
      title: left <= 0 ? `Hôm nay hết hạn đăng ký: ${r.title}` : `Sắp hết hạn đăng ký (${daysLeftText(left)}): ${r.title}`,
      body:
        `"${r.title}" nhận hồ sơ đến hết ngày ${formatDate(r.registrationClosesOn)} (${daysLeftText(left)}). ` +
        `${one ? "Hồ sơ" : `${p.products.length} hồ sơ`} ${names} của cơ sở chưa được nộp. Hãy hoàn thiện và nộp trước khi hết hạn; hồ sơ chưa nộp sẽ không được xét.`,
      link: one ? `/co-so/du-thi/${p.products[0]!.entryId}` : "/co-so",
    });
  }
  return out;
}

function judgeReminders(r: ScoringRoundSnapshot, today: string): DueReminder[] {
  if (!r.deadline) return [];
  const left = daysBetween(today, r.deadline);
  const t = thresholdFor(left);
  if (t == null) return [];
  const stageText = r.scoringStages > 1 ? ` (đợt ${r.stage})` : "";
  const out: DueReminder[] = [];
  for (const j of r.judges) {
    const leftSheets = j.notStarted + j.draft;
    if (!j.userId || leftSheets <= 0) continue;
    out.push({
      key: `judge-scoring-deadline:round:${r.id}:member:${j.memberId}:s${r.stage}:${r.deadline}:d${t}`,
      kind: "judge-scoring-deadline",
      roundId: r.id,
      userId: j.userId,
      recipients: [j.userId],
      title: left <= 0 ? `Hôm nay hết hạn chấm điểm: ${r.title}` : `Sắp hết hạn chấm điểm (${daysLeftText(left)}): ${r.title}`,
      body: judgeBody(r.title + stageText, r.deadline, left, j),
      link: `/giam-khao/vong/${r.id}`,
    });
  }
  return out;
}

/** What a judge is told: how many sheets are left, and the deadline when there is one. */
export function judgeBody(title: string, deadline: string | null, daysLeft: number | null, j: Pick<ScoringJudgeSnapshot, "notStarted" | "draft">): string {
  const leftSheets = j.notStarted + j.draft;
  const parts = [j.notStarted ? `${j.notStarted} chưa chấm` : "", j.draft ? `${j.draft} phiếu nháp chưa nộp` : ""].filter(Boolean).join(", ");
  const when = deadline ? ` Hạn chấm: hết ngày ${formatDate(deadline)}${daysLeft == null ? "" : ` (${daysLeftText(daysLeft)})`}.` : "";
  return `Ông/bà còn ${leftSheets} phiếu chấm chưa nộp trong "${title}" (${parts}).${when} Phiếu nháp chỉ được tính khi đã nộp.`;
}

function organizerReminders(e: WaitingEntrySnapshot, today: string, holidays: ReadonlySet<string>): DueReminder[] {
  if (!e.answerBy || e.answerBy < today || !e.organizerUserIds.length) return [];
  const working = workingDaysBetween(today, e.answerBy, holidays);
  if (working > 1) return [];
  const label = e.dossierNo ?? `#${e.entryId}`;
  const due = e.answerBy === today ? "hôm nay" : `ngày ${formatDate(e.answerBy)}`;
  return [
    {
      key: `organizer-answer-by:entry:${e.entryId}:${e.answerBy}:d1`,
      kind: "organizer-answer-by",
      roundId: e.roundId,
      userId: null,
      recipients: [...new Set(e.organizerUserIds)].sort(),
      title: `Sắp đến hạn trả lời hồ sơ ${label}`,
      body: `Hồ sơ ${label} ("${e.productName}" của ${e.establishmentName}) — ${e.roundTitle} — đang chờ tiếp nhận. Hạn trả lời cơ sở là ${due}: hãy tiếp nhận, yêu cầu bổ sung hoặc từ chối.`,
      link: `/to-chuc/vong/${e.roundId}/ho-so/${e.entryId}`,
    },
  ];
}

/** Every reminder due at `now` for this snapshot (sorted by key; the delivery sends each key once). */
export function dueReminders(s: ReminderSnapshot, now: Date): DueReminder[] {
  const today = todayInVietnam(now);
  const holidays = new Set(s.holidays);
  const out = [
    ...s.intakeRounds.flatMap((r) => producerReminders(r, today)),
    ...s.scoringRounds.flatMap((r) => judgeReminders(r, today)),
    ...s.waitingEntries.flatMap((e) => organizerReminders(e, today, holidays)),
  ];
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The key of a judge's manual reminder ("Nhắc giám khảo"): one per member, round, stage and day in Vietnam. */
export function manualJudgeKey(roundId: number, memberId: number, stage: number, now: Date): string {
  return `judge-manual:round:${roundId}:member:${memberId}:s${stage}:${todayInVietnam(now)}`;
}
