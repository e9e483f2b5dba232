import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

/**
 * The environment every bench script runs the app's modules in: production mode, a database and
 * uploads in `dir` (when given), no demo, no mail, no uploadthing, no first admin. Call it before
 * the first import of an app module (they read the environment when loaded).
 */
export function useBenchEnvironment(dir?: string) {
  if (dir) {
    process.env.DATABASE_URL = path.join(dir, "app.db");
    process.env.UPLOAD_DIR = path.join(dir, "uploads");
  }
  process.env.NODE_ENV = "production";
  process.env.PUBLIC_BASE_URL = "http://127.0.0.1:3999";
  process.env.SEED_DEMO = "0";
  process.env.SESSION_SECRET ??= "bench-only-secret-bench-only-secret";
  process.env.MIGRATIONS_DIR = path.join(ROOT, "db", "migrations");
  delete process.env.ADMIN_EMAIL;
  delete process.env.SMTP_URL;
  delete process.env.UPLOADTHING_TOKEN;
}
