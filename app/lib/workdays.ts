/**
 * Working days: Monday to Friday, minus public holidays (a configurable list, table `holidays`).
 * Dates are calendar dates "YYYY-MM-DD" in Vietnam.
 */

function toUtc(d: string): Date {
  const [y, m, day] = d.split("-").map(Number);
  return new Date(Date.UTC(y!, m! - 1, day!));
}

function toIso(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function isWorkingDay(date: string, holidays: ReadonlySet<string>): boolean {
  const dow = toUtc(date).getUTCDay();
  return dow !== 0 && dow !== 6 && !holidays.has(date);
}

/**
 * The n-th working day after `date` (the day of receipt does not count): a dossier received on
 * Friday with 3 working days to answer must be answered by Wednesday.
 */
export function addWorkingDays(date: string, n: number, holidays: ReadonlySet<string>): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError("n must be a non-negative integer");
  const d = toUtc(date);
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (isWorkingDay(toIso(d), holidays)) left--;
  }
  return toIso(d);
}

/** Working days from `from` (exclusive) to `to` (inclusive); negative when `to` is earlier. */
export function workingDaysBetween(from: string, to: string, holidays: ReadonlySet<string>): number {
  if (to === from) return 0;
  const sign = to > from ? 1 : -1;
  const [a, b] = sign > 0 ? [from, to] : [to, from];
  const d = toUtc(a);
  let count = 0;
  while (toIso(d) < b) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (isWorkingDay(toIso(d), holidays)) count++;
  }
  return sign * count;
}
