/**
 * Helpers for scripts/bench.ts: child processes (started in their own process group and always
 * stopped, also on Ctrl-C or a failure), CPU time and memory of a process tree from /proc, free
 * ports, autocannon runs and table formatting.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";

/* ---------------------------------------------------------------- children */

export interface Child {
  name: string;
  proc: ChildProcess;
  pid: number;
  /** Everything it printed (stdout and stderr), for error messages. */
  output(): string;
  /** SIGTERM to its process group, SIGKILL after 5 s; resolves when it has exited. */
  stop(): Promise<void>;
  exited: Promise<number | null>;
}

const children = new Set<Child>();
const cleanups: (() => void)[] = [];
let janitor: ChildProcess | undefined;

/**
 * Starts the janitor (scripts/bench/janitor.mjs): a process of its own that stops every child still
 * running and removes `dir` when this process ends in any way, even killed (SIGKILL, or tsx ending it
 * on Ctrl-C before the handlers below have run).
 */
export function startJanitor(dir: string, keep: boolean) {
  janitor = spawn(process.execPath, [new URL("./janitor.mjs", import.meta.url).pathname, dir, keep ? "keep" : "remove"], {
    stdio: ["pipe", "ignore", "ignore"],
    detached: true,
  });
  janitor.unref();
  janitor.stdin!.on("error", () => {});
}
const tellJanitor = (line: string) => {
  try {
    janitor?.stdin?.write(`${line}\n`);
  } catch {
    /* gone */
  }
};

/** Runs `fn` at exit (normal, failure, Ctrl-C), after every child has been killed. */
export function onCleanup(fn: () => void) {
  cleanups.push(fn);
}

function killGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* gone */
    }
  }
}

let cleanedUp = false;
/** Kills every child still running (SIGKILL to its group) and runs the cleanups; once. */
export function cleanupNow() {
  if (cleanedUp) return;
  cleanedUp = true;
  for (const c of children) if (c.proc.exitCode == null && c.proc.signalCode == null) killGroup(c.pid, "SIGKILL");
  children.clear();
  for (const fn of cleanups.splice(0)) {
    try {
      fn();
    } catch {
      /* best effort */
    }
  }
  janitor?.stdin?.end();
}
process.on("exit", cleanupNow);
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(sig, () => {
    console.error(`\n${sig}: stopping the bench's processes.`);
    cleanupNow();
    process.exit(130);
  });
}

export interface StartOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Line handler for stdout (a streamed child's table); output is recorded either way. */
  onLine?: (line: string) => void;
}

/** Starts a command in its own process group (so its own children are stopped with it). */
export function startChild(name: string, cmd: string, args: string[], opts: StartOptions): Child {
  const proc = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let out = "";
  let partial = "";
  proc.stdout!.setEncoding("utf8");
  proc.stderr!.setEncoding("utf8");
  proc.stdout!.on("data", (d: string) => {
    out += d;
    if (out.length > 2_000_000) out = out.slice(-1_000_000);
    if (!opts.onLine) return;
    partial += d;
    const lines = partial.split("\n");
    partial = lines.pop()!;
    for (const l of lines) opts.onLine(l);
  });
  proc.stderr!.on("data", (d: string) => {
    out += d;
    if (out.length > 2_000_000) out = out.slice(-1_000_000);
  });
  tellJanitor(`add ${proc.pid}`);
  const exited = new Promise<number | null>((resolve) =>
    proc.once("exit", (code) => {
      tellJanitor(`del ${proc.pid}`);
      if (partial && opts.onLine) opts.onLine(partial);
      partial = "";
      children.delete(child);
      resolve(code);
    }),
  );
  const child: Child = {
    name,
    proc,
    pid: proc.pid!,
    output: () => out,
    exited,
    stop: async () => {
      if (proc.exitCode != null || proc.signalCode != null) return;
      killGroup(proc.pid!, "SIGTERM");
      const t = setTimeout(() => killGroup(proc.pid!, "SIGKILL"), 5_000);
      await exited;
      clearTimeout(t);
    },
  };
  children.add(child);
  return child;
}

/** Waits until `ready` resolves true (polled), or fails with the child's output. */
export async function waitReady(child: Child, ready: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.proc.exitCode != null) throw new Error(`${child.name} exited early (code ${child.proc.exitCode}):\n${child.output()}`);
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) {
      await child.stop();
      throw new Error(`${child.name} did not start in ${timeoutMs / 1000} s:\n${child.output()}`);
    }
    await sleep(100);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
    srv.on("error", reject);
  });
}

/* ---------------------------------------------------------------- /proc */

const CLK_TCK = Number(spawnSync("getconf", ["CLK_TCK"]).stdout?.toString().trim()) || 100;

function statFields(pid: number): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" "); // f[0] is field 3 (state)
  } catch {
    return null;
  }
}

/** The process and all its live descendants (e.g. node:cluster workers). */
export function processTree(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const f = statFields(Number(name));
    if (f) parentOf.set(Number(name), Number(f[1])); // field 4: ppid
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) for (const [pid, ppid] of parentOf) if (ppid === out[i]) out.push(pid);
  return out.filter((p) => parentOf.has(p));
}

/** CPU time (user + system, all threads) of a process tree so far, in ms; null off Linux. */
export function treeCpuMs(root: number): number | null {
  let total = 0;
  let any = false;
  for (const pid of processTree(root)) {
    const f = statFields(pid);
    if (!f) continue;
    any = true;
    total += ((Number(f[11]) + Number(f[12])) / CLK_TCK) * 1000; // utime, stime: fields 14, 15
  }
  return any ? total : null;
}

/** Resident memory of one process, in bytes (VmRSS); null off Linux. */
export function rssBytes(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Waits (up to 15 s) until a process tree is idle: under 10% of a core for 300 ms. */
export async function settle(root: number) {
  const until = Date.now() + 15_000;
  while (Date.now() < until) {
    const a = treeCpuMs(root);
    await sleep(300);
    const b = treeCpuMs(root);
    if (a == null || b == null || b - a < 30) return;
  }
}

/* ---------------------------------------------------------------- autocannon */

export interface AcResult {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; average: number; max: number };
  duration: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats?: Record<string, { count: number }>;
}
const require = createRequire(import.meta.url);
export const autocannon = require("autocannon") as (opts: Record<string, unknown>) => Promise<AcResult>;

export interface Run {
  name: string;
  result: AcResult;
  /** Requests per second over the run (completed requests / seconds). */
  rps: number;
  /** Server CPU ms per completed request (all the server's processes). */
  cpuPerReq: number | null;
  /** Server CPU as a share of one core. */
  cpuShare: number | null;
  /** The load generator's (this process's) CPU as a share of one core. */
  clientShare: number;
  bad: number;
}

/** One autocannon run against `base`, GET paths from `pathFn`, with the server tree's CPU time. */
export async function load(opts: { name: string; base: string; serverPid: number; pathFn: () => string; connections: number; seconds: number; headers?: Record<string, string> }): Promise<Run> {
  const cpu0 = treeCpuMs(opts.serverPid);
  const client0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await autocannon({
    url: opts.base,
    connections: opts.connections,
    duration: opts.seconds,
    headers: opts.headers,
    requests: [{ method: "GET", setupRequest: (req: Record<string, unknown>) => ({ ...req, path: opts.pathFn() }) }],
  });
  const wall = (performance.now() - t0) / 1000;
  const cpu1 = treeCpuMs(opts.serverPid);
  const client = process.cpuUsage(client0);
  const seconds = result.duration || wall;
  const total = result.requests.total;
  const cpu = cpu0 != null && cpu1 != null ? cpu1 - cpu0 : null;
  return {
    name: opts.name,
    result,
    rps: total / seconds,
    cpuPerReq: cpu != null && total ? cpu / total : null,
    cpuShare: cpu != null ? cpu / (wall * 1000) : null,
    clientShare: (client.user + client.system) / 1000 / (wall * 1000),
    bad: result.non2xx + result.errors + result.timeouts,
  };
}

/* ---------------------------------------------------------------- formatting */

export const fmt = {
  int: (n: number) => Math.round(n).toLocaleString("en"),
  ms: (n: number | null | undefined, d = 1) => (n == null || !Number.isFinite(n) ? "n/a" : n.toFixed(d)),
  x: (n: number | null | undefined) => (n == null || !Number.isFinite(n) ? "n/a" : `${n.toFixed(2)}×`),
  pct: (n: number | null | undefined) => (n == null || !Number.isFinite(n) ? "n/a" : `${Math.round(n * 100)}%`),
  mb: (bytes: number | null | undefined) => (bytes == null ? "n/a" : `${(bytes / 1024 / 1024).toFixed(1)} MB`),
};

/** A plain-text table: columns right-aligned except the first. */
export function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  return cells
    .map((r) => r.map((c, i) => (i === 0 ? (c ?? "").padEnd(widths[i]!) : (c ?? "").padStart(widths[i]!))).join("  "))
    .join("\n");
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
