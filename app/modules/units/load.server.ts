/**
 * Loading the official lists shipped with the app (db/reference/units-*.csv) into a database:
 * the units it lacks are added, those already there are left alone (a later
 * `npm run import-units` may have corrected them). Used by db/seed/reference.ts on first start.
 */
import fs from "node:fs";
import type Database from "better-sqlite3";
import { unitListPath, type UnitList } from "~db/reference/units";
import { foldVietnamese } from "~/lib/text";
import { parseUnitsCsv, type UnitRow } from "./import";

export interface LoadReport {
  districts: number;
  communes: number;
  skipped: { line: number; message: string }[];
}

/**
 * Inserts the rows' districts and communes missing from the database (same level, code and start
 * date), under the provinces valid on `validFrom`. Runs in the caller's transaction, with
 * statements prepared once and plain parameters (drizzle's query building per row would cost
 * several times more). The shipped lists, ~14,000 rows, cost ~0.1–0.3 s of CPU with the parse,
 * most of it SQLite's own work per row (indexes, the public-generation trigger): figures in
 * docs/decisions/0021-official-units.md.
 */
export function insertMissingUnits(sqlite: Database.Database, rows: UnitRow[], validFrom: string, validTo: string | null): LoadReport {
  const report: LoadReport = { districts: 0, communes: 0, skipped: [] };
  const provinces = new Map(
    (
      sqlite
        .prepare(
          "SELECT id, code, region_code AS regionCode FROM admin_units WHERE level = 'province' AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)",
        )
        .all(validFrom, validFrom) as { id: number; code: string; regionCode: string | null }[]
    ).map((p) => [p.code, p]),
  );
  const insert = sqlite.prepare(
    "INSERT INTO admin_units (code, name, kind, level, parent_id, region_code, valid_from, valid_to, search_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (level, code, valid_from) DO NOTHING",
  );
  const existingDistrict = sqlite.prepare("SELECT id FROM admin_units WHERE level = 'district' AND code = ? AND valid_from = ?").pluck();
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
        const name = r.districtName!;
        const res = insert.run(r.districtCode, name, r.districtKind ?? "Huyện", "district", province.id, province.regionCode, validFrom, validTo, foldVietnamese(name));
        if (res.changes) {
          id = Number(res.lastInsertRowid);
          report.districts++;
        } else id = existingDistrict.get(r.districtCode, validFrom) as number;
        districtIds.set(r.districtCode, id);
      }
      parentId = id;
    }
    if (r.communeCode) {
      const name = r.communeName!;
      const res = insert.run(r.communeCode, name, r.communeKind ?? "Xã", "commune", parentId, province.regionCode, validFrom, validTo, foldVietnamese(name));
      report.communes += res.changes;
    }
  }
  return report;
}

/** The rows of a shipped list as parsed by the import code, with the extra districts. */
export function readUnitList(list: UnitList): UnitRow[] {
  const file = unitListPath(list.file);
  const { rows, errors } = parseUnitsCsv(fs.readFileSync(file, "utf8"));
  if (errors.length) throw new Error(`${file}: dòng ${errors[0]!.line}: ${errors[0]!.message}`);
  for (const d of list.extraDistricts ?? []) {
    rows.push({ line: 0, provinceCode: d.provinceCode, districtCode: d.code, districtName: d.name, districtKind: d.kind, communeCode: null, communeName: null, communeKind: null });
  }
  return rows;
}

/** Loads one shipped list into the database (the units it lacks; see `insertMissingUnits`). */
export function loadUnitList(sqlite: Database.Database, list: UnitList): LoadReport {
  const report = insertMissingUnits(sqlite, readUnitList(list), list.validFrom, list.validTo);
  if (report.skipped.length) throw new Error(`${list.file}: dòng ${report.skipped[0]!.line}: ${report.skipped[0]!.message}`);
  return report;
}
