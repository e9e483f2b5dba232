/**
 * Uploads are hashed in a worker thread that reads back what reached the temporary file
 * (lib/file-hash.server, decision 0039). The digest must be the file's SHA-256 whatever the thread
 * does: answered by the thread, or made here when the thread is gone.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closeFileHashWorker, fileHashStats, hashFileAsWritten } from "~/lib/file-hash.server";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cnnt-hash-"));
afterAll(async () => {
  await closeFileHashWorker();
  fs.rmSync(dir, { recursive: true, force: true });
});

const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");

/** Writes `bytes` in pieces as storage does, telling the hasher after each write landed. */
async function writeInPieces(file: string, bytes: Buffer, piece: number, onHalf?: () => Promise<void>) {
  const hashing = hashFileAsWritten(file);
  const out = fs.createWriteStream(file, { flags: "wx" });
  let halfDone = false;
  for (let i = 0; i < bytes.length; i += piece) {
    const chunk = bytes.subarray(i, i + piece);
    await new Promise<void>((resolve, reject) => out.write(chunk, (err) => (err ? reject(err) : (hashing.written(chunk.length), resolve()))));
    if (onHalf && !halfDone && i >= bytes.length / 2) {
      halfDone = true;
      await onHalf();
    }
  }
  await new Promise<void>((resolve) => out.end(resolve));
  return hashing;
}

describe("hashFileAsWritten", () => {
  it("answers the file's SHA-256 from the worker thread, for sizes around its 1 MB steps", async () => {
    const before = fileHashStats();
    const sizes = [1, 1000, 1024 * 1024 - 1, 1024 * 1024, 1024 * 1024 + 1, 5 * 1024 * 1024 + 12345];
    for (const [i, size] of sizes.entries()) {
      const bytes = crypto.randomBytes(size);
      const file = path.join(dir, `a${i}`);
      const hashing = await writeInPieces(file, bytes, 64 * 1024);
      expect(await hashing.finish(size)).toBe(sha(bytes));
    }
    expect(fileHashStats().inWorker - before.inWorker).toBe(sizes.length);
    expect(fileHashStats().here).toBe(before.here);
  });

  it("several uploads at once, interleaved, each get their own digest", async () => {
    const files = [0, 1, 2, 3].map((i) => ({ file: path.join(dir, `b${i}`), bytes: crypto.randomBytes(3 * 1024 * 1024 + i * 777) }));
    const digests = await Promise.all(
      files.map(async ({ file, bytes }, i) => (await writeInPieces(file, bytes, 16 * 1024 + i * 1000)).finish(bytes.length)),
    );
    expect(digests).toEqual(files.map((f) => sha(f.bytes)));
  });

  it("still answers the right digest when the thread is gone halfway (made here instead)", async () => {
    const before = fileHashStats();
    const bytes = crypto.randomBytes(4 * 1024 * 1024);
    const file = path.join(dir, "c");
    const hashing = await writeInPieces(file, bytes, 64 * 1024, () => closeFileHashWorker());
    expect(await hashing.finish(bytes.length)).toBe(sha(bytes));
    expect(fileHashStats().here - before.here).toBe(1);
    // The next upload starts a new thread.
    const again = crypto.randomBytes(2 * 1024 * 1024);
    const file2 = path.join(dir, "c2");
    expect(await (await writeInPieces(file2, again, 64 * 1024)).finish(again.length)).toBe(sha(again));
    expect(fileHashStats().inWorker - before.inWorker).toBe(1);
  });

  it("refuses when the file holds fewer bytes than were written to it, or is missing", async () => {
    // 3.5 MB written: the thread was told of 3 MB; the rest it reads at the end, and finds short.
    const bytes = crypto.randomBytes(3.5 * 1024 * 1024);
    const file = path.join(dir, "d");
    const hashing = await writeInPieces(file, bytes, 64 * 1024);
    fs.truncateSync(file, 3 * 1024 * 1024);
    await expect(hashing.finish(bytes.length)).rejects.toThrow();
    // A file that was never there.
    const missing = hashFileAsWritten(path.join(dir, "never"));
    missing.written(2 * 1024 * 1024);
    await expect(missing.finish(2 * 1024 * 1024)).rejects.toThrow();
  });

  it("an aborted upload is forgotten by the thread (later uploads are unaffected)", async () => {
    const bytes = crypto.randomBytes(3 * 1024 * 1024);
    const file = path.join(dir, "f");
    const hashing = await writeInPieces(file, bytes, 64 * 1024);
    hashing.abort();
    fs.rmSync(file);
    const next = crypto.randomBytes(1024 * 1024 + 5);
    const file2 = path.join(dir, "g");
    expect(await (await writeInPieces(file2, next, 64 * 1024)).finish(next.length)).toBe(sha(next));
  });
});
