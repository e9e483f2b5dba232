/**
 * Khiếu nại về kết quả (issue 14): filing by a producer with an entry in a published round, the
 * council's queue (the organizer managing the round and the council's chair), a re-check by a
 * council member other than the judge the complaint names, and the council's answer. Every step
 * is one transaction with its audit row and a complaint_events row; the producer is told of each
 * step (in the app and by email). The correction of an upheld complaint is in correction.server.ts.
 * docs/decisions/0035-complaints.md.
 */
import { and, asc, desc, eq, inArray, isNotNull, like, sql } from "drizzle-orm";
import {
  complaintEvents,
  complaintFiles,
  complaints,
  councilMembers,
  councils,
  councilVerdicts,
  dossierDocuments,
  entries,
  establishments,
  files,
  holidays,
  organizingBodies,
  productGroups,
  products,
  recognitionDecisions,
  results,
  rounds,
  users,
} from "~db/schema";
import { formatDate, todayInVietnam } from "~/lib/dates";
import { db, type DbOrTx, type Tx } from "~/lib/db.server";
import { forbidden, notFound } from "~/lib/http.server";
import { deliverMail } from "~/lib/mail.server";
import { canActForEstablishment, canChairRound, canManageRound, canOverseeRound, type Principal } from "~/lib/permissions";
import type { ReceivedFile } from "~/lib/uploads.server";
import { audit } from "~/modules/audit/audit.server";
import { bodyUserIds, establishmentUserIds, notifyUsers, type Notice } from "~/modules/notify/notify.server";
import { insertFile } from "~/modules/producers/producers.server";
import { roundScope } from "~/modules/rounds/rounds.server";
import {
  answerDueOn,
  COMPLAINT_BODY_MAX,
  COMPLAINT_BODY_MIN,
  COMPLAINT_MAX_FILES,
  COMPLAINT_OUTCOME_LABELS,
  complaintDeadline,
  complaintNumber,
  isOverdue,
  isUnresolved,
  nextComplaintSeq,
  statusAfter,
  stepRefusal,
  withinWindow,
  type ComplaintOutcome,
  type ComplaintStatus,
  type ComplaintStep,
} from "./complaints";

/** A refusal the person can act on, with its HTTP status and the field it concerns. */
export class ComplaintError extends Error {
  constructor(
    message: string,
    public status = 400,
    public field = "_form",
  ) {
    super(message);
  }
}

type Round = typeof rounds.$inferSelect;
export type ComplaintRow = typeof complaints.$inferSelect;

const clean = (s: string | null | undefined) => (s ?? "").normalize("NFC").replace(/\r\n?/g, "\n").trim();

export function holidaySet(tx: DbOrTx = db): Set<string> {
  return new Set(tx.select({ d: holidays.date }).from(holidays).all().map((h) => h.d));
}

/** The day results were published, in Vietnam ("YYYY-MM-DD"), or null. */
export function publishedOn(round: Pick<Round, "publishedAt">): string | null {
  return round.publishedAt ? todayInVietnam(round.publishedAt) : null;
}

/** The round's council members (names and titles only: never their scores). */
function councilOf(tx: DbOrTx, roundId: number) {
  return tx
    .select({ id: councilMembers.id, userId: councilMembers.userId, fullName: councilMembers.fullName, title: councilMembers.title, role: councilMembers.role, isJudge: councilMembers.isJudge })
    .from(councilMembers)
    .innerJoin(councils, eq(councils.id, councilMembers.councilId))
    .where(eq(councils.roundId, roundId))
    .orderBy(asc(councilMembers.id))
    .all();
}

function chairUserIds(tx: DbOrTx, roundId: number): string[] {
  return councilOf(tx, roundId)
    .filter((m) => m.role === "chair" && m.userId)
    .map((m) => m.userId!);
}

function event(tx: Tx, complaintId: number, kind: string, actorUserId: string | null, note: string | null = null) {
  tx.insert(complaintEvents).values({ complaintId, kind, note, actorUserId }).run();
}

/* ------------------------------------------------------------------ */
/* The producer's side                                                 */
/* ------------------------------------------------------------------ */

/**
 * The producer's entries it may complain about: entries of its establishments in published
 * rounds (recognised or not), each with the window's last day, whether it is still open, the
 * unresolved complaint if any, and the council's members it may name.
 */
export function complaintOptions(p: Principal, today = todayInVietnam()) {
  if (!p.establishmentIds.length) return [];
  const rows = db
    .select({
      entryId: entries.id,
      entryStatus: entries.status,
      dossierNo: entries.dossierNo,
      productName: products.name,
      establishmentName: establishments.name,
      round: rounds,
    })
    .from(entries)
    .innerJoin(rounds, eq(rounds.id, entries.roundId))
    .innerJoin(products, eq(products.id, entries.productId))
    .innerJoin(establishments, eq(establishments.id, entries.establishmentId))
    .where(and(inArray(entries.establishmentId, p.establishmentIds), eq(rounds.status, "published"), inArray(entries.status, ["recognised", "not_recognised"])))
    .orderBy(desc(rounds.publishedAt), asc(entries.id))
    .all();
  if (!rows.length) return [];
  const hol = holidaySet();
  const open = new Map(
    db
      .select({ entryId: complaints.entryId, number: complaints.number, id: complaints.id, status: complaints.status })
      .from(complaints)
      .where(inArray(complaints.entryId, rows.map((r) => r.entryId)))
      .all()
      .filter((c) => isUnresolved(c.status))
      .map((c) => [c.entryId!, c]),
  );
  const members = new Map<number, { id: number; label: string }[]>();
  return rows.map((r) => {
    const pub = publishedOn(r.round)!;
    const deadline = complaintDeadline(pub, r.round.complaintWindowWorkingDays, hol);
    if (!members.has(r.round.id)) {
      members.set(
        r.round.id,
        councilOf(db, r.round.id)
          .filter((m) => m.isJudge)
          .map((m) => ({ id: m.id, label: [m.fullName, m.title].filter(Boolean).join(", ") })),
      );
    }
    return {
      entryId: r.entryId,
      recognised: r.entryStatus === "recognised",
      dossierNo: r.dossierNo,
      productName: r.productName,
      establishmentName: r.establishmentName,
      roundId: r.round.id,
      roundTitle: r.round.title,
      publishedOn: pub,
      deadline,
      inWindow: withinWindow(pub, today, r.round.complaintWindowWorkingDays, hol),
      openComplaint: open.get(r.entryId) ? { id: open.get(r.entryId)!.id, number: open.get(r.entryId)!.number } : null,
      members: members.get(r.round.id)!,
    };
  });
}

export interface FileInput {
  entryId: number;
  body: string;
  namedMemberId?: number | null;
}

/**
 * Files a complaint. Refused (nothing written, the caller removes the uploaded bytes): an entry
 * not of the producer's establishments, a round not published, after the window, a second
 * complaint on an entry whose first is unresolved, a named member not of the round's council,
 * files that are not PDF or images. Returns the complaint's id and number; the caller removes
 * the uploaded bytes when this throws.
 */
export async function fileComplaint(p: Principal, input: FileInput, incoming: ReceivedFile[] = [], today = todayInVietnam()): Promise<{ id: number; number: string }> {
  const body = clean(input.body);
  if (body.length < COMPLAINT_BODY_MIN) throw new ComplaintError(`Vui lòng trình bày nội dung khiếu nại (ít nhất ${COMPLAINT_BODY_MIN} ký tự): kết quả nào, vì sao bạn cho là chưa đúng.`, 400, "body");
  if (body.length > COMPLAINT_BODY_MAX) throw new ComplaintError(`Nội dung khiếu nại quá dài (tối đa ${COMPLAINT_BODY_MAX} ký tự).`, 400, "body");
  if (incoming.length > COMPLAINT_MAX_FILES) throw new ComplaintError(`Mỗi khiếu nại kèm tối đa ${COMPLAINT_MAX_FILES} tệp.`, 400, "files");
  const bad = incoming.find((f) => f.kind !== "pdf" && f.kind !== "image");
  if (bad) throw new ComplaintError(`Tệp "${bad.originalName}" không phải PDF hay ảnh JPEG, PNG, WebP.`, 415, "files");
  const { out, mails } = db.transaction(
    (tx) => {
      const entry = tx.select().from(entries).where(eq(entries.id, input.entryId)).get();
      if (!entry || !canActForEstablishment(p, entry.establishmentId)) {
        throw new ComplaintError("Chỉ cơ sở có sản phẩm dự thi trong kỳ bình chọn mới được khiếu nại về kết quả của sản phẩm đó. Hãy chọn một sản phẩm của cơ sở bạn.", 403, "entryId");
      }
      const round = tx.select().from(rounds).where(eq(rounds.id, entry.roundId)).get()!;
      const pub = publishedOn(round);
      if (round.status !== "published" || !pub) throw new ComplaintError("Kết quả của kỳ bình chọn này chưa được công bố (hoặc đã lưu trữ) nên chưa thể khiếu nại.", 409, "entryId");
      if (entry.status !== "recognised" && entry.status !== "not_recognised") throw new ComplaintError("Sản phẩm này không có kết quả bình chọn để khiếu nại.", 409, "entryId");
      const hol = holidaySet(tx);
      if (!withinWindow(pub, today, round.complaintWindowWorkingDays, hol)) {
        const last = complaintDeadline(pub, round.complaintWindowWorkingDays, hol);
        throw new ComplaintError(
          `Đã hết thời hạn khiếu nại: kết quả công bố ngày ${formatDate(pub)}, nhận khiếu nại trong ${round.complaintWindowWorkingDays} ngày làm việc, đến hết ngày ${formatDate(last)}.`,
          409,
          "entryId",
        );
      }
      const pending = tx
        .select({ number: complaints.number, status: complaints.status })
        .from(complaints)
        .where(eq(complaints.entryId, entry.id))
        .all()
        .find((c) => isUnresolved(c.status));
      if (pending) throw new ComplaintError(`Sản phẩm này đã có khiếu nại số ${pending.number} đang được giải quyết. Chỉ nộp khiếu nại mới khi khiếu nại đó đã có kết quả.`, 409, "entryId");
      let namedMemberId: number | null = null;
      if (input.namedMemberId) {
        const m = councilOf(tx, round.id).find((x) => x.id === input.namedMemberId && x.isJudge);
        if (!m) throw new ComplaintError("Giám khảo được nêu không thuộc Hội đồng của kỳ bình chọn này.", 400, "namedMemberId");
        namedMemberId = m.id;
      }
      const year = Number(today.slice(0, 4));
      const existing = tx.select({ n: complaints.number }).from(complaints).where(like(complaints.number, `KN-${year}-%`)).all().map((r) => r.n);
      const number = complaintNumber(year, nextComplaintSeq(existing, year));
      const due = answerDueOn(today, round.complaintAnswerDays);
      const id = tx
        .insert(complaints)
        .values({ roundId: round.id, entryId: entry.id, number, submittedBy: p.userId, body, namedMemberId, status: "open", answerDueOn: due })
        .returning({ id: complaints.id })
        .get().id;
      for (const f of incoming) tx.insert(complaintFiles).values({ complaintId: id, fileId: insertFile(tx, f, p.userId) }).onConflictDoNothing().run();
      event(tx, id, "filed", p.userId, `${incoming.length} tệp kèm theo.`);
      audit(tx, { actorUserId: p.userId, action: "complaint.file", objectType: "complaint", objectId: id, data: { number, roundId: round.id, entryId: entry.id, files: incoming.length, namedMemberId } });
      const product = tx.select({ name: products.name }).from(products).where(eq(products.id, entry.productId)).get()!;
      const mails = [
        ...notifyUsers(tx, establishmentUserIds(tx, entry.establishmentId), {
          kind: "complaint.filed",
          title: `Đã nhận khiếu nại số ${number}`,
          body: `Khiếu nại về kết quả của sản phẩm "${product.name}" trong "${round.title}" đã được tiếp nhận. Hạn trả lời: ${formatDate(due)}.`,
          link: `/co-so/khieu-nai/${id}`,
        }),
        ...notifyUsers(tx, [...bodyUserIds(tx, round.bodyId), ...chairUserIds(tx, round.id)], {
          kind: "complaint.received",
          title: `Khiếu nại mới ${number}`,
          body: `Có khiếu nại về kết quả của sản phẩm "${product.name}" trong "${round.title}". Hạn trả lời: ${formatDate(due)}.`,
          link: `/to-chuc/vong/${round.id}/khieu-nai/${id}`,
        }),
      ];
      return { out: { id, number }, mails };
    },
    { behavior: "immediate" },
  );
  deliverMail(mails).catch(() => {});
  return out;
}

/** The producer's complaints, newest first. */
export function producerComplaints(p: Principal) {
  if (!p.establishmentIds.length) return [];
  return db
    .select({ id: complaints.id, number: complaints.number, status: complaints.status, outcome: complaints.outcome, answerDueOn: complaints.answerDueOn, createdAt: complaints.createdAt, productName: products.name, roundTitle: rounds.title })
    .from(complaints)
    .innerJoin(entries, eq(entries.id, complaints.entryId))
    .innerJoin(products, eq(products.id, entries.productId))
    .innerJoin(rounds, eq(rounds.id, complaints.roundId))
    .where(inArray(entries.establishmentId, p.establishmentIds))
    .orderBy(desc(complaints.id))
    .all();
}

function loadComplaint(tx: DbOrTx, id: number) {
  const row = tx
    .select({ c: complaints, establishmentId: entries.establishmentId, productName: products.name, votingCode: entries.votingCode, dossierNo: entries.dossierNo, entryStatus: entries.status, producerName: establishments.name, round: rounds, groupName: productGroups.name, productId: products.id })
    .from(complaints)
    .innerJoin(entries, eq(entries.id, complaints.entryId))
    .innerJoin(products, eq(products.id, entries.productId))
    .innerJoin(productGroups, eq(productGroups.id, products.productGroupId))
    .innerJoin(establishments, eq(establishments.id, entries.establishmentId))
    .innerJoin(rounds, eq(rounds.id, complaints.roundId))
    .where(eq(complaints.id, id))
    .get();
  return row ?? null;
}

function filesOf(tx: DbOrTx, complaintId: number) {
  return tx
    .select({ id: files.id, name: files.originalName, mimeType: files.mimeType, sizeBytes: files.sizeBytes })
    .from(complaintFiles)
    .innerJoin(files, eq(files.id, complaintFiles.fileId))
    .where(eq(complaintFiles.complaintId, complaintId))
    .orderBy(asc(files.id))
    .all();
}

function eventsOf(tx: DbOrTx, complaintId: number) {
  return tx
    .select({ id: complaintEvents.id, kind: complaintEvents.kind, note: complaintEvents.note, createdAt: complaintEvents.createdAt, actor: users.fullName })
    .from(complaintEvents)
    .leftJoin(users, eq(users.id, complaintEvents.actorUserId))
    .where(eq(complaintEvents.complaintId, complaintId))
    .orderBy(asc(complaintEvents.id))
    .all();
}

function decisionOf(tx: DbOrTx, id: number | null) {
  return id ? (tx.select().from(recognitionDecisions).where(eq(recognitionDecisions.id, id)).get() ?? null) : null;
}

/**
 * One complaint for the producer whose establishment filed it (404 for anyone else): the
 * timeline without internal notes (the re-check note and who re-checked stay with the council).
 */
export function complaintForProducer(p: Principal, id: number) {
  const row = loadComplaint(db, id);
  if (!row || !canActForEstablishment(p, row.establishmentId)) notFound("Không tìm thấy khiếu nại này.");
  const { c } = row;
  const amended = decisionOf(db, c.amendedDecisionId);
  return {
    complaint: { id: c.id, number: c.number!, status: c.status, body: c.body, outcome: c.outcome, response: c.response, answerDueOn: c.answerDueOn, answeredAt: c.answeredAt, createdAt: c.createdAt, resolvedAt: c.resolvedAt },
    entry: { id: c.entryId!, productName: row.productName, dossierNo: row.dossierNo, producerName: row.producerName },
    round: { id: row.round.id, title: row.round.title },
    amendedDecision: amended ? { number: amended.number, signedOn: amended.signedOn } : null,
    files: filesOf(db, c.id),
    events: eventsOf(db, c.id).map((e) => ({ id: e.id, kind: e.kind, createdAt: e.createdAt, note: e.kind === "recheck_asked" || e.kind === "recheck_done" || e.kind === "sheets_reopened" ? null : e.note })),
  };
}

/** What the receipt (page or PDF) prints: the producer of the complaint only. */
export function complaintReceipt(p: Principal, id: number) {
  const d = complaintForProducer(p, id);
  const row = loadComplaint(db, id)!;
  const body = db.select({ name: organizingBodies.name }).from(organizingBodies).where(eq(organizingBodies.id, row.round.bodyId)).get()!;
  return { ...d, bodyName: body.name, fileCount: d.files.length, windowDays: row.round.complaintWindowWorkingDays, answerDays: row.round.complaintAnswerDays };
}

/* ------------------------------------------------------------------ */
/* The council's side                                                  */
/* ------------------------------------------------------------------ */

/**
 * Who handles the round's complaints: the organizer managing the round and the council's chair.
 * Another council member or an overseeing body 403; anyone else 404 (nothing about the round).
 */
export function councilAccess(p: Principal, roundId: number, tx: DbOrTx = db) {
  const round = tx.select().from(rounds).where(eq(rounds.id, roundId)).get();
  if (!round) notFound("Không tìm thấy kỳ bình chọn này.");
  const scope = roundScope(round, tx);
  const canManage = canManageRound(p, scope);
  const isChair = canChairRound(p, roundId);
  if (!canManage && !isChair) {
    if (canOverseeRound(p, scope) || p.councils.some((c) => c.roundId === roundId)) forbidden("Chỉ cơ quan tổ chức kỳ bình chọn hoặc Chủ tịch Hội đồng giải quyết khiếu nại.");
    notFound("Không tìm thấy kỳ bình chọn này.");
  }
  return { round, canManage, isChair };
}

/** The round's complaints with their answer-by dates (overdue marked), oldest unresolved first. */
export function complaintQueue(p: Principal, roundId: number, today = todayInVietnam()) {
  const { round, canManage, isChair } = councilAccess(p, roundId);
  const list = db
    .select({ id: complaints.id, number: complaints.number, status: complaints.status, outcome: complaints.outcome, answerDueOn: complaints.answerDueOn, createdAt: complaints.createdAt, productName: products.name, votingCode: entries.votingCode, producerName: establishments.name })
    .from(complaints)
    .innerJoin(entries, eq(entries.id, complaints.entryId))
    .innerJoin(products, eq(products.id, entries.productId))
    .innerJoin(establishments, eq(establishments.id, entries.establishmentId))
    .where(eq(complaints.roundId, roundId))
    .orderBy(sql`${complaints.status} = 'closed'`, asc(complaints.answerDueOn), asc(complaints.id))
    .all()
    .map((c) => ({ ...c, overdue: isOverdue(c.status, c.answerDueOn, today) }));
  const pub = publishedOn(round);
  return {
    round: { id: round.id, title: round.title, status: round.status, level: round.level },
    canManage,
    isChair,
    window: pub ? { publishedOn: pub, deadline: complaintDeadline(pub, round.complaintWindowWorkingDays, holidaySet()), days: round.complaintWindowWorkingDays, answerDays: round.complaintAnswerDays } : null,
    complaints: list,
    counts: { total: list.length, unresolved: list.filter((c) => isUnresolved(c.status)).length, overdue: list.filter((c) => c.overdue).length },
  };
}

/** One complaint for the council: everything, with the members it may ask to re-check. */
export function complaintForCouncil(p: Principal, roundId: number, id: number, today = todayInVietnam()) {
  const access = councilAccess(p, roundId);
  const row = loadComplaint(db, id);
  if (!row || row.c.roundId !== roundId) notFound("Không tìm thấy khiếu nại này.");
  const { c } = row;
  const members = councilOf(db, roundId);
  const verdict = db.select().from(councilVerdicts).where(eq(councilVerdicts.entryId, c.entryId!)).get() ?? null;
  const result = db
    .select({ stage: results.stage, sumTenths: results.sumTenths, judgesCount: results.judgesCount, passed: results.passed, rank: results.rank })
    .from(results)
    .where(eq(results.entryId, c.entryId!))
    .orderBy(desc(results.stage))
    .get();
  const name = (mid: number | null) => (mid ? (members.find((m) => m.id === mid)?.fullName ?? null) : null);
  return {
    ...access,
    round: { id: access.round.id, title: access.round.title, status: access.round.status, level: access.round.level },
    complaint: { ...c, overdue: isOverdue(c.status, c.answerDueOn, today), namedMember: name(c.namedMemberId), recheckMember: name(c.recheckMemberId) },
    entry: { id: c.entryId!, productName: row.productName, votingCode: row.votingCode, dossierNo: row.dossierNo, status: row.entryStatus, producerName: row.producerName, groupName: row.groupName },
    verdict: verdict ? { recognised: verdict.recognised, note: verdict.note } : null,
    result: result ? { ...result, mean: result.judgesCount ? (result.sumTenths / result.judgesCount / 10).toFixed(2).replace(".", ",") : null } : null,
    recheckCandidates: members.filter((m) => m.isJudge && m.userId && m.id !== c.namedMemberId).map((m) => ({ id: m.id, label: [m.fullName, m.title].filter(Boolean).join(", ") })),
    amendedDecision: decisionOf(db, c.amendedDecisionId),
    files: filesOf(db, c.id),
    events: eventsOf(db, c.id),
  };
}

function requireStep(c: ComplaintRow, step: ComplaintStep) {
  const why = stepRefusal(c.status as ComplaintStatus, step);
  if (why) throw new ComplaintError(why, 409);
}

/** Loads the complaint of this round for a council step (access checked in the transaction). */
function councilComplaint(tx: Tx, p: Principal, roundId: number, id: number) {
  const { round } = councilAccess(p, roundId, tx);
  const row = loadComplaint(tx, id);
  if (!row || row.c.roundId !== roundId) notFound("Không tìm thấy khiếu nại này.");
  return { round, row };
}

function tellProducer(tx: Tx, row: NonNullable<ReturnType<typeof loadComplaint>>, n: Omit<Notice, "link">): number[] {
  return notifyUsers(tx, establishmentUserIds(tx, row.establishmentId), { ...n, link: `/co-so/khieu-nai/${row.c.id}` });
}

/**
 * Asks a council member to re-check the entry: a judging member with an account, never the one
 * the complaint names. The member is told; the producer hears that a re-check is under way.
 */
export function askRecheck(p: Principal, roundId: number, id: number, memberId: number, noteRaw = "") {
  const note = clean(noteRaw).slice(0, 2000);
  const mails = db.transaction(
    (tx) => {
      const { round, row } = councilComplaint(tx, p, roundId, id);
      requireStep(row.c, "ask_recheck");
      if (row.c.namedMemberId != null && memberId === row.c.namedMemberId) {
        throw new ComplaintError("Không giao rà soát lại cho giám khảo bị nêu trong khiếu nại. Hãy chọn thành viên khác.", 400, "memberId");
      }
      const m = councilOf(tx, roundId).find((x) => x.id === memberId && x.isJudge);
      if (!m) throw new ComplaintError("Hãy chọn một thành viên Ban giám khảo của Hội đồng.", 400, "memberId");
      if (!m.userId) throw new ComplaintError("Thành viên này chưa có tài khoản trên hệ thống (chưa nhận lời mời).", 400, "memberId");
      tx.update(complaints).set({ status: statusAfter("ask_recheck"), recheckMemberId: m.id, recheckNote: null }).where(eq(complaints.id, id)).run();
      event(tx, id, "recheck_asked", p.userId, `${m.fullName}${note ? `: ${note}` : ""}`);
      audit(tx, { actorUserId: p.userId, action: "complaint.recheck_ask", objectType: "complaint", objectId: id, data: { roundId, memberId: m.id } });
      return [
        ...notifyUsers(tx, [m.userId], {
          kind: "complaint.recheck",
          title: `Đề nghị rà soát lại: khiếu nại ${row.c.number}`,
          body: `Hội đồng đề nghị ông/bà rà soát lại kết quả của sản phẩm ${row.votingCode ?? ""} trong "${round.title}" theo khiếu nại ${row.c.number}.${note ? ` Ghi chú: ${note}` : ""}`.replace(/\s+/g, " "),
          link: `/giam-khao/khieu-nai/${id}`,
        }),
        ...tellProducer(tx, row, { kind: "complaint.rechecking", title: `Khiếu nại ${row.c.number}: đang rà soát lại`, body: `Hội đồng đang rà soát lại kết quả của sản phẩm "${row.productName}" theo khiếu nại của bạn.` }),
      ];
    },
    { behavior: "immediate" },
  );
  deliverMail(mails).catch(() => {});
}

/** The complaint for the member asked to re-check it (anyone else 404), with the entry's dossier. */
export function recheckView(p: Principal, id: number) {
  const row = loadComplaint(db, id);
  const seat = row && p.councils.find((s) => s.roundId === row.c.roundId && s.memberId === row.c.recheckMemberId);
  if (!row || !seat) notFound("Không tìm thấy đề nghị rà soát này.");
  const { c } = row;
  const docs = db
    .select({ id: files.id, name: files.originalName, docType: dossierDocuments.docType })
    .from(dossierDocuments)
    .innerJoin(files, eq(files.id, dossierDocuments.fileId))
    .where(and(eq(dossierDocuments.entryId, c.entryId!), sql`${dossierDocuments.supersededAt} is null`))
    .orderBy(asc(dossierDocuments.docType), asc(dossierDocuments.slotIndex))
    .all();
  return {
    complaint: { id: c.id, number: c.number!, status: c.status, body: c.body, recheckNote: c.recheckNote, createdAt: c.createdAt },
    round: { id: row.round.id, title: row.round.title },
    entry: { id: c.entryId!, productName: row.productName, votingCode: row.votingCode, groupName: row.groupName },
    canRecord: c.status === "rechecking",
    files: filesOf(db, c.id),
    dossier: docs,
  };
}

/** Records the re-check (the note goes to the council, not the producer); the complaint returns to the council. */
export function recordRecheck(p: Principal, id: number, noteRaw: string) {
  const note = clean(noteRaw);
  if (note.length < 5) throw new ComplaintError("Vui lòng ghi kết quả rà soát lại.", 400, "note");
  if (note.length > COMPLAINT_BODY_MAX) throw new ComplaintError(`Ghi chú quá dài (tối đa ${COMPLAINT_BODY_MAX} ký tự).`, 400, "note");
  const mails = db.transaction(
    (tx) => {
      const row = loadComplaint(tx, id);
      const seat = row && p.councils.find((s) => s.roundId === row.c.roundId && s.memberId === row.c.recheckMemberId);
      if (!row || !seat) notFound("Không tìm thấy đề nghị rà soát này.");
      requireStep(row.c, "recheck_done");
      tx.update(complaints).set({ status: statusAfter("recheck_done"), recheckNote: note }).where(eq(complaints.id, id)).run();
      event(tx, id, "recheck_done", p.userId, note);
      audit(tx, { actorUserId: p.userId, action: "complaint.recheck_done", objectType: "complaint", objectId: id, data: { roundId: row.c.roundId } });
      return [
        ...notifyUsers(tx, [...bodyUserIds(tx, row.round.bodyId), ...chairUserIds(tx, row.round.id)], {
          kind: "complaint.recheck_done",
          title: `Khiếu nại ${row.c.number}: đã rà soát lại`,
          body: `Thành viên Hội đồng đã ghi kết quả rà soát lại; Hội đồng cần trả lời khiếu nại trước ${formatDate(row.c.answerDueOn)}.`,
          link: `/to-chuc/vong/${row.round.id}/khieu-nai/${id}`,
        }),
        ...tellProducer(tx, row, { kind: "complaint.recheck_done", title: `Khiếu nại ${row.c.number}: đã rà soát lại`, body: "Việc rà soát lại đã xong; Hội đồng sẽ trả lời khiếu nại của bạn." }),
      ];
    },
    { behavior: "immediate" },
  );
  deliverMail(mails).catch(() => {});
}

/**
 * Records the council's answer (upheld / partly / rejected, with reasons): the chair or the
 * organizer. A rejection closes the complaint; an upheld one waits for the correction
 * (correction.server.ts) or for being closed when the result does not change.
 */
export function answerComplaint(p: Principal, roundId: number, id: number, input: { outcome: string; response: string }) {
  const outcome = input.outcome as ComplaintOutcome;
  if (!(outcome in COMPLAINT_OUTCOME_LABELS)) throw new ComplaintError("Hãy chọn kết luận: đúng, đúng một phần hoặc sai.", 400, "outcome");
  const response = clean(input.response);
  if (response.length < 10) throw new ComplaintError("Vui lòng ghi rõ lý do của kết luận (ít nhất 10 ký tự).", 400, "response");
  if (response.length > COMPLAINT_BODY_MAX) throw new ComplaintError(`Nội dung trả lời quá dài (tối đa ${COMPLAINT_BODY_MAX} ký tự).`, 400, "response");
  const mails = db.transaction(
    (tx) => {
      const { row } = councilComplaint(tx, p, roundId, id);
      requireStep(row.c, "answer");
      const status = statusAfter("answer", outcome);
      const now = new Date();
      tx.update(complaints)
        .set({ status, outcome, response, respondedBy: p.userId, answeredAt: now, resolvedAt: status === "closed" ? now : null })
        .where(eq(complaints.id, id))
        .run();
      event(tx, id, "answered", p.userId, `${COMPLAINT_OUTCOME_LABELS[outcome]}. ${response}`);
      audit(tx, { actorUserId: p.userId, action: "complaint.answer", objectType: "complaint", objectId: id, data: { roundId, outcome } });
      return tellProducer(tx, row, {
        kind: "complaint.answered",
        title: `Trả lời khiếu nại ${row.c.number}: ${COMPLAINT_OUTCOME_LABELS[outcome]}`,
        body: `Hội đồng đã trả lời khiếu nại về sản phẩm "${row.productName}": ${COMPLAINT_OUTCOME_LABELS[outcome]}. ${response}${outcome === "rejected" ? "" : " Kết quả sẽ được điều chỉnh theo quyết định sửa đổi nếu cần."}`,
      });
    },
    { behavior: "immediate" },
  );
  deliverMail(mails).catch(() => {});
}

/** Closes an upheld complaint whose answer does not change the result (the organizer or chair, with a reason). */
export function closeComplaint(p: Principal, roundId: number, id: number, reasonRaw: string) {
  const reason = clean(reasonRaw);
  if (reason.length < 5) throw new ComplaintError("Vui lòng ghi lý do đóng khiếu nại mà không điều chỉnh kết quả.", 400, "reason");
  const mails = db.transaction(
    (tx) => {
      const { row } = councilComplaint(tx, p, roundId, id);
      requireStep(row.c, "close");
      tx.update(complaints).set({ status: statusAfter("close"), resolvedAt: new Date() }).where(eq(complaints.id, id)).run();
      event(tx, id, "closed", p.userId, reason.slice(0, 2000));
      audit(tx, { actorUserId: p.userId, action: "complaint.close", objectType: "complaint", objectId: id, data: { roundId, reason } });
      return tellProducer(tx, row, { kind: "complaint.closed", title: `Khiếu nại ${row.c.number} đã giải quyết xong`, body: `Khiếu nại đã được giải quyết, kết quả công nhận không thay đổi. ${reason}` });
    },
    { behavior: "immediate" },
  );
  deliverMail(mails).catch(() => {});
}

/* ------------------------------------------------------------------ */
/* Files and the public mark                                           */
/* ------------------------------------------------------------------ */

/**
 * A file of a complaint (its attachments; for the member re-checking it, the entry's current
 * dossier too) if `p` may read it: the producer, the organizer managing the round, the chair,
 * the member asked to re-check. 404 otherwise.
 */
export function complaintFileFor(p: Principal, complaintId: number, fileId: number) {
  const row = loadComplaint(db, complaintId);
  if (!row) notFound("Không tìm thấy tệp.");
  const scope = roundScope(row.round);
  const council = canManageRound(p, scope) || canChairRound(p, row.round.id);
  const rechecker = p.councils.some((s) => s.roundId === row.round.id && s.memberId === row.c.recheckMemberId);
  if (!council && !rechecker && !canActForEstablishment(p, row.establishmentId)) notFound("Không tìm thấy tệp.");
  const attached = db.select({ id: complaintFiles.fileId }).from(complaintFiles).where(and(eq(complaintFiles.complaintId, complaintId), eq(complaintFiles.fileId, fileId))).get();
  const dossier =
    !attached && (rechecker || council)
      ? db.select({ id: dossierDocuments.fileId }).from(dossierDocuments).where(and(eq(dossierDocuments.entryId, row.c.entryId!), eq(dossierDocuments.fileId, fileId))).get()
      : undefined;
  if (!attached && !dossier) notFound("Không tìm thấy tệp.");
  return db.select().from(files).where(eq(files.id, fileId)).get()!;
}

/**
 * The public mark of a published round: per product whose result was amended after a complaint,
 * the amended decision's date and number. Never the complaint's text.
 */
export function publicAmendments(roundId: number) {
  const rows = db
    .select({ productId: entries.productId, productName: products.name, producerName: establishments.name, entryStatus: entries.status, number: recognitionDecisions.number, signedOn: recognitionDecisions.signedOn })
    .from(complaints)
    .innerJoin(entries, eq(entries.id, complaints.entryId))
    .innerJoin(products, eq(products.id, entries.productId))
    .innerJoin(establishments, eq(establishments.id, entries.establishmentId))
    .innerJoin(recognitionDecisions, eq(recognitionDecisions.id, complaints.amendedDecisionId))
    .where(and(eq(complaints.roundId, roundId), isNotNull(complaints.amendedDecisionId)))
    .orderBy(asc(recognitionDecisions.id))
    .all();
  // The latest amendment of each product.
  return [...new Map(rows.map((r) => [r.productId, { productId: r.productId, productName: r.productName, producerName: r.producerName, recognised: r.entryStatus === "recognised", number: r.number, signedOn: r.signedOn }])).values()];
}

/**
 * The re-checks waiting for this council member (for the judge's home page): complaint, round,
 * voting code. Empty for anyone without a seat.
 */
export function recheckInbox(p: Principal) {
  const seats = p.councils.map((s) => s.memberId);
  if (!seats.length) return [];
  return db
    .select({ id: complaints.id, number: complaints.number, roundTitle: rounds.title, votingCode: entries.votingCode, answerDueOn: complaints.answerDueOn })
    .from(complaints)
    .innerJoin(rounds, eq(rounds.id, complaints.roundId))
    .innerJoin(entries, eq(entries.id, complaints.entryId))
    .where(and(inArray(complaints.recheckMemberId, seats), eq(complaints.status, "rechecking")))
    .orderBy(asc(complaints.id))
    .all();
}
