/** Types of certificate-pdf.mjs (the certificate's layout, shared by the worker threads). */
import type { RoundLevel } from "~db/schema";

/** Everything printed on a certificate (plain, serialisable data: it is posted to a worker). */
export interface CertificatePrint {
  number: string;
  productName: string;
  producerName: string;
  producerAddress: string;
  productGroupName: string;
  level: RoundLevel;
  year: number;
  issuer: string;
  decisionNumber: string;
  decisionDate: string; // YYYY-MM-DD
  signerName: string;
  signerTitle: string;
  issuedOn: string; // YYYY-MM-DD
  validUntil: string; // YYYY-MM-DD
  verifyUrl: string;
  /** The prize the entry received (issue 14), printed under the product name; absent or null: none. */
  prizeName?: string | null;
}

type FontSource = PDFKit.Mixins.PDFFontSource;
export interface Fonts {
  regular: FontSource;
  bold: FontSource;
  italic: FontSource;
  boldSans: FontSource;
  /** Cut-down faces only: whether they have every character of the text. */
  covers?: (text: string) => boolean;
  /** Cut-down faces only: the full faces, parsed on first call. */
  full?: () => Fonts;
}
export declare const FONT_FILES: Record<"regular" | "bold" | "italic" | "boldSans", readonly [string, string]>;
/** Parses one face (up to ~150 ms). */
export declare function parseFont(key: keyof typeof FONT_FILES): FontSource;
/** The cut-down Vietnamese serif faces (app/modules/certificates/fonts/). */
export declare const VI_FONT_FILES: Record<"regular" | "bold" | "italic", string>;
/** Parses the faces once per thread, synchronously: cut-down serif faces with the full ones behind. */
export declare function loadFontsSync(): Fonts;
/** The faces a certificate is drawn with: the cut-down ones when they cover its text, else the full ones. */
export declare function fontsFor(c: CertificatePrint, f: Fonts): Fonts;
/** Renders one certificate with parsed faces; resolves to the PDF bytes. */
export declare function renderCertificatePdfWith(c: CertificatePrint, f: Fonts): Promise<Buffer>;
/** Remembers a face's plain `layout(text)` runs across documents (copies out; see the .mjs). */
export declare function memoiseLayout<F extends { layout: (text: string, ...rest: unknown[]) => unknown }>(font: F): F;
/** Remembers a face's encoded subsets by glyph list, across documents (see the .mjs). */
export declare function memoiseSubsets<F extends { createSubset: () => unknown }>(font: F): F;
/** Glyphs carry the code points they were asked for, not those of their first use (see the .mjs). */
export declare function ownCodePoints<F extends { getGlyph: (id: number, codePoints?: number[]) => unknown }>(font: F): F;
