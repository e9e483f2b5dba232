#!/usr/bin/env node
// `npm test`: everything the project checks, in one command.
//   1. Debian's chromium for the browser tests (installed with apt-get when missing and root).
//   2. Type check (tsc), then a production build (the browser tests run the built server).
//   3. vitest: unit, integration (real SQLite with the real migrations) and e2e (Playwright).
// Extra arguments go to vitest, e.g. `npm test -- --project unit`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const DEBIAN_PACKAGES = { chromium: CHROMIUM, "poppler-utils": "/usr/bin/pdftoppm" };
// Optional: when one cannot be installed, the tests that need it are skipped (and say so).
const OPTIONAL_DEBIAN_PACKAGES = { nginx: "/usr/sbin/nginx" };

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", ...opts });
  return r.status ?? 1;
}

function ensureDebianPackages() {
  const missing = Object.entries(DEBIAN_PACKAGES).filter(([, file]) => !fs.existsSync(file)).map(([pkg]) => pkg);
  const optional = Object.entries(OPTIONAL_DEBIAN_PACKAGES).filter(([, file]) => !fs.existsSync(file)).map(([pkg]) => pkg);
  if (!missing.length && !optional.length) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const optionalNote = () =>
    optional.length && console.log(`[test] Optional Debian packages not installed: ${optional.join(", ")}; the tests that need them are skipped.`);
  if (!missing.length && (!isRoot || !fs.existsSync("/usr/bin/apt-get"))) return void optionalNote();
  if (!isRoot || !fs.existsSync("/usr/bin/apt-get")) {
    console.error(
      `\nThe browser tests need Debian packages that are missing: ${missing.join(", ")}.\n` +
        `Install them as root with:\n  apt-get update && apt-get install -y ${missing.join(" ")}\n` +
        `(or set CHROMIUM_PATH to a Chromium binary).`,
    );
    process.exit(1);
  }
  console.log(`[test] Installing Debian packages: ${[...missing, ...optional].join(", ")}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const updated = run("apt-get", ["update", "-qq"], { env }) === 0;
  if (!updated && missing.length) process.exit(1);
  if (missing.length && run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...missing], { env }) !== 0) process.exit(1);
  if (optional.length && (!updated || run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...optional], { env }) !== 0)) {
    optionalNote();
  }
}

ensureDebianPackages();

console.log("[test] Type check…");
if (run(bin("tsc"), ["--noEmit"]) !== 0) process.exit(1);

console.log("[test] Build…");
if (run(bin("remix"), ["build"], { env: { ...process.env, NODE_ENV: "production" }, stdio: ["ignore", "ignore", "inherit"] }) !== 0) process.exit(1);

const reportDir = path.join(root, "tests", ".tmp");
fs.mkdirSync(reportDir, { recursive: true });
const report = path.join(reportDir, "vitest-report.json");
fs.rmSync(report, { force: true });
const status = run(
  bin("vitest"),
  ["run", "--config", "tests/vitest.config.ts", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: "true" } },
);

if (fs.existsSync(report)) {
  const r = JSON.parse(fs.readFileSync(report, "utf8"));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}`);
  if (r.numTotalTests === 0) {
    console.error("No test ran.");
    process.exit(1);
  }
}
process.exit(status);
