/**
 * The bulk issue at size, on a real SQLite database with the real migrations and real files:
 * - the row work is set-based: the SQL statements it runs do not grow with the number of
 *   certificates (counted with tests/helpers/sql-count.ts, 10 against 40; statements, not time);
 * - the PDFs are rendered in worker threads, so the issuing process's event loop keeps turning
 *   while 40 are made, and the workers' PDFs are valid, the same bytes as rendered in-process, with
 *   a QR code that decodes to the certificate's verification address;
 * - numbering, addresses (unit paths), audit rows and the FTS index stay what they were.
 * No timed assertions.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, inArray } from "drizzle-orm";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, certificates, files, jobs } from "~db/schema";
import { db } from "~/lib/db.server";
import { loadPrincipal } from "~/lib/permissions.server";
import {
  certificatePrint,
  closeCertificateWorkers,
  createMissingCertificates,
  issueRoundCertificates,
  PDF_BATCH,
  pdfRenderStats,
  verifyUrl,
} from "~/modules/certificates/certificates.server";
import { renderCertificatePdf } from "~/modules/certificates/pdf.server";
import { localPath } from "~/modules/certificates/files.server";
import { buildRecognisedRound, type BuiltRound } from "~/modules/certificates/testdata.server";
import { unitPath } from "~/modules/units/units.server";
import type { Principal } from "~/lib/permissions";
import { countStatements, countStatementsAsync } from "../helpers/sql-count";
import { createBody, createCommune, createOrganizer, province } from "../helpers/fixtures";

let organizer: Principal;
let bodyId = 0;
let provinceId = 0;
let communeId = 0;

beforeAll(async () => {
  const p = province("24");
  provinceId = p.id;
  communeId = createCommune(p.id, "Phù Lãng").id;
  bodyId = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", p.id).id;
  organizer = loadPrincipal(await createOrganizer("bulk@example.vn", bodyId), false);
});

afterAll(async () => {
  await closeCertificateWorkers();
});

let roundNo = 0;
function round(n: number, year = 2026): BuiltRound {
  roundNo++;
  return buildRecognisedRound({
    bodyId,
    level: "province",
    unitId: provinceId,
    year,
    title: `Vòng thử số lượng ${roundNo} (${n} sản phẩm)`,
    certificateNumberPattern: `{seq}/GCN-R${roundNo}-{year}`,
    decision: { number: `${roundNo}/QĐ-UBND`, signedOn: `${year}-01-05`, signerName: "Nguyễn Văn Thắng", signerTitle: "Phó Chủ tịch UBND tỉnh", issuer: "Ủy ban nhân dân tỉnh Bắc Ninh" },
    products: Array.from({ length: n }, (_, i) => ({
      name: `Gốm men lam Đông Hồ số ${i + 1}`,
      producer: `Hợp tác xã Đồ gốm ${i + 1}`,
      provinceId,
      // Half in a commune (a two-level address), half directly in the province.
      unitId: i % 2 ? communeId : provinceId,
      street: i % 3 ? `Thôn ${i + 1}` : undefined,
      group: ((i % 4) + 1) as 1 | 2 | 3 | 4,
    })),
  });
}

const certsOf = (r: BuiltRound) => db.select().from(certificates).where(inArray(certificates.entryId, r.entryIds)).orderBy(certificates.id).all();

describe("the row work is set-based", () => {
  it("creating 40 certificates runs as many statements as creating 10", () => {
    const small = round(10);
    const large = round(40);
    const a = countStatements(() => createMissingCertificates(organizer, small.roundId, { issuedOn: "2026-02-01", today: "2026-03-01" }));
    const b = countStatements(() => createMissingCertificates(organizer, large.roundId, { issuedOn: "2026-02-01", today: "2026-03-01" }));
    expect(a.result).toHaveLength(10);
    expect(b.result).toHaveLength(40);
    expect(b.count).toBe(a.count);
    expect(a.count).toBeLessThanOrEqual(12); // was ~11 per certificate

    // Still what the row-by-row code wrote: numbers in order, addresses, audit rows, FTS rows.
    const certs = certsOf(large);
    expect(certs.map((c) => c.number)).toEqual(Array.from({ length: 40 }, (_, i) => `${String(i + 1).padStart(3, "0")}/GCN-R2-2026`));
    expect(certs.map((c) => c.id)).toEqual(b.result);
    const entryOrder = new Map(large.entryIds.map((id, i) => [id, i]));
    for (const c of certs) {
      const i = entryOrder.get(c.entryId)!;
      const unit = i % 2 ? communeId : provinceId;
      expect(c.producerAddress).toBe([i % 3 ? `Thôn ${i + 1}` : null, unitPath(unit)].filter(Boolean).join(", "));
      expect(c.publicCode).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(c).toMatchObject({ level: "province", year: 2026, provinceId, issuedOn: "2026-02-01", validUntil: "2029-02-01", pdfFileId: null });
    }
    expect(certs.find((c) => c.producerAddress.includes("Phù Lãng"))!.producerAddress).toMatch(/Phù Lãng, Tỉnh Bắc Ninh$/);
    expect(new Set(certs.map((c) => c.publicCode)).size).toBe(40);
    const audits = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "certificate.issue"), inArray(auditLog.objectId, b.result.map(String))))
      .all();
    expect(audits).toHaveLength(40);
    const first = audits.find((x) => x.objectId === String(certs[0]!.id))!;
    expect(first).toMatchObject({ actorUserId: organizer.userId, objectType: "certificate", ip: null });
    expect(first.data).toEqual({ roundId: large.roundId, entryId: certs[0]!.entryId, number: certs[0]!.number, issuedOn: "2026-02-01", validUntil: "2029-02-01" });
    const fts = db.$client
      .prepare(`select rowid as id, product, place from certificate_fts where rowid in (${b.result.join(",")}) order by rowid`)
      .all() as { id: number; product: string; place: string }[];
    expect(fts.map((r) => r.id)).toEqual(b.result);
    expect(fts[0]!.product).toBe("Gốm men lam Dông Hồ số 1"); // đ folded to d by the trigger (tone marks by the tokenizer)
    const hits = db.$client.prepare("select count(*) as n from certificate_fts where certificate_fts match 'dong'").get() as { n: number };
    expect(hits.n).toBeGreaterThanOrEqual(50);
    // Idempotent: nothing left to create, nothing written.
    expect(createMissingCertificates(organizer, large.roundId, { issuedOn: "2026-02-01", today: "2026-03-01" })).toEqual([]);
    expect(certsOf(large)).toHaveLength(40);
  });

  it("a bulk issue of 40 (rows, job, PDFs) runs a few statements per batch, not per certificate", async () => {
    const small = round(10);
    const large = round(40);
    const a = await countStatementsAsync(() => issueRoundCertificates(organizer, small.roundId, { issuedOn: "2026-02-01" }));
    const b = await countStatementsAsync(() => issueRoundCertificates(organizer, large.roundId, { issuedOn: "2026-02-01" }));
    expect(a.result).toMatchObject({ status: "done", created: 10, total: 10, done: 10 });
    expect(b.result).toMatchObject({ status: "done", created: 40, total: 40, done: 40 });
    // Per batch of PDF_BATCH: read the prints; in one transaction (begin, commit) read the current
    // pointers, insert the files rows, point the certificates at them; renew the lease: 7.
    const extraBatches = Math.ceil(40 / PDF_BATCH) - Math.ceil(10 / PDF_BATCH);
    expect(b.count - a.count).toBeLessThanOrEqual(7 * extraBatches);
    expect(b.count).toBeLessThan(2 * 40); // was ~11 per certificate (~450); now ~36 once and 7 per batch
    expect(certsOf(large).every((c) => c.pdfFileId != null)).toBe(true);
  });
});

/** The QR code of a PDF's first page (pdftoppm, jsqr); null when poppler-utils is not installed. */
function decodeQr(pdfPath: string): string | null {
  if (spawnSync("pdftoppm", ["-v"]).error) return null; // the other checks stand
  const prefix = path.join(os.tmpdir(), `cert-qr-${process.pid}-${Date.now()}`);
  execFileSync("pdftoppm", ["-png", "-r", "150", "-singlefile", pdfPath, prefix]);
  const png = PNG.sync.read(fs.readFileSync(`${prefix}.png`));
  fs.rmSync(`${prefix}.png`, { force: true });
  const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  if (!code) throw new Error("no QR code found in the rendered certificate");
  return code.data;
}

describe("PDFs are rendered in worker threads", () => {
  it("while 40 certificates are issued, the event loop keeps turning; the workers' PDFs are valid", async () => {
    const r = round(40, 2025);
    const before = pdfRenderStats();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    // Another piece of work on the same event loop, as a public page would be: it keeps completing.
    let reads = 0;
    const reader = setInterval(() => {
      reads += db.select({ id: certificates.id }).from(certificates).limit(1).all().length;
    }, 1);
    const view = await issueRoundCertificates(organizer, r.roundId, { issuedOn: "2025-02-01" });
    clearInterval(timer);
    clearInterval(reader);
    expect(view).toMatchObject({ status: "done", created: 40, total: 40, done: 40 });
    const after = pdfRenderStats();
    expect(after.inWorkers - before.inWorkers).toBe(40);
    expect(after.inThread - before.inThread).toBe(0);
    // The loop turned many times while the PDFs were made (at least once per certificate).
    expect(ticks).toBeGreaterThanOrEqual(40);
    expect(reads).toBeGreaterThanOrEqual(40);

    const certs = certsOf(r);
    expect(certs).toHaveLength(40);
    const fileRows = db.select().from(files).where(inArray(files.id, certs.map((c) => c.pdfFileId!))).all();
    expect(fileRows).toHaveLength(40);
    for (const f of fileRows) {
      const bytes = fs.readFileSync(localPath(f)!);
      expect(f.mimeType).toBe("application/pdf");
      expect(f.sizeBytes).toBe(bytes.length);
      expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
      expect(bytes.subarray(-6).toString()).toMatch(/%%EOF\s*$/);
      expect(bytes.includes(Buffer.from("startxref"))).toBe(true);
    }
    // The same bytes as rendering in this thread (CERT_PDF_WORKERS=0).
    const c = certs[7]!;
    const stored = fs.readFileSync(localPath(db.select().from(files).where(eq(files.id, c.pdfFileId!)).get()!)!);
    process.env.CERT_PDF_WORKERS = "0";
    try {
      const here = await renderCertificatePdf(certificatePrint(c.id)!);
      expect(here.equals(stored)).toBe(true);
    } finally {
      delete process.env.CERT_PDF_WORKERS;
    }
    expect(pdfRenderStats().inThread - before.inThread).toBe(1);
    // The QR code opens the certificate's verification page.
    const pdfPath = localPath(db.select().from(files).where(eq(files.id, c.pdfFileId!)).get()!)!;
    const qr = decodeQr(pdfPath);
    if (qr != null) expect(qr).toBe(verifyUrl(c.publicCode));
  });

  it("threads that cannot start (a broken install) fail over to rendering in this thread", async () => {
    await closeCertificateWorkers();
    // A worker entry that dies as it loads, as with a missing dependency.
    const broken = path.join(os.tmpdir(), `broken-pdf-worker-${process.pid}.mjs`);
    fs.writeFileSync(broken, 'throw new Error("thiếu pdfkit");\n');
    const state = globalThis.__cnntPdfPool!;
    const file = state.file;
    state.file = broken;
    const quiet = console.error;
    console.error = () => {};
    try {
      const r = round(3, 2023);
      const before = pdfRenderStats();
      const view = await issueRoundCertificates(organizer, r.roundId, { issuedOn: "2023-02-01" });
      // The documents of threads that never started go back to the queue, then are made here.
      expect(view).toMatchObject({ status: "done", total: 3, done: 3 });
      expect(pdfRenderStats().inThread - before.inThread).toBe(3);
      expect(pdfRenderStats().inWorkers - before.inWorkers).toBe(0);
      for (const c of certsOf(r)) {
        const f = db.select().from(files).where(eq(files.id, c.pdfFileId!)).get()!;
        expect(fs.readFileSync(localPath(f)!).subarray(0, 5).toString()).toBe("%PDF-");
      }
    } finally {
      console.error = quiet;
      state.file = file;
      state.startFailures = 0;
      fs.rmSync(broken, { force: true });
    }
  });

  it("a closed pool starts again on the next certificate; the job table is left clean", async () => {
    await closeCertificateWorkers();
    expect(pdfRenderStats().workersRunning).toBe(0);
    const r = round(3, 2024);
    const view = await issueRoundCertificates(organizer, r.roundId, { issuedOn: "2024-02-01" });
    expect(view).toMatchObject({ status: "done", total: 3, done: 3 });
    expect(pdfRenderStats().workersRunning).toBeGreaterThan(0);
    const open = db.select().from(jobs).where(inArray(jobs.status, ["queued", "running"])).all();
    expect(open).toEqual([]);
  });
});
