/**
 * receiveUploads and the local storage on real files: the multipart edge cases (fields and files
 * mixed, empty file inputs, limits, malformed bodies) and the races of a refused upload. After each
 * refusal the upload folder is checked at once, with no waiting: the promise rejects only after
 * every partial and stored file is gone.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env, resetEnvCache } from "~/lib/env.server";
import { storage, UploadError } from "~/lib/storage.server";
import { receiveUploads } from "~/lib/uploads.server";
import { listFiles, makePdf, makePng } from "../helpers/files";

const B = "----cnnt-uploads-test";
const LIMIT = 1024 * 1024; // MAX_UPLOAD_MB=1 for this file
const enc = (s: string) => new TextEncoder().encode(s);

const uploadDir = () => path.resolve(env().UPLOAD_DIR);
const stored = () => listFiles(uploadDir()).filter((f) => !f.startsWith(".tmp"));
const partials = () => listFiles(path.join(uploadDir(), ".tmp"));

const field = (name: string, value: string) => `--${B}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const fileHead = (name: string, filename: string, type = "application/octet-stream") => `--${B}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`;
const END = `--${B}--\r\n`;

type Piece = string | Uint8Array;

/**
 * A request whose body is pulled piece by piece (each piece one chunk, as the network delivers
 * them); `fail` errors the stream after the pieces (a connection reset). `pulled` counts the bytes
 * the reader took.
 */
function request(pieces: Iterable<Piece>, opts: { contentType?: string | null; fail?: boolean; headers?: Record<string, string> } = {}) {
  const it = pieces[Symbol.iterator]();
  const state = { pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      const next = it.next();
      if (next.done) {
        if (opts.fail) c.error(new Error("connection reset"));
        else c.close();
        return;
      }
      const bytes = typeof next.value === "string" ? enc(next.value) : next.value;
      state.pulled += bytes.byteLength;
      c.enqueue(bytes);
    },
  });
  const headers: Record<string, string> = { ...opts.headers };
  const ct = opts.contentType === undefined ? `multipart/form-data; boundary=${B}` : opts.contentType;
  if (ct !== null) headers["Content-Type"] = ct;
  const req = new Request("http://localhost/upload", { method: "POST", body, headers, duplex: "half" } as RequestInit);
  return { req, state };
}

/** `total` bytes of filler after `start`, in pieces of `size`. */
function* filler(start: Piece, total: number, size: number): Generator<Piece> {
  yield start;
  const piece = new Uint8Array(size).fill(0x41);
  const first = typeof start === "string" ? enc(start).byteLength : start.byteLength;
  for (let left = total - first; left > 0; left -= size) yield left >= size ? piece : piece.subarray(0, left);
}

/** Expects a refusal and that nothing at all is left on disk, checked right after it rejects. */
async function refused(req: Request, code: UploadError["code"], message?: RegExp) {
  const before = stored();
  let err: unknown;
  try {
    await receiveUploads(req, { maxFiles: 3 });
  } catch (e) {
    err = e;
  }
  expect(partials()).toEqual([]);
  expect(stored()).toEqual(before);
  expect(err).toBeInstanceOf(UploadError);
  const u = err as UploadError;
  expect(u.code).toBe(code);
  expect(u.status).toBe({ too_large: 413, bad_type: 415, empty: 400, aborted: 400 }[code]);
  if (message) expect(u.message).toMatch(message);
  return u;
}

let pdf: Buffer;
let png: Buffer;

beforeAll(async () => {
  process.env.MAX_UPLOAD_MB = "1";
  resetEnvCache();
  pdf = await makePdf("Thuyet minh");
  png = makePng(30, 20);
});
afterAll(() => {
  delete process.env.MAX_UPLOAD_MB;
  resetEnvCache();
});

describe("what a browser sends", () => {
  it("fields and files mixed: fields as text, files stored in form order with their UTF-8 names", async () => {
    const before = stored().length;
    const { req } = request([
      field("intent", "upload"),
      fileHead("files", "Phiếu đăng ký.pdf", "application/pdf"),
      pdf,
      "\r\n",
      field("ghi-chu", "Sản phẩm gốm men lam — bản sửa"),
      fileHead("photos", "C:\\Ảnh\\mặt trước.png", "image/png"),
      png,
      "\r\n",
      field("docType", "registration_form"),
      END,
    ]);
    const r = await receiveUploads(req, { maxFiles: 3 });
    expect(r.fields).toEqual({ intent: "upload", "ghi-chu": "Sản phẩm gốm men lam — bản sửa", docType: "registration_form" });
    expect(r.files.map((f) => [f.field, f.originalName, f.kind, f.mimeType, f.sizeBytes])).toEqual([
      ["files", "Phiếu đăng ký.pdf", "pdf", "application/pdf", pdf.length],
      ["photos", "mặt trước.png", "image", "image/png", png.length],
    ]);
    expect(stored().length).toBe(before + 2);
    expect(partials()).toEqual([]);
    const back = Buffer.concat(await (await storage().read(r.files[0]!.key)).toArray());
    expect(back.equals(pdf)).toBe(true);
    await r.discard();
    expect(stored().length).toBe(before);
  });

  it("ignores an empty file input (no file name, no bytes) and does not count it as a file", async () => {
    const { req } = request([field("intent", "upload"), fileHead("files", ""), "\r\n", fileHead("photos", ""), "\r\n", fileHead("files", "a.pdf", "application/pdf"), pdf, "\r\n", END]);
    const r = await receiveUploads(req, { maxFiles: 1 });
    expect(r.fields).toEqual({ intent: "upload" });
    expect(r.files).toHaveLength(1);
    await r.discard();
  });

  it("a body of fields only gives no file", async () => {
    const { req } = request([field("intent", "upload"), field("docType", "awards"), END]);
    const r = await receiveUploads(req, { maxFiles: 3 });
    expect(r).toMatchObject({ fields: { intent: "upload", docType: "awards" }, files: [] });
  });

  it("a file of exactly the limit is accepted; one byte more is refused", async () => {
    const exact = request([fileHead("files", "vua.pdf"), ...filler("%PDF-1.7\n", LIMIT, 64 * 1024), "\r\n", END]);
    const r = await receiveUploads(exact.req, { maxFiles: 3 });
    expect(r.files[0]!.sizeBytes).toBe(LIMIT);
    await r.discard();
    const over = request([fileHead("files", "lon.pdf"), ...filler("%PDF-1.7\n", LIMIT + 1, 64 * 1024), "\r\n", END]);
    await refused(over.req, "too_large", /Tệp "lon.pdf" vượt quá 1 MB/);
  });
});

describe("refusals leave nothing behind", () => {
  it("a named file with no bytes is refused as empty", async () => {
    await refused(request([fileHead("files", "rong.pdf"), "\r\n", END]).req, "empty", /rỗng/);
  });

  it("too many files: refused, and the files already stored by the request are removed", async () => {
    const pieces: Piece[] = [];
    for (let i = 0; i < 4; i++) pieces.push(fileHead("files", `p${i}.png`, "image/png"), makePng(10 + i, 10), "\r\n");
    pieces.push(END);
    await refused(request(pieces).req, "too_large", /tối đa 3 tệp/);
  });

  it("a field too long is refused with its own message", async () => {
    await refused(request([fileHead("files", "a.pdf"), pdf, "\r\n", field("description", "x".repeat(64 * 1024 + 1)), END]).req, "too_large", /^Một ô nhập liệu quá dài\.$/);
    // 64 KB is still fine.
    const ok = await receiveUploads(request([field("description", "x".repeat(64 * 1024)), END]).req, { maxFiles: 3 });
    expect(ok.fields.description).toHaveLength(64 * 1024);
  });

  it("too many fields is refused", async () => {
    await refused(request([...Array.from({ length: 150 }, (_, i) => field(`f${i}`, "1")), END]).req, "too_large");
  });

  it("no boundary, no multipart type, no Content-Type, no body: a 400, never a crash", async () => {
    await refused(request([field("a", "1"), END], { contentType: "multipart/form-data" }).req, "aborted");
    await refused(request([field("a", "1"), END], { contentType: "multipart/form-data; boundary=" }).req, "aborted");
    await refused(request(["a=1"], { contentType: "application/x-www-form-urlencoded" }).req, "aborted");
    await refused(request([field("a", "1"), END], { contentType: null }).req, "aborted");
    await refused(new Request("http://localhost/upload", { method: "POST", headers: { "Content-Type": `multipart/form-data; boundary=${B}` } }), "aborted");
  });

  it("a body that is not the multipart it claims, or ends early, is refused as aborted", async () => {
    await refused(request(["just some text, no boundary anywhere"]).req, "aborted");
    await refused(request([field("intent", "upload"), fileHead("files", "a.pdf"), pdf.subarray(0, 500)]).req, "aborted"); // no closing boundary
    await refused(request([`--${B}\r\nContent-Disposition: form-data; name="x"\r\n`]).req, "aborted"); // headers cut off
  });

  it("a stream that fails mid-file (connection reset) is refused as aborted", async () => {
    await refused(request([field("intent", "upload"), fileHead("files", "a.pdf"), pdf.subarray(0, 1000)], { fail: true }).req, "aborted");
    // ...also after a first file was stored completely.
    await refused(request([fileHead("files", "a.pdf"), pdf, "\r\n", fileHead("files", "b.pdf"), ...filler("%PDF-1.7\n", 200 * 1024, 4096)], { fail: true }).req, "aborted");
  });

  it("a spoofed second file removes the first one stored", async () => {
    await refused(request([fileHead("files", "a.pdf"), pdf, "\r\n", fileHead("files", "b.pdf"), "<!doctype html><html>", "x".repeat(4000), "\r\n", END]).req, "bad_type", /"b.pdf" không phải/);
  });

  it("a declared Content-Length beyond any allowed form is refused before reading", async () => {
    const { req, state } = request([fileHead("files", "a.pdf"), pdf, "\r\n", END], { headers: { "Content-Length": String(100 * 1024 * 1024) } });
    await refused(req, "too_large", /quá lớn/);
    expect(state.pulled).toBeLessThan(pdf.length); // at most the first piece, which the stream takes on its own
  });
});

describe("the races of a refused upload (each case repeated)", () => {
  // Small pieces keep several writes queued in the temporary file's stream when the refusal comes:
  // destroying it without waiting crashed the process ("Cannot call write after a stream was
  // destroyed") and left .part files behind.
  for (const size of [512, 4096, 16 * 1024, 64 * 1024]) {
    it(`over the limit in ${size}-byte pieces: 413, reading stops early, no partial file (50x)`, async () => {
      for (let i = 0; i < 50; i++) {
        const { req, state } = request([field("intent", "upload"), fileHead("files", "lon.pdf"), ...filler("%PDF-1.7\n", 3 * LIMIT, size), "\r\n", END]);
        await refused(req, "too_large", /vượt quá 1 MB/);
        expect(state.pulled).toBeLessThan(LIMIT + 512 * 1024);
      }
    });
  }

  it("an HTML page named .pdf whose first bytes come alone: 415, no partial file (50x each size)", async () => {
    for (const size of [512, 4096, 64 * 1024]) {
      for (let i = 0; i < 50; i++) {
        const { req, state } = request([fileHead("files", "thuyet-minh.pdf", "application/pdf"), "<!doc", ...filler("type html><html><body>", 2 * LIMIT, size), "\r\n", END]);
        await refused(req, "bad_type", /không phải PDF/);
        expect(state.pulled).toBeLessThan(512 * 1024); // reading stopped (what was read ahead is bounded)
      }
    }
  });

  it("an SVG named .png: 415, no partial file (50x)", async () => {
    for (let i = 0; i < 50; i++) {
      const { req } = request([fileHead("photos", "anh.png", "image/png"), "<?xml", ...filler(' version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">', 100 * 1024, 1024), "\r\n", END]);
      await refused(req, "bad_type", /không phải/);
    }
  });

  it("a file cut off at random points: 400, no partial file (50x)", async () => {
    for (let i = 0; i < 50; i++) {
      const cut = 100 + ((i * 7919) % (pdf.length - 100));
      const { req } = request([fileHead("files", "a.pdf"), ...filler(pdf.subarray(0, cut), cut + (i % 5) * 3000, 700)], { fail: i % 2 === 0 });
      await refused(req, "aborted");
    }
  });

  it("ten refused uploads at once leave nothing behind", async () => {
    const before = stored();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        receiveUploads(request(i % 2 ? [fileHead("files", "a.pdf"), pdf, "\r\n", fileHead("files", "lon.pdf"), ...filler("%PDF-1.7\n", 2 * LIMIT, 2048), "\r\n", END] : [fileHead("files", "x.pdf"), "<htm", ...filler("l>", 50 * 1024, 1000), "\r\n", END]).req, { maxFiles: 3 }),
      ),
    );
    expect(results.map((r) => r.status === "rejected" && (r.reason as UploadError).code)).toEqual(Array.from({ length: 10 }, (_, i) => (i % 2 ? "too_large" : "bad_type")));
    expect(partials()).toEqual([]);
    expect(stored()).toEqual(before);
    expect(fs.existsSync(uploadDir())).toBe(true);
  });
});
