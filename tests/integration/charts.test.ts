/**
 * Server-rendered charts (issue 13 item 7): the round page's entries by status and by product group,
 * the distribution of the means with the pass mark once a stage is closed, and the judges' severity
 * for the results page. The SVG strings are parsed and their marks compared with the database;
 * scope: another province's organizer, a judge, an overseeing body. Real SQLite, real migrations,
 * the real route loaders.
 */
import { and, eq, gt } from "drizzle-orm";
import { parseHTML } from "linkedom";
import { beforeAll, describe, expect, it } from "vitest";
import { councilMembers, councils, criteria, criteriaSheets, entries, establishments, products, results, scoreLines, scoreSheets } from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { loadPrincipal } from "~/lib/permissions.server";
import { judgeDifferences, judgeSeverityChart, severityChartFrom, severityDrawStats, severityRows } from "~/modules/charts/judge-severity.server";
import { meanBins } from "~/modules/charts/round-charts.server";
import { closeStage, reopenSheet } from "~/modules/scoring/scoring.server";
import { loader as roundLoader } from "~/routes/to-chuc.vong.$roundId";
import { loader as resultsLoader } from "~/routes/to-chuc.vong.$roundId_.ket-qua";
import { createBody, createOrganizer, createRound, createUser, province, requestWithCookie } from "../helpers/fixtures";

let roundId = 0;
let official = 0;
let orgCookie = "";
let otherProvinceCookie = "";
let otherProvinceUser = "";
let nationalCookie = "";
let judgeCookie = "";
let chairUser = "";
let organizerUser = "";
const groupId = new Map<string, number>();
const judge: number[] = [];
const JUDGE_NAMES = ["Trần Văn Chủ Tịch", "Lê Thị Dễ Tính", "Phạm Văn Bình Thường", "Nguyễn Thị Nghiêm Khắc"];
const scored: number[] = [];
let firstSheet = 0;

function sheet(entryId: number, j: number, tenths: number) {
  const iv = tenths % 40;
  const q = (tenths - iv) / 4;
  const s = db
    .insert(scoreSheets)
    .values({ entryId, councilMemberId: judge[j]!, stage: 1, sheetId: official, status: "submitted", totalTenths: tenths, comment: "", submittedAt: new Date("2026-11-20T03:00:00Z") })
    .returning()
    .get();
  firstSheet ||= s.id;
  [q, q, q, q + iv].forEach((p, i) => db.insert(scoreLines).values({ scoreSheetId: s.id, criterionId: groupId.get(["I", "II", "III", "IV"][i]!)!, pointsTenths: p }).run());
}

async function call(fn: (a: any) => any, cookie: string, path = "") {
  try {
    return (await fn({ request: requestWithCookie(`/to-chuc/vong/${roundId}${path}`, cookie), params: { roundId: String(roundId) }, context: {} })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
const roundPage = async (cookie = orgCookie) => (await (await call(roundLoader, cookie)).json()) as any;
const svgDoc = (svg: string) => parseHTML(`<!doctype html><html><body>${svg}</body></html>`).document;

beforeAll(async () => {
  const bn = province("24");
  const hn = province("01");
  const body = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bn.id);
  organizerUser = await createOrganizer("org-charts@example.vn", body.id);
  orgCookie = await startSession(organizerUser);
  otherProvinceUser = await createOrganizer("org-hanoi-charts@example.vn", createBody("Sở Công Thương Hà Nội", "province", hn.id).id);
  otherProvinceCookie = await startSession(otherProvinceUser);
  nationalCookie = await startSession(await createOrganizer("org-national-charts@example.vn", createBody("Bộ Công Thương", "national", null).id));
  official = db.select().from(criteriaSheets).where(eq(criteriaSheets.isOfficial, true)).get()!.id;
  for (const c of db.select().from(criteria).where(eq(criteria.sheetId, official)).all()) if (c.parentId == null) groupId.set(c.code, c.id);
  roundId = createRound(body.id, "province", bn.id, "Bình chọn tỉnh Bắc Ninh 2026 (biểu đồ)", { status: "scoring", passMarkTenths: 700, minJudgesPerEntry: 3, discrepancyToleranceTenths: 300, criteriaSheetId: official }).id;
  const council = db.insert(councils).values({ roundId, name: "Hội đồng bình chọn" }).returning().get();
  chairUser = await createUser("chair-charts@example.vn");
  const judgeUser = await createUser("judge-charts@example.vn");
  judgeCookie = await startSession(judgeUser);
  JUDGE_NAMES.forEach((fullName, i) => {
    judge.push(db.insert(councilMembers).values({ councilId: council.id, userId: i === 0 ? chairUser : i === 1 ? judgeUser : null, fullName, role: i === 0 ? "chair" : "member" }).returning().get().id);
  });
  const est = db.insert(establishments).values({ legalType: "sme", name: "HTX Gốm Phù Lãng", provinceId: bn.id }).returning().get();
  const entry = (name: string, group: number, status: typeof entries.$inferInsert.status) => {
    const prod = db.insert(products).values({ establishmentId: est.id, name, productGroupId: group }).returning().get();
    return db.insert(entries).values({ roundId, productId: prod.id, establishmentId: est.id, status, votingCode: `BN-${prod.id}` }).returning().get().id;
  };
  // Six accepted entries, scored by four judges: J2 gives 5 more, J4 about 10 less than J1 and J3.
  const bases = [900, 820, 760, 720, 650, 600];
  const noise = [0, 20, -20, 10, -10, 0];
  bases.forEach((b, i) => {
    const id = entry(`Sản phẩm ${i + 1}`, i < 3 ? 1 : i < 5 ? 2 : 3, "accepted");
    scored.push(id);
    [b, b + 50, b, b - 100 + noise[i]!].forEach((t, j) => sheet(id, j, t));
  });
  entry("Sản phẩm đang chuẩn bị 1", 4, "draft");
  entry("Sản phẩm đang chuẩn bị 2", 4, "draft");
  entry("Sản phẩm chờ tiếp nhận", 2, "submitted");
  entry("Sản phẩm đã rút", 1, "withdrawn");
});

describe("round page charts", () => {
  it("entries by status and by product group: bars, numbers and table rows equal the database's counts", async () => {
    const d = await roundPage();
    const statuses = db.select({ status: entries.status }).from(entries).where(eq(entries.roundId, roundId)).all();
    const byStatus = new Map<string, number>();
    for (const s of statuses) byStatus.set(s.status, (byStatus.get(s.status) ?? 0) + 1);
    expect(d.charts.byStatus.table.rows).toEqual([
      ["Đang chuẩn bị", byStatus.get("draft")],
      ["Đã nộp, chờ tiếp nhận", byStatus.get("submitted")],
      ["Hồ sơ hợp lệ", byStatus.get("accepted")],
      ["Đã rút", byStatus.get("withdrawn")],
    ]);
    for (const svg of [d.charts.byStatus.svg, d.charts.byStatus.svgNarrow]) {
      const doc = svgDoc(svg);
      expect(doc.querySelectorAll(".chart-bar rect").length).toBe(4);
      expect([...doc.querySelectorAll(".chart-bar-value text")].map((t: any) => t.textContent)).toEqual(["2", "1", "6", "1"]);
      expect([...doc.querySelectorAll(".chart-bar-label text")].map((t: any) => t.textContent).join(" ")).toContain("Hồ sơ hợp lệ");
    }
    // Product groups: every group, zero included; 3 + 1 withdrawn in group 1, 2 + 1 in group 2, 1 in 3, 2 drafts in 4.
    const rows = d.charts.byGroup.table.rows;
    expect(rows.map((r: any) => r[1])).toEqual([4, 3, 1, 2]);
    expect(rows[0][0]).toBe("Nhóm 1: Thủ công mỹ nghệ");
    const groupCounts = db
      .select({ g: products.productGroupId })
      .from(entries)
      .innerJoin(products, eq(products.id, entries.productId))
      .where(eq(entries.roundId, roundId))
      .all();
    for (const [i, r] of rows.entries()) expect(r[1]).toBe(groupCounts.filter((c) => c.g === i + 1).length);
    const widths = [...svgDoc(d.charts.byGroup.svg).querySelectorAll(".chart-bar rect")].map((r: any) => Number(r.getAttribute("width") ?? 0));
    // Bars proportional to the counts (the group with 4 is the longest, twice the group with 2).
    expect(widths[0]).toBeGreaterThan(widths[1]!);
    expect(Math.abs(widths[0]! - 2 * widths[3]!)).toBeLessThan(0.01);
  });

  it("no means and no pass-mark rule before the stage is closed, and no judge named anywhere", async () => {
    const d = await roundPage();
    expect(d.charts.means).toBeNull();
    const text = JSON.stringify(d.charts);
    expect(text).not.toContain("pass-mark");
    for (const name of JUDGE_NAMES) expect(text).not.toContain(name);
  });

  it("after closing: the distribution of the means, with the pass mark drawn, equals the results snapshot", async () => {
    closeStage(loadPrincipal(chairUser, false), roundId, "");
    const d = await roundPage();
    const m = d.charts.means;
    expect(m).not.toBeNull();
    const snapshot = db
      .select({ sum: results.sumTenths, n: results.judgesCount, passed: results.passed })
      .from(results)
      .innerJoin(entries, eq(entries.id, results.entryId))
      .where(and(eq(entries.roundId, roundId), eq(results.stage, 1), gt(results.judgesCount, 0)))
      .all();
    expect(snapshot).toHaveLength(6);
    const totals = m.table.rows.reduce((a: number[], r: any[]) => [a[0]! + r[1], a[1]! + r[2], a[2]! + r[3]], [0, 0, 0]);
    expect(totals).toEqual([snapshot.filter((s) => s.passed).length, snapshot.filter((s) => !s.passed).length, 6]);
    expect(totals[0]).toBe(4); // means 88,75 · 80,75 · 74,75 · 70,75 pass 70; 63,75 and 58,75 do not
    // Every mean in its bin: recount from the snapshot with the bins' own edges.
    for (const [i, row] of m.table.rows.entries()) {
      const bins = meanBins(snapshot.map((s) => ({ sumTenths: s.sum, judgesCount: s.n, passed: s.passed })), 700);
      expect(row[3]).toBe(bins[i]!.passed + bins[i]!.notPassed);
    }
    expect(m.caption).toContain("4 đạt từ 70 điểm");
    for (const svg of [m.svg, m.svgNarrow]) {
      const doc = svgDoc(svg);
      const rule = doc.querySelector(".pass-mark line");
      expect(rule).not.toBeNull();
      expect(doc.querySelector(".pass-mark-label text")?.textContent).toBe("Điểm đạt 70");
      // The rule sits on a bin edge: bars end at it or start at it.
      const x = Number(rule!.getAttribute("x1"));
      const edges = [...doc.querySelectorAll("rect")].flatMap((r: any) => [Number(r.getAttribute("x")), Number(r.getAttribute("x")) + Number(r.getAttribute("width"))]);
      expect(edges.some((e) => Math.abs(e - x) < 1)).toBe(true);
    }
    const text = JSON.stringify(d.charts);
    for (const name of JUDGE_NAMES) expect(text).not.toContain(name);
  });

  it("a body overseeing the round sees the entry charts but not the means (results are the managing body's until published)", async () => {
    const d = await roundPage(nationalCookie);
    expect(d.canManage).toBe(false);
    expect(d.charts.byStatus).not.toBeNull();
    expect(d.charts.means).toBeNull();
  });

  it("another province's organizer gets 404 and a judge 403 on the round page", async () => {
    expect((await call(roundLoader, otherProvinceCookie)).status).toBe(404);
    expect((await call(roundLoader, judgeCookie)).status).toBe(403);
  });
});

describe("bins of the means", () => {
  const m = (sumTenths: number, judgesCount: number, passed: boolean) => ({ sumTenths, judgesCount, passed });
  it("edges fall on the pass mark, a bin below it at least, 100 in the last bin, exact comparison", () => {
    // Pass 72,5; means 72,5 (exactly, 2175/3), 100 and 71,0.
    const bins = meanBins([m(2175, 3, true), m(3000, 3, true), m(710, 1, false)], 725);
    expect(bins.some((b) => b.fromTenths === 725)).toBe(true);
    expect(bins.find((b) => b.fromTenths === 725)!.passed).toBe(1);
    expect(bins[bins.length - 1]).toMatchObject({ toTenths: 1000, passed: 1 });
    expect(bins[0]!.fromTenths).toBeLessThanOrEqual(710);
    expect(bins.reduce((a, b) => a + b.passed + b.notPassed, 0)).toBe(3);
    // A mean just under an edge stays below it: 2174/3 = 72,466… → the bin ending at 72,5.
    const under = meanBins([m(2174, 3, false)], 725);
    expect(under.find((b) => b.notPassed === 1)!.toTenths).toBe(725);
  });
  it("every mean above the pass mark still leaves a bin below it; no bins past the highest mean", () => {
    const bins = meanBins([m(850, 1, true), m(900, 1, true)], 700);
    expect(bins[0]!.toTenths).toBeLessThanOrEqual(700);
    expect(bins[bins.length - 1]!.fromTenths).toBe(900);
  });
});

describe("judge severity chart", () => {
  it("one row per judge, the results page's own severity figures, most severe first, with the spread", async () => {
    const chart = judgeSeverityChart(loadPrincipal(organizerUser, false), roundId)!;
    expect(chart).not.toBeNull();
    // J1 and J3 alike (+1,67, by name), J2 lenient (+8,33), J4 severe (−11,67).
    expect(chart.rows.map((r) => r.name)).toEqual([JUDGE_NAMES[3], JUDGE_NAMES[2], JUDGE_NAMES[0], JUDGE_NAMES[1]]);
    const page = (await (await call(resultsLoader, orgCookie, "/ket-qua")).json()) as any;
    for (const s of page.stats.severity) {
      const row = chart.rows.find((r) => r.judgeId === s.judgeId)!;
      expect(row.severityDisplay).toBe(s.severityDisplay.replace("-", "−"));
      expect(row.severity).toBeCloseTo(s.severityPoints, 10);
      expect(row.entries).toBe(s.entriesCompared);
    }
    const harsh = chart.rows[0]!;
    // J4 on each entry: (b − 100 + noise) − (3b + 50)/3 = −116,67 + noise tenths; noise 0, 20, −20, 10, −10, 0.
    expect(harsh.severityDisplay).toBe("−11,67");
    const sd = Math.sqrt([0, 2, -2, 1, -1, 0].reduce((a, x) => a + x * x, 0) / 5);
    expect(harsh.sd).toBeCloseTo(sd, 10);
    expect(chart.table.rows[0]).toEqual([JUDGE_NAMES[3], 6, "−11,67", sd.toLocaleString("vi-VN", { maximumFractionDigits: 2 }), "−13,67", "−9,67"]);
    for (const svg of [chart.svg, chart.svgNarrow]) {
      const doc = svgDoc(svg);
      expect(doc.querySelectorAll(".severity-mean circle").length).toBe(4);
      // A tick per distinct difference (quarter points): J4's six entries give five (−11,67 twice).
      const ticks = doc.querySelectorAll(".entry-difference line").length;
      expect(ticks).toBeGreaterThanOrEqual(4 + 4);
      expect(ticks).toBeLessThanOrEqual(24);
      expect(doc.querySelectorAll(".severity-spread line").length).toBe(4);
      // Most severe to the left of 0, the lenient judge to the right.
      const cx = [...doc.querySelectorAll(".severity-mean circle")].map((c: any) => Number(c.getAttribute("cx")));
      expect(cx[0]).toBeLessThan(cx[3]!);
      expect(svg).toContain(JUDGE_NAMES[3]);
    }
  });

  it("per-entry differences: each judge's total minus the other judges' mean on that entry", () => {
    const bases = [900, 820, 760, 720, 650, 600];
    const noise = [0, 20, -20, 10, -10, 0];
    const counted = bases.flatMap((b, e) =>
      [b, b + 50, b, b - 100 + noise[e]!].map((t, j) => ({ entryId: e, judgeId: j, status: "submitted" as const, groupPoints: { I: t } })),
    );
    const d = judgeDifferences(counted);
    // J4 on each entry: (b − 100 + noise) − (3b + 50)/3 = −116,67 + noise tenths.
    expect(d.get(3)!.map((x) => Math.round(x * 100) / 100)).toEqual([-11.67, -9.67, -13.67, -10.67, -12.67, -11.67]);
    const rows = severityRows(counted, (id) => `J${Number(id) + 1}`);
    expect(rows.map((r) => r.name)).toEqual(["J4", "J1", "J3", "J2"]);
    expect(rows[0]!.sd).toBeCloseTo(Math.sqrt(10 / 5), 10);
  });

  it("is drawn once per distinct input: the same sheets give the same chart from the memo, a changed sheet a new one", () => {
    const sheets = (last: number) =>
      [900, 820, 760].flatMap((b, e) => [b, b + 50, e === 2 ? last : b - 100].map((t, j) => ({ entryId: e, judgeId: j, status: "submitted" as const, groupPoints: { I: t } })));
    const name = (id: unknown) => `Giám khảo ${Number(id) + 1}`;
    const before = severityDrawStats();
    const a = severityChartFrom(sheets(660), name, 1, 1)!;
    const b = severityChartFrom(sheets(660), name, 1, 1)!;
    const mid = severityDrawStats();
    expect(mid.drawn - before.drawn).toBe(2); // full width and narrow, once
    expect(mid.remembered - before.remembered).toBe(2);
    expect(b.svg).toBe(a.svg);
    expect(b.svgNarrow).toBe(a.svgNarrow);
    // One judge's points on one entry changed: both widths are drawn again, and the chart differs.
    const c = severityChartFrom(sheets(700), name, 1, 1)!;
    expect(severityDrawStats().drawn - mid.drawn).toBe(2);
    expect(c.svg).not.toBe(a.svg);
    // Only the names changed: drawn again too (the labels are in the picture).
    const d = severityChartFrom(sheets(660), (id) => `GK ${Number(id) + 1}`, 1, 1)!;
    expect(d.svg).not.toBe(a.svg);
    expect(d.svg).toContain("GK 1");
  });

  it("the pure builder returns nothing without entries scored by two judges", () => {
    expect(severityChartFrom([{ entryId: 1, judgeId: 1, status: "submitted", groupPoints: { I: 300 } }], String, 1, 1)).toBeNull();
  });

  it("the results page's access: a plain judge 403, another province's organizer 404", () => {
    const judgeP = db.select({ userId: councilMembers.userId }).from(councilMembers).where(eq(councilMembers.id, judge[1]!)).get()!.userId!;
    const thrown = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e instanceof Response ? e.status : e;
      }
      return 200;
    };
    expect(thrown(() => judgeSeverityChart(loadPrincipal(judgeP, false), roundId))).toBe(403);
    expect(thrown(() => judgeSeverityChart(loadPrincipal(otherProvinceUser, false), roundId))).toBe(404);
    expect(thrown(() => judgeSeverityChart(loadPrincipal(chairUser, false), roundId))).toBe(200);
  });

  it("reopening a sheet reopens the stage: the means and the severity chart go away", async () => {
    reopenSheet(loadPrincipal(chairUser, false), roundId, firstSheet, "Kiểm tra lại");
    expect((await roundPage()).charts.means).toBeNull();
    expect(judgeSeverityChart(loadPrincipal(organizerUser, false), roundId)).toBeNull();
  });
});
