/**
 * A round's council and jury, who scores what, conflicts of interest and the progress of scoring.
 * Every use case receives the acting principal and checks it first (organizer use cases go through
 * getRoundForOrganizer(..., { manage: true }), which answers 404 outside the organizer's scope),
 * does its work in one transaction and writes its audit row there; mails go out after commit.
 *
 * Who scores what is computed from the round's assignment mode by the pure rule in
 * assignment.ts (docs/decisions/0008-assignment-and-conflicts.md); the assignments table holds
 * only the pairs recorded by hand (mode "manual").
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import {
  assignments,
  conflictsOfInterest,
  councilMembers,
  councils,
  entries,
  establishments,
  invitations,
  productGroups,
  products,
  rounds,
  scoreSheets,
  users,
  type CouncilRole,
  type RoundStatus,
} from "~db/schema";
import { db, type DbOrTx, type Tx } from "~/lib/db.server";
import { notFound } from "~/lib/http.server";
import { deliverMail } from "~/lib/mail.server";
import type { Principal } from "~/lib/permissions";
import { findUserByEmail } from "~/modules/accounts/accounts.server";
import { audit } from "~/modules/audit/audit.server";
import { issueInvitation } from "~/modules/invitations/invitations.server";
import { bodyUserIds, notifyUsers } from "~/modules/notify/notify.server";
import { getRoundForOrganizer, type Round } from "~/modules/rounds/rounds.server";
import { currentStage, isStageClosed, restoreClosedResults } from "~/modules/scoring/scoring.server";
import { entriesOf, planAssignment, progressGrid, type AssignmentMode, type AssignmentPlan, type Pair } from "./assignment";
import type { CouncilInput, MemberInput } from "./councils";

/** A refusal the person can act on (shown next to the form), with its HTTP status. */
export class CouncilError extends Error {
  constructor(
    message: string,
    public status = 400,
    public field = "_form",
  ) {
    super(message);
  }
}

/** Entry statuses that take part in scoring (accepted, and what follows from it). */
export const SCORING_STATUSES = ["accepted", "scored", "recognised", "not_recognised"] as const;
const LOCKED_ROUND: RoundStatus[] = ["published", "archived"];
const ROLE_ORDER: Record<CouncilRole, number> = { chair: 0, vice_chair: 1, secretary: 3, member: 2 };

type Member = typeof councilMembers.$inferSelect;

/* ------------------------------------------------------------------ */
/* Reading (no principal: for other modules, after their own checks)   */
/* ------------------------------------------------------------------ */

export function councilOfRound(roundId: number, tx: DbOrTx = db) {
  return tx.select().from(councils).where(eq(councils.roundId, roundId)).get();
}

function membersOf(tx: DbOrTx, councilId: number | undefined): Member[] {
  if (!councilId) return [];
  return tx
    .select()
    .from(councilMembers)
    .where(eq(councilMembers.councilId, councilId))
    .all()
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.id - b.id);
}

/** The stage a page asks for, within the round's number of stages. */
export function clampStage(round: Pick<Round, "scoringStages">, stage: number | null | undefined): number {
  const s = Number.isInteger(stage) ? (stage as number) : 1;
  return Math.min(Math.max(1, s), Math.max(1, round.scoringStages));
}

/** Voting codes in natural order ("…-9" before "…-10"), as localeCompare(b, "vi", { numeric: true }) does, built once. */
const votingCodeOrder = new Intl.Collator("vi", { numeric: true });

/** Entries scored in a stage: accepted ones (stage 1), or those shortlisted into stage 2. */
export function scoringEntries(roundId: number, stage = 1, tx: DbOrTx = db) {
  return tx
    .select({
      entryId: entries.id,
      votingCode: entries.votingCode,
      dossierNo: entries.dossierNo,
      status: entries.status,
      productName: products.name,
      productGroupId: products.productGroupId,
      groupName: productGroups.shortName,
      establishmentName: establishments.name,
    })
    .from(entries)
    .innerJoin(products, eq(products.id, entries.productId))
    .innerJoin(productGroups, eq(productGroups.id, products.productGroupId))
    .innerJoin(establishments, eq(establishments.id, entries.establishmentId))
    .where(
      and(
        eq(entries.roundId, roundId),
        inArray(entries.status, [...SCORING_STATUSES]),
        stage > 1 ? sql`${entries.stage} >= ${stage}` : undefined,
      ),
    )
    .all()
    .sort((a, b) => {
      // Voting codes in natural order; entries without one (should not happen once accepted) last.
      if (a.votingCode == null || b.votingCode == null) return (a.votingCode == null ? 1 : 0) - (b.votingCode == null ? 1 : 0) || a.entryId - b.entryId;
      return votingCodeOrder.compare(a.votingCode, b.votingCode) || a.entryId - b.entryId;
    });
}

/**
 * Who scores what in a round's stage: the council's judging members, the entries scored, the
 * declared conflicts and the plan (assignment.ts). Checks nobody: callers check the principal.
 */
export function roundAssignment(roundId: number, stage = 1, tx: DbOrTx = db) {
  const round = tx.select().from(rounds).where(eq(rounds.id, roundId)).get();
  if (!round) notFound("Không tìm thấy kỳ bình chọn này.");
  const council = councilOfRound(roundId, tx);
  const members = membersOf(tx, council?.id);
  const judges = members.filter((m) => m.isJudge);
  const list = scoringEntries(roundId, stage, tx);
  const memberIds = members.map((m) => m.id);
  const conflicts = memberIds.length
    ? tx
        .select({
          id: conflictsOfInterest.id,
          entryId: conflictsOfInterest.entryId,
          memberId: conflictsOfInterest.councilMemberId,
          reason: conflictsOfInterest.reason,
          declaredBy: conflictsOfInterest.declaredBy,
          createdAt: conflictsOfInterest.createdAt,
        })
        .from(conflictsOfInterest)
        .where(inArray(conflictsOfInterest.councilMemberId, memberIds))
        .all()
    : [];
  const manual = memberIds.length
    ? tx
        .select({ entryId: assignments.entryId, memberId: assignments.councilMemberId })
        .from(assignments)
        .where(and(inArray(assignments.councilMemberId, memberIds), eq(assignments.stage, stage)))
        .all()
    : [];
  const plan = planAssignment({
    mode: round.assignmentMode,
    judges: judges.map((j) => ({ memberId: j.id, productGroupIds: j.productGroupIds ?? null })),
    entries: list.map((e) => ({ entryId: e.entryId, productGroupId: e.productGroupId })),
    manual,
    conflicts,
    minJudges: round.minJudgesPerEntry,
  });
  return { round, council, members, judges, entries: list, conflicts, manual, plan, stage };
}

/** The judging members (council_members ids) who score this entry in this stage. */
export function judgesForEntry(entryId: number, stage = 1, tx: DbOrTx = db): number[] {
  const e = tx.select({ roundId: entries.roundId }).from(entries).where(eq(entries.id, entryId)).get();
  if (!e) return [];
  return roundAssignment(e.roundId, stage, tx).plan.entries.find((x) => x.entryId === entryId)?.judges ?? [];
}

/** Whether this council member scores this entry in this stage (assigned and not in conflict). */
export function isAssigned(memberId: number, entryId: number, stage = 1, tx: DbOrTx = db): boolean {
  return judgesForEntry(entryId, stage, tx).includes(memberId);
}

/* ------------------------------------------------------------------ */
/* The judge's home                                                    */
/* ------------------------------------------------------------------ */

/** The judge's home: each council the user sits on, with its round and what is left to score. */
export function judgeHome(p: Principal) {
  if (!p.councils.length) return [];
  return p.councils.map((c) => {
    const council = db.select().from(councils).where(eq(councils.id, c.councilId)).get()!;
    const round = db.select().from(rounds).where(eq(rounds.id, c.roundId)).get()!;
    const { plan } = roundAssignment(round.id, 1);
    const toScore = c.isJudge ? entriesOf(plan, c.memberId).length : 0;
    const conflicts = plan.entries.filter((e) => e.conflicted.includes(c.memberId)).length;
    const mine = db
      .select({ status: scoreSheets.status, n: sql<number>`count(*)` })
      .from(scoreSheets)
      .innerJoin(entries, eq(entries.id, scoreSheets.entryId))
      .where(and(eq(entries.roundId, round.id), eq(scoreSheets.councilMemberId, c.memberId)))
      .groupBy(scoreSheets.status)
      .all();
    const submitted = mine.find((m) => m.status === "submitted")?.n ?? 0;
    const drafts = mine.find((m) => m.status === "draft")?.n ?? 0;
    return {
      councilName: council.name,
      role: c.role,
      isJudge: c.isJudge,
      round: { id: round.id, title: round.title, status: round.status, level: round.level, year: round.year },
      toScore,
      conflicts,
      submitted,
      drafts,
    };
  });
}

/* ------------------------------------------------------------------ */
/* Council and members (organizer)                                     */
/* ------------------------------------------------------------------ */

function managed(p: Principal, roundId: number) {
  const r = getRoundForOrganizer(p, roundId, { manage: true });
  return r.round;
}

function ensureEditable(round: Round) {
  if (LOCKED_ROUND.includes(round.status)) {
    throw new CouncilError("Kỳ bình chọn đã công bố kết quả, không thể thay đổi Hội đồng và phân công.", 409);
  }
}

function requireCouncil(tx: DbOrTx, roundId: number) {
  const c = councilOfRound(roundId, tx);
  if (!c) throw new CouncilError("Kỳ bình chọn chưa có Hội đồng. Hãy lập Hội đồng trước.", 409);
  return c;
}

function requireMember(tx: DbOrTx, councilId: number, memberId: number): Member {
  const m = tx.select().from(councilMembers).where(and(eq(councilMembers.id, memberId), eq(councilMembers.councilId, councilId))).get();
  if (!m) notFound("Không tìm thấy thành viên này trong Hội đồng.");
  return m;
}

export type AccountState = "linked" | "invited" | "expired" | "none";

/** The council page: the council, its members and whether each has an account yet. */
export function councilPage(p: Principal, roundId: number, now = new Date()) {
  const { round, canManage } = getRoundForOrganizer(p, roundId, { manage: true });
  const council = councilOfRound(roundId);
  const members = membersOf(db, council?.id);
  const linkedUsers = members.filter((m) => m.userId).map((m) => m.userId!);
  const accounts = linkedUsers.length
    ? db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, linkedUsers)).all()
    : [];
  const invites = members.length
    ? db
        .select({ memberId: invitations.councilMemberId, expiresAt: invitations.expiresAt, acceptedAt: invitations.acceptedAt, createdAt: invitations.createdAt })
        .from(invitations)
        .where(and(eq(invitations.kind, "judge"), inArray(invitations.councilMemberId, members.map((m) => m.id))))
        .all()
    : [];
  const sheetCounts = members.length
    ? db
        .select({ memberId: scoreSheets.councilMemberId, n: sql<number>`count(*)` })
        .from(scoreSheets)
        .where(inArray(scoreSheets.councilMemberId, members.map((m) => m.id)))
        .groupBy(scoreSheets.councilMemberId)
        .all()
    : [];
  return {
    round: { id: round.id, title: round.title, status: round.status, level: round.level, year: round.year, minJudgesPerEntry: round.minJudgesPerEntry },
    canManage,
    editable: !LOCKED_ROUND.includes(round.status),
    council: council ? { id: council.id, name: council.name, establishedByDecision: council.establishedByDecision } : null,
    members: members.map((m) => {
      const mine = invites.filter((i) => i.memberId === m.id).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
      const live = mine.find((i) => !i.acceptedAt && i.expiresAt.getTime() > now.getTime());
      const account: AccountState = m.userId ? "linked" : live ? "invited" : mine.length ? "expired" : "none";
      return {
        id: m.id,
        fullName: m.fullName,
        title: m.title,
        affiliation: m.affiliation,
        email: m.email ?? accounts.find((a) => a.id === m.userId)?.email ?? null,
        role: m.role,
        isJudge: m.isJudge,
        account,
        invitedAt: live?.createdAt.toISOString() ?? null,
        inviteExpiresAt: live?.expiresAt.toISOString() ?? null,
        sheets: sheetCounts.find((s) => s.memberId === m.id)?.n ?? 0,
      };
    }),
    judgeCount: members.filter((m) => m.isJudge).length,
  };
}

/** Creates the round's council, or renames it / changes its establishing decision. */
export function saveCouncil(p: Principal, roundId: number, input: CouncilInput, ip: string | null = null): number {
  return db.transaction(
    (tx) => {
      const round = managed(p, roundId);
      ensureEditable(round);
      const existing = councilOfRound(roundId, tx);
      const values = { name: input.name, establishedByDecision: input.establishedByDecision || null };
      if (existing) {
        tx.update(councils).set(values).where(eq(councils.id, existing.id)).run();
        audit(tx, { actorUserId: p.userId, action: "council.update", objectType: "council", objectId: existing.id, data: { roundId, ...values }, ip });
        return existing.id;
      }
      const c = tx.insert(councils).values({ roundId, ...values }).returning({ id: councils.id }).get();
      audit(tx, { actorUserId: p.userId, action: "council.create", objectType: "council", objectId: c.id, data: { roundId, ...values }, ip });
      return c.id;
    },
    { behavior: "immediate" },
  );
}

function checkChair(tx: DbOrTx, councilId: number, role: CouncilRole, exceptMemberId?: number) {
  if (role !== "chair") return;
  const chair = tx
    .select({ id: councilMembers.id, fullName: councilMembers.fullName })
    .from(councilMembers)
    .where(and(eq(councilMembers.councilId, councilId), eq(councilMembers.role, "chair")))
    .all()
    .find((m) => m.id !== exceptMemberId);
  if (chair) throw new CouncilError(`Hội đồng đã có Chủ tịch (${chair.fullName}).`, 409, "role");
}

function checkEmailFree(tx: DbOrTx, councilId: number, email: string, exceptMemberId?: number) {
  if (!email) return;
  const user = findUserByEmail(email, tx);
  const clash = tx
    .select({ id: councilMembers.id, email: councilMembers.email, userId: councilMembers.userId })
    .from(councilMembers)
    .where(eq(councilMembers.councilId, councilId))
    .all()
    .find((m) => m.id !== exceptMemberId && (m.email === email || (user && m.userId === user.id)));
  if (clash) throw new CouncilError("Email này đã thuộc một thành viên khác của Hội đồng.", 409, "email");
}

/**
 * Gives a member with an email an account: an existing account with that email is linked at once
 * (and told so); otherwise an invitation link is mailed. Returns mail ids to deliver.
 */
function connectAccount(tx: Tx, p: Principal, round: Round, councilName: string, m: Member, now: Date): { mails: number[]; linked: boolean; token?: string } {
  if (!m.email || m.userId) return { mails: [], linked: !!m.userId };
  const user = findUserByEmail(m.email, tx);
  if (user) {
    tx.update(councilMembers).set({ userId: user.id }).where(eq(councilMembers.id, m.id)).run();
    audit(tx, { actorUserId: p.userId, action: "council.member.link", objectType: "council_member", objectId: m.id, data: { userId: user.id } });
    const mails = notifyUsers(tx, [user.id], {
      kind: "council.member",
      title: `Bạn là thành viên ${councilName}`,
      body: `Bạn được ghi nhận là ${m.isJudge ? "giám khảo" : "thành viên"} của ${councilName} – ${round.title}. Đăng nhập bằng tài khoản hiện có để xem các sản phẩm cần chấm.`,
      link: "/giam-khao",
    });
    return { mails, linked: true };
  }
  const { token, mailId } = issueInvitation(tx, { kind: "judge", email: m.email, councilMemberId: m.id, invitedBy: p.userId }, now);
  return { mails: [mailId], linked: false, token };
}

/** Adds a member; with an email, links the existing account or mails an invitation. */
export async function addMember(p: Principal, roundId: number, input: MemberInput, ip: string | null = null, now = new Date()) {
  const { result, mails } = db.transaction(
    (tx) => {
      const round = managed(p, roundId);
      ensureEditable(round);
      const council = requireCouncil(tx, roundId);
      checkChair(tx, council.id, input.role);
      checkEmailFree(tx, council.id, input.email);
      const m = tx
        .insert(councilMembers)
        .values({
          councilId: council.id,
          fullName: input.fullName,
          title: input.title || null,
          affiliation: input.affiliation || null,
          email: input.email || null,
          role: input.role,
          isJudge: input.isJudge,
        })
        .returning()
        .get();
      audit(tx, { actorUserId: p.userId, action: "council.member.add", objectType: "council_member", objectId: m.id, data: { roundId, ...input }, ip });
      const c = connectAccount(tx, p, round, council.name, m, now);
      return { result: { memberId: m.id, linked: c.linked, invited: !!c.token, token: c.token }, mails: c.mails };
    },
    { behavior: "immediate" },
  );
  await deliverMail(mails);
  return result;
}

/** Changes a member. The email of a member linked to an account cannot change (another person). */
export async function updateMember(p: Principal, roundId: number, memberId: number, input: MemberInput, ip: string | null = null, now = new Date()) {
  const { result, mails } = db.transaction(
    (tx) => {
      const round = managed(p, roundId);
      ensureEditable(round);
      const council = requireCouncil(tx, roundId);
      const m = requireMember(tx, council.id, memberId);
      checkChair(tx, council.id, input.role, m.id);
      if (m.userId && input.email && input.email !== (m.email ?? "")) {
        const linkedEmail = tx.select({ email: users.email }).from(users).where(eq(users.id, m.userId)).get()?.email;
        if (input.email !== linkedEmail) {
          throw new CouncilError("Thành viên đã gắn với một tài khoản nên không đổi được email. Nếu là người khác, hãy xóa và thêm thành viên mới.", 409, "email");
        }
      }
      checkEmailFree(tx, council.id, input.email, m.id);
      if (!input.isJudge && m.isJudge) {
        const sheets = tx.select({ n: sql<number>`count(*)` }).from(scoreSheets).where(eq(scoreSheets.councilMemberId, m.id)).get()!.n;
        if (sheets) throw new CouncilError("Thành viên đã có phiếu chấm nên vẫn phải là giám khảo.", 409, "isJudge");
      }
      const emailChanged = (input.email || null) !== m.email;
      tx.update(councilMembers)
        .set({ fullName: input.fullName, title: input.title || null, affiliation: input.affiliation || null, email: input.email || m.email || null, role: input.role, isJudge: input.isJudge })
        .where(eq(councilMembers.id, m.id))
        .run();
      audit(tx, { actorUserId: p.userId, action: "council.member.update", objectType: "council_member", objectId: m.id, data: { roundId, ...input }, ip });
      if (!m.userId && emailChanged && input.email) {
        const fresh = tx.select().from(councilMembers).where(eq(councilMembers.id, m.id)).get()!;
        const c = connectAccount(tx, p, round, council.name, fresh, now);
        return { result: { linked: c.linked, invited: !!c.token, token: c.token }, mails: c.mails };
      }
      return { result: { linked: !!m.userId, invited: false, token: undefined as string | undefined }, mails: [] as number[] };
    },
    { behavior: "immediate" },
  );
  await deliverMail(mails);
  return result;
}

/** Sends a new invitation link to a member without an account (the previous link stops working). */
export async function resendInvitation(p: Principal, roundId: number, memberId: number, ip: string | null = null, now = new Date()) {
  const { token, mails } = db.transaction(
    (tx) => {
      const round = managed(p, roundId);
      ensureEditable(round);
      const council = requireCouncil(tx, roundId);
      const m = requireMember(tx, council.id, memberId);
      if (m.userId) throw new CouncilError("Thành viên này đã có tài khoản.", 409);
      if (!m.email) throw new CouncilError("Thành viên chưa có email. Hãy bổ sung email trước.", 409);
      const c = connectAccount(tx, p, round, council.name, m, now);
      audit(tx, { actorUserId: p.userId, action: "council.member.reinvite", objectType: "council_member", objectId: m.id, ip });
      return { token: c.token, mails: c.mails };
    },
    { behavior: "immediate" },
  );
  await deliverMail(mails);
  return { token };
}

/** Removes a member who has no score sheet (a sheet keeps its judge). */
export function removeMember(p: Principal, roundId: number, memberId: number, ip: string | null = null) {
  db.transaction(
    (tx) => {
      const round = managed(p, roundId);
      ensureEditable(round);
      const council = requireCouncil(tx, roundId);
      const m = requireMember(tx, council.id, memberId);
      const sheets = tx.select({ n: sql<number>`count(*)` }).from(scoreSheets).where(eq(scoreSheets.councilMemberId, m.id)).get()!.n;
      if (sheets) throw new CouncilError(`${m.fullName} đã có ${sheets} phiếu chấm nên không thể xóa khỏi Hội đồng.`, 409);
      tx.delete(councilMembers).where(eq(councilMembers.id, m.id)).run();
      audit(tx, { actorUserId: p.userId, action: "council.member.remove", objectType: "council_member", objectId: m.id, data: { roundId, fullName: m.fullName, email: m.email }, ip });
    },
    { behavior: "immediate" },
  );
}

/* ------------------------------------------------------------------ */
/* Assignment and conflicts (organizer)                                */
/* ------------------------------------------------------------------ */

function groupList() {
  return db.select({ id: productGroups.id, name: productGroups.name, shortName: productGroups.shortName }).from(productGroups).orderBy(asc(productGroups.id)).all();
}

/** The assignment page: mode, judges with their groups and load, entries, conflicts, manual pairs. */
export function assignmentPage(p: Principal, roundId: number, stageParam?: number | null) {
  const { round, canManage } = getRoundForOrganizer(p, roundId, { manage: true });
  const stage = clampStage(round, stageParam);
  const a = roundAssignment(roundId, stage);
  const memberName = new Map(a.members.map((m) => [m.id, m.fullName]));
  const declarers = a.conflicts.length
    ? db.select({ id: users.id, fullName: users.fullName }).from(users).where(inArray(users.id, a.conflicts.map((c) => c.declaredBy ?? "").filter(Boolean))).all()
    : [];
  return {
    round: {
      id: round.id,
      title: round.title,
      status: round.status,
      level: round.level,
      year: round.year,
      assignmentMode: round.assignmentMode,
      minJudgesPerEntry: round.minJudgesPerEntry,
      scoringStages: round.scoringStages,
    },
    canManage,
    editable: !LOCKED_ROUND.includes(round.status),
    stage,
    hasCouncil: !!a.council,
    groups: groupList(),
    judges: a.judges.map((j, i) => ({
      id: j.id,
      fullName: j.fullName,
      title: j.title,
      role: j.role,
      hasAccount: !!j.userId,
      productGroupIds: j.productGroupIds ?? [],
      load: a.plan.judges[i]!.load,
      conflicts: a.plan.judges[i]!.conflicts,
      noGroups: a.plan.judges[i]!.noGroups,
    })),
    entries: a.entries.map((e, i) => ({
      id: e.entryId,
      votingCode: e.votingCode,
      productName: e.productName,
      groupName: e.groupName,
      productGroupId: e.productGroupId,
      establishmentName: e.establishmentName,
      judges: a.plan.entries[i]!.judges,
      conflicted: a.plan.entries[i]!.conflicted,
      missing: a.plan.entries[i]!.missing,
    })),
    manual: a.manual.map((m) => `${m.entryId}:${m.memberId}`),
    conflicts: a.conflicts
      .map((c) => ({
        id: c.id,
        entryId: c.entryId,
        memberId: c.memberId,
        memberName: memberName.get(c.memberId) ?? "",
        entry: a.entries.find((e) => e.entryId === c.entryId) ?? null,
        reason: c.reason,
        declaredBy: declarers.find((d) => d.id === c.declaredBy)?.fullName ?? null,
        byJudge: !!c.declaredBy && a.members.find((m) => m.id === c.memberId)?.userId === c.declaredBy,
        createdAt: c.createdAt.toISOString(),
      }))
      .sort((x, y) => x.id - y.id),
    understaffed: a.plan.understaffed.length,
  };
}

/** Chooses how judges are assigned: everyone, by product group, or by hand. */
export function setAssignmentMode(p: Principal, roundId: number, mode: AssignmentMode, ip: string | null = null) {
  db.transaction(
    (tx) => {
      const round = managed(p, roundId);
      ensureEditable(round);
      if (round.assignmentMode === mode) return;
      tx.update(rounds)
        .set({ assignmentMode: mode, version: round.version + 1, updatedAt: new Date() })
        .where(eq(rounds.id, round.id))
        .run();
      audit(tx, { actorUserId: p.userId, action: "assignment.mode", objectType: "round", objectId: round.id, data: { from: round.assignmentMode, to: mode }, ip });
    },
    { behavior: "immediate" },
  );
}

/** The product groups a judge scores in mode "by_group". */
export function setJudgeGroups(p: Principal, roundId: number, memberId: number, groupIds: number[], ip: string | null = null) {
  db.transaction(
    (tx) => {
      const round = managed(p, roundId);
      ensureEditable(round);
      const council = requireCouncil(tx, roundId);
      const m = requireMember(tx, council.id, memberId);
      if (!m.isJudge) throw new CouncilError("Thành viên này không chấm điểm.", 409);
      const known = new Set(groupList().map((g) => g.id));
      const clean = groupIds.filter((g) => known.has(g));
      tx.update(councilMembers).set({ productGroupIds: clean }).where(eq(councilMembers.id, m.id)).run();
      audit(tx, { actorUserId: p.userId, action: "assignment.groups", objectType: "council_member", objectId: m.id, data: { roundId, groupIds: clean }, ip });
    },
    { behavior: "immediate" },
  );
}

/**
 * Replaces the hand-made assignment of a stage with the given (entry, judge) pairs. Pairs naming
 * an entry not scored in the stage, a non-judging member or a declared conflict are not recorded;
 * their count is returned.
 */
export function setManualAssignments(p: Principal, roundId: number, stageParam: number, pairs: Pair[], ip: string | null = null) {
  return db.transaction(
    (tx) => {
      const round = managed(p, roundId);
      ensureEditable(round);
      const stage = clampStage(round, stageParam);
      const a = roundAssignment(roundId, stage, tx);
      if (!a.council) throw new CouncilError("Kỳ bình chọn chưa có Hội đồng. Hãy lập Hội đồng trước.", 409);
      const judgeIds = new Set(a.judges.map((j) => j.id));
      const entryIds = new Set(a.entries.map((e) => e.entryId));
      const conflicts = new Set(a.conflicts.map((c) => `${c.entryId}:${c.memberId}`));
      const seen = new Set<string>();
      const keep = pairs.filter((x) => {
        const k = `${x.entryId}:${x.memberId}`;
        if (seen.has(k) || !judgeIds.has(x.memberId) || !entryIds.has(x.entryId) || conflicts.has(k)) return false;
        seen.add(k);
        return true;
      });
      const memberIds = a.members.map((m) => m.id);
      if (memberIds.length) {
        tx.delete(assignments).where(and(inArray(assignments.councilMemberId, memberIds), eq(assignments.stage, stage))).run();
      }
      for (const x of keep) tx.insert(assignments).values({ entryId: x.entryId, councilMemberId: x.memberId, stage }).run();
      audit(tx, { actorUserId: p.userId, action: "assignment.manual", objectType: "round", objectId: round.id, data: { stage, pairs: keep.length, skipped: pairs.length - keep.length }, ip });
      return { saved: keep.length, skipped: pairs.length - keep.length };
    },
    { behavior: "immediate" },
  );
}

function insertConflict(tx: Tx, roundId: number, memberId: number, entryId: number, reason: string, declaredBy: string) {
  const entry = tx.select({ id: entries.id, roundId: entries.roundId }).from(entries).where(eq(entries.id, entryId)).get();
  if (!entry || entry.roundId !== roundId) throw new CouncilError("Sản phẩm không thuộc kỳ bình chọn này.", 400, "entryId");
  const dup = tx
    .select({ id: conflictsOfInterest.id })
    .from(conflictsOfInterest)
    .where(and(eq(conflictsOfInterest.entryId, entryId), eq(conflictsOfInterest.councilMemberId, memberId)))
    .get();
  if (dup) throw new CouncilError("Xung đột lợi ích này đã được ghi nhận.", 409, "entryId");
  return tx.insert(conflictsOfInterest).values({ entryId, councilMemberId: memberId, reason, declaredBy }).returning({ id: conflictsOfInterest.id }).get().id;
}

/** The organizer records a judge's conflict of interest on an entry: that judge will not score it. */
export async function recordConflict(p: Principal, roundId: number, input: { memberId: number; entryId: number; reason: string }, ip: string | null = null) {
  const { id, mails } = db.transaction(
    (tx) => {
      const round = managed(p, roundId);
      ensureEditable(round);
      const council = requireCouncil(tx, roundId);
      const m = tx.select().from(councilMembers).where(and(eq(councilMembers.id, input.memberId), eq(councilMembers.councilId, council.id))).get();
      if (!m || !m.isJudge) throw new CouncilError("Vui lòng chọn một giám khảo của Hội đồng.", 400, "memberId");
      const id = insertConflict(tx, roundId, m.id, input.entryId, input.reason, p.userId);
      restoreClosedResults(tx, roundId);
      audit(tx, { actorUserId: p.userId, action: "conflict.record", objectType: "conflict_of_interest", objectId: id, data: { roundId, memberId: m.id, entryId: input.entryId, reason: input.reason }, ip });
      const mails = m.userId
        ? notifyUsers(tx, [m.userId], {
            kind: "council.conflict",
            title: "Ghi nhận xung đột lợi ích",
            body: `Cơ quan tổ chức đã ghi nhận bạn có xung đột lợi ích với một sản phẩm của ${round.title} (lý do: ${input.reason}). Bạn sẽ không chấm sản phẩm đó.`,
            link: "/giam-khao/xung-dot",
          })
        : [];
      return { id, mails };
    },
    { behavior: "immediate" },
  );
  await deliverMail(mails);
  return id;
}

/** Removes a recorded conflict (the judge scores the entry again if assigned). */
export function removeConflict(p: Principal, roundId: number, conflictId: number, ip: string | null = null) {
  db.transaction(
    (tx) => {
      const round = managed(p, roundId);
      ensureEditable(round);
      const council = requireCouncil(tx, roundId);
      const c = tx
        .select({ id: conflictsOfInterest.id, entryId: conflictsOfInterest.entryId, memberId: conflictsOfInterest.councilMemberId, reason: conflictsOfInterest.reason })
        .from(conflictsOfInterest)
        .innerJoin(councilMembers, eq(councilMembers.id, conflictsOfInterest.councilMemberId))
        .where(and(eq(conflictsOfInterest.id, conflictId), eq(councilMembers.councilId, council.id)))
        .get();
      if (!c) notFound("Không tìm thấy xung đột lợi ích này.");
      tx.delete(conflictsOfInterest).where(eq(conflictsOfInterest.id, c.id)).run();
      restoreClosedResults(tx, roundId);
      audit(tx, { actorUserId: p.userId, action: "conflict.remove", objectType: "conflict_of_interest", objectId: c.id, data: { roundId, ...c }, ip });
    },
    { behavior: "immediate" },
  );
}

/* ------------------------------------------------------------------ */
/* Conflicts declared by the judge                                     */
/* ------------------------------------------------------------------ */

/** For the judge's conflict page: each council where the user scores, its entries and conflicts. */
export function judgeConflicts(p: Principal) {
  return p.councils
    .filter((c) => c.isJudge)
    .map((c) => {
      const round = db.select().from(rounds).where(eq(rounds.id, c.roundId)).get()!;
      const list = scoringEntries(round.id, 1);
      const mine = db
        .select({ id: conflictsOfInterest.id, entryId: conflictsOfInterest.entryId, reason: conflictsOfInterest.reason, createdAt: conflictsOfInterest.createdAt })
        .from(conflictsOfInterest)
        .where(eq(conflictsOfInterest.councilMemberId, c.memberId))
        .all();
      return {
        round: { id: round.id, title: round.title, status: round.status },
        open: !LOCKED_ROUND.includes(round.status),
        entries: list.map((e) => ({ id: e.entryId, votingCode: e.votingCode, productName: e.productName, groupName: e.groupName, establishmentName: e.establishmentName })),
        conflicts: mine.map((m) => ({ ...m, createdAt: m.createdAt.toISOString(), entry: list.find((e) => e.entryId === m.entryId) ?? null })),
      };
    });
}

/**
 * A judge declares a conflict of interest on an entry of a round it scores; it will not score
 * that entry. The round's organizers are told.
 */
export async function declareConflict(p: Principal, input: { entryId: number; reason: string }, ip: string | null = null) {
  const { id, mails } = db.transaction(
    (tx) => {
      const entry = tx.select({ id: entries.id, roundId: entries.roundId, votingCode: entries.votingCode }).from(entries).where(eq(entries.id, input.entryId)).get();
      const seat = entry ? p.councils.find((c) => c.roundId === entry.roundId && c.isJudge) : undefined;
      if (!entry || !seat) throw new CouncilError("Vui lòng chọn một sản phẩm của kỳ bình chọn bạn chấm.", 404, "entryId");
      const round = tx.select().from(rounds).where(eq(rounds.id, entry.roundId)).get()!;
      ensureEditable(round);
      const id = insertConflict(tx, round.id, seat.memberId, entry.id, input.reason, p.userId);
      restoreClosedResults(tx, round.id);
      audit(tx, { actorUserId: p.userId, action: "conflict.declare", objectType: "conflict_of_interest", objectId: id, data: { roundId: round.id, memberId: seat.memberId, entryId: entry.id, reason: input.reason }, ip });
      const member = tx.select({ fullName: councilMembers.fullName }).from(councilMembers).where(eq(councilMembers.id, seat.memberId)).get()!;
      const mails = notifyUsers(tx, bodyUserIds(tx, round.bodyId), {
        kind: "council.conflict.declared",
        title: `Giám khảo khai báo xung đột lợi ích: ${member.fullName}`,
        body: `${member.fullName} khai báo xung đột lợi ích với sản phẩm ${entry.votingCode ?? `#${entry.id}`} của ${round.title}. Lý do: ${input.reason}`,
        link: `/to-chuc/vong/${round.id}/phan-cong`,
      });
      return { id, mails };
    },
    { behavior: "immediate" },
  );
  await deliverMail(mails);
  return id;
}

/** Rounds whose scoring has not closed: a judge may still withdraw its own declaration. */
const WITHDRAWABLE: string[] = ["draft", "open", "intake_closed", "scoring"];

function withdrawable(roundId: number, status: string) {
  if (!WITHDRAWABLE.includes(status)) return false;
  const round = db.select().from(rounds).where(eq(rounds.id, roundId)).get()!;
  return !isStageClosed(roundId, currentStage(round));
}

/**
 * The judge withdraws a conflict it declared itself (a mistaken product, a relation that ended),
 * while scoring is still open: the judge scores the entry again if assigned. Audited, and the
 * round's organizers are told. A conflict the organizer recorded is the organizer's to remove.
 */
export async function withdrawConflict(p: Principal, conflictId: number, ip: string | null) {
  const mails = db.transaction(
    (tx) => {
      const c = tx
        .select({
          id: conflictsOfInterest.id,
          entryId: conflictsOfInterest.entryId,
          memberId: conflictsOfInterest.councilMemberId,
          reason: conflictsOfInterest.reason,
          declaredBy: conflictsOfInterest.declaredBy,
          roundId: entries.roundId,
          votingCode: entries.votingCode,
        })
        .from(conflictsOfInterest)
        .innerJoin(entries, eq(entries.id, conflictsOfInterest.entryId))
        .where(eq(conflictsOfInterest.id, conflictId))
        .get();
      const seat = c ? p.councils.find((s) => s.isJudge && s.memberId === c.memberId && s.roundId === c.roundId) : undefined;
      if (!c || !seat) notFound("Không tìm thấy khai báo xung đột lợi ích này.");
      if (c.declaredBy !== p.userId) throw new CouncilError("Xung đột lợi ích này do cơ quan tổ chức ghi nhận; chỉ cơ quan tổ chức gỡ được.", 403, "conflictId");
      const round = tx.select().from(rounds).where(eq(rounds.id, c.roundId)).get()!;
      if (!WITHDRAWABLE.includes(round.status) || isStageClosed(round.id, currentStage(round, tx), tx)) {
        throw new CouncilError("Vòng chấm đã khóa nên không rút được khai báo xung đột lợi ích.", 409, "conflictId");
      }
      tx.delete(conflictsOfInterest).where(eq(conflictsOfInterest.id, c.id)).run();
      audit(tx, {
        actorUserId: p.userId,
        action: "conflict.withdraw",
        objectType: "conflict_of_interest",
        objectId: c.id,
        data: { roundId: c.roundId, memberId: c.memberId, entryId: c.entryId, reason: c.reason },
        ip,
      });
      return notifyUsers(tx, bodyUserIds(tx, round.bodyId), {
        kind: "council.conflict.withdrawn",
        title: "Giám khảo rút khai báo xung đột lợi ích",
        body: `Một giám khảo đã rút khai báo xung đột lợi ích với sản phẩm ${c.votingCode ?? `#${c.entryId}`} của ${round.title} (lý do đã khai: ${c.reason}). Giám khảo sẽ chấm sản phẩm này nếu được phân công.`,
        link: `/to-chuc/vong/${round.id}/phan-cong`,
      });
    },
    { behavior: "immediate" },
  );
  await deliverMail(mails);
}

/** The judge's declared conflicts (judgeConflicts), each marked whether this judge may withdraw it now. */
export function judgeConflictsWithdrawable(p: Principal) {
  const councils = judgeConflicts(p);
  const ids = councils.flatMap((c) => c.conflicts.map((x) => x.id));
  const own = new Set(
    ids.length
      ? db
          .select({ id: conflictsOfInterest.id })
          .from(conflictsOfInterest)
          .where(and(inArray(conflictsOfInterest.id, ids), eq(conflictsOfInterest.declaredBy, p.userId)))
          .all()
          .map((r) => r.id)
      : [],
  );
  return councils.map((c) => {
    const open = withdrawable(c.round.id, c.round.status);
    return { ...c, conflicts: c.conflicts.map((x) => ({ ...x, canWithdraw: open && own.has(x.id) })) };
  });
}

/* ------------------------------------------------------------------ */
/* Progress of scoring (organizer): who has submitted, never points    */
/* ------------------------------------------------------------------ */

export function progressBoard(p: Principal, roundId: number, stageParam?: number | null) {
  const { round, canManage } = getRoundForOrganizer(p, roundId, { manage: true });
  const stage = clampStage(round, stageParam);
  const a = roundAssignment(roundId, stage);
  const entryIds = a.entries.map((e) => e.entryId);
  // Only the status of each sheet is read: organizers never see points before results.
  // Thousands at a national round: read as value arrays (no object per row from the query builder).
  const sheets = entryIds.length
    ? (
        db
          .select({ entryId: scoreSheets.entryId, memberId: scoreSheets.councilMemberId, status: scoreSheets.status })
          .from(scoreSheets)
          .where(and(sql`${scoreSheets.entryId} in (select value from json_each(${JSON.stringify(entryIds)}))`, eq(scoreSheets.stage, stage)))
          .values() as [number, number, "draft" | "submitted"][]
      ).map(([entryId, memberId, status]) => ({ entryId, memberId, status }))
    : [];
  const grid = progressGrid(a.plan, sheets);
  return {
    round: { id: round.id, title: round.title, status: round.status, level: round.level, year: round.year, assignmentMode: round.assignmentMode, minJudgesPerEntry: round.minJudgesPerEntry, scoringStages: round.scoringStages },
    canManage,
    stage,
    hasCouncil: !!a.council,
    judges: a.judges.map((j, i) => ({ id: j.id, fullName: j.fullName, title: j.title, role: j.role, hasAccount: !!j.userId, counts: grid.byJudge[i]! })),
    entries: a.entries.map((e, i) => ({
      id: e.entryId,
      votingCode: e.votingCode,
      productName: e.productName,
      groupName: e.groupName,
      missing: a.plan.entries[i]!.missing,
      counts: grid.byEntry[i]!,
      cells: grid.cells[i]!,
    })),
    total: grid.total,
    understaffed: a.plan.understaffed.length,
    complete: grid.total.assigned > 0 && grid.total.submitted === grid.total.assigned,
  };
}

export type ProgressBoard = ReturnType<typeof progressBoard>;
export type { AssignmentPlan };
