/**
 * The official lists of districts and communes shipped with the app, loaded into every database
 * by db/seed/reference.ts (docs/decisions/0021-official-units.md). The CSV files beside this one
 * are byte-identical copies of the published lists (source and date: README.md here); a later
 * official update goes through `npm run import-units`, not through these files.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { NEW_PROVINCES_VALID_FROM, OLD_PROVINCES_VALID_FROM, OLD_PROVINCES_VALID_TO } from "./provinces";

export interface UnitList {
  file: string;
  validFrom: string;
  validTo: string | null;
  /** Districts the file cannot carry (no commune row). */
  extraDistricts?: readonly { provinceCode: string; code: string; kind: string; name: string }[];
}

/**
 * The five island districts without communes, which the 2024 list (one row per commune) cannot
 * carry: with them the old list has its official 696 districts.
 */
export const ISLAND_DISTRICTS_2024 = [
  { provinceCode: "31", code: "318", kind: "Huyện", name: "Bạch Long Vĩ" },
  { provinceCode: "45", code: "471", kind: "Huyện", name: "Cồn Cỏ" },
  { provinceCode: "48", code: "498", kind: "Huyện", name: "Hoàng Sa" },
  { provinceCode: "51", code: "536", kind: "Huyện", name: "Lý Sơn" },
  { provinceCode: "77", code: "755", kind: "Huyện", name: "Côn Đảo" },
] as const;

/** Each list with the validity of the provinces it hangs under (db/reference/provinces.ts). */
export const UNIT_LISTS: readonly UnitList[] = [
  // 63 provinces, 691 + 5 island districts, 10,035 communes, wards and townships
  { file: "units-2024.csv", validFrom: OLD_PROVINCES_VALID_FROM, validTo: OLD_PROVINCES_VALID_TO, extraDistricts: ISLAND_DISTRICTS_2024 },
  // 34 provinces, 3,321 communes, wards and special zones (no districts)
  { file: "units-2025.csv", validFrom: NEW_PROVINCES_VALID_FROM, validTo: null },
];

const DIR = ["db", "reference"] as const;

/**
 * Where a shipped list is: looked for above this module's file (tests, tsx scripts) and above the
 * working directory (the built server runs from the project root, like the migrations folder).
 */
export function unitListPath(file: string): string {
  const starts: string[] = [];
  try {
    starts.push(path.dirname(fileURLToPath(import.meta.url)));
  } catch {
    /* not a file: URL (bundled elsewhere): the working directory below */
  }
  starts.push(process.cwd());
  for (const start of starts) {
    if (fs.existsSync(path.join(start, file)) && path.basename(start) === "reference") return path.join(start, file);
    let dir = start;
    for (let i = 0; i < 8; i++) {
      const f = path.join(dir, ...DIR, file);
      if (fs.existsSync(f)) return f;
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new Error(`Không tìm thấy danh mục đơn vị hành chính ${path.join(...DIR, file)}.`);
}
