/**
 * drizzle gets its SQLite statements from a per-connection cache by SQL text
 * (lib/db.server statementCachingClient, decision 0041). Sharing a statement must not change
 * anybody's results: each holder keeps its own raw (array) mode, transactions and savepoints behave
 * as before, a statement survives a schema change, and the cache stays bounded.
 */
import Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import { statementCachingClient } from "~/lib/statement-cache.server";

const items = sqliteTable("items", { id: integer("id").primaryKey(), name: text("name").notNull() });

function open() {
  const sqlite = new Database(":memory:");
  sqlite.exec("create table items (id integer primary key, name text not null)");
  let prepared = 0;
  const realPrepare = sqlite.prepare.bind(sqlite);
  // Counts what reaches SQLite's own prepare (better-sqlite3, not the project's code).
  sqlite.prepare = ((source: string) => {
    prepared++;
    return realPrepare(source);
  }) as typeof sqlite.prepare;
  const client = statementCachingClient(sqlite);
  const db = drizzle(client, { schema: { items } });
  return { sqlite, client, db, prepared: () => prepared };
}

describe("the statement cache behind drizzle", () => {
  it("prepares a SQL text once and runs it with each call's own parameters", () => {
    const { db, prepared } = open();
    db.insert(items).values({ name: "gốm" }).run();
    const before = prepared();
    for (const name of ["mây", "tre", "đan", "lụa"]) db.insert(items).values({ name }).run();
    const names = [1, 2, 3, 4, 5].map((id) => db.select().from(items).where(sql`${items.id} = ${id}`).get()?.name);
    expect(names).toEqual(["gốm", "mây", "tre", "đan", "lụa"]);
    expect(prepared() - before).toBe(1); // the select; the insert text was cached already
  });

  it("gives each holder of a shared statement its own row shape (raw arrays or objects)", () => {
    const { client, sqlite } = open();
    sqlite.exec("insert into items (name) values ('nón lá')");
    const a = client.prepare("select id, name from items");
    const b = client.prepare("select id, name from items");
    expect(a.raw().all()).toEqual([[1, "nón lá"]]);
    expect(b.all()).toEqual([{ id: 1, name: "nón lá" }]);
    expect(a.get()).toEqual([1, "nón lá"]);
    expect(b.get()).toEqual({ id: 1, name: "nón lá" });
  });

  it("keeps drizzle's transactions: commit, rollback on a throw, nested savepoints", () => {
    const { db } = open();
    db.transaction((tx) => {
      tx.insert(items).values({ name: "kept" }).run();
    });
    expect(() =>
      db.transaction((tx) => {
        tx.insert(items).values({ name: "rolled back" }).run();
        throw new Error("stop");
      }),
    ).toThrow("stop");
    db.transaction((tx) => {
      tx.insert(items).values({ name: "outer" }).run();
      try {
        tx.transaction((inner) => {
          inner.insert(items).values({ name: "inner" }).run();
          throw new Error("inner stop");
        });
      } catch {
        /* the savepoint is rolled back, the outer transaction goes on */
      }
    });
    expect(db.select().from(items).all().map((r) => r.name)).toEqual(["kept", "outer"]);
  });

  it("answers from a cached statement after the table changes under it", () => {
    const { db, sqlite } = open();
    db.insert(items).values({ name: "a" }).run();
    expect(db.select().from(items).all()).toHaveLength(1);
    sqlite.exec("alter table items add column extra text; create index items_name on items(name)");
    db.insert(items).values({ name: "b" }).run();
    expect(db.select().from(items).all().map((r) => r.name)).toEqual(["a", "b"]);
  });

  it("stays bounded: the least recently used statement goes first", () => {
    const { client, prepared } = open();
    const hot = "select count(*) as n from items";
    client.prepare(hot);
    for (let i = 0; i < 499; i++) client.prepare(`select ${i} as n`);
    client.prepare(hot); // used again: now the most recent
    const before = prepared();
    client.prepare("select 'one more' as n"); // evicts the oldest (select 0), not the hot one
    client.prepare(hot);
    expect(prepared() - before).toBe(1);
    client.prepare("select 0 as n");
    expect(prepared() - before).toBe(2);
  });
});
