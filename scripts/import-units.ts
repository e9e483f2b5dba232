/**
 * Imports districts and communes from the official administrative-unit list (CSV).
 *   npm run import-units -- <file.csv> [--valid-from 2025-07-01] [--valid-to YYYY-MM-DD]
 * The list before 1 July 2025 (with districts) defaults to valid 2008-08-01 .. 2025-06-30;
 * the list from 1 July 2025 (communes directly under provinces) to valid from 2025-07-01.
 */
import fs from "node:fs";
import { migrateDatabase, db } from "~/lib/db.server";
import { loadReferenceData } from "~db/seed/reference";
import { parseUnitsCsv } from "~/modules/units/import";
import { importUnits } from "~/modules/units/import.server";

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--"));
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
if (!file || !fs.existsSync(file)) {
  console.error("Cách dùng: npm run import-units -- <tệp.csv> [--valid-from YYYY-MM-DD] [--valid-to YYYY-MM-DD]");
  process.exit(2);
}
const DATE = /^\d{4}-\d{2}-\d{2}$/;
for (const n of ["valid-from", "valid-to"]) {
  const v = opt(n);
  if (v && !DATE.test(v)) {
    console.error(`--${n} phải có dạng YYYY-MM-DD.`);
    process.exit(2);
  }
}

migrateDatabase(db);
loadReferenceData(db);
const { rows, errors } = parseUnitsCsv(fs.readFileSync(file, "utf8"));
const hasDistricts = rows.some((r) => r.districtCode);
const validFrom = opt("valid-from") ?? (hasDistricts ? "2008-08-01" : "2025-07-01");
const validTo = opt("valid-to") ?? (hasDistricts ? "2025-06-30" : null);
const report = importUnits(rows, validFrom, validTo);
console.log(
  `Quận/huyện: ${report.districts.inserted} thêm, ${report.districts.updated} cập nhật. ` +
    `Phường/xã: ${report.communes.inserted} thêm, ${report.communes.updated} cập nhật. Hiệu lực từ ${validFrom}${validTo ? ` đến ${validTo}` : ""}.`,
);
for (const e of [...errors, ...report.skipped]) console.log(`  dòng ${e.line}: ${e.message}`);
process.exit(errors.length + report.skipped.length > 0 && rows.length === 0 ? 1 : 0);
