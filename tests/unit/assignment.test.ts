import { describe, expect, it } from "vitest";
import { cellState, entriesOf, planAssignment, progressGrid, type AssignEntry, type AssignJudge } from "~/modules/councils/assignment";

// Judges 1..4; entries 10, 11 (group 1), 20 (group 2), 30 (group 3).
const judges: AssignJudge[] = [
  { memberId: 1, productGroupIds: [1, 2] },
  { memberId: 2, productGroupIds: [1] },
  { memberId: 3, productGroupIds: [2, 3] },
  { memberId: 4, productGroupIds: null },
];
const entries: AssignEntry[] = [
  { entryId: 10, productGroupId: 1 },
  { entryId: 11, productGroupId: 1 },
  { entryId: 20, productGroupId: 2 },
  { entryId: 30, productGroupId: 3 },
];

describe("mode all", () => {
  it("every judge scores every entry; load and nothing under-staffed", () => {
    const plan = planAssignment({ mode: "all", judges, entries, minJudges: 3 });
    expect(plan.pairs).toHaveLength(16);
    expect(plan.judges.map((j) => j.load)).toEqual([4, 4, 4, 4]);
    expect(plan.entries.map((e) => e.judges)).toEqual([[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]]);
    expect(plan.understaffed).toEqual([]);
    expect(plan.judges.every((j) => !j.noGroups)).toBe(true);
  });

  it("a conflict removes the judge from that entry only, and can make it under-staffed", () => {
    const plan = planAssignment({
      mode: "all",
      judges: judges.slice(0, 3),
      entries,
      conflicts: [{ entryId: 20, memberId: 3 }],
      minJudges: 3,
    });
    expect(plan.entries.find((e) => e.entryId === 20)).toEqual({ entryId: 20, judges: [1, 2], conflicted: [3], missing: 1 });
    expect(plan.understaffed).toEqual([20]);
    expect(plan.judges.find((j) => j.memberId === 3)).toEqual({ memberId: 3, load: 3, conflicts: 1, noGroups: false });
    expect(cellState(plan, 20, 3)).toBe("conflict");
    expect(cellState(plan, 10, 3)).toBe("assigned");
    expect(entriesOf(plan, 3)).toEqual([10, 11, 30]);
  });

  it("the minimum is met exactly at the threshold", () => {
    const three = planAssignment({ mode: "all", judges: judges.slice(0, 3), entries, minJudges: 3 });
    expect(three.understaffed).toEqual([]);
    const four = planAssignment({ mode: "all", judges: judges.slice(0, 3), entries, minJudges: 4 });
    expect(four.understaffed).toEqual([10, 11, 20, 30]);
    expect(four.entries.every((e) => e.missing === 1)).toBe(true);
  });

  it("no judges: every entry lacks the full minimum", () => {
    const plan = planAssignment({ mode: "all", judges: [], entries, minJudges: 3 });
    expect(plan.entries.map((e) => e.missing)).toEqual([3, 3, 3, 3]);
    expect(plan.pairs).toEqual([]);
  });
});

describe("mode by_group", () => {
  it("judges score the groups chosen for them; a judge without groups scores nothing and is flagged", () => {
    const plan = planAssignment({ mode: "by_group", judges, entries, minJudges: 2 });
    expect(plan.entries.map((e) => [e.entryId, e.judges])).toEqual([
      [10, [1, 2]],
      [11, [1, 2]],
      [20, [1, 3]],
      [30, [3]],
    ]);
    expect(plan.understaffed).toEqual([30]);
    expect(plan.judges.map((j) => [j.memberId, j.load, j.noGroups])).toEqual([
      [1, 3, false],
      [2, 2, false],
      [3, 2, false],
      [4, 0, true],
    ]);
    expect(cellState(plan, 30, 1)).toBe("not_assigned");
  });

  it("conflicts apply inside the group too", () => {
    const plan = planAssignment({ mode: "by_group", judges, entries, conflicts: [{ entryId: 10, memberId: 2 }], minJudges: 2 });
    expect(plan.entries[0]).toEqual({ entryId: 10, judges: [1], conflicted: [2], missing: 1 });
    expect(plan.understaffed).toEqual([10, 30]);
    // A conflict on an entry the judge does not score anyway changes no assignment, but shows.
    const other = planAssignment({ mode: "by_group", judges, entries, conflicts: [{ entryId: 30, memberId: 2 }], minJudges: 2 });
    expect(other.entries[3]!).toEqual({ entryId: 30, judges: [3], conflicted: [2], missing: 1 });
    expect(other.judges[1]).toEqual({ memberId: 2, load: 2, conflicts: 1, noGroups: false });
    expect(cellState(other, 30, 2)).toBe("conflict");
  });
});

describe("mode manual", () => {
  const manual = [
    { entryId: 10, memberId: 1 },
    { entryId: 10, memberId: 2 },
    { entryId: 10, memberId: 3 },
    { entryId: 11, memberId: 1 },
    { entryId: 20, memberId: 4 },
    { entryId: 99, memberId: 1 }, // unknown entry
    { entryId: 11, memberId: 7 }, // not a judge
  ];

  it("exactly the recorded pairs; unknown pairs are reported and ignored", () => {
    const plan = planAssignment({ mode: "manual", judges, entries, manual, minJudges: 3 });
    expect(plan.entries.map((e) => e.judges)).toEqual([[1, 2, 3], [1], [4], []]);
    expect(plan.understaffed).toEqual([11, 20, 30]);
    expect(plan.entries.map((e) => e.missing)).toEqual([0, 2, 2, 3]);
    expect(plan.ignored).toEqual([
      { entryId: 99, memberId: 1 },
      { entryId: 11, memberId: 7 },
    ]);
    expect(plan.judges.map((j) => j.load)).toEqual([2, 1, 1, 1]);
  });

  it("a conflicting manual pair does not count", () => {
    const plan = planAssignment({ mode: "manual", judges, entries, manual, conflicts: [{ entryId: 10, memberId: 3 }], minJudges: 3 });
    expect(plan.entries[0]).toEqual({ entryId: 10, judges: [1, 2], conflicted: [3], missing: 1 });
    expect(plan.understaffed).toContain(10);
  });

  it("the recorded pairs are ignored in the other modes", () => {
    const plan = planAssignment({ mode: "all", judges, entries, manual, minJudges: 3 });
    expect(plan.pairs).toHaveLength(16);
    expect(plan.ignored).toEqual([]);
  });
});

describe("progress grid", () => {
  it("cells follow the sheets of assigned pairs; counts per judge, per entry and in total", () => {
    const plan = planAssignment({ mode: "all", judges: judges.slice(0, 3), entries: entries.slice(0, 2), conflicts: [{ entryId: 11, memberId: 3 }], minJudges: 3 });
    const grid = progressGrid(plan, [
      { entryId: 10, memberId: 1, status: "submitted" },
      { entryId: 10, memberId: 2, status: "draft" },
      { entryId: 11, memberId: 1, status: "submitted" },
      { entryId: 11, memberId: 3, status: "submitted" }, // conflict: does not count
    ]);
    expect(grid.cells).toEqual([
      ["submitted", "draft", "not_started"],
      ["submitted", "not_started", "conflict"],
    ]);
    expect(grid.byEntry[0]).toEqual({ assigned: 3, submitted: 1, draft: 1, notStarted: 1, conflicts: 0 });
    expect(grid.byEntry[1]).toEqual({ assigned: 2, submitted: 1, draft: 0, notStarted: 1, conflicts: 1 });
    expect(grid.byJudge[2]).toEqual({ assigned: 1, submitted: 0, draft: 0, notStarted: 1, conflicts: 1 });
    expect(grid.total).toEqual({ assigned: 5, submitted: 2, draft: 1, notStarted: 2, conflicts: 1 });
  });

  it("in mode manual a declared conflict shows on a cell that was not ticked", () => {
    const plan = planAssignment({ mode: "manual", judges: judges.slice(0, 2), entries: entries.slice(0, 1), manual: [{ entryId: 10, memberId: 1 }], conflicts: [{ entryId: 10, memberId: 2 }], minJudges: 1 });
    expect(progressGrid(plan, []).cells).toEqual([["not_started", "conflict"]]);
  });

  it("unassigned cells stay unassigned even with a stray sheet", () => {
    const plan = planAssignment({ mode: "manual", judges: judges.slice(0, 2), entries: entries.slice(0, 1), manual: [{ entryId: 10, memberId: 1 }], minJudges: 1 });
    const grid = progressGrid(plan, [{ entryId: 10, memberId: 2, status: "submitted" }]);
    expect(grid.cells).toEqual([["not_started", "not_assigned"]]);
    expect(grid.total.assigned).toBe(1);
  });
});
