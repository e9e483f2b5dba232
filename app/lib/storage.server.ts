/**
 * One storage interface for uploaded files: local disk by default, uploadthing when
 * UPLOADTHING_TOKEN is set. Bytes are streamed (never held whole in memory), counted against the
 * size limit while they arrive, hashed (SHA-256) and typed from their first bytes. Keys are chosen
 * by the server; no name or path from a user reaches the filesystem.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { env } from "./env.server";
import { hashFileAsWritten } from "./file-hash.server";
import { sniff, SNIFF_BYTES, type Sniffed } from "./filetype";

export type UploadErrorCode = "too_large" | "bad_type" | "empty" | "aborted";

const UPLOAD_STATUS: Record<UploadErrorCode, number> = { too_large: 413, bad_type: 415, empty: 400, aborted: 400 };

export class UploadError extends Error {
  public status: number;
  public field = "files";
  constructor(
    public code: UploadErrorCode,
    message: string,
  ) {
    super(message);
    this.status = UPLOAD_STATUS[code];
  }
}

export interface StoredObject {
  storage: "local" | "uploadthing";
  key: string;
  sizeBytes: number;
  sha256: string;
  mimeType: Sniffed["mime"];
  kind: Sniffed["kind"];
}

export interface PutOptions {
  maxBytes: number;
  /** Accepted kinds; anything else is refused after sniffing. */
  accepts: ("pdf" | "image")[];
  originalName: string;
}

export interface Storage {
  readonly name: "local" | "uploadthing";
  put(data: AsyncIterable<Uint8Array>, opts: PutOptions): Promise<StoredObject>;
  /** A readable stream of the bytes. */
  read(key: string): Promise<Readable>;
  /** Removes an object (used only to clean up after a failed request). */
  remove(key: string): Promise<void>;
}

function mb(bytes: number) {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/** The refusal for a file over the size limit (shared with the multipart reader). */
export function tooLarge(originalName: string, maxBytes: number): UploadError {
  return new UploadError("too_large", `Tệp "${originalName}" vượt quá ${mb(maxBytes)}. Hãy nén hoặc chụp lại với độ phân giải thấp hơn.`);
}

/** Waits until a write stream can take more bytes; rejects if it fails or closes first. */
function drained(out: fs.WriteStream): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (out.destroyed) return reject(out.errored ?? new Error("write stream destroyed"));
    const done = (err?: Error) => {
      out.off("drain", onDrain);
      out.off("error", onError);
      out.off("close", onClose);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onError = (err: Error) => done(err);
    const onClose = () => done(new Error("write stream closed"));
    out.on("drain", onDrain);
    out.on("error", onError);
    out.on("close", onClose);
  });
}

/**
 * Streams `data` into a temporary file under `dir`, enforcing the limit and checking the type.
 * Backpressure is respected (the next chunk is read only when the disk took the previous one).
 * On any failure the write stream is destroyed, its closing awaited (so the file is not created
 * or written after it was removed), and the partial file removed, all before the error is thrown.
 */
async function receiveToTemp(dir: string, data: AsyncIterable<Uint8Array>, opts: PutOptions) {
  const tmpDir = path.join(dir, ".tmp");
  await fs.promises.mkdir(tmpDir, { recursive: true });
  const tmp = path.join(tmpDir, `${crypto.randomBytes(16).toString("hex")}.part`);
  // 1 MB of queued writes: the disk takes a chunk while the next ones arrive (fewer waits for "drain").
  const out = fs.createWriteStream(tmp, { flags: "wx", highWaterMark: 1024 * 1024 });
  // Always listened to: a failed or cancelled write must never become an uncaught exception.
  let writeError: Error | null = null;
  out.on("error", (err) => {
    writeError ??= err;
  });
  const closed = new Promise<void>((resolve) => out.once("close", () => resolve()));
  // SHA-256 in a worker thread, reading back what reached the file (decision 0039).
  const hashing = hashFileAsWritten(tmp);
  const landed = (len: number) => (err?: Error | null) => {
    if (!err) hashing.written(len);
  };
  let size = 0;
  let head = Buffer.alloc(0);
  let type: Sniffed | null = null;
  const fail = async (err: unknown): Promise<never> => {
    hashing.abort();
    if (!out.destroyed) out.destroy();
    await closed;
    await fs.promises.rm(tmp, { force: true });
    throw err;
  };
  let refusal: UploadError | null = null;
  try {
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size > opts.maxBytes) {
        refusal = tooLarge(opts.originalName, opts.maxBytes);
        break;
      }
      if (!type && head.length < SNIFF_BYTES) {
        head = Buffer.concat([head, Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)]).subarray(0, SNIFF_BYTES);
        if (head.length >= SNIFF_BYTES) {
          type = sniff(head);
          if (!type || !opts.accepts.includes(type.kind)) {
            refusal = badType(opts);
            break;
          }
        }
      }
      if (writeError) throw writeError;
      if (!out.write(chunk, landed(chunk.byteLength))) await drained(out);
    }
  } catch (err) {
    return fail(err instanceof UploadError ? err : interrupted(opts));
  }
  if (refusal) return fail(refusal);
  if (size === 0) return fail(new UploadError("empty", `Tệp "${opts.originalName}" rỗng.`));
  type ??= sniff(head);
  if (!type || !opts.accepts.includes(type.kind)) return fail(badType(opts));
  try {
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    await closed;
    if (writeError) throw writeError;
  } catch {
    return fail(interrupted(opts));
  }
  let sha256: string;
  try {
    sha256 = await hashing.finish(size);
  } catch {
    return fail(interrupted(opts));
  }
  return { tmp, size, sha256, type };
}

function interrupted(opts: PutOptions) {
  return new UploadError("aborted", `Tải lên tệp "${opts.originalName}" bị gián đoạn. Vui lòng thử lại.`);
}

function badType(opts: PutOptions) {
  const what = opts.accepts.map((a) => (a === "pdf" ? "PDF" : "ảnh JPEG, PNG, WebP")).join(" hoặc ");
  return new UploadError("bad_type", `Tệp "${opts.originalName}" không phải ${what} (hệ thống kiểm tra nội dung tệp, không dựa vào tên tệp).`);
}

export class LocalStorage implements Storage {
  readonly name = "local" as const;
  constructor(private root: string) {}

  private pathOf(key: string) {
    // Keys are server-made: yyyy/mm/<32 hex>.<ext>. Anything else is refused.
    if (!/^\d{4}\/\d{2}\/[0-9a-f]{32}\.(pdf|jpg|png|webp)$/.test(key)) throw new Error(`bad storage key ${key}`);
    return path.join(this.root, key);
  }

  async put(data: AsyncIterable<Uint8Array>, opts: PutOptions): Promise<StoredObject> {
    const { tmp, size, sha256, type } = await receiveToTemp(this.root, data, opts);
    const now = new Date();
    const key = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, "0")}/${crypto.randomBytes(16).toString("hex")}.${type.ext}`;
    const dest = this.pathOf(key);
    try {
      await fs.promises.mkdir(path.dirname(dest), { recursive: true });
      await fs.promises.rename(tmp, dest);
    } catch (err) {
      await fs.promises.rm(tmp, { force: true });
      throw err;
    }
    return { storage: "local", key, sizeBytes: size, sha256, mimeType: type.mime, kind: type.kind };
  }

  async read(key: string): Promise<Readable> {
    const p = this.pathOf(key);
    await fs.promises.access(p);
    return fs.createReadStream(p);
  }

  async remove(key: string): Promise<void> {
    await fs.promises.rm(this.pathOf(key), { force: true });
  }
}

/**
 * uploadthing backend (needs the internet and UPLOADTHING_TOKEN). The upload is first received to
 * a temporary file with the same checks, then sent from disk (fs.openAsBlob, not memory).
 */
export class UploadthingStorage implements Storage {
  readonly name = "uploadthing" as const;
  constructor(
    private tmpRoot: string,
    private token: string,
  ) {}

  private async api() {
    const { UTApi } = await import("uploadthing/server");
    return new UTApi({ token: this.token });
  }

  async put(data: AsyncIterable<Uint8Array>, opts: PutOptions): Promise<StoredObject> {
    const { tmp, size, sha256, type } = await receiveToTemp(this.tmpRoot, data, opts);
    try {
      const blob = await fs.openAsBlob(tmp, { type: type.mime });
      const file = new File([blob], `${sha256.slice(0, 16)}.${type.ext}`, { type: type.mime });
      const res = await (await this.api()).uploadFiles(file);
      if (res.error || !res.data) throw new UploadError("aborted", "Không gửi được tệp lên kho lưu trữ. Vui lòng thử lại.");
      return { storage: "uploadthing", key: res.data.key, sizeBytes: size, sha256, mimeType: type.mime, kind: type.kind };
    } finally {
      await fs.promises.rm(tmp, { force: true });
    }
  }

  async read(key: string): Promise<Readable> {
    const { ufsUrl } = await (await this.api()).generateSignedURL(key, { expiresIn: 60 });
    const res = await fetch(ufsUrl);
    if (!res.ok || !res.body) throw new Error(`uploadthing read failed: ${res.status}`);
    return Readable.fromWeb(res.body as import("node:stream/web").ReadableStream);
  }

  async remove(key: string): Promise<void> {
    await (await this.api()).deleteFiles(key);
  }
}

let current: Storage | undefined;
const byName = new Map<string, Storage>();

/** The storage new uploads go to (chosen by configuration). */
export function storage(): Storage {
  if (!current) {
    const e = env();
    current = e.UPLOADTHING_TOKEN ? new UploadthingStorage(path.resolve(e.UPLOAD_DIR), e.UPLOADTHING_TOKEN) : new LocalStorage(path.resolve(e.UPLOAD_DIR));
    byName.set(current.name, current);
  }
  return current;
}

/** The storage a stored file lives in (files keep their backend when the configuration changes). */
export function storageFor(name: "local" | "uploadthing"): Storage {
  storage();
  let s = byName.get(name);
  if (!s) {
    const e = env();
    s = name === "local" ? new LocalStorage(path.resolve(e.UPLOAD_DIR)) : new UploadthingStorage(path.resolve(e.UPLOAD_DIR), e.UPLOADTHING_TOKEN ?? "");
    byName.set(name, s);
  }
  return s;
}

export function maxUploadBytes(): number {
  return Math.round(env().MAX_UPLOAD_MB * 1024 * 1024);
}
