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
