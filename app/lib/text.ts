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
