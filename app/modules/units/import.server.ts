import { and, eq, gte, isNull, lte, or } from "drizzle-orm";
import { adminUnits } from "~db/schema";
import { db, type Tx } from "~/lib/db.server";
import { foldVietnamese } from "~/lib/text";
import { audit } from "~/modules/audit/audit.server";
import type { UnitRow } from "./import";

export interface ImportReport {
  districts: { inserted: number; updated: number };
  communes: { inserted: number; updated: number };
  skipped: { line: number; message: string }[];
}

/**
 * Writes parsed rows for units valid from `validFrom` (and until `validTo`), under the provinces
 * valid on `validFrom`. Idempotent: a unit already there (same level, code, start) is updated.
 * All or nothing: one transaction.
 */
export function importUnits(rows: UnitRow[], validFrom: string, validTo: string | null, actorUserId: string | null = null): ImportReport {
  const report: ImportReport = { districts: { inserted: 0, updated: 0 }, communes: { inserted: 0, updated: 0 }, skipped: [] };
  db.transaction((tx) => {
    const provinces = new Map(
      tx
        .select()
        .from(adminUnits)
        .where(
          and(
            eq(adminUnits.level, "province"),
            lte(adminUnits.validFrom, validFrom),
            or(isNull(adminUnits.validTo), gte(adminUnits.validTo, validFrom)),
          ),
        )
        .all()
        .map((p) => [p.code, p]),
    );
    const districtIds = new Map<string, number>();
    for (const r of rows) {
      const province = provinces.get(r.provinceCode);
      if (!province) {
        report.skipped.push({ line: r.line, message: `Không có tỉnh mã ${r.provinceCode} còn hiệu lực ngày ${validFrom}.` });
        continue;
      }
      let parentId = province.id;
      if (r.districtCode) {
        let id = districtIds.get(r.districtCode);
        if (id === undefined) {
          id = upsert(tx, report.districts, {
            level: "district",
            code: r.districtCode,
            name: r.districtName!,
            kind: r.districtKind ?? "Huyện",
            parentId: province.id,
            regionCode: province.regionCode,
            validFrom,
            validTo,
          });
          districtIds.set(r.districtCode, id);
        }
        parentId = id;
      }
      if (r.communeCode) {
        upsert(tx, report.communes, {
          level: "commune",
          code: r.communeCode,
          name: r.communeName!,
          kind: r.communeKind ?? "Xã",
          parentId,
          regionCode: province.regionCode,
          validFrom,
          validTo,
        });
      }
    }
    audit(tx, {
      actorUserId,
      action: "units.import",
      objectType: "admin_units",
      data: { validFrom, validTo, districts: report.districts, communes: report.communes, skipped: report.skipped.length },
    });
  });
  return report;
}

function upsert(
  tx: Tx,
  counter: { inserted: number; updated: number },
  u: { level: "district" | "commune"; code: string; name: string; kind: string; parentId: number; regionCode: string | null; validFrom: string; validTo: string | null },
): number {
  const existing = tx
    .select({ id: adminUnits.id })
    .from(adminUnits)
    .where(and(eq(adminUnits.level, u.level), eq(adminUnits.code, u.code), eq(adminUnits.validFrom, u.validFrom)))
    .get();
  const values = { ...u, searchKey: foldVietnamese(u.name) };
  if (existing) {
    tx.update(adminUnits).set(values).where(eq(adminUnits.id, existing.id)).run();
    counter.updated++;
    return existing.id;
  }
  counter.inserted++;
  return tx.insert(adminUnits).values(values).returning({ id: adminUnits.id }).get().id;
}

