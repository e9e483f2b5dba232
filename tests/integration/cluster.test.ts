/**
 * `npm run serve` (server.js) with several processes: a supervisor starts one worker per core
 * (WEB_CONCURRENCY), they share the port and the database, and a worker that dies is replaced
 * at once while the others keep answering.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../helpers/server";

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
      // pid (comm) state ppid ...: comm may contain spaces, so read after the last ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) out.push(Number(d));
    } catch {
      /* gone meanwhile */
    }
  }
  return out.sort();
}

async function until<T>(what: string, fn: () => T | Promise<T>, ok: (v: T) => boolean, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let srv: RunningServer;
beforeAll(async () => {
  srv = await startServer({ env: { WEB_CONCURRENCY: "2" } });
});
afterAll(async () => {
  await srv?.stop();
  if (srv) fs.rmSync(srv.dir, { recursive: true, force: true });
});

describe("several server processes", () => {
  it("starts two workers behind one port and replaces one that dies", async () => {
    expect(srv.output()).toContain("2 tiến trình phục vụ");
    const workers = await until("two workers", () => childrenOf(srv.pid), (w) => w.length === 2);
    // Both serve: many requests over fresh connections all answer.
    for (let i = 0; i < 20; i++) expect((await fetch(`${srv.url}/healthz`, { headers: { Connection: "close" } })).status).toBe(200);

    const victim = workers[0]!;
    process.kill(victim, "SIGKILL");
    const replaced = await until("a replacement worker", () => childrenOf(srv.pid), (w) => w.length === 2 && !w.includes(victim));
    expect(replaced).toContain(workers[1]);
    await until("answers after the replacement", async () => (await fetch(`${srv.url}/healthz`).catch(() => null))?.status, (s) => s === 200);
    expect(srv.output()).toMatch(new RegExp(`Tiến trình ${victim} dừng`));

    // Stopping the supervisor stops every worker.
    const all = childrenOf(srv.pid);
    await srv.stop();
    await until("workers gone", () => all.filter((p) => fs.existsSync(`/proc/${p}`)), (left) => left.length === 0, 15_000);
  });
});
