/**
 * Prizes (issue 14) on a real SQLite database with the real migrations and the real routes:
 * the declaration (saved before scoring, 409 after), the assignment refused while a tie straddles
 * a prize boundary and allowed after the council's tie-break vote, a council choice needing a
 * reason, the payment list read back with exceljs (amounts and words), the minutes, the results
 * xlsx and the certificate PDF carrying the prize, and authorization across roles and provinces.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, certificates, councilMembers, councils, councilVerdicts, criteria, criteriaSheets, entries, establishmentMembers, establishments, products, rounds, scoreLines, scoreSheets } from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { todayInVietnam } from "~/lib/dates";
import { db } from "~/lib/db.server";
import { loadPrincipal } from "~/lib/permissions.server";
import { certificatePrint, closeCertificateWorkers, createMissingCertificates } from "~/modules/certificates/certificates.server";
// The layout itself (certificate-pdf.mjs): pdf.server.ts's worker hand-off (plainPrint) must carry
// prizeName too for issued PDFs to show it (a change outside this task, see its report).
import { loadFontsSync, renderCertificatePdfWith } from "~/modules/certificates/certificate-pdf.mjs";
import { EstablishmentSchema } from "~/modules/producers/producers";
import { assignPrizes, prizesForResults, saveDeclaration } from "~/modules/prizes/prizes.server";
import { closeStage, publishRound, recordDecision, recordVerdicts } from "~/modules/scoring/scoring.server";
import { recordTieBreakVote } from "~/modules/scoring/tiebreak.server";
import { action as prizesAction, loader as prizesLoader } from "~/routes/to-chuc.vong.$roundId_.giai-thuong";
import { loader as paymentLoader } from "~/routes/to-chuc.vong.$roundId_.giai-thuong.chi-tra[.]xlsx";
import { loader as minutesPdf } from "~/routes/to-chuc.vong.$roundId_.bao-cao.bien-ban[.]pdf";
import { loader as resultsXlsx } from "~/routes/to-chuc.vong.$roundId_.bao-cao.ket-qua[.]xlsx";
import { TMP_ROOT } from "../helpers/tmp";
import { createBody, createOrganizer, createRound, createUser, province, requestWithCookie } from "../helpers/fixtures";

const cookies: Record<string, string | null> = {};
let orgUser = "";
let roundId = 0;
let official = 0;
const groupId = new Map<string, number>();
const member: number[] = [];
const e: Record<string, number> = {};

type Pts = [number, number, number, number];
const split = (total: number): Pts => [total * 4, total * 4, total, total];
function sheet(entryId: number, memberId: number, pts: Pts) {
  const s = db
    .insert(scoreSheets)
    .values({ entryId, councilMemberId: memberId, stage: 1, sheetId: official, status: "submitted", totalTenths: pts.reduce((a, b) => a + b, 0), comment: "", submittedAt: new Date() })
    .returning()
    .get();
  ["I", "II", "III", "IV"].forEach((code, i) => db.insert(scoreLines).values({ scoreSheetId: s.id, criterionId: groupId.get(code)!, pointsTenths: pts[i]! }).run());
}
const organizer = () => loadPrincipal(orgUser, false);

async function call(fn: (args: any) => Promise<unknown>, who: string, init: { method?: string; fields?: [string, string][] } = {}, url = `/to-chuc/vong/${roundId}/giai-thuong`) {
  const body = init.fields ? new URLSearchParams(init.fields) : undefined;
  const request = requestWithCookie(url, cookies[who] ?? null, body ? { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" } } : {});
  try {
    return (await fn({ request, params: { roundId: String(roundId) }, context: {} })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
const declareFields = (rows: [string, string, string, string, string][]): [string, string][] => [
  ["intent", "declare"],
  ...rows.flatMap(([code, name, count, amount, mode], i) => [
    [`p_code_${i}`, code],
    [`p_name_${i}`, name],
    [`p_count_${i}`, count],
    [`p_amount_${i}`, amount],
    [`p_mode_${i}`, mode],
  ] as [string, string][]),
  // An empty row, as the form without JavaScript sends it.
  ["p_code_5", ""],
  ["p_name_5", ""],
  ["p_count_5", ""],
  ["p_amount_5", ""],
  ["p_mode_5", "rank"],
];
const DECLARED: [string, string, string, string, string][] = [
  ["A", "Giải A", "2", "5.000.000", "rank"],
  ["B", "Giải B", "1", "3.000.000", "rank"],
  ["KK", "Giải khuyến khích", "1", "500.000", "council"],
];
const prizeCodes = () => new Map(db.select().from(councilVerdicts).all().map((v) => [v.entryId, v.prizeCode]));

beforeAll(async () => {
  const bn = province("24");
  const tn = province("19");
  const body = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bn.id);
  const other = createBody("Sở Công Thương tỉnh Thái Nguyên", "province", tn.id);
  const national = createBody("Cục Công Thương địa phương", "national", null);
  orgUser = await createOrganizer("org-prizes@example.vn", body.id);
  cookies.org = await startSession(orgUser);
  cookies.tn = await startSession(await createOrganizer("org-prizes-tn@example.vn", other.id));
  cookies.national = await startSession(await createOrganizer("org-prizes-cuc@example.vn", national.id));
  const producerUser = await createUser("coso-prizes@example.vn");
  const judgeUser = await createUser("judge-prizes@example.vn");
  cookies.judge = await startSession(judgeUser);
  official = db.select().from(criteriaSheets).where(eq(criteriaSheets.isOfficial, true)).get()!.id;
  for (const c of db.select().from(criteria).where(eq(criteria.sheetId, official)).all()) if (c.parentId == null) groupId.set(c.code, c.id);
  const withBank = db
    .insert(establishments)
    .values({ legalType: "cooperative", name: "Hợp tác xã Mây tre đan Xuân Lai", provinceId: bn.id, street: "Thôn Xuân Lai", representative: "Nguyễn Văn Lai", bankAccountNo: "0123456789012", bankName: "Agribank chi nhánh Bắc Ninh", bankAccountHolder: "Hợp tác xã Mây tre đan Xuân Lai" })
    .returning()
    .get();
  const without = db.insert(establishments).values({ legalType: "household", name: "Hộ kinh doanh Gốm Phù Lãng", provinceId: bn.id, street: "Phù Lãng", representative: "Trần Thị Gốm" }).returning().get();
  db.insert(establishmentMembers).values({ establishmentId: withBank.id, userId: producerUser }).run();
  cookies.producer = await startSession(producerUser);
  roundId = createRound(body.id, "province", bn.id, "Bình chọn tỉnh Bắc Ninh 2026 (giải thưởng)", {
    status: "open",
    passMarkTenths: 700,
    tieBreak: ["I", "II", "vote"],
    minJudgesPerEntry: 2,
    criteriaSheetId: official,
  }).id;
  const council = db.insert(councils).values({ roundId, name: "Hội đồng bình chọn tỉnh Bắc Ninh" }).returning().get();
  for (let i = 1; i <= 3; i++) {
    // The judge account sits on the council as member 2 (not the chair).
    member.push(db.insert(councilMembers).values({ councilId: council.id, userId: i === 2 ? judgeUser : null, fullName: `Giám khảo ${i}`, role: i === 1 ? "chair" : "member" }).returning().get().id);
  }
  for (const code of ["A", "B", "C", "D", "E"]) {
    const est = code === "A" || code === "C" ? withBank : without;
    const prod = db.insert(products).values({ establishmentId: est.id, name: `Sản phẩm ${code}`, productGroupId: 1 }).returning().get();
    e[code] = db.insert(entries).values({ roundId, productId: prod.id, establishmentId: est.id, status: "accepted", votingCode: `BN-${code}` }).returning().get().id;
  }
});

afterAll(async () => {
  await closeCertificateWorkers();
});

describe("authorization", () => {
  it("the round's organizer opens the page; another province 404; the national department (overseeing) 403; a producer and a judge 403", async () => {
    expect((await call(prizesLoader, "org")).status).toBe(200);
    expect((await call(prizesLoader, "tn")).status).toBe(404);
    expect((await call(prizesLoader, "national")).status).toBe(403);
    expect((await call(prizesLoader, "producer")).status).toBe(403);
    expect((await call(prizesLoader, "judge")).status).toBe(403);
    const anon = await call(prizesLoader, "nobody");
    expect(anon.status).toBe(302);
    for (const who of ["tn", "national", "producer"]) {
      const r = await call(prizesAction, who, { fields: declareFields(DECLARED) });
      expect([403, 404]).toContain(r.status);
      expect((await call(paymentLoader, who, {}, `/to-chuc/vong/${roundId}/giai-thuong/chi-tra.xlsx`)).status).toBeGreaterThanOrEqual(403);
    }
    expect(db.select().from(rounds).where(eq(rounds.id, roundId)).get()!.prizes).toBeNull();
  });
});

describe("the declaration", () => {
  it("bad rows: 400 with the field's message, nothing saved", async () => {
    const r = await call(prizesAction, "org", { fields: declareFields([["A", "Giải A", "0", "5.000.000", "rank"], ["B", "Giải B", "1", "-1", "rank"]]) });
    expect(r.status).toBe(400);
    const data = await r.json();
    expect(data.errors.p_count_0).toBe("Số giải phải là số nguyên từ 1 trở lên.");
    expect(data.errors.p_amount_1).toBe("Số tiền mỗi giải phải là số đồng nguyên, từ 0 trở lên (ví dụ 5.000.000).");
    const dup = await call(prizesAction, "org", { fields: declareFields([["A", "Giải A", "1", "5.000.000", "rank"], ["a", "Giải B", "1", "1", "rank"]]) });
    expect(dup.status).toBe(400);
    expect((await dup.json()).errors.p_code_1).toBe('Ký hiệu giải "A" bị trùng với dòng 1.');
    expect(db.select().from(rounds).where(eq(rounds.id, roundId)).get()!.prizes).toBeNull();
  });

  it("is saved before scoring (empty rows ignored), audited", async () => {
    const r = await call(prizesAction, "org", { fields: declareFields(DECLARED) });
    expect(r.status).toBe(302);
    expect(db.select().from(rounds).where(eq(rounds.id, roundId)).get()!.prizes).toEqual([
      { code: "A", name: "Giải A", count: 2, amountVnd: 5_000_000, mode: "rank" },
      { code: "B", name: "Giải B", count: 1, amountVnd: 3_000_000, mode: "rank" },
      { code: "KK", name: "Giải khuyến khích", count: 1, amountVnd: 500_000, mode: "council" },
    ]);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "round.prizes")).all()).toHaveLength(1);
  });

  it("is refused once scoring has started (409), unchanged", async () => {
    db.update(rounds).set({ status: "scoring", scoringStartedAt: new Date() }).where(eq(rounds.id, roundId)).run();
    const r = await call(prizesAction, "org", { fields: declareFields([["A", "Giải A", "5", "9.000.000", "rank"]]) });
    expect(r.status).toBe(409);
    expect((await r.json()).message).toBe("Kỳ bình chọn đã bắt đầu chấm điểm: giải thưởng phải công bố trước khi chấm và không sửa được nữa.");
    expect(() => saveDeclaration(organizer(), roundId, [])).toThrow(/đã bắt đầu chấm điểm/);
    expect(db.select().from(rounds).where(eq(rounds.id, roundId)).get()!.prizes).toHaveLength(3);
  });
});

describe("assignment", () => {
  beforeAll(() => {
    // A 85; B and C 78 each with equal groups (a tie only the vote breaks); D 75; E 72.
    for (const m of member) {
      sheet(e.A!, m, split(85));
      sheet(e.B!, m, split(78));
      sheet(e.C!, m, split(78));
      sheet(e.D!, m, split(75));
      sheet(e.E!, m, split(72));
    }
    closeStage(organizer(), roundId, "");
  });

  it("is refused before the council's verdicts and decision (409)", async () => {
    const r = await call(prizesAction, "org", { fields: [["intent", "assign"], ["a_entries", ""]] });
    expect(r.status).toBe(409);
    expect((await r.json()).message).toBe("Còn 5 sản phẩm chưa có quyết định của Hội đồng: ghi quyết định của Hội đồng trước khi trao giải.");
  });

  it("with B and C tied at rank 2 across the A boundary: refused, naming them; nothing written", async () => {
    recordVerdicts(
      organizer(),
      roundId,
      ["A", "B", "C", "D", "E"].map((k) => ({ entryId: e[k]!, recognised: true, note: "", votesFor: 3, votesAgainst: 0, votesAbstain: 0 })),
    );
    recordDecision(organizer(), roundId, { number: "88/QĐ-UBND", signedOn: todayInVietnam(), signerName: "Nguyễn Văn An", signerTitle: "Phó Chủ tịch", issuer: "UBND tỉnh Bắc Ninh" });
    // Declared prizes not yet awarded: publication waits for them.
    await expect(publishRound(organizer(), roundId)).rejects.toThrow(/chưa trao giải/);
    const page = await (await call(prizesLoader, "org")).json();
    expect(page.proposal).toMatchObject({ ok: false, tiedEntryIds: [e.B, e.C] });
    expect(page.canAssign).toBe(true);
    const r = await call(prizesAction, "org", { fields: [["intent", "assign"], ["a_entries", `${e.A}`]] });
    expect(r.status).toBe(400);
    expect((await r.json()).message).toBe(
      "BN-B, BN-C cùng xếp hạng 2 nhưng số giải còn lại chỉ đủ chia thành: Giải A (1), Giải B (1). Hội đồng cần phân định đồng điểm theo quy tắc đã công bố (kể cả biểu quyết phân định đồng điểm) trước khi trao giải theo thứ hạng.",
    );
    expect([...prizeCodes().values()].every((c) => c == null)).toBe(true);
  });

  it("after the tie-break vote (C over B): the proposal follows the new ranks; a council prize without a reason is refused", async () => {
    recordTieBreakVote(organizer(), roundId, { votes: { [e.C!]: 2, [e.B!]: 1 }, votedOn: todayInVietnam(), membersVoting: 3 });
    const page = await (await call(prizesLoader, "org")).json();
    expect(page.proposal.ok).toBe(true);
    expect(page.proposal.byEntry).toEqual({ [e.A!]: "A", [e.C!]: "A", [e.B!]: "B" });
    const ids = ["A", "B", "C", "D", "E"].map((k) => e[k]).join(",");
    const noReason = await call(prizesAction, "org", { fields: [["intent", "assign"], ["a_entries", ids], [`a_prize_${e.D}`, "KK"], [`a_reason_${e.D}`, ""]] });
    expect(noReason.status).toBe(400);
    expect((await noReason.json()).errors[`a_reason_${e.D}`]).toBe("Ghi lý do Hội đồng chọn BN-D cho Giải khuyến khích.");
    expect([...prizeCodes().values()].every((c) => c == null)).toBe(true);
    const ok = await call(prizesAction, "org", {
      fields: [
        ["intent", "assign"],
        ["a_entries", ids],
        [`a_prize_${e.A}`, "A"],
        [`a_prize_${e.B}`, "B"],
        [`a_prize_${e.C}`, "A"],
        [`a_prize_${e.D}`, "KK"],
        [`a_reason_${e.D}`, "Sản phẩm dùng nguyên liệu tái chế, khuyến khích nhân rộng"],
        [`a_prize_${e.E}`, ""],
      ],
    });
    expect(ok.status).toBe(302);
    const codes = prizeCodes();
    expect([e.A, e.B, e.C, e.D, e.E].map((id) => codes.get(id!))).toEqual(["A", "B", "A", "KK", null]);
    expect(db.select().from(councilVerdicts).where(eq(councilVerdicts.entryId, e.D!)).get()!.prizeReason).toBe("Sản phẩm dùng nguyên liệu tái chế, khuyến khích nhân rộng");
    expect(db.select().from(auditLog).where(eq(auditLog.action, "prizes.assign")).all()).toHaveLength(1);
    // The results pages' data: the organizer sees reasons; the public sees nothing before publication.
    const view = prizesForResults(roundId, { manage: true })!;
    expect(view.awards.map((a) => [a.votingCode, a.prizeName])).toEqual([
      ["BN-A", "Giải A"],
      ["BN-C", "Giải A"],
      ["BN-B", "Giải B"],
      ["BN-D", "Giải khuyến khích"],
    ]);
    expect(prizesForResults(roundId, { manage: false })).toBeNull();
  });

  it("a judge of the council cannot assign (403)", () => {
    expect(() => assignPrizes(loadPrincipal(db.select().from(councilMembers).where(eq(councilMembers.id, member[1]!)).get()!.userId!, false), roundId, [])).toThrow();
  });
});

describe("the payment list", () => {
  it("reads back with exceljs: one row per prize with amounts (#,##0), words and bank details; the total in words", async () => {
    const res = await call(paymentLoader, "org", {}, `/to-chuc/vong/${roundId}/giai-thuong/chi-tra.xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toMatch(/chi-tra-tien-thuong-2026-ky-\d+\.xlsx/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as any);
    const ws = wb.getWorksheet("Chi trả")!;
    let headerRow = 0;
    ws.eachRow((row, n) => {
      if (row.getCell(1).value === "STT") headerRow = n;
    });
    const headers = (ws.getRow(headerRow).values as unknown[]).slice(1);
    expect(headers).toEqual(["STT", "Cơ sở sản xuất", "Người đại diện", "Địa chỉ", "Sản phẩm", "Giải thưởng", "Số tiền (đồng)", "Số tiền bằng chữ", "Số tài khoản", "Ngân hàng", "Chủ tài khoản"]);
    const rows = [1, 2, 3, 4].map((i) => (ws.getRow(headerRow + i).values as unknown[]).slice(1));
    expect(rows.map((r) => [r[0], r[4], r[5], r[6], r[7]])).toEqual([
      [1, "Sản phẩm A", "Giải A", 5_000_000, "Năm triệu đồng"],
      [2, "Sản phẩm C", "Giải A", 5_000_000, "Năm triệu đồng"],
      [3, "Sản phẩm B", "Giải B", 3_000_000, "Ba triệu đồng"],
      [4, "Sản phẩm D", "Giải khuyến khích", 500_000, "Năm trăm nghìn đồng"],
    ]);
    expect(rows[0]!.slice(8)).toEqual(["0123456789012", "Agribank chi nhánh Bắc Ninh", "Hợp tác xã Mây tre đan Xuân Lai"]);
    expect(rows[0]![1]).toBe("Hợp tác xã Mây tre đan Xuân Lai");
    expect(rows[0]![2]).toBe("Nguyễn Văn Lai");
    expect(String(rows[0]![3])).toMatch(/^Thôn Xuân Lai, Tỉnh Bắc Ninh$/);
    // No bank details given: the cells are empty.
    expect(rows[2]!.slice(8).filter(Boolean)).toEqual([]);
    expect(ws.getRow(headerRow + 1).getCell(7).numFmt).toBe("#,##0");
    const total = ws.getRow(headerRow + 5);
    expect(total.getCell(2).value).toBe("Tổng cộng");
    expect(total.getCell(7).value).toBe(13_500_000);
    expect(total.getCell(8).value).toBe("Mười ba triệu năm trăm nghìn đồng");
  });
});

describe("printed", () => {
  it("in the minutes and the results xlsx", async () => {
    const pdf = await call(minutesPdf, "org", {}, `/x?vong=1`);
    expect(pdf.status).toBe(200);
    const dir = path.join(TMP_ROOT, "prizes");
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "bien-ban.pdf");
    fs.writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(text).toContain("Giải thưởng:");
    expect(text).toContain("Giải A (5.000.000 đồng/giải, 2 giải, theo thứ hạng): BN-A (Sản phẩm A); BN-C (Sản phẩm C).");
    expect(text).toContain("lý do: Sản phẩm dùng nguyên liệu tái chế, khuyến khích nhân rộng");
    expect(text).toContain("Số giải đã trao: 4; tổng tiền thưởng: 13.500.000 đồng.");

    const xlsx = await call(resultsXlsx, "org", {}, `/x?vong=1`);
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as any);
    const ws = wb.getWorksheet("Kết quả")!;
    const headers = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    const col = (h: string) => headers.indexOf(h) + 1;
    const byCode = new Map<unknown, ExcelJS.Row>();
    for (let r = 2; r <= ws.rowCount; r++) byCode.set(ws.getRow(r).getCell(col("Mã số bình chọn")).value, ws.getRow(r));
    expect(byCode.get("BN-C")!.getCell(col("Giải thưởng")).value).toBe("Giải A");
    expect(byCode.get("BN-C")!.getCell(col("Tiền thưởng (đồng)")).value).toBe(5_000_000);
    expect(byCode.get("BN-E")!.getCell(col("Giải thưởng")).value ?? "").toBe("");
  });

  it("on the certificate (prize name snapshot at issue), and the public view after publication", async () => {
    await publishRound(organizer(), roundId);
    expect(prizesForResults(roundId, { manage: false })!.awards.every((a) => a.reason === null)).toBe(true);
    createMissingCertificates(organizer(), roundId, { issuedOn: todayInVietnam() });
    const certs = new Map(db.select().from(certificates).all().map((c) => [c.entryId, c]));
    expect(certs.get(e.C!)!.prizeName).toBe("Giải A");
    expect(certs.get(e.D!)!.prizeName).toBe("Giải khuyến khích");
    expect(certs.get(e.E!)!.prizeName).toBeNull();
    const print = certificatePrint(certs.get(e.C!)!.id)!;
    expect(print.prizeName).toBe("Giải A");
    const dir = path.join(TMP_ROOT, "prizes");
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "gcn.pdf");
    fs.writeFileSync(file, await renderCertificatePdfWith(print, loadFontsSync()));
    const text = execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(text).toContain("ĐẠT GIẢI A");
    const plain = path.join(dir, "gcn-plain.pdf");
    fs.writeFileSync(plain, await renderCertificatePdfWith(certificatePrint(certs.get(e.E!)!.id)!, loadFontsSync()));
    expect(execFileSync("pdftotext", [plain, "-"], { encoding: "utf8" })).not.toContain("ĐẠT GIẢI");
    // After publication the assignment is closed.
    const late = await call(prizesAction, "org", { fields: [["intent", "assign"], ["a_entries", ""]] });
    expect(late.status).toBe(409);
  });
});

describe("the producer's bank details", () => {
  const base = { legalType: "sme", name: "Công ty TNHH Gốm", registrationNo: "0101234567", provinceId: "1", unitId: "2", street: "Số 1", representative: "An", phone: "0912345678", email: "" };
  it("are optional; an account number has 6 to 20 digits (spaces allowed, stored without)", () => {
    const empty = EstablishmentSchema.safeParse(base);
    expect(empty.success && [empty.data.bankAccountNo, empty.data.bankName, empty.data.bankAccountHolder]).toEqual(["", "", ""]);
    const ok = EstablishmentSchema.safeParse({ ...base, bankAccountNo: "0123 4567 8901", bankName: " Vietcombank ", bankAccountHolder: "Công ty TNHH Gốm" });
    expect(ok.success && [ok.data.bankAccountNo, ok.data.bankName]).toEqual(["012345678901", "Vietcombank"]);
    for (const bad of ["12345", "1".repeat(21), "12345a678", "số tài khoản"]) {
      const r = EstablishmentSchema.safeParse({ ...base, bankAccountNo: bad });
      expect(r.success).toBe(false);
      if (!r.success) expect(r.error.issues.find((i) => i.path[0] === "bankAccountNo")?.message).toBe("Số tài khoản gồm 6 đến 20 chữ số (có thể cách nhau bằng dấu cách).");
    }
  });
});
