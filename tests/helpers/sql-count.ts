/**
 * Counts the SQL statements a piece of code runs on the process's database, by wrapping
 * better-sqlite3's Statement methods (the library, not the project's own modules). Used to prove
 * that a request's work does not grow with the number of rows (statements, not time).
 *
 *   const { result, count, sql } = countStatements(() => closeStage(principal, roundId));
 */
import Database from "better-sqlite3";

type Method = "run" | "get" | "all" | "iterate" | "raw" | "pluck";
const EXEC: Method[] = ["run", "get", "all", "iterate"];

let active: { count: number; sql: string[] } | null = null;
let installed = false;

function install() {
  if (installed) return;
  installed = true;
  // One throwaway statement gives the Statement prototype.
  const probe = new Database(":memory:");
  const proto = Object.getPrototypeOf(probe.prepare("select 1"));
  probe.close();
  for (const m of EXEC) {
    const original = proto[m] as (...a: unknown[]) => unknown;
    proto[m] = function (this: { source: string }, ...args: unknown[]) {
      if (active) {
        active.count++;
        active.sql.push(this.source);
      }
      return original.apply(this, args);
    };
  }
  // db.exec / pragma run SQL without a Statement.
  const dbProto = Database.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const m of ["exec"]) {
    const original = dbProto[m];
    dbProto[m] = function (this: unknown, ...args: unknown[]) {
      if (active) {
        active.count++;
        active.sql.push(String(args[0]));
      }
      return original.apply(this, args);
    };
  }
}

export function countStatements<T>(fn: () => T): { result: T; count: number; sql: string[] } {
  install();
  const outer = active;
  const mine = { count: 0, sql: [] as string[] };
  active = mine;
  try {
    const result = fn();
    return { result, count: mine.count, sql: mine.sql };
  } finally {
    active = outer;
    if (outer) {
      outer.count += mine.count;
      outer.sql.push(...mine.sql);
    }
  }
}

/** The same for async code (only statements run while the promise is pending on this process). */
export async function countStatementsAsync<T>(fn: () => Promise<T>): Promise<{ result: T; count: number; sql: string[] }> {
  install();
  const outer = active;
  const mine = { count: 0, sql: [] as string[] };
  active = mine;
  try {
    const result = await fn();
    return { result, count: mine.count, sql: mine.sql };
  } finally {
    active = outer;
  }
}
