/**
 * Certificates: pure rules (numbering, validity, status), shared by the server and the browser.
 * See docs/decisions/0005-certificate-numbers-and-codes.md.
 */
import type { RoundLevel } from "~db/schema";

/** Short level codes used in certificate numbers ({level}). */
export const LEVEL_CODES: Record<RoundLevel, string> = {
  commune: "XA",
  district: "HUYEN",
  province: "TINH",
  region: "KV",
  national: "QG",
};

export const DEFAULT_NUMBER_PATTERN = "{seq}/GCN-{level}-{year}";
export const DEFAULT_VALIDITY_MONTHS = 36;
/** Sequence numbers are zero-padded to at least this many digits: 001, 002, … 1234. */
export const SEQ_DIGITS = 3;

export interface NumberVars {
  level: RoundLevel;
  year: number;
  /** Code of the round's unit (province code, commune code, region code, …); "" when none. */
  unit?: string;
}

/** A pattern always contains {seq}: one without it would give every certificate the same number. */
export function normalisePattern(pattern: string | null | undefined): string {
  const p = (pattern ?? "").normalize("NFC").trim();
  if (!p) return DEFAULT_NUMBER_PATTERN;
  return p.includes("{seq}") ? p : `{seq}/${p}`;
}

function fill(pattern: string, vars: NumberVars): string {
  return pattern
    .replaceAll("{level}", LEVEL_CODES[vars.level])
    .replaceAll("{year}", String(vars.year))
    .replaceAll("{unit}", vars.unit ?? "");
}

/** "{seq}/GCN-{level}-{year}" with seq 7, national, 2025 → "007/GCN-QG-2025". */
export function renderCertificateNumber(pattern: string, seq: number, vars: NumberVars): string {
  if (!Number.isInteger(seq) || seq < 1) throw new Error(`bad sequence number ${seq}`);
  return fill(normalisePattern(pattern), vars).replaceAll("{seq}", String(seq).padStart(SEQ_DIGITS, "0"));
}

function escapeRegex(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The sequence number inside `number` when it belongs to the series of (pattern, vars), else null.
 * A series is everything but {seq}: two rounds that render the same series share one counter, so
 * numbers never collide (they are unique across the whole system).
 */
export function seqInSeries(number: string, pattern: string, vars: NumberVars): number | null {
  const filled = fill(normalisePattern(pattern), vars);
  const parts = filled.split("{seq}").map(escapeRegex);
  const re = new RegExp(`^${parts.join("(\\d+)")}$`);
  const m = re.exec(number);
  if (!m) return null;
  const seqs = m.slice(1).map(Number);
  // A pattern may repeat {seq}; every occurrence must agree.
  return seqs.every((s) => s === seqs[0]) ? seqs[0]! : null;
}

/** The next free sequence number of the series, given the numbers that exist. */
export function nextSeq(existing: Iterable<string>, pattern: string, vars: NumberVars): number {
  let max = 0;
  for (const n of existing) {
    const s = seqInSeries(n, pattern, vars);
    if (s != null && s > max) max = s;
  }
  return max + 1;
}

/** A SQL LIKE pattern matching the series (to fetch candidates before the exact check). */
export function seriesLikePattern(pattern: string, vars: NumberVars): string {
  const filled = fill(normalisePattern(pattern), vars).replace(/[%_\\]/g, (c) => `\\${c}`);
  return filled.replaceAll("{seq}", "%");
}

/** Is this a real calendar date "YYYY-MM-DD"? */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * Calendar months after a date; the day is kept, or the month's last day when it has fewer days
 * (2024-02-29 + 12 months = 2025-02-28; 2025-01-31 + 1 month = 2025-02-28).
 */
export function addMonths(isoDate: string, months: number): string {
  if (!isIsoDate(isoDate)) throw new Error(`bad date ${isoDate}`);
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12; // 0..11
  const lastDay = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  const nd = Math.min(d, lastDay);
  return `${String(ny).padStart(4, "0")}-${String(nm + 1).padStart(2, "0")}-${String(nd).padStart(2, "0")}`;
}

/** The last day a certificate is valid: the issue date plus the round's validity in months. */
export function validUntilFor(issuedOn: string, validityMonths: number | null | undefined): string {
  const months = validityMonths && validityMonths > 0 ? validityMonths : DEFAULT_VALIDITY_MONTHS;
  return addMonths(issuedOn, months);
}

export type CertificateStatus = "valid" | "expired" | "revoked";

/**
 * Revoked wins over expired. A certificate is valid through its valid-until day (inclusive) and
 * expired from the next day, counted in Vietnam's calendar (`today` is YYYY-MM-DD there).
 */
export function certificateStatus(c: { revokedAt: Date | number | string | null; validUntil: string }, today: string): CertificateStatus {
  if (c.revokedAt != null) return "revoked";
  return today > c.validUntil ? "expired" : "valid";
}

export const CERTIFICATE_STATUS_LABELS: Record<CertificateStatus, string> = {
  valid: "Còn hiệu lực",
  expired: "Hết hiệu lực",
  revoked: "Đã bị thu hồi",
};

export function certificateStatusTone(s: CertificateStatus): "ok" | "warn" | "bad" {
  return s === "valid" ? "ok" : s === "expired" ? "warn" : "bad";
}

/** Public codes are 16 characters of base64url (96 random bits). */
export const PUBLIC_CODE_RE = /^[A-Za-z0-9_-]{16}$/;

export function isPublicCode(s: string | null | undefined): s is string {
  return typeof s === "string" && PUBLIC_CODE_RE.test(s);
}

/** A certificate number typed by a person: NFC, spaces removed (compared without ASCII case). */
export function normaliseCertificateNumber(s: string): string {
  return s.normalize("NFC").replace(/\s+/g, "").slice(0, 100);
}

/** A file-name-safe form of a certificate number: "001/GCN-QG-2025" → "001-GCN-QG-2025". */
export function numberForFileName(number: string): string {
  return number
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "D")
    .replace(/[^A-Za-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80) || "giay-chung-nhan";
}

export const MAX_REVOKE_REASON = 500;
