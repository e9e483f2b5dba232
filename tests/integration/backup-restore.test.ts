/**
 * `npm run backup` and `npm run restore`, run as the real scripts:
 * - a backup taken while another process keeps writing rows and files is one point in time, holds
 *   exactly the files its database lists, and restores into a new place identical to itself;
 * - restore refuses while a running server holds the target database, then works once it stops;
 * - restore refuses a damaged backup (a changed byte in a file, a truncated database) and changes
 *   nothing.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../helpers/server";
import { makeTempDir } from "../helpers/tmp";

const ROOT = path.resolve(__dirname, "..", "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const SRC_DB = process.env.DATABASE_URL!;
const SRC_UPLOADS = process.env.UPLOAD_DIR!;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runScript(script: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [path.join("scripts", script), ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: SRC_DB, UPLOAD_DIR: SRC_UPLOADS, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const sha256 = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/** Every file below `dir` (relative paths with /), skipping the storage's .tmp folder. */
function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join("/"))
    .filter((p) => !p.startsWith(".tmp/"))
    .sort();
}

function tables(conn: Database.Database): string[] {
  return conn.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").pluck().all() as string[];
}

/** All rows of a table as sorted JSON strings (order-independent comparison). */
function rowsOf(conn: Database.Database, table: string): string[] {
  return (conn.prepare(`select * from "${table}"`).all() as Record<string, unknown>[])
    .map((r) => JSON.stringify(r, (_k, v) => (Buffer.isBuffer(v) ? v.toString("hex") : typeof v === "bigint" ? String(v) : v)))
    .sort();
}

function localFiles(conn: Database.Database) {
  return conn.prepare("select id, storage_key as key, size_bytes as size, sha256 from files where storage = 'local' order by id").all() as { id: number; key: string; size: number; sha256: string }[];
}

/**
 * A writer in its own process, as the server would: each iteration writes a new upload the way
 * LocalStorage does (temp file, rename into yyyy/mm/<hex>.pdf), then in one transaction records it
 * in `files` with an audit row and a mail, and every few rounds updates older rows.
 */
const WRITER = `
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
const require = createRequire(${JSON.stringify(path.join(ROOT, "package.json"))});
const Database = require("better-sqlite3");
const [dbFile, uploads, bulkArg] = process.argv.slice(2);
const db = new Database(dbFile);
db.pragma("journal_mode = WAL");
db.pragma("busy_timeout = 5000");
db.pragma("synchronous = NORMAL");
const insFile = db.prepare("insert into files (storage, storage_key, original_name, mime_type, size_bytes, sha256) values ('local', ?, ?, 'application/pdf', ?, ?)");
const insAudit = db.prepare("insert into audit_log (action, object_type, object_id, data) values ('file.upload', 'file', ?, ?)");
const insMail = db.prepare("insert into mail_outbox (to_address, subject, text_body, transport) values (?, ?, ?, 'outbox')");
const touch = db.prepare("update mail_outbox set sent_at = ?, error = null where id = ?");
const record = db.transaction((key, name, size, sha, pad) => {
  const id = insFile.run(key, name, size, sha).lastInsertRowid;
  insAudit.run(String(id), JSON.stringify({ key, pad }));
  const m = insMail.run("coso" + id + "@example.vn", "Đã nhận tệp " + name, pad).lastInsertRowid;
  if (m % 7 === 0) touch.run(Date.now(), Number(m) - 3);
});
let n = 0;
let stop = false;
process.on("SIGTERM", () => { stop = true; });
const bulk = Number(bulkArg || 0);
const one = () => {
  const body = Buffer.concat([Buffer.from("%PDF-1.4\\n"), crypto.randomBytes(2000 + crypto.randomInt(30000))]);
  const now = new Date();
  const key = now.getUTCFullYear() + "/" + String(now.getUTCMonth() + 1).padStart(2, "0") + "/" + crypto.randomBytes(16).toString("hex") + ".pdf";
  fs.mkdirSync(path.join(uploads, ".tmp"), { recursive: true });
  const tmp = path.join(uploads, ".tmp", crypto.randomBytes(8).toString("hex") + ".part");
  fs.writeFileSync(tmp, body);
  fs.mkdirSync(path.dirname(path.join(uploads, key)), { recursive: true });
  fs.renameSync(tmp, path.join(uploads, key));
  record(key, "ho-so-" + n + ".pdf", body.length, crypto.createHash("sha256").update(body).digest("hex"), "x".repeat(3000));
  n++;
};
for (let i = 0; i < bulk; i++) one();
console.log("ready " + n);
const loop = () => {
  if (stop) { db.close(); console.log("written " + n); process.exit(0); }
  one();
  setTimeout(loop, 1);
};
loop();
`;

function startWriter(dir: string, bulk: number): Promise<{ child: ChildProcess; stop: () => Promise<string> }> {
  const script = path.join(dir, "writer.mjs");
  fs.writeFileSync(script, WRITER);
  const child = spawn(process.execPath, [script, SRC_DB, SRC_UPLOADS, String(bulk)], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes("ready")) {
        clearInterval(timer);
        resolve({
          child,
          stop: () =>
            new Promise((res) => {
              child.once("exit", () => res(out));
              child.kill("SIGTERM");
            }),
        });
      } else if (child.exitCode != null) {
        clearInterval(timer);
        reject(new Error(`writer exited: ${out}`));
      }
    }, 50);
  });
}

const srcCount = (sql: string) => {
  const c = new Database(SRC_DB, { readonly: true, fileMustExist: true });
  try {
    return c.prepare(sql).pluck().get() as number;
  } finally {
    c.close();
  }
};

let work: string;
let backupDir: string;

beforeAll(async () => {
  work = makeTempDir("backup");
  backupDir = path.join(work, "backup");
  const writer = await startWriter(work, 300);
  try {
    const before = srcCount("select count(*) from files");
    const t0 = Date.now();
    const run = await runScript("backup.ts", [backupDir]);
    const t1 = Date.now();
    const after = srcCount("select count(*) from files");
    expect(run.stderr, run.stdout).toBe("");
    expect(run.code).toBe(0);
    // The writer kept committing while the backup ran.
    expect(after, `writes during the ${t1 - t0} ms backup`).toBeGreaterThan(before);
  } finally {
    await writer.stop();
  }
}, 180_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe("backup taken while another process writes", () => {
  it("is one point in time: exactly the files its database lists, each matching its hash and the manifest", () => {
    const conn = new Database(path.join(backupDir, "app.db"), { readonly: true, fileMustExist: true });
    try {
      expect(conn.pragma("integrity_check", { simple: true })).toBe("ok");
      expect(conn.pragma("journal_mode", { simple: true })).toBe("delete");
      const listed = localFiles(conn);
      expect(listed.length).toBeGreaterThanOrEqual(300);
      // Each files row came with one audit row and one mail in the same transaction.
      expect(conn.prepare("select count(*) from audit_log where action = 'file.upload'").pluck().get()).toBe(listed.length);
      expect(conn.prepare("select count(*) from mail_outbox").pluck().get()).toBe(listed.length);
      expect(listFiles(path.join(backupDir, "uploads"))).toEqual(listed.map((f) => f.key).sort());
      for (const f of listed) expect(sha256(path.join(backupDir, "uploads", f.key)), f.key).toBe(f.sha256);
      // The source has moved on: files uploaded after the copy are not in it.
      expect(srcCount("select count(*) from files where storage = 'local'")).toBeGreaterThan(listed.length);

      const manifest = JSON.parse(fs.readFileSync(path.join(backupDir, "manifest.json"), "utf8"));
      expect(manifest.problems).toEqual([]);
      expect(manifest.database.sha256).toBe(sha256(path.join(backupDir, "app.db")));
      expect(manifest.database.tables.files).toBe(listed.length);
      for (const t of tables(conn)) expect(manifest.database.tables[t], t).toBe(conn.prepare(`select count(*) from "${t}"`).pluck().get());
      expect(manifest.files.count).toBe(listed.length);
      expect(manifest.files.bytes).toBe(listed.reduce((a, f) => a + f.size, 0));
      expect(Object.fromEntries(manifest.files.items.map((i: { key: string; sha256: string }) => [i.key, i.sha256]))).toEqual(
        Object.fromEntries(listed.map((f) => [f.key, f.sha256])),
      );
    } finally {
      conn.close();
    }
  }, 120_000);

  it("restores into a new place: every table's rows and every file identical to the backup", async () => {
    const dest = path.join(work, "restored");
    const run = await runScript("restore.ts", [backupDir, "--db", path.join(dest, "app.db"), "--uploads", path.join(dest, "uploads")]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Đã khôi phục cơ sở dữ liệu/);

    const a = new Database(path.join(backupDir, "app.db"), { readonly: true, fileMustExist: true });
    const b = new Database(path.join(dest, "app.db"), { readonly: true, fileMustExist: true });
    try {
      expect(b.pragma("integrity_check", { simple: true })).toBe("ok");
      expect(tables(b)).toEqual(tables(a));
      for (const t of tables(a)) expect(rowsOf(b, t), t).toEqual(rowsOf(a, t));
      const listed = localFiles(b);
      expect(listFiles(path.join(dest, "uploads"))).toEqual(listed.map((f) => f.key).sort());
      for (const f of listed) expect(sha256(path.join(dest, "uploads", f.key)), f.key).toBe(f.sha256);
    } finally {
      a.close();
      b.close();
    }
    expect(fs.readdirSync(dest).sort()).toEqual(["app.db", "uploads"]);
  }, 120_000);
});

describe("restore refuses", () => {
  it("while a server process holds the target database, and restores once it has stopped", async () => {
    const server = await startServer();
    const target = ["--db", server.dbPath, "--uploads", path.join(server.dir, "uploads")];
    try {
      // The server has answered requests and sits idle with its connection open.
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const run = await runScript("restore.ts", [backupDir, ...target]);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/đang được một tiến trình khác mở \(máy chủ đang chạy\?\)/);
      expect(run.stderr).toMatch(/Hãy dừng máy chủ/);
      // Nothing changed: still the server's empty database, no files, nothing set aside.
      const conn = new Database(server.dbPath, { readonly: true, fileMustExist: true });
      expect(conn.prepare("select count(*) from files").pluck().get()).toBe(0);
      conn.close();
      expect(listFiles(path.join(server.dir, "uploads"))).toEqual([]);
      expect(fs.readdirSync(server.dir).filter((f) => f.includes("restore"))).toEqual([]);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.stop();
    }

    const run = await runScript("restore.ts", [backupDir, ...target]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/before-restore-/);
    expect(fs.readdirSync(server.dir).some((f) => /^app\.db\.before-restore-\d{8}-\d{6}$/.test(f))).toBe(true);
    for (const s of ["-wal", "-shm"]) expect(fs.existsSync(server.dbPath + s), s).toBe(false);

    // The app starts on the restored database and its files.
    const again = await startServer({ dir: server.dir });
    try {
      expect((await fetch(`${again.url}/healthz`)).status).toBe(200);
      const conn = new Database(server.dbPath, { readonly: true, fileMustExist: true });
      const listed = localFiles(conn);
      conn.close();
      expect(listed.length).toBeGreaterThanOrEqual(300);
      for (const f of listed) expect(sha256(path.join(server.dir, "uploads", f.key))).toBe(f.sha256);
    } finally {
      await again.stop();
      fs.rmSync(server.dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("a backup with a changed byte in a file: SHA-256 mismatch, nothing changed", async () => {
    const bad = path.join(work, "bad-file");
    fs.cpSync(backupDir, bad, { recursive: true });
    const conn = new Database(path.join(bad, "app.db"), { readonly: true, fileMustExist: true });
    const victim = localFiles(conn)[5]!;
    conn.close();
    const file = path.join(bad, "uploads", victim.key);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length >> 1] ^= 0xff;
    fs.writeFileSync(file, bytes);

    const dest = path.join(work, "not-restored-1");
    const run = await runScript("restore.ts", [bad, "--db", path.join(dest, "app.db"), "--uploads", path.join(dest, "uploads")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Bản sao lưu không dùng được \(1 lỗi\); không thay đổi gì/);
    expect(run.stderr).toContain(`tệp #${victim.id} (${victim.key}): SHA-256 không khớp`);
    expect(fs.existsSync(dest)).toBe(false);
  }, 120_000);

  it("a truncated database: integrity failure, nothing changed", async () => {
    const bad = path.join(work, "bad-db");
    fs.cpSync(backupDir, bad, { recursive: true });
    const db = path.join(bad, "app.db");
    fs.truncateSync(db, Math.floor(fs.statSync(db).size / 2));

    // Over an existing database this time: it must be left exactly as it was.
    const dest = path.join(work, "restored");
    const before = sha256(path.join(dest, "app.db"));
    const run = await runScript("restore.ts", [bad, "--db", path.join(dest, "app.db"), "--uploads", path.join(dest, "uploads")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/không thay đổi gì/);
    expect(run.stderr).toMatch(/integrity_check của app\.db (không đạt|không chạy được)/);
    expect(run.stderr).toMatch(/SHA-256 của app\.db không khớp bản kê/);
    expect(sha256(path.join(dest, "app.db"))).toBe(before);
    expect(fs.readdirSync(dest).sort()).toEqual(["app.db", "uploads"]);
  }, 120_000);
});
