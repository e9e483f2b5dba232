/**
 * The system admin's tools: the user list (search, filters, roles, paging), locking and unlocking
 * accounts, reset links sent on someone's behalf, and the mail outbox (filters, paging, resend).
 * Every change is audited in the transaction that makes it.
 */
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, ne, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import {
  auditLog,
  bodyStaff,
  councilMembers,
  councils,
  establishmentMembers,
  establishments,
  mailOutbox,
  organizingBodies,
  passwordResetTokens,
  sessions,
  users,
} from "~db/schema";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { forbidden, notFound } from "~/lib/http.server";
import { deliverMail } from "~/lib/mail.server";
import { canAdminister, type Principal } from "~/lib/permissions";
import { foldVietnamese } from "~/lib/text";
import { isCalendarDate } from "~/lib/dates";
import { issueResetLink } from "~/modules/accounts/accounts.server";
import { audit } from "~/modules/audit/audit.server";
import { countUnits } from "~/modules/units/units.server";
import { MAIL_STATUSES, USER_ROLE_LABELS, USER_ROLES, type MailStatus, type UserRoleFilter } from "./admin";

function ensureAdmin(p: Principal) {
  if (!canAdminister(p)) forbidden("Chỉ quản trị hệ thống được xem trang này hoặc thực hiện thao tác này.");
}

/** A refusal the admin can act on: a status, a Vietnamese message and the form field it concerns. */
export class AdminError extends Error {
  constructor(
    message: string,
    public status = 409,
    public field = "_form",
  ) {
    super(message);
  }
}

export const PAGE_SIZE = 50;

/* ------------------------------------------------------------------ */
/* Users                                                              */
/* ------------------------------------------------------------------ */


const COUNCIL_ROLE_LABELS: Record<string, string> = {
  chair: "Chủ tịch",
  vice_chair: "Phó Chủ tịch",
  secretary: "Thư ký",
  member: "Thành viên",
};

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** The user list's filters, read from the address (a GET form, so a filtered list can be bookmarked). */
export const UserFiltersSchema = z.object({
  q: z.preprocess(blankToUndefined, z.string().trim().max(100).optional()).catch(undefined),
  vai_tro: z.preprocess(blankToUndefined, z.enum(USER_ROLES).optional()).catch(undefined),
  co_quan: z.preprocess(blankToUndefined, z.coerce.number().int().positive().max(1e12).optional()).catch(undefined),
  trang_thai: z.preprocess(blankToUndefined, z.enum(["active", "disabled"]).optional()).catch(undefined),
  trang: z.coerce.number().int().min(1).max(100000).catch(1),
});
export type UserFilters = z.infer<typeof UserFiltersSchema>;

export function parseUserFilters(params: URLSearchParams): UserFilters {
  return UserFiltersSchema.parse(Object.fromEntries(params));
}

/**
 * Accent-insensitive matching in SQL: `cnnt_fold(text)` is foldVietnamese, registered on this
 * process's connection (deterministic, so SQLite may cache it within a statement).
 */
let folded = false;
function ensureFold() {
  if (folded) return;
  db.$client.function("cnnt_fold", { deterministic: true }, (s: unknown) => (typeof s === "string" ? foldVietnamese(s) : s));
  folded = true;
}

/** `%text%` for LIKE, with the wildcards in the text itself escaped (ESCAPE '\'). */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function userConditions(f: UserFilters): SQL[] {
  const where: SQL[] = [];
  if (f.q) {
    ensureFold();
    const q = foldVietnamese(f.q);
    const digits = f.q.replace(/[\s.\-()+]/g, "");
    const byText = sql`cnnt_fold(${users.fullName} || ' ' || ${users.email} || ' ' || coalesce(${users.phone}, '')) like ${likeContains(q)} escape '\\'`;
    // A phone typed with or without spaces and dots: "0912 345 678" finds "0912.345.678".
    where.push(
      /^\d{3,}$/.test(digits)
        ? sql`(${byText} or replace(replace(replace(coalesce(${users.phone}, ''), ' ', ''), '.', ''), '-', '') like ${likeContains(digits)} escape '\\')`
        : byText,
    );
  }
  if (f.trang_thai) where.push(eq(users.status, f.trang_thai));
  if (f.vai_tro === "admin") where.push(eq(users.isSystemAdmin, true));
  if (f.vai_tro === "organizer") where.push(sql`exists (select 1 from ${bodyStaff} where ${bodyStaff.userId} = ${users.id})`);
  if (f.vai_tro === "judge") where.push(sql`exists (select 1 from ${councilMembers} where ${councilMembers.userId} = ${users.id})`);
  if (f.vai_tro === "producer") where.push(sql`exists (select 1 from ${establishmentMembers} where ${establishmentMembers.userId} = ${users.id})`);
  if (f.co_quan) where.push(sql`exists (select 1 from ${bodyStaff} where ${bodyStaff.userId} = ${users.id} and ${bodyStaff.bodyId} = ${f.co_quan})`);
  return where;
}

export interface RoleTag {
  kind: UserRoleFilter;
  /** The role with its object, e.g. "Cán bộ: Sở Công Thương tỉnh Bắc Ninh". */
  label: string;
  /** The object alone (with the seat, for councils and establishments), shown beside the role's badge. */
  detail?: string;
  /** An admin page about the role's object, when there is one. */
  href?: string;
}

/** Every role of these users, with the names of the body, council or establishment: three queries for the whole page. */
export function rolesOf(userIds: string[], admins: Set<string>): Map<string, RoleTag[]> {
  const out = new Map<string, RoleTag[]>(userIds.map((id) => [id, admins.has(id) ? [{ kind: "admin" as const, label: USER_ROLE_LABELS.admin }] : []]));
  if (!userIds.length) return out;
  const add = (id: string, tag: RoleTag) => out.get(id)?.push(tag);
  for (const r of db
    .select({ userId: bodyStaff.userId, bodyId: organizingBodies.id, name: organizingBodies.name })
    .from(bodyStaff)
    .innerJoin(organizingBodies, eq(organizingBodies.id, bodyStaff.bodyId))
    .where(inArray(bodyStaff.userId, userIds))
    .orderBy(asc(organizingBodies.name))
    .all()) {
    add(r.userId, { kind: "organizer", label: `Cán bộ: ${r.name}`, detail: r.name, href: `/quan-tri/co-quan/${r.bodyId}` });
  }
  for (const r of db
    .select({ userId: councilMembers.userId, name: councils.name, role: councilMembers.role, isJudge: councilMembers.isJudge })
    .from(councilMembers)
    .innerJoin(councils, eq(councils.id, councilMembers.councilId))
    .where(inArray(councilMembers.userId, userIds))
    .orderBy(desc(councils.id))
    .all()) {
    const role = COUNCIL_ROLE_LABELS[r.role] ?? r.role;
    const detail = `${r.name} (${role}${r.isJudge ? ", giám khảo" : ""})`;
    add(r.userId!, { kind: "judge", label: `Hội đồng: ${detail}`, detail });
  }
  for (const r of db
    .select({ userId: establishmentMembers.userId, name: establishments.name, role: establishmentMembers.role })
    .from(establishmentMembers)
    .innerJoin(establishments, eq(establishments.id, establishmentMembers.establishmentId))
    .where(inArray(establishmentMembers.userId, userIds))
    .orderBy(asc(establishments.name))
    .all()) {
    const detail = `${r.name} (${r.role === "owner" ? "chủ cơ sở" : "thành viên"})`;
    add(r.userId, { kind: "producer", label: `Cơ sở: ${detail}`, detail });
  }
  return out;
}

/** One page of users matching the filters, with their roles and the total count. */
export function listUsers(p: Principal, f: UserFilters, pageSize = PAGE_SIZE) {
  ensureAdmin(p);
  const where = and(...userConditions(f));
  const total = db.select({ n: sql<number>`count(*)` }).from(users).where(where).get()!.n;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(f.trang, pages);
  const rows = db
    .select({
      id: users.id,
      email: users.email,
      fullName: users.fullName,
      phone: users.phone,
      isSystemAdmin: users.isSystemAdmin,
      status: users.status,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(where)
    .orderBy(desc(users.isSystemAdmin), asc(users.email))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  const roles = rolesOf(
    rows.map((r) => r.id),
    new Set(rows.filter((r) => r.isSystemAdmin).map((r) => r.id)),
  );
  return { total, page, pages, pageSize, list: rows.map((r) => ({ ...r, roles: roles.get(r.id) ?? [] })) };
}

/** The admin home: counts, the bodies to filter by, and the filtered user list. */
export function adminOverview(p: Principal, f: UserFilters) {
  ensureAdmin(p);
  const bodies = db
    .select({ id: organizingBodies.id, name: organizingBodies.name })
    .from(organizingBodies)
    .orderBy(asc(organizingBodies.name))
    .all();
  const accounts = db
    .select({ n: sql<number>`count(*)`, disabled: sql<number>`coalesce(sum(${users.status} = 'disabled'), 0)` })
    .from(users)
    .get()!;
  return { users: listUsers(p, f), bodies, accounts, units: countUnits() };
}

/** One user: profile, roles, open sessions and the audit rows about the account. */
export function userDetail(p: Principal, userId: string) {
  ensureAdmin(p);
  const user = db
    .select({
      id: users.id,
      email: users.email,
      fullName: users.fullName,
      phone: users.phone,
      title: users.title,
      isSystemAdmin: users.isSystemAdmin,
      status: users.status,
      createdAt: users.createdAt,
      updatedAt: users.updatedAt,
    })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (!user) notFound("Không tìm thấy tài khoản này.");
  const roles = rolesOf([user.id], new Set(user.isSystemAdmin ? [user.id] : [])).get(user.id) ?? [];
  const openSessions = db
    .select({ n: sql<number>`count(*)` })
    .from(sessions)
    .where(and(eq(sessions.userId, user.id), sql`${sessions.expiresAt} > unixepoch()`))
    .get()!.n;
  const history = db
    .select({ id: auditLog.id, action: auditLog.action, data: auditLog.data, createdAt: auditLog.createdAt, actorName: users.fullName, actorEmail: users.email })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(and(eq(auditLog.objectType, "user"), eq(auditLog.objectId, user.id)))
    .orderBy(desc(auditLog.id))
    .limit(20)
    .all();
  return { user, roles, openSessions, history, isSelf: user.id === p.userId };
}

export const LockSchema = z.object({
  reason: z
    .string({ required_error: "Hãy ghi lý do khóa tài khoản." })
    .trim()
    .min(5, "Hãy ghi lý do khóa tài khoản (ít nhất 5 ký tự); lý do được lưu vào nhật ký.")
    .max(500, "Lý do tối đa 500 ký tự."),
});
export const UnlockSchema = z.object({
  reason: z.string().trim().max(500, "Lý do tối đa 500 ký tự.").optional().default(""),
});

/**
 * Locks an account: status "disabled" and every session of the user deleted, in one transaction
 * (the person is signed out everywhere at once; log-in is refused while locked). Not oneself, and
 * never the last active system admin (checked inside the transaction, so two admins locking each
 * other at the same moment cannot both succeed).
 */
export function lockUser(p: Principal, userId: string, reason: string, ip: string | null = null): { sessionsEnded: number } {
  ensureAdmin(p);
  if (userId === p.userId) throw new AdminError("Bạn không thể tự khóa tài khoản của mình.", 409);
  return db.transaction(
    (tx) => {
      const user = tx.select({ id: users.id, status: users.status, isSystemAdmin: users.isSystemAdmin }).from(users).where(eq(users.id, userId)).get();
      if (!user) notFound("Không tìm thấy tài khoản này.");
      if (user.status === "disabled") throw new AdminError("Tài khoản này đã bị khóa.", 409);
      if (user.isSystemAdmin) {
        const others = tx
          .select({ n: sql<number>`count(*)` })
          .from(users)
          .where(and(eq(users.isSystemAdmin, true), eq(users.status, "active"), ne(users.id, userId)))
          .get()!.n;
        if (others === 0) throw new AdminError("Không thể khóa quản trị hệ thống cuối cùng còn hoạt động: hệ thống sẽ không còn ai quản trị.", 409);
      }
      tx.update(users).set({ status: "disabled", updatedAt: new Date() }).where(eq(users.id, userId)).run();
      const ended = tx.delete(sessions).where(eq(sessions.userId, userId)).run().changes;
      // A reset link mailed earlier must not outlive the lock (it would work again after an unlock).
      tx.update(passwordResetTokens).set({ usedAt: new Date() }).where(and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt))).run();
      audit(tx, { actorUserId: p.userId, action: "admin.lock_user", objectType: "user", objectId: userId, data: { reason, sessionsEnded: ended }, ip });
      return { sessionsEnded: ended };
    },
    { behavior: "immediate" },
  );
}

/** Unlocks an account; the person signs in again with their password (or a reset link). */
export function unlockUser(p: Principal, userId: string, reason: string, ip: string | null = null): void {
  ensureAdmin(p);
  db.transaction((tx) => {
    const user = tx.select({ id: users.id, status: users.status }).from(users).where(eq(users.id, userId)).get();
    if (!user) notFound("Không tìm thấy tài khoản này.");
    if (user.status === "active") throw new AdminError("Tài khoản này đang hoạt động, không bị khóa.", 409);
    tx.update(users).set({ status: "active", updatedAt: new Date() }).where(eq(users.id, userId)).run();
    audit(tx, { actorUserId: p.userId, action: "admin.unlock_user", objectType: "user", objectId: userId, data: reason ? { reason } : undefined, ip });
  });
}

/**
 * Mails the user a one-time reset link (the forgot-password path: older unused links stop
 * working). The admin never sees the link or the password; without SMTP the mail waits in the
 * outbox like every other.
 */
export async function sendResetLink(p: Principal, userId: string, ip: string | null = null, now = new Date()): Promise<{ email: string }> {
  ensureAdmin(p);
  const { mailId, email } = db.transaction((tx) => {
    const user = tx.select().from(users).where(eq(users.id, userId)).get();
    if (!user) notFound("Không tìm thấy tài khoản này.");
    if (user.status !== "active") {
      throw new AdminError("Tài khoản đang bị khóa: hãy mở khóa trước khi gửi liên kết đặt lại mật khẩu.", 409);
    }
    const { mailId } = issueResetLink(tx, user, now);
    audit(tx, { actorUserId: p.userId, action: "admin.send_reset_link", objectType: "user", objectId: user.id, data: { mailId }, ip });
    return { mailId, email: user.email };
  });
  await deliverMail([mailId]);
  return { email };
}

/* ------------------------------------------------------------------ */
/* Outbox                                                             */
/* ------------------------------------------------------------------ */


const dateOrUndefined = z.preprocess(blankToUndefined, z.string().refine(isCalendarDate).optional()).catch(undefined);

export const OutboxFiltersSchema = z.object({
  den: z.preprocess(blankToUndefined, z.string().trim().max(200).optional()).catch(undefined),
  tieu_de: z.preprocess(blankToUndefined, z.string().trim().max(200).optional()).catch(undefined),
  trang_thai: z.preprocess(blankToUndefined, z.enum(MAIL_STATUSES).optional()).catch(undefined),
  tu_ngay: dateOrUndefined,
  den_ngay: dateOrUndefined,
  trang: z.coerce.number().int().min(1).max(100000).catch(1),
});
export type OutboxFilters = z.infer<typeof OutboxFiltersSchema>;

export function parseOutboxFilters(params: URLSearchParams): OutboxFilters {
  return OutboxFiltersSchema.parse(Object.fromEntries(params));
}

/** The start of a calendar day in Vietnam (UTC+7, no daylight saving), in ms. */
function vnDayStart(day: string): number {
  return Date.parse(`${day}T00:00:00+07:00`);
}

export function mailStatusOf(m: { sentAt: Date | null; error: string | null }): MailStatus {
  return m.sentAt ? "sent" : m.error ? "failed" : "pending";
}

/** One page of the outbox, newest first, with the filters applied and the total count. */
export function listOutbox(p: Principal, f: OutboxFilters, pageSize = PAGE_SIZE) {
  ensureAdmin(p);
  const where: SQL[] = [];
  if (f.den) where.push(sql`lower(${mailOutbox.toAddress}) like ${likeContains(f.den.toLowerCase())} escape '\\'`);
  if (f.tieu_de) {
    ensureFold();
    where.push(sql`cnnt_fold(${mailOutbox.subject}) like ${likeContains(foldVietnamese(f.tieu_de))} escape '\\'`);
  }
  if (f.trang_thai === "sent") where.push(isNotNull(mailOutbox.sentAt));
  if (f.trang_thai === "failed") where.push(and(isNull(mailOutbox.sentAt), isNotNull(mailOutbox.error))!);
  if (f.trang_thai === "pending") where.push(and(isNull(mailOutbox.sentAt), isNull(mailOutbox.error))!);
  if (f.tu_ngay) where.push(gte(mailOutbox.createdAt, new Date(vnDayStart(f.tu_ngay))));
  if (f.den_ngay) where.push(lt(mailOutbox.createdAt, new Date(vnDayStart(f.den_ngay) + 86_400_000)));
  const cond = and(...where);
  const total = db.select({ n: sql<number>`count(*)` }).from(mailOutbox).where(cond).get()!.n;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(f.trang, pages);
  const list = db
    .select()
    .from(mailOutbox)
    .where(cond)
    .orderBy(desc(mailOutbox.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all()
    .map((m) => ({ ...m, status: mailStatusOf(m) }));
  return { total, page, pages, pageSize, list, smtp: Boolean(env().SMTP_URL) };
}

/**
 * Sends a failed or unsent mail again through SMTP. A mail already sent is refused (409): the
 * person has it. Without SMTP there is nothing to send it with (409, said so).
 */
export async function resendMail(p: Principal, mailId: number, ip: string | null = null): Promise<{ status: MailStatus; error: string | null }> {
  ensureAdmin(p);
  db.transaction(
    (tx) => {
      const m = tx.select().from(mailOutbox).where(eq(mailOutbox.id, mailId)).get();
      if (!m) notFound("Không tìm thấy thư này.");
      if (m.sentAt) throw new AdminError("Thư này đã được gửi, không gửi lại.", 409);
      if (!env().SMTP_URL) {
        throw new AdminError("Chưa cấu hình máy chủ thư (SMTP_URL): thư chỉ được lưu trong hộp thư, không gửi đi được.", 409);
      }
      tx.update(mailOutbox).set({ error: null, transport: "smtp" }).where(eq(mailOutbox.id, mailId)).run();
      audit(tx, { actorUserId: p.userId, action: "admin.resend_mail", objectType: "mail", objectId: mailId, data: { to: m.toAddress, previousError: m.error }, ip });
    },
    { behavior: "immediate" },
  );
  await deliverMail([mailId]);
  const after = db.select({ sentAt: mailOutbox.sentAt, error: mailOutbox.error }).from(mailOutbox).where(eq(mailOutbox.id, mailId)).get()!;
  return { status: mailStatusOf(after), error: after.error };
}
