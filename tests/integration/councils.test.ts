/**
 * A round's council through the real routes on a real SQLite database: setting it up, members and
 * judges (existing accounts linked, new ones invited), validation, and who may reach every page
 * of the councils, assignment, progress and export routes.
 */
import type { ActionFunction, LoaderFunction } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, councilMembers, councils, entries, establishmentMembers, establishments, invitations, mailOutbox, products } from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { loadPrincipal } from "~/lib/permissions.server";
import { action as councilAction, loader as councilLoader } from "~/routes/to-chuc.vong.$roundId_.hoi-dong";
import { action as assignAction, loader as assignLoader } from "~/routes/to-chuc.vong.$roundId_.phan-cong";
import { loader as progressLoader } from "~/routes/to-chuc.vong.$roundId_.tien-do";
import { loader as summaryXlsx } from "~/routes/to-chuc.vong.$roundId_.xuat.danh-sach[.]xlsx";
import { loader as intakeXlsx } from "~/routes/to-chuc.vong.$roundId_.xuat.tiep-nhan[.]xlsx";
import { action as declareAction, loader as declareLoader } from "~/routes/giam-khao.xung-dot";
import { createBody, createCommune, createOrganizer, createRound, createUser, province, requestWithCookie } from "../helpers/fixtures";

type Who = "anonymous" | "bn" | "tn" | "commune" | "judge" | "producer" | "admin";
const cookies: Partial<Record<Who, string | null>> = { anonymous: null };
const ids: Record<string, string> = {};
let bnRoundId = 0;
let communeRoundId = 0;
let entryId = 0;

beforeAll(async () => {
  const bacNinh = province("24");
  const thaiNguyen = province("19");
  const bnBody = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bacNinh.id);
  const tnBody = createBody("Sở Công Thương tỉnh Thái Nguyên", "province", thaiNguyen.id);
  const phuLang = createCommune(bacNinh.id, "Phù Lãng");
  const communeBody = createBody("UBND xã Phù Lãng", "commune", phuLang.id);
  bnRoundId = createRound(bnBody.id, "province", bacNinh.id, "Bình chọn sản phẩm CNNT tiêu biểu tỉnh Bắc Ninh năm 2026", { status: "intake_closed" }).id;
  communeRoundId = createRound(communeBody.id, "commune", phuLang.id, "Vòng xã Phù Lãng 2026").id;
  ids.bn = await createOrganizer("bn@example.vn", bnBody.id);
  ids.tn = await createOrganizer("tn@example.vn", tnBody.id);
  ids.commune = await createOrganizer("xa@example.vn", communeBody.id);
  ids.producer = await createUser("coso@example.vn");
  ids.admin = await createUser("admin@example.vn", { isSystemAdmin: true });
  ids.judge = await createUser("giamkhao@example.vn", { fullName: "Đỗ Thị Lan" });
  // The judge sits on the commune round's council (so it has the judge role, not an organizer's).
  const c = db.insert(councils).values({ roundId: communeRoundId, name: "Hội đồng xã Phù Lãng" }).returning().get();
  db.insert(councilMembers).values({ councilId: c.id, userId: ids.judge, fullName: "Đỗ Thị Lan", role: "member" }).run();

  const est = db.insert(establishments).values({ legalType: "cooperative", name: "Hợp tác xã Gốm Phù Lãng", provinceId: bacNinh.id, unitId: phuLang.id }).returning().get();
  db.insert(establishmentMembers).values({ establishmentId: est.id, userId: ids.producer, role: "owner" }).run();
  const product = db.insert(products).values({ establishmentId: est.id, name: "Bình gốm men da lươn", productGroupId: 1 }).returning().get();
  entryId = db
    .insert(entries)
    .values({ roundId: bnRoundId, productId: product.id, establishmentId: est.id, status: "accepted", dossierNo: "HS2026-1-0001", votingCode: "26-1-001", submittedAt: new Date() })
    .returning()
    .get().id;
  for (const who of ["bn", "tn", "commune", "judge", "producer", "admin"] as const) cookies[who] = await startSession(ids[who]!);
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

function post(fields: Record<string, string | string[]>): RequestInit {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" } };
}

const member = (over: Record<string, string> = {}) => ({ intent: "add", fullName: "Phạm Văn Khải", title: "PGS.TS", affiliation: "Sở Công Thương tỉnh Bắc Ninh", email: "khai@example.vn", role: "chair", isJudge: "on", ...over });

describe("setting up the council", () => {
  it("the page shows no council yet; members cannot be added before it exists", async () => {
    const r = await call(councilLoader, "bn", { roundId: String(bnRoundId) });
    expect(r.status).toBe(200);
    expect(r.data.council).toBeNull();
    const add = await call(councilAction, "bn", { roundId: String(bnRoundId) }, post(member()));
    expect(add.status).toBe(409);
    expect(add.data.errors._form).toMatch(/chưa có Hội đồng/);
  });

  it("a blank name is refused with a Vietnamese message next to the field", async () => {
    const r = await call(councilAction, "bn", { roundId: String(bnRoundId) }, post({ intent: "council", name: "   ", establishedByDecision: "1520/QĐ-UBND" }));
    expect(r.status).toBe(400);
    expect(r.data.errors.name).toBe("Vui lòng nhập tên Hội đồng.");
    expect(r.data.values.establishedByDecision).toBe("1520/QĐ-UBND");
    expect(db.select().from(councils).where(eq(councils.roundId, bnRoundId)).get()).toBeUndefined();
  });

  it("creates the council with its establishing decision, audited", async () => {
    const r = await call(councilAction, "bn", { roundId: String(bnRoundId) }, post({ intent: "council", name: "Hội đồng bình chọn tỉnh Bắc Ninh năm 2026", establishedByDecision: "1520/QĐ-UBND" }));
    expect(r.status).toBe(302);
    const c = db.select().from(councils).where(eq(councils.roundId, bnRoundId)).get()!;
    expect(c.name).toBe("Hội đồng bình chọn tỉnh Bắc Ninh năm 2026");
    expect(c.establishedByDecision).toBe("1520/QĐ-UBND");
    expect(db.select().from(auditLog).where(and(eq(auditLog.action, "council.create"), eq(auditLog.objectId, String(c.id)))).get()?.actorUserId).toBe(ids.bn);
    // Saving again renames the same council (one per round).
    await call(councilAction, "bn", { roundId: String(bnRoundId) }, post({ intent: "council", name: "Hội đồng bình chọn sản phẩm CNNT tiêu biểu tỉnh Bắc Ninh năm 2026", establishedByDecision: "1520/QĐ-UBND" }));
    expect(db.select().from(councils).where(eq(councils.roundId, bnRoundId)).all()).toHaveLength(1);
  });

  it("a judge without email, a bad email or an unknown role are refused; what was typed comes back", async () => {
    const noEmail = await call(councilAction, "bn", { roundId: String(bnRoundId) }, post(member({ email: "" })));
    expect(noEmail.status).toBe(400);
    expect(noEmail.data.errors.email).toMatch(/Giám khảo cần có email/);
    expect(noEmail.data.values.fullName).toBe("Phạm Văn Khải");
    const bad = await call(councilAction, "bn", { roundId: String(bnRoundId) }, post(member({ email: "khai@", role: "boss" })));
    expect(bad.status).toBe(400);
    expect(bad.data.errors.email).toMatch(/không đúng định dạng/);
    expect(bad.data.errors.role).toBe("Vui lòng chọn vai trò trong Hội đồng.");
  });

  it("a new email gets an invitation by mail (outbox), an existing account is linked at once", async () => {
    const r = await call(councilAction, "bn", { roundId: String(bnRoundId) }, post(member()));
    expect(r.status).toBe(302);
    expect(r.location).toContain("da-luu=da-moi");
    const chair = db.select().from(councilMembers).where(eq(councilMembers.email, "khai@example.vn")).get()!;
    expect(chair.userId).toBeNull();
    expect(chair.role).toBe("chair");
    const inv = db.select().from(invitations).where(eq(invitations.councilMemberId, chair.id)).get()!;
    expect(inv.kind).toBe("judge");
    expect(inv.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    const mail = db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, "khai@example.vn")).get()!;
    expect(mail.transport).toBe("outbox");
    expect(mail.textBody).toMatch(/http:\/\/localhost:3999\/moi\/[A-Za-z0-9_-]{43}/);
    expect(mail.textBody).toContain("Chủ tịch Hội đồng, giám khảo chấm điểm");

    const linked = await call(councilAction, "bn", { roundId: String(bnRoundId) }, post(member({ fullName: "Đỗ Thị Lan", email: "GiamKhao@Example.vn", role: "member", title: "ThS" })));
    expect(linked.location).toContain("gan-tai-khoan");
    const lan = db.select().from(councilMembers).where(eq(councilMembers.email, "giamkhao@example.vn")).all().find((m) => m.councilId !== undefined && m.role === "member" && m.title === "ThS")!;
    expect(lan.userId).toBe(ids.judge);
    // The judge now sits on two councils: the principal derives both from council_members.
    expect(loadPrincipal(ids.judge!, false).councils.map((c) => c.roundId).sort()).toEqual([bnRoundId, communeRoundId].sort());
  });

  it("a second chair and a duplicate email are refused", async () => {
    const chair2 = await call(councilAction, "bn", { roundId: String(bnRoundId) }, post(member({ fullName: "Nguyễn Văn B", email: "b@example.vn" })));
    expect(chair2.status).toBe(409);
    expect(chair2.data.errors.role).toMatch(/đã có Chủ tịch \(Phạm Văn Khải\)/);
    const dup = await call(councilAction, "bn", { roundId: String(bnRoundId) }, post(member({ fullName: "Người khác", email: "khai@example.vn", role: "member" })));
    expect(dup.status).toBe(409);
    expect(dup.data.errors.email).toMatch(/đã thuộc một thành viên khác/);
  });

  it("a secretary who does not score needs no email; members can be edited and removed", async () => {
    const r = await call(councilAction, "bn", { roundId: String(bnRoundId) }, post(member({ fullName: "Lương Thị Thảo", title: "CN", email: "", role: "secretary", isJudge: "" })));
    expect(r.status).toBe(302);
    const page = await call(councilLoader, "bn", { roundId: String(bnRoundId) });
    const names = page.data.members.map((m: { fullName: string; account: string; isJudge: boolean }) => [m.fullName, m.account, m.isJudge]);
    expect(names).toEqual([
      ["Phạm Văn Khải", "invited", true],
      ["Đỗ Thị Lan", "linked", true],
      ["Lương Thị Thảo", "none", false],
    ]);
    const thao = page.data.members[2].id;
    const edit = await call(councilAction, "bn", { roundId: String(bnRoundId) }, post({ ...member({ fullName: "Lương Thị Thảo", title: "ThS", email: "", role: "secretary", isJudge: "" }), intent: "update", memberId: String(thao) }));
    expect(edit.status).toBe(302);
    expect(db.select().from(councilMembers).where(eq(councilMembers.id, thao)).get()!.title).toBe("ThS");
    const del = await call(councilAction, "bn", { roundId: String(bnRoundId) }, post({ intent: "remove", memberId: String(thao) }));
    expect(del.status).toBe(302);
    expect(db.select().from(councilMembers).where(eq(councilMembers.id, thao)).get()).toBeUndefined();
    expect(db.select().from(auditLog).where(eq(auditLog.action, "council.member.remove")).all()).toHaveLength(1);
  });

  it("resending an invitation replaces the previous link", async () => {
    const chair = db.select().from(councilMembers).where(eq(councilMembers.email, "khai@example.vn")).get()!;
    const r = await call(councilAction, "bn", { roundId: String(bnRoundId) }, post({ intent: "resend", memberId: String(chair.id) }));
    expect(r.status).toBe(302);
    const all = db.select().from(invitations).where(eq(invitations.councilMemberId, chair.id)).all();
    expect(all).toHaveLength(2);
    const live = all.filter((i) => i.expiresAt.getTime() > Date.now());
    expect(live).toHaveLength(1);
  });

  it("a member id from another council is a 404", async () => {
    const other = db.select().from(councilMembers).where(eq(councilMembers.userId, ids.judge!)).all().find((m) => m.role === "member" && !m.email)!;
    const r = await call(councilAction, "bn", { roundId: String(bnRoundId) }, post({ intent: "remove", memberId: String(other.id) }));
    expect(r.status).toBe(404);
  });
});

/* ------------------------------------------------------------------ */
/* Who may reach the pages                                              */
/* ------------------------------------------------------------------ */

const loaders: { name: string; fn: LoaderFunction }[] = [
  { name: "council page", fn: councilLoader },
  { name: "assignment page", fn: assignLoader },
  { name: "progress board", fn: progressLoader },
  { name: "summary list .xlsx", fn: summaryXlsx },
  { name: "intake report .xlsx", fn: intakeXlsx },
];

describe.each(loaders)("$name: only the round's own organizer", ({ fn }) => {
  it("the Bắc Ninh organizer gets it", async () => {
    expect((await call(fn, "bn", { roundId: String(bnRoundId) })).status).toBe(200);
  });
  it("another province's organizer gets 404", async () => {
    expect((await call(fn, "tn", { roundId: String(bnRoundId) })).status).toBe(404);
  });
  it("a commune organizer gets 404 on the provincial round", async () => {
    expect((await call(fn, "commune", { roundId: String(bnRoundId) })).status).toBe(404);
  });
  it("the province may read its commune's round elsewhere, but not manage its council here (404)", async () => {
    expect((await call(fn, "bn", { roundId: String(communeRoundId) })).status).toBe(404);
  });
  it.each(["judge", "producer", "admin"] as Who[])("%s gets 403", async (who) => {
    const r = await call(fn, who, { roundId: String(bnRoundId) });
    expect(r.status).toBe(403);
    expect(r.data.message).toMatch(/chỉ dành cho cơ quan tổ chức/);
  });
  it("an anonymous visitor is sent to log in", async () => {
    const r = await call(fn, "anonymous", { roundId: String(bnRoundId) }, {}, `/to-chuc/vong/${bnRoundId}/x`);
    expect(r.status).toBe(302);
    expect(r.location).toBe(`/dang-nhap?next=${encodeURIComponent(`/to-chuc/vong/${bnRoundId}/x`)}`);
  });
  it("malformed and unknown ids are a plain 404", async () => {
    expect((await call(fn, "bn", { roundId: "abc" })).status).toBe(404);
    expect((await call(fn, "bn", { roundId: "99999" })).status).toBe(404);
  });
});

const actions: { name: string; fn: ActionFunction; fields: Record<string, string> }[] = [
  { name: "council: create", fn: councilAction, fields: { intent: "council", name: "Hội đồng lạ" } },
  { name: "council: add member", fn: councilAction, fields: member({ email: "x@example.vn", role: "member" }) },
  { name: "assignment: mode", fn: assignAction, fields: { intent: "mode", mode: "manual" } },
  { name: "assignment: conflict", fn: assignAction, fields: { intent: "conflict", memberId: "1", entryId: "1", reason: "Người thân" } },
  { name: "assignment: groups", fn: assignAction, fields: { intent: "groups", memberId: "1", groupIds: "1" } },
  { name: "assignment: manual grid", fn: assignAction, fields: { intent: "manual", pair: "1:1" } },
  { name: "assignment: remove conflict", fn: assignAction, fields: { intent: "unconflict", conflictId: "1" } },
  { name: "council: update member", fn: councilAction, fields: { ...member({ role: "member" }), intent: "update", memberId: "1" } },
  { name: "council: resend invitation", fn: councilAction, fields: { intent: "resend", memberId: "1" } },
  { name: "council: remove member", fn: councilAction, fields: { intent: "remove", memberId: "1" } },
];

describe.each(actions)("$name: refused outside the organizer's scope, nothing written", ({ fn, fields }) => {
  it.each([
    ["tn", 404],
    ["commune", 404],
    ["judge", 403],
    ["producer", 403],
    ["admin", 403],
    ["anonymous", 302],
  ] as [Who, number][])("%s → %i", async (who, status) => {
    const before = db.select().from(auditLog).all().length;
    const r = await call(fn, who, { roundId: String(bnRoundId) }, post(fields));
    expect(r.status).toBe(status);
    if (status === 302) expect(r.location).toMatch(/^\/dang-nhap\?next=/);
    expect(db.select().from(auditLog).all().length).toBe(before);
  });
});

describe("the judge's conflict page", () => {
  it("is for judges only", async () => {
    expect((await call(declareLoader, "judge", {})).status).toBe(200);
    for (const who of ["bn", "producer", "admin"] as Who[]) expect((await call(declareLoader, who, {})).status).toBe(403);
    expect((await call(declareLoader, "anonymous", {}, {}, "/giam-khao/xung-dot")).location).toBe("/dang-nhap?next=%2Fgiam-khao%2Fxung-dot");
    expect((await call(declareAction, "bn", {}, post({ entryId: String(entryId), reason: "x" }))).status).toBe(403);
  });
});
