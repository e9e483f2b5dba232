/**
 * Certificates: issuing for a published round (the missing rows and a stored job in one
 * transaction, set-based: a few statements for the whole round; then the job has the PDFs
 * rendered in worker threads, see pdf.server.ts, and records them batch by batch), single and
 * bulk (.zip) downloads, revocation. Every use case receives the acting
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
  auditLog,
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
import { demoAccountsActive } from "~/lib/bootstrap.server";
import { env } from "~/lib/env.server";
import { notFound } from "~/lib/http.server";
import { canActForEstablishment, canManageRound, type Principal } from "~/lib/permissions";
import { clean } from "~/lib/text";
import { audit } from "~/modules/audit/audit.server";
import { getRoundForOrganizer, roundScope, type Round } from "~/modules/rounds/rounds.server";
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
import { discardWritten, localPath, syncDirsOf, type WrittenFile } from "./files.server";
import { drainJobs, enqueueJob, jobById, kickJobs, latestJob, registerJobHandler, startJobPoller, unfinishedJob, type JobContext, type JobRow } from "~/modules/jobs/jobs.server";
import { ORPHAN_GRACE_MS, sweepOrphanFiles } from "~/modules/files/files.server";
import { renderAndStoreCertificatePdf, type CertificatePrint } from "./pdf.server";

/** Closes the certificate PDF worker threads (server shutdown; idle ones close by themselves). */
export { closeCertificateWorkers, pdfRenderStats, warmCertificateWorkers } from "./pdf.server";
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

/** `n` public codes as newPublicCode makes them, from one draw of random bytes. */
function newPublicCodes(n: number): string[] {
  const bytes = crypto.randomBytes(12 * n);
  return Array.from({ length: n }, (_, i) => bytes.subarray(12 * i, 12 * i + 12).toString("base64url"));
}

/** The absolute address the QR code opens. */
export function verifyUrl(publicCode: string): string {
  return `${env().publicBaseUrl}/xac-thuc/${publicCode}`;
}

/**
 * Why certificates cannot be made here, or null: a production server whose public address
 * (PUBLIC_BASE_URL) is not set would print QR codes that open http://localhost…, which no citizen
 * can reach. A local trial with the demo accounts (npm start on a fresh clone) may, as its QR codes
 * do open on that machine. The rule alone, for tests: `publicAddressRule`.
 */
export function publicAddressProblem(): string | null {
  const e = env();
  return publicAddressRule({ production: e.NODE_ENV === "production", configured: e.publicOrigin != null, demo: demoAccountsActive(), address: e.publicBaseUrl });
}

export function publicAddressRule(x: { production: boolean; configured: boolean; demo: boolean; address: string }): string | null {
  if (!x.production || x.configured || x.demo) return null;
  return (
    `Chưa đặt địa chỉ công khai của hệ thống (PUBLIC_BASE_URL): mã QR trên giấy chứng nhận sẽ trỏ về ${x.address}, ` +
    "người dân không mở được để xác thực. Quản trị hệ thống cần đặt PUBLIC_BASE_URL (ví dụ https://cnnt.example.gov.vn) rồi khởi động lại máy chủ; sau đó mới cấp giấy chứng nhận."
  );
}

function requirePublicAddress() {
  const problem = publicAddressProblem();
  if (problem) throw new CertificateError(problem, 409);
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */
/* ------------------------------------------------------------------ */

type PrintRow = CertificatePrint & { id: number; year: number; pdfFileId: number | null };

/** Everything printed on these certificates, from their snapshots, decisions and product groups (one query). */
function certificatePrints(certIds: readonly number[], tx: DbOrTx = db): PrintRow[] {
  if (!certIds.length) return [];
  return tx
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
      prizeName: certificates.prizeName,
      pdfFileId: certificates.pdfFileId,
    })
    .from(certificates)
    .innerJoin(recognitionDecisions, eq(recognitionDecisions.id, certificates.decisionId))
    .innerJoin(productGroups, eq(productGroups.id, certificates.productGroupId))
    .where(inArray(certificates.id, [...certIds]))
    .orderBy(asc(certificates.id))
    .all()
    .map(({ publicCode, ...rest }) => ({ ...rest, verifyUrl: verifyUrl(publicCode) }));
}

/** Everything printed on a certificate, from its snapshot, decision and product group. */
export function certificatePrint(certId: number, tx: DbOrTx = db): (CertificatePrint & { id: number; year: number }) | undefined {
  const row = certificatePrints([certId], tx)[0];
  if (!row) return undefined;
  const { pdfFileId: _ignored, ...print } = row;
  return print;
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
    /** Why certificates cannot be made on this server (no public address), or null. */
    addressProblem: canManage ? publicAddressProblem() : null,
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
      prizeCode: councilVerdicts.prizeCode,
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
  const paths = unitPaths(
    todo.map((t) => t.unitId ?? t.provinceId),
    tx,
  );
  const codes = newPublicCodes(todo.length);
  // The prize printed on the certificate (issue 14): a snapshot of the declared prize's name.
  const prizeName = new Map((round.prizes ?? []).map((x) => [x.code, x.name]));
  const rows = todo.map((t, i) => {
    const unitId = t.unitId ?? t.provinceId;
    const address = [t.street, unitId == null ? "" : (paths.get(unitId) ?? "")].filter(Boolean).join(", ");
    return {
      entryId: t.entryId,
      decisionId: t.decisionId!,
      number: renderCertificateNumber(round.certificateNumberPattern, seq++, vars),
      publicCode: codes[i]!,
      productName: clean(t.productName),
      producerName: clean(t.producerName),
      producerAddress: clean(address),
      productGroupId: t.groupId,
      provinceId: t.provinceId,
      prizeName: t.prizeCode ? (prizeName.get(t.prizeCode) ?? null) : null,
    };
  });
  // Set-based: the whole round in one INSERT ... SELECT over a JSON array (one short statement,
  // whatever the number of rows; the FTS rows come from the insert trigger), in number order.
  const inserted = tx.all<{ id: number; entryId: number }>(sql`
    insert into ${certificates} (entry_id, decision_id, number, public_code, product_name, producer_name,
      producer_address, product_group_id, level, year, province_id, issued_on, valid_until, prize_name)
    select value ->> '$.entryId', value ->> '$.decisionId', value ->> '$.number', value ->> '$.publicCode',
      value ->> '$.productName', value ->> '$.producerName', value ->> '$.producerAddress',
      value ->> '$.productGroupId', ${round.level}, ${round.year}, value ->> '$.provinceId', ${issuedOn}, ${validUntil},
      value ->> '$.prizeName'
    from json_each(${JSON.stringify(rows)}) order by key
    returning id, entry_id as entryId`);
  const idOfEntry = new Map(inserted.map((r) => [r.entryId, r.id]));
  const created = rows.map((r) => idOfEntry.get(r.entryId)!);
  // The audit rows audit() would write (one per certificate, data as JSON text), in one statement.
  const auditRows = rows.map((r, i) => ({
    objectId: String(created[i]),
    data: JSON.stringify({ roundId: round.id, entryId: r.entryId, number: r.number, issuedOn, validUntil }),
  }));
  tx.run(sql`
    insert into ${auditLog} (actor_user_id, action, object_type, object_id, data, ip)
    select ${p.userId}, 'certificate.issue', 'certificate', value ->> '$.objectId', value ->> '$.data', ${ip}
    from json_each(${JSON.stringify(auditRows)}) order by key`);
  return created;
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * "Huyện Tiên Du, Tỉnh Bắc Ninh" for many units at once (as units.server.ts unitPath: the unit and
 * up to three ancestors, lowest first), from one recursive query over the units and their parents.
 */
function unitPaths(unitIds: readonly (number | null)[], tx: DbOrTx): Map<number, string> {
  const ids = [...new Set(unitIds.filter((id): id is number => id != null))];
  const out = new Map<number, string>();
  if (!ids.length) return out;
  const units = tx.all<{ id: number; kind: string; name: string; parentId: number | null }>(sql`
    with recursive up(id, hops) as (
      select value, 0 from json_each(${JSON.stringify(ids)})
      union
      select u.parent_id, up.hops + 1 from ${adminUnits} u join up on u.id = up.id
      where u.parent_id is not null and up.hops < 3
    )
    select u.id as id, u.kind as kind, u.name as name, u.parent_id as parentId
    from ${adminUnits} u where u.id in (select id from up)`);
  const byId = new Map(units.map((u) => [u.id, u]));
  for (const start of ids) {
    const parts: string[] = [];
    let id: number | null = start;
    for (let hops = 0; id != null && hops < 4; hops++) {
      const u = byId.get(id);
      if (!u) break;
      parts.push(`${u.kind} ${u.name}`);
      id = u.parentId;
    }
    out.set(start, parts.join(", "));
  }
  return out;
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
  requirePublicAddress();
  const today = opts.today ?? todayInVietnam();
  const issuedOn = opts.issuedOn || today;
  checkIssueDate(issuedOn, today);
  const ids = db.transaction((tx) => createMissingIn(tx, p, loadIssuableRound(tx, p, roundId), issuedOn, opts.ip ?? null), { behavior: "immediate" });
  if (ids.length) invalidateLookupCaches();
  return ids;
}

/** A rendered and written PDF, not recorded yet. */
interface RenderedPdf {
  certId: number;
  fileName: string;
  written: WrittenFile;
  /** The certificate's pdf_file_id when it was read (a stored file whose bytes went missing). */
  previous: number | null;
}

const pdfFileName = (number: string) => `GCN-${numberForFileName(number)}.pdf`;

/**
 * Renders these certificates' PDFs and writes them to disk (both in the worker threads, see
 * pdf.server.ts; durably, see store-pdf.mjs); nothing is recorded yet. One query reads
 * what is printed. If any fails, the bytes written for the others are removed and the error thrown.
 */
async function renderAndWrite(certIds: readonly number[]): Promise<RenderedPdf[]> {
  const prints = certificatePrints(certIds);
  const outcomes = await Promise.allSettled(
    prints.map(async (p): Promise<RenderedPdf> => {
      const written = await renderAndStoreCertificatePdf(p, p.year);
      return { certId: p.id, fileName: pdfFileName(p.number), written, previous: p.pdfFileId };
    }),
  );
  const ok = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
  if (failed) {
    await Promise.all(ok.map((r) => discardWritten(r.written)));
    throw failed.reason;
  }
  // One directory flush for the batch: the renames are durable before any row points at them.
  await syncDirsOf(ok.map((r) => r.written));
  return ok;
}

/**
 * Records written PDFs in one transaction, set-based (three statements for the whole batch): the
 * `files` rows, and each certificate pointed at its file, unless another request stored a PDF for
 * it in the meantime; those bytes are removed. Returns the ids of the certificates that lost.
 *
 * Crash safety: the bytes are on disk (fsync, rename, fsync of the directory) before their rows
 * exist, and the rows and pointers are committed together. So a certificate with a pdf_file_id
 * always has its row and its bytes; a crash in between leaves only bytes without a row (under a
 * fresh random key), which the orphan sweep removes (files.server.ts sweepOrphanFiles, run at
 * start-up), and the certificate still without a PDF, rendered again by the resumed job or the
 * next download.
 */
async function recordRendered(batch: readonly RenderedPdf[], actorUserId: string | null): Promise<Set<number>> {
  if (!batch.length) return new Set();
  let lost: RenderedPdf[];
  try {
    lost = db.transaction(
      (tx) => {
        const now = new Map(
          tx
            .select({ id: certificates.id, pdfFileId: certificates.pdfFileId })
            .from(certificates)
            .where(
              inArray(
                certificates.id,
                batch.map((r) => r.certId),
              ),
            )
            .all()
            .map((r) => [r.id, r.pdfFileId]),
        );
        // A certificate gone, or given a PDF by someone else since it was read, keeps what it has.
        const wins = (r: RenderedPdf) => now.has(r.certId) && (now.get(r.certId) == null || now.get(r.certId) === r.previous);
        const winners = batch.filter(wins);
        if (winners.length) {
          const rows = tx
            .insert(files)
            .values(
              winners.map((r) => ({
                storage: "local" as const,
                storageKey: r.written.storageKey,
                originalName: r.fileName,
                mimeType: "application/pdf",
                sizeBytes: r.written.sizeBytes,
                sha256: r.written.sha256,
                uploadedBy: actorUserId,
              })),
            )
            .returning({ id: files.id, storageKey: files.storageKey })
            .all();
          const fileOfKey = new Map(rows.map((r) => [r.storageKey, r.id]));
          const cases = sql.join(
            winners.map((r) => sql`when ${r.certId} then ${fileOfKey.get(r.written.storageKey)!}`),
            sql` `,
          );
          tx.update(certificates)
            .set({ pdfFileId: sql`case ${certificates.id} ${cases} end` })
            .where(
              inArray(
                certificates.id,
                winners.map((r) => r.certId),
              ),
            )
            .run();
        }
        return batch.filter((r) => !wins(r));
      },
      { behavior: "immediate" },
    );
  } catch (e) {
    await Promise.all(batch.map((r) => discardWritten(r.written)));
    throw e;
  }
  await Promise.all(lost.map((r) => discardWritten(r.written)));
  return new Set(lost.map((r) => r.certId));
}

/** PDFs rendered per batch: one query to read them, one transaction to record them. */
export const PDF_BATCH = 32;

const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r));

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
const settled = <T>(p: Promise<T>): Promise<Settled<T>> =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

/**
 * Renders and stores the PDFs of these certificates, PDF_BATCH at a time: while one batch is
 * recorded, the workers already render the next. `afterBatch` is called with the number of
 * certificates of each recorded batch (the job reports progress there; it may throw to stop).
 * Idempotent: a certificate that got its PDF from someone else meanwhile keeps that one.
 */
async function renderMissingPdfs(certIds: readonly number[], actorUserId: string | null, afterBatch?: (n: number) => void): Promise<void> {
  const batches = chunks(certIds, PDF_BATCH);
  let next: Promise<Settled<RenderedPdf[]>> | null = batches.length ? settled(renderAndWrite(batches[0]!)) : null;
  for (let i = 0; i < batches.length; i++) {
    const current = next!;
    // The next batch is read and queued on a turn of its own (this one may be long already).
    next = i + 1 < batches.length ? settled(yieldToEventLoop().then(() => renderAndWrite(batches[i + 1]!))) : null;
    try {
      const r = await current;
      if (!r.ok) throw r.error;
      await recordRendered(r.value, actorUserId);
      afterBatch?.(batches[i]!.length);
    } catch (e) {
      // Stopping: the batch rendered ahead is not recorded; its bytes go.
      if (next) {
        void next.then((n) => (n.ok ? Promise.all(n.value.map((w) => discardWritten(w.written))) : undefined)).catch(() => {});
      }
      throw e;
    }
  }
}

/**
 * The certificate's PDF, rendered (in a worker thread) and stored the first time it is asked for.
 * The stored file is the issued document: later downloads serve the same bytes. See
 * recordRendered for crash safety and races with other requests.
 */
export async function ensureCertificatePdf(certId: number, actorUserId: string | null): Promise<{ absPath: string; fileName: string; sizeBytes: number }> {
  const cert = db.select().from(certificates).where(eq(certificates.id, certId)).get();
  if (!cert) notFound("Không tìm thấy giấy chứng nhận.");
  const fileName = pdfFileName(cert.number);
  if (cert.pdfFileId) {
    const file = db.select().from(files).where(eq(files.id, cert.pdfFileId)).get();
    const abs = file ? localPath(file) : null;
    if (file && abs && fs.existsSync(abs)) return { absPath: abs, fileName, sizeBytes: file.sizeBytes };
    // The file went missing (a restore without uploads): render it again below.
  }
  requirePublicAddress();
  const [rendered] = await renderAndWrite([cert.id]);
  if (!rendered) notFound("Không tìm thấy giấy chứng nhận.");
  const lost = await recordRendered([rendered], actorUserId);
  if (lost.has(cert.id)) return ensureCertificatePdf(certId, actorUserId);
  return { absPath: rendered.written.absPath, fileName, sizeBytes: rendered.written.sizeBytes };
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

/**
 * Renders every missing PDF of the job's round in the worker threads, recording them and
 * reporting progress batch by batch (PDF_BATCH); the serving thread only reads, writes files and
 * commits.
 */
async function runIssueJob(ctx: JobContext): Promise<void> {
  const roundId = Number((ctx.job.payload as { roundId?: unknown } | null)?.roundId);
  if (!Number.isInteger(roundId)) throw new Error(`việc #${ctx.job.id}: thiếu kỳ bình chọn`);
  const todo = certificatesWithoutPdf(roundId);
  // On a resumed job, what was rendered before the interruption counts as done.
  let done = Math.max(0, ctx.job.total - todo.length);
  const total = Math.max(ctx.job.total, done + todo.length);
  ctx.progress(done, total);
  await renderMissingPdfs(todo, ctx.job.requestedBy, (n) => ctx.progress((done += n)));
}

registerJobHandler(ISSUE_KIND, runIssueJob);

/**
 * Starts issuing a round's certificates (or returns the unfinished job already started): in one
 * transaction, the missing certificate rows, the job (total = certificates still without a PDF)
 * and the audit row; then work starts at once in this process. The PDFs are made by the job.
 */
export function startIssueJob(p: Principal, roundId: number, opts: { issuedOn?: string; ip?: string | null; today?: string } = {}): IssueJobView {
  requirePublicAddress();
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
  await renderMissingPdfs(certificatesWithoutPdf(round.id), p.userId);
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
