/**
 * A certificate PDF worker thread (see pdf.server.ts for the pool that starts it, and
 * docs/decisions/0015-certificate-pdf-workers.md). Plain ESM JavaScript outside the server bundle:
 * it needs only pdfkit, qrcode, the font packages and certificate-pdf.mjs, so it runs the same
 * under the production build, vitest and tsx.
 *
 * The fonts are parsed once, when the thread starts; the thread runs at a lower priority than the
 * serving thread (Linux). Messages in: `{ id, print, store? }` (a CertificatePrint, plain data;
 * `store: { root, year }` to write the PDF under UPLOAD_DIR, see store-pdf.mjs). Messages out:
 * `{ id, written }` (key, size, hash, path) when stored, else `{ id, bytes }` (an ArrayBuffer,
 * transferred); `{ id, error }` on failure. `{ id, warm: true }` renders a throwaway certificate
 * and answers `{ id, warmed: true }`.
 */
import os from "node:os";
import { parentPort } from "node:worker_threads";
import { loadFontsSync, renderCertificatePdfWith } from "./certificate-pdf.mjs";
import { newCertificateKey, writeDurably } from "./store-pdf.mjs";

if (!parentPort) throw new Error("pdf-worker.mjs runs as a worker thread only");
const port = parentPort;

// Below the serving thread: on Linux the nice value is per thread, so this lowers this thread only
// (CERT_PDF_WORKER_NICE, default 10; 0 keeps the normal priority). When the CPUs are busy, the
// thread that answers the public pages comes first and the certificates wait. Elsewhere
// setpriority would lower the whole process, so it is left alone.
const nice = Number(process.env.CERT_PDF_WORKER_NICE ?? 10);
if (process.platform === "linux" && Number.isInteger(nice) && nice > 0) {
  try {
    os.setPriority(0, Math.min(19, nice));
  } catch {
    /* not permitted: normal priority */
  }
}
const fonts = loadFontsSync();

/** @type {import("./certificate-pdf.mjs").CertificatePrint} */
const WARM_PRINT = {
  number: "000/GCN-KHOI-DONG",
  productName: "Bình gốm men da lươn Phù Lãng",
  producerName: "Hợp tác xã Gốm Phù Lãng",
  producerAddress: "Thôn Phù Lãng, Xã Phù Lãng, Tỉnh Bắc Ninh",
  productGroupName: "Thủ công mỹ nghệ",
  level: "province",
  year: 2026,
  issuer: "Ủy ban nhân dân tỉnh Bắc Ninh",
  decisionNumber: "1/QĐ-UBND",
  decisionDate: "2026-01-10",
  signerName: "Nguyễn Văn Thắng",
  signerTitle: "Phó Chủ tịch UBND tỉnh",
  issuedOn: "2026-02-01",
  validUntil: "2029-02-01",
  verifyUrl: "https://example.invalid/xac-thuc/khoi-dong",
};

port.on(
  "message",
  async (/** @type {{ id: number, print?: import("./certificate-pdf.mjs").CertificatePrint, store?: { root: string, year: number }, warm?: boolean }} */ msg) => {
    try {
      if (msg.warm) {
        // Warming up (the organizer opened the certificates page): one throwaway certificate
        // compiles the code and reads the font tables that the first real one would pay for.
        await renderCertificatePdfWith(WARM_PRINT, fonts);
        port.postMessage({ id: msg.id, warmed: true });
        return;
      }
      const buf = await renderCertificatePdfWith(/** @type {import("./certificate-pdf.mjs").CertificatePrint} */ (msg.print), fonts);
      if (msg.store) {
        // Stored here (temporary file, fsync, rename; the directory is flushed by the caller once
        // per batch): only the file's key, size and hash go back.
        const written = await writeDurably(msg.store.root, newCertificateKey(msg.store.year), buf, { deferDirSync: true });
        port.postMessage({ id: msg.id, written });
        return;
      }
      // A buffer of its own (not a slice of a shared pool) can be transferred without copying.
      const own = buf.byteOffset === 0 && buf.buffer.byteLength === buf.length ? buf.buffer : buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length);
      port.postMessage({ id: msg.id, bytes: own }, [/** @type {ArrayBuffer} */ (own)]);
    } catch (e) {
      port.postMessage({ id: msg.id, error: e instanceof Error ? e.stack || e.message : String(e) });
    }
  },
);
