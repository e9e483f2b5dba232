/**
 * Public lookup: pure parts (query parsing, FTS5 query building), shared by routes and tests.
 * See docs/decisions/0004-lookup-fts.md.
 */
import type { RoundLevel } from "~db/schema";
import { foldVietnamese } from "~/lib/text";

/** Longest search text we look at; anything longer is cut, never refused. */
const ROUND_LEVELS: readonly RoundLevel[] = ["commune", "district", "province", "region", "national"];

export const MAX_QUERY_CHARS = 200;
const MAX_TOKENS = 8;
const MAX_TOKEN_CHARS = 40;
export const PAGE_SIZE = 20;
export const MAX_PAGE = 500;

export interface LookupFilters {
  q: string;
  level: RoundLevel | null;
  year: number | null;
  provinceId: number | null;
  groupId: number | null;
  /** Only certificates neither expired nor revoked. */
  valid: boolean;
  page: number;
}

function intParam(v: string | null, min: number, max: number): number | null {
  if (v == null || !/^\d{1,6}$/.test(v.trim())) return null;
  const n = Number(v.trim());
  return n >= min && n <= max ? n : null;
}

/** Reads the lookup's query string. Never throws: unknown or malformed values are ignored. */
export function parseLookupParams(params: URLSearchParams): LookupFilters {
  const rawQ = params.get("q") ?? "";
  const q = rawQ.slice(0, MAX_QUERY_CHARS * 2).normalize("NFC").replace(/\s+/g, " ").trim().slice(0, MAX_QUERY_CHARS);
  const level = params.get("cap");
  const valid = params.get("hieu-luc");
  return {
    q,
    level: (ROUND_LEVELS as readonly string[]).includes(level ?? "") ? (level as RoundLevel) : null,
    year: intParam(params.get("nam"), 1990, 2200),
    provinceId: intParam(params.get("tinh"), 1, 10_000_000),
    groupId: intParam(params.get("nhom"), 1, 1000),
    valid: valid === "1" || valid === "on" || valid === "true",
    page: intParam(params.get("trang"), 1, MAX_PAGE) ?? 1,
  };
}

/** The query string of the lookup for these filters (empty values left out). */
export function lookupSearch(f: Partial<LookupFilters>): string {
  const p = new URLSearchParams();
  if (f.q) p.set("q", f.q);
  if (f.level) p.set("cap", f.level);
  if (f.year) p.set("nam", String(f.year));
  if (f.provinceId) p.set("tinh", String(f.provinceId));
  if (f.groupId) p.set("nhom", String(f.groupId));
  if (f.valid) p.set("hieu-luc", "1");
  if (f.page && f.page > 1) p.set("trang", String(f.page));
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** The words of a search, folded like the index (no case, no diacritics, đ→d). */
export function searchTokens(q: string): string[] {
  return foldVietnamese(q.slice(0, MAX_QUERY_CHARS))
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, MAX_TOKENS)
    .map((t) => t.slice(0, MAX_TOKEN_CHARS));
}

/**
 * An FTS5 MATCH expression for what a person typed, or null when nothing searchable is left.
 * Every word becomes a quoted string (so quotes, AND/OR/NOT/NEAR, *, ^, :, parentheses typed by
 * the user are plain text), all words must match, and the last word also matches as a prefix
 * ("banh tra" finds "Bánh tráng").
 */
export function buildFtsQuery(q: string): string | null {
  const tokens = searchTokens(q);
  if (!tokens.length) return null;
  return tokens.map((t, i) => `"${t}"${i === tokens.length - 1 ? "*" : ""}`).join(" ");
}

export const LEVEL_RANK_SQL_ORDER: RoundLevel[] = ["national", "region", "province", "district", "commune"];
