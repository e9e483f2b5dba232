import { describe, expect, it } from "vitest";
import {
  aggregateStage,
  compareMeans,
  DEFAULT_SCORING_SETTINGS,
  divideRounded,
  formatHundredths,
  formatMean,
  formatTenths,
  meanHundredths,
  resolveSettings,
  shortlist,
  stageTwoEntries,
  type EntryInput,
  type EntryResult,
  type Id,
  type SheetInput,
  type StageResults,
} from "~/modules/scoring/aggregate";

// All points are in TENTHS: 800 = 80 points. A sheet is written [I, II, III, IV].
type Points = [number, number, number, number];

function sheet(entryId: Id, judgeId: Id, [I, II, III, IV]: Points, status: SheetInput["status"] = "submitted"): SheetInput {
  return { entryId, judgeId, status, groupPoints: { I, II, III, IV } };
}

/** The same sheet from judges J1..Jn. */
function panel(entryId: Id, points: Points, judges = 3): SheetInput[] {
  return Array.from({ length: judges }, (_, i) => sheet(entryId, `J${i + 1}`, points));
}

function entry(entryId: Id, productGroupId: Id = "G1", eligible = true): EntryInput {
  return { entryId, productGroupId, eligible };
}

function byId(results: StageResults, id: Id): EntryResult {
  const r = results.entries.find((e) => e.entryId === id);
  if (!r) throw new Error(`no result for ${String(id)}`);
  return r;
}

describe("settings", () => {
  it("defaults to the rules of DOMAIN.md 5", () => {
    expect(resolveSettings()).toEqual({
      passMarkTenths: 700,
      recognitionCap: null,
      tieBreak: ["I", "II", "vote"],
      discrepancyToleranceTenths: 150,
      minJudges: 3,
    });
    expect(resolveSettings({ recognitionCap: 10 }).recognitionCap).toBe(10);
    expect(DEFAULT_SCORING_SETTINGS.passMarkTenths).toBe(700);
  });

  it("refuses impossible settings", () => {
    expect(() => resolveSettings({ passMarkTenths: 69.5 })).toThrow(RangeError);
    expect(() => resolveSettings({ passMarkTenths: -1 })).toThrow(RangeError);
    expect(() => resolveSettings({ recognitionCap: -2 })).toThrow(RangeError);
    expect(() => resolveSettings({ minJudges: 0 })).toThrow(RangeError);
    expect(() => resolveSettings({ tieBreak: ["I", "I"] })).toThrow(RangeError);
  });
});

describe("exact numbers and their display", () => {
  it("rounds half-up with integers only", () => {
    // 2/3 → 1; 1/2 → 1 (half-up); 5/2 → 3; -5/2 → -3 (half away from zero); 7/7 → 1
    expect([divideRounded(2, 3), divideRounded(1, 2), divideRounded(5, 2), divideRounded(-5, 2), divideRounded(7, 7)]).toEqual([
      1, 1, 3, -3, 1,
    ]);
    expect(divideRounded(-1, 3)).toBe(0); // -0.33 → 0, and not -0
    expect(Object.is(divideRounded(-1, 3), -0)).toBe(false);
  });

  it("turns a sum in tenths and a count into hundredths", () => {
    // 2101 tenths / 3 = 700.333… tenths = 7003.33… hundredths → 7003
    expect(meanHundredths(2101, 3)).toBe(7003);
    // 2801 tenths / 4 = 700.25 tenths = 7002.5 hundredths → 7003 (half-up)
    expect(meanHundredths(2801, 4)).toBe(7003);
  });

  it("compares means exactly by cross-multiplication", () => {
    // 2400/3 = 80 and 3200/4 = 80: 2400·4 − 3200·3 = 0
    expect(compareMeans(2400, 3, 3200, 4)).toBe(0);
    // 2101/3 = 700.33 > 700/1: 2101·1 − 700·3 = 1
    expect(compareMeans(2101, 3, 700, 1)).toBeGreaterThan(0);
    expect(compareMeans(2099, 3, 700, 1)).toBeLessThan(0);
  });

  it("formats in Vietnamese: decimal comma, two decimals, '.' between thousands", () => {
    expect(formatTenths(775)).toBe("77,50");
    expect(formatTenths(700)).toBe("70,00");
    expect(formatTenths(5)).toBe("0,50");
    expect(formatTenths(12345)).toBe("1.234,50");
    expect(formatHundredths(7003)).toBe("70,03");
    expect(formatHundredths(7)).toBe("0,07");
    expect(formatHundredths(-125, { signed: true })).toBe("-1,25");
    expect(formatHundredths(125, { signed: true })).toBe("+1,25");
    expect(formatHundredths(0, { signed: true })).toBe("0,00");
    expect(formatMean(2333, 3)).toBe("77,77"); // 2333/3 = 777.666… tenths → 7776.67 hundredths → 7777
    expect(formatMean(0, 0)).toBe("—");
  });
});

describe("mean, pass mark and per-entry figures", () => {
  it("takes the mean of the judges' totals and keeps the group sums", () => {
    // A: 80 + 75 + 77.5 = 232.5 points; 232.5 / 3 = 77.5 → "77,50"
    //    in tenths: 800 + 750 + 775 = 2325; 2325 · 10 / 3 = 7750 hundredths
    // B: 80 + 75 + 78 = 233 points; 233 / 3 = 77.666… → "77,67" (a non-terminating decimal)
    const res = aggregateStage({
      entries: [entry("A"), entry("B")],
      sheets: [
        sheet("A", "J1", [320, 320, 80, 80]), // 80
        sheet("A", "J2", [300, 300, 75, 75]), // 75
        sheet("A", "J3", [310, 310, 80, 75]), // 77.5
        sheet("B", "J1", [320, 320, 80, 80]), // 80
        sheet("B", "J2", [300, 300, 75, 75]), // 75
        sheet("B", "J3", [310, 310, 80, 80]), // 78
      ],
    });
    const a = byId(res, "A");
    expect(a.judgesCount).toBe(3);
    expect(a.judgeIds).toEqual(["J1", "J2", "J3"]);
    expect(a.sumTenths).toBe(2325);
    expect(a.meanHundredths).toBe(7750);
    expect(a.meanDisplay).toBe("77,50");
    // Group I: 320 + 300 + 310 = 930 tenths; 930 · 10 / 3 = 3100 hundredths (31,00)
    // Group IV: 80 + 75 + 75 = 230 tenths; 2300 / 3 = 766.67 → 767 hundredths (7,67)
    expect(a.groupSumsTenths).toEqual({ I: 930, II: 930, III: 235, IV: 230 });
    expect(a.groupMeansHundredths).toEqual({ I: 3100, II: 3100, III: 783, IV: 767 });
    expect([a.minTenths, a.maxTenths]).toEqual([750, 800]);
    expect(a.passed).toBe(true);

    const b = byId(res, "B");
    // 2330 tenths · 10 / 3 = 7766.67 hundredths → 7767
    expect(b.sumTenths).toBe(2330);
    expect(b.meanHundredths).toBe(7767);
    expect(b.meanDisplay).toBe("77,67");
    expect([b.rank, a.rank]).toEqual([1, 2]);
  });

  it("decides the pass mark exactly, not on the rounded display", () => {
    // UP: 70 + 70 + 70.1 = 210.1; 210.1 / 3 = 70.0333… ≥ 70 → passes. Exact: 2101 ≥ 700 · 3 = 2100.
    // DOWN: 69.9 + 70 + 70 = 209.9; 209.9 / 3 = 69.9666… < 70 → fails. Exact: 2099 < 2100.
    // EVEN: 70 + 70 + 70 = 210; 210 / 3 = 70 → passes (the mark itself passes).
    const res = aggregateStage({
      entries: [entry("UP"), entry("DOWN"), entry("EVEN")],
      sheets: [
        sheet("UP", "J1", [280, 280, 70, 70]),
        sheet("UP", "J2", [280, 280, 70, 70]),
        sheet("UP", "J3", [281, 280, 70, 70]),
        sheet("DOWN", "J1", [279, 280, 70, 70]),
        sheet("DOWN", "J2", [280, 280, 70, 70]),
        sheet("DOWN", "J3", [280, 280, 70, 70]),
        ...panel("EVEN", [280, 280, 70, 70]),
      ],
    });
    expect(byId(res, "UP")).toMatchObject({ sumTenths: 2101, meanDisplay: "70,03", passed: true });
    expect(byId(res, "DOWN")).toMatchObject({ sumTenths: 2099, meanDisplay: "69,97", passed: false });
    expect(byId(res, "EVEN")).toMatchObject({ sumTenths: 2100, meanDisplay: "70,00", passed: true });
  });

  it("can show 70,00 for a mean just under the mark (20 judges) and still fails it", () => {
    // 19 judges give 70.0 and one gives 69.9: sum = 19 · 700 + 699 = 13999 tenths.
    // Mean = 13999 / 20 = 699.95 tenths = 6999.5 hundredths → displayed 7000 "70,00" (half-up),
    // but 13999 < 700 · 20 = 14000, so it fails. (With fewer than 20 judges this cannot happen.)
    const sheets = [
      ...panel("E", [280, 280, 70, 70], 19),
      sheet("E", "J20", [279, 280, 70, 70]),
    ];
    const r = byId(aggregateStage({ entries: [entry("E")], sheets }), "E");
    expect(r.sumTenths).toBe(13999);
    expect(r.meanDisplay).toBe("70,00");
    expect(r.passed).toBe(false);
  });

  it("honours a different pass mark", () => {
    // 75 + 75 + 75 = 225 / 3 = 75 < 80 → fails with pass mark 80 (800 tenths).
    const res = aggregateStage({ settings: { passMarkTenths: 800 }, entries: [entry("A")], sheets: panel("A", [300, 300, 75, 75]) });
    expect(byId(res, "A").passed).toBe(false);
  });

  it("flags a discrepancy only when max − min is MORE than the tolerance", () => {
    // AT: totals 85, 70, 78 → max − min = 850 − 700 = 150 tenths = tolerance → not flagged.
    // OVER: totals 85.1, 70, 78 → 851 − 700 = 151 > 150 → flagged.
    const res = aggregateStage({
      entries: [entry("AT"), entry("OVER")],
      sheets: [
        sheet("AT", "J1", [340, 340, 90, 80]), // 850
        sheet("AT", "J2", [280, 280, 70, 70]), // 700
        sheet("AT", "J3", [320, 300, 80, 80]), // 780
        sheet("OVER", "J1", [341, 340, 90, 80]), // 851
        sheet("OVER", "J2", [280, 280, 70, 70]), // 700
        sheet("OVER", "J3", [320, 300, 80, 80]), // 780
      ],
    });
    expect(byId(res, "AT")).toMatchObject({ minTenths: 700, maxTenths: 850, discrepancy: false });
    expect(byId(res, "OVER")).toMatchObject({ minTenths: 700, maxTenths: 851, discrepancy: true });

    // A round that declared a tolerance of 10 points (100 tenths) flags AT: 150 > 100.
    const strict = aggregateStage({
      settings: { discrepancyToleranceTenths: 100 },
      entries: [entry("AT")],
      sheets: [sheet("AT", "J1", [340, 340, 90, 80]), sheet("AT", "J2", [280, 280, 70, 70])],
    });
    expect(byId(strict, "AT").discrepancy).toBe(true);
  });

  it("counts only submitted sheets: a draft or absent sheet leaves the entry with fewer judges", () => {
    // J3's sheet on A is still a draft; J3 never opened B. A and B have 2 judges, below minJudges 3.
    // A: (80 + 76) / 2 = 78 → "78,00". B: (72 + 73) / 2 = 72.5 → "72,50".
    const res = aggregateStage({
      entries: [entry("A"), entry("B"), entry("C")],
      sheets: [
        sheet("A", "J1", [320, 320, 80, 80]), // 800
        sheet("A", "J2", [300, 300, 80, 80]), // 760
        sheet("A", "J3", [400, 400, 100, 100], "draft"), // would be 100: ignored
        sheet("B", "J1", [290, 290, 70, 70]), // 720
        sheet("B", "J2", [290, 290, 80, 70]), // 730
        ...panel("C", [300, 300, 80, 80]), // 76 × 3
      ],
    });
    expect(byId(res, "A")).toMatchObject({ judgesCount: 2, sumTenths: 1560, meanDisplay: "78,00", tooFewJudges: true });
    expect(byId(res, "B")).toMatchObject({ judgesCount: 2, sumTenths: 1450, meanDisplay: "72,50", tooFewJudges: true });
    expect(byId(res, "C")).toMatchObject({ judgesCount: 3, tooFewJudges: false });
    expect(res.ignoredSheets).toEqual([{ entryId: "A", judgeId: "J3", reason: "draft" }]);
    // The flag informs the council; it does not change rank or pass.
    expect([byId(res, "A").rank, byId(res, "C").rank, byId(res, "B").rank]).toEqual([1, 2, 3]);
    expect(byId(res, "A").passed).toBe(true);
  });

  it("ignores the sheet of a judge with a declared conflict of interest", () => {
    // J2 declared a conflict on A but a sheet exists (e.g. entered before the declaration).
    // A counts J1 and J3 only: (80 + 70) / 2 = 75 → "75,00", and is flagged with too few judges.
    const res = aggregateStage({
      entries: [entry("A"), entry("B")],
      sheets: [
        sheet("A", "J1", [320, 320, 80, 80]), // 800
        sheet("A", "J2", [400, 400, 100, 100]), // 1000, conflict: ignored
        sheet("A", "J3", [280, 280, 70, 70]), // 700
        sheet("B", "J2", [300, 300, 80, 80]), // J2 still counts elsewhere
      ],
      conflicts: [{ entryId: "A", judgeId: "J2" }],
      settings: { minJudges: 2 },
    });
    expect(byId(res, "A")).toMatchObject({ judgeIds: ["J1", "J3"], judgesCount: 2, sumTenths: 1500, meanDisplay: "75,00", tooFewJudges: false });
    expect(byId(res, "B")).toMatchObject({ judgeIds: ["J2"], judgesCount: 1, tooFewJudges: true });
    expect(res.ignoredSheets).toEqual([{ entryId: "A", judgeId: "J2", reason: "conflict" }]);
  });

  it("leaves an entry without sheets unranked, not passed and flagged", () => {
    const res = aggregateStage({ entries: [entry("A"), entry("EMPTY")], sheets: panel("A", [300, 300, 80, 80]) });
    expect(byId(res, "EMPTY")).toMatchObject({
      judgesCount: 0,
      sumTenths: 0,
      meanHundredths: null,
      meanDisplay: "—",
      minTenths: null,
      maxTenths: null,
      discrepancy: false,
      tooFewJudges: true,
      passed: false,
      rank: null,
      rankInGroup: null,
      recommended: false,
    });
    expect(res.entries.map((e) => e.entryId)).toEqual(["A", "EMPTY"]);
  });

  it("reports sheets of unknown entries and refuses broken input", () => {
    const res = aggregateStage({ entries: [entry("A")], sheets: [...panel("A", [300, 300, 80, 80]), sheet("Z", "J1", [1, 1, 1, 1])] });
    expect(res.ignoredSheets).toEqual([{ entryId: "Z", judgeId: "J1", reason: "unknown_entry" }]);
    // Two submitted sheets by one judge on one entry.
    expect(() => aggregateStage({ entries: [entry("A")], sheets: [sheet("A", "J1", [1, 1, 1, 1]), sheet("A", "J1", [2, 2, 2, 2])] })).toThrow(
      /two submitted sheets/,
    );
    // Points must be integer tenths.
    expect(() => aggregateStage({ entries: [entry("A")], sheets: [sheet("A", "J1", [30.5, 1, 1, 1])] })).toThrow(RangeError);
    expect(() => aggregateStage({ entries: [entry("A"), entry("A")], sheets: [] })).toThrow(/twice/);
    expect(() => aggregateStage({ entries: [entry("A")], sheets: [], votes: [{ entryId: "A", votes: -1 }] })).toThrow(RangeError);
  });
});

describe("ranking and tie-breaks", () => {
  it("shows the compared group means with enough decimals when two decimals look equal", () => {
    // Both 78,00. P: 4 judges, group I 31,5 ×3 + 31,4 = 125,9/4 = 31,475 → "31,48" at two decimals;
    // Q: 5 judges, 31,5 ×4 + 31,4 = 157,4/5 = 31,48. Q is above P, and three decimals show why.
    const a: Points = [315, 315, 75, 75];
    const b: Points = [314, 316, 75, 75];
    const res = aggregateStage({
      entries: [entry("P"), entry("Q")],
      sheets: [...panel("P", a, 3), sheet("P", "J4", b), ...panel("Q", a, 4), sheet("Q", "J5", b)],
    });
    expect(res.entries.map((e) => [e.entryId, e.rank, e.meanDisplay, e.groupMeansHundredths.I])).toEqual([
      ["Q", 1, "78,00", 3148],
      ["P", 2, "78,00", 3148],
    ]);
    expect(byId(res, "Q").tie?.detail).toBe("điểm nhóm I: 31,480 (157,4/5) so với 31,475 (125,9/4)");
    expect(byId(res, "P").tie?.compared).toEqual([
      {
        key: "I",
        values: [
          { entryId: "Q", display: "31,480", exact: "157,4/5" },
          { entryId: "P", display: "31,475", exact: "125,9/4" },
        ],
      },
    ]);
  });

  it("states the votes a council vote compared", () => {
    const sheets = [...panel("G", [300, 300, 100, 100]), ...panel("H", [300, 300, 100, 100])];
    const res = aggregateStage({ entries: [entry("G"), entry("H")], sheets, votes: [{ entryId: "G", votes: 3 }, { entryId: "H", votes: 6 }] });
    expect(byId(res, "H").tie?.detail).toBe("số phiếu biểu quyết của Hội đồng: 6 so với 3");
  });

  it("ranks equal means by the mean of group I first (means compared exactly across judge counts)", () => {
    // TOP: 85 × 3 → mean 85, rank 1.
    // A: 3 judges, totals 80, 80, 80 → sum 2400 / 3 = 80; group I 350 + 330 + 340 = 1020 / 3 = 34.
    // B: 4 judges, totals 80 × 4 → sum 3200 / 4 = 80 (2400 · 4 = 3200 · 3: equal); group I 320 → 32.
    // Equal means; 34 > 32 on group I → A above B.
    const res = aggregateStage({
      entries: [entry("B"), entry("A"), entry("TOP")],
      sheets: [
        ...panel("TOP", [340, 340, 90, 80]),
        sheet("A", "J1", [350, 290, 80, 80]),
        sheet("A", "J2", [330, 310, 80, 80]),
        sheet("A", "J3", [340, 300, 80, 80]),
        ...panel("B", [320, 320, 80, 80], 4),
      ],
    });
    expect(res.entries.map((e) => [e.entryId, e.rank])).toEqual([
      ["TOP", 1],
      ["A", 2],
      ["B", 3],
    ]);
    expect(byId(res, "TOP").tie).toBeNull();
    expect(byId(res, "A").tie).toEqual({
      tiedWith: ["B"],
      decidedBy: ["I"],
      unresolved: false,
      text: "Bằng điểm trung bình; xếp trên theo điểm nhóm I",
      // The compared values, with the judges' sums: 102/3 = 34 against 128/4 = 32.
      compared: [
        {
          key: "I",
          values: [
            { entryId: "A", display: "34,00", exact: "102/3" },
            { entryId: "B", display: "32,00", exact: "128/4" },
          ],
        },
      ],
      detail: "điểm nhóm I: 34,00 (102/3) so với 32,00 (128/4)",
    });
    expect(byId(res, "B").tie?.text).toBe("Bằng điểm trung bình; xếp dưới theo điểm nhóm I");
    expect(byId(res, "B").tie?.detail).toBe("điểm nhóm I: 32,00 (128/4) so với 34,00 (102/3)");
  });

  it("then by group II when group I is equal too", () => {
    // C: 30 + 34 + 8 + 8 = 80; D: 30 + 32 + 10 + 8 = 80. Group I equal (30); group II 34 > 32 → C above D.
    const res = aggregateStage({
      entries: [entry("D"), entry("C")],
      sheets: [...panel("C", [300, 340, 80, 80]), ...panel("D", [300, 320, 100, 80])],
    });
    expect(byId(res, "C")).toMatchObject({ rank: 1, tie: { decidedBy: ["II"], text: "Bằng điểm trung bình và điểm nhóm I; xếp trên theo điểm nhóm II" } });
    expect(byId(res, "D")).toMatchObject({ rank: 2, tie: { text: "Bằng điểm trung bình và điểm nhóm I; xếp dưới theo điểm nhóm II" } });
  });

  it("then by the council's recorded vote", () => {
    // E and F: identical sheets (80, I 30, II 30). Votes: E 3, F 6 → F above E.
    const res = aggregateStage({
      entries: [entry("E"), entry("F")],
      sheets: [...panel("E", [300, 300, 100, 100]), ...panel("F", [300, 300, 100, 100])],
      votes: [
        { entryId: "E", votes: 3 },
        { entryId: "F", votes: 6 },
      ],
    });
    expect(byId(res, "F")).toMatchObject({
      rank: 1,
      votes: 6,
      tie: {
        tiedWith: ["E"],
        decidedBy: ["vote"],
        unresolved: false,
        text: "Bằng điểm trung bình, điểm nhóm I và điểm nhóm II; xếp trên theo số phiếu biểu quyết của Hội đồng",
      },
    });
    expect(byId(res, "E").rank).toBe(2);
  });

  it("keeps an unresolved tie at the same rank and asks for a council vote (competition ranking 1, 1, 3)", () => {
    // G and H identical (80, I 30, II 30), no votes recorded → both rank 1; K (75) is rank 3, not 2.
    const sheets = [...panel("G", [300, 300, 100, 100]), ...panel("H", [300, 300, 100, 100]), ...panel("K", [300, 300, 75, 75])];
    const res = aggregateStage({ entries: [entry("G"), entry("H"), entry("K")], sheets });
    expect(res.entries.map((e) => [e.entryId, e.rank])).toEqual([
      ["G", 1],
      ["H", 1],
      ["K", 3],
    ]);
    expect(byId(res, "G").tie).toEqual({
      tiedWith: ["H"],
      decidedBy: [],
      unresolved: true,
      text: "Bằng điểm trung bình, điểm nhóm I và điểm nhóm II; cần Hội đồng biểu quyết",
      compared: [],
      detail: "",
    });

    // A vote recorded for only one of them cannot decide: still unresolved.
    const oneVote = aggregateStage({ entries: [entry("G"), entry("H")], sheets, votes: [{ entryId: "G", votes: 5 }] });
    expect([byId(oneVote, "G").rank, byId(oneVote, "H").rank]).toEqual([1, 1]);

    // Equal votes: unresolved on every key, vote included.
    const equalVotes = aggregateStage({
      entries: [entry("G"), entry("H")],
      sheets,
      votes: [
        { entryId: "G", votes: 4 },
        { entryId: "H", votes: 4 },
      ],
    });
    expect(byId(equalVotes, "H").tie).toMatchObject({
      unresolved: true,
      text: "Bằng điểm trung bình, điểm nhóm I, điểm nhóm II và số phiếu biểu quyết của Hội đồng; cần Hội đồng biểu quyết",
    });
  });

  it("explains each step of a three-way tie", () => {
    // All three 80. P: I 34 → first. Q and R: I 30; II 34 vs 32 → Q, then R.
    const res = aggregateStage({
      entries: [entry("R"), entry("Q"), entry("P")],
      sheets: [...panel("P", [340, 300, 80, 80]), ...panel("Q", [300, 340, 80, 80]), ...panel("R", [300, 320, 100, 80])],
    });
    expect(res.entries.map((e) => [e.entryId, e.rank])).toEqual([
      ["P", 1],
      ["Q", 2],
      ["R", 3],
    ]);
    expect(byId(res, "P").tie).toMatchObject({ tiedWith: ["Q", "R"], decidedBy: ["I"], text: "Bằng điểm trung bình; xếp trên theo điểm nhóm I" });
    expect(byId(res, "Q").tie).toMatchObject({
      tiedWith: ["P", "R"],
      decidedBy: ["I", "II"],
      text: "Bằng điểm trung bình; xếp dưới theo điểm nhóm I; bằng điểm nhóm I; xếp trên theo điểm nhóm II",
    });
    expect(byId(res, "R").tie?.text).toBe("Bằng điểm trung bình; xếp dưới theo điểm nhóm I; bằng điểm nhóm I; xếp dưới theo điểm nhóm II");
  });

  it("follows the round's declared tie-break order", () => {
    // With tieBreak ["II"], A (I 35, II 29) falls below B (I 29, II 35), both 80.
    const sheets = [...panel("A", [350, 290, 80, 80]), ...panel("B", [290, 350, 80, 80])];
    const res = aggregateStage({ settings: { tieBreak: ["II"] }, entries: [entry("A"), entry("B")], sheets });
    expect([byId(res, "B").rank, byId(res, "A").rank]).toEqual([1, 2]);
    // With no tie-break keys at all, every equal mean is an unresolved tie.
    const none = aggregateStage({ settings: { tieBreak: [] }, entries: [entry("A"), entry("B")], sheets });
    expect([byId(none, "A").rank, byId(none, "B").rank]).toEqual([1, 1]);
    expect(byId(none, "A").tie?.text).toBe("Bằng điểm trung bình; cần Hội đồng biểu quyết");
  });

  it("ranks within each product group", () => {
    // Round order: W1 90 (G1), X1 85 (G2), W2 80 (G1), X2 = X3 = 75 (G2, unresolved), W3 70 (G1).
    const res = aggregateStage({
      entries: [entry("W1", "G1"), entry("W2", "G1"), entry("W3", "G1"), entry("X1", "G2"), entry("X2", "G2"), entry("X3", "G2")],
      sheets: [
        ...panel("W1", [360, 360, 90, 90]),
        ...panel("X1", [340, 340, 90, 80]),
        ...panel("W2", [320, 320, 80, 80]),
        ...panel("X2", [300, 300, 75, 75]),
        ...panel("X3", [300, 300, 75, 75]),
        ...panel("W3", [280, 280, 70, 70]),
      ],
    });
    expect(res.entries.map((e) => [e.entryId, e.rank, e.rankInGroup])).toEqual([
      ["W1", 1, 1],
      ["X1", 2, 1],
      ["W2", 3, 2],
      ["X2", 4, 2],
      ["X3", 4, 2],
      ["W3", 6, 3],
    ]);
  });
});

describe("recommendation under the recognition cap", () => {
  // P1 90, P2 85, P3 = P4 80 (identical: unresolved tie), P5 75, F1 65 (fails the 70 mark).
  const entries = ["P1", "P2", "P3", "P4", "P5", "F1"].map((id) => entry(id));
  const sheets = [
    ...panel("P1", [360, 360, 90, 90]),
    ...panel("P2", [340, 340, 90, 80]),
    ...panel("P3", [320, 320, 80, 80]),
    ...panel("P4", [320, 320, 80, 80]),
    ...panel("P5", [300, 300, 75, 75]),
    ...panel("F1", [260, 260, 65, 65]),
  ];
  const run = (recognitionCap: number | null) => aggregateStage({ settings: { recognitionCap }, entries, sheets });
  const recommended = (res: StageResults) => res.entries.filter((e) => e.recommended).map((e) => e.entryId);
  const council = (res: StageResults) => res.entries.filter((e) => e.needsCouncilDecision).map((e) => e.entryId);

  it("recommends every passing entry when there is no cap, never a failing one", () => {
    const res = run(null);
    expect(recommended(res)).toEqual(["P1", "P2", "P3", "P4", "P5"]);
    expect(res.cap).toEqual({ cap: null, recommendedCount: 5, boundaryTie: [], seatsForCouncil: 0 });
    expect(recommended(run(10))).toEqual(["P1", "P2", "P3", "P4", "P5"]);
  });

  it("cuts at the cap in rank order", () => {
    expect(recommended(run(2))).toEqual(["P1", "P2"]);
    expect(council(run(2))).toEqual([]);
    // Cap 4: the tie P3 = P4 fits entirely (2 + 2 = 4).
    expect(recommended(run(4))).toEqual(["P1", "P2", "P3", "P4"]);
    expect(recommended(run(0))).toEqual([]);
  });

  it("does not cut silently inside an unresolved tie at the boundary: the council decides", () => {
    // Cap 3: P1, P2 take 2 seats; 1 seat is left for 2 tied entries P3, P4.
    const res = run(3);
    expect(recommended(res)).toEqual(["P1", "P2"]);
    expect(council(res)).toEqual(["P3", "P4"]);
    expect(res.cap).toEqual({ cap: 3, recommendedCount: 2, boundaryTie: ["P3", "P4"], seatsForCouncil: 1 });
    expect(byId(res, "P5")).toMatchObject({ recommended: false, needsCouncilDecision: false });
  });

  it("a tie broken by the rules at the boundary needs no council decision", () => {
    // P3 gets 0.3 more in group I and 0.3 less in group II on each sheet: still 80, but I 32.3 > 32.
    const broken = sheets.map((s) => (s.entryId === "P3" ? { ...s, groupPoints: { I: 323, II: 317, III: 80, IV: 80 } } : s));
    const res = aggregateStage({ settings: { recognitionCap: 3 }, entries, sheets: broken });
    expect(recommended(res)).toEqual(["P1", "P2", "P3"]);
    expect(council(res)).toEqual([]);
    expect([byId(res, "P3").rank, byId(res, "P4").rank]).toEqual([3, 4]);
  });
});

describe("two-stage rounds", () => {
  // Stage 1 (dossiers): S1 85, S2 72, S3 exactly 70 (passes), S4 (69.9 + 70 + 70) / 3 = 69.97 (fails).
  const stage1Entries = [entry("S1"), entry("S2"), entry("S3"), entry("S4")];
  const stage1 = aggregateStage({
    entries: stage1Entries,
    sheets: [
      ...panel("S1", [340, 340, 90, 80]),
      ...panel("S2", [290, 290, 70, 70]),
      ...panel("S3", [280, 280, 70, 70]),
      sheet("S4", "J1", [279, 280, 70, 70]),
      sheet("S4", "J2", [280, 280, 70, 70]),
      sheet("S4", "J3", [280, 280, 70, 70]),
    ],
  });

  it("shortlists the stage-1 entries that reached the pass mark, in rank order", () => {
    expect(shortlist(stage1)).toEqual(["S1", "S2", "S3"]);
    // An explicit pass mark (80) and a plain list of results work too.
    expect(shortlist(stage1.entries, 800)).toEqual(["S1"]);
    expect(shortlist([{ entryId: "N", sumTenths: 0, judgesCount: 0 }], 0)).toEqual([]);
  });

  it("scores stage 2 on the shortlisted entries only, and stage 2 decides", () => {
    const entries2 = stageTwoEntries(stage1Entries, shortlist(stage1));
    expect(entries2.map((e) => [e.entryId, e.eligible])).toEqual([
      ["S1", true],
      ["S2", true],
      ["S3", true],
      ["S4", false],
    ]);
    // Stage 2 (samples): S1 75, S2 88, S3 68 (fails now), and a stray sheet on S4 that must not count.
    const stage2 = aggregateStage({
      settings: { recognitionCap: 2 },
      entries: entries2,
      sheets: [
        ...panel("S1", [300, 300, 75, 75]),
        ...panel("S2", [350, 350, 90, 90]),
        ...panel("S3", [270, 270, 70, 70]),
        sheet("S4", "J1", [400, 400, 100, 100]),
      ],
    });
    expect(stage2.entries.map((e) => [e.entryId, e.rank, e.meanDisplay, e.passed, e.recommended])).toEqual([
      ["S2", 1, "88,00", true, true],
      ["S1", 2, "75,00", true, true],
      ["S3", 3, "68,00", false, false],
      ["S4", null, "—", false, false],
    ]);
    expect(stage2.ignoredSheets).toEqual([{ entryId: "S4", judgeId: "J1", reason: "ineligible" }]);
  });
});

describe("purity", () => {
  it("gives the same result twice and does not change its input", () => {
    const input = {
      entries: [entry("A"), entry("B")],
      sheets: [...panel("A", [300, 300, 80, 80]), ...panel("B", [300, 300, 80, 80])],
      votes: [{ entryId: "A", votes: 2 }],
    };
    const copy = structuredClone(input);
    expect(aggregateStage(input)).toEqual(aggregateStage(input));
    expect(input).toEqual(copy);
  });
});
