/**
 * The API's request quota per client address: a plain "N requests per minute" window on the
 * shared `throttles` table (one row per address, key "api:ip:<address>"), with the rule functions
 * of app/modules/throttle/throttle.ts and the clock of throttle.server.ts (tests move it; nothing
 * sleeps). Kept in SQLite like the other throttles, so the count holds across server processes.
 *
 * API_RATE_LIMIT_PER_MINUTE sets N (default 120).
 */
import { and, eq, like, lt } from "drizzle-orm";
import { throttles } from "~db/schema";
import { db } from "~/lib/db.server";
import { attempt, MINUTE, retryAfterSeconds, type ThrottleRule, type ThrottleState } from "~/modules/throttle/throttle";
import { throttleNow } from "~/modules/throttle/throttle.server";

export const DEFAULT_API_RATE = 120;

export function apiRule(): ThrottleRule {
  const n = Number(process.env.API_RATE_LIMIT_PER_MINUTE);
  const limit = Number.isInteger(n) && n > 0 ? n : DEFAULT_API_RATE;
  // lockMs 0: once the limit is reached, refused until the window ends (a plain quota).
  return { limit, windowMs: MINUTE, lockMs: 0, maxLockMs: 0 };
}

export type Quota =
  | { allowed: true; limit: number; remaining: number; resetSeconds: number }
  | { allowed: false; limit: number; retryAfterSeconds: number; until: Date };

let lastPrune = 0;

/** Counts one request of this address; refuses (without counting) while its quota is used up. */
export function takeApiRequest(ip: string | null, now: Date = throttleNow()): Quota {
  const rule = apiRule();
  const t = now.getTime();
  const key = `api:ip:${ip?.trim() || "unknown"}`;
  return db.transaction(
    (tx) => {
      if (t - lastPrune > MINUTE) {
        lastPrune = t;
        // Windows last a minute: rows idle for an hour are of no use any more.
        tx.delete(throttles).where(and(like(throttles.key, "api:ip:%"), lt(throttles.updatedAt, new Date(t - 60 * MINUTE)))).run();
      }
      const row = tx.select().from(throttles).where(eq(throttles.key, key)).get();
      const state: ThrottleState | null = row
        ? { count: row.count, windowStart: row.windowStart.getTime(), blockedUntil: row.blockedUntil ? row.blockedUntil.getTime() : null }
        : null;
      const step = attempt(state, t, rule);
      if (!step.allowed) {
        const until = t + step.retryAfterMs;
        return { allowed: false as const, limit: rule.limit, retryAfterSeconds: retryAfterSeconds(until, t), until: new Date(until) };
      }
      const values = {
        count: step.state.count,
        windowStart: new Date(step.state.windowStart),
        blockedUntil: step.state.blockedUntil == null ? null : new Date(step.state.blockedUntil),
        updatedAt: now,
      };
      tx.insert(throttles).values({ key, ...values }).onConflictDoUpdate({ target: throttles.key, set: values }).run();
      const windowEnd = step.state.windowStart + rule.windowMs;
      return {
        allowed: true as const,
        limit: rule.limit,
        remaining: Math.max(0, rule.limit - step.state.count),
        resetSeconds: retryAfterSeconds(windowEnd, t),
      };
    },
    { behavior: "immediate" },
  );
}
