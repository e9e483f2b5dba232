/**
 * The stored results of a closed stage follow a conflict of interest recorded or removed after
 * closing (docs/decisions/0043), through the real routes on a real database: the council's
 * verdicts check the stored results, which must equal a fresh computation; publishing refuses a
 * recognised entry that no longer passes.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { conflictsOfInterest, councilMembers, councils, entries, establishmentMembers, establishments, products, results, rounds } from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { computeStage, loadRound } from "~/modules/scoring/scoring.server";
import { action as conflictAction } from "~/routes/giam-khao.xung-dot";
import { action as sheetAction } from "~/routes/giam-khao.vong.$roundId.cham.$entryId";
import { action as assignAction } from "~/routes/to-chuc.vong.$roundId_.phan-cong";
import { loader as confirmLoader } from "~/routes/to-chuc.vong.$roundId_.xac-nhan";
import { action as resultsAction, loader as resultsLoader } from "~/routes/to-chuc.vong.$roundId_.ket-qua";
import { createBody, createOrganizer, createRound, createUser, province, requestWithCookie } from "../helpers/fixtures";

type Who = "org" | "chair" | "j2" | "j3";
const cookie: Partial<Record<Who, string>> = {};
const member: Record<string, number> = {};
let roundId = 0;
const entryIds: number[] = [];
let groupIds: Record<string, number> = {};

async function call(fn: (a: any) => any, who: Who, params: Record<string, string>, init?: RequestInit) {
  try {
    const res: Response = await fn({ request: requestWithCookie("/x", cookie[who] ?? null, init), params, context: {} });
    return { status: res.status, data: res.headers.get("Content-Type")?.includes("json") ? await res.json() : null };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, data: e.headers.get("Content-Type")?.includes("json") ? await e.json() : null };
    throw e;
  }
}
const post = (fields: Record<string, string>): RequestInit => ({ method: "POST", body: new URLSearchParams(fields) });
const rp = () => ({ roundId: String(roundId) });

async function confirmed(action: "khoa-vong-cham" | "cong-bo", fields: Record<string, string>) {
  const request = requestWithCookie(`/to-chuc/vong/${roundId}/xac-nhan?hanh-dong=${action}`, cookie.org!);
  const data = await (await confirmLoader({ request, params: rp(), context: {} })).json();
  return call(resultsAction, "org", rp(), post({ ...fields, "xac-nhan": data.token ?? "" }));
}

/** Submits a sheet of points I, II, III, IV (whole points). */
async function score(who: Who, entryId: number, p: [number, number, number, number]) {
  const fields = { [`p_${groupIds.I}`]: String(p[0]), [`p_${groupIds.II}`]: String(p[1]), [`p_${groupIds.III}`]: String(p[2]), [`p_${groupIds.IV}`]: String(p[3]), comment: "", intent: "submit" };
  const r = await call(sheetAction, who, { roundId: String(roundId), entryId: String(entryId) }, post(fields));
  expect(r.status).toBe(302);
}

/** The stored results of the round's deciding stage, by entry. */
function stored() {
  return new Map(
    db
      .select({ entryId: results.entryId, judgesCount: results.judgesCount, sumTenths: results.sumTenths, passed: results.passed, rank: results.rank })
      .from(results)
      .where(eq(results.stage, 1))
      .all()
      .map((r) => [r.entryId, r]),
  );
}

/** A fresh computation from the sheets, in the same shape. */
function fresh() {
  const r = computeStage(db, loadRound(db, roundId), 1);
  return new Map(r.entries.map((e) => [Number(e.entryId), { entryId: Number(e.entryId), judgesCount: e.judgesCount, sumTenths: e.sumTenths, passed: e.passed, rank: e.rank }]));
}

beforeAll(async () => {
  const unit = province("24");
  const body = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", unit.id);
  const orgId = await createOrganizer("org-closed@example.vn", body.id);
  roundId = createRound(body.id, "province", unit.id, "Vòng tỉnh khóa rồi ghi xung đột", { status: "scoring", minJudgesPerEntry: 2 }).id;
  const officialSheet = db.query.criteriaSheets.findFirst({ where: (t, { eq }) => eq(t.isOfficial, true) }).sync()!;
  db.update(rounds).set({ criteriaSheetId: officialSheet.id }).where(eq(rounds.id, roundId)).run();
  const crit = db.query.criteria.findMany({ where: (t, { eq }) => eq(t.sheetId, officialSheet.id) }).sync();
  groupIds = Object.fromEntries(crit.filter((c) => !c.parentId).map((c) => [c.code, c.id]));

  const owner = await createUser("cs-closed@example.vn");
  const est = db.insert(establishments).values({ legalType: "sme", name: "Cơ sở Gốm Phù Lãng", provinceId: unit.id }).returning().get();
  db.insert(establishmentMembers).values({ establishmentId: est.id, userId: owner, role: "owner" }).run();
  for (const [i, name] of ["Bình gốm men lam", "Chum sành", "Đĩa gốm"].entries()) {
    const prod = db.insert(products).values({ establishmentId: est.id, name, productGroupId: 1 }).returning().get();
    entryIds.push(db.insert(entries).values({ roundId, productId: prod.id, establishmentId: est.id, status: "accepted", votingCode: `PL-0${i + 1}`, dossierNo: `HS-PL-${i + 1}` }).returning().get().id);
  }
  const council = db.insert(councils).values({ roundId, name: "Hội đồng tỉnh Bắc Ninh" }).returning().get();
  for (const k of ["chair", "j2", "j3"] as const) {
    const uid = await createUser(`${k}-closed@example.vn`);
    member[k] = db.insert(councilMembers).values({ councilId: council.id, userId: uid, fullName: `Giám khảo ${k}`, role: k === "chair" ? "chair" : "member", title: "TS" }).returning().get().id;
    cookie[k] = await startSession(uid);
  }
  cookie.org = await startSession(orgId);

  // Entry 1: 80, 80 and 40 (mean 66.67, fails 70); without j3's sheet, 80 (passes).
  // Entry 2: 75 from everyone (passes). Entry 3: 60 from everyone (fails).
  const [a, b, c] = entryIds as [number, number, number];
  for (const who of ["chair", "j2"] as const) await score(who, a, [32, 32, 8, 8]);
  await score("j3", a, [16, 16, 4, 4]);
  for (const who of ["chair", "j2", "j3"] as const) {
    await score(who, b, [30, 30, 7, 8]);
    await score(who, c, [24, 24, 6, 6]);
  }
  expect((await confirmed("khoa-vong-cham", { intent: "close" })).status).toBe(302);
  expect(db.select().from(rounds).where(eq(rounds.id, roundId)).get()!.status).toBe("results_review");
});

describe("a conflict of interest recorded after the stage closed", () => {
  it("stores the results again: the judge's sheet drops out, the page, the stored results and the verdicts agree", async () => {
    const [a, b] = entryIds as [number, number];
    expect(stored().get(a)).toMatchObject({ judgesCount: 3, sumTenths: 2000, passed: false });
    const refused = await call(resultsAction, "org", rp(), post({ intent: "verdicts", [`r_${a}`]: "1", [`for_${a}`]: "3", [`r_${b}`]: "1", [`for_${b}`]: "3" }));
    expect(refused.status).toBe(400);
    expect(refused.data.errors[`v_${a}`]).toBe("Chỉ công nhận sản phẩm đạt điểm tối thiểu.");

    const recorded = await call(assignAction, "org", rp(), post({ intent: "conflict", memberId: String(member.j3), entryId: String(a), reason: "Con rể của chủ cơ sở (phát hiện sau khi chấm)" }));
    expect(recorded.status).toBe(302);
    expect(stored().get(a)).toMatchObject({ judgesCount: 2, sumTenths: 1600, passed: true });
    expect(stored()).toEqual(fresh());
    const page = await call(resultsLoader, "org", rp());
    const shown = page.data.results.find((r: any) => r.entryId === a);
    expect(shown).toMatchObject({ judgesCount: 2, passed: true, rank: stored().get(a)!.rank });

    const accepted = await call(resultsAction, "org", rp(), post({ intent: "verdicts", [`r_${a}`]: "1", [`for_${a}`]: "3", [`r_${b}`]: "1", [`for_${b}`]: "3", [`r_${entryIds[2]}`]: "0", [`note_${entryIds[2]}`]: "Chưa đạt 70 điểm" }));
    expect(accepted.status).toBe(302);
  });

  it("removing it stores them again, and publishing refuses the recognised entry that no longer passes", async () => {
    const [a] = entryIds as [number];
    const conflict = db.select().from(conflictsOfInterest).where(and(eq(conflictsOfInterest.entryId, a), eq(conflictsOfInterest.councilMemberId, member.j3!))).get()!;
    const removed = await call(assignAction, "org", rp(), post({ intent: "unconflict", conflictId: String(conflict.id) }));
    expect(removed.status).toBe(302);
    expect(stored().get(a)).toMatchObject({ judgesCount: 3, sumTenths: 2000, passed: false });
    expect(stored()).toEqual(fresh());

    const decision = await call(resultsAction, "org", rp(), post({ intent: "decision", number: "15/QĐ-UBND", signedOn: "2026-11-20", signerName: "Nguyễn Văn A", signerTitle: "Phó Chủ tịch", issuer: "UBND tỉnh Bắc Ninh" }));
    expect(decision.status).toBe(302);
    const pub = await confirmed("cong-bo", { intent: "publish" });
    expect(pub.status).toBe(409);
    expect(pub.data.errors[`v_${a}`]).toBe("PL-01 được ghi công nhận nhưng theo kết quả hiện tại không đạt điểm tối thiểu: ghi lại quyết định của Hội đồng cho sản phẩm đó.");
    expect(db.select().from(rounds).where(eq(rounds.id, roundId)).get()!.status).toBe("results_review");
  });

  it("a judge declaring one after closing stores them again too; the verdicts then publish", async () => {
    const [a] = entryIds as [number];
    const declared = await call(conflictAction, "j3", {}, post({ entryId: String(a), reason: "Người thân của chủ cơ sở" }));
    expect(declared.status).toBe(302);
    expect(stored().get(a)).toMatchObject({ judgesCount: 2, passed: true });
    expect(stored()).toEqual(fresh());
    const pub = await confirmed("cong-bo", { intent: "publish" });
    expect(pub.status).toBe(302);
    expect(db.select({ status: entries.status }).from(entries).where(eq(entries.id, a)).get()!.status).toBe("recognised");
  });
});
