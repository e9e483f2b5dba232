/**
 * Entries and their dossiers: registration into a round, typed document slots with versions,
 * submission with a receipt and an answer-by date, requests to complete, withdrawal.
 * Every use case checks the acting principal, runs in one transaction, writes its audit row and
 * timeline event there, and sends its notifications after commit.
 */
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import {
  adminUnits,
  auditLog,
  documentTypes,
  dossierDocuments,
  entries,
  entryEvents,
  establishments,
  files,
  holidays,
  organizingBodies,
  productGroups,
  productPhotos,
  products,
  rounds,
  supplementRequests,
  users,
  type EntryStatus,
} from "~db/schema";
import { todayInVietnam } from "~/lib/dates";
import { db, type DbOrTx, type Tx } from "~/lib/db.server";
import { forbidden, notFound } from "~/lib/http.server";
import { deliverMail } from "~/lib/mail.server";
import { canActForEstablishment, canManageRound, canOverseeRound, type Principal } from "~/lib/permissions";
import type { ReceivedFile } from "~/lib/uploads.server";
import { addWorkingDays } from "~/lib/workdays";
import { audit } from "~/modules/audit/audit.server";
import { bodyUserIds, establishmentUserIds, notifyUsers } from "~/modules/notify/notify.server";
import { insertFile, requireEstablishment } from "~/modules/producers/producers.server";
import { roundScope } from "~/modules/rounds/rounds.server";
import { unitPath } from "~/modules/units/units.server";
import { dossierSlots, editableSlots, missingItems, type DocumentTypeDef, type MissingItem, type Slot } from "../dossier/dossier";
import { assertTransition, canTransition, TransitionError, WITHDRAWABLE_ROUND_STATUSES, type Actor } from "./status";

export class EntryError extends Error {
  constructor(
    message: string,
    public status = 400,
    public field = "_form",
    public details?: MissingItem[],
  ) {
    super(message);
  }
}

type Entry = typeof entries.$inferSelect;
type Round = typeof rounds.$inferSelect;

const ENTRY_NOT_FOUND = "Không tìm thấy hồ sơ này.";

function loadEntry(tx: DbOrTx, entryId: number): Entry {
  const e = tx.select().from(entries).where(eq(entries.id, entryId)).get();
  if (!e) notFound(ENTRY_NOT_FOUND);
  return e;
}

/** The entry, if it belongs to one of the principal's establishments; 404 otherwise. */
export function requireOwnEntry(p: Principal, entryId: number, tx: DbOrTx = db): Entry {
  const e = loadEntry(tx, entryId);
  if (!canActForEstablishment(p, e.establishmentId)) notFound(ENTRY_NOT_FOUND);
  return e;
}

function loadRound(tx: DbOrTx, roundId: number): Round {
  return tx.select().from(rounds).where(eq(rounds.id, roundId)).get()!;
}

function holidaySet(tx: DbOrTx): Set<string> {
  return new Set(tx.select({ d: holidays.date }).from(holidays).all().map((h) => h.d));
}

function docTypeDefs(tx: DbOrTx): DocumentTypeDef[] {
  return tx.select().from(documentTypes).all();
}

function slotsFor(tx: DbOrTx, round: Round, productGroupId: number): Slot[] {
  return dossierSlots(docTypeDefs(tx), round, productGroupId);
}

function openRequest(tx: DbOrTx, entryId: number) {
  return tx
    .select()
    .from(supplementRequests)
    .where(and(eq(supplementRequests.entryId, entryId), isNull(supplementRequests.closedAt)))
    .orderBy(desc(supplementRequests.id))
    .get();
}

function currentCounts(tx: DbOrTx, entryId: number): Record<string, number> {
  const rows = tx
    .select({ docType: dossierDocuments.docType, n: sql<number>`count(*)` })
    .from(dossierDocuments)
    .where(and(eq(dossierDocuments.entryId, entryId), isNull(dossierDocuments.supersededAt)))
    .groupBy(dossierDocuments.docType)
    .all();
  return Object.fromEntries(rows.map((r) => [r.docType, r.n]));
}

/** Changes status with an optimistic lock; a concurrent change makes this one fail clearly. */
function moveStatus(tx: Tx, e: Entry, to: EntryStatus, actor: Actor, extra: Partial<typeof entries.$inferInsert> = {}) {
  assertTransition(e.status, to, actor);
  const res = tx
    .update(entries)
    .set({ status: to, version: e.version + 1, updatedAt: new Date(), ...extra })
    .where(and(eq(entries.id, e.id), eq(entries.version, e.version)))
    .run();
  if (res.changes !== 1) {
    throw new EntryError("Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang để xem trạng thái mới nhất.", 409);
  }
}

function event(tx: Tx, e: Entry, type: string, actorUserId: string | null, message: string | null, to?: EntryStatus, data?: Record<string, unknown>) {
  tx.insert(entryEvents)
    .values({ entryId: e.id, type, fromStatus: e.status, toStatus: to ?? e.status, actorUserId, message, data: data ?? null })
    .run();
}

/* ------------------------------------------------------------------ */
/* Rounds open to a producer                                           */
/* ------------------------------------------------------------------ */

/** Rounds whose registration is open (status "open") and whose territory covers the establishment. */
export function listOpenRoundsFor(p: Principal, establishmentId: number, today = todayInVietnam()) {
  const est = requireEstablishment(p, establishmentId);
  const ancestors = new Set<number>();
  for (let id: number | null = est.unitId, hops = 0; id != null && hops < 4; hops++) {
    ancestors.add(id);
    id = db.select({ parentId: adminUnits.parentId }).from(adminUnits).where(eq(adminUnits.id, id)).get()?.parentId ?? null;
  }
  if (est.provinceId) ancestors.add(est.provinceId);
  if (!ancestors.size) return [];
  const open = db
    .select({ round: rounds, bodyName: organizingBodies.name })
    .from(rounds)
    .innerJoin(organizingBodies, eq(organizingBodies.id, rounds.bodyId))
    .where(and(eq(rounds.status, "open"), inArray(rounds.level, ["commune", "district", "province"]), inArray(rounds.unitId, [...ancestors])))
    .orderBy(asc(rounds.registrationClosesOn))
    .all();
  const mine = db
    .select({ roundId: entries.roundId, productId: entries.productId, entryId: entries.id, status: entries.status })
    .from(entries)
    .where(eq(entries.establishmentId, establishmentId))
    .all();
  return open.map(({ round, bodyName }) => {
    const notYet = round.registrationOpensOn != null && today < round.registrationOpensOn;
    const closed = round.registrationClosesOn != null && today > round.registrationClosesOn;
    return {
      id: round.id,
      title: round.title,
      level: round.level,
      year: round.year,
      bodyName,
      rules: round.rules,
      unitName: unitPath(round.unitId),
      timeline: {
        registrationOpensOn: round.registrationOpensOn,
        registrationClosesOn: round.registrationClosesOn,
        dossierScoringFrom: round.dossierScoringFrom,
        dossierScoringTo: round.dossierScoringTo,
        directScoringFrom: round.directScoringFrom,
        directScoringTo: round.directScoringTo,
        councilMeetingOn: round.councilMeetingOn,
        announcementOn: round.announcementOn,
      },
      passMarkTenths: round.passMarkTenths,
      registrationState: notYet ? ("not_yet" as const) : closed ? ("closed" as const) : ("open" as const),
      myEntries: mine.filter((m) => m.roundId === round.id && m.status !== "withdrawn"),
    };
  });
}

/** Registers one of the establishment's products into an open round covering it. */
export function registerEntry(p: Principal, establishmentId: number, roundId: number, productId: number, today = todayInVietnam()): number {
  const entryId = db.transaction(
    (tx) => {
      const est = requireEstablishment(p, establishmentId, tx);
      const product = tx.select().from(products).where(eq(products.id, productId)).get();
      if (!product || product.establishmentId !== est.id || product.archivedAt) {
        throw new EntryError("Vui lòng chọn một sản phẩm của cơ sở.", 400, "productId");
      }
      const open = listOpenRoundsFor(p, establishmentId, today).find((r) => r.id === roundId);
      if (!open) throw new EntryError("Kỳ bình chọn này không mở cho cơ sở của bạn.", 404, "roundId");
      if (open.registrationState === "not_yet") throw new EntryError("Kỳ bình chọn chưa đến thời gian nhận đăng ký.", 409, "roundId");
      if (open.registrationState === "closed") throw new EntryError("Kỳ bình chọn đã hết thời gian nhận đăng ký.", 409, "roundId");
      const existing = tx.select().from(entries).where(and(eq(entries.roundId, roundId), eq(entries.productId, productId))).get();
      if (existing && existing.status !== "withdrawn") {
        throw new EntryError("Sản phẩm này đã được đăng ký vào kỳ bình chọn này.", 409, "productId");
      }
      let id: number;
      if (existing) {
        // A withdrawn entry comes back as a draft, keeping its documents and history.
        tx.update(entries).set({ status: "draft", withdrawnAt: null, version: existing.version + 1, updatedAt: new Date() }).where(eq(entries.id, existing.id)).run();
        id = existing.id;
      } else {
        id = tx
          .insert(entries)
          .values({ roundId, productId, establishmentId, status: "draft", createdBy: p.userId })
          .returning({ id: entries.id })
          .get().id;
      }
      tx.insert(entryEvents).values({ entryId: id, type: "registered", toStatus: "draft", actorUserId: p.userId, message: "Cơ sở đăng ký tham gia." }).run();
      audit(tx, { actorUserId: p.userId, action: "entry.register", objectType: "entry", objectId: id, data: { roundId, productId } });
      return id;
    },
    { behavior: "immediate" },
  );
  return entryId;
}

/* ------------------------------------------------------------------ */
/* The dossier page                                                    */
/* ------------------------------------------------------------------ */

export function entryDossier(p: Principal, entryId: number) {
  const e = requireOwnEntry(p, entryId);
  return dossierView(e, p);
}

export function dossierView(e: Entry, p: Principal) {
  const round = loadRound(db, e.roundId);
  const product = db.select().from(products).where(eq(products.id, e.productId)).get()!;
  const group = db.select().from(productGroups).where(eq(productGroups.id, product.productGroupId)).get()!;
  const est = db.select().from(establishments).where(eq(establishments.id, e.establishmentId)).get()!;
  const slots = slotsFor(db, round, product.productGroupId);
  const docs = db
    .select({
      id: dossierDocuments.id,
      docType: dossierDocuments.docType,
      slotIndex: dossierDocuments.slotIndex,
      version: dossierDocuments.version,
      supersededAt: dossierDocuments.supersededAt,
      createdAt: dossierDocuments.createdAt,
      fileId: files.id,
      originalName: files.originalName,
      mimeType: files.mimeType,
      sizeBytes: files.sizeBytes,
      uploadedBy: users.fullName,
    })
    .from(dossierDocuments)
    .innerJoin(files, eq(files.id, dossierDocuments.fileId))
    .leftJoin(users, eq(users.id, dossierDocuments.uploadedBy))
    .where(eq(dossierDocuments.entryId, e.id))
    .orderBy(asc(dossierDocuments.docType), asc(dossierDocuments.slotIndex), desc(dossierDocuments.version))
    .all();
  const request = openRequest(db, e.id);
  const counts = currentCounts(db, e.id);
  const closedDraft = draftOfClosedRound(e, round);
  const editable = closedDraft ? new Set<string>() : editableSlots(e.status, slots, request?.docTypes ?? null);
  const events = db
    .select({
      id: entryEvents.id,
      type: entryEvents.type,
      toStatus: entryEvents.toStatus,
      message: entryEvents.message,
      createdAt: entryEvents.createdAt,
      actor: users.fullName,
    })
    .from(entryEvents)
    .leftJoin(users, eq(users.id, entryEvents.actorUserId))
    .where(eq(entryEvents.entryId, e.id))
    .orderBy(asc(entryEvents.id))
    .all();
  const roundAllowsWithdraw = (WITHDRAWABLE_ROUND_STATUSES as readonly string[]).includes(round.status);
  return {
    entry: e,
    round: { id: round.id, title: round.title, level: round.level, year: round.year, status: round.status, intakeAnswerWorkingDays: round.intakeAnswerWorkingDays },
    product: { id: product.id, name: product.name, group: group.shortName, groupId: group.id, isSet: product.isSet },
    establishment: { id: est.id, name: est.name, address: [est.street, unitPath(est.unitId)].filter(Boolean).join(", "), registrationNo: est.registrationNo },
    slots: slots.map((s) => ({
      ...s,
      editable: editable.has(s.code),
      current: docs.filter((d) => d.docType === s.code && !d.supersededAt),
      history: docs.filter((d) => d.docType === s.code && d.supersededAt),
      count: counts[s.code] ?? 0,
    })),
    openRequest: request ? { message: request.message, docTypes: request.docTypes, createdAt: request.createdAt } : null,
    missing: missingItems(slots, counts),
    canSubmit: !closedDraft && (e.status === "draft" || e.status === "nominated" || e.status === "needs_completion") && canActForEstablishment(p, e.establishmentId),
    /** A draft of a round whose registration is closed: said at the top of the page, nothing accepted. */
    closedDraft: closedDraft
      ? { closedOn: round.status === "draft" ? null : intakeClosedOn(db, round.id), deadline: round.registrationClosesOn, notYetOpen: round.status === "draft" }
      : null,
    canWithdraw: roundAllowsWithdraw && canTransition(e.status, "withdrawn", "producer"),
    events,
  };
}

export type DossierView = ReturnType<typeof dossierView>;

/* ------------------------------------------------------------------ */
/* Uploads                                                             */
/* ------------------------------------------------------------------ */

/** A draft whose round has closed (or not yet opened) registration: read-only. */
function draftOfClosedRound(e: { status: string }, round: { status: string }): boolean {
  return e.status === "draft" && round.status !== "open";
}

/** When a round's intake was closed (the latest move to intake_closed), for the producer's notice. */
function intakeClosedOn(tx: DbOrTx, roundId: number): Date | null {
  const row = tx
    .select({ at: auditLog.createdAt })
    .from(auditLog)
    .where(and(eq(auditLog.action, "round.status"), eq(auditLog.objectType, "round"), eq(auditLog.objectId, String(roundId)), sql`${auditLog.data} ->> '$.to' = 'intake_closed'`))
    .orderBy(desc(auditLog.id))
    .get();
  return row?.at ?? null;
}

function requireEditableSlot(tx: DbOrTx, e: Entry, docType: string) {
  const round = loadRound(tx, e.roundId);
  const product = tx.select().from(products).where(eq(products.id, e.productId)).get()!;
  const slots = slotsFor(tx, round, product.productGroupId);
  const slot = slots.find((s) => s.code === docType);
  if (!slot) throw new EntryError("Loại tài liệu không có trong hồ sơ của kỳ này.", 400, "docType");
  // A draft of a round that no longer takes registrations accepts nothing more (issue 12 item 4).
  if (draftOfClosedRound(e, round)) {
    throw new EntryError("Kỳ bình chọn đã đóng nhận hồ sơ: hồ sơ nháp này không nhận thêm tài liệu và không nộp được nữa.", 409, "docType");
  }
  const req = openRequest(tx, e.id);
  if (!editableSlots(e.status, slots, req?.docTypes ?? null).has(docType)) {
    throw new EntryError(
      e.status === "needs_completion"
        ? `Mục "${slot.name}" không nằm trong yêu cầu bổ sung nên không thể thay đổi.`
        : "Hồ sơ đã nộp nên không thể thay đổi tài liệu.",
      403,
      "docType",
    );
  }
  return slot;
}

function checkKinds(slot: Slot, incoming: ReceivedFile[]) {
  const bad = incoming.find((f) => !slot.accepts.includes(f.kind));
  if (bad) {
    const what = slot.accepts.map((a) => (a === "pdf" ? "PDF" : "ảnh JPEG, PNG, WebP")).join(" hoặc ");
    throw new EntryError(`Mục "${slot.name}" chỉ nhận ${what}; tệp "${bad.originalName}" không phù hợp.`, 415, "files");
  }
}

/**
 * Adds files to a slot. The same bytes already in the slot are not added again (a double click or
 * a retried request changes nothing). Returns the received files it did not record, whose stored
 * bytes the caller removes.
 */
export function uploadToSlot(p: Principal, entryId: number, docType: string, incoming: ReceivedFile[]): ReceivedFile[] {
  if (!incoming.length) throw new EntryError("Vui lòng chọn tệp để tải lên.", 400, "files");
  return db.transaction(
    (tx) => {
      const e = requireOwnEntry(p, entryId, tx);
      const slot = requireEditableSlot(tx, e, docType);
      checkKinds(slot, incoming);
      const current = tx
        .select({ id: dossierDocuments.id, slotIndex: dossierDocuments.slotIndex, sha: files.sha256 })
        .from(dossierDocuments)
        .innerJoin(files, eq(files.id, dossierDocuments.fileId))
        .where(and(eq(dossierDocuments.entryId, e.id), eq(dossierDocuments.docType, docType), isNull(dossierDocuments.supersededAt)))
        .all();
      const shas = new Set(current.map((c) => c.sha));
      const fresh = incoming.filter((f) => (shas.has(f.sha256) ? false : (shas.add(f.sha256), true)));
      if (current.length + fresh.length > slot.maxFiles) {
        throw new EntryError(
          slot.maxFiles === 1
            ? `Mục "${slot.name}" chỉ nhận 1 tệp. Dùng nút "Thay tệp" để thay bằng tệp mới (tệp cũ vẫn được lưu).`
            : `Mục "${slot.name}" nhận tối đa ${slot.maxFiles} tệp (đã có ${current.length}).`,
          409,
          "files",
        );
      }
      const maxIndex = tx
        .select({ m: sql<number | null>`max(${dossierDocuments.slotIndex})` })
        .from(dossierDocuments)
        .where(and(eq(dossierDocuments.entryId, e.id), eq(dossierDocuments.docType, docType)))
        .get()!.m;
      let next = maxIndex == null ? 0 : maxIndex + 1;
      for (const f of fresh) {
        tx.insert(dossierDocuments)
          .values({ entryId: e.id, docType, fileId: insertFile(tx, f, p.userId), slotIndex: next++, version: 1, uploadedBy: p.userId })
          .run();
      }
      tx.update(entries).set({ updatedAt: new Date() }).where(eq(entries.id, e.id)).run();
      audit(tx, { actorUserId: p.userId, action: "dossier.upload", objectType: "entry", objectId: e.id, data: { docType, added: fresh.length, duplicates: incoming.length - fresh.length } });
      return incoming.filter((f) => !fresh.includes(f));
    },
    { behavior: "immediate" },
  );
}

/**
 * Replaces one file with a new version; the earlier version is kept (superseded, still readable).
 * Returns the received file when it was not recorded (the same bytes again).
 */
export function replaceDocument(p: Principal, entryId: number, documentId: number, file: ReceivedFile): ReceivedFile[] {
  return db.transaction(
    (tx) => {
      const e = requireOwnEntry(p, entryId, tx);
      const doc = tx.select().from(dossierDocuments).where(and(eq(dossierDocuments.id, documentId), eq(dossierDocuments.entryId, e.id))).get();
      if (!doc) notFound("Không tìm thấy tài liệu này trong hồ sơ.");
      if (doc.supersededAt) throw new EntryError("Tệp này đã được thay bằng phiên bản mới hơn.", 409, "files");
      const slot = requireEditableSlot(tx, e, doc.docType);
      checkKinds(slot, [file]);
      const same = tx.select({ sha: files.sha256 }).from(files).where(eq(files.id, doc.fileId)).get()!;
      if (same.sha === file.sha256) return [file]; // the same bytes again: nothing changes
      const now = new Date();
      tx.update(dossierDocuments).set({ supersededAt: now }).where(eq(dossierDocuments.id, doc.id)).run();
      tx.insert(dossierDocuments)
        .values({ entryId: e.id, docType: doc.docType, fileId: insertFile(tx, file, p.userId), slotIndex: doc.slotIndex, version: doc.version + 1, uploadedBy: p.userId, createdAt: now })
        .run();
      tx.update(entries).set({ updatedAt: now }).where(eq(entries.id, e.id)).run();
      audit(tx, { actorUserId: p.userId, action: "dossier.replace", objectType: "entry", objectId: e.id, data: { docType: doc.docType, documentId, version: doc.version + 1 } });
      return [];
    },
    { behavior: "immediate" },
  );
}

/** Takes a file out of the dossier (while it may be edited). The file and its row are kept. */
export function removeDocument(p: Principal, entryId: number, documentId: number): void {
  db.transaction((tx) => {
    const e = requireOwnEntry(p, entryId, tx);
    const doc = tx.select().from(dossierDocuments).where(and(eq(dossierDocuments.id, documentId), eq(dossierDocuments.entryId, e.id))).get();
    if (!doc) notFound("Không tìm thấy tài liệu này trong hồ sơ.");
    if (doc.supersededAt) return;
    requireEditableSlot(tx, e, doc.docType);
    tx.update(dossierDocuments).set({ supersededAt: new Date() }).where(eq(dossierDocuments.id, doc.id)).run();
    audit(tx, { actorUserId: p.userId, action: "dossier.remove", objectType: "entry", objectId: e.id, data: { docType: doc.docType, documentId } });
  });
}

/* ------------------------------------------------------------------ */
/* Submit, withdraw                                                    */
/* ------------------------------------------------------------------ */

export interface SubmitResult {
  dossierNo: string;
  answerBy: string;
  resubmitted: boolean;
}

/**
 * The commitment the producer makes when submitting (the establishment answers for the truth of
 * its dossier). Shown beside the checkbox and recorded, word for word, with the submission.
 */
export const SUBMIT_COMMITMENT =
  "Tôi cam đoan các thông tin và tài liệu trong hồ sơ là đúng sự thật và chịu trách nhiệm trước pháp luật về nội dung hồ sơ.";
export const COMMITMENT_REQUIRED = "Vui lòng đánh dấu ô cam đoan trước khi nộp hồ sơ.";

export interface SubmitOptions {
  /**
   * Whether the producer ticked the commitment. The producer's page always passes it, and false is
   * refused (400, field "commitment") once the dossier could otherwise be submitted; left out, the
   * submission is recorded without one (scripts, benches, older tests).
   */
  commitment?: boolean;
}

/**
 * Submits (or, after a request to complete, resubmits) the dossier. Refused with the list of
 * missing items until every required slot is filled, then without the commitment when the page
 * asks for it. Locks the dossier. The commitment is recorded in the submission's event and audit row.
 */
export async function submitEntry(p: Principal, entryId: number, now = new Date(), opts: SubmitOptions = {}): Promise<SubmitResult> {
  const { result, mails } = db.transaction(
    (tx) => {
      const e = requireOwnEntry(p, entryId, tx);
      const round = loadRound(tx, e.roundId);
      const product = tx.select().from(products).where(eq(products.id, e.productId)).get()!;
      const missing = missingItems(slotsFor(tx, round, product.productGroupId), currentCounts(tx, e.id));
      if (!canTransition(e.status, "submitted", "producer")) {
        throw new EntryError(e.status === "submitted" ? "Hồ sơ đã được nộp." : "Hồ sơ ở trạng thái này không thể nộp.", 409);
      }
      if (missing.length) throw new EntryError("Hồ sơ còn thiếu, chưa thể nộp.", 422, "_form", missing);
      if (e.status !== "needs_completion" && round.status !== "open") {
        throw new EntryError("Kỳ bình chọn không còn nhận hồ sơ.", 409);
      }
      if (opts.commitment === false) throw new EntryError(COMMITMENT_REQUIRED, 400, "commitment");
      const commitment = opts.commitment ? { text: SUBMIT_COMMITMENT, userId: p.userId, at: now.toISOString() } : undefined;
      const resubmitted = e.status === "needs_completion";
      const today = todayInVietnam(now);
      const answerBy = addWorkingDays(today, round.intakeAnswerWorkingDays, holidaySet(tx));
      let dossierNo = e.dossierNo;
      if (!dossierNo) {
        const seq = tx.select({ n: sql<number>`count(*)` }).from(entries).where(and(eq(entries.roundId, round.id), isNotNull(entries.dossierNo))).get()!.n + 1;
        dossierNo = `HS${round.year}-${round.id}-${String(seq).padStart(4, "0")}`;
      }
      moveStatus(tx, e, "submitted", "producer", { dossierNo, submittedAt: now, answerBy });
      if (resubmitted) {
        tx.update(supplementRequests).set({ closedAt: now }).where(and(eq(supplementRequests.entryId, e.id), isNull(supplementRequests.closedAt))).run();
      }
      const said = resubmitted ? "Cơ sở đã bổ sung hồ sơ và nộp lại" : "Cơ sở nộp hồ sơ";
      event(tx, e, resubmitted ? "completed" : "submitted", p.userId, commitment ? `${said}, cam đoan hồ sơ đúng sự thật.` : `${said}.`, "submitted", { dossierNo, answerBy, ...(commitment ? { commitment } : {}) });
      audit(tx, { actorUserId: p.userId, action: resubmitted ? "entry.resubmit" : "entry.submit", objectType: "entry", objectId: e.id, data: { dossierNo, answerBy, ...(commitment ? { commitment } : {}) } });
      const link = `/co-so/du-thi/${e.id}`;
      const mails = [
        ...notifyUsers(tx, establishmentUserIds(tx, e.establishmentId), {
          kind: "entry.submitted",
          title: `Đã nhận hồ sơ ${dossierNo}`,
          body: `Hồ sơ "${product.name}" tham gia "${round.title}" đã được ${resubmitted ? "nộp lại sau khi bổ sung" : "nộp"}. Cơ quan tổ chức sẽ trả lời trước ngày ${answerBy.split("-").reverse().join("/")}.`,
          link,
        }),
        ...notifyUsers(tx, bodyUserIds(tx, round.bodyId), {
          kind: "entry.submitted.organizer",
          title: `${resubmitted ? "Hồ sơ đã bổ sung" : "Hồ sơ mới"}: ${dossierNo}`,
          body: `"${product.name}" — ${round.title}. Hạn trả lời: ${answerBy.split("-").reverse().join("/")}.`,
          link: `/to-chuc/vong/${round.id}`,
        }),
      ];
      return { result: { dossierNo, answerBy, resubmitted }, mails };
    },
    { behavior: "immediate" },
  );
  await deliverMail(mails);
  return result;
}

/** Withdraws an entry before scoring starts. */
export async function withdrawEntry(p: Principal, entryId: number, reason: string): Promise<void> {
  const mails = db.transaction(
    (tx) => {
      const e = requireOwnEntry(p, entryId, tx);
      const round = loadRound(tx, e.roundId);
      if (!(WITHDRAWABLE_ROUND_STATUSES as readonly string[]).includes(round.status)) {
        throw new EntryError("Kỳ bình chọn đã bắt đầu chấm điểm, không thể rút hồ sơ.", 409);
      }
      if (!canTransition(e.status, "withdrawn", "producer")) throw new EntryError("Hồ sơ ở trạng thái này không thể rút.", 409);
      moveStatus(tx, e, "withdrawn", "producer", { withdrawnAt: new Date() });
      event(tx, e, "withdrawn", p.userId, reason ? `Cơ sở rút hồ sơ: ${reason}` : "Cơ sở rút hồ sơ.", "withdrawn");
      audit(tx, { actorUserId: p.userId, action: "entry.withdraw", objectType: "entry", objectId: e.id, data: { reason } });
      return e.status === "draft" ? [] : notifyUsers(tx, bodyUserIds(tx, round.bodyId), { kind: "entry.withdrawn", title: `Cơ sở rút hồ sơ ${e.dossierNo ?? ""}`.trim(), body: reason || "Không nêu lý do.", link: `/to-chuc/vong/${round.id}` });
    },
    { behavior: "immediate" },
  );
  await deliverMail(mails);
}

/** The printable receipt of a submitted dossier. */
export function entryReceipt(p: Principal, entryId: number) {
  const e = requireOwnEntry(p, entryId);
  if (!e.dossierNo || !e.submittedAt) notFound("Hồ sơ chưa được nộp nên chưa có biên nhận.");
  const view = dossierView(e, p);
  const round = loadRound(db, e.roundId);
  const body = db.select().from(organizingBodies).where(eq(organizingBodies.id, round.bodyId)).get()!;
  return { ...view, bodyName: body.name };
}

/* ------------------------------------------------------------------ */
/* Intake by the organizer (pages come with the organizer workspace)  */
/* ------------------------------------------------------------------ */

function requireManagedEntry(p: Principal, tx: DbOrTx, entryId: number) {
  const e = loadEntry(tx, entryId);
  const round = loadRound(tx, e.roundId);
  const scope = roundScope(round, tx);
  if (!canOverseeRound(p, scope)) notFound(ENTRY_NOT_FOUND);
  if (!canManageRound(p, scope)) forbidden("Chỉ cơ quan tổ chức kỳ bình chọn này được xử lý hồ sơ.");
  return { e, round };
}

/** Asks the producer to complete specific slots; only those slots are unlocked. */
export async function requestCompletion(p: Principal, entryId: number, docTypes: string[], message: string, expectedVersion?: number) {
  const clean = message.normalize("NFC").trim();
  if (!clean) throw new EntryError("Vui lòng ghi nội dung cần bổ sung.", 400, "message");
  if (!docTypes.length) throw new EntryError("Vui lòng chọn ít nhất một mục cần bổ sung.", 400, "docTypes");
  const mails = db.transaction(
    (tx) => {
      const { e, round } = requireManagedEntry(p, tx, entryId);
      if (expectedVersion != null && expectedVersion !== e.version) {
        throw new EntryError("Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang.", 409);
      }
      const product = tx.select().from(products).where(eq(products.id, e.productId)).get()!;
      const codes = new Set(slotsFor(tx, round, product.productGroupId).map((s) => s.code));
      const unknown = docTypes.filter((d) => !codes.has(d));
      if (unknown.length) throw new EntryError("Có mục không thuộc hồ sơ của kỳ này.", 400, "docTypes");
      try {
        moveStatus(tx, e, "needs_completion", "organizer");
      } catch (err) {
        if (err instanceof TransitionError) throw new EntryError("Hồ sơ ở trạng thái này không thể yêu cầu bổ sung.", 409);
        throw err;
      }
      const dueOn = addWorkingDays(todayInVietnam(), round.intakeAnswerWorkingDays, holidaySet(tx));
      tx.insert(supplementRequests).values({ entryId: e.id, docTypes: [...new Set(docTypes)], message: clean, requestedBy: p.userId, dueOn }).run();
      event(tx, e, "completion_requested", p.userId, clean, "needs_completion", { docTypes });
      audit(tx, { actorUserId: p.userId, action: "entry.request_completion", objectType: "entry", objectId: e.id, data: { docTypes } });
      return notifyUsers(tx, establishmentUserIds(tx, e.establishmentId), {
        kind: "entry.needs_completion",
        title: `Yêu cầu bổ sung hồ sơ ${e.dossierNo ?? ""}`.trim(),
        body: `Hồ sơ "${product.name}" cần bổ sung: ${clean}`,
        link: `/co-so/du-thi/${e.id}`,
      });
    },
    { behavior: "immediate" },
  );
  await deliverMail(mails);
}

/** Accepts (valid) or rejects (reason required) a submitted dossier. */
export async function decideIntake(p: Principal, entryId: number, decision: "accepted" | "rejected", reason: string, expectedVersion?: number) {
  const clean = reason.normalize("NFC").trim();
  if (decision === "rejected" && !clean) throw new EntryError("Vui lòng ghi lý do không tiếp nhận.", 400, "reason");
  const mails = db.transaction(
    (tx) => {
      const { e, round } = requireManagedEntry(p, tx, entryId);
      if (expectedVersion != null && expectedVersion !== e.version) {
        throw new EntryError("Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang.", 409);
      }
      try {
        moveStatus(tx, e, decision, "organizer");
      } catch (err) {
        if (err instanceof TransitionError) throw new EntryError("Hồ sơ ở trạng thái này không thể xử lý.", 409);
        throw err;
      }
      let votingCode: string | null = null;
      if (decision === "accepted" && !e.votingCode) {
        const n = tx.select({ n: sql<number>`count(*)` }).from(entries).where(and(eq(entries.roundId, round.id), isNotNull(entries.votingCode))).get()!.n + 1;
        votingCode = `${round.year % 100}-${round.id}-${String(n).padStart(3, "0")}`;
        tx.update(entries).set({ votingCode }).where(eq(entries.id, e.id)).run();
      }
      const product = tx.select().from(products).where(eq(products.id, e.productId)).get()!;
      event(tx, e, decision, p.userId, decision === "accepted" ? clean || "Hồ sơ hợp lệ." : clean, decision);
      audit(tx, { actorUserId: p.userId, action: `entry.${decision === "accepted" ? "accept" : "reject"}`, objectType: "entry", objectId: e.id, data: { reason: clean, votingCode } });
      return notifyUsers(tx, establishmentUserIds(tx, e.establishmentId), {
        kind: `entry.${decision}`,
        title: decision === "accepted" ? `Hồ sơ ${e.dossierNo} hợp lệ` : `Hồ sơ ${e.dossierNo} không được tiếp nhận`,
        body: decision === "accepted" ? `Hồ sơ "${product.name}" đã được tiếp nhận và sẽ được chấm điểm.` : `Hồ sơ "${product.name}" không được tiếp nhận. Lý do: ${clean}`,
        link: `/co-so/du-thi/${e.id}`,
      });
    },
    { behavior: "immediate" },
  );
  await deliverMail(mails);
}

/** Files referenced by an entry's dossier, for the download route's permission check. */
export function entryIdsForFile(fileId: number): number[] {
  return db.select({ entryId: dossierDocuments.entryId }).from(dossierDocuments).where(eq(dossierDocuments.fileId, fileId)).all().map((r) => r.entryId);
}


/* ------------------------------------------------------------------ */
/* Reusing the product's photos in the dossier (issue 12, "Don't ask twice") */
/* ------------------------------------------------------------------ */

/** The dossier slot the product's photos can fill (db/reference/catalog.ts). */
export const PHOTO_SLOT = "product_photos";

/**
 * The product's photos offered for the dossier's photo slot, each flagged when the slot already
 * holds it (the same stored file, or the same bytes uploaded again). Only the entry's own product.
 */
export function reusableProductPhotos(p: Principal, entryId: number) {
  const e = requireOwnEntry(p, entryId);
  const photos = db
    .select({ id: productPhotos.id, fileId: productPhotos.fileId, name: files.originalName, sha: files.sha256 })
    .from(productPhotos)
    .innerJoin(files, eq(files.id, productPhotos.fileId))
    .where(eq(productPhotos.productId, e.productId))
    .orderBy(asc(productPhotos.position), asc(productPhotos.id))
    .all();
  const inSlot = db
    .select({ fileId: dossierDocuments.fileId, sha: files.sha256 })
    .from(dossierDocuments)
    .innerJoin(files, eq(files.id, dossierDocuments.fileId))
    .where(and(eq(dossierDocuments.entryId, e.id), eq(dossierDocuments.docType, PHOTO_SLOT), isNull(dossierDocuments.supersededAt)))
    .all();
  const ids = new Set(inSlot.map((d) => d.fileId));
  const shas = new Set(inSlot.map((d) => d.sha));
  return photos.map((ph) => ({ id: ph.id, fileId: ph.fileId, name: ph.name, inSlot: ids.has(ph.fileId) || shas.has(ph.sha) }));
}

/**
 * Puts one of the product's photos into the dossier's photo slot by reference: a new dossier
 * document row pointing at the same `files` row (no bytes copied). Refused, with nothing written,
 * when the photo is not of this entry's product (404), the slot is locked (403), the photo is
 * already in the slot or the slot is full (409). Returns the new document's id.
 */
export function reuseProductPhoto(p: Principal, entryId: number, photoId: number): number {
  return db.transaction(
    (tx) => {
      const e = requireOwnEntry(p, entryId, tx);
      const photo = Number.isInteger(photoId)
        ? tx
            .select({ id: productPhotos.id, fileId: productPhotos.fileId, mimeType: files.mimeType, sha: files.sha256, name: files.originalName })
            .from(productPhotos)
            .innerJoin(files, eq(files.id, productPhotos.fileId))
            .where(and(eq(productPhotos.id, photoId), eq(productPhotos.productId, e.productId)))
            .get()
        : undefined;
      if (!photo) notFound("Không tìm thấy ảnh này trong ảnh của sản phẩm.");
      const slot = requireEditableSlot(tx, e, PHOTO_SLOT);
      if (!photo.mimeType.startsWith("image/") || !slot.accepts.includes("image")) {
        throw new EntryError(`Mục "${slot.name}" không nhận tệp "${photo.name}".`, 415, "photoId");
      }
      const current = tx
        .select({ fileId: dossierDocuments.fileId, sha: files.sha256 })
        .from(dossierDocuments)
        .innerJoin(files, eq(files.id, dossierDocuments.fileId))
        .where(and(eq(dossierDocuments.entryId, e.id), eq(dossierDocuments.docType, PHOTO_SLOT), isNull(dossierDocuments.supersededAt)))
        .all();
      if (current.some((c) => c.fileId === photo.fileId || c.sha === photo.sha)) {
        throw new EntryError(`Ảnh này đã có trong mục "${slot.name}".`, 409, "photoId");
      }
      if (current.length + 1 > slot.maxFiles) {
        throw new EntryError(`Mục "${slot.name}" nhận tối đa ${slot.maxFiles} tệp (đã có ${current.length}). Gỡ bớt một ảnh trước khi thêm.`, 409, "photoId");
      }
      const maxIndex = tx
        .select({ m: sql<number | null>`max(${dossierDocuments.slotIndex})` })
        .from(dossierDocuments)
        .where(and(eq(dossierDocuments.entryId, e.id), eq(dossierDocuments.docType, PHOTO_SLOT)))
        .get()!.m;
      const id = tx
        .insert(dossierDocuments)
        .values({ entryId: e.id, docType: PHOTO_SLOT, fileId: photo.fileId, slotIndex: maxIndex == null ? 0 : maxIndex + 1, version: 1, uploadedBy: p.userId })
        .returning({ id: dossierDocuments.id })
        .get().id;
      tx.update(entries).set({ updatedAt: new Date() }).where(eq(entries.id, e.id)).run();
      audit(tx, { actorUserId: p.userId, action: "dossier.reuse_photo", objectType: "entry", objectId: e.id, data: { docType: PHOTO_SLOT, productPhotoId: photo.id, fileId: photo.fileId, documentId: id } });
      return id;
    },
    { behavior: "immediate" },
  );
}
