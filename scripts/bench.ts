/**
 * `npm run bench`: how fast the app is on announcement day, against the machine's own limits, in
 * one run (loopback only; about five minutes with the defaults).
 *
 * 1. Data: a fresh SQLite database (real migrations and reference data) with BENCH_PRODUCTS
 *    (10,000) certified products in 20 published provincial rounds, issued through the app's own
 *    createMissingCertificates (the FTS index filled by its triggers); a producer account with a
 *    draft entry (for the upload); an account the log-in abuse aims at.
 * 2. Public pages, one server process (the built server as `npm run serve` starts it, with
 *    WEB_CONCURRENCY=1), 50 connections: a raw node:http server answering a byte-identical copy of
 *    the product page (scripts/bench/raw-server.mjs, one process: the physical limit), a bare
 *    document route (/quen-mat-khau: React and the root loader, no loader of its own) and the
 *    cached public pages (home, search, product, verification; a "hot set" of addresses fetched
 *    once before the run). req/s, p50/p99, server CPU ms per request (user + system time of the
 *    server processes from /proc, steadier than req/s on a shared machine), and each ratio to raw.
 * 3. Uncached: a second server with PAGE_CACHE_MB=0 on the same database, 10 connections: the
 *    bare document route and the same pages (addresses over the whole data set), against raw at
 *    10 connections; CPU ms per request is the figure to read.
 * 4. Every core: the cached pages with WEB_CONCURRENCY=2 against raw with 2 node:cluster workers
 *    (the load generator shares the 2 cores with them).
 * 5. Upload: a 20 MB file (multipart, one producer's real upload route, signed in through
 *    POST /dang-nhap) against the raw server streaming the same request body to a file; median of
 *    BENCH_UPLOADS (11) after two warm-ups, each upload back to back with its raw receive, which goes
 *    first in every other pair (the first uploads of a fresh server compile the parser
 *    and grow V8's young generation; a server that has been up for a day has done both), and the server's RSS growth (VmRSS peak while uploading
 *    minus before) beside the raw receive's, then one 60 MB upload to both (does memory follow the
 *    body's size?).
 * 6. Log-in abuse: the product page alone, then while 20 clients POST /dang-nhap with wrong
 *    passwords (three attacks), then the attacks alone; BENCH_ABUSE_SECONDS (4) each.
 * 7. Organizer actions at whole-country size (scripts/bench-organizer.ts, BENCH_ORGANIZER_SIZES
 *    "150,300,600") and bulk certificates (scripts/bench-certificates.ts, BENCH_BULK 120), each in
 *    a process of its own, their tables streamed through.
 * Finally a summary table: each goal of issue 10, the figure, met or not.
 *
 * Environment: REMIX_BUILD_DIR (build/), BENCH_SECONDS (5, per measured run), BENCH_WARMUP (1),
 * BENCH_PRODUCTS, BENCH_HOT (200 addresses per cached page kind), BENCH_UPLOADS, BENCH_ABUSE_SECONDS,
 * BENCH_NODE_ARGS (extra node options for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"),
 * BENCH_SKIP (comma-separated sections to leave out: pages, uncached, cluster, upload, abuse,
 * organizer, certificates), BENCH_KEEP=1 keeps the temporary directory.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import {
  type Child,
  cleanupNow,
  fmt,
  freePort,
  load,
  median,
  onCleanup,
  rssBytes,
  type Run,
  settle,
  startChild,
  startJanitor,
  table,
  treeCpuMs,
  waitReady,
  autocannon,
  type AcResult,
} from "./bench/lib";
import { useBenchEnvironment } from "./bench/env";

const ROOT = path.resolve(import.meta.dirname, "..");
/** The environment as given, for the helper scripts (they make their own databases). */
const GIVEN_ENV = { ...process.env };
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 10_000);
const ROUNDS = 20;
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);
const HOT = Number(process.env.BENCH_HOT ?? 200);
const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 11);
/** Uploads not measured, to each server, before the measured ones. */
const UPLOAD_WARMUPS = 2;
const ABUSE_SECONDS = Number(process.env.BENCH_ABUSE_SECONDS ?? 4);
const SKIP = new Set((process.env.BENCH_SKIP ?? "").split(",").map((s) => s.trim()).filter(Boolean));
const CONNECTIONS = 50;
const UNCACHED_CONNECTIONS = 10;
const ABUSERS = 20;
const ABUSE_PAGE_CONNECTIONS = 10;
const UPLOAD_MB = 20;
/** The second upload size, to see whether memory follows the body (scripts/bench.ts upload section). */
const BIG_MB = 60;
const VICTIM = "nan-nhan@bench.local";
const PRODUCER = "co-so@bench.local";
const PRODUCER_PASSWORD = "mat-khau-co-so-12345";
const BARE = "/quen-mat-khau";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cnnt-bench-"));
const keep = !!process.env.BENCH_KEEP;
startJanitor(dir, keep);
onCleanup(() => {
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
});
useBenchEnvironment(dir);

const t0 = Date.now();
const loadAtStart = os.loadavg()[0]!;
const log = (s = "") => console.log(s);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const heading = (s: string) => log(`\n== ${s}`);

const buildDir = process.env.REMIX_BUILD_DIR ?? "build";
if (!fs.existsSync(path.join(ROOT, buildDir, "index.js"))) {
  throw new Error(`No server build in ${buildDir}/: run \`npx remix build\` first (or set REMIX_BUILD_DIR).`);
}
const buildText = fs.readFileSync(path.join(ROOT, buildDir, "index.js"), "utf8");
/** Whether the server build knows the page cache's switch at all (if not, "cached" = uncached). */
const cacheSwitch = buildText.includes("PAGE_CACHE_MB") || fs.readFileSync(path.join(ROOT, "server.js"), "utf8").includes("PAGE_CACHE_MB");

/* ================================================================ dataset */
const { bootstrap } = await import("~/lib/bootstrap.server");
const { db } = await import("~/lib/db.server");
const { loadPrincipal } = await import("~/lib/permissions.server");
const { createMissingCertificates } = await import("~/modules/certificates/certificates.server");
const { buildRecognisedRound } = await import("~/modules/certificates/testdata.server");
const { listProvinces } = await import("~/modules/units/units.server");
const schema = await import("~db/schema");
const { bodyStaff, organizingBodies, users } = schema;
const { hashPassword } = await import("~/lib/auth.server");

await bootstrap({ seedDemo: false, log: () => {} });

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
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
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
    products: Array.from({ length: Math.max(0, Math.min(perRound, PRODUCTS - r * perRound)) }, (_, i) => {
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
const codes = (db.$client.prepare("select public_code as c from certificates").all() as { c: string }[]).map((r) => r.c);

// The account the "same email" log-in abuse aims at (its real password is not the one tried).
db.insert(users).values({ id: "bench-victim", email: VICTIM, fullName: "Tài khoản bị dò mật khẩu", passwordHash: await hashPassword("mat-khau-that-12345") }).run();

// A producer with a draft entry in an open round: the upload goes into its "awards" slot (PDF, up to 10 files).
const uploadEntryId = await (async () => {
  const prov = provinces[0]!;
  const { body } = organizerPrincipal("Sở Công Thương (đo tải lên)", prov.id);
  db.insert(users).values({ id: "bench-producer", email: PRODUCER, fullName: "Chủ cơ sở đo tải lên", passwordHash: await hashPassword(PRODUCER_PASSWORD) }).run();
  const est = db.insert(schema.establishments).values({ legalType: "cooperative", name: "Hợp tác xã Gốm Phù Lãng (đo tải lên)", provinceId: prov.id, unitId: prov.id, street: "Thôn Phù Lãng" }).returning().get();
  db.insert(schema.establishmentMembers).values({ establishmentId: est.id, userId: "bench-producer", role: "owner" }).run();
  const product = db.insert(schema.products).values({ establishmentId: est.id, name: "Bình gốm men da lươn", productGroupId: 1, description: "Gốm nung củi." }).returning().get();
  const round = db
    .insert(schema.rounds)
    .values({ bodyId: body.id, level: "province", unitId: prov.id, year: 2026, title: "Kỳ đo tốc độ tải lên", status: "open", registrationOpensOn: "2000-01-01", registrationClosesOn: "2999-12-31" })
    .returning()
    .get();
  return db.insert(schema.entries).values({ roundId: round.id, productId: product.id, establishmentId: est.id, status: "draft", createdBy: "bench-producer" }).returning().get().id;
})();
db.$client.close();
globalThis.__cnntDb = undefined;
const dbBytes = fs.statSync(process.env.DATABASE_URL!).size;
log(
  `Dataset: ${fmt.int(certCount.n)} certificates of ${fmt.int(productIds.length)} products in ${ROUNDS} published rounds ` +
    `(FTS rows ${fmt.int(ftsCount.n)}, database ${fmt.mb(dbBytes)}), built in ${secs(Date.now() - tData)}.`,
);
log(
  `Settings: ${DURATION} s per run after a ${WARMUP} s warm-up (BENCH_SECONDS, BENCH_WARMUP), hot set ${HOT} (BENCH_HOT), ${UPLOADS} uploads (BENCH_UPLOADS), ` +
    `${ABUSE_SECONDS} s per abuse run (BENCH_ABUSE_SECONDS)${SKIP.size ? `, skipping ${[...SKIP].join(", ")}` : ""}.`,
);
log(`Machine: ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? "?"}), Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}.`);
log(`Server: node server.js, ${buildDir}/index.js, NODE_ENV=production, loopback. Page cache switch PAGE_CACHE_MB ${cacheSwitch ? "found in the build" : "NOT found in the build or server.js: \"cached\" runs are uncached"}.`);

/* ================================================================ servers */
const Database = (await import("better-sqlite3")).default;

interface AppServer {
  base: string;
  pid: number;
  child: Child;
  label: string;
}
async function startApp(label: string, extra: Record<string, string>): Promise<AppServer> {
  const port = await freePort();
  const child = startChild(`server (${label})`, process.execPath, [...(process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(" ") : []), "server.js"], {
    cwd: ROOT,
    env: {
      ...process.env,
      REMIX_BUILD_DIR: buildDir,
      NODE_ENV: "production",
      // Lets the abuse section pose as many client addresses (X-Forwarded-For); no other request sends it.
      TRUST_PROXY: "1",
      WEB_CONCURRENCY: "1",
      MAX_UPLOAD_MB: "25",
      HOST: "127.0.0.1",
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      ...extra,
    },
  });
  const base = `http://127.0.0.1:${port}`;
  const workers = Number(extra.WEB_CONCURRENCY ?? 1);
  await waitReady(child, async () => (await fetch(`${base}/healthz`)).ok && (workers === 1 || processCount(child.pid) > workers));
  // Every worker has loaded the build once the whole tree is idle.
  if (workers > 1) await settle(child.pid);
  return { base, pid: child.pid, child, label };
}
function processCount(pid: number) {
  // The supervisor and its workers (each listening once the count is reached and /healthz answers).
  return Number(fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p) && ppidOf(Number(p)) === pid).length) + 1;
}
function ppidOf(pid: number): number | null {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(s.slice(s.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return null;
  }
}

interface RawServer {
  base: string;
  pid: number;
  child: Child;
}
const rawPage = path.join(dir, "raw-page.json");
const rawUploads = path.join(dir, "raw-uploads");
fs.mkdirSync(rawUploads, { recursive: true });
async function startRaw(workers: number): Promise<RawServer> {
  const port = await freePort();
  let ready = false;
  const child = startChild(`raw node:http (${workers} process${workers > 1 ? "es" : ""})`, process.execPath, [path.join(ROOT, "scripts/bench/raw-server.mjs")], {
    cwd: ROOT,
    env: { ...GIVEN_ENV, RAW_PORT: String(port), RAW_PAGE: rawPage, RAW_UPLOAD_DIR: rawUploads, RAW_WORKERS: String(workers) },
    onLine: (l) => {
      if (l.trim() === "raw ready") ready = true;
    },
  });
  await waitReady(child, async () => ready, 20_000);
  return { base: `http://127.0.0.1:${port}`, pid: child.pid, child };
}

/** Records the app's answer for a page (status, headers, body) for the raw server to replay. */
async function recordPage(url: string) {
  const r = await fetch(url);
  const body = Buffer.from(await r.arrayBuffer());
  const drop = new Set(["date", "connection", "keep-alive", "transfer-encoding", "content-length"]);
  const headers = [...r.headers].filter(([k]) => !drop.has(k.toLowerCase()));
  fs.writeFileSync(rawPage, JSON.stringify({ status: r.status, headers, body: body.toString("base64") }));
  const headerBytes = headers.reduce((n, [k, v]) => n + k.length + v.length + 4, 0);
  return { status: r.status, bytes: body.length, headerBytes };
}

/* ================================================================ addresses */
const QUERIES = ["banh trang", "do go", "gom", "Bánh tráng Trảng Bàng", "che bup tan cuong", "nuoc mam phu quoc", "may tuot lua", "hop tac xa", "lua", "dao ren da hoi", "den long hoi an", "ha noi"];
const searchUrls = QUERIES.flatMap((q) => [`/tra-cuu?q=${encodeURIComponent(q)}`, `/tra-cuu?q=${encodeURIComponent(q)}&hieu-luc=1`, `/tra-cuu?q=${encodeURIComponent(q)}&trang=2`]);
const hotProducts = productIds.slice(0, HOT).map((id) => `/san-pham/${id}`);
const hotCodes = codes.slice(0, HOT).map((c) => `/xac-thuc/${c}`);
interface PageKind {
  key: string;
  name: string;
  /** The cached runs: a hot set, all fetched once before. */
  hot: string[];
  /** The uncached runs: anywhere in the data set. */
  any: () => string;
}
const PAGES: PageKind[] = [
  { key: "home", name: "home /", hot: ["/"], any: () => "/" },
  { key: "search", name: "search /tra-cuu?q=…", hot: searchUrls, any: () => pick(searchUrls) },
  { key: "product", name: "product /san-pham/:id", hot: hotProducts, any: () => `/san-pham/${pick(productIds)}` },
  { key: "verify", name: "verification /xac-thuc/:code", hot: hotCodes, any: () => `/xac-thuc/${pick(codes)}` },
];
const BARE_NAME = `bare document ${BARE}`;

/** Fetches every address `times` times, each on a new connection (so a cluster spreads them over its processes); every answer must be 200. */
async function prefetch(base: string, urls: string[], times: number) {
  const queue = Array.from({ length: times }, () => urls).flat();
  const u0 = new URL(base);
  const get = (p: string) =>
    new Promise<number>((resolve, reject) => {
      http
        .get({ host: u0.hostname, port: u0.port, path: p, agent: false }, (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode!));
        })
        .on("error", reject);
    });
  let i = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (i < queue.length) {
        const u = queue[i++]!;
        const status = await get(u);
        if (status !== 200) throw new Error(`GET ${u} answered ${status}`);
      }
    }),
  );
}

/** How many of (up to 12) addresses the server answers from its page cache now (the x-page-cache header). */
async function cacheHits(base: string, urls: string[]) {
  const u0 = new URL(base);
  const sample = urls.length <= 12 ? urls : Array.from({ length: 12 }, (_, i) => urls[Math.floor((i * urls.length) / 12)]!);
  let hits = 0;
  for (const p of sample) {
    const state = await new Promise<string | undefined>((resolve, reject) =>
      http
        .get({ host: u0.hostname, port: u0.port, path: p, agent: false }, (res) => {
          res.resume();
          res.on("end", () => resolve(res.headers["x-page-cache"] as string | undefined));
        })
        .on("error", reject),
    );
    if (state === "hit") hits++;
  }
  return `${hits}/${sample.length}`;
}

/* ================================================================ measurement */
const summary: { figure: string; value: string; goal: string; met: boolean | null }[] = [];
/** A figure of the summary; with an empty goal it is information only (shown, not counted as a goal). */
const goal = (figure: string, value: number | null | undefined, text: string, goalText: string, ok: (v: number) => boolean) =>
  summary.push({ figure, value: value == null || !Number.isFinite(value) ? "n/a" : text, goal: goalText, met: value == null || !Number.isFinite(value) || !goalText ? null : ok(value) });
const skipped = (what: string) => summary.push({ figure: what, value: "skipped", goal: "", met: null });

let raw1: RawServer | undefined;
const run = (name: string, srv: { base: string; pid: number }, pathFn: () => string, connections: number, seconds = DURATION) =>
  load({ name, base: srv.base, serverPid: srv.pid, pathFn, connections, seconds });
const warm = async (srv: { base: string; pid: number }, pathFn: () => string, connections: number) => {
  if (WARMUP > 0) await run("warm-up", srv, pathFn, connections, WARMUP);
  await settle(srv.pid);
};
const hitNote = new Map<Run, string>();
function printRuns(runs: Run[], ref: Run | undefined) {
  log(
    table(
      ["", "req/s", "× raw", "p50 ms", "p99 ms", "errors", "CPU ms/req", "× raw CPU", "server CPU", "client CPU", "cache hits"],
      runs.map((r) => [
        r.name,
        fmt.int(r.rps),
        ref && r !== ref ? fmt.x(r.rps / ref.rps) : "",
        r.result.latency.p50,
        r.result.latency.p99,
        r.bad,
        fmt.ms(r.cpuPerReq, 3),
        ref && r !== ref && r.cpuPerReq != null && ref.cpuPerReq ? fmt.x(r.cpuPerReq / ref.cpuPerReq) : "",
        fmt.pct(r.cpuShare),
        fmt.pct(r.clientShare),
        hitNote.get(r) ?? "",
      ]),
    ),
  );
}
const randomOf = (urls: string[]) => () => urls[Math.floor(Math.random() * urls.length)]!;

try {
  /* ---------------------------------------------------------------- cached, 1 process */
  let cached: AppServer | undefined;
  if (!SKIP.has("pages") || !SKIP.has("abuse") || !SKIP.has("uncached") || !SKIP.has("cluster")) {
    cached = await startApp("cached", { WEB_CONCURRENCY: "1" });
    for (const p of PAGES) await prefetch(cached.base, p.hot, 1);
    await prefetch(cached.base, [BARE], 1);
    const rec = await recordPage(cached.base + hotProducts[0]!);
    raw1 = await startRaw(1);
    log(`Raw reference: scripts/bench/raw-server.mjs replays GET ${hotProducts[0]} (${fmt.int(rec.bytes)} bytes of HTML, ${rec.headerBytes} bytes of the app's headers, status ${rec.status}).`);
  }
  if (cached && !SKIP.has("pages")) {
    heading(`Public pages, 1 server process (WEB_CONCURRENCY=1), ${CONNECTIONS} connections, ${DURATION} s each after a ${WARMUP} s warm-up`);
    const runs: Run[] = [];
    await warm(raw1!, () => "/", CONNECTIONS);
    const rawRun = await run("raw node:http, same page", raw1!, () => hotProducts[0]!, CONNECTIONS);
    runs.push(rawRun);
    await warm(cached, () => BARE, CONNECTIONS);
    runs.push(await run(`${BARE_NAME} (no cache)`, cached, () => BARE, CONNECTIONS));
    const cachedRuns: Record<string, Run> = {};
    for (const p of PAGES) {
      await warm(cached, randomOf(p.hot), CONNECTIONS);
      cachedRuns[p.key] = await run(`cached ${p.name}`, cached, randomOf(p.hot), CONNECTIONS);
      runs.push(cachedRuns[p.key]!);
      hitNote.set(cachedRuns[p.key]!, await cacheHits(cached.base, p.hot));
    }
    printRuns(runs, rawRun);
    log(`  CPU = user + system time of the server's processes (/proc) per answered request; client CPU = the load generator (autocannon, this process).`);
    log(`  Cached runs pick addresses at random from a hot set fetched once before (${HOT} products, ${HOT} certificates, ${searchUrls.length} searches, the home page).`);
    log(`  cache hits: of up to 12 of those addresses fetched after the run, how many the server answered from its page cache (x-page-cache: hit).`);
    const vals = Object.entries(cachedRuns);
    const worst = vals.reduce((a, b) => (b[1].rps < a[1].rps ? b : a));
    const worstP99 = vals.reduce((a, b) => (b[1].result.latency.p99 > a[1].result.latency.p99 ? b : a));
    goal(`cached pages, 1 process: lowest req/s (${worst[0]})`, worst[1].rps, fmt.int(worst[1].rps), "≥ 5,000", (v) => v >= 5000);
    goal(`cached pages, 1 process: lowest × raw (${worst[0]})`, worst[1].rps / rawRun.rps, fmt.x(worst[1].rps / rawRun.rps), "≥ 0.35×", (v) => v >= 0.35);
    goal(`cached pages, 1 process: highest p99 (${worstP99[0]})`, worstP99[1].result.latency.p99, `${worstP99[1].result.latency.p99} ms`, `< 50 ms`, (v) => v < 50);
    goal(`bare document route × raw req/s (info)`, runs[1]!.rps / rawRun.rps, fmt.x(runs[1]!.rps / rawRun.rps), "", () => true);
    summary[summary.length - 1]!.met = null;
  } else skipped("cached pages, 1 process");

  /* ---------------------------------------------------------------- abuse (on the cached server) */
  if (cached && !SKIP.has("abuse")) await abuseSection(cached);
  else skipped("log-in abuse");
  if (cached) await cached.child.stop();

  /* ---------------------------------------------------------------- uncached */
  if (!SKIP.has("uncached")) {
    heading(`Uncached (PAGE_CACHE_MB=0), 1 server process, ${UNCACHED_CONNECTIONS} connections, ${DURATION} s each: CPU ms per request is the figure to read`);
    const srv = await startApp("uncached", { WEB_CONCURRENCY: "1", PAGE_CACHE_MB: "0" });
    raw1 ??= await startRaw(1);
    const runs: Run[] = [];
    await warm(raw1, () => "/", UNCACHED_CONNECTIONS);
    const rawRun = await run("raw node:http, same page", raw1, () => hotProducts[0]!, UNCACHED_CONNECTIONS);
    runs.push(rawRun);
    const byKey: Record<string, Run> = {};
    for (const p of [{ key: "bare", name: BARE_NAME, any: () => BARE }, ...PAGES]) {
      await warm(srv, p.any, UNCACHED_CONNECTIONS);
      byKey[p.key] = await run(`uncached ${p.name}`, srv, p.any, UNCACHED_CONNECTIONS);
      runs.push(byKey[p.key]!);
      if (p.key !== "bare") hitNote.set(byKey[p.key]!, await cacheHits(srv.base, [p.any(), p.any(), p.any()]));
    }
    await srv.child.stop();
    printRuns(runs, rawRun);
    log(`  Uncached runs pick addresses at random over the whole data set (${fmt.int(productIds.length)} products, ${fmt.int(codes.length)} certificates).`);
    goal("uncached search: CPU ms/request", byKey.search!.cpuPerReq, `${fmt.ms(byKey.search!.cpuPerReq, 2)} ms`, "≤ 5 ms", (v) => v <= 5);
    goal("uncached product: CPU ms/request", byKey.product!.cpuPerReq, `${fmt.ms(byKey.product!.cpuPerReq, 2)} ms`, "≤ 3 ms", (v) => v <= 3);
    goal(`uncached bare document route (${BARE}): CPU ms/request`, byKey.bare!.cpuPerReq, `${fmt.ms(byKey.bare!.cpuPerReq, 2)} ms`, "≤ 2.5 ms", (v) => v <= 2.5);
  } else skipped("uncached pages");

  /* ---------------------------------------------------------------- every core */
  if (!SKIP.has("cluster")) {
    heading(`Every core: cached pages, 2 server processes (WEB_CONCURRENCY=2) against raw with 2 node:cluster workers, ${CONNECTIONS} connections, ${DURATION} s each`);
    const raw2 = await startRaw(2);
    const srv = await startApp("cached, 2 processes", { WEB_CONCURRENCY: "2" });
    for (const p of PAGES) await prefetch(srv.base, p.hot, 3);
    const runs: Run[] = [];
    await warm(raw2, () => "/", CONNECTIONS);
    const rawRun = await run("raw node:http, 2 workers", raw2, () => hotProducts[0]!, CONNECTIONS);
    runs.push(rawRun);
    await raw2.child.stop();
    const byKey: Record<string, Run> = {};
    for (const p of PAGES) {
      await warm(srv, randomOf(p.hot), CONNECTIONS);
      byKey[p.key] = await run(`cached ${p.name}`, srv, randomOf(p.hot), CONNECTIONS);
      runs.push(byKey[p.key]!);
      hitNote.set(byKey[p.key]!, await cacheHits(srv.base, p.hot));
    }
    await srv.child.stop();
    printRuns(runs, rawRun);
    log(`  The load generator (one process, "client CPU") shares the 2 cores with the server's 2 processes: neither side has a core of its own.`);
    const vals = Object.entries(byKey);
    const worst = vals.reduce((a, b) => (b[1].rps < a[1].rps ? b : a));
    const worstP99 = vals.reduce((a, b) => (b[1].result.latency.p99 > a[1].result.latency.p99 ? b : a));
    goal(`cached pages, 2 processes: lowest req/s (${worst[0]})`, worst[1].rps, fmt.int(worst[1].rps), "≥ 5,000", (v) => v >= 5000);
    goal(`cached pages, 2 processes: lowest × raw 2 workers (${worst[0]})`, worst[1].rps / rawRun.rps, fmt.x(worst[1].rps / rawRun.rps), "≥ 0.35×", (v) => v >= 0.35);
    goal(`cached pages, 2 processes: highest p99 (${worstP99[0]})`, worstP99[1].result.latency.p99, `${worstP99[1].result.latency.p99} ms`, `< 50 ms`, (v) => v < 50);
  } else skipped("cached pages, 2 processes");

  /* ---------------------------------------------------------------- upload */
  if (!SKIP.has("upload")) await uploadSection();
  else skipped("20 MB upload");
  if (raw1) await raw1.child.stop();

  /* ---------------------------------------------------------------- helper scripts */
  if (!SKIP.has("organizer")) await organizerSection();
  else skipped("organizer actions");
  if (!SKIP.has("certificates")) await certificatesSection();
  else skipped("bulk certificates");

  /* ---------------------------------------------------------------- summary */
  heading("Summary: the goals of issue 10 (figures from this run; absolute figures vary on a shared machine, ratios less)");
  log(table(["figure", "value", "goal", ""], summary.map((s) => [s.figure, s.value, s.goal, s.met == null ? (s.value === "skipped" ? "" : s.goal ? "n/a" : "") : s.met ? "met" : "NOT MET"])));
  const counted = summary.filter((s) => s.met != null);
  log(`\n${counted.filter((s) => s.met).length} of ${counted.length} goals met. Total bench time ${secs(Date.now() - t0)}. Data in ${dir}${keep ? " (kept: BENCH_KEEP)" : " (removed)"}.`);
  const load1 = os.loadavg()[0]!;
  log(
    `Load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} on ${os.cpus().length} CPU(s)` +
      (Math.max(load1, loadAtStart) > os.cpus().length
        ? `: other work shared the machine (the "server CPU" column shows how much of a core the server got), so req/s and latencies are low; read CPU ms per request and the ratios.`
        : "."),
  );
} finally {
  cleanupNow();
}
process.exit(0);

/* ================================================================ upload */
async function uploadSection() {
  heading(`Upload: a ${UPLOAD_MB} MB PDF through the producer's upload route against raw node:http streaming the same body to a file; median of ${UPLOADS} after ${UPLOAD_WARMUPS} warm-ups`);
  const srv = await startApp("upload", { WEB_CONCURRENCY: "1", MAX_UPLOAD_MB: String(BIG_MB + 5) });
  const raw = raw1 ?? (await startRaw(1));
  try {
    // Sign in as the producer, as a browser does.
    const r = await fetch(`${srv.base}/dang-nhap`, {
      method: "POST",
      body: new URLSearchParams({ email: PRODUCER, password: PRODUCER_PASSWORD }),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: srv.base },
      redirect: "manual",
    });
    const cookie = r.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    if (r.status !== 302 || !cookie) throw new Error(`log-in as the producer answered ${r.status}`);
    const page = await fetch(`${srv.base}/co-so/du-thi/${uploadEntryId}`, { headers: { cookie } });
    await page.arrayBuffer();
    if (page.status !== 200) throw new Error(`the dossier page answered ${page.status}`);

    const boundary = "----cnnt-bench-upload";
    const head = (i: number) =>
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nupload\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="docType"\r\n\r\nawards\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="giai-thuong-${String(i).padStart(4, "0")}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      );
    // A PDF header, then random bytes (like compressed streams: the parser's usual input).
    const file = crypto.randomBytes(UPLOAD_MB * 1024 * 1024);
    file.write("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", 0, "latin1");
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    // One body, rewritten in place for each upload (its head has the same length every time): a
    // fresh 20 MB buffer per upload left the previous one as garbage, and the load generator's own
    // collection of it slowed whichever request it sent first.
    const whole = Buffer.concat([head(0), file, tail]);
    const body = (i: number) => {
      const h = head(i);
      h.copy(whole, 0);
      whole.writeUInt32BE(i, h.length + 32); // different bytes each time (the slot keeps one copy of identical files)
      return whole;
    };
    const post = (base: string, p: string, data: Buffer, headers: Record<string, string>) =>
      new Promise<{ status: number; ms: number; location?: string }>((resolve, reject) => {
        const u = new URL(base + p);
        const start = performance.now();
        const req = http.request(
          { host: u.hostname, port: u.port, path: u.pathname, method: "POST", agent: false, headers: { ...headers, "content-length": String(data.length), "content-type": `multipart/form-data; boundary=${boundary}` } },
          (res) => {
            res.resume();
            res.on("end", () => resolve({ status: res.statusCode!, ms: performance.now() - start, location: res.headers.location }));
          },
        );
        req.on("error", reject);
        req.end(data);
      });

    const appTimes: number[] = [];
    const rawTimes: number[] = [];
    /** Server CPU (user + system, all threads) per request, read from /proc around each request. */
    const appCpu: number[] = [];
    const rawCpu: number[] = [];
    /**
     * Memory: the peak VmRSS of each server while it receives, minus its VmRSS before. Much of it is
     * garbage not yet collected (V8 lets received chunks and the young generation pile up to its own
     * thresholds, a fixed amount whatever the body's size): the raw node:http receive shows the same.
     * So the figures read are (1) the app's growth beyond the raw receive's in the same run, and (2)
     * whether it grows with the body: one more upload of BIG_MB (3×) to both, whose growth must stay
     * that of the 20 MB ones (a server buffering the body would grow by the extra 40 MB).
     */
    const sampler = (pids: number[], from?: number[]) => {
      const before = from ?? pids.map((p) => rssBytes(p) ?? 0);
      const peak = [...before];
      const timer = setInterval(() => pids.forEach((p, i) => (peak[i] = Math.max(peak[i]!, rssBytes(p) ?? 0))), 5);
      return { before, stop: () => (clearInterval(timer), pids.map((p, i) => Math.max(peak[i]!, rssBytes(p) ?? 0) - before[i]!)) };
    };
    const docs = new Database(process.env.DATABASE_URL!, { readonly: true, fileMustExist: true, timeout: 5000 });
    const latestDoc = docs.prepare(
      "SELECT id FROM dossier_documents WHERE entry_id = ? AND doc_type = 'awards' AND superseded_at IS NULL ORDER BY id DESC LIMIT 1",
    );
    const removeLatest = async () => {
      const row = latestDoc.get(uploadEntryId) as { id: number } | undefined;
      if (!row) throw new Error("the uploaded document is not in the database");
      const r = await fetch(`${srv.base}/co-so/du-thi/${uploadEntryId}`, {
        method: "POST",
        body: new URLSearchParams({ intent: "remove", documentId: String(row.id), docType: "awards" }),
        headers: { cookie, origin: srv.base, "content-type": "application/x-www-form-urlencoded" },
        redirect: "manual",
      });
      await r.arrayBuffer();
      if (r.status !== 302) throw new Error(`removing the uploaded document answered ${r.status}`);
    };
    const rss0 = rssBytes(srv.pid);
    const rawRss0 = rssBytes(raw.pid);
    const mem = sampler([srv.pid, raw.pid]);
    /** The same from the first measured upload on: the server after its warm-ups, as the times are read. */
    let warmMem: ReturnType<typeof sampler> | null = null;
    for (let i = 0; i < UPLOAD_WARMUPS + UPLOADS; i++) {
      if (i === UPLOAD_WARMUPS) warmMem = sampler([srv.pid, raw.pid]);
      const data = body(i);
      const viaApp = async () => {
        const c0 = treeCpuMs(srv.pid);
        const r = await post(srv.base, `/co-so/du-thi/${uploadEntryId}`, data, { cookie, origin: srv.base });
        const c1 = treeCpuMs(srv.pid);
        if (r.status !== 302 || !r.location?.includes("da-luu")) throw new Error(`upload ${i} answered ${r.status} ${r.location ?? ""}`);
        return { ...r, cpu: c0 != null && c1 != null ? c1 - c0 : null };
      };
      const viaRaw = async () => {
        const c0 = treeCpuMs(raw.pid);
        const r = await post(raw.base, "/upload", data, {});
        const c1 = treeCpuMs(raw.pid);
        if (r.status !== 200) throw new Error(`raw receive answered ${r.status}`);
        return { ...r, cpu: c0 != null && c1 != null ? c1 - c0 : null };
      };
      // Which goes first alternates, so that neither always follows the other's after-effects (the
      // kernel writing the previous 20 MB back to disk, the removal's request just before).
      let a: Awaited<ReturnType<typeof viaApp>>, b: Awaited<ReturnType<typeof viaRaw>>;
      if (i % 2 === 0) {
        a = await viaApp();
        b = await viaRaw();
      } else {
        b = await viaRaw();
        a = await viaApp();
      }
      if (i >= UPLOAD_WARMUPS) {
        appTimes.push(a.ms);
        rawTimes.push(b.ms);
        if (a.cpu != null) appCpu.push(a.cpu);
        if (b.cpu != null) rawCpu.push(b.cpu);
      }
      // The slot takes 10 files: the producer removes this one again (through the page's own form).
      await removeLatest();
    }
    docs.close();
    const [growth, rawGrowth] = mem.stop() as [number, number];
    const [warmGrowth, warmRawGrowth] = (warmMem?.stop() ?? [growth, rawGrowth]) as [number, number];
    const rss1 = rssBytes(srv.pid);
    const peak = (rss0 ?? 0) + growth;
    const rawPeak = (rawRss0 ?? 0) + rawGrowth;
    // The same with a body 3× as large, its peak against the same "before" (memory that follows the body would add 40 MB to the 20 MB uploads' peak).
    const bigFile = Buffer.concat([file, file, file]);
    const bigBody = Buffer.concat([head(UPLOAD_WARMUPS + UPLOADS), bigFile, tail]);
    const big = sampler([srv.pid, raw.pid], [rss0 ?? 0, rawRss0 ?? 0]);
    const bigApp = await post(srv.base, `/co-so/du-thi/${uploadEntryId}`, bigBody, { cookie, origin: srv.base });
    if (bigApp.status !== 302 || !bigApp.location?.includes("da-luu")) throw new Error(`the ${BIG_MB} MB upload answered ${bigApp.status} ${bigApp.location ?? ""}`);
    const bigRaw = await post(raw.base, "/upload", bigBody, {});
    if (bigRaw.status !== 200) throw new Error(`raw receive answered ${bigRaw.status}`);
    const [bigGrowth, bigRawGrowth] = big.stop() as [number, number];
    const appMs = median(appTimes);
    const rawMs = median(rawTimes);
    const pairRatios = appTimes.map((t, i) => t / rawTimes[i]!);
    const stored = fs.readdirSync(process.env.UPLOAD_DIR!, { recursive: true }).filter((f) => String(f).endsWith(".pdf")).length;
    log(
      table(
        ["", "median ms", "all ms", "× raw", "RSS growth", `${BIG_MB} MB: ms`, "RSS growth"],
        [
          ["raw node:http: stream to a file", fmt.ms(rawMs), rawTimes.map((t) => t.toFixed(0)).join(" "), "", fmt.mb(rawGrowth), bigRaw.ms.toFixed(0), fmt.mb(bigRawGrowth)],
          [`upload route (POST /co-so/du-thi/:id, multipart)`, fmt.ms(appMs), appTimes.map((t) => t.toFixed(0)).join(" "), fmt.x(appMs / rawMs), fmt.mb(growth), bigApp.ms.toFixed(0), fmt.mb(bigGrowth)],
        ],
      ),
    );
    log(
      `  Server RSS: ${fmt.mb(rss0)} before, ${fmt.mb(peak)} at most while uploading ${UPLOAD_MB} MB, ${fmt.mb(rss1)} after (${UPLOAD_WARMUPS + UPLOADS} uploads, then one of ${BIG_MB} MB; ${stored} PDFs stored); ` +
        (appCpu.length && rawCpu.length
          ? `server CPU per measured upload (median; all threads, user + system): app ${median(appCpu).toFixed(0)} ms, raw ${median(rawCpu).toFixed(0)} ms (${fmt.x(median(appCpu) / median(rawCpu))}). `
          : "") +
        `Each upload and its raw receive run back to back (the raw one first in every other pair); the median of their ratios, pair by pair: ${fmt.x(median(pairRatios))}. ` +
        `The raw server's RSS meanwhile: ${fmt.mb(rawRss0)} before, ${fmt.mb(rawPeak)} at most. ` +
        `From the first measured upload on (after the ${UPLOAD_WARMUPS} warm-ups): app ${fmt.mb(warmGrowth)}, raw ${fmt.mb(warmRawGrowth)}.`,
    );
    log(
      `  RSS growth = peak VmRSS while receiving − VmRSS before (sampled every 5 ms). Most of it is uncollected garbage up to V8's own thresholds (a fixed amount, the raw receive shows it too); ` +
        `the first upload of a process also starts the upload-hash thread (~10 MB, decision 0039) and grows V8's young generation, once. ` +
        `The goal reads the app's growth beyond the raw receive's from the first measured upload on, as the times are read (the cold figure, from before the warm-ups, is shown beside it), ` +
        `and the ${BIG_MB} MB column shows whether memory follows the body's size (buffering would add ${BIG_MB - UPLOAD_MB} MB).`,
    );
    goal(`${UPLOAD_MB} MB upload × raw receive`, appMs / rawMs, `${fmt.x(appMs / rawMs)} (${appMs.toFixed(0)} / ${rawMs.toFixed(0)} ms)`, "≤ 1.5×", (v) => v <= 1.5);
    goal(`${UPLOAD_MB} MB upload × raw receive, pair by pair (info: median of ${pairRatios.length} back-to-back ratios)`, median(pairRatios), fmt.x(median(pairRatios)), "", () => true);
    if (appCpu.length && rawCpu.length) {
      const cpuRatio = median(appCpu) / median(rawCpu);
      goal(`${UPLOAD_MB} MB upload: server CPU × raw receive's (info)`, cpuRatio, `${fmt.x(cpuRatio)} (${median(appCpu).toFixed(0)} / ${median(rawCpu).toFixed(0)} ms)`, "", () => true);
    }
    goal(
      `${UPLOAD_MB} MB upload: server RSS growth beyond the raw receive's, warmed server (app ${fmt.mb(warmGrowth)} − raw ${fmt.mb(warmRawGrowth)})`,
      rss0 != null && rawRss0 != null ? warmGrowth - warmRawGrowth : null,
      fmt.mb(warmGrowth - warmRawGrowth),
      "≤ 20 MB",
      (v) => v <= 20 * 1024 * 1024,
    );
    goal(
      `${UPLOAD_MB} MB upload: the same from a cold server, with the warm-ups (info: app ${fmt.mb(growth)} − raw ${fmt.mb(rawGrowth)})`,
      rss0 != null && rawRss0 != null ? growth - rawGrowth : null,
      fmt.mb(growth - rawGrowth),
      "",
      () => true,
    );
    goal(
      `upload memory flat: RSS growth for ${BIG_MB} MB − for ${UPLOAD_MB} MB (buffering: +${BIG_MB - UPLOAD_MB} MB)`,
      rss0 != null ? bigGrowth - growth : null,
      fmt.mb(bigGrowth - growth),
      "≤ 10 MB",
      (v) => v <= 10 * 1024 * 1024,
    );
  } finally {
    await srv.child.stop();
    if (!raw1) await raw.child.stop();
    fs.rmSync(rawUploads, { recursive: true, force: true });
    fs.mkdirSync(rawUploads, { recursive: true });
  }
}

/* ================================================================ abuse */
async function abuseSection(server: AppServer) {
  const base = server.base;
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
  const ABUSE = {
    "different emails": () => ({ body: `email=ke-do-${++abuseSeq}%40bench.local&password=sai-mat-khau-${abuseSeq}`, headers: loginHeaders }),
    "different emails and addresses": () => ({
      body: `email=ke-do-${++abuseSeq}%40bench.local&password=sai-mat-khau-${abuseSeq}`,
      headers: { ...loginHeaders, "x-forwarded-for": randomIp() },
    }),
    "same email": () => ({ body: `email=${encodeURIComponent(VICTIM)}&password=sai-mat-khau-${++abuseSeq}`, headers: loginHeaders }),
  };
  type AbuseKind = keyof typeof ABUSE;
  const kinds = Object.keys(ABUSE) as AbuseKind[];
  const productHot = randomOf(hotProducts);
  interface AbuseRow {
    name: string;
    page?: AcResult;
    login?: AcResult;
    cpuMs: number | null;
  }
  async function abuseRun(name: string, withPage: boolean, kind: AbuseKind | null): Promise<AbuseRow> {
    clearThrottles();
    await settle(server.pid);
    const cpu0 = treeCpuMs(server.pid);
    const [page, login] = await Promise.all([
      withPage
        ? autocannon({ url: base, connections: ABUSE_PAGE_CONNECTIONS, duration: ABUSE_SECONDS, requests: [{ method: "GET", setupRequest: (req: Record<string, unknown>) => ({ ...req, path: productHot() }) }] })
        : undefined,
      kind
        ? autocannon({
            url: base,
            connections: ABUSERS,
            duration: ABUSE_SECONDS,
            timeout: 30, // an attacker waits for the answer
            requests: [{ method: "POST", path: "/dang-nhap", headers: loginHeaders, setupRequest: (req: Record<string, unknown>) => ({ ...req, ...ABUSE[kind]() }) }],
          })
        : undefined,
    ]);
    const cpu1 = treeCpuMs(server.pid);
    return { name, page, login, cpuMs: cpu0 != null && cpu1 != null ? cpu1 - cpu0 : null };
  }
  // Sanity: a wrong password is answered 401 (or 429 once throttled), not 403 (Origin) or 500.
  clearThrottles();
  for (const kind of kinds) {
    const r = await fetch(`${base}/dang-nhap`, { method: "POST", ...ABUSE[kind](), redirect: "manual" });
    if (r.status !== 401 && r.status !== 429) throw new Error(`POST /dang-nhap (${kind}) answered ${r.status}, expected 401 or 429`);
  }
  heading(
    `Log-in abuse (cached server, 1 process): the product page (${ABUSE_PAGE_CONNECTIONS} connections) alone, then while ${ABUSERS} clients POST /dang-nhap with wrong passwords, then the attacks alone; ${ABUSE_SECONDS} s each`,
  );
  const rows: AbuseRow[] = [await abuseRun("product page alone", true, null)];
  for (const kind of kinds) rows.push(await abuseRun(`product page + ${kind}`, true, kind));
  for (const kind of kinds) rows.push(await abuseRun(`log-in abuse alone: ${kind}`, false, kind));
  const alone = rows[0]!.page!;
  log(
    table(
      ["run", "page req/s", "p50 ms", "p99 ms", "vs alone", "log-in req/s", "401", "429", "other", "t/o", "CPU ms/req", "CPU %"],
      rows.map((r) => {
        const st = r.login?.statusCodeStats ?? {};
        const n = (code: string) => st[code]?.count ?? 0;
        const served = (r.page?.requests.total ?? 0) + (r.login?.requests.total ?? 0);
        return [
          r.name,
          r.page ? fmt.int(r.page.requests.average) : "",
          r.page ? r.page.latency.p50 : "",
          r.page ? r.page.latency.p99 : "",
          r.page && r.page !== alone ? fmt.x(r.page.requests.average / alone.requests.average) : "",
          r.login ? fmt.int(r.login.requests.average) : "",
          r.login ? n("401") : "",
          r.login ? n("429") : "",
          r.login ? r.login.requests.total - n("401") - n("429") : "",
          r.login ? r.login.errors + r.login.timeouts : "",
          r.cpuMs != null && served ? (r.cpuMs / served).toFixed(2) : "n/a",
          r.cpuMs != null ? `${((r.cpuMs / (ABUSE_SECONDS * 1000)) * 100).toFixed(0)}%` : "n/a",
        ];
      }),
    ),
  );
  log(
    `  "different emails": a new unknown email each attempt from one address; "… and addresses": also a new address each (X-Forwarded-For, TRUST_PROXY=1); ` +
      `"same email": one existing account. 401 = wrong password (argon2 ran), 429 = throttled (no argon2), t/o = no answer within 30 s. The throttles table is emptied before each run.`,
  );
  for (const r of rows) {
    const others = Object.entries(r.login?.statusCodeStats ?? {}).filter(([c]) => c !== "401" && c !== "429");
    if (others.length) log(`  ${r.name}: other log-in answers ${others.map(([c, v]) => `${c} × ${v.count}`).join(", ")}`);
  }
  const worst = rows.slice(1, 1 + kinds.length).reduce((a, b) => (b.page!.requests.average < a.page!.requests.average ? b : a));
  const ratio = worst.page!.requests.average / alone.requests.average;
  goal(`product page under log-in abuse × alone (info; worst: ${worst.name.replace("product page + ", "")})`, ratio, fmt.x(ratio), "", () => true);
  summary[summary.length - 1]!.met = null;
}

/* ================================================================ helper scripts */
/** Runs `npx tsx <script>` in its own process, streams its output, returns the JSON of its `<marker> {...}` line. */
async function helperScript(script: string, marker: string, env: Record<string, string>): Promise<Record<string, unknown> | null> {
  const file = path.join(ROOT, script);
  if (!fs.existsSync(file)) {
    log(`skipped: ${script} not found`);
    return null;
  }
  let json: Record<string, unknown> | null = null;
  const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
  const started = Date.now();
  const child = startChild(script, fs.existsSync(tsx) ? tsx : "npx", fs.existsSync(tsx) ? [script] : ["tsx", script], {
    cwd: ROOT,
    env: { ...GIVEN_ENV, NODE_ENV: "production", ...env },
    onLine: (l) => {
      if (l.startsWith(`${marker} `)) {
        try {
          json = JSON.parse(l.slice(marker.length + 1));
        } catch {
          log(`  (could not parse the ${marker} line)`);
        }
      } else log(`  ${l}`);
    },
  });
  const code = await child.exited;
  if (code !== 0) {
    log(`  ${script} exited with code ${code}; its error output:`);
    log(
      child
        .output()
        .split("\n")
        .slice(-30)
        .map((l) => `    ${l}`)
        .join("\n"),
    );
  }
  if (!json) log(`  (no ${marker} line from ${script})`);
  log(`  (${script}: ${secs(Date.now() - started)})`);
  return json;
}

async function organizerSection() {
  const sizes = GIVEN_ENV.BENCH_ORGANIZER_SIZES ?? "150,300,600";
  heading(`Organizer actions at whole-country size (scripts/bench-organizer.ts, rounds of ${sizes} entries)`);
  const j = (await helperScript("scripts/bench-organizer.ts", "BENCH_ORGANIZER_JSON", { BENCH_ORGANIZER_SIZES: sizes })) as OrganizerJson | null;
  if (!j || !Array.isArray(j.actions)) return skipped("organizer actions");
  for (const a of j.actions) {
    const at300 = a.bySize?.["300"];
    const at600 = a.bySize?.["600"];
    const ratio = a.ratio600to300 ?? (at300 && at600 ? at600.ms / at300.ms : null);
    // The growth is judged on CPU time (this process's own work), which a busy shared machine
    // disturbs far less than the wall clock; both are shown.
    const cpuRatio = a.cpuRatio600to300 ?? (at300?.cpuMs && at600?.cpuMs ? at600.cpuMs / at300.cpuMs : null);
    const growth = cpuRatio ?? ratio;
    const name = `organizer: ${a.label ?? a.action} (300 entries; 600 ÷ 300, CPU / wall)`;
    if (!at300) {
      summary.push({ figure: name, value: "n/a (no 300-entry round)", goal: "≤ 300 ms; ≤ 2.2×", met: null });
      continue;
    }
    summary.push({
      figure: name,
      value: `${at300.ms.toFixed(0)} ms, ${at300.statements} SQL; ${cpuRatio == null ? "n/a" : fmt.x(cpuRatio)} / ${ratio == null ? "n/a" : fmt.x(ratio)}`,
      goal: "≤ 300 ms; ≤ 2.2×",
      met: at300.ms <= 300 && (growth == null || growth <= 2.2),
    });
  }
}

/** The last line of scripts/bench-organizer.ts. */
interface OrganizerJson {
  sizes: number[];
  actions: { action: string; label?: string; bySize: Record<string, { ms: number; cpuMs?: number; statements: number }>; ratio600to300: number | null; cpuRatio600to300?: number | null }[];
  max300Ms: number | null;
  maxRatio600to300: number | null;
}

async function certificatesSection() {
  const bulk = GIVEN_ENV.BENCH_BULK ?? "120";
  heading(`Bulk certificates (scripts/bench-certificates.ts, a round of ${bulk})`);
  const j = (await helperScript("scripts/bench-certificates.ts", "BENCH_CERTS_JSON", { BENCH_BULK: bulk })) as Record<string, number> | null;
  if (!j) return skipped("bulk certificates");
  goal("bulk certificates per second", j.perSecond, `${j.perSecond}/s`, "≥ 50/s", (v) => v >= 50);
  goal("bulk certificates: longest event-loop stall", j.longestStallMs, `${j.longestStallMs} ms`, "≤ 50 ms", (v) => v <= 50);
}

