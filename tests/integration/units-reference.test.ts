/**
 * The official administrative units shipped with the app (db/reference/units-*.csv) are in every
 * fresh database, with the counts of the published lists (../shared/data/README.md), and the demo
 * uses them. docs/decisions/0021-official-units.md.
 */
import fs from "node:fs";
import path from "node:path";
import { and, eq, like, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { adminUnits, appMeta, establishments, organizingBodies, rounds } from "~db/schema";
import { seedDemo } from "~db/seed/demo";
import { loadReferenceData, REFERENCE_VERSION } from "~db/seed/reference";
import { UNIT_LISTS, unitListPath } from "~db/reference/units";
import { db, migrateDatabase, openDatabase, type DB } from "~/lib/db.server";
import { foldVietnamese } from "~/lib/text";
import { parseUnitsCsv } from "~/modules/units/import";
import { importUnits } from "~/modules/units/import.server";
import { unitPath } from "~/modules/units/units.server";
import { makeTempDir } from "../helpers/tmp";

const OLD = "2008-08-01";
const NEW = "2025-07-01";

function counts(d: DB, validFrom: string) {
  return d
    .select({ level: adminUnits.level, kind: adminUnits.kind, n: sql<number>`count(*)` })
    .from(adminUnits)
    .where(eq(adminUnits.validFrom, validFrom))
    .groupBy(adminUnits.level, adminUnits.kind)
    .all();
}
const total = (rows: { level: string; n: number }[], level: string) => rows.filter((r) => r.level === level).reduce((s, r) => s + r.n, 0);

function unit(level: "province" | "district" | "commune", code: string, validFrom: string, d: DB = db) {
  return d
    .select()
    .from(adminUnits)
    .where(and(eq(adminUnits.level, level), eq(adminUnits.code, code), eq(adminUnits.validFrom, validFrom)))
    .get();
}

const extraDbs: { d: DB; dir: string }[] = [];
function freshDatabase(): DB {
  const dir = makeTempDir("units");
  const d = openDatabase(path.join(dir, "app.db"));
  migrateDatabase(d);
  extraDbs.push({ d, dir });
  return d;
}
afterAll(() => {
  for (const { d, dir } of extraDbs) {
    d.$client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe("the official units in a fresh database", () => {
  it("has the counts of the published lists from 1 July 2025: 34 provinces, 2,611 xã, 697 phường, 13 đặc khu", () => {
    const c = counts(db, NEW);
    expect(total(c, "province")).toBe(34);
    expect(total(c, "district")).toBe(0);
    const communes = Object.fromEntries(c.filter((r) => r.level === "commune").map((r) => [r.kind, r.n]));
    expect(communes).toEqual({ Xã: 2611, Phường: 697, "Đặc khu": 13 });
    expect(total(c, "commune")).toBe(3321);
    // Valid from 1 July 2025, still valid.
    expect(db.select({ n: sql<number>`count(*)` }).from(adminUnits).where(and(eq(adminUnits.validFrom, NEW), sql`${adminUnits.validTo} is not null`)).get()!.n).toBe(0);
  });

  it("has the counts before 1 July 2025: 63 provinces, 696 districts, 10,035 communes, all valid to 30 June 2025", () => {
    const c = counts(db, OLD);
    expect(total(c, "province")).toBe(63);
    expect(total(c, "district")).toBe(696);
    expect(total(c, "commune")).toBe(10035);
    const communes = Object.fromEntries(c.filter((r) => r.level === "commune").map((r) => [r.kind, r.n]));
    expect(communes).toEqual({ Xã: 7692, Phường: 1726, "Thị trấn": 617 });
    const validTo = db.selectDistinct({ v: adminUnits.validTo }).from(adminUnits).where(eq(adminUnits.validFrom, OLD)).all();
    expect(validTo).toEqual([{ v: "2025-06-30" }]);
    // No unit in any other period, no placeholder.
    expect(db.select({ n: sql<number>`count(*)` }).from(adminUnits).get()!.n).toBe(34 + 3321 + 63 + 696 + 10035);
    expect(db.select().from(adminUnits).where(like(adminUnits.code, "DEMO-%")).all()).toEqual([]);
  });

  it("links known units to their parents, with names, kinds, regions and search keys", () => {
    const phuLang = unit("commune", "09292", NEW)!;
    expect(phuLang).toMatchObject({ name: "Phù Lãng", kind: "Xã", regionCode: "BAC", searchKey: "phu lang", validTo: null });
    expect(unitPath(phuLang.id)).toBe("Xã Phù Lãng, Tỉnh Bắc Ninh");
    expect(phuLang.parentId).toBe(unit("province", "24", NEW)!.id);

    const tuSon = unit("commune", "09367", NEW)!;
    expect(unitPath(tuSon.id)).toBe("Phường Từ Sơn, Tỉnh Bắc Ninh");
    expect(unitPath(unit("commune", "00004", NEW)!.id)).toBe("Phường Ba Đình, Thành phố Hà Nội");
    expect(unitPath(unit("commune", "26732", NEW)!.id)).toBe("Đặc khu Côn Đảo, Thành phố Hồ Chí Minh");
    expect(unit("commune", "31078", NEW)!.regionCode).toBe("NAM");

    // Before 2025: commune → district → old province.
    const oldPhuLang = unit("commune", "09277", OLD)!;
    expect(unitPath(oldPhuLang.id)).toBe("Xã Phù Lãng, Thị xã Quế Võ, Tỉnh Bắc Ninh");
    expect(unit("district", "259", OLD)!.parentId).toBe(unit("province", "27", OLD)!.id);
    expect(unitPath(unit("commune", "00004", OLD)!.id)).toBe("Phường Trúc Bạch, Quận Ba Đình, Thành phố Hà Nội");
    expect(unit("commune", "09319", OLD)).toMatchObject({ name: "Lim", kind: "Thị trấn" });
    // The island districts without communes are there too.
    const bachLongVi = unit("district", "318", OLD)!;
    expect(unitPath(bachLongVi.id)).toBe("Huyện Bạch Long Vĩ, Thành phố Hải Phòng");
    expect(unit("district", "755", OLD)!.parentId).toBe(unit("province", "77", OLD)!.id);
    // Every commune and district has a parent of the same period.
    const orphans = db.all<{ n: number }>(sql`
      select count(*) as n from admin_units u left join admin_units p on p.id = u.parent_id
      where u.level != 'province' and (p.id is null or p.valid_from != u.valid_from or p.level = 'commune')`);
    expect(orphans[0]!.n).toBe(0);
  });

  it("stores search keys as the pickers fold them (lower case, no diacritics, đ = d)", () => {
    const all = db.select({ name: adminUnits.name, searchKey: adminUnits.searchKey }).from(adminUnits).all();
    expect(all.filter((u) => u.searchKey !== foldVietnamese(u.name))).toEqual([]);
    expect(unit("commune", "09385", NEW)!.searchKey).toBe("dong nguyen");
  });

  it("is what the shipped files say, parsed by the import code", () => {
    for (const list of UNIT_LISTS) {
      const { rows, errors } = parseUnitsCsv(fs.readFileSync(unitListPath(list.file), "utf8"));
      expect(errors).toEqual([]);
      const communeCodes = new Set(rows.map((r) => r.communeCode));
      expect(communeCodes.size).toBe(rows.length);
      const inDb = db.select({ code: adminUnits.code }).from(adminUnits).where(and(eq(adminUnits.level, "commune"), eq(adminUnits.validFrom, list.validFrom))).all();
      expect(new Set(inDb.map((u) => u.code))).toEqual(communeCodes);
    }
  });
});

describe("loading again", () => {
  it("changes nothing, and keeps what a later official import corrected", () => {
    const before = db.select({ n: sql<number>`count(*)`, max: sql<number>`max(id)` }).from(adminUnits).get()!;
    const generation = db.$client.prepare("select n from public_generation where id = 1").pluck().get();
    // A later official update renames a commune.
    const phuLang = unit("commune", "09292", NEW)!;
    importUnits([{ line: 2, provinceCode: "24", districtCode: null, districtName: null, districtKind: null, communeCode: "09292", communeName: "Phù Lãng Mới", communeKind: "Xã" }], NEW, null);
    const afterImport = db.$client.prepare("select n from public_generation where id = 1").pluck().get();

    db.delete(appMeta).where(eq(appMeta.key, "reference_version")).run();
    expect(loadReferenceData(db)).toEqual({ loaded: true });
    expect(loadReferenceData(db)).toEqual({ loaded: false });
    expect(db.select({ n: sql<number>`count(*)`, max: sql<number>`max(id)` }).from(adminUnits).get()).toEqual(before);
    expect(unit("commune", "09292", NEW)!).toMatchObject({ id: phuLang.id, name: "Phù Lãng Mới" });
    // Nothing written: the public pages' caches stay valid.
    expect(afterImport).not.toBe(generation);
    expect(db.$client.prepare("select n from public_generation where id = 1").pluck().get()).toBe(afterImport);
    expect(db.select().from(appMeta).where(eq(appMeta.key, "reference_version")).get()!.value).toBe(REFERENCE_VERSION);
  });

  it("adds the units to a database of the previous version without duplicating the demo's districts", () => {
    const d = freshDatabase();
    // What version 1 left: the provinces only, plus (with the demo) Bắc Ninh's former districts and
    // placeholder communes.
    loadReferenceData(d);
    d.delete(adminUnits).where(sql`${adminUnits.level} != 'province'`).run();
    d.update(appMeta).set({ value: "1" }).where(eq(appMeta.key, "reference_version")).run();
    const oldBacNinh = unit("province", "27", OLD, d)!;
    const newBacNinh = unit("province", "24", NEW, d)!;
    const tienDu = d
      .insert(adminUnits)
      .values({ code: "260", name: "Tiên Du", kind: "Huyện", level: "district", parentId: oldBacNinh.id, regionCode: "BAC", validFrom: OLD, validTo: "2025-06-30", searchKey: "tien du" })
      .returning()
      .get();
    const placeholder = d
      .insert(adminUnits)
      .values({ code: "DEMO-08", name: "Phù Lãng", kind: "Xã", level: "commune", parentId: newBacNinh.id, regionCode: "BAC", validFrom: NEW, searchKey: "phu lang" })
      .returning()
      .get();

    expect(loadReferenceData(d)).toEqual({ loaded: true });
    expect(total(counts(d, OLD), "district")).toBe(696);
    expect(total(counts(d, OLD), "commune")).toBe(10035);
    expect(total(counts(d, NEW), "commune")).toBe(3321 + 1);
    // The district the demo had is the one the communes hang under; the placeholder stays (an old
    // demo establishment may point at it).
    expect(unit("commune", "09319", OLD, d)!.parentId).toBe(tienDu.id);
    expect(unit("commune", "DEMO-08", NEW, d)!.id).toBe(placeholder.id);
  });
});

describe("the demo", () => {
  it("uses only real units: its communes are official ones of the new Bắc Ninh", () => {
    const d = freshDatabase();
    loadReferenceData(d);
    const before = d.select({ n: sql<number>`count(*)` }).from(adminUnits).get()!.n;
    seedDemo(d, "not-a-real-hash");
    // The demo adds no unit of its own.
    expect(d.select({ n: sql<number>`count(*)` }).from(adminUnits).get()!.n).toBe(before);
    expect(d.select().from(adminUnits).where(like(adminUnits.code, "DEMO-%")).all()).toEqual([]);

    const codes2025 = new Set(
      parseUnitsCsv(fs.readFileSync(unitListPath("units-2025.csv"), "utf8")).rows.map((r) => r.communeCode),
    );
    const used = [
      ...d.select({ unitId: establishments.unitId }).from(establishments).all(),
      ...d.select({ unitId: organizingBodies.unitId }).from(organizingBodies).all(),
      ...d.select({ unitId: rounds.unitId }).from(rounds).all(),
    ]
      .map((r) => r.unitId)
      .filter((id): id is number => id != null);
    expect(used.length).toBeGreaterThan(20);
    const bacNinh = unit("province", "24", NEW, d)!;
    let communes = 0;
    for (const id of new Set(used)) {
      const u = d.select().from(adminUnits).where(eq(adminUnits.id, id)).get()!;
      if (u.level === "commune") {
        communes++;
        expect(codes2025.has(u.code), `${u.kind} ${u.name} (${u.code})`).toBe(true);
        expect(u.parentId).toBe(bacNinh.id);
      } else expect(u.level).toBe("province");
    }
    expect(communes).toBeGreaterThanOrEqual(10);
    const phuLangBody = d.select().from(organizingBodies).where(eq(organizingBodies.name, "UBND xã Phù Lãng")).get()!;
    expect(unitPath(phuLangBody.unitId, d)).toBe("Xã Phù Lãng, Tỉnh Bắc Ninh");
    const dongHo = d.select().from(establishments).where(like(establishments.name, "%Đông Hồ%")).get()!;
    expect(unitPath(dongHo.unitId, d)).toBe("Phường Thuận Thành, Tỉnh Bắc Ninh");
  });
});
