/**
 * The national view (issue 13 item 8; docs/decisions/0032): exact figures per scope, another
 * province's data never shown (page nor .xlsx), non-organizers refused, and a fixed number of SQL
 * statements whatever the data size.
 */
import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  adminUnits,
  certificates,
  councilMembers,
  councils,
  entries,
  establishmentMembers,
  establishments,
  organizingBodies,
  products,
  recognitionDecisions,
  type EntryStatus,
  type RoundLevel,
} from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { loadPrincipal } from "~/lib/permissions.server";
import { conferenceSentence, parseNationalFilters } from "~/modules/national/national";
import { nationalStats } from "~/modules/national/stats.server";
import { loader as pageLoader } from "~/routes/to-chuc.thong-ke";
import { loader as xlsxLoader } from "~/routes/to-chuc.thong-ke[.]xlsx";
import { createBody, createCommune, createOrganizer, createRound, createUser, province, requestWithCookie } from "../helpers/fixtures";
import { countStatementsAsync } from "../helpers/sql-count";

const bn = () => province("24"); // Bắc Ninh from 1 July 2025 (replaced old Bắc Ninh 27 and Bắc Giang 24)
const tn = () => province("19"); // Thái Nguyên from 1 July 2025
const oldBacGiang = () => province("24", "2008-08-01");

const cookies: Record<string, string> = {};
const users: Record<string, string> = {};
let seq = 0;

function establishment(name: string, provinceId: number, unitId: number = provinceId) {
  return db.insert(establishments).values({ legalType: "cooperative", name, provinceId, unitId }).returning().get();
}

function product(establishmentId: number, groupId: number) {
  return db
    .insert(products)
    .values({ establishmentId, name: `Sản phẩm ${++seq}`, productGroupId: groupId })
    .returning()
    .get();
}

/** An entry in the round with this status; a certificate when `cert` is "valid" or "revoked". */
function entry(
  round: { id: number; level: RoundLevel; year: number },
  est: { id: number; provinceId: number | null },
  groupId: number,
  status: EntryStatus,
  cert?: "valid" | "revoked",
) {
  const p = product(est.id, groupId);
  const e = db
    .insert(entries)
    .values({ roundId: round.id, productId: p.id, establishmentId: est.id, status, submittedAt: status === "draft" ? null : new Date() })
    .returning()
    .get();
  if (cert) {
    const decision = db
      .insert(recognitionDecisions)
      .values({ roundId: round.id, number: `${++seq}/QĐ`, signedOn: `${round.year}-12-01`, signerName: "A", signerTitle: "B", issuer: "C" })
      .returning()
      .get();
    db.insert(certificates)
      .values({
        entryId: e.id,
        decisionId: decision.id,
        number: `${++seq}/GCN`,
        publicCode: crypto.randomBytes(8).toString("hex"),
        productName: p.name,
        producerName: "Cơ sở",
        producerAddress: "Địa chỉ",
        productGroupId: groupId,
        level: round.level,
        year: round.year,
        provinceId: est.provinceId,
        issuedOn: `${round.year}-12-10`,
        validUntil: `${round.year + 3}-12-10`,
        revokedAt: cert === "revoked" ? new Date() : null,
        revokeReason: cert === "revoked" ? "Vi phạm" : null,
      })
      .run();
  }
  return e;
}

type Handler = (a: any) => any;
async function call(fn: Handler, url: string, who: string | null) {
  try {
    return (await fn({ request: requestWithCookie(url, who ? cookies[who]! : null), params: {}, context: {} })) as Response;
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

async function page(who: string, query = "") {
  const res = await call(pageLoader, `/to-chuc/thong-ke${query}`, who);
  expect(res.status).toBe(200);
  return res.json();
}

async function workbookCells(who: string, query = ""): Promise<{ res: Response; sheets: Record<string, string[][]> }> {
  const res = await call(xlsxLoader, `/to-chuc/thong-ke.xlsx${query}`, who);
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  const sheets: Record<string, string[][]> = {};
  wb.eachSheet((ws) => {
    const rows: string[][] = [];
    ws.eachRow((row) => rows.push(Array.from((row.values as unknown[]).slice(1), (v) => (v == null ? "" : String(v)))));
    sheets[ws.name] = rows;
  });
  return { res, sheets };
}

let communeC1 = 0;
let bnRound2026 = { id: 0, level: "province" as RoundLevel, year: 2026 };
let nationalRound = { id: 0, level: "national" as RoundLevel, year: 2025 };

beforeAll(async () => {
  const c1 = createCommune(bn().id, "Xã Thống Kê");
  communeC1 = c1.id;
  const bgDistrict = db
    .select()
    .from(adminUnits)
    .where(and(eq(adminUnits.level, "district"), eq(adminUnits.parentId, oldBacGiang().id)))
    .get()!;

  const bnBody = createBody("Sở Công Thương Bắc Ninh", "province", bn().id);
  const tnBody = createBody("Sở Công Thương Thái Nguyên", "province", tn().id);
  const nationalBody = createBody("Cục Công Thương địa phương", "national", null);
  const communeBody = createBody("UBND Xã Thống Kê", "commune", c1.id);
  const districtBody = db.insert(organizingBodies).values({ name: "Phòng Kinh tế huyện (Bắc Giang cũ)", level: "district", unitId: bgDistrict.id }).returning().get();

  users.bn = await createOrganizer("sct.bn@example.vn", bnBody.id);
  users.tn = await createOrganizer("sct.tn@example.vn", tnBody.id);
  users.nat = await createOrganizer("cuc@example.vn", nationalBody.id);
  users.commune = await createOrganizer("xa@example.vn", communeBody.id);
  users.district = await createOrganizer("huyen@example.vn", districtBody.id);
  users.region = await createOrganizer("khuvuc@example.vn", createBody("Cục Công Thương địa phương (phía Bắc)", "region", null, "BAC").id);
  users.admin = await createUser("admin@example.vn", { isSystemAdmin: true });
  users.producer = await createUser("coso@example.vn");
  users.judge = await createUser("giamkhao@example.vn");

  const bn1 = establishment("HTX Gốm Thống Kê", bn().id, c1.id);
  const bn2 = establishment("Cơ sở Mây tre Bắc Ninh", bn().id);
  const tn1 = establishment("HTX Chè Tân Cương", tn().id);
  const tn2 = establishment("Cơ sở Cơ khí Thái Nguyên", tn().id);
  const bg = establishment("Cơ sở Mỳ Chũ (Bắc Giang cũ)", oldBacGiang().id, bgDistrict.id);
  db.insert(establishmentMembers).values({ establishmentId: bn2.id, userId: users.producer, role: "owner" }).run();

  // 2026: provincial rounds of Bắc Ninh and Thái Nguyên, a commune round in Bắc Ninh.
  const rBn = createRound(bnBody.id, "province", bn().id, "Tỉnh Bắc Ninh 2026", { year: 2026, status: "published" });
  bnRound2026 = rBn;
  entry(rBn, bn1, 1, "recognised", "valid");
  entry(rBn, bn2, 2, "rejected");
  entry(rBn, bn2, 2, "draft"); // not submitted: not counted
  const rTn = createRound(tnBody.id, "province", tn().id, "Tỉnh Thái Nguyên 2026", { year: 2026, status: "published" });
  entry(rTn, tn1, 1, "recognised", "valid");
  entry(rTn, tn2, 3, "submitted");
  entry(rTn, tn2, 3, "withdrawn"); // withdrawn: not counted
  const rC1 = createRound(communeBody.id, "commune", c1.id, "Xã Thống Kê 2026", { year: 2026 });
  entry(rC1, bn1, 4, "accepted");

  // 2025: the national round, with entries from both provinces and from old Bắc Giang.
  const rNat = createRound(nationalBody.id, "national", null, "Quốc gia 2025", { year: 2025, status: "published" });
  nationalRound = rNat;
  entry(rNat, bn1, 1, "recognised", "valid");
  entry(rNat, tn1, 1, "recognised", "valid");
  entry(rNat, tn2, 3, "recognised", "revoked"); // revoked: not recognised
  entry(rNat, bg, 2, "recognised", "valid");

  // A judge (council member) with no body.
  const council = db.insert(councils).values({ roundId: rBn.id, name: "Hội đồng" }).returning().get();
  db.insert(councilMembers).values({ councilId: council.id, userId: users.judge, fullName: "Giám khảo", role: "member", isJudge: true }).run();

  for (const [k, id] of Object.entries(users)) cookies[k] = await startSession(id);
});

const sentences = (data: { years: { sentence: string }[] }) => data.years.map((y) => y.sentence);
const provinceRows = (data: { charts: { id: string; table: { rows: unknown[][] } }[] }) => data.charts.find((c) => c.id === "theo-tinh")!.table.rows;

describe("national figures per scope", () => {
  it("the Ministry's department sees every province, with the conference sentence", async () => {
    const data = await page("nat");
    expect(data.scope).toEqual({ label: "Toàn quốc", all: true });
    expect(sentences(data)).toEqual([
      // Old Bắc Giang is counted in the new Bắc Ninh for 2025 (the year's list is the 34 provinces).
      "2025: 4 hồ sơ từ 2/34 tỉnh, thành phố; 3 sản phẩm được công nhận.",
      "2026: 5 hồ sơ từ 2/34 tỉnh, thành phố; 2 sản phẩm được công nhận.",
    ]);
    expect(data.totals).toEqual({ entries: 9, recognised: 5 });
    expect(provinceRows(data)).toEqual([
      ["Bắc Ninh (từ 1/7/2025)", 4, 2],
      ["Thái Nguyên (từ 1/7/2025)", 4, 2],
      ["Bắc Giang (trước 1/7/2025)", 1, 1],
    ]);
    const groups = data.charts.find((c: { id: string }) => c.id === "theo-nhom")!.table.rows;
    expect(groups.map((r: unknown[]) => r.slice(1))).toEqual([
      [4, 4],
      [2, 1],
      [2, 0],
      [1, 0],
    ]);
    expect(data.byLevel.map((l: { key: string; entries: number; recognised: number }) => [l.key, l.entries, l.recognised])).toEqual([
      ["commune", 1, 0],
      ["province", 4, 2],
      ["national", 4, 3],
    ]);
    for (const c of data.charts) expect(c.svg).toContain("<svg");
  });

  it("an admin sees the same as the Ministry", async () => {
    const data = await page("admin");
    expect(data.totals).toEqual({ entries: 9, recognised: 5 });
  });

  it("filters by year range and level", async () => {
    expect(sentences(await page("nat", "?cap=national"))).toEqual(["2025: 4 hồ sơ từ 2/34 tỉnh, thành phố; 3 sản phẩm được công nhận."]);
    expect(sentences(await page("nat", "?tu=2026&den=2026"))).toEqual(["2026: 5 hồ sơ từ 2/34 tỉnh, thành phố; 2 sản phẩm được công nhận."]);
    expect(sentences(await page("nat", "?tu=2021&den=2024"))).toEqual([]);
  });

  it("a province organizer sees its own province only (and the provinces it replaced)", async () => {
    const data = await page("bn");
    expect(data.scope.label).toBe("Sở Công Thương Bắc Ninh");
    expect(sentences(data)).toEqual(["2025: 2 hồ sơ; 2 sản phẩm được công nhận.", "2026: 3 hồ sơ; 1 sản phẩm được công nhận."]);
    expect(provinceRows(data)).toEqual([
      ["Bắc Ninh (từ 1/7/2025)", 4, 2],
      ["Bắc Giang (trước 1/7/2025)", 1, 1],
    ]);
    expect(JSON.stringify(data)).not.toContain("Thái Nguyên");

    const other = await page("tn");
    expect(sentences(other)).toEqual(["2025: 2 hồ sơ; 1 sản phẩm được công nhận.", "2026: 2 hồ sơ; 1 sản phẩm được công nhận."]);
    expect(provinceRows(other)).toEqual([["Thái Nguyên (từ 1/7/2025)", 4, 2]]);
    expect(JSON.stringify(other)).not.toContain("Bắc Ninh");
    expect(JSON.stringify(other)).not.toContain("Bắc Giang");
  });

  it("a regional organizer sees its region's provinces, out of the region's provinces", async () => {
    const northNow = db
      .select()
      .from(adminUnits)
      .where(and(eq(adminUnits.level, "province"), eq(adminUnits.regionCode, "BAC"), eq(adminUnits.validFrom, "2025-07-01")))
      .all().length;
    const data = await page("region");
    expect(northNow).toBeGreaterThan(5);
    expect(sentences(data)).toEqual([
      `2025: 4 hồ sơ từ 2/${northNow} tỉnh, thành phố; 3 sản phẩm được công nhận.`,
      `2026: 5 hồ sơ từ 2/${northNow} tỉnh, thành phố; 2 sản phẩm được công nhận.`,
    ]);
  });

  it("a commune and a district organizer see their own unit only", async () => {
    const commune = await page("commune");
    expect(sentences(commune)).toEqual(["2025: 1 hồ sơ; 1 sản phẩm được công nhận.", "2026: 2 hồ sơ; 1 sản phẩm được công nhận."]);
    expect(provinceRows(commune)).toEqual([["Bắc Ninh (từ 1/7/2025)", 3, 2]]);
    const district = await page("district");
    expect(sentences(district)).toEqual(["2025: 1 hồ sơ; 1 sản phẩm được công nhận."]);
    expect(provinceRows(district)).toEqual([["Bắc Giang (trước 1/7/2025)", 1, 1]]);
  });

  it("the .xlsx export has the same figures and scope, one sheet per breakdown", async () => {
    const { res, sheets } = await workbookCells("bn");
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="thong-ke-cnnt-tieu-bieu.xlsx"');
    expect(Object.keys(sheets)).toEqual(["Theo năm", "Theo năm và cấp", "Theo tỉnh", "Theo nhóm sản phẩm", "Thông tin"]);
    expect(sheets["Theo năm"]!.slice(1).map((r) => r.slice(0, 5))).toEqual([
      ["2025", "2", "1", "", "2"], // old Bắc Giang counted in the new Bắc Ninh
      ["2026", "3", "1", "", "1"],
    ]);
    expect(sheets["Theo tỉnh"]!.slice(1)).toEqual([
      ["Bắc Ninh (từ 1/7/2025)", "4", "2"],
      ["Bắc Giang (trước 1/7/2025)", "1", "1"],
    ]);
    const everything = JSON.stringify(sheets);
    expect(everything).not.toContain("Thái Nguyên");
    expect(everything).toContain("Sở Công Thương Bắc Ninh");

    const filtered = await workbookCells("nat", "?tu=2025&den=2025&cap=national");
    expect(filtered.res.headers.get("Content-Disposition")).toBe('attachment; filename="thong-ke-cnnt-tieu-bieu-2025-2025-national.xlsx"');
    expect(filtered.sheets["Theo năm"]![1]!.slice(0, 6)).toEqual(["2025", "4", "2", "34", "3", "2025: 4 hồ sơ từ 2/34 tỉnh, thành phố; 3 sản phẩm được công nhận."]);
  });

  it("refuses producers, judges and the anonymous; bad filters get 400 with a Vietnamese message", async () => {
    for (const who of ["producer", "judge"]) {
      for (const fn of [pageLoader, xlsxLoader]) {
        const res = await call(fn, "/to-chuc/thong-ke", who);
        expect(res.status).toBe(403);
        expect((await res.json()).message).toContain("cơ quan tổ chức");
      }
    }
    const anon = await call(pageLoader, "/to-chuc/thong-ke", null);
    expect(anon.status).toBe(302);
    expect(anon.headers.get("Location")).toContain("/dang-nhap");

    const bad = await call(pageLoader, "/to-chuc/thong-ke?tu=20x1&den=2020&cap=galaxy", "nat");
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.errors.tu).toMatch(/Năm phải là số/);
    expect(body.errors.cap).toBe("Cấp bình chọn không hợp lệ.");
    const badXlsx = await call(xlsxLoader, "/to-chuc/thong-ke.xlsx?tu=2026&den=2020", "nat");
    expect(badXlsx.status).toBe(400);
    expect((await badXlsx.json()).message).toContain("Năm kết thúc");
  });

  it("runs the same number of statements whatever the data size", async () => {
    const measure = async () => (await countStatementsAsync(() => call(pageLoader, "/to-chuc/thong-ke", "nat"))).count;
    const before = await measure();
    const bnPrincipal = loadPrincipal(users.bn!, false);
    const moduleBefore = (await countStatementsAsync(async () => nationalStats(bnPrincipal, parseNationalFilters(new URLSearchParams()).filters))).count;
    // Many more entries and certificates, in more provinces and years.
    const more = [province("01"), province("79"), province("48"), oldBacGiang()];
    for (let i = 0; i < 40; i++) {
      const pr = more[i % more.length]!;
      const est = establishment(`Cơ sở thêm ${i}`, pr.id);
      entry(i % 2 ? nationalRound : bnRound2026, est, (i % 4) + 1, "recognised", i % 3 ? "valid" : undefined);
    }
    const after = await measure();
    const moduleAfter = (await countStatementsAsync(async () => nationalStats(bnPrincipal, parseNationalFilters(new URLSearchParams()).filters))).count;
    expect(after).toBe(before);
    expect(moduleAfter).toBe(moduleBefore);
    expect(moduleAfter).toBeLessThanOrEqual(5);
    expect(moduleAfter).toBeGreaterThanOrEqual(4); // the counter does count
    const data = await page("nat");
    expect(data.totals.entries).toBe(9 + 40);
    expect(conferenceSentence(data.years[0])).toBe(data.years[0].sentence);
  });
});
