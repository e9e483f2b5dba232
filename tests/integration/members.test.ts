/** Several users may belong to one establishment: adding a member by email. */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { establishmentMembers, establishments, mailOutbox, users } from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { checkResetToken, resetPassword, authenticate } from "~/modules/accounts/accounts.server";
import { action as membersAction, loader as membersLoader } from "~/routes/co-so.thanh-vien";
import { createUser, province, requestWithCookie } from "../helpers/fixtures";

let cookie = "";
let estId = 0;

async function call(fn: (a: any) => any, init?: RequestInit) {
  try {
    const res: Response = await fn({ request: requestWithCookie("/co-so/thanh-vien", cookie, init), params: {}, context: {} });
    return { status: res.status, data: res.headers.get("Content-Type")?.includes("json") ? await res.json() : null };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, data: null };
    throw e;
  }
}
const post = (f: Record<string, string>): RequestInit => ({ method: "POST", body: new URLSearchParams(f) });

beforeAll(async () => {
  const owner = await createUser("owner@members.vn");
  estId = db.insert(establishments).values({ legalType: "household", name: "Cơ sở Mây tre", provinceId: province("24").id }).returning().get().id;
  db.insert(establishmentMembers).values({ establishmentId: estId, userId: owner, role: "owner" }).run();
  cookie = await startSession(owner);
});

describe("establishment members", () => {
  it("adds a new person with a one-time link to set a password", async () => {
    const r = await call(membersAction, post({ fullName: "Trần Văn Bình", email: "Binh@Members.vn" }));
    expect(r.status).toBe(302);
    const user = db.select().from(users).where(eq(users.email, "binh@members.vn")).get()!;
    expect(user.passwordHash).toBeNull();
    const mail = db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, "binh@members.vn")).get()!;
    const token = mail.textBody.match(/dat-lai-mat-khau\/([\w-]+)/)![1]!;
    expect(checkResetToken(token)?.email).toBe("binh@members.vn");
    await resetPassword(token, "matkhau-moi-9");
    expect(await authenticate("binh@members.vn", "matkhau-moi-9")).toBeTruthy();
    const list = await call(membersLoader);
    expect(list.data.members.map((m: any) => m.email).sort()).toEqual(["binh@members.vn", "owner@members.vn"]);
  });
  it("links an existing account, refuses a duplicate and bad input", async () => {
    await createUser("lan@members.vn");
    expect((await call(membersAction, post({ fullName: "Lan", email: "lan@members.vn" }))).status).toBe(302);
    const dup = await call(membersAction, post({ fullName: "Lan", email: "lan@members.vn" }));
    expect(dup.status).toBe(409);
    expect(dup.data.message).toBe("Người này đã là thành viên của cơ sở.");
    const bad = await call(membersAction, post({ fullName: "", email: "khong-hop-le" }));
    expect(bad.status).toBe(400);
    expect(bad.data.errors.email).toMatch(/Email không đúng định dạng/);
    expect(db.select().from(establishmentMembers).where(eq(establishmentMembers.establishmentId, estId)).all()).toHaveLength(3);
  });
});
