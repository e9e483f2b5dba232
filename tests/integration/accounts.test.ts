import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, establishmentMembers, establishments, mailOutbox, passwordResetTokens, sessions, users } from "~db/schema";
import { lucia, readSession, startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { SignUpSchema } from "~/modules/accounts/accounts";
import {
  AccountError,
  authenticate,
  changePassword,
  checkResetToken,
  requestPasswordReset,
  resetPassword,
  signUpProducer,
} from "~/modules/accounts/accounts.server";
import { action as signUpAction } from "~/routes/dang-ky";
import { action as logInAction } from "~/routes/dang-nhap";
import { loader as resetLoader } from "~/routes/dat-lai-mat-khau.$token";
import { createUser, PASSWORD, province, requestWithCookie } from "../helpers/fixtures";

function form(data: Record<string, string>) {
  return new URLSearchParams(data);
}

const signUpForm = (email: string) => ({
  fullName: "Nguyễn Thị Hoa",
  email,
  phone: "0912 345 678",
  password: "matkhau123",
  passwordConfirm: "matkhau123",
  establishmentName: "Hợp tác xã Mây tre đan Phú Vinh",
  legalType: "cooperative",
  provinceId: String(province("01").id),
});

describe("producer sign-up", () => {
  it("creates the user, the establishment and the owner membership, and starts a session", async () => {
    const res = await signUpAction({
      request: new Request("http://localhost:3999/dang-ky", { method: "POST", body: form(signUpForm("hoa@example.vn")) }),
      params: {},
      context: {},
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/co-so?welcome=1");
    const cookie = res.headers.get("Set-Cookie");
    expect(cookie).toMatch(/^cnnt_session=/);
    const user = db.select().from(users).where(eq(users.email, "hoa@example.vn")).get()!;
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    const member = db.select().from(establishmentMembers).where(eq(establishmentMembers.userId, user.id)).get()!;
    expect(member.role).toBe("owner");
    const est = db.select().from(establishments).where(eq(establishments.id, member.establishmentId)).get()!;
    expect(est.name).toBe("Hợp tác xã Mây tre đan Phú Vinh");
    expect(est.phone).toBe("0912345678");
    const s = await readSession(requestWithCookie("/", cookie));
    expect(s.user?.email).toBe("hoa@example.vn");
    expect(db.select().from(auditLog).where(eq(auditLog.action, "account.sign_up")).all()).toHaveLength(1);
  });

  it("answers bad input with 400, field messages and the typed values kept, writing nothing", async () => {
    const before = db.select().from(users).all().length;
    const res = await signUpAction({
      request: new Request("http://localhost:3999/dang-ky", {
        method: "POST",
        body: form({ ...signUpForm("not-an-email"), password: "123", passwordConfirm: "123" }),
      }),
      params: {},
      context: {},
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.errors.email).toMatch(/Email không đúng định dạng/);
    expect(body.errors.password).toMatch(/ít nhất 8/);
    expect(body.values.establishmentName).toBe("Hợp tác xã Mây tre đan Phú Vinh");
    expect(body.values.password).toBeUndefined();
    expect(db.select().from(users).all()).toHaveLength(before);
  });

  it("refuses a taken email with 409 and leaves no half-written establishment", async () => {
    const before = db.select().from(establishments).all().length;
    const res = await signUpAction({
      request: new Request("http://localhost:3999/dang-ky", { method: "POST", body: form(signUpForm("HOA@example.vn")) }),
      params: {},
      context: {},
    });
    expect(res.status).toBe(409);
    expect((await res.json()).errors.email).toMatch(/đã có tài khoản/);
    expect(db.select().from(establishments).all()).toHaveLength(before);
  });

  it("refuses a province that does not exist", async () => {
    await expect(
      signUpProducer(SignUpSchema.parse({ ...signUpForm("x@example.vn"), provinceId: "999999" })),
    ).rejects.toThrow(AccountError);
    expect(db.select().from(users).where(eq(users.email, "x@example.vn")).get()).toBeUndefined();
  });
});

describe("log in and sessions", () => {
  it("logs in with the right password only", async () => {
    await createUser("lan@example.vn");
    expect(await authenticate("lan@example.vn", PASSWORD)).toBeTruthy();
    expect(await authenticate("LAN@example.vn ", PASSWORD)).toBeTruthy();
    expect(await authenticate("lan@example.vn", "sai-mat-khau")).toBeNull();
    expect(await authenticate("nobody@example.vn", PASSWORD)).toBeNull();

    const bad = await logInAction({
      request: new Request("http://localhost:3999/dang-nhap", { method: "POST", body: form({ email: "lan@example.vn", password: "sai" }) }),
      params: {},
      context: {},
    });
    expect(bad.status).toBe(401);
    expect((await bad.json()).errors._form).toBe("Email hoặc mật khẩu không đúng.");

    const ok = await logInAction({
      request: new Request("http://localhost:3999/dang-nhap", {
        method: "POST",
        body: form({ email: "lan@example.vn", password: PASSWORD, next: "//evil.example/x" }),
      }),
      params: {},
      context: {},
    });
    expect(ok.status).toBe(302);
    // An off-site "next" is ignored: the user lands on its own home.
    expect(ok.headers.get("Location")).toBe("/tai-khoan");
  });

  it("a disabled user cannot log in and its sessions stop working", async () => {
    const id = await createUser("khoa@example.vn");
    const cookie = await startSession(id);
    db.update(users).set({ status: "disabled" }).where(eq(users.id, id)).run();
    expect(await authenticate("khoa@example.vn", PASSWORD)).toBeNull();
    expect((await readSession(requestWithCookie("/", cookie))).user).toBeNull();
  });

  it("an expired session is refused and removed", async () => {
    const id = await createUser("het-han@example.vn");
    const cookie = await startSession(id);
    expect((await readSession(requestWithCookie("/", cookie))).user?.id).toBe(id);
    const sessionId = lucia.readSessionCookie(cookie.split(";")[0]!)!;
    db.update(sessions).set({ expiresAt: Math.floor(Date.now() / 1000) - 1 }).where(eq(sessions.id, sessionId)).run();
    const s = await readSession(requestWithCookie("/", cookie));
    expect(s.user).toBeNull();
    expect(s.setCookie).toMatch(/Max-Age=0/);
    expect(db.select().from(sessions).where(eq(sessions.id, sessionId)).get()).toBeUndefined();
  });

  it("changing the password checks the current one and ends other sessions", async () => {
    const id = await createUser("doi@example.vn");
    const other = await startSession(id);
    await expect(changePassword(id, "sai-mat-khau", "matkhau-moi-1")).rejects.toThrow("Mật khẩu hiện tại không đúng.");
    await changePassword(id, PASSWORD, "matkhau-moi-1");
    expect((await readSession(requestWithCookie("/", other))).user).toBeNull();
    expect(await authenticate("doi@example.vn", "matkhau-moi-1")).toBeTruthy();
  });
});

describe("password reset", () => {
  it("mails a link to the outbox; the token works once", async () => {
    const id = await createUser("quen@example.vn");
    const session = await startSession(id);
    const token = (await requestPasswordReset("quen@example.vn"))!;
    const mail = db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, "quen@example.vn")).get()!;
    expect(mail.transport).toBe("outbox");
    expect(mail.textBody).toContain(`http://localhost:3999/dat-lai-mat-khau/${token}`);
    // Only the hash of the token is stored.
    expect(db.select().from(passwordResetTokens).all().some((t) => t.tokenHash === token)).toBe(false);
    expect(checkResetToken(token)?.email).toBe("quen@example.vn");

    await resetPassword(token, "matkhau-moi-2");
    expect(await authenticate("quen@example.vn", "matkhau-moi-2")).toBeTruthy();
    expect((await readSession(requestWithCookie("/", session))).user).toBeNull();

    await expect(resetPassword(token, "matkhau-moi-3")).rejects.toThrow(/không còn hiệu lực/);
    expect(await authenticate("quen@example.vn", "matkhau-moi-3")).toBeNull();
    const page = await resetLoader({ request: new Request(`http://localhost:3999/dat-lai-mat-khau/${token}`), params: { token }, context: {} });
    expect(page.status).toBe(410);
  });

  it("an expired token is refused", async () => {
    await createUser("cu@example.vn");
    const past = new Date(Date.now() - 2 * 60 * 60_000);
    const token = (await requestPasswordReset("cu@example.vn", past))!;
    expect(checkResetToken(token)).toBeUndefined();
    await expect(resetPassword(token, "matkhau-moi-4")).rejects.toThrow(AccountError);
    expect(await authenticate("cu@example.vn", PASSWORD)).toBeTruthy();
  });

  it("a new link makes the earlier unused ones stop working", async () => {
    await createUser("hai-lan@example.vn");
    const first = (await requestPasswordReset("hai-lan@example.vn"))!;
    const second = (await requestPasswordReset("hai-lan@example.vn"))!;
    expect(checkResetToken(first)).toBeUndefined();
    expect(checkResetToken(second)?.email).toBe("hai-lan@example.vn");
    await expect(resetPassword(first, "matkhau-moi-5")).rejects.toThrow(/không còn hiệu lực/);
    await resetPassword(second, "matkhau-moi-5");
    expect(await authenticate("hai-lan@example.vn", "matkhau-moi-5")).toBeTruthy();
  });

  it("says nothing about unknown emails and sends nothing", async () => {
    const before = db.select().from(mailOutbox).all().length;
    expect(await requestPasswordReset("khong-ton-tai@example.vn")).toBeNull();
    expect(db.select().from(mailOutbox).all()).toHaveLength(before);
  });
});
