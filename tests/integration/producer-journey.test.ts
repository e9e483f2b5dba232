/**
 * A producer's way in (issue 12, items 1 and 5), on a real SQLite database through the real route
 * loaders and actions: the home page lists the rounds taking registrations today with the days
 * left, and the dossier's submission asks for the commitment ("cam đoan") and records it.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, entries, entryEvents, establishmentMembers, establishments, products, rounds } from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { todayInVietnam } from "~/lib/dates";
import { db } from "~/lib/db.server";
import { SUBMIT_COMMITMENT } from "~/modules/entries/entries.server";
import { loader as homeLoader } from "~/routes/_index";
import { action as dossierAction } from "~/routes/co-so.du-thi.$entryId._index";
import { action as registerAction } from "~/routes/co-so.ky-binh-chon";
import { createBody, createCommune, createRound, createUser, province, requestWithCookie } from "../helpers/fixtures";
import { makePdf, makePng } from "../helpers/files";

type Answer = { status: number; location?: string | null; data?: any };
async function call(fn: (args: any) => any, url: string, cookie: string | null, params: Record<string, string> = {}, init?: RequestInit): Promise<Answer> {
  try {
    const res: Response = await fn({ request: requestWithCookie(url, cookie, init), params, context: {} });
    const ct = res.headers.get("Content-Type") ?? "";
    return { status: res.status, location: res.headers.get("Location"), data: ct.includes("json") ? await res.json() : null };
  } catch (e) {
    if (e instanceof Response) {
      const ct = e.headers.get("Content-Type") ?? "";
      return { status: e.status, location: e.headers.get("Location"), data: ct.includes("json") ? await e.json() : null };
    }
    throw e;
  }
}
const form = (fields: Record<string, string>): RequestInit => ({ method: "POST", body: new URLSearchParams(fields) });
function multipart(fields: Record<string, string>, list: { name: string; type: string; data: Buffer }[]): RequestInit {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of list) fd.append("files", new Blob([new Uint8Array(f.data)], { type: f.type }), f.name);
  return { method: "POST", body: fd };
}

/** A date `n` days from today in Vietnam, YYYY-MM-DD. */
function dayFromToday(n: number, today = todayInVietnam()): string {
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

async function producer(email: string, unitId: number, provinceId: number) {
  const userId = await createUser(email);
  const est = db
    .insert(establishments)
    .values({ legalType: "cooperative", name: `Cơ sở ${email}`, provinceId, unitId, street: "Thôn 1", registrationNo: "2300123456", phone: "0912345678", representative: "Người đại diện" })
    .returning()
    .get();
  db.insert(establishmentMembers).values({ establishmentId: est.id, userId, role: "owner" }).run();
  return { userId, estId: est.id, cookie: await startSession(userId) };
}

const ids = { openCommune: 0, lastDay: 0, provinceRound: 0, closed: 0, notYet: 0, draft: 0 };
let owner: Awaited<ReturnType<typeof producer>>;
let stranger: Awaited<ReturnType<typeof producer>>;

beforeAll(async () => {
  const bacNinh = province("24");
  const thaiNguyen = province("19");
  const commune = createCommune(bacNinh.id, "Phù Lãng");
  const otherCommune = createCommune(thaiNguyen.id, "Đồng Hỷ");
  const communeBody = createBody("UBND xã Phù Lãng", "commune", commune.id);
  const provinceBody = createBody("Sở Công Thương Bắc Ninh", "province", bacNinh.id);
  const round = (body: number, level: "commune" | "province", unit: number, title: string, extra: Partial<typeof rounds.$inferInsert>) =>
    createRound(body, level, unit, title, { registrationOpensOn: dayFromToday(-5), registrationClosesOn: dayFromToday(10), ...extra }).id;
  ids.openCommune = round(communeBody.id, "commune", commune.id, "Bình chọn cấp xã Phù Lãng (đang mở)", {});
  ids.lastDay = round(communeBody.id, "commune", commune.id, "Bình chọn cấp xã Phù Lãng (ngày cuối)", { registrationClosesOn: dayFromToday(0) });
  ids.provinceRound = round(provinceBody.id, "province", bacNinh.id, "Bình chọn cấp tỉnh Bắc Ninh (đang mở)", { registrationClosesOn: dayFromToday(25) });
  ids.closed = round(communeBody.id, "commune", commune.id, "Bình chọn đã hết hạn", { registrationOpensOn: dayFromToday(-30), registrationClosesOn: dayFromToday(-1) });
  ids.notYet = round(communeBody.id, "commune", commune.id, "Bình chọn chưa mở", { registrationOpensOn: dayFromToday(1), registrationClosesOn: dayFromToday(30) });
  ids.draft = round(communeBody.id, "commune", commune.id, "Bình chọn còn nháp", { status: "draft" });
  owner = await producer("owner@example.vn", commune.id, bacNinh.id);
  stranger = await producer("stranger@example.vn", otherCommune.id, thaiNguyen.id);
});

describe("the home page's open rounds", () => {
  it("lists the rounds taking registrations today, soonest deadline first, with the days left in Vietnam", async () => {
    const home = await call(homeLoader, "/", null);
    expect(home.status).toBe(200);
    const open = home.data.open as { id: number; daysLeft: number; territory: string; direct: boolean; registrationClosesOn: string; bodyName: string }[];
    expect(open.map((r) => r.id)).toEqual([ids.lastDay, ids.openCommune, ids.provinceRound]);
    const byId = new Map(open.map((r) => [r.id, r]));
    expect(byId.get(ids.lastDay)!.daysLeft).toBe(0);
    expect(byId.get(ids.openCommune)!.daysLeft).toBe(10);
    expect(byId.get(ids.openCommune)!.registrationClosesOn).toBe(dayFromToday(10));
    expect(byId.get(ids.openCommune)!.territory).toBe("Xã Phù Lãng, Tỉnh Bắc Ninh");
    expect(byId.get(ids.openCommune)!.bodyName).toBe("UBND xã Phù Lãng");
    expect(byId.get(ids.provinceRound)!).toMatchObject({ daysLeft: 25, territory: "Tỉnh Bắc Ninh", direct: true });
    // Closed yesterday, opening tomorrow, or still a draft: not listed.
    for (const id of [ids.closed, ids.notYet, ids.draft]) expect(byId.has(id)).toBe(false);
    // A public page: kept by the page cache for everyone (no session cookie, no Set-Cookie).
    expect(home.data).toHaveProperty("published");
  });

  it("is the same list for every visitor: the province round shows to a producer of another province too", async () => {
    const anon = await call(homeLoader, "/", null);
    const signedIn = await call(homeLoader, "/", stranger.cookie);
    expect(signedIn.data.open).toEqual(anon.data.open);
  });

  it("a round closing changes the list at once (the rounds table bumps the public generation)", async () => {
    db.update(rounds).set({ status: "intake_closed" }).where(eq(rounds.id, ids.lastDay)).run();
    const home = await call(homeLoader, "/", null);
    expect(home.data.open.map((r: { id: number }) => r.id)).toEqual([ids.openCommune, ids.provinceRound]);
    db.update(rounds).set({ status: "open" }).where(eq(rounds.id, ids.lastDay)).run();
    expect((await call(homeLoader, "/", null)).data.open).toHaveLength(3);
  });
});

describe("submitting with the commitment", () => {
  let entryId = 0;
  const here = () => `/co-so/du-thi/${entryId}`;
  const submit = (cookie: string | null, fields: Record<string, string>) => call(dossierAction, here(), cookie, { entryId: String(entryId) }, form({ intent: "submit", ...fields }));
  const entryRow = () => db.select().from(entries).where(eq(entries.id, entryId)).get()!;

  beforeAll(async () => {
    const productId = db.insert(products).values({ establishmentId: owner.estId, name: "Bình gốm men da lươn", productGroupId: 1 }).returning().get().id;
    const r = await call(registerAction, "/co-so/ky-binh-chon", owner.cookie, {}, form({ roundId: String(ids.openCommune), productId: String(productId) }));
    expect(r.status).toBe(302);
    entryId = Number(r.location!.match(/du-thi\/(\d+)/)![1]);
  });

  it("with documents missing: refused (4xx) naming each missing slot with its anchor, the entry unchanged", async () => {
    const before = entryRow();
    for (const fields of [{}, { commitment: "1" }] as Record<string, string>[]) {
      const r = await submit(owner.cookie, fields);
      expect(r.status).toBe(422);
      expect(r.data.message).toBe("Hồ sơ còn thiếu, chưa thể nộp.");
      expect(r.data.missingSlots.map((m: { code: string }) => m.code)).toEqual(["registration_form", "business_registration", "product_description", "product_photos"]);
      expect(r.data.missing).toContain("Ảnh màu sản phẩm: cần ít nhất 3 tệp, mới có 0.");
    }
    expect(entryRow()).toEqual(before);
  });

  it("complete but without the commitment: 400 with the message for the checkbox; nothing changes", async () => {
    const up = async (docType: string, list: { name: string; type: string; data: Buffer }[]) =>
      expect((await call(dossierAction, here(), owner.cookie, { entryId: String(entryId) }, multipart({ intent: "upload", docType }, list))).status).toBe(302);
    await up("registration_form", [{ name: "pdk.pdf", type: "application/pdf", data: await makePdf("PDK") }]);
    await up("business_registration", [{ name: "gcn.pdf", type: "application/pdf", data: await makePdf("GCN") }]);
    await up("product_description", [{ name: "tm.pdf", type: "application/pdf", data: await makePdf("TM") }]);
    await up("product_photos", [0, 1, 2].map((i) => ({ name: `p${i}.png`, type: "image/png", data: makePng(20, 20, [i * 60, 10, 10]) })));
    const before = entryRow();
    for (const fields of [{}, { commitment: "" }] as Record<string, string>[]) {
      const r = await submit(owner.cookie, fields);
      expect(r.status).toBe(400);
      expect(r.data.errors).toEqual({ commitment: "Vui lòng đánh dấu ô cam đoan trước khi nộp hồ sơ." });
    }
    expect(entryRow()).toEqual(before);
    expect(before.status).toBe("draft");
    expect(db.select().from(auditLog).where(and(eq(auditLog.action, "entry.submit"), eq(auditLog.objectId, String(entryId)))).all()).toHaveLength(0);
  });

  it("another establishment's producer and a visitor cannot submit it", async () => {
    expect((await submit(stranger.cookie, { commitment: "1" })).status).toBe(404);
    const anon = await submit(null, { commitment: "1" });
    expect(anon.status).toBe(302);
    expect(anon.location).toMatch(/^\/dang-nhap\?next=/);
    expect(entryRow().status).toBe("draft");
  });

  it("with the commitment: submitted, and the commitment recorded (who, when, the sentence) in the event and the audit row", async () => {
    const r = await submit(owner.cookie, { commitment: "1" });
    expect(r.status).toBe(302);
    expect(r.location).toBe(`${here()}/bien-nhan`);
    expect(entryRow().status).toBe("submitted");
    const ev = db.select().from(entryEvents).where(and(eq(entryEvents.entryId, entryId), eq(entryEvents.type, "submitted"))).get()!;
    expect(ev.actorUserId).toBe(owner.userId);
    expect(ev.message).toBe("Cơ sở nộp hồ sơ, cam đoan hồ sơ đúng sự thật.");
    const commitment = ev.data!.commitment as { text: string; userId: string; at: string };
    expect(commitment.text).toBe(SUBMIT_COMMITMENT);
    expect(commitment.userId).toBe(owner.userId);
    expect(Number.isFinite(Date.parse(commitment.at))).toBe(true);
    const audit = db.select().from(auditLog).where(and(eq(auditLog.action, "entry.submit"), eq(auditLog.objectId, String(entryId)))).get()!;
    expect(audit.actorUserId).toBe(owner.userId);
    expect((audit.data!.commitment as { text: string }).text).toBe(SUBMIT_COMMITMENT);
  });
});
