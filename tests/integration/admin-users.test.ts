/**
 * The admin's user tools, in process against the real database: search and filters on the user
 * list, lock (ends every session; log-in refused) and unlock, reset links, removing staff from a
 * body (refused while they hold an open task), the audit rows, and 403 for anyone else.
 */
import type { ActionFunction, LoaderFunction } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, bodyStaff, councilMembers, councils, establishmentMembers, establishments, jobs, mailOutbox, passwordResetTokens, rounds, sessions, users } from "~db/schema";
import { readSession, startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { getViewer, loadPrincipal } from "~/lib/permissions.server";
import { authenticate, checkLogIn, LOCKED_ACCOUNT_MESSAGE } from "~/modules/accounts/accounts.server";
import { AdminError, lockUser } from "~/modules/admin/admin.server";
import { action as logInAction } from "~/routes/dang-nhap";
import { action as bodyAction } from "~/routes/quan-tri.co-quan.$bodyId";
import { loader as adminHome } from "~/routes/quan-tri._index";
import { action as outboxAction } from "~/routes/quan-tri.hop-thu";
import { action as userAction, loader as userLoader } from "~/routes/quan-tri.tai-khoan.$userId";
import { countStatementsAsync } from "../helpers/sql-count";
import { createBody, createCommune, createOrganizer, createRound, createUser, PASSWORD, province, requestWithCookie } from "../helpers/fixtures";

const id: Record<string, string> = {};
const cookie: Record<string, string> = {};
let bnBodyId = 0;
let xaBodyId = 0;
let bnRoundId = 0;
let xaRoundId = 0;

beforeAll(async () => {
  const bacNinh = province("24");
  const commune = createCommune(bacNinh.id, "Phù Lãng (quản trị)");
  bnBodyId = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bacNinh.id).id;
  xaBodyId = createBody("UBND xã Phù Lãng", "commune", commune.id).id;
  bnRoundId = createRound(bnBodyId, "province", bacNinh.id, "Vòng tỉnh Bắc Ninh 2026", { status: "scoring" }).id;
  xaRoundId = createRound(xaBodyId, "commune", commune.id, "Vòng xã Phù Lãng 2026", { status: "open" }).id;

  id.admin = await createUser("quantri@admin.vn", { isSystemAdmin: true, fullName: "Quản Trị Một" });
  id.admin2 = await createUser("quantri2@admin.vn", { isSystemAdmin: true, fullName: "Quản Trị Hai" });
  // The Bắc Ninh body's only staff member (its round is being scored).
  id.bnOrganizer = await createOrganizer("hoa@sct.vn", bnBodyId);
  db.update(users).set({ fullName: "Nguyễn Thị Hoà", phone: "0912.345.678" }).where(eq(users.id, id.bnOrganizer)).run();
  // Two staff in the commune body; one is also a judge of the Bắc Ninh council.
  id.xa1 = await createOrganizer("duc@xa.vn", xaBodyId);
  db.update(users).set({ fullName: "Trần Văn Đức" }).where(eq(users.id, id.xa1)).run();
  id.xa2 = await createOrganizer("lan@xa.vn", xaBodyId);
  db.update(users).set({ fullName: "Lê Thị Lan" }).where(eq(users.id, id.xa2)).run();
  const council = db.insert(councils).values({ roundId: bnRoundId, name: "Hội đồng tỉnh Bắc Ninh" }).returning().get();
  id.judge = await createUser("giamkhao@admin.vn", { fullName: "Phạm Giám Khảo" });
  db.insert(councilMembers).values({ councilId: council.id, userId: id.judge, fullName: "Phạm Giám Khảo", role: "chair" }).run();
  db.insert(councilMembers).values({ councilId: council.id, userId: id.xa1, fullName: "Trần Văn Đức", role: "member" }).run();
  id.producer = await createUser("coso@admin.vn", { fullName: "Hoàng Văn Gốm" });
  const est = db.insert(establishments).values({ legalType: "cooperative", name: "Hợp tác xã Gốm Phù Lãng", provinceId: bacNinh.id }).returning().get();
  db.insert(establishmentMembers).values({ establishmentId: est.id, userId: id.producer, role: "owner" }).run();
  id.locked = await createUser("dakhoa@admin.vn", { fullName: "Người Đã Khóa", status: "disabled" });
  id.target = await createUser("muctieu@admin.vn", { fullName: "Người Bị Khóa" });
  for (const who of ["admin", "admin2", "bnOrganizer", "xa1", "producer", "judge"]) cookie[who] = await startSession(id[who]!);
});

function form(values: Record<string, string>) {
  return new URLSearchParams(values);
}

async function callLoader(loader: LoaderFunction, who: string, url: string, params: Record<string, string> = {}) {
  const res = (await loader({ request: requestWithCookie(url, cookie[who] ?? null), params, context: {} })) as Response;
  return { status: res.status, data: await res.json() };
}

/** Posts a form to an action as someone; the answer (or thrown answer) with its status, location and JSON. */
async function post(action: ActionFunction, who: string, url: string, values: Record<string, string>, params: Record<string, string> = {}) {
  const request = requestWithCookie(url, cookie[who] ?? null, { method: "POST", body: form(values) });
  let res: Response;
  try {
    res = (await action({ request, params, context: {} })) as Response;
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    res = thrown;
  }
  const type = res.headers.get("Content-Type") ?? "";
  return { status: res.status, location: res.headers.get("Location"), data: type.includes("json") ? await res.json() : null };
}

type ListData = { users: { total: number; page: number; pages: number; list: { email: string; roles: { kind: string; label: string }[]; status: string }[] } };
async function list(query: string): Promise<ListData["users"]> {
  const r = await callLoader(adminHome, "admin", `/quan-tri${query}`);
  expect(r.status).toBe(200);
  return (r.data as ListData).users;
}
const emails = (u: ListData["users"]) => u.list.map((x) => x.email).sort();

describe("user list: search, filters, roles", () => {
  it("searches name, email and phone, accents and spacing ignored", async () => {
    expect(emails(await list("?q=duc"))).toEqual(["duc@xa.vn"]);
    expect(emails(await list("?q=TR%E1%BA%A6N%20v%C4%83n"))).toEqual(["duc@xa.vn"]); // "TRẦN văn"
    expect(emails(await list("?q=thi%20hoa"))).toEqual(["hoa@sct.vn"]); // "Nguyễn Thị Hoà"
    expect(emails(await list("?q=0912%20345%20678"))).toEqual(["hoa@sct.vn"]);
    expect(emails(await list("?q=@xa.vn"))).toEqual(["duc@xa.vn", "lan@xa.vn"]);
    expect((await list("?q=%25")).total).toBe(0); // a LIKE wildcard is a plain character
  });

  it("filters by role, body and status", async () => {
    expect(emails(await list("?vai_tro=admin"))).toEqual(["quantri2@admin.vn", "quantri@admin.vn"]);
    expect(emails(await list("?vai_tro=organizer"))).toEqual(["duc@xa.vn", "hoa@sct.vn", "lan@xa.vn"]);
    expect(emails(await list("?vai_tro=judge"))).toEqual(["duc@xa.vn", "giamkhao@admin.vn"]);
    expect(emails(await list("?vai_tro=producer"))).toEqual(["coso@admin.vn"]);
    expect(emails(await list(`?co_quan=${xaBodyId}`))).toEqual(["duc@xa.vn", "lan@xa.vn"]);
    expect(emails(await list("?trang_thai=disabled"))).toEqual(["dakhoa@admin.vn"]);
    expect(emails(await list(`?vai_tro=judge&co_quan=${xaBodyId}&q=tran`))).toEqual(["duc@xa.vn"]);
    // Nonsense in the address is ignored, not a 500.
    expect((await list("?vai_tro=vua&co_quan=abc&trang_thai=x&trang=-3")).total).toBeGreaterThanOrEqual(9);
  });

  it("lists every role a person holds, with the body, council or establishment", async () => {
    const duc = (await list("?q=duc@xa.vn")).list[0]!;
    expect(duc.roles.map((r) => r.label)).toEqual(["Cán bộ: UBND xã Phù Lãng", "Hội đồng: Hội đồng tỉnh Bắc Ninh (Thành viên, giám khảo)"]);
    const producer = (await list("?q=coso@admin.vn")).list[0]!;
    expect(producer.roles.map((r) => r.label)).toEqual(["Cơ sở: Hợp tác xã Gốm Phù Lãng (chủ cơ sở)"]);
    expect((await list("?q=quantri@admin.vn")).list[0]!.roles.map((r) => r.kind)).toEqual(["admin"]);
  });

  it("pages by 50 with the total, in a fixed number of queries", async () => {
    const before = (await list("")).total;
    const home = () => adminHome({ request: requestWithCookie("/quan-tri", cookie.admin!), params: {}, context: {} }) as Promise<Response>;
    const small = await countStatementsAsync(home);
    for (let i = 0; i < 60; i++) db.insert(users).values({ id: `bulk-user-${String(i).padStart(3, "0")}`, email: `bulk${String(i).padStart(2, "0")}@admin.vn`, fullName: `Người ${i}` }).run();
    const p1 = await list("");
    expect(p1.total).toBe(before + 60);
    expect(p1.list).toHaveLength(50);
    expect(p1.pages).toBe(Math.ceil((before + 60) / 50));
    const p2 = await list("?trang=2");
    expect(p2.list).toHaveLength(before + 60 - 50);
    expect(new Set([...p1.list, ...p2.list].map((u) => u.email)).size).toBe(before + 60);
    expect((await list("?q=bulk&trang=2")).list).toHaveLength(10);
    const large = await countStatementsAsync(home);
    expect(large.count).toBe(small.count); // no query per row
    expect(large.count).toBeLessThanOrEqual(15);
  });
});

describe("lock and unlock", () => {
  it("admin lock ends sessions: the locked user's session no longer authenticates and log-in is refused", async () => {
    const c1 = await startSession(id.target!);
    const c2 = await startSession(id.target!);
    expect((await readSession(requestWithCookie("/", c1))).user?.id).toBe(id.target);
    const r = await post(userAction, "admin", `/quan-tri/tai-khoan/${id.target}`, { intent: "lock", reason: "Cán bộ đã chuyển công tác" }, { userId: id.target! });
    expect(r.status).toBe(302);
    expect(r.location).toBe(`/quan-tri/tai-khoan/${id.target}?da-khoa=2`);
    expect(db.select().from(sessions).where(eq(sessions.userId, id.target!)).all()).toHaveLength(0);
    expect(db.select({ s: users.status }).from(users).where(eq(users.id, id.target!)).get()!.s).toBe("disabled");
    for (const c of [c1, c2]) {
      expect((await readSession(requestWithCookie("/", c))).user).toBeNull();
      expect(await getViewer(requestWithCookie("/", c))).toBeNull();
    }
    // Log-in with the right password: refused, with a message saying the account is locked.
    expect(await authenticate("muctieu@admin.vn", PASSWORD)).toBeNull();
    expect(await checkLogIn("muctieu@admin.vn", PASSWORD)).toEqual({ locked: true });
    expect(await checkLogIn("muctieu@admin.vn", "sai-mat-khau")).toBeNull();
    const login = (await logInAction({
      request: new Request("http://localhost:3999/dang-nhap", { method: "POST", body: form({ email: "muctieu@admin.vn", password: PASSWORD }) }),
      params: {},
      context: {},
    })) as Response;
    expect(login.status).toBe(403);
    expect((await login.json()).errors._form).toBe(LOCKED_ACCOUNT_MESSAGE);
    expect(login.headers.get("Set-Cookie")).toBeNull();
    const row = db.select().from(auditLog).where(and(eq(auditLog.action, "admin.lock_user"), eq(auditLog.objectId, id.target!))).get()!;
    expect(row.actorUserId).toBe(id.admin);
    expect(row.data).toMatchObject({ reason: "Cán bộ đã chuyển công tác", sessionsEnded: 2 });
  });

  it("a lock without a reason is refused with the field's message and changes nothing", async () => {
    const r = await post(userAction, "admin", `/quan-tri/tai-khoan/${id.producer}`, { intent: "lock", reason: "  " }, { userId: id.producer! });
    expect(r.status).toBe(400);
    expect(r.data.errors.reason).toMatch(/lý do/i);
    expect(db.select({ s: users.status }).from(users).where(eq(users.id, id.producer!)).get()!.s).toBe("active");
    expect((await readSession(requestWithCookie("/", cookie.producer!))).user?.id).toBe(id.producer);
  });

  it("unlock restores log-in; audited with its reason", async () => {
    const r = await post(userAction, "admin", `/quan-tri/tai-khoan/${id.target}`, { intent: "unlock", reason: "Đã xác minh" }, { userId: id.target! });
    expect(r.status).toBe(302);
    expect((await authenticate("muctieu@admin.vn", PASSWORD))?.id).toBe(id.target);
    expect(db.select().from(auditLog).where(and(eq(auditLog.action, "admin.unlock_user"), eq(auditLog.objectId, id.target!))).get()!.data).toEqual({ reason: "Đã xác minh" });
    const again = await post(userAction, "admin", `/quan-tri/tai-khoan/${id.target}`, { intent: "unlock" }, { userId: id.target! });
    expect(again.status).toBe(409);
  });

  it("cannot lock oneself or the last active system admin", async () => {
    const self = await post(userAction, "admin", `/quan-tri/tai-khoan/${id.admin}`, { intent: "lock", reason: "Thử tự khóa mình" }, { userId: id.admin! });
    expect(self.status).toBe(409);
    expect(self.data.errors._form).toMatch(/tự khóa/);
    // Another admin can be locked while one stays active...
    const other = await createUser("quantri3@admin.vn", { isSystemAdmin: true });
    expect(lockUser(loadPrincipal(id.admin!, true), other, "Tài khoản thừa").sessionsEnded).toBe(0);
    // ...but not the last one: admin2 locked, a request of admin2 already in flight cannot lock admin.
    lockUser(loadPrincipal(id.admin!, true), id.admin2!, "Thử khóa quản trị");
    expect(() => lockUser(loadPrincipal(id.admin2!, true), id.admin!, "Khóa nhau")).toThrow(AdminError);
    expect(() => lockUser(loadPrincipal(id.admin2!, true), id.admin!, "Khóa nhau")).toThrow(/cuối cùng/);
    expect(db.select({ s: users.status }).from(users).where(eq(users.id, id.admin!)).get()!.s).toBe("active");
    const back = await post(userAction, "admin", `/quan-tri/tai-khoan/${id.admin2}`, { intent: "unlock" }, { userId: id.admin2! });
    expect(back.status).toBe(302);
    cookie.admin2 = await startSession(id.admin2!);
  });

  it("the account page shows roles, sessions and the audit rows; unknown ids are 404", async () => {
    const r = await callLoader(userLoader, "admin", `/quan-tri/tai-khoan/${id.target}`, { userId: id.target! });
    expect(r.status).toBe(200);
    expect(r.data.history.map((h: { action: string }) => h.action)).toEqual(expect.arrayContaining(["admin.lock_user", "admin.unlock_user"]));
    for (const bad of ["khong-co-ai-ca", "../x"]) {
      await expect(userLoader({ request: requestWithCookie("/", cookie.admin!), params: { userId: bad }, context: {} })).rejects.toMatchObject({ status: 404 });
    }
  });
});

describe("reset link", () => {
  it("creates a token and an outbox mail to the person; the admin sees no link", async () => {
    const before = db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, "lan@xa.vn")).all().length;
    const r = await post(userAction, "admin", `/quan-tri/tai-khoan/${id.xa2}`, { intent: "reset" }, { userId: id.xa2! });
    expect(r.status).toBe(302);
    expect(r.location).toBe(`/quan-tri/tai-khoan/${id.xa2}?da-gui-lien-ket=1`);
    expect(r.data).toBeNull();
    const tokens = db.select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, id.xa2!)).all();
    expect(tokens.filter((t) => !t.usedAt)).toHaveLength(1);
    const mails = db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, "lan@xa.vn")).all();
    expect(mails).toHaveLength(before + 1);
    expect(mails.at(-1)!.textBody).toMatch(/\/dat-lai-mat-khau\/[\w-]{20,}/);
    const row = db.select().from(auditLog).where(and(eq(auditLog.action, "admin.send_reset_link"), eq(auditLog.objectId, id.xa2!))).get()!;
    expect(row.actorUserId).toBe(id.admin);
  });

  it("is refused for a locked account (unlock first)", async () => {
    const r = await post(userAction, "admin", `/quan-tri/tai-khoan/${id.locked}`, { intent: "reset" }, { userId: id.locked! });
    expect(r.status).toBe(409);
    expect(r.data.errors._form).toMatch(/mở khóa/);
  });
});

const url = (bodyId: number) => `/quan-tri/co-quan/${bodyId}`;

describe("removing staff from a body", () => {
  const isStaff = (bodyId: number, userId: string) =>
    Boolean(db.select().from(bodyStaff).where(and(eq(bodyStaff.bodyId, bodyId), eq(bodyStaff.userId, userId))).get());

  it("refuses the only staff of a body with an unfinished round, with the reason; allows it once the round is published", async () => {
    const refused = await post(bodyAction, "admin", url(bnBodyId), { intent: "remove", userId: id.bnOrganizer! }, { bodyId: String(bnBodyId) });
    expect(refused.status).toBe(409);
    expect(refused.data.errors._remove).toMatch(/cán bộ duy nhất/);
    expect(refused.data.errors._remove).toContain("Vòng tỉnh Bắc Ninh 2026");
    expect(isStaff(bnBodyId, id.bnOrganizer!)).toBe(true);

    db.update(rounds).set({ status: "published" }).where(eq(rounds.id, bnRoundId)).run();
    const ok = await post(bodyAction, "admin", url(bnBodyId), { intent: "remove", userId: id.bnOrganizer! }, { bodyId: String(bnBodyId) });
    expect(ok.status).toBe(302);
    expect(ok.location).toBe(`${url(bnBodyId)}?da-go=hoa%40sct.vn`);
    expect(isStaff(bnBodyId, id.bnOrganizer!)).toBe(false);
    const row = db.select().from(auditLog).where(eq(auditLog.action, "body.remove_staff")).get()!;
    expect(row).toMatchObject({ actorUserId: id.admin, objectId: String(bnBodyId), data: { userId: id.bnOrganizer, email: "hoa@sct.vn" } });
    // The account stays.
    expect(db.select().from(users).where(eq(users.id, id.bnOrganizer!)).get()).toBeTruthy();
  });

  it("refuses someone whose certificate job for the body's round is still running, allows it after", async () => {
    const job = db.insert(jobs).values({ kind: "certificates.issue", subject: `round:${xaRoundId}`, status: "running", requestedBy: id.xa2 }).returning().get();
    const refused = await post(bodyAction, "admin", url(xaBodyId), { intent: "remove", userId: id.xa2! }, { bodyId: String(xaBodyId) });
    expect(refused.status).toBe(409);
    expect(refused.data.errors._remove).toMatch(/cấp giấy chứng nhận/);
    expect(isStaff(xaBodyId, id.xa2!)).toBe(true);
    db.update(jobs).set({ status: "done" }).where(eq(jobs.id, job.id)).run();
    const ok = await post(bodyAction, "admin", url(xaBodyId), { intent: "remove", userId: id.xa2! }, { bodyId: String(xaBodyId) });
    expect(ok.status).toBe(302);
    expect(isStaff(xaBodyId, id.xa2!)).toBe(false);
    // The last one of that body now runs an open round alone: refused.
    const last = await post(bodyAction, "admin", url(xaBodyId), { intent: "remove", userId: id.xa1! }, { bodyId: String(xaBodyId) });
    expect(last.status).toBe(409);
  });

  it("someone who is not staff of the body is a 404 with a message", async () => {
    const r = await post(bodyAction, "admin", url(xaBodyId), { intent: "remove", userId: id.producer! }, { bodyId: String(xaBodyId) });
    expect(r.status).toBe(404);
    expect(r.data.errors._remove).toMatch(/không .*là cán bộ/);
  });
});

describe("only system admins", () => {
  it("an organizer and a producer get 403 on every admin action, and nothing changes", async () => {
    const mail = db.insert(mailOutbox).values({ toAddress: "x@admin.vn", subject: "Thư lỗi", textBody: "…", transport: "smtp", error: "timeout" }).returning().get();
    const tokensBefore = db.select().from(passwordResetTokens).all().length;
    for (const who of ["xa1", "producer", "judge"]) {
      const attempts = [
        await post(userAction, who, `/quan-tri/tai-khoan/${id.target}`, { intent: "lock", reason: "Không có quyền" }, { userId: id.target! }),
        await post(userAction, who, `/quan-tri/tai-khoan/${id.locked}`, { intent: "unlock" }, { userId: id.locked! }),
        await post(userAction, who, `/quan-tri/tai-khoan/${id.target}`, { intent: "reset" }, { userId: id.target! }),
        await post(bodyAction, who, url(xaBodyId), { intent: "remove", userId: id.xa1! }, { bodyId: String(xaBodyId) }),
        await post(outboxAction, who, "/quan-tri/hop-thu", { intent: "resend", mailId: String(mail.id) }),
      ];
      for (const a of attempts) {
        expect(a.status, who).toBe(403);
        expect(a.data.message).toMatch(/chỉ dành cho quản trị hệ thống/);
      }
    }
    expect(db.select({ s: users.status }).from(users).where(eq(users.id, id.target!)).get()!.s).toBe("active");
    expect(db.select({ s: users.status }).from(users).where(eq(users.id, id.locked!)).get()!.s).toBe("disabled");
    expect(db.select().from(passwordResetTokens).all()).toHaveLength(tokensBefore);
    expect(db.select().from(bodyStaff).where(eq(bodyStaff.userId, id.xa1!)).all()).toHaveLength(1);
    expect(db.select().from(mailOutbox).where(eq(mailOutbox.id, mail.id)).get()!.error).toBe("timeout");
    // Anonymous visitors are sent to log in.
    const anon = await post(userAction, "nobody", `/quan-tri/tai-khoan/${id.target}`, { intent: "lock", reason: "Không có quyền" }, { userId: id.target! });
    expect(anon.status).toBe(302);
    expect(anon.location).toMatch(/^\/dang-nhap\?next=/);
  });

  it("the list and the account page are 403 for them too", async () => {
    for (const who of ["xa1", "producer"]) {
      await expect(adminHome({ request: requestWithCookie("/quan-tri?q=a", cookie[who]!), params: {}, context: {} })).rejects.toMatchObject({ status: 403 });
      await expect(userLoader({ request: requestWithCookie("/", cookie[who]!), params: { userId: id.target! }, context: {} })).rejects.toMatchObject({ status: 403 });
    }
  });
});
