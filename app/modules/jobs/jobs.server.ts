/**
 * Background jobs stored in the `jobs` table, so that they survive a restart and run once across
 * server processes sharing the database.
 *
 * - A job is enqueued inside the caller's own transaction (with the rows it will work on), one
 *   unfinished job per (kind, subject): asking again returns the unfinished one.
 * - A worker claims a job in an IMMEDIATE transaction (SQLite's write lock: exactly one process
 *   wins), setting `locked_by` to this process's id and `lease_until` to now + LEASE_MS. It renews
 *   the lease with every progress report and on a heartbeat while it works; every write is
 *   conditional on still holding the job, so a worker that lost its lease stops at its next step.
 * - A job is claimable when queued, or running with an expired lease, or running under a holder
 *   known to be dead: same host, and either that process id no longer exists or it is this very
 *   process id under another worker id (a restarted container where the server is always pid 1).
 *   So after a crash the restarted server resumes at once instead of waiting for the lease.
 * - Handlers must be idempotent per step (a step may run twice if a worker dies after doing it and
 *   before reporting it); they report progress after each step.
 * - `startJobRunner` polls every second with one small indexed read (jobs_status) and claims only
 *   when something is claimable; `kickJobs` starts work at once in this process.
 */
import crypto from "node:crypto";
import os from "node:os";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { jobs } from "~db/schema";
import { db, type DbOrTx } from "~/lib/db.server";

export type JobRow = typeof jobs.$inferSelect;
export type JobKind = JobRow["kind"];
export type JobStatus = JobRow["status"];

export const LEASE_MS = 30_000;
const HEARTBEAT_MS = 10_000;
const UNFINISHED: JobStatus[] = ["queued", "running"];

/** Thrown by `progress` when this worker no longer holds the job (another one took it over). */
export class LeaseLost extends Error {
  constructor(jobId: number) {
    super(`job ${jobId}: lease lost`);
  }
}

export interface JobContext {
  job: JobRow;
  /** Records progress (and optionally a new total) and renews the lease; throws LeaseLost. */
  progress(done: number, total?: number): void;
}

export type JobHandler = (ctx: JobContext) => Promise<void>;

interface RunnerState {
  workerId: string;
  handlers: Map<JobKind, JobHandler>;
  draining: Promise<void> | null;
  again: boolean;
  poller: NodeJS.Timeout | null;
  /** Jobs this process is working on now. */
  active: Set<number>;
}

declare global {
  // eslint-disable-next-line no-var
  var __cnntJobRunner: RunnerState | undefined;
}

const state: RunnerState = (globalThis.__cnntJobRunner ??= {
  workerId: `${os.hostname()}:${process.pid}:${crypto.randomBytes(6).toString("hex")}`,
  handlers: new Map(),
  draining: null,
  again: false,
  poller: null,
  active: new Set(),
});

/** This process's worker id (host:pid:random). */
export function workerId(): string {
  return state.workerId;
}

export function registerJobHandler(kind: JobKind, handler: JobHandler): void {
  state.handlers.set(kind, handler);
}

/* ------------------------------------------------------------------ */
/* Enqueueing and reading                                              */
/* ------------------------------------------------------------------ */

/** The unfinished (queued or running) job of this kind for this subject, if any. */
export function unfinishedJob(kind: JobKind, subject: string, tx: DbOrTx = db): JobRow | undefined {
  return tx
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, kind), eq(jobs.subject, subject), inArray(jobs.status, UNFINISHED)))
    .orderBy(asc(jobs.id))
    .get();
}

/** The most recent job of this kind for this subject, if any. */
export function latestJob(kind: JobKind, subject: string, tx: DbOrTx = db): JobRow | undefined {
  return tx.select().from(jobs).where(and(eq(jobs.kind, kind), eq(jobs.subject, subject))).orderBy(desc(jobs.id)).get();
}

export function jobById(id: number, tx: DbOrTx = db): JobRow | undefined {
  return tx.select().from(jobs).where(eq(jobs.id, id)).get();
}

/**
 * Inserts a job inside the caller's (write) transaction, or returns the unfinished one of the same
 * kind and subject. A job with nothing to do (`total` 0) is recorded as done at once.
 */
export function enqueueJob(
  tx: DbOrTx,
  input: { kind: JobKind; subject: string; payload?: Record<string, unknown>; total: number; requestedBy: string | null },
): { job: JobRow; created: boolean } {
  const open = unfinishedJob(input.kind, input.subject, tx);
  if (open) return { job: open, created: false };
  const now = new Date();
  const empty = input.total <= 0;
  const job = tx
    .insert(jobs)
    .values({
      kind: input.kind,
      subject: input.subject,
      payload: input.payload ?? null,
      total: Math.max(0, input.total),
      done: 0,
      status: empty ? "done" : "queued",
      requestedBy: input.requestedBy,
      startedAt: empty ? now : null,
      finishedAt: empty ? now : null,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
  return { job, created: true };
}

/* ------------------------------------------------------------------ */
/* Claiming                                                            */
/* ------------------------------------------------------------------ */

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether the holder of a lease is known to be gone (it ran on this host and its process is not). */
export function holderIsDead(lockedBy: string | null): boolean {
  if (!lockedBy) return true;
  if (lockedBy === state.workerId) return false;
  const m = /^(.*):(\d+):([0-9a-f]+)$/.exec(lockedBy);
  if (!m || m[1] !== os.hostname()) return false;
  const pid = Number(m[2]);
  if (pid === process.pid) return true; // an earlier process with our pid (restarted container)
  return !pidAlive(pid);
}

type Candidate = Pick<JobRow, "id" | "kind" | "status" | "lockedBy" | "leaseUntil">;

function claimable(j: Candidate, now: number): boolean {
  if (!state.handlers.has(j.kind)) return false;
  if (j.status === "queued") return true;
  if (j.status !== "running") return false;
  if (state.active.has(j.id)) return false; // being worked on in this process
  if (j.lockedBy === state.workerId) return true; // ours but abandoned (a failed final write)
  return !j.leaseUntil || j.leaseUntil.getTime() < now || holderIsDead(j.lockedBy);
}

function candidates(tx: DbOrTx = db): Candidate[] {
  return tx
    .select({ id: jobs.id, kind: jobs.kind, status: jobs.status, lockedBy: jobs.lockedBy, leaseUntil: jobs.leaseUntil })
    .from(jobs)
    .where(inArray(jobs.status, UNFINISHED))
    .orderBy(asc(jobs.id))
    .limit(50)
    .all();
}

/** Whether any job could be claimed now (one small read; no write lock). */
export function hasClaimableJob(now = Date.now()): boolean {
  return candidates().some((j) => claimable(j, now));
}

/** Claims the oldest claimable job for this process, or returns undefined. */
export function claimJob(now = new Date()): JobRow | undefined {
  return db.transaction(
    (tx) => {
      const next = candidates(tx).find((j) => claimable(j, now.getTime()));
      if (!next) return undefined;
      return tx
        .update(jobs)
        .set({
          status: "running",
          lockedBy: state.workerId,
          leaseUntil: new Date(now.getTime() + LEASE_MS),
          startedAt: sql`coalesce(${jobs.startedAt}, ${now.getTime()})`,
          updatedAt: now,
        })
        .where(eq(jobs.id, next.id))
        .returning()
        .get();
    },
    { behavior: "immediate" },
  );
}

/* ------------------------------------------------------------------ */
/* Running                                                             */
/* ------------------------------------------------------------------ */

function held(id: number) {
  return and(eq(jobs.id, id), eq(jobs.lockedBy, state.workerId), eq(jobs.status, "running"));
}

function renew(id: number, set: Partial<Pick<JobRow, "done" | "total">> = {}): boolean {
  const now = new Date();
  const r = db
    .update(jobs)
    .set({ ...set, leaseUntil: new Date(now.getTime() + LEASE_MS), updatedAt: now })
    .where(held(id))
    .run();
  return r.changes > 0;
}

function finish(id: number, status: "done" | "error", error: string | null): void {
  const now = new Date();
  try {
    db.update(jobs).set({ status, error, finishedAt: now, lockedBy: null, leaseUntil: null, updatedAt: now }).where(held(id)).run();
  } catch (e) {
    // Left running under our lease: claimed again (by us or another process) once it expires.
    console.error(`[việc nền] Không ghi được kết thúc của việc #${id}:`, e instanceof Error ? e.message : e);
  }
}

/** Runs one claimed job to its end (done or error), or until its lease is lost. */
export async function runJob(job: JobRow): Promise<void> {
  const handler = state.handlers.get(job.kind);
  if (!handler) return finish(job.id, "error", `không có bộ xử lý cho loại việc ${job.kind}`);
  state.active.add(job.id);
  let lost = false;
  const heartbeat = setInterval(() => {
    try {
      if (!renew(job.id)) lost = true;
    } catch {
      /* the database is busy: try again on the next beat */
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const ctx: JobContext = {
    job,
    progress(done, total) {
      if (lost || !renew(job.id, total == null ? { done } : { done, total })) {
        lost = true;
        throw new LeaseLost(job.id);
      }
    },
  };
  try {
    await handler(ctx);
    if (!lost) finish(job.id, "done", null);
  } catch (e) {
    if (e instanceof LeaseLost || lost) return;
    console.error(`[việc nền] Việc #${job.id} (${job.kind}) lỗi:`, e);
    finish(job.id, "error", e instanceof Error ? e.message : String(e));
  } finally {
    clearInterval(heartbeat);
    state.active.delete(job.id);
  }
}

/**
 * Claims and runs claimable jobs in this process until none is left. Calls made while a drain is
 * under way return that drain (which checks again before it ends).
 */
export function drainJobs(): Promise<void> {
  if (state.draining) {
    state.again = true;
    return state.draining;
  }
  state.draining = (async () => {
    // Start after this assignment: a drain that finds nothing would otherwise end synchronously,
    // clear `draining` before it is set, and leave a settled promise there for ever. And start on
    // a turn of the event loop of its own, not in the request that enqueued the job (its
    // transaction and the job's first steps would otherwise run as one long task).
    await new Promise<void>((r) => setImmediate(r));
    try {
      do {
        state.again = false;
        for (;;) {
          let job: JobRow | undefined;
          try {
            job = claimJob();
          } catch (e) {
            // SQLITE_BUSY past the busy timeout: leave it to the next poll.
            console.error("[việc nền] Không nhận được việc:", e instanceof Error ? e.message : e);
            break;
          }
          if (!job) break;
          await runJob(job);
        }
      } while (state.again);
    } finally {
      state.draining = null;
    }
  })();
  return state.draining;
}

/** Starts work on claimable jobs soon, in this process (does not wait). */
export function kickJobs(): void {
  setImmediate(() => {
    void drainJobs();
  });
}

/**
 * Starts the poller of this process (idempotent): resumes unfinished jobs at once and then checks
 * every `pollMs` for new or abandoned ones.
 */
export function startJobPoller(opts: { pollMs?: number } = {}): void {
  if (state.poller) return;
  const pollMs = opts.pollMs ?? 1_000;
  const tick = () => {
    if (state.draining) return;
    try {
      if (hasClaimableJob()) void drainJobs();
    } catch (e) {
      console.error("[việc nền] Lỗi khi kiểm tra việc:", e instanceof Error ? e.message : e);
    }
  };
  state.poller = setInterval(tick, pollMs);
  state.poller.unref();
  tick();
}

/** Stops the poller (tests). Work under way finishes its current step. */
export function stopJobPoller(): void {
  if (state.poller) clearInterval(state.poller);
  state.poller = null;
}
