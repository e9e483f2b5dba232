/**
 * A separate server-like process for tests/integration/reminders.test.ts, run with tsx on the
 * test's database FILE (DATABASE_URL). It loads the reminders module, prints "ready", then obeys
 * one command per line on stdin (the test sends each command to two workers at the same moment):
 *   run <iso>      runs `runRemindersOnce(now)` (the scheduler's run, with its run record);
 *   deliver <iso>  computes what is due and delivers every reminder without a run record (the bare
 *                  race on the keys);
 * printing each outcome as one JSON line. End of stdin ends it.
 */
import readline from "node:readline";
import { dueReminders } from "~/modules/reminders/schedule";
import { deliverAll, reminderSnapshot, runRemindersOnce, schedulerWorkerId } from "~/modules/reminders/reminders.server";

async function obey(line: string): Promise<Record<string, unknown>> {
  const [mode, iso] = line.trim().split(/\s+/);
  const now = new Date(iso ?? Date.now());
  if (mode === "run") return { ...(await runRemindersOnce(now)) };
  if (mode === "deliver") {
    const t = deliverAll(dueReminders(reminderSnapshot(now), now), "schedule", now);
    return { due: t.due, sent: t.sent, already: t.already, failed: t.failed, errors: t.errors };
  }
  throw new Error(`unknown command ${line}`);
}

async function main() {
  const rl = readline.createInterface({ input: process.stdin });
  process.stdout.write("ready\n");
  for await (const line of rl) {
    if (!line.trim()) continue;
    const r = await obey(line);
    process.stdout.write(`${JSON.stringify({ worker: schedulerWorkerId(), ...r })}\n`);
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
