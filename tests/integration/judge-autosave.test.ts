/**
 * Issue 11, defect 5: a judge presses "Nộp phiếu" within a second of the last keystroke; the
 * pending autosave (a draft post) arrives after the submit. Whatever address it reaches, the
 * answer is a 4xx with a plain Vietnamese message, never a 405, and the submitted sheet is
 * unchanged. The browser side (no autosave is sent after submitting) is in
 * tests/e2e/judge-phone.test.ts.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { councilMembers, councils, entries, establishmentMembers, establishments, products, rounds, scoreSheets, stageClosures } from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { action as sheetAction } from "~/routes/giam-khao.vong.$roundId.cham.$entryId";
import { action as listAction, loader as listLoader } from "~/routes/giam-khao.vong.$roundId._index";
import { createBody, createRound, createUser, province, requestWithCookie } from "../helpers/fixtures";

let roundId = 0;
const entryIds: number[] = [];
let groupIds: Record<string, number> = {};
let judge = "";
let other = "";

async function call(fn: (a: any) => any, who: string, params: Record<string, string>, init?: RequestInit, url = "/x") {
  try {
    const res: Response = await fn({ request: requestWithCookie(url, who, init), params, context: {} });
    return { status: res.status, location: res.headers.get("Location"), data: res.headers.get("Content-Type")?.includes("json") ? await res.json() : null };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, location: e.headers.get("Location"), data: e.headers.get("Content-Type")?.includes("json") ? await e.json() : null };
    throw e;
  }
}
const post = (fields: Record<string, string>): RequestInit => ({ method: "POST", body: new URLSearchParams(fields) });
const points = (p: [string, string, string, string]) => ({
  [`p_${groupIds.I}`]: p[0],
  [`p_${groupIds.II}`]: p[1],
  [`p_${groupIds.III}`]: p[2],
  [`p_${groupIds.IV}`]: p[3],
  comment: "Sản phẩm đẹp.",
});
const params = (entryId: number) => ({ roundId: String(roundId), entryId: String(entryId) });

beforeAll(async () => {
  const bacNinh = province("24");
  const body = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bacNinh.id);
  const round = createRound(body.id, "province", bacNinh.id, "Vòng tỉnh Bắc Ninh 2026", { status: "scoring" });
  roundId = round.id;
  const officialSheet = db.query.criteriaSheets.findFirst({ where: (t, { eq }) => eq(t.isOfficial, true) }).sync()!;
  db.update(rounds).set({ criteriaSheetId: officialSheet.id }).where(eq(rounds.id, roundId)).run();
  const crit = db.query.criteria.findMany({ where: (t, { eq }) => eq(t.sheetId, officialSheet.id) }).sync();
  groupIds = Object.fromEntries(crit.filter((c) => !c.parentId).map((c) => [c.code, c.id]));
  const producer = await createUser("cs@example.vn");
  const est = db.insert(establishments).values({ legalType: "sme", name: "Công ty Gốm", provinceId: bacNinh.id }).returning().get();
  db.insert(establishmentMembers).values({ establishmentId: est.id, userId: producer, role: "owner" }).run();
  for (const [i, name] of ["Bình gốm", "Tranh Đông Hồ", "Mây tre đan"].entries()) {
    const prod = db.insert(products).values({ establishmentId: est.id, name, productGroupId: 1 }).returning().get();
    entryIds.push(db.insert(entries).values({ roundId, productId: prod.id, establishmentId: est.id, status: "accepted", votingCode: `BN-00${i + 1}`, dossierNo: `HS-${i + 1}` }).returning().get().id);
  }
  const council = db.insert(councils).values({ roundId, name: "Hội đồng bình chọn tỉnh Bắc Ninh" }).returning().get();
  const uid = await createUser("j1@example.vn");
  const uid2 = await createUser("j2@example.vn");
  db.insert(councilMembers).values({ councilId: council.id, userId: uid, fullName: "Giám khảo 1", role: "member", title: "TS" }).run();
  db.insert(councilMembers).values({ councilId: council.id, userId: uid2, fullName: "Giám khảo 2", role: "member", title: "TS" }).run();
  judge = await startSession(uid);
  other = await startSession(uid2);
});

describe("a draft that arrives after the sheet was submitted (defect 5)", () => {
  it("is answered 409 with a Vietnamese message at the sheet's address; the submitted sheet is unchanged", async () => {
    const entryId = entryIds[0]!;
    const draft = await call(sheetAction, judge, params(entryId), post({ ...points(["30", "", "", ""]), intent: "draft" }));
    expect(draft.status).toBe(200);
    const submit = await call(sheetAction, judge, params(entryId), post({ ...points(["30", "32", "8", "7"]), intent: "submit", version: String(draft.data.version) }));
    expect(submit.status).toBe(302);
    expect(submit.location).toBe(`/giam-khao/vong/${roundId}?da-nop=${entryId}`);

    // The late autosave: the keystroke's draft, with the version the page had before submitting.
    const late = await call(sheetAction, judge, params(entryId), post({ ...points(["30", "32", "8", "9"]), intent: "draft", version: String(draft.data.version) }));
    expect(late.status).not.toBe(405);
    expect(late.status).toBe(409);
    expect(late.data.ok).toBe(false);
    expect(late.data.message).toMatch(/Phiếu đã nộp nên không thể sửa/);
    const row = db.select().from(scoreSheets).where(eq(scoreSheets.entryId, entryId)).get()!;
    expect(row.status).toBe("submitted");
    expect(row.totalTenths).toBe(770);
  });

  it("is answered 409 with a Vietnamese message at the list's address too (where a page without the fix posted it)", async () => {
    const late = await call(listAction, judge, { roundId: String(roundId) }, post({ ...points(["30", "32", "8", "9"]), intent: "draft" }));
    expect(late.status).toBe(409);
    expect(late.data.message).toMatch(/^Phiếu chấm đã nộp/);
    expect(late.data.message).not.toMatch(/Method Not Allowed/i);
    const row = db.select().from(scoreSheets).where(eq(scoreSheets.entryId, entryIds[0]!)).get()!;
    expect(row.totalTenths).toBe(770);
  });

  it("a draft for a sheet of a closed stage gets 409 and the closing message", async () => {
    db.insert(stageClosures).values({ roundId, stage: 1, closedAt: new Date() }).run();
    try {
      const late = await call(sheetAction, other, params(entryIds[1]!), post({ ...points(["30", "", "", ""]), intent: "draft" }));
      expect(late.status).toBe(409);
      expect(late.data.message).toBe("Vòng chấm đã khóa, không thể sửa phiếu.");
    } finally {
      db.delete(stageClosures).where(eq(stageClosures.roundId, roundId)).run();
    }
  });
});

describe("the judge's list", () => {
  it("puts the entries still to score first, filters them with ?xem=chua-cham, and confirms a submission", async () => {
    // Entry 0 submitted (above); entry 2 has a draft; entry 1 untouched.
    const draft = await call(sheetAction, judge, params(entryIds[2]!), post({ ...points(["20", "", "", ""]), intent: "draft" }));
    expect(draft.status).toBe(200);
    const all = await call(listLoader, judge, { roundId: String(roundId) }, undefined, `/giam-khao/vong/${roundId}?da-nop=${entryIds[0]}`);
    expect(all.status).toBe(200);
    expect(all.data.items.map((i: any) => [i.votingCode, i.sheetStatus])).toEqual([
      ["BN-003", "draft"],
      ["BN-002", null],
      ["BN-001", "submitted"],
    ]);
    expect(all.data.counts).toEqual({ all: 3, todo: 2 });
    expect(all.data.justSubmitted).toEqual({ productName: "Bình gốm", votingCode: "BN-001", totalTenths: 770 });
    const todo = await call(listLoader, judge, { roundId: String(roundId) }, undefined, `/giam-khao/vong/${roundId}?xem=chua-cham`);
    expect(todo.data.items.map((i: any) => i.votingCode)).toEqual(["BN-003", "BN-002"]);
    expect(todo.data.justSubmitted).toBeNull();
    // Another judge's submission is not announced on this judge's list.
    const foreign = await call(listLoader, other, { roundId: String(roundId) }, undefined, `/giam-khao/vong/${roundId}?da-nop=${entryIds[0]}`);
    expect(foreign.data.justSubmitted).toBeNull();
  });
});
