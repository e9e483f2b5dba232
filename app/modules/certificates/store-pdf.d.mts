/** Types of store-pdf.mjs (durable writing of certificate PDFs, shared with the worker threads). */
export interface WrittenFile {
  storageKey: string;
  sizeBytes: number;
  sha256: string;
  absPath: string;
}
/** A fresh random key for a certificate of this year: certificates/<year>/<32 hex>.pdf. */
export declare function newCertificateKey(year: number): string;
/** Flushes a directory (its renames become durable). */
export declare function syncDir(dir: string): Promise<void>;
/** Writes bytes under root (absolute UPLOAD_DIR) at storageKey: temporary file, fsync, rename, directory fsync (unless deferred). */
export declare function writeDurably(root: string, storageKey: string, bytes: Uint8Array, opts?: { deferDirSync?: boolean }): Promise<WrittenFile>;
