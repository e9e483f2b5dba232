#!/usr/bin/env node
// `npm start`: build the app, then serve it on http://localhost:3000 (PORT) with the embedded
// SQLite database (DATABASE_URL, default ./data/app.db). On start the server applies pending
// migrations, loads reference data and, on an empty database whose public address is this machine
// (PUBLIC_BASE_URL unset or localhost), seeds the demo once (SEED_DEMO=0 to skip it). A real
// deployment sets PUBLIC_BASE_URL and gets no demo (README, "Deploying for real").
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const env = { NODE_ENV: "production", PORT: "3000", ...process.env };
env.NODE_ENV = "production";

console.log("[start] Đang build ứng dụng…");
const build = spawnSync(bin("remix"), ["build"], { cwd: root, env, stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);

const server = spawn(process.execPath, [path.join(root, "server.js")], { cwd: root, env, stdio: "inherit" });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
