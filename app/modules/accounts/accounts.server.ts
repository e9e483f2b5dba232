import crypto from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import {
  adminUnits,
  establishmentMembers,
  establishments,
  passwordResetTokens,
  users,
} from "~db/schema";
import {
  dummyPasswordHash,
  endAllSessions,
  hashPassword,
  verifyPassword,
} from "~/lib/auth.server";
import { db, type DbOrTx } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { deliverMail, queueMail } from "~/lib/mail.server";
import { normaliseEmail } from "~/lib/text";
import { audit } from "~/modules/audit/audit.server";
import { RESET_TOKEN_MINUTES, type SignUpInput } from "./accounts";

export class AccountError extends Error {
  constructor(
    public field: string,
    message: string,
  ) {
    super(message);
  }
}

export function newId(): string {
  return crypto.randomBytes(15).toString("base64url"); // 20 chars, 120 bits
}

export function findUserByEmail(email: string, tx: DbOrTx = db) {
  return tx.select().from(users).where(eq(users.email, normaliseEmail(email))).get();
}

/**
 * Producer sign-up: the establishment and its first user (owner), in one transaction.
 * Throws AccountError("email") when the email is taken, ("provinceId") for an unknown province.
 */
export async function signUpProducer(input: SignUpInput, ip: string | null = null): Promise<{ userId: string; establishmentId: number }> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction((tx) => {
    if (findUserByEmail(input.email, tx)) {
      throw new AccountError("email", "Email này đã có tài khoản. Hãy đăng nhập hoặc dùng chức năng quên mật khẩu.");
    }
    const province = tx.select().from(adminUnits).where(eq(adminUnits.id, input.provinceId)).get();
    if (!province || province.level !== "province") {
      throw new AccountError("provinceId", "Tỉnh, thành phố đã chọn không tồn tại.");
    }
    const userId = newId();
    tx.insert(users)
      .values({ id: userId, email: input.email, passwordHash, fullName: input.fullName, phone: input.phone || null })
      .run();
    const est = tx
      .insert(establishments)
      .values({
        legalType: input.legalType,
        name: input.establishmentName,
        provinceId: province.id,
        unitId: province.id,
        phone: input.phone || null,
        email: input.email,
        representative: input.fullName,
      })
      .returning({ id: establishments.id })
      .get();
    tx.insert(establishmentMembers).values({ establishmentId: est.id, userId, role: "owner" }).run();
    audit(tx, { actorUserId: userId, action: "account.sign_up", objectType: "establishment", objectId: est.id, ip });
    return { userId, establishmentId: est.id };
  });
}

/** Checks an email and password. Takes the same time whether or not the account exists. */
export async function authenticate(email: string, password: string) {
  const user = findUserByEmail(email);
  if (!user || !user.passwordHash) {
    await verifyPassword(await dummyPasswordHash(), password, { mayRefuse: true });
    return null;
  }
  if (!(await verifyPassword(user.passwordHash, password, { mayRefuse: true }))) return null;
  if (user.status !== "active") return null;
  return user;
}

/** Changes the password after checking the current one; ends the user's other sessions. */
export async function changePassword(userId: string, current: string, next: string): Promise<void> {
  const user = db.select().from(users).where(eq(users.id, userId)).get();
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, current))) {
    throw new AccountError("currentPassword", "Mật khẩu hiện tại không đúng.");
  }
  const passwordHash = await hashPassword(next);
  db.transaction((tx) => {
    tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, userId)).run();
    audit(tx, { actorUserId: userId, action: "account.change_password", objectType: "user", objectId: userId });
  });
  await endAllSessions(userId);
}

function sha256(s: string) {
  return crypto.createHash("sha256").update(s).digest("hex");
}

/**
 * Sends a one-time reset link when the email has an account. Says nothing either way, so the
 * form cannot be used to find out who has an account. A new link makes the earlier unused ones
 * stop working. Returns the token for tests and scripts. (Throttled at the route: throttle.server.ts.)
 */
export async function requestPasswordReset(email: string, now = new Date()): Promise<string | null> {
  const user = findUserByEmail(email);
  if (!user || user.status !== "active") return null;
  const { token, mailId } = db.transaction((tx) => {
    const issued = issueResetLink(tx, user, now);
    audit(tx, { actorUserId: user.id, action: "account.request_reset", objectType: "user", objectId: user.id });
    return issued;
  });
  await deliverMail([mailId]);
  return token;
}

/**
 * Inside the caller's transaction: a new one-time reset token for the user (the older unused
 * ones stop working) and the mail with its link, queued. The caller audits and, after commit,
 * delivers the mail. Shared by "forgot password" and the admin's "send a reset link".
 */
export function issueResetLink(tx: DbOrTx, user: { id: string; email: string; fullName: string }, now = new Date()): { token: string; mailId: number } {
  const token = crypto.randomBytes(32).toString("base64url");
  const link = `${env().publicBaseUrl}/dat-lai-mat-khau/${token}`;
  // A new link replaces the older ones: only the newest mail works.
  tx.update(passwordResetTokens)
    .set({ usedAt: now })
    .where(and(eq(passwordResetTokens.userId, user.id), isNull(passwordResetTokens.usedAt)))
    .run();
  tx.insert(passwordResetTokens)
    .values({
      tokenHash: sha256(token),
      userId: user.id,
      expiresAt: new Date(now.getTime() + RESET_TOKEN_MINUTES * 60_000),
      createdAt: now,
    })
    .run();
  const mailId = queueMail(tx, {
    to: user.email,
    subject: "Đặt lại mật khẩu - Bình chọn sản phẩm CNNT tiêu biểu",
    text:
      `Xin chào ${user.fullName},\n\n` +
      `Có yêu cầu đặt lại mật khẩu cho tài khoản ${user.email}. Mở liên kết sau trong ${RESET_TOKEN_MINUTES} phút để đặt mật khẩu mới (liên kết chỉ dùng được một lần):\n\n${link}\n\n` +
      `Nếu bạn không yêu cầu, hãy bỏ qua thư này; mật khẩu của bạn không thay đổi.`,
  });
  return { token, mailId };
}

/** The reset token's user if the token is unused and unexpired. */
export function checkResetToken(token: string, now = new Date()) {
  return db
    .select({ userId: passwordResetTokens.userId, email: users.email })
    .from(passwordResetTokens)
    .innerJoin(users, eq(users.id, passwordResetTokens.userId))
    .where(
      and(
        eq(passwordResetTokens.tokenHash, sha256(token)),
        isNull(passwordResetTokens.usedAt),
        gt(passwordResetTokens.expiresAt, now),
      ),
    )
    .get();
}

const RESET_LINK_GONE = "Liên kết đặt lại mật khẩu không còn hiệu lực (đã dùng hoặc đã hết hạn). Hãy yêu cầu liên kết mới.";

/** Sets a new password from a reset link; the link works once. Ends every session of the user. */
export async function resetPassword(token: string, password: string, now = new Date()): Promise<string> {
  // A dead link is refused before hashing (a flood of bogus links costs no argon2); the claim
  // below still decides, so a race between two uses lets only one through.
  if (!checkResetToken(token, now)) throw new AccountError("_form", RESET_LINK_GONE);
  const passwordHash = await hashPassword(password);
  const userId = db.transaction((tx) => {
    // Claim the token first: a second use (or a race) updates no row.
    const claimed = tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(passwordResetTokens.tokenHash, sha256(token)),
          isNull(passwordResetTokens.usedAt),
          gt(passwordResetTokens.expiresAt, now),
        ),
      )
      .returning({ userId: passwordResetTokens.userId })
      .get();
    if (!claimed) {
      throw new AccountError("_form", RESET_LINK_GONE);
    }
    tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, claimed.userId)).run();
    audit(tx, { actorUserId: claimed.userId, action: "account.reset_password", objectType: "user", objectId: claimed.userId });
    return claimed.userId;
  });
  await endAllSessions(userId);
  return userId;
}

/** Creates (or promotes) a system administrator. Used by the first-start env and scripts. */
export async function ensureSystemAdmin(email: string, password: string, fullName = "Quản trị hệ thống"): Promise<{ userId: string; created: boolean }> {
  const existing = findUserByEmail(email);
  if (existing) {
    if (!existing.isSystemAdmin) {
      db.update(users).set({ isSystemAdmin: true }).where(eq(users.id, existing.id)).run();
    }
    return { userId: existing.id, created: false };
  }
  const passwordHash = await hashPassword(password);
  const userId = newId();
  db.transaction((tx) => {
    tx.insert(users)
      .values({ id: userId, email: normaliseEmail(email), passwordHash, fullName, isSystemAdmin: true })
      .run();
    audit(tx, { actorUserId: null, action: "account.create_admin", objectType: "user", objectId: userId });
  });
  return { userId, created: true };
}

/** What a locked account is told at log-in (only after the right password, so it reveals nothing to a guesser). */
export const LOCKED_ACCOUNT_MESSAGE =
  "Tài khoản này đã bị quản trị hệ thống khóa nên không đăng nhập được. Nếu bạn cho rằng đây là nhầm lẫn, hãy liên hệ cơ quan vận hành (thông tin ở chân trang).";

/**
 * Log-in check that tells a locked account apart: `{ user }` when the email and password are right
 * and the account is active, `{ locked: true }` when they are right but the account is locked,
 * null otherwise (same timing as `authenticate`).
 */
export async function checkLogIn(email: string, password: string): Promise<{ user: typeof users.$inferSelect } | { locked: true } | null> {
  const user = findUserByEmail(email);
  if (!user || !user.passwordHash) {
    await verifyPassword(await dummyPasswordHash(), password, { mayRefuse: true });
    return null;
  }
  if (!(await verifyPassword(user.passwordHash, password, { mayRefuse: true }))) return null;
  return user.status === "active" ? { user } : { locked: true };
}
