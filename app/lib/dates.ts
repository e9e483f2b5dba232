/** Dates in Vietnam's time zone. Instants are stored in UTC; people read Asia/Ho_Chi_Minh. */
export const VN_TZ = "Asia/Ho_Chi_Minh";

/** Today's date in Vietnam as YYYY-MM-DD. */
export function todayInVietnam(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: VN_TZ, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
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
  const parts = new Intl.DateTimeFormat("vi-VN", {
    timeZone: VN_TZ,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("day")}/${get("month")}/${get("year")} ${get("hour")}:${get("minute")}`;
}
