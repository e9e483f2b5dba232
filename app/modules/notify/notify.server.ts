/**
 * Notifications: every message lands in the app (table notifications) and goes out by email
 * (SMTP when configured, otherwise the outbox). Written inside the caller's transaction; the
 * returned mail ids are delivered after it commits.
 */
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { bodyStaff, establishmentMembers, notifications, users } from "~db/schema";
import { db, type DbOrTx } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { queueMail } from "~/lib/mail.server";

export interface Notice {
  kind: string;
  title: string;
  body: string;
  /** A path inside the app, e.g. /co-so/du-thi/12. */
  link?: string;
}

export function notifyUsers(tx: DbOrTx, userIds: string[], n: Notice): number[] {
  const unique = [...new Set(userIds)];
  if (!unique.length) return [];
  const recipients = tx.select({ id: users.id, email: users.email, fullName: users.fullName }).from(users).where(inArray(users.id, unique)).all();
  const mailIds: number[] = [];
  for (const u of recipients) {
    tx.insert(notifications).values({ userId: u.id, kind: n.kind, title: n.title, body: n.body, link: n.link ?? null }).run();
    mailIds.push(
      queueMail(tx, {
        to: u.email,
        subject: n.title,
        text: `Xin chào ${u.fullName},\n\n${n.body}${n.link ? `\n\nXem chi tiết: ${env().publicBaseUrl}${n.link}` : ""}\n\n— Hệ thống bình chọn sản phẩm CNNT tiêu biểu`,
      }),
    );
  }
  return mailIds;
}

export function establishmentUserIds(tx: DbOrTx, establishmentId: number): string[] {
  return tx
    .select({ id: establishmentMembers.userId })
    .from(establishmentMembers)
    .where(eq(establishmentMembers.establishmentId, establishmentId))
    .all()
    .map((r) => r.id);
}

export function bodyUserIds(tx: DbOrTx, bodyId: number): string[] {
  return tx.select({ id: bodyStaff.userId }).from(bodyStaff).where(eq(bodyStaff.bodyId, bodyId)).all().map((r) => r.id);
}

export function listNotifications(userId: string, limit = 50) {
  return db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(desc(notifications.id)).limit(limit).all();
}

export function unreadCount(userId: string): number {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .get()!.n;
}

/** Marks these of the user's notifications read (they have just been shown). */
export function markRead(userId: string, ids: number[]) {
  if (!ids.length) return;
  db.update(notifications).set({ readAt: new Date() }).where(and(eq(notifications.userId, userId), isNull(notifications.readAt), inArray(notifications.id, ids))).run();
}

export function markAllRead(userId: string) {
  db.update(notifications).set({ readAt: new Date() }).where(and(eq(notifications.userId, userId), isNull(notifications.readAt))).run();
}
