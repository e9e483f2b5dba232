/**
 * What the report PDFs share: Noto Serif faces (embedded TTF with every Vietnamese glyph, parsed
 * once per process the way app/modules/certificates/pdf.server.ts does), NFC normalisation of
 * every string drawn, an A4 portrait document that never breaks pages by itself, and the helpers
 * that draw a bordered table cell and the national header.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import { ownCodePoints } from "~/modules/certificates/certificate-pdf.mjs";

const require = createRequire(import.meta.url);
// fontkit is pdfkit's own dependency; resolving it from pdfkit's location gets the same copy.
const fontkit = createRequire(require.resolve("pdfkit"))("fontkit") as { create(b: Buffer): unknown };

type FontSource = PDFKit.Mixins.PDFFontSource;

const FONT_FILES = {
  serif: "400Regular/NotoSerif_400Regular.ttf",
  "serif-bold": "700Bold/NotoSerif_700Bold.ttf",
  "serif-italic": "400Regular_Italic/NotoSerif_400Regular_Italic.ttf",
  "serif-bold-italic": "700Bold_Italic/NotoSerif_700Bold_Italic.ttf",
} as const;
export type FontName = keyof typeof FONT_FILES;

let fonts: Promise<Record<FontName, FontSource>> | undefined;
/** Parses the faces once, one per turn of the event loop (each takes up to ~150 ms). */
function loadFonts(): Promise<Record<FontName, FontSource>> {
  return (fonts ??= (async () => {
    const out: Partial<Record<FontName, FontSource>> = {};
    for (const [name, file] of Object.entries(FONT_FILES) as [FontName, string][]) {
      // Shared by every document of this process: glyphs must carry the code points of the text
      // that asked for them, or the second document's copied text loses letters (see ownCodePoints).
      out[name] = ownCodePoints(fontkit.create(fs.readFileSync(require.resolve(`@expo-google-fonts/noto-serif/${file}`))) as { getGlyph: (id: number, codePoints?: number[]) => unknown }) as unknown as FontSource;
      await new Promise<void>((r) => setImmediate(r));
    }
    return out as Record<FontName, FontSource>;
  })());
}

/** NFC, or combining tone marks land beside their letters. */
export const nfc = (s: string) => s.normalize("NFC");
/** Vietnamese upper case. */
export const upper = (s: string) => nfc(s).toLocaleUpperCase("vi-VN");

export const INK = "#111111";
export const GREY = "#555555";
export const RULE = "#333333";
export const SHADE = "#eeeeee";

/** A4 portrait in points, with the margins every report uses. */
export const PAGE = { width: 595.28, height: 841.89, left: 56, right: 42, top: 42, bottom: 48 } as const;
export const CONTENT_WIDTH = PAGE.width - PAGE.left - PAGE.right;

export interface ReportDoc {
  doc: PDFKit.PDFDocument;
  done: Promise<Buffer>;
}

/** A4 portrait document with the fonts registered; margin 0 so pdfkit never adds pages itself. */
export async function newReportDoc(info: { title: string; author: string; subject: string; date: Date }): Promise<ReportDoc> {
  const f = await loadFonts();
  const doc = new PDFDocument({
    size: "A4",
    layout: "portrait",
    margin: 0,
    bufferPages: true,
    autoFirstPage: true,
    info: { Title: nfc(info.title), Author: nfc(info.author), Subject: nfc(info.subject), CreationDate: info.date, ModDate: info.date },
  });
  for (const name of Object.keys(FONT_FILES) as FontName[]) doc.registerFont(name, f[name]);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (b: Buffer) => chunks.push(b));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  doc.fillColor(INK);
  return { doc, done };
}

export interface TextStyle {
  font: FontName;
  size: number;
  align?: "left" | "center" | "right";
  color?: string;
}

/** Height of a text in a box of this width (never below one line). */
export function textHeight(doc: PDFKit.PDFDocument, text: string, width: number, style: TextStyle): number {
  doc.font(style.font).fontSize(style.size);
  return Math.max(doc.heightOfString(nfc(text || " "), { width, align: style.align ?? "left", lineGap: 1 }), doc.currentLineHeight(true));
}

/** Draws text at (x, y) in a box of this width; returns the y below it. */
export function drawText(doc: PDFKit.PDFDocument, text: string, x: number, y: number, width: number, style: TextStyle): number {
  const h = textHeight(doc, text, width, style);
  doc.font(style.font).fontSize(style.size).fillColor(style.color ?? INK);
  doc.text(nfc(text), x, y, { width, align: style.align ?? "left", lineGap: 1, lineBreak: true });
  doc.fillColor(INK);
  return y + h;
}

export interface Column {
  width: number;
  align?: "left" | "center" | "right";
}

export interface Cell {
  text: string;
  style?: Partial<TextStyle>;
}

const PAD_X = 4;
const PAD_Y = 3;

/** Height of a table row (the tallest cell, padded). */
export function rowHeight(doc: PDFKit.PDFDocument, columns: readonly Column[], cells: readonly Cell[], base: TextStyle, minHeight = 0): number {
  let h = 0;
  cells.forEach((c, i) => {
    const col = columns[i]!;
    h = Math.max(h, textHeight(doc, c.text, col.width - 2 * PAD_X, { ...base, align: col.align, ...c.style }));
  });
  return Math.max(minHeight, h + 2 * PAD_Y);
}

/** Draws a bordered table row at y; returns the y below it. Cells are vertically centred. */
export function drawRow(
  doc: PDFKit.PDFDocument,
  x: number,
  y: number,
  columns: readonly Column[],
  cells: readonly Cell[],
  base: TextStyle,
  opts: { fill?: string; minHeight?: number } = {},
): number {
  const h = rowHeight(doc, columns, cells, base, opts.minHeight);
  const total = columns.reduce((a, c) => a + c.width, 0);
  if (opts.fill) doc.save().rect(x, y, total, h).fill(opts.fill).restore();
  let cx = x;
  cells.forEach((c, i) => {
    const col = columns[i]!;
    const style: TextStyle = { ...base, align: col.align, ...c.style };
    const th = textHeight(doc, c.text, col.width - 2 * PAD_X, style);
    drawText(doc, c.text, cx + PAD_X, y + (h - th) / 2, col.width - 2 * PAD_X, style);
    cx += col.width;
  });
  doc.save().lineWidth(0.6).strokeColor(RULE);
  doc.rect(x, y, total, h).stroke();
  cx = x;
  for (const col of columns.slice(0, -1)) {
    cx += col.width;
    doc.moveTo(cx, y).lineTo(cx, y + h).stroke();
  }
  doc.restore();
  return y + h;
}

/**
 * The head of an official document: the issuing body on the left (upper case, bold, with a short
 * rule below), the national motto on the right. Returns the y below it.
 */
export function drawOfficialHeader(doc: PDFKit.PDFDocument, leftLines: { text: string; bold: boolean }[], y: number): number {
  const leftW = 220;
  const rightW = CONTENT_WIDTH - leftW - 10;
  const rx = PAGE.left + leftW + 10;
  let ly = y;
  for (const l of leftLines) ly = drawText(doc, upper(l.text), PAGE.left, ly, leftW, { font: l.bold ? "serif-bold" : "serif", size: 10, align: "center" });
  doc.save().lineWidth(0.6).strokeColor(INK).moveTo(PAGE.left + leftW / 2 - 35, ly + 3).lineTo(PAGE.left + leftW / 2 + 35, ly + 3).stroke().restore();
  let ry = drawText(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", rx, y, rightW, { font: "serif-bold", size: 10, align: "center" });
  ry = drawText(doc, "Độc lập - Tự do - Hạnh phúc", rx, ry, rightW, { font: "serif-bold", size: 10.5, align: "center" });
  doc.font("serif-bold").fontSize(10.5);
  const mw = doc.widthOfString("Độc lập - Tự do - Hạnh phúc");
  doc.save().lineWidth(0.6).strokeColor(INK).moveTo(rx + (rightW - mw) / 2, ry + 2).lineTo(rx + (rightW + mw) / 2, ry + 2).stroke().restore();
  return Math.max(ly + 6, ry + 6);
}

/** "ngày 05 tháng 12 năm 2026" from "2026-12-05". */
export function dateWords(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split("-");
  return `ngày ${d} tháng ${m} năm ${y}`;
}

/** "Trang 1/3" at the foot of every buffered page, with an optional text on the left. */
export function drawPageNumbers(doc: PDFKit.PDFDocument, left: (index: number) => string = () => ""): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = PAGE.height - PAGE.bottom + 18;
    drawText(doc, left(i - range.start), PAGE.left, y, CONTENT_WIDTH - 80, { font: "serif-italic", size: 8, color: GREY });
    drawText(doc, `Trang ${i - range.start + 1}/${range.count}`, PAGE.width - PAGE.right - 80, y, 80, { font: "serif-italic", size: 8, align: "right", color: GREY });
  }
}

export { formatPoints } from "./reports";
