/**
 * Brute-force guard through the real route actions on the real test database: log-in per account
 * and per address, sign-up, reset mails (limited, newest link only, silent per account), reset by
 * link, invitation acceptance. The throttle's clock is moved forward instead of sleeping.
 */
import path from "node:path";
import Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { bodyStaff, establishments, mailOutbox, throttles, users } from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { CLIENT_IP_HEADER } from "~/lib/http.server";
import { checkResetToken, findUserByEmail } from "~/modules/accounts/accounts.server";
import { issueInvitation } from "~/modules/invitations/invitations.server";
import { setThrottleClock } from "~/modules/throttle/throttle.server";
import { action as logInAction } from "~/routes/dang-nhap";
import { action as signUpAction } from "~/routes/dang-ky";
import { action as forgotAction } from "~/routes/quen-mat-khau";
import { action as resetAction } from "~/routes/dat-lai-mat-khau.$token";
import { action as inviteAction } from "~/routes/moi.$token";
import { createBody, createUser, PASSWORD, province } from "../helpers/fixtures";

let now = Date.now();
beforeAll(() => setThrottleClock(() => new Date(now)));
afterAll(() => setThrottleClock(null));
const MIN = 60_000;

type Action = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<Response> | Response;

async function post(action: Action, url: string, fields: Record<string, string>, ip: string | null, opts: { cookie?: string; params?: Record<string, string> } = {}) {
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded" });
  if (ip) headers.set(CLIENT_IP_HEADER, ip);
  if (opts.cookie) headers.set("Cookie", opts.cookie.split(";")[0]!);
  const request = new Request(`http://localhost:3999${url}`, { method: "POST", body: new URLSearchParams(fields), headers });
  let res: Response;
  try {
    res = await action({ request, params: opts.params ?? {}, context: {} });
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    res = thrown;
  }
  const data = res.headers.get("Content-Type")?.includes("json") ? await res.json() : null;
  return { status: res.status, data, retryAfter: res.headers.get("Retry-After"), location: res.headers.get("Location") };
}

const logIn = (email: string, password: string, ip: string | null) => post(logInAction as Action, "/dang-nhap", { email, password }, ip);
const row = (key: string) => db.select().from(throttles).where(eq(throttles.key, key)).get();
const LOCK_MESSAGE = /^Bạn đã thử quá nhiều lần\. Vui lòng thử lại sau \d+ (giây|phút|giờ)( \d+ phút)? \(lúc \d\d:\d\d\)\.$/;

describe("log-in", () => {
  it("30 wrong passwords, then the right one: refused with 429 and Retry-After until the lockout ends", async () => {
    await createUser("lan@throttle.vn");
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const r = await logIn("lan@throttle.vn", `sai-mat-khau-${i}`, "198.51.100.1");
      statuses.push(r.status);
      now += 90; // 30 tries in 2.7 s
    }
    // Five are checked (the fifth uses up the allowance and says so), the other 25 cost no argon2.
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses.slice(4).every((s) => s === 429)).toBe(true);

    const right = await logIn("lan@throttle.vn", PASSWORD, "198.51.100.1");
    expect(right.status).toBe(429);
    expect(Number(right.retryAfter)).toBeGreaterThan(50);
    expect(Number(right.retryAfter)).toBeLessThanOrEqual(60);
    expect(right.data.errors._form).toMatch(LOCK_MESSAGE);
    expect(right.data.email).toBe("lan@throttle.vn");
    // The lock is on the account: another address does not help, and "LAN@…" is the same account.
    expect((await logIn(" LAN@Throttle.vn ", PASSWORD, "203.0.113.9")).status).toBe(429);
    expect(row("login:acct:lan@throttle.vn")!.count).toBe(5);

    now += 61_000;
    const after = await logIn("lan@throttle.vn", PASSWORD, "198.51.100.1");
    expect(after.status).toBe(302);
    // A success starts the account afresh.
    expect(row("login:acct:lan@throttle.vn")).toBeUndefined();
  });

  it("after a lockout one more try is allowed, and a failure doubles the wait", async () => {
    await createUser("tuan@throttle.vn");
    for (let i = 0; i < 5; i++) await logIn("tuan@throttle.vn", "sai-mat-khau", "198.51.100.2");
    now += MIN;
    const sixth = await logIn("tuan@throttle.vn", "sai-mat-khau", "198.51.100.2");
    expect(sixth.status).toBe(429);
    expect(sixth.data.errors._form).toMatch(/^Email hoặc mật khẩu không đúng\. Bạn đã thử quá nhiều lần\. Vui lòng thử lại sau 2 phút/);
    expect(sixth.retryAfter).toBe("120");
    now += 2 * MIN;
    expect((await logIn("tuan@throttle.vn", PASSWORD, "198.51.100.2")).status).toBe(302);
  });

  it("per address: 30 failures over many accounts lock the address, not the accounts elsewhere", async () => {
    await createUser("mai@throttle.vn");
    const ip = "192.0.2.77";
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await logIn(`khach${i}@throttle.vn`, "doan-bua", ip)).status);
    expect(statuses.slice(0, 29).every((s) => s === 401)).toBe(true);
    expect(statuses[29]).toBe(429);
    const fromThere = await logIn("mai@throttle.vn", PASSWORD, ip);
    expect(fromThere.status).toBe(429);
    expect(fromThere.retryAfter).toBe("60");
    expect((await logIn("mai@throttle.vn", PASSWORD, "192.0.2.78")).status).toBe(302);
    // Successes do not count against an address: a shared office can log in all day.
    for (let i = 0; i < 40; i++) expect((await logIn("mai@throttle.vn", PASSWORD, "192.0.2.79")).status).toBe(302);
  });

  it("an unknown address is one shared key", async () => {
    await logIn("ai-do@throttle.vn", "sai", null);
    expect(row("login:ip:unknown")!.count).toBeGreaterThan(0);
  });

  it("the state lives in the database: a fresh connection and a fresh module see the lock", async () => {
    await createUser("hoa@throttle.vn");
    for (let i = 0; i < 5; i++) await logIn("hoa@throttle.vn", "sai-mat-khau", "198.51.100.3");
    // Another connection to the same file (another process would see the same).
    const other = new Database(path.resolve(process.env.DATABASE_URL!), { readonly: true });
    const stored = other.prepare("select count, blocked_until from throttles where key = ?").get("login:acct:hoa@throttle.vn") as { count: number; blocked_until: number };
    other.close();
    expect(stored.count).toBe(5);
    expect(stored.blocked_until).toBeGreaterThan(now);
    // A "restart": the route and the throttle module loaded afresh, no memory carried over.
    vi.resetModules();
    const fresh = await import("~/routes/dang-nhap");
    const throttle = await import("~/modules/throttle/throttle.server");
    throttle.setThrottleClock(() => new Date(now));
    const r = await post(fresh.action as Action, "/dang-nhap", { email: "hoa@throttle.vn", password: PASSWORD }, "198.51.100.3");
    expect(r.status).toBe(429);
    throttle.setThrottleClock(null);
  });

  it("old rows are pruned on the way", async () => {
    db.insert(throttles).values({ key: "login:acct:cu@throttle.vn", count: 3, windowStart: new Date(now - 3 * 86400_000), updatedAt: new Date(now - 3 * 86400_000) }).run();
    await logIn("bat-ky@throttle.vn", "sai", "198.51.100.4");
    expect(row("login:acct:cu@throttle.vn")).toBeUndefined();
  });
});

describe("sign-up", () => {
  const form = (email: string) => ({
    fullName: "Nguyễn Thị Hoa",
    email,
    phone: "",
    password: "matkhau123",
    passwordConfirm: "matkhau123",
    establishmentName: "Hợp tác xã Mây tre",
    legalType: "cooperative",
    provinceId: String(province("01").id),
  });
  const signUp = (email: string, ip: string) => post(signUpAction as Action, "/dang-ky", form(email), ip);

  it("the same email: the fifth try uses up the allowance, the sixth is refused", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await signUp("dk@throttle.vn", "198.51.100.10")).status);
    expect(statuses).toEqual([302, 409, 409, 409, 409, 429]);
  });

  it("20 sign-ups per address per hour; the 21st is refused and makes nothing", async () => {
    const ip = "198.51.100.11";
    for (let i = 0; i < 20; i++) expect((await signUp(`dk${i}@throttle.vn`, ip)).status).toBe(302);
    const before = db.select().from(establishments).all().length;
    const r = await signUp("dk-thu-21@throttle.vn", ip);
    expect(r.status).toBe(429);
    expect(r.data.errors._form).toMatch(LOCK_MESSAGE);
    expect(r.data.values.establishmentName).toBe("Hợp tác xã Mây tre");
    expect(r.data.values.password).toBeUndefined();
    expect(findUserByEmail("dk-thu-21@throttle.vn")).toBeUndefined();
    expect(db.select().from(establishments).all()).toHaveLength(before);
    now += 60 * MIN;
    expect((await signUp("dk-thu-21@throttle.vn", ip)).status).toBe(302);
  });
});

describe("password reset", () => {
  const forgot = (email: string, ip: string) => post(forgotAction as Action, "/quen-mat-khau", { email }, ip);
  const mailsTo = (to: string) => db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, to)).all();
  const tokenOf = (body: string) => /dat-lai-mat-khau\/([\w-]+)/.exec(body)![1]!;

  it("three mails per account per hour, the same answer with or without an account, only the newest link works", async () => {
    await createUser("quen@throttle.vn");
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await forgot("quen@throttle.vn", `198.51.100.${20 + i}`));
    const unknown = [];
    for (let i = 0; i < 5; i++) unknown.push(await forgot("khong-co@throttle.vn", `198.51.100.${30 + i}`));
    for (const a of [...answers, ...unknown]) {
      expect(a.status).toBe(200);
      expect(a.data.sent).toBe(true);
      expect(a.data.errors).toEqual({});
    }
    const mails = mailsTo("quen@throttle.vn");
    expect(mails).toHaveLength(3);
    const tokens = mails.map((m) => tokenOf(m.textBody));
    expect(checkResetToken(tokens[0]!)).toBeUndefined();
    expect(checkResetToken(tokens[1]!)).toBeUndefined();
    expect(checkResetToken(tokens[2]!)?.email).toBe("quen@throttle.vn");
    expect(mailsTo("khong-co@throttle.vn")).toHaveLength(0);

    // The next hour, three more.
    now += 60 * MIN;
    expect((await forgot("quen@throttle.vn", "198.51.100.40")).status).toBe(200);
    expect(mailsTo("quen@throttle.vn")).toHaveLength(4);
  });

  it("20 requests per address per hour, then 429 (the only answer that differs, and it is per address)", async () => {
    const ip = "198.51.100.50";
    for (let i = 0; i < 20; i++) expect((await forgot(`ai${i}@throttle.vn`, ip)).status).toBe(200);
    const r = await forgot("quen@throttle.vn", ip);
    expect(r.status).toBe(429);
    expect(r.retryAfter).toBeTruthy();
    expect(r.data.sent).toBe(false);
    expect(r.data.errors._form).toMatch(LOCK_MESSAGE);
  });

  it("setting a password from dead links: 30 per address, then refused before any hashing", async () => {
    const ip = "198.51.100.60";
    const reset = (token: string) => post(resetAction as Action, `/dat-lai-mat-khau/${token}`, { password: "matkhau-moi-1", passwordConfirm: "matkhau-moi-1" }, ip, { params: { token } });
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await reset(`gia-${i}`)).status);
    expect(statuses.slice(0, 29).every((s) => s === 410)).toBe(true);
    expect(statuses[29]).toBe(429);
    await createUser("datlai@throttle.vn");
    await forgot("datlai@throttle.vn", "198.51.100.61");
    const token = tokenOf(mailsTo("datlai@throttle.vn")[0]!.textBody);
    const locked = await reset(token);
    expect(locked.status).toBe(429);
    expect(checkResetToken(token)).toBeDefined(); // the link still works later
    now += MIN;
    expect((await reset(token)).status).toBe(302);
  });
});

describe("invitation acceptance", () => {
  it("another account's refusals lock that account; dead links lock the address", async () => {
    const body = createBody("Sở Công Thương (thử chặn)", "province", province("24").id);
    const invitedId = await createUser("duoc-moi@throttle.vn");
    const otherId = await createUser("nguoi-khac@throttle.vn");
    const { token } = db.transaction((tx) => issueInvitation(tx, { kind: "staff", email: "duoc-moi@throttle.vn", bodyId: body.id, invitedBy: null }));
    const other = await startSession(otherId);
    const accept = (cookie: string, ip: string) => post(inviteAction as Action, `/moi/${token}`, { intent: "accept" }, ip, { cookie, params: { token } });

    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await accept(other, "198.51.100.70")).status);
    expect(statuses).toEqual([403, 403, 403, 403, 429, 429]);
    // The right person, from the same address, is not held up.
    const ok = await accept(await startSession(invitedId), "198.51.100.70");
    expect(ok.status).toBe(302);
    expect(db.select().from(bodyStaff).where(eq(bodyStaff.userId, invitedId)).get()).toBeDefined();

    const create = (t: string) => post(inviteAction as Action, `/moi/${t}`, { intent: "create", fullName: "Ai đó", password: "matkhau-123", passwordConfirm: "matkhau-123" }, "198.51.100.71", { params: { token: t } });
    const dead: number[] = [];
    for (let i = 0; i < 31; i++) dead.push((await create(`doan-${i}`)).status);
    expect(dead.slice(0, 29).every((s) => s === 410)).toBe(true);
    expect(dead.slice(29)).toEqual([429, 429]);
    expect(db.select().from(users).where(eq(users.fullName, "Ai đó")).all()).toHaveLength(0);
  });
});
