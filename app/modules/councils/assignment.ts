/**
 * Who scores what: a pure rule over plain data (no database, no clock), shared by the assignment
 * page, the progress board and the judge's home (docs/decisions/0008-assignment-and-conflicts.md).
 *
 * - mode "all": every judge scores every entry;
 * - mode "by_group": a judge scores the entries of the product groups chosen for it (a judge with
 *   no group chosen scores nothing, and is reported so the organizer notices);
 * - mode "manual": exactly the (entry, judge) pairs recorded by the organizer.
 * In every mode a declared conflict of interest removes the pair: that judge does not score that
 * entry (and the pair is reported as a conflict whether or not the mode would have assigned it). An entry with fewer judges than the round's minimum is reported as under-staffed.
 */
import { PairMap, PairSet } from "~/lib/pair-map";

export type AssignmentMode = "all" | "by_group" | "manual";
export const ASSIGNMENT_MODES: readonly AssignmentMode[] = ["all", "by_group", "manual"];

export const ASSIGNMENT_MODE_LABELS: Record<AssignmentMode, string> = {
  all: "Mọi giám khảo chấm mọi sản phẩm",
  by_group: "Theo nhóm sản phẩm",
  manual: "Phân công từng sản phẩm",
};

export interface AssignJudge {
  memberId: number;
  /** Product groups this judge scores in mode "by_group"; null or empty = none chosen. */
  productGroupIds: readonly number[] | null;
}

export interface AssignEntry {
  entryId: number;
  productGroupId: number;
}

export interface Pair {
  entryId: number;
  memberId: number;
}

export interface AssignmentInput {
  mode: AssignmentMode;
  judges: readonly AssignJudge[];
  entries: readonly AssignEntry[];
  /** Pairs recorded by hand (used in mode "manual" only). */
  manual?: readonly Pair[];
  conflicts?: readonly Pair[];
  /** Minimum number of judges per entry (rounds.min_judges_per_entry). */
  minJudges: number;
}

export interface EntryPlan {
  entryId: number;
  /** Judges who score this entry, in the order of the judges given. */
  judges: number[];
  /** Judges with a declared (or recorded) conflict on this entry: they never score it. */
  conflicted: number[];
  /** How many more judges it needs to reach the minimum (0 when enough). */
  missing: number;
}

export interface JudgePlan {
  memberId: number;
  /** Entries this judge scores. */
  load: number;
  /** Entries on which it has a declared conflict. */
  conflicts: number;
  /** In mode "by_group": no product group chosen, so it scores nothing. */
  noGroups: boolean;
}

export type CellState = "assigned" | "conflict" | "not_assigned";

export interface AssignmentPlan {
  mode: AssignmentMode;
  minJudges: number;
  entries: EntryPlan[];
  judges: JudgePlan[];
  /** Every (entry, judge) pair that is scored. */
  pairs: Pair[];
  /** Entries with fewer judges than the minimum, in the order given. */
  understaffed: number[];
  /** Manual pairs that name an unknown entry or a non-judging member (ignored). */
  ignored: Pair[];
}

const pairSet = (pairs: readonly Pair[]) => {
  const set = new PairSet<number>();
  for (const p of pairs) set.add(p.entryId, p.memberId);
  return set;
};

/** Would this judge score this entry in this mode, before conflicts? */
function wanted(mode: AssignmentMode, judge: AssignJudge, entry: AssignEntry, manual: PairSet<number>): boolean {
  switch (mode) {
    case "all":
      return true;
    case "by_group":
      return (judge.productGroupIds ?? []).includes(entry.productGroupId);
    case "manual":
      return manual.has(entry.entryId, judge.memberId);
  }
}

export function planAssignment(input: AssignmentInput): AssignmentPlan {
  const minJudges = Math.max(0, Math.floor(input.minJudges));
  const manualPairs = input.manual ?? [];
  const manual = pairSet(manualPairs);
  const conflicts = pairSet(input.conflicts ?? []);
  const judgeIds = new Set(input.judges.map((j) => j.memberId));
  const entryIds = new Set(input.entries.map((e) => e.entryId));
  const load = new Map<number, number>(input.judges.map((j) => [j.memberId, 0]));
  const conflictCount = new Map<number, number>(input.judges.map((j) => [j.memberId, 0]));
  const pairs: Pair[] = [];

  const entries: EntryPlan[] = input.entries.map((entry) => {
    const judges: number[] = [];
    const conflicted: number[] = [];
    for (const judge of input.judges) {
      // A declared conflict shows whatever the mode, so the organizer sees it when assigning.
      if (conflicts.has(entry.entryId, judge.memberId)) {
        conflicted.push(judge.memberId);
        conflictCount.set(judge.memberId, conflictCount.get(judge.memberId)! + 1);
        continue;
      }
      if (!wanted(input.mode, judge, entry, manual)) continue;
      judges.push(judge.memberId);
      load.set(judge.memberId, load.get(judge.memberId)! + 1);
      pairs.push({ entryId: entry.entryId, memberId: judge.memberId });
    }
    return { entryId: entry.entryId, judges, conflicted, missing: Math.max(0, minJudges - judges.length) };
  });

  return {
    mode: input.mode,
    minJudges,
    entries,
    judges: input.judges.map((j) => ({
      memberId: j.memberId,
      load: load.get(j.memberId)!,
      conflicts: conflictCount.get(j.memberId)!,
      noGroups: input.mode === "by_group" && !(j.productGroupIds ?? []).length,
    })),
    pairs,
    understaffed: entries.filter((e) => e.missing > 0).map((e) => e.entryId),
    ignored: input.mode === "manual" ? manualPairs.filter((p) => !judgeIds.has(p.memberId) || !entryIds.has(p.entryId)) : [],
  };
}

/** The state of one cell of the entries × judges grid. */
export function cellState(plan: AssignmentPlan, entryId: number, memberId: number): CellState {
  const e = plan.entries.find((x) => x.entryId === entryId);
  if (!e) return "not_assigned";
  if (e.judges.includes(memberId)) return "assigned";
  if (e.conflicted.includes(memberId)) return "conflict";
  return "not_assigned";
}

/** Entries a given judge scores. */
export function entriesOf(plan: AssignmentPlan, memberId: number): number[] {
  return plan.pairs.filter((p) => p.memberId === memberId).map((p) => p.entryId);
}

/* ------------------------------------------------------------------ */
/* Progress                                                             */
/* ------------------------------------------------------------------ */

export type SheetStatus = "draft" | "submitted";
export type ProgressState = "not_assigned" | "conflict" | "not_started" | "draft" | "submitted";

export const PROGRESS_LABELS: Record<ProgressState, string> = {
  not_assigned: "Không phân công",
  conflict: "Xung đột lợi ích",
  not_started: "Chưa chấm",
  draft: "Đang chấm (nháp)",
  submitted: "Đã nộp phiếu",
};

export interface ProgressCounts {
  assigned: number;
  submitted: number;
  draft: number;
  notStarted: number;
  conflicts: number;
}

export interface ProgressGrid {
  /** cells[entryIndex][judgeIndex], in the order of plan.entries and plan.judges. */
  cells: ProgressState[][];
  byEntry: ProgressCounts[];
  byJudge: ProgressCounts[];
  total: ProgressCounts;
}

/** Adds one cell to a row's, a judge's or the board's counts. */
function count(c: ProgressCounts, state: ProgressState) {
  if (state === "conflict") c.conflicts++;
  else if (state !== "not_assigned") {
    c.assigned++;
    if (state === "submitted") c.submitted++;
    else if (state === "draft") c.draft++;
    else c.notStarted++;
  }
}

/**
 * The progress board: each assigned pair is not started, draft or submitted according to the
 * judge's sheet. A sheet on a pair that is not assigned (or in conflict) keeps the cell's
 * assignment state: it does not count.
 */
export function progressGrid(plan: AssignmentPlan, sheets: readonly (Pair & { status: SheetStatus })[]): ProgressGrid {
  const status = new PairMap<number, SheetStatus>();
  for (const s of sheets) status.set(s.entryId, s.memberId, s.status);
  const zero = (): ProgressCounts => ({ assigned: 0, submitted: 0, draft: 0, notStarted: 0, conflicts: 0 });
  const byJudge = plan.judges.map(zero);
  const total = zero();
  const byEntry: ProgressCounts[] = [];
  const cells = plan.entries.map((e) => {
    const row = zero();
    const line = plan.judges.map((j, ji): ProgressState => {
      let state: ProgressState;
      if (e.judges.includes(j.memberId)) {
        const s = status.get(e.entryId, j.memberId);
        state = s === "submitted" ? "submitted" : s === "draft" ? "draft" : "not_started";
      } else state = e.conflicted.includes(j.memberId) ? "conflict" : "not_assigned";
      count(row, state);
      count(byJudge[ji]!, state);
      count(total, state);
      return state;
    });
    byEntry.push(row);
    return line;
  });
  return { cells, byEntry, byJudge, total };
}
