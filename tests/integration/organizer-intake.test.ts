/**
 * The organizer's rounds and intake through the real routes: creating and configuring a round,
 * the intake queue, the dossier viewer and its actions, across roles and territories.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, councilMembers, councils, entries, establishmentMembers, establishments, notifications, products, rounds } from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { loadPrincipal } from "~/lib/permissions.server";
import { registerEntry, submitEntry, uploadToSlot } from "~/modules/entries/entries.server";
import { action as newRoundAction, loader as newRoundLoader } from "~/routes/to-chuc.vong.moi";
import { action as settingsAction, loader as settingsLoader } from "~/routes/to-chuc.vong.$roundId_.thiet-lap";
import { loader as confirmLoader } from "~/routes/to-chuc.vong.$roundId_.xac-nhan";
import { loader as queueLoader } from "~/routes/to-chuc.vong.$roundId_.ho-so._index";
import { action as viewerAction, loader as viewerLoader } from "~/routes/to-chuc.vong.$roundId_.ho-so.$entryId";
import { storage } from "~/lib/storage.server";
import { createBody, createCommune, createOrganizer, createUser, province, requestWithCookie } from "../helpers/fixtures";
import { makePdf, makePng } from "../helpers/files";

type Who = "bn" | "tn" | "commune" | "judge" | "producer" | "anonymous";
const cookie: Partial<Record<Who, string | null>> = { anonymous: null };
const ids: Record<string, string> = {};
let roundId = 0;
let entryId = 0;

async function call(fn: (a: any) => any, who: Who, params: Record<string, string>, init?: RequestInit) {
  try {
    const res: Response = await fn({ request: requestWithCookie("/x", cookie[who] ?? null, init), params, context: {} });
    return { status: res.status, location: res.headers.get("Location"), data: res.headers.get("Content-Type")?.includes("json") ? await res.json() : null };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, location: e.headers.get("Location"), data: e.headers.get("Content-Type")?.includes("json") ? await e.json() : null };
    throw e;
  }
}
const post = (fields: Record<string, string | string[]>): RequestInit => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return { method: "POST", body };
};

/** The confirmation a one-way status move needs (docs/decisions/0022-confirmations.md), from the confirm page. */
async function confirmation(who: Who, id: number, action: string): Promise<Record<string, string>> {
  const res: Response = await confirmLoader({ request: requestWithCookie(`/to-chuc/vong/${id}/xac-nhan?hanh-dong=${action}`, cookie[who] ?? null), params: { roundId: String(id) }, context: {} });
  const data = await res.json();
  if (!data.token) throw new Error(`no confirmation for ${action}: ${data.consequence.blocked.join(" ")}`);
  return { "xac-nhan": data.token };
}

const settings = {
  title: "Bình chọn sản phẩm CNNT tiêu biểu tỉnh Bắc Ninh năm 2027",
  year: "2027",
  registrationOpensOn: "2000-01-01",
  registrationClosesOn: "2999-12-31",
  passMarkTenths: "70",
  scoringStages: "1",
  certificateValidityMonths: "36",
  tieBreak: "I,II,vote",
  discrepancyToleranceTenths: "15",
  minJudgesPerEntry: "1",
  intakeAnswerWorkingDays: "3",
  certificateNumberPattern: "{seq}/GCN-SCT-{year}",
};

async function received(data: Buffer, name: string) {
  async function* one() {
    yield new Uint8Array(data);
  }
  const stored = await storage().put(one(), { maxBytes: 10_000_000, accepts: ["pdf", "image"], originalName: name });
  return { ...stored, field: "files", originalName: name };
}

beforeAll(async () => {
  const bacNinh = province("24");
  const thaiNguyen = province("19");
  const bnBody = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bacNinh.id);
  const tnBody = createBody("Sở Công Thương tỉnh Thái Nguyên", "province", thaiNguyen.id);
  const commune = createCommune(bacNinh.id, "Phù Lãng");
  const communeBody = createBody("UBND xã Phù Lãng", "commune", commune.id);
  ids.bn = await createOrganizer("bn@example.vn", bnBody.id);
  ids.tn = await createOrganizer("tn@example.vn", tnBody.id);
  ids.commune = await createOrganizer("xa@example.vn", communeBody.id);
  ids.judge = await createUser("gk@example.vn");
  ids.producer = await createUser("cs@example.vn");
  const est = db.insert(establishments).values({ legalType: "sme", name: "Công ty Gốm", provinceId: bacNinh.id, unitId: commune.id, street: "Thôn 1" }).returning().get();
  db.insert(establishmentMembers).values({ establishmentId: est.id, userId: ids.producer!, role: "owner" }).run();
  ids.est = String(est.id);
  for (const who of ["bn", "tn", "commune", "judge", "producer"] as Who[]) cookie[who] = await startSession(ids[who]!);
});

describe("creating and configuring a round", () => {
  it("refuses bad settings with field messages and keeps what was typed", async () => {
    const r = await call(newRoundAction, "bn", {}, post({ ...settings, registrationOpensOn: "2027-05-01", registrationClosesOn: "2027-04-01", passMarkTenths: "120", bodyId: "1" }));
    expect(r.status).toBe(400);
    expect(r.data.errors.registrationClosesOn).toBe("Ngày đóng nhận hồ sơ phải sau ngày mở.");
    expect(r.data.errors.passMarkTenths).toBe("Điểm đạt phải từ 0 đến 100 điểm.");
    expect(r.data.values.title).toBe(settings.title);
  });
  it("creates a draft round for the organizer's own body only", async () => {
    const form = await call(newRoundLoader, "bn", {});
    const bodyId = form.data.bodies[0].id;
    const other = await call(newRoundAction, "tn", {}, post({ ...settings, bodyId: String(bodyId) }));
    expect(other.status).toBe(403);
    const r = await call(newRoundAction, "bn", {}, post({ ...settings, bodyId: String(bodyId), requiredDocumentTypes: [] }));
    expect(r.status).toBe(302);
    roundId = Number(r.location!.match(/vong\/(\d+)/)![1]);
    const round = db.select().from(rounds).where(eq(rounds.id, roundId)).get()!;
    expect(round.status).toBe("draft");
    expect(round.level).toBe("province");
    expect(round.passMarkTenths).toBe(700);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "round.create")).all()).toHaveLength(1);
  });
  it("opens the round, then a producer's entry arrives", async () => {
    const r = await call(settingsAction, "bn", { roundId: String(roundId) }, post({ intent: "status", to: "open", ...(await confirmation("bn", roundId, "mo-nhan-ho-so")) }));
    expect(r.status).toBe(302);
    const p = loadPrincipal(ids.producer!, false);
    const product = db.insert(products).values({ establishmentId: Number(ids.est), name: "Bình gốm", productGroupId: 1 }).returning().get();
    entryId = registerEntry(p, Number(ids.est), roundId, product.id);
    uploadToSlot(p, entryId, "registration_form", [await received(await makePdf("a"), "phieu.pdf")]);
    uploadToSlot(p, entryId, "business_registration", [await received(await makePdf("b"), "gcn.pdf")]);
    uploadToSlot(p, entryId, "product_description", [await received(await makePdf("c"), "tm.pdf")]);
    uploadToSlot(p, entryId, "product_photos", [await received(makePng(9, 9, [1, 1, 1]), "1.png"), await received(makePng(9, 9, [2, 2, 2]), "2.png"), await received(makePng(9, 9, [3, 3, 3]), "3.png")]);
    await submitEntry(p, entryId);
    const q = await call(queueLoader, "bn", { roundId: String(roundId) });
    expect(q.status).toBe(200);
    expect(q.data.rows.map((x: any) => x.id)).toEqual([entryId]);
  });
  it("filters the queue and flags overdue answers", async () => {
    db.update(entries).set({ answerBy: "2001-01-01" }).where(eq(entries.id, entryId)).run();
    const overdue = await call(queueLoader, "bn", { roundId: String(roundId) }, { headers: {} });
    expect(overdue.data.overdueCount).toBe(1);
    expect(overdue.data.rows[0].overdue).toBe(true);
    const byGroup = await call((a: any) => queueLoader({ ...a, request: requestWithCookie(`/x?nhom=2`, cookie.bn!) }), "bn", { roundId: String(roundId) });
    expect(byGroup.data.rows).toHaveLength(0);
    const byText = await call((a: any) => queueLoader({ ...a, request: requestWithCookie(`/x?q=${encodeURIComponent("gốm")}`, cookie.bn!) }), "bn", { roundId: String(roundId) });
    expect(byText.data.rows).toHaveLength(1);
    const weird = await call((a: any) => queueLoader({ ...a, request: requestWithCookie(`/x?trang_thai=khong-co&nhom=abc&q=${"%25".repeat(50)}`, cookie.bn!) }), "bn", { roundId: String(roundId) });
    expect(weird.status).toBe(200);
  });
});

describe("intake actions", () => {
  it("asking to complete needs slots and a message; then notifies and audits", async () => {
    const version = db.select().from(entries).where(eq(entries.id, entryId)).get()!.version;
    const bad = await call(viewerAction, "bn", { roundId: String(roundId), entryId: String(entryId) }, post({ intent: "request", version: String(version), message: "" }));
    expect(bad.status).toBe(400);
    expect(bad.data.message).toMatch(/nội dung cần bổ sung/);
    const ok = await call(viewerAction, "bn", { roundId: String(roundId), entryId: String(entryId) }, post({ intent: "request", version: String(version), docTypes: ["product_photos"], message: "Bổ sung ảnh mặt đáy." }));
    expect(ok.status).toBe(302);
    expect(db.select().from(entries).where(eq(entries.id, entryId)).get()!.status).toBe("needs_completion");
    expect(db.select().from(notifications).where(eq(notifications.userId, ids.producer!)).all().some((n) => n.kind === "entry.needs_completion")).toBe(true);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "entry.request_completion")).all()).toHaveLength(1);
  });
  it("rejecting needs a reason", async () => {
    const version = db.select().from(entries).where(eq(entries.id, entryId)).get()!.version;
    const r = await call(viewerAction, "bn", { roundId: String(roundId), entryId: String(entryId) }, post({ intent: "reject", version: String(version), reason: "  " }));
    expect(r.status).toBe(400);
    expect(r.data.message).toBe("Vui lòng ghi lý do không tiếp nhận.");
  });
  it("the second of two organizers acting on the same version gets a conflict, not an overwrite", async () => {
    const p = loadPrincipal(ids.producer!, false);
    await submitEntry(p, entryId);
    const version = String(db.select().from(entries).where(eq(entries.id, entryId)).get()!.version);
    const [a, b] = await Promise.all([
      call(viewerAction, "bn", { roundId: String(roundId), entryId: String(entryId) }, post({ intent: "accept", version })),
      call(viewerAction, "bn", { roundId: String(roundId), entryId: String(entryId) }, post({ intent: "reject", version, reason: "Không đúng đối tượng" })),
    ]);
    expect([a.status, b.status].sort()).toEqual([302, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.data.message).toMatch(/vừa được người khác cập nhật/);
    const e = db.select().from(entries).where(eq(entries.id, entryId)).get()!;
    expect(e.status).toBe(a.status === 302 ? "accepted" : "rejected");
  });
});

describe("settings after scoring started", () => {
  it("refuses to change the pass mark but allows the title", async () => {
    db.update(entries).set({ status: "accepted" }).where(eq(entries.id, entryId)).run();
    const council = db.insert(councils).values({ roundId, name: "Hội đồng" }).returning().get();
    db.insert(councilMembers).values({ councilId: council.id, fullName: "GK", role: "member", userId: ids.judge! }).run();
    cookie.judge = await startSession(ids.judge!);
    expect((await call(settingsAction, "bn", { roundId: String(roundId) }, post({ intent: "status", to: "intake_closed", ...(await confirmation("bn", roundId, "dong-nhan-ho-so")) }))).status).toBe(302);
    expect((await call(settingsAction, "bn", { roundId: String(roundId) }, post({ intent: "status", to: "scoring", ...(await confirmation("bn", roundId, "bat-dau-cham")) }))).status).toBe(302);
    const version = String(db.select().from(rounds).where(eq(rounds.id, roundId)).get()!.version);
    const r = await call(settingsAction, "bn", { roundId: String(roundId) }, post({ ...settings, passMarkTenths: "65", version }));
    expect(r.status).toBe(409);
    expect(r.data.message).toMatch(/không thể đổi: điểm đạt/);
    const ok = await call(settingsAction, "bn", { roundId: String(roundId) }, post({ ...settings, title: "Tên mới của kỳ bình chọn", version }));
    expect(ok.status).toBe(302);
    expect(db.select().from(rounds).where(eq(rounds.id, roundId)).get()!.passMarkTenths).toBe(700);
  });
});

describe("every route refuses those outside the round's body", () => {
  const routes = (): { name: string; fn: (a: any) => any; params: Record<string, string>; init?: RequestInit }[] => [
    { name: "settings page", fn: settingsLoader, params: { roundId: String(roundId) } },
    { name: "settings action", fn: settingsAction, params: { roundId: String(roundId) }, init: post({ intent: "status", to: "archived" }) },
    { name: "queue", fn: queueLoader, params: { roundId: String(roundId) } },
    { name: "viewer", fn: viewerLoader, params: { roundId: String(roundId), entryId: String(entryId) } },
    { name: "viewer action", fn: viewerAction, params: { roundId: String(roundId), entryId: String(entryId) }, init: post({ intent: "accept" }) },
  ];
  it("another province's organizer: 404", async () => {
    for (const r of routes()) expect((await call(r.fn, "tn", r.params, r.init)).status, r.name).toBe(404);
  });
  it("a commune organizer on the provincial round: 404", async () => {
    for (const r of routes()) expect((await call(r.fn, "commune", r.params, r.init)).status, r.name).toBe(404);
  });
  it("a judge and a producer: 403; anonymous: sent to log in", async () => {
    for (const r of routes()) {
      expect((await call(r.fn, "judge", r.params, r.init)).status, r.name).toBe(403);
      expect((await call(r.fn, "producer", r.params, r.init)).status, r.name).toBe(403);
      const anon = await call(r.fn, "anonymous", r.params, r.init);
      expect(anon.status, r.name).toBe(302);
      expect(anon.location).toMatch(/^\/dang-nhap/);
    }
    expect((await call(newRoundLoader, "producer", {})).status).toBe(403);
  });
  it("an entry id from another round is a 404 even for the right organizer", async () => {
    expect((await call(viewerLoader, "bn", { roundId: String(roundId), entryId: "999999" })).status).toBe(404);
  });
});
