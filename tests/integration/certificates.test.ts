/**
 * Issuing, downloading and revoking certificates on a real SQLite database with the real
 * migrations, and who may do it: organizers of the round (not of another province), the producer
 * of the certificate (not another producer).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ActionFunction, LoaderFunction } from "@remix-run/node";
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, certificates, establishmentMembers, files, jobs } from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { todayInVietnam } from "~/lib/dates";
import { db } from "~/lib/db.server";
import { loadPrincipal } from "~/lib/permissions.server";
import { addMonths } from "~/modules/certificates/certificates";
import {
  CertificateError,
  certificateForProducer,
  createMissingCertificates,
  ensureCertificatePdf,
  issueRoundCertificates,
  revokeCertificate,
  startIssueJob,
} from "~/modules/certificates/certificates.server";
import { buildRecognisedRound, type BuiltRound } from "~/modules/certificates/testdata.server";
import { localPath, writeCertificateBytes } from "~/modules/certificates/files.server";
import { sweepOrphanFiles } from "~/modules/files/files.server";
import { claimJob, drainJobs, holderIsDead, workerId } from "~/modules/jobs/jobs.server";
import { env } from "~/lib/env.server";
import { action as certsAction, loader as certsPage } from "~/routes/to-chuc.vong.$roundId_.chung-nhan._index";
import { loader as progress } from "~/routes/to-chuc.vong.$roundId_.chung-nhan.tien-do";
import { loader as confirmLoader } from "~/routes/to-chuc.vong.$roundId_.xac-nhan";
import { loader as zipRoute } from "~/routes/to-chuc.vong.$roundId_.chung-nhan.tai-ve";
import { loader as orgPdf } from "~/routes/to-chuc.vong.$roundId_.chung-nhan.$certId";
import { loader as producerPdf } from "~/routes/co-so.chung-nhan.$id";
import { createBody, createOrganizer, createUser, province, requestWithCookie } from "../helpers/fixtures";

type Who = "anonymous" | "bn" | "tn" | "producer" | "otherProducer" | "admin";
const cookies: Partial<Record<Who, string | null>> = { anonymous: null };
const ids: Record<string, string> = {};
let bn: BuiltRound;
let draftRound: BuiltRound;
let bacNinhId = 0;
let bnBodyId = 0;

beforeAll(async () => {
  const bacNinh = province("24");
  const thaiNguyen = province("19");
  bacNinhId = bacNinh.id;
  const bnBody = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bacNinh.id);
  bnBodyId = bnBody.id;
  const tnBody = createBody("Sở Công Thương tỉnh Thái Nguyên", "province", thaiNguyen.id);
  ids.bn = await createOrganizer("bn@example.vn", bnBody.id);
  ids.tn = await createOrganizer("tn@example.vn", tnBody.id);
  ids.producer = await createUser("coso@example.vn");
  ids.otherProducer = await createUser("coso2@example.vn");
  ids.admin = await createUser("admin@example.vn", { isSystemAdmin: true });
  bn = buildRecognisedRound({
    bodyId: bnBody.id,
    level: "province",
    unitId: bacNinh.id,
    year: 2026,
    title: "Bình chọn sản phẩm CNNT tiêu biểu tỉnh Bắc Ninh năm 2026",
    decision: { number: "1520/QĐ-UBND", signedOn: "2026-01-10", signerName: "Vương Quốc Tuấn", signerTitle: "Phó Chủ tịch UBND tỉnh", issuer: "Ủy ban nhân dân tỉnh Bắc Ninh" },
    products: [
      { name: "Bình gốm men da lươn Phù Lãng", producer: "Hợp tác xã Gốm Phù Lãng", provinceId: bacNinh.id, street: "Thôn Phù Lãng", ownerUserId: ids.producer },
      { name: "Đồ gỗ mỹ nghệ Đồng Kỵ", producer: "Công ty TNHH Đồ gỗ Đồng Kỵ", provinceId: bacNinh.id, ownerUserId: ids.otherProducer },
      { name: "Bánh phu thê Đình Bảng", producer: "HTX Bánh phu thê Đình Bảng", provinceId: bacNinh.id, group: 2 },
      { name: "Nồi nhôm đúc", producer: "Công ty TNHH Nhôm Văn Môn", provinceId: bacNinh.id, group: 3, recognised: false },
    ],
  });
  draftRound = buildRecognisedRound({
    bodyId: bnBody.id,
    level: "province",
    unitId: bacNinh.id,
    year: 2027,
    title: "Vòng tỉnh Bắc Ninh 2027 (đang xét kết quả)",
    status: "results_review",
    products: [{ name: "Tranh Đông Hồ", producer: "Cơ sở tranh Đông Hồ", provinceId: bacNinh.id }],
  });
  for (const who of ["bn", "tn", "producer", "otherProducer", "admin"] as const) cookies[who] = await startSession(ids[who]!);
});

const principal = (who: string) => loadPrincipal(ids[who]!, who === "admin");

async function call(fn: LoaderFunction | ActionFunction, who: Who, params: Record<string, string>, init: RequestInit = {}, url = "/x") {
  try {
    const res = (await fn({ request: requestWithCookie(url, cookies[who] ?? null, init), params, context: {} })) as Response;
    return { status: res.status, res, location: res.headers.get("Location") };
  } catch (thrown) {
    if (thrown instanceof Response) {
      const data = thrown.headers.get("Content-Type")?.includes("json") ? await thrown.json() : null;
      return { status: thrown.status, res: thrown, location: thrown.headers.get("Location"), message: data?.message as string | undefined };
    }
    throw thrown;
  }
}

function post(fields: Record<string, string>): RequestInit {
  return { method: "POST", body: new URLSearchParams(fields), headers: { "Content-Type": "application/x-www-form-urlencoded" } };
}

function certsOf(round: BuiltRound) {
  return db.select().from(certificates).all().filter((c) => round.entryIds.includes(c.entryId)).sort((a, b) => a.id - b.id);
}

describe("issuing a round's certificates", () => {
  it("refuses a round whose results are not published", () => {
    expect(() => createMissingCertificates(principal("bn"), draftRound.roundId)).toThrow(CertificateError);
    expect(certsOf(draftRound)).toHaveLength(0);
  });

  it("refuses an issue date before the decision or in the future, and writes nothing", () => {
    expect(() => createMissingCertificates(principal("bn"), bn.roundId, { issuedOn: "2026-01-09" })).toThrow(/trước ngày ký quyết định/);
    expect(() => createMissingCertificates(principal("bn"), bn.roundId, { issuedOn: "2999-01-01" })).toThrow(/sau ngày hôm nay/);
    expect(() => createMissingCertificates(principal("bn"), bn.roundId, { issuedOn: "2026-02-30" })).toThrow(/không hợp lệ/);
    expect(certsOf(bn)).toHaveLength(0);
  });

  it("an organizer of another province gets 404 and nothing is written", () => {
    let thrown: unknown;
    try {
      createMissingCertificates(principal("tn"), bn.roundId);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(404);
    expect(certsOf(bn)).toHaveLength(0);
  });

  it("creates one certificate per recognised entry, numbered from the pattern, valid 36 months, audited", () => {
    const issuedOn = "2026-02-01";
    const created = createMissingCertificates(principal("bn"), bn.roundId, { issuedOn, today: "2026-03-01" });
    expect(created).toHaveLength(3);
    const certs = certsOf(bn);
    expect(certs.map((c) => c.number)).toEqual(["001/GCN-TINH-2026", "002/GCN-TINH-2026", "003/GCN-TINH-2026"]);
    expect(certs.map((c) => c.entryId)).not.toContain(bn.entryIds[3]); // not recognised
    for (const c of certs) {
      expect(c.issuedOn).toBe(issuedOn);
      expect(c.validUntil).toBe(addMonths(issuedOn, 36));
      expect(c.publicCode).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(c.level).toBe("province");
      expect(c.year).toBe(2026);
      expect(c.provinceId).toBe(bacNinhId);
    }
    expect(new Set(certs.map((c) => c.publicCode)).size).toBe(3);
    const first = certs.find((c) => c.entryId === bn.entryIds[0])!;
    expect(first.productName).toBe("Bình gốm men da lươn Phù Lãng");
    expect(first.producerAddress).toBe("Thôn Phù Lãng, Tỉnh Bắc Ninh");
    const audits = db.select().from(auditLog).where(eq(auditLog.action, "certificate.issue")).all();
    expect(audits.map((a) => Number(a.objectId)).sort()).toEqual(certs.map((c) => c.id).sort());
    // Nothing left to issue: a second run creates nothing.
    expect(createMissingCertificates(principal("bn"), bn.roundId)).toEqual([]);
  });

  it("another round with the same pattern continues the series, so numbers never collide", () => {
    const r = buildRecognisedRound({
      bodyId: bnBodyId,
      level: "province",
      unitId: bacNinhId,
      year: 2026,
      title: "Vòng bổ sung 2026",
      products: [{ name: "Mành tre trúc", producer: "Hộ kinh doanh Tre trúc Tam Sơn", provinceId: bacNinhId, group: 4 }],
    });
    createMissingCertificates(principal("bn"), r.roundId, { issuedOn: "2026-02-01", today: "2026-03-01" });
    expect(certsOf(r).map((c) => c.number)).toEqual(["004/GCN-TINH-2026"]);
  });

  it("the bulk job renders every PDF, yields between them, and reports progress", async () => {
    const view = startIssueJob(principal("bn"), bn.roundId);
    expect(view.status).toBe("queued"); // stored; work starts on the next turn of the event loop
    expect(view.total).toBe(3);
    expect(view.created).toBe(0);
    // The event loop stays free while the job runs: a timer fires before the job finishes.
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    await issueRoundCertificates(principal("bn"), bn.roundId); // waits for the running job
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
    const certs = certsOf(bn);
    expect(certs.every((c) => c.pdfFileId != null)).toBe(true);
    for (const c of certs) {
      const file = db.select().from(files).where(eq(files.id, c.pdfFileId!)).get()!;
      expect(file.mimeType).toBe("application/pdf");
      const pdf = await ensureCertificatePdf(c.id, null);
      expect(fs.readFileSync(pdf.absPath).subarray(0, 5).toString()).toBe("%PDF-");
      expect(pdf.fileName).toBe(`GCN-${c.number.replace("/", "-")}.pdf`);
    }
    const r = await call(progress, "bn", { roundId: String(bn.roundId) });
    expect(r.status).toBe(200);
    const body = await r.res.json();
    expect(body.job).toMatchObject({ status: "done", total: 3, done: 3 });
  });
});

describe("organizer pages: only the round's own organizers", () => {
  it("the Bắc Ninh organizer sees the certificates page; Thái Nguyên gets 404; others 403; anonymous logs in", async () => {
    const params = { roundId: String(bn.roundId) };
    expect((await call(certsPage, "bn", params)).status).toBe(200);
    expect((await call(certsPage, "tn", params)).status).toBe(404);
    for (const who of ["producer", "admin"] as const) expect((await call(certsPage, who, params)).status).toBe(403);
    const anon = await call(certsPage, "anonymous", params);
    expect(anon.status).toBe(302);
    expect(anon.location).toMatch(/^\/dang-nhap\?next=/);
    expect((await call(certsPage, "bn", { roundId: "abc" })).status).toBe(404);
    expect((await call(certsPage, "bn", { roundId: "99999" })).status).toBe(404);
  });

  it("progress, zip and PDF downloads are 404 for another province's organizer", async () => {
    const cert = certsOf(bn)[0]!;
    const params = { roundId: String(bn.roundId), certId: String(cert.id) };
    for (const loader of [progress, zipRoute, orgPdf]) {
      expect((await call(loader, "tn", params)).status).toBe(404);
      expect((await call(loader, "producer", params)).status).toBe(403);
    }
    // A certificate id of another round under this round's address is 404 too.
    const other = db.select().from(certificates).all().find((c) => !bn.entryIds.includes(c.entryId))!;
    expect((await call(orgPdf, "bn", { roundId: String(bn.roundId), certId: String(other.id) })).status).toBe(404);
  });

  it("the organizer downloads one PDF and the whole round as a zip", async () => {
    const cert = certsOf(bn)[0]!;
    const pdf = await call(orgPdf, "bn", { roundId: String(bn.roundId), certId: String(cert.id) });
    expect(pdf.status).toBe(200);
    expect(pdf.res.headers.get("Content-Type")).toBe("application/pdf");
    expect(Buffer.from(await pdf.res.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
    const zip = await call(zipRoute, "bn", { roundId: String(bn.roundId) });
    expect(zip.status).toBe(200);
    expect(zip.res.headers.get("Content-Type")).toBe("application/zip");
    const bytes = Buffer.from(await zip.res.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe("PK");
    for (const c of certsOf(bn)) expect(bytes.includes(Buffer.from(`GCN-${c.number.replace("/", "-")}.pdf`))).toBe(true);
  });

  it("the issue action refuses another province (404) and works as a plain form post for the owner", async () => {
    const params = { roundId: String(bn.roundId) };
    expect((await call(certsAction, "tn", params, post({ intent: "issue" }))).status).toBe(404);
    // Without the confirmation (docs/decisions/0022-confirmations.md): 428, nothing issued.
    expect((await call(certsAction, "bn", params, post({ intent: "issue" }))).status).toBe(428);
    const page = await call(confirmLoader, "bn", params, { headers: {} }, `/to-chuc/vong/${bn.roundId}/xac-nhan?hanh-dong=cap-giay-chung-nhan`);
    const token = ((await page.res.json()) as { token: string }).token;
    const r = await call(certsAction, "bn", params, post({ intent: "issue", "xac-nhan": token }));
    expect(r.status).toBe(302);
    expect(r.location).toBe(`/to-chuc/vong/${bn.roundId}/chung-nhan?da-cap=0&tep=0`);
    const draft = await call(certsAction, "bn", { roundId: String(draftRound.roundId) }, post({ intent: "issue" }));
    expect(draft.status).toBe(409);
  });
});

describe("revocation", () => {
  it("needs a reason, is audited, and happens once", async () => {
    const cert = certsOf(bn)[2]!;
    const params = { roundId: String(bn.roundId) };
    const empty = await call(certsAction, "bn", params, post({ intent: "revoke", certId: String(cert.id), reason: "   " }));
    expect(empty.status).toBe(400);
    expect((await empty.res.json()).errors[`reason-${cert.id}`]).toBe("Vui lòng nhập lý do thu hồi.");
    expect((await call(certsAction, "tn", params, post({ intent: "revoke", certId: String(cert.id), reason: "x" }))).status).toBe(404);

    const ok = await call(certsAction, "bn", params, post({ intent: "revoke", certId: String(cert.id), reason: "Sản phẩm không còn sản xuất." }));
    expect(ok.status).toBe(302);
    const after = db.select().from(certificates).where(eq(certificates.id, cert.id)).get()!;
    expect(after.revokedAt).toBeInstanceOf(Date);
    expect(after.revokeReason).toBe("Sản phẩm không còn sản xuất.");
    expect(after.revokedBy).toBe(ids.bn);
    const row = db.select().from(auditLog).where(and(eq(auditLog.action, "certificate.revoke"), eq(auditLog.objectId, String(cert.id)))).get();
    expect(row?.data).toMatchObject({ reason: "Sản phẩm không còn sản xuất.", number: cert.number });
    expect(() => revokeCertificate(principal("bn"), bn.roundId, cert.id, "lần nữa")).toThrow(/đã bị thu hồi/);
  });
});

describe("producer downloads", () => {
  it("a producer downloads its own certificate only", async () => {
    const mine = certsOf(bn).find((c) => c.entryId === bn.entryIds[0])!;
    const theirs = certsOf(bn).find((c) => c.entryId === bn.entryIds[1])!;
    const own = await call(producerPdf, "producer", { id: String(mine.id) });
    expect(own.status).toBe(200);
    expect(own.res.headers.get("Content-Type")).toBe("application/pdf");
    expect(own.res.headers.get("Content-Disposition")).toContain("GCN-001-GCN-TINH-2026.pdf");
    expect((await call(producerPdf, "producer", { id: String(theirs.id) })).status).toBe(404);
    expect((await call(producerPdf, "otherProducer", { id: String(mine.id) })).status).toBe(404);
    expect((await call(producerPdf, "bn", { id: String(mine.id) })).status).toBe(403);
    expect((await call(producerPdf, "producer", { id: "abc" })).status).toBe(404);
    expect((await call(producerPdf, "anonymous", { id: String(mine.id) })).status).toBe(302);
  });

  it("a certificate of an unpublished round is not downloadable by its producer", () => {
    // Put a certificate on the draft round directly (as if issued before results were reopened).
    const entryId = draftRound.entryIds[0]!;
    const c = db
      .insert(certificates)
      .values({
        entryId,
        decisionId: draftRound.decisionId,
        number: "999/GCN-NHAP-2027",
        publicCode: "draftdraftdraft1",
        productName: "Tranh Đông Hồ",
        producerName: "Cơ sở tranh Đông Hồ",
        producerAddress: "Bắc Ninh",
        productGroupId: 1,
        level: "province",
        year: 2027,
        issuedOn: todayInVietnam(),
        validUntil: "2030-01-01",
      })
      .returning()
      .get();
    db.insert(establishmentMembers).values({ establishmentId: draftRound.establishmentIds[0]!, userId: ids.producer!, role: "owner" }).run();
    expect(() => certificateForProducer(principal("producer"), c.id)).toThrow();
  });
});

describe("the bulk issue is a stored job", () => {
  let round: BuiltRound;
  const jobsOf = (roundId: number) => db.select().from(jobs).where(eq(jobs.subject, `round:${roundId}`)).all();

  beforeAll(() => {
    round = buildRecognisedRound({
      bodyId: bnBodyId,
      level: "province",
      unitId: bacNinhId,
      year: 2026,
      title: "Vòng tỉnh Bắc Ninh 2026 (đợt 2)",
      products: [
        { name: "Nón lá Chuông", producer: "Hộ Nón lá Chuông", provinceId: bacNinhId },
        { name: "Tương Bần", producer: "HTX Tương Bần", provinceId: bacNinhId, group: 2 },
      ],
    });
  });

  it("starting writes the certificates, the job and an audit row in one go; starting again returns the same job", () => {
    const first = startIssueJob(principal("bn"), round.roundId, { ip: "203.0.113.5" });
    const again = startIssueJob(principal("bn"), round.roundId);
    expect(again.id).toBe(first.id);
    const rows = jobsOf(round.roundId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "certificates.issue", status: "queued", total: 2, done: 0, requestedBy: ids.bn });
    expect(rows[0]!.payload).toMatchObject({ roundId: round.roundId, created: 2 });
    expect(certsOf(round)).toHaveLength(2);
    const a = db.select().from(auditLog).where(and(eq(auditLog.action, "certificate.issue_job"), eq(auditLog.objectId, String(round.roundId)))).all();
    expect(a).toHaveLength(1);
    expect(a[0]!.ip).toBe("203.0.113.5");
  });

  it("a bad issue date writes neither certificates nor a job", () => {
    const r = buildRecognisedRound({
      bodyId: bnBodyId,
      level: "province",
      unitId: bacNinhId,
      year: 2026,
      title: "Vòng thử ngày cấp",
      products: [{ name: "Đèn lồng", producer: "Hộ Đèn lồng", provinceId: bacNinhId }],
    });
    expect(() => startIssueJob(principal("bn"), r.roundId, { issuedOn: "2026-01-01" })).toThrow(/trước ngày ký quyết định/);
    expect(() => startIssueJob(principal("tn"), r.roundId)).toThrow();
    expect(jobsOf(r.roundId)).toHaveLength(0);
    expect(certsOf(r)).toHaveLength(0);
  });

  it("progress is read from the database (as another process would write it)", async () => {
    await drainJobs(); // the work started by startIssueJob ends here
    expect(jobsOf(round.roundId)[0]).toMatchObject({ status: "done", done: 2 });
    // Back to half-way through, as if another process were working on it: no PDFs yet, one counted.
    db.update(certificates).set({ pdfFileId: null }).where(inArray(certificates.entryId, round.entryIds)).run();
    const job = jobsOf(round.roundId)[0]!;
    // Another process holds it: a live holder (our parent process) with a lease still valid.
    const foreign = `${os.hostname()}:${process.ppid}:abcdef`;
    db.update(jobs).set({ status: "running", done: 1, lockedBy: foreign, leaseUntil: new Date(Date.now() + 60_000) }).where(eq(jobs.id, job.id)).run();
    expect(holderIsDead(foreign)).toBe(false);
    const r = await call(progress, "bn", { roundId: String(round.roundId) });
    expect((await r.res.json()).job).toMatchObject({ id: job.id, status: "running", done: 1, total: 2 });
    // Nobody else may take it while the lease holds.
    expect(claimJob()).toBeUndefined();
  });

  it("a drain that finds nothing to do leaves the runner ready for the next job", async () => {
    // Regression: the drain used to end synchronously and leave a settled promise as "draining",
    // so every later kick and poll did nothing.
    await drainJobs();
    await drainJobs();
    expect(globalThis.__cnntJobRunner?.draining).toBeNull();
  });

  it("a job whose worker died is resumed at once and finished, without waiting for the lease", async () => {
    const job = jobsOf(round.roundId)[0]!;
    // A process of this host that no longer exists (a pid above the kernel's maximum).
    const dead = `${os.hostname()}:4194305:abcdef`;
    expect(holderIsDead(dead)).toBe(true);
    db.update(jobs).set({ status: "running", done: 0, lockedBy: dead, leaseUntil: new Date(Date.now() + 60_000) }).where(eq(jobs.id, job.id)).run();
    expect(certsOf(round).every((c) => c.pdfFileId == null)).toBe(true);
    await drainJobs();
    const after = db.select().from(jobs).where(eq(jobs.id, job.id)).get()!;
    expect(after).toMatchObject({ status: "done", done: 2, total: 2, lockedBy: null, leaseUntil: null, error: null });
    expect(after.finishedAt).toBeInstanceOf(Date);
    for (const c of certsOf(round)) {
      expect(c.pdfFileId).not.toBeNull();
      const f = db.select().from(files).where(eq(files.id, c.pdfFileId!)).get()!;
      expect(fs.existsSync(localPath(f)!)).toBe(true);
    }
  });

  it("a job with an expired lease is claimed by exactly one worker, which records itself", () => {
    const job = db
      .insert(jobs)
      .values({ kind: "certificates.issue", subject: `round:${round.roundId}`, payload: { roundId: round.roundId, created: 0 }, total: 0, status: "running", lockedBy: "elsewhere:1:ab", leaseUntil: new Date(Date.now() - 1000) })
      .returning()
      .get();
    const claimed = claimJob();
    expect(claimed?.id).toBe(job.id);
    expect(claimed?.lockedBy).toBe(workerId());
    expect(claimed!.leaseUntil!.getTime()).toBeGreaterThan(Date.now() + 20_000);
    db.update(jobs).set({ status: "done", lockedBy: null, leaseUntil: null }).where(eq(jobs.id, job.id)).run();
  });

  it("bytes written without their row (a crash in between) and temporary files are swept; recorded files stay", async () => {
    const orphan = await writeCertificateBytes(Buffer.from("%PDF-1.4 mồ côi"), 2026);
    const tmpDir = path.join(path.resolve(env().UPLOAD_DIR), ".tmp");
    fs.mkdirSync(tmpDir, { recursive: true });
    fs.writeFileSync(path.join(tmpDir, "abc.part"), "partial");
    // Both written a second ago: with no grace the sweep takes files older than its "now", and a file
    // written in the same millisecond as the sweep (a fast machine) has an mtime past Date.now()'s
    // whole milliseconds (the test failed that way in CI, one run in several).
    const second = new Date(Date.now() - 1000);
    for (const f of [orphan.absPath, path.join(tmpDir, "abc.part")]) fs.utimesSync(f, second, second);
    // Young files are left alone (a request may still be about to record them).
    expect(sweepOrphanFiles().orphans).not.toContain(orphan.storageKey);
    expect(fs.existsSync(orphan.absPath)).toBe(true);
    const report = sweepOrphanFiles({ graceMs: 0 });
    expect(report.orphans).toEqual([orphan.storageKey]);
    expect(report.temporary).toEqual([".tmp/abc.part"]);
    expect(fs.existsSync(orphan.absPath)).toBe(false);
    for (const c of certsOf(bn)) {
      const f = db.select().from(files).where(eq(files.id, c.pdfFileId!)).get()!;
      expect(fs.existsSync(localPath(f)!)).toBe(true);
    }
  });
});
