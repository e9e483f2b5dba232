/** Starts the built app (build/index.js) with server.js, as `npm run serve` does, on a free port and a fresh database. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { makeTempDir } from "./tmp";

const ROOT = path.resolve(__dirname, "..", "..");
/** The server build to run: build/ by default, REMIX_BUILD_DIR when set (see remix.config.js). */
const BUILD_DIR = process.env.REMIX_BUILD_DIR ?? "build";

export function ensureBuilt() {
  if (fs.existsSync(path.resolve(ROOT, BUILD_DIR, "index.js")) && !process.env.FORCE_BUILD) return;
  const r = spawnSync(path.join(ROOT, "node_modules", ".bin", "remix"), ["build"], { cwd: ROOT, stdio: "pipe", env: { ...process.env, NODE_ENV: "production" } });
  if (r.status !== 0) throw new Error(`remix build failed:\n${r.stdout}\n${r.stderr}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export interface RunningServer {
  url: string;
  port: number;
  dir: string;
  dbPath: string;
  output: () => string;
  stop: () => Promise<void>;
  /** Kills the server at once (SIGKILL: no shutdown handler runs) and waits until it is gone. */
  kill: () => Promise<void>;
  /** The server's process id. */
  pid: number;
}

export async function startServer(opts: { seedDemo?: boolean; dir?: string; env?: Record<string, string> } = {}): Promise<RunningServer> {
  ensureBuilt();
  const dir = opts.dir ?? makeTempDir("srv");
  const port = await freePort();
  const dbPath = path.join(dir, "app.db");
  let out = "";
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, "server.js")], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: dbPath,
      UPLOAD_DIR: path.join(dir, "uploads"),
      PUBLIC_BASE_URL: `http://localhost:${port}`,
      SEED_DEMO: opts.seedDemo ? "1" : "0",
      // One process unless a test asks for more (the cluster test does).
      WEB_CONCURRENCY: "1",
      SMTP_URL: "",
      UPLOADTHING_TOKEN: "",
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode != null) throw new Error(`server exited early (${child.exitCode}):\n${out}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not answer /healthz in 60 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    port,
    dir,
    dbPath,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode != null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
      }),
    pid: child.pid!,
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode != null || child.signalCode != null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      }),
  };
}
