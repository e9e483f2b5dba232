/**
 * Judge statistics for the council: how lenient or severe each judge was, and how much the judges
 * agreed on each criterion group (intraclass correlation). Pure functions over plain data.
 *
 * Arithmetic is exact (BigInt rationals over the integer tenths) up to the last step, where a
 * ratio is turned into a JavaScript number for display. See docs/decisions/0007-scoring-aggregation.md.
 */
import {
  countedSheets,
  divideRounded,
  formatHundredths,
  intGcd,
  sheetTotalTenths,
  type ConflictInput,
  type Id,
  type SheetInput,
  type StageResults,
} from "./aggregate";
import { fQuantile } from "./fdist.server";

/** Judge ids in natural order, as localeCompare(b, "en", { numeric: true }) (which builds a collator per call). */
const JUDGE_ORDER = new Intl.Collator("en", { numeric: true });

/* ------------------------------------------------------------------ */
/* Exact fractions                                                    */
/* ------------------------------------------------------------------ */

/** A reduced fraction of integers (den > 0), safe to send through a loader as JSON. */
export interface Fraction {
  num: number;
  den: number;
}

/** Minimal BigInt rational used inside this module. */
class Q {
  readonly n: bigint;
  readonly d: bigint;
  constructor(n: bigint, d: bigint = 1n) {
    if (d === 0n) throw new RangeError("division by zero");
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    const g = gcd(n < 0n ? -n : n, d);
    this.n = g > 1n ? n / g : n;
    this.d = g > 1n ? d / g : d;
  }
  static of(x: number | bigint): Q {
    if (typeof x === "number" && !Number.isSafeInteger(x)) throw new RangeError(`expected an integer, got ${x}`);
    return new Q(BigInt(x));
  }
  add(o: Q): Q {
    return new Q(this.n * o.d + o.n * this.d, this.d * o.d);
  }
  sub(o: Q): Q {
    return new Q(this.n * o.d - o.n * this.d, this.d * o.d);
  }
  mul(o: Q): Q {
    return new Q(this.n * o.n, this.d * o.d);
  }
  div(o: Q): Q {
    return new Q(this.n * o.d, this.d * o.n);
  }
  isZero(): boolean {
    return this.n === 0n;
  }
  toNumber(): number {
    const max = BigInt(Number.MAX_SAFE_INTEGER);
    if (this.n <= max && this.n >= -max && this.d <= max) return Number(this.n) / Number(this.d); // correctly rounded
    // Scale before dividing so that huge numerators and denominators keep their precision.
    const scale = 10n ** 18n;
    return Number((this.n * scale) / this.d) / 1e18;
  }
  toFraction(): Fraction {
    const num = Number(this.n);
    const den = Number(this.d);
    if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den)) throw new RangeError("fraction too large for a number");
    return { num, den };
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

/* ------------------------------------------------------------------ */
/* Severity                                                           */
/* ------------------------------------------------------------------ */

export interface JudgeSeverity {
  judgeId: Id;
  /** Entries the judge scored (counted sheets). */
  entriesScored: number;
  /** Of those, the entries some other judge scored too: the severity is measured on these. */
  entriesCompared: number;
  /** Mean of the judge's values on the compared entries, in tenths (exact); null without any. */
  judgeMeanTenths: Fraction | null;
  /** Mean, over the same entries, of the OTHER judges' mean on each entry, in tenths (exact). */
  othersMeanTenths: Fraction | null;
  /** judgeMean − othersMean in tenths (exact); positive = lenient, negative = severe; null without compared entries. */
  severityTenths: Fraction | null;
  /** The same in points, as a number (for sorting and charts); null without compared entries. */
  severityPoints: number | null;
  /** For people, in points with a sign and two decimals: "+1,25", "-5,00", "0,00"; "—" without compared entries. */
  severityDisplay: string;
}

/** What the severity figure means, in one sentence for the council (results page, minutes, xlsx). */
export const SEVERITY_MEANING =
  "Độ nghiêm của một giám khảo là số điểm trung bình mà giám khảo đó cho cao hơn (dấu +) hoặc thấp hơn (dấu −) so với trung bình của các giám khảo còn lại trên cùng những sản phẩm; ví dụ −5,00 nghĩa là chấm thấp hơn các giám khảo khác 5 điểm.";

export interface AgreementOptions {
  /** Declared conflicts: matching sheets are ignored (as in aggregateStage). */
  conflicts?: readonly ConflictInput[];
  /** A criterion-group code to study instead of the sheet total. */
  group?: string;
}

/** Value of a sheet: its total, or the points of one group (0 when the sheet lacks it). */
function valueOf(sheet: SheetInput, group: string | undefined): number {
  if (group !== undefined) return sheet.groupPoints[group] ?? 0;
  return sheetTotalTenths(sheet);
}

/**
 * Submitted, non-conflict sheets grouped per entry (every entry of the sheets is eligible here).
 * Given a stage's StageResults.countedSheets, this returns them unchanged: the rule is
 * aggregate.ts countedSheets, the one the means use.
 */
function usableSheets(sheets: readonly SheetInput[], conflicts: readonly ConflictInput[] = []): Map<Id, SheetInput[]> {
  // The results page asks for the same counted sheets four times (severity, the whole-council and
  // per-panel agreement, the severity chart): grouped once per array (callers only read the map).
  const remembered = conflicts.length ? undefined : grouped.get(sheets);
  if (remembered) return remembered;
  const entryIds = [...new Set(sheets.map((s) => s.entryId))];
  const byEntry = countedSheets(
    entryIds.map((entryId) => ({ entryId, productGroupId: 0, eligible: true })),
    sheets,
    conflicts,
  ).byEntry;
  if (!conflicts.length) grouped.set(sheets, byEntry);
  return byEntry;
}
/** usableSheets of an array without conflicts, while the array lives (its sheets are never changed in place). */
const grouped = new WeakMap<readonly SheetInput[], Map<Id, SheetInput[]>>();

/**
 * Severity of each judge, leave-one-out: on each entry the judge scored with others, the judge's
 * value minus the mean of the OTHER judges' values there, averaged over those entries. A judge 5
 * points below the rest shows −5,00 whatever the panel's size (against the panel's mean, which
 * includes the judge, it would show −5·(k−1)/k). Judges in order of first appearance; an entry
 * scored by one judge only says nothing about severity and is left out.
 *
 *   severity_j = (1/|E_j|) · Σ_{e ∈ E_j} (x_je − (S_e − x_je)/(n_e − 1)),  E_j = entries j scored with n_e ≥ 2.
 */
export function judgeSeverity(sheets: readonly SheetInput[], options: AgreementOptions = {}): JudgeSeverity[] {
  // The statistics and the severity chart of one results page ask for the same figures.
  const plain = options.group === undefined && !options.conflicts?.length;
  const remembered = plain ? severities.get(sheets) : undefined;
  if (remembered) return remembered;
  const out = severityOf(sheets, options);
  if (plain) severities.set(sheets, out);
  return out;
}
/** judgeSeverity of a whole array (no group, no conflicts), while the array lives; callers only read it. */
const severities = new WeakMap<readonly SheetInput[], JudgeSeverity[]>();

function severityOf(sheets: readonly SheetInput[], options: AgreementOptions): JudgeSeverity[] {
  const byEntry = usableSheets(sheets, options.conflicts);
  // Exact sums without a fraction per sheet: the judge's values are integers, and the others' means
  // are summed per denominator (n_e − 1, a handful of distinct values) as integer numerators, turned
  // into one fraction per judge at the end (the same rational as adding them one by one).
  const acc = new Map<Id, { scored: number; compared: number; judgeSum: number; othersByDen: Map<number, number> }>();
  for (const list of byEntry.values()) {
    let total = 0;
    for (const s of list) total += valueOf(s, options.group);
    for (const sheet of list) {
      let a = acc.get(sheet.judgeId);
      if (!a) acc.set(sheet.judgeId, (a = { scored: 0, compared: 0, judgeSum: 0, othersByDen: new Map() }));
      a.scored += 1;
      if (list.length > 1) {
        const v = valueOf(sheet, options.group);
        a.compared += 1;
        a.judgeSum += v;
        a.othersByDen.set(list.length - 1, (a.othersByDen.get(list.length - 1) ?? 0) + (total - v));
      }
    }
  }
  const out: JudgeSeverity[] = [];
  for (const [judgeId, a] of acc) {
    if (a.compared === 0) {
      out.push({ judgeId, entriesScored: a.scored, entriesCompared: 0, judgeMeanTenths: null, othersMeanTenths: null, severityTenths: null, severityPoints: null, severityDisplay: "—" });
      continue;
    }
    let othersSum = new Q(0n);
    for (const [den, num] of a.othersByDen) othersSum = othersSum.add(new Q(BigInt(num), BigInt(den)));
    const n = Q.of(a.compared);
    const judgeMean = Q.of(a.judgeSum).div(n);
    const othersMean = othersSum.div(n);
    const severity = judgeMean.sub(othersMean);
    // Tenths → hundredths of a point: × 10, rounded half away from zero.
    const hundredths = Number(divideRoundedBig(severity.n * 10n, severity.d));
    out.push({
      judgeId,
      entriesScored: a.scored,
      entriesCompared: a.compared,
      judgeMeanTenths: judgeMean.toFraction(),
      othersMeanTenths: othersMean.toFraction(),
      severityTenths: severity.toFraction(),
      severityPoints: severity.toNumber() / 10,
      severityDisplay: formatHundredths(hundredths, { signed: true }),
    });
  }
  return out;
}

function divideRoundedBig(n: bigint, d: bigint): bigint {
  if (n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= -BigInt(Number.MAX_SAFE_INTEGER) && d <= BigInt(Number.MAX_SAFE_INTEGER)) {
    return BigInt(divideRounded(Number(n), Number(d)));
  }
  const neg = n < 0n;
  const a = neg ? -n : n;
  const q = (2n * a + d) / (2n * d);
  return neg ? -q : q;
}

/* ------------------------------------------------------------------ */
/* Intraclass correlation (Shrout & Fleiss 1979)                      */
/* ------------------------------------------------------------------ */

/** Mean squares of the two-way ANOVA of an n targets × k judges matrix. */
export interface MeanSquares {
  /** Between targets (rows). */
  bms: number;
  /** Within targets (judges + residual), used by the one-way model. */
  wms: number;
  /** Between judges (columns). */
  jms: number;
  /** Residual (error). */
  ems: number;
}

/**
 * Intraclass correlations. "Single" = the reliability of one judge's score; "average" = of the
 * mean of the k judges (what the results use). Null when the ratio is undefined (zero variance).
 */
export interface IccValues {
  n: number;
  k: number;
  meanSquares: MeanSquares;
  /** ICC(1,1): one-way random, each target rated by a different random set of judges. */
  icc11: number | null;
  /** ICC(2,1): two-way random effects, absolute agreement, single rater. */
  icc21: number | null;
  /** ICC(3,1): two-way mixed, consistency, single rater. */
  icc31: number | null;
  /** ICC(1,k), ICC(2,k), ICC(3,k): the same for the mean of the k judges. */
  icc1k: number | null;
  icc2k: number | null;
  icc3k: number | null;
  /** 95% confidence intervals of the two-way ICCs (iccIntervals); null where undefined. */
  ci: IccIntervals;
}

/** A confidence interval of an ICC. */
export interface IccInterval {
  lower: number;
  upper: number;
}

export interface IccIntervals {
  /** Confidence level, 0.95. */
  level: number;
  icc21: IccInterval | null;
  icc2k: IccInterval | null;
  icc31: IccInterval | null;
  icc3k: IccInterval | null;
}

/**
 * Confidence intervals of the two-way ICCs from the mean squares (McGraw & Wong 1996,
 * "Forming inferences about some intraclass correlation coefficients", Psychological Methods 1,
 * Table 7; the same formulas as R's irr::icc and statpsych::ci.icc):
 * - consistency, ICC(3,1) = ICC(C,1) and ICC(3,k) = ICC(C,k): exact, from F0 = BMS/EMS with
 *   (n−1, (n−1)(k−1)) degrees of freedom;
 * - absolute agreement, ICC(2,1) = ICC(A,1): approximate, with Satterthwaite's v computed from the
 *   ICC(A,1) estimate; ICC(2,k) = ICC(A,k) uses the same F quantiles, so its bounds are the
 *   Spearman–Brown step-up of ICC(2,1)'s (what the mean of k judges would have at those bounds).
 * An interval is null when it is undefined (no residual variance, an ICC of exactly 1, …).
 */
export function iccIntervals(ms: MeanSquares, n: number, k: number, icc21: number | null, level = 0.95): IccIntervals {
  const out: IccIntervals = { level, icc21: null, icc2k: null, icc31: null, icc3k: null };
  if (n < 2 || k < 2) return out;
  const q = 1 - (1 - level) / 2;
  const { bms, jms, ems } = ms;
  const ok = (i: IccInterval | null): IccInterval | null =>
    i && Number.isFinite(i.lower) && Number.isFinite(i.upper) && i.lower <= i.upper ? i : null;
  const df1 = n - 1;
  const df2 = (n - 1) * (k - 1);
  if (ems > 0) {
    const f0 = bms / ems;
    const fl = f0 / fQuantile(q, df1, df2);
    const fu = f0 * fQuantile(q, df2, df1);
    out.icc31 = ok({ lower: (fl - 1) / (fl + k - 1), upper: (fu - 1) / (fu + k - 1) });
    out.icc3k = ok({ lower: 1 - 1 / fl, upper: 1 - 1 / fu });
  }
  if (icc21 != null && icc21 < 1 && ems > 0) {
    const a = (k * icc21) / (n * (1 - icc21));
    const b = 1 + (k * icc21 * (n - 1)) / (n * (1 - icc21));
    const v = (a * jms + b * ems) ** 2 / ((a * jms) ** 2 / (k - 1) + (b * ems) ** 2 / df2);
    const fl = fQuantile(q, df1, v);
    const fu = fQuantile(q, v, df1);
    const c = k * n - k - n;
    out.icc21 = ok({
      lower: (n * (bms - fl * ems)) / (fl * (k * jms + c * ems) + n * bms),
      upper: (n * (fu * bms - ems)) / (k * jms + c * ems + n * fu * bms),
    });
    out.icc2k = ok({
      lower: (n * (bms - fl * ems)) / (fl * (jms - ems) + n * bms),
      upper: (n * (fu * bms - ems)) / (jms - ems + n * fu * bms),
    });
  }
  return out;
}

/**
 * ICCs of a complete matrix: rows are targets (entries), columns judges, integer values (tenths,
 * or any integer scale: ICCs do not depend on it). Returns null when there are fewer than 2 rows
 * or 2 columns. Throws on ragged rows or non-integers.
 */
export function icc(matrix: readonly (readonly number[])[]): IccValues | null {
  const n = matrix.length;
  const k = n > 0 ? matrix[0]!.length : 0;
  if (n < 2 || k < 2) return null;
  for (const row of matrix) {
    if (row.length !== k) throw new RangeError("every row of the matrix needs the same number of judges");
  }
  // With T the grand total, R_i row sums, C_j column sums, Q the sum of squares and N = nk,
  // N times each sum of squares is an integer:
  //   N·SS_rows = n ΣR² − T², N·SS_cols = k ΣC² − T², N·SS_total = N·Q − T².
  let maxAbs = 0;
  for (const row of matrix) {
    for (const x of row) {
      if (!Number.isSafeInteger(x)) throw new RangeError(`ratings must be integers, got ${x}`);
      if (Math.abs(x) > maxAbs) maxAbs = Math.abs(x);
    }
  }
  // The sums in plain numbers when no partial sum can pass 2^53 (a national round: 600 × 9 sheets
  // of at most 1,000 tenths, squares up to 10^6), else in bigints: exact either way, and no bigint
  // per cell (five matrices per results page).
  const exactInNumbers = maxAbs * maxAbs * n * k <= Number.MAX_SAFE_INTEGER;
  let T = 0n;
  let sumSq = 0n;
  const R = new Array<bigint>(n).fill(0n);
  const C = new Array<bigint>(k).fill(0n);
  if (exactInNumbers) {
    let t = 0;
    let sq = 0;
    const c = new Array<number>(k).fill(0);
    for (let i = 0; i < n; i++) {
      const row = matrix[i]!;
      let r = 0;
      for (let j = 0; j < k; j++) {
        const x = row[j]!;
        r += x;
        sq += x * x;
        c[j]! += x;
      }
      t += r;
      R[i] = BigInt(r);
    }
    T = BigInt(t);
    sumSq = BigInt(sq);
    for (let j = 0; j < k; j++) C[j] = BigInt(c[j]!);
  } else {
    matrix.forEach((row, i) =>
      row.forEach((x, j) => {
        const v = BigInt(x);
        T += v;
        sumSq += v * v;
        R[i]! += v;
        C[j]! += v;
      }),
    );
  }
  const bn = BigInt(n);
  const bk = BigInt(k);
  const N = bn * bk;
  const sumR2 = R.reduce((a, r) => a + r * r, 0n);
  const sumC2 = C.reduce((a, c) => a + c * c, 0n);
  const ssRows = new Q(bn * sumR2 - T * T, N);
  const ssCols = new Q(bk * sumC2 - T * T, N);
  const ssTotal = new Q(N * sumSq - T * T, N);
  const ssWithin = ssTotal.sub(ssRows);
  const ssError = ssWithin.sub(ssCols);

  const bms = ssRows.div(Q.of(n - 1));
  const wms = ssWithin.div(Q.of(n * (k - 1)));
  const jms = ssCols.div(Q.of(k - 1));
  const ems = ssError.div(Q.of((n - 1) * (k - 1)));

  const kq = Q.of(k);
  const k1 = Q.of(k - 1);
  const nq = Q.of(n);
  const ratio = (num: Q, den: Q): number | null => (den.isZero() ? null : num.div(den).toNumber());
  // Shrout & Fleiss (1979), Table 1 estimators.
  const jmsTerm = jms.sub(ems).div(nq); // (JMS − EMS) / n
  const meanSquares = { bms: bms.toNumber(), wms: wms.toNumber(), jms: jms.toNumber(), ems: ems.toNumber() };
  const icc21 = ratio(bms.sub(ems), bms.add(k1.mul(ems)).add(kq.mul(jmsTerm)));
  return {
    n,
    k,
    meanSquares,
    icc11: ratio(bms.sub(wms), bms.add(k1.mul(wms))),
    icc21,
    icc31: ratio(bms.sub(ems), bms.add(k1.mul(ems))),
    icc1k: ratio(bms.sub(wms), bms),
    icc2k: ratio(bms.sub(ems), bms.add(jmsTerm)),
    icc3k: ratio(bms.sub(ems), bms),
    ci: iccIntervals(meanSquares, n, k, icc21),
  };
}

export interface AgreementMatrix {
  /** Judges of the matrix (columns), in the order given or of first appearance. */
  judgeIds: Id[];
  /** Entries scored by every one of these judges (rows), in order of first appearance. */
  entryIds: Id[];
  /** Entries left out because some judge of the matrix has no counted sheet there. */
  droppedEntryIds: Id[];
  /** Per row, the counted sheet of each judge (same order as judgeIds). */
  rows: SheetInput[][];
}

/**
 * Builds the complete entries × judges matrix: only submitted, non-conflict sheets; only entries
 * that every judge of the matrix scored (listwise deletion). Pass judgeIds to study a subset of
 * judges and keep more entries.
 */
export function agreementMatrix(
  sheets: readonly SheetInput[],
  options: { conflicts?: readonly ConflictInput[]; judgeIds?: readonly Id[] } = {},
): AgreementMatrix {
  const byEntry = usableSheets(sheets, options.conflicts);
  const judgeIds: Id[] = options.judgeIds
    ? [...options.judgeIds]
    : [...new Set([...byEntry.values()].flat().map((s) => s.judgeId))];
  const entryIds: Id[] = [];
  const droppedEntryIds: Id[] = [];
  const rows: SheetInput[][] = [];
  for (const [entryId, list] of byEntry) {
    const byJudge = new Map(list.map((s) => [s.judgeId, s] as const));
    const row = judgeIds.map((j) => byJudge.get(j));
    if (row.every((s): s is SheetInput => s !== undefined)) {
      entryIds.push(entryId);
      rows.push(row);
    } else {
      droppedEntryIds.push(entryId);
    }
  }
  return { judgeIds, entryIds, droppedEntryIds, rows };
}

export interface GroupAgreement extends Omit<AgreementMatrix, "rows"> {
  /** Per criterion-group code, and "total" for the sheet total: the ICCs, or null if undefined. */
  byGroup: Record<string, IccValues | null>;
}

/** The key of the sheet total in GroupAgreement.byGroup. */
export const TOTAL_KEY = "total";

/**
 * ICCs per criterion group and for the total, on the complete matrix of agreementMatrix.
 * Groups default to every code found on the matrix's sheets, in order of first appearance.
 */
export function agreementByGroup(
  sheets: readonly SheetInput[],
  options: { conflicts?: readonly ConflictInput[]; judgeIds?: readonly Id[]; groups?: readonly string[] } = {},
): GroupAgreement {
  const { rows, ...matrix } = agreementMatrix(sheets, options);
  const groups = options.groups ?? [...new Set(rows.flat().flatMap((s) => Object.keys(s.groupPoints)))];
  const byGroup: Record<string, IccValues | null> = {};
  for (const g of groups) byGroup[g] = icc(rows.map((row) => row.map((s) => valueOf(s, g))));
  byGroup[TOTAL_KEY] = icc(rows.map((row) => row.map((s) => valueOf(s, undefined))));
  return { ...matrix, byGroup };
}


/** The judges who scored exactly the same entries (a panel), and their agreement on those entries. */
export interface PanelAgreement {
  judgeIds: Id[];
  entryIds: Id[];
  /** Per criterion-group code and "total": the ICCs with their confidence intervals. */
  byGroup: Record<string, IccValues | null>;
}

export interface PanelsAgreement {
  /** Panels of at least 2 judges and 2 entries, largest first. */
  panels: PanelAgreement[];
  /** Entries in no such panel (scored by a set of judges no other entry shares: a missing sheet, a conflict). */
  entriesOutside: Id[];
}

/**
 * Agreement per panel. When judges are assigned by product group, no entry is scored by every
 * judge and the whole-council matrix is empty; each panel (entries grouped by the exact set of
 * judges whose sheets counted) still has a complete matrix of its own. With one panel for the
 * whole round this is the whole-council figure.
 */
export function panelAgreement(
  sheets: readonly SheetInput[],
  options: { conflicts?: readonly ConflictInput[]; groups?: readonly string[]; whole?: GroupAgreement } = {},
): PanelsAgreement {
  const byEntry = usableSheets(sheets, options.conflicts);
  const sets = new Map<string, { judgeIds: Id[]; entryIds: Id[]; rows: SheetInput[][] }>();
  for (const [entryId, list] of byEntry) {
    const ordered = [...list].sort((a, b) => JUDGE_ORDER.compare(String(a.judgeId), String(b.judgeId)));
    const key = ordered.map((s) => String(s.judgeId)).join("\u0000");
    let set = sets.get(key);
    if (!set) sets.set(key, (set = { judgeIds: ordered.map((s) => s.judgeId), entryIds: [], rows: [] }));
    set.entryIds.push(entryId);
    set.rows.push(ordered);
  }
  const panels: PanelAgreement[] = [];
  const entriesOutside: Id[] = [];
  for (const set of sets.values()) {
    if (set.judgeIds.length < 2 || set.entryIds.length < 2) {
      entriesOutside.push(...set.entryIds);
      continue;
    }
    // The panel of every judge is the whole-council matrix (same entries; ICCs do not depend on
    // the judges' order): its figures are already computed.
    const whole = options.whole;
    if (whole && whole.entryIds.length === set.entryIds.length && whole.judgeIds.length === set.judgeIds.length && set.judgeIds.every((j) => whole.judgeIds.includes(j))) {
      panels.push({ judgeIds: set.judgeIds, entryIds: set.entryIds, byGroup: whole.byGroup });
      continue;
    }
    const groups = options.groups ?? [...new Set(set.rows.flat().flatMap((s) => Object.keys(s.groupPoints)))];
    const byGroup: Record<string, IccValues | null> = {};
    for (const g of groups) byGroup[g] = icc(set.rows.map((row) => row.map((s) => valueOf(s, g))));
    byGroup[TOTAL_KEY] = icc(set.rows.map((row) => row.map((s) => valueOf(s, undefined))));
    panels.push({ judgeIds: set.judgeIds, entryIds: set.entryIds, byGroup });
  }
  panels.sort((a, b) => b.entryIds.length - a.entryIds.length || b.judgeIds.length - a.judgeIds.length);
  return { panels, entriesOutside };
}

export { formatIcc, ICC_MEANING } from "./reliability";

export interface StageJudgeStatistics {
  severity: JudgeSeverity[];
  agreement: GroupAgreement;
  /** The same agreement per panel of judges (assignment by product group). */
  panels: PanelsAgreement;
}

/**
 * The judge statistics of a stage, from the very sheets its means counted
 * (StageResults.countedSheets: submitted, eligible entry, no declared conflict). The results page,
 * the xlsx and the minutes all take their statistics from here.
 */
export function stageJudgeStatistics(results: Pick<StageResults, "countedSheets">, options: { groups?: readonly string[] } = {}): StageJudgeStatistics {
  const agreement = agreementByGroup(results.countedSheets, { groups: options.groups });
  return {
    severity: judgeSeverity(results.countedSheets),
    agreement,
    panels: panelAgreement(results.countedSheets, { groups: options.groups, whole: agreement }),
  };
}

/* ------------------------------------------------------------------ */
/* Which judge is out of line (one flagged entry)                      */
/* ------------------------------------------------------------------ */

/** One judge on one entry: the total against the mean of the OTHER judges' totals. */
export interface JudgeAgainstOthers {
  judgeId: Id;
  /** The judge's total on this entry, in tenths (sheetTotalTenths of the counted sheet). */
  totalTenths: number;
  /** Mean of the other judges' totals, in tenths, exact (reduced fraction). */
  othersMeanTenths: Fraction;
  /** totalTenths − othersMeanTenths, in tenths, exact. */
  differenceTenths: Fraction;
  /** For people, two decimals, half away from zero, decimal comma, real minus sign: "78,50". */
  othersMeanDisplay: string;
  /** Signed: "+3,00", "−12,50", "0,00". */
  differenceDisplay: string;
  /** The largest absolute difference on this entry (several judges when tied). */
  largest: boolean;
  /** The one judge out of line: the only judge with the largest absolute difference (3+ judges). */
  outlier: boolean;
}

export type OutlierVerdict =
  /** One judge stands out: `outlierJudgeId`. */
  | "outlier"
  /** Two or more judges share the largest absolute difference exactly: none is named. */
  | "tie"
  /** Fewer than 3 judges: each is as far from the other as the other from him, none can be named. */
  | "too_few_judges";

export interface EntryOutlier {
  judges: JudgeAgainstOthers[];
  verdict: OutlierVerdict;
  outlierJudgeId: Id | null;
  /** One plain Vietnamese sentence saying what the verdict means. */
  verdictText: string;
}

export const OUTLIER_TEXT = {
  label: "Lệch nhiều nhất",
  outlier: (name: string) => `${name} lệch nhiều nhất so với trung bình của các giám khảo còn lại.`,
  tie: "Nhiều giám khảo lệch bằng nhau so với trung bình của các giám khảo còn lại: không xác định được một giám khảo lệch nhiều nhất.",
  tooFew: "Chỉ có dưới 3 giám khảo: không xác định được giám khảo nào lệch (mỗi người lệch so với người kia như nhau).",
} as const;

function reduced(num: number, den: number): Fraction {
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || den <= 0) throw new RangeError(`bad fraction ${num}/${den}`);
  const g = intGcd(num, den);
  return { num: num / g || 0, den: den / g };
}

/** A fraction of tenths for people, in points with two decimals (half away from zero), "−" for negatives. */
function fractionDisplay(f: Fraction, signed: boolean): string {
  return formatHundredths(divideRounded(f.num * 10, f.den), { signed }).replace("-", "−");
}

/**
 * For ONE entry, each judge's total against the mean of the other judges' totals (leave-one-out),
 * from that entry's counted sheets (StageResults.countedSheets: the same sheets the mean used).
 * Exact: with n judges and sum S (tenths), the others' mean is (S − t)/(n − 1) and the difference
 * (n·t − S)/(n − 1), kept as fractions of integers. The outlier is the judge with the largest
 * absolute difference; an exact tie names nobody; with fewer than 3 judges nobody can be named
 * (with 2, both differences are equal and opposite). Names are the caller's: `name(judgeId)`.
 */
export function entryOutlier(sheets: readonly SheetInput[], name: (judgeId: Id) => string = String): EntryOutlier {
  const seen = new Set<Id>();
  const entry = sheets[0]?.entryId;
  for (const s of sheets) {
    if (s.entryId !== entry) throw new RangeError("entryOutlier takes the sheets of one entry");
    if (seen.has(s.judgeId)) throw new RangeError(`judge ${String(s.judgeId)} counted twice`);
    seen.add(s.judgeId);
  }
  const totals = sheets.map((s) => ({ judgeId: s.judgeId, total: sheetTotalTenths(s) }));
  const n = totals.length;
  const sum = totals.reduce((a, t) => a + t.total, 0);
  if (n < 2) {
    return { judges: [], verdict: "too_few_judges", outlierJudgeId: null, verdictText: OUTLIER_TEXT.tooFew };
  }
  // |difference| compares as |n·t − S| (common denominator n − 1).
  const spread = totals.map((t) => Math.abs(n * t.total - sum));
  const top = Math.max(...spread);
  const atTop = totals.filter((_, i) => spread[i] === top);
  const verdict: OutlierVerdict = n < 3 ? "too_few_judges" : atTop.length > 1 ? "tie" : "outlier";
  const outlierJudgeId = verdict === "outlier" ? atTop[0]!.judgeId : null;
  const judges = totals.map((t, i): JudgeAgainstOthers => {
    const othersMeanTenths = reduced(sum - t.total, n - 1);
    const differenceTenths = reduced(n * t.total - sum, n - 1);
    return {
      judgeId: t.judgeId,
      totalTenths: t.total,
      othersMeanTenths,
      differenceTenths,
      othersMeanDisplay: fractionDisplay(othersMeanTenths, false),
      differenceDisplay: fractionDisplay(differenceTenths, true),
      largest: spread[i] === top,
      outlier: t.judgeId === outlierJudgeId,
    };
  });
  const verdictText = verdict === "outlier" ? OUTLIER_TEXT.outlier(name(outlierJudgeId!)) : verdict === "tie" ? OUTLIER_TEXT.tie : OUTLIER_TEXT.tooFew;
  return { judges, verdict, outlierJudgeId, verdictText };
}

/**
 * The outlier detail of every entry flagged for discrepancy in a stage, keyed by entry id, from the
 * stage's counted sheets only (one pass over data already loaded: no query per entry).
 */
export function stageOutliers(results: Pick<StageResults, "countedSheets" | "entries">, name: (judgeId: Id) => string = String): Map<Id, EntryOutlier> {
  const flagged = new Set(results.entries.filter((e) => e.discrepancy).map((e) => e.entryId));
  const byEntry = new Map<Id, SheetInput[]>();
  for (const s of results.countedSheets) {
    if (!flagged.has(s.entryId)) continue;
    const list = byEntry.get(s.entryId);
    if (list) list.push(s);
    else byEntry.set(s.entryId, [s]);
  }
  const out = new Map<Id, EntryOutlier>();
  for (const id of flagged) out.set(id, entryOutlier(byEntry.get(id) ?? [], name));
  return out;
}
