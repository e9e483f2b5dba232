import { describe, expect, it } from "vitest";
import type { Id, SheetInput } from "~/modules/scoring/aggregate";
import { agreementByGroup, agreementMatrix, icc, judgeSeverity, TOTAL_KEY } from "~/modules/scoring/agreement";

function sheet(entryId: Id, judgeId: Id, groupPoints: Record<string, number>, status: SheetInput["status"] = "submitted"): SheetInput {
  return { entryId, judgeId, status, groupPoints };
}

/** Rounds to two decimals, as the paper prints its values. */
const two = (x: number | null | undefined) => (x == null ? x : Math.round(x * 100) / 100);

/**
 * Shrout & Fleiss (1979), "Intraclass correlations: uses in assessing rater reliability",
 * Psychological Bulletin 86(2), Table 2: 6 targets × 4 judges.
 */
const SHROUT_FLEISS = [
  [9, 2, 5, 8],
  [6, 1, 3, 2],
  [8, 4, 6, 8],
  [7, 1, 2, 6],
  [10, 5, 6, 9],
  [6, 2, 4, 7],
];

describe("intraclass correlation", () => {
  it("reproduces the worked example of Shrout & Fleiss (1979), Table 2", () => {
    // Row sums 24, 12, 26, 16, 30, 19 (T = 127); column sums 46, 15, 26, 40; Σx² = 841; n = 6, k = 4, N = 24.
    //   T²/N = 16129/24 = 672.0417; Σ R² = 2913; Σ C² = 4617
    //   SS_rows  = Σ R²/k − T²/N = 2913/4 − 672.0417 = 56.2083;  BMS = 56.2083 / 5  = 11.24 (1349/120)
    //   SS_cols  = Σ C²/n − T²/N = 4617/6 − 672.0417 = 97.4583;  JMS = 97.4583 / 3  = 32.49 (2339/72)
    //   SS_total = Σx² − T²/N    = 841 − 672.0417    = 168.9583
    //   SS_error = 168.9583 − 56.2083 − 97.4583      = 15.2917;  EMS = 15.2917 / 15 = 1.02 (367/360)
    //   WMS = (SS_total − SS_rows) / (n(k − 1)) = 112.75 / 18                       = 6.26 (451/72)
    //   ICC(1,1) = (11.24 − 6.26) / (11.24 + 3 · 6.26)                                  = 0.17
    //   ICC(2,1) = (11.24 − 1.02) / (11.24 + 3 · 1.02 + 4 · (32.49 − 1.02) / 6)           = 0.29
    //   ICC(3,1) = (11.24 − 1.02) / (11.24 + 3 · 1.02)                                  = 0.71
    const r = icc(SHROUT_FLEISS)!;
    expect(r.n).toBe(6);
    expect(r.k).toBe(4);
    expect(two(r.meanSquares.bms)).toBe(11.24);
    expect(two(r.meanSquares.wms)).toBe(6.26);
    expect(two(r.meanSquares.jms)).toBe(32.49);
    expect(two(r.meanSquares.ems)).toBe(1.02);
    expect(two(r.icc11)).toBe(0.17);
    expect(two(r.icc21)).toBe(0.29);
    expect(two(r.icc31)).toBe(0.71);
    // The paper's Table 4 also gives the average-measure forms: .44, .62, .91.
    expect(two(r.icc1k)).toBe(0.44);
    expect(two(r.icc2k)).toBe(0.62);
    expect(two(r.icc3k)).toBe(0.91);
    // Exact values: BMS = 1349/120, EMS = 367/360.
    expect(r.meanSquares.bms).toBe(1349 / 120);
    expect(r.meanSquares.ems).toBe(367 / 360);
  });

  it("does not depend on the unit: the same ratings in tenths give the same ICCs", () => {
    const r = icc(SHROUT_FLEISS)!;
    const tenths = icc(SHROUT_FLEISS.map((row) => row.map((x) => x * 10)))!;
    expect(tenths.icc21).toBeCloseTo(r.icc21!, 12);
    expect(tenths.icc31).toBeCloseTo(r.icc31!, 12);
    expect(tenths.icc11).toBeCloseTo(r.icc11!, 12);
  });

  it("sums exactly both in plain numbers and, past 2^53, in bigints: the same ICCs either way", () => {
    const r = icc(SHROUT_FLEISS)!;
    // × 10^7: squares reach 10^16, past Number.MAX_SAFE_INTEGER, so the sums switch to bigints.
    const big = icc(SHROUT_FLEISS.map((row) => row.map((x) => x * 10_000_000)))!;
    expect(big.icc11).toBe(r.icc11);
    expect(big.icc21).toBe(r.icc21);
    expect(big.icc31).toBe(r.icc31);
    expect(big.icc3k).toBe(r.icc3k);
    // Negative ratings are integers too.
    const shifted = icc(SHROUT_FLEISS.map((row) => row.map((x) => x - 100)))!;
    expect(shifted.icc21).toBeCloseTo(r.icc21!, 12);
    expect(shifted.meanSquares.bms).toBe(r.meanSquares.bms);
  });

  it("separates consistency from absolute agreement", () => {
    // Judge 2 gives every entry exactly 10 more than judge 1: rows (1, 11), (2, 12), (3, 13).
    // Row means 6, 7, 8 (grand 7): BMS = 2 · (1 + 0 + 1) / 2 = 2.
    // Column means 2, 12: JMS = 3 · (25 + 25) / 1 = 150. Residuals all 0: EMS = 0.
    // ICC(3,1) = (2 − 0) / (2 + 0) = 1 (perfectly consistent);
    // ICC(2,1) = (2 − 0) / (2 + 0 + 2 · (150 − 0) / 3) = 2 / 102 = 0.0196 (far apart in level).
    const r = icc([
      [1, 11],
      [2, 12],
      [3, 13],
    ])!;
    expect(r.icc31).toBe(1);
    expect(r.icc21).toBeCloseTo(2 / 102, 12);
  });

  it("gives 1 for identical judges and null where it is undefined", () => {
    expect(
      icc([
        [800, 800, 800],
        [700, 700, 700],
        [750, 750, 750],
      ]),
    ).toMatchObject({ icc11: 1, icc21: 1, icc31: 1 });
    // Fewer than 2 entries or 2 judges.
    expect(icc([])).toBeNull();
    expect(icc([[800, 700, 750]])).toBeNull();
    expect(icc([[800], [700]])).toBeNull();
    // No variance at all: every ratio is 0/0.
    expect(
      icc([
        [700, 700],
        [700, 700],
      ]),
    ).toMatchObject({ icc11: null, icc21: null, icc31: null });
    expect(() => icc([[1, 2], [3]])).toThrow(RangeError);
    expect(() => icc([[1.5, 2], [3, 4]])).toThrow(RangeError);
  });
});

describe("agreement per criterion group", () => {
  // Group I carries the Shrout & Fleiss ratings (in tenths); group II is read identically by all
  // judges (perfect agreement). Entry E7 is left out: judge J3 declared a conflict there.
  const judges = ["J1", "J2", "J3", "J4"];
  const sheets: SheetInput[] = [
    ...SHROUT_FLEISS.flatMap((row, i) =>
      row.map((x, j) => sheet(`E${i + 1}`, judges[j]!, { I: x * 10, II: 100 + 20 * i })),
    ),
    sheet("E7", "J1", { I: 50, II: 300 }),
    sheet("E7", "J2", { I: 50, II: 300 }),
    sheet("E7", "J3", { I: 90, II: 300 }), // conflict: ignored
    sheet("E7", "J4", { I: 50, II: 300 }),
    sheet("E8", "J1", { I: 10, II: 10 }, "draft"), // draft: ignored, so E8 has no sheet at all
  ];
  const conflicts = [{ entryId: "E7", judgeId: "J3" }];

  it("builds the complete entries × judges matrix, leaving out entries with a missing judge", () => {
    const m = agreementMatrix(sheets, { conflicts });
    expect(m.judgeIds).toEqual(judges);
    expect(m.entryIds).toEqual(["E1", "E2", "E3", "E4", "E5", "E6"]);
    expect(m.droppedEntryIds).toEqual(["E7"]);
    // Without J3 the matrix keeps E7.
    const without = agreementMatrix(sheets, { conflicts, judgeIds: ["J1", "J2", "J4"] });
    expect(without.entryIds).toContain("E7");
    expect(without.droppedEntryIds).toEqual([]);
  });

  it("computes the ICCs of each group and of the total", () => {
    const a = agreementByGroup(sheets, { conflicts });
    expect(Object.keys(a.byGroup)).toEqual(["I", "II", TOTAL_KEY]);
    expect(two(a.byGroup.I!.icc21)).toBe(0.29);
    expect(two(a.byGroup.I!.icc31)).toBe(0.71);
    expect(a.byGroup.II).toMatchObject({ icc21: 1, icc31: 1 });
    const total = a.byGroup[TOTAL_KEY]!;
    expect(total.n).toBe(6);
    // Adding a perfectly agreed component (spread 100..200) makes the total more reliable than group I alone.
    expect(total.icc21!).toBeGreaterThan(a.byGroup.I!.icc21!);
    expect(total.icc21!).toBeLessThan(1);
  });

  it("returns null for a group when fewer than 2 entries are complete", () => {
    const a = agreementByGroup([sheet("E1", "J1", { I: 300 }), sheet("E1", "J2", { I: 310 })]);
    expect(a.byGroup).toEqual({ I: null, [TOTAL_KEY]: null });
  });
});

describe("judge severity", () => {
  // E1: J1 80, J2 70, J3 71 → panel mean 221 / 3 = 73.667 (2210/3 tenths)
  // E2: J1 90, J2 84 (J3 has a conflict; its sheet is ignored) → panel mean 87 (870 tenths)
  const sheets = [
    sheet("E1", "J1", { I: 400, II: 400 }),
    sheet("E1", "J2", { I: 350, II: 350 }),
    sheet("E1", "J3", { I: 360, II: 350 }),
    sheet("E2", "J1", { I: 450, II: 450 }),
    sheet("E2", "J2", { I: 420, II: 420 }),
    sheet("E2", "J3", { I: 500, II: 500 }),
    sheet("E3", "J1", { I: 100, II: 100 }, "draft"),
  ];
  const conflicts = [{ entryId: "E2", judgeId: "J3" }];

  it("compares each judge with the OTHER judges on the entries that judge scored (leave-one-out)", () => {
    const s = judgeSeverity(sheets, { conflicts });
    expect(s.map((j) => j.judgeId)).toEqual(["J1", "J2", "J3"]);
    // J1: E1 800 − (700 + 710)/2 = +95; E2 900 − 840 = +60 → 155/2 tenths = +7,75 points (lenient)
    //     own mean (800 + 900)/2 = 850; the others' mean (705 + 840)/2 = 1545/2.
    expect(s[0]).toMatchObject({
      entriesScored: 2,
      entriesCompared: 2,
      judgeMeanTenths: { num: 850, den: 1 },
      othersMeanTenths: { num: 1545, den: 2 },
      severityTenths: { num: 155, den: 2 },
      severityDisplay: "+7,75",
    });
    expect(s[0]!.severityPoints).toBeCloseTo(7.75, 12);
    // J2: E1 700 − (800 + 710)/2 = −55; E2 840 − 900 = −60 → −115/2 → "-5,75"
    expect(s[1]).toMatchObject({ severityTenths: { num: -115, den: 2 }, severityDisplay: "-5,75" });
    // J3: only E1 counts (conflict on E2): 710 − (800 + 700)/2 = −40 tenths → "-4,00" (severe)
    expect(s[2]).toMatchObject({ entriesScored: 1, judgeMeanTenths: { num: 710, den: 1 }, severityTenths: { num: -40, den: 1 }, severityDisplay: "-4,00" });
  });

  it("can look at one criterion group", () => {
    // Group I on E1: 400, 350, 360. J3 (only E1): 360 − (400 + 350)/2 = −15 tenths → "-1,50".
    const s = judgeSeverity(sheets, { conflicts, group: "I" });
    expect(s[2]).toMatchObject({ severityTenths: { num: -15, den: 1 }, severityDisplay: "-1,50" });
  });

  it("asked twice for the same sheets gives the same figures; other sheets, or conflicts, are computed afresh", () => {
    const plain = sheets.filter((s) => s.status === "submitted");
    const first = judgeSeverity(plain);
    expect(judgeSeverity(plain)).toEqual(first);
    // A new array with one sheet changed (as a reopened and resubmitted sheet gives) is not answered from the first.
    const changed = plain.map((s) => (s.entryId === "E1" && s.judgeId === "J1" ? sheet("E1", "J1", { I: 300, II: 300 }) : s));
    const again = judgeSeverity(changed);
    expect(again[0]!.severityDisplay).not.toBe(first[0]!.severityDisplay);
    // Conflicts change the figures of the same array.
    expect(judgeSeverity(plain, { conflicts })[2]).toMatchObject({ entriesScored: 1, severityDisplay: "-4,00" });
    expect(judgeSeverity(plain)[2]!.entriesScored).toBe(2);
  });

  it("is zero for a judge who agrees with the panel, and for a lone judge", () => {
    const s = judgeSeverity([sheet("E1", "J1", { I: 300 }), sheet("E1", "J2", { I: 300 }), sheet("E2", "J1", { I: 250 })]);
    expect(s.map((j) => [j.judgeId, j.severityTenths, j.severityDisplay])).toEqual([
      ["J1", { num: 0, den: 1 }, "0,00"],
      ["J2", { num: 0, den: 1 }, "0,00"],
    ]);
  });
});
