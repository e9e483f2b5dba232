/**
 * The certificate faces remember shaped runs and encoded subsets across documents
 * (certificate-pdf.mjs, decision 0040). That must not change a single byte: a sequence of
 * certificates rendered with the remembering faces equals the same sequence rendered with plain
 * fontkit faces, and what pdfkit scales in place never leaks into the next caller's run. And a face
 * shared by several documents must give each glyph the code points of the text being drawn, or
 * the second certificate's text cannot be copied or searched (ownCodePoints).
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { newReportDoc } from "~/modules/reports/pdf-kit.server";
import { FONT_FILES, loadFontsSync, memoiseLayout, memoiseSubsets, ownCodePoints, renderCertificatePdfWith, type CertificatePrint, type Fonts } from "~/modules/certificates/certificate-pdf.mjs";
import { SAMPLE_PRINT } from "../helpers/certificate-print";

const require = createRequire(import.meta.url);
// fontkit as pdfkit loads it (its own dependency).
const fontkit = createRequire(require.resolve("pdfkit"))("fontkit") as { create(b: Buffer): any };
/** fontkit's faces as they come (rawFonts) and with only the code-point fix (plainFonts). */
const rawFonts = (): Fonts =>
  Object.fromEntries(
    (Object.keys(FONT_FILES) as (keyof typeof FONT_FILES)[]).map((k) => {
      const [pkg, file] = FONT_FILES[k];
      return [k, fontkit.create(fs.readFileSync(require.resolve(`@expo-google-fonts/${pkg}/${file}`)))];
    }),
  ) as unknown as Fonts;
const plainFonts = (): Fonts => Object.fromEntries(Object.entries(rawFonts()).map(([k, f]) => [k, ownCodePoints(f as any)])) as unknown as Fonts;
const remembering = (): Fonts => Object.fromEntries(Object.entries(plainFonts()).map(([k, f]) => [k, memoiseSubsets(memoiseLayout(f))])) as unknown as Fonts;

const BASE: CertificatePrint = SAMPLE_PRINT;
/** Repeats, new words, a long name that wraps and shrinks, a prize, another date. */
const SEQUENCE: CertificatePrint[] = [
  BASE,
  { ...BASE, number: "13/GCN-TINH-2026", productName: "Nón lá Chuông", verifyUrl: "https://example.invalid/xac-thuc/EFGH5678" },
  BASE,
  {
    ...BASE,
    number: "14/GCN-TINH-2026",
    productName: "Bộ ấm chén gốm sứ Bát Tràng vẽ tay hoa sen cao cấp dành cho quà tặng doanh nghiệp và khách du lịch quốc tế",
    producerName: "Công ty TNHH Gốm sứ Nguyễn Thị Hường — Bát Tràng",
    prizeName: "Giải Nhất",
  },
  { ...BASE, number: "15/GCN-TINH-2026", issuedOn: "2026-03-15", validUntil: "2029-03-15", productName: "Nước mắm Cát Hải 35 độ đạm" },
  BASE,
];

describe("certificate faces shared across documents", () => {
  it("render every certificate of a sequence byte for byte as plain faces do", async () => {
    const plain = plainFonts();
    const memo = remembering();
    for (const [i, print] of SEQUENCE.entries()) {
      const a = await renderCertificatePdfWith(print, plain);
      const b = await renderCertificatePdfWith(print, memo);
      expect(b.length, `certificate ${i}`).toBe(a.length);
      expect(b.equals(a), `certificate ${i}`).toBe(true);
      expect(a.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    }
  }, 60_000);

  it("hand every caller its own positions, unscaled, equal to fontkit's", () => {
    const plain = plainFonts().regular as any;
    const memo = memoiseLayout(plainFonts().regular as any);
    const first = memo.layout("Phù Lãng");
    const want = plain.layout("Phù Lãng");
    expect(first.positions.map((p: object) => ({ ...p }))).toEqual(want.positions.map((p: object) => ({ ...p })));
    expect(first.glyphs.map((g: { id: number }) => g.id)).toEqual(want.glyphs.map((g: { id: number }) => g.id));
    expect(first.advanceWidth).toBe(want.advanceWidth);
    // What pdfkit does to a run (scale in place) stays in that caller's copy.
    for (const p of first.positions) p.xAdvance *= 0.5;
    const second = memo.layout("Phù Lãng");
    expect(second).not.toBe(first);
    expect(second.positions[0]).not.toBe(first.positions[0]);
    expect(second.advanceWidth).toBe(want.advanceWidth);
    // Calls with OpenType features are not remembered: they answer as fontkit does.
    expect(memo.layout("ffi", ["liga"]).glyphs.map((g: { id: number }) => g.id)).toEqual(plain.layout("ffi", ["liga"]).glyphs.map((g: { id: number }) => g.id));
  });

  it("encode a subset of the same glyphs to the same bytes as fontkit", () => {
    const plain = plainFonts().bold as any;
    const memo = memoiseSubsets(plainFonts().bold as any);
    const glyphsOf = (font: any, text: string) => font.layout(text).glyphs as { id: number }[];
    const subsetOf = (font: any, text: string) => {
      const s = font.createSubset();
      for (const g of glyphsOf(font, text)) s.includeGlyph(g.id);
      return Buffer.from(s.encode() as Uint8Array);
    };
    for (const text of ["GIẤY CHỨNG NHẬN", "Độc lập - Tự do - Hạnh phúc", "GIẤY CHỨNG NHẬN"]) {
      expect(subsetOf(memo, text).equals(subsetOf(plain, text))).toBe(true);
    }
  });

  it("give a glyph the code points of the text drawn, whoever made the glyph first", () => {
    const raw = rawFonts().bold as any;
    const fixed = ownCodePoints(rawFonts().bold as any);
    for (const font of [raw, fixed]) {
      // Subsetting a compound glyph such as "á" creates its base "a" without code points.
      // (fontkit's own cmap lookup: glyphForCodePoint would make the glyph with its code point.)
      font.getGlyph(font._cmapProcessor.lookup(0x61));
    }
    const codes = (font: any) => font.layout("da lươn").glyphs.map((g: { codePoints: number[] }) => g.codePoints);
    expect(codes(raw)).toContainEqual([]); // fontkit's own behaviour: the first maker's (none)
    expect(codes(fixed)).toEqual([[0x64], [0x61], [0x20], [0x6c], [0x1b0], [0x1a1], [0x6e]]);
  });

  it("let the second certificate of a thread be read back as text (pdftotext)", async (ctx) => {
    try {
      execFileSync("pdftotext", ["-v"], { stdio: "ignore" });
    } catch {
      ctx.skip(); // poppler-utils is installed by the test command where it can (root); not here
    }
    const fonts = loadFontsSync();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cnnt-cert-text-"));
    try {
      await renderCertificatePdfWith({ ...BASE, productName: "Nón lá Chuông" }, fonts);
      const file = path.join(dir, "second.pdf");
      fs.writeFileSync(file, await renderCertificatePdfWith(BASE, fonts));
      const text = execFileSync("pdftotext", [file, "-"]).toString().normalize("NFC");
      for (const s of [BASE.productName, BASE.producerName, BASE.producerAddress, "Độc lập - Tự do - Hạnh phúc", "GIẤY CHỨNG NHẬN"]) expect(text).toContain(s);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("report PDFs (minutes, score sheets, receipts, forms) share their faces too", () => {
  it("the second report of a process reads back as text (pdftotext)", async (ctx) => {
    try {
      execFileSync("pdftotext", ["-v"], { stdio: "ignore" });
    } catch {
      ctx.skip(); // poppler-utils is installed by the test command where it can (root); not here
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cnnt-report-text-"));
    try {
      const write = async (text: string) => {
        const { doc, done } = await newReportDoc({ title: "Biên bản", author: "Hội đồng", subject: "Thử", date: new Date("2026-02-01T00:00:00Z") });
        doc.font("serif-bold").fontSize(14).text("Nón lá Chuông: Á À Ả Ã Ạ á à ả ã ạ", 56, 60, { width: 480 });
        doc.font("serif").fontSize(12).text(text, 56, 100, { width: 480 });
        doc.end();
        return done;
      };
      await write("Bản thứ nhất");
      const file = path.join(dir, "second.pdf");
      fs.writeFileSync(file, await write("Bình gốm men da lươn Phù Lãng, Hợp tác xã Gốm Phù Lãng"));
      const text = execFileSync("pdftotext", [file, "-"]).toString().normalize("NFC");
      expect(text).toContain("Bình gốm men da lươn Phù Lãng, Hợp tác xã Gốm Phù Lãng");
      expect(text).toContain("Nón lá Chuông");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
