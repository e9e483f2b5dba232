/**
 * `npx tsx scripts/bench-certificates.ts`: speed of a bulk certificate issue, in this process, the
 * way the organizer's "issue" button runs it (issueRoundCertificates: the rows, then the job that
 * makes the PDFs), and how responsive this process stays meanwhile.
 *
 * Builds a fresh SQLite database (real migrations and reference data) with one published
 * provincial round of BENCH_BULK (120) recognised entries, then times the bulk issue and records:
 * - certificates per second (rows + stored PDF files);
 * - the event loop's longest stall while it runs: the longest gap between 5 ms timer ticks minus
 *   the 5 ms, and perf_hooks.monitorEventLoopDelay's maximum (both printed);
 * - CPU time of this process's main (serving) thread and of the whole process (worker threads
 *   included), per certificate: steadier than wall-clock figures on a shared machine (Linux /proc);
 * - SQL statements run on this process's database, per certificate.
 * The last line is machine-readable for scripts/bench.ts: `BENCH_CERTS_JSON {...}`.
 * Before timing, one certificate is issued (warming this process's code as a running server's is)
 * and the worker pool is closed again. Two timed runs, each on a fresh round of BENCH_BULK:
 * "cold" starts the PDF threads (and parses the fonts) itself, as after two idle minutes; "warm"
 * follows warmCertificateWorkers(), as when the organizer opened the certificates page first.
 * The JSON's top-level figures are the cold run's (the conservative one); `warm` holds the other.
 * Loopback only, no server; a few seconds.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { countStatementsAsync } from "../tests/helpers/sql-count";
import { useBenchEnvironment } from "./bench/env";

const BULK = Number(process.env.BENCH_BULK ?? 120);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cnnt-bench-certs-"));
useBenchEnvironment(dir);

const { bootstrap } = await import("~/lib/bootstrap.server");
const { db } = await import("~/lib/db.server");
const { loadPrincipal } = await import("~/lib/permissions.server");
const certs = await import("~/modules/certificates/certificates.server");
const { buildRecognisedRound } = await import("~/modules/certificates/testdata.server");
const { listProvinces } = await import("~/modules/units/units.server");
const { bodyStaff, organizingBodies, users } = await import("~db/schema");

await bootstrap({ seedDemo: false, log: () => {} });

const prov = listProvinces("2025-07-01")[0]!;
const body = db.insert(organizingBodies).values({ name: "Sở Công Thương (đo tốc độ cấp)", level: "province", unitId: prov.id }).returning().get();
db.insert(users).values({ id: "bench-certs", email: "bench-certs@bench.local", fullName: "Đo tốc độ cấp" }).run();
db.insert(bodyStaff).values({ bodyId: body.id, userId: "bench-certs" }).run();
const principal = loadPrincipal("bench-certs", false);
const PLACES = ["Phù Lãng", "Đồng Kỵ", "Bát Tràng", "Vạn Phúc", "Tân Cương", "Làng Chuông", "Đông Hồ", "Thổ Hà"];
/** A published round of BULK recognised entries, certificates not issued yet. */
let roundNo = 0;
const buildRound = () =>
  buildRecognisedRound({
    bodyId: body.id,
    level: "province",
    unitId: prov.id,
    year: 2026,
    title: `Kỳ đo tốc độ cấp giấy chứng nhận ${++roundNo}`,
    certificateNumberPattern: `{seq}/GCN-DO${roundNo}-{year}`,
    decision: { number: `${9990 + roundNo}/QĐ-UBND`, signedOn: "2026-01-05", signerName: "Nguyễn Văn Thắng", signerTitle: "Phó Chủ tịch UBND tỉnh", issuer: `Ủy ban nhân dân ${prov.kind.toLowerCase()} ${prov.name}` },
    products: Array.from({ length: BULK }, (_, i) => ({
      name: `Gốm men lam thủ công ${PLACES[i % PLACES.length]} số ${i + 1}`,
      producer: `Hợp tác xã Nguyễn Văn ${PLACES[(i * 3) % PLACES.length]}`,
      provinceId: prov.id,
      street: `Thôn ${PLACES[(i * 5) % PLACES.length]}`,
      group: ((i % 4) + 1) as 1 | 2 | 3 | 4,
    })),
  });

type PoolFns = {
  closeCertificateWorkers?: () => Promise<void>;
  warmCertificateWorkers?: () => Promise<void>;
  pdfRenderStats?: () => { inWorkers: number; inThread: number; workersStarted: number };
};
const pool = certs as PoolFns;

// A serving process has run this code before: warm it up with a round of one certificate
// (BENCH_WARMUP=0 skips this), then close the PDF worker pool again.
if (process.env.BENCH_WARMUP !== "0") {
  const warm = buildRecognisedRound({
    bodyId: body.id,
    level: "province",
    unitId: prov.id,
    year: 2025,
    title: "Kỳ khởi động",
    products: [{ name: "Nón lá Chuông", producer: "Hộ Nón lá Chuông", provinceId: prov.id }],
  });
  await certs.issueRoundCertificates(principal, warm.roundId, { issuedOn: "2025-02-01" });
  await pool.closeCertificateWorkers?.();
}

/** CPU milliseconds of this process's main thread (its task id is the process id), on Linux. */
function mainThreadCpuMs(): number | null {
  try {
    const st = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
    const f = st.slice(st.lastIndexOf(")") + 2).split(" ");
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, in USER_HZ (100)
  } catch {
    return null;
  }
}
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
/**
 * Milliseconds the main thread spent runnable but waiting for a CPU (Linux schedstat): on a
 * shared machine, the part of the stalls that other processes' load causes, not this process.
 */
function mainThreadRunqueueWaitMs(): number | null {
  try {
    return Number(fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, "utf8").split(" ")[1]) / 1e6;
  } catch {
    return null;
  }
}

/** One timed bulk issue of a fresh round, with the event loop watched meanwhile. */
async function timedIssue(label: string) {
  const built = buildRound();
  // Responsiveness while issuing: the longest gap between 5 ms timer ticks (minus the 5 ms), and
  // the event-loop delay histogram (nanoseconds).
  const TICK = 5;
  let last = performance.now();
  let longestGap = 0;
  let longestGapEndedAt = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - last > longestGap) {
      longestGap = now - last;
      longestGapEndedAt = now;
    }
    last = now;
    ticks++;
  }, TICK);
  const histogram = monitorEventLoopDelay({ resolution: 2 });
  histogram.enable();
  const rendered0 = pool.pdfRenderStats?.() ?? null;
  const mainCpu0 = mainThreadCpuMs();
  const wait0 = mainThreadRunqueueWaitMs();
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const { result: job, count: statements } = await countStatementsAsync(() => certs.issueRoundCertificates(principal, built.roundId, { issuedOn: "2026-01-10" }));
  const ms = performance.now() - start;
  const processCpu = cpuMs(process.cpuUsage(cpu0));
  const mainCpu = mainCpu0 == null ? null : mainThreadCpuMs()! - mainCpu0;
  const waited = wait0 == null ? null : Math.round(mainThreadRunqueueWaitMs()! - wait0);
  histogram.disable();
  clearInterval(timer);
  const made = db.$client
    .prepare("select count(*) as n from certificates c join entries e on e.id = c.entry_id where e.round_id = ? and c.pdf_file_id is not null")
    .get(built.roundId) as { n: number };
  const r = pool.pdfRenderStats?.() ?? null;
  const result = {
    certificates: job.created,
    pdfs: made.n,
    status: job.status,
    ms: Math.round(ms),
    perSecond: Number(((job.created / ms) * 1000).toFixed(1)),
    longestStallMs: Number(Math.max(0, longestGap - TICK).toFixed(1)),
    /** When the longest stall ended, from the start of the issue (the rows' transaction runs at 0). */
    longestStallEndedAtMs: Math.round(longestGapEndedAt - start),
    eventLoopDelayMaxMs: Number((histogram.max / 1e6).toFixed(1)),
    eventLoopDelayP99Ms: Number((histogram.percentile(99) / 1e6).toFixed(1)),
    ticks,
    mainThreadCpuMs: mainCpu,
    mainThreadCpuMsPerCertificate: mainCpu == null ? null : Number((mainCpu / Math.max(1, job.created)).toFixed(2)),
    processCpuMs: Math.round(processCpu),
    mainThreadRunqueueWaitMs: waited,
    rendered: r && rendered0 ? { inWorkers: r.inWorkers - rendered0.inWorkers, inThread: r.inThread - rendered0.inThread, workersStarted: r.workersStarted - rendered0.workersStarted } : null,
    loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
    statements,
    statementsPerCertificate: Number((statements / Math.max(1, job.created)).toFixed(2)),
  };
  console.log(
    `Bulk issue, ${label}: ${result.certificates} certificates (rows + PDF files) in ${(ms / 1000).toFixed(2)} s = ${result.perSecond} certificates/s; ` +
      `longest event-loop stall ${result.longestStallMs} ms (timer drift, ended ${result.longestStallEndedAtMs} ms after the start; histogram max ${result.eventLoopDelayMaxMs} ms, p99 ${result.eventLoopDelayP99Ms} ms); ` +
      `CPU: main thread ${mainCpu ?? "?"} ms (${result.mainThreadCpuMsPerCertificate ?? "?"} ms per certificate; waited ${waited ?? "?"} ms for a CPU), whole process ${result.processCpuMs} ms; ` +
      `${statements} SQL statements (${result.statementsPerCertificate} per certificate); load average ${result.loadAverage.join(" ")}.`,
  );
  return result;
}

// 1. Cold: no PDF thread running (as after 2 minutes without work): the run starts them.
const cold = await timedIssue("PDF threads cold");
// 2. Warm: as when the organizer opened the certificates page before pressing the button (the
//    page starts the threads); only where the module has a pool.
let warm: Awaited<ReturnType<typeof timedIssue>> | null = null;
if (pool.warmCertificateWorkers && process.env.CERT_PDF_WORKERS !== "0") {
  await pool.closeCertificateWorkers?.();
  await pool.warmCertificateWorkers();
  warm = await timedIssue("PDF threads warm (certificates page opened first)");
}

// Close the worker pool, if the module has one, so the process ends at once.
await pool.closeCertificateWorkers?.();
db.$client.close();
globalThis.__cnntDb = undefined;
fs.rmSync(dir, { recursive: true, force: true });
console.log(`BENCH_CERTS_JSON ${JSON.stringify({ ...cold, cores: os.availableParallelism(), bulk: BULK, warm })}`);
