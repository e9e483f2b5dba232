/**
 * Judging: score sheets (draft, submit, reopen), blindness until a stage is closed, closing a
 * stage, results from submitted sheets only (aggregate.ts), the council's decisions, the
 * recognition decision record, and publishing. Every use case checks the principal, runs in one
 * transaction and writes its audit row there.
 */
import { and, asc, eq, inArray, isNull, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import {
  complaints,
  conflictsOfInterest,
  councilMembers,
  councils,
  councilVerdicts,
  criteria,
  criteriaSheets,
  entries,
  entryEvents,
  establishmentMembers,
  mailOutbox,
  notifications,
  productGroups,
  products,
  recognitionDecisions,
  results,
  rounds,
  roundSheets,
  scoreLines,
  scoreSheets,
  stageClosures,
  tieBreakVoteLines,
  tieBreakVotes,
  users,
} from "~db/schema";
import { formatDate, todayInVietnam } from "~/lib/dates";
import { db, type DbOrTx, type Tx } from "~/lib/db.server";
import { forbidden, notFound } from "~/lib/http.server";
import { env } from "~/lib/env.server";
import { deliverMail } from "~/lib/mail.server";
import { canChairRound, canManageRound, canOverseeRound, type Principal } from "~/lib/permissions";
import { audit } from "~/modules/audit/audit.server";
import { isAssigned, roundAssignment, scoringEntries } from "~/modules/councils/councils.server";
import { dossierView } from "~/modules/entries/entries.server";
import { notifyUsers, type Notice } from "~/modules/notify/notify.server";
import { roundScope } from "~/modules/rounds/rounds.server";
import { aggregateStage, VOTE_KEY, type Id, type StageResults, type VoteInput } from "./aggregate";
import { ICC_MEANING, OUTLIER_TEXT, SEVERITY_MEANING, stageJudgeStatistics, stageOutliers, TOTAL_KEY } from "./agreement";
import { formatPassMark, outcomeLabel, tieBreakText } from "~/modules/reports/reports";
import { groupTotals, parseSheetInput, scoredCriteria, type CriterionDef } from "./scoring";
import { rankDepartures, voteGroupsOf } from "./tiebreak";
import { publishPrizeProblem } from "~/modules/prizes/prizes.server";
import { PairSet } from "~/lib/pair-map";

export class ScoringError extends Error {
  constructor(
    message: string,
    public status = 400,
    public field = "_form",
    public fieldErrors?: Record<string, string>,
  ) {
    super(message);
  }
}

type Round = typeof rounds.$inferSelect;

export function loadRound(tx: DbOrTx, roundId: number): Round {
  const r = tx.select().from(rounds).where(eq(rounds.id, roundId)).get();
  if (!r) notFound("Không tìm thấy kỳ bình chọn này.");
  return r;
}

/** The principal's judging seat on this round's council; 403 otherwise. */
function requireJudge(p: Principal, roundId: number) {
  const seat = p.councils.find((c) => c.roundId === roundId && c.isJudge);
  if (!seat) forbidden("Bạn không phải giám khảo của kỳ bình chọn này.");
  return seat;
}

/** Chair of the council or the organizer managing the round. */
export function requireChairOrOrganizer(p: Principal, round: Round) {
  const scope = roundScope(round);
  if (canChairRound(p, round.id) || canManageRound(p, scope)) return;
  if (canOverseeRound(p, scope)) forbidden("Chỉ cơ quan tổ chức kỳ bình chọn hoặc Chủ tịch Hội đồng được thực hiện.");
  if (p.councils.some((c) => c.roundId === round.id)) forbidden("Chỉ Chủ tịch Hội đồng hoặc cơ quan tổ chức được thực hiện.");
  notFound("Không tìm thấy kỳ bình chọn này.");
}

function requireOrganizer(p: Principal, round: Round) {
  const scope = roundScope(round);
  if (canManageRound(p, scope)) return;
  if (canOverseeRound(p, scope) || p.councils.some((c) => c.roundId === round.id)) forbidden("Chỉ cơ quan tổ chức kỳ bình chọn được thực hiện.");
  notFound("Không tìm thấy kỳ bình chọn này.");
}

export function isStageClosed(roundId: number, stage: number, tx: DbOrTx = db): boolean {
  return !!tx
    .select()
    .from(stageClosures)
    .where(and(eq(stageClosures.roundId, roundId), eq(stageClosures.stage, stage), isNull(stageClosures.reopenedAt)))
    .get();
}

/** The stage being scored: 1, or 2 once stage 1 of a two-stage round is closed. */
export function currentStage(round: Round, tx: DbOrTx = db): number {
  return round.scoringStages === 2 && isStageClosed(round.id, 1, tx) ? 2 : 1;
}

function sheetCriteria(tx: DbOrTx, round: Round, productGroupId: number) {
  // A per-product-group sheet of the round (sub-criteria splits), else the round's, else the official one.
  const override = tx
    .select({ id: roundSheets.sheetId })
    .from(roundSheets)
    .where(and(eq(roundSheets.roundId, round.id), eq(roundSheets.productGroupId, productGroupId)))
    .get();
  const sheetId =
    override?.id ?? round.criteriaSheetId ?? tx.select({ id: criteriaSheets.id }).from(criteriaSheets).where(eq(criteriaSheets.isOfficial, true)).get()!.id;
  const sheet = tx.select().from(criteriaSheets).where(eq(criteriaSheets.id, sheetId)).get()!;
  const all: CriterionDef[] = tx
    .select({ id: criteria.id, code: criteria.code, name: criteria.name, maxTenths: criteria.maxTenths, parentId: criteria.parentId })
    .from(criteria)
    .where(eq(criteria.sheetId, sheetId))
    .orderBy(asc(criteria.position))
    .all();
  // Groups first, each followed by its sub-criteria.
  const ordered = all.filter((c) => c.parentId == null).flatMap((g) => [g, ...all.filter((c) => c.parentId === g.id)]);
  return { sheet, all: ordered, scored: scoredCriteria(ordered, sheet.scoreSubCriteria) };
}

/* ------------------------------------------------------------------ */
/* The judge's side                                                    */
/* ------------------------------------------------------------------ */

/** The entries this judge scores in the current stage, with its own sheets only. */
export function judgeRound(p: Principal, roundId: number) {
  const seat = requireJudge(p, roundId);
  const round = loadRound(db, roundId);
  const stage = currentStage(round);
  const { plan, entries: list, conflicts } = roundAssignment(roundId, stage);
  const mine = db
    .select({ entryId: scoreSheets.entryId, status: scoreSheets.status, totalTenths: scoreSheets.totalTenths, updatedAt: scoreSheets.updatedAt })
    .from(scoreSheets)
    .where(and(eq(scoreSheets.councilMemberId, seat.memberId), eq(scoreSheets.stage, stage)))
    .all();
  const council = db.select().from(councils).where(eq(councils.id, seat.councilId)).get()!;
  const planOf = new Map(plan.entries.map((x) => [x.entryId, x]));
  const conflicted = new Set(conflicts.filter((c) => c.memberId === seat.memberId).map((c) => c.entryId));
  const sheetOf = new Map<number, (typeof mine)[number]>();
  for (const m of mine) if (!sheetOf.has(m.entryId)) sheetOf.set(m.entryId, m);
  const items = list
    .map((e) => {
      const assigned = planOf.get(e.entryId)?.judges.includes(seat.memberId) ?? false;
      const conflict = conflicted.has(e.entryId);
      const sheet = sheetOf.get(e.entryId);
      return { ...e, assigned, conflict, sheetStatus: sheet?.status ?? null, totalTenths: sheet?.totalTenths ?? null };
    })
    .filter((x) => x.assigned || x.conflict);
  return {
    round: { id: round.id, title: round.title, status: round.status, scoringStages: round.scoringStages },
    councilName: council.name,
    role: seat.role,
    stage,
    closed: isStageClosed(roundId, stage),
    items,
  };
}

/** One entry's sheet for the judge: the dossier, the criteria, and its own sheet (never others'). */
export function judgeSheet(p: Principal, roundId: number, entryId: number) {
  const seat = requireJudge(p, roundId);
  const round = loadRound(db, roundId);
  const stage = currentStage(round);
  const entry = db.select().from(entries).where(and(eq(entries.id, entryId), eq(entries.roundId, roundId))).get();
  if (!entry) notFound("Không tìm thấy sản phẩm này trong kỳ bình chọn.");
  const conflict = db
    .select()
    .from(conflictsOfInterest)
    .where(and(eq(conflictsOfInterest.entryId, entryId), eq(conflictsOfInterest.councilMemberId, seat.memberId)))
    .get();
  if (conflict) forbidden("Bạn đã khai xung đột lợi ích với sản phẩm này nên không chấm sản phẩm này.");
  if (!isAssigned(seat.memberId, entryId, stage)) forbidden("Sản phẩm này không được phân công cho bạn chấm.");
  const product = db.select().from(products).where(eq(products.id, entry.productId)).get()!;
  const group = db.select().from(productGroups).where(eq(productGroups.id, product.productGroupId)).get()!;
  const member = db.select().from(councilMembers).where(eq(councilMembers.id, seat.memberId)).get()!;
  const council = db.select().from(councils).where(eq(councils.id, seat.councilId)).get()!;
  const { sheet: criteriaSheet, all, scored } = sheetCriteria(db, round, product.productGroupId);
  const own = db
    .select()
    .from(scoreSheets)
    .where(and(eq(scoreSheets.entryId, entryId), eq(scoreSheets.councilMemberId, seat.memberId), eq(scoreSheets.stage, stage)))
    .get();
  const lines = own ? db.select().from(scoreLines).where(eq(scoreLines.scoreSheetId, own.id)).all() : [];
  const view = dossierView(entry, p);
  // A sheet reopened after a complaint on a published round may be scored again (complaints/).
  const rescoring = round.status === "published" && !!own && reopenedForComplaint(db, own);
  return {
    round: { id: round.id, title: round.title },
    councilName: council.name,
    judge: { name: member.fullName, title: member.title },
    stage,
    closed: isStageClosed(roundId, stage) && !rescoring,
    rescoring,
    entry: { id: entry.id, votingCode: entry.votingCode, productName: product.name, group: group.name, isSet: product.isSet, description: product.description },
    criteriaSheet: { id: criteriaSheet.id, name: criteriaSheet.name, scoreSubCriteria: criteriaSheet.scoreSubCriteria },
    criteria: all,
    scored: scored.map((c) => c.id),
    sheet: own ? { id: own.id, status: own.status, comment: own.comment, totalTenths: own.totalTenths, version: own.version, submittedAt: own.submittedAt, updatedAt: own.updatedAt } : null,
    points: Object.fromEntries(lines.map((l) => [l.criterionId, l.pointsTenths])) as Record<number, number>,
    documents: view.slots.flatMap((s) => s.current.map((f) => ({ ...f, slotName: s.name }))),
  };
}

export interface SheetSave {
  fields: Record<string, string | undefined>;
  comment: string;
  submit: boolean;
  claimedTotal?: string | null;
  expectedVersion?: number;
}

/**
 * Saves the judge's sheet as a draft, or submits it (locks). A submitted sheet cannot be changed
 * by any request; submitting the same points again (double click, retry) is a no-op.
 */
export function saveSheet(p: Principal, roundId: number, entryId: number, input: SheetSave): { status: "draft" | "submitted"; totalTenths: number; version: number } {
  return db.transaction(
    (tx) => {
      const view = judgeSheet(p, roundId, entryId); // checks judge, assignment, conflict
      const seat = requireJudge(p, roundId);
      if (view.closed) throw new ScoringError("Vòng chấm đã khóa, không thể sửa phiếu.", 409);
      const round = loadRound(tx, roundId);
      if (round.status !== "scoring" && !(round.status === "published" && view.rescoring)) throw new ScoringError("Kỳ bình chọn không ở giai đoạn chấm điểm.", 409);
      const scored = view.criteria.filter((c) => view.scored.includes(c.id));
      const parsed = parseSheetInput(input.fields, scored, { submit: input.submit, claimedTotal: input.claimedTotal });
      const comment = input.comment.normalize("NFC").trim().slice(0, 5000);
      const existing = tx
        .select()
        .from(scoreSheets)
        .where(and(eq(scoreSheets.entryId, entryId), eq(scoreSheets.councilMemberId, seat.memberId), eq(scoreSheets.stage, view.stage)))
        .get();
      if (existing?.status === "submitted") {
        const lines = tx.select().from(scoreLines).where(eq(scoreLines.scoreSheetId, existing.id)).all();
        const same =
          input.submit &&
          !Object.keys(parsed.errors).length &&
          lines.length === scored.length &&
          lines.every((l) => parsed.points[l.criterionId] === l.pointsTenths);
        if (same) return { status: "submitted" as const, totalTenths: existing.totalTenths, version: existing.version };
        throw new ScoringError("Phiếu đã nộp nên không thể sửa. Nếu cần sửa, đề nghị Chủ tịch Hội đồng mở lại phiếu.", 409);
      }
      if (Object.keys(parsed.errors).length) {
        throw new ScoringError(input.submit ? "Phiếu chưa hợp lệ, chưa thể nộp." : "Có điểm chưa hợp lệ.", 400, Object.keys(parsed.errors)[0]!, parsed.errors);
      }
      if (existing && input.expectedVersion != null && existing.version !== input.expectedVersion) {
        throw new ScoringError("Phiếu vừa được lưu ở nơi khác (có thể trên thiết bị khác). Tải lại trang để xem bản mới nhất.", 409);
      }
      const now = new Date();
      const status = input.submit ? ("submitted" as const) : ("draft" as const);
      let sheetId: number;
      let version: number;
      if (existing) {
        sheetId = existing.id;
        version = existing.version + 1;
        tx.update(scoreSheets)
          .set({ status, totalTenths: parsed.totalTenths, comment, version, updatedAt: now, submittedAt: input.submit ? now : null })
          .where(and(eq(scoreSheets.id, existing.id), eq(scoreSheets.version, existing.version)))
          .run();
        tx.delete(scoreLines).where(eq(scoreLines.scoreSheetId, existing.id)).run();
      } else {
        version = 1;
        sheetId = tx
          .insert(scoreSheets)
          .values({ entryId, councilMemberId: seat.memberId, stage: view.stage, sheetId: view.criteriaSheet.id, status, totalTenths: parsed.totalTenths, comment, submittedAt: input.submit ? now : null })
          .returning({ id: scoreSheets.id })
          .get().id;
      }
      for (const [criterionId, pts] of Object.entries(parsed.points)) {
        if (pts != null) tx.insert(scoreLines).values({ scoreSheetId: sheetId, criterionId: Number(criterionId), pointsTenths: pts }).run();
      }
      if (input.submit) {
        audit(tx, { actorUserId: p.userId, action: "sheet.submit", objectType: "score_sheet", objectId: sheetId, data: { entryId, stage: view.stage, totalTenths: parsed.totalTenths } });
      }
      return { status, totalTenths: parsed.totalTenths, version };
    },
    { behavior: "immediate" },
  );
}

/* ------------------------------------------------------------------ */
/* Closing a stage and results                                         */
/* ------------------------------------------------------------------ */

/** `column IN (the given ids)` with one bound parameter, whatever the number of ids. */
function inIds(column: SQLWrapper, ids: readonly number[]): SQL {
  return sql`${column} in (select value from json_each(${JSON.stringify(ids)}))`;
}

/**
 * Inserts many rows with ONE statement, whatever their number: the rows travel as one JSON
 * parameter (arrays of values in the order of `columns`, in their stored form: booleans 0/1,
 * times in milliseconds, JSON columns as text) and SQLite unpacks them with json_each. Columns
 * not named take their SQL defaults. `tail` may add an ON CONFLICT clause or RETURNING.
 */
function insertRows(table: SQLiteTable, columns: SQLiteColumn[], rows: unknown[][], tail: SQL = sql``): SQL {
  return sql`insert into ${table} (${sql.join(
    columns.map((c) => sql.identifier(c.name)),
    sql`, `,
  )}) select ${sql.join(
    columns.map((_, i) => sql.raw(`value ->> ${i}`)),
    sql`, `,
  )} from json_each(${JSON.stringify(rows)}) where true ${tail}`;
}

/** `on conflict (target) do update set c = excluded.c` for the given columns. */
function upsertTail(target: SQLiteColumn[], update: SQLiteColumn[]): SQL {
  return sql`on conflict (${sql.join(
    target.map((c) => sql.identifier(c.name)),
    sql`, `,
  )}) do update set ${sql.join(
    update.map((c) => sql`${sql.identifier(c.name)} = excluded.${sql.identifier(c.name)}`),
    sql`, `,
  )}`;
}

const bit = (b: boolean) => (b ? 1 : 0);

export type StageInput = ReturnType<typeof stageInput>;

/**
 * Each criterion's group (itself when top-level, else its parent) as an index into the group codes,
 * in the order groupTotals gives them (the groups' lowest criterion id first).
 */
function criterionGroups(crit: readonly CriterionDef[]): { codes: string[]; indexOf: Map<number, number> } {
  const byId = new Map(crit.map((c) => [c.id, c]));
  const sorted = [...crit].sort((a, b) => a.id - b.id);
  const codes: string[] = [];
  const groupIndex = new Map<number, number>();
  const indexOf = new Map<number, number>();
  for (const c of sorted) {
    const group = c.parentId == null ? c : byId.get(c.parentId);
    if (!group) continue;
    let i = groupIndex.get(group.id);
    if (i === undefined) {
      groupIndex.set(group.id, (i = codes.length));
      codes.push(group.code);
    }
    indexOf.set(c.id, i);
  }
  return { codes, indexOf };
}

/** A sheet's group totals as groupTotals returns them (only groups with points). */
function groupRecord(codes: readonly string[], row: readonly (number | undefined)[] | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  if (row) for (let i = 0; i < codes.length; i++) if (row[i] !== undefined) out[codes[i]!] = row[i]!;
  return out;
}

/**
 * Everything a stage's results are computed from, read with a fixed number of statements (the
 * assignment, the stage's sheets, their lines and the criteria they use) and assembled in linear
 * time. Callers that need it twice in one request pass it on instead of reading it again.
 */
export function stageInput(tx: DbOrTx, round: Round, stage: number) {
  const { list, conflicts, sheets, missing } = stageSheets(tx, round, stage);
  // The lines stay plain value arrays and are summed per criterion group in one pass: at a
  // national round's size (100,000+ lines) an object per line, a points map per sheet and a
  // criteria map per sheet made most of the request's garbage, and the 600-entry round cost
  // more than twice the 300-entry one.
  const lines = sheets.length
    ? (tx
        .select({ sheetId: scoreLines.scoreSheetId, criterionId: scoreLines.criterionId, points: scoreLines.pointsTenths })
        .from(scoreLines)
        .innerJoin(scoreSheets, eq(scoreSheets.id, scoreLines.scoreSheetId))
        .innerJoin(entries, eq(entries.id, scoreSheets.entryId))
        .where(and(eq(entries.roundId, round.id), eq(scoreSheets.stage, stage)))
        .values() as [number, number, number | null][])
    : [];
  // The criteria of the sheets these lines use (a sub-criterion's group is on the same sheet).
  const used = new Set<number>();
  for (const l of lines) used.add(l[1]);
  const crit = used.size
    ? tx
        .select({ id: criteria.id, code: criteria.code, name: criteria.name, maxTenths: criteria.maxTenths, parentId: criteria.parentId })
        .from(criteria)
        .where(sql`${criteria.sheetId} in (select ${criteria.sheetId} from ${criteria} where ${inIds(criteria.id, [...used])})`)
        .all()
    : [];
  const groups = criterionGroups(crit);
  const sums = new Map<number, (number | undefined)[]>();
  for (const [sheetId, criterionId, points] of lines) {
    if (points == null) continue;
    const g = groups.indexOf.get(criterionId);
    if (g === undefined) continue;
    let row = sums.get(sheetId);
    if (!row) sums.set(sheetId, (row = new Array<number | undefined>(groups.codes.length)));
    row[g] = (row[g] ?? 0) + points;
  }
  const withPoints = sheets.map((s) => ({
    entryId: s.entryId,
    judgeId: s.judgeId,
    status: s.status,
    groupPoints: groupRecord(groups.codes, sums.get(s.id)),
  }));
  return { list, conflicts, sheets: withPoints, rows: sheets, missing };
}

/**
 * A stage's entries, conflicts and sheets (without their points), and who has not submitted on
 * which entry: what the pages before closing need, without reading the score lines.
 */
export function stageSheets(tx: DbOrTx, round: Round, stage: number) {
  const { plan, entries: list, conflicts } = roundAssignment(round.id, stage, tx);
  // Thousands of rows: read as plain value arrays (no per-row mapping by the query builder).
  const sheets = (
    tx
      .select({ id: scoreSheets.id, entryId: scoreSheets.entryId, judgeId: scoreSheets.councilMemberId, status: scoreSheets.status, totalTenths: scoreSheets.totalTenths })
      .from(scoreSheets)
      .innerJoin(entries, eq(entries.id, scoreSheets.entryId))
      .where(and(eq(entries.roundId, round.id), eq(scoreSheets.stage, stage)))
      .values() as [number, number, number, "draft" | "submitted", number][]
  ).map(([id, entryId, judgeId, status, totalTenths]) => ({ id, entryId, judgeId, status, totalTenths }));
  const submitted = new PairSet<number>();
  for (const s of sheets) if (s.status === "submitted") submitted.add(s.entryId, s.judgeId);
  const missing = plan.entries.flatMap((e) => e.judges.filter((j) => !submitted.has(e.entryId, j)).map((j) => ({ entryId: e.entryId, memberId: j })));
  return { list, conflicts, sheets, missing };
}

/**
 * The council's tie-break ballots of a stage (tiebreak.server.ts): per entry, the votes of the
 * latest recorded vote that included it. The recognition vote of a verdict ("tán thành") is a
 * different act and never breaks a tie.
 */
export function tieBreakBallots(tx: DbOrTx, roundId: number, stage: number): VoteInput[] {
  const rows = tx.all<{ entryId: number; votesFor: number }>(
    sql`select l.entry_id as entryId, l.votes_for as votesFor from ${tieBreakVoteLines} l join ${tieBreakVotes} v on v.id = l.vote_id
        where v.round_id = ${roundId} and v.stage = ${stage} order by v.id`,
  );
  const latest = new Map<number, number>();
  for (const r of rows) latest.set(r.entryId, r.votesFor);
  return [...latest].map(([entryId, votes]) => ({ entryId, votes }));
}

export function computeStage(
  tx: DbOrTx,
  round: Round,
  stage: number,
  input: StageInput = stageInput(tx, round, stage),
  votes: readonly VoteInput[] = tieBreakBallots(tx, round.id, stage),
): StageResults {
  const { list, conflicts, sheets } = input;
  return aggregateStage({
    // Stage 1 of a two-stage round only shortlists: no cap, no recommendation.
    purpose: stage < round.scoringStages ? "shortlist" : "decide",
    settings: {
      passMarkTenths: round.passMarkTenths,
      recognitionCap: round.recognitionCap,
      tieBreak: round.tieBreak,
      discrepancyToleranceTenths: round.discrepancyToleranceTenths,
      minJudges: round.minJudgesPerEntry,
    },
    entries: list.map((e) => ({ entryId: e.entryId, productGroupId: e.productGroupId, eligible: true })),
    sheets,
    conflicts: conflicts.map((c) => ({ entryId: c.entryId, judgeId: c.memberId })),
    votes,
  });
}

/** The stage's results as a snapshot, every entry in one upsert. */
export function storeResults(tx: Tx, stage: number, r: StageResults) {
  if (!r.entries.length) return;
  const now = Date.now();
  const cols = [
    results.entryId,
    results.stage,
    results.judgesCount,
    results.sumTenths,
    results.groupSumsTenths,
    results.minTenths,
    results.maxTenths,
    results.discrepancy,
    results.passed,
    results.rank,
    results.rankInGroup,
    results.tieRule,
    results.recommended,
    results.computedAt,
  ];
  const rows = r.entries.map((e) => [
    Number(e.entryId),
    stage,
    e.judgesCount,
    e.sumTenths,
    JSON.stringify(e.groupSumsTenths),
    e.minTenths ?? 0,
    e.maxTenths ?? 0,
    bit(e.discrepancy),
    bit(e.passed),
    e.rank,
    e.rankInGroup,
    e.tie?.text ?? null,
    bit(e.recommended),
    now,
  ]);
  tx.run(insertRows(results, cols, rows, upsertTail([results.entryId, results.stage], cols.slice(2))));
}

/** Timeline events for many entries in one statement. */
function insertEvents(tx: Tx, events: { entryId: number; type: string; fromStatus: string; toStatus: string; actorUserId: string; message: string }[]) {
  if (!events.length) return;
  tx.run(
    insertRows(
      entryEvents,
      [entryEvents.entryId, entryEvents.type, entryEvents.fromStatus, entryEvents.toStatus, entryEvents.actorUserId, entryEvents.message],
      events.map((e) => [e.entryId, e.type, e.fromStatus, e.toStatus, e.actorUserId, e.message]),
    ),
  );
}

/** What closing a stage would leave missing (who has not submitted on which entry). */
export function stageStatus(p: Principal, roundId: number) {
  const round = loadRound(db, roundId);
  requireChairOrOrganizer(p, round);
  const stage = currentStage(round);
  const { missing, list } = stageSheets(db, round, stage);
  return { round, stage, closed: isStageClosed(roundId, stage), missing, entries: list.length };
}

/**
 * Closes the current stage. Refused while sheets are missing unless a reason is recorded. In a
 * two-stage round, closing stage 1 shortlists the passing entries into stage 2; closing the
 * deciding stage marks the entries scored and moves the round to results review.
 */
export function closeStage(p: Principal, roundId: number, reason: string) {
  return db.transaction(
    (tx) => {
      const round = loadRound(tx, roundId);
      requireChairOrOrganizer(p, round);
      if (round.status !== "scoring") throw new ScoringError("Kỳ bình chọn không ở giai đoạn chấm điểm.", 409);
      const stage = currentStage(round, tx);
      if (isStageClosed(roundId, stage, tx)) throw new ScoringError("Vòng chấm này đã khóa.", 409);
      const input = stageInput(tx, round, stage);
      const { missing } = input;
      const why = reason.normalize("NFC").trim();
      if (missing.length && !why) {
        throw new ScoringError(`Còn ${missing.length} phiếu chưa nộp. Ghi rõ lý do nếu vẫn khóa vòng chấm.`, 409, "reason");
      }
      tx.insert(stageClosures)
        .values({ roundId, stage, closedBy: p.userId, missingSheetsReason: missing.length ? why : null, closedAt: new Date() })
        .onConflictDoUpdate({ target: [stageClosures.roundId, stageClosures.stage], set: { closedBy: p.userId, missingSheetsReason: missing.length ? why : null, closedAt: new Date(), reopenedAt: null } })
        .run();
      const r = computeStage(tx, round, stage, input);
      storeResults(tx, stage, r);
      const deciding = stage === round.scoringStages;
      if (!deciding) {
        const passed = r.entries.filter((e) => e.passed).map((e) => Number(e.entryId));
        if (passed.length) tx.update(entries).set({ stage: 2 }).where(inIds(entries.id, passed)).run();
      } else {
        // Every entry scored in any stage is now scored (in a two-stage round, those left out of
        // the shortlist too: they were scored in stage 1).
        const scoredNow = new Set(r.entries.filter((e) => e.judgesCount > 0).map((e) => Number(e.entryId)));
        if (stage > 1) for (const e of computeStage(tx, round, 1).entries) if (e.judgesCount > 0) scoredNow.add(Number(e.entryId));
        const scored = [...scoredNow];
        // One statement for all of them: accepted entries become scored (others are left as they are).
        const moved = scored.length
          ? tx
              .update(entries)
              .set({ status: "scored", version: sql`${entries.version} + 1`, updatedAt: new Date() })
              .where(and(inIds(entries.id, scored), eq(entries.status, "accepted")))
              .returning({ id: entries.id })
              .all()
          : [];
        const movedIds = new Set(moved.map((m) => m.id));
        const events = scored
          .filter((id) => movedIds.has(id))
          .map((id) => ({ entryId: id, type: "scored", fromStatus: "accepted" as const, toStatus: "scored" as const, actorUserId: p.userId, message: "Hội đồng đã chấm điểm xong." }));
        insertEvents(tx, events);
        tx.update(rounds).set({ status: "results_review", version: round.version + 1, updatedAt: new Date() }).where(eq(rounds.id, roundId)).run();
      }
      audit(tx, { actorUserId: p.userId, action: "stage.close", objectType: "round", objectId: roundId, data: { stage, missing: missing.length, reason: why || null } });
      return { stage, missing: missing.length };
    },
    { behavior: "immediate" },
  );
}

/** Reopens one judge's submitted sheet (reason required, audited); reopens its stage if closed. */
export function reopenSheet(p: Principal, roundId: number, sheetId: number, reason: string) {
  const why = reason.normalize("NFC").trim();
  if (!why) throw new ScoringError("Vui lòng ghi lý do mở lại phiếu.", 400, "reason");
  const mails = db.transaction((tx) => {
    const round = loadRound(tx, roundId);
    requireChairOrOrganizer(p, round);
    const sheet = tx
      .select({ s: scoreSheets, roundId: entries.roundId })
      .from(scoreSheets)
      .innerJoin(entries, eq(entries.id, scoreSheets.entryId))
      .where(eq(scoreSheets.id, sheetId))
      .get();
    if (!sheet || sheet.roundId !== roundId) notFound("Không tìm thấy phiếu chấm này.");
    if (sheet.s.status !== "submitted") throw new ScoringError("Phiếu chưa nộp, không cần mở lại.", 409);
    if (round.status !== "scoring" && round.status !== "results_review") throw new ScoringError("Kết quả đã công bố, không thể mở lại phiếu.", 409);
    tx.update(scoreSheets).set({ status: "draft", reopenedAt: new Date(), reopenReason: why, version: sheet.s.version + 1, updatedAt: new Date() }).where(eq(scoreSheets.id, sheetId)).run();
    tx.update(stageClosures).set({ reopenedAt: new Date() }).where(and(eq(stageClosures.roundId, roundId), eq(stageClosures.stage, sheet.s.stage), isNull(stageClosures.reopenedAt))).run();
    if (round.status === "results_review") tx.update(rounds).set({ status: "scoring", version: round.version + 1 }).where(eq(rounds.id, roundId)).run();
    audit(tx, { actorUserId: p.userId, action: "sheet.reopen", objectType: "score_sheet", objectId: sheetId, data: { reason: why } });
    // The judge hears of it in the inbox (and by email), with the reason and the way to the sheet.
    const judge = tx
      .select({ userId: councilMembers.userId, votingCode: entries.votingCode, productName: products.name })
      .from(councilMembers)
      .innerJoin(entries, eq(entries.id, sheet.s.entryId))
      .innerJoin(products, eq(products.id, entries.productId))
      .where(eq(councilMembers.id, sheet.s.councilMemberId))
      .get();
    if (!judge?.userId) return [] as number[];
    return notifyUsers(tx, [judge.userId], {
      kind: "judge.sheet_reopened",
      title: `Phiếu chấm ${judge.votingCode ?? ""} được mở lại`.replace(/\s+/g, " "),
      body: `Phiếu chấm "${judge.productName}" đã được mở lại để xem lại và nộp lại. Lý do: ${why}`,
      link: `/giam-khao/vong/${roundId}/cham/${sheet.s.entryId}`,
    });
  });
  // Sent after the commit, without holding the request (undeliverable mail stays in the outbox).
  if (mails.length) deliverMail(mails).catch(() => {});
}

/**
 * Whether this draft sheet was reopened for a complaint still being handled on its entry (the
 * only way a sheet of a published round may be scored again): reopened after the complaint was
 * filed, by reopenSheetsForComplaint.
 */
function reopenedForComplaint(tx: DbOrTx, sheet: { entryId: number; status: string; reopenedAt: Date | null }): boolean {
  if (sheet.status !== "draft" || !sheet.reopenedAt) return false;
  const open = tx
    .select({ createdAt: complaints.createdAt })
    .from(complaints)
    .where(and(eq(complaints.entryId, sheet.entryId), sql`${complaints.status} <> 'closed'`))
    .all();
  return open.some((c) => c.createdAt.getTime() <= sheet.reopenedAt!.getTime());
}

/**
 * Reopens submitted sheets of one entry of a published round for a complaint (complaints/
 * correction.server.ts): inside the caller's transaction, with the reason recorded on each sheet;
 * the stage stays closed and the round published (the public results stand until the amended
 * decision). Returns the reopened sheets with their judges' accounts.
 */
export function reopenSheetsForComplaint(tx: Tx, entryId: number, stage: number, memberIds: readonly number[], reason: string) {
  const sheets = tx
    .select({ id: scoreSheets.id, memberId: scoreSheets.councilMemberId, version: scoreSheets.version, userId: councilMembers.userId })
    .from(scoreSheets)
    .innerJoin(councilMembers, eq(councilMembers.id, scoreSheets.councilMemberId))
    .where(and(eq(scoreSheets.entryId, entryId), eq(scoreSheets.stage, stage), eq(scoreSheets.status, "submitted")))
    .all()
    .filter((s) => memberIds.includes(s.memberId));
  const now = new Date();
  for (const s of sheets) {
    tx.update(scoreSheets).set({ status: "draft", reopenedAt: now, reopenReason: reason, version: s.version + 1, updatedAt: now }).where(eq(scoreSheets.id, s.id)).run();
  }
  return sheets;
}

/** Sheets of this entry's stage still in draft (reopened and not submitted again). */
export function draftSheetsOf(tx: DbOrTx, entryId: number, stage: number): number {
  return tx.select({ n: sql<number>`count(*)` }).from(scoreSheets).where(and(eq(scoreSheets.entryId, entryId), eq(scoreSheets.stage, stage), eq(scoreSheets.status, "draft"))).get()!.n;
}

/** Recomputes and stores the deciding stage's results snapshot (after sheets were scored again). */
export function recomputeDecidingStage(tx: Tx, round: Round) {
  const r = computeStage(tx, round, round.scoringStages);
  storeResults(tx, round.scoringStages, r);
  return r;
}

/**
 * Stores the deciding stage's results again when that stage is closed and its results are not yet
 * published: for changes that alter what they are computed from without reopening a sheet (a
 * conflict of interest recorded or removed after closing drops or restores that judge's sheet).
 * The stored results are what the council's verdicts and publishing check, so they must follow
 * (docs/decisions/0043).
 */
export function restoreClosedResults(tx: Tx, roundId: number) {
  const round = loadRound(tx, roundId);
  if (round.status !== "scoring" && round.status !== "results_review") return;
  if (!isStageClosed(roundId, round.scoringStages, tx)) return;
  recomputeDecidingStage(tx, round);
}

/**
 * The deciding stage's stored results (rank and pass per entry) when that stage is closed and
 * they cover exactly these entries, else null. While the stage is closed they equal a fresh
 * computation (closing, a tie-break vote and restoreClosedResults store them), and reading them
 * costs one indexed read instead of every score line of the round.
 */
function storedDecidingResults(tx: DbOrTx, round: Round, ids: ReadonlySet<number>) {
  if (!ids.size || !isStageClosed(round.id, round.scoringStages, tx)) return null;
  const rows = tx
    .select({ entryId: results.entryId, rank: results.rank, passed: results.passed })
    .from(results)
    .innerJoin(entries, eq(entries.id, results.entryId))
    .where(and(eq(entries.roundId, round.id), eq(results.stage, round.scoringStages)))
    .all();
  if (rows.length !== ids.size || rows.some((r) => !ids.has(r.entryId))) return null;
  return { entries: rows };
}

/* ------------------------------------------------------------------ */
/* Results, statistics, the council's decision, publishing              */
/* ------------------------------------------------------------------ */

/**
 * Who may open the results page and use its actions: the organizer managing the round or the
 * council's chair (others 403, or 404 outside their reach). Cheap: reads the round only, so
 * actions check it before any expensive work.
 */
export function resultsAccess(p: Principal, roundId: number) {
  const round = loadRound(db, roundId);
  const scope = roundScope(round);
  const chair = canChairRound(p, roundId);
  const canManage = canManageRound(p, scope);
  if (!canManage && !chair) {
    if (canOverseeRound(p, scope) || p.councils.some((c) => c.roundId === roundId)) forbidden("Chỉ cơ quan tổ chức hoặc Chủ tịch Hội đồng xem kết quả trước khi công bố.");
    notFound("Không tìm thấy kỳ bình chọn này.");
  }
  return { round, canManage, isChair: chair };
}

/** The stage the results page shows: the current one once closed, else the latest closed one; null before any closed. */
function shownStageOf(round: Round) {
  const stage = currentStage(round);
  const closed = isStageClosed(round.id, stage);
  const closedStages = [1, 2].filter((s) => s <= round.scoringStages && isStageClosed(round.id, s));
  return { stage, closed, shownStage: closed ? stage : closedStages[closedStages.length - 1] ?? null };
}

/** Results of the round's latest closed stage, with judge statistics. Points only once closed. */
export function resultsPage(p: Principal, roundId: number) {
  const { round, canManage, isChair: chair } = resultsAccess(p, roundId);
  const { stage, closed, shownStage } = shownStageOf(round);
  const members = db.select().from(councilMembers).innerJoin(councils, eq(councils.id, councilMembers.councilId)).where(eq(councils.roundId, roundId)).all().map((r) => r.council_members);
  const memberName = new Map(members.map((m) => [m.id, m.fullName]));
  const base = {
    round: { id: round.id, title: round.title, status: round.status, scoringStages: round.scoringStages, passMarkTenths: round.passMarkTenths, recognitionCap: round.recognitionCap, discrepancyToleranceTenths: round.discrepancyToleranceTenths, tieBreak: round.tieBreak, version: round.version },
    canManage,
    isChair: chair,
    stage,
    closed,
    shownStage,
    passMarkDisplay: formatPassMark(round.passMarkTenths),
  };
  if (shownStage == null) {
    const { missing } = stageSheets(db, round, stage);
    return { ...base, record: null, results: null, stats: null, verdicts: [], decision: null, tieBreakGroups: [], missing: missing.length, sheets: [] };
  }
  // One read of the stage serves the results and the statistics.
  const input = stageInput(db, round, shownStage);
  const computed = computeStage(db, round, shownStage, input);
  const info = new Map(input.list.map((e) => [e.entryId, e]));
  // The statistics come from the sheets the means counted (no drafts, no declared conflicts).
  const stats = stageJudgeStatistics(computed);
  const verdicts = info.size ? db.select().from(councilVerdicts).where(inIds(councilVerdicts.entryId, [...info.keys()])).all() : [];
  const decision = db.select().from(recognitionDecisions).where(eq(recognitionDecisions.roundId, roundId)).get() ?? null;
  const sheetRows = input.rows.map((s) => ({ id: s.id, entryId: s.entryId, memberId: s.judgeId, status: s.status, totalTenths: s.totalTenths }));
  const nameOf = (id: Id) => memberName.get(Number(id)) ?? String(id);
  // A flagged entry's judge-by-judge detail is not here: the page loads it when opened (entryOutlierDetail).
  // Ties the council's vote decides (while reviewing): the same input computed without votes, no read.
  // Only a tie that reached the vote key (waiting for a vote, or decided by one) needs it.
  const reachedVote = computed.entries.some((e) => e.tie && (e.tie.unresolved || e.tie.decidedBy.includes(VOTE_KEY)));
  const tieBreakGroups =
    reachedVote && round.status === "results_review" && shownStage === round.scoringStages && round.tieBreak.includes(VOTE_KEY)
      ? voteGroupsOf(computeStage(db, round, shownStage, input, []), input.list)
      : [];
  // What the council signs, stated on the page as in the minutes: rules, members, conflicts, and
  // the sheets missing when the stage was closed (sheets are locked once closed) with the reason.
  const label = (entryId: number) => {
    const e = info.get(entryId);
    return { votingCode: e?.votingCode ?? `#${entryId}`, productName: e?.productName ?? "" };
  };
  const closure = db
    .select({ reason: stageClosures.missingSheetsReason })
    .from(stageClosures)
    .where(and(eq(stageClosures.roundId, roundId), eq(stageClosures.stage, shownStage), isNull(stageClosures.reopenedAt)))
    .get();
  const record = {
    tieBreakText: tieBreakText(round.tieBreak),
    toleranceDisplay: formatPassMark(round.discrepancyToleranceTenths),
    minJudges: round.minJudgesPerEntry,
    members: members.map((m) => ({ id: m.id, name: m.fullName, title: m.title, role: m.role, isJudge: m.isJudge })),
    conflicts: input.conflicts.filter((c) => info.has(c.entryId)).map((c) => ({ judge: nameOf(c.memberId), reason: c.reason, ...label(c.entryId) })),
    missing: input.missing.filter((m) => info.has(m.entryId)).map((m) => ({ judge: nameOf(m.memberId), ...label(m.entryId) })),
    missingReason: closure?.reason ?? null,
  };
  return {
    ...base,
    record,
    /** The counted sheets and judges' names for the results page's charts (a function: not sent to the browser). */
    sheetsForCharts: () => ({ counted: computed.countedSheets, names: memberName }),
    purpose: computed.purpose,
    results: computed.entries
      .map((e) => ({ ...e, outcome: outcomeLabel(e, computed.purpose), info: info.get(Number(e.entryId))! }))
      .filter((e) => e.info)
      .sort((a, b) => (a.rank ?? 9999) - (b.rank ?? 9999)),
    cap: computed.cap,
    stats: {
      severity: stats.severity.map((s) => ({ ...s, name: memberName.get(Number(s.judgeId)) ?? String(s.judgeId) })),
      agreement: stats.agreement,
      // Reliability per panel of judges (the whole council when everyone scored everything).
      panels: stats.panels.panels.map((panel) => ({
        judges: panel.judgeIds.map(nameOf),
        entries: panel.entryIds.length,
        total: panel.byGroup[TOTAL_KEY] ?? null,
      })),
      entriesOutsidePanels: stats.panels.entriesOutside.length,
      iccMeaning: ICC_MEANING,
      meaning: SEVERITY_MEANING,
      outlierLabel: OUTLIER_TEXT.label,
    },
    verdicts,
    decision,
    tieBreakGroups,
    missing: 0,
    sheets: sheetRows.map((s) => ({ ...s, judgeName: memberName.get(s.memberId) ?? "" })),
  };
}

/** The names of the round's council members, by member id. */
export function councilNames(roundId: number): Map<number, string> {
  return new Map(
    db
      .select({ id: councilMembers.id, name: councilMembers.fullName })
      .from(councilMembers)
      .innerJoin(councils, eq(councils.id, councilMembers.councilId))
      .where(eq(councils.roundId, roundId))
      .all()
      .map((m) => [m.id, m.name]),
  );
}

/**
 * One entry's judge-by-judge detail on the results page, for an entry flagged for discrepancy: each
 * judge's total against the mean of the OTHER judges (exact, and rounded for people), the one out
 * of line if any, and the submitted sheet the chair or organizer may reopen. From the same counted
 * sheets as the means (stageOutliers over the stage as the page computes it). The page loads it
 * when the entry is opened: at a national round nearly every entry may be flagged, and sending all
 * of them made half of the page. Same access as the results page; nothing before a stage closes.
 */
export function entryOutlierDetail(p: Principal, roundId: number, entryId: number) {
  const { round } = resultsAccess(p, roundId);
  const { shownStage } = shownStageOf(round);
  if (shownStage == null) notFound("Chưa có kết quả để xem: vòng chấm chưa khóa.");
  const input = stageInput(db, round, shownStage);
  const computed = computeStage(db, round, shownStage, input);
  const entry = computed.entries.find((e) => Number(e.entryId) === entryId);
  if (!entry?.discrepancy) notFound("Sản phẩm này không có điểm chênh lệch vượt mức cho phép.");
  const names = councilNames(roundId);
  const nameOf = (id: Id) => names.get(Number(id)) ?? String(id);
  const o = stageOutliers({ countedSheets: computed.countedSheets, entries: [entry] }, nameOf).get(entry.entryId)!;
  const sheetOf = new Map(input.rows.filter((s) => s.entryId === entryId && s.status === "submitted").map((s) => [s.judgeId, s.id]));
  return {
    entryId,
    stage: shownStage,
    verdict: o.verdict,
    outlierJudgeId: o.outlierJudgeId,
    verdictText: o.verdictText,
    judges: o.judges.map((j) => ({ ...j, name: nameOf(j.judgeId), sheetId: sheetOf.get(Number(j.judgeId)) ?? null })),
  };
}

export interface VerdictInput {
  entryId: number;
  recognised: boolean;
  note: string;
  votesFor: number | null;
  votesAgainst: number | null;
  votesAbstain: number | null;
}

function departureError(ids: number[], codes: ReadonlyMap<number, string | null>, status: number): ScoringError {
  const list = ids.map((id) => codes.get(id) ?? `#${id}`).join(", ");
  return new ScoringError(
    `${list} xếp hạng trên một sản phẩm được công nhận nhưng không được công nhận: ghi rõ lý do trong ô ghi chú của sản phẩm${ids.length > 1 ? " đó" : ""}, hoặc quyết định theo thứ hạng.`,
    status,
    `v_${ids[0]}`,
  );
}

/** Records the council's decision on entries (recognise or not, with the vote). */
export function recordVerdicts(p: Principal, roundId: number, verdicts: VerdictInput[]) {
  db.transaction((tx) => {
    const round = loadRound(tx, roundId);
    requireChairOrOrganizer(p, round);
    if (round.status !== "results_review") throw new ScoringError("Chỉ ghi quyết định của Hội đồng khi đã khóa vòng chấm quyết định và chưa công bố.", 409);
    // The deciding stage's entries, and its results as stored when it closed (computed only when
    // they are not stored, as after a move to results review without closing).
    const list = scoringEntries(roundId, round.scoringStages, tx);
    const ids = new Set(list.map((e) => e.entryId));
    const r = storedDecidingResults(tx, round, ids) ?? computeStage(tx, round, round.scoringStages);
    const byEntry = new Map(r.entries.map((e) => [Number(e.entryId), e]));
    // Every verdict is checked before any is written (the first refusal is the one reported).
    for (const v of verdicts) {
      if (!ids.has(v.entryId)) throw new ScoringError("Có sản phẩm không thuộc vòng chấm quyết định.", 400);
      const res = byEntry.get(v.entryId);
      if (v.recognised && !res?.passed) throw new ScoringError("Chỉ công nhận sản phẩm đạt điểm tối thiểu.", 400, `v_${v.entryId}`);
    }
    // One upsert for all of them; a later verdict for the same entry wins, as if written in turn.
    const decidedAt = Date.now();
    const last = new Map(verdicts.map((v) => [v.entryId, [v.entryId, bit(v.recognised), v.note || null, v.votesFor, v.votesAgainst, v.votesAbstain, p.userId, decidedAt]]));
    if (last.size) {
      const cols = [
        councilVerdicts.entryId,
        councilVerdicts.recognised,
        councilVerdicts.note,
        councilVerdicts.votesFor,
        councilVerdicts.votesAgainst,
        councilVerdicts.votesAbstain,
        councilVerdicts.decidedBy,
        councilVerdicts.decidedAt,
      ];
      tx.run(insertRows(councilVerdicts, cols, [...last.values()], upsertTail([councilVerdicts.entryId], cols.slice(1))));
    }
    // Recognitions follow the ranks, or the council says why it departs from them.
    const all = ids.size ? tx.select({ entryId: councilVerdicts.entryId, recognised: councilVerdicts.recognised, note: councilVerdicts.note }).from(councilVerdicts).where(inIds(councilVerdicts.entryId, [...ids])).all() : [];
    const departures = rankDepartures(r, new Map(all.map((v) => [v.entryId, v])));
    if (departures.length) throw departureError(departures, new Map(list.map((e) => [e.entryId, e.votingCode])), 400);
    if (round.recognitionCap != null) {
      const n = ids.size ? tx.select({ n: sql<number>`count(*)` }).from(councilVerdicts).where(and(inIds(councilVerdicts.entryId, [...ids]), eq(councilVerdicts.recognised, true))).get()!.n : 0;
      if (n > round.recognitionCap) throw new ScoringError(`Số sản phẩm công nhận (${n}) vượt quá giới hạn ${round.recognitionCap} của kỳ bình chọn.`, 400);
    }
    audit(tx, { actorUserId: p.userId, action: "council.verdicts", objectType: "round", objectId: roundId, data: { count: verdicts.length } });
  });
}

export interface DecisionInput {
  number: string;
  signedOn: string;
  signerName: string;
  signerTitle: string;
  issuer: string;
}

/** Whether any certificate of this round has been issued (then its decision record is final). */
function certificatesIssued(tx: DbOrTx, roundId: number): boolean {
  return !!tx.get<{ one: number }>(sql`select 1 as one from certificates c join entries e on e.id = c.entry_id where e.round_id = ${roundId} limit 1`);
}

/**
 * The recognition decision (number, date, signer); linked to every recognised entry. Its date
 * cannot lie in the future (certificates are dated between the decision and the day they are
 * issued). After publication the record can still be corrected (a typo in the number, the wrong
 * date) until the first certificate is issued, audited with the old and new values.
 */
export function recordDecision(p: Principal, roundId: number, input: DecisionInput, today = todayInVietnam()) {
  if (input.signedOn > today) {
    throw new ScoringError(`Ngày ký quyết định (${formatDate(input.signedOn)}) không được sau hôm nay (${formatDate(today)}): hãy nhập ngày quyết định đã được ký.`, 400, "signedOn");
  }
  db.transaction((tx) => {
    const round = loadRound(tx, roundId);
    requireOrganizer(p, round);
    const existing = tx.select().from(recognitionDecisions).where(eq(recognitionDecisions.roundId, roundId)).get();
    if (round.status === "published") {
      if (!existing) throw new ScoringError("Kết quả đã công bố mà không có quyết định công nhận nào để sửa.", 409);
      if (certificatesIssued(tx, roundId)) {
        throw new ScoringError("Đã cấp giấy chứng nhận theo quyết định này: không sửa được thông tin quyết định nữa.", 409);
      }
    } else if (round.status !== "results_review") {
      throw new ScoringError("Chỉ ghi quyết định công nhận khi đang xét kết quả.", 409);
    }
    const id = existing
      ? (tx.update(recognitionDecisions).set(input).where(eq(recognitionDecisions.id, existing.id)).run(), existing.id)
      : tx.insert(recognitionDecisions).values({ roundId, ...input, createdBy: p.userId }).returning({ id: recognitionDecisions.id }).get().id;
    if (round.status === "results_review") {
      const ids = scoringEntries(roundId, round.scoringStages, tx).map((e) => e.entryId);
      if (ids.length) tx.update(councilVerdicts).set({ decisionId: id }).where(and(inIds(councilVerdicts.entryId, ids), eq(councilVerdicts.recognised, true))).run();
    }
    const before = existing
      ? { number: existing.number, signedOn: existing.signedOn, signerName: existing.signerName, signerTitle: existing.signerTitle, issuer: existing.issuer }
      : null;
    audit(tx, {
      actorUserId: p.userId,
      action: existing ? "decision.correct" : "decision.record",
      objectType: "round",
      objectId: roundId,
      data: { number: input.number, before, after: input, published: round.status === "published" },
    });
  });
}

/** The decision record of a published round while it may still be corrected (no certificate yet), else null. */
export function correctableDecision(roundId: number) {
  const decision = db.select().from(recognitionDecisions).where(eq(recognitionDecisions.roundId, roundId)).get();
  return decision && !certificatesIssued(db, roundId) ? decision : null;
}

/**
 * Publishes the results: every scored entry needs the council's decision, and a recognition
 * decision must exist when anything is recognised. Producers are notified.
 */
export async function publishRound(p: Principal, roundId: number) {
  const mails = db.transaction(
    (tx) => {
      const round = loadRound(tx, roundId);
      requireOrganizer(p, round);
      if (round.status !== "results_review") throw new ScoringError("Chỉ công bố khi đã khóa vòng chấm và đang xét kết quả.", 409);
      const scored = tx
        .select({ id: entries.id, stage: entries.stage, establishmentId: entries.establishmentId, productName: products.name })
        .from(entries)
        .innerJoin(products, eq(products.id, entries.productId))
        .where(and(eq(entries.roundId, roundId), eq(entries.status, "scored")))
        .orderBy(asc(entries.id))
        .all();
      const ids = scored.map((e) => e.id);
      const verdicts = new Map(
        (ids.length ? tx.select().from(councilVerdicts).where(inIds(councilVerdicts.entryId, ids)).all() : []).map((v) => [v.entryId, v]),
      );
      // Entries left out of a two-stage round's shortlist are not recognised, without a vote.
      const leftOut = scored.filter((x) => x.stage < round.scoringStages && !verdicts.has(x.id));
      if (leftOut.length) {
        const values = { recognised: false, note: "Không vào vòng chấm 2 (chưa đạt điểm ở vòng 1).", decidedBy: p.userId, decidedAt: new Date() };
        tx.run(
          insertRows(
            councilVerdicts,
            [councilVerdicts.entryId, councilVerdicts.recognised, councilVerdicts.note, councilVerdicts.decidedBy, councilVerdicts.decidedAt],
            leftOut.map((e) => [e.id, 0, values.note, values.decidedBy, values.decidedAt.getTime()]),
          ),
        );
        for (const e of leftOut) verdicts.set(e.id, { entryId: e.id, ...values, votesFor: null, votesAgainst: null, votesAbstain: null, prizeCode: null, prizeReason: null, decisionId: null });
      }
      const without = scored.filter((e) => !verdicts.has(e.id));
      if (without.length) throw new ScoringError(`Còn ${without.length} sản phẩm chưa có quyết định của Hội đồng.`, 409);
      // The ranks may have changed since the verdicts (a tie-break vote rewrites the stored
      // snapshot): they must still follow them. The snapshot is read, no score is recomputed.
      const snapshot = ids.length
        ? tx.select({ entryId: results.entryId, rank: results.rank, passed: results.passed }).from(results).where(and(inIds(results.entryId, ids), eq(results.stage, round.scoringStages))).all()
        : [];
      const departures = rankDepartures({ entries: snapshot }, verdicts);
      if (departures.length) {
        const codes = new Map(scoringEntries(roundId, round.scoringStages, tx).map((e) => [e.entryId, e.votingCode]));
        throw departureError(departures, codes, 409);
      }
      // Nor may a recognised entry have stopped passing since its verdict (a conflict of interest
      // recorded after closing drops that judge's sheet and stores the results again).
      const failing = snapshot.filter((s) => !s.passed && verdicts.get(s.entryId)?.recognised).map((s) => s.entryId);
      if (failing.length) {
        const codes = new Map(scoringEntries(roundId, round.scoringStages, tx).map((e) => [e.entryId, e.votingCode]));
        const list = failing.map((id) => codes.get(id) ?? `#${id}`).join(", ");
        throw new ScoringError(
          `${list} được ghi công nhận nhưng theo kết quả hiện tại không đạt điểm tối thiểu: ghi lại quyết định của Hội đồng cho ${failing.length > 1 ? "các sản phẩm này" : "sản phẩm đó"}.`,
          409,
          `v_${failing[0]}`,
        );
      }
      const prizeProblem = publishPrizeProblem(tx, round);
      if (prizeProblem) throw new ScoringError(prizeProblem, 409);
      const decision = tx.select().from(recognitionDecisions).where(eq(recognitionDecisions.roundId, roundId)).get();
      const recognised = scored.filter((e) => verdicts.get(e.id)!.recognised).map((e) => e.id);
      if (recognised.length && !decision) throw new ScoringError("Chưa ghi quyết định công nhận (số, ngày, người ký).", 409);
      const notRecognised = scored.filter((e) => !verdicts.get(e.id)!.recognised).map((e) => e.id);
      // Two statements move every entry, whatever their number.
      const now = new Date();
      if (recognised.length) tx.update(entries).set({ status: "recognised", version: sql`${entries.version} + 1`, updatedAt: now }).where(inIds(entries.id, recognised)).run();
      if (notRecognised.length) tx.update(entries).set({ status: "not_recognised", version: sql`${entries.version} + 1`, updatedAt: now }).where(inIds(entries.id, notRecognised)).run();
      const events = scored.map((e) => {
        const v = verdicts.get(e.id)!;
        const to = v.recognised ? ("recognised" as const) : ("not_recognised" as const);
        return { entryId: e.id, type: to, fromStatus: "scored" as const, toStatus: to, actorUserId: p.userId, message: v.recognised ? `Được công nhận theo Quyết định số ${decision!.number}.` : v.note ?? "Không được công nhận." };
      });
      insertEvents(tx, events);
      // The producers' accounts, for all the entries at once.
      const owners = new Map<number, string[]>();
      if (ids.length) {
        const rows = tx
          .select({ establishmentId: establishmentMembers.establishmentId, userId: establishmentMembers.userId })
          .from(establishmentMembers)
          .where(inIds(establishmentMembers.establishmentId, [...new Set(scored.map((e) => e.establishmentId))]))
          .all();
        for (const r of rows) owners.set(r.establishmentId, [...(owners.get(r.establishmentId) ?? []), r.userId]);
      }
      const mails = notifyMany(
        tx,
        scored.map((e) => {
          const v = verdicts.get(e.id)!;
          const to = v.recognised ? "recognised" : "not_recognised";
          return {
            userIds: owners.get(e.establishmentId) ?? [],
            notice: {
              kind: `entry.${to}`,
              title: v.recognised ? `Sản phẩm "${e.productName}" được công nhận` : `Kết quả bình chọn "${e.productName}"`,
              body: v.recognised ? `Chúc mừng! Sản phẩm được công nhận sản phẩm CNNT tiêu biểu trong "${round.title}".` : `Sản phẩm chưa được công nhận trong "${round.title}".${v.note ? ` ${v.note}` : ""}`,
              link: `/co-so/du-thi/${e.id}`,
            },
          };
        }),
      );
      tx.update(rounds).set({ status: "published", publishedAt: new Date(), version: round.version + 1, updatedAt: new Date() }).where(eq(rounds.id, roundId)).run();
      audit(tx, { actorUserId: p.userId, action: "round.publish", objectType: "round", objectId: roundId, data: { recognised: recognised.length } });
      return mails;
    },
    { behavior: "immediate" },
  );
  await deliverMail(mails);
}

/**
 * notifyUsers (notify.server.ts) for many notices at once: the same notifications and mails, in
 * the same order, written with three statements in all instead of three per recipient. Returns the mail ids to deliver after commit.
 */
function notifyMany(tx: Tx, batch: { userIds: string[]; notice: Notice }[]): number[] {
  const everyone = [...new Set(batch.flatMap((b) => b.userIds))];
  if (!everyone.length) return [];
  const people = new Map(
    tx
      .select({ id: users.id, email: users.email, fullName: users.fullName })
      .from(users)
      .where(sql`${users.id} in (select value from json_each(${JSON.stringify(everyone)}))`)
      .all()
      .map((u) => [u.id, u]),
  );
  const notes: unknown[][] = [];
  const outbox: unknown[][] = [];
  const transport = env().SMTP_URL ? "smtp" : "outbox";
  for (const { userIds, notice: n } of batch) {
    // notifyUsers reads its recipients by primary key: in id order.
    const recipients = [...new Set(userIds)].sort().flatMap((id) => people.get(id) ?? []);
    for (const u of recipients) {
      notes.push([u.id, n.kind, n.title, n.body, n.link ?? null]);
      outbox.push([
        u.email,
        n.title,
        `Xin chào ${u.fullName},\n\n${n.body}${n.link ? `\n\nXem chi tiết: ${env().publicBaseUrl}${n.link}` : ""}\n\n— Hệ thống bình chọn sản phẩm CNNT tiêu biểu`,
        transport,
      ]);
    }
  }
  if (!notes.length) return [];
  tx.run(insertRows(notifications, [notifications.userId, notifications.kind, notifications.title, notifications.body, notifications.link], notes));
  const ids = tx
    .all<{ id: number }>(insertRows(mailOutbox, [mailOutbox.toAddress, mailOutbox.subject, mailOutbox.textBody, mailOutbox.transport], outbox, sql`returning ${sql.identifier(mailOutbox.id.name)}`))
    .map((r) => r.id)
    .sort((a, b) => a - b); // ids grow in insertion order
  return ids;
}
