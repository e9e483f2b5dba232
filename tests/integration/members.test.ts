/**
 * Several users may belong to one establishment. A producer invites a person by email; nobody is
 * attached without accepting the invitation themselves, and the producer learns nothing about an
 * existing account (not its name, not whether it exists) before that.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, councilMembers, councils, establishmentMembers, establishments, invitations, mailOutbox } from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { loadPrincipal } from "~/lib/permissions.server";
import { authenticate, findUserByEmail } from "~/modules/accounts/accounts.server";
import { describeInvitation, hashToken } from "~/modules/invitations/invitations.server";
import { action as membersAction, loader as membersLoader } from "~/routes/co-so.thanh-vien";
import { action as inviteAction, loader as inviteLoader } from "~/routes/moi.$token";
import { createBody, createRound, createUser, province, requestWithCookie } from "../helpers/fixtures";

let owner = "";
let cookie = "";
let estId = 0;
let judgeId = "";
const JUDGE_NAME = "Phạm Thị Giám Khảo";

async function call(fn: (a: any) => any, init?: RequestInit, as = cookie, params: Record<string, string> = {}, url = "/co-so/thanh-vien") {
  try {
    const res: Response = await fn({ request: requestWithCookie(url, as, init), params, context: {} });
    return { status: res.status, location: res.headers.get("Location"), data: res.headers.get("Content-Type")?.includes("json") ? await res.json() : null };
  } catch (e) {
    if (e instanceof Response) {
      return { status: e.status, location: e.headers.get("Location"), data: e.headers.get("Content-Type")?.includes("json") ? await e.json() : null };
    }
    throw e;
  }
}
const post = (f: Record<string, string>): RequestInit => ({ method: "POST", body: new URLSearchParams(f) });

function tokenMailedTo(to: string): string {
  const mails = db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, to)).all();
  const m = /\/moi\/([\w-]+)/.exec(mails.at(-1)?.textBody ?? "");
  if (!m) throw new Error(`no invitation mailed to ${to}`);
  return m[1]!;
}
const memberIds = () => db.select().from(establishmentMembers).where(eq(establishmentMembers.establishmentId, estId)).all().map((m) => m.userId);

beforeAll(async () => {
  owner = await createUser("owner@members.vn", { fullName: "Chủ Cơ Sở" });
  estId = db.insert(establishments).values({ legalType: "household", name: "Cơ sở Mây tre", provinceId: province("24").id }).returning().get().id;
  db.insert(establishmentMembers).values({ establishmentId: estId, userId: owner, role: "owner" }).run();
  cookie = await startSession(owner);
  // A judge of a council, with an account of her own.
  judgeId = await createUser("giamkhao@members.vn", { fullName: JUDGE_NAME });
  const body = createBody("Sở Công Thương (thành viên)", "province", province("24").id);
  const round = createRound(body.id, "province", province("24").id, "Vòng tỉnh 2026");
  const council = db.insert(councils).values({ roundId: round.id, name: "Hội đồng tỉnh" }).returning().get();
  db.insert(councilMembers).values({ councilId: council.id, userId: judgeId, fullName: JUDGE_NAME, role: "member", isJudge: true }).run();
});

describe("inviting establishment members", () => {
  it("a new person gets an invitation link, makes an account there, and only then is a member", async () => {
    const r = await call(membersAction, post({ fullName: "Trần Văn Bình", email: "Binh@Members.vn" }));
    expect(r.status).toBe(302);
    expect(r.location).toBe("/co-so/thanh-vien?da-moi=binh%40members.vn");
    // Nothing is made before the person accepts: no account, no membership.
    expect(findUserByEmail("binh@members.vn")).toBeUndefined();
    const token = tokenMailedTo("binh@members.vn");
    const inv = db.select().from(invitations).where(eq(invitations.tokenHash, hashToken(token))).get()!;
    expect(inv).toMatchObject({ kind: "member", establishmentId: estId, email: "binh@members.vn", invitedBy: owner, acceptedAt: null });
    const pending = await call(membersLoader);
    expect(pending.data.invitations.map((i: any) => i.email)).toEqual(["binh@members.vn"]);
    expect(pending.data.members.map((m: any) => m.email)).toEqual(["owner@members.vn"]);

    const page = await call(inviteLoader, undefined, "", { token });
    expect(page.data.inv).toMatchObject({ state: "valid", kind: "member", title: "Cơ sở Mây tre", accountExists: false, invitedBy: "Chủ Cơ Sở (owner@members.vn)" });
    const ok = await call(inviteAction, post({ intent: "create", fullName: "Trần Văn Bình", password: "matkhau-moi-9", passwordConfirm: "matkhau-moi-9" }), "", { token });
    expect(ok.status).toBe(302);
    expect(ok.location).toBe("/co-so");
    expect(await authenticate("binh@members.vn", "matkhau-moi-9")).toBeTruthy();
    const list = await call(membersLoader);
    expect(list.data.members.map((m: any) => m.email).sort()).toEqual(["binh@members.vn", "owner@members.vn"]);
    expect(list.data.invitations).toEqual([]);
  });

  it("a judge's email: the same answer, nothing about her shown, not a member until she accepts logged in as herself", async () => {
    const r = await call(membersAction, post({ fullName: "Ai đó", email: "giamkhao@members.vn" }));
    // Exactly what a new email gets.
    expect(r.status).toBe(302);
    expect(r.location).toBe("/co-so/thanh-vien?da-moi=giamkhao%40members.vn");
    expect(memberIds()).not.toContain(judgeId);
    expect(loadPrincipal(judgeId, false).establishmentIds).toEqual([]);
    const list = await call(membersLoader);
    expect(list.data.invitations.map((i: any) => i.email)).toEqual(["giamkhao@members.vn"]);
    expect(JSON.stringify(list.data)).not.toContain(JUDGE_NAME);
    expect(JSON.stringify(list.data)).not.toContain(judgeId);

    const token = tokenMailedTo("giamkhao@members.vn");
    // The page tells her which establishment she would join.
    const judgeCookie = await startSession(judgeId);
    const page = await call(inviteLoader, undefined, judgeCookie, { token });
    expect(page.data.inv).toMatchObject({ kind: "member", title: "Cơ sở Mây tre", accountExists: true });
    expect(page.data.sameEmail).toBe(true);

    // Nobody else can accept it for her: anonymous visitors log in, another account gets 403.
    const anon = await call(inviteAction, post({ intent: "accept" }), "", { token }, `/moi/${token}`);
    expect(anon.status).toBe(302);
    expect(anon.location).toMatch(/^\/dang-nhap\?next=/);
    const wrong = await call(inviteAction, post({ intent: "accept" }), cookie, { token });
    expect(wrong.status).toBe(403);
    expect(wrong.data.errors._form).toBe("Lời mời này gửi tới giamkhao@members.vn. Hãy đăng xuất rồi đăng nhập bằng tài khoản đó.");
    // Making a second account with her email is refused too.
    const create = await call(inviteAction, post({ intent: "create", fullName: "Giả mạo", password: "matkhau-123", passwordConfirm: "matkhau-123" }), "", { token });
    expect(create.status).toBe(409);
    expect(memberIds()).not.toContain(judgeId);
    expect(describeInvitation(token).state).toBe("valid");

    const ok = await call(inviteAction, post({ intent: "accept" }), judgeCookie, { token });
    expect(ok.status).toBe(302);
    expect(ok.location).toBe("/co-so");
    expect(memberIds()).toContain(judgeId);
    expect(loadPrincipal(judgeId, false).establishmentIds).toEqual([estId]);
    expect(db.select().from(auditLog).where(and(eq(auditLog.action, "invitation.accept"), eq(auditLog.actorUserId, judgeId))).get()).toBeDefined();
    // Once she has accepted, the establishment sees her name.
    const after = await call(membersLoader);
    expect(after.data.members.find((m: any) => m.email === "giamkhao@members.vn")?.fullName).toBe(JUDGE_NAME);
  });

  it("a second invitation while one waits is refused the same way, account or not; members and bad input too", async () => {
    await createUser("lan@members.vn", { fullName: "Đỗ Thị Lan" });
    for (const email of ["lan@members.vn", "chua-co@members.vn"]) {
      expect((await call(membersAction, post({ fullName: "Lan", email }))).status).toBe(302);
      const dup = await call(membersAction, post({ fullName: "Lan", email: email.toUpperCase() }));
      expect(dup.status).toBe(409);
      expect(dup.data.errors.email).toMatch(new RegExp(`^Đã gửi lời mời tới ${email.replace(".", "\\.")}; lời mời còn hiệu lực đến \\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d và đang chờ người đó nhận\\.$`));
      expect(dup.data.values.fullName).toBe("Lan");
    }
    expect(db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, "lan@members.vn")).all()).toHaveLength(1);

    const member = await call(membersAction, post({ fullName: "Bình", email: "binh@members.vn" }));
    expect(member.status).toBe(409);
    expect(member.data.message).toBe("Người này đã là thành viên của cơ sở.");

    const before = db.select().from(invitations).all().length;
    const bad = await call(membersAction, post({ fullName: "", email: "khong-hop-le" }));
    expect(bad.status).toBe(400);
    expect(bad.data.errors.email).toMatch(/Email không đúng định dạng/);
    expect(bad.data.errors.fullName).toBeTruthy();
    expect(bad.data.values.email).toBe("khong-hop-le");
    expect(db.select().from(invitations).all()).toHaveLength(before);
    expect(memberIds()).toHaveLength(3); // owner, Bình, the judge
  });

  it("an expired invitation can be sent again; the old link no longer works", async () => {
    const old = tokenMailedTo("chua-co@members.vn");
    db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.tokenHash, hashToken(old))).run();
    expect((await call(membersLoader)).data.invitations.map((i: any) => i.email)).not.toContain("chua-co@members.vn");
    expect((await call(membersAction, post({ fullName: "Lan", email: "chua-co@members.vn" }))).status).toBe(302);
    const fresh = tokenMailedTo("chua-co@members.vn");
    expect(fresh).not.toBe(old);
    expect(describeInvitation(old).state).toBe("expired");
    expect(describeInvitation(fresh).state).toBe("valid");
  });
});
