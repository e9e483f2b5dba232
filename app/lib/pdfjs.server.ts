import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/**
 * Where the installed pdfjs-dist lives and its version. Its prebuilt browser files are served as
 * they are from /pdfjs/<version>/… (app/routes/pdfjs.$.tsx), not bundled: the Remix compiler's
 * esbuild mis-compiles pdf.js's class static blocks.
 */
const require = createRequire(import.meta.url);
let info: { root: string; version: string } | null = null;

export function pdfjsPackage(): { root: string; version: string } {
  if (!info) {
    const file = require.resolve("pdfjs-dist/package.json");
    info = { root: path.dirname(file), version: (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version };
  }
  return info;
}

/** The address prefix of pdf.js's files for the browser, ending in "/". */
export function pdfjsBase(): string {
  return `/pdfjs/${pdfjsPackage().version}/`;
}
