import { and, asc, eq, gte, isNull, lte, or, sql } from "drizzle-orm";
import { adminUnits } from "~db/schema";
import type { DbOrTx } from "~/lib/db.server";
import { db } from "~/lib/db.server";
import { todayInVietnam } from "~/lib/dates";
import { compareVi } from "~/lib/text";

export type AdminUnit = typeof adminUnits.$inferSelect;

/** Units valid on a date (default today in Vietnam). */
function validOn(date: string) {
  return and(lte(adminUnits.validFrom, date), or(isNull(adminUnits.validTo), gte(adminUnits.validTo, date)));
}

export function listProvinces(date = todayInVietnam(), tx: DbOrTx = db): AdminUnit[] {
  return tx
    .select()
    .from(adminUnits)
    .where(and(eq(adminUnits.level, "province"), validOn(date)))
    .orderBy(asc(adminUnits.name))
    .all()
    .sort((a, b) => compareVi(a.name, b.name));
}

export function listChildren(parentId: number, date = todayInVietnam(), tx: DbOrTx = db): AdminUnit[] {
  return tx
    .select()
    .from(adminUnits)
    .where(and(eq(adminUnits.parentId, parentId), validOn(date)))
    .all()
    .sort((a, b) => compareVi(a.name, b.name));
}

export function getUnit(id: number, tx: DbOrTx = db): AdminUnit | undefined {
  return tx.select().from(adminUnits).where(eq(adminUnits.id, id)).get();
}

/** The province containing a unit (the unit itself when it is a province). */
export function provinceIdOf(unitId: number | null, tx: DbOrTx = db): number | null {
  let id = unitId;
  for (let hops = 0; id != null && hops < 4; hops++) {
    const u = getUnit(id, tx);
    if (!u) return null;
    if (u.level === "province") return u.id;
    id = u.parentId;
  }
  return null;
}

/** "Huyện Tiên Du, Tỉnh Bắc Ninh": the unit and its ancestors, lowest first. */
export function unitPath(unitId: number | null, tx: DbOrTx = db): string {
  const parts: string[] = [];
  let id = unitId;
  for (let hops = 0; id != null && hops < 4; hops++) {
    const u = getUnit(id, tx);
    if (!u) break;
    parts.push(`${u.kind} ${u.name}`);
    id = u.parentId;
  }
  return parts.join(", ");
}

export function countUnits(tx: DbOrTx = db) {
  return tx
    .select({ level: adminUnits.level, n: sql<number>`count(*)` })
    .from(adminUnits)
    .groupBy(adminUnits.level)
    .all();
}

/** Every lower unit under a province, as options "Xã A" or "Xã A (Huyện B)". */
export function communeOptions(provinceId: number) {
  const out: { id: number; label: string }[] = [];
  for (const child of listChildren(provinceId)) {
    if (child.level === "district") {
      const subs = listChildren(child.id);
      if (!subs.length) out.push({ id: child.id, label: `${child.kind} ${child.name}` });
      for (const c of subs) out.push({ id: c.id, label: `${c.kind} ${c.name} (${child.kind} ${child.name})` });
    } else out.push({ id: child.id, label: `${child.kind} ${child.name}` });
  }
  return out;
}
