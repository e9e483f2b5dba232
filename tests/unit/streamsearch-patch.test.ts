/**
 * busboy finds multipart boundaries with streamsearch; patches/streamsearch+1.1.0.patch replaces
 * its JavaScript Boyer-Moore-Horspool loop with Buffer#indexOf (decision 0039). These checks feed
 * random bodies in random pieces, with whole and partial boundaries everywhere (also across the
 * pieces' edges), and compare with what a plain search of the whole body says.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import { Readable } from "node:stream";
import busboy from "busboy";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
type Cb = (isMatch: boolean, data: Buffer | undefined, start: number, end: number, isDataSafe: boolean) => void;
const StreamSearch = require("streamsearch") as new (needle: Buffer, cb: Cb) => { push(chunk: Buffer): number; destroy(): void };

/** A seeded generator, so that a failure can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** Random bytes with the needle, and pieces of its beginning, put in at random places. */
function haystack(rand: () => number, needle: Buffer, len: number): Buffer {
  const parts: Buffer[] = [];
  let n = 0;
  while (n < len) {
    const r = rand();
    const p =
      r < 0.08
        ? needle
        : r < 0.25
          ? needle.subarray(0, 1 + Math.floor(rand() * (needle.length - 1)))
          : r < 0.3
            ? Buffer.concat([needle.subarray(0, needle.length - 1), needle]) // overlap-like
            : crypto.randomBytes(1 + Math.floor(rand() * 300));
    parts.push(p);
    n += p.length;
  }
  return Buffer.concat(parts);
}

/** Non-overlapping occurrences, left to right (what a streaming search must report). */
function occurrences(hay: Buffer, needle: Buffer): number[] {
  const at: number[] = [];
  for (let i = hay.indexOf(needle); i !== -1; i = hay.indexOf(needle, i + needle.length)) at.push(i);
  return at;
}

function searchInPieces(hay: Buffer, needle: Buffer, rand: () => number, maxPiece: number) {
  const out: Buffer[] = [];
  const matchesAt: number[] = [];
  let emitted = 0;
  const ss = new StreamSearch(needle, (isMatch, data, start, end) => {
    if (data && end > start) {
      out.push(Buffer.from(data.subarray(start, end)));
      emitted += end - start;
    }
    if (isMatch) {
      matchesAt.push(emitted);
      out.push(needle);
      emitted += needle.length;
    }
  });
  for (let i = 0; i < hay.length; ) {
    const n = 1 + Math.floor(rand() * maxPiece);
    ss.push(hay.subarray(i, i + n));
    i += n;
  }
  ss.destroy(); // hands back what it held for a possible match
  return { data: Buffer.concat(out), matchesAt };
}

describe("streamsearch (patched)", () => {
  it("is the patched copy", () => {
    const src = fs.readFileSync(require.resolve("streamsearch/lib/sbmh.js"), "utf8");
    expect(src).toContain("data.indexOf(needle, pos)");
  });

  it("reports every boundary and hands back every other byte, whatever the pieces", () => {
    for (let seed = 1; seed <= 540; seed++) {
      const rand = rng(seed);
      const kind = Math.floor(seed / 9) % 3;
      const boundary = kind === 0 ? "----WebKitFormBoundary" + crypto.randomBytes(8).toString("hex") : "x".repeat(1 + (seed % 7));
      const needle = Buffer.from(`\r\n--${boundary}`);
      const hay = haystack(rand, needle, 200 + Math.floor(rand() * 20_000));
      // Pieces around the needle's length make boundaries straddle the edges in every way.
      const L = needle.length;
      const maxPiece = [1, 3, L, L + 1, 2 * L, 3 * L, 64, 4096, 65_536][seed % 9]!;
      const got = searchInPieces(hay, needle, rand, maxPiece);
      expect(got.data.equals(hay), `seed ${seed}`).toBe(true);
      expect(got.matchesAt, `seed ${seed}`).toEqual(occurrences(hay, needle));
    }
  });

  it("busboy reads a file whose bytes look like the boundary, sent in small pieces", async () => {
    const boundary = "----cnnt-test-boundary";
    const tricky = Buffer.concat([
      Buffer.from("%PDF-1.7\n"),
      Buffer.from(`\r\n--${boundary.slice(0, -1)}`), // all but the last letter
      crypto.randomBytes(70_000),
      Buffer.from(`\r\n--${boundary}X`.slice(0, 10)),
      Buffer.from("\r\n-"),
    ]);
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
      tricky,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    for (const piece of [1, 7, 1000, 65_536]) {
      const pieces: Buffer[] = [];
      for (let i = 0; i < body.length; i += piece) pieces.push(body.subarray(i, i + piece));
      const bb = busboy({ headers: { "content-type": `multipart/form-data; boundary=${boundary}` } });
      const files: Buffer[] = [];
      const fields: Record<string, string> = {};
      bb.on("field", (name, value) => (fields[name] = value));
      bb.on("file", (_name, stream) => {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => files.push(Buffer.concat(chunks)));
      });
      await new Promise<void>((resolve, reject) => {
        bb.on("close", resolve);
        bb.on("error", reject);
        Readable.from(pieces).pipe(bb);
      });
      expect(fields).toEqual({ a: "value" });
      expect(files.length).toBe(1);
      expect(files[0]!.equals(tricky), `pieces of ${piece}`).toBe(true);
    }
  });
});
