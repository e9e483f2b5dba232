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
  it("says plainly what is wrong with a file without the needed columns", () => {
    expect(parseUnitsCsv("Tên,Mã\nA,1\n").errors[0]!.message).toMatch(/Thiếu cột mã tỉnh/);
    expect(parseUnitsCsv("").errors[0]!.message).toMatch(/không có dữ liệu/);
  });
});

describe("importing the official list", () => {
  it("imports districts and communes before 2025 under the old province, idempotently", () => {
    const parsed = parseUnitsCsv(fixture("units-2024.csv"));
    expect(parsed.errors).toEqual([]);
    const first = importUnits(parsed.rows, "2008-08-01", "2025-06-30");
    expect(first.districts).toEqual({ inserted: 3, updated: 0 });
    expect(first.communes.inserted).toBe(4);
    expect(first.skipped).toEqual([{ line: 5, message: "Không có tỉnh mã 99 còn hiệu lực ngày 2008-08-01." }]);

    const tienDu = db
      .select()
      .from(adminUnits)
      .where(and(eq(adminUnits.level, "district"), eq(adminUnits.code, "260")))
      .get()!;
    expect(tienDu.name).toBe("Tiên Du");
    expect(tienDu.kind).toBe("Huyện");
    expect(tienDu.validTo).toBe("2025-06-30");
    const lim = db.select().from(adminUnits).where(eq(adminUnits.code, "09295")).get()!;
    expect(unitPath(lim.id)).toBe("Thị trấn Lim, Huyện Tiên Du, Tỉnh Bắc Ninh");
    expect(listChildren(tienDu.id, "2024-01-01").map((u) => u.name)).toEqual(["Lim", "Phật Tích"]);
    // Valid then, not now.
    expect(listChildren(tienDu.id, "2026-01-01")).toEqual([]);

    const again = importUnits(parsed.rows, "2008-08-01", "2025-06-30");
    expect(again.districts).toEqual({ inserted: 0, updated: 3 });
    expect(again.communes).toEqual({ inserted: 0, updated: 4 });
  });

  it("imports the 2025 list with communes directly under the new province", () => {
    const parsed = parseUnitsCsv(fixture("units-2025.csv"));
    const r = importUnits(parsed.rows, "2025-07-01", null);
    expect(r.communes.inserted).toBe(2);
    const dongNguyen = db.select().from(adminUnits).where(eq(adminUnits.name, "Đồng Nguyên")).get()!;
    expect(dongNguyen.kind).toBe("Phường");
    const parent = db.select().from(adminUnits).where(eq(adminUnits.id, provinceIdOf(dongNguyen.id)!)).get()!;
    expect(parent.code).toBe("24");
    expect(parent.validFrom).toBe("2025-07-01");
    // The same code, valid in another period, is another unit: old rounds keep theirs.
    expect(db.select().from(adminUnits).where(eq(adminUnits.code, "09307")).all()).toHaveLength(2);
  });
});
