/**
 * Organizing bodies and invitations on a real SQLite database, through the real routes: the admin
 * creates bodies and invites staff; a link creates an account or links an existing one, works
 * once and for seven days; judges' invitations link a council seat.
 */
import type { ActionFunction, LoaderFunction } from "@remix-run/node";
import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { adminUnits, auditLog, bodyStaff, councilMembers, councils, invitations, mailOutbox, organizingBodies, regions, users } from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { homePathFor } from "~/lib/permissions";
import { loadPrincipal } from "~/lib/permissions.server";
import { findUserByEmail } from "~/modules/accounts/accounts.server";
import { inviteStaff } from "~/modules/invitations/bodies.server";
import { acceptAsUser, acceptWithNewAccount, describeInvitation, hashToken, InvitationError } from "~/modules/invitations/invitations.server";
import { addMember } from "~/modules/councils/councils.server";
import { action as bodiesAction, loader as bodiesLoader } from "~/routes/quan-tri.co-quan._index";
import { action as bodyAction, loader as bodyLoader } from "~/routes/quan-tri.co-quan.$bodyId";
import { action as inviteAction, loader as inviteLoader } from "~/routes/moi.$token";
import { createBody, createCommune, createOrganizer, createRound, createUser, PASSWORD, province, requestWithCookie } from "../helpers/fixtures";

type Who = "anonymous" | "admin" | "organizer" | "producer" | "existing" | "other";
const cookies: Partial<Record<Who, string | null>> = { anonymous: null };
const ids: Record<string, string> = {};
let bacNinhId = 0;
let phuLangId = 0;
let bnBodyId = 0;
let roundId = 0;

beforeAll(async () => {
  const bacNinh = province("24");
  bacNinhId = bacNinh.id;
  phuLangId = createCommune(bacNinh.id, "Phù Lãng").id;
  bnBodyId = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bacNinh.id).id;
  roundId = createRound(bnBodyId, "province", bacNinh.id, "Bình chọn tỉnh Bắc Ninh 2026").id;
  ids.admin = await createUser("admin@example.vn", { isSystemAdmin: true });
  ids.organizer = await createOrganizer("bn@example.vn", bnBodyId);
  ids.producer = await createUser("coso@example.vn");
  ids.existing = await createUser("lan@example.vn", { fullName: "Đỗ Thị Lan" });
  ids.other = await createUser("nam@example.vn", { fullName: "Vũ Đình Nam" });
  for (const who of ["admin", "organizer", "producer", "existing", "other"] as const) cookies[who] = await startSession(ids[who]!);
});

async function call(fn: LoaderFunction | ActionFunction, who: Who, params: Record<string, string>, init: RequestInit = {}, url = "/x") {
  try {
    const res = (await fn({ request: requestWithCookie(url, cookies[who] ?? null, init), params, context: {} })) as Response;
    const json = res.headers.get("Content-Type")?.includes("json") ? await res.json() : null;
    return { status: res.status, location: res.headers.get("Location"), data: json, res };
  } catch (thrown) {
    if (thrown instanceof Response) {
      const json = thrown.headers.get("Content-Type")?.includes("json") ? await thrown.json() : null;
      return { status: thrown.status, location: thrown.headers.get("Location"), data: json, res: thrown };
    }
    throw thrown;
  }
}

function post(fields: Record<string, string>): RequestInit {
  return { method: "POST", body: new URLSearchParams(fields), headers: { "Content-Type": "application/x-www-form-urlencoded" } };
}

const admin = () => loadPrincipal(ids.admin!, true);

function tokenFromOutbox(to: string): string {
  const mail = db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, to)).orderBy(desc(mailOutbox.id)).get();
  const m = /\/moi\/([A-Za-z0-9_-]+)/.exec(mail?.textBody ?? "");
  if (!m) throw new Error(`no invitation link mailed to ${to}`);
  return m[1]!;
}

describe("organizing bodies (system admin)", () => {
  it("only the admin reaches the pages; others get 403, anonymous visitors log in", async () => {
    expect((await call(bodiesLoader, "admin", {})).status).toBe(200);
    expect((await call(bodyLoader, "admin", { bodyId: String(bnBodyId) })).status).toBe(200);
    for (const who of ["organizer", "producer", "existing"] as Who[]) {
      expect((await call(bodiesLoader, who, {})).status).toBe(403);
      expect((await call(bodyLoader, who, { bodyId: String(bnBodyId) })).status).toBe(403);
      expect((await call(bodiesAction, who, {}, post({ name: "X", level: "national" }))).status).toBe(403);
      expect((await call(bodyAction, who, { bodyId: String(bnBodyId) }, post({ email: "a@example.vn" }))).status).toBe(403);
    }
    const anon = await call(bodiesLoader, "anonymous", {}, {}, "/quan-tri/co-quan");
    expect(anon.status).toBe(302);
    expect(anon.location).toBe("/dang-nhap?next=%2Fquan-tri%2Fco-quan");
    expect((await call(bodyAction, "anonymous", { bodyId: String(bnBodyId) }, post({ email: "a@example.vn" }))).status).toBe(302);
    expect((await call(bodyLoader, "admin", { bodyId: "99999" })).status).toBe(404);
    expect((await call(bodyLoader, "admin", { bodyId: "abc" })).status).toBe(404);
  });

  it("lists the units of a chosen province for the commune level", async () => {
    const r = await call(bodiesLoader, "admin", {}, {}, `/quan-tri/co-quan?level=commune&provinceId=${bacNinhId}`);
    // The official communes of Bắc Ninh (db/reference) and the one this test made, nothing else.
    const communes = r.data.options.communes as { value: number; label: string }[];
    expect(communes).toContainEqual({ value: phuLangId, label: "Xã Phù Lãng" });
    const inBacNinh = db.select().from(adminUnits).where(and(eq(adminUnits.parentId, bacNinhId), eq(adminUnits.level, "commune"))).all();
    expect(communes.map((c) => c.value).sort((a, b) => a - b)).toEqual(inBacNinh.map((u) => u.id).sort((a, b) => a - b));
    expect(communes.length).toBeGreaterThan(90);
  });

  it("refuses missing fields with Vietnamese messages and keeps what was typed", async () => {
    const r = await call(bodiesAction, "admin", {}, post({ name: "UBND xã Phù Lãng", level: "commune", email: "ubnd@", phone: "123" }));
    expect(r.status).toBe(400);
    expect(r.data.errors).toMatchObject({
      unitId: "Vui lòng chọn xã, phường.",
      email: "Email không đúng định dạng, ví dụ: sct@bacninh.gov.vn.",
    });
    expect(r.data.errors.phone).toMatch(/Số điện thoại không hợp lệ/);
    expect(r.data.values.name).toBe("UBND xã Phù Lãng");
    const noLevel = await call(bodiesAction, "admin", {}, post({ name: "X" }));
    expect(noLevel.data.errors.level).toBe("Vui lòng chọn cấp của cơ quan.");
    const region = await call(bodiesAction, "admin", {}, post({ name: "Cục Công Thương địa phương", level: "region" }));
    expect(region.data.errors.regionCode).toBe("Vui lòng chọn khu vực.");
  });

  it("refuses a unit that does not match the level", async () => {
    const r = await call(bodiesAction, "admin", {}, post({ name: "UBND xã?", level: "commune", unitId: String(bacNinhId) }));
    expect(r.status).toBe(400);
    expect(r.data.errors.unitId).toMatch(/không đúng với cấp/);
    const bogus = await call(bodiesAction, "admin", {}, post({ name: "UBND xã?", level: "commune", unitId: "999999" }));
    expect(bogus.status).toBe(400);
  });

  it("creates a commune body, a regional body (with its region) and a national body, audited", async () => {
    const r = await call(bodiesAction, "admin", {}, post({ name: "UBND xã Phù Lãng", level: "commune", unitId: String(phuLangId), phone: "0222 3812 345" }));
    expect(r.status).toBe(302);
    const body = db.select().from(organizingBodies).where(eq(organizingBodies.name, "UBND xã Phù Lãng")).get()!;
    expect(body).toMatchObject({ level: "commune", unitId: phuLangId, phone: "02223812345" });
    expect(r.location).toBe(`/quan-tri/co-quan/${body.id}?moi-tao=1`);
    const north = db.select().from(regions).all()[0]!;
    await call(bodiesAction, "admin", {}, post({ name: "Cục Công Thương địa phương (khu vực phía Bắc)", level: "region", regionCode: north.code }));
    await call(bodiesAction, "admin", {}, post({ name: "Cục Công Thương địa phương", level: "national" }));
    const reg = db.select().from(organizingBodies).where(eq(organizingBodies.level, "region")).get()!;
    expect(reg).toMatchObject({ regionCode: north.code, unitId: null });
    expect(db.select().from(organizingBodies).where(eq(organizingBodies.level, "national")).get()!.unitId).toBeNull();
    expect(db.select().from(auditLog).where(eq(auditLog.action, "body.create")).all()).toHaveLength(3);
    const dup = await call(bodiesAction, "admin", {}, post({ name: "ubnd xã phù lãng", level: "commune", unitId: String(phuLangId) }));
    expect(dup.status).toBe(409);
    expect(dup.data.errors.name).toMatch(/Đã có cơ quan cùng tên/);
  });
});

describe("staff invitations", () => {
  it("the admin invites by email: a mail with a one-time link, only its hash stored", async () => {
    const r = await call(bodyAction, "admin", { bodyId: String(bnBodyId) }, post({ email: "  Ha.Nguyen@Example.vn " }));
    expect(r.status).toBe(302);
    const token = tokenFromOutbox("ha.nguyen@example.vn");
    const inv = db.select().from(invitations).where(eq(invitations.email, "ha.nguyen@example.vn")).get()!;
    expect(inv.tokenHash).toBe(hashToken(token));
    expect(inv.tokenHash).not.toContain(token);
    expect(inv.kind).toBe("staff");
    expect(inv.bodyId).toBe(bnBodyId);
    const days = (inv.expiresAt.getTime() - inv.createdAt.getTime()) / 86400_000;
    expect(days).toBeCloseTo(7, 5);
    const bad = await call(bodyAction, "admin", { bodyId: String(bnBodyId) }, post({ email: "ha@" }));
    expect(bad.status).toBe(400);
    expect(bad.data.values.email).toBe("ha@");
    const staffAgain = await call(bodyAction, "admin", { bodyId: String(bnBodyId) }, post({ email: "bn@example.vn" }));
    expect(staffAgain.status).toBe(409);
  });

  it("the link shows what it is for and asks for a name and password; a new account is made and linked, once", async () => {
    const token = tokenFromOutbox("ha.nguyen@example.vn");
    const page = await call(inviteLoader, "anonymous", { token });
    expect(page.status).toBe(200);
    expect(page.data.inv).toMatchObject({ state: "valid", kind: "staff", email: "ha.nguyen@example.vn", title: "Sở Công Thương tỉnh Bắc Ninh", accountExists: false });
    expect(page.res.headers.get("Referrer-Policy")).toBe("no-referrer");

    const short = await call(inviteAction, "anonymous", { token }, post({ intent: "create", fullName: "Nguyễn Thị Thu Hà", password: "ngan", passwordConfirm: "ngan" }));
    expect(short.status).toBe(400);
    expect(short.data.errors.password).toBe("Mật khẩu cần ít nhất 8 ký tự.");
    expect(short.data.values.fullName).toBe("Nguyễn Thị Thu Hà");
    expect(findUserByEmail("ha.nguyen@example.vn")).toBeUndefined();

    const ok = await call(inviteAction, "anonymous", { token }, post({ intent: "create", fullName: "Nguyễn Thị Thu Hà", password: "matkhau-moi-123", passwordConfirm: "matkhau-moi-123" }));
    expect(ok.status).toBe(302);
    expect(ok.location).toBe("/to-chuc");
    expect(ok.res.headers.get("Set-Cookie")).toMatch(/^cnnt_session=/);
    const user = findUserByEmail("ha.nguyen@example.vn")!;
    expect(user.fullName).toBe("Nguyễn Thị Thu Hà");
    expect(db.select().from(bodyStaff).where(and(eq(bodyStaff.bodyId, bnBodyId), eq(bodyStaff.userId, user.id))).get()).toBeDefined();
    expect(homePathFor(loadPrincipal(user.id, false))).toBe("/to-chuc");
    expect(db.select().from(auditLog).where(and(eq(auditLog.action, "invitation.accept"), eq(auditLog.actorUserId, user.id))).get()).toBeDefined();

    // Single use: the page says so, and a second try changes nothing.
    const again = await call(inviteLoader, "anonymous", { token });
    expect(again.status).toBe(410);
    expect(again.data.inv.state).toBe("used");
    const twice = await call(inviteAction, "anonymous", { token }, post({ intent: "create", fullName: "Kẻ khác", password: "matkhau-khac-123", passwordConfirm: "matkhau-khac-123" }));
    expect(twice.status).toBe(410);
    expect(twice.data.errors._form).toMatch(/không còn hiệu lực/);
  });

  it("an unknown link is a plain 404 page, not an error", async () => {
    const r = await call(inviteLoader, "anonymous", { token: "khong-co-that" });
    expect(r.status).toBe(404);
    expect(r.data.inv.state).toBe("unknown");
    const a = await call(inviteAction, "anonymous", { token: "khong-co-that" }, post({ intent: "create", fullName: "A", password: "matkhau-123", passwordConfirm: "matkhau-123" }));
    expect(a.status).toBe(410);
  });

  it("expires after seven days", async () => {
    const { token } = await inviteStaff(admin(), bnBodyId, "tre@example.vn");
    const in6 = new Date(Date.now() + 6 * 86400_000);
    const in8 = new Date(Date.now() + 8 * 86400_000);
    expect(describeInvitation(token, in6).state).toBe("valid");
    expect(describeInvitation(token, in8).state).toBe("expired");
    await expect(acceptWithNewAccount(token, { fullName: "Người đến muộn", password: "matkhau-123" }, in8)).rejects.toThrow(InvitationError);
    expect(findUserByEmail("tre@example.vn")).toBeUndefined();
  });

  it("an email that already has an account: asked to log in, then the account is linked", async () => {
    const { token } = await inviteStaff(admin(), bnBodyId, "lan@example.vn");
    const page = await call(inviteLoader, "anonymous", { token }, {}, `/moi/${token}`);
    expect(page.data.inv.accountExists).toBe(true);
    expect(page.data.self).toBe(`/moi/${token}`);
    // Making a second account with the same email is refused, and the link still works.
    const create = await call(inviteAction, "anonymous", { token }, post({ intent: "create", fullName: "Lan", password: "matkhau-123", passwordConfirm: "matkhau-123" }));
    expect(create.status).toBe(409);
    expect(create.data.errors._form).toMatch(/đã có tài khoản/);
    expect(describeInvitation(token).state).toBe("valid");
    // Accepting needs a login; another account is refused and the link still works.
    const anon = await call(inviteAction, "anonymous", { token }, post({ intent: "accept" }), `/moi/${token}`);
    expect(anon.status).toBe(302);
    expect(anon.location).toMatch(/^\/dang-nhap\?next=/);
    const wrong = await call(inviteAction, "other", { token }, post({ intent: "accept" }));
    expect(wrong.status).toBe(403);
    expect(wrong.data.errors._form).toContain("lan@example.vn");
    expect(describeInvitation(token).state).toBe("valid");
    const seen = await call(inviteLoader, "existing", { token });
    expect(seen.data.sameEmail).toBe(true);
    const ok = await call(inviteAction, "existing", { token }, post({ intent: "accept" }));
    expect(ok.status).toBe(302);
    expect(ok.location).toBe("/to-chuc");
    expect(loadPrincipal(ids.existing!, false).staff.map((s) => s.bodyId)).toEqual([bnBodyId]);
    expect(db.select().from(users).where(eq(users.email, "lan@example.vn")).all()).toHaveLength(1);
    expect(() => acceptAsUser(token, ids.existing!)).toThrow(/không còn hiệu lực/);
  });
});

describe("judge invitations", () => {
  it("a new judge accepts, gets an account and the council seat, and lands on /giam-khao", async () => {
    const organizer = loadPrincipal(ids.organizer!, false);
    db.insert(councils).values({ roundId, name: "Hội đồng bình chọn tỉnh Bắc Ninh 2026" }).run();
    const r = await addMember(organizer, roundId, { fullName: "Ngô Thị Hằng", title: "Nghệ nhân ưu tú", affiliation: "Hiệp hội Làng nghề", email: "hang@example.vn", role: "member", isJudge: true });
    expect(r.invited).toBe(true);
    const token = tokenFromOutbox("hang@example.vn");
    const page = await call(inviteLoader, "anonymous", { token });
    expect(page.data.inv).toMatchObject({ kind: "judge", role: "Thành viên Hội đồng, giám khảo chấm điểm", detail: "Bình chọn tỉnh Bắc Ninh 2026", suggestedName: "Ngô Thị Hằng" });
    const ok = await call(inviteAction, "anonymous", { token }, post({ intent: "create", fullName: "Ngô Thị Hằng", password: PASSWORD, passwordConfirm: PASSWORD }));
    expect(ok.location).toBe("/giam-khao");
    const user = findUserByEmail("hang@example.vn")!;
    expect(db.select().from(councilMembers).where(eq(councilMembers.email, "hang@example.vn")).get()!.userId).toBe(user.id);
    const p = loadPrincipal(user.id, false);
    expect(p.councils).toEqual([expect.objectContaining({ roundId, role: "member", isJudge: true })]);
    expect(homePathFor(p)).toBe("/giam-khao");
  });

  it("a seat already taken by another account cannot be claimed", async () => {
    const organizer = loadPrincipal(ids.organizer!, false);
    const r = await addMember(organizer, roundId, { fullName: "Trần Văn Tú", title: "", affiliation: "", email: "tu@example.vn", role: "member", isJudge: true });
    const token = r.token!;
    db.update(councilMembers).set({ userId: ids.other! }).where(eq(councilMembers.id, r.memberId)).run();
    await expect(acceptWithNewAccount(token, { fullName: "Trần Văn Tú", password: "matkhau-123" })).rejects.toThrow(/tài khoản khác/);
    expect(findUserByEmail("tu@example.vn")).toBeUndefined();
    expect(describeInvitation(token).state).toBe("valid");
  });
});
