/**
 * The public dossier-status lookup (issue 12 item 8), the pure part: how a dossier number and a
 * phone number typed by a citizen are read, and which timeline steps the public page may show.
 * See docs/decisions/0026-public-dossier-status.md.
 */
import type { ThrottleRule } from "~/modules/throttle/throttle";
import { MINUTE } from "~/modules/throttle/throttle";

/** The public page's path; the QR code on the receipt opens it with `?so=<dossier number>`. */
export const STATUS_PATH = "/tra-cuu-ho-so";

/** The one answer to every pair that does not match (unknown number, wrong phone, malformed input). */
export const NO_MATCH_MESSAGE =
  "Không tìm thấy hồ sơ khớp với số hồ sơ và số điện thoại đã nhập. Vui lòng kiểm tra lại số hồ sơ trên giấy biên nhận và số điện thoại liên hệ cơ sở đã khai khi đăng ký.";
/** The HTTP status of that answer (the same whatever was wrong). */
export const NO_MATCH_STATUS = 404;

/** 10 lookups per 15 minutes per client address and per dossier number; a match gives its attempt back. */
export const STATUS_RULE: ThrottleRule = {
  limit: 10,
  windowMs: 15 * MINUTE,
  lockMs: 0,
  maxLockMs: 0,
};

/**
 * "HS2026-3-0001" from " hs2026-3-0001 ": upper case, spaces removed. Null when it cannot be a
 * dossier number (letters, digits, - / . only, 3 to 40 characters).
 */
export function normaliseDossierNo(
  raw: string | null | undefined
): string | null {
  if (raw == null) return null;
  const s = raw.normalize("NFC").replace(/\s+/g, "").toUpperCase();
  return /^[A-Z0-9][A-Z0-9./-]{2,39}$/.test(s) ? s : null;
}

/**
 * A Vietnamese phone number as its national digits: "0912345678" from "+84 912 345 678",
 * "84912345678", "0912.345.678", "(091) 234-5678". Null when it is not 9 to 11 digits after 0.
 */
export function normalisePhone(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  let s = raw.normalize("NFKC").replace(/[\s.\-()]/g, "");
  if (s.length > 20) return null;
  if (s.startsWith("+84")) s = `0${s.slice(3)}`;
  else if (s.startsWith("0084")) s = `0${s.slice(4)}`;
  else if (/^84\d{9,10}$/.test(s)) s = `0${s.slice(2)}`;
  else if (/^[1-9]\d{8}$/.test(s)) s = `0${s}`; // typed without the leading 0
  return /^0\d{8,10}$/.test(s) ? s : null;
}

/**
 * The timeline steps a stranger holding the pair may see, each as its label only (no message, no
 * person): messages may carry organizers' and councils' notes, and names are staff's.
 * Anything not listed (a future event type) stays hidden until someone decides it is public.
 */
export const PUBLIC_EVENT_TYPES = [
  "registered",
  "nominated",
  "submitted",
  "completion_requested",
  "completed",
  "accepted",
  "rejected",
  "withdrawn",
  "scored",
  "recognised",
  "not_recognised",
  "certificate_issued",
] as const;

const PUBLIC = new Set<string>(PUBLIC_EVENT_TYPES);
export function isPublicEvent(type: string): boolean {
  return PUBLIC.has(type);
}

/** What the public page says under some steps, in place of the staff's own words. */
export const PUBLIC_EVENT_NOTES: Partial<
  Record<(typeof PUBLIC_EVENT_TYPES)[number], string>
> = {
  completion_requested: "Cơ sở đăng nhập hệ thống để xem nội dung cần bổ sung.",
  rejected: "Cơ sở đăng nhập hệ thống để xem lý do.",
  recognised: "Kết quả đã được công bố.",
  not_recognised: "Kết quả đã được công bố.",
};

/** The status page's address with the dossier number filled in (never the phone). */
export function statusUrl(baseUrl: string, dossierNo: string): string {
  return `${baseUrl.replace(/\/+$/, "")}${STATUS_PATH}?so=${encodeURIComponent(
    dossierNo
  )}`;
}
