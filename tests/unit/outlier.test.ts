/**
 * Which judge is out of line on an entry flagged for discrepancy: each judge's total against the
 * mean of the OTHER judges (leave-one-out), exact, and the outlier named only when it is one judge.
 */
import { describe, expect, it } from "vitest";
import { aggregateStage, type Id, type SheetInput } from "~/modules/scoring/aggregate";
import { entryOutlier, OUTLIER_TEXT, stageOutliers } from "~/modules/scoring/agreement";

/** A counted sheet with its total (tenths) spread over two groups, as real sheets are. */
const sheet = (judgeId: Id, total: number, entryId: Id = "E1"): SheetInput => ({
  entryId,
  judgeId,
  status: "submitted",
  groupPoints: { I: Math.floor(total / 2), II: total - Math.floor(total / 2) },
});
const byJudge = (r: ReturnType<typeof entryOutlier>) => Object.fromEntries(r.judges.map((j) => [String(j.judgeId), j]));

describe("entryOutlier", () => {
  it("3 judges: the low judge is named, with the others' mean and the difference", () => {
    const r = entryOutlier([sheet("A", 800), sheet("B", 810), sheet("C", 620)], (id) => `GK ${String(id)}`);
    expect(r.verdict).toBe("outlier");
    expect(r.outlierJudgeId).toBe("C");
    expect(r.verdictText).toBe("GK C lệch nhiều nhất so với trung bình của các giám khảo còn lại.");
    const j = byJudge(r);
    // C: others (80 + 81) / 2 = 80,50; 62 − 80,50 = −18,50.
    expect(j.C).toMatchObject({ totalTenths: 620, othersMeanTenths: { num: 805, den: 1 }, differenceTenths: { num: -185, den: 1 }, othersMeanDisplay: "80,50", differenceDisplay: "−18,50", outlier: true, largest: true });
    // A: others (81 + 62) / 2 = 71,50; 80 − 71,50 = +8,50.
    expect(j.A).toMatchObject({ othersMeanDisplay: "71,50", differenceDisplay: "+8,50", outlier: false, largest: false });
    expect(j.B).toMatchObject({ othersMeanDisplay: "71,00", differenceDisplay: "+10,00", outlier: false });
  });

  it("4 judges in tenths: exact thirds, no float drift, rounded half away from zero only for display", () => {
    // Totals 75,3 / 76,1 / 74,8 / 90,2; sum 3164 tenths.
    const r = entryOutlier([sheet("A", 753), sheet("B", 761), sheet("C", 748), sheet("D", 902)]);
    expect(r.outlierJudgeId).toBe("D");
    const j = byJudge(r);
    // D: others (753 + 761 + 748) / 3 = 2262/3 = 754 tenths = 75,40; diff 902 − 754 = 148 → +14,80.
    expect(j.D).toMatchObject({ othersMeanTenths: { num: 754, den: 1 }, differenceTenths: { num: 148, den: 1 }, differenceDisplay: "+14,80", outlier: true });
    // A: others (761 + 748 + 902) / 3 = 2411/3 tenths = 80,3666… → "80,37"; diff (4·753 − 3164)/3 = −152/3 → −5,0666… → "−5,07".
    expect(j.A).toMatchObject({ othersMeanTenths: { num: 2411, den: 3 }, differenceTenths: { num: -152, den: 3 }, othersMeanDisplay: "80,37", differenceDisplay: "−5,07" });
    // C: others (753 + 761 + 902) / 3 = 2416/3 → 80,5333… "80,53"; diff −172/3 → −5,7333… "−5,73".
    expect(j.C).toMatchObject({ othersMeanTenths: { num: 2416, den: 3 }, differenceTenths: { num: -172, den: 3 }, othersMeanDisplay: "80,53", differenceDisplay: "−5,73" });
    // Every difference is total − others' mean exactly: n·t − S over n − 1.
    for (const x of r.judges) expect(x.differenceTenths.num * x.othersMeanTenths.den).toBe((x.totalTenths * x.othersMeanTenths.den - x.othersMeanTenths.num) * x.differenceTenths.den);
  });

  it("5 judges: a high judge is named; halves round away from zero for display (−12,50)", () => {
    // Four judges around 70, one at 82,5.
    const r = entryOutlier([sheet("A", 700), sheet("B", 705), sheet("C", 695), sheet("D", 700), sheet("E", 825)]);
    expect(r.outlierJudgeId).toBe("E");
    const j = byJudge(r);
    // E: others 2800/4 = 700 → diff +12,50.
    expect(j.E).toMatchObject({ othersMeanDisplay: "70,00", differenceDisplay: "+12,50", outlier: true });
    // A: others (705 + 695 + 700 + 825)/4 = 2925/4 = 731,25 tenths → 73,125 → "73,13"; diff −31,25 tenths → −3,125 → "−3,13".
    expect(j.A).toMatchObject({ othersMeanTenths: { num: 2925, den: 4 }, differenceTenths: { num: -125, den: 4 }, othersMeanDisplay: "73,13", differenceDisplay: "−3,13" });
    // The low mirror: one judge 12,5 below four who agree.
    const low = entryOutlier([sheet("A", 700), sheet("B", 700), sheet("C", 700), sheet("D", 700), sheet("E", 575)]);
    expect(byJudge(low).E).toMatchObject({ differenceDisplay: "−12,50", outlier: true });
    expect(byJudge(low).A).toMatchObject({ differenceDisplay: "+3,13" }); // 700 − 2675/4 = +31,25 tenths
  });

  it("an exact tie for the largest difference names nobody but shows every difference", () => {
    // 60 and 90 around two at 75: A and D are equally far from the others.
    const r = entryOutlier([sheet("A", 600), sheet("B", 750), sheet("C", 750), sheet("D", 900)]);
    expect(r.verdict).toBe("tie");
    expect(r.outlierJudgeId).toBeNull();
    expect(r.verdictText).toBe(OUTLIER_TEXT.tie);
    expect(r.judges.every((j) => !j.outlier)).toBe(true);
    expect(r.judges.filter((j) => j.largest).map((j) => j.judgeId)).toEqual(["A", "D"]);
    const j = byJudge(r);
    expect(j.A).toMatchObject({ othersMeanDisplay: "80,00", differenceDisplay: "−20,00" });
    expect(j.D).toMatchObject({ othersMeanDisplay: "70,00", differenceDisplay: "+20,00" });
    expect(j.B).toMatchObject({ othersMeanDisplay: "75,00", differenceDisplay: "0,00" });
  });

  it("a tie that differs only past two decimals is not a tie (exact comparison)", () => {
    // |3·t − S|: A 3·600 − 2401 = −601, C 3·901 − 2401 = 302, B 3·900 − 2401 = 299 → A alone.
    const r = entryOutlier([sheet("A", 600), sheet("B", 900), sheet("C", 901)]);
    expect(r.outlierJudgeId).toBe("A");
    // Two judges whose distances differ by 2/3 of a tenth are told apart exactly.
    const close = entryOutlier([sheet("A", 700), sheet("B", 800), sheet("C", 901), sheet("D", 800)]);
    // S = 3201: A |2800 − 3201| = 401, C |3604 − 3201| = 403 → C (diff 134,33… vs 133,66… tenths).
    expect(close.outlierJudgeId).toBe("C");
    expect(byJudge(close).C.differenceDisplay).toBe("+13,43");
    expect(byJudge(close).A.differenceDisplay).toBe("−13,37");
  });

  it("2 judges: no outlier can be named, differences shown", () => {
    const r = entryOutlier([sheet("A", 600), sheet("B", 800)]);
    expect(r.verdict).toBe("too_few_judges");
    expect(r.outlierJudgeId).toBeNull();
    expect(r.verdictText).toBe(OUTLIER_TEXT.tooFew);
    expect(r.judges.map((j) => [j.othersMeanDisplay, j.differenceDisplay, j.outlier])).toEqual([
      ["80,00", "−20,00", false],
      ["60,00", "+20,00", false],
    ]);
  });

  it("refuses sheets of two entries or a judge counted twice", () => {
    expect(() => entryOutlier([sheet("A", 600), sheet("B", 800, "E2")])).toThrow(RangeError);
    expect(() => entryOutlier([sheet("A", 600), sheet("A", 800)])).toThrow(RangeError);
  });
});

describe("stageOutliers", () => {
  it("covers only flagged entries, from the counted sheets (a conflict's and a draft's sheets are left out)", () => {
    const sheets: SheetInput[] = [
      sheet("A", 800, "E1"),
      sheet("B", 810, "E1"),
      sheet("C", 820, "E1"),
      sheet("D", 500, "E1"), // declared conflict: does not count, so E1 is not flagged
      sheet("A", 800, "E2"),
      sheet("B", 790, "E2"),
      sheet("C", 600, "E2"),
      { ...sheet("D", 300, "E2"), status: "draft" }, // a draft does not count either
      sheet("A", 700, "E3"),
      sheet("B", 705, "E3"),
      sheet("C", 710, "E3"),
    ];
    const results = aggregateStage({
      entries: ["E1", "E2", "E3"].map((entryId) => ({ entryId, productGroupId: 1, eligible: true })),
      sheets,
      conflicts: [{ entryId: "E1", judgeId: "D" }],
      settings: { discrepancyToleranceTenths: 150 },
    });
    expect(results.entries.filter((e) => e.discrepancy).map((e) => e.entryId)).toEqual(["E2"]);
    const out = stageOutliers(results);
    expect([...out.keys()]).toEqual(["E2"]);
    const e2 = out.get("E2")!;
    expect(e2.judges.map((j) => j.judgeId)).toEqual(["A", "B", "C"]);
    expect(e2.outlierJudgeId).toBe("C");
    expect(byJudge(e2).C.differenceDisplay).toBe("−19,50");
  });
});
