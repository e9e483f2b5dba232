import { and, desc, eq, inArray, or, sql } from "drizzle-orm";
import { adminUnits, auditLog, councilMembers, councils, criteriaSheets, documentTypes, entries, establishmentMembers, organizingBodies, products, recognitionDecisions, rounds, type RoundStatus } from "~db/schema";
import { formatDate, toDateInput, todayInVietnam } from "~/lib/dates";
import { db, type DbOrTx } from "~/lib/db.server";
import { deliverMail } from "~/lib/mail.server";
import { notFound } from "~/lib/http.server";
import { canCreateRound, canManageRound, canOverseeRound, type Principal, type RoundScope } from "~/lib/permissions";
import { audit } from "~/modules/audit/audit.server";
import { notifyUsers } from "~/modules/notify/notify.server";
import {
  canMoveRound,
  frozenChanges,
  LOWER_LEVEL,
  roundTransitionProblems,
  LATE_SETTING_LABELS,
  SCORING_STARTED,
  SETTING_LABELS,
  TIE_BREAK_PRESETS,
  type RoundSettingsInput,
} from "./rounds";
import { provinceIdOf } from "~/modules/units/units.server";
import { perGeneration } from "~/lib/public-generation.server";

export type Round = typeof rounds.$inferSelect;

/** Where a round sits, for the permission rules. */
export function roundScope(r: Pick<Round, "id" | "bodyId" | "level" | "unitId" | "regionCode">, tx: DbOrTx = db): RoundScope {
  return {
    roundId: r.id,
    bodyId: r.bodyId,
    level: r.level,
    unitId: r.unitId,
    regionCode: r.regionCode,
    provinceId: provinceIdOf(r.unitId, tx),
  };
}

/** Rounds this organizer manages: those of its bodies, or of its level and unit. */
export function listRoundsForOrganizer(p: Principal) {
  if (!p.staff.length) return [];
  const conds = p.staff.map((s) => {
    if (s.level === "national") return eq(rounds.level, "national");
    if (s.level === "region") return and(eq(rounds.level, "region"), eq(rounds.regionCode, s.regionCode ?? ""));
    return and(eq(rounds.level, s.level), eq(rounds.unitId, s.unitId ?? -1));
  });
  const rows = db
    .select({
      id: rounds.id,
      title: rounds.title,
      level: rounds.level,
      year: rounds.year,
      status: rounds.status,
      registrationOpensOn: rounds.registrationOpensOn,
      registrationClosesOn: rounds.registrationClosesOn,
      announcementOn: rounds.announcementOn,
      bodyName: organizingBodies.name,
      entryCount: sql<number>`(select count(*) from ${entries} where ${entries.roundId} = ${rounds.id} and ${entries.status} not in ('draft','withdrawn'))`,
    })
    .from(rounds)
    .innerJoin(organizingBodies, eq(organizingBodies.id, rounds.bodyId))
    .where(or(inArray(rounds.bodyId, p.staff.map((s) => s.bodyId)), ...conds))
    .orderBy(desc(rounds.year), desc(rounds.id))
    .all();
  return rows;
}

/**
 * A round as an organizer sees it. 404 when it does not exist or lies outside the organizer's
 * territory (so ids of other provinces reveal nothing); 403 would tell them it exists.
 */
export function getRoundForOrganizer(p: Principal, roundId: number, opts: { manage?: boolean } = {}) {
  const round = db.select().from(rounds).where(eq(rounds.id, roundId)).get();
  if (!round) notFound("Không tìm thấy kỳ bình chọn này.");
  const scope = roundScope(round);
  const allowed = opts.manage ? canManageRound(p, scope) : canOverseeRound(p, scope);
  if (!allowed) notFound("Không tìm thấy kỳ bình chọn này trong phạm vi của cơ quan bạn.");
  const body = db.select().from(organizingBodies).where(eq(organizingBodies.id, round.bodyId)).get()!;
  const unit = round.unitId ? db.select().from(adminUnits).where(eq(adminUnits.id, round.unitId)).get() : undefined;
  const counts = db
    .select({ status: entries.status, n: sql<number>`count(*)` })
    .from(entries)
    .where(eq(entries.roundId, round.id))
    .groupBy(entries.status)
    .all();
  return { round, body, unit, counts, canManage: canManageRound(p, scope) };
}

/** Published rounds, newest first (public; recomputed when public data changes). */
export const listPublishedRounds = perGeneration(computeListPublishedRounds);
function computeListPublishedRounds(limit = 10) {
  return db
    .select({ id: rounds.id, title: rounds.title, level: rounds.level, year: rounds.year, publishedAt: rounds.publishedAt })
    .from(rounds)
    .where(eq(rounds.status, "published" satisfies RoundStatus))
    .orderBy(desc(rounds.publishedAt))
    .limit(limit)
    .all();
}

/* ------------------------------------------------------------------ */
/* Creating and configuring rounds                                     */
/* ------------------------------------------------------------------ */

export class RoundError extends Error {
  constructor(
    message: string,
    public status = 400,
    public field = "_form",
  ) {
    super(message);
  }
}

/** The bodies the principal may create rounds for (its own bodies). */
export function bodiesForCreation(p: Principal) {
  if (!p.staff.length) return [];
  return db
    .select({ id: organizingBodies.id, name: organizingBodies.name, level: organizingBodies.level, unitId: organizingBodies.unitId, regionCode: organizingBodies.regionCode })
    .from(organizingBodies)
    .where(inArray(organizingBodies.id, p.staff.map((s) => s.bodyId)))
    .all();
}

function settingsValues(input: RoundSettingsInput) {
  return {
    title: input.title,
    year: input.year,
    rules: input.rules,
    registrationOpensOn: input.registrationOpensOn,
    registrationClosesOn: input.registrationClosesOn,
    dossierScoringFrom: input.dossierScoringFrom,
    dossierScoringTo: input.dossierScoringTo,
    directScoringFrom: input.directScoringFrom,
    directScoringTo: input.directScoringTo,
    councilMeetingOn: input.councilMeetingOn,
    announcementOn: input.announcementOn,
    passMarkTenths: input.passMarkTenths,
    recognitionCap: input.recognitionCap,
    scoringStages: input.scoringStages,
    certificateValidityMonths: input.certificateValidityMonths,
    tieBreak: TIE_BREAK_PRESETS[input.tieBreak]!.order,
    discrepancyToleranceTenths: input.discrepancyToleranceTenths,
    minJudgesPerEntry: input.minJudgesPerEntry,
    intakeAnswerWorkingDays: input.intakeAnswerWorkingDays,
    requiredDocumentTypes: input.requiredDocumentTypes.length ? [...new Set(input.requiredDocumentTypes)].sort() : null,
    certificateNumberPattern: input.certificateNumberPattern,
    releaseComments: input.releaseComments,
    // Not sent (an older client): the stored value stays, or the column's default for a new round.
    ...(input.complaintWindowWorkingDays !== undefined ? { complaintWindowWorkingDays: input.complaintWindowWorkingDays } : {}),
    ...(input.complaintAnswerDays !== undefined ? { complaintAnswerDays: input.complaintAnswerDays } : {}),
  };
}

function checkDocTypes(tx: DbOrTx, codes: string[]) {
  if (!codes.length) return;
  const known = new Set(tx.select({ code: documentTypes.code }).from(documentTypes).all().map((d) => d.code));
  if (codes.some((c) => !known.has(c))) throw new RoundError("Có loại tài liệu không tồn tại.", 400, "requiredDocumentTypes");
}

/** Creates a round (draft) for one of the principal's bodies, at that body's level and unit. */
export function createRound(p: Principal, bodyId: number, input: RoundSettingsInput): number {
  return db.transaction((tx) => {
    const body = tx.select().from(organizingBodies).where(eq(organizingBodies.id, bodyId)).get();
    if (!body || !p.staff.some((s) => s.bodyId === bodyId)) throw new RoundError("Bạn chỉ tạo được kỳ bình chọn cho cơ quan của mình.", 403, "bodyId");
    const level = body.level;
    if (!canCreateRound(p, { level, unitId: body.unitId, regionCode: body.regionCode })) {
      throw new RoundError("Bạn chỉ tạo được kỳ bình chọn cho cấp và địa bàn của cơ quan mình.", 403, "bodyId");
    }
    checkDocTypes(tx, input.requiredDocumentTypes);
    const regionCode = body.regionCode ?? (body.unitId ? tx.select({ r: adminUnits.regionCode }).from(adminUnits).where(eq(adminUnits.id, body.unitId)).get()?.r ?? null : null);
    const sheet = tx.select({ id: criteriaSheets.id }).from(criteriaSheets).where(eq(criteriaSheets.isOfficial, true)).orderBy(desc(criteriaSheets.version)).get();
    const id = tx
      .insert(rounds)
      .values({
        ...settingsValues(input),
        bodyId,
        level,
        unitId: level === "region" || level === "national" ? null : body.unitId,
        regionCode,
        status: "draft",
        requiresLevel: LOWER_LEVEL[level],
        criteriaSheetId: sheet?.id ?? null,
        createdBy: p.userId,
      })
      .returning({ id: rounds.id })
      .get().id;
    audit(tx, { actorUserId: p.userId, action: "round.create", objectType: "round", objectId: id, data: { bodyId, level } });
    return id;
  });
}

/** Changes a round's settings. Score-changing settings are refused once scoring has started. */
export function updateRoundSettings(p: Principal, roundId: number, input: RoundSettingsInput, expectedVersion?: number) {
  db.transaction((tx) => {
    const { round } = getRoundForOrganizer(p, roundId, { manage: true });
    if (expectedVersion != null && expectedVersion !== round.version) {
      throw new RoundError("Kỳ bình chọn vừa được người khác cập nhật. Vui lòng tải lại trang rồi sửa lại.", 409);
    }
    checkDocTypes(tx, input.requiredDocumentTypes);
    const next = settingsValues(input);
    const frozen = frozenChanges(round.status, round as unknown as Record<string, unknown>, { ...round, ...next } as unknown as Record<string, unknown>);
    if (frozen.length) {
      const label = (k: string) => SETTING_LABELS[k as keyof typeof SETTING_LABELS] ?? LATE_SETTING_LABELS[k as keyof typeof LATE_SETTING_LABELS] ?? k;
      const why = SCORING_STARTED.includes(round.status) && frozen.some((k) => k in SETTING_LABELS) ? "Đã bắt đầu chấm điểm" : "Kết quả đã công bố";
      throw new RoundError(`${why} nên không thể đổi: ${frozen.map(label).join(", ")}.`, 409, frozen[0]);
    }
    const res = tx
      .update(rounds)
      .set({ ...next, version: round.version + 1, updatedAt: new Date() })
      .where(and(eq(rounds.id, roundId), eq(rounds.version, round.version)))
      .run();
    if (res.changes !== 1) throw new RoundError("Kỳ bình chọn vừa được người khác cập nhật. Vui lòng tải lại trang.", 409);
    audit(tx, { actorUserId: p.userId, action: "round.update", objectType: "round", objectId: roundId, data: { version: round.version + 1 } });
  });
}

export interface RoundMove {
  from: RoundStatus;
  to: RoundStatus;
  /** Closing intake: establishments told now that their drafts will not be submitted. */
  notifiedEstablishments: number;
  /** Closing intake: drafts left in the round. */
  drafts: number;
}

/**
 * Moves a round along its status table, checking what the move needs. `expectedVersion` (the
 * version the person confirmed) and `expectedFrom` refuse the move when the round changed meanwhile. Closing
 * intake tells the producers whose drafts will not be submitted (once per draft: a close after a
 * reopen does not tell them again); their mail goes out after the commit.
 */
export async function moveRound(p: Principal, roundId: number, to: RoundStatus, opts: { expectedVersion?: number; expectedFrom?: RoundStatus } = {}): Promise<RoundMove> {
  const { move, mails } = db.transaction(
    (tx) => {
      const { round } = getRoundForOrganizer(p, roundId, { manage: true });
      if ((opts.expectedVersion != null && opts.expectedVersion !== round.version) || (opts.expectedFrom != null && opts.expectedFrom !== round.status)) {
        throw new RoundError("Kỳ bình chọn vừa được người khác cập nhật. Vui lòng tải lại trang.", 409);
      }
      if (!canMoveRound(round.status, to)) throw new RoundError("Không thể chuyển kỳ bình chọn sang trạng thái này.", 409);
      const count = (statuses: string[]) =>
        tx.select({ n: sql<number>`count(*)` }).from(entries).where(and(eq(entries.roundId, roundId), inArray(entries.status, statuses as never[]))).get()!.n;
      const judges = tx
        .select({ n: sql<number>`count(*)` })
        .from(councilMembers)
        .innerJoin(councils, eq(councils.id, councilMembers.councilId))
        .where(and(eq(councils.roundId, roundId), eq(councilMembers.isJudge, true)))
        .get()!.n;
      const problems = roundTransitionProblems(to, {
        registrationOpensOn: round.registrationOpensOn,
        registrationClosesOn: round.registrationClosesOn,
        acceptedEntries: count(["accepted"]),
        pendingIntake: count(["submitted", "needs_completion"]),
        judges,
        minJudges: round.minJudgesPerEntry,
      });
      if (problems.length) throw new RoundError(problems.join(" "), 409);
      const res = tx
        .update(rounds)
        .set({ status: to, version: round.version + 1, updatedAt: new Date(), ...(to === "scoring" && !round.scoringStartedAt ? { scoringStartedAt: new Date() } : {}) })
        .where(and(eq(rounds.id, roundId), eq(rounds.version, round.version)))
        .run();
      if (res.changes !== 1) throw new RoundError("Kỳ bình chọn vừa được người khác cập nhật. Vui lòng tải lại trang.", 409);
      const told = to === "intake_closed" ? tellDraftHolders(tx, p, round) : { establishments: 0, drafts: 0, mails: [] as number[] };
      // Judges hear that scoring has started (their inbox and email), with the way to their sheets.
      if (to === "scoring" && round.status !== "results_review") told.mails.push(...tellJudgesScoringStarted(tx, round));
      audit(tx, {
        actorUserId: p.userId,
        action: "round.status",
        objectType: "round",
        objectId: roundId,
        data: { from: round.status, to, ...(to === "intake_closed" ? { drafts: told.drafts, notifiedEstablishments: told.establishments } : {}) },
      });
      return { move: { from: round.status, to, notifiedEstablishments: told.establishments, drafts: told.drafts }, mails: told.mails };
    },
    { behavior: "immediate" },
  );
  await deliverMail(mails);
  return move;
}

/** Every judge of the round's council with an account: one notice (and email) that scoring is open. */
function tellJudgesScoringStarted(tx: DbOrTx, round: typeof rounds.$inferSelect): number[] {
  const judges = tx
    .select({ userId: councilMembers.userId })
    .from(councilMembers)
    .innerJoin(councils, eq(councils.id, councilMembers.councilId))
    .where(and(eq(councils.roundId, round.id), eq(councilMembers.isJudge, true)))
    .all()
    .map((j) => j.userId)
    .filter((id): id is string => !!id);
  if (!judges.length) return [];
  return notifyUsers(tx, [...new Set(judges)], {
    kind: "judge.scoring_started",
    title: `Bắt đầu chấm điểm: ${round.title}`,
    body: `Hội đồng bắt đầu chấm điểm${round.councilMeetingOn ? `; phiên họp Hội đồng ngày ${formatDate(round.councilMeetingOn)}` : ""}. Mở danh sách sản phẩm được giao để xem hồ sơ và chấm.`,
    link: `/giam-khao/vong/${round.id}`,
  });
}

/** The audit action that records a draft's producers were told intake closed (once per draft). */
export const DRAFT_NOTICE_ACTION = "entry.intake_closed_notice";

/**
 * Closing intake: each establishment with drafts not yet told gets one notice (in the app and by
 * email) to each of its members, naming its drafts; each draft told is recorded in the audit log
 * so a later close (after a reopen) does not tell it again.
 */
function tellDraftHolders(tx: DbOrTx, p: Principal, round: Round) {
  const drafts = tx
    .select({ id: entries.id, establishmentId: entries.establishmentId, productName: products.name })
    .from(entries)
    .innerJoin(products, eq(products.id, entries.productId))
    .where(and(eq(entries.roundId, round.id), eq(entries.status, "draft")))
    .orderBy(entries.id)
    .all();
  if (!drafts.length) return { establishments: 0, drafts: 0, mails: [] as number[] };
  const told = new Set(
    tx
      .select({ id: auditLog.objectId })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.action, DRAFT_NOTICE_ACTION),
          eq(auditLog.objectType, "entry"),
          sql`${auditLog.objectId} in (select cast(${entries.id} as text) from ${entries} where ${entries.roundId} = ${round.id} and ${entries.status} = 'draft')`,
        ),
      )
      .all()
      .map((r) => Number(r.id)),
  );
  const fresh = drafts.filter((d) => !told.has(d.id));
  const byEstablishment = new Map<number, typeof fresh>();
  for (const d of fresh) byEstablishment.set(d.establishmentId, [...(byEstablishment.get(d.establishmentId) ?? []), d]);
  const members = byEstablishment.size
    ? tx
        .select({ establishmentId: establishmentMembers.establishmentId, userId: establishmentMembers.userId })
        .from(establishmentMembers)
        .where(inArray(establishmentMembers.establishmentId, [...byEstablishment.keys()]))
        .all()
    : [];
  const today = todayInVietnam();
  const early = round.registrationClosesOn && today < round.registrationClosesOn ? ` trước hạn đã công bố (${formatDate(round.registrationClosesOn)})` : "";
  const mails: number[] = [];
  for (const [establishmentId, list] of byEstablishment) {
    const userIds = members.filter((m) => m.establishmentId === establishmentId).map((m) => m.userId);
    const names = list.map((d) => `"${d.productName}"`).join(", ");
    mails.push(
      ...notifyUsers(tx, userIds, {
        kind: "round.intake_closed",
        title: `Đã đóng nhận hồ sơ: ${round.title}`,
        body:
          `Cơ quan tổ chức đã đóng nhận hồ sơ ngày ${formatDate(today)}${early}. ` +
          `${list.length === 1 ? `Hồ sơ nháp của sản phẩm ${names} chưa nộp` : `${list.length} hồ sơ nháp chưa nộp (${names})`} nên không được nộp nữa, ` +
          "trừ khi cơ quan tổ chức mở lại nhận hồ sơ. Vui lòng liên hệ cơ quan tổ chức nếu cần.",
        link: list.length === 1 ? `/co-so/du-thi/${list[0]!.id}` : "/co-so",
      }),
    );
  }
  for (let i = 0; i < fresh.length; i += 500) {
    tx.insert(auditLog)
      .values(fresh.slice(i, i + 500).map((d) => ({ actorUserId: p.userId, action: DRAFT_NOTICE_ACTION, objectType: "entry", objectId: String(d.id), data: { roundId: round.id } })))
      .run();
  }
  return { establishments: byEstablishment.size, drafts: drafts.length, mails };
}

/** Form values for a round (defaults for a new one). */
export function roundFormValues(r?: Round): Record<string, string | string[]> {
  const tie = r ? Object.entries(TIE_BREAK_PRESETS).find(([, v]) => JSON.stringify(v.order) === JSON.stringify(r.tieBreak))?.[0] ?? "I,II,vote" : "I,II,vote";
  const year = Number(todayInVietnam().slice(0, 4));
  const dot = (t: number) => (t / 10).toString().replace(".", ",");
  return {
    title: r?.title ?? "",
    year: String(r?.year ?? year),
    rules: r?.rules ?? "",
    // Dates as people read and type them: dd/mm/yyyy (docs/decisions/0033).
    registrationOpensOn: toDateInput(r?.registrationOpensOn),
    registrationClosesOn: toDateInput(r?.registrationClosesOn),
    dossierScoringFrom: toDateInput(r?.dossierScoringFrom),
    dossierScoringTo: toDateInput(r?.dossierScoringTo),
    directScoringFrom: toDateInput(r?.directScoringFrom),
    directScoringTo: toDateInput(r?.directScoringTo),
    councilMeetingOn: toDateInput(r?.councilMeetingOn),
    announcementOn: toDateInput(r?.announcementOn),
    passMarkTenths: dot(r?.passMarkTenths ?? 700),
    recognitionCap: r?.recognitionCap != null ? String(r.recognitionCap) : "",
    scoringStages: String(r?.scoringStages ?? 1),
    certificateValidityMonths: String(r?.certificateValidityMonths ?? 36),
    tieBreak: tie,
    discrepancyToleranceTenths: dot(r?.discrepancyToleranceTenths ?? 150),
    minJudgesPerEntry: String(r?.minJudgesPerEntry ?? 3),
    intakeAnswerWorkingDays: String(r?.intakeAnswerWorkingDays ?? 3),
    requiredDocumentTypes: r?.requiredDocumentTypes ?? [],
    certificateNumberPattern: r?.certificateNumberPattern ?? "{seq}/GCN-{level}-{year}",
    releaseComments: r?.releaseComments ? "1" : "",
    complaintWindowWorkingDays: String(r?.complaintWindowWorkingDays ?? 10),
    complaintAnswerDays: String(r?.complaintAnswerDays ?? 30),
  };
}

/**
 * What the recognition decision form can fill in: the issuer (the organizing body's name, or the
 * issuer of this body's latest decision in another round, which names the real signing authority,
 * e.g. "UBND tỉnh Bắc Ninh" for the Sở Công Thương) and that decision's signer.
 */
export function decisionDefaults(roundId: number): { issuer: string; signerName: string; signerTitle: string } {
  const row = db.select({ bodyId: rounds.bodyId, bodyName: organizingBodies.name }).from(rounds).innerJoin(organizingBodies, eq(organizingBodies.id, rounds.bodyId)).where(eq(rounds.id, roundId)).get();
  if (!row) return { issuer: "", signerName: "", signerTitle: "" };
  const last = db
    .select({ issuer: recognitionDecisions.issuer, signerName: recognitionDecisions.signerName, signerTitle: recognitionDecisions.signerTitle })
    .from(recognitionDecisions)
    .innerJoin(rounds, eq(rounds.id, recognitionDecisions.roundId))
    .where(and(eq(rounds.bodyId, row.bodyId), sql`${rounds.id} <> ${roundId}`))
    .orderBy(desc(recognitionDecisions.id))
    .get();
  return last ?? { issuer: row.bodyName, signerName: "", signerTitle: "" };
}

export function listDocumentTypes() {
  return db.select().from(documentTypes).orderBy(documentTypes.position).all();
}
