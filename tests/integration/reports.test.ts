/**
 * The exports of a scoring stage through their real routes on a real SQLite database: the results
 * table (.xlsx, read back cell by cell against hand-computed means), a judge's score sheets and the
 * council's minutes (PDF, pages counted, rendered to PNG under tests/.tmp/screenshots), blindness
 * until the stage is closed, and who may download what.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { LoaderFunction } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  conflictsOfInterest,
  councilMembers,
  councils,
  councilVerdicts,
  criteria,
  criteriaSheets,
  entries,
  establishmentMembers,
  establishments,
  products,
  roundSheets,
  scoreLines,
  scoreSheets,
  stageClosures,
} from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { loader as resultsXlsx } from "~/routes/to-chuc.vong.$roundId_.bao-cao.ket-qua[.]xlsx";
import { loader as minutesPdf } from "~/routes/to-chuc.vong.$roundId_.bao-cao.bien-ban[.]pdf";
import { loader as sheetsPdf } from "~/routes/to-chuc.vong.$roundId_.bao-cao.phieu-cham.$memberId[.]pdf";
import { TMP_ROOT } from "../helpers/tmp";
import { createBody, createCommune, createOrganizer, createRound, createUser, province, requestWithCookie } from "../helpers/fixtures";

type Who = "anonymous" | "bn" | "tn" | "producer" | "admin" | "chair" | "judgeB" | "judgeC" | "judgeD" | "otherJudge";
const cookies: Partial<Record<Who, string | null>> = { anonymous: null };
const member: Record<"A" | "B" | "C" | "D" | "secretary" | "other", number> = { A: 0, B: 0, C: 0, D: 0, secretary: 0, other: 0 };
const entry: Record<"E1" | "E2" | "E3" | "E4" | "E5" | "E6", number> = { E1: 0, E2: 0, E3: 0, E4: 0, E5: 0, E6: 0 };
let roundId = 0;
let otherRoundId = 0;

const SCREENSHOTS = path.join(TMP_ROOT, "screenshots");

/** A comment too long for the sheet's page: it continues on the next one. */
const LONG_COMMENT = Array.from({ length: 12 }, (_, i) =>
  `Ý kiến ${i + 1}: sản phẩm có kiểu dáng đẹp, men gốm đều màu, hoa văn tinh xảo thể hiện rõ bản sắc văn hóa làng nghề truyền thống; cơ sở cần đầu tư thêm về bao bì, nhãn mác, đăng ký nhãn hiệu, xây dựng hệ thống quản lý chất lượng và mở rộng kênh phân phối, tham gia thương mại điện tử và xúc tiến xuất khẩu.`,
).join("\n");

/** Group points [I, II, III, IV] in tenths. */
type Pts = [number, number, number, number];

beforeAll(async () => {
  const bacNinh = province("24");
  const thaiNguyen = province("19");
  const phuLang = createCommune(bacNinh.id, "Phù Lãng");
  const bnBody = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bacNinh.id);
  const tnBody = createBody("Sở Công Thương tỉnh Thái Nguyên", "province", thaiNguyen.id);
  const official = db.select().from(criteriaSheets).where(eq(criteriaSheets.isOfficial, true)).get()!;
  roundId = createRound(bnBody.id, "province", bacNinh.id, "Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu tỉnh Bắc Ninh năm 2026", {
    status: "scoring",
    recognitionCap: 2,
    criteriaSheetId: official.id,
    councilMeetingOn: "2026-12-05",
  }).id;
  otherRoundId = createRound(tnBody.id, "province", thaiNguyen.id, "Bình chọn sản phẩm CNNT tiêu biểu tỉnh Thái Nguyên năm 2026", { status: "scoring" }).id;

  const users = {
    bn: await createOrganizer("bn@example.vn", bnBody.id),
    tn: await createOrganizer("tn@example.vn", tnBody.id),
    producer: await createUser("coso@example.vn"),
    admin: await createUser("admin@example.vn", { isSystemAdmin: true }),
    chair: await createUser("chutich@example.vn", { fullName: "Phạm Văn Khải" }),
    judgeB: await createUser("gk2@example.vn", { fullName: "Đỗ Thị Lan" }),
    judgeC: await createUser("gk3@example.vn", { fullName: "Vũ Đình Nam" }),
    judgeD: await createUser("gk4@example.vn", { fullName: "Ngô Thị Hằng" }),
    otherJudge: await createUser("gk-tn@example.vn", { fullName: "Trần Quốc Toản" }),
  };
  for (const [who, id] of Object.entries(users)) cookies[who as Who] = await startSession(id);

  const council = db
    .insert(councils)
    .values({ roundId, name: "Hội đồng bình chọn sản phẩm CNNT tiêu biểu tỉnh Bắc Ninh năm 2026", establishedByDecision: "1520/QĐ-UBND" })
    .returning()
    .get();
  const add = (fullName: string, title: string, role: "chair" | "secretary" | "member", userId: string | null, isJudge = true) =>
    db.insert(councilMembers).values({ councilId: council.id, userId, fullName, title, affiliation: "Sở Công Thương tỉnh Bắc Ninh", role, isJudge }).returning().get().id;
  member.A = add("Phạm Văn Khải", "PGS.TS", "chair", users.chair);
  member.B = add("Đỗ Thị Lan", "ThS", "member", users.judgeB);
  member.C = add("Vũ Đình Nam", "TS", "member", users.judgeC);
  member.D = add("Ngô Thị Hằng", "Nghệ nhân ưu tú", "member", users.judgeD);
  member.secretary = add("Lương Thị Thảo", "CN", "secretary", null, false);
  const otherCouncil = db.insert(councils).values({ roundId: otherRoundId, name: "Hội đồng tỉnh Thái Nguyên" }).returning().get();
  member.other = db.insert(councilMembers).values({ councilId: otherCouncil.id, userId: users.otherJudge, fullName: "Trần Quốc Toản", role: "member" }).returning().get().id;

  const est = db
    .insert(establishments)
    .values({ legalType: "cooperative", name: "Hợp tác xã Gốm Phù Lãng", provinceId: bacNinh.id, unitId: phuLang.id })
    .returning()
    .get();
  db.insert(establishmentMembers).values({ establishmentId: est.id, userId: users.producer, role: "owner" }).run();
  const est2 = db.insert(establishments).values({ legalType: "sme", name: "Công ty TNHH Mây tre đan Xuân Lai", provinceId: bacNinh.id, unitId: bacNinh.id }).returning().get();
  const mkEntry = (n: number, name: string, group: number, status: "accepted" | "rejected" = "accepted", estId = est.id) => {
    const product = db.insert(products).values({ establishmentId: estId, name, productGroupId: group }).returning().get();
    return db
      .insert(entries)
      .values({ roundId, productId: product.id, establishmentId: estId, status, dossierNo: `BN-2026-${n}`, votingCode: `BN26-00${n}`, submittedAt: new Date() })
      .returning()
      .get().id;
  };
  entry.E1 = mkEntry(1, "Bình gốm men da lươn Phù Lãng", 1);
  entry.E2 = mkEntry(2, "Tranh Đông Hồ khắc gỗ", 1);
  entry.E3 = mkEntry(3, "Đèn gốm thấu quang", 1);
  entry.E4 = mkEntry(4, "Lọ hoa gốm đắp nổi", 1);
  entry.E5 = mkEntry(5, "Bánh phu thê Đình Bảng", 2, "accepted", est2.id);
  entry.E6 = mkEntry(6, "Khay mây tre đan xuất khẩu", 4, "accepted", est2.id);
  mkEntry(7, "Sản phẩm bị từ chối", 1, "rejected");

  const groupIds = new Map(
    db
      .select()
      .from(criteria)
      .where(eq(criteria.sheetId, official.id))
      .all()
      .filter((c) => c.parentId == null)
      .map((c) => [c.code, c.id]),
  );
  // Group 2 scores sub-criteria on a sheet of its own (round_sheets): same groups, points per sub-criterion.
  const subSheet = db.insert(criteriaSheets).values({ code: "BN26-NHOM2", version: 1, name: "Phiếu chấm điểm nhóm 2 (chấm theo tiêu chí thành phần)", productGroupId: 2, scoreSubCriteria: true }).returning().get();
  const subIds = new Map<string, number>();
  for (const c of db.select().from(criteria).where(eq(criteria.sheetId, official.id)).all().sort((a, b) => (a.parentId ?? 0) - (b.parentId ?? 0))) {
    const parentCode = c.parentId ? db.select().from(criteria).where(eq(criteria.id, c.parentId)).get()!.code : null;
    const row = db
      .insert(criteria)
      .values({ sheetId: subSheet.id, parentId: parentCode ? subIds.get(parentCode)! : null, code: c.code, name: c.name, maxTenths: c.maxTenths, position: c.position })
      .returning()
      .get();
    subIds.set(c.code, row.id);
  }
  db.insert(roundSheets).values({ roundId, productGroupId: 2, sheetId: subSheet.id }).run();
  /** Lines per sub-criterion of groups I and II, per group for III and IV. */
  const subSheetScore = (e: number, m: number, lines: Record<string, number>, comment = "") => {
    const total = Object.values(lines).reduce((a, b) => a + b, 0);
    const s = db
      .insert(scoreSheets)
      .values({ entryId: e, councilMemberId: m, stage: 1, sheetId: subSheet.id, status: "submitted", totalTenths: total, comment, submittedAt: new Date("2026-11-21T03:00:00Z") })
      .returning()
      .get();
    for (const [code, pts] of Object.entries(lines)) db.insert(scoreLines).values({ scoreSheetId: s.id, criterionId: subIds.get(code)!, pointsTenths: pts }).run();
  };

  const sheet = (e: number, m: number, pts: Pts, status: "draft" | "submitted" = "submitted", comment = "Sản phẩm đạt yêu cầu về chất lượng, mẫu mã đẹp, mang đậm bản sắc làng nghề.") => {
    const total = pts.reduce((a, b) => a + b, 0);
    const s = db
      .insert(scoreSheets)
      .values({
        entryId: e,
        councilMemberId: m,
        stage: 1,
        sheetId: official.id,
        status,
        totalTenths: total,
        comment,
        submittedAt: status === "submitted" ? new Date("2026-11-20T03:00:00Z") : null,
      })
      .returning()
      .get();
    ["I", "II", "III", "IV"].forEach((code, i) => db.insert(scoreLines).values({ scoreSheetId: s.id, criterionId: groupIds.get(code)!, pointsTenths: pts[i]! }).run());
  };
  // E1: 80, 75, 77.5 → 77,50; judge D declared a conflict: its 95 is not counted.
  sheet(entry.E1, member.A, [320, 320, 80, 80]);
  sheet(entry.E1, member.B, [300, 300, 75, 75]);
  sheet(entry.E1, member.C, [310, 310, 78, 77]);
  sheet(entry.E1, member.D, [380, 380, 95, 95]);
  db.insert(conflictsOfInterest).values({ entryId: entry.E1, councilMemberId: member.D, reason: "Người thân làm việc tại cơ sở" }).run();
  // E2: 70, 68 and a draft 90 → 2 judges, 69,00, fails.
  sheet(entry.E2, member.A, [280, 280, 70, 70]);
  sheet(entry.E2, member.B, [272, 272, 68, 68]);
  sheet(entry.E2, member.C, [360, 360, 90, 90], "draft");
  // E3: 60, 65, 80 → 68,33 (205/3), judges 20 points apart: discrepancy.
  sheet(entry.E3, member.A, [240, 240, 60, 60]);
  sheet(entry.E3, member.B, [260, 260, 65, 65], "submitted", "");
  sheet(entry.E3, member.C, [320, 320, 80, 80], "submitted", LONG_COMMENT);
  // E4: 77.5 three times → 77,50 like E1, but group I 30,00 < 31,00: ranked below E1.
  for (const m of [member.A, member.B, member.C]) sheet(entry.E4, m, [300, 320, 78, 77]);
  // E5 (group 2, scored per sub-criterion): 88, 86, 87 → 87,00, first. Group I: 35 + 34 + 35.
  const I35 = { "I.1": 90, "I.2": 40, "I.3": 90, "I.4": 40, "I.5": 90 };
  const I34 = { "I.1": 90, "I.2": 40, "I.3": 90, "I.4": 40, "I.5": 80 };
  const II35 = { "II.1": 90, "II.2": 130, "II.3": 90, "II.4": 40 };
  const II34 = { "II.1": 90, "II.2": 120, "II.3": 90, "II.4": 40 };
  subSheetScore(entry.E5, member.A, { ...I35, ...II35, III: 90, IV: 90 }, "Sản phẩm truyền thống nổi tiếng của vùng Kinh Bắc.");
  subSheetScore(entry.E5, member.B, { ...I34, ...II34, III: 90, IV: 90 });
  subSheetScore(entry.E5, member.C, { ...I35, ...II34, III: 90, IV: 90 }, "Bao bì đẹp, nhãn mác đầy đủ, có mã vạch, truy xuất nguồn gốc. Đề nghị Hội đồng xem xét công nhận.");
  // E6: no sheet at all.

  const verdict = (e: number, recognised: boolean, votes: [number, number, number], note: string | null = null) =>
    db
      .insert(councilVerdicts)
      .values({ entryId: e, recognised, votesFor: votes[0], votesAgainst: votes[1], votesAbstain: votes[2], note, decidedAt: new Date("2026-12-05T03:00:00Z") })
      .run();
  verdict(entry.E5, true, [4, 0, 0]);
  verdict(entry.E1, true, [3, 1, 0]);
  verdict(entry.E3, false, [0, 4, 0], "Chưa đạt điểm tối thiểu.");
});

async function call(loader: LoaderFunction, who: Who, params: Record<string, string>, query = "?vong=1") {
  const url = `/to-chuc/vong/${params.roundId}/bao-cao/x${query}`;
  try {
    const res = (await loader({ request: requestWithCookie(url, cookies[who] ?? null), params, context: {} })) as Response;
    return { status: res.status, res, message: undefined as string | undefined, location: res.headers.get("Location") };
  } catch (thrown) {
    if (thrown instanceof Response) {
      const data = thrown.headers.get("Content-Type")?.includes("json") ? await thrown.json() : null;
      return { status: thrown.status, res: thrown, message: data?.message as string | undefined, location: thrown.headers.get("Location") };
    }
    throw thrown;
  }
}

const rp = (extra: Record<string, string> = {}) => ({ roundId: String(roundId), ...extra });
const bytesOf = async (r: { res: Response }) => Buffer.from(await r.res.arrayBuffer());
/** Page objects of a PDF ("/Type /Page", not "/Type /Pages"). */
const pageCount = (pdf: Buffer) => (pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;

function closeStage() {
  db.insert(stageClosures).values({ roundId, stage: 1, closedAt: new Date("2026-12-01T02:00:00Z") }).onConflictDoUpdate({ target: [stageClosures.roundId, stageClosures.stage], set: { reopenedAt: null } }).run();
}
function reopenStage() {
  db.update(stageClosures).set({ reopenedAt: new Date() }).where(and(eq(stageClosures.roundId, roundId), eq(stageClosures.stage, 1))).run();
}

const exportsList = [
  { name: "results xlsx", loader: resultsXlsx, params: () => rp() },
  { name: "minutes pdf", loader: minutesPdf, params: () => rp() },
  { name: "judge B's sheets", loader: sheetsPdf, params: () => rp({ memberId: String(member.B) }) },
];

describe("before the stage is closed nobody sees points", () => {
  it.each(exportsList)("$name: 409 for the organizer, with the Vietnamese message", async ({ loader, params }) => {
    const r = await call(loader, "bn", params());
    expect(r.status).toBe(409);
    expect(r.message).toBe("Chưa khóa vòng chấm: chưa thể xuất điểm.");
  });

  it("the chair gets 409 too, for the results, the minutes and another judge's sheets", async () => {
    for (const { loader, params } of exportsList) expect((await call(loader, "chair", params())).status).toBe(409);
  });

  it("a judge downloads its own sheets at any time: one page per submitted sheet", async () => {
    const r = await call(sheetsPdf, "judgeB", rp({ memberId: String(member.B) }));
    expect(r.status).toBe(200);
    expect(r.res.headers.get("Content-Type")).toBe("application/pdf");
    const pdf = await bytesOf(r);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pageCount(pdf)).toBe(5); // E1-E5
    // Judge C's draft on E2 is not printed; its long comment on E3 continues on one more page.
    const c = await bytesOf(await call(sheetsPdf, "judgeC", rp({ memberId: String(member.C) })));
    expect(pageCount(c)).toBe(5);
  });

  it("a judge asking for another member's sheets gets 404, before and after closing", async () => {
    expect((await call(sheetsPdf, "judgeB", rp({ memberId: String(member.C) }))).status).toBe(404);
    expect((await call(sheetsPdf, "judgeB", rp({ memberId: String(member.A) }))).status).toBe(404);
    expect((await call(sheetsPdf, "judgeB", rp({ memberId: String(member.other) }))).status).toBe(404);
    closeStage();
    expect((await call(sheetsPdf, "judgeB", rp({ memberId: String(member.C) }))).status).toBe(404);
    reopenStage();
  });
});

describe("who may download (stage closed)", () => {
  beforeAll(() => closeStage());

  it.each(exportsList)("$name: anonymous is sent to log in", async ({ loader, params }) => {
    const r = await call(loader, "anonymous", params());
    expect(r.status).toBe(302);
    expect(r.location).toMatch(/^\/dang-nhap\?next=/);
  });

  it.each(exportsList)("$name: a producer and an admin get 403", async ({ loader, params }) => {
    for (const who of ["producer", "admin"] as Who[]) {
      const r = await call(loader, who, params());
      expect(r.status).toBe(403);
      expect(r.message).toBeTruthy();
    }
  });

  it.each(exportsList)("$name: the organizer of another province gets 404", async ({ loader, params }) => {
    expect((await call(loader, "tn", params())).status).toBe(404);
  });

  it("a judge of another round gets 403 on all three", async () => {
    expect((await call(resultsXlsx, "otherJudge", rp())).status).toBe(403);
    expect((await call(minutesPdf, "otherJudge", rp())).status).toBe(403);
    expect((await call(sheetsPdf, "otherJudge", rp({ memberId: String(member.B) }))).status).toBe(403);
  });

  it("a judge who is not the chair may not have the results or the minutes", async () => {
    expect((await call(resultsXlsx, "judgeB", rp())).status).toBe(403);
    expect((await call(minutesPdf, "judgeC", rp())).status).toBe(403);
  });

  it("the organizer and the chair download all three", async () => {
    for (const who of ["bn", "chair"] as Who[]) {
      for (const { loader, params } of exportsList) expect((await call(loader, who, params())).status).toBe(200);
    }
  });

  it("the organizer cannot reach another round's judge through this round, nor unknown ids", async () => {
    expect((await call(sheetsPdf, "bn", rp({ memberId: String(member.other) }))).status).toBe(404);
    expect((await call(sheetsPdf, "bn", rp({ memberId: "999999" }))).status).toBe(404);
    expect((await call(sheetsPdf, "bn", rp({ memberId: "abc" }))).status).toBe(404);
    expect((await call(resultsXlsx, "bn", { roundId: "abc" })).status).toBe(404);
    expect((await call(resultsXlsx, "bn", { roundId: "999999" })).status).toBe(404);
    expect((await call(resultsXlsx, "bn", { roundId: String(otherRoundId) })).status).toBe(404);
  });

  it.each(exportsList)("$name: a bad stage is a 400 with a clear message, never a 500", async ({ loader, params }) => {
    const abc = await call(loader, "bn", params(), "?vong=abc");
    expect(abc.status).toBe(400);
    expect(abc.message).toMatch(/vòng chấm "abc" không hợp lệ/);
    const three = await call(loader, "bn", params(), "?vong=3");
    expect(three.status).toBe(400);
    expect(three.message).toBe("Không có vòng chấm 3: kỳ bình chọn này chỉ có vòng chấm 1.");
    expect((await call(loader, "bn", params(), "?vong=0")).status).toBe(400);
    expect((await call(loader, "bn", params(), "?vong=-1")).status).toBe(400);
    expect((await call(loader, "bn", params(), "")).status).toBe(200); // absent: stage 1
  });

  it("a reopened stage is blind again", async () => {
    reopenStage();
    expect((await call(resultsXlsx, "bn", rp())).status).toBe(409);
    expect((await call(sheetsPdf, "chair", rp({ memberId: String(member.B) }))).status).toBe(409);
    closeStage();
  });
});

describe("the results table", () => {
  let ws: ExcelJS.Worksheet;
  let headers: string[];
  const col = (header: string) => {
    const i = headers.findIndex((h) => h.startsWith(header));
    if (i < 0) throw new Error(`no column ${header}: ${headers.join(" | ")}`);
    return i + 1;
  };
  const rowOf = (code: string) => {
    for (let r = 2; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(col("Mã số bình chọn")).value === code) return ws.getRow(r);
    throw new Error(`no row ${code}`);
  };

  beforeAll(async () => {
    closeStage();
    const r = await call(resultsXlsx, "bn", rp());
    expect(r.status).toBe(200);
    expect(r.res.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(r.res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="ket-qua-cham-diem-2026-ky-\d+\.xlsx"$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await bytesOf(r)) as unknown as ArrayBuffer);
    ws = wb.getWorksheet("Kết quả")!;
    headers = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  });

  it("has Vietnamese headers in a bold frozen header row", () => {
    expect(headers.slice(0, 10)).toEqual([
      "Hạng",
      "Hạng trong nhóm sản phẩm",
      "Mã số bình chọn",
      "Tên sản phẩm",
      "Nhóm sản phẩm",
      "Cơ sở sản xuất",
      "Xã, phường",
      "Tỉnh, thành phố",
      "Số giám khảo",
      "Điểm trung bình",
    ]);
    for (const h of ["Điểm TB nhóm I (tối đa 40)", "Điểm TB nhóm II (tối đa 40)", "Điểm TB nhóm III (tối đa 10)", "Điểm TB nhóm IV (tối đa 10)", "Tổng điểm thấp nhất", "Tổng điểm cao nhất", "Chênh lệch lớn", "Kết quả (điểm đạt 70)", "Quy tắc khi bằng điểm", "Đề nghị công nhận (tối đa 2)", "Quyết định của Hội đồng", "Biểu quyết"]) {
      expect(headers.some((x) => x.startsWith(h))).toBe(true);
    }
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(ws.getColumn(col("Tên sản phẩm")).width).toBeGreaterThanOrEqual(30);
  });

  it("lists the stage's entries in rank order (not the rejected one), unscored last", () => {
    const codes = [];
    for (let r = 2; r <= ws.rowCount; r++) codes.push(ws.getRow(r).getCell(col("Mã số bình chọn")).value);
    expect(codes).toEqual(["BN26-005", "BN26-001", "BN26-004", "BN26-002", "BN26-003", "BN26-006"]);
  });

  it("E1: three judges 80, 75, 77.5 → 77,50 as a number; the conflicted judge's 95 not counted", () => {
    const r = rowOf("BN26-001");
    const mean = r.getCell(col("Điểm trung bình"));
    expect(mean.value).toBe(77.5);
    expect(typeof mean.value).toBe("number");
    expect(mean.numFmt).toBe("0.00");
    expect(r.getCell(col("Số giám khảo")).value).toBe(3);
    expect(r.getCell(col("Hạng")).value).toBe(2);
    expect(r.getCell(col("Hạng trong nhóm")).value).toBe(1);
    expect(r.getCell(col("Điểm TB nhóm I ")).value).toBe(31);
    expect(r.getCell(col("Điểm TB nhóm II ")).value).toBe(31);
    expect(r.getCell(col("Điểm TB nhóm III ")).value).toBe(7.77); // 233/30 = 7,766… → 7,77
    expect(r.getCell(col("Điểm TB nhóm IV ")).value).toBe(7.73); // 232/30 = 7,733… → 7,73
    expect(r.getCell(col("Tổng điểm thấp nhất")).value).toBe(75);
    expect(r.getCell(col("Tổng điểm cao nhất")).value).toBe(80);
    expect(r.getCell(col("Chênh lệch lớn")).value ?? "").toBe("");
    expect(r.getCell(col("Kết quả")).value).toBe("Đạt");
    expect(r.getCell(col("Quy tắc khi bằng điểm")).value).toBe("Bằng điểm trung bình; xếp trên theo điểm nhóm I");
    expect(r.getCell(col("Đề nghị công nhận")).value).toBe("Đề nghị công nhận");
    expect(r.getCell(col("Quyết định của Hội đồng")).value).toBe("Công nhận");
    expect(r.getCell(col("Biểu quyết")).value).toBe("3 tán thành / 1 không tán thành / 0 không ý kiến");
    expect(r.getCell(col("Tên sản phẩm")).value).toBe("Bình gốm men da lươn Phù Lãng");
    expect(r.getCell(col("Nhóm sản phẩm")).value).toBe("Nhóm 1: Thủ công mỹ nghệ");
    expect(r.getCell(col("Cơ sở sản xuất")).value).toBe("Hợp tác xã Gốm Phù Lãng");
    expect(r.getCell(col("Xã, phường")).value).toBe("Xã Phù Lãng");
    expect(String(r.getCell(col("Tỉnh, thành phố")).value)).toMatch(/Bắc Ninh$/);
  });

  it("E4: the same mean, ranked below E1 by group I, passed but beyond the cap of 2", () => {
    const r = rowOf("BN26-004");
    expect(r.getCell(col("Điểm trung bình")).value).toBe(77.5);
    expect(r.getCell(col("Hạng")).value).toBe(3);
    expect(r.getCell(col("Điểm TB nhóm I ")).value).toBe(30);
    expect(r.getCell(col("Quy tắc khi bằng điểm")).value).toBe("Bằng điểm trung bình; xếp dưới theo điểm nhóm I");
    expect(r.getCell(col("Kết quả")).value).toBe("Đạt");
    expect(r.getCell(col("Đề nghị công nhận")).value ?? "").toBe("");
    expect(r.getCell(col("Quyết định của Hội đồng")).value).toBe("Chưa quyết định");
  });

  it("E2: the draft is not counted → two judges, 69,00, fails, flagged as too few judges", () => {
    const r = rowOf("BN26-002");
    expect(r.getCell(col("Số giám khảo")).value).toBe(2);
    expect(r.getCell(col("Điểm trung bình")).value).toBe(69);
    expect(r.getCell(col("Hạng")).value).toBe(4);
    expect(r.getCell(col("Kết quả")).value).toBe("Không đạt");
    expect(r.getCell(col("Ghi chú")).value).toBe("Ít hơn 3 giám khảo");
  });

  it("E3: 60, 65, 80 → 68,33 with the discrepancy flag; the council's refusal and its note", () => {
    const r = rowOf("BN26-003");
    expect(r.getCell(col("Điểm trung bình")).value).toBe(68.33);
    expect(r.getCell(col("Chênh lệch lớn")).value).toBe("Có");
    expect(r.getCell(col("Tổng điểm thấp nhất")).value).toBe(60);
    expect(r.getCell(col("Tổng điểm cao nhất")).value).toBe(80);
    expect(r.getCell(col("Hạng trong nhóm")).value).toBe(4);
    expect(r.getCell(col("Quyết định của Hội đồng")).value).toBe("Không công nhận");
    expect(r.getCell(col("Ghi chú")).value).toBe("Chưa đạt điểm tối thiểu.");
  });

  it("E5 leads its group and the round; E6 without sheets has no rank and no figures", () => {
    const e5 = rowOf("BN26-005");
    expect(e5.getCell(col("Điểm trung bình")).value).toBe(87);
    expect(e5.getCell(col("Hạng")).value).toBe(1);
    expect(e5.getCell(col("Hạng trong nhóm")).value).toBe(1);
    // Scored per sub-criterion: group means are the means of the sub-criteria sums.
    expect(e5.getCell(col("Điểm TB nhóm I ")).value).toBe(34.67); // (35 + 34 + 35) / 3
    expect(e5.getCell(col("Điểm TB nhóm II ")).value).toBe(34.33); // (35 + 34 + 34) / 3
    expect(e5.getCell(col("Điểm TB nhóm III ")).value).toBe(9);
    expect(e5.getCell(col("Xã, phường")).value ?? "").toBe("");
    const e6 = rowOf("BN26-006");
    expect(e6.getCell(col("Hạng")).value ?? null).toBeNull();
    expect(e6.getCell(col("Điểm trung bình")).value ?? null).toBeNull();
    expect(e6.getCell(col("Số giám khảo")).value).toBe(0);
    expect(e6.getCell(col("Ghi chú")).value).toBe("Chưa có phiếu chấm được tính");
  });
});

describe("the PDFs", () => {
  beforeAll(() => {
    closeStage();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });

  function render(pdf: Buffer, name: string) {
    const file = path.join(SCREENSHOTS, `${name}.pdf`);
    fs.writeFileSync(file, pdf);
    for (const f of fs.readdirSync(SCREENSHOTS)) if (f.startsWith(`${name}-`) && f.endsWith(".png")) fs.rmSync(path.join(SCREENSHOTS, f));
    execFileSync("pdftoppm", ["-png", "-r", "80", file, path.join(SCREENSHOTS, name)]);
    return fs.readdirSync(SCREENSHOTS).filter((f) => f.startsWith(`${name}-`) && f.endsWith(".png"));
  }

  it("the organizer gets judge A's sheets: one page per entry, rendered to PNG", async () => {
    const r = await call(sheetsPdf, "bn", rp({ memberId: String(member.A) }));
    expect(r.status).toBe(200);
    expect(r.res.headers.get("Content-Disposition")).toMatch(/filename="phieu-cham-diem-Pham-Van-Khai-ky-\d+\.pdf"/);
    const pdf = await bytesOf(r);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pageCount(pdf)).toBe(5);
    expect(render(pdf, "reports-phieu-cham-A")).toHaveLength(5);
  });

  it("judge D's only sheet is printed with the conflict note", async () => {
    const pdf = await bytesOf(await call(sheetsPdf, "judgeD", rp({ memberId: String(member.D) })));
    expect(pageCount(pdf)).toBe(1);
    expect(render(pdf, "reports-phieu-cham-D")).toHaveLength(1);
  });

  it("judge C's sheets: a long comment continues on its own page", async () => {
    const pdf = await bytesOf(await call(sheetsPdf, "chair", rp({ memberId: String(member.C) })));
    expect(render(pdf, "reports-phieu-cham-C")).toHaveLength(5);
  });

  it("a member without submitted sheets gets one page that says so", async () => {
    const pdf = await bytesOf(await call(sheetsPdf, "bn", rp({ memberId: String(member.secretary) })));
    expect(pageCount(pdf)).toBe(1);
  });

  it("the minutes: three A4 pages for six entries (table, council, conflicts, missing sheets, ties, judge statistics, decision, signatures), rendered to PNG", async () => {
    const r = await call(minutesPdf, "chair", rp());
    expect(r.status).toBe(200);
    const pdf = await bytesOf(r);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const pngs = render(pdf, "reports-bien-ban");
    expect(pageCount(pdf)).toBe(3);
    expect(pdf.toString("latin1")).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    expect(pngs).toHaveLength(3);
  });
});
