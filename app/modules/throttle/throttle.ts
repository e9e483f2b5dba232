/**
 * Brute-force guard: the rule, as pure functions over plain numbers (milliseconds since the epoch).
 * The database side (one row per key in `throttles`) is in throttle.server.ts.
 *
 * Every guarded action counts attempts per key (one key per account, one per client address):
 *
 * - An attempt is *reserved* before the costly work (argon2, sending a mail), so a burst of parallel
 *   requests cannot slip past the count, and a locked-out client costs no hashing at all.
 * - A window opens at the first attempt. The first `limit` attempts in it are free; the attempt
 *   that reaches `limit` locks the key:
 *   - with back-off (`lockMs` > 0) for `lockMs`, doubling with each further attempt allowed after a
 *     lock ends, up to `maxLockMs`; the streak is forgotten `windowMs` after the last lock ends;
 *   - without back-off (`lockMs` = 0) until the window ends (a plain "N per hour" quota).
 * - While a key is locked every attempt is refused and not counted.
 * - A success may give the attempt back (`release`) or start the account afresh (the caller deletes
 *   the row): see the actions' table in throttle.server.ts.
 */

export interface ThrottleRule {
  /** Attempts allowed in one window before the key locks (the one reaching the limit still runs). */
  limit: number;
  windowMs: number;
  /** First lockout; doubles with each attempt after a lock, up to maxLockMs. 0: locked until the window ends. */
  lockMs: number;
  maxLockMs: number;
}

export interface ThrottleState {
  /** Attempts counted in the current window (or streak). */
  count: number;
  windowStart: number;
  /** No attempt before this instant; null when not locked. */
  blockedUntil: number | null;
}

export const MINUTE = 60_000;

/** The state at `now`: an old window (or a streak quiet for a whole window after its lock) is forgotten. */
export function current(state: ThrottleState | null | undefined, now: number, rule: ThrottleRule): ThrottleState {
  if (!state) return { count: 0, windowStart: now, blockedUntil: null };
  const locked = state.blockedUntil != null && state.blockedUntil > now;
  if (!locked && now >= state.windowStart + rule.windowMs) return { count: 0, windowStart: now, blockedUntil: null };
  return state;
}

/** How long to wait before the next attempt, in ms (0 when free). */
export function retryAfterMs(state: ThrottleState | null | undefined, now: number, rule: ThrottleRule): number {
  const s = current(state, now, rule);
  return s.blockedUntil != null && s.blockedUntil > now ? s.blockedUntil - now : 0;
}

/** The lockout after the `excess`-th attempt beyond the free ones (0 = the attempt reaching the limit). */
export function lockFor(excess: number, rule: ThrottleRule): number {
  const doublings = Math.min(Math.max(excess, 0), 30);
  return Math.min(rule.lockMs * 2 ** doublings, rule.maxLockMs);
}

export type Attempt = { allowed: true; state: ThrottleState } | { allowed: false; state: ThrottleState; retryAfterMs: number };

/**
 * One attempt at `now`: refused (and not counted) while the key is locked; otherwise counted, and
 * the key locks when the count reaches the limit. The returned state is what to store.
 */
export function attempt(state: ThrottleState | null | undefined, now: number, rule: ThrottleRule): Attempt {
  const s = current(state, now, rule);
  if (s.blockedUntil != null && s.blockedUntil > now) {
    return { allowed: false, state: s, retryAfterMs: s.blockedUntil - now };
  }
  const count = s.count + 1;
  if (count < rule.limit) return { allowed: true, state: { count, windowStart: s.windowStart, blockedUntil: null } };
  if (rule.lockMs > 0) {
    const until = now + lockFor(count - rule.limit, rule);
    // The streak goes on while attempts keep coming within a window of the lock's end.
    return { allowed: true, state: { count, windowStart: until, blockedUntil: until } };
  }
  return { allowed: true, state: { count, windowStart: s.windowStart, blockedUntil: s.windowStart + rule.windowMs } };
}

/**
 * Gives back one counted attempt (a success that should not count against a shared address).
 * The lock goes when the count falls below the limit again. Null: nothing left to store.
 */
export function release(state: ThrottleState | null | undefined, now: number, rule: ThrottleRule): ThrottleState | null {
  const s = current(state, now, rule);
  const count = Math.max(0, s.count - 1);
  if (count === 0 && (s.blockedUntil == null || s.blockedUntil <= now)) return null;
  return { count, windowStart: s.windowStart, blockedUntil: count < rule.limit ? null : s.blockedUntil };
}

/** "2 phút", "45 giây", "1 giờ 5 phút": the wait, rounded up, in plain Vietnamese. */
export function waitInWords(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} giây`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} phút`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} giờ ${m} phút` : `${h} giờ`;
}

const CLOCK = new Intl.DateTimeFormat("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/** "10:42" in Vietnam's time zone. */
export function clockTime(at: number): string {
  const parts = CLOCK.formatToParts(new Date(at));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("hour")}:${get("minute")}`;
}

/** "Bạn đã thử quá nhiều lần. Vui lòng thử lại sau 2 phút (lúc 10:42)." */
export function tooManyMessage(until: number, now: number): string {
  // Rounded up to the minute so that "lúc 10:42" is never too early.
  return `Bạn đã thử quá nhiều lần. Vui lòng thử lại sau ${waitInWords(until - now)} (lúc ${clockTime(until + 59_999)}).`;
}

/** Retry-After header value: whole seconds, at least 1. */
export function retryAfterSeconds(until: number, now: number): number {
  return Math.max(1, Math.ceil((until - now) / 1000));
}

export type ThrottleAction = "login" | "signup" | "resetRequest" | "reset" | "invitation";

/** The rules in force: per account (normalised email) and per client address. */
export const RULES: Record<ThrottleAction, { account: ThrottleRule; address: ThrottleRule }> = {
  // Log-in: 5 tries per account per 15 min, 30 per address, then 1 min doubling to 60 min.
  login: {
    account: { limit: 5, windowMs: 15 * MINUTE, lockMs: MINUTE, maxLockMs: 60 * MINUTE },
    address: { limit: 30, windowMs: 15 * MINUTE, lockMs: MINUTE, maxLockMs: 60 * MINUTE },
  },
  // Sign-up (each costs an argon2 hash and makes an account): 5 per email per 15 min with back-off,
  // 20 per address per hour.
  signup: {
    account: { limit: 5, windowMs: 15 * MINUTE, lockMs: MINUTE, maxLockMs: 60 * MINUTE },
    address: { limit: 20, windowMs: 60 * MINUTE, lockMs: 0, maxLockMs: 0 },
  },
  // Reset mails: 3 per account per hour (silently: the answer must not tell who has an account),
  // 20 requests per address per hour.
  resetRequest: {
    account: { limit: 3, windowMs: 60 * MINUTE, lockMs: 0, maxLockMs: 0 },
    address: { limit: 20, windowMs: 60 * MINUTE, lockMs: 0, maxLockMs: 0 },
  },
  // Setting a password from a reset link: dead links count against the address.
  reset: {
    account: { limit: 5, windowMs: 15 * MINUTE, lockMs: MINUTE, maxLockMs: 60 * MINUTE },
    address: { limit: 30, windowMs: 15 * MINUTE, lockMs: MINUTE, maxLockMs: 60 * MINUTE },
  },
  // Accepting an invitation: refusals (dead link, wrong account) count.
  invitation: {
    account: { limit: 5, windowMs: 15 * MINUTE, lockMs: MINUTE, maxLockMs: 60 * MINUTE },
    address: { limit: 30, windowMs: 15 * MINUTE, lockMs: MINUTE, maxLockMs: 60 * MINUTE },
  },
};
