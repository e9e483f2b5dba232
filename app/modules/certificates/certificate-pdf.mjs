/**
 * The certificate's layout as plain ESM JavaScript (no TypeScript, no path aliases, nothing of the
 * app), so that the PDF worker threads (pdf-worker.mjs) can load it from the source tree however
 * the app runs: the production build (build/index.js bundles the app but not the workers), vitest,
 * or tsx. The app's own code imports it too (pdf.server.ts, for rendering in this thread when
 * workers are turned off). Types: certificate-pdf.d.mts.
 *
 * A4 landscape, Noto Serif (embedded TTF with every Vietnamese glyph), a vector QR code pointing at
 * the public verification page. Every string is NFC-normalised before it is drawn, or combining
 * tone marks would land beside their letters. See docs/decisions/0006-certificate-pdf.md and
 * 0015-certificate-pdf-workers.md.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";

const require = createRequire(import.meta.url);
// pdfkit accepts an already parsed fontkit font: parsing Noto Serif (500 kB) takes ~100 ms, so
// each face is parsed once per thread and shared by every document (pdfkit subsets per document).
// fontkit is pdfkit's own dependency; resolving it from pdfkit's location gets the same copy.
const fontkit = createRequire(require.resolve("pdfkit"))("fontkit");

/** @param {string} pkg @param {string} file */
function fontFile(pkg, file) {
  return faceFrom(fs.readFileSync(require.resolve(`@expo-google-fonts/${pkg}/${file}`)));
}
/** @param {Buffer} bytes */
function faceFrom(bytes) {
  return memoiseSubsets(memoiseLayout(ownCodePoints(fontkit.create(bytes))));
}

/**
 * fontkit keeps one glyph object per glyph id for the life of the parsed face, carrying the code
 * points of whichever text first produced it, and returns that object for every later text. pdfkit
 * builds a document's ToUnicode map (what copy, search and screen readers get) from those code
 * points, so once a face served a second document, text like "men da lươn" extracted as "m n d l".
 * Here a glyph asked for with other code points comes back as a copy carrying the code points
 * asked for (a fresh face per document was right only by luck of order). Outlines and metrics are
 * shared with the original.
 * @template {{ getGlyph: (id: number, codePoints?: number[]) => any }} F
 * @param {F} font
 * @returns {F}
 */
export function ownCodePoints(font) {
  const get = font.getGlyph.bind(font);
  font.getGlyph = /** @type {F["getGlyph"]} */ (
    (/** @type {number} */ id, /** @type {number[] | undefined} */ codePoints) => {
      const glyph = get(id, codePoints);
      if (!glyph || !codePoints || !codePoints.length) return glyph;
      const have = glyph.codePoints;
      if (have && have.length === codePoints.length && have.every((/** @type {number} */ c, /** @type {number} */ i) => c === codePoints[i])) return glyph;
      return Object.assign(Object.create(Object.getPrototypeOf(glyph)), glyph, { codePoints: codePoints.slice() });
    }
  );
  return font;
}

/** Encoded subsets kept per face (each a few tens of kB). */
const SUBSET_MEMO_MAX = 16;

/**
 * Each document embeds a subset of every face it uses; encoding one (fontkit's TTFSubset: glyph
 * outlines, loca, hmtx, the other tables) is ~1 ms. The same glyphs in the same order give the same
 * bytes, and in a bulk issue many faces get exactly the same list on every certificate (the title's
 * face, the italic lines: same texts, same date), so the encoded bytes are kept by glyph list.
 * pdfkit only writes them into the document (and compresses a copy); it reads nothing else from
 * the subset after encoding. See docs/decisions/0040-certificate-layout-memo.md.
 * @template {{ createSubset: () => any }} F
 * @param {F} font
 * @returns {F}
 */
export function memoiseSubsets(font) {
  const create = font.createSubset.bind(font);
  /** @type {Map<string, Uint8Array>} */
  const encoded = new Map();
  font.createSubset = () => {
    const subset = create();
    const encode = subset.encode.bind(subset);
    subset.encode = () => {
      const key = subset.glyphs.join(",");
      let bytes = encoded.get(key);
      if (!bytes) {
        if (encoded.size >= SUBSET_MEMO_MAX) encoded.clear();
        bytes = /** @type {Uint8Array} */ (encode());
        encoded.set(key, bytes);
      }
      return bytes;
    };
    return subset;
  };
  return font;
}

/** Shaped runs kept per face; past this many the memo starts again (a few MB at most). */
const LAYOUT_MEMO_MAX = 20_000;

/**
 * Shaping (fontkit's `layout`: GSUB/GPOS lookups for the stacked Vietnamese marks) is ~40% of a
 * certificate's CPU, and pdfkit keeps its own per-word cache only for one document. Most words
 * recur on every certificate (the motto, the title, the labels, the issuer, common syllables), so
 * the parsed face remembers its runs across documents: a run is shaped once per thread, then
 * copied. pdfkit scales a run's positions in place, so every caller gets fresh position objects
 * and the remembered run stays unscaled; glyph objects are shared (fontkit shares them anyway) and
 * nobody mutates them. Only plain `layout(text)` calls are remembered (that is how pdfkit calls it
 * without OpenType features); anything else goes straight to fontkit.
 * See docs/decisions/0040-certificate-layout-memo.md.
 * @template {{ layout: (text: string, ...rest: unknown[]) => any }} F
 * @param {F} font
 * @returns {F}
 */
export function memoiseLayout(font) {
  const shape = font.layout.bind(font);
  /** @type {Map<string, any>} */
  const memo = new Map();
  /** @param {any} run */
  const copy = (run) => {
    const out = Object.assign(Object.create(Object.getPrototypeOf(run)), run);
    out.positions = run.positions.map((/** @type {object} */ p) => Object.assign(Object.create(Object.getPrototypeOf(p)), p));
    return out;
  };
  font.layout = /** @type {F["layout"]} */ (
    (/** @type {string} */ text, /** @type {unknown[]} */ ...rest) => {
      if (typeof text !== "string" || rest.some((r) => r !== undefined)) return shape(text, ...rest);
      let run = memo.get(text);
      if (!run) {
        if (memo.size >= LAYOUT_MEMO_MAX) memo.clear();
        run = shape(text);
        memo.set(text, run);
      }
      return copy(run);
    }
  );
  return font;
}

export const FONT_FILES = /** @type {const} */ ({
  regular: ["noto-serif", "400Regular/NotoSerif_400Regular.ttf"],
  bold: ["noto-serif", "700Bold/NotoSerif_700Bold.ttf"],
  italic: ["noto-serif", "400Regular_Italic/NotoSerif_400Regular_Italic.ttf"],
  boldSans: ["be-vietnam-pro", "700Bold/BeVietnamPro_700Bold.ttf"],
});

/** Parses one face (up to ~150 ms each). @param {keyof typeof FONT_FILES} key */
export function parseFont(key) {
  const [pkg, file] = FONT_FILES[key];
  return fontFile(pkg, file);
}

/**
 * Noto Serif cut down to the letters Vietnamese uses (scripts/subset-certificate-fonts.sh): a
 * thread's first certificate shapes text with these ~1,100-glyph faces instead of the full
 * 3,784-glyph ones, whose OpenType tables cost ~100 ms more to read at each thread's start.
 * Text with any other character is drawn with the full faces (see `fontsFor`).
 * See docs/decisions/0042-certificate-font-subset.md.
 */
export const VI_FONT_FILES = /** @type {const} */ ({
  regular: "NotoSerif_400Regular-vi.ttf",
  bold: "NotoSerif_700Bold-vi.ttf",
  italic: "NotoSerif_400Regular_Italic-vi.ttf",
});
const VI_FONT_DIR = ["app", "modules", "certificates", "fonts"];

/**
 * The folder of the cut-down faces: beside this file when it runs from the source tree (the
 * worker threads, vitest, tsx), or found above the bundle or the working directory (this file is
 * also bundled into build/index.js). Null when missing: the full faces are used.
 * @returns {string | null}
 */
function viFontDir() {
  /** @type {string[]} */
  const starts = [];
  try {
    starts.push(path.dirname(fileURLToPath(import.meta.url)));
  } catch {
    /* not a file: URL */
  }
  starts.push(process.cwd());
  for (const start of starts) {
    let dir = start;
    for (let i = 0; i < 8; i++) {
      const d = path.join(dir, ...VI_FONT_DIR);
      if (fs.existsSync(path.join(d, VI_FONT_FILES.regular))) return d;
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return null;
}

/** @type {import("./certificate-pdf.mjs").Fonts | undefined} */
let parsed;
/** @type {import("./certificate-pdf.mjs").Fonts | undefined} */
let parsedFull;
/** Parses every full face once per thread (synchronously). */
function loadFullFontsSync() {
  if (!parsedFull) {
    /** @type {any} */
    const out = {};
    for (const key of /** @type {(keyof typeof FONT_FILES)[]} */ (Object.keys(FONT_FILES))) out[key] = parseFont(key);
    parsedFull = out;
  }
  return /** @type {import("./certificate-pdf.mjs").Fonts} */ (parsedFull);
}

/**
 * Parses the faces once per thread (synchronously: meant for a worker thread): the cut-down
 * Vietnamese serif faces, with the full faces behind them (`full`, parsed on first need) and the
 * code points the cut-down faces have (`covers`). Without the cut-down files: the full faces.
 * @returns {import("./certificate-pdf.mjs").Fonts}
 */
export function loadFontsSync() {
  if (parsed) return parsed;
  const dir = viFontDir();
  if (!dir) return (parsed = loadFullFontsSync());
  /** @type {any} */
  const f = {
    regular: faceFrom(fs.readFileSync(path.join(dir, VI_FONT_FILES.regular))),
    bold: faceFrom(fs.readFileSync(path.join(dir, VI_FONT_FILES.bold))),
    italic: faceFrom(fs.readFileSync(path.join(dir, VI_FONT_FILES.italic))),
    boldSans: parseFont("boldSans"),
  };
  // The three faces are cut to the same characters; a character drawn must be in all three.
  /** @type {Set<number>} */
  const have = new Set(f.regular.characterSet);
  for (const face of [f.bold, f.italic]) {
    const own = new Set(face.characterSet);
    for (const cp of have) if (!own.has(cp)) have.delete(cp);
  }
  f.covers = (/** @type {string} */ text) => {
    for (const ch of text) {
      const cp = /** @type {number} */ (ch.codePointAt(0));
      // Line breaks and other controls are never drawn as glyphs.
      if (cp >= 0x20 && !have.has(cp)) return false;
    }
    return true;
  };
  f.full = loadFullFontsSync;
  return (parsed = f);
}

/**
 * The faces to draw this certificate with: the cut-down ones when they have every character of
 * its text (as drawn: NFC, and upper-cased where the layout upper-cases), else the full ones.
 * @param {import("./certificate-pdf.mjs").CertificatePrint} c
 * @param {import("./certificate-pdf.mjs").Fonts} f
 * @returns {import("./certificate-pdf.mjs").Fonts}
 */
export function fontsFor(c, f) {
  if (!f.covers || !f.full) return f;
  const texts = [c.number, c.productName, c.producerName, c.producerAddress, c.productGroupName, c.issuer, c.decisionNumber, c.signerName, c.signerTitle, c.verifyUrl, c.prizeName ?? ""];
  for (const t of texts) {
    const text = nfc(String(t ?? ""));
    if (!f.covers(text) || !f.covers(text.toLocaleUpperCase("vi-VN"))) return f.full();
  }
  return f;
}

/** "01/02/2026" from "2026-02-01" (as app/lib/dates.ts formatDate). @param {string | null | undefined} isoDate */
function formatDate(isoDate) {
  if (!isoDate) return "—";
  const [y, m, d] = isoDate.slice(0, 10).split("-");
  return `${d}/${m}/${y}`;
}

/** @type {Record<string, string>} */
const LEVEL_TITLE = {
  commune: "CẤP XÃ",
  district: "CẤP HUYỆN",
  province: "CẤP TỈNH",
  region: "CẤP KHU VỰC",
  national: "CẤP QUỐC GIA",
};

const RED = "#a3281d";
const GOLD = "#c9962b";
const INK = "#1d1d1f";

/** @param {string} s */
const nfc = (s) => s.normalize("NFC");
/** Vietnamese upper case (JS handles the accented letters and đ). */
/** @param {string} s */
const upper = (s) => nfc(s).toLocaleUpperCase("vi-VN");

/** @param {string} iso */
function dateWords(iso) {
  const [y, m, d] = iso.split("-");
  return `ngày ${d} tháng ${m} năm ${y}`;
}

/** Draws the QR code as vector squares (sharp at any zoom, nothing to decode). */
/** @param {PDFKit.PDFDocument} doc @param {string} text @param {number} x @param {number} y @param {number} size */
function drawQr(doc, text, x, y, size) {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = size / (n + quiet * 2);
  doc.save();
  doc.rect(x, y, size, size).fill("#ffffff");
  doc.fillColor("#000000");
  for (let r = 0; r < n; r++) {
    // One rectangle per horizontal run of dark cells (a third as many path operations as one per
    // cell, the same picture). A hair of overlap avoids white seams between cells in some viewers.
    for (let c = 0; c < n; c++) {
      if (!qr.modules.data[r * n + c]) continue;
      let end = c + 1;
      while (end < n && qr.modules.data[r * n + end]) end++;
      doc.rect(x + (c + quiet) * cell, y + (r + quiet) * cell, (end - c) * cell + 0.05, cell + 0.05);
      c = end;
    }
  }
  doc.fill();
  doc.restore();
}

/** Largest font size (down to `min`) at which `text` fits in `lines` lines of `width`. */
/** @param {PDFKit.PDFDocument} doc @param {string} font @param {string} text @param {number} width @param {number} start @param {number} min @param {number} lines */
function fitSize(doc, font, text, width, start, min, lines) {
  doc.font(font);
  for (let size = start; size > min; size -= 1) {
    doc.fontSize(size);
    if (doc.heightOfString(text, { width, align: "center" }) <= doc.currentLineHeight(true) * lines + 1) return size;
  }
  return min;
}

/**
 * Renders one certificate with the parsed faces (see loadFonts); resolves to the PDF bytes.
 * @param {import("./certificate-pdf.mjs").CertificatePrint} c
 * @param {import("./certificate-pdf.mjs").Fonts} faces
 * @returns {Promise<Buffer>}
 */
export async function renderCertificatePdfWith(c, faces) {
  const f = fontsFor(c, faces);
  const issued = new Date(`${c.issuedOn}T00:00:00Z`);
  const doc = new PDFDocument({
    size: "A4",
    layout: "landscape",
    margin: 0,
    // No default face: pdfkit would otherwise read and parse Helvetica's AFM for every document
    // (~1 ms), and every string here is drawn in one of the embedded faces below.
    font: null,
    info: {
      Title: nfc(`Giấy chứng nhận ${c.number} - ${c.productName}`),
      Author: nfc(c.issuer),
      Subject: "Giấy chứng nhận sản phẩm công nghiệp nông thôn tiêu biểu",
      CreationDate: issued,
      ModDate: issued,
    },
  });
  doc.registerFont("serif", f.regular);
  doc.registerFont("serif-bold", f.bold);
  doc.registerFont("serif-italic", f.italic);
  doc.registerFont("sans-bold", f.boldSans);

  /** @type {Buffer[]} */
  const chunks = [];
  /** @type {Promise<Buffer>} */
  const done = new Promise((resolve, reject) => {
    doc.on("data", (/** @type {Buffer} */ b) => chunks.push(b));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const W = doc.page.width; // 841.89
  const H = doc.page.height; // 595.28

  // Frame: a thick red line and a thin gold one inside.
  doc.lineWidth(6).strokeColor(RED).rect(18, 18, W - 36, H - 36).stroke();
  doc.lineWidth(1.2).strokeColor(GOLD).rect(28, 28, W - 56, H - 56).stroke();

  doc.fillColor(INK);
  const colW = 330;
  // Left head: the issuer and the number.
  doc.font("serif-bold").fontSize(12).text(upper(c.issuer), 50, 48, { width: colW, align: "center" });
  const afterIssuer = doc.y;
  doc.moveTo(50 + colW / 2 - 40, afterIssuer + 3).lineTo(50 + colW / 2 + 40, afterIssuer + 3).lineWidth(0.8).strokeColor(INK).stroke();
  doc.font("serif").fontSize(11).text(nfc(`Số: ${c.number}`), 50, afterIssuer + 10, { width: colW, align: "center" });

  // Right head: the national motto.
  const rx = W - 50 - colW - 30;
  doc.font("serif-bold").fontSize(12).text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", rx, 48, { width: colW + 30, align: "center" });
  doc.font("serif-bold").fontSize(12).text("Độc lập - Tự do - Hạnh phúc", rx, doc.y + 1, { width: colW + 30, align: "center" });
  const mottoW = doc.widthOfString("Độc lập - Tự do - Hạnh phúc");
  const my = doc.y + 2;
  doc.moveTo(rx + (colW + 30 - mottoW) / 2, my).lineTo(rx + (colW + 30 + mottoW) / 2, my).lineWidth(0.8).stroke();

  // Title.
  const inner = { x: 60, w: W - 120 };
  doc.fillColor(RED).font("sans-bold").fontSize(34).text("GIẤY CHỨNG NHẬN", inner.x, 122, { width: inner.w, align: "center", characterSpacing: 1 });
  doc.fillColor(INK).font("serif-bold").fontSize(15).text(
    upper(`Sản phẩm công nghiệp nông thôn tiêu biểu ${LEVEL_TITLE[c.level]} năm ${c.year}`),
    inner.x,
    doc.y + 4,
    { width: inner.w, align: "center" },
  );

  // Product name: as large as fits in two lines.
  doc.font("serif-italic").fontSize(13).text("Chứng nhận sản phẩm", inner.x, doc.y + 14, { width: inner.w, align: "center" });
  const product = nfc(c.productName);
  const size = fitSize(doc, "serif-bold", product, inner.w - 60, 26, 12, 2);
  doc.fillColor(RED).font("serif-bold").fontSize(size).text(product, inner.x + 30, doc.y + 4, { width: inner.w - 60, align: "center" });
  // The prize, when the council gave one (issue 14).
  if (c.prizeName) {
    doc.fillColor(INK).font("serif-bold").fontSize(14).text(upper(`Đạt ${c.prizeName}`), inner.x + 30, doc.y + 2, { width: inner.w - 60, align: "center" });
  }

  // Facts.
  doc.fillColor(INK);
  const factX = 120;
  const factW = W - 240;
  let y = doc.y + 12;
  /** @param {string} label @param {string} value */
  const fact = (label, value) => {
    doc.font("serif").fontSize(12.5);
    doc.text(nfc(`${label}: `), factX, y, { width: factW, continued: true });
    doc.font("serif-bold").text(nfc(value), { width: factW });
    y = doc.y + 3;
  };
  fact("Cơ sở sản xuất", c.producerName);
  fact("Địa chỉ", c.producerAddress);
  fact("Nhóm sản phẩm", c.productGroupName);
  doc.font("serif").fontSize(12.5).text(
    nfc(`Được công nhận theo Quyết định số ${c.decisionNumber} ngày ${formatDate(c.decisionDate)} của ${c.issuer}.`),
    factX,
    y,
    { width: factW },
  );
  y = doc.y + 3;
  doc.font("serif").fontSize(12.5).text("Giấy chứng nhận có giá trị đến hết ngày ", factX, y, { width: factW, continued: true });
  doc.font("serif-bold").text(formatDate(c.validUntil), { continued: true });
  doc.font("serif").text(".");

  // Bottom left: QR code and how to verify.
  const qrSize = 104;
  const qrX = 56;
  const qrY = H - 56 - qrSize - 30;
  drawQr(doc, c.verifyUrl, qrX, qrY, qrSize);
  doc.font("serif-italic").fontSize(9).fillColor(INK).text("Quét mã QR để xác thực giấy chứng nhận", qrX + qrSize + 8, qrY + 30, { width: 180 });
  doc.font("serif").fontSize(7.5).fillColor("#444444").text(nfc(c.verifyUrl), qrX + qrSize + 8, doc.y + 3, { width: 190 });

  // Bottom right: date and signer.
  const sx = W - 60 - 320;
  const sy = H - 56 - 150;
  doc.fillColor(INK).font("serif-italic").fontSize(12).text(nfc(dateWords(c.issuedOn).replace(/^n/, "N")), sx, sy, { width: 320, align: "center" });
  doc.font("serif-bold").fontSize(12.5).text(upper(c.signerTitle), sx, doc.y + 4, { width: 320, align: "center" });
  doc.font("serif-bold").fontSize(13).text(nfc(c.signerName), sx, H - 56 - 34, { width: 320, align: "center" });

  doc.end();
  return await done;
}
