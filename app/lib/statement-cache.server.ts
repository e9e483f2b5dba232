/**
 * A statement cache for drizzle's better-sqlite3 session (decision 0041). Kept apart from
 * db.server.ts so that it can be used, and tested, without opening the app's database.
 */
import type Database from "better-sqlite3";

/** Statements kept per connection (least recently used go first). */
const STATEMENT_CACHE_MAX = 500;

/**
 * What drizzle's better-sqlite3 session uses of its client (`prepare`, `transaction`), with
 * `prepare` answered from a per-connection cache keyed by SQL text. Several drizzle queries can
 * share one SQLite statement: every call runs to completion synchronously (drizzle never iterates),
 * and each holder gets its own wrapper that sets the statement's raw (array) mode before each run,
 * so one holder's `raw()` never changes another's rows. See docs/decisions/0041-statement-cache.md.
 */
export function statementCachingClient(sqlite: Database.Database): Database.Database {
  const cache = new Map<string, Database.Statement>();
  const prepare = (text: string) => {
    let stmt = cache.get(text);
    if (stmt && !stmt.busy) {
      cache.delete(text); // most recently used last
      cache.set(text, stmt);
    } else {
      stmt = sqlite.prepare(text);
      if (!cache.has(text)) {
        if (cache.size >= STATEMENT_CACHE_MAX) cache.delete(cache.keys().next().value!);
        cache.set(text, stmt);
      }
    }
    return new SharedStatement(stmt);
  };
  return { prepare, transaction: sqlite.transaction.bind(sqlite) } as unknown as Database.Database;
}

/** One holder's view of a shared statement: its own raw mode, applied before each run. */
class SharedStatement {
  private rawMode = false;
  constructor(private readonly stmt: Database.Statement) {}
  get reader() {
    return this.stmt.reader;
  }
  raw(on = true) {
    this.rawMode = on;
    return this;
  }
  run(...params: unknown[]) {
    return this.stmt.run(...params);
  }
  all(...params: unknown[]) {
    if (this.stmt.reader) this.stmt.raw(this.rawMode);
    return this.stmt.all(...params);
  }
  get(...params: unknown[]) {
    if (this.stmt.reader) this.stmt.raw(this.rawMode);
    return this.stmt.get(...params);
  }
}
