/**
 * Where certificate PDFs live: local disk under UPLOAD_DIR/certificates/, one `files` row each.
 * Keys are chosen here (random), never derived from user input; reading resolves the key inside
 * UPLOAD_DIR and refuses anything that escapes it.
 */
import fs from "node:fs";
import path from "node:path";
import { files } from "~db/schema";
import type { DbOrTx } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { newCertificateKey, syncDir, writeDurably, type WrittenFile } from "./store-pdf.mjs";

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

export type { WrittenFile };

/** The absolute UPLOAD_DIR (the PDF worker threads write under it too). */
export function uploadRoot(): string {
  return root();
}

/**
 * Writes bytes to a fresh key under certificates/ durably (see store-pdf.mjs, shared with the
 * PDF worker threads): temporary file, fsync, rename, directory fsync, so that once this resolves
 * the bytes survive a crash of the process or of the machine.
 *
 * `deferDirSync`: leave the directory flush to the caller (syncDirsOf, once for a whole batch
 * before its rows are committed).
 */
export function writeCertificateBytes(bytes: Buffer, year: number, opts: { deferDirSync?: boolean } = {}): Promise<WrittenFile> {
  return writeDurably(root(), newCertificateKey(year), bytes, opts);
}

/** Flushes the directories of written files (each once): after this, their renames are durable. */
export async function syncDirsOf(written: readonly WrittenFile[]): Promise<void> {
  await Promise.all([...new Set(written.map((w) => path.dirname(w.absPath)))].map(syncDir));
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
