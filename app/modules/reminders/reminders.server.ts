/**
 * The reminders scheduler (docs/decisions/0029-scheduler-and-reminders.md): one croner job per
 * process, every few minutes, reading the database and sending what `dueReminders` says is due.
 *
 * Sent once, across restarts and processes: every reminder has a stable key, and its delivery is
 * ONE write transaction (IMMEDIATE: SQLite's write lock) that inserts the key into
 * `reminder_deliveries` with INSERT OR IGNORE and, only when the row was inserted, writes the
 * notices and queues the emails. Two processes racing on the same key: exactly one inserts it, the
 * other inserts nothing and sends nothing. A process killed mid-way either committed the key with
 * its notices or neither. Emails go out (SMTP) after the commit, as everywhere else in the app;
 * without SMTP they stay in the outbox.
 *
 * Each run is a row of `scheduler_runs` (running → done | error, or skipped when another process is
 * running the same task), shown to the admin on /quan-tri/lich-chay. Runs older than RUN_KEEP_DAYS
 * are pruned.
 */
import crypto from "node:crypto";
import os from "node:os";
import { Cron } from "croner";
import { and, asc, desc, eq, gte, inArray, lt, lte, sql } from "drizzle-orm";
import {
  entries,
  establishmentMembers,
  establishments,
  holidays,
  products,
  reminderDeliveries,
  rounds,
  schedulerRuns,
  scoreSheets,
  users,
} from "~db/schema";
import { todayInVietnam, VN_TZ } from "~/lib/dates";
import { db, type DbOrTx } from "~/lib/db.server";
import { deliverMail } from "~/lib/mail.server";
import type { Principal } from "~/lib/permissions";
import { audit } from "~/modules/audit/audit.server";
import { progressGrid } from "~/modules/councils/assignment";
import { clampStage, roundAssignment } from "~/modules/councils/councils.server";
import { bodyUserIds, notifyUsers } from "~/modules/notify/notify.server";
import { getRoundForOrganizer } from "~/modules/rounds/rounds.server";
import { currentStage, isStageClosed } from "~/modules/scoring/scoring.server";
import {
  DAY_THRESHOLDS,
  daysBetween,
  dueReminders,
  judgeBody,
  manualJudgeKey,
  stageDeadline,
  type DueReminder,
  type IntakeRoundSnapshot,
  type ReminderSnapshot,
  type ScoringJudgeSnapshot,
  type ScoringRoundSnapshot,
  type WaitingEntrySnapshot,
} from "./schedule";

export const REMINDERS_TASK = "reminders";
/** Every 5 minutes (reminders are by the day; this only bounds the delay after a start or a change). */
export const REMINDERS_CRON = "*/5 * * * *";
/** A run still "running" after this long was cut short (its process died): recorded as an error. */
export const RUN_STALE_MS = 10 * 60_000;
export const RUN_KEEP_DAYS = 30;

const WAITING_LOOKAHEAD_DAYS = 14;
const MAX_THRESHOLD = Math.max(...DAY_THRESHOLDS);

interface SchedulerState {
  workerId: string;
  cron: Cron | null;
}

declare global {
  // eslint-disable-next-line no-var
  var __cnntScheduler: SchedulerState | undefined;
}

const state: SchedulerState = (globalThis.__cnntScheduler ??= {
  workerId: `${os.hostname()}:${process.pid}:${crypto.randomBytes(6).toString("hex")}`,
  cron: null,
});

/** This process's scheduler worker id (host:pid:random). */
export function schedulerWorkerId(): string {
  return state.workerId;
}

function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/* ------------------------------------------------------------------ */
/* Snapshot                                                            */
/* ------------------------------------------------------------------ */

/** Judges of the round's stage with how many sheets each has not started or left in draft. */
export function judgeSheetCounts(roundId: number, stage: number, tx: DbOrTx = db): ScoringJudgeSnapshot[] {
  const a = roundAssignment(roundId, stage, tx);
  const entryIds = a.entries.map((e) => e.entryId);
  const sheets = entryIds.length
    ? tx
        .select({ entryId: scoreSheets.entryId, memberId: scoreSheets.councilMemberId, status: scoreSheets.status })
        .from(scoreSheets)
        .where(and(inArray(scoreSheets.entryId, entryIds), eq(scoreSheets.stage, stage)))
        .all()
    : [];
  const grid = progressGrid(a.plan, sheets);
  return a.judges.map((j, i) => ({
    memberId: j.id,
    userId: j.userId,
    fullName: j.fullName,
    notStarted: grid.byJudge[i]!.notStarted,
    draft: grid.byJudge[i]!.draft,
  }));
}

/** What `dueReminders` needs, read from the database (only rounds and entries near a date). */
export function reminderSnapshot(now: Date, tx: DbOrTx = db): ReminderSnapshot {
  const today = todayInVietnam(now);
  const horizon = addDays(today, MAX_THRESHOLD);

  const intakeRounds: IntakeRoundSnapshot[] = [];
  const open = tx
    .select({ id: rounds.id, title: rounds.title, registrationClosesOn: rounds.registrationClosesOn })
    .from(rounds)
    .where(and(eq(rounds.status, "open"), gte(rounds.registrationClosesOn, today), lte(rounds.registrationClosesOn, horizon)))
    .orderBy(asc(rounds.id))
    .all();
  for (const r of open) {
    const drafts = tx
      .select({ entryId: entries.id, establishmentId: entries.establishmentId, name: products.name })
      .from(entries)
      .innerJoin(products, eq(products.id, entries.productId))
      .where(and(eq(entries.roundId, r.id), inArray(entries.status, ["draft", "nominated"])))
      .orderBy(asc(entries.id))
      .all();
    const byEst = new Map<number, { entryId: number; name: string }[]>();
    for (const d of drafts) byEst.set(d.establishmentId, [...(byEst.get(d.establishmentId) ?? []), { entryId: d.entryId, name: d.name }]);
    const estIds = [...byEst.keys()];
    const members = estIds.length
      ? tx
          .select({ est: establishmentMembers.establishmentId, userId: establishmentMembers.userId })
          .from(establishmentMembers)
          .where(inArray(establishmentMembers.establishmentId, estIds))
          .all()
      : [];
    intakeRounds.push({
      ...r,
      producers: estIds.map((id) => ({ establishmentId: id, userIds: members.filter((m) => m.est === id).map((m) => m.userId), products: byEst.get(id)! })),
    });
  }

  const scoringRounds: ScoringRoundSnapshot[] = [];
  for (const r of tx.select().from(rounds).where(eq(rounds.status, "scoring")).orderBy(asc(rounds.id)).all()) {
    const stage = currentStage(r, tx);
    if (isStageClosed(r.id, stage, tx)) continue;
    const deadline = stageDeadline(r, stage);
    if (!deadline) continue;
    const left = daysBetween(today, deadline);
    if (left < 0 || left > MAX_THRESHOLD) continue; // nothing due: spare the assignment computation
    scoringRounds.push({ id: r.id, title: r.title, stage, scoringStages: r.scoringStages, deadline, judges: judgeSheetCounts(r.id, stage, tx) });
  }

  const waiting = tx
    .select({
      entryId: entries.id,
      roundId: entries.roundId,
      roundTitle: rounds.title,
      bodyId: rounds.bodyId,
      dossierNo: entries.dossierNo,
      productName: products.name,
      establishmentName: establishments.name,
      answerBy: entries.answerBy,
    })
    .from(entries)
    .innerJoin(rounds, eq(rounds.id, entries.roundId))
    .innerJoin(products, eq(products.id, entries.productId))
    .innerJoin(establishments, eq(establishments.id, entries.establishmentId))
    .where(
      and(
        // Through the rounds where intake may still go on, so that the (round, status) index serves the read.
        inArray(entries.roundId, tx.select({ id: rounds.id }).from(rounds).where(inArray(rounds.status, ["open", "intake_closed", "scoring"]))),
        eq(entries.status, "submitted"),
        gte(entries.answerBy, today),
        lte(entries.answerBy, addDays(today, WAITING_LOOKAHEAD_DAYS)),
      ),
    )
    .orderBy(asc(entries.id))
    .all();
  const staff = new Map<number, string[]>();
  const waitingEntries: WaitingEntrySnapshot[] = waiting.map(({ bodyId, ...e }) => {
    if (!staff.has(bodyId)) staff.set(bodyId, bodyUserIds(tx, bodyId));
    return { ...e, organizerUserIds: staff.get(bodyId)! };
  });

  const holidayList = waitingEntries.length ? tx.select({ d: holidays.date }).from(holidays).all().map((h) => h.d) : [];
  return { holidays: holidayList, intakeRounds, scoringRounds, waitingEntries };
}

/* ------------------------------------------------------------------ */
/* Delivery                                                            */
/* ------------------------------------------------------------------ */

/**
 * Sends one reminder unless its key was sent before: the key, the notices and the queued emails
 * are written in one IMMEDIATE transaction. Returns whether it was sent now and the mail ids to
 * deliver after the commit.
 */
export function deliverReminder(r: DueReminder, via: "schedule" | "manual", now = new Date()): { sent: boolean; mailIds: number[] } {
  return db.transaction(
    (tx) => {
      const inserted = tx
        .insert(reminderDeliveries)
        .values({ key: r.key, kind: r.kind, roundId: r.roundId, userId: r.userId, via, sentAt: now })
        .onConflictDoNothing({ target: reminderDeliveries.key })
        .run();
      if (inserted.changes === 0) return { sent: false, mailIds: [] };
      const mailIds = notifyUsers(tx, r.recipients, { kind: `reminder.${r.kind}`, title: r.title, body: r.body, link: r.link });
      return { sent: true, mailIds };
    },
    { behavior: "immediate" },
  );
}

export interface DeliveryTally {
  due: number;
  sent: number;
  already: number;
  failed: number;
  mailIds: number[];
  errors: string[];
}

/** Delivers each reminder (each once); one failing does not stop the others. */
export function deliverAll(list: DueReminder[], via: "schedule" | "manual", now = new Date()): DeliveryTally {
  const t: DeliveryTally = { due: list.length, sent: 0, already: 0, failed: 0, mailIds: [], errors: [] };
  for (const r of list) {
    try {
      const d = deliverReminder(r, via, now);
      if (d.sent) {
        t.sent++;
        t.mailIds.push(...d.mailIds);
      } else t.already++;
    } catch (e) {
      t.failed++;
      if (t.errors.length < 3) t.errors.push(`${r.key}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return t;
}

/* ------------------------------------------------------------------ */
/* Runs                                                                */
/* ------------------------------------------------------------------ */

export type RunOutcome =
  | { status: "done"; runId: number; sent: number; due: number; already: number }
  | { status: "error"; runId: number; sent: number; detail: string }
  | { status: "skipped"; runId: number; detail: string };

/**
 * Starts a run of the task: in one IMMEDIATE transaction, records runs left "running" for too long
 * as errors, then either records this one as running or, when another process is running the task
 * now, as skipped.
 */
function claimRun(task: string): { runId: number; skipped: string | null } {
  return db.transaction(
    (tx) => {
      const now = new Date();
      tx.update(schedulerRuns)
        .set({ status: "error", detail: "Bị gián đoạn: tiến trình dừng trước khi chạy xong.", finishedAt: now })
        .where(and(eq(schedulerRuns.task, task), eq(schedulerRuns.status, "running"), lt(schedulerRuns.startedAt, new Date(now.getTime() - RUN_STALE_MS))))
        .run();
      const other = tx
        .select({ worker: schedulerRuns.worker, startedAt: schedulerRuns.startedAt })
        .from(schedulerRuns)
        .where(and(eq(schedulerRuns.task, task), eq(schedulerRuns.status, "running")))
        .orderBy(desc(schedulerRuns.startedAt))
        .get();
      const skipped = other ? `Tiến trình ${other.worker} đang chạy việc này.` : null;
      const row = tx
        .insert(schedulerRuns)
        .values({ task, worker: state.workerId, status: skipped ? "skipped" : "running", sent: 0, detail: skipped, startedAt: now, finishedAt: skipped ? now : null })
        .returning({ id: schedulerRuns.id })
        .get();
      return { runId: row.id, skipped };
    },
    { behavior: "immediate" },
  );
}

function finishRun(runId: number, set: { status: "done" | "error"; sent: number; detail: string | null }) {
  db.update(schedulerRuns).set({ ...set, finishedAt: new Date() }).where(eq(schedulerRuns.id, runId)).run();
}

function pruneRuns(task: string) {
  db.delete(schedulerRuns)
    .where(and(eq(schedulerRuns.task, task), lt(schedulerRuns.startedAt, new Date(Date.now() - RUN_KEEP_DAYS * 86_400_000))))
    .run();
}

/**
 * One run of the reminders task at `now` (the schedule's clock; the run's own bookkeeping uses the
 * real one): reads the database, sends what is due and not sent before, records the run.
 */
export async function runRemindersOnce(now = new Date()): Promise<RunOutcome> {
  let claim: { runId: number; skipped: string | null };
  try {
    claim = claimRun(REMINDERS_TASK);
  } catch (e) {
    // SQLITE_BUSY past the busy timeout: nothing recorded; the next tick tries again.
    console.error("[lịch chạy] Không bắt đầu được lượt nhắc hạn:", e instanceof Error ? e.message : e);
    return { status: "skipped", runId: 0, detail: "Cơ sở dữ liệu đang bận." };
  }
  if (claim.skipped) return { status: "skipped", runId: claim.runId, detail: claim.skipped };
  let tally: DeliveryTally | undefined;
  try {
    const due = dueReminders(reminderSnapshot(now), now);
    tally = deliverAll(due, "schedule");
    const detail = `${tally.due} nhắc đến hạn: ${tally.sent} gửi lần này, ${tally.already} đã gửi trước đó${tally.failed ? `, ${tally.failed} lỗi (${tally.errors.join("; ")})` : ""}.`;
    finishRun(claim.runId, { status: tally.failed ? "error" : "done", sent: tally.sent, detail });
    try {
      pruneRuns(REMINDERS_TASK);
    } catch {
      /* the next run prunes */
    }
    await deliverMail(tally.mailIds);
    return tally.failed
      ? { status: "error", runId: claim.runId, sent: tally.sent, detail }
      : { status: "done", runId: claim.runId, sent: tally.sent, due: tally.due, already: tally.already };
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    console.error("[lịch chạy] Lượt nhắc hạn lỗi:", e);
    try {
      finishRun(claim.runId, { status: "error", sent: tally?.sent ?? 0, detail });
    } catch {
      /* left running: recorded as interrupted by a later run */
    }
    if (tally?.mailIds.length) await deliverMail(tally.mailIds).catch(() => undefined);
    return { status: "error", runId: claim.runId, sent: tally?.sent ?? 0, detail };
  }
}

/* ------------------------------------------------------------------ */
/* The "Nhắc giám khảo" button                                         */
/* ------------------------------------------------------------------ */

/** A refusal the page shows (status + Vietnamese message). */
export class ReminderError extends Error {
  constructor(
    message: string,
    public status = 409,
    public field = "_form",
  ) {
    super(message);
  }
}

export interface ManualReminderResult {
  stage: number;
  /** Judges with unsubmitted sheets in the stage. */
  behind: number;
  /** Reminded now. */
  sent: number;
  /** Already reminded today (by this button). */
  already: number;
  /** Judges with unsubmitted sheets but no account yet (invitation not accepted): not reminded. */
  noAccount: number;
}

/**
 * Reminds now, in the app and by email, every judge of the round's stage with unsubmitted sheets
 * (the organizer's "Nhắc giám khảo"): once per judge, stage and day (key per day, via "manual"),
 * so pressing again the same day reminds only those not reminded yet. One transaction for the
 * keys, the notices, the mails and the audit entry. 404 for a round the organizer may not manage.
 */
export async function remindJudgesNow(p: Principal, roundId: number, stageParam: number | null, ip: string | null, now = new Date()): Promise<ManualReminderResult> {
  const { round } = getRoundForOrganizer(p, roundId, { manage: true });
  if (round.status !== "scoring") throw new ReminderError("Kỳ bình chọn không ở giai đoạn chấm điểm: không có gì để nhắc giám khảo.");
  const stage = clampStage(round, stageParam);
  if (isStageClosed(round.id, stage)) throw new ReminderError(`Đợt chấm ${stage} đã kết thúc: không nhắc giám khảo nữa.`);
  const deadline = stageDeadline(round, stage);
  const today = todayInVietnam(now);
  const daysLeft = deadline ? daysBetween(today, deadline) : null;
  const title = round.scoringStages > 1 ? `${round.title} (đợt ${stage})` : round.title;
  const { result, mailIds } = db.transaction(
    (tx) => {
      const behind = judgeSheetCounts(round.id, stage, tx).filter((j) => j.notStarted + j.draft > 0);
      const r: ManualReminderResult = { stage, behind: behind.length, sent: 0, already: 0, noAccount: 0 };
      const mails: number[] = [];
      for (const j of behind) {
        if (!j.userId) {
          r.noAccount++;
          continue;
        }
        const inserted = tx
          .insert(reminderDeliveries)
          .values({ key: manualJudgeKey(round.id, j.memberId, stage, now), kind: "judge-manual", roundId: round.id, userId: j.userId, via: "manual", sentAt: now })
          .onConflictDoNothing({ target: reminderDeliveries.key })
          .run();
        if (inserted.changes === 0) {
          r.already++;
          continue;
        }
        r.sent++;
        mails.push(
          ...notifyUsers(tx, [j.userId], {
            kind: "reminder.judge-manual",
            title: `Nhắc chấm điểm: ${round.title}`,
            body: `Cơ quan tổ chức nhắc: ${judgeBody(title, deadline, daysLeft != null && daysLeft >= 0 ? daysLeft : null, j)}`,
            link: `/giam-khao/vong/${round.id}`,
          }),
        );
      }
      audit(tx, { actorUserId: p.userId, action: "reminder.judges", objectType: "round", objectId: round.id, data: { ...r }, ip });
      return { result: r, mailIds: mails };
    },
    { behavior: "immediate" },
  );
  await deliverMail(mailIds);
  return result;
}

/* ------------------------------------------------------------------ */
/* Starting                                                            */
/* ------------------------------------------------------------------ */

/**
 * Whether this process runs the scheduler: REMINDERS=off turns it off, REMINDERS=on forces it on;
 * unset, it runs except under vitest (test processes and the servers they start inherit VITEST,
 * and a reminder sent at start would add notices and mails the tests do not expect).
 */
export function schedulerEnabled(env: Record<string, string | undefined> = process.env): boolean {
  const v = (env.REMINDERS ?? "").trim().toLowerCase();
  if (v === "off" || v === "0" || v === "false") return false;
  if (v === "on" || v === "1" || v === "true") return true;
  return !env.VITEST;
}

/**
 * Starts this process's scheduler (idempotent): a croner job every 5 minutes (Vietnam time), never
 * overlapping itself (protect), plus one run at once so a restart catches up without waiting.
 */
export function startScheduler(opts: { pattern?: string; runNow?: boolean } = {}): void {
  if (state.cron || !schedulerEnabled()) return;
  state.cron = new Cron(
    opts.pattern ?? REMINDERS_CRON,
    {
      name: `cnnt-${REMINDERS_TASK}`,
      timezone: VN_TZ,
      protect: true,
      unref: true,
      catch: (e) => console.error("[lịch chạy] Lỗi:", e instanceof Error ? e.message : e),
    },
    async () => {
      await runRemindersOnce();
    },
  );
  if (opts.runNow ?? true) void state.cron.trigger();
}

/** Stops this process's scheduler (tests, shutdown). */
export function stopScheduler(): void {
  state.cron?.stop();
  state.cron = null;
}

/* ------------------------------------------------------------------ */
/* Admin view                                                          */
/* ------------------------------------------------------------------ */

export const RUNS_PAGE_SIZE = 50;

export function schedulerOverview(page: number) {
  const total = db.select({ n: sql<number>`count(*)` }).from(schedulerRuns).get()!.n;
  const pages = Math.max(1, Math.ceil(total / RUNS_PAGE_SIZE));
  const p = Math.min(Math.max(1, page), pages);
  const runs = db
    .select()
    .from(schedulerRuns)
    .orderBy(desc(schedulerRuns.startedAt), desc(schedulerRuns.id))
    .limit(RUNS_PAGE_SIZE)
    .offset((p - 1) * RUNS_PAGE_SIZE)
    .all();
  const deliveries = db
    .select({
      key: reminderDeliveries.key,
      kind: reminderDeliveries.kind,
      via: reminderDeliveries.via,
      sentAt: reminderDeliveries.sentAt,
      roundId: reminderDeliveries.roundId,
      roundTitle: rounds.title,
      who: users.fullName,
    })
    .from(reminderDeliveries)
    .leftJoin(rounds, eq(rounds.id, reminderDeliveries.roundId))
    .leftJoin(users, eq(users.id, reminderDeliveries.userId))
    .orderBy(desc(reminderDeliveries.sentAt), desc(reminderDeliveries.key))
    .limit(30)
    .all();
  const last = db.select().from(schedulerRuns).where(eq(schedulerRuns.status, "done")).orderBy(desc(schedulerRuns.startedAt)).get();
  return {
    runs,
    page: p,
    pages,
    total,
    lastDone: last ?? null,
    running: !!state.cron,
    pattern: REMINDERS_CRON,
    nextRun: state.cron?.nextRun()?.toISOString() ?? null,
    deliveries,
  };
}
