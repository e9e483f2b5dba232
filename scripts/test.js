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

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", ...opts });
  return r.status ?? 1;
}

function ensureDebianPackages() {
  const missing = Object.entries(DEBIAN_PACKAGES).filter(([, file]) => !fs.existsSync(file)).map(([pkg]) => pkg);
  if (!missing.length) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot || !fs.existsSync("/usr/bin/apt-get")) {
    console.error(
      `\nThe browser tests need Debian packages that are missing: ${missing.join(", ")}.\n` +
        `Install them as root with:\n  apt-get update && apt-get install -y ${missing.join(" ")}\n` +
        `(or set CHROMIUM_PATH to a Chromium binary).`,
    );
    process.exit(1);
  }
  console.log(`[test] Installing Debian packages: ${missing.join(", ")}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  if (run("apt-get", ["update", "-qq"], { env }) !== 0) process.exit(1);
  if (run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...missing], { env }) !== 0) process.exit(1);
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
