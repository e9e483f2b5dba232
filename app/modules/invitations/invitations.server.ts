/**
 * Invitations by email link: staff of an organizing body ("staff"), members of a round's council
 * ("judge") and members of a producer's establishment ("member"). Only the SHA-256 of the token is
 * stored (like password reset links); a link works once and for INVITATION_DAYS days. Accepting
 * creates the account (name and password) or, when the email already has one, links that account
 * after the person logs in as themselves: nobody is attached to anything without their consent.
 */
import crypto from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import { bodyStaff, councilMembers, councils, establishmentMembers, establishments, invitations, organizingBodies, rounds, users } from "~db/schema";
import { hashPassword } from "~/lib/auth.server";
import { db, type DbOrTx, type Tx } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { queueMail } from "~/lib/mail.server";
import { normaliseEmail } from "~/lib/text";
import { findUserByEmail, newId } from "~/modules/accounts/accounts.server";
import { audit } from "~/modules/audit/audit.server";
import { INVITATION_DAYS } from "./invitations";

/** A refusal the person can act on, with its HTTP status and the form field it concerns. */
export class InvitationError extends Error {
  constructor(
    message: string,
    public status = 400,
    public field = "_form",
  ) {
    super(message);
  }
}

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export function invitationLink(token: string): string {
  return `${env().publicBaseUrl}/moi/${token}`;
}

const ROLE_NAMES: Record<string, string> = {
  chair: "Chủ tịch Hội đồng",
  vice_chair: "Phó Chủ tịch Hội đồng",
  secretary: "Thư ký Hội đồng",
  member: "Thành viên Hội đồng",
};

export type InvitationKind = (typeof invitations.$inferSelect)["kind"];

export interface NewInvitation {
  kind: InvitationKind;
  email: string;
  bodyId?: number | null;
  councilMemberId?: number | null;
  establishmentId?: number | null;
  invitedBy: string | null;
  /** How the mail greets the person (the name the inviter typed); "Xin chào," without it. */
  greetingName?: string | null;
}

const DAY = new Intl.DateTimeFormat("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", day: "2-digit", month: "2-digit", year: "numeric" });
function formatDay(d: Date): string {
  return DAY.format(d);
}

/**
 * Records an invitation and queues its email, inside the caller's transaction. Earlier pending
 * invitations for the same body or council seat and email stop working. Returns the token (for
 * tests and scripts) and the mail id to deliver after commit.
 */
export function issueInvitation(tx: Tx, inv: NewInvitation, now = new Date()): { token: string; mailId: number; invitationId: number } {
  const email = normaliseEmail(inv.email);
  const token = crypto.randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86400_000);
  // One live link per seat: a new invitation replaces the previous one.
  const seat =
    inv.kind === "staff"
      ? and(eq(invitations.kind, "staff"), eq(invitations.bodyId, inv.bodyId ?? -1), eq(invitations.email, email))
      : inv.kind === "member"
        ? and(eq(invitations.kind, "member"), eq(invitations.establishmentId, inv.establishmentId ?? -1), eq(invitations.email, email))
        : and(eq(invitations.kind, "judge"), eq(invitations.councilMemberId, inv.councilMemberId ?? -1));
  tx.update(invitations)
    .set({ expiresAt: now })
    .where(and(seat, isNull(invitations.acceptedAt), gt(invitations.expiresAt, now)))
    .run();
  const row = tx
    .insert(invitations)
    .values({
      tokenHash: hashToken(token),
      email,
      kind: inv.kind,
      bodyId: inv.bodyId ?? null,
      councilMemberId: inv.councilMemberId ?? null,
      establishmentId: inv.establishmentId ?? null,
      invitedBy: inv.invitedBy,
      expiresAt,
      createdAt: now,
    })
    .returning({ id: invitations.id })
    .get();
  const what = describeSeat(tx, inv.kind, inv.bodyId ?? null, inv.councilMemberId ?? null, inv.establishmentId ?? null);
  const exists = !!findUserByEmail(email, tx);
  const inviter = inv.kind === "member" && inv.invitedBy ? tx.select().from(users).where(eq(users.id, inv.invitedBy)).get() : undefined;
  const mailId = queueMail(tx, {
    to: email,
    subject: inv.kind === "member" ? `Lời mời tham gia cơ sở ${what.title}` : `Lời mời tham gia ${what.title}`,
    text:
      `Xin chào${inv.greetingName ? ` ${inv.greetingName}` : ""},\n\n` +
      (inv.kind === "member"
        ? `${inviter ? `${inviter.fullName} (${inviter.email})` : "Một cơ sở sản xuất"} mời bạn làm thành viên của cơ sở "${what.title}" trên hệ thống Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu, để ${what.detail}.\n` +
          `Bạn chỉ trở thành thành viên khi tự mở liên kết dưới đây và nhận lời mời.\n\n`
        : `Bạn được mời làm ${what.role} – ${what.title}${what.detail ? ` (${what.detail})` : ""} trên hệ thống Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu.\n\n`) +
      `Mở liên kết sau để nhận lời mời${exists ? " (đăng nhập bằng tài khoản " + email + ")" : " và đặt mật khẩu cho tài khoản của bạn"}:\n\n${invitationLink(token)}\n\n` +
      `Liên kết dùng được một lần, đến hết ngày ${formatDay(expiresAt)}.\n` +
      `Nếu bạn không liên quan, hãy bỏ qua thư này.\n\n— Hệ thống bình chọn sản phẩm CNNT tiêu biểu`,
  });
  audit(tx, {
    actorUserId: inv.invitedBy,
    action: "invitation.create",
    ...auditObject(inv.kind, inv.bodyId ?? null, inv.councilMemberId ?? null, inv.establishmentId ?? null),
    data: { email, invitationId: row.id, expiresAt: expiresAt.toISOString() },
  });
  return { token, mailId, invitationId: row.id };
}

/** What the audit rows of an invitation point at. */
function auditObject(kind: InvitationKind, bodyId: number | null, memberId: number | null, establishmentId: number | null) {
  if (kind === "staff") return { objectType: "organizing_body", objectId: bodyId };
  if (kind === "member") return { objectType: "establishment", objectId: establishmentId };
  return { objectType: "council_member", objectId: memberId };
}

/** What an invitation is for, in words: "cán bộ" of a body, a council seat of a round, a member of an establishment. */
function describeSeat(tx: DbOrTx, kind: InvitationKind, bodyId: number | null, memberId: number | null, establishmentId: number | null = null) {
  if (kind === "member") {
    const est = establishmentId ? tx.select().from(establishments).where(eq(establishments.id, establishmentId)).get() : undefined;
    return {
      role: "thành viên của cơ sở",
      title: est?.name ?? "cơ sở sản xuất",
      detail: "cùng quản lý thông tin cơ sở, sản phẩm và hồ sơ dự thi" as string | null,
    };
  }
  if (kind === "staff") {
    const body = bodyId ? tx.select().from(organizingBodies).where(eq(organizingBodies.id, bodyId)).get() : undefined;
    return { role: "cán bộ", title: body?.name ?? "cơ quan tổ chức", detail: null as string | null };
  }
  const m = memberId
    ? tx
        .select({ role: councilMembers.role, isJudge: councilMembers.isJudge, council: councils.name, round: rounds.title })
        .from(councilMembers)
        .innerJoin(councils, eq(councils.id, councilMembers.councilId))
        .innerJoin(rounds, eq(rounds.id, councils.roundId))
        .where(eq(councilMembers.id, memberId))
        .get()
    : undefined;
  if (!m) return { role: "thành viên", title: "Hội đồng bình chọn", detail: null as string | null };
  return {
    role: `${ROLE_NAMES[m.role] ?? "Thành viên Hội đồng"}${m.isJudge ? ", giám khảo chấm điểm" : ""}`,
    title: m.council,
    detail: m.round,
  };
}

export type InvitationState = "valid" | "used" | "expired" | "unknown";

/** The invitation behind a link, and whether it still works. Says nothing beyond "unknown" otherwise. */
export function describeInvitation(token: string, now = new Date()) {
  const inv = token ? db.select().from(invitations).where(eq(invitations.tokenHash, hashToken(token))).get() : undefined;
  if (!inv) return { state: "unknown" as InvitationState };
  const state: InvitationState = inv.acceptedAt ? "used" : inv.expiresAt.getTime() <= now.getTime() ? "expired" : "valid";
  if (state !== "valid") return { state };
  const seat = describeSeat(db, inv.kind, inv.bodyId, inv.councilMemberId, inv.establishmentId);
  const member = inv.councilMemberId ? db.select().from(councilMembers).where(eq(councilMembers.id, inv.councilMemberId)).get() : undefined;
  const inviter = inv.kind === "member" && inv.invitedBy ? db.select().from(users).where(eq(users.id, inv.invitedBy)).get() : undefined;
  return {
    state,
    kind: inv.kind,
    email: inv.email,
    role: seat.role,
    title: seat.title,
    detail: seat.detail,
    expiresAt: inv.expiresAt.toISOString(),
    accountExists: !!findUserByEmail(inv.email),
    suggestedName: member?.fullName ?? "",
    /** Who asked a person to join an establishment (shown on the page, so they know who it is). */
    invitedBy: inviter ? `${inviter.fullName} (${inviter.email})` : null,
  };
}

const GONE = "Lời mời không còn hiệu lực (đã được dùng hoặc đã hết hạn). Hãy đề nghị người đã mời bạn gửi lời mời mới.";

/** True when the link still works (unused, unexpired): checked before any password hashing. */
export function isLiveInvitation(token: string, now = new Date()): boolean {
  if (!token) return false;
  return !!db
    .select({ id: invitations.id })
    .from(invitations)
    .where(and(eq(invitations.tokenHash, hashToken(token)), isNull(invitations.acceptedAt), gt(invitations.expiresAt, now)))
    .get();
}

/** Marks the invitation used; a second use, a race or an expired link claims nothing. */
function claim(tx: Tx, token: string, now: Date) {
  const inv = tx
    .update(invitations)
    .set({ acceptedAt: now })
    .where(and(eq(invitations.tokenHash, hashToken(token)), isNull(invitations.acceptedAt), gt(invitations.expiresAt, now)))
    .returning()
    .get();
  if (!inv) throw new InvitationError(GONE, 410);
  return inv;
}

/** Gives the user the seat the invitation is for. */
function link(tx: Tx, inv: typeof invitations.$inferSelect, userId: string, now: Date) {
  if (inv.kind === "staff") {
    if (!inv.bodyId) throw new InvitationError(GONE, 410);
    tx.insert(bodyStaff).values({ bodyId: inv.bodyId, userId, createdAt: now }).onConflictDoNothing().run();
  } else if (inv.kind === "member") {
    const est = inv.establishmentId ? tx.select({ id: establishments.id }).from(establishments).where(eq(establishments.id, inv.establishmentId)).get() : undefined;
    if (!est) throw new InvitationError(GONE, 410);
    tx.insert(establishmentMembers).values({ establishmentId: est.id, userId, role: "member", createdAt: now }).onConflictDoNothing().run();
  } else {
    const m = inv.councilMemberId ? tx.select().from(councilMembers).where(eq(councilMembers.id, inv.councilMemberId)).get() : undefined;
    if (!m) throw new InvitationError(GONE, 410);
    if (m.userId && m.userId !== userId) {
      throw new InvitationError("Vị trí trong Hội đồng này đã được gắn với một tài khoản khác. Hãy liên hệ cơ quan tổ chức.", 409);
    }
    tx.update(councilMembers).set({ userId }).where(eq(councilMembers.id, m.id)).run();
  }
  audit(tx, {
    actorUserId: userId,
    action: "invitation.accept",
    ...auditObject(inv.kind, inv.bodyId, inv.councilMemberId, inv.establishmentId),
    data: { invitationId: inv.id, email: inv.email },
  });
}

function homeFor(kind: InvitationKind) {
  return kind === "staff" ? "/to-chuc" : kind === "member" ? "/co-so" : "/giam-khao";
}

/** Accepts with a new account (name and password). Refused when the email already has an account. */
export async function acceptWithNewAccount(token: string, input: { fullName: string; password: string }, now = new Date()) {
  // A dead link costs no argon2; the claim below still decides (a race lets one through).
  if (!isLiveInvitation(token, now)) throw new InvitationError(GONE, 410);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(
    (tx) => {
      const inv = claim(tx, token, now);
      if (findUserByEmail(inv.email, tx)) {
        throw new InvitationError("Email này đã có tài khoản. Hãy đăng nhập để nhận lời mời.", 409);
      }
      const userId = newId();
      tx.insert(users).values({ id: userId, email: inv.email, passwordHash, fullName: input.fullName, createdAt: now, updatedAt: now }).run();
      audit(tx, { actorUserId: userId, action: "account.create_from_invitation", objectType: "user", objectId: userId, data: { invitationId: inv.id } });
      link(tx, inv, userId, now);
      return { userId, home: homeFor(inv.kind) };
    },
    { behavior: "immediate" },
  );
}

/** Accepts as the signed-in user, whose email must be the one invited. */
export function acceptAsUser(token: string, userId: string, now = new Date()) {
  return db.transaction(
    (tx) => {
      const user = tx.select().from(users).where(eq(users.id, userId)).get();
      const inv = claim(tx, token, now);
      if (!user || normaliseEmail(user.email) !== inv.email) {
        throw new InvitationError(`Lời mời này gửi tới ${inv.email}. Hãy đăng xuất rồi đăng nhập bằng tài khoản đó.`, 403);
      }
      link(tx, inv, userId, now);
      return { home: homeFor(inv.kind) };
    },
    { behavior: "immediate" },
  );
}
