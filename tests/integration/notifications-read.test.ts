/**
 * Notifications are marked read when seen (issue 12, item 9): opening the list shows which were new
 * and marks them read; the header's count (root loader: unreadCount) drops to zero; "mark all read"
 * still works; nobody sees or marks another person's notices.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { notifyUsers, unreadCount } from "~/modules/notify/notify.server";
import { action, loader } from "~/routes/co-so.thong-bao";
import { createUser, requestWithCookie } from "../helpers/fixtures";

let me = "";
let other = "";
let cookie = "";

const notice = (i: number) => ({ kind: "test", title: `Thông báo ${i}`, body: `Nội dung ${i}` });

beforeAll(async () => {
  me = await createUser("coso@example.vn");
  other = await createUser("khac@example.vn");
  cookie = await startSession(me);
  for (let i = 1; i <= 3; i++) notifyUsers(db, [me], notice(i));
  notifyUsers(db, [other], notice(9));
});

const open = async () => (await (await loader({ request: requestWithCookie("/co-so/thong-bao", cookie), params: {}, context: {} } as never) as Response).json()) as { items: { title: string; readAt: unknown }[] };

describe("notifications", () => {
  it("opening the list shows the new ones as new, then marks them read (the header's count drops)", async () => {
    expect(unreadCount(me)).toBe(3);
    const first = await open();
    expect(first.items.map((n) => n.title)).toEqual(["Thông báo 3", "Thông báo 2", "Thông báo 1"]);
    expect(first.items.every((n) => n.readAt == null)).toBe(true);
    expect(unreadCount(me)).toBe(0);
    const again = await open();
    expect(again.items.every((n) => n.readAt != null)).toBe(true);
    // Another person's notice is neither shown nor marked.
    expect(unreadCount(other)).toBe(1);
  });

  it("a new notice counts again until seen; mark all read works too", async () => {
    notifyUsers(db, [me], notice(4));
    expect(unreadCount(me)).toBe(1);
    const res = (await action({ request: requestWithCookie("/co-so/thong-bao", cookie, { method: "POST", body: new URLSearchParams() }), params: {}, context: {} } as never)) as Response;
    expect(res.status).toBe(200);
    expect(unreadCount(me)).toBe(0);
    expect(unreadCount(other)).toBe(1);
  });
});
