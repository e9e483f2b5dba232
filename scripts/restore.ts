/**
 * Restores a backup made by `npm run backup`:
 *   npm run restore -- <backup folder> [--db <file>] [--uploads <folder>]
 * into DATABASE_URL and UPLOAD_DIR, or into the places given.
 *
 * 1. Refuses when another process holds the target database open (a running server): it opens the
 *    target with locking_mode EXCLUSIVE and no busy wait; in WAL mode every open connection holds
 *    a shared lock on the database file, so the exclusive lock is refused while a server runs.
 * 2. Verifies the backup before changing anything: PRAGMA integrity_check of its database = ok;
 *    the database's SHA-256 and row counts equal the manifest's; every file listed by its `files`
 *    table (storage = 'local') is in <backup>/uploads/ with the recorded size and SHA-256 (and the
 *    manifest's). Anything wrong is listed and nothing is changed.
 * 3. Files first: each one missing (or different) in the target folder is copied to a temporary
 *    name beside it, checked, and renamed into place; files already there with the right hash are
 *    kept, files not in the backup are left alone. Then the database: copied to a temporary name
 *    in the target folder, checked, synced; the previous database is kept beside it as
 *    <name>.before-restore-<time>; stale -wal/-shm/-journal files are removed; the copy is renamed
 *    over the target (atomic). At every moment the database at the target path has all its files.
 * Exit codes: 0 restored; 1 usage or I/O error; 2 the backup failed a check; 3 the target is in use.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { env } from "~/lib/env.server";
import { copyHashed, keyPath, MANIFEST, sha256File, tableCounts, type Manifest } from "./backup";

const EXIT_USAGE = 1;
const EXIT_BAD_BACKUP = 2;
const EXIT_IN_USE = 3;

function fail(code: number, ...lines: string[]): never {
  for (const l of lines) console.error(l);
  process.exit(code);
}

function usage(msg?: string): never {
  fail(EXIT_USAGE, ...(msg ? [msg] : []), "Cách dùng: npm run restore -- <thư mục sao lưu> [--db <tệp cơ sở dữ liệu>] [--uploads <thư mục tệp tải lên>]");
}

/**
 * Whether another process has the SQLite file open. A connection in WAL mode keeps a shared lock
 * on the database file for as long as it is open, even idle; asking for the exclusive locking mode
 * (no busy wait) and touching the file fails with SQLITE_BUSY while such a connection exists. When
 * it succeeds, the WAL is checkpointed into the file and truncated before the lock is released.
 */
export function databaseInUse(file: string): { inUse: boolean; note?: string } {
  if (!fs.existsSync(file)) return { inUse: false };
  let conn: Database.Database | undefined;
  try {
    conn = new Database(file, { fileMustExist: true, timeout: 0 });
    conn.pragma("locking_mode = EXCLUSIVE");
    conn.exec("BEGIN EXCLUSIVE");
    conn.exec("COMMIT");
    if (conn.pragma("journal_mode", { simple: true }) === "wal") conn.pragma("wal_checkpoint(TRUNCATE)");
    return { inUse: false };
  } catch (err) {
    const code = String((err as { code?: unknown }).code ?? "");
    if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) return { inUse: true };
    // Not a readable database (damaged, or not SQLite): nothing can be using it as one.
    return { inUse: false, note: `cơ sở dữ liệu hiện có không đọc được (${code || (err as Error).message}); sẽ bị thay thế` };
  } finally {
    conn?.close();
  }
}

function refuseInUse(file: string): never {
  fail(
    EXIT_IN_USE,
    `Không khôi phục: cơ sở dữ liệu ${file} đang được một tiến trình khác mở (máy chủ đang chạy?).`,
    "Hãy dừng máy chủ (và mọi lệnh đang dùng cơ sở dữ liệu này) rồi chạy lại lệnh khôi phục. Chưa có gì bị thay đổi.",
  );
}

function fsyncFile(file: string) {
  const fd = fs.openSync(file, "r+");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function fsyncDir(dir: string) {
  try {
    const fd = fs.openSync(dir, "r");
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    /* not supported on every platform */
  }
}

/** A SQLite file whose header says WAL mode (backups older than the manifest). */
function headerSaysWal(file: string): boolean {
  const fd = fs.openSync(file, "r");
  try {
    const b = Buffer.alloc(20);
    fs.readSync(fd, b, 0, 20, 0);
    return b[18] === 2 || b[19] === 2;
  } finally {
    fs.closeSync(fd);
  }
}

interface FileRow {
  id: number;
  storage: string;
  key: string;
  size: number;
  sha256: string;
}

interface Checked {
  dbSha256: string;
  dbBytes: number;
  tables: Record<string, number>;
  local: FileRow[];
  remote: number;
  manifest: Manifest | null;
}

/** Every check on the backup; reads only. Returns the problems found (none = usable). */
async function verifyBackup(backupDir: string): Promise<{ problems: string[]; checked?: Checked }> {
  const problems: string[] = [];
  const dbFile = path.join(backupDir, "app.db");
  if (!fs.existsSync(dbFile)) return { problems: [`không có ${dbFile}`] };

  let manifest: Manifest | null = null;
  const manifestFile = path.join(backupDir, MANIFEST);
  if (fs.existsSync(manifestFile)) {
    try {
      manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Manifest;
      if (manifest.format !== "cnnt-backup/1") problems.push(`${MANIFEST}: định dạng không rõ "${String(manifest.format)}"`);
      if (manifest.problems?.length) problems.push(`bản sao lưu ghi nhận ${manifest.problems.length} lỗi khi sao lưu: ${manifest.problems.slice(0, 3).join("; ")}`);
    } catch (err) {
      problems.push(`${MANIFEST} không đọc được: ${(err as Error).message}`);
    }
  } else {
    console.warn(`Lưu ý: không có ${MANIFEST} (bản sao lưu cũ hoặc chưa xong); chỉ kiểm tra được theo bảng files của cơ sở dữ liệu.`);
  }

  const dbBytes = fs.statSync(dbFile).size;
  const dbSha256 = await sha256File(dbFile);
  if (manifest?.database) {
    if (manifest.database.bytes !== dbBytes) problems.push(`app.db có ${dbBytes} byte, bản kê ghi ${manifest.database.bytes} byte`);
    if (manifest.database.sha256 !== dbSha256) problems.push(`SHA-256 của app.db không khớp bản kê (${dbSha256.slice(0, 12)}… thay vì ${manifest.database.sha256.slice(0, 12)}…)`);
  }

  // Open read-only. An older backup in WAL mode would get -wal/-shm files beside it when opened:
  // check a temporary copy of it instead, so the backup folder is never written to.
  let checkFile = dbFile;
  let scratch: string | undefined;
  if (headerSaysWal(dbFile)) {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "cnnt-restore-check-"));
    checkFile = path.join(scratch, "app.db");
    fs.copyFileSync(dbFile, checkFile);
  }
  let tables: Record<string, number> = {};
  let rows: FileRow[] = [];
  try {
    const conn = new Database(checkFile, { readonly: true, fileMustExist: true });
    try {
      const res = (conn.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check);
      if (res.join() !== "ok") {
        problems.push(`integrity_check của app.db không đạt: ${res.slice(0, 10).join("; ")}${res.length > 10 ? ` … (${res.length} dòng)` : ""}`);
      } else {
        tables = tableCounts(conn);
        rows = conn.prepare("select id, storage, storage_key as key, size_bytes as size, sha256 from files order by id").all() as FileRow[];
      }
    } finally {
      conn.close();
    }
  } catch (err) {
    problems.push(`integrity_check của app.db không chạy được: ${(err as Error).message} (${String((err as { code?: unknown }).code ?? "")})`);
  } finally {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  }
  if (problems.some((p) => p.includes("integrity_check"))) return { problems };

  if (manifest?.database?.tables) {
    for (const [t, n] of Object.entries(manifest.database.tables)) {
      if (tables[t] !== n) problems.push(`bảng ${t}: ${tables[t] ?? "không có"} dòng, bản kê ghi ${n}`);
    }
  }

  const local = rows.filter((r) => r.storage === "local");
  const listed = new Map((manifest?.files?.items ?? []).map((i) => [i.key, i]));
  const uploads = path.resolve(backupDir, "uploads");
  for (const r of local) {
    const p = keyPath(uploads, r.key);
    if (!p) {
      problems.push(`tệp #${r.id}: khóa lưu trữ không hợp lệ "${r.key}"`);
      continue;
    }
    if (!fs.existsSync(p)) {
      problems.push(`tệp #${r.id} (${r.key}): thiếu trong bản sao lưu`);
      continue;
    }
    const size = fs.statSync(p).size;
    const sha = await sha256File(p);
    if (sha !== r.sha256) problems.push(`tệp #${r.id} (${r.key}): SHA-256 không khớp (${sha.slice(0, 12)}… thay vì ${r.sha256.slice(0, 12)}…)`);
    else if (size !== r.size) problems.push(`tệp #${r.id} (${r.key}): ${size} byte thay vì ${r.size}`);
    const m = listed.get(r.key);
    if (manifest && !m) problems.push(`tệp #${r.id} (${r.key}): không có trong bản kê`);
    else if (m && m.sha256 !== r.sha256) problems.push(`tệp #${r.id} (${r.key}): SHA-256 trong bản kê khác với bảng files`);
  }
  if (manifest?.files && manifest.files.count !== local.length) {
    problems.push(`bản kê ghi ${manifest.files.count} tệp, bảng files có ${local.length} tệp lưu cục bộ`);
  }
  return { problems, checked: { dbSha256, dbBytes, tables, local, remote: rows.length - local.length, manifest } };
}

async function main() {
  const args = process.argv.slice(2);
  let backupArg: string | undefined;
  let dbArg: string | undefined;
  let uploadsArg: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--db") dbArg = args[++i] ?? usage("Thiếu tệp sau --db.");
    else if (a === "--uploads") uploadsArg = args[++i] ?? usage("Thiếu thư mục sau --uploads.");
    else if (a === "-h" || a === "--help") usage();
    else if (a.startsWith("-")) usage(`Tùy chọn không rõ: ${a}`);
    else if (!backupArg) backupArg = a;
    else usage(`Thừa tham số: ${a}`);
  }
  if (!backupArg) usage("Thiếu thư mục sao lưu.");
  const backupDir = path.resolve(backupArg);
  if (!fs.existsSync(backupDir) || !fs.statSync(backupDir).isDirectory()) usage(`Không có thư mục sao lưu ${backupDir}.`);

  const e = dbArg && uploadsArg ? null : env();
  const target = path.resolve((dbArg ?? e!.DATABASE_URL).replace(/^file:/, ""));
  const uploads = path.resolve(uploadsArg ?? e!.UPLOAD_DIR);
  const backupDb = path.join(backupDir, "app.db");
  if (target === path.resolve(backupDb) || uploads === path.resolve(backupDir, "uploads")) usage("Nơi khôi phục trùng với bản sao lưu.");

  console.log(`Khôi phục ${backupDir}\n  vào cơ sở dữ liệu ${target}\n  và thư mục tệp ${uploads}`);

  // Fail fast if a server runs (checked again right before the swap).
  if (databaseInUse(target).inUse) refuseInUse(target);

  /* verify: reads only */
  const { problems, checked } = await verifyBackup(backupDir);
  if (problems.length || !checked) {
    fail(
      EXIT_BAD_BACKUP,
      `Bản sao lưu không dùng được (${problems.length} lỗi); không thay đổi gì:`,
      ...problems.slice(0, 30).map((p) => `  - ${p}`),
      ...(problems.length > 30 ? [`  … và ${problems.length - 30} lỗi khác`] : []),
    );
  }
  const c = checked;
  const rowCount = Object.values(c.tables).reduce((a, b) => a + b, 0);
  console.log(
    `Đã kiểm tra bản sao lưu${c.manifest ? ` (tạo lúc ${c.manifest.createdAt})` : ""}: integrity_check ok, ${Object.keys(c.tables).length} bảng, ${rowCount} dòng, ` +
      `${c.local.length} tệp đúng SHA-256${c.remote ? `, ${c.remote} tệp trên uploadthing (không nằm trong bản sao lưu)` : ""}.`,
  );

  /* files first: each atomically, never overwriting a good one */
  fs.mkdirSync(uploads, { recursive: true });
  let copied = 0;
  let kept = 0;
  const tag = `${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
  for (const r of c.local) {
    const from = keyPath(path.resolve(backupDir, "uploads"), r.key)!;
    const to = keyPath(uploads, r.key);
    if (!to) fail(EXIT_USAGE, `Khóa lưu trữ không hợp lệ "${r.key}".`);
    if (fs.existsSync(to) && fs.statSync(to).size === r.size && (await sha256File(to)) === r.sha256) {
      kept++;
      continue;
    }
    const tmp = `${to}.restore-${tag}.tmp`;
    const got = await copyHashed(from, tmp);
    if (got.sha256 !== r.sha256) {
      fs.rmSync(tmp, { force: true });
      fail(EXIT_USAGE, `Chép tệp ${r.key} bị sai nội dung (SHA-256 ${got.sha256}); dừng lại, cơ sở dữ liệu chưa bị thay đổi.`);
    }
    fsyncFile(tmp);
    fs.renameSync(tmp, to);
    copied++;
  }
  const wanted = new Set(c.local.map((r) => path.join(uploads, r.key)));
  let others = 0;
  if (fs.existsSync(uploads)) {
    for (const f of fs.readdirSync(uploads, { recursive: true, withFileTypes: true })) {
      if (f.isFile() && !wanted.has(path.join(f.parentPath, f.name))) others++;
    }
  }

  /* then the database: temp copy beside the target, checked, synced, renamed over it */
  const dir = path.dirname(target);
  fs.mkdirSync(dir, { recursive: true });
  const tmpDb = path.join(dir, `.${path.basename(target)}.restore-${tag}.tmp`);
  const cleanup = () => {
    for (const s of ["", "-journal", "-wal", "-shm"]) fs.rmSync(tmpDb + s, { force: true });
  };
  try {
    fs.copyFileSync(backupDb, tmpDb, fs.constants.COPYFILE_EXCL);
    fsyncFile(tmpDb);
    if ((await sha256File(tmpDb)) !== c.dbSha256) throw new Error("bản chép của app.db khác bản sao lưu");
  } catch (err) {
    cleanup();
    fail(EXIT_USAGE, `Không chép được cơ sở dữ liệu: ${(err as Error).message}. Cơ sở dữ liệu đích chưa bị thay đổi.`);
  }

  const check = databaseInUse(target);
  if (check.inUse) {
    cleanup();
    refuseInUse(target);
  }
  if (check.note) console.log(`Lưu ý: ${check.note}.`);
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "").replace("T", "-");
  const done: string[] = [];
  const aside = `${target}.before-restore-${stamp}`;
  if (fs.existsSync(target)) {
    try {
      fs.linkSync(target, aside);
    } catch {
      fs.copyFileSync(target, aside);
    }
    done.push(`cơ sở dữ liệu cũ giữ lại tại ${aside} (xóa khi không cần)`);
  }
  const stale: string[] = [];
  // A -wal left with frames (the old database was unreadable, so not checkpointed) goes with it.
  if (fs.existsSync(target + "-wal") && fs.statSync(target + "-wal").size > 0 && fs.existsSync(aside)) {
    fs.renameSync(target + "-wal", `${aside}-wal`);
    done.push(`tệp -wal cũ giữ lại tại ${aside}-wal`);
  }
  for (const s of ["-wal", "-shm", "-journal"]) {
    if (fs.existsSync(target + s)) {
      fs.rmSync(target + s, { force: true });
      stale.push(path.basename(target + s));
    }
  }
  if (stale.length) done.push(`đã xóa ${stale.join(", ")} cũ`);
  fs.renameSync(tmpDb, target);
  fsyncDir(dir);

  console.log(`Đã khôi phục cơ sở dữ liệu vào ${target} (${(c.dbBytes / 1024 / 1024).toFixed(1)} MB, ${rowCount} dòng).`);
  console.log(`Tệp tải lên vào ${uploads}: ${copied} tệp đã chép, ${kept} tệp đã có sẵn và đúng SHA-256${others ? `, ${others} tệp khác không thuộc bản sao lưu được để nguyên` : ""}.`);
  for (const d of done) console.log(`  - ${d}`);
  if (c.remote) console.log(`  - ${c.remote} tệp lưu trên uploadthing: không nằm trong bản sao lưu, cần UPLOADTHING_TOKEN như trước.`);
}

await main();
