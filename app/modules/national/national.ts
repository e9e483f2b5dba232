/**
 * The national view (issue 13 item 8): pure rules shared by the page, the export and the tests.
 * Which years and level a request asks for, how a province is labelled across the 2025 reform,
 * and the sentence the khuyến công conferences report.
 */
import { ROUND_LEVELS, type RoundLevel } from "~db/schema";
import type { Principal } from "~/lib/permissions";

export interface NationalFilters {
  yearFrom: number | null;
  yearTo: number | null;
  level: RoundLevel | null;
}

/** Organizers (staff of any organizing body) and system admins; no one else. */
export function canSeeNationalView(p: Principal): boolean {
  return p.isAdmin || p.staff.length > 0;
}
export const NATIONAL_FORBIDDEN = "Trang thống kê chỉ dành cho cơ quan tổ chức và quản trị hệ thống.";

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

/** Reads `tu`, `den` (years) and `cap` (level) from a query string; errors in Vietnamese per field. */
export function parseNationalFilters(params: URLSearchParams): { filters: NationalFilters; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const year = (key: string): number | null => {
    const raw = (params.get(key) ?? "").trim();
    if (!raw) return null;
    if (!/^\d{4}$/.test(raw) || Number(raw) < MIN_YEAR || Number(raw) > MAX_YEAR) {
      errors[key] = `Năm phải là số có 4 chữ số, từ ${MIN_YEAR} đến ${MAX_YEAR}.`;
      return null;
    }
    return Number(raw);
  };
  let yearFrom = year("tu");
  let yearTo = year("den");
  if (yearFrom != null && yearTo != null && yearFrom > yearTo) {
    errors.den = "Năm kết thúc phải từ năm bắt đầu trở đi.";
    yearFrom = yearTo = null;
  }
  const rawLevel = (params.get("cap") ?? "").trim();
  let level: RoundLevel | null = null;
  if (rawLevel) {
    if ((ROUND_LEVELS as readonly string[]).includes(rawLevel)) level = rawLevel as RoundLevel;
    else errors.cap = "Cấp bình chọn không hợp lệ.";
  }
  return { filters: { yearFrom, yearTo, level }, errors };
}

/** The same filters as a query string (for the export link). */
export function filtersQuery(f: NationalFilters): string {
  const q = new URLSearchParams();
  if (f.yearFrom != null) q.set("tu", String(f.yearFrom));
  if (f.yearTo != null) q.set("den", String(f.yearTo));
  if (f.level) q.set("cap", f.level);
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** The day the administrative reform took effect: provinces valid before and after differ. */
export const REFORM_DATE = "2025-07-01";

/** "Bắc Giang (trước 1/7/2025)", "Bắc Ninh (từ 1/7/2025)": which list a stored province belongs to. */
export function provinceLabel(p: { name: string; validFrom: string; validTo: string | null }): string {
  if (p.validTo != null && p.validTo < REFORM_DATE) return `${p.name} (trước 1/7/2025)`;
  if (p.validFrom >= REFORM_DATE) return `${p.name} (từ 1/7/2025)`;
  return p.name;
}

export interface YearLine {
  year: number;
  entries: number;
  /** Provinces whose establishments entered (stored provinces, old ones mapped to their successor when the year's list is the new one). */
  provincesEntered: number;
  /** Provinces in the viewer's scope valid at the end of the year; null when the scope is one province or smaller. */
  provincesInScope: number | null;
  recognised: number;
}

const fmt = new Intl.NumberFormat("vi-VN");

/** "2021: 310 hồ sơ từ 58/63 tỉnh, thành phố; 200 sản phẩm được công nhận." */
export function conferenceSentence(y: YearLine): string {
  const from = y.provincesInScope != null && y.entries > 0 ? ` từ ${fmt.format(y.provincesEntered)}/${fmt.format(y.provincesInScope)} tỉnh, thành phố` : "";
  return `${y.year}: ${fmt.format(y.entries)} hồ sơ${from}; ${fmt.format(y.recognised)} sản phẩm được công nhận.`;
}
