/**
 * The data behind the exports of a closed scoring stage: the results table (.xlsx), each judge's
 * score sheets (PDF) and the council's minutes (PDF). Everything is read from the database and
 * every figure comes from app/modules/scoring/aggregate.ts (exact means from integer tenths), so
 * the exports say what the results page says. See docs/decisions/0010-results-exports.md.
 *
 * Who may read what:
 * - results and minutes: the organizer managing the round, or the council's chair, once the stage
 *   is closed (a stage_closures row with reopened_at null); 409 before that;
 * - a judge's score sheets: the judge itself at any time (its own member id only; another member's
 *   is 404), the organizer or the chair after closing.
 * Refusals are thrown as JSON responses with a Vietnamese message, like app/lib/http.server.ts.
 */
import { json } from "@remix-run/node";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import {
  adminUnits,
  conflictsOfInterest,
  councilMembers,
  councilVerdicts,
  criteria,
  criteriaSheets,
  entries,
  establishments,
  organizingBodies,
  productGroups,
  products,
  rounds,
  scoreLines,
  scoreSheets,
  recognitionDecisions,
  stageClosures,
  type CouncilRole,
} from "~db/schema";
import { db, type DbOrTx } from "~/lib/db.server";
import { forbidden, notFound } from "~/lib/http.server";
import { canChairRound, type Principal } from "~/lib/permissions";
import {
  countedSheets,
  sheetTotalTenths,
  type CapSummary,
  type ConflictInput,
  type EntryResult,
  type IgnoredSheet,
  type ScoringSettings,
  type SheetInput,
  type StagePurpose,
} from "~/modules/scoring/aggregate";
import { stageJudgeStatistics, type GroupAgreement, type JudgeSeverity, type PanelsAgreement } from "~/modules/scoring/agreement";
import { groupTotals } from "~/modules/scoring/scoring";
import { computeStage, stageInput } from "~/modules/scoring/scoring.server";
import { recordedVotes, type RecordedVote } from "~/modules/scoring/tiebreak.server";
import { SCORING_STATUSES, councilOfRound } from "~/modules/councils/councils.server";
import { getRoundForOrganizer } from "~/modules/rounds/rounds.server";
import { parseStageValue } from "./reports";

export type Round = typeof rounds.$inferSelect;
type Council = NonNullable<ReturnType<typeof councilOfRound>>;
type Member = typeof councilMembers.$inferSelect;

/* ------------------------------------------------------------------ */
/* Refusals                                                            */
/* ------------------------------------------------------------------ */

export const STAGE_NOT_CLOSED_MESSAGE = "Chưa khóa vòng chấm: chưa thể xuất điểm.";

/** Throws a JSON response with a Vietnamese message (400, 409, ...). */
export function reportError(status: number, message: string): never {
  throw json({ message }, { status });
}

/** The `vong` query parameter as a stage of this round; 400 with a message otherwise. */
export function parseStage(raw: string | null | undefined, round: Pick<Round, "scoringStages">): number {
  const parsed = parseStageValue(raw, round.scoringStages);
  if (!parsed.ok) reportError(400, parsed.message);
  return parsed.stage;
}

function placeOf(round: Round, tx: DbOrTx): string | null {
  if (!round.unitId) return null;
  return tx.select({ name: adminUnits.name }).from(adminUnits).where(eq(adminUnits.id, round.unitId)).get()?.name ?? null;
}

function loadRound(roundId: number, tx: DbOrTx = db): Round {
  const round = tx.select().from(rounds).where(eq(rounds.id, roundId)).get();
  if (!round) notFound("Không tìm thấy kỳ bình chọn này.");
  return round;
}

/**
 * The round, if the principal may download its results and minutes: the council's chair, or an
 * organizer managing it (others' rounds are 404, like every organizer page). Anyone else: 403.
 */
export function authorizeRoundReports(p: Principal, roundId: number): Round {
  if (canChairRound(p, roundId)) return loadRound(roundId);
  if (p.staff.length) return getRoundForOrganizer(p, roundId, { manage: true }).round;
  forbidden("Chỉ cơ quan tổ chức kỳ bình chọn và Chủ tịch Hội đồng được xuất kết quả chấm điểm.");
}

/** Whether the stage is closed now (closed and not reopened). */
export function isStageClosed(roundId: number, stage: number, tx: DbOrTx = db): boolean {
  return !!tx
    .select({ roundId: stageClosures.roundId })
    .from(stageClosures)
    .where(and(eq(stageClosures.roundId, roundId), eq(stageClosures.stage, stage), isNull(stageClosures.reopenedAt)))
    .get();
}

/** 409 unless the stage is closed: until then nobody sees points. */
export function requireClosedStage(roundId: number, stage: number, tx: DbOrTx = db): Date {
  const row = tx
    .select({ closedAt: stageClosures.closedAt })
    .from(stageClosures)
    .where(and(eq(stageClosures.roundId, roundId), eq(stageClosures.stage, stage), isNull(stageClosures.reopenedAt)))
    .get();
  if (!row) reportError(409, STAGE_NOT_CLOSED_MESSAGE);
  return row.closedAt;
}

/* ------------------------------------------------------------------ */
/* Criteria and sheets                                                 */
/* ------------------------------------------------------------------ */

export interface CriterionInfo {
  id: number;
  code: string;
  name: string;
  maxTenths: number;
  /** Null for a group (I-IV). */
  parentId: number | null;
  position: number;
}

export interface SheetCriteria {
  sheetId: number;
  name: string;
  scoreSubCriteria: boolean;
  /** Groups in order, each with its sub-criteria in order. */
  groups: (CriterionInfo & { children: CriterionInfo[] })[];
  byId: Map<number, CriterionInfo>;
}

function sheetCriteria(sheetId: number, tx: DbOrTx, cache: Map<number, SheetCriteria>): SheetCriteria {
  const hit = cache.get(sheetId);
  if (hit) return hit;
  const sheet = tx.select().from(criteriaSheets).where(eq(criteriaSheets.id, sheetId)).get();
  const rows = tx
    .select({ id: criteria.id, code: criteria.code, name: criteria.name, maxTenths: criteria.maxTenths, parentId: criteria.parentId, position: criteria.position })
    .from(criteria)
    .where(eq(criteria.sheetId, sheetId))
    .orderBy(asc(criteria.position), asc(criteria.id))
    .all();
  const groups = rows.filter((c) => c.parentId == null).map((g) => ({ ...g, children: rows.filter((c) => c.parentId === g.id) }));
  const out: SheetCriteria = {
    sheetId,
    name: sheet?.name ?? "",
    scoreSubCriteria: sheet?.scoreSubCriteria ?? false,
    groups,
    byId: new Map(rows.map((c) => [c.id, c])),
  };
  cache.set(sheetId, out);
  return out;
}

/**
 * Points per criterion group of one sheet, by the scoring module's rule (groupTotals: every line
 * counts towards its group), so a printed sheet adds up like the results.
 */
function groupPoints(crit: SheetCriteria, lines: readonly { criterionId: number; pointsTenths: number }[]): Record<string, number> {
  return groupTotals([...crit.byId.values()], Object.fromEntries(lines.map((l) => [l.criterionId, l.pointsTenths])));
}

/** The round's scoring sheet: its own, else the official one. */
function roundSheetId(round: Round, tx: DbOrTx): number | null {
  if (round.criteriaSheetId) return round.criteriaSheetId;
  return tx.select({ id: criteriaSheets.id }).from(criteriaSheets).where(eq(criteriaSheets.isOfficial, true)).orderBy(asc(criteriaSheets.version)).get()?.id ?? null;
}

/* ------------------------------------------------------------------ */
/* A stage's results                                                   */
/* ------------------------------------------------------------------ */

export type VerdictState = "recognised" | "not_recognised" | "pending";

export interface ReportVerdict {
  recognised: boolean;
  votesFor: number | null;
  votesAgainst: number | null;
  votesAbstain: number | null;
  note: string | null;
  decidedAt: Date;
}

export interface ReportRow {
  entryId: number;
  votingCode: string | null;
  dossierNo: string | null;
  productName: string;
  productGroupId: number;
  productGroupName: string;
  producerName: string;
  /** The producer's lowest unit below the province ("Xã Phù Lãng"), or "". */
  communeName: string;
  /** "Tỉnh Bắc Ninh", or "". */
  provinceName: string;
  /** The figures, exactly as aggregateStage computed them. */
  result: EntryResult;
  verdict: ReportVerdict | null;
  verdictState: VerdictState;
  /** The prize the council gave (recognised entries of a round that declares prizes), if any. */
  prize?: ReportPrize | null;
}

export interface ReportPrize {
  code: string;
  name: string;
  amountVnd: number;
  /** The council's reason (a "council" prize or a departure from the rank proposal). */
  reason: string | null;
}

export interface CriterionGroupHead {
  code: string;
  name: string;
  maxTenths: number;
}

export interface MemberInfo {
  id: number;
  fullName: string;
  title: string | null;
  affiliation: string | null;
  role: CouncilRole;
  isJudge: boolean;
}

export interface StageReport {
  round: Round;
  bodyName: string;
  /** Where documents are dated: the round's unit ("Bắc Ninh"), null for regional and national rounds. */
  placeName: string | null;
  council: Council | null;
  stage: number;
  closedAt: Date | null;
  settings: ScoringSettings;
  /** "shortlist" for stage 1 of a two-stage round (no cap, no recommendation), else "decide". */
  purpose: StagePurpose;
  /** Judge statistics from the very sheets the means counted (stageJudgeStatistics). */
  stats: { severity: (JudgeSeverity & { name: string })[]; agreement: GroupAgreement; panels: PanelsAgreement & { names: string[][] } };
  /** Every member of the council with its role, in the council's order. */
  members: MemberInfo[];
  /** Declared conflicts of interest on this stage's entries: the judge and the entry. */
  conflicts: { memberName: string; votingCode: string | null; productName: string; reason: string | null }[];
  /** Sheets not submitted when the stage was closed (judge × entry), and the reason recorded then. */
  missingSheets: { memberName: string; votingCode: string | null; productName: string }[];
  missingReason: string | null;
  /** The council's tie-break votes on this stage, oldest first, with the entries' codes. */
  tieBreakVotes: (Omit<RecordedVote, "lines"> & { lines: (RecordedVote["lines"][number] & { votingCode: string | null })[] })[];
  /** The recognition decision, once recorded. */
  decision: { number: string; signedOn: string; signerName: string; signerTitle: string; issuer: string } | null;
  /** The criterion groups of the round's sheet (I-IV), plus any other group a sheet used. */
  groups: CriterionGroupHead[];
  /** Ranked entries in rank order, then the unranked ones. */
  rows: ReportRow[];
  ignoredSheets: IgnoredSheet[];
  cap: CapSummary;
  chair: MemberInfo | null;
  secretary: MemberInfo | null;
  counts: { entries: number; scored: number; passed: number; recommended: number; recognised: number; notRecognised: number; pending: number };
}

function memberInfo(m: Member): MemberInfo {
  return { id: m.id, fullName: m.fullName, title: m.title, affiliation: m.affiliation, role: m.role, isJudge: m.isJudge };
}

/** Voting codes in natural order, as localeCompare(b, "vi", { numeric: true }) does, built once. */
const codeOrder = new Intl.Collator("vi", { numeric: true });

/** Entries scored in a stage (accepted and later; stage >= n for stage n > 1), with their producer. */
function stageEntries(roundId: number, stage: number, tx: DbOrTx) {
  const rows = tx
    .select({
      entryId: entries.id,
      votingCode: entries.votingCode,
      dossierNo: entries.dossierNo,
      entryStage: entries.stage,
      productName: products.name,
      productGroupId: products.productGroupId,
      productGroupName: productGroups.name,
      producerName: establishments.name,
      unitId: establishments.unitId,
      provinceId: establishments.provinceId,
    })
    .from(entries)
    .innerJoin(products, eq(products.id, entries.productId))
    .innerJoin(productGroups, eq(productGroups.id, products.productGroupId))
    .innerJoin(establishments, eq(establishments.id, entries.establishmentId))
    .where(and(eq(entries.roundId, roundId), inArray(entries.status, [...SCORING_STATUSES])))
    .all()
    .filter((e) => stage === 1 || e.entryStage >= stage);
  return rows.sort((a, b) => codeOrder.compare(a.votingCode ?? "~", b.votingCode ?? "~") || a.entryId - b.entryId);
}

/** Unit names with their kind, for the given units, read in one statement. */
function unitNamer(tx: DbOrTx, ids: readonly (number | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is number => id != null))];
  const cache = new Map<number, { name: string; level: string }>();
  if (wanted.length) {
    const rows = tx
      .select({ id: adminUnits.id, name: adminUnits.name, kind: adminUnits.kind, level: adminUnits.level })
      .from(adminUnits)
      .where(sql`${adminUnits.id} in (select value from json_each(${JSON.stringify(wanted)}))`)
      .all();
    for (const row of rows) cache.set(row.id, { name: `${row.kind} ${row.name}`, level: row.level });
  }
  return (id: number | null) => (id == null ? null : (cache.get(id) ?? null));
}

/** Sheets of a stage for the given entries (drafts too: aggregate.ts sorts out what counts). */
function stageSheets(entryIds: number[], stage: number, tx: DbOrTx) {
  if (!entryIds.length) return [];
  return tx
    .select()
    .from(scoreSheets)
    .where(and(inArray(scoreSheets.entryId, entryIds), eq(scoreSheets.stage, stage)))
    .orderBy(asc(scoreSheets.id))
    .all();
}

function linesBySheet(sheetIds: number[], tx: DbOrTx) {
  const map = new Map<number, { criterionId: number; pointsTenths: number }[]>();
  // SQLite limits bound parameters; chunk the ids.
  for (let i = 0; i < sheetIds.length; i += 500) {
    const chunk = sheetIds.slice(i, i + 500);
    for (const l of tx.select().from(scoreLines).where(inArray(scoreLines.scoreSheetId, chunk)).all()) {
      const list = map.get(l.scoreSheetId);
      if (list) list.push(l);
      else map.set(l.scoreSheetId, [l]);
    }
  }
  return map;
}

function conflictsFor(entryIds: number[], tx: DbOrTx): ConflictInput[] {
  if (!entryIds.length) return [];
  return tx
    .select({ entryId: conflictsOfInterest.entryId, judgeId: conflictsOfInterest.councilMemberId })
    .from(conflictsOfInterest)
    .where(inArray(conflictsOfInterest.entryId, entryIds))
    .all();
}

function verdictsFor(entryIds: number[], tx: DbOrTx) {
  if (!entryIds.length) return new Map<number, typeof councilVerdicts.$inferSelect>();
  return new Map(tx.select().from(councilVerdicts).where(inArray(councilVerdicts.entryId, entryIds)).all().map((v) => [v.entryId, v]));
}

/**
 * A stage's results with everything the exports print. Checks nobody and does not check that the
 * stage is closed: callers do (stageReportFor does both).
 */
export function loadStageReport(roundId: number, stage: number, tx: DbOrTx = db): StageReport {
  const round = loadRound(roundId, tx);
  const body = tx.select({ name: organizingBodies.name }).from(organizingBodies).where(eq(organizingBodies.id, round.bodyId)).get();
  const council = councilOfRound(roundId, tx) ?? null;
  const members = council
    ? tx.select().from(councilMembers).where(eq(councilMembers.councilId, council.id)).orderBy(asc(councilMembers.id)).all()
    : [];
  const list = stageEntries(roundId, stage, tx);
  const ids = list.map((e) => e.entryId);
  const verdicts = verdictsFor(ids, tx);
  // The figures: the scoring module's computation (aggregateStage over the submitted sheets,
  // conflicts and recorded votes), the very one the results page shows.
  const input = stageInput(tx, round, stage);
  const results = computeStage(tx, round, stage, input);
  const critCache = new Map<number, SheetCriteria>();
  for (const sheetId of new Set(stageSheets(ids, stage, tx).map((s) => s.sheetId))) sheetCriteria(sheetId, tx, critCache);

  // Criterion groups: the round's sheet, then any other code a sheet carried.
  const mainSheet = roundSheetId(round, tx);
  const groups: CriterionGroupHead[] = mainSheet
    ? sheetCriteria(mainSheet, tx, critCache).groups.map((g) => ({ code: g.code, name: g.name, maxTenths: g.maxTenths }))
    : [];
  for (const r of results.entries) {
    for (const code of Object.keys(r.groupSumsTenths)) {
      if (!groups.some((g) => g.code === code)) {
        const info = [...critCache.values()].flatMap((c) => c.groups).find((g) => g.code === code);
        groups.push({ code, name: info?.name ?? code, maxTenths: info?.maxTenths ?? 0 });
      }
    }
  }

  const unitName = unitNamer(tx, list.flatMap((e) => [e.unitId, e.provinceId]));
  const byId = new Map(list.map((e) => [e.entryId, e]));
  const prizeOf = new Map((round.prizes ?? []).map((p) => [p.code, p]));
  const rows: ReportRow[] = results.entries.filter((r) => byId.has(r.entryId as number)).map((r) => {
    const e = byId.get(r.entryId as number)!;
    const v = verdicts.get(e.entryId);
    const unit = unitName(e.unitId);
    const prov = unitName(e.provinceId);
    return {
      entryId: e.entryId,
      votingCode: e.votingCode,
      dossierNo: e.dossierNo,
      productName: e.productName,
      productGroupId: e.productGroupId,
      productGroupName: e.productGroupName,
      producerName: e.producerName,
      communeName: unit && unit.level !== "province" ? unit.name : "",
      provinceName: prov?.name ?? "",
      result: r,
      verdict: v
        ? { recognised: v.recognised, votesFor: v.votesFor, votesAgainst: v.votesAgainst, votesAbstain: v.votesAbstain, note: v.note, decidedAt: v.decidedAt }
        : null,
      verdictState: v ? (v.recognised ? "recognised" : "not_recognised") : "pending",
      prize: v?.recognised && v.prizeCode && prizeOf.has(v.prizeCode) ? { code: v.prizeCode, name: prizeOf.get(v.prizeCode)!.name, amountVnd: prizeOf.get(v.prizeCode)!.amountVnd, reason: v.prizeReason } : null,
    };
  });

  const closure = tx
    .select({ closedAt: stageClosures.closedAt, missingSheetsReason: stageClosures.missingSheetsReason })
    .from(stageClosures)
    .where(and(eq(stageClosures.roundId, roundId), eq(stageClosures.stage, stage), isNull(stageClosures.reopenedAt)))
    .get();
  const memberName = new Map(members.map((m) => [m.id, m.fullName]));
  const stats = stageJudgeStatistics(results);
  const nameOf = (id: number) => memberName.get(id) ?? String(id);
  const entryOf = (id: number) => byId.get(id);
  const votes = recordedVotes(roundId, tx).filter((v) => v.stage === stage);
  const decision = tx
    .select({ number: recognitionDecisions.number, signedOn: recognitionDecisions.signedOn, signerName: recognitionDecisions.signerName, signerTitle: recognitionDecisions.signerTitle, issuer: recognitionDecisions.issuer })
    .from(recognitionDecisions)
    .where(eq(recognitionDecisions.roundId, roundId))
    .get();
  const chair = members.find((m) => m.role === "chair");
  const secretary = members.find((m) => m.role === "secretary");
  const scored = rows.filter((r) => r.result.judgesCount > 0);
  return {
    round,
    bodyName: body?.name ?? "",
    placeName: placeOf(round, tx),
    council,
    stage,
    closedAt: closure?.closedAt ?? null,
    settings: results.settings,
    purpose: results.purpose,
    stats: {
      severity: stats.severity.map((j) => ({ ...j, name: memberName.get(Number(j.judgeId)) ?? String(j.judgeId) })),
      agreement: stats.agreement,
      panels: { ...stats.panels, names: stats.panels.panels.map((p) => p.judgeIds.map((j) => nameOf(Number(j)))) },
    },
    members: members.map(memberInfo),
    conflicts: input.conflicts
      .filter((c) => byId.has(c.entryId))
      .map((c) => ({ memberName: nameOf(c.memberId), votingCode: entryOf(c.entryId)!.votingCode, productName: entryOf(c.entryId)!.productName, reason: c.reason }))
      .sort((a, b) => codeOrder.compare(a.votingCode ?? "~", b.votingCode ?? "~")),
    // Sheets are locked once the stage is closed, so what is missing now was missing at closing.
    missingSheets: closure
      ? input.missing
          .filter((m) => byId.has(m.entryId))
          .map((m) => ({ memberName: nameOf(m.memberId), votingCode: entryOf(m.entryId)!.votingCode, productName: entryOf(m.entryId)!.productName }))
          .sort((a, b) => codeOrder.compare(a.votingCode ?? "~", b.votingCode ?? "~"))
      : [],
    missingReason: closure?.missingSheetsReason ?? null,
    tieBreakVotes: votes.map((v) => ({ ...v, lines: v.lines.map((l) => ({ ...l, votingCode: entryOf(l.entryId)?.votingCode ?? null })) })),
    decision: decision ?? null,
    groups,
    rows,
    ignoredSheets: results.ignoredSheets,
    cap: results.cap,
    chair: chair ? memberInfo(chair) : null,
    secretary: secretary ? memberInfo(secretary) : null,
    counts: {
      entries: rows.length,
      scored: scored.length,
      passed: rows.filter((r) => r.result.passed).length,
      recommended: rows.filter((r) => r.result.recommended).length,
      recognised: rows.filter((r) => r.verdictState === "recognised").length,
      notRecognised: rows.filter((r) => r.verdictState === "not_recognised").length,
      pending: rows.filter((r) => r.verdictState === "pending").length,
    },
  };
}

/**
 * The stage report for a person who asked for the results or the minutes: authorized (chair or
 * managing organizer), a valid `vong`, a closed stage (409 otherwise).
 */
export function stageReportFor(p: Principal, roundId: number, stageParam: string | null): StageReport {
  const round = authorizeRoundReports(p, roundId);
  const stage = parseStage(stageParam, round);
  requireClosedStage(round.id, stage);
  return loadStageReport(round.id, stage);
}

/* ------------------------------------------------------------------ */
/* One judge's score sheets                                            */
/* ------------------------------------------------------------------ */

export interface SheetRow {
  code: string;
  name: string;
  maxTenths: number;
  /** 0 = criterion group, 1 = sub-criterion. */
  level: 0 | 1;
  /** Points given; null when this row is not scored on this sheet (sub-criteria of a group-only sheet). */
  pointsTenths: number | null;
}

export interface PrintedSheet {
  sheetId: number;
  entryId: number;
  votingCode: string | null;
  productName: string;
  productGroupName: string;
  sheetName: string;
  scoreSubCriteria: boolean;
  rows: SheetRow[];
  maxTotalTenths: number;
  totalTenths: number;
  comment: string;
  submittedAt: Date | null;
  /** True when the sheet did not count (a declared conflict of interest). */
  notCounted: boolean;
}

export interface JudgeSheetsReport {
  round: Round;
  bodyName: string;
  placeName: string | null;
  council: Council;
  stage: number;
  member: MemberInfo;
  sheets: PrintedSheet[];
}

/**
 * A judge's submitted score sheets of a stage, as printed. The judge itself may have them at any
 * time; the managing organizer and the chair once the stage is closed. A judge asking for another
 * member's sheets gets 404, like an id that does not exist.
 */
export function judgeSheetsFor(p: Principal, roundId: number, memberId: number, stageParam: string | null): JudgeSheetsReport {
  const own = p.councils.some((c) => c.roundId === roundId && c.memberId === memberId);
  let round: Round;
  if (own) {
    round = loadRound(roundId);
  } else if (canChairRound(p, roundId)) {
    round = loadRound(roundId);
  } else if (p.staff.length) {
    round = getRoundForOrganizer(p, roundId, { manage: true }).round;
  } else if (p.councils.some((c) => c.roundId === roundId)) {
    notFound("Không tìm thấy phiếu chấm này.");
  } else {
    forbidden("Chỉ giám khảo, cơ quan tổ chức kỳ bình chọn và Chủ tịch Hội đồng được xem phiếu chấm điểm.");
  }
  const council = councilOfRound(round.id);
  const member = council
    ? db.select().from(councilMembers).where(and(eq(councilMembers.id, memberId), eq(councilMembers.councilId, council.id))).get()
    : undefined;
  if (!council || !member) notFound("Không tìm thấy thành viên này trong Hội đồng của kỳ bình chọn.");
  const stage = parseStage(stageParam, round);
  if (!own) requireClosedStage(round.id, stage);
  return loadJudgeSheets(round, council, member, stage);
}

function loadJudgeSheets(round: Round, council: Council, member: Member, stage: number, tx: DbOrTx = db): JudgeSheetsReport {
  const body = tx.select({ name: organizingBodies.name }).from(organizingBodies).where(eq(organizingBodies.id, round.bodyId)).get();
  const list = stageEntries(round.id, stage, tx);
  const byEntry = new Map(list.map((e) => [e.entryId, e]));
  const sheets = tx
    .select()
    .from(scoreSheets)
    .where(and(eq(scoreSheets.councilMemberId, member.id), eq(scoreSheets.stage, stage), eq(scoreSheets.status, "submitted")))
    .all()
    .filter((s) => byEntry.has(s.entryId));
  const lines = linesBySheet(sheets.map((s) => s.id), tx);
  const critCache = new Map<number, SheetCriteria>();
  const ids = [...new Set(sheets.map((s) => s.entryId))];
  // Which of these sheets count, decided by the same rule as the results.
  const inputs: SheetInput[] = sheets.map((s) => ({
    entryId: s.entryId,
    judgeId: s.councilMemberId,
    status: s.status,
    groupPoints: groupPoints(sheetCriteria(s.sheetId, tx, critCache), lines.get(s.id) ?? []),
  }));
  const counted = countedSheets(
    ids.map((id) => ({ entryId: id, productGroupId: byEntry.get(id)!.productGroupId, eligible: true })),
    inputs,
    conflictsFor(ids, tx).filter((c) => c.judgeId === member.id),
  );
  const notCounted = new Set(counted.ignored.map((i) => i.entryId));

  const printed: PrintedSheet[] = sheets.map((s, i) => {
    const e = byEntry.get(s.entryId)!;
    const crit = sheetCriteria(s.sheetId, tx, critCache);
    const points = new Map((lines.get(s.id) ?? []).map((l) => [l.criterionId, l.pointsTenths]));
    const groupPoints = inputs[i]!.groupPoints;
    const rows: SheetRow[] = [];
    for (const g of crit.groups) {
      rows.push({ code: g.code, name: g.name, maxTenths: g.maxTenths, level: 0, pointsTenths: groupPoints[g.code] ?? null });
      for (const c of g.children) {
        rows.push({
          code: c.code,
          name: c.name,
          maxTenths: c.maxTenths,
          level: 1,
          pointsTenths: crit.scoreSubCriteria ? (points.get(c.id) ?? null) : null,
        });
      }
    }
    return {
      sheetId: s.id,
      entryId: s.entryId,
      votingCode: e.votingCode,
      productName: e.productName,
      productGroupName: e.productGroupName,
      sheetName: crit.name,
      scoreSubCriteria: crit.scoreSubCriteria,
      rows,
      maxTotalTenths: crit.groups.reduce((a, g) => a + g.maxTenths, 0),
      totalTenths: sheetTotalTenths(inputs[i]!),
      comment: s.comment,
      submittedAt: s.submittedAt,
      notCounted: notCounted.has(s.entryId),
    };
  });
  printed.sort((a, b) => codeOrder.compare(a.votingCode ?? "~", b.votingCode ?? "~") || a.entryId - b.entryId);
  return { round, bodyName: body?.name ?? "", placeName: placeOf(round, tx), council, stage, member: memberInfo(member), sheets: printed };
}
