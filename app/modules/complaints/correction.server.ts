/**
 * Correcting a published result after an upheld complaint (issue 14, docs/decisions/0035): the
 * council's verdict on the entry changes, an amended recognition decision is recorded (number,
 * date not in the future, signer; amends_decision_id = the decision it amends, complaint_id), the
 * entry's status follows, and its certificate is issued (newly recognised) or revoked (no longer
 * recognised, reason "Điều chỉnh theo Quyết định số … sau khiếu nại"), all in one transaction,
 * guarded by a confirmation token bound to the state shown (app/lib/confirm.server.ts).
 *
 * This first step changes the verdict without re-scoring: it refuses to recognise an entry whose
 * stored result did not pass the pass mark (that needs the sheets reopened and scored again).
 * Only the organizer managing the round corrects (it signs decisions and issues certificates).
 */
import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import { certificates, complaintEvents, complaints, councilMembers, councilVerdicts, entries, entryEvents, recognitionDecisions, results, scoreSheets } from "~db/schema";
import { checkConfirmation, signConfirmation } from "~/lib/confirm.server";
import { formatDate, isCalendarDate, todayInVietnam } from "~/lib/dates";
import { db } from "~/lib/db.server";
import { forbidden, notFound } from "~/lib/http.server";
import { deliverMail } from "~/lib/mail.server";
import type { Principal } from "~/lib/permissions";
import { audit } from "~/modules/audit/audit.server";
import { CertificateError, createMissingCertificates, revokeCertificate } from "~/modules/certificates/certificates.server";
import { establishmentUserIds, notifyUsers } from "~/modules/notify/notify.server";
import { computeStage, draftSheetsOf, recomputeDecidingStage, reopenSheetsForComplaint } from "~/modules/scoring/scoring.server";
import { amendmentRevokeReason, stepRefusal, type ComplaintStatus } from "./complaints";
import { ComplaintError, councilAccess } from "./complaints.server";

export const CORRECTION_ACTION = "dieu-chinh-khieu-nai";

function load(p: Principal, roundId: number, id: number) {
  const access = councilAccess(p, roundId);
  if (!access.canManage) forbidden("Chỉ cơ quan tổ chức kỳ bình chọn ghi quyết định sửa đổi và điều chỉnh giấy chứng nhận.");
  const c = db.select().from(complaints).where(and(eq(complaints.id, id), eq(complaints.roundId, roundId))).get();
  if (!c) notFound("Không tìm thấy khiếu nại này.");
  const verdict = db.select().from(councilVerdicts).where(eq(councilVerdicts.entryId, c.entryId!)).get() ?? null;
  const cert = db.select().from(certificates).where(eq(certificates.entryId, c.entryId!)).get() ?? null;
  const access0 = access.round;
  const sheets = sheetsOf(c.entryId!, access0.scoringStages);
  // Sheets reopened for this complaint: the result is computed again from them (live here, stored by the correction).
  const rescored = sheets.some((s) => s.reopenedAt != null && s.reopenedAt.getTime() >= c.createdAt.getTime());
  const drafts = sheets.filter((s) => s.status === "draft").length;
  const passed = rescored
    ? (computeStage(db, access0, access0.scoringStages).entries.find((e) => Number(e.entryId) === c.entryId)?.passed ?? false)
    : (db.select({ passed: results.passed }).from(results).where(eq(results.entryId, c.entryId!)).orderBy(desc(results.stage)).get()?.passed ?? false);
  // The decision amended: the one the entry's verdict points at, else the round's latest.
  const original =
    (verdict?.decisionId ? db.select().from(recognitionDecisions).where(eq(recognitionDecisions.id, verdict.decisionId)).get() : undefined) ??
    db.select().from(recognitionDecisions).where(eq(recognitionDecisions.roundId, roundId)).orderBy(desc(recognitionDecisions.id)).get() ??
    null;
  return { ...access, c, verdict, cert, passed, original, sheets, rescored, drafts };
}

/** The entry's sheets of the deciding stage: judge, status, whether reopened (no points). */
function sheetsOf(entryId: number, stage: number) {
  return db
    .select({ id: scoreSheets.id, memberId: scoreSheets.councilMemberId, judge: councilMembers.fullName, status: scoreSheets.status, version: scoreSheets.version, reopenedAt: scoreSheets.reopenedAt, reopenReason: scoreSheets.reopenReason })
    .from(scoreSheets)
    .innerJoin(councilMembers, eq(councilMembers.id, scoreSheets.councilMemberId))
    .where(and(eq(scoreSheets.entryId, entryId), eq(scoreSheets.stage, stage)))
    .orderBy(asc(scoreSheets.id))
    .all();
}

/** The state a confirmation is bound to: any change (another correction, a certificate) voids it. */
function stateOf(x: ReturnType<typeof load>): string {
  return [x.c.id, x.c.status, x.verdict?.recognised ? 1 : 0, x.cert?.id ?? 0, x.cert?.revokedAt ? 1 : 0, x.original?.id ?? 0, x.sheets.map((s) => `${s.id}.${s.version}`).join(",")].join(":");
}

/**
 * What the correction will do, for the page: the verdict now and after, the certificate to issue
 * or revoke, the decision amended, why it is refused now (`blocked`), and the token to post.
 */
export function correctionPreview(p: Principal, roundId: number, id: number) {
  const x = load(p, roundId, id);
  const recognisedNow = !!x.verdict?.recognised;
  const to = !recognisedNow;
  const blocked: string[] = [];
  const refusal = stepRefusal(x.c.status as ComplaintStatus, "correct");
  if (refusal) blocked.push(refusal);
  if (x.round.status !== "published") blocked.push("Chỉ điều chỉnh kết quả của kỳ bình chọn đã công bố.");
  if (!x.original) blocked.push("Kỳ bình chọn chưa có quyết định công nhận để sửa đổi.");
  if (x.drafts) blocked.push(`Còn ${x.drafts} phiếu chấm được mở lại chưa nộp lại: chờ giám khảo nộp phiếu.`);
  else if (to && !x.passed) blocked.push(x.rescored ? "Sau khi chấm lại, sản phẩm vẫn chưa đạt điểm tối thiểu: không công nhận được." : "Sản phẩm chưa đạt điểm tối thiểu theo kết quả đã lưu: mở lại phiếu chấm để chấm lại nếu khiếu nại về điểm.");
  const lines = to
    ? [
        "Sản phẩm sẽ được công nhận theo quyết định sửa đổi.",
        x.cert ? "Sản phẩm đã có giấy chứng nhận." : "Giấy chứng nhận được cấp ngay nếu kỳ bình chọn đã cấp giấy; nếu chưa, giấy được cấp cùng lượt cấp của kỳ.",
      ]
    : ["Sản phẩm sẽ không còn được công nhận.", x.cert && !x.cert.revokedAt ? `Giấy chứng nhận số ${x.cert.number} sẽ bị thu hồi (hiển thị khi xác thực).` : "Sản phẩm chưa có giấy chứng nhận còn hiệu lực."];
  if (x.rescored) lines.unshift("Kết quả của vòng chấm được tính lại từ các phiếu đã chấm lại (điểm, thứ hạng).");
  lines.push("Trang kết quả công khai sẽ ghi: điều chỉnh sau khiếu nại, ngày và số quyết định sửa đổi (không hiển thị nội dung khiếu nại).", "Không hoàn tác được.");
  return {
    recognisedNow,
    recognisedAfter: to,
    original: x.original ? { id: x.original.id, number: x.original.number, signedOn: x.original.signedOn, signerName: x.original.signerName, signerTitle: x.original.signerTitle, issuer: x.original.issuer } : null,
    certificate: x.cert ? { id: x.cert.id, number: x.cert.number, revoked: !!x.cert.revokedAt } : null,
    lines,
    blocked,
    rescored: x.rescored,
    sheets: x.sheets.map((s) => ({ id: s.id, memberId: s.memberId, judge: s.judge, status: s.status, reopenedForComplaint: s.reopenedAt != null && s.reopenedAt.getTime() >= x.c.createdAt.getTime() })),
    canReopen: (x.c.status === "answered" && x.round.status === "published"),
    token: signConfirmation({ userId: p.userId, roundId, action: CORRECTION_ACTION, state: stateOf(x) }),
  };
}

export interface CorrectionInput {
  note: string;
  number: string;
  signedOn: string;
  signerName: string;
  signerTitle: string;
  issuer: string;
}

/**
 * Applies the correction confirmed with `token`. Returns the amended decision's id and what
 * happened to the certificate.
 */
export function applyCorrection(p: Principal, roundId: number, id: number, input: CorrectionInput, token: FormDataEntryValue | null, opts: { today?: string; ip?: string | null } = {}) {
  const today = opts.today ?? todayInVietnam();
  const f = {
    note: (input.note ?? "").normalize("NFC").trim(),
    number: (input.number ?? "").normalize("NFC").trim(),
    signedOn: (input.signedOn ?? "").trim(),
    signerName: (input.signerName ?? "").normalize("NFC").trim(),
    signerTitle: (input.signerTitle ?? "").normalize("NFC").trim(),
    issuer: (input.issuer ?? "").normalize("NFC").trim(),
  };
  if (!f.number || f.number.length > 60) throw new ComplaintError("Vui lòng nhập số quyết định sửa đổi (tối đa 60 ký tự).", 400, "number");
  if (!isCalendarDate(f.signedOn)) throw new ComplaintError("Ngày ký quyết định sửa đổi không hợp lệ.", 400, "signedOn");
  if (f.signedOn > today) throw new ComplaintError(`Ngày ký (${formatDate(f.signedOn)}) không được sau hôm nay (${formatDate(today)}).`, 400, "signedOn");
  if (!f.signerName || f.signerName.length > 120) throw new ComplaintError("Vui lòng nhập họ tên người ký.", 400, "signerName");
  if (!f.signerTitle || f.signerTitle.length > 160) throw new ComplaintError("Vui lòng nhập chức vụ người ký.", 400, "signerTitle");
  if (!f.issuer || f.issuer.length > 200) throw new ComplaintError("Vui lòng nhập cơ quan ban hành quyết định.", 400, "issuer");
  if (f.note.length < 5 || f.note.length > 2000) throw new ComplaintError("Vui lòng ghi lý do điều chỉnh (5–2000 ký tự).", 400, "note");

  const { outcome, mails } = db.transaction(
    (tx) => {
      const x = load(p, roundId, id);
      checkConfirmation(token, { userId: p.userId, roundId, action: CORRECTION_ACTION, state: stateOf(x) });
      const refusal = stepRefusal(x.c.status as ComplaintStatus, "correct");
      if (refusal) throw new ComplaintError(refusal, 409);
      if (x.round.status !== "published") throw new ComplaintError("Chỉ điều chỉnh kết quả của kỳ bình chọn đã công bố.", 409);
      if (!x.original) throw new ComplaintError("Kỳ bình chọn chưa có quyết định công nhận để sửa đổi.", 409);
      if (f.signedOn < x.original.signedOn) throw new ComplaintError(`Ngày ký quyết định sửa đổi không được trước quyết định được sửa đổi (${formatDate(x.original.signedOn)}).`, 400, "signedOn");
      if (x.drafts) throw new ComplaintError(`Còn ${x.drafts} phiếu chấm được mở lại chưa nộp lại.`, 409);
      // Re-scored: the deciding stage's snapshot is computed again (the stage itself stayed closed).
      if (x.rescored) recomputeDecidingStage(tx, x.round);
      const to = !x.verdict?.recognised;
      if (to && !x.passed) throw new ComplaintError("Sản phẩm chưa đạt điểm tối thiểu: không công nhận được.", 409);
      const entry = tx.select().from(entries).where(eq(entries.id, x.c.entryId!)).get()!;
      const decisionId = tx
        .insert(recognitionDecisions)
        .values({ roundId, number: f.number, signedOn: f.signedOn, signerName: f.signerName, signerTitle: f.signerTitle, issuer: f.issuer, amendsDecisionId: x.original.id, complaintId: x.c.id, createdBy: p.userId })
        .returning({ id: recognitionDecisions.id })
        .get().id;
      const note = `Điều chỉnh theo Quyết định số ${f.number} sau khiếu nại ${x.c.number}: ${f.note}`.slice(0, 2000);
      tx.insert(councilVerdicts)
        .values({ entryId: entry.id, recognised: to, note, decisionId, decidedBy: p.userId, decidedAt: new Date() })
        .onConflictDoUpdate({ target: councilVerdicts.entryId, set: { recognised: to, note, decisionId, decidedBy: p.userId, decidedAt: new Date() } })
        .run();
      const status = to ? ("recognised" as const) : ("not_recognised" as const);
      tx.update(entries).set({ status, version: sql`${entries.version} + 1`, updatedAt: new Date() }).where(eq(entries.id, entry.id)).run();
      tx.insert(entryEvents)
        .values({ entryId: entry.id, type: status, fromStatus: entry.status, toStatus: status, actorUserId: p.userId, message: to ? `Được công nhận theo Quyết định số ${f.number} (điều chỉnh sau khiếu nại).` : `Không còn được công nhận theo Quyết định số ${f.number} (điều chỉnh sau khiếu nại).` })
        .run();
      // The certificate follows (nested transactions of certificates.server.ts become savepoints).
      let certificate: "issued" | "revoked" | "pending" | "none" = "none";
      let certNote = "";
      if (to) {
        const roundHasCertificates = !!tx.get<{ one: number }>(sql`select 1 as one from ${certificates} c join ${entries} e on e.id = c.entry_id where e.round_id = ${roundId} limit 1`);
        if (x.cert) certificate = "none";
        else if (!roundHasCertificates) certificate = "pending";
        else {
          try {
            createMissingCertificates(p, roundId, { issuedOn: today, today, ip: opts.ip ?? null });
            certificate = "issued";
          } catch (e) {
            if (!(e instanceof CertificateError)) throw e;
            certificate = "pending";
            certNote = e.message;
          }
        }
      } else if (x.cert && !x.cert.revokedAt) {
        revokeCertificate(p, roundId, x.cert.id, amendmentRevokeReason(f.number), opts.ip ?? null);
        certificate = "revoked";
      }
      const cert = tx.select({ number: certificates.number }).from(certificates).where(and(eq(certificates.entryId, entry.id), isNull(certificates.revokedAt))).get();
      tx.update(complaints).set({ status: "closed", amendedDecisionId: decisionId, resolvedAt: new Date() }).where(eq(complaints.id, x.c.id)).run();
      const summary = `${to ? "Công nhận" : "Không công nhận"} theo Quyết định số ${f.number} ngày ${formatDate(f.signedOn)}${certificate === "issued" && cert ? `; cấp giấy chứng nhận số ${cert.number}` : ""}${certificate === "revoked" ? `; thu hồi giấy chứng nhận số ${x.cert!.number}` : ""}${certificate === "pending" ? "; giấy chứng nhận được cấp ở trang Giấy chứng nhận" : ""}.`;
      tx.insert(complaintEvents).values({ complaintId: x.c.id, kind: "corrected", note: summary, actorUserId: p.userId }).run();
      audit(tx, {
        actorUserId: p.userId,
        action: "complaint.correct",
        objectType: "complaint",
        objectId: x.c.id,
        data: { roundId, entryId: entry.id, decisionId, amends: x.original.id, number: f.number, recognised: to, certificate, certNote: certNote || null, rescored: x.rescored },
        ip: opts.ip ?? null,
      });
      const mails = notifyUsers(tx, establishmentUserIds(tx, entry.establishmentId), {
        kind: "complaint.corrected",
        title: `Khiếu nại ${x.c.number}: kết quả đã được điều chỉnh`,
        body: `Theo Quyết định số ${f.number} ngày ${formatDate(f.signedOn)}, sản phẩm ${to ? "được công nhận" : "không còn được công nhận"}. ${summary}`,
        link: `/co-so/khieu-nai/${x.c.id}`,
      });
      return { outcome: { decisionId, recognised: to, certificate }, mails };
    },
    { behavior: "immediate" },
  );
  deliverMail(mails).catch(() => {});
  return outcome;
}

/**
 * Reopens the named judges' sheets of the complained-about entry so they score it again (an
 * upheld or partly upheld complaint about the points): the organizer or the chair, with the
 * reason recorded on each sheet, audited, the judges and the producer told. The judges use the
 * normal sheet page; the correction then recomputes the result from the sheets submitted again.
 */
export function reopenForRescore(p: Principal, roundId: number, id: number, memberIds: number[], reasonRaw: string) {
  const reason = (reasonRaw ?? "").normalize("NFC").trim();
  if (reason.length < 5 || reason.length > 1000) throw new ComplaintError("Vui lòng ghi lý do mở lại phiếu chấm (5–1000 ký tự).", 400, "reason");
  if (!memberIds.length) throw new ComplaintError("Hãy chọn ít nhất một phiếu chấm để mở lại.", 400, "memberIds");
  const mails = db.transaction(
    (tx) => {
      const { round } = councilAccess(p, roundId, tx);
      const c = tx.select().from(complaints).where(and(eq(complaints.id, id), eq(complaints.roundId, roundId))).get();
      if (!c) notFound("Không tìm thấy khiếu nại này.");
      if (c.status !== "answered" || c.outcome === "rejected") throw new ComplaintError("Chỉ mở lại phiếu chấm khi Hội đồng đã kết luận khiếu nại đúng (toàn bộ hoặc một phần).", 409);
      if (round.status !== "published") throw new ComplaintError("Chỉ mở lại phiếu chấm theo khiếu nại ở kỳ bình chọn đã công bố.", 409);
      const why = `Khiếu nại ${c.number}: ${reason}`;
      const reopened = reopenSheetsForComplaint(tx, c.entryId!, round.scoringStages, memberIds, why);
      if (!reopened.length) throw new ComplaintError("Không có phiếu đã nộp nào trong các phiếu được chọn.", 400, "memberIds");
      tx.insert(complaintEvents).values({ complaintId: id, kind: "sheets_reopened", note: `${reopened.length} phiếu chấm được mở lại để chấm lại. ${reason}`, actorUserId: p.userId }).run();
      for (const s of reopened) audit(tx, { actorUserId: p.userId, action: "sheet.reopen", objectType: "score_sheet", objectId: s.id, data: { reason: why, complaintId: id } });
      audit(tx, { actorUserId: p.userId, action: "complaint.reopen_sheets", objectType: "complaint", objectId: id, data: { roundId, sheets: reopened.map((s) => s.id) } });
      const entry = tx.select({ votingCode: entries.votingCode, establishmentId: entries.establishmentId }).from(entries).where(eq(entries.id, c.entryId!)).get()!;
      return [
        ...notifyUsers(tx, reopened.flatMap((s) => (s.userId ? [s.userId] : [])), {
          kind: "judge.sheet_reopened",
          title: `Phiếu chấm ${entry.votingCode ?? ""} được mở lại theo khiếu nại ${c.number}`.replace(/\s+/g, " "),
          body: `Phiếu chấm đã được mở lại để chấm lại theo khiếu nại. Lý do: ${reason}`,
          link: `/giam-khao/vong/${roundId}/cham/${c.entryId}`,
        }),
        ...notifyUsers(tx, establishmentUserIds(tx, entry.establishmentId), {
          kind: "complaint.rescoring",
          title: `Khiếu nại ${c.number}: đang chấm lại`,
          body: "Hội đồng đã mở lại phiếu chấm để chấm lại sản phẩm theo khiếu nại của bạn.",
          link: `/co-so/khieu-nai/${id}`,
        }),
      ];
    },
    { behavior: "immediate" },
  );
  deliverMail(mails).catch(() => {});
}
