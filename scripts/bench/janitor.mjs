#!/usr/bin/env node
// Started by scripts/bench.ts (in a process group of its own) with a pipe on its stdin: the bench
// writes "add <pid>" / "del <pid>" for each process group it starts or ends. When the pipe closes
// (the bench has ended, however: even killed), whatever is still listed is stopped (SIGTERM to the
// group, SIGKILL after 3 s) and the temporary directory (argv[2]) is removed unless argv[3] is "keep".
import fs from "node:fs";

const dir = process.argv[2];
const keep = process.argv[3] === "keep";
const groups = new Set();
let buf = "";
for (const sig of ["SIGINT", "SIGHUP", "SIGTERM"]) process.on(sig, () => {}); // only the pipe ends it
const kill = (g, sig) => {
  try {
    process.kill(-g, sig);
    return true;
  } catch {
    return false;
  }
};
process.stdin.setEncoding("utf8");
process.stdin.on("data", (d) => {
  buf += d;
  for (let i; (i = buf.indexOf("\n")) >= 0; ) {
    const m = /^(add|del) (\d+)$/.exec(buf.slice(0, i).trim());
    buf = buf.slice(i + 1);
    if (m) m[1] === "add" ? groups.add(Number(m[2])) : groups.delete(Number(m[2]));
  }
});
let done = false;
const finish = () => {
  if (done) return;
  done = true;
  const alive = [...groups].filter((g) => kill(g, "SIGTERM"));
  setTimeout(
    () => {
      for (const g of alive) kill(g, "SIGKILL");
      if (dir && !keep) fs.rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    },
    alive.length ? 3000 : 0,
  );
};
process.stdin.on("end", finish);
process.stdin.on("close", finish);
process.stdin.on("error", finish);
