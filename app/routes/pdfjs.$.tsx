import fs from "node:fs";
import path from "node:path";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { pdfjsPackage } from "~/lib/pdfjs.server";

/**
 * pdf.js (the library, its worker and its standard font data), from the installed pdfjs-dist
 * package, on the app's own origin: the CSP allows scripts and workers from 'self' only, no CDN.
 * The dossier viewer (app/ui/PdfViewer.tsx) loads /pdfjs/<version>/pdf.min.mjs and its worker; the
 * version in the path makes each answer immutable, so it is cached for a year, and a new pdfjs-dist
 * gets new addresses. The legacy build: it runs on older phone browsers too. Read once, then from memory.
 */
const FILES: Record<string, { file: string; type: string }> = {
  "pdf.min.mjs": { file: "legacy/build/pdf.min.mjs", type: "text/javascript; charset=utf-8" },
  "pdf.worker.min.mjs": { file: "legacy/build/pdf.worker.min.mjs", type: "text/javascript; charset=utf-8" },
};
const FONT = /^standard_fonts\/([A-Za-z0-9_-]+\.(pfb|ttf))$/;
const cache = new Map<string, Buffer>();

export async function loader({ params }: LoaderFunctionArgs) {
  const { root, version: v } = pdfjsPackage();
  const splat = params["*"] ?? "";
  const slash = splat.indexOf("/");
  const askedVersion = splat.slice(0, slash);
  const rest = splat.slice(slash + 1);
  const known = FILES[rest];
  const font = FONT.exec(rest);
  if (slash < 0 || askedVersion !== v || (!known && !font)) {
    return new Response("Không tìm thấy tệp.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  }
  const rel = known ? known.file : `standard_fonts/${font![1]}`;
  let body = cache.get(rel);
  if (!body) {
    try {
      body = fs.readFileSync(path.join(root, rel));
    } catch {
      return new Response("Không tìm thấy tệp.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
    }
    cache.set(rel, body);
  }
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": known ? known.type : font![2] === "ttf" ? "font/ttf" : "application/octet-stream",
      "Content-Length": String(body.length),
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
