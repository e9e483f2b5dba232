/**
 * Which judge is out of line (issue 11): for an entry flagged for discrepancy, the detail the
 * results page loads when the entry is opened (route ket-qua_.lech.$entryId, or the page with
 * ?lech=) lists each judge's total against the other judges' mean and names the outlier, from the
 * same counted sheets as the means; the outlier's sheet can be reopened with the existing "reopen"
 * action. Who may see it is who may see the results page. Real SQLite, real migrations, the real
 * routes' loaders and action.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { conflictsOfInterest, councilMembers, councils, criteria, criteriaSheets, entries, establishments, products, scoreLines, scoreSheets } from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { loadPrincipal } from "~/lib/permissions.server";
import { closeStage, entryOutlierDetail } from "~/modules/scoring/scoring.server";
import { action as resultsAction, loader as resultsLoader } from "~/routes/to-chuc.vong.$roundId_.ket-qua";
import { loader as detailLoader } from "~/routes/to-chuc.vong.$roundId_.ket-qua_.lech.$entryId";
import { createBody, createOrganizer, createRound, createUser, province, requestWithCookie } from "../helpers/fixtures";

let orgCookie = "";
let orgUser = "";
let chairCookie = "";
const cookies: Record<string, string | null> = { anonymous: null };
let roundId = 0;
let official = 0;
const judge: number[] = []; // member ids of J1..J4
const e: Record<string, number> = {};
const sheetOf: Record<string, number> = {}; // "F:3" → score sheet id
const groupId = new Map<string, number>();

type Pts = [number, number, number, number];
/** A total in tenths split over groups I–IV (all four lines written, as a judge's sheet has them). */
const split = (tenths: number): Pts => {
  const iv = tenths % 40;
  const q = (tenths - iv) / 4;
  return [q, q, q, q + iv];
};

function sheet(code: string, j: number, tenths: number) {
  const pts = split(tenths);
  const s = db
    .insert(scoreSheets)
    .values({ entryId: e[code]!, councilMemberId: judge[j - 1]!, stage: 1, sheetId: official, status: "submitted", totalTenths: tenths, comment: "", submittedAt: new Date("2026-11-20T03:00:00Z") })
    .returning()
    .get();
  ["I", "II", "III", "IV"].forEach((g, i) => db.insert(scoreLines).values({ scoreSheetId: s.id, criterionId: groupId.get(g)!, pointsTenths: pts[i]! }).run());
  sheetOf[`${code}:${j}`] = s.id;
}

async function call(fn: (a: any) => any, init: RequestInit = {}, url = `/to-chuc/vong/${roundId}/ket-qua`, params: Record<string, string> = {}, cookie: string | null = orgCookie) {
  try {
    return (await fn({ request: requestWithCookie(url, cookie, init), params: { roundId: String(roundId), ...params }, context: {} })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
const page = async (query = "") => (await (await call(resultsLoader, {}, `/to-chuc/vong/${roundId}/ket-qua${query}`)).json()) as any;
const row = (d: any, code: string) => d.results.find((r: any) => r.entryId === e[code]);
/** The detail as the page loads it when the entry is opened. */
async function detailOf(code: string, cookie: string | null = orgCookie) {
  const entryId = String(e[code] ?? code);
  const res = await call(detailLoader, {}, `/to-chuc/vong/${roundId}/ket-qua/lech/${entryId}`, { entryId }, cookie);
  return { status: res.status, location: res.headers.get("Location"), data: res.headers.get("Content-Type")?.includes("json") ? ((await res.json()) as any) : null };
}

beforeAll(async () => {
  const bn = province("24");
  const body = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bn.id);
  orgUser = await createOrganizer("org-outlier@example.vn", body.id);
  orgCookie = await startSession(orgUser);
  official = db.select().from(criteriaSheets).where(eq(criteriaSheets.isOfficial, true)).get()!.id;
  for (const c of db.select().from(criteria).where(eq(criteria.sheetId, official)).all()) if (c.parentId == null) groupId.set(c.code, c.id);
  // Tolerance 15 points (150 tenths).
  roundId = createRound(body.id, "province", bn.id, "Bình chọn tỉnh Bắc Ninh 2026 (lệch điểm)", { status: "scoring", passMarkTenths: 700, minJudgesPerEntry: 3, discrepancyToleranceTenths: 150, criteriaSheetId: official }).id;
  const council = db.insert(councils).values({ roundId, name: "Hội đồng bình chọn" }).returning().get();
  const chair = await createUser("chair-outlier@example.vn");
  for (let i = 1; i <= 4; i++) {
    judge.push(db.insert(councilMembers).values({ councilId: council.id, userId: i === 1 ? chair : null, fullName: `Giám khảo ${i}`, role: i === 1 ? "chair" : "member" }).returning().get().id);
  }
  const est = db.insert(establishments).values({ legalType: "sme", name: "HTX Mây tre Phú Vinh", provinceId: bn.id }).returning().get();
  for (const code of ["F", "N", "C", "T"]) {
    const prod = db.insert(products).values({ establishmentId: est.id, name: `Sản phẩm ${code}`, productGroupId: 1 }).returning().get();
    e[code] = db.insert(entries).values({ roundId, productId: prod.id, establishmentId: est.id, status: "accepted", votingCode: code }).returning().get().id;
  }
  // F (flagged): 80,0 / 81,5 / 79,5 / 62,0 → J4 is out of line: others 80,33…, −18,33.
  [800, 815, 795, 620].forEach((t, i) => sheet("F", i + 1, t));
  // N (not flagged): 70–72.
  [700, 710, 720, 705].forEach((t, i) => sheet("N", i + 1, t));
  // C: J2 gave 50 but declared a conflict after scoring: the sheet does not count, C is not flagged.
  [800, 500, 810, 790].forEach((t, i) => sheet("C", i + 1, t));
  db.insert(conflictsOfInterest).values({ entryId: e.C!, councilMemberId: judge[1]!, reason: "Người thân làm việc tại cơ sở" }).run();
  // T (flagged, exact tie): 60 / 75 / 75 / 90 → J1 and J4 equally far, nobody named.
  [600, 750, 750, 900].forEach((t, i) => sheet("T", i + 1, t));
  // Before closing: no points anywhere, the detail neither.
  expect((await detailOf("F")).status).toBe(404);
  closeStage(loadPrincipal(chair, false), roundId, "");
  chairCookie = await startSession(chair);
  const otherBody = createBody("Sở Công Thương tỉnh Thái Nguyên", "province", province("19").id);
  cookies.other = await startSession(await createOrganizer("other-outlier@example.vn", otherBody.id));
  cookies.producer = await startSession(await createUser("producer-outlier@example.vn"));
  const j2 = await createUser("j2-outlier@example.vn");
  db.update(councilMembers).set({ userId: j2 }).where(eq(councilMembers.id, judge[1]!)).run();
  cookies.judge = await startSession(j2);
});

describe("which judge is out of line", () => {
  it("a flagged entry's detail names the judge farthest from the others' mean", async () => {
    const { status, data } = await detailOf("F");
    expect(status).toBe(200);
    const f = data.detail;
    expect(f.verdictText).toBe("Giám khảo 4 lệch nhiều nhất so với trung bình của các giám khảo còn lại.");
    const j4 = f.judges.find((j: any) => j.judgeId === judge[3]);
    // Others: (800 + 815 + 795) / 3 = 2410/3 tenths = 80,333… → "80,33"; 620 − 2410/3 = −550/3 → "−18,33".
    expect(j4).toMatchObject({ name: "Giám khảo 4", totalTenths: 620, othersMeanDisplay: "80,33", differenceDisplay: "−18,33", outlier: true, largest: true, sheetId: sheetOf["F:4"] });
    // The exact values behind the rounded ones stay on the server.
    expect(j4).not.toHaveProperty("othersMeanTenths");
    const exact = entryOutlierDetail(loadPrincipal(orgUser, false), roundId, e.F!);
    expect(exact.verdict).toBe("outlier");
    expect(exact.outlierJudgeId).toBe(judge[3]);
    expect(exact.judges.find((j) => j.judgeId === judge[3])).toMatchObject({ othersMeanTenths: { num: 2410, den: 3 }, differenceTenths: { num: -550, den: 3 } });
    expect(f.judges.filter((j: any) => j.outlier)).toHaveLength(1);
    // J2: 815 − (800 + 795 + 620)/3 = 815 − 2215/3 = +230/3 → "+7,67".
    expect(f.judges.find((j: any) => j.judgeId === judge[1])).toMatchObject({ differenceDisplay: "+7,67", outlier: false, sheetId: sheetOf["F:2"] });
  });

  it("the results page itself carries no judge-by-judge detail, only which entries are flagged; ?lech= adds one (without script)", async () => {
    const d = await page();
    expect(row(d, "F").discrepancy).toBe(true);
    expect(row(d, "F")).not.toHaveProperty("outlier");
    expect(d.lech).toBeNull();
    expect(d.stats.outlierLabel).toBe("Lệch nhiều nhất");
    const withDetail = await page(`?lech=${e.F}`);
    expect(withDetail.lech).toEqual((await detailOf("F")).data.detail);
    // An entry that is not flagged, or not a number: no detail, the page as usual.
    expect((await page(`?lech=${e.N}`)).lech).toBeNull();
    expect((await page("?lech=abc")).lech).toBeNull();
  });

  it("only flagged entries have a detail, computed from the counted sheets (a conflict's sheet is out)", async () => {
    const d = await page();
    const c = row(d, "C");
    expect(c.judgeIds).not.toContain(judge[1]);
    expect(c.discrepancy).toBe(false);
    for (const code of ["N", "C"]) {
      const r = await detailOf(code);
      expect(r.status).toBe(404);
      expect(r.data.error).toBe("Sản phẩm này không có điểm chênh lệch vượt mức cho phép.");
    }
    expect((await detailOf("999999")).status).toBe(404);
  });

  it("an exact tie shows every difference and names nobody", async () => {
    const t = (await detailOf("T")).data.detail;
    expect(t.verdictText).toMatch(/không xác định được một giám khảo lệch nhiều nhất/);
    expect(t.judges.map((j: any) => [j.differenceDisplay, j.largest, j.outlier])).toEqual([
      ["−20,00", true, false],
      ["0,00", false, false],
      ["0,00", false, false],
      ["+20,00", true, false],
    ]);
  });

  it("who may see it is who may see the results: the chair yes; another province and a producer 404; a judge 403; nobody signed in goes to log in", async () => {
    expect((await detailOf("F", chairCookie)).status).toBe(200);
    const other = await detailOf("F", cookies.other!);
    expect(other.status).toBe(404);
    expect(other.data.detail).toBeNull();
    const asJudge = await detailOf("F", cookies.judge!);
    expect(asJudge.status).toBe(403);
    expect(asJudge.data).toEqual({ detail: null, error: "Chỉ cơ quan tổ chức hoặc Chủ tịch Hội đồng xem kết quả trước khi công bố." });
    // Someone with no part in the round does not learn that it exists.
    expect((await detailOf("F", cookies.producer!)).data).toEqual({ detail: null, error: "Không tìm thấy kỳ bình chọn này." });
    expect((await detailOf("F", cookies.producer!)).status).toBe(404);
    const anonymous = await detailOf("F", null);
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toContain("/dang-nhap");
  });

  it("the outlier's sheet reopens through the page's existing reopen action", async () => {
    const sheetId = (await detailOf("F")).data.detail.judges.find((j: any) => j.outlier).sheetId;
    expect(sheetId).toBe(sheetOf["F:4"]);
    const res = await call(resultsAction, { method: "POST", body: new URLSearchParams({ intent: "reopen", sheetId: String(sheetId), reason: "Đề nghị giám khảo xem lại: lệch 18,33 điểm so với các giám khảo khác." }) });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toContain("mo-lai");
    const s = db.select().from(scoreSheets).where(eq(scoreSheets.id, sheetId)).get()!;
    expect(s.status).toBe("draft");
    expect(s.reopenReason).toContain("lệch 18,33");
  });
});
