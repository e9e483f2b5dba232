/**
 * Hostile uploads against the real server process (the built app, as `npm run serve` runs it),
 * over raw TCP so the test controls Transfer-Encoding, Content-Length and Expect: over-limit files
 * (chunked, chunked with 100-continue, with a length), an HTML page named .pdf, an SVG named .png,
 * bodies cut off mid-file, and a burst of them at once. Each shape is repeated many times in a row:
 * every answer is the expected 4xx with its Vietnamese message, the process stays up, prints no
 * crash, and no partial or orphan file is left on disk.
 */
import Database from "better-sqlite3";
import { EventEmitter } from "node:events";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listFiles, makePdf } from "../helpers/files";
import { startServer, type RunningServer } from "../helpers/server";

const REPEAT = 60;
const LIMIT_MB = 1;
const CRASH = /Cannot call write|ERR_STREAM_DESTROYED|uncaught|unhandled|Cannot set properties of null/i;

let srv: RunningServer;
let db: Database.Database;
let cookie = "";
let entryPath = "";
let uploadDir = "";

interface Answer {
  status: number | null;
  body: string;
  clientError?: string;
}

/**
 * Sends one request on a fresh socket and reads the answer even if the server answers before the
 * body is sent (then stops sending, as a browser does) or resets the connection afterwards.
 */
async function rawRequest(
  head: string,
  body: Iterable<Buffer>,
  opts: { chunked: boolean; expectContinue?: boolean; cutAfter?: number; timeoutMs?: number; gapUs?: number },
): Promise<Answer> {
  const gapUs = opts.gapUs ?? nextGap();
  const sock = net.connect(srv.port, "127.0.0.1");
  const events = new EventEmitter();
  let raw = Buffer.alloc(0);
  let clientError: string | undefined;
  let interim = false;
  let final: { status: number; bodyStart: number; length: number | null; chunked: boolean } | null = null;
  let drained = false;
  let closed = false;
  const parseHead = () => {
    let offset = 0;
    while (!final) {
      const end = raw.indexOf("\r\n\r\n", offset);
      if (end < 0) return;
      const lines = raw.subarray(offset, end).toString("latin1").split("\r\n");
      const status = Number(lines[0]!.split(" ")[1]);
      if (status === 100) {
        interim = true;
        offset = end + 4;
        continue;
      }
      const header = (name: string) => lines.find((l) => l.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim();
      const len = header("content-length");
      final = { status, bodyStart: end + 4, length: len === undefined ? null : Number(len), chunked: /chunked/i.test(header("transfer-encoding") ?? "") };
    }
  };
  const decoded = (): string | null => {
    if (!final) return null;
    const rest = raw.subarray(final.bodyStart);
    if (final.length !== null) return rest.length >= final.length ? rest.subarray(0, final.length).toString("utf8") : closed ? rest.toString("utf8") : null;
    if (!final.chunked) return closed ? rest.toString("utf8") : null;
    const parts: Buffer[] = [];
    let at = 0;
    for (;;) {
      const eol = rest.indexOf("\r\n", at);
      if (eol < 0) return closed ? Buffer.concat(parts).toString("utf8") : null;
      const size = parseInt(rest.subarray(at, eol).toString("latin1"), 16);
      if (size === 0) return Buffer.concat(parts).toString("utf8");
      if (rest.length < eol + 2 + size + 2) return closed ? Buffer.concat(parts).toString("utf8") : null;
      parts.push(rest.subarray(eol + 2, eol + 2 + size));
      at = eol + 2 + size + 2;
    }
  };
  sock.on("data", (d: Buffer) => {
    raw = Buffer.concat([raw, d]);
    parseHead();
    events.emit("change");
  });
  sock.on("drain", () => {
    drained = true;
    events.emit("change");
  });
  sock.on("error", (e: NodeJS.ErrnoException) => {
    clientError ??= e.code ?? e.message; // EPIPE / ECONNRESET when the server stopped reading
    events.emit("change");
  });
  sock.on("close", () => {
    closed = true;
    events.emit("change");
  });
  const until = (cond: () => boolean, ms: number) =>
    new Promise<boolean>((resolve) => {
      if (cond()) return resolve(true);
      const timer = setTimeout(() => done(false), ms);
      const check = () => cond() && done(true);
      const done = (v: boolean) => {
        clearTimeout(timer);
        events.off("change", check);
        resolve(v);
      };
      events.on("change", check);
    });
  await new Promise<void>((resolve, reject) => {
    sock.once("connect", () => resolve());
    sock.once("error", reject);
  });

  sock.write(head);
  if (opts.expectContinue) await until(() => interim || final !== null || closed, 10_000);
  let sent = 0;
  let writes = 0;
  for (const chunk of body) {
    if (final || closed || sock.destroyed) break;
    if (opts.cutAfter !== undefined && sent >= opts.cutAfter) {
      sock.destroy(); // the connection drops mid-file
      return { status: null, body: "", clientError: "cut" };
    }
    const framed = opts.chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]) : chunk;
    drained = false;
    sent += chunk.length;
    if (!sock.write(framed)) await until(() => drained || final !== null || closed, 30_000);
    else if (gapUs > 0) {
      // Pieces leave one by one a few microseconds apart, so the server sees small reads arriving
      // while it is still opening or writing its temporary file (as from a phone on a slow link).
      const t = process.hrtime.bigint();
      while (process.hrtime.bigint() - t < BigInt(gapUs * 1000));
      if (++writes % 8 === 0) await new Promise((r) => setImmediate(r));
    } else if (++writes % 8 === 0) await new Promise((r) => setImmediate(r));
  }
  if (!final && !closed && !sock.destroyed && opts.chunked) sock.write("0\r\n\r\n");
  await until(() => decoded() !== null || (closed && !final), opts.timeoutMs ?? 30_000);
  const text = decoded();
  sock.destroy();
  return { status: final ? (final as { status: number }).status : null, body: text ?? "", clientError };
}

const BOUNDARY = "----cnnt-hostile-7d1f";
function multipartHead(docType: string, filename: string, type: string) {
  return Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nupload\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="docType"\r\n\r\n${docType}\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
  );
}
const TAIL = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);

/**
 * A multipart body: the file is `start` followed by filler up to `fileBytes`, in pieces of
 * `pieceSize`; the file's first bytes go alone (fewer than the type check needs), the way a body
 * split by the network arrives.
 */
function* body(docType: string, filename: string, type: string, start: Buffer, fileBytes: number, filler = 0x41, pieceSize = 64 * 1024): Generator<Buffer> {
  yield multipartHead(docType, filename, type);
  yield start.subarray(0, 5);
  yield start.subarray(5);
  const piece = Buffer.alloc(pieceSize, filler);
  for (let left = fileBytes - start.length; left > 0; left -= piece.length) yield left >= piece.length ? piece : piece.subarray(0, left);
  yield TAIL;
}
/** Piece sizes used in turn: small pieces queue several writes on the server's side. */
const PIECES = [1024, 4 * 1024, 16 * 1024, 64 * 1024];
let turn = 0;
const nextPiece = () => PIECES[turn++ % PIECES.length]!;
/** Gaps between pieces (µs), in turn (five of them against four piece sizes: every pairing occurs). */
const GAPS = [0, 30, 100, 300, 1000];
let gapTurn = 0;
const nextGap = () => GAPS[gapTurn++ % GAPS.length]!;
const bodyLength = (parts: Iterable<Buffer>) => {
  let n = 0;
  for (const p of parts) n += p.length;
  return n;
};

function requestHead(extra: string[]) {
  return [`POST ${entryPath} HTTP/1.1`, `Host: localhost:${srv.port}`, `Origin: ${srv.url}`, `Cookie: ${cookie}`, `Content-Type: multipart/form-data; boundary=${BOUNDARY}`, ...extra, "", ""].join("\r\n");
}

const PDF_START = Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1");
const OVER = 3 * LIMIT_MB * 1024 * 1024;
const tooBig = (piece = 64 * 1024) => body("product_description", "lon.pdf", "application/pdf", PDF_START, OVER, 0x41, piece);
const html = (piece = 64 * 1024) => body("product_description", "thuyet-minh.pdf", "application/pdf", Buffer.from("<!doctype html><html><head><title>x</title></head><body>"), 300 * 1024, 0x20, piece);
const svg = (piece = 64 * 1024) => body("product_photos", "anh.png", "image/png", Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script>'), 300 * 1024, 0x20, piece);

/** Files under a directory that the server may be changing meanwhile (a file may vanish mid-listing). */
function filesNow(dir: string): string[] {
  for (;;) {
    try {
      return listFiles(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
  }
}
const tmpFiles = () => filesNow(path.join(uploadDir, ".tmp"));
function orphans(): string[] {
  const keys = new Set(db.prepare("SELECT storage_key AS key FROM files").all().map((r) => (r as { key: string }).key));
  return filesNow(uploadDir)
    .map((f) => f.split(path.sep).join("/"))
    .filter((f) => !f.startsWith(".tmp/") && !keys.has(f));
}
const fileRows = () => (db.prepare("SELECT count(*) AS n FROM files").get() as { n: number }).n;

async function assertHealthy() {
  const res = await fetch(`${srv.url}/healthz`);
  expect(res.status).toBe(200);
  expect(srv.output()).not.toMatch(CRASH);
}

/** Repeats one shape, checking after every answer that nothing is left in the temporary folder. */
async function repeat(n: number, send: () => Promise<Answer>, expected: { status: number[]; message?: RegExp; answered: boolean }) {
  const rowsBefore = fileRows();
  const seen: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const a = await send();
    seen[String(a.status)] = (seen[String(a.status)] ?? 0) + 1;
    if (expected.answered) {
      expect(a.status, `attempt ${i}: ${a.clientError ?? ""}`).not.toBeNull();
      expect(expected.status, `attempt ${i}`).toContain(a.status);
      if (expected.message) expect(a.body, `attempt ${i}`).toMatch(expected.message);
      // The answer is sent only after the partial file was removed.
      expect(tmpFiles(), `attempt ${i}`).toEqual([]);
    } else if (a.status !== null) {
      expect(expected.status).toContain(a.status);
    }
  }
  if (!expected.answered) {
    // Nobody is waiting for these answers: give the server a moment to notice each dropped connection.
    const deadline = Date.now() + 15_000;
    while (tmpFiles().length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  }
  expect(tmpFiles()).toEqual([]);
  expect(orphans()).toEqual([]);
  expect(fileRows()).toBe(rowsBefore);
  await assertHealthy();
  return seen;
}

beforeAll(async () => {
  srv = await startServer({ seedDemo: true, env: { MAX_UPLOAD_MB: String(LIMIT_MB) } });
  uploadDir = path.join(srv.dir, "uploads");
  db = new Database(srv.dbPath, { readonly: true, fileMustExist: true });
  const login = await fetch(`${srv.url}/dang-nhap`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: srv.url },
    body: new URLSearchParams({ email: "coso@demo.cnnt.vn", password: "demo12345" }),
  });
  expect(login.status).toBe(302);
  cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  // The demo producer registers its product into the commune round open for registration.
  const roundId = (db.prepare("SELECT id FROM rounds WHERE level = 'commune' AND status = 'open' ORDER BY id LIMIT 1").get() as { id: number }).id;
  const productId = (
    db
      .prepare("SELECT p.id FROM products p JOIN establishment_members m ON m.establishment_id = p.establishment_id JOIN users u ON u.id = m.user_id WHERE u.email = 'coso@demo.cnnt.vn' ORDER BY p.id LIMIT 1")
      .get() as { id: number }
  ).id;
  const reg = await fetch(`${srv.url}/co-so/ky-binh-chon`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: srv.url, Cookie: cookie },
    body: new URLSearchParams({ roundId: String(roundId), productId: String(productId) }),
  });
  expect(reg.status).toBe(302);
  entryPath = new URL(reg.headers.get("Location")!, srv.url).pathname;
  expect(entryPath).toMatch(/^\/co-so\/du-thi\/\d+$/);
}, 120_000);

afterAll(async () => {
  // HOSTILE_OUTPUT=<file> keeps what the server printed, to look into a failure.
  if (srv && process.env.HOSTILE_OUTPUT) fs.writeFileSync(process.env.HOSTILE_OUTPUT, srv.output());
  db?.close();
  await srv?.stop();
  if (srv && !process.env.KEEP_TMP) fs.rmSync(srv.dir, { recursive: true, force: true });
});

describe("hostile uploads against the running server", () => {
  it("a real PDF sent chunked is stored (the same path the hostile requests take)", async () => {
    const pdf = await makePdf("Phieu dang ky");
    const rowsBefore = fileRows();
    const parts = [multipartHead("registration_form", "Phiếu đăng ký.pdf", "application/pdf"), pdf, TAIL];
    const a = await rawRequest(requestHead(["Transfer-Encoding: chunked"]), parts, { chunked: true });
    expect(a.status).toBe(302);
    expect(fileRows()).toBe(rowsBefore + 1);
    expect(tmpFiles()).toEqual([]);
    expect(orphans()).toEqual([]);
  });

  it(`(a) over-limit file, chunked, no Content-Length: 413 every time (${REPEAT}x)`, async () => {
    await repeat(REPEAT, () => rawRequest(requestHead(["Transfer-Encoding: chunked"]), tooBig(nextPiece()), { chunked: true }), { status: [413], message: /vượt quá 1 MB/, answered: true });
  }, 180_000);

  it(`(b) over-limit file, chunked, Expect: 100-continue: 413 every time (${REPEAT}x)`, async () => {
    await repeat(REPEAT, () => rawRequest(requestHead(["Transfer-Encoding: chunked", "Expect: 100-continue"]), tooBig(nextPiece()), { chunked: true, expectContinue: true }), { status: [413], message: /vượt quá 1 MB/, answered: true });
  }, 180_000);

  it(`(c) over-limit file with a Content-Length: 413 every time (${REPEAT}x)`, async () => {
    const length = bodyLength(tooBig());
    await repeat(REPEAT, () => rawRequest(requestHead([`Content-Length: ${length}`]), tooBig(nextPiece()), { chunked: false }), { status: [413], message: /vượt quá 1 MB/, answered: true });
  }, 180_000);

  it(`(c') a Content-Length far over what any form may carry: 413 before reading (${REPEAT}x)`, async () => {
    await repeat(REPEAT, () => rawRequest(requestHead([`Content-Length: ${200 * 1024 * 1024}`]), tooBig(), { chunked: false }), { status: [413], message: /quá lớn/, answered: true });
  }, 180_000);

  it(`(d) an HTML page named .pdf: 415 every time (${REPEAT}x)`, async () => {
    await repeat(REPEAT, () => rawRequest(requestHead(["Transfer-Encoding: chunked"]), html(nextPiece()), { chunked: true }), { status: [415], message: /không phải PDF/, answered: true });
    const length = bodyLength(html());
    await repeat(REPEAT, () => rawRequest(requestHead([`Content-Length: ${length}`]), html(nextPiece()), { chunked: false }), { status: [415], message: /không phải PDF/, answered: true });
  }, 180_000);

  it(`(e) an SVG named .png: 415 every time (${REPEAT}x)`, async () => {
    await repeat(REPEAT, () => rawRequest(requestHead(["Transfer-Encoding: chunked"]), svg(nextPiece()), { chunked: true }), { status: [415], message: /không phải/, answered: true });
  }, 180_000);

  it(`(f) a body cut off mid-file: no answer needed, nothing left, server up (${REPEAT}x each way)`, async () => {
    await repeat(REPEAT, () => rawRequest(requestHead(["Transfer-Encoding: chunked"]), tooBig(nextPiece()), { chunked: true, cutAfter: 200 * 1024 }), { status: [400], answered: false });
    const length = bodyLength(tooBig());
    await repeat(REPEAT, () => rawRequest(requestHead([`Content-Length: ${length}`]), tooBig(nextPiece()), { chunked: false, cutAfter: 300 * 1024 }), { status: [400], answered: false });
  }, 180_000);

  it("(g) thirty over-limit and spoofed uploads at once, three times: all refused, nothing left", async () => {
    for (let round = 0; round < 3; round++) {
      const rowsBefore = fileRows();
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          i % 2 === 0
            ? rawRequest(requestHead(["Transfer-Encoding: chunked", ...(i % 4 === 0 ? ["Expect: 100-continue"] : [])]), tooBig(nextPiece()), { chunked: true, expectContinue: i % 4 === 0 })
            : rawRequest(requestHead(["Transfer-Encoding: chunked"]), i % 3 === 0 ? svg(nextPiece()) : html(nextPiece()), { chunked: true }),
        ),
      );
      for (const [i, a] of answers.entries()) expect(a.status, `request ${i}: ${a.clientError ?? ""}`).toBe(i % 2 === 0 ? 413 : 415);
      expect(tmpFiles()).toEqual([]);
      expect(orphans()).toEqual([]);
      expect(fileRows()).toBe(rowsBefore);
      await assertHealthy();
    }
  }, 300_000);

  it("the server is still up and printed no error at all (no crash, no 500 with a stack trace)", async () => {
    await assertHealthy();
    expect(srv.output()).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(srv.output()).not.toMatch(/\bError\b/);
  });
});
