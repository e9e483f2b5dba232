/**
 * The fuzz runner itself (tests/helpers/fuzz.ts): it must flag a 5xx, a thrown error, a refusal
 * that wrote, and a refusal answered 2xx; it must let an accepted write pass and roll it back.
 */
import type { ActionFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { notifications } from "~db/schema";
import { db } from "~/lib/db.server";
import { buildWorld, exercise, type Call, type World } from "../../helpers/fuzz";

let w: World;
beforeAll(async () => {
  w = await buildWorld();
});

const call: Call = { who: "producer", params: {}, search: "", body: { kind: "urlencoded", fields: [["a", "b"]] } };
const write = () => db.insert(notifications).values({ userId: w.users.producer, kind: "test", title: "x", body: "y" }).run();
const count = () => db.$client.prepare("SELECT count(*) FROM notifications").pluck().get() as number;
const run = (action: ActionFunction) => exercise(w, { name: "runner self-test (failures expected)", action, path: () => "/x" }, call);

describe("fuzz runner", () => {
  it("flags a thrown error and a 5xx answer", async () => {
    await expect(run(async () => { throw new Error("boom"); })).rejects.toThrow(/threw Error: boom/);
    await expect(run(async () => { throw json({ message: "x" }, { status: 503 }); })).rejects.toThrow(/answered 503/);
    await expect(run(async () => json({}, { status: 500 }))).rejects.toThrow(/answered 500/);
  });

  it("flags a refusal that changed a row, and a refusal answered 2xx", async () => {
    await expect(run(async () => { write(); return json({ errors: { x: "y" } }, { status: 400 }); })).rejects.toThrow(/refused \(400\) but changed:\s+notifications/);
    await expect(run(async () => json({ ok: false, message: "no" }))).rejects.toThrow(/refused with a 200/);
  });

  it("lets an accepted write pass, rolls it back, and accepts a refusal whose write was undone", async () => {
    const before = count();
    await expect(run(async () => { write(); return redirect("/ok"); })).resolves.toMatchObject({ status: 302 });
    await expect(
      run(async () => {
        try {
          db.transaction((tx) => {
            tx.insert(notifications).values({ userId: w.users.producer, kind: "test", title: "x", body: "y" }).run();
            throw new Error("rolled back");
          });
        } catch {
          return json({ errors: { x: "y" } }, { status: 409 });
        }
      }),
    ).resolves.toMatchObject({ status: 409 });
    expect(count()).toBe(before);
  });
});
