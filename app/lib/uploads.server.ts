/**
 * Receives a multipart form: text fields in memory (small), each file part streamed straight into
 * storage. If anything fails, every file already stored by this request is removed again, so a
 * refused or broken upload leaves no orphan.
 */
import {
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";
import { maxUploadBytes, storage, UploadError, type StoredObject } from "./storage.server";

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

function cleanName(filename: string): string {
  // Only for display: keep the last path segment, NFC, printable, at most 200 characters.
  const base = filename.split(/[\\/]/).pop() ?? "tep";
  const printable = Array.from(base.normalize("NFC"))
    .filter((ch) => ch.charCodeAt(0) >= 32 && ch.charCodeAt(0) !== 127)
    .join("");
  return printable.slice(0, 200) || "tep";
}

export async function receiveUploads(request: Request, opts: { maxFiles: number }): Promise<Received> {
  const max = maxUploadBytes();
  const declared = Number(request.headers.get("Content-Length") ?? "NaN");
  if (Number.isFinite(declared) && declared > max * opts.maxFiles + MAX_FIELD_BYTES * 4) {
    throw new UploadError("too_large", `Dữ liệu gửi lên quá lớn (tối đa ${opts.maxFiles} tệp, mỗi tệp ${Math.round(max / 1024 / 1024)} MB).`);
  }
  const files: ReceivedFile[] = [];
  const discard = async () => {
    await Promise.all(files.splice(0).map((f) => storage().remove(f.key).catch(() => {})));
  };
  const memory = unstable_createMemoryUploadHandler({ maxPartSize: MAX_FIELD_BYTES });
  const handler: UploadHandler = async (part) => {
    if (part.filename === undefined) return memory(part);
    if (part.filename === "") {
      // An empty file input: the browser sends an empty part. Drain it and ignore it.
      for await (const _ of part.data) void _;
      return null;
    }
    if (files.length >= opts.maxFiles) {
      throw new UploadError("too_large", `Mỗi lần chỉ gửi được tối đa ${opts.maxFiles} tệp.`);
    }
    const originalName = cleanName(part.filename);
    const stored = await storage().put(part.data, { maxBytes: max, accepts: ["pdf", "image"], originalName });
    files.push({ ...stored, field: part.name, originalName });
    return `file:${files.length - 1}`;
  };
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, handler);
  } catch (err) {
    await discard();
    if (err instanceof UploadError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    if (/exceeded upload size|maxPartSize/i.test(message)) {
      throw new UploadError("too_large", "Một ô nhập liệu quá dài.");
    }
    throw new UploadError("aborted", "Dữ liệu gửi lên bị gián đoạn hoặc không đúng định dạng. Vui lòng thử lại.");
  }
  const fields: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !v.startsWith("file:")) fields[k] = v;
  return { fields, files, discard };
}

/** Removes the stored bytes of received files that were not recorded (e.g. duplicates). */
export async function discardFiles(unused: ReceivedFile[]): Promise<void> {
  await Promise.all(unused.map((f) => storage().remove(f.key).catch(() => {})));
}
