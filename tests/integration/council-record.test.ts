/**
 * The council's record (issue 11, defects 1–4): what the results page, the xlsx and the minutes say
 * must come from the sheets that count, stage 1 of a two-stage round only shortlists, the pass mark
 * prints as stored, and a tie decided by a criterion group shows values a reader can tell apart.
 * Real SQLite, real migrations, the real routes' loaders.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { conflictsOfInterest, councilMembers, councils, criteria, criteriaSheets, entries, establishments, products, results, scoreLines, scoreSheets } from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { icc, SEVERITY_MEANING } from "~/modules/scoring/agreement";
import { closeStage } from "~/modules/scoring/scoring.server";
import { loadPrincipal } from "~/lib/permissions.server";
import { loader as resultsLoader } from "~/routes/to-chuc.vong.$roundId_.ket-qua";
import { loader as resultsXlsx } from "~/routes/to-chuc.vong.$roundId_.bao-cao.ket-qua[.]xlsx";
import { loader as minutesPdf } from "~/routes/to-chuc.vong.$roundId_.bao-cao.bien-ban[.]pdf";
import { createBody, createOrganizer, createRound, createUser, province, requestWithCookie } from "../helpers/fixtures";
import { makeTempDir } from "../helpers/tmp";

let orgCookie: string | null = null;
let chairUser = "";
let roundId = 0; // one stage, pass mark 70,5, five judges
let twoStageId = 0; // two stages, cap 1, two judges
let chair2User = "";
const judge: number[] = []; // member ids J1..J5 of roundId
const judge2: number[] = [];
const e: Record<string, number> = {};
let official = 0;
const groupId = new Map<string, number>();

type Pts = [number, number, number, number];
/** A total (whole points) split 40/40/10/10, in tenths. */
const split = (total: number): Pts => [total * 4, total * 4, total, total];

function sheet(entryId: number, memberId: number, pts: Pts, stage = 1) {
  const s = db
    .insert(scoreSheets)
    .values({ entryId, councilMemberId: memberId, stage, sheetId: official, status: "submitted", totalTenths: pts.reduce((a, b) => a + b, 0), comment: "", submittedAt: new Date("2026-11-20T03:00:00Z") })
    .returning()
    .get();
  ["I", "II", "III", "IV"].forEach((code, i) => db.insert(scoreLines).values({ scoreSheetId: s.id, criterionId: groupId.get(code)!, pointsTenths: pts[i]! }).run());
}

async function call(loader: (a: any) => any, rid: number, url = "/x") {
  try {
    const res: Response = await loader({ request: requestWithCookie(url, orgCookie), params: { roundId: String(rid) }, context: {} });
    return res;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
const page = async (rid: number) => (await (await call(resultsLoader, rid)).json()) as any;

async function workbook(rid: number, stage: number) {
  const res = await call(resultsXlsx, rid, `/x?vong=${stage}`);
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
  return wb;
}
/** Every cell of a worksheet as text. */
const cellsOf = (ws: ExcelJS.Worksheet) => {
  const out: string[] = [];
  ws.eachRow((row) => row.eachCell((c) => out.push(String(c.value ?? ""))));
  return out;
};
const headerCol = (ws: ExcelJS.Worksheet, start: string) => {
  let found = 0;
  ws.getRow(1).eachCell((c, i) => {
    if (!found && String(c.value).startsWith(start)) found = i;
  });
  return found;
};
const rowOf = (ws: ExcelJS.Worksheet, code: string) => {
  const col = headerCol(ws, "Mã số bình chọn");
  for (let r = 2; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(col).value === code) return ws.getRow(r);
  throw new Error(`no row ${code}`);
};

async function minutesText(rid: number, stage: number): Promise<string> {
  const res = await call(minutesPdf, rid, `/x?vong=${stage}`);
  expect(res.status).toBe(200);
  const dir = makeTempDir("minutes");
  const file = path.join(dir, "bien-ban.pdf");
  fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
}

beforeAll(async () => {
  const bn = province("24");
  const body = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bn.id);
  orgCookie = await startSession(await createOrganizer("org-record@example.vn", body.id));
  official = db.select().from(criteriaSheets).where(eq(criteriaSheets.isOfficial, true)).get()!.id;
  for (const c of db.select().from(criteria).where(eq(criteria.sheetId, official)).all()) if (c.parentId == null) groupId.set(c.code, c.id);
  const est = db.insert(establishments).values({ legalType: "sme", name: "Công ty Gốm Bát Tràng", provinceId: bn.id }).returning().get();
  const mkEntry = (rid: number, code: string) => {
    const prod = db.insert(products).values({ establishmentId: est.id, name: `Sản phẩm ${code}`, productGroupId: 1 }).returning().get();
    return db.insert(entries).values({ roundId: rid, productId: prod.id, establishmentId: est.id, status: "accepted", votingCode: code }).returning().get().id;
  };

  // Round 1: one stage, pass mark 70,5, no cap, five judges.
  roundId = createRound(body.id, "province", bn.id, "Bình chọn tỉnh Bắc Ninh 2026", { status: "scoring", passMarkTenths: 705, minJudgesPerEntry: 3, criteriaSheetId: official }).id;
  const council = db.insert(councils).values({ roundId, name: "Hội đồng bình chọn tỉnh Bắc Ninh" }).returning().get();
  chairUser = await createUser("chair-record@example.vn");
  for (let i = 1; i <= 5; i++) {
    judge.push(
      db
        .insert(councilMembers)
        .values({ councilId: council.id, userId: i === 1 ? chairUser : null, fullName: `Giám khảo ${i}`, role: i === 1 ? "chair" : "member" })
        .returning()
        .get().id,
    );
  }
  for (const code of ["E1", "E2", "E3", "TA", "TB"]) e[code] = mkEntry(roundId, code);
  // E1: 82, 80, 95 (J3), 81, 81. A conflict of J3 on E1 is recorded AFTER J3 scored: counted 82, 80, 81, 81 → 81,00.
  [82, 80, 95, 81, 81].forEach((t, i) => sheet(e.E1!, judge[i]!, split(t)));
  // E2: 70, 72, 74, 71, 73 → 72,00. E3: 60, 64, 65, 62, 64 → 63,00 (below 70,5).
  [70, 72, 74, 71, 73].forEach((t, i) => sheet(e.E2!, judge[i]!, split(t)));
  [60, 64, 65, 62, 64].forEach((t, i) => sheet(e.E3!, judge[i]!, split(t)));
  // TA (4 judges, J5 never scored) and TB (5 judges): both exactly 78,00. Group I means:
  // TA (31,5 ×3 + 31,4) / 4 = 125,9/4 = 31,475 → "31,48"; TB (31,5 ×4 + 31,4) / 5 = 157,4/5 = 31,48 → "31,48".
  // TB is above TA by group I, yet both look like 31,48 at two decimals.
  const at315: Pts = [315, 315, 75, 75];
  const at314: Pts = [314, 316, 75, 75];
  [at315, at315, at315, at314].forEach((p, i) => sheet(e.TA!, judge[i]!, p));
  [at315, at315, at315, at315, at314].forEach((p, i) => sheet(e.TB!, judge[i]!, p));
  db.insert(conflictsOfInterest).values({ entryId: e.E1!, councilMemberId: judge[2]!, reason: "Khai sau khi đã chấm: người thân làm việc tại cơ sở" }).run();
  closeStage(loadPrincipal(chairUser, false), roundId, "Giám khảo 5 không chấm TA; J3 có xung đột lợi ích với E1.");

  // Round 2: two stages, cap 1, two judges.
  twoStageId = createRound(body.id, "province", bn.id, "Bình chọn hai vòng 2026", { status: "scoring", scoringStages: 2, recognitionCap: 1, minJudgesPerEntry: 2, criteriaSheetId: official }).id;
  const council2 = db.insert(councils).values({ roundId: twoStageId, name: "Hội đồng hai vòng" }).returning().get();
  chair2User = await createUser("chair-two@example.vn");
  for (let i = 1; i <= 2; i++) {
    judge2.push(db.insert(councilMembers).values({ councilId: council2.id, userId: i === 1 ? chair2User : null, fullName: `GK vòng ${i}`, role: i === 1 ? "chair" : "member" }).returning().get().id);
  }
  // H: 90 in stage 1; M: 80; L: 60 (not shortlisted).
  for (const code of ["H", "M", "L"]) e[code] = mkEntry(twoStageId, code);
  for (const m of judge2) {
    sheet(e.H!, m, split(90));
    sheet(e.M!, m, split(80));
    sheet(e.L!, m, split(60));
  }
  closeStage(loadPrincipal(chair2User, false), twoStageId, "");
});

describe("defect 1: a conflict recorded after the judge scored leaves the statistics too", () => {
  it("severity and ICC on the results page count the same sheets as the means", async () => {
    const d = await page(roundId);
    const e1 = d.results.find((r: any) => r.entryId === e.E1);
    expect(e1.meanDisplay).toBe("81,00");
    expect(e1.judgeIds).not.toContain(judge[2]);
    const j3 = d.stats.severity.find((s: any) => s.judgeId === judge[2]);
    // Leave-one-out over the counted entries E2, E3, TA, TB:
    //   E2: 74 − (70+72+71+73)/4 = +2,5; E3: 65 − (60+64+62+64)/4 = +2,5; TA, TB: 78 − 78 = 0 → 5/4 = +1,25.
    // Counting the conflicted sheet too, E1 would add 95 − 81 = +14: +3,80 over 5 entries.
    expect(j3).toMatchObject({ entriesScored: 4, entriesCompared: 4, severityDisplay: "+1,25" });
    // ICC on the complete matrix of the five judges: E1 (J3 not counted) and TA (J5 missing) drop out.
    const agreement = d.stats.agreement;
    expect(agreement.entryIds).toEqual([e.E2, e.E3, e.TB]);
    expect(agreement.droppedEntryIds).toEqual(expect.arrayContaining([e.E1, e.TA]));
    const expected = icc([
      [700, 720, 740, 710, 730],
      [600, 640, 650, 620, 640],
      [780, 780, 780, 780, 780],
    ])!;
    expect(agreement.byGroup.total.icc21).toBeCloseTo(expected.icc21!, 12);
    expect(agreement.byGroup.total.n).toBe(3);
  });

  it("the xlsx states the same judge statistics", async () => {
    const wb = await workbook(roundId, 1);
    const ws = wb.getWorksheet("Giám khảo")!;
    expect(ws).toBeTruthy();
    const text = cellsOf(ws);
    expect(text).toContain("Giám khảo 3");
    const row = (() => {
      for (let r = 2; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(1).value === "Giám khảo 3") return ws.getRow(r);
      throw new Error("no J3");
    })();
    expect(row.getCell(headerCol(ws, "Độ nghiêm")).value).toBe(1.25);
    expect(row.getCell(headerCol(ws, "Số sản phẩm so sánh")).value).toBe(4);
    expect(text.join(" ")).toContain(SEVERITY_MEANING);
  });

  it("the minutes state the same judge statistics", async () => {
    const text = await minutesText(roundId, 1);
    expect(text).toMatch(/Giám khảo 3 \+1,25 4 4/);
    expect(text).toContain("Giám khảo 2 −0,02 5 5");
  });
});

describe("defect 3: the pass mark prints as stored", () => {
  it("page, xlsx and minutes say 70,5, never 71 or 70.5", async () => {
    const d = await page(roundId);
    expect(d.passMarkDisplay).toBe("70,5");
    const wb = await workbook(roundId, 1);
    const ws = wb.getWorksheet("Kết quả")!;
    expect(headerCol(ws, "Kết quả (điểm đạt 70,5)")).toBeGreaterThan(0);
    const info = cellsOf(wb.getWorksheet("Thông tin")!);
    expect(info[info.indexOf("Điểm đạt") + 1]).toBe("70,5");
    const text = await minutesText(roundId, 1);
    expect(text).toContain("điểm đạt: 70,5 điểm");
    expect(text).toContain("Số sản phẩm đạt từ 70,5 điểm trở lên: 4");
    expect(text).not.toMatch(/70\.5|đạt:? 71/);
  });
});

describe("defect 4: a tie decided by group I shows values a reader can tell apart", () => {
  it("the page gives both group-I means with three decimals and as exact fractions", async () => {
    const d = await page(roundId);
    const ta = d.results.find((r: any) => r.entryId === e.TA);
    const tb = d.results.find((r: any) => r.entryId === e.TB);
    expect([ta.meanDisplay, tb.meanDisplay]).toEqual(["78,00", "78,00"]);
    expect(tb.rank).toBe(ta.rank - 1);
    expect(tb.tie.detail).toBe("điểm nhóm I: 31,480 (157,4/5) so với 31,475 (125,9/4)");
    expect(ta.tie.detail).toBe("điểm nhóm I: 31,475 (125,9/4) so với 31,480 (157,4/5)");
  });

  it("the xlsx and the minutes show the compared values", async () => {
    const ws = (await workbook(roundId, 1)).getWorksheet("Kết quả")!;
    expect(rowOf(ws, "TB").getCell(headerCol(ws, "Giá trị so sánh khi bằng điểm")).value).toBe("điểm nhóm I: 31,480 (157,4/5) so với 31,475 (125,9/4)");
    const text = await minutesText(roundId, 1);
    expect(text).toContain("31,480 (157,4/5)");
    expect(text).toContain("31,475 (125,9/4)");
  });
});

describe("defect 2: stage 1 of a two-stage round only shortlists", () => {
  it("the stage-1 results apply no cap and recommend nothing", async () => {
    const d = await page(twoStageId);
    expect(d.shownStage).toBe(1);
    const byCode = Object.fromEntries(d.results.map((r: any) => [r.info.votingCode, r]));
    for (const code of ["H", "M", "L"]) {
      expect(byCode[code].recommended).toBe(false);
      expect(byCode[code].needsCouncilDecision).toBe(false);
    }
    expect(byCode.H.outcome).toBe("Vào vòng 2");
    expect(byCode.M.outcome).toBe("Vào vòng 2");
    expect(byCode.L.outcome).toBe("Không vào vòng 2");
    expect(d.cap.cap).toBeNull();
    expect(JSON.stringify(d)).not.toMatch(/Đề xuất|Đề nghị công nhận/);
    // The stored snapshot of stage 1 recommends nothing either.
    expect(db.select().from(results).where(eq(results.stage, 1)).all().filter((r) => [e.H, e.M, e.L].includes(r.entryId) && r.recommended)).toEqual([]);
  });

  it("the stage-1 xlsx says who goes on, not who is recommended", async () => {
    const wb = await workbook(twoStageId, 1);
    const ws = wb.getWorksheet("Kết quả")!;
    const all = [...cellsOf(ws), ...cellsOf(wb.getWorksheet("Thông tin")!)].join(" | ");
    expect(all).not.toMatch(/Đề xuất|Đề nghị công nhận/);
    const col = headerCol(ws, "Vòng 2");
    expect(col).toBeGreaterThan(0);
    expect(rowOf(ws, "H").getCell(col).value).toBe("Vào vòng 2");
    expect(rowOf(ws, "L").getCell(col).value).toBe("Không vào vòng 2");
    const minutes = await minutesText(twoStageId, 1);
    expect(minutes).not.toMatch(/Đề xuất|Đề nghị công nhận/);
    expect(minutes).toContain("Vào vòng 2");
  });

  it("only the deciding stage recommends: H (90 then 65) is not recommended, M is", async () => {
    for (const m of judge2) {
      sheet(e.H!, m, split(65), 2);
      sheet(e.M!, m, split(80), 2);
    }
    closeStage(loadPrincipal(chair2User, false), twoStageId, "");
    const d = await page(twoStageId);
    expect(d.shownStage).toBe(2);
    const byCode = Object.fromEntries(d.results.map((r: any) => [r.info.votingCode, r]));
    expect(byCode.M.recommended).toBe(true);
    expect(byCode.M.outcome).toBe("Đề nghị công nhận");
    expect(byCode.H.recommended).toBe(false);
    expect(d.cap.cap).toBe(1);
    // Stage 1's export still recommends nothing.
    const ws = (await workbook(twoStageId, 1)).getWorksheet("Kết quả")!;
    expect(cellsOf(ws).join(" ")).not.toMatch(/Đề nghị công nhận/);
    const ws2 = (await workbook(twoStageId, 2)).getWorksheet("Kết quả")!;
    expect(rowOf(ws2, "M").getCell(headerCol(ws2, "Đề nghị công nhận")).value).toBe("Đề nghị công nhận");
  });
});

describe("severity is explained on the page", () => {
  it("in one plain Vietnamese sentence", async () => {
    const d = await page(roundId);
    expect(d.stats.meaning).toBe(SEVERITY_MEANING);
    expect(SEVERITY_MEANING.split(". ").length).toBe(1);
  });
});
