import { asc, desc, eq, sql } from "drizzle-orm";
import { adminUnits, bodyStaff, mailOutbox, organizingBodies, users } from "~db/schema";
import { db } from "~/lib/db.server";
import { forbidden } from "~/lib/http.server";
import { canAdminister, type Principal } from "~/lib/permissions";
import { countUnits } from "~/modules/units/units.server";

function ensureAdmin(p: Principal) {
  if (!canAdminister(p)) forbidden("Chỉ quản trị hệ thống được xem trang này.");
}

export function adminOverview(p: Principal, page = 1, pageSize = 50) {
  ensureAdmin(p);
  const total = db.select({ n: sql<number>`count(*)` }).from(users).get()!.n;
  const list = db
    .select({ id: users.id, email: users.email, fullName: users.fullName, isSystemAdmin: users.isSystemAdmin, status: users.status, createdAt: users.createdAt })
    .from(users)
    .orderBy(desc(users.isSystemAdmin), asc(users.email))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  const bodies = db
    .select({
      id: organizingBodies.id,
      name: organizingBodies.name,
      level: organizingBodies.level,
      unitName: adminUnits.name,
      staff: sql<number>`(select count(*) from ${bodyStaff} where ${bodyStaff.bodyId} = ${organizingBodies.id})`,
    })
    .from(organizingBodies)
    .leftJoin(adminUnits, eq(adminUnits.id, organizingBodies.unitId))
    .orderBy(asc(organizingBodies.level), asc(organizingBodies.name))
    .all();
  return { users: { total, page, pageSize, list }, bodies, units: countUnits() };
}

export function listOutbox(p: Principal, limit = 100) {
  ensureAdmin(p);
  return db.select().from(mailOutbox).orderBy(desc(mailOutbox.id)).limit(limit).all();
}
