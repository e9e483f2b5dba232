/** Real files for upload tests: PDFs made with pdfkit, PNGs with pngjs. */
import fs from "node:fs";
import path from "node:path";
import PDFDocument from "pdfkit";
import { PNG } from "pngjs";

export function makePdf(title = "Phieu dang ky"): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: "A4", compress: false });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.fontSize(18).text(title);
    doc.end();
  });
}

/** A PNG of the given size and colour (different colours give different bytes). */
export function makePng(width = 64, height = 48, rgb: [number, number, number] = [180, 60, 40]): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) {
    png.data[i * 4] = rgb[0];
    png.data[i * 4 + 1] = (rgb[1] + i) % 256;
    png.data[i * 4 + 2] = rgb[2];
    png.data[i * 4 + 3] = 255;
  }
  return PNG.sync.write(png);
}

/** Writes files into a directory for a browser's file input; returns their paths. */
export function writeFiles(dir: string, files: Record<string, Buffer>): Record<string, string> {
  fs.mkdirSync(dir, { recursive: true });
  const out: Record<string, string> = {};
  for (const [name, data] of Object.entries(files)) {
    out[name] = path.join(dir, name);
    fs.writeFileSync(out[name]!, data);
  }
  return out;
}

/** Every file under a directory (recursively), relative paths. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile());
}
