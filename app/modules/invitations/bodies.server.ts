/**
 * Organizing bodies and their staff, for the system admin: list, create (level + administrative
 * unit, region for a regional body, nothing for the national one), invite staff by email link.
 */
import { and, asc, desc, eq, inArray, isNull, notInArray, sql } from "drizzle-orm";
import { adminUnits, bodyStaff, invitations, jobs, organizingBodies, regions, rounds, users } from "~db/schema";
import { db, type DbOrTx } from "~/lib/db.server";
import { forbidden, notFound } from "~/lib/http.server";
import { deliverMail } from "~/lib/mail.server";
import { canAdminister, type Principal } from "~/lib/permissions";
import { formatDate } from "~/lib/dates";
import { audit } from "~/modules/audit/audit.server";
import type { BodyInput } from "./invitations";
import { InvitationError, issueInvitation } from "./invitations.server";
import { compareVi } from "~/lib/text";

function ensureAdmin(p: Principal) {
  if (!canAdminister(p)) forbidden("Chỉ quản trị hệ thống được quản lý cơ quan tổ chức.");
}

function unitLabel(u: { kind: string; name: string; validTo: string | null }) {
  return `${u.kind} ${u.name}${u.validTo ? ` (đến ${formatDate(u.validTo)})` : ""}`;
}

/** Every body with its territory and how many staff and pending invitations it has. */
export function listBodies(p: Principal, now = new Date()) {
  ensureAdmin(p);
  const rows = db
    .select({
      id: organizingBodies.id,
      name: organizingBodies.name,
      level: organizingBodies.level,
      unitKind: adminUnits.kind,
      unitName: adminUnits.name,
      unitValidTo: adminUnits.validTo,
      regionName: regions.name,
      staff: sql<number>`(select count(*) from ${bodyStaff} where ${bodyStaff.bodyId} = ${organizingBodies.id})`,
      pending: sql<number>`(select count(*) from ${invitations} where ${invitations.bodyId} = ${organizingBodies.id} and ${invitations.kind} = 'staff' and ${invitations.acceptedAt} is null and ${invitations.expiresAt} > ${now.getTime()})`,
    })
    .from(organizingBodies)
    .leftJoin(adminUnits, eq(adminUnits.id, organizingBodies.unitId))
    .leftJoin(regions, eq(regions.code, organizingBodies.regionCode))
    .orderBy(asc(organizingBodies.name))
    .all();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    level: r.level,
    territory: r.unitName ? unitLabel({ kind: r.unitKind!, name: r.unitName, validTo: r.unitValidTo }) : r.regionName ?? "Toàn quốc",
    staff: r.staff,
    pending: r.pending,
  }));
}

/** Choices for the create form: provinces (old ones marked), regions, and units of a province. */
export function bodyFormOptions(p: Principal, provinceId: number | null) {
  ensureAdmin(p);
  const provinces = db
    .select()
    .from(adminUnits)
    .where(eq(adminUnits.level, "province"))
    .all()
    .sort((a, b) => Number(a.validTo != null) - Number(b.validTo != null) || compareVi(a.name, b.name))
    .map((u) => ({ value: u.id, label: unitLabel(u) }));
  const regionList = db.select().from(regions).orderBy(asc(regions.position)).all().map((r) => ({ value: r.code, label: r.name }));
  let districts: { value: number; label: string }[] = [];
  let communes: { value: number; label: string }[] = [];
  if (provinceId) {
    const children = db.select().from(adminUnits).where(eq(adminUnits.parentId, provinceId)).all();
    const districtIds = children.filter((c) => c.level === "district").map((c) => c.id);
    const grand = districtIds.length ? db.select().from(adminUnits).where(inArray(adminUnits.parentId, districtIds)).all() : [];
    const byName = (a: { label: string }, b: { label: string }) => compareVi(a.label, b.label);
    districts = children.filter((c) => c.level === "district").map((u) => ({ value: u.id, label: unitLabel(u) })).sort(byName);
    communes = [...children, ...grand]
      .filter((c) => c.level === "commune")
      .map((u) => {
        const parent = u.parentId !== provinceId ? children.find((c) => c.id === u.parentId) : undefined;
        return { value: u.id, label: `${unitLabel(u)}${parent ? ` – ${parent.kind} ${parent.name}` : ""}` };
      })
      .sort(byName);
  }
  return { provinces, regions: regionList, districts, communes };
}

/** Creates a body after checking that its unit (or region) matches its level. */
export function createBody(p: Principal, input: BodyInput, ip: string | null = null): number {
  ensureAdmin(p);
  return db.transaction((tx) => {
    let unitId: number | null = null;
    let regionCode: string | null = null;
    if (input.level === "province" || input.level === "district" || input.level === "commune") {
      const id = input.level === "province" ? input.provinceId : input.unitId;
      const field = input.level === "province" ? "provinceId" : "unitId";
      const unit = id ? tx.select().from(adminUnits).where(eq(adminUnits.id, id)).get() : undefined;
      if (!unit || unit.level !== input.level) {
        throw new InvitationError("Đơn vị hành chính đã chọn không đúng với cấp của cơ quan.", 400, field);
      }
      unitId = unit.id;
      regionCode = unit.regionCode;
    } else if (input.level === "region") {
      const region = tx.select().from(regions).where(eq(regions.code, input.regionCode ?? "")).get();
      if (!region) throw new InvitationError("Khu vực đã chọn không tồn tại.", 400, "regionCode");
      regionCode = region.code;
    }
    const same = tx
      .select({ id: organizingBodies.id })
      .from(organizingBodies)
      .where(
        and(
          eq(organizingBodies.level, input.level),
          eq(sql`lower(${organizingBodies.name})`, input.name.toLowerCase()),
          unitId == null ? isNull(organizingBodies.unitId) : eq(organizingBodies.unitId, unitId),
        ),
      )
      .get();
    if (same) throw new InvitationError("Đã có cơ quan cùng tên ở địa bàn này.", 409, "name");
    const body = tx
      .insert(organizingBodies)
      .values({
        name: input.name,
        level: input.level,
        unitId,
        regionCode,
        email: input.email || null,
        phone: input.phone || null,
        address: input.address || null,
      })
      .returning({ id: organizingBodies.id })
      .get();
    audit(tx, { actorUserId: p.userId, action: "body.create", objectType: "organizing_body", objectId: body.id, data: { name: input.name, level: input.level, unitId, regionCode }, ip });
    return body.id;
  });
}

/** One body: its staff and its invitations (newest first). */
export function bodyDetail(p: Principal, bodyId: number, now = new Date()) {
  ensureAdmin(p);
  const body = db.select().from(organizingBodies).where(eq(organizingBodies.id, bodyId)).get();
  if (!body) notFound("Không tìm thấy cơ quan tổ chức này.");
  const unit = body.unitId ? db.select().from(adminUnits).where(eq(adminUnits.id, body.unitId)).get() : undefined;
  const region = body.regionCode ? db.select().from(regions).where(eq(regions.code, body.regionCode)).get() : undefined;
  const staff = db
    .select({ id: users.id, fullName: users.fullName, email: users.email, position: bodyStaff.position, since: bodyStaff.createdAt })
    .from(bodyStaff)
    .innerJoin(users, eq(users.id, bodyStaff.userId))
    .where(eq(bodyStaff.bodyId, bodyId))
    .orderBy(asc(users.fullName))
    .all();
  const invites = db
    .select({ id: invitations.id, email: invitations.email, createdAt: invitations.createdAt, expiresAt: invitations.expiresAt, acceptedAt: invitations.acceptedAt })
    .from(invitations)
    .where(and(eq(invitations.bodyId, bodyId), eq(invitations.kind, "staff")))
    .orderBy(desc(invitations.id))
    .limit(50)
    .all()
    .map((i) => ({ ...i, state: i.acceptedAt ? ("accepted" as const) : i.expiresAt.getTime() > now.getTime() ? ("pending" as const) : ("expired" as const) }));
  return {
    body,
    territory: unit ? unitLabel(unit) : region?.name ?? (body.level === "national" ? "Toàn quốc" : "—"),
    staff,
    invitations: invites,
  };
}

/** Invites a person by email to be staff of the body; the link is mailed (outbox without SMTP). */
export async function inviteStaff(p: Principal, bodyId: number, email: string, ip: string | null = null, now = new Date()) {
  ensureAdmin(p);
  const { token, mailId } = db.transaction((tx) => {
    const body = tx.select().from(organizingBodies).where(eq(organizingBodies.id, bodyId)).get();
    if (!body) notFound("Không tìm thấy cơ quan tổ chức này.");
    const already = tx
      .select({ id: users.id })
      .from(bodyStaff)
      .innerJoin(users, eq(users.id, bodyStaff.userId))
      .where(and(eq(bodyStaff.bodyId, bodyId), eq(users.email, email)))
      .get();
    if (already) throw new InvitationError("Người này đã là cán bộ của cơ quan.", 409, "email");
    const issued = issueInvitation(tx, { kind: "staff", email, bodyId, invitedBy: p.userId }, now);
    audit(tx, { actorUserId: p.userId, action: "body.invite_staff", objectType: "organizing_body", objectId: bodyId, data: { email }, ip });
    return issued;
  });
  await deliverMail([mailId]);
  return { token };
}

/** Round statuses in which a round is finished: results published, or archived. */
const FINISHED_ROUND_STATUSES = ["published", "archived"] as const;

/**
 * Why this person may not leave the body now, or null (docs/decisions/0023-admin-staff-removal.md).
 * An open task is (1) being the body's only staff while it has a round not yet published or
 * archived (nobody would be left to run it), or (2) a background job they started for one of the
 * body's rounds (certificate issue) still queued or running (it works in their name).
 */
export function staffRemovalBlocker(tx: DbOrTx, bodyId: number, userId: string): string | null {
  const others = tx
    .select({ n: sql<number>`count(*)` })
    .from(bodyStaff)
    .where(and(eq(bodyStaff.bodyId, bodyId), sql`${bodyStaff.userId} <> ${userId}`))
    .get()!.n;
  if (others === 0) {
    const open = tx
      .select({ title: rounds.title })
      .from(rounds)
      .where(and(eq(rounds.bodyId, bodyId), notInArray(rounds.status, [...FINISHED_ROUND_STATUSES])))
      .orderBy(desc(rounds.id))
      .all();
    if (open.length) {
      const names = open.slice(0, 3).map((r) => `“${r.title}”`).join(", ") + (open.length > 3 ? ` và ${open.length - 3} vòng khác` : "");
      return `Không thể gỡ: đây là cán bộ duy nhất của cơ quan, trong khi cơ quan còn vòng bình chọn chưa công bố kết quả (${names}). Hãy mời và chờ một cán bộ khác nhận lời trước.`;
    }
  }
  const job = tx
    .select({ id: jobs.id, title: rounds.title })
    .from(jobs)
    .innerJoin(rounds, sql`${jobs.subject} = 'round:' || ${rounds.id}`)
    .where(and(eq(jobs.requestedBy, userId), inArray(jobs.status, ["queued", "running"]), eq(rounds.bodyId, bodyId)))
    .get();
  if (job) {
    return `Không thể gỡ: người này đang có việc cấp giấy chứng nhận của vòng “${job.title}” đang chạy dưới tên mình. Hãy chờ việc đó xong rồi thử lại.`;
  }
  return null;
}

/** Removes a person from the body's staff, unless they hold an open task (409 with the reason). Their account stays. */
export function removeStaff(p: Principal, bodyId: number, userId: string, ip: string | null = null): { email: string } {
  ensureAdmin(p);
  return db.transaction(
    (tx) => {
      const body = tx.select({ id: organizingBodies.id }).from(organizingBodies).where(eq(organizingBodies.id, bodyId)).get();
      if (!body) notFound("Không tìm thấy cơ quan tổ chức này.");
      const member = tx
        .select({ email: users.email })
        .from(bodyStaff)
        .innerJoin(users, eq(users.id, bodyStaff.userId))
        .where(and(eq(bodyStaff.bodyId, bodyId), eq(bodyStaff.userId, userId)))
        .get();
      if (!member) throw new InvitationError("Người này không (hoặc không còn) là cán bộ của cơ quan.", 404, "_form");
      const blocker = staffRemovalBlocker(tx, bodyId, userId);
      if (blocker) throw new InvitationError(blocker, 409, "_form");
      tx.delete(bodyStaff).where(and(eq(bodyStaff.bodyId, bodyId), eq(bodyStaff.userId, userId))).run();
      audit(tx, { actorUserId: p.userId, action: "body.remove_staff", objectType: "organizing_body", objectId: bodyId, data: { userId, email: member.email }, ip });
      return { email: member.email };
    },
    { behavior: "immediate" },
  );
}
