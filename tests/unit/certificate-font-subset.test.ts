/**
 * Certificates are drawn with Noto Serif cut down to the letters Vietnamese uses
 * (app/modules/certificates/fonts/, scripts/subset-certificate-fonts.sh, decision 0042), and with
 * the full faces when a text has any other character. The cut-down faces must hold every
 * Vietnamese letter with every tone mark, shape Vietnamese exactly as the full faces do (same
 * glyph advances and mark positions, so the same line breaks), and a name in another script must
 * still come out whole.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fontsFor, loadFontsSync, parseFont, renderCertificatePdfWith, type CertificatePrint, type Fonts } from "~/modules/certificates/certificate-pdf.mjs";
import { SAMPLE_PRINT } from "../helpers/certificate-print";

const VOWELS = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"];
// No mark, huyền, sắc, hỏi, ngã, nặng (combining, then composed by NFC).
const TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"];
const LETTERS = [...VOWELS.flatMap((v) => TONES.map((t) => (v + t).normalize("NFC"))), "đ", ..."bcdghklmnpqrstvx"];
const ALPHABET = [...LETTERS, ...LETTERS.map((l) => l.toLocaleUpperCase("vi-VN"))].join("");
const PUNCTUATION = "0123456789 .,;:!?-–—/()[]«»“”‘’\"'&%+#@*_=~";

const PRINT: CertificatePrint = SAMPLE_PRINT;

const fonts = loadFontsSync();

function pdftotextOrSkip(ctx: { skip: () => void }) {
  try {
    execFileSync("pdftotext", ["-v"], { stdio: "ignore" });
  } catch {
    ctx.skip(); // poppler-utils is installed by the test command where it can (root); not here
  }
}
async function textOf(print: CertificatePrint, f: Fonts): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cnnt-cert-subset-"));
  try {
    const file = path.join(dir, "c.pdf");
    fs.writeFileSync(file, await renderCertificatePdfWith(print, f));
    return execFileSync("pdftotext", [file, "-"]).toString().normalize("NFC");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("the cut-down certificate faces", () => {
  it("are the ones loaded, and hold every Vietnamese letter with every tone mark, both cases", () => {
    expect(fonts.covers).toBeTypeOf("function");
    expect((fonts.regular as any).numGlyphs).toBeLessThan(1500);
    expect(ALPHABET.length).toBeGreaterThan(2 * (12 * 6 + 1 + 16) - 1);
    expect(fonts.covers!(ALPHABET)).toBe(true);
    expect(fonts.covers!(PUNCTUATION)).toBe(true);
    for (const face of ["regular", "bold", "italic"] as const) {
      for (const ch of ALPHABET + PUNCTUATION) expect((fonts[face] as any).hasGlyphForCodePoint(ch.codePointAt(0)), `${face} ${ch}`).toBe(true);
    }
  });

  it("shape Vietnamese exactly as the full faces do (advances and mark positions)", () => {
    const texts = [ALPHABET, "GIẤY CHỨNG NHẬN", "Độc lập - Tự do - Hạnh phúc", PRINT.productName, PRINT.producerAddress, "Ủy ban nhân dân tỉnh Quảng Nam", "Nước mắm Phú Quốc 35 độ đạm", "Người ký: Phạm Thị Hường"];
    const full = { regular: parseFont("regular"), bold: parseFont("bold"), italic: parseFont("italic") } as Record<string, any>;
    for (const face of ["regular", "bold", "italic"] as const) {
      for (const t of texts) {
        const a = (fonts[face] as any).layout(t);
        const b = full[face].layout(t);
        expect(a.advanceWidth, `${face}: ${t}`).toBe(b.advanceWidth);
        expect(a.positions.map((p: any) => [p.xAdvance, p.xOffset, p.yOffset]), `${face}: ${t}`).toEqual(b.positions.map((p: any) => [p.xAdvance, p.xOffset, p.yOffset]));
        // The same outlines (the cut-down file has no glyph names to compare).
        expect(a.glyphs.map((g: any) => g.path.toSVG()), `${face}: ${t}`).toEqual(b.glyphs.map((g: any) => g.path.toSVG()));
      }
    }
  });

  it("draw a Vietnamese certificate without the full faces", async (ctx) => {
    let fullUsed = 0;
    const f: Fonts = { ...fonts, full: () => (fullUsed++, fonts.full!()) };
    expect(fontsFor(PRINT, f)).toBe(f);
    expect(fontsFor({ ...PRINT, prizeName: "Giải Nhất", productName: "Chè Shan tuyết cổ thụ Suối Giàng «đặc biệt»" }, f)).toBe(f);
    pdftotextOrSkip(ctx);
    const text = await textOf(PRINT, f);
    expect(fullUsed).toBe(0);
    for (const s of [PRINT.productName, PRINT.producerName, PRINT.producerAddress, "Độc lập - Tự do - Hạnh phúc", "GIẤY CHỨNG NHẬN"]) expect(text).toContain(s);
  }, 60_000);

  it("fall back to the full faces for a name in another script, which comes out whole", async (ctx) => {
    let fullUsed = 0;
    const f: Fonts = { ...fonts, full: () => (fullUsed++, fonts.full!()) };
    const print = { ...PRINT, productName: "Mật ong Ωμέγα", producerName: "Công ty Жемчуг Việt" };
    expect(fontsFor(print, f)).not.toBe(f);
    expect(fullUsed).toBe(1);
    expect((fontsFor(print, f).regular as any).numGlyphs).toBeGreaterThan(3000);
    pdftotextOrSkip(ctx);
    const text = await textOf(print, f);
    expect(text).toContain("Mật ong Ωμέγα");
    expect(text).toContain("Công ty Жемчуг Việt");
  }, 60_000);
});
