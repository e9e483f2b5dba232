/**
 * Parsing the official administrative-unit list (danh mục đơn vị hành chính) exported as CSV.
 * Accepts both shapes the statistics office publishes:
 * - before 1 July 2025: Tỉnh Thành Phố, Mã TP, Quận Huyện, Mã QH, Phường Xã, Mã PX, Cấp
 * - from 1 July 2025:   Mã tỉnh, Tên tỉnh, Mã xã, Tên xã, Cấp   (no districts)
 * Header names are matched without diacritics or case, so small spelling variants pass.
 */
import { foldVietnamese } from "~/lib/text";

export interface UnitRow {
  line: number;
  provinceCode: string;
  districtCode: string | null;
  districtName: string | null;
  districtKind: string | null;
  communeCode: string | null;
  communeName: string | null;
  communeKind: string | null;
}

export interface ParseResult {
  rows: UnitRow[];
  errors: { line: number; message: string }[];
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF; a UTF-8 BOM is dropped. */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const s = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && s[i + 1] === "\n") i++;
      row.push(field);
      out.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length) {
    row.push(field);
    out.push(row);
  }
  return out.filter((r) => r.some((f) => f.trim() !== ""));
}

function detectDelimiter(text: string): string {
  const first = text.split(/\r?\n/, 1)[0] ?? "";
  return (first.match(/;/g)?.length ?? 0) > (first.match(/,/g)?.length ?? 0) ? ";" : ",";
}

const KINDS = ["Thành phố", "Thị xã", "Thị trấn", "Quận", "Huyện", "Phường", "Xã", "Đặc khu"];

/** "Huyện Tiên Du" → { kind: "Huyện", name: "Tiên Du" }. */
export function splitKind(full: string, fallbackKind: string | null = null): { kind: string; name: string } {
  const s = full.normalize("NFC").trim().replace(/\s+/g, " ");
  for (const k of KINDS) {
    if (s.toLowerCase().startsWith(`${k.toLowerCase()} `)) return { kind: k, name: s.slice(k.length + 1).trim() };
  }
  return { kind: fallbackKind ?? "", name: s };
}

const HEADERS: Record<string, string[]> = {
  provinceCode: ["ma tp", "ma tinh", "ma tinh/tp", "province_code"],
  districtCode: ["ma qh", "ma huyen", "district_code"],
  districtName: ["quan huyen", "ten quan huyen", "ten huyen", "district_name"],
  communeCode: ["ma px", "ma xa", "commune_code"],
  communeName: ["phuong xa", "ten phuong xa", "ten xa", "commune_name"],
  level: ["cap", "level"],
};

export function parseUnitsCsv(text: string): ParseResult {
  const table = parseCsv(text);
  const errors: ParseResult["errors"] = [];
  if (table.length < 2) return { rows: [], errors: [{ line: 1, message: "Tệp không có dữ liệu." }] };
  const header = table[0]!.map((h) => foldVietnamese(h).replace(/\s+/g, " ").trim());
  const col = (key: string) => header.findIndex((h) => HEADERS[key]!.includes(h));
  const idx = Object.fromEntries(Object.keys(HEADERS).map((k) => [k, col(k)])) as Record<string, number>;
  if (idx.provinceCode! < 0) return { rows: [], errors: [{ line: 1, message: "Thiếu cột mã tỉnh (Mã TP hoặc Mã tỉnh)." }] };
  if (idx.communeCode! < 0 && idx.districtCode! < 0) {
    return { rows: [], errors: [{ line: 1, message: "Thiếu cột mã huyện (Mã QH) hoặc mã xã (Mã PX, Mã xã)." }] };
  }
  const rows: UnitRow[] = [];
  table.slice(1).forEach((r, i) => {
    const line = i + 2;
    const get = (k: string) => (idx[k]! >= 0 ? (r[idx[k]!] ?? "").trim() : "");
    const provinceCode = get("provinceCode").padStart(2, "0");
    if (!/^\d{2}$/.test(provinceCode)) {
      errors.push({ line, message: `Mã tỉnh không hợp lệ: "${get("provinceCode")}".` });
      return;
    }
    const districtCode = get("districtCode") ? get("districtCode").padStart(3, "0") : null;
    const communeCode = get("communeCode") ? get("communeCode").padStart(5, "0") : null;
    if (districtCode && !/^\d{3}$/.test(districtCode)) {
      errors.push({ line, message: `Mã huyện không hợp lệ: "${get("districtCode")}".` });
      return;
    }
    if (communeCode && !/^\d{5}$/.test(communeCode)) {
      errors.push({ line, message: `Mã xã không hợp lệ: "${get("communeCode")}".` });
      return;
    }
    const district = districtCode ? splitKind(get("districtName")) : null;
    const commune = communeCode ? splitKind(get("communeName"), get("level") || null) : null;
    if (district && !district.name) {
      errors.push({ line, message: "Thiếu tên quận, huyện." });
      return;
    }
    if (commune && !commune.name) {
      errors.push({ line, message: "Thiếu tên phường, xã." });
      return;
    }
    rows.push({
      line,
      provinceCode,
      districtCode,
      districtName: district?.name ?? null,
      districtKind: district?.kind || null,
      communeCode,
      communeName: commune?.name ?? null,
      communeKind: commune?.kind || null,
    });
  });
  return { rows, errors };
}
