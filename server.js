#!/usr/bin/env node
// The production server (`npm run serve`, and `npm start` after building): node:http, and every
// request through the app's own handler (app/entry.server.tsx → app/lib/server-handler.server.ts):
// browser assets, the page cache of anonymous public pages, the request guard (cross-site
// requests, bodies), security and caching headers, the CSP nonce, gzip/brotli.
// Environment: PORT (3000), HOST (all interfaces), REMIX_BUILD_DIR (build/), WEB_CONCURRENCY
// (server processes; default one per core); the rest in README.
//
// With more than one process, this one supervises: it starts one worker (which migrates and
// seeds), then the others once it listens, and replaces any worker that dies at once. The workers
// share the port (node:cluster) and the SQLite database (WAL); background jobs take leases in the
// database, so each runs once across them.
import cluster from "node:cluster";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

process.env.NODE_ENV ??= "production";
const workers = Math.max(1, Number(process.env.WEB_CONCURRENCY) || (process.env.NODE_ENV === "development" ? 1 : os.availableParallelism()));

if (cluster.isPrimary && workers > 1) supervise();
else await serve();

function supervise() {
  let stopping = false;
  let started = false;
  const fork = () => cluster.fork();
  console.log(`[máy chủ] ${workers} tiến trình phục vụ (WEB_CONCURRENCY).`);
  fork();
  cluster.on("listening", () => {
    if (started) return;
    started = true;
    for (let i = 1; i < workers; i++) fork();
  });
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`[máy chủ] Tiến trình ${worker.process.pid} dừng (${signal ?? code}); khởi động tiến trình thay thế.`);
    if (!started && code !== 0) process.exit(code ?? 1); // the first worker could not start: stop.
    fork();
  });
  for (const sig of ["SIGINT", "SIGTERM"]) {
    process.on(sig, () => {
      if (stopping) return;
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
      setTimeout(() => process.exit(0), 12_000).unref();
    });
  }
}

async function serve() {
  const root = path.dirname(new URL(import.meta.url).pathname);
  const buildDir = path.resolve(root, process.env.REMIX_BUILD_DIR ?? "build");

  const build = await import(pathToFileURL(path.join(buildDir, "index.js")).href);
  // Everything, static files included, goes through the app's own handler on plain node:http
  // (docs/decisions/0017-lean-server.md): no framework layer in front of the page cache.
  const handle = build.entry.module.createNodeHandler(build, process.env.NODE_ENV, { root });
  const app = (req, res) => {
    handle(req, res).catch((err) => {
      console.error(err);
      if (!res.headersSent) {
        res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
        res.end("Lỗi hệ thống. Vui lòng thử lại sau.");
      } else res.destroy();
    });
  };

  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST;
  const server = http.createServer(app);
  server.listen(port, host, () => {
    console.log(`[máy chủ] Đang phục vụ tại http://${host ?? "localhost"}:${port}`);
    if (process.env.NODE_ENV === "development") {
      import("@remix-run/node").then(({ broadcastDevReady }) => broadcastDevReady(build));
    }
  });
  // Slow or stalled clients cannot hold a connection open for ever.
  server.headersTimeout = 30_000;
  server.requestTimeout = 15 * 60_000;
  server.keepAliveTimeout = 5_000;

  let stopping = false;
  for (const sig of ["SIGINT", "SIGTERM"]) {
    process.on(sig, () => {
      if (stopping) return;
      stopping = true;
      server.close(() => process.exit(0));
      server.closeIdleConnections?.();
      setTimeout(() => process.exit(0), 10_000).unref();
    });
  }
}
