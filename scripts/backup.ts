/**
 * A consistent copy of the database and of the uploaded files it refers to, safe while the server
 * runs and uploads continue:
 *   npm run backup [-- <folder>]          (default ./data/backups/<timestamp>/)
 *
 * 1. The database is copied with SQLite's online backup API in one step (one read transaction, so
 *    writers keep going and the copy is one point in time; a stepped backup would restart whenever
 *    another connection writes). The copy is switched to a self-contained file (journal_mode
 *    DELETE, no -wal/-shm) and checked with PRAGMA integrity_check.
 * 2. Then exactly the files listed by the copy's `files` table (storage = 'local') are copied from
 *    UPLOAD_DIR, each hashed while it is copied and compared with its recorded SHA-256. Files
 *    uploaded after step 1 are not in the copy's table and are not copied; files in the table were
 *    written to disk before their row was committed, so they are there.
 * 3. manifest.json is written last (its presence marks a finished backup): row counts per table,
 *    the database's size and SHA-256, and every copied file with its size and SHA-256.
 *    `npm run restore` checks all of it before it changes anything.
 * Exit code 0 when complete; 1 when a listed file is missing or differs from its recorded hash
 * (the backup is kept, with the problems in the manifest, but restore will refuse it).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { env } from "~/lib/env.server";

export const MANIFEST = "manifest.json";

export interface Manifest {
  format: "cnnt-backup/1";
  createdAt: string;
  source: { database: string; uploads: string };
  database: { file: string; bytes: number; sha256: string; integrityCheck: string; tables: Record<string, number> };
  files: {
    /** Local files copied (rows of `files` with storage = 'local'). */
    count: number;
    bytes: number;
    /** Rows kept by uploadthing: their bytes are not in this backup. */
    remote: number;
    items: { id: number; key: string; bytes: number; sha256: string }[];
  };
  problems: string[];
  durationMs: number;
}

function usage(msg?: string): never {
  if (msg) console.error(msg);
  console.error("Cách dùng: npm run backup [-- <thư mục đích>]");
  process.exit(1);
}

/** A storage key as a path below `root`; null when it would leave it (a tampered row). */
export function keyPath(root: string, key: string): string | null {
  const p = path.resolve(root, key);
  return !path.isAbsolute(key) && p.startsWith(root + path.sep) ? p : null;
}

/** Copies `src` to `dst` (creating its folder), hashing the bytes as they pass. */
export async function copyHashed(src: string, dst: string): Promise<{ bytes: number; sha256: string }> {
  await fs.promises.mkdir(path.dirname(dst), { recursive: true });
  const hash = crypto.createHash("sha256");
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      cb(null, chunk);
    },
  });
  await pipeline(fs.createReadStream(src), tap, fs.createWriteStream(dst, { flags: "wx" }));
  const st = await fs.promises.stat(src);
  await fs.promises.utimes(dst, st.atime, st.mtime);
  return { bytes, sha256: hash.digest("hex") };
}

export async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash("sha256");
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest("hex");
}

/** Row counts of every table (virtual ones included), by name. */
export function tableCounts(conn: Database.Database): Record<string, number> {
  const names = conn
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
    .pluck()
    .all() as string[];
  const out: Record<string, number> = {};
  for (const n of names) out[n] = conn.prepare(`select count(*) from "${n.replace(/"/g, '""')}"`).pluck().get() as number;
  return out;
}

async function main() {
  const args = process.argv.slice(2);
  let destArg: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--out") destArg = args[++i] ?? usage("Thiếu thư mục sau --out.");
    else if (a === "-h" || a === "--help") usage();
    else if (a.startsWith("-")) usage(`Tùy chọn không rõ: ${a}`);
    else if (!destArg) destArg = a;
    else usage(`Thừa tham số: ${a}`);
  }

  const e = env();
  const dbFile = path.resolve(e.DATABASE_URL.replace(/^file:/, ""));
  const uploads = path.resolve(e.UPLOAD_DIR);
  if (!fs.existsSync(dbFile)) {
    console.error(`Không có cơ sở dữ liệu tại ${dbFile} (DATABASE_URL). Không sao lưu gì.`);
    process.exit(1);
  }
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "").replace("T", "-");
  const dest = path.resolve(destArg ?? path.join("data", "backups", stamp));
  if (fs.existsSync(dest) && fs.readdirSync(dest).length > 0) {
    console.error(`Thư mục đích ${dest} đã có nội dung; hãy chọn một thư mục mới.`);
    process.exit(1);
  }
  fs.mkdirSync(dest, { recursive: true });
  const started = Date.now();

  /* 1. the database, one point in time */
  const destDb = path.join(dest, "app.db");
  const src = new Database(dbFile, { fileMustExist: true, timeout: 5000 });
  try {
    // All remaining pages in one step: one read transaction, never restarted by other writers.
    await src.backup(destDb, { progress: () => 0x7fffffff });
  } finally {
    src.close();
  }
  const copy = new Database(destDb, { fileMustExist: true });
  copy.pragma("journal_mode = DELETE");
  const integrity = (copy.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check).join("; ");
  const tables = tableCounts(copy);
  const rows = copy
    .prepare("select id, storage, storage_key as key, size_bytes as size, sha256 from files order by id")
    .all() as { id: number; storage: string; key: string; size: number; sha256: string }[];
  copy.close();

  const problems: string[] = [];
  if (integrity !== "ok") problems.push(`integrity_check của bản sao cơ sở dữ liệu: ${integrity}`);

  /* 2. exactly the files the copy lists */
  const items: Manifest["files"]["items"] = [];
  let bytes = 0;
  let remote = 0;
  const destUploads = path.join(dest, "uploads");
  for (const r of rows) {
    if (r.storage !== "local") {
      remote++;
      continue;
    }
    const from = keyPath(uploads, r.key);
    const to = keyPath(destUploads, r.key);
    if (!from || !to) {
      problems.push(`tệp #${r.id}: khóa lưu trữ không hợp lệ "${r.key}"`);
      continue;
    }
    if (!fs.existsSync(from)) {
      problems.push(`tệp #${r.id} (${r.key}): không có trong ${uploads}`);
      continue;
    }
    const got = await copyHashed(from, to);
    items.push({ id: r.id, key: r.key, bytes: got.bytes, sha256: got.sha256 });
    bytes += got.bytes;
    if (got.sha256 !== r.sha256 || got.bytes !== r.size) {
      problems.push(`tệp #${r.id} (${r.key}): nội dung khác với bản ghi (SHA-256 ${got.sha256.slice(0, 12)}… thay vì ${r.sha256.slice(0, 12)}…, ${got.bytes} byte thay vì ${r.size})`);
    }
  }

  /* 3. the manifest, last */
  const manifest: Manifest = {
    format: "cnnt-backup/1",
    createdAt: new Date(started).toISOString(),
    source: { database: dbFile, uploads },
    database: { file: "app.db", bytes: fs.statSync(destDb).size, sha256: await sha256File(destDb), integrityCheck: integrity, tables },
    files: { count: items.length, bytes, remote, items },
    problems,
    durationMs: Date.now() - started,
  };
  const tmp = path.join(dest, `${MANIFEST}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(manifest, null, 2) + "\n");
  fs.renameSync(tmp, path.join(dest, MANIFEST));

  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  const totalRows = Object.values(tables).reduce((a, b) => a + b, 0);
  console.log(
    `Đã sao lưu vào ${dest}: app.db (${mb(manifest.database.bytes)}, ${Object.keys(tables).length} bảng, ${totalRows} dòng, integrity_check ${integrity}), ` +
      `${items.length} tệp tải lên (${mb(bytes)})${remote ? `, ${remote} tệp lưu trên uploadthing không được chép` : ""}, ${manifest.durationMs} ms.`,
  );
  if (problems.length) {
    console.error(`Bản sao lưu KHÔNG đầy đủ (${problems.length} lỗi, đã ghi trong ${MANIFEST}):`);
    for (const p of problems.slice(0, 20)) console.error(`  - ${p}`);
    if (problems.length > 20) console.error(`  … và ${problems.length - 20} lỗi khác`);
    process.exit(1);
  }
}

// Run only as a script (restore.ts imports the helpers above).
if (process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
