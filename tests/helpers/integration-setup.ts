/**
 * Each integration test file gets its own SQLite file with the real migrations and reference
 * data, and its own upload directory, before any app module is imported.
 *
 * Migrating and loading the reference data (with ~14,000 official administrative units) costs
 * ~0.3–0.5 s of CPU; done once into a template database per content of the migrations and the
 * reference data, then copied for each file (a file copy: milliseconds). `bootstrap` still runs
 * on the copy, as the server does on start, and finds nothing to do.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterAll } from "vitest";
import * as schema from "~db/schema";
import { loadReferenceData } from "~db/seed/reference";
import type { DB } from "~/lib/db.server";
import { makeTempDir, TMP_ROOT } from "./tmp";

const ROOT = path.resolve(__dirname, "..", "..");

/** Every file whose content decides what a fresh database holds. */
function templateKey(): string {
  const hash = crypto.createHash("sha256");
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      if (fs.statSync(file).isDirectory()) walk(file);
      else hash.update(name).update(fs.readFileSync(file));
    }
  };
  for (const dir of ["db/migrations", "db/reference", "db/seed", "app/modules/units"]) walk(path.join(ROOT, dir));
  hash.update(fs.readFileSync(path.join(ROOT, "db/schema.ts")));
  return hash.digest("hex").slice(0, 16);
}

/** The template database for this content, made once (atomically: several workers may race). */
function templateDatabase(): string {
  const file = path.join(TMP_ROOT, `template-${templateKey()}.db`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(TMP_ROOT, { recursive: true });
  const partial = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}`;
  const sqlite = new Database(partial);
  sqlite.pragma("foreign_keys = ON");
  const database = drizzle(sqlite, { schema }) as DB;
  migrate(database, { migrationsFolder: path.join(ROOT, "db/migrations") });
  loadReferenceData(database);
  sqlite.close();
  fs.renameSync(partial, file);
  return file;
}

const dir = makeTempDir("it");
process.env.NODE_ENV = "test";
process.env.DATABASE_URL = path.join(dir, "app.db");
process.env.UPLOAD_DIR = path.join(dir, "uploads");
process.env.PUBLIC_BASE_URL = "http://localhost:3999";
delete process.env.SMTP_URL;
delete process.env.UPLOADTHING_TOKEN;
delete process.env.ADMIN_EMAIL;
delete process.env.ADMIN_PASSWORD;
process.env.SEED_DEMO = "0";

fs.copyFileSync(templateDatabase(), process.env.DATABASE_URL);

const { bootstrap } = await import("~/lib/bootstrap.server");
await bootstrap({ seedDemo: false, log: () => {} });

afterAll(async () => {
  const { db } = await import("~/lib/db.server");
  db.$client.close();
  globalThis.__cnntDb = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});
