/**
 * SHA-256 of an upload computed off the serving thread (decision 0039). While storage writes the
 * temporary file, one worker thread reads back what has reached the file (the page cache: no disk
 * read) and hashes it, so the serving thread only tells it how far the file has been written.
 * Hashing 20 MB takes ~12–15 ms of CPU; on the serving thread that was a third of an upload's
 * cost beyond a bare receive.
 *
 * The digest is of the bytes in the file, which are the bytes received (nothing else writes it).
 * If the thread cannot start, fails or dies, `finish` hashes the file here instead: the result is
 * the same, only slower; an upload never fails because of this.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import { Worker } from "node:worker_threads";

/** Tell the thread at most once per this many newly written bytes (a message costs the serving thread ~10 µs). */
const TELL_EVERY = 1024 * 1024;

export interface FileHashing {
  /** `bytes` more are now in the file (call from the write's callback). */
  written(bytes: number): void;
  /** The file is complete at `size` bytes and closed: its SHA-256, hex. */
  finish(size: number): Promise<string>;
  /** The upload failed: stop and forget (the file is being removed). */
  abort(): void;
}

interface Reply {
  id: number;
  sha256?: string;
  error?: string;
}

let worker: Worker | null = null;
/** Set after the thread failed to start MAX_FAILURES times in a row: hash here from then on. */
let failures = 0;
const MAX_FAILURES = 3;
let seq = 0;
const waiting = new Map<number, (reply: Reply) => void>();
const stats = { inWorker: 0, here: 0 };

/** How many digests were made in the thread and here (tests). */
export function fileHashStats(): { inWorker: number; here: number } {
  return { ...stats };
}

function thread(): Worker | null {
  if (worker) return worker;
  if (failures >= MAX_FAILURES) return null;
  let w: Worker;
  try {
    w = new Worker(WORKER_SOURCE, { eval: true, name: "upload-hash", execArgv: [] });
  } catch {
    failures++;
    return null;
  }
  let answered = false;
  w.on("message", (reply: Reply) => {
    answered = true;
    failures = 0;
    const done = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (!waiting.size) w.unref();
    done?.(reply);
  });
  const gone = (error: string) => {
    if (worker === w) worker = null;
    if (!answered) failures++;
    for (const done of waiting.values()) done({ id: 0, error });
    waiting.clear();
  };
  w.on("error", (e) => gone(e instanceof Error ? e.message : String(e)));
  w.on("exit", (code) => gone(`exit ${code}`));
  w.unref();
  worker = w;
  return w;
}

/** Hashes the file at `file` as it is written (see the module comment). */
export function hashFileAsWritten(file: string): FileHashing {
  const id = ++seq;
  let onDisk = 0;
  let told = 0;
  let w = thread();
  let ended = false;
  const tell = (msg: { upTo: number; end?: boolean; abort?: boolean }) => {
    if (!w) return;
    try {
      w.postMessage({ id, path: file, ...msg });
    } catch {
      w = null;
    }
  };
  return {
    written(bytes) {
      onDisk += bytes;
      if (w && onDisk - told >= TELL_EVERY) {
        told = onDisk;
        tell({ upTo: onDisk });
      }
    },
    async finish(size) {
      ended = true;
      // Only the thread that has this job's bytes can answer (a replacement after a crash cannot).
      if (w && worker === w) {
        const reply = await new Promise<Reply>((resolve) => {
          waiting.set(id, resolve);
          w!.ref();
          tell({ upTo: size, end: true });
          if (!w) {
            waiting.delete(id);
            resolve({ id, error: "not sent" });
          }
        });
        if (reply.sha256) {
          stats.inWorker++;
          return reply.sha256;
        }
      }
      stats.here++;
      return hashHere(file, size);
    },
    abort() {
      if (ended) return;
      ended = true;
      if (told > 0) tell({ upTo: 0, abort: true });
    },
  };
}

/** The same digest made on this thread, streaming the file (the fallback). */
async function hashHere(file: string, size: number): Promise<string> {
  const hash = crypto.createHash("sha256");
  let read = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer);
    read += (chunk as Buffer).length;
  }
  if (read !== size) throw new Error(`hashed ${read} bytes of ${size}`);
  return hash.digest("hex");
}

/** Stops the thread (tests). */
export async function closeFileHashWorker(): Promise<void> {
  const w = worker;
  worker = null;
  if (w) await w.terminate();
}

/*
 * Plain CommonJS run with `eval` (no file to find in every build directory). One job per upload,
 * by id: the file is opened on its first message and read up to each `upTo`; `end` answers the
 * digest (or the error), `abort` forgets it. A job that failed answers its error at `end`.
 */
const WORKER_SOURCE = String.raw`
const { parentPort } = require("node:worker_threads");
const fs = require("node:fs");
const crypto = require("node:crypto");
const jobs = new Map();
const buf = Buffer.allocUnsafe(1024 * 1024);
function close(job) {
  if (job.fd !== null) { try { fs.closeSync(job.fd); } catch {} job.fd = null; }
}
parentPort.on("message", (m) => {
  let job = jobs.get(m.id);
  if (m.abort) {
    if (job) { close(job); jobs.delete(m.id); }
    return;
  }
  if (!job) {
    job = { fd: null, pos: 0, hash: crypto.createHash("sha256"), error: null };
    jobs.set(m.id, job);
    try { job.fd = fs.openSync(m.path, "r"); } catch (e) { job.error = String((e && e.message) || e); }
  }
  try {
    while (!job.error && job.pos < m.upTo) {
      const n = fs.readSync(job.fd, buf, 0, Math.min(buf.length, m.upTo - job.pos), job.pos);
      if (n <= 0) throw new Error("the file is shorter than written");
      job.hash.update(buf.subarray(0, n));
      job.pos += n;
    }
  } catch (e) {
    job.error = String((e && e.message) || e);
  }
  if (m.end) {
    close(job);
    jobs.delete(m.id);
    parentPort.postMessage(job.error ? { id: m.id, error: job.error } : { id: m.id, sha256: job.hash.digest("hex") });
  } else if (job.error) {
    close(job);
  }
});
`;
