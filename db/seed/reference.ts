/**
 * Loads the reference data shipped with the app: regions, the 63 + 34 provinces with their
 * official districts and communes (db/reference/units-*.csv), product groups, the official
 * scoring sheet, dossier document types and public holidays.
 * Idempotent: rows are inserted when missing, keyed by their natural codes.
 */
import { and, eq } from "drizzle-orm";
import type { DB, DbOrTx } from "~/lib/db.server";
import { foldVietnamese } from "~/lib/text";
import {
  adminUnits,
  appMeta,
  criteria,
  criteriaSheets,
  documentTypes,
  holidays,
  productGroups,
  regions,
} from "../schema";
import { DOCUMENT_TYPES, HOLIDAYS, OFFICIAL_SHEET, PRODUCT_GROUPS } from "../reference/catalog";
import {
  NEW_PROVINCES_VALID_FROM,
  OLD_PROVINCES_VALID_FROM,
  OLD_PROVINCES_VALID_TO,
  PROVINCES_2008,
  PROVINCES_2025,
} from "../reference/provinces";
import { REGIONS } from "../reference/regions";
import { UNIT_LISTS } from "../reference/units";
import { loadUnitList } from "~/modules/units/load.server";

/**
 * Bump when the reference lists change, so existing databases pick the change up at start.
 * 2: the official districts and communes (docs/decisions/0021-official-units.md).
 */
export const REFERENCE_VERSION = "2";

export function loadReferenceData(db: DB): { loaded: boolean } {
  const current = db.select().from(appMeta).where(eq(appMeta.key, "reference_version")).get();
  if (current?.value === REFERENCE_VERSION) return { loaded: false };
  db.transaction((tx) => {
    tx.insert(regions).values([...REGIONS]).onConflictDoNothing().run();
    for (const [list, from, to] of [
      [PROVINCES_2008, OLD_PROVINCES_VALID_FROM, OLD_PROVINCES_VALID_TO],
      [PROVINCES_2025, NEW_PROVINCES_VALID_FROM, null],
    ] as const) {
      for (const p of list) {
        tx.insert(adminUnits)
          .values({
            code: p.code,
            name: p.name,
            kind: p.kind,
            level: "province",
            regionCode: p.region,
            validFrom: from,
            validTo: to,
            successorOf: p.successorOf ?? null,
            searchKey: foldVietnamese(p.name),
          })
          .onConflictDoNothing()
          .run();
      }
    }
    // Districts and communes under the provinces above: raw prepared statements on the same
    // connection, inside this transaction (~14,000 rows).
    for (const list of UNIT_LISTS) loadUnitList(db.$client, list);
    tx.insert(productGroups)
      .values(PRODUCT_GROUPS.map((g) => ({ id: g.id, name: g.name, shortName: g.shortName })))
      .onConflictDoNothing()
      .run();
    tx.insert(documentTypes)
      .values(DOCUMENT_TYPES.map((d, i) => ({ ...d, position: i + 1 })))
      .onConflictDoNothing()
      .run();
    tx.insert(holidays).values(HOLIDAYS).onConflictDoNothing().run();
    loadOfficialSheet(tx);
    tx.insert(appMeta)
      .values({ key: "reference_version", value: REFERENCE_VERSION })
      .onConflictDoUpdate({ target: appMeta.key, set: { value: REFERENCE_VERSION, updatedAt: new Date() } })
      .run();
  });
  return { loaded: true };
}

function loadOfficialSheet(tx: DbOrTx) {
  const exists = tx
    .select({ id: criteriaSheets.id })
    .from(criteriaSheets)
    .where(and(eq(criteriaSheets.code, OFFICIAL_SHEET.code), eq(criteriaSheets.version, OFFICIAL_SHEET.version)))
    .get();
  if (exists) return;
  const sheet = tx
    .insert(criteriaSheets)
    .values({
      code: OFFICIAL_SHEET.code,
      version: OFFICIAL_SHEET.version,
      name: OFFICIAL_SHEET.name,
      isOfficial: true,
      scoreSubCriteria: false,
    })
    .returning({ id: criteriaSheets.id })
    .get();
  OFFICIAL_SHEET.groups.forEach((g, gi) => {
    const group = tx
      .insert(criteria)
      .values({ sheetId: sheet.id, code: g.code, name: g.name, maxTenths: g.maxPoints * 10, position: gi + 1 })
      .returning({ id: criteria.id })
      .get();
    (("children" in g ? g.children : undefined) ?? []).forEach((c, ci) => {
      tx.insert(criteria)
        .values({
          sheetId: sheet.id,
          parentId: group.id,
          code: c.code,
          name: c.name,
          maxTenths: c.maxPoints * 10,
          position: ci + 1,
        })
        .run();
    });
  });
}

/** The official sheet's id (reference data must be loaded). */
export function officialSheetId(tx: DbOrTx): number {
  const row = tx
    .select({ id: criteriaSheets.id })
    .from(criteriaSheets)
    .where(and(eq(criteriaSheets.code, OFFICIAL_SHEET.code), eq(criteriaSheets.version, OFFICIAL_SHEET.version)))
    .get();
  if (!row) throw new Error("Official scoring sheet missing: load reference data first.");
  return row.id;
}
