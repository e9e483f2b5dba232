/**
 * Leave-one-out severity: each judge against the mean of the OTHER judges on the same entries,
 * the way a council reads it ("5 points below the rest" shows −5,00 whatever the panel's size).
 */
import { describe, expect, it } from "vitest";
import { aggregateStage, type Id, type SheetInput } from "~/modules/scoring/aggregate";
import { judgeSeverity, SEVERITY_MEANING, stageJudgeStatistics } from "~/modules/scoring/agreement";

const sheet = (entryId: Id, judgeId: Id, total: number, status: SheetInput["status"] = "submitted"): SheetInput => ({
  entryId,
  judgeId,
  status,
  groupPoints: { I: total },
});

/** k judges on each of the entries: the last one gives `offset` tenths against the rest, who agree. */
function panel(k: number, offset: number, bases = [700, 760, 820]): SheetInput[] {
  return bases.flatMap((base, e) => Array.from({ length: k }, (_, j) => sheet(`E${e}`, `J${j + 1}`, j === k - 1 ? base + offset : base)));
}

describe("leave-one-out severity", () => {
  it("a judge 5 points below eight others shows −5,00 (the panel-mean version showed −4,44)", () => {
    const s = judgeSeverity(panel(9, -50));
    const low = s.find((j) => j.judgeId === "J9")!;
    expect(low).toMatchObject({ entriesScored: 3, entriesCompared: 3, severityTenths: { num: -50, den: 1 }, severityDisplay: "-5,00" });
    expect(low.severityPoints).toBe(-5);
    // Each of the others: own value minus the mean of the other eight (seven agree, one 5 below):
    // x − (8x − 50)/8 = +50/8 tenths = +0,625 points → "+0,63" (half away from zero).
    for (const j of s.filter((x) => x.judgeId !== "J9")) expect(j).toMatchObject({ severityTenths: { num: 25, den: 4 }, severityDisplay: "+0,63" });
  });

  it("does not depend on the panel's size: three judges, one 5 points below, also −5,00 (was −3,33)", () => {
    const s = judgeSeverity(panel(3, -50));
    expect(s.find((j) => j.judgeId === "J3")).toMatchObject({ severityDisplay: "-5,00", othersMeanTenths: { num: 760, den: 1 }, judgeMeanTenths: { num: 710, den: 1 } });
    // The two others: x − (x + x − 50)/2 = +25 tenths = +2,50.
    expect(s.find((j) => j.judgeId === "J1")).toMatchObject({ severityTenths: { num: 25, den: 1 }, severityDisplay: "+2,50" });
  });

  it("compares on each entry with whoever else scored it, exactly", () => {
    // E1: A 80, B 70, C 71. E2: A 90, B 84 (C did not score it). E3: A alone (not compared).
    const s = judgeSeverity([
      sheet("E1", "A", 800),
      sheet("E1", "B", 700),
      sheet("E1", "C", 710),
      sheet("E2", "A", 900),
      sheet("E2", "B", 840),
      sheet("E3", "A", 500),
    ]);
    // A: E1 800 − (700+710)/2 = 95; E2 900 − 840 = 60 → 155/2 = 77,5 tenths → +7,75 points.
    expect(s[0]).toMatchObject({ judgeId: "A", entriesScored: 3, entriesCompared: 2, severityTenths: { num: 155, den: 2 }, severityDisplay: "+7,75" });
    // B: E1 700 − 755 = −55; E2 840 − 900 = −60 → −115/2 → −5,75.
    expect(s[1]).toMatchObject({ judgeId: "B", entriesCompared: 2, severityTenths: { num: -115, den: 2 }, severityDisplay: "-5,75" });
    // C: E1 710 − 750 = −40 → −4,00.
    expect(s[2]).toMatchObject({ judgeId: "C", entriesCompared: 1, severityTenths: { num: -40, den: 1 }, severityDisplay: "-4,00" });
  });

  it("a judge who never scored with anyone else has no severity", () => {
    const s = judgeSeverity([sheet("E1", "A", 700), sheet("E1", "B", 720), sheet("E2", "C", 650)]);
    expect(s.find((j) => j.judgeId === "C")).toEqual({
      judgeId: "C",
      entriesScored: 1,
      entriesCompared: 0,
      judgeMeanTenths: null,
      othersMeanTenths: null,
      severityTenths: null,
      severityPoints: null,
      severityDisplay: "—",
    });
  });

  it("a stage's statistics use exactly the sheets its means counted (conflicts, drafts out)", () => {
    const stage = aggregateStage({
      entries: [0, 1, 2].map((i) => ({ entryId: `E${i}`, productGroupId: 1, eligible: true })),
      sheets: [...panel(3, -50), sheet("E2", "J4", 100), sheet("E1", "J4", 990, "draft"), sheet("E9", "J1", 100)],
      conflicts: [{ entryId: "E2", judgeId: "J4" }],
    });
    expect(stage.countedSheets).toHaveLength(9);
    const stats = stageJudgeStatistics(stage);
    expect(stats.severity.map((j) => j.judgeId)).toEqual(["J1", "J2", "J3"]);
    expect(stats.severity[2]!.severityDisplay).toBe("-5,00");
    expect(stats.agreement.entryIds).toEqual(["E0", "E1", "E2"]);
  });

  it("says in one sentence what the figure means", () => {
    expect(SEVERITY_MEANING).toMatch(/^Độ nghiêm .* các giám khảo còn lại .*\.$/);
    expect(SEVERITY_MEANING).toContain("−5,00");
  });
});
