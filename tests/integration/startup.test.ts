/**
 * Starting the real server on an empty database migrates and seeds the demo exactly once;
 * a second start on the same file changes nothing.
 */
import Database from "better-sqlite3";
import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { makeTempDir } from "../helpers/tmp";
import { startServer } from "../helpers/server";

const dir = makeTempDir("startup");
/** Every migration committed under db/migrations (its journal lists them). */
const MIGRATIONS = (JSON.parse(fs.readFileSync("db/migrations/meta/_journal.json", "utf8")) as { entries: unknown[] }).entries.length;
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function snapshot(dbPath: string): Record<string, number> {
  const sqlite = new Database(dbPath, { readonly: true });
  const tables = sqlite
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
    .all() as { name: string }[];
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    counts[name] = (sqlite.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n;
  }
  sqlite.close();
  return counts;
}

describe("first and second start", () => {
  it("migrates and seeds once, prints the demo accounts once", async () => {
    const first = await startServer({ seedDemo: true, dir });
    const out1 = first.output();
    const health = await (await fetch(`${first.url}/healthz`)).json();
    await first.stop();
    expect(health).toEqual({ status: "ok", database: "ok", migrations: MIGRATIONS });
    expect(out1).toContain("Tài khoản dùng thử");
    expect(out1).toContain("coso@demo.cnnt.vn");
    const after1 = snapshot(first.dbPath);
    expect(after1.__drizzle_migrations).toBe(MIGRATIONS);
    expect(after1.establishments).toBeGreaterThanOrEqual(30);
    expect(after1.rounds).toBeGreaterThanOrEqual(2);
    expect(after1.certificates).toBeGreaterThan(0);
    expect(after1.admin_units).toBeGreaterThanOrEqual(63 + 34);

    const second = await startServer({ seedDemo: true, dir });
    const out2 = second.output();
    await second.stop();
    expect(out2).not.toContain("Tài khoản dùng thử");
    const after2 = snapshot(second.dbPath);
    // Sessions and audit rows could only change through requests; none were made.
    expect(after2).toEqual(after1);
  }, 90_000); // two server starts with the full reference data: near 30 s on a loaded machine
});
