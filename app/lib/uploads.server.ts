/**
 * Receives a multipart form with busboy: text fields in memory (small, limited), each file part
 * streamed straight into storage with backpressure (memory stays flat whatever the file size).
 * If anything fails, reading stops, and every file this request stored (or was storing) is removed
 * again before the error is thrown, so a refused or broken upload leaves no orphan and no partial
 * file behind.
 */
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import busboy from "busboy";
import { takeNodeBody } from "./raw-body.server";
import { maxUploadBytes, storage, tooLarge, UploadError, type StoredObject } from "./storage.server";

export interface ReceivedFile extends StoredObject {
  field: string;
  originalName: string;
}

export interface Received {
  fields: Record<string, string>;
  files: ReceivedFile[];
  /** Removes the stored bytes (call when the request's database work fails). */
  discard(): Promise<void>;
}

const MAX_FIELD_BYTES = 64 * 1024;
/** Text fields per request (the forms that upload have a handful). */
const MAX_FIELDS = 100;
/** Header lines per part (a browser sends two: Content-Disposition and Content-Type). */
const MAX_PART_HEADERS = 20;

function cleanName(filename: string): string {
  // Only for display: keep the last path segment, NFC, printable, at most 200 characters.
  const base = filename.split(/[\\/]/).pop() ?? "tep";
  const printable = Array.from(base.normalize("NFC"))
    .filter((ch) => ch.charCodeAt(0) >= 32 && ch.charCodeAt(0) !== 127)
    .join("");
  return printable.slice(0, 200) || "tep";
}

const aborted = () => new UploadError("aborted", "Dữ liệu gửi lên bị gián đoạn hoặc không đúng định dạng. Vui lòng thử lại.");
const tooManyFiles = (n: number) => new UploadError("too_large", `Mỗi lần chỉ gửi được tối đa ${n} tệp.`);
const fieldTooLong = () => new UploadError("too_large", "Một ô nhập liệu quá dài.");
const tooManyFields = () => new UploadError("too_large", "Biểu mẫu gửi lên có quá nhiều ô nhập liệu.");

export async function receiveUploads(request: Request, opts: { maxFiles: number }): Promise<Received> {
  const max = maxUploadBytes();
  const declared = Number(request.headers.get("Content-Length") ?? "NaN");
  if (Number.isFinite(declared) && declared > max * opts.maxFiles + MAX_FIELD_BYTES * 4) {
    throw new UploadError("too_large", `Dữ liệu gửi lên quá lớn (tối đa ${opts.maxFiles} tệp, mỗi tệp ${Math.round(max / 1024 / 1024)} MB).`);
  }
  const contentType = request.headers.get("Content-Type") ?? "";
  if (!/^multipart\/form-data\s*(;|$)/i.test(contentType.trim()) || !request.body) throw aborted();

  // Browsers may send one empty part per untouched file input: those do not count as files, so
  // busboy's own file limit leaves room for them; real files are counted below.
  const fileParts = opts.maxFiles * 2 + 2;
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      defParamCharset: "utf8", // browsers send file names as raw UTF-8
      highWaterMark: 64 * 1024,
      fileHwm: 64 * 1024,
      limits: {
        fileSize: max + 1, // one byte over the limit is a refusal (storage counts too)
        files: fileParts,
        fields: MAX_FIELDS,
        fieldSize: MAX_FIELD_BYTES + 1,
        parts: MAX_FIELDS + fileParts,
        headerPairs: MAX_PART_HEADERS,
      },
    });
  } catch {
    throw aborted(); // no boundary, malformed Content-Type
  }
  const bb = parser;
  let source: Readable;
  try {
    // Node's own request stream when the server handler kept it for us (fewer copies per chunk).
    source = takeNodeBody(request) ?? Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>);
  } catch {
    throw aborted(); // a body already read or locked
  }

  const fields: Record<string, string> = {};
  /** Stored files by their position in the form (filled as each one is safely on storage). */
  const stored: (ReceivedFile | undefined)[] = [];
  const pending: Promise<void>[] = [];
  let failure: UploadError | null = null;
  let settle!: () => void;
  const parsed = new Promise<void>((resolve) => (settle = resolve));

  /**
   * Stops on the first error: no more bytes are read from the request (it is not cancelled: under
   * the Node adapter cancelling the body destroys the socket, and the 413/415 would never reach the
   * client); the parser is destroyed, which errors the file stream being stored, so its temporary
   * file is removed.
   */
  const stop = (err: UploadError) => {
    if (failure) return;
    failure = err;
    source.unpipe(bb);
    source.pause();
    // Not from inside busboy's own callbacks (it keeps parsing the current chunk after emitting).
    process.nextTick(() => {
      if (!bb.destroyed) bb.destroy();
      settle();
    });
  };

  // Listeners stay attached for the life of the streams: a late error is never uncaught.
  source.on("error", () => stop(aborted()));
  bb.on("error", (err: unknown) => stop(err instanceof UploadError ? err : aborted()));
  bb.on("close", () => settle());
  bb.on("filesLimit", () => stop(tooManyFiles(opts.maxFiles)));
  bb.on("fieldsLimit", () => stop(tooManyFields()));
  bb.on("partsLimit", () => stop(tooManyFields()));

  bb.on("field", (name, value, info) => {
    if (failure) return;
    if (info.valueTruncated || info.nameTruncated) return stop(fieldTooLong());
    if (name && name !== "__proto__") fields[name] = value;
  });

  let accepted = 0;
  bb.on("file", (name, stream, info) => {
    stream.on("error", () => {});
    // An empty file input (no file name): drain and ignore, as a browser sends one per empty input.
    if (failure || !info.filename) {
      stream.resume();
      return;
    }
    if (accepted >= opts.maxFiles) {
      stream.resume();
      return stop(tooManyFiles(opts.maxFiles));
    }
    const index = accepted++;
    const originalName = cleanName(info.filename);
    // busboy skips (reads and drops) the rest of a part past its limit: stop at once instead.
    stream.once("limit", () => stop(tooLarge(originalName, max)));
    pending.push(
      storage()
        .put(stream, { maxBytes: max, accepts: ["pdf", "image"], originalName })
        .then(
          (obj) => {
            stored[index] = { ...obj, field: name, originalName };
          },
          (err: unknown) => stop(err instanceof UploadError ? err : aborted()),
        ),
    );
  });

  source.pipe(bb);
  await parsed;
  // Every file handed to storage has finished (stored, or refused and its temporary file removed).
  while (pending.length) await Promise.allSettled(pending.splice(0));

  const files = stored.filter((f): f is ReceivedFile => f !== undefined);
  const discard = async () => {
    await Promise.all(files.splice(0).map((f) => storage().remove(f.key).catch(() => {})));
  };
  if (failure) {
    await discard();
    throw failure;
  }
  return { fields, files, discard };
}

/** Removes the stored bytes of received files that were not recorded (e.g. duplicates). */
export async function discardFiles(unused: ReceivedFile[]): Promise<void> {
  await Promise.all(unused.map((f) => storage().remove(f.key).catch(() => {})));
}
