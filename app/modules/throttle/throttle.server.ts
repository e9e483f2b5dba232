/**
 * Brute-force guard on the database: one `throttles` row per key ("login:acct:<email>",
 * "login:ip:<address>"), read and written in one immediate (write-locked) transaction, so the
 * counts hold across processes and survive a restart. No state is kept in memory.
 *
 * How the routes use it:
 *   const who = { email, ip: clientIp(request) };
 *   const refused = reserveAttempt("login", who);        // before any argon2 work
 *   if (refused) return tooManyAttempts(refused, {...});  // 429 + Retry-After
 *   ...work...
 *   on success: attemptSucceeded("login", who);           // account starts afresh, address gets its attempt back
 *   on failure: const lock = lockOf("login", who);        // the failure that used up the allowance → 429
 *
 * Per action, what a success does (see RULES in throttle.ts for the numbers):
 * - login, reset, invitation: the account's row is deleted, the address gets its attempt back
 *   (so only failures count against a shared address);
 * - signup, resetRequest: nothing (every attempt costs a hash or a mail, so every attempt counts).
 */
import { json } from "@remix-run/node";
import { and, eq, inArray, isNull, lt, or } from "drizzle-orm";
import { throttles } from "~db/schema";
import { db, type DbOrTx, type Tx } from "~/lib/db.server";
import { normaliseEmail } from "~/lib/text";
import {
  attempt,
  current,
  release,
  retryAfterSeconds,
  RULES,
  tooManyMessage,
  type ThrottleAction,
  type ThrottleRule,
  type ThrottleState,
} from "./throttle";

/* The clock, replaceable in tests (no sleeping): setThrottleClock(() => new Date(...)). */
let clock: () => Date = () => new Date();
export function setThrottleClock(fn: (() => Date) | null) {
  clock = fn ?? (() => new Date());
}
export function throttleNow(): Date {
  return clock();
}

export interface Who {
  /** The account the attempt is about (any case, spaces): null when there is none (a dead link). */
  email?: string | null;
  /** The client address from clientIp(request); null groups the unknown ones under "ip:unknown". */
  ip: string | null;
}

export interface Refusal {
  /** Which counter refused: the account's or the address's. */
  scope: "account" | "address";
  until: Date;
  retryAfterSeconds: number;
  /** Plain Vietnamese: when to try again. */
  message: string;
}

/** Successes give the attempt back (only failures count) for these actions. */
const FAILURES_ONLY: Record<ThrottleAction, boolean> = {
  login: true,
  reset: true,
  invitation: true,
  signup: false,
  resetRequest: false,
};

interface Counter {
  key: string;
  scope: "account" | "address";
  rule: ThrottleRule;
}

function countersOf(action: ThrottleAction, who: Who): Counter[] {
  const out: Counter[] = [];
  const email = who.email ? normaliseEmail(who.email) : "";
  if (email) out.push({ key: `${action}:acct:${email}`, scope: "account", rule: RULES[action].account });
  out.push({ key: `${action}:ip:${who.ip?.trim() || "unknown"}`, scope: "address", rule: RULES[action].address });
  return out;
}

/** A throttle row's state (shared with other throttles that keep their own keys, e.g. the dossier status lookup). */
export function readThrottle(tx: DbOrTx, key: string): ThrottleState | null {
  const row = tx.select().from(throttles).where(eq(throttles.key, key)).get();
  if (!row) return null;
  return { count: row.count, windowStart: row.windowStart.getTime(), blockedUntil: row.blockedUntil ? row.blockedUntil.getTime() : null };
}

export function writeThrottle(tx: Tx, key: string, s: ThrottleState, now: number) {
  const values = {
    count: s.count,
    windowStart: new Date(s.windowStart),
    blockedUntil: s.blockedUntil == null ? null : new Date(s.blockedUntil),
    updatedAt: new Date(now),
  };
  tx.insert(throttles)
    .values({ key, ...values })
    .onConflictDoUpdate({ target: throttles.key, set: values })
    .run();
}

/** Rows idle for a day are long past any window or lock (at most 60 + 60 min): drop a few per call. */
const PRUNE_AFTER_MS = 24 * 3600_000;
function prune(tx: Tx, now: number) {
  const old = tx
    .select({ key: throttles.key })
    .from(throttles)
    .where(
      and(
        lt(throttles.updatedAt, new Date(now - PRUNE_AFTER_MS)),
        or(isNull(throttles.blockedUntil), lt(throttles.blockedUntil, new Date(now))),
      ),
    )
    .limit(50)
    .all();
  if (old.length) tx.delete(throttles).where(inArray(throttles.key, old.map((r) => r.key))).run();
}

function refusal(scope: Refusal["scope"], until: number, now: number): Refusal {
  return { scope, until: new Date(until), retryAfterSeconds: retryAfterSeconds(until, now), message: tooManyMessage(until, now) };
}

/** The longest wait among the locked counters (the address first when both are locked). */
function worst(locks: { scope: Refusal["scope"]; until: number }[], now: number): Refusal | null {
  if (!locks.length) return null;
  const address = locks.find((l) => l.scope === "address");
  const until = Math.max(...locks.map((l) => l.until));
  return refusal(address ? "address" : "account", until, now);
}

/**
 * Reserves one attempt on the account and address counters, before any costly work. Returns the
 * refusal when either is locked (nothing is counted then), null when the attempt may go ahead.
 */
export function reserveAttempt(action: ThrottleAction, who: Who, now: Date = clock()): Refusal | null {
  const t = now.getTime();
  const counters = countersOf(action, who);
  return db.transaction(
    (tx) => {
      prune(tx, t);
      const states = counters.map((c) => ({ c, state: readThrottle(tx, c.key) }));
      const steps = states.map(({ c, state }) => ({ c, step: attempt(state, t, c.rule) }));
      const locked = steps.flatMap(({ c, step }) => (step.allowed ? [] : [{ scope: c.scope, until: t + step.retryAfterMs }]));
      if (locked.length) return worst(locked, t);
      for (const { c, step } of steps) writeThrottle(tx, c.key, step.state, t);
      return null;
    },
    { behavior: "immediate" },
  );
}

/** The lock now in force on the account or the address, if any (after a failure: was it the last free one?). */
export function lockOf(action: ThrottleAction, who: Who, now: Date = clock()): Refusal | null {
  const t = now.getTime();
  const locks = countersOf(action, who).flatMap((c) => {
    const s = current(readThrottle(db, c.key), t, c.rule);
    return s.blockedUntil != null && s.blockedUntil > t ? [{ scope: c.scope, until: s.blockedUntil }] : [];
  });
  return worst(locks, t);
}

/**
 * A success: for log-in, reset and invitations the account's counter starts afresh and the
 * address gets its reserved attempt back; for sign-up and reset mails every attempt stays counted.
 */
export function attemptSucceeded(action: ThrottleAction, who: Who, now: Date = clock()): void {
  if (!FAILURES_ONLY[action]) return;
  const t = now.getTime();
  db.transaction(
    (tx) => {
      for (const c of countersOf(action, who)) {
        if (c.scope === "account") {
          tx.delete(throttles).where(eq(throttles.key, c.key)).run();
          continue;
        }
        const next = release(readThrottle(tx, c.key), t, c.rule);
        if (next) writeThrottle(tx, c.key, next, t);
        else tx.delete(throttles).where(eq(throttles.key, c.key)).run();
      }
    },
    { behavior: "immediate" },
  );
}

/**
 * The 429 answer: the message under `errors._form` (where the forms show errors, after `prefix`
 * such as "Email hoặc mật khẩu không đúng."), what the form keeps in `extra`, and Retry-After.
 */
export function tooManyAttempts<T extends Record<string, unknown>>(r: Refusal, extra: T, prefix?: string, headers: Record<string, string> = {}) {
  return json(
    { ...extra, errors: { _form: prefix ? `${prefix} ${r.message}` : r.message } as Record<string, string>, retryAt: r.until.toISOString() },
    { status: 429, headers: { ...headers, "Retry-After": String(r.retryAfterSeconds) } },
  );
}
