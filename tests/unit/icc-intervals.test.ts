/**
 * The reliability of the panel's mean and the confidence intervals, against published worked
 * examples other than Shrout & Fleiss (1979); and the per-panel ICC when judges are assigned by
 * product group.
 */
import { describe, expect, it } from "vitest";
import type { Id, SheetInput } from "~/modules/scoring/aggregate";
import { agreementByGroup, formatIcc, icc, iccIntervals, panelAgreement, TOTAL_KEY } from "~/modules/scoring/agreement";

function sheet(entryId: Id, judgeId: Id, groupPoints: Record<string, number>, status: SheetInput["status"] = "submitted"): SheetInput {
  return { entryId, judgeId, status, groupPoints };
}

/**
 * The `anxiety` data of the R package irr (Gamer, Lemon, Fellows & Singh; CRAN, version 0.84.1):
 * 20 subjects rated by 3 raters. Its documentation's example
 *   icc(anxiety, model = "twoway", type = "agreement")
 * prints ICC(A,1) = 0.198, F(19, 39.7) = 1.83, 95% CI −0.039 < ICC < 0.494; the unrounded values
 * below are those irr 0.84.1 returns (value 0.197998, Fvalue 1.826772, df2 39.746041,
 * lbound −0.038911, ubound 0.493574).
 */
const ANXIETY = {
  rater1: [3, 3, 3, 4, 5, 5, 2, 3, 5, 2, 2, 6, 1, 5, 2, 2, 1, 2, 4, 3],
  rater2: [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4],
  rater3: [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2],
};
const anxiety = ANXIETY.rater1.map((x, i) => [x, ANXIETY.rater2[i]!, ANXIETY.rater3[i]!]);

describe("ICC(2,1) and ICC(2,k) with confidence intervals (McGraw & Wong 1996)", () => {
  const r = icc(anxiety)!;

  it("reproduces irr's worked example: ICC(A,1) = 0.198, 95% CI −0.039 to 0.494", () => {
    expect(r.n).toBe(20);
    expect(r.k).toBe(3);
    expect(r.icc21).toBeCloseTo(0.197998, 6);
    expect(r.meanSquares.bms / r.meanSquares.ems).toBeCloseTo(1.826772, 6); // the F statistic
    expect(r.ci.icc21!.lower).toBeCloseTo(-0.038911, 5);
    expect(r.ci.icc21!.upper).toBeCloseTo(0.493574, 5);
  });

  it("ICC(2,k), the reliability of the 3 raters' mean, with the Spearman–Brown step-up of those bounds", () => {
    // ICC(A,k) = (BMS − EMS) / (BMS + (JMS − EMS)/n) = k·ρ / (1 + (k − 1)·ρ) with ρ = ICC(A,1).
    const up = (x: number) => (3 * x) / (1 + 2 * x);
    expect(r.icc2k).toBeCloseTo(up(0.197998), 5);
    expect(r.ci.icc2k!.lower).toBeCloseTo(up(-0.038911), 4);
    expect(r.ci.icc2k!.upper).toBeCloseTo(up(0.493574), 4);
    expect(r.ci.icc2k!.lower).toBeLessThan(r.icc2k!);
    expect(r.ci.icc2k!.upper).toBeGreaterThan(r.icc2k!);
  });

  it("does not depend on the scale (tenths of a point give the same figures)", () => {
    const tenths = icc(anxiety.map((row) => row.map((x) => x * 10)))!;
    expect(tenths.ci.icc21!.lower).toBeCloseTo(r.ci.icc21!.lower, 10);
    expect(tenths.ci.icc3k!.upper).toBeCloseTo(r.ci.icc3k!.upper, 10);
  });
});

describe("ICC(3,1) and ICC(3,k) with confidence intervals", () => {
  it("reproduces statpsych's documented example ci.icc(.05, 48.2, 11.3, 5, 30) (Bonett; CRAN package statpsych)", () => {
    // "Should return: ICC(C, 1) 0.3951 [0.2311, 0.5853]; ICC(C, r) 0.7656 [0.6005, 0.8759]".
    const ms = { bms: 48.2, ems: 11.3, jms: 20, wms: 0 };
    const ci = iccIntervals(ms, 30, 5, null);
    expect(ci.icc31!.lower).toBeCloseTo(0.2311, 4);
    expect(ci.icc31!.upper).toBeCloseTo(0.5853, 4);
    expect(ci.icc3k!.lower).toBeCloseTo(0.6005, 4);
    expect(ci.icc3k!.upper).toBeCloseTo(0.8759, 4);
    // No agreement estimate given: no agreement intervals.
    expect(ci.icc21).toBeNull();
    expect(ci.icc2k).toBeNull();
  });

  it("leaves an interval out where it is undefined (no residual variance; perfect agreement)", () => {
    const perfect = icc([
      [10, 10],
      [20, 20],
      [30, 30],
    ])!;
    expect(perfect.icc21).toBe(1);
    expect(perfect.ci).toMatchObject({ icc21: null, icc2k: null, icc31: null, icc3k: null });
  });
});

describe("agreement per panel (judges assigned by product group)", () => {
  // Group-1 entries scored by J1–J3, group-2 entries by J4–J6: no entry is scored by every judge.
  const p1 = [
    [800, 780, 790],
    [700, 690, 720],
    [650, 640, 600],
    [900, 880, 870],
  ];
  const p2 = [
    [720, 700, 710],
    [810, 800, 790],
    [600, 640, 620],
  ];
  const sheets: SheetInput[] = [
    ...p1.flatMap((row, i) => row.map((x, j) => sheet(`A${i + 1}`, `J${j + 1}`, { I: x }))),
    ...p2.flatMap((row, i) => row.map((x, j) => sheet(`B${i + 1}`, `J${j + 4}`, { I: x }))),
    // B4: J5 declared a conflict, so only J4 and J6 counted: a judge set no other entry has.
    sheet("B4", "J4", { I: 750 }),
    sheet("B4", "J6", { I: 760 }),
  ];

  it("the whole-council matrix is empty, every panel has its own complete one", () => {
    const whole = agreementByGroup(sheets);
    expect(whole.entryIds).toEqual([]);
    expect(whole.byGroup[TOTAL_KEY]).toBeNull();

    const { panels, entriesOutside } = panelAgreement(sheets);
    expect(panels.map((p) => p.judgeIds)).toEqual([
      ["J1", "J2", "J3"],
      ["J4", "J5", "J6"],
    ]);
    expect(panels[0]!.entryIds).toEqual(["A1", "A2", "A3", "A4"]);
    expect(panels[1]!.entryIds).toEqual(["B1", "B2", "B3"]);
    expect(entriesOutside).toEqual(["B4"]);
    // Each panel's figure is the ICC of its own matrix.
    expect(panels[0]!.byGroup[TOTAL_KEY]).toEqual(icc(p1));
    expect(panels[1]!.byGroup[TOTAL_KEY]).toEqual(icc(p2));
    expect(panels[0]!.byGroup[TOTAL_KEY]!.icc2k).toBeGreaterThan(0.9);
  });

  it("one panel for the whole council gives the whole-council figure", () => {
    const one = sheets.filter((s) => String(s.entryId).startsWith("A"));
    const { panels } = panelAgreement(one);
    expect(panels).toHaveLength(1);
    expect(panels[0]!.byGroup[TOTAL_KEY]).toEqual(agreementByGroup(one).byGroup[TOTAL_KEY]);
  });

  it("formats a figure with its interval, decimal comma and a true minus", () => {
    expect(formatIcc(0.197998, { lower: -0.038911, upper: 0.493574 })).toBe("0,20 (−0,04 đến 0,49)");
    expect(formatIcc(null)).toBe("—");
  });
});
