import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { adminUnits } from "~db/schema";
import { db } from "~/lib/db.server";
import { parseCsv, parseUnitsCsv, splitKind } from "~/modules/units/import";
import { importUnits } from "~/modules/units/import.server";
import { listChildren, provinceIdOf, unitPath } from "~/modules/units/units.server";

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "..", "fixtures", name), "utf8");

describe("CSV parsing", () => {
  it("handles quotes, doubled quotes, CRLF and a BOM", () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n')).toEqual([
      ["a", "b"],
      ["x, y", 'say "hi"'],
    ]);
  });
  it("splits the kind off a unit's name", () => {
    expect(splitKind("Thành phố Từ Sơn")).toEqual({ kind: "Thành phố", name: "Từ Sơn" });
    expect(splitKind("Thị trấn Lim")).toEqual({ kind: "Thị trấn", name: "Lim" });
    expect(splitKind("Phật Tích", "Xã")).toEqual({ kind: "Xã", name: "Phật Tích" });
  });
  it("splits unquoted files natively with the same result: CRLF, CR, blank lines, empty fields", () => {
    expect(parseCsv("a;b;c\r\n1;;3\r\n\r\n;;\r4;5;6", ";")).toEqual([
      ["a", "b", "c"],
      ["1", "", "3"],
      ["4", "5", "6"],
    ]);
    expect(parseCsv('a,b\n"1",2\n3,\n')).toEqual([
      ["a", "b"],
      ["1", "2"],
      ["3", ""],
    ]);
  });
  it("says plainly what is wrong with a file without the needed columns", () => {
    expect(parseUnitsCsv("Tên,Mã\nA,1\n").errors[0]!.message).toMatch(/Thiếu cột mã tỉnh/);
    expect(parseUnitsCsv("").errors[0]!.message).toMatch(/không có dữ liệu/);
  });
});

describe("importing the official list (a later official update over the shipped one)", () => {
  const unit = (level: "district" | "commune", code: string, validFrom: string) =>
    db
      .select()
      .from(adminUnits)
      .where(and(eq(adminUnits.level, level), eq(adminUnits.code, code), eq(adminUnits.validFrom, validFrom)))
      .get()!;

  it("updates the units already there and adds the new ones, before 2025 under the old province, idempotently", () => {
    const parsed = parseUnitsCsv(fixture("units-2024.csv"));
    expect(parsed.errors).toEqual([]);
    // The shipped list (db/reference/units-2024.csv) is loaded in every database.
    const tienDu = unit("district", "260", "2008-08-01");
    const before = listChildren(tienDu.id, "2024-01-01").length;
    const first = importUnits(parsed.rows, "2008-08-01", "2025-06-30");
    expect(first.districts).toEqual({ inserted: 0, updated: 3 });
    // Xã Sai (code "9999" padded to 09999) is new; the three others were shipped.
    expect(first.communes).toEqual({ inserted: 1, updated: 3 });
    expect(first.skipped).toEqual([{ line: 5, message: "Không có tỉnh mã 99 còn hiệu lực ngày 2008-08-01." }]);

    expect(unit("district", "260", "2008-08-01").id).toBe(tienDu.id);
    expect(tienDu.name).toBe("Tiên Du");
    expect(tienDu.kind).toBe("Huyện");
    expect(tienDu.validTo).toBe("2025-06-30");
    const lim = unit("commune", "09319", "2008-08-01");
    expect(unitPath(lim.id)).toBe("Thị trấn Lim, Huyện Tiên Du, Tỉnh Bắc Ninh");
    expect(unitPath(unit("commune", "09999", "2008-08-01").id)).toBe("Xã Sai, Huyện Gia Bình, Tỉnh Bắc Ninh");
    const names = listChildren(tienDu.id, "2024-01-01").map((u) => u.name);
    expect(names).toHaveLength(before);
    expect(names).toEqual(expect.arrayContaining(["Lim", "Phật Tích"]));
    // Valid then, not now.
    expect(listChildren(tienDu.id, "2026-01-01")).toEqual([]);

    const again = importUnits(parsed.rows, "2008-08-01", "2025-06-30");
    expect(again.districts).toEqual({ inserted: 0, updated: 3 });
    expect(again.communes).toEqual({ inserted: 0, updated: 4 });
  });

  it("imports the 2025 list with communes directly under the new province", () => {
    const parsed = parseUnitsCsv(fixture("units-2025.csv"));
    const r = importUnits(parsed.rows, "2025-07-01", null);
    expect(r.communes).toEqual({ inserted: 1, updated: 2 });
    const dongNguyen = unit("commune", "09385", "2025-07-01");
    expect(dongNguyen.name).toBe("Đồng Nguyên");
    expect(dongNguyen.kind).toBe("Phường");
    const parent = db.select().from(adminUnits).where(eq(adminUnits.id, provinceIdOf(dongNguyen.id)!)).get()!;
    expect(parent.code).toBe("24");
    expect(parent.validFrom).toBe("2025-07-01");
    const dinhBang = unit("commune", "09998", "2025-07-01");
    expect(unitPath(dinhBang.id)).toBe("Phường Đình Bảng, Tỉnh Bắc Ninh");
    expect(dinhBang.searchKey).toBe("dinh bang");
    // The same code, valid in another period, is another unit: old rounds keep theirs.
    expect(db.select().from(adminUnits).where(eq(adminUnits.code, "09349")).all()).toHaveLength(2);
  });
});
