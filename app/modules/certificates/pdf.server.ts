/**
 * Certificate PDFs, rendered off the event loop: a small pool of worker threads (node:worker_threads)
 * runs pdf-worker.mjs, which parses the fonts once per thread, renders with the layout in
 * certificate-pdf.mjs and, for the bulk issue, also writes the file (store-pdf.mjs), so the
 * serving thread only records it. A certificate takes ~35 ms of CPU, and a thread's first one
 * ~0.5-1 s more (font tables, compilation): in the serving thread that stalled every public page
 * during a bulk issue. On Linux the threads run at a lower priority (nice 10, see pdf-worker.mjs).
 * See docs/decisions/0015-certificate-pdf-workers.md (and 0006-certificate-pdf.md for the layout).
 *
 * - The pool starts lazily, one thread at a time as work queues up, up to CERT_PDF_WORKERS threads
 *   (default min(2, cores)); each thread takes up to two documents at once so it never waits for
 *   this thread between them.
 * - Threads hold the process open only while they work (ref/unref), and are closed after 2 minutes
 *   without work, so tests and scripts end by themselves; closeCertificateWorkers() closes them at
 *   once (shutdown). warmCertificateWorkers() starts them ahead of an issue (the organizer's
 *   certificates page), so the first certificates do not wait for the fonts and the compiler.
 * - The worker file is plain JavaScript in the source tree, found by walking up from this module's
 *   location, the working directory or pdfkit's install location (the server bundle in build/ or
 *   REMIX_BUILD_DIR sits under the project root, as do the sources vitest and tsx run). Without it, or with CERT_PDF_WORKERS=0, PDFs are
 *   rendered in this thread (the same bytes).
 * - A thread that dies fails the documents it held (the job reports the error and is run again)
 *   and is replaced by the next document. A thread that dies before answering at all hands its
 *   documents back to the queue; after three such in a row (a broken install), this process
 *   renders in this thread instead.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { loadFontsSync, renderCertificatePdfWith, type CertificatePrint, type Fonts } from "./certificate-pdf.mjs";
import { uploadRoot, writeCertificateBytes, type WrittenFile } from "./files.server";
import { newCertificateKey, writeDurably } from "./store-pdf.mjs";

export type { CertificatePrint };

const WORKER_PATH = ["app", "modules", "certificates", "pdf-worker.mjs"] as const;
const PER_WORKER = 2;
const IDLE_MS = 120_000;

/** The worker entry, looked for above this module's file and above the working directory. */
export function certificateWorkerFile(): string | null {
  const starts: string[] = [];
  try {
    starts.push(path.dirname(fileURLToPath(import.meta.url)));
  } catch {
    /* not a file: URL (bundled elsewhere): the working directory below */
  }
  starts.push(process.cwd());
  try {
    // The package root holds node_modules/pdfkit: its location leads back to the project too.
    starts.push(path.dirname(createRequire(import.meta.url).resolve("pdfkit")));
  } catch {
    /* not resolvable from here */
  }
  for (const start of starts) {
    let dir = start;
    for (let i = 0; i < 8; i++) {
      const f = path.join(dir, ...WORKER_PATH);
      if (fs.existsSync(f)) return f;
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return null;
}

function poolSize(): number {
  const raw = process.env.CERT_PDF_WORKERS;
  const n = raw == null || raw === "" ? NaN : Number(raw);
  if (Number.isInteger(n) && n >= 0) return Math.min(n, 16);
  return DEFAULT_SIZE;
}
const DEFAULT_SIZE = Math.max(1, Math.min(2, os.availableParallelism()));

interface Task {
  id: number;
  /** Undefined for a warm-up. */
  print: CertificatePrint | undefined;
  /** Store the PDF there (the worker writes it) instead of sending the bytes back. */
  store?: { root: string; year: number };
  resolve(r: Buffer | WrittenFile): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  inflight: Map<number, Task>;
  gone: boolean;
  /** Whether it has answered at least once (a thread that dies before that failed to start). */
  answered: boolean;
}

interface PoolState {
  slots: Slot[];
  queue: Task[];
  nextId: number;
  idleTimer: NodeJS.Timeout | null;
  file: string | null | undefined;
  warned: boolean;
  /** Threads in a row that died before answering; at MAX_START_FAILURES the pool is given up. */
  startFailures: number;
  stats: { inWorkers: number; inThread: number; workersStarted: number };
}

declare global {
  // eslint-disable-next-line no-var
  var __cnntPdfPool: PoolState | undefined;
}

const pool: PoolState = (globalThis.__cnntPdfPool ??= {
  slots: [],
  queue: [],
  nextId: 1,
  idleTimer: null,
  file: undefined,
  warned: false,
  startFailures: 0,
  stats: { inWorkers: 0, inThread: 0, workersStarted: 0 },
});

/** How many certificates were rendered in worker threads and in this thread (tests, benchmark). */
export function pdfRenderStats(): { inWorkers: number; inThread: number; workersStarted: number; workersRunning: number } {
  return { ...pool.stats, workersRunning: pool.slots.length };
}

const MAX_START_FAILURES = 3;

function removeSlot(slot: Slot, error: Error, died = false) {
  if (slot.gone) return;
  slot.gone = true;
  if (died && !slot.answered && ++pool.startFailures === MAX_START_FAILURES) {
    console.error(`[giấy chứng nhận] Luồng tạo PDF không khởi động được ${MAX_START_FAILURES} lần liền: tạo PDF ngay trong luồng phục vụ.`);
  }
  pool.slots = pool.slots.filter((s) => s !== slot);
  // A thread that failed to start did none of its documents: they go back to the queue (for the
  // next thread, or this thread once the pool is given up). Otherwise they fail.
  if (died && !slot.answered) pool.queue.unshift(...slot.inflight.values());
  else for (const t of slot.inflight.values()) t.reject(error);
  slot.inflight.clear();
}

function startWorker(file: string): Slot {
  // No execArgv: the thread needs no loader (tsx, vitest) for plain JavaScript.
  const worker = new Worker(file, { execArgv: [], name: "certificate-pdf" });
  pool.stats.workersStarted++;
  const slot: Slot = { worker, inflight: new Map(), gone: false, answered: false };
  worker.on("message", (msg: { id: number; bytes?: ArrayBuffer; written?: WrittenFile; warmed?: boolean; error?: string }) => {
    slot.answered = true;
    pool.startFailures = 0;
    const task = slot.inflight.get(msg.id);
    if (!task) return;
    slot.inflight.delete(msg.id);
    if (msg.warmed) task.resolve(Buffer.alloc(0));
    else if (msg.written || msg.bytes) {
      pool.stats.inWorkers++;
      task.resolve(msg.written ?? Buffer.from(msg.bytes!));
    } else task.reject(new Error(`Không tạo được tệp PDF giấy chứng nhận: ${msg.error ?? "lỗi không xác định"}`));
    settle(slot);
  });
  worker.on("error", (e) => {
    console.error("[giấy chứng nhận] Luồng tạo PDF lỗi:", e);
    removeSlot(slot, e instanceof Error ? e : new Error(String(e)), true);
    dispatch();
  });
  worker.on("exit", (code) => {
    removeSlot(slot, new Error(`Luồng tạo PDF dừng (mã ${code}).`), true);
    dispatch();
  });
  pool.slots.push(slot);
  return slot;
}

/** After a change of a thread's load: hold the process open only while it works; dispatch more. */
function settle(slot: Slot) {
  if (!slot.gone) {
    if (slot.inflight.size) slot.worker.ref();
    else slot.worker.unref();
  }
  dispatch();
}

let dispatchSoon = false;

function dispatch() {
  // Threads that cannot start (a broken install): what is queued is rendered here instead.
  if (poolBroken()) for (const t of pool.queue.splice(0)) runHere(t);
  let started = false;
  while (pool.queue.length) {
    let slot = pool.slots.reduce<Slot | undefined>((best, s) => (!best || s.inflight.size < best.inflight.size ? s : best), undefined);
    // Another thread when every one is busy (and the pool is not full); else the least loaded.
    // At most one new thread per turn of the event loop (starting one takes this thread ~5-20 ms).
    if ((!slot || slot.inflight.size > 0) && pool.slots.length < poolSize()) {
      if (started) {
        if (!dispatchSoon) {
          dispatchSoon = true;
          setImmediate(() => {
            dispatchSoon = false;
            dispatch();
          });
        }
      } else {
        slot = startWorker(pool.file!);
        started = true;
      }
    }
    if (!slot || slot.inflight.size >= PER_WORKER) break;
    const task = pool.queue.shift()!;
    slot.inflight.set(task.id, task);
    slot.worker.ref();
    slot.worker.postMessage(task.print ? { id: task.id, print: task.print, store: task.store } : { id: task.id, warm: true });
  }
  const busy = pool.queue.length > 0 || pool.slots.some((s) => s.inflight.size > 0);
  if (busy) {
    if (pool.idleTimer) clearTimeout(pool.idleTimer);
    pool.idleTimer = null;
  } else if (pool.slots.length && !pool.idleTimer) {
    pool.idleTimer = setTimeout(() => {
      pool.idleTimer = null;
      if (!pool.queue.length && pool.slots.every((s) => s.inflight.size === 0)) void closeCertificateWorkers();
    }, IDLE_MS);
    pool.idleTimer.unref();
  }
}

/* In this thread (CERT_PDF_WORKERS=0, or no worker file): fonts parsed once. */
let threadFonts: Promise<Fonts> | undefined;
function loadFontsHere(): Promise<Fonts> {
  // The same faces as the threads (the cut-down ones, the full ones behind: decision 0042), so a
  // certificate is the same file wherever it was made. fontkit reads a face's tables lazily: this
  // is a few milliseconds; the shaping tables are read by the first certificate.
  return (threadFonts ??= (async () => {
    await new Promise<void>((r) => setImmediate(r));
    return loadFontsSync();
  })());
}

/** One document at a time, each on its own turn of the event loop (timers and I/O run between). */
let hereQueue: Promise<unknown> = Promise.resolve();
function renderHere(c: CertificatePrint): Promise<Buffer> {
  const run = hereQueue.then(async () => {
    await new Promise<void>((r) => setImmediate(r));
    const bytes = await renderCertificatePdfWith(c, await loadFontsHere());
    pool.stats.inThread++;
    return bytes;
  });
  hereQueue = run.catch(() => {});
  return run;
}

const poolBroken = () => pool.startFailures >= MAX_START_FAILURES;

function usePool(): boolean {
  if (pool.file === undefined) pool.file = certificateWorkerFile();
  if (!pool.file && !pool.warned) {
    pool.warned = true;
    console.warn(`[giấy chứng nhận] Không thấy ${WORKER_PATH.join("/")}: tạo PDF ngay trong luồng phục vụ.`);
  }
  return poolSize() > 0 && !!pool.file && !poolBroken();
}

/** A queued task done in this thread instead (the pool could not start). */
function runHere(t: Task) {
  if (!t.print) return t.resolve(Buffer.alloc(0)); // a warm-up: nothing to do
  renderHere(t.print)
    .then((bytes): Promise<Buffer | WrittenFile> | Buffer => (t.store ? writeDurably(t.store.root, newCertificateKey(t.store.year), bytes, { deferDirSync: true }) : bytes))
    .then(t.resolve, t.reject);
}

/** Plain data only: a structured clone of exactly the printed fields. */
function plainPrint(c: CertificatePrint): CertificatePrint {
  return {
    number: c.number,
    productName: c.productName,
    producerName: c.producerName,
    producerAddress: c.producerAddress,
    productGroupName: c.productGroupName,
    level: c.level,
    year: c.year,
    issuer: c.issuer,
    decisionNumber: c.decisionNumber,
    decisionDate: c.decisionDate,
    signerName: c.signerName,
    signerTitle: c.signerTitle,
    issuedOn: c.issuedOn,
    validUntil: c.validUntil,
    verifyUrl: c.verifyUrl,
    prizeName: c.prizeName ?? null,
  };
}

function submit<T extends Buffer | WrittenFile>(c: CertificatePrint, store?: Task["store"]): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    pool.queue.push({ id: pool.nextId++, print: plainPrint(c), store, resolve: resolve as Task["resolve"], reject });
    dispatch();
  });
}

/** Renders one certificate (in a worker thread when there is one); resolves to the PDF bytes. */
export function renderCertificatePdf(c: CertificatePrint): Promise<Buffer> {
  return usePool() ? submit<Buffer>(c) : renderHere(c);
}

/**
 * Renders one certificate and writes it under UPLOAD_DIR/certificates/<year>/ (see store-pdf.mjs):
 * in a worker thread when there is one, so the bytes never pass through this thread. The
 * directory is not flushed yet: the caller flushes it (syncDirsOf) before recording the file.
 */
export async function renderAndStoreCertificatePdf(c: CertificatePrint, year: number): Promise<WrittenFile> {
  if (usePool()) return submit<WrittenFile>(c, { root: uploadRoot(), year });
  return writeCertificateBytes(await renderHere(c), year, { deferDirSync: true });
}

/**
 * Starts the pool's threads now and has each render a throwaway certificate (parsing the fonts,
 * compiling the code), so that an issue that follows runs at full speed from its first
 * certificate: called when an organizer opens a certificates page with PDFs still to make. The
 * threads close again after 2 minutes without work. Resolves when they are warm (never rejects).
 */
export function warmCertificateWorkers(): Promise<void> {
  if (!usePool()) return Promise.resolve();
  const warming: Promise<unknown>[] = [];
  while (pool.slots.length < poolSize()) {
    const slot = startWorker(pool.file!);
    warming.push(
      new Promise<unknown>((resolve, reject) => {
        const id = pool.nextId++;
        slot.inflight.set(id, { id, print: undefined, resolve, reject });
        slot.worker.ref();
        slot.worker.postMessage({ id, warm: true });
      }),
    );
  }
  dispatch();
  return Promise.all(warming).then(
    () => undefined,
    () => undefined,
  );
}

/** Closes the worker threads (shutdown; idle pools close by themselves). Queued work fails. */
export async function closeCertificateWorkers(): Promise<void> {
  if (pool.idleTimer) clearTimeout(pool.idleTimer);
  pool.idleTimer = null;
  const queued = pool.queue.splice(0);
  for (const t of queued) t.reject(new Error("Luồng tạo PDF đã đóng."));
  const slots = pool.slots.slice();
  await Promise.all(
    slots.map(async (s) => {
      removeSlot(s, new Error("Luồng tạo PDF đã đóng."));
      await s.worker.terminate();
    }),
  );
}
