/**
 * Each integration test file gets its own SQLite file with the real migrations and reference
 * data, and its own upload directory, before any app module is imported.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll } from "vitest";
import { makeTempDir } from "./tmp";

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

const { bootstrap } = await import("~/lib/bootstrap.server");
await bootstrap({ seedDemo: false, log: () => {} });

afterAll(async () => {
  const { db } = await import("~/lib/db.server");
  db.$client.close();
  globalThis.__cnntDb = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});
