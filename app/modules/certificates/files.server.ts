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

/** Writes bytes to a fresh key under certificates/ (atomically: temp file, then rename). */
export async function writeCertificateBytes(bytes: Buffer, year: number): Promise<WrittenFile> {
  const storageKey = `certificates/${year}/${crypto.randomBytes(16).toString("hex")}.pdf`;
  const absPath = path.join(root(), storageKey);
  await fs.promises.mkdir(path.dirname(absPath), { recursive: true });
  const tmp = `${absPath}.${process.pid}.tmp`;
  await fs.promises.writeFile(tmp, bytes);
  await fs.promises.rename(tmp, absPath);
  return { storageKey, sizeBytes: bytes.length, sha256: crypto.createHash("sha256").update(bytes).digest("hex"), absPath };
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
