/** Open data formats: CSV (RFC 4180, UTF-8 with BOM so spreadsheet programs read the accents). */
export const CSV_COLUMNS = [
  ["so_chung_nhan", "Số giấy chứng nhận"],
  ["san_pham", "Sản phẩm"],
  ["co_so", "Cơ sở sản xuất"],
  ["dia_chi", "Địa chỉ"],
  ["tinh", "Tỉnh, thành phố"],
  ["nhom_san_pham", "Nhóm sản phẩm"],
  ["cap", "Cấp"],
  ["nam", "Năm"],
  ["quyet_dinh", "Quyết định công nhận"],
  ["ngay_quyet_dinh", "Ngày quyết định"],
  ["co_quan_cong_nhan", "Cơ quan công nhận"],
  ["ngay_cap", "Ngày cấp"],
  ["hieu_luc_den", "Hiệu lực đến"],
  ["trang_thai", "Trạng thái"],
  ["ngay_thu_hoi", "Ngày thu hồi"],
  ["ma_san_pham", "Mã sản phẩm"],
] as const;

/**
 * One CSV field. Quoted when needed; a leading = + - @ (or tab/CR) gets an apostrophe so a
 * spreadsheet does not run it as a formula.
 */
export function csvField(v: unknown): string {
  let s = v == null ? "" : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n;]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: Record<string, unknown>[]): string {
  const lines = [CSV_COLUMNS.map(([k]) => k).join(",")];
  for (const r of rows) lines.push(CSV_COLUMNS.map(([k]) => csvField(r[k])).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
