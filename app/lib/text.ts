/** Text helpers shared by server and browser. */

/** NFC-normalise (Vietnamese input often arrives decomposed) and trim. */
export function clean(s: string): string {
  return s.normalize("NFC").trim().replace(/\s+/g, " ");
}

/**
 * Fold a Vietnamese string for search: lower case, no diacritics, đ→d.
 * "Đồ gỗ Đồng Kỵ" → "do go dong ky".
 */
export function foldVietnamese(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .normalize("NFC");
}

export function normaliseEmail(s: string): string {
  return s.normalize("NFC").trim().toLowerCase();
}

// Collators are costly to build; `a.localeCompare(b, "vi")` builds one per call. Shared ones:
const VI = new Intl.Collator("vi");
const VI_NUMERIC = new Intl.Collator("vi", { numeric: true });
/** Vietnamese alphabetical order, as `a.localeCompare(b, "vi")`. */
export const compareVi = (a: string, b: string): number => VI.compare(a, b);
/** Natural order ("…-9" before "…-10"), as `a.localeCompare(b, "vi", { numeric: true })`. */
export const compareViNumeric = (a: string, b: string): number => VI_NUMERIC.compare(a, b);
