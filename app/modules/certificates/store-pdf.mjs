/**
 * Durable writing of a certificate PDF under UPLOAD_DIR/certificates/, as plain ESM JavaScript so
 * that the PDF worker threads (pdf-worker.mjs) store what they render themselves, and the serving
 * thread never touches the bytes. files.server.ts uses the same code. Types: store-pdf.d.mts.
 *
 * The bytes go into a temporary file under UPLOAD_DIR/.tmp/ (same file system), flushed to disk,
 * renamed into place, and the directory flushed (now, or once for a whole batch by the caller
 * with syncDirsOf), so that once the caller commits the `files` row the bytes survive a crash of
 * the process or of the machine. A temporary file left by a crash is removed by the orphan sweep
 * (app/modules/files/files.server.ts). Keys are random, never derived from user input.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** A fresh key for a certificate of this year. @param {number} year */
export function newCertificateKey(year) {
  return `certificates/${year}/${crypto.randomBytes(16).toString("hex")}.pdf`;
}

/** Directories this thread has created or found (their mkdir is skipped; made again if gone). */
const madeDirs = new Set();

/** @param {string} dir @param {boolean} [again] */
async function ensureDir(dir, again = false) {
  if (madeDirs.has(dir) && !again) return;
  await fs.promises.mkdir(dir, { recursive: true });
  madeDirs.add(dir);
}

/** @param {unknown} e */
const isEnoent = (e) => /** @type {NodeJS.ErrnoException | null} */ (e)?.code === "ENOENT";

/** Flushes a directory (its renames become durable); a no-op where not supported. @param {string} dir */
export async function syncDir(dir) {
  try {
    const fh = await fs.promises.open(dir, "r");
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    /* not supported on this platform: the rename is still atomic */
  }
}

/**
 * Writes bytes under `root` (the absolute UPLOAD_DIR) at `storageKey`.
 * @param {string} root
 * @param {string} storageKey
 * @param {Uint8Array} bytes
 * @param {{ deferDirSync?: boolean }} [opts]
 * @returns {Promise<import("./store-pdf.mjs").WrittenFile>}
 */
export async function writeDurably(root, storageKey, bytes, opts = {}) {
  const absPath = path.join(root, storageKey);
  const tmpDir = path.join(root, ".tmp");
  await ensureDir(path.dirname(absPath));
  await ensureDir(tmpDir);
  const tmp = path.join(tmpDir, `${crypto.randomBytes(16).toString("hex")}.pdf.tmp`);
  try {
    /** @type {fs.promises.FileHandle} */
    let fh;
    try {
      fh = await fs.promises.open(tmp, "wx");
    } catch (e) {
      if (!isEnoent(e)) throw e;
      await ensureDir(tmpDir, true); // removed since (a restore): make it again
      fh = await fs.promises.open(tmp, "wx");
    }
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await fs.promises.rename(tmp, absPath);
    } catch (e) {
      if (!isEnoent(e)) throw e;
      await ensureDir(path.dirname(absPath), true);
      await fs.promises.rename(tmp, absPath);
    }
  } catch (e) {
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
  if (!opts.deferDirSync) await syncDir(path.dirname(absPath));
  return { storageKey, sizeBytes: bytes.length, sha256: crypto.createHash("sha256").update(bytes).digest("hex"), absPath };
}
