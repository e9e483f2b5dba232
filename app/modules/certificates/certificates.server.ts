/**
 * Certificates: issuing for a published round (the missing rows and a stored job in one
 * transaction, then the job renders the PDFs one by one, yielding to the event loop between
 * them), single and bulk (.zip) downloads, revocation. Every use case receives the acting
 * principal and checks it first.
 *
 * The bulk issue is a `jobs` row (kind "certificates.issue", subject "round:<id>", see
 * app/modules/jobs/jobs.server.ts): any server process may run it, progress is read from the
 * database, and a job cut short by a crash is resumed by the next process that polls.
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
import { db, type DbOrTx, type Tx } from "~/lib/db.server";
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
import { drainJobs, enqueueJob, jobById, kickJobs, latestJob, registerJobHandler, startJobPoller, unfinishedJob, type JobContext, type JobRow } from "~/modules/jobs/jobs.server";
import { ORPHAN_GRACE_MS, sweepOrphanFiles } from "~/modules/files/files.server";
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
    job: jobForPage(round.id),
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

function checkIssueDate(issuedOn: string, today: string) {
  if (!isIsoDate(issuedOn)) throw new CertificateError("Ngày cấp không hợp lệ.", 400, "issuedOn");
  if (issuedOn > today) throw new CertificateError("Ngày cấp không được sau ngày hôm nay.", 400, "issuedOn");
}

/**
 * Creates the missing certificate rows of a published round inside the caller's transaction: one
 * per entry the council recognised with a decision. Numbers continue the round's series; each gets
 * a random public code; each is audited. Returns the new certificates' ids (in number order).
 */
function createMissingIn(tx: Tx, p: Principal, round: Round, issuedOn: string, ip: string | null): number[] {
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
      ip,
    });
    created.push(id);
  }
  return created;
}

function loadIssuableRound(tx: DbOrTx, p: Principal, roundId: number): Round {
  const round = tx.select().from(rounds).where(eq(rounds.id, roundId)).get();
  if (!round) notFound("Không tìm thấy kỳ bình chọn này.");
  ensureCanIssue(p, round);
  return round;
}

/**
 * Creates the missing certificate rows of a published round, in one transaction (see
 * createMissingIn). Returns the new certificates' ids (in number order).
 */
export function createMissingCertificates(
  p: Principal,
  roundId: number,
  opts: { issuedOn?: string; ip?: string | null; today?: string } = {},
): number[] {
  const today = opts.today ?? todayInVietnam();
  const issuedOn = opts.issuedOn || today;
  checkIssueDate(issuedOn, today);
  const ids = db.transaction((tx) => createMissingIn(tx, p, loadIssuableRound(tx, p, roundId), issuedOn, opts.ip ?? null), { behavior: "immediate" });
  if (ids.length) invalidateLookupCaches();
  return ids;
}

const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r));

/**
 * The certificate's PDF, rendered and stored the first time it is asked for. The stored file is
 * the issued document: later downloads serve the same bytes.
 *
 * Crash safety: the bytes are written first (temporary file, fsync, rename into place, fsync of
 * the directory), and only then is the `files` row inserted and the certificate pointed at it, in
 * one transaction. So a certificate with a pdf_file_id always has its row and its bytes; a crash
 * in between leaves only bytes without a row (under a fresh random key), which the orphan sweep
 * removes (files.server.ts sweepOrphanFiles, run at start-up), and the certificate still without
 * a PDF, rendered again by the resumed job or the next download.
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
  let won: boolean;
  try {
    won = db.transaction(
      (tx) => {
        const now = tx.select({ pdfFileId: certificates.pdfFileId }).from(certificates).where(eq(certificates.id, cert.id)).get();
        if (now?.pdfFileId && now.pdfFileId !== cert.pdfFileId) return false;
        const fileId = recordFile(tx, written, fileName, actorUserId);
        tx.update(certificates).set({ pdfFileId: fileId }).where(eq(certificates.id, cert.id)).run();
        return true;
      },
      { behavior: "immediate" },
    );
  } catch (e) {
    await discardWritten(written);
    throw e;
  }
  if (!won) {
    await discardWritten(written);
    return ensureCertificatePdf(certId, actorUserId);
  }
  return { absPath: written.absPath, fileName, sizeBytes: written.sizeBytes };
}

/** Ids of the round's certificates that have no stored PDF yet. */
function certificatesWithoutPdf(roundId: number, tx: DbOrTx = db): number[] {
  return tx
    .select({ id: certificates.id })
    .from(certificates)
    .innerJoin(entries, eq(entries.id, certificates.entryId))
    .where(and(eq(entries.roundId, roundId), isNull(certificates.pdfFileId)))
    .orderBy(asc(certificates.id))
    .all()
    .map((r) => r.id);
}

/* ------------------------------------------------------------------ */
/* The bulk issue job                                                  */
/* ------------------------------------------------------------------ */

const ISSUE_KIND = "certificates.issue" as const;
const subjectOf = (roundId: number) => `round:${roundId}`;

/** What the organizer's page and the progress endpoint show of a bulk issue. */
export interface IssueJobView {
  id: number;
  roundId: number;
  /** "queued": waiting for a worker (or for one to resume it after a restart). */
  status: "queued" | "running" | "done" | "error";
  total: number;
  done: number;
  /** Certificates created when the job was started. */
  created: number;
  startedAt: number | null;
  finishedAt: number | null;
  error: string | null;
}

function jobView(j: JobRow | undefined): IssueJobView | null {
  if (!j) return null;
  const payload = (j.payload ?? {}) as { roundId?: number; created?: number };
  return {
    id: j.id,
    roundId: Number(payload.roundId ?? j.subject.replace(/^round:/, "")),
    status: j.status,
    total: j.total,
    done: Math.min(j.done, j.total),
    created: Number(payload.created ?? 0),
    startedAt: j.startedAt ? j.startedAt.getTime() : null,
    finishedAt: j.finishedAt ? j.finishedAt.getTime() : null,
    error: j.error,
  };
}

const isActive = (v: IssueJobView | null) => v?.status === "queued" || v?.status === "running";

/** Renders every missing PDF of the job's round, reporting progress after each one. */
async function runIssueJob(ctx: JobContext): Promise<void> {
  const roundId = Number((ctx.job.payload as { roundId?: unknown } | null)?.roundId);
  if (!Number.isInteger(roundId)) throw new Error(`việc #${ctx.job.id}: thiếu kỳ bình chọn`);
  const todo = certificatesWithoutPdf(roundId);
  // On a resumed job, what was rendered before the interruption counts as done.
  let done = Math.max(0, ctx.job.total - todo.length);
  const total = Math.max(ctx.job.total, done + todo.length);
  ctx.progress(done, total);
  for (const id of todo) {
    await ensureCertificatePdf(id, ctx.job.requestedBy);
    ctx.progress(++done);
    await yieldToEventLoop();
  }
}

registerJobHandler(ISSUE_KIND, runIssueJob);

/**
 * Starts issuing a round's certificates (or returns the unfinished job already started): in one
 * transaction, the missing certificate rows, the job (total = certificates still without a PDF)
 * and the audit row; then work starts at once in this process. The PDFs are made by the job.
 */
export function startIssueJob(p: Principal, roundId: number, opts: { issuedOn?: string; ip?: string | null; today?: string } = {}): IssueJobView {
  const today = opts.today ?? todayInVietnam();
  const issuedOn = opts.issuedOn || today;
  const { job, created } = db.transaction(
    (tx) => {
      // Scope and status are checked even when a job runs, so nobody learns about other rounds.
      const round = loadIssuableRound(tx, p, roundId);
      const open = unfinishedJob(ISSUE_KIND, subjectOf(round.id), tx);
      if (open) return { job: open, created: [] as number[] };
      checkIssueDate(issuedOn, today);
      const created = createMissingIn(tx, p, round, issuedOn, opts.ip ?? null);
      const total = certificatesWithoutPdf(round.id, tx).length;
      const { job } = enqueueJob(tx, {
        kind: ISSUE_KIND,
        subject: subjectOf(round.id),
        payload: { roundId: round.id, created: created.length, issuedOn },
        total,
        requestedBy: p.userId,
      });
      audit(tx, {
        actorUserId: p.userId,
        action: "certificate.issue_job",
        objectType: "round",
        objectId: round.id,
        data: { jobId: job.id, created: created.length, pdfs: total, issuedOn },
        ip: opts.ip ?? null,
      });
      return { job, created };
    },
    { behavior: "immediate" },
  );
  if (created.length) invalidateLookupCaches();
  if (job.status === "queued" || job.status === "running") kickJobs();
  return jobView(job)!;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Issues and waits until the job has ended (the form post without JavaScript; scripts): this
 * process works on the job itself when it can claim it, otherwise follows the job another process
 * runs, reading its progress from the database. Gives up waiting after `waitMs` and returns the
 * job as it stands (still "queued" or "running").
 */
export async function issueRoundCertificates(
  p: Principal,
  roundId: number,
  opts: { issuedOn?: string; ip?: string | null; waitMs?: number } = {},
): Promise<IssueJobView> {
  let view = startIssueJob(p, roundId, opts);
  const deadline = Date.now() + (opts.waitMs ?? 10 * 60_000);
  while (isActive(view) && Date.now() < deadline) {
    await drainJobs();
    view = jobView(jobById(view.id)) ?? view;
    if (isActive(view)) await sleep(200);
  }
  return view;
}

/** Progress of the round's latest job, for the organizer who manages the round. */
export function issueJobProgress(p: Principal, roundId: number): IssueJobView | null {
  getRoundForOrganizer(p, roundId, { manage: true });
  return jobView(latestJob(ISSUE_KIND, subjectOf(roundId)));
}

/** How long a finished job stays on the certificates page (after that, only its result shows). */
const SHOW_FINISHED_MS = 60 * 60_000;

function jobForPage(roundId: number, now = Date.now()): IssueJobView | null {
  const v = jobView(latestJob(ISSUE_KIND, subjectOf(roundId)));
  if (!v) return null;
  if (isActive(v) || (v.finishedAt != null && now - v.finishedAt < SHOW_FINISHED_MS)) return v;
  return null;
}

/**
 * Starts this process's job runner (call once at server start): removes stored files no row
 * references (left by a process killed between writing bytes and committing their row; see
 * sweepOrphanFiles for the grace period, ORPHAN_GRACE_SECONDS), resumes unfinished jobs at once,
 * then polls the jobs table every second. The sweep runs again every hour.
 */
export function startJobRunner(opts: { pollMs?: number } = {}): void {
  const g = globalThis as { __cnntJobRunnerStarted?: boolean };
  if (g.__cnntJobRunnerStarted) return;
  g.__cnntJobRunnerStarted = true;
  const graceEnv = Number(process.env.ORPHAN_GRACE_SECONDS);
  const graceMs = Number.isFinite(graceEnv) && graceEnv >= 0 && process.env.ORPHAN_GRACE_SECONDS !== "" ? graceEnv * 1000 : ORPHAN_GRACE_MS;
  const sweep = (ms: number, now?: number) => {
    try {
      const r = sweepOrphanFiles({ graceMs: ms, now });
      const n = r.orphans.length + r.temporary.length;
      if (n) console.log(`[tệp] Đã dọn ${r.orphans.length} tệp không có bản ghi và ${r.temporary.length} tệp tạm.`);
    } catch (e) {
      console.error("[tệp] Lỗi khi dọn tệp mồ côi:", e instanceof Error ? e.message : e);
    }
  };
  // Nothing this process writes from now on is older than its start: safe even with a grace of 0.
  sweep(graceMs, Math.min(Date.now(), performance.timeOrigin));
  setInterval(() => sweep(Math.max(graceMs, ORPHAN_GRACE_MS)), 60 * 60_000).unref();
  startJobPoller({ pollMs: opts.pollMs ?? 1_000 });
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
