/**
 * A consistent copy of the database (SQLite online backup, safe while the server runs) and of
 * the uploaded files, into ./data/backups/<timestamp>/ (or the folder given).
 *   npm run backup [-- <folder>]
 * Restore: stop the server, copy app.db back to DATABASE_URL and uploads/ back to UPLOAD_DIR.
 */
import fs from "node:fs";
import path from "node:path";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";

const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "").replace("T", "-");
const dest = path.resolve(process.argv[2] ?? path.join("data", "backups", stamp));
fs.mkdirSync(dest, { recursive: true });
const started = Date.now();
await db.$client.backup(path.join(dest, "app.db"));
const uploads = path.resolve(env().UPLOAD_DIR);
let files = 0;
if (fs.existsSync(uploads)) {
  fs.cpSync(uploads, path.join(dest, "uploads"), { recursive: true, preserveTimestamps: true });
  files = fs.readdirSync(path.join(dest, "uploads"), { recursive: true }).length;
}
const size = fs.statSync(path.join(dest, "app.db")).size;
console.log(`Đã sao lưu vào ${dest}: app.db (${(size / 1024 / 1024).toFixed(1)} MB), ${files} mục tệp tải lên, ${Date.now() - started} ms.`);
