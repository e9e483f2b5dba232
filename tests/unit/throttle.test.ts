/** The brute-force rule on a fake clock: free allowance, lockout doubling to a cap, plain quotas. */
import { describe, expect, it } from "vitest";
import {
  attempt,
  clockTime,
  current,
  lockFor,
  MINUTE,
  release,
  retryAfterMs,
  retryAfterSeconds,
  RULES,
  tooManyMessage,
  waitInWords,
  type ThrottleRule,
  type ThrottleState,
} from "~/modules/throttle/throttle";

const login = RULES.login.account; // 5 per 15 min, then 1 min doubling to 60 min

/** A fake clock and one key, driven through the rule as the server does. */
function run(rule: ThrottleRule, start = Date.UTC(2026, 4, 12, 3, 0, 0)) {
  let now = start;
  let state: ThrottleState | null = null;
  return {
    try() {
      const r = attempt(state, now, rule);
      if (r.allowed) state = r.state;
      return r;
    },
    release() {
      state = release(state, now, rule);
    },
    wait(ms: number) {
      now += ms;
    },
    get state() {
      return state;
    },
    get now() {
      return now;
    },
    get retry() {
      return retryAfterMs(state, now, rule);
    },
  };
}

describe("log-in rule (per account)", () => {
  it("allows five attempts, then locks for one minute", () => {
    const k = run(login);
    for (let i = 1; i <= 4; i++) {
      expect(k.try().allowed).toBe(true);
      expect(k.retry).toBe(0);
    }
    expect(k.try().allowed).toBe(true); // the fifth runs and locks the account
    expect(k.retry).toBe(MINUTE);
    const refused = k.try();
    expect(refused).toMatchObject({ allowed: false, retryAfterMs: MINUTE });
    // Refused attempts are not counted.
    expect(k.state!.count).toBe(5);
  });

  it("30 tries in 2.7 seconds get five through; the rest wait", () => {
    const k = run(login);
    let allowed = 0;
    for (let i = 0; i < 30; i++) {
      if (k.try().allowed) allowed++;
      k.wait(90);
    }
    expect(allowed).toBe(5);
    expect(k.retry).toBeGreaterThan(57_000);
  });

  it("doubles the lockout with each attempt after a lock, up to 60 minutes", () => {
    const k = run(login);
    for (let i = 0; i < 5; i++) k.try();
    const locks: number[] = [];
    for (let i = 0; i < 9; i++) {
      const wait = k.retry;
      locks.push(wait / MINUTE);
      k.wait(wait - 1);
      expect(k.try().allowed).toBe(false); // one millisecond early: still locked
      k.wait(1);
      expect(k.try().allowed).toBe(true);
    }
    expect(locks).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it("forgets a streak 15 minutes after its lock ends", () => {
    const k = run(login);
    for (let i = 0; i < 5; i++) k.try();
    k.wait(MINUTE);
    k.try(); // sixth: locked 2 minutes
    expect(k.retry).toBe(2 * MINUTE);
    k.wait(2 * MINUTE + 15 * MINUTE - 1);
    expect(current(k.state, k.now, login).count).toBe(6); // still the same streak
    k.wait(1);
    expect(current(k.state, k.now, login)).toEqual({ count: 0, windowStart: k.now, blockedUntil: null });
    for (let i = 0; i < 4; i++) expect(k.try().allowed).toBe(true);
    expect(k.retry).toBe(0);
  });

  it("a window of four slow failures starts again after 15 minutes", () => {
    const k = run(login);
    for (let i = 0; i < 4; i++) {
      k.try();
      k.wait(3 * MINUTE);
    }
    k.wait(3 * MINUTE); // 15 minutes after the first
    k.try();
    expect(k.state!.count).toBe(1);
    expect(k.retry).toBe(0);
  });

  it("never overflows, whatever the count", () => {
    expect(lockFor(1_000_000, login)).toBe(60 * MINUTE);
    expect(lockFor(-3, login)).toBe(MINUTE);
  });
});

describe("per address: successes given back", () => {
  it("only failures count: a success releases its attempt and lifts a lock it caused", () => {
    const address = RULES.login.address; // 30 per 15 min
    const k = run(address);
    for (let i = 0; i < 29; i++) k.try();
    k.try(); // the 30th locks...
    expect(k.retry).toBe(MINUTE);
    k.release(); // ...but it was a success
    expect(k.retry).toBe(0);
    expect(k.state!.count).toBe(29);
    expect(k.try().allowed).toBe(true);
    expect(k.retry).toBe(MINUTE);
  });

  it("releasing the only attempt leaves nothing to store", () => {
    const k = run(RULES.login.address);
    k.try();
    k.release();
    expect(k.state).toBeNull();
  });
});

describe("plain quotas (no back-off)", () => {
  it("three reset mails per account per hour, the next hour three more", () => {
    const k = run(RULES.resetRequest.account);
    expect([k.try(), k.try(), k.try()].every((r) => r.allowed)).toBe(true);
    k.wait(10 * MINUTE);
    const r = k.try();
    expect(r).toMatchObject({ allowed: false, retryAfterMs: 50 * MINUTE });
    k.wait(50 * MINUTE);
    expect([k.try(), k.try(), k.try()].every((x) => x.allowed)).toBe(true);
    expect(k.try().allowed).toBe(false);
  });
});

describe("words and headers", () => {
  it("says how long and until when, in Vietnam's time", () => {
    const now = Date.UTC(2026, 4, 12, 3, 40, 10); // 10:40:10 in Hà Nội
    expect(tooManyMessage(now + 2 * MINUTE, now)).toBe("Bạn đã thử quá nhiều lần. Vui lòng thử lại sau 2 phút (lúc 10:43).");
    expect(tooManyMessage(now + 90_500, now)).toBe("Bạn đã thử quá nhiều lần. Vui lòng thử lại sau 2 phút (lúc 10:42).");
    expect(waitInWords(30_000)).toBe("30 giây");
    expect(waitInWords(60 * MINUTE)).toBe("1 giờ");
    expect(waitInWords(65 * MINUTE)).toBe("1 giờ 5 phút");
    expect(clockTime(Date.UTC(2026, 4, 12, 17, 5))).toBe("00:05");
    expect(retryAfterSeconds(now + 1500, now)).toBe(2);
    expect(retryAfterSeconds(now, now)).toBe(1);
  });
});
