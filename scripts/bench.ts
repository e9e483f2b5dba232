/**
 * `npm run bench`: speed of the public lookup and of certificate generation.
 *
 * 1. Builds a fresh SQLite database with the real migrations and reference data, then 10,000
 *    certified products (20 published provincial rounds of 500, issued through the app's own
 *    createMissingCertificates, so the FTS index is filled by its triggers).
 * 2. Bulk issue: certificates per second for a round of 120 (rows, then PDFs), in this process.
 * 3. Starts the built server (build/ or REMIX_BUILD_DIR; with server.js when there is one, else
 *    remix-serve) on 127.0.0.1 and measures, with autocannon and 50 concurrent connections, the
 *    search page, the product page and a bare route (/healthz) of the same server in the same run;
 *    prints requests per second, latency percentiles and the ratio to the bare route.
 * 4. Throughput under abuse: the product page and the search page (10 connections,
 *    BENCH_PAGE_CONNECTIONS) alone, then while 20 clients
 *    hammer POST /dang-nhap with wrong passwords (valid Origin, form body; different emails from one
 *    address, different emails from different addresses, one existing account's email), and the
 *    log-in abuse alone. Prints req/s, p50/p99 and the ratio to the page alone, how the log-in
 *    attempts were answered (401 wrong password, 429 throttled), and the server process's CPU time
 *    per request (from /proc/<pid>/stat). The throttles table is emptied before each run, so each
 *    starts as a fresh attack.
 * Loopback only; about four minutes in all (BENCH_SECONDS, BENCH_ABUSE_SECONDS: seconds per run).
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 10_000);
const ROUNDS = 20;
const BULK = Number(process.env.BENCH_BULK ?? 120);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const ABUSE_SECONDS = Number(process.env.BENCH_ABUSE_SECONDS ?? DURATION);
const ABUSERS = 20;
/** Visitors on the public page during the abuse runs (fewer than CONNECTIONS: not a saturating load of its own). */
const PAGE_CONNECTIONS = Number(process.env.BENCH_PAGE_CONNECTIONS ?? 10);
const VICTIM = "nan-nhan@bench.local";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cnnt-bench-"));
process.env.NODE_ENV = "production";
process.env.DATABASE_URL = path.join(dir, "app.db");
process.env.UPLOAD_DIR = path.join(dir, "uploads");
process.env.PUBLIC_BASE_URL = "http://127.0.0.1:3999";
process.env.SEED_DEMO = "0";
process.env.SESSION_SECRET ??= "bench-only-secret";
process.env.MIGRATIONS_DIR = path.join(ROOT, "db", "migrations");
delete process.env.ADMIN_EMAIL;
delete process.env.SMTP_URL;
delete process.env.UPLOADTHING_TOKEN;

const t0 = Date.now();
const log = (s: string) => console.log(s);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const { bootstrap } = await import("~/lib/bootstrap.server");
const { db } = await import("~/lib/db.server");
const { loadPrincipal } = await import("~/lib/permissions.server");
const { createMissingCertificates, issueRoundCertificates } = await import("~/modules/certificates/certificates.server");
const { buildRecognisedRound } = await import("~/modules/certificates/testdata.server");
const { listProvinces } = await import("~/modules/units/units.server");
const { bodyStaff, organizingBodies, users } = await import("~db/schema");
const { hashPassword } = await import("~/lib/auth.server");

await bootstrap({ seedDemo: false, log: () => {} });

/* ---------------------------------------------------------------- dataset */
const KINDS = [
  ["Bánh tráng", 2],
  ["Đồ gỗ mỹ nghệ", 1],
  ["Gốm men lam", 1],
  ["Nón lá", 1],
  ["Chè búp", 2],
  ["Nước mắm", 2],
  ["Mây tre đan", 1],
  ["Lụa tơ tằm", 4],
  ["Rượu nếp cái hoa vàng", 2],
  ["Kẹo dừa", 2],
  ["Thảm cói", 1],
  ["Máy tuốt lúa", 3],
  ["Dao rèn thủ công", 3],
  ["Đèn lồng", 1],
  ["Tranh thêu", 1],
  ["Mật ong", 2],
  ["Nồi nhôm đúc", 3],
  ["Giấy dó", 4],
  ["Bún khô", 2],
  ["Tương bần", 2],
] as const;
const QUALIFIERS = ["truyền thống", "cao cấp", "đặc biệt", "hữu cơ", "thủ công", "xuất khẩu", "loại 1", "gia truyền"];
const PLACES = ["Phù Lãng", "Đồng Kỵ", "Bát Tràng", "Trảng Bàng", "Vạn Phúc", "Kim Sơn", "Tân Cương", "Đa Hội", "Làng Chuông", "Hội An", "Phú Quốc", "Bến Tre", "Đông Hồ", "Thổ Hà", "Chu Đậu", "Kiêu Kỵ", "Đại Bái", "Sa Đéc", "Mỹ Lồng", "Cát Hải"];
const LEGAL = ["Hợp tác xã", "Công ty TNHH", "Hộ kinh doanh", "Cơ sở", "Tổ hợp tác"];
const FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"];
const GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Khánh", "Lan", "Minh", "Ngọc", "Phúc", "Quang", "Thảo", "Tuấn", "Yến"];

let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)]!;

const provinces = listProvinces("2025-07-01");
const organizerPrincipal = (name: string, provinceId: number) => {
  const body = db.insert(organizingBodies).values({ name, level: "province", unitId: provinceId }).returning().get();
  const userId = `bench-${body.id}`;
  db.insert(users).values({ id: userId, email: `${userId}@bench.local`, fullName: name }).run();
  db.insert(bodyStaff).values({ bodyId: body.id, userId }).run();
  return { body, principal: loadPrincipal(userId, false) };
};

const tData = Date.now();
const perRound = Math.ceil(PRODUCTS / ROUNDS);
const productIds: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const prov = provinces[r % provinces.length]!;
  const year = 2019 + (r % 7);
  const { body, principal } = organizerPrincipal(`Sở Công Thương ${prov.kind.toLowerCase()} ${prov.name}`, prov.id);
  const built = buildRecognisedRound({
    bodyId: body.id,
    level: "province",
    unitId: prov.id,
    year,
    title: `Bình chọn sản phẩm CNNT tiêu biểu ${prov.kind.toLowerCase()} ${prov.name} năm ${year}`,
    certificateNumberPattern: "{seq}/GCN-{level}-{unit}-{year}",
    decision: { number: `${1000 + r}/QĐ-UBND`, signedOn: `${year}-11-20`, signerName: `${pick(FAMILY)} Văn ${pick(GIVEN)}`, signerTitle: "Phó Chủ tịch UBND tỉnh", issuer: `Ủy ban nhân dân ${prov.kind.toLowerCase()} ${prov.name}` },
    products: Array.from({ length: Math.min(perRound, PRODUCTS - r * perRound) }, (_, i) => {
      const [kind, group] = pick(KINDS);
      const place = pick(PLACES);
      return {
        name: `${kind} ${pick(QUALIFIERS)} ${place} ${r * perRound + i + 1}`,
        producer: `${pick(LEGAL)} ${pick(FAMILY)} ${pick(GIVEN)} ${place}`,
        provinceId: prov.id,
        street: `Thôn ${pick(PLACES)}`,
        group: group as 1 | 2 | 3 | 4,
      };
    }),
  });
  productIds.push(...built.productIds);
  createMissingCertificates(principal, built.roundId, { issuedOn: `${year}-12-01`, today: `${year}-12-02` });
}
const certCount = db.$client.prepare("select count(*) as n from certificates").get() as { n: number };
const ftsCount = db.$client.prepare("select count(*) as n from certificate_fts").get() as { n: number };
log(`Dataset: ${certCount.n.toLocaleString("en")} certificates of ${productIds.length.toLocaleString("en")} products in ${ROUNDS} published rounds (FTS rows ${ftsCount.n.toLocaleString("en")}), built in ${secs(Date.now() - tData)}.`);

/* ---------------------------------------------------------------- bulk issue */
{
  const prov = provinces[ROUNDS % provinces.length]!;
  const { body, principal } = organizerPrincipal("Sở Công Thương (đo tốc độ cấp)", prov.id);
  const built = buildRecognisedRound({
    bodyId: body.id,
    level: "province",
    unitId: prov.id,
    year: 2026,
    title: "Kỳ đo tốc độ cấp giấy chứng nhận",
    decision: { number: "9999/QĐ-UBND", signedOn: "2026-01-05", signerName: "Nguyễn Văn Thắng", signerTitle: "Phó Chủ tịch UBND tỉnh", issuer: `Ủy ban nhân dân ${prov.kind.toLowerCase()} ${prov.name}` },
    products: Array.from({ length: BULK }, (_, i) => ({
      name: `${pick(KINDS)[0]} ${pick(QUALIFIERS)} ${pick(PLACES)} số ${i + 1}`,
      producer: `${pick(LEGAL)} ${pick(FAMILY)} ${pick(GIVEN)}`,
      provinceId: prov.id,
      street: `Thôn ${pick(PLACES)}`,
    })),
  });
  // Responsiveness while issuing: the longest gap between 10 ms timer ticks.
  let last = performance.now();
  const gaps: number[] = [];
  const timer = setInterval(() => {
    const now = performance.now();
    gaps.push(now - last);
    last = now;
  }, 10);
  const start = performance.now();
  const job = await issueRoundCertificates(principal, built.roundId, { issuedOn: "2026-01-10" });
  const ms = performance.now() - start;
  clearInterval(timer);
  log(
    `Bulk issue: ${job.created} certificates (rows + PDF files) in ${secs(ms)} = ${((job.created / ms) * 1000).toFixed(1)} certificates/s; ` +
      `event loop meanwhile: longest stall ${Math.max(...gaps).toFixed(0)} ms (the first certificate also parses the fonts), ` +
      `95th percentile ${[...gaps].sort((a, b) => a - b)[Math.floor(gaps.length * 0.95)]!.toFixed(0)} ms between 10 ms ticks.`,
  );
}
// The account the "same email" log-in abuse aims at (its real password is not the one tried).
db.insert(users).values({ id: "bench-victim", email: VICTIM, fullName: "Tài khoản bị dò mật khẩu", passwordHash: await hashPassword("mat-khau-that-12345") }).run();
db.$client.close();
globalThis.__cnntDb = undefined;

/* ---------------------------------------------------------------- HTTP */
const buildDir = process.env.REMIX_BUILD_DIR ?? "build";
if (!fs.existsSync(path.join(ROOT, buildDir, "index.js"))) {
  throw new Error(`No server build in ${buildDir}/: run \`npx remix build\` first (or set REMIX_BUILD_DIR).`);
}
// The production server (server.js: express, the request guard, compression) when there is one.
const serverJs = fs.existsSync(path.join(ROOT, "server.js"));
const server = await startServer();
const base = `http://127.0.0.1:${server.port}`;
log(`Server: ${buildDir}/index.js (${serverJs ? "node server.js" : "remix-serve"}, NODE_ENV=production) on ${base}, ${os.cpus().length} CPU(s), Node ${process.version}.`);

/** The server on a free loopback port, with the bench database. */
async function startServer() {
  const port = await new Promise<number>((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
    srv.on("error", reject);
  });
  let out = "";
  const [cmd, args] = serverJs ? [process.execPath, ["server.js"]] : [path.join(ROOT, "node_modules", ".bin", "remix-serve"), [`${buildDir}/index.js`]];
  const child = spawn(cmd, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      REMIX_BUILD_DIR: buildDir,
      NODE_ENV: "production",
      // Lets the abuse section pose as many client addresses (X-Forwarded-For); no other request sends it.
      TRUST_PROXY: "1",
      // One server process, so its CPU time (/proc/<pid>/stat) is the whole server's.
      WEB_CONCURRENCY: "1",
      HOST: "127.0.0.1",
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode != null) throw new Error(`server exited early:\n${out}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not start in 60 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    port,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode != null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
      }),
  };
}

interface Result {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats?: Record<string, { count: number }>;
}
const require = createRequire(import.meta.url);
const autocannon = require("autocannon") as (opts: Record<string, unknown>) => Promise<Result>;

const QUERIES = ["banh trang", "do go", "gom", "Bánh tráng Trảng Bàng", "che bup tan cuong", "nuoc mam phu quoc", "may tuot lua", "hop tac xa", "lua", "dao ren da hoi", "den long hoi an", "ha noi"];
const searchPath = () => {
  const q = encodeURIComponent(pick(QUERIES));
  const r = rnd();
  return r < 0.6 ? `/tra-cuu?q=${q}` : r < 0.8 ? `/tra-cuu?q=${q}&hieu-luc=1` : `/tra-cuu?q=${q}&trang=2`;
};
const productPath = () => `/san-pham/${pick(productIds)}`;

async function measure(name: string, pathFn: () => string, seconds: number) {
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{ method: "GET", setupRequest: (req: Record<string, unknown>) => ({ ...req, path: pathFn() }) }],
  });
  return { name, result };
}

// Sanity: every measured address answers 200.
for (const p of ["/healthz", searchPath(), productPath()]) {
  const r = await fetch(base + p);
  if (r.status !== 200) throw new Error(`${p} answered ${r.status}`);
}
// Warm up each route briefly, then measure.
for (const f of [() => "/healthz", searchPath, productPath]) await measure("warm-up", f, 2);
const rows = [
  await measure("bare route  GET /healthz", () => "/healthz", DURATION),
  await measure("search page GET /tra-cuu?q=…", searchPath, DURATION),
  await measure("product page GET /san-pham/:id", productPath, DURATION),
];

/* ---------------------------------------------------------------- abuse */
const clkTck = Number(spawnSync("getconf", ["CLK_TCK"]).stdout?.toString().trim()) || 100;
/** CPU time (user + system, all threads) of the server process so far, in ms; null off Linux. */
function serverCpuMs(): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${server.pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // f[0] is field 3 (state)
    return ((Number(f[11]) + Number(f[12])) / clkTck) * 1000; // utime, stime: fields 14, 15
  } catch {
    return null;
  }
}
const Database = (await import("better-sqlite3")).default;
/** Empties the throttles table (through the server's own database file), so a run starts afresh. */
function clearThrottles() {
  const conn = new Database(process.env.DATABASE_URL!, { fileMustExist: true, timeout: 5000 });
  try {
    conn.exec("delete from throttles");
  } catch {
    /* no throttles table: nothing to clear */
  } finally {
    conn.close();
  }
}
let abuseSeq = 0;
const randomIp = () => `10.${(abuseSeq >> 16) & 255}.${(abuseSeq >> 8) & 255}.${abuseSeq & 255}`;
const loginHeaders = { "content-type": "application/x-www-form-urlencoded", origin: base };
/**
 * The attacks: a new unknown email per attempt from one address; the same from a new address per
 * attempt (X-Forwarded-For, the server trusting its proxy: what many machines would do); one
 * existing account's email from one address.
 */
const ABUSE = {
  "different emails": () => ({ body: `email=ke-do-${++abuseSeq}%40bench.local&password=sai-mat-khau-${abuseSeq}`, headers: loginHeaders }),
  "different emails and addresses": () => ({
    body: `email=ke-do-${++abuseSeq}%40bench.local&password=sai-mat-khau-${abuseSeq}`,
    headers: { ...loginHeaders, "x-forwarded-for": randomIp() },
  }),
  "same email": () => ({ body: `email=${encodeURIComponent(VICTIM)}&password=sai-mat-khau-${++abuseSeq}`, headers: loginHeaders }),
};
type AbuseKind = keyof typeof ABUSE;
function loginAbuse(kind: AbuseKind, seconds: number) {
  return autocannon({
    url: base,
    connections: ABUSERS,
    duration: seconds,
    timeout: 30, // an attacker waits for the answer
    requests: [{ method: "POST", path: "/dang-nhap", headers: loginHeaders, setupRequest: (req: Record<string, unknown>) => ({ ...req, ...ABUSE[kind]() }) }],
  });
}
interface AbuseRow {
  name: string;
  page?: Result;
  login?: Result;
  cpuMs: number | null;
  seconds: number;
}
/** Waits (up to 15 s) until the server has finished the work left from the previous run: under 10% of a core for 300 ms. */
async function settle() {
  const until = Date.now() + 15_000;
  while (Date.now() < until) {
    const a = serverCpuMs();
    await new Promise((r) => setTimeout(r, 300));
    const b = serverCpuMs();
    if (a == null || b == null || b - a < 30) return;
  }
}
async function abuseRun(name: string, pathFn: (() => string) | null, kind: AbuseKind | null): Promise<AbuseRow> {
  clearThrottles();
  await settle();
  const cpu0 = serverCpuMs();
  const [page, login] = await Promise.all([
    pathFn
      ? autocannon({ url: base, connections: PAGE_CONNECTIONS, duration: ABUSE_SECONDS, requests: [{ method: "GET", setupRequest: (req: Record<string, unknown>) => ({ ...req, path: pathFn() }) }] })
      : undefined,
    kind ? loginAbuse(kind, ABUSE_SECONDS) : undefined,
  ]);
  const cpu1 = serverCpuMs();
  return { name, page, login, cpuMs: cpu0 != null && cpu1 != null ? cpu1 - cpu0 : null, seconds: ABUSE_SECONDS };
}
// Sanity: a wrong password is answered 401 (or 429 once throttled), not 403 (Origin) or 500.
clearThrottles();
for (const kind of Object.keys(ABUSE) as AbuseKind[]) {
  const r = await fetch(`${base}/dang-nhap`, { method: "POST", ...ABUSE[kind](), redirect: "manual" });
  if (r.status !== 401 && r.status !== 429) throw new Error(`POST /dang-nhap (${kind}) answered ${r.status}, expected 401 or 429`);
}
const abuseRows: AbuseRow[] = [];
for (const [label, pathFn] of [
  ["product page", productPath],
  ["search page", searchPath],
] as const) {
  abuseRows.push(await abuseRun(`${label} alone`, pathFn, null));
  for (const kind of Object.keys(ABUSE) as AbuseKind[]) abuseRows.push(await abuseRun(`${label} + ${kind}`, pathFn, kind));
}
for (const kind of Object.keys(ABUSE) as AbuseKind[]) abuseRows.push(await abuseRun(`log-in abuse alone: ${kind}`, null, kind));
await server.stop();

const bare = rows[0]!.result.requests.average;
log("");
log(`HTTP, ${CONNECTIONS} concurrent connections, ${DURATION} s each (after a 2 s warm-up):`);
log("route                           req/s   p50 ms  p90 ms  p99 ms  errors  vs bare route");
for (const { name, result: r } of rows) {
  const bad = r.non2xx + r.errors + r.timeouts;
  log(
    `${name.padEnd(31)} ${r.requests.average.toFixed(0).padStart(6)} ${String(r.latency.p50).padStart(8)} ${String(r.latency.p90).padStart(7)} ${String(r.latency.p99).padStart(7)} ${String(bad).padStart(7)}   ${(r.requests.average / bare).toFixed(2)}×`,
  );
}
log("");
log(
  `Public pages under log-in abuse: ${ABUSERS} clients POST /dang-nhap with wrong passwords (Origin = server, form body) while ` +
    `${PAGE_CONNECTIONS} connections load the page, ${ABUSE_SECONDS} s per run, the throttles table emptied before each run.`,
);
log(
  `  "different emails": a new unknown email each attempt, one client address; "… and addresses": also a new address each ` +
    `(X-Forwarded-For, TRUST_PROXY=1); "same email": one existing account. 401 = wrong password (argon2 ran), 429 = throttled ` +
    `(no argon2), t/o = no answer within 30 s. CPU = server process user+system time, all threads, per request answered (page + log-in).`,
);
log("run                                                  page req/s  p50 ms  p99 ms  vs alone | log-in req/s    401    429  other   t/o | CPU ms/req  CPU %");
const alone = new Map<string, Result>();
for (const r of abuseRows) {
  const pageName = r.name.replace(/ (alone|\+ .*)$/, "");
  if (r.page && r.name.endsWith(" alone")) alone.set(pageName, r.page);
  const base0 = alone.get(pageName);
  const pageCols = r.page
    ? `${r.page.requests.average.toFixed(0).padStart(10)} ${String(r.page.latency.p50).padStart(7)} ${String(r.page.latency.p99).padStart(7)} ${(base0 ? `${(r.page.requests.average / base0.requests.average).toFixed(2)}×` : "").padStart(9)}`
    : " ".repeat(35);
  const st = r.login?.statusCodeStats ?? {};
  const n = (code: string) => st[code]?.count ?? 0;
  const loginCols = r.login
    ? `${r.login.requests.average.toFixed(0).padStart(12)} ${String(n("401")).padStart(6)} ${String(n("429")).padStart(6)} ${String(r.login.requests.total - n("401") - n("429")).padStart(6)} ${String(r.login.errors + r.login.timeouts).padStart(5)}`
    : " ".repeat(39);
  const served = (r.page?.requests.total ?? 0) + (r.login?.requests.total ?? 0);
  const cpuCols = r.cpuMs != null && served ? `${(r.cpuMs / served).toFixed(2).padStart(10)} ${((r.cpuMs / (r.seconds * 1000)) * 100).toFixed(0).padStart(5)}%` : "       n/a";
  log(`${r.name.padEnd(52)} ${pageCols} | ${loginCols} | ${cpuCols}`);
  const others = Object.entries(st).filter(([c]) => c !== "401" && c !== "429");
  if (others.length) log(`${"".padEnd(52)}   other log-in answers: ${others.map(([c, v]) => `${c} × ${v.count}`).join(", ")}`);
}
log("");
const keep = !!process.env.BENCH_KEEP;
log(`Total bench time ${secs(Date.now() - t0)}. Data in ${dir}${keep ? " (kept: BENCH_KEEP)" : " (removed)"}.`);
if (!keep) fs.rmSync(dir, { recursive: true, force: true });
process.exit(0);
