/** A round's scoring sheet split into sub-criteria, per product group, used by the judges' sheets. */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { councilMembers, councils, entries, establishments, products, rounds } from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { loadPrincipal } from "~/lib/permissions.server";
import { parseSplit } from "~/modules/rounds/criteria";
import { judgeSheet, saveSheet } from "~/modules/scoring/scoring.server";
import { action as criteriaAction, loader as criteriaLoader } from "~/routes/to-chuc.vong.$roundId_.phieu-cham";
import { createBody, createOrganizer, createRound, createUser, province, requestWithCookie } from "../helpers/fixtures";

let roundId = 0;
let judge = "";
let entryG2 = 0;
let entryG1 = 0;
const cookie: Record<string, string> = {};

async function call(fn: (a: any) => any, who: string, url: string, init?: RequestInit) {
  try {
    const res: Response = await fn({ request: requestWithCookie(url, cookie[who] ?? null, init), params: { roundId: String(roundId) }, context: {} });
    return { status: res.status, data: res.headers.get("Content-Type")?.includes("json") ? await res.json() : null };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, data: null };
    throw e;
  }
}
const split = { p_I_1: "10", "p_I.1": "10", "p_I.2": "5", "p_I.3": "10", "p_I.4": "5", "p_I.5": "10", "p_II.1": "10", "p_II.2": "15", "p_II.3": "10", "p_II.4": "5" };

beforeAll(async () => {
  const bn = province("24");
  const body = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bn.id);
  cookie.org = await startSession(await createOrganizer("org@crit.vn", body.id));
  cookie.other = await startSession(await createOrganizer("other@crit.vn", createBody("Sở Công Thương tỉnh Thái Nguyên", "province", province("19").id).id));
  roundId = createRound(body.id, "province", bn.id, "Vòng tỉnh có tiêu chí con", { status: "intake_closed", minJudgesPerEntry: 1 }).id;
  const est = db.insert(establishments).values({ legalType: "sme", name: "Công ty", provinceId: bn.id }).returning().get();
  for (const g of [2, 1]) {
    const prod = db.insert(products).values({ establishmentId: est.id, name: `SP nhóm ${g}`, productGroupId: g }).returning().get();
    const id = db.insert(entries).values({ roundId, productId: prod.id, establishmentId: est.id, status: "accepted" }).returning().get().id;
    if (g === 2) entryG2 = id;
    else entryG1 = id;
  }
  judge = await createUser("gk@crit.vn");
  const council = db.insert(councils).values({ roundId, name: "HĐ" }).returning().get();
  db.insert(councilMembers).values({ councilId: council.id, userId: judge, fullName: "GK", role: "chair" }).run();
});

describe("splitting the groups into sub-criteria", () => {
  it("checks that each group's parts add up", () => {
    const groups = [{ code: "I", name: "I", maxTenths: 400, children: [{ code: "I.1", name: "a", maxTenths: 200 }, { code: "I.2", name: "b", maxTenths: 200 }] }];
    expect(parseSplit(groups, { "p_I.1": "25", "p_I.2": "15" }).errors).toEqual({});
    expect(parseSplit(groups, { "p_I.1": "25", "p_I.2": "10" }).errors.g_I).toBe("Các tiêu chí của nhóm I cộng lại 35 điểm, phải bằng 40 điểm.");
    expect(parseSplit(groups, { "p_I.1": "x", "p_I.2": "10" }).errors["p_I.1"]).toMatch(/phải là số/);
  });

  it("refuses a split that does not add up, with the message on the group", async () => {
    const r = await call(criteriaAction, "org", "/x?nhom=2", { method: "POST", body: new URLSearchParams({ mode: "split", ...split, "p_II.2": "20" }) });
    expect(r.status).toBe(400);
    expect(r.data.errors.g_II).toMatch(/cộng lại 45 điểm, phải bằng 40/);
  });

  it("a split for product group 2 gives its judges sub-criteria; group 1 keeps the four groups", async () => {
    const r = await call(criteriaAction, "org", "/x?nhom=2", { method: "POST", body: new URLSearchParams({ mode: "split", ...split, "p_I.1": "15", "p_I.2": "0" }) });
    expect(r.status).toBe(302);
    db.update(rounds).set({ status: "scoring" }).where(eq(rounds.id, roundId)).run();
    const p = loadPrincipal(judge, false);
    const g2 = judgeSheet(p, roundId, entryG2);
    expect(g2.criteriaSheet.scoreSubCriteria).toBe(true);
    expect(g2.criteria.find((c) => c.code === "I.1")!.maxTenths).toBe(150);
    expect(g2.scored).toHaveLength(9 + 2); // nine sub-criteria, groups III and IV
    const g1 = judgeSheet(p, roundId, entryG1);
    expect(g1.criteriaSheet.scoreSubCriteria).toBe(false);
    // A sub-criterion over its own maximum is refused.
    const byCode = Object.fromEntries(g2.criteria.map((c) => [c.code, c.id]));
    expect(() => saveSheet(p, roundId, entryG2, { fields: { [`p_${byCode["I.1"]}`]: "16" }, comment: "", submit: false })).toThrow(/Có điểm chưa hợp lệ/);
  });

  it("is frozen once scoring started, and closed to other provinces", async () => {
    const r = await call(criteriaAction, "org", "/x", { method: "POST", body: new URLSearchParams({ mode: "groups" }) });
    expect(r.status).toBe(409);
    expect((await call(criteriaLoader, "other", "/x")).status).toBe(404);
    expect((await call(criteriaLoader, "org", "/x?nhom=2")).data.sheet.scoreSubCriteria).toBe(true);
  });
});
