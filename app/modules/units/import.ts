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

/**
 * RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF; a UTF-8 BOM is dropped. Unquoted
 * fields are sliced, not built a character at a time: the official lists (~1 MB) parse in a few
 * milliseconds.
 */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): string[][] {
  const out: string[][] = [];
  const s = text.replace(/^\uFEFF/, "");
  if (!s.includes('"')) {
    // No quoting at all (the official lists): lines and fields split natively.
    for (const line of s.split(/\r\n|\n|\r/)) {
      if (line === "") continue;
      const row = line.split(delimiter);
      if (!row.every((f) => f.trim() === "")) out.push(row);
    }
    return out;
  }
  const n = s.length;
  let row: string[] = [];
  let i = 0;
  while (i < n) {
    let field: string;
    if (s[i] === '"') {
      // Quoted: up to the closing quote, a doubled quote standing for one.
      field = "";
      let j = i + 1;
      for (;;) {
        const q = s.indexOf('"', j);
        if (q < 0) {
          field += s.slice(j);
          j = n;
          break;
        }
        field += s.slice(j, q);
        if (s[q + 1] === '"') {
          field += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      // Anything between the closing quote and the separator is kept, as before.
      let k = j;
      while (k < n && s[k] !== delimiter && s[k] !== "\n" && s[k] !== "\r") k++;
      field += s.slice(j, k);
      i = k;
    } else {
      let k = i;
      while (k < n) {
        const c = s.charCodeAt(k);
        if (c === 10 || c === 13 || s[k] === delimiter) break;
        k++;
      }
      field = s.slice(i, k);
      i = k;
    }
    row.push(field);
    if (i >= n) break;
    if (s[i] === delimiter) {
      i++;
      if (i >= n) row.push("");
      continue;
    }
    // End of line (CRLF, LF or CR).
    if (s[i] === "\r" && s[i + 1] === "\n") i++;
    i++;
    out.push(row);
    row = [];
  }
  if (row.length) out.push(row);
  return out.filter((r) => r.some((f) => f.trim() !== ""));
}

function detectDelimiter(text: string): string {
  const first = text.split(/\r?\n/, 1)[0] ?? "";
  return (first.match(/;/g)?.length ?? 0) > (first.match(/,/g)?.length ?? 0) ? ";" : ",";
}

const KINDS = ["Thành phố", "Thị xã", "Thị trấn", "Quận", "Huyện", "Phường", "Xã", "Đặc khu"];
const KIND_PREFIXES = KINDS.map((k) => [k, `${k.toLowerCase()} `] as const);

/** Runs of white space as one space (replacing only when there is one: most names have none). */
function squeezeSpaces(s: string): string {
  return s.includes("  ") || /[^\S ]/.test(s) ? s.replace(/\s+/g, " ") : s;
}

/** "Huyện Tiên Du" → { kind: "Huyện", name: "Tiên Du" }. */
export function splitKind(full: string, fallbackKind: string | null = null): { kind: string; name: string } {
  const s = squeezeSpaces(full.normalize("NFC").trim());
  // The usual case: the name starts with the kind given in the "Cấp" column.
  if (fallbackKind && s.startsWith(`${fallbackKind} `) && KINDS.includes(fallbackKind)) return { kind: fallbackKind, name: s.slice(fallbackKind.length + 1).trim() };
  const lower = s.toLowerCase();
  for (const [k, prefix] of KIND_PREFIXES) {
    if (lower.startsWith(prefix)) return { kind: k, name: s.slice(k.length + 1).trim() };
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
  // A district's name repeats on each of its communes' lines: split once.
  const districtNames = new Map<string, { kind: string; name: string }>();
  const at = (r: string[], i: number) => (i >= 0 ? (r[i] ?? "").trim() : "");
  for (let i = 1; i < table.length; i++) {
    const r = table[i]!;
    const line = i + 1;
    const rawProvince = at(r, idx.provinceCode!);
    const provinceCode = rawProvince.padStart(2, "0");
    if (!/^\d{2}$/.test(provinceCode)) {
      errors.push({ line, message: `Mã tỉnh không hợp lệ: "${rawProvince}".` });
      continue;
    }
    const rawDistrict = at(r, idx.districtCode!);
    const rawCommune = at(r, idx.communeCode!);
    const districtCode = rawDistrict ? rawDistrict.padStart(3, "0") : null;
    const communeCode = rawCommune ? rawCommune.padStart(5, "0") : null;
    if (districtCode && !/^\d{3}$/.test(districtCode)) {
      errors.push({ line, message: `Mã huyện không hợp lệ: "${rawDistrict}".` });
      continue;
    }
    if (communeCode && !/^\d{5}$/.test(communeCode)) {
      errors.push({ line, message: `Mã xã không hợp lệ: "${rawCommune}".` });
      continue;
    }
    let district: { kind: string; name: string } | null = null;
    if (districtCode) {
      const raw = at(r, idx.districtName!);
      district = districtNames.get(raw) ?? splitKind(raw);
      districtNames.set(raw, district);
    }
    const commune = communeCode ? splitKind(at(r, idx.communeName!), at(r, idx.level!) || null) : null;
    if (district && !district.name) {
      errors.push({ line, message: "Thiếu tên quận, huyện." });
      continue;
    }
    if (commune && !commune.name) {
      errors.push({ line, message: "Thiếu tên phường, xã." });
      continue;
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
  }
  return { rows, errors };
}
