/**
 * The council's tie-break vote (biểu quyết phân định đồng điểm) as its own act
 * (docs/decisions/0018-tie-break-vote.md).
 *
 * When the round declares the council's vote among its tie-break keys (default: group I, group II,
 * then the vote), entries still equal after the earlier keys wait for a vote. The council votes
 * on one such tie at a time: every entry of it, the votes for each, the day, how many members
 * voted; the organizer or the chair records it. The results are then ranked again and the stored
 * snapshot (which certificate numbering follows) rewritten in the same transaction.
 */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { councilMembers, councils, stageClosures, tieBreakVoteLines, tieBreakVotes, users } from "~db/schema";
import { formatDate, todayInVietnam } from "~/lib/dates";
import { db, type DbOrTx } from "~/lib/db.server";
import type { Principal } from "~/lib/permissions";
import { audit } from "~/modules/audit/audit.server";
import { TIE_TEXT, VOTE_KEY } from "./aggregate";
import { TIE_FIELDS, voteGroupsOf, type VoteGroup } from "./tiebreak";
import { computeStage, loadRound, requireChairOrOrganizer, ScoringError, stageInput, storeResults, type StageInput } from "./scoring.server";

type Round = ReturnType<typeof loadRound>;

/** The ties a vote decides in a deciding stage (voteGroupsOf), from the stage's input. */
export function voteGroups(tx: DbOrTx, round: Round, input: StageInput): VoteGroup[] {
  if (!round.tieBreak.includes(VOTE_KEY)) return [];
  return voteGroupsOf(computeStage(tx, round, round.scoringStages, input, []), input.list);
}

export interface RecordedVote {
  id: number;
  stage: number;
  votedOn: string;
  membersVoting: number;
  note: string | null;
  recordedByName: string | null;
  recordedAt: Date;
  lines: { entryId: number; votesFor: number }[];
}

/** Every tie-break vote recorded for the round, oldest first, with its lines. */
export function recordedVotes(roundId: number, tx: DbOrTx = db): RecordedVote[] {
  const votes = tx
    .select({
      id: tieBreakVotes.id,
      stage: tieBreakVotes.stage,
      votedOn: tieBreakVotes.votedOn,
      membersVoting: tieBreakVotes.membersVoting,
      note: tieBreakVotes.note,
      recordedByName: users.fullName,
      recordedAt: tieBreakVotes.recordedAt,
    })
    .from(tieBreakVotes)
    .leftJoin(users, eq(users.id, tieBreakVotes.recordedBy))
    .where(eq(tieBreakVotes.roundId, roundId))
    .orderBy(asc(tieBreakVotes.id))
    .all();
  if (!votes.length) return [];
  const lines = tx
    .select({ voteId: tieBreakVoteLines.voteId, entryId: tieBreakVoteLines.entryId, votesFor: tieBreakVoteLines.votesFor })
    .from(tieBreakVoteLines)
    .innerJoin(tieBreakVotes, eq(tieBreakVotes.id, tieBreakVoteLines.voteId))
    .where(eq(tieBreakVotes.roundId, roundId))
    .all();
  return votes.map((v) => ({
    ...v,
    lines: lines
      .filter((l) => l.voteId === v.id)
      .map(({ entryId, votesFor }) => ({ entryId, votesFor }))
      .sort((a, b) => b.votesFor - a.votesFor),
  }));
}

export interface TieBreakVoteInput {
  /** Entry id → votes for it, as posted (strings from a form, numbers from code). */
  votes: Record<string, unknown>;
  votedOn: unknown;
  membersVoting: unknown;
  note?: unknown;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function wholeNumber(v: unknown): number | null {
  const text = typeof v === "number" ? String(v) : typeof v === "string" ? v.trim() : "";
  return /^\d{1,6}$/.test(text) ? Number(text) : null;
}

/**
 * Records the council's vote on one tie and re-ranks. Refused (4xx, a field message, nothing
 * written) when the round is not reviewing results (after publication too), when the round does
 * not declare the vote as a tie-break key, for entries that are not one whole tie the vote
 * decides (a partial vote included), for counts that are not whole numbers from 0 to the members
 * voting, for equal counts (the tie would stay) and for a day in the future or before the stage
 * was closed.
 */
export function recordTieBreakVote(p: Principal, roundId: number, input: TieBreakVoteInput, today = todayInVietnam()) {
  return db.transaction(
    (tx) => {
      const round = loadRound(tx, roundId);
      requireChairOrOrganizer(p, round);
      if (round.status !== "results_review") {
        throw new ScoringError(
          round.status === "published"
            ? "Kết quả đã công bố: không ghi biểu quyết phân định đồng điểm được nữa."
            : "Chỉ ghi biểu quyết phân định khi đã khóa vòng chấm quyết định và đang xét kết quả.",
          409,
        );
      }
      if (!round.tieBreak.includes(VOTE_KEY)) {
        throw new ScoringError("Thể lệ của kỳ bình chọn không dùng biểu quyết của Hội đồng để phân định đồng điểm.", 409);
      }
      const stage = round.scoringStages;
      const data = stageInput(tx, round, stage);
      const codeOf = new Map(data.list.map((e) => [e.entryId, e.votingCode ?? `#${e.entryId}`]));
      const groups = voteGroups(tx, round, data);

      // Which entries, and one whole tie.
      const ids = Object.keys(input.votes).map(Number);
      if (!ids.length || ids.some((id) => !Number.isSafeInteger(id))) throw new ScoringError("Chọn các sản phẩm đồng điểm cần biểu quyết.", 400);
      const group = groups.find((g) => g.entryIds.includes(ids[0]!));
      const outside = ids.filter((id) => !groups.some((g) => g.entryIds.includes(id)));
      if (outside.length) {
        throw new ScoringError(
          `${outside.map((id) => codeOf.get(id) ?? `#${id}`).join(", ")} không thuộc nhóm sản phẩm đồng điểm nào cần Hội đồng biểu quyết.`,
          400,
        );
      }
      if (!group || ids.some((id) => !group.entryIds.includes(id))) {
        throw new ScoringError("Mỗi lần biểu quyết chỉ cho một nhóm sản phẩm đồng điểm.", 400);
      }
      const missing = group.entryIds.filter((id) => !ids.includes(id));
      if (missing.length) {
        throw new ScoringError(
          `Biểu quyết phải gồm đủ ${group.entryIds.length} sản phẩm đồng điểm ${group.meanDisplay}: còn thiếu ${missing.map((id) => codeOf.get(id)).join(", ")}.`,
          400,
        );
      }

      // How many voted, and when.
      const members = tx
        .select({ n: sql<number>`count(*)` })
        .from(councilMembers)
        .innerJoin(councils, eq(councils.id, councilMembers.councilId))
        .where(eq(councils.roundId, roundId))
        .get()!.n;
      const errors: Record<string, string> = {};
      const membersVoting = wholeNumber(input.membersVoting);
      if (membersVoting == null || membersVoting < 1 || membersVoting > members) {
        errors[TIE_FIELDS.membersVoting] = `Nhập số thành viên Hội đồng tham gia biểu quyết: số nguyên từ 1 đến ${members}.`;
      }
      const votedOn = typeof input.votedOn === "string" ? input.votedOn.trim() : "";
      const closedOn = closedOnOf(tx, roundId, stage);
      if (!DATE.test(votedOn) || Number.isNaN(Date.parse(`${votedOn}T00:00:00Z`))) errors[TIE_FIELDS.votedOn] = "Nhập ngày biểu quyết (ngày/tháng/năm).";
      else if (votedOn > today) errors[TIE_FIELDS.votedOn] = `Ngày biểu quyết (${formatDate(votedOn)}) không được sau hôm nay (${formatDate(today)}).`;
      else if (closedOn && votedOn < closedOn) errors[TIE_FIELDS.votedOn] = `Ngày biểu quyết không được trước ngày khóa vòng chấm (${formatDate(closedOn)}).`;
      const counts = new Map<number, number>();
      for (const id of ids) {
        const n = wholeNumber(input.votes[String(id)]);
        const limit = membersVoting ?? members;
        if (n == null || n > limit) errors[TIE_FIELDS.votes(id)] = `Số phiếu cho ${codeOf.get(id)} phải là số nguyên từ 0 đến ${limit}.`;
        else counts.set(id, n);
      }
      if (Object.keys(errors).length) throw new ScoringError(Object.values(errors)[0]!, 400, Object.keys(errors)[0]!, errors);
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      if (total > membersVoting!) {
        throw new ScoringError(`Tổng số phiếu (${total}) vượt quá số thành viên tham gia biểu quyết (${membersVoting}): mỗi thành viên bầu cho một sản phẩm.`, 400, TIE_FIELDS.membersVoting);
      }
      const equal = ids.filter((id) => ids.some((o) => o !== id && counts.get(o) === counts.get(id)));
      if (equal.length) {
        throw new ScoringError(
          `${equal.map((id) => codeOf.get(id)).join(", ")} có số phiếu bằng nhau: biểu quyết chưa phân định được, Hội đồng cần biểu quyết lại.`,
          400,
          TIE_FIELDS.votes(equal[0]!),
        );
      }
      const note = typeof input.note === "string" ? input.note.normalize("NFC").trim().slice(0, 1000) : "";

      const vote = tx
        .insert(tieBreakVotes)
        .values({ roundId, stage, votedOn, membersVoting: membersVoting!, note: note || null, recordedBy: p.userId, recordedAt: new Date() })
        .returning({ id: tieBreakVotes.id })
        .get();
      tx.insert(tieBreakVoteLines)
        .values(ids.map((entryId) => ({ voteId: vote.id, entryId, votesFor: counts.get(entryId)! })))
        .run();
      // Ranked again with the vote; the stored snapshot follows (certificate numbers follow it).
      const r = computeStage(tx, round, stage, data);
      storeResults(tx, stage, r);
      audit(tx, {
        actorUserId: p.userId,
        action: "tiebreak.vote",
        objectType: "round",
        objectId: roundId,
        data: { voteId: vote.id, stage, votedOn, membersVoting, votes: Object.fromEntries(ids.map((id) => [codeOf.get(id), counts.get(id)])) },
      });
      return { voteId: vote.id, ranks: Object.fromEntries(r.entries.filter((e) => ids.includes(Number(e.entryId))).map((e) => [Number(e.entryId), e.rank])) };
    },
    { behavior: "immediate" },
  );
}

/** The day (in Vietnam) the stage was closed, if it is. */
function closedOnOf(tx: DbOrTx, roundId: number, stage: number): string | null {
  const c = tx
    .select({ closedAt: stageClosures.closedAt })
    .from(stageClosures)
    .where(and(eq(stageClosures.roundId, roundId), eq(stageClosures.stage, stage), isNull(stageClosures.reopenedAt)))
    .get();
  return c ? todayInVietnam(c.closedAt) : null;
}

/**
 * What the results page shows of tie-break votes: the ties waiting for (or decided by) a vote while
 * the council reviews results (resultsPage's tieBreakGroups), with the entries' labels and the
 * latest vote on each; and every recorded vote. Reads the votes only (the page checked access).
 */
export function tieBreakView(
  round: { id: number; status: string; tieBreak: readonly string[] },
  access: { canManage: boolean; isChair: boolean },
  groupsIn: readonly VoteGroup[],
  labels: ReadonlyMap<number, { votingCode: string | null; productName: string }>,
) {
  const votes = recordedVotes(round.id);
  const label = (id: number) => ({ votingCode: labels.get(id)?.votingCode ?? `#${id}`, productName: labels.get(id)?.productName ?? "" });
  const latest = new Map<number, RecordedVote>();
  for (const v of votes) for (const l of v.lines) latest.set(l.entryId, v);
  const reviewing = round.status === "results_review";
  const groups = reviewing
    ? groupsIn.map((g) => {
        const last = latest.get(g.entryIds[0]!);
        const decided = last && g.entryIds.every((id) => latest.get(id) === last) ? last : null;
        return {
          ...g,
          entries: g.entryIds.map((id) => ({ entryId: id, ...label(id), votes: decided?.lines.find((l) => l.entryId === id)?.votesFor ?? null })),
          decided: decided ? { votedOn: decided.votedOn, membersVoting: decided.membersVoting } : null,
        };
      })
    : [];
  const before = round.tieBreak.slice(0, Math.max(0, round.tieBreak.indexOf(VOTE_KEY))).map((k) => TIE_TEXT.group(k));
  return {
    tieBreakText: before.length ? before.join(", ") : "mọi tiêu chí phân định trước đó",
    canRecord: reviewing && (access.canManage || access.isChair) && round.tieBreak.includes(VOTE_KEY),
    voteDeclared: round.tieBreak.includes(VOTE_KEY),
    groups,
    votes: votes.map((v) => ({ ...v, lines: v.lines.map((l) => ({ ...l, ...label(l.entryId) })) })),
  };
}
