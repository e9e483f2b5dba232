/**
 * Results of one scoring stage: pure rules over plain data (no database, no clock).
 *
 * All points are integers in TENTHS of a point (DESIGN.md "Points are exact"). A mean is never
 * stored as a float: it is kept as its integer sum and its judge count, compared with other means
 * by cross-multiplication, and only rounded (half-up, to hundredths of a point) for display.
 *
 * The rules (docs/decisions/0007-scoring-aggregation.md):
 * - only submitted sheets of eligible entries count; a sheet whose (entry, judge) pair is a declared
 *   conflict of interest is ignored even if it exists;
 * - score of an entry = mean of its judges' totals; passed = mean >= pass mark (exact);
 * - rank = competition ranking ("1, 2, 2, 4") among entries with at least one counted sheet, by
 *   mean, then by the round's tie-break keys (criterion-group means, then the council's vote);
 *   entries equal on every key share a rank and are flagged "cần Hội đồng biểu quyết";
 * - recommended = passed and within the recognition cap in rank order; when the cap boundary
 *   falls inside an unresolved tie, none of the tied entries is recommended and all of them are
 *   marked as needing a council decision.
 */
import { PairSet } from "~/lib/pair-map";

/** Entry and judge identifiers: database ids, or any string in tests and imports. */
export type Id = number | string;

/** The round's settings that shape a stage's results (rounds table, DOMAIN.md 5). */
export interface ScoringSettings {
  /** Pass mark in tenths (700 = 70 points). */
  passMarkTenths: number;
  /** At most this many entries are recommended for recognition; null = no cap. */
  recognitionCap: number | null;
  /** Ordered tie-break keys: criterion-group codes ("I", "II", ...) and/or "vote". */
  tieBreak: readonly string[];
  /** Flag an entry whose highest and lowest totals differ by MORE than this (tenths). */
  discrepancyToleranceTenths: number;
  /** Flag an entry scored by fewer judges than this. */
  minJudges: number;
}

/** The tie-break key that means "the council's recorded vote". */
export const VOTE_KEY = "vote";

export const DEFAULT_SCORING_SETTINGS: Readonly<ScoringSettings> = Object.freeze({
  passMarkTenths: 700,
  recognitionCap: null,
  tieBreak: Object.freeze(["I", "II", VOTE_KEY]),
  discrepancyToleranceTenths: 150,
  minJudges: 3,
});

export interface EntryInput {
  entryId: Id;
  productGroupId: Id;
  /** False for entries that do not take part in this stage (e.g. not shortlisted for stage 2). */
  eligible: boolean;
}

export interface SheetInput {
  entryId: Id;
  judgeId: Id;
  status: "draft" | "submitted";
  /** Points per criterion group, in tenths: { I: 320, II: 300, III: 80, IV: 75 }. */
  groupPoints: Readonly<Record<string, number>>;
}

export interface ConflictInput {
  entryId: Id;
  judgeId: Id;
}

/** Votes recorded by the council for an entry in a tie (higher ranks first). */
export interface VoteInput {
  entryId: Id;
  votes: number;
}

/**
 * What a stage is for: "decide" (a one-stage round, or the last stage of a two-stage round) ranks
 * and recommends under the cap; "shortlist" (stage 1 of a two-stage round) only says which entries
 * go on to the next stage (those that passed): no cap, no recommendation.
 */
export type StagePurpose = "decide" | "shortlist";

export interface AggregateInput {
  /** Default "decide". */
  purpose?: StagePurpose;
  /** Missing settings take the defaults of DEFAULT_SCORING_SETTINGS. */
  settings?: Partial<ScoringSettings>;
  entries: readonly EntryInput[];
  sheets: readonly SheetInput[];
  conflicts?: readonly ConflictInput[];
  votes?: readonly VoteInput[];
}

/** Why a sheet did not count. */
export type IgnoredReason = "draft" | "conflict" | "ineligible" | "unknown_entry";

export interface IgnoredSheet {
  entryId: Id;
  judgeId: Id;
  reason: IgnoredReason;
}

/** How an entry's place was decided against the entries it had the same mean as. */
export interface TieInfo {
  /** Other entries with exactly the same mean, in rank order. */
  tiedWith: Id[];
  /** Tie-break keys that separated this entry from (some of) them, in the order applied. */
  decidedBy: string[];
  /** True when some of them could not be separated by any key: same rank, council vote needed. */
  unresolved: boolean;
  /** Vietnamese explanation, e.g. "Bằng điểm trung bình; xếp trên theo điểm nhóm I". */
  text: string;
  /**
   * The values each deciding key compared, with enough decimals that different values look
   * different ("31,514" against "31,511" where two decimals would show 31,51 twice).
   */
  compared: TieComparison[];
  /** The same for people, this entry's value first: "điểm nhóm I: 31,514 (220,6/7) so với 31,511 (283,6/9)"; "" when nothing decided. */
  detail: string;
}

/** One tie-break key applied to a group of entries with equal means (and equal earlier keys). */
export interface TieComparison {
  key: string;
  /** Entries of the group in rank order, with the compared value. */
  values: { entryId: Id; display: string; exact: string }[];
}

export interface EntryResult {
  entryId: Id;
  productGroupId: Id;
  eligible: boolean;
  /** Judges whose submitted sheet counted, in input order. */
  judgeIds: Id[];
  judgesCount: number;
  /** Sum of the counted sheets' totals, in tenths. Mean = sumTenths / judgesCount. */
  sumTenths: number;
  /** Mean in hundredths of a point, rounded half-up (7003 = 70,03); null without sheets. */
  meanHundredths: number | null;
  /** Mean for people: "70,03", or "—" without sheets. */
  meanDisplay: string;
  /** Per criterion group: sum of the counted sheets' points, in tenths. */
  groupSumsTenths: Record<string, number>;
  /** Per criterion group: mean in hundredths, rounded half-up. */
  groupMeansHundredths: Record<string, number>;
  /** Lowest and highest sheet total (tenths); null without sheets. */
  minTenths: number | null;
  maxTenths: number | null;
  /** max - min > tolerance. */
  discrepancy: boolean;
  /** judgesCount < minJudges (includes entries without any sheet). */
  tooFewJudges: boolean;
  /** Mean >= pass mark, decided exactly: sumTenths >= passMarkTenths * judgesCount. */
  passed: boolean;
  /** Votes recorded for this entry (tie-break), if any. */
  votes: number | null;
  /** Competition rank in the stage (1-based); null for entries without counted sheets. */
  rank: number | null;
  /** Competition rank among the ranked entries of the same product group. */
  rankInGroup: number | null;
  /** Null when no other entry has exactly the same mean. */
  tie: TieInfo | null;
  /** Passed and within the cap, in rank order. */
  recommended: boolean;
  /** The cap boundary falls inside this entry's unresolved tie: the council decides. */
  needsCouncilDecision: boolean;
  /** In a "shortlist" stage: goes on to the next stage (= passed). Null in a deciding stage. */
  shortlisted: boolean | null;
}

export interface CapSummary {
  cap: number | null;
  /** Entries recommended outright. */
  recommendedCount: number;
  /** Entries tied across the cap boundary (the council chooses among them). */
  boundaryTie: Id[];
  /** Seats left for the council to fill from boundaryTie. */
  seatsForCouncil: number;
}

export interface StageResults {
  settings: ScoringSettings;
  purpose: StagePurpose;
  /**
   * The sheets that count (countedSheets), in input order: the means, the ranks and every judge
   * statistic (agreement.ts stageJudgeStatistics) are computed from these and only these.
   */
  countedSheets: SheetInput[];
  /** Ranked entries in rank order, then the unranked ones in input order. */
  entries: EntryResult[];
  ignoredSheets: IgnoredSheet[];
  cap: CapSummary;
}

/* ------------------------------------------------------------------ */
/* Texts shown to people (Vietnamese)                                 */
/* ------------------------------------------------------------------ */

export const TIE_TEXT = {
  mean: "điểm trung bình",
  group: (code: string) => `điểm nhóm ${code}`,
  vote: "số phiếu biểu quyết của Hội đồng",
  equal: "bằng",
  above: "xếp trên theo",
  below: "xếp dưới theo",
  between: "xếp giữa theo",
  needsVote: "cần Hội đồng biểu quyết",
} as const;

/* ------------------------------------------------------------------ */
/* Exact numbers and their display                                    */
/* ------------------------------------------------------------------ */

function assertInt(value: number, what: string, min = 0): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${what} must be an integer >= ${min}, got ${String(value)}`);
  }
}

/**
 * Rounds numerator / denominator to the nearest integer, halves away from zero
 * (half-up for the non-negative means). Integer arithmetic only.
 */
export function divideRounded(numerator: number, denominator: number): number {
  assertInt(denominator, "denominator", 1);
  if (!Number.isSafeInteger(numerator)) throw new RangeError(`numerator must be a safe integer, got ${numerator}`);
  const sign = numerator < 0 ? -1 : 1;
  const n = Math.abs(numerator);
  const q = Math.floor((2 * n + denominator) / (2 * denominator));
  return sign * q || 0;
}

/** Mean in hundredths of a point, rounded half-up, from a sum in tenths and a count. */
export function meanHundredths(sumTenths: number, count: number): number {
  return divideRounded(sumTenths * 10, count);
}

/**
 * Compares two means given as (sum, count) exactly, by cross-multiplication.
 * Returns a negative number when a < b, 0 when equal, positive when a > b.
 */
export function compareMeans(aSum: number, aCount: number, bSum: number, bCount: number): number {
  return aSum * bCount - bSum * aCount;
}

/** Formats an integer scaled by 10^scale, e.g. (7003, 2) → "70,03", (-125, 2) → "-1,25", (123456, 2) → "1.234,56". */
function formatScaled(value: number, scale: number, signed = false): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`value must be a safe integer, got ${value}`);
  const negative = value < 0;
  const digits = String(Math.abs(value)).padStart(scale + 1, "0");
  const intPart = digits.slice(0, digits.length - scale).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  const frac = digits.slice(digits.length - scale);
  const sign = negative ? "-" : signed && value > 0 ? "+" : "";
  return `${sign}${intPart}${scale > 0 ? `,${frac}` : ""}`;
}

/** Hundredths of a point for people: 7003 → "70,03" (decimal comma, "." between thousands). */
export function formatHundredths(hundredths: number, options: { signed?: boolean } = {}): string {
  return formatScaled(hundredths, 2, options.signed);
}

/** Tenths of a point for people, with two decimals: 775 → "77,50". */
export function formatTenths(tenths: number): string {
  return formatScaled(tenths * 10, 2);
}

/** A mean for people, rounded half-up to two decimals: (2101, 3) → "70,03"; count 0 → "—". */
export function formatMean(sumTenths: number, count: number): string {
  return count === 0 ? "—" : formatHundredths(meanHundredths(sumTenths, count));
}

/** Total of one sheet, in tenths. */
export function sheetTotalTenths(sheet: Pick<SheetInput, "groupPoints">): number {
  let total = 0;
  // for…in, not Object.values: no array per sheet (summed for every sheet on every results page).
  for (const code in sheet.groupPoints) total += sheet.groupPoints[code]!;
  return total;
}

/* ------------------------------------------------------------------ */
/* Settings and input checks                                          */
/* ------------------------------------------------------------------ */

/** Fills in defaults and checks the settings; throws RangeError on impossible values. */
export function resolveSettings(partial: Partial<ScoringSettings> = {}): ScoringSettings {
  const s: ScoringSettings = {
    passMarkTenths: partial.passMarkTenths ?? DEFAULT_SCORING_SETTINGS.passMarkTenths,
    recognitionCap: partial.recognitionCap === undefined ? DEFAULT_SCORING_SETTINGS.recognitionCap : partial.recognitionCap,
    tieBreak: [...(partial.tieBreak ?? DEFAULT_SCORING_SETTINGS.tieBreak)],
    discrepancyToleranceTenths: partial.discrepancyToleranceTenths ?? DEFAULT_SCORING_SETTINGS.discrepancyToleranceTenths,
    minJudges: partial.minJudges ?? DEFAULT_SCORING_SETTINGS.minJudges,
  };
  assertInt(s.passMarkTenths, "passMarkTenths");
  if (s.recognitionCap !== null) assertInt(s.recognitionCap, "recognitionCap");
  assertInt(s.discrepancyToleranceTenths, "discrepancyToleranceTenths");
  assertInt(s.minJudges, "minJudges", 1);
  const seen = new Set<string>();
  for (const key of s.tieBreak) {
    if (key.trim() === "" || seen.has(key)) throw new RangeError(`tieBreak keys must be distinct and non-empty: ${JSON.stringify(s.tieBreak)}`);
    seen.add(key);
  }
  return s;
}

export interface CountedSheets {
  /** Counted sheets per entry id, in input order. */
  byEntry: Map<Id, SheetInput[]>;
  ignored: IgnoredSheet[];
}

/**
 * Sorts sheets into those that count (submitted, on an eligible known entry, not a conflict) and
 * the ignored ones with their reason. Throws on two counted sheets by one judge for one entry and
 * on points that are not non-negative integers.
 */
export function countedSheets(
  entries: readonly EntryInput[],
  sheets: readonly SheetInput[],
  conflicts: readonly ConflictInput[] = [],
): CountedSheets {
  const eligible = new Map<Id, boolean>();
  for (const e of entries) {
    if (eligible.has(e.entryId)) throw new RangeError(`entry ${String(e.entryId)} listed twice`);
    eligible.set(e.entryId, e.eligible);
  }
  const conflict = new PairSet<Id>();
  for (const c of conflicts) conflict.add(c.entryId, c.judgeId);
  const byEntry = new Map<Id, SheetInput[]>();
  const seen = new PairSet<Id>();
  const ignored: IgnoredSheet[] = [];
  for (const sheet of sheets) {
    const reason: IgnoredReason | null = !eligible.has(sheet.entryId)
      ? "unknown_entry"
      : !eligible.get(sheet.entryId)
        ? "ineligible"
        : sheet.status !== "submitted"
          ? "draft"
          : conflict.has(sheet.entryId, sheet.judgeId)
            ? "conflict"
            : null;
    if (reason) {
      ignored.push({ entryId: sheet.entryId, judgeId: sheet.judgeId, reason });
      continue;
    }
    if (seen.has(sheet.entryId, sheet.judgeId)) {
      throw new RangeError(`judge ${String(sheet.judgeId)} has two submitted sheets for entry ${String(sheet.entryId)}`);
    }
    seen.add(sheet.entryId, sheet.judgeId);
    for (const code in sheet.groupPoints) assertInt(sheet.groupPoints[code]!, `points of group ${code}`);
    const list = byEntry.get(sheet.entryId);
    if (list) list.push(sheet);
    else byEntry.set(sheet.entryId, [sheet]);
  }
  return { byEntry, ignored };
}

/* ------------------------------------------------------------------ */
/* Ranking                                                            */
/* ------------------------------------------------------------------ */

interface Scored {
  entryId: Id;
  count: number;
  sum: number;
  groupSums: Record<string, number>;
  votes: number | null;
}

/** One step of the ordering of a tie group by a key: the ordered parts it splits into. */
type Split = Scored[][] | null; // null = the key cannot be applied (a vote is missing)

/** Groups items into runs of equal value under `cmp` (descending order expected). */
function partition(items: Scored[], cmp: (a: Scored, b: Scored) => number): Scored[][] {
  const sorted = [...items].sort(cmp); // Array.prototype.sort is stable: input order within equals
  const parts: Scored[][] = [];
  for (const item of sorted) {
    const last = parts[parts.length - 1];
    if (last && cmp(last[0]!, item) === 0) last.push(item);
    else parts.push([item]);
  }
  return parts;
}

/** Higher mean first. */
const byMean = (a: Scored, b: Scored) => compareMeans(b.sum, b.count, a.sum, a.count);

function splitBy(key: string, group: Scored[]): Split {
  if (key === VOTE_KEY) {
    // A vote decides only if the council recorded one for every entry of the tie.
    if (group.some((s) => s.votes === null)) return null;
    return partition(group, (a, b) => b.votes! - a.votes!);
  }
  // Group means compared exactly; a group a sheet does not have counts as 0 points.
  return partition(group, (a, b) => compareMeans(b.groupSums[key] ?? 0, b.count, a.groupSums[key] ?? 0, a.count));
}

/**
 * The values a key compared in a tie group, each displayed with the fewest decimals (at least 2)
 * that make different values look different: rounding half-up is monotonic, so distinct displays
 * keep the true order. Group means also come as the exact fraction "sum of the judges' points/judges".
 */
function comparison(key: string, ordered: Scored[]): TieComparison {
  if (key === VOTE_KEY) {
    return { key, values: ordered.map((s) => ({ entryId: s.entryId, display: String(s.votes ?? 0), exact: String(s.votes ?? 0) })) };
  }
  const sumOf = (s: Scored) => s.groupSums[key] ?? 0;
  // value in points = sum / (10 · count); with d decimals: round(sum · 10^d / (10 · count)).
  const scaled = (s: Scored, d: number) => divideRounded(sumOf(s) * 10 ** d, 10 * s.count);
  const want = uniqueValues(key, ordered);
  let decimals = 2;
  while (decimals < 8 && new Set(ordered.map((s) => scaled(s, decimals))).size < want) decimals++;
  return {
    key,
    values: ordered.map((s) => ({
      entryId: s.entryId,
      display: formatScaled(scaled(s, decimals), decimals),
      exact: `${formatScaled(sumOf(s), 1).replace(/,0$/, "")}/${s.count}`,
    })),
  };
}

/** Number of different exact group means among the entries (each as its reduced fraction). */
function uniqueValues(key: string, list: Scored[]): number {
  const seen = new Set<string>();
  for (const s of list) {
    const sum = s.groupSums[key] ?? 0;
    const g = intGcd(sum, s.count);
    seen.add(`${sum / g}/${s.count / g}`);
  }
  return seen.size;
}

/** Greatest common divisor of two integers' magnitudes (1 for two zeros). */
export function intGcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a || 1;
}

/** A compared value for people: "31,514 (220,6/7)" for a group mean, "5" for votes. */
function show(key: string, v: TieComparison["values"][number]): string {
  return key === VOTE_KEY ? v.display : `${v.display} (${v.exact})`;
}

function keyLabel(key: string): string {
  return key === VOTE_KEY ? TIE_TEXT.vote : TIE_TEXT.group(key);
}

function joinVi(labels: string[]): string {
  if (labels.length <= 1) return labels.join("");
  return `${labels.slice(0, -1).join(", ")} và ${labels[labels.length - 1]}`;
}

interface Placement {
  /** Position of the entry's final class in the total order (equal = unresolved tie). */
  classIndex: number;
  tie: TieInfo | null;
}

/**
 * Orders the scored entries: by mean, then each tie by the tie-break keys in turn. Returns the
 * classes in order (a class of more than one entry is an unresolved tie) and, per entry, how its
 * tie was decided.
 */
function orderEntries(scored: Scored[], tieBreak: readonly string[]): { classes: Scored[][]; placements: Map<Id, Placement> } {
  const classes: Scored[][] = [];
  const placements = new Map<Id, Placement>();
  const trail = new Map<Id, { parts: string[]; equal: string[]; decidedBy: string[]; compared: TieComparison[]; details: string[] }>();

  const refine = (group: Scored[], keyIndex: number): void => {
    if (group.length === 1 || keyIndex >= tieBreak.length) {
      classes.push(group);
      return;
    }
    const key = tieBreak[keyIndex]!;
    const parts = splitBy(key, group);
    if (parts === null) {
      // The key cannot be applied: later keys would not be fair to use, the tie stays.
      classes.push(group);
      return;
    }
    const cmp = parts.length > 1 ? comparison(key, parts.flat()) : null;
    // Each entry's compared value, and each part's values as shown (looked up once, not per pair:
    // a large tie group made this cubic in its size).
    const valueById = cmp ? new Map(cmp.values.map((v) => [v.entryId, v] as const)) : null;
    const shownByPart = valueById ? parts.map((part) => part.map((o) => show(key, valueById.get(o.entryId)!))) : null;
    parts.forEach((part, i) => {
      const others = shownByPart ? joinVi([...new Set(shownByPart.filter((_, j) => j !== i).flat())]) : "";
      for (const s of part) {
        if (cmp) {
          const t = trail.get(s.entryId)!;
          t.compared.push(cmp);
          t.details.push(`${keyLabel(key)}: ${show(key, valueById!.get(s.entryId)!)} so với ${others}`);
        }
        const t = trail.get(s.entryId)!;
        if (parts.length === 1) {
          t.equal.push(keyLabel(key));
        } else {
          const where = i === 0 ? TIE_TEXT.above : i === parts.length - 1 ? TIE_TEXT.below : TIE_TEXT.between;
          t.parts.push(`${TIE_TEXT.equal} ${joinVi(t.equal)}`, `${where} ${keyLabel(key)}`);
          t.decidedBy.push(key);
          t.equal = [keyLabel(key)];
        }
      }
      refine(part, keyIndex + 1);
    });
  };

  const meanGroups = partition(scored, byMean);
  const meanGroupOf = new Map<Id, Id[]>();
  for (const group of meanGroups) {
    const ids = group.map((s) => s.entryId);
    for (const id of ids) meanGroupOf.set(id, ids);
    if (group.length > 1) {
      for (const s of group) trail.set(s.entryId, { parts: [], equal: [TIE_TEXT.mean], decidedBy: [], compared: [], details: [] });
    }
    refine(group, 0);
  }

  classes.forEach((cls, classIndex) => {
    for (const s of cls) {
      const t = trail.get(s.entryId);
      let tie: TieInfo | null = null;
      if (t) {
        const unresolved = cls.length > 1;
        const parts = [...t.parts];
        if (unresolved) parts.push(`${TIE_TEXT.equal} ${joinVi(t.equal)}`, TIE_TEXT.needsVote);
        const text = parts.join("; ");
        tie = {
          tiedWith: [], // filled below, in rank order
          decidedBy: t.decidedBy,
          unresolved,
          text: text.charAt(0).toUpperCase() + text.slice(1),
          compared: t.compared,
          detail: t.details.join("; "),
        };
      }
      placements.set(s.entryId, { classIndex, tie });
    }
  });
  // tiedWith in final rank order
  const order = classes.flat().map((s) => s.entryId);
  // By position, not by scanning the whole order for each tied entry (that grew with the square of
  // the round's size when many means were equal).
  const position = new Map(order.map((id, i) => [id, i]));
  for (const id of order) {
    const p = placements.get(id)!;
    if (p.tie) {
      p.tie.tiedWith = [...new Set(meanGroupOf.get(id)!)]
        .filter((other) => other !== id && position.has(other))
        .sort((a, b) => position.get(a)! - position.get(b)!);
    }
  }
  return { classes, placements };
}

/** Competition ranks ("1, 2, 2, 4") for ordered classes of ids. */
function competitionRanks(classes: Id[][]): Map<Id, number> {
  const ranks = new Map<Id, number>();
  let before = 0;
  for (const cls of classes) {
    for (const id of cls) ranks.set(id, before + 1);
    before += cls.length;
  }
  return ranks;
}

/* ------------------------------------------------------------------ */
/* The stage's results                                                */
/* ------------------------------------------------------------------ */

/** Computes a scoring stage's results. Pure and deterministic. */
export function aggregateStage(input: AggregateInput): StageResults {
  const settings = resolveSettings(input.settings);
  const { byEntry, ignored } = countedSheets(input.entries, input.sheets, input.conflicts);

  const votes = new Map<Id, number>();
  for (const v of input.votes ?? []) {
    if (votes.has(v.entryId)) throw new RangeError(`votes for entry ${String(v.entryId)} given twice`);
    assertInt(v.votes, "votes");
    votes.set(v.entryId, v.votes);
  }

  // Per entry figures.
  const results = new Map<Id, EntryResult>();
  const scored: Scored[] = [];
  for (const entry of input.entries) {
    const sheets = entry.eligible ? (byEntry.get(entry.entryId) ?? []) : [];
    const totals = sheets.map(sheetTotalTenths);
    const count = sheets.length;
    const sum = totals.reduce((a, b) => a + b, 0);
    const groupSums: Record<string, number> = {};
    for (const sheet of sheets) {
      for (const code in sheet.groupPoints) groupSums[code] = (groupSums[code] ?? 0) + sheet.groupPoints[code]!;
    }
    const groupMeans: Record<string, number> = {};
    for (const code in groupSums) groupMeans[code] = meanHundredths(groupSums[code]!, count);
    const min = count ? Math.min(...totals) : null;
    const max = count ? Math.max(...totals) : null;
    results.set(entry.entryId, {
      entryId: entry.entryId,
      productGroupId: entry.productGroupId,
      eligible: entry.eligible,
      judgeIds: sheets.map((s) => s.judgeId),
      judgesCount: count,
      sumTenths: sum,
      meanHundredths: count ? meanHundredths(sum, count) : null,
      meanDisplay: formatMean(sum, count),
      groupSumsTenths: groupSums,
      groupMeansHundredths: groupMeans,
      minTenths: min,
      maxTenths: max,
      discrepancy: min !== null && max !== null && max - min > settings.discrepancyToleranceTenths,
      tooFewJudges: count < settings.minJudges,
      passed: count > 0 && sum >= settings.passMarkTenths * count,
      votes: votes.get(entry.entryId) ?? null,
      rank: null,
      rankInGroup: null,
      tie: null,
      recommended: false,
      needsCouncilDecision: false,
      shortlisted: null,
    });
    if (count > 0) scored.push({ entryId: entry.entryId, count, sum, groupSums, votes: votes.get(entry.entryId) ?? null });
  }

  // Order, ranks, tie explanations.
  const { classes, placements } = orderEntries(scored, settings.tieBreak);
  const classIds = classes.map((cls) => cls.map((s) => s.entryId));
  const ranks = competitionRanks(classIds);
  const groupClasses = new Map<Id, Id[][]>();
  for (const cls of classIds) {
    const byGroup = new Map<Id, Id[]>();
    for (const id of cls) {
      const g = results.get(id)!.productGroupId;
      byGroup.set(g, [...(byGroup.get(g) ?? []), id]);
    }
    for (const [g, ids] of byGroup) groupClasses.set(g, [...(groupClasses.get(g) ?? []), ids]);
  }
  const groupRanks = new Map<Id, number>();
  for (const list of groupClasses.values()) for (const [id, r] of competitionRanks(list)) groupRanks.set(id, r);

  for (const [id, placement] of placements) {
    const r = results.get(id)!;
    r.rank = ranks.get(id)!;
    r.rankInGroup = groupRanks.get(id)!;
    r.tie = placement.tie;
  }

  const purpose: StagePurpose = input.purpose ?? "decide";
  if (purpose !== "decide" && purpose !== "shortlist") throw new RangeError(`unknown stage purpose ${String(purpose)}`);
  // A shortlisting stage recommends nothing and applies no cap: the passing entries go on.
  if (purpose === "shortlist") for (const r of results.values()) r.shortlisted = r.eligible && r.passed;

  // Recommendation under the cap. Passed entries come first in the order (mean is the first key).
  const cap: CapSummary = { cap: purpose === "decide" ? settings.recognitionCap : null, recommendedCount: 0, boundaryTie: [], seatsForCouncil: 0 };
  for (const cls of purpose === "decide" ? classIds : []) {
    const passing = cls.filter((id) => results.get(id)!.passed);
    if (passing.length === 0) break;
    const left = settings.recognitionCap === null ? Infinity : settings.recognitionCap - cap.recommendedCount;
    if (left <= 0) break;
    if (passing.length <= left) {
      for (const id of passing) results.get(id)!.recommended = true;
      cap.recommendedCount += passing.length;
    } else {
      for (const id of passing) results.get(id)!.needsCouncilDecision = true;
      cap.boundaryTie = passing;
      cap.seatsForCouncil = left;
      break;
    }
  }

  const ranked = classIds.flat().map((id) => results.get(id)!);
  const unranked = input.entries.filter((e) => !placements.has(e.entryId)).map((e) => results.get(e.entryId)!);
  const counted = input.sheets.filter((s) => byEntry.get(s.entryId)?.includes(s));
  return { settings, purpose, countedSheets: counted, entries: [...ranked, ...unranked], ignoredSheets: ignored, cap };
}

/* ------------------------------------------------------------------ */
/* Two-stage rounds                                                   */
/* ------------------------------------------------------------------ */

/**
 * The shortlist of a two-stage round: the entries whose stage-1 mean reached the pass mark
 * (exact: sumTenths >= passMarkTenths * judgesCount), in stage-1 rank order.
 */
export function shortlist(
  stage1: StageResults | readonly Pick<EntryResult, "entryId" | "sumTenths" | "judgesCount">[],
  passMarkTenths: number = "settings" in stage1 ? stage1.settings.passMarkTenths : DEFAULT_SCORING_SETTINGS.passMarkTenths,
): Id[] {
  assertInt(passMarkTenths, "passMarkTenths");
  const list = "settings" in stage1 ? stage1.entries : stage1;
  return list.filter((r) => r.judgesCount > 0 && r.sumTenths >= passMarkTenths * r.judgesCount).map((r) => r.entryId);
}

/** The entries of stage 2: the same entries, eligible only if shortlisted in stage 1. */
export function stageTwoEntries(entries: readonly EntryInput[], shortlisted: readonly Id[]): EntryInput[] {
  const keep = new Set<Id>(shortlisted);
  return entries.map((e) => ({ ...e, eligible: e.eligible && keep.has(e.entryId) }));
}
