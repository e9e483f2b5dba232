/**
 * Where certificate PDFs live: local disk under UPLOAD_DIR/certificates/, one `files` row each.
 * Keys are chosen here (random), never derived from user input; reading resolves the key inside
 * UPLOAD_DIR and refuses anything that escapes it.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { files } from "~db/schema";
import type { DbOrTx } from "~/lib/db.server";
import { env } from "~/lib/env.server";

export type StoredFile = typeof files.$inferSelect;

function root() {
  return path.resolve(env().UPLOAD_DIR);
}

/** Absolute path of a locally stored file, or null when the key would leave UPLOAD_DIR. */
export function localPath(file: Pick<StoredFile, "storage" | "storageKey">): string | null {
  if (file.storage !== "local") return null;
  const base = root();
  const p = path.resolve(base, file.storageKey);
  return p.startsWith(base + path.sep) ? p : null;
}

export interface WrittenFile {
  storageKey: string;
  sizeBytes: number;
  sha256: string;
  absPath: string;
}

/**
 * Writes bytes to a fresh key under certificates/: into a temporary file under UPLOAD_DIR/.tmp/
 * (same file system), flushed to disk, renamed into place, and the directory flushed, so that once
 * this resolves the bytes survive a crash of the process or of the machine. A temporary file left
 * by a crash is removed by the orphan sweep (files.server.ts).
 */
export async function writeCertificateBytes(bytes: Buffer, year: number): Promise<WrittenFile> {
  const storageKey = `certificates/${year}/${crypto.randomBytes(16).toString("hex")}.pdf`;
  const absPath = path.join(root(), storageKey);
  const tmpDir = path.join(root(), ".tmp");
  await fs.promises.mkdir(path.dirname(absPath), { recursive: true });
  await fs.promises.mkdir(tmpDir, { recursive: true });
  const tmp = path.join(tmpDir, `${crypto.randomBytes(16).toString("hex")}.pdf.tmp`);
  try {
    const fh = await fs.promises.open(tmp, "wx");
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.promises.rename(tmp, absPath);
  } catch (e) {
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
  await syncDir(path.dirname(absPath));
  return { storageKey, sizeBytes: bytes.length, sha256: crypto.createHash("sha256").update(bytes).digest("hex"), absPath };
}

async function syncDir(dir: string) {
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

/** Records a written file; returns its id. */
export function recordFile(tx: DbOrTx, w: WrittenFile, originalName: string, uploadedBy: string | null): number {
  return tx
    .insert(files)
    .values({
      storage: "local",
      storageKey: w.storageKey,
      originalName,
      mimeType: "application/pdf",
      sizeBytes: w.sizeBytes,
      sha256: w.sha256,
      uploadedBy,
    })
    .returning({ id: files.id })
    .get().id;
}

/** Removes a written file that lost a race (another request stored the same certificate first). */
export async function discardWritten(w: WrittenFile): Promise<void> {
  await fs.promises.rm(w.absPath, { force: true });
}
