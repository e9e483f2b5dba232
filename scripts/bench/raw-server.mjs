#!/usr/bin/env node
// The physical limit for scripts/bench.ts: a bare node:http server, no framework.
// - GET (any path): answers a recorded page (body and headers copied from the app's own answer),
//   so the bytes on the wire are the same as the app's.
// - POST (any path): streams the request body to a new file in RAW_UPLOAD_DIR (the raw receive
//   an upload is compared with), then answers 200 with the number of bytes written.
// Environment: RAW_PORT, RAW_HOST (127.0.0.1), RAW_PAGE (a JSON file {status, headers: [[k, v]…],
// body: base64}), RAW_UPLOAD_DIR, RAW_WORKERS (1: this process serves; more: node:cluster workers
// sharing the port, as server.js does with WEB_CONCURRENCY). Prints "raw ready" once every process listens.
import cluster from "node:cluster";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";

const workers = Math.max(1, Number(process.env.RAW_WORKERS) || 1);

if (cluster.isPrimary && workers > 1) {
  let listening = 0;
  let stopping = false;
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on("listening", () => {
    if (++listening === workers) console.log("raw ready");
  });
  cluster.on("exit", () => {
    if (!stopping) process.exit(1);
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  });
  for (const sig of ["SIGINT", "SIGTERM"]) {
    process.on(sig, () => {
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
      setTimeout(() => process.exit(0), 3000).unref();
    });
  }
} else {
  const page = fs.existsSync(process.env.RAW_PAGE ?? "")
    ? JSON.parse(fs.readFileSync(process.env.RAW_PAGE, "utf8"))
    : { status: 200, headers: [["content-type", "text/plain"]], body: Buffer.from("raw\n").toString("base64") };
  const body = Buffer.from(page.body, "base64");
  const headers = [...page.headers, ["content-length", String(body.length)]].flat();
  const uploadDir = process.env.RAW_UPLOAD_DIR;
  let seq = 0;

  const server = http.createServer((req, res) => {
    if (req.method === "POST" && uploadDir) {
      const out = fs.createWriteStream(path.join(uploadDir, `raw-${process.pid}-${++seq}.bin`));
      req.pipe(out);
      out.on("finish", () => {
        res.writeHead(200, { "content-type": "text/plain" });
        res.end(String(out.bytesWritten));
      });
      out.on("error", () => {
        res.writeHead(500);
        res.end();
      });
      return;
    }
    // Read (and drop) any request body, then answer the recorded page.
    req.resume();
    res.writeHead(page.status ?? 200, headers);
    res.end(body);
  });
  server.keepAliveTimeout = 5_000;
  server.listen(Number(process.env.RAW_PORT), process.env.RAW_HOST ?? "127.0.0.1", () => {
    if (!cluster.isWorker) console.log("raw ready");
  });
  for (const sig of ["SIGINT", "SIGTERM"]) {
    process.on(sig, () => {
      server.close(() => process.exit(0));
      server.closeAllConnections?.();
      setTimeout(() => process.exit(0), 2000).unref();
    });
  }
}
