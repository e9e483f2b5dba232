/** Dates in Vietnam's time zone. Instants are stored in UTC; people read Asia/Ho_Chi_Minh. */
export const VN_TZ = "Asia/Ho_Chi_Minh";

// Intl formatters are costly to build (~0.2 ms each): one of each, shared.
const DAY_FORMAT = new Intl.DateTimeFormat("en-CA", { timeZone: VN_TZ, year: "numeric", month: "2-digit", day: "2-digit" });
const DATE_TIME_FORMAT = new Intl.DateTimeFormat("vi-VN", {
  timeZone: VN_TZ,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});

/** Today's date in Vietnam as YYYY-MM-DD. */
export function todayInVietnam(now = new Date()): string {
  return DAY_FORMAT.format(now);
}

/**
 * A real calendar date written YYYY-MM-DD (1900 to 2999): "2026-02-31" or "2026-13-01" are not,
 * though `Date.parse` accepts the first and the pattern both.
 */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2999 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** "23/11/2026" from "2026-11-23". */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return "—";
  const [y, m, d] = isoDate.slice(0, 10).split("-");
  return `${d}/${m}/${y}`;
}

/** "23/11/2026 14:05" for an instant, in Vietnam's time zone. */
export function formatDateTime(instant: Date | number | string | null | undefined): string {
  if (instant == null) return "—";
  const d = new Date(instant);
  const parts = DATE_TIME_FORMAT.formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("day")}/${get("month")}/${get("year")} ${get("hour")}:${get("minute")}`;
}

/* ------------------------------------------------------------------ */
/* Dates typed by people (docs/decisions/0033-date-field-and-validation-messages.md) */
/* ------------------------------------------------------------------ */

/** What a form says when a typed date cannot be read. */
export const DATE_INPUT_MESSAGE = "Ngày không hợp lệ, nhập theo dạng ngày/tháng/năm, ví dụ 05/09/2026.";

/** The placeholder of date fields: the order people write dates in Vietnam. */
export const DATE_INPUT_PLACEHOLDER = "dd/mm/yyyy";

/**
 * A date as people type it → "YYYY-MM-DD", or null when it is not a real date of 1900 to 2999.
 * Accepts day/month/year ("05/09/2026", "5/9/2026"; "." "-" or spaces between them too, and the
 * eight digits "05092026" a phone's number pad gives) and, for the API and older forms, ISO
 * "2026-09-05". Never month/day/year: "09/05/2026" is 9 May.
 */
export function parseVnDate(input: string | null | undefined): string | null {
  const s = (input ?? "").normalize("NFKC").trim();
  if (!s) return null;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  let y: number, m: number, d: number;
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else {
    const dmy = /^(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{4})$/.exec(s) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(s);
    if (!dmy) return null;
    [d, m, y] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
  }
  const out = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  return isCalendarDate(out) ? out : null;
}

/**
 * The text a date field shows for a value: "05/09/2026" for "2026-09-05"; "" for nothing. Anything
 * else (what someone typed and the server refused) is shown back as it was typed.
 */
export function toDateInput(value: string | null | undefined): string {
  if (!value) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : value;
}
