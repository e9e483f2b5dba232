/**
 * Certificates: issuing for a published round (rows in one transaction, then PDFs one by one,
 * yielding to the event loop between them), single and bulk (.zip) downloads, revocation.
 * Every use case receives the acting principal and checks it first.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import { PassThrough, type Readable } from "node:stream";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import yazl from "yazl";
import {
  adminUnits,
  certificates,
  councilVerdicts,
  entries,
  establishments,
  files,
  productGroups,
  products,
  recognitionDecisions,
  results,
  rounds,
} from "~db/schema";
import { todayInVietnam } from "~/lib/dates";
import { db, type DbOrTx } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { notFound } from "~/lib/http.server";
import { canActForEstablishment, canManageRound, type Principal } from "~/lib/permissions";
import { clean } from "~/lib/text";
import { audit } from "~/modules/audit/audit.server";
import { getRoundForOrganizer, roundScope, type Round } from "~/modules/rounds/rounds.server";
import { unitPath } from "~/modules/units/units.server";
import {
  certificateStatus,
  isIsoDate,
  MAX_REVOKE_REASON,
  nextSeq,
  numberForFileName,
  renderCertificateNumber,
  seriesLikePattern,
  validUntilFor,
  type CertificateStatus,
  type NumberVars,
} from "./certificates";
import { discardWritten, localPath, recordFile, writeCertificateBytes } from "./files.server";
import { renderCertificatePdf, type CertificatePrint } from "./pdf.server";
import { invalidateLookupCaches } from "~/modules/lookup/lookup.server";

export type Certificate = typeof certificates.$inferSelect;

/** A refusal the person can act on (shown next to the form), with its HTTP status. */
export class CertificateError extends Error {
  constructor(
    message: string,
    public status = 400,
    public field = "_form",
  ) {
    super(message);
  }
}

export function newPublicCode(): string {
  return crypto.randomBytes(12).toString("base64url"); // 16 characters, 96 bits
}

/** The absolute address the QR code opens. */
export function verifyUrl(publicCode: string): string {
  return `${env().publicBaseUrl}/xac-thuc/${publicCode}`;
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */
/* ------------------------------------------------------------------ */

/** Everything printed on a certificate, from its snapshot, decision and product group. */
export function certificatePrint(certId: number, tx: DbOrTx = db): (CertificatePrint & { id: number; year: number }) | undefined {
  const row = tx
    .select({
      id: certificates.id,
      number: certificates.number,
      publicCode: certificates.publicCode,
      productName: certificates.productName,
      producerName: certificates.producerName,
      producerAddress: certificates.producerAddress,
      productGroupName: productGroups.name,
      level: certificates.level,
      year: certificates.year,
      issuer: recognitionDecisions.issuer,
      decisionNumber: recognitionDecisions.number,
      decisionDate: recognitionDecisions.signedOn,
      signerName: recognitionDecisions.signerName,
      signerTitle: recognitionDecisions.signerTitle,
      issuedOn: certificates.issuedOn,
      validUntil: certificates.validUntil,
    })
    .from(certificates)
    .innerJoin(recognitionDecisions, eq(recognitionDecisions.id, certificates.decisionId))
    .innerJoin(productGroups, eq(productGroups.id, certificates.productGroupId))
    .where(eq(certificates.id, certId))
    .get();
  if (!row) return undefined;
  const { publicCode, ...rest } = row;
  return { ...rest, verifyUrl: verifyUrl(publicCode) };
}

export interface RoundCertificateRow {
  entryId: number;
  productName: string;
  producerName: string;
  groupName: string;
  decisionNumber: string | null;
  certificate: {
    id: number;
    number: string;
    publicCode: string;
    issuedOn: string;
    validUntil: string;
    status: CertificateStatus;
    revokedAt: number | null;
    revokeReason: string | null;
    hasPdf: boolean;
  } | null;
}

/** The organizer's certificates page: the round's recognised entries and their certificates. */
export function roundCertificatesForOrganizer(p: Principal, roundId: number, today = todayInVietnam()) {
  const { round, body, unit, canManage } = getRoundForOrganizer(p, roundId);
  const rows = db
    .select({
      entryId: entries.id,
      productName: products.name,
      producerName: establishments.name,
      groupName: productGroups.shortName,
      decisionNumber: recognitionDecisions.number,
      rank: results.rank,
      cert: certificates,
    })
    .from(entries)
    .innerJoin(councilVerdicts, and(eq(councilVerdicts.entryId, entries.id), eq(councilVerdicts.recognised, true)))
    .innerJoin(products, eq(products.id, entries.productId))
    .innerJoin(establishments, eq(establishments.id, entries.establishmentId))
    .innerJoin(productGroups, eq(productGroups.id, products.productGroupId))
    .leftJoin(recognitionDecisions, eq(recognitionDecisions.id, councilVerdicts.decisionId))
    .leftJoin(results, and(eq(results.entryId, entries.id), eq(results.stage, entries.stage)))
    .leftJoin(certificates, eq(certificates.entryId, entries.id))
    .where(eq(entries.roundId, round.id))
    .orderBy(sql`${certificates.number} is null`, asc(certificates.id), asc(products.productGroupId), asc(results.rank), asc(entries.id))
    .all();
  const list: RoundCertificateRow[] = rows.map((r) => ({
    entryId: r.entryId,
    productName: r.cert?.productName ?? r.productName,
    producerName: r.cert?.producerName ?? r.producerName,
    groupName: r.groupName,
    decisionNumber: r.decisionNumber,
    certificate: r.cert
      ? {
          id: r.cert.id,
          number: r.cert.number,
          publicCode: r.cert.publicCode,
          issuedOn: r.cert.issuedOn,
          validUntil: r.cert.validUntil,
          status: certificateStatus(r.cert, today),
          revokedAt: r.cert.revokedAt ? r.cert.revokedAt.getTime() : null,
          revokeReason: r.cert.revokeReason,
          hasPdf: r.cert.pdfFileId != null,
        }
      : null,
  }));
  const issued = list.filter((r) => r.certificate).length;
  const withPdf = list.filter((r) => r.certificate?.hasPdf).length;
  const withoutDecision = list.filter((r) => !r.certificate && !r.decisionNumber).length;
  const decisions = db
    .select()
    .from(recognitionDecisions)
    .where(eq(recognitionDecisions.roundId, round.id))
    .orderBy(asc(recognitionDecisions.signedOn))
    .all();
  return {
    round,
    bodyName: body.name,
    unitName: unit ? `${unit.kind} ${unit.name}` : null,
    canManage,
    canIssue: canManage && round.status === "published",
    decisions,
    rows: list,
    stats: { recognised: list.length, issued, missing: list.length - issued - withoutDecision, withoutDecision, withPdf },
    job: jobView(getJob(round.id)),
  };
}

/* ------------------------------------------------------------------ */
/* Issuing                                                             */
/* ------------------------------------------------------------------ */

function ensureCanIssue(p: Principal, round: Round) {
  if (!canManageRound(p, roundScope(round))) notFound("Không tìm thấy kỳ bình chọn này trong phạm vi của cơ quan bạn.");
  if (round.status !== "published") {
    throw new CertificateError("Chỉ cấp giấy chứng nhận cho kỳ bình chọn đã công bố kết quả.", 409);
  }
}

function numberVars(round: Round, tx: DbOrTx): NumberVars {
  let unit = "";
  if (round.unitId) unit = tx.select({ code: adminUnits.code }).from(adminUnits).where(eq(adminUnits.id, round.unitId)).get()?.code ?? "";
  else if (round.regionCode) unit = round.regionCode;
  else if (round.level === "national") unit = "BCT";
  return { level: round.level, year: round.year, unit };
}

/**
 * Creates the missing certificate rows of a published round, in one transaction: one per entry
 * the council recognised with a decision. Numbers continue the round's series; each gets a
 * random public code. Returns the new certificates' ids (in number order).
 */
export function createMissingCertificates(
  p: Principal,
  roundId: number,
  opts: { issuedOn?: string; ip?: string | null; today?: string } = {},
): number[] {
  const today = opts.today ?? todayInVietnam();
  const issuedOn = opts.issuedOn || today;
  if (!isIsoDate(issuedOn)) throw new CertificateError("Ngày cấp không hợp lệ.", 400, "issuedOn");
  if (issuedOn > today) throw new CertificateError("Ngày cấp không được sau ngày hôm nay.", 400, "issuedOn");
  const ids = db.transaction(
    (tx) => {
      const round = tx.select().from(rounds).where(eq(rounds.id, roundId)).get();
      if (!round) notFound("Không tìm thấy kỳ bình chọn này.");
      ensureCanIssue(p, round);
      const todo = tx
        .select({
          entryId: entries.id,
          decisionId: councilVerdicts.decisionId,
          decisionRound: recognitionDecisions.roundId,
          decisionDate: recognitionDecisions.signedOn,
          productName: products.name,
          groupId: products.productGroupId,
          producerName: establishments.name,
          street: establishments.street,
          unitId: establishments.unitId,
          provinceId: establishments.provinceId,
        })
        .from(entries)
        .innerJoin(councilVerdicts, and(eq(councilVerdicts.entryId, entries.id), eq(councilVerdicts.recognised, true)))
        .innerJoin(recognitionDecisions, eq(recognitionDecisions.id, councilVerdicts.decisionId))
        .innerJoin(products, eq(products.id, entries.productId))
        .innerJoin(establishments, eq(establishments.id, entries.establishmentId))
        .leftJoin(results, and(eq(results.entryId, entries.id), eq(results.stage, entries.stage)))
        .leftJoin(certificates, eq(certificates.entryId, entries.id))
        .where(and(eq(entries.roundId, round.id), isNull(certificates.id)))
        .orderBy(asc(products.productGroupId), asc(results.rank), asc(entries.id))
        .all();
      if (!todo.length) return [];
      for (const t of todo) {
        if (t.decisionRound !== round.id) throw new CertificateError("Quyết định công nhận không thuộc kỳ bình chọn này.", 409);
        if (issuedOn < t.decisionDate) {
          throw new CertificateError(
            `Ngày cấp không được trước ngày ký quyết định công nhận (${t.decisionDate.split("-").reverse().join("/")}).`,
            400,
            "issuedOn",
          );
        }
      }
      const vars = numberVars(round, tx);
      const existing = tx
        .select({ number: certificates.number })
        .from(certificates)
        .where(sql`${certificates.number} like ${seriesLikePattern(round.certificateNumberPattern, vars)} escape '\\'`)
        .all()
        .map((r) => r.number);
      let seq = nextSeq(existing, round.certificateNumberPattern, vars);
      const validUntil = validUntilFor(issuedOn, round.certificateValidityMonths);
      const created: number[] = [];
      for (const t of todo) {
        const number = renderCertificateNumber(round.certificateNumberPattern, seq++, vars);
        const address = [t.street, unitPath(t.unitId ?? t.provinceId, tx)].filter(Boolean).join(", ");
        const id = tx
          .insert(certificates)
          .values({
            entryId: t.entryId,
            decisionId: t.decisionId!,
            number,
            publicCode: newPublicCode(),
            productName: clean(t.productName),
            producerName: clean(t.producerName),
            producerAddress: clean(address),
            productGroupId: t.groupId,
            level: round.level,
            year: round.year,
            provinceId: t.provinceId,
            issuedOn,
            validUntil,
          })
          .returning({ id: certificates.id })
          .get().id;
        audit(tx, {
          actorUserId: p.userId,
          action: "certificate.issue",
          objectType: "certificate",
          objectId: id,
          data: { roundId: round.id, entryId: t.entryId, number, issuedOn, validUntil },
          ip: opts.ip ?? null,
        });
        created.push(id);
      }
      return created;
    },
    { behavior: "immediate" },
  );
  if (ids.length) invalidateLookupCaches();
  return ids;
}

const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r));

/**
 * The certificate's PDF, rendered and stored the first time it is asked for. The stored file is
 * the issued document: later downloads serve the same bytes.
 */
export async function ensureCertificatePdf(certId: number, actorUserId: string | null): Promise<{ absPath: string; fileName: string; sizeBytes: number }> {
  const cert = db.select().from(certificates).where(eq(certificates.id, certId)).get();
  if (!cert) notFound("Không tìm thấy giấy chứng nhận.");
  const fileName = `GCN-${numberForFileName(cert.number)}.pdf`;
  if (cert.pdfFileId) {
    const file = db.select().from(files).where(eq(files.id, cert.pdfFileId)).get();
    const abs = file ? localPath(file) : null;
    if (file && abs && fs.existsSync(abs)) return { absPath: abs, fileName, sizeBytes: file.sizeBytes };
    // The file went missing (a restore without uploads): render it again below.
  }
  const print = certificatePrint(cert.id)!;
  const bytes = await renderCertificatePdf(print);
  const written = await writeCertificateBytes(bytes, cert.year);
  const won = db.transaction(
    (tx) => {
      const now = tx.select({ pdfFileId: certificates.pdfFileId }).from(certificates).where(eq(certificates.id, cert.id)).get();
      if (now?.pdfFileId && now.pdfFileId !== cert.pdfFileId) return false;
      const fileId = recordFile(tx, written, fileName, actorUserId);
      tx.update(certificates).set({ pdfFileId: fileId }).where(eq(certificates.id, cert.id)).run();
      return true;
    },
    { behavior: "immediate" },
  );
  if (!won) {
    await discardWritten(written);
    return ensureCertificatePdf(certId, actorUserId);
  }
  return { absPath: written.absPath, fileName, sizeBytes: written.sizeBytes };
}

/** Ids of the round's certificates that have no stored PDF yet. */
function certificatesWithoutPdf(roundId: number): number[] {
  return db
    .select({ id: certificates.id })
    .from(certificates)
    .innerJoin(entries, eq(entries.id, certificates.entryId))
    .where(and(eq(entries.roundId, roundId), isNull(certificates.pdfFileId)))
    .orderBy(asc(certificates.id))
    .all()
    .map((r) => r.id);
}

/* In-process jobs, one per round, so the browser can follow progress. */
export interface IssueJob {
  roundId: number;
  status: "running" | "done" | "error";
  total: number;
  done: number;
  created: number;
  startedAt: number;
  finishedAt: number | null;
  error: string | null;
  promise: Promise<void>;
}

declare global {
  // eslint-disable-next-line no-var
  var __cnntIssueJobs: Map<number, IssueJob> | undefined;
}
const jobs = (globalThis.__cnntIssueJobs ??= new Map<number, IssueJob>());

function getJob(roundId: number) {
  return jobs.get(roundId);
}

export type IssueJobView = Omit<IssueJob, "promise"> | null;
function jobView(j: IssueJob | undefined): IssueJobView {
  if (!j) return null;
  const { promise: _p, ...rest } = j;
  return rest;
}

/**
 * Starts issuing a round's certificates in the background (or returns the job already running):
 * the missing rows first, then every missing PDF, one at a time with a yield to the event loop
 * in between so the server keeps answering other requests.
 */
export function startIssueJob(p: Principal, roundId: number, opts: { issuedOn?: string; ip?: string | null } = {}): IssueJobView {
  const running = jobs.get(roundId);
  // Scope and status are checked even when a job runs, so nobody learns about other rounds.
  const round = db.select().from(rounds).where(eq(rounds.id, roundId)).get();
  if (!round) notFound("Không tìm thấy kỳ bình chọn này.");
  ensureCanIssue(p, round);
  if (running?.status === "running") return jobView(running);
  const created = createMissingCertificates(p, roundId, opts);
  const todo = certificatesWithoutPdf(roundId);
  const job: IssueJob = {
    roundId,
    status: "running",
    total: todo.length,
    done: 0,
    created: created.length,
    startedAt: Date.now(),
    finishedAt: null,
    error: null,
    promise: Promise.resolve(),
  };
  job.promise = (async () => {
    try {
      for (const id of todo) {
        await ensureCertificatePdf(id, p.userId);
        job.done++;
        await yieldToEventLoop();
      }
      job.status = "done";
    } catch (e) {
      job.status = "error";
      job.error = e instanceof Error ? e.message : String(e);
      console.error("[chứng nhận] Lỗi khi tạo giấy chứng nhận:", e);
    } finally {
      job.finishedAt = Date.now();
    }
  })();
  jobs.set(roundId, job);
  return jobView(job);
}

/** Issues and waits until every PDF exists (the form post without JavaScript; scripts). */
export async function issueRoundCertificates(p: Principal, roundId: number, opts: { issuedOn?: string; ip?: string | null } = {}) {
  startIssueJob(p, roundId, opts);
  const job = jobs.get(roundId)!;
  await job.promise;
  if (job.status === "error") throw new Error(job.error ?? "issue failed");
  return jobView(job)!;
}

/** Progress of the round's job, for the organizer who may see the round. */
export function issueJobProgress(p: Principal, roundId: number): IssueJobView {
  getRoundForOrganizer(p, roundId, { manage: true });
  return jobView(jobs.get(roundId));
}

/* ------------------------------------------------------------------ */
/* Downloads                                                           */
/* ------------------------------------------------------------------ */

/** A certificate of a round the organizer may see; 404 otherwise (nothing about other rounds). */
export function certificateForOrganizer(p: Principal, roundId: number, certId: number): Certificate {
  const { round } = getRoundForOrganizer(p, roundId);
  const row = db
    .select({ cert: certificates })
    .from(certificates)
    .innerJoin(entries, eq(entries.id, certificates.entryId))
    .where(and(eq(certificates.id, certId), eq(entries.roundId, round.id)))
    .get();
  if (!row) notFound("Không tìm thấy giấy chứng nhận này.");
  return row.cert;
}

/** A certificate of one of the producer's own establishments, of a published round; 404 otherwise. */
export function certificateForProducer(p: Principal, certId: number): Certificate {
  const row = db
    .select({ cert: certificates, establishmentId: entries.establishmentId, roundStatus: rounds.status })
    .from(certificates)
    .innerJoin(entries, eq(entries.id, certificates.entryId))
    .innerJoin(rounds, eq(rounds.id, entries.roundId))
    .where(eq(certificates.id, certId))
    .get();
  if (!row || !canActForEstablishment(p, row.establishmentId) || row.roundStatus !== "published") {
    notFound("Không tìm thấy giấy chứng nhận này.");
  }
  return row.cert;
}

/** The producer's certificates (for its home page). */
export function certificatesOfProducer(p: Principal, today = todayInVietnam()) {
  if (!p.establishmentIds.length) return [];
  return db
    .select({ id: certificates.id, entryId: certificates.entryId, number: certificates.number, validUntil: certificates.validUntil, revokedAt: certificates.revokedAt })
    .from(certificates)
    .innerJoin(entries, eq(entries.id, certificates.entryId))
    .innerJoin(rounds, eq(rounds.id, entries.roundId))
    .where(and(inArray(entries.establishmentId, p.establishmentIds), eq(rounds.status, "published")))
    .all()
    .map((c) => ({ id: c.id, entryId: c.entryId, number: c.number, status: certificateStatus(c, today) }));
}

/**
 * The round's certificates as one .zip, streamed: PDFs missing so far are rendered first.
 * PDFs are stored without recompression (they are compressed already).
 */
export async function roundCertificatesZip(p: Principal, roundId: number): Promise<{ stream: Readable; fileName: string }> {
  const { round } = getRoundForOrganizer(p, roundId);
  for (const id of certificatesWithoutPdf(round.id)) {
    await ensureCertificatePdf(id, p.userId);
    await yieldToEventLoop();
  }
  const rows = db
    .select({ number: certificates.number, file: files })
    .from(certificates)
    .innerJoin(entries, eq(entries.id, certificates.entryId))
    .innerJoin(files, eq(files.id, certificates.pdfFileId))
    .where(eq(entries.roundId, round.id))
    .orderBy(asc(certificates.id))
    .all();
  const zip = new yazl.ZipFile();
  for (const r of rows) {
    const abs = localPath(r.file);
    if (!abs) continue;
    zip.addFile(abs, `GCN-${numberForFileName(r.number)}.pdf`, { compress: false });
  }
  zip.end();
  const out = new PassThrough();
  zip.outputStream.pipe(out);
  return { stream: out, fileName: `giay-chung-nhan-${round.level}-${round.year}-ky-${round.id}.zip` };
}

/* ------------------------------------------------------------------ */
/* Revocation                                                          */
/* ------------------------------------------------------------------ */

/** Revokes a certificate with a reason (shown on the public verification page); audited. */
export function revokeCertificate(p: Principal, roundId: number, certId: number, reasonRaw: string, ip: string | null = null) {
  const reason = clean(reasonRaw ?? "");
  if (!reason) throw new CertificateError("Vui lòng nhập lý do thu hồi.", 400, "reason");
  if (reason.length > MAX_REVOKE_REASON) throw new CertificateError(`Lý do thu hồi quá dài (tối đa ${MAX_REVOKE_REASON} ký tự).`, 400, "reason");
  const { round } = getRoundForOrganizer(p, roundId, { manage: true });
  db.transaction(
    (tx) => {
      const row = tx
        .select({ cert: certificates })
        .from(certificates)
        .innerJoin(entries, eq(entries.id, certificates.entryId))
        .where(and(eq(certificates.id, certId), eq(entries.roundId, round.id)))
        .get();
      if (!row) notFound("Không tìm thấy giấy chứng nhận này.");
      if (row.cert.revokedAt) throw new CertificateError("Giấy chứng nhận này đã bị thu hồi trước đó.", 409);
      tx.update(certificates)
        .set({ revokedAt: new Date(), revokeReason: reason, revokedBy: p.userId })
        .where(eq(certificates.id, certId))
        .run();
      audit(tx, {
        actorUserId: p.userId,
        action: "certificate.revoke",
        objectType: "certificate",
        objectId: certId,
        data: { roundId: round.id, number: row.cert.number, reason },
        ip,
      });
    },
    { behavior: "immediate" },
  );
  invalidateLookupCaches();
}
