/**
 * Judging on a real database through the real routes: sheets (validation, drafts, locking,
 * double submissions), blindness, closing a stage, results, the council's decision and publishing.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  conflictsOfInterest,
  councilMembers,
  councils,
  entries,
  establishmentMembers,
  establishments,
  notifications,
  products,
  results,
  rounds,
  scoreSheets,
} from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { action as sheetAction, loader as sheetLoader } from "~/routes/giam-khao.vong.$roundId.cham.$entryId";
import { loader as judgeRoundLoader } from "~/routes/giam-khao.vong.$roundId._index";
import { loader as confirmLoader } from "~/routes/to-chuc.vong.$roundId_.xac-nhan";
import { action as resultsAction, loader as resultsLoader } from "~/routes/to-chuc.vong.$roundId_.ket-qua";
import { createBody, createOrganizer, createRound, createUser, province, requestWithCookie } from "../helpers/fixtures";

type Who = "org" | "other" | "chair" | "j2" | "j3" | "producer" | "anonymous";
const cookie: Partial<Record<Who, string | null>> = { anonymous: null };
const member: Record<string, number> = {};
let roundId = 0;
const entryIds: number[] = [];
let groupIds: Record<string, number> = {};
let producerUser = "";

async function call(fn: (a: any) => any, who: Who, params: Record<string, string>, init?: RequestInit) {
  try {
    const res: Response = await fn({ request: requestWithCookie("/x", cookie[who] ?? null, init), params, context: {} });
    return { status: res.status, location: res.headers.get("Location"), data: res.headers.get("Content-Type")?.includes("json") ? await res.json() : null };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, location: e.headers.get("Location"), data: e.headers.get("Content-Type")?.includes("json") ? await e.json() : null };
    throw e;
  }
}
const post = (fields: Record<string, string>): RequestInit => ({ method: "POST", body: new URLSearchParams(fields) });

/** The confirmation token of a one-way action, as the confirm page gives it (null when blocked), and its blocking reasons. */
async function confirmation(who: Who, action: "khoa-vong-cham" | "cong-bo") {
  const request = requestWithCookie(`/to-chuc/vong/${roundId}/xac-nhan?hanh-dong=${action}`, cookie[who] ?? null);
  const res: Response = await confirmLoader({ request, params: { roundId: String(roundId) }, context: {} });
  const data = await res.json();
  return { token: (data.token ?? "") as string, blocked: data.consequence.blocked as string[] };
}
/** A one-way action posted with its confirmation (docs/decisions/0022). */
async function confirmed(who: Who, action: "khoa-vong-cham" | "cong-bo", fields: Record<string, string>) {
  const { token } = await confirmation(who, action);
  return call(resultsAction, who, { roundId: String(roundId) }, post({ ...fields, "xac-nhan": token }));
}

/** Sheet fields for points I, II, III, IV (in points, "," decimals allowed). */
function sheet(p: [string, string, string, string], extra: Record<string, string> = {}) {
  return {
    [`p_${groupIds.I}`]: p[0],
    [`p_${groupIds.II}`]: p[1],
    [`p_${groupIds.III}`]: p[2],
    [`p_${groupIds.IV}`]: p[3],
    comment: "Sản phẩm đẹp, có thị trường.",
    ...extra,
  };
}
const params = (entryId: number) => ({ roundId: String(roundId), entryId: String(entryId) });

beforeAll(async () => {
  const bacNinh = province("24");
  const body = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bacNinh.id);
  const otherBody = createBody("Sở Công Thương tỉnh Thái Nguyên", "province", province("19").id);
  const orgId = await createOrganizer("org@example.vn", body.id);
  const otherId = await createOrganizer("other@example.vn", otherBody.id);
  const round = createRound(body.id, "province", bacNinh.id, "Vòng tỉnh Bắc Ninh 2026", { status: "scoring", minJudgesPerEntry: 3, recognitionCap: 2 });
  roundId = round.id;
  const officialSheet = db.query.criteriaSheets.findFirst({ where: (t, { eq }) => eq(t.isOfficial, true) }).sync()!;
  db.update(rounds).set({ criteriaSheetId: officialSheet.id }).where(eq(rounds.id, roundId)).run();
  const crit = db.query.criteria.findMany({ where: (t, { eq }) => eq(t.sheetId, officialSheet.id) }).sync();
  groupIds = Object.fromEntries(crit.filter((c) => !c.parentId).map((c) => [c.code, c.id]));

  producerUser = await createUser("cs@example.vn");
  const est = db.insert(establishments).values({ legalType: "sme", name: "Công ty Gốm", provinceId: bacNinh.id }).returning().get();
  db.insert(establishmentMembers).values({ establishmentId: est.id, userId: producerUser, role: "owner" }).run();
  for (const [i, name] of ["Bình gốm", "Tranh Đông Hồ", "Mây tre đan"].entries()) {
    const prod = db.insert(products).values({ establishmentId: est.id, name, productGroupId: 1 }).returning().get();
    entryIds.push(db.insert(entries).values({ roundId, productId: prod.id, establishmentId: est.id, status: "accepted", votingCode: `BN-00${i + 1}`, dossierNo: `HS-${i + 1}` }).returning().get().id);
  }
  const council = db.insert(councils).values({ roundId, name: "Hội đồng bình chọn tỉnh Bắc Ninh" }).returning().get();
  const users: Record<string, string> = { chair: await createUser("chair@example.vn"), j2: await createUser("j2@example.vn"), j3: await createUser("j3@example.vn") };
  for (const [k, uid] of Object.entries(users)) {
    member[k] = db.insert(councilMembers).values({ councilId: council.id, userId: uid, fullName: k, role: k === "chair" ? "chair" : "member", title: "TS" }).returning().get().id;
  }
  // Judge 3 has a conflict on the third entry.
  db.insert(conflictsOfInterest).values({ entryId: entryIds[2]!, councilMemberId: member.j3!, reason: "Người thân làm việc tại cơ sở" }).run();
  const ids: Record<string, string> = { org: orgId, other: otherId, producer: producerUser, ...users };
  for (const [k, uid] of Object.entries(ids)) cookie[k as Who] = await startSession(uid);
});

describe("the score sheet", () => {
  it("shows the official layout and only the judge's own sheet", async () => {
    const r = await call(sheetLoader, "j2", params(entryIds[0]!));
    expect(r.status).toBe(200);
    expect(r.data.councilName).toBe("Hội đồng bình chọn tỉnh Bắc Ninh");
    expect(r.data.entry.votingCode).toBe("BN-001");
    expect(r.data.criteria.filter((c: any) => c.parentId == null).map((c: any) => [c.code, c.maxTenths])).toEqual([
      ["I", 400],
      ["II", 400],
      ["III", 100],
      ["IV", 100],
    ]);
    expect(r.data.sheet).toBeNull();
  });

  it("refuses points over the maximum, non-numbers and a wrong total, with field messages", async () => {
    const over = await call(sheetAction, "j2", params(entryIds[0]!), post({ ...sheet(["41", "30", "8", "8"]), intent: "submit" }));
    expect(over.status).toBe(400);
    expect(over.data.errors[`p_${groupIds.I}`]).toBe("Điểm tiêu chí I tối đa 40 điểm.");
    const nan = await call(sheetAction, "j2", params(entryIds[0]!), post({ ...sheet(["ba mươi", "30", "8", "8"]), intent: "draft" }));
    expect(nan.status).toBe(400);
    expect(nan.data.errors[`p_${groupIds.I}`]).toMatch(/phải là số/);
    const total = await call(sheetAction, "j2", params(entryIds[0]!), post({ ...sheet(["30", "30", "8", "8"]), total: "80", intent: "submit" }));
    expect(total.status).toBe(400);
    expect(total.data.errors.total).toMatch(/Tổng điểm không khớp: các tiêu chí cộng lại là 76 điểm/);
    const missing = await call(sheetAction, "j2", params(entryIds[0]!), post({ ...sheet(["30", "", "8", "8"]), intent: "submit" }));
    expect(missing.status).toBe(400);
    expect(db.select().from(scoreSheets).all()).toHaveLength(0);
  });

  it("saves a partial draft, then submits and locks; a retry changes nothing; a change is refused", async () => {
    const draft = await call(sheetAction, "j2", params(entryIds[0]!), post({ ...sheet(["30,5", "", "", ""]), intent: "draft" }));
    expect(draft.status).toBe(200);
    expect(draft.data.status).toBe("draft");
    const seen = await call(sheetLoader, "j2", params(entryIds[0]!));
    expect(seen.data.points[groupIds.I!]).toBe(305);
    const submit = await call(sheetAction, "j2", params(entryIds[0]!), post({ ...sheet(["30,5", "32", "8", "7"]), total: "77,5", intent: "submit", version: String(draft.data.version) }));
    expect(submit.status).toBe(302);
    const again = await call(sheetAction, "j2", params(entryIds[0]!), post({ ...sheet(["30,5", "32", "8", "7"]), intent: "submit" }));
    expect(again.status).toBe(302);
    const changed = await call(sheetAction, "j2", params(entryIds[0]!), post({ ...sheet(["40", "40", "10", "10"]), intent: "submit" }));
    expect(changed.status).toBe(409);
    expect(changed.data.message).toMatch(/đã nộp nên không thể sửa/);
    const rows = db.select().from(scoreSheets).where(eq(scoreSheets.councilMemberId, member.j2!)).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.totalTenths).toBe(775);
  });

  it("two judges submitting at the same moment get exactly one sheet each", async () => {
    const [a, b] = await Promise.all([
      call(sheetAction, "chair", params(entryIds[0]!), post({ ...sheet(["32", "32", "8", "8"]), intent: "submit" })),
      call(sheetAction, "j3", params(entryIds[0]!), post({ ...sheet(["30", "30", "7,5", "7,5"]), intent: "submit" })),
    ]);
    expect([a.status, b.status]).toEqual([302, 302]);
    const sheets = db.select().from(scoreSheets).where(eq(scoreSheets.entryId, entryIds[0]!)).all();
    expect(sheets.map((s) => s.councilMemberId).sort()).toEqual([member.chair, member.j2, member.j3].sort());
  });

  it("a judge with a conflict cannot score that entry; outsiders cannot reach the sheet", async () => {
    expect((await call(sheetLoader, "j3", params(entryIds[2]!))).status).toBe(403);
    expect((await call(sheetAction, "j3", params(entryIds[2]!), post({ ...sheet(["30", "30", "8", "8"]), intent: "submit" }))).status).toBe(403);
    expect((await call(sheetLoader, "org", params(entryIds[0]!))).status).toBe(403);
    expect((await call(sheetLoader, "producer", params(entryIds[0]!))).status).toBe(403);
    expect((await call(sheetLoader, "anonymous", params(entryIds[0]!))).status).toBe(302);
    const list = await call(judgeRoundLoader, "j3", { roundId: String(roundId) });
    expect(list.data.items.find((i: any) => i.entryId === entryIds[2]).conflict).toBe(true);
  });
});

describe("blindness until the stage is closed", () => {
  it("a judge sees only its own sheets; organizers and the chair see no points before closing", async () => {
    const j3 = await call(sheetLoader, "j3", params(entryIds[0]!));
    expect(j3.data.sheet.totalTenths).toBe(750);
    expect(JSON.stringify(j3.data)).not.toContain("775");
    const asJudge = await call(resultsLoader, "j2", { roundId: String(roundId) });
    expect(asJudge.status).toBe(403);
    const asOrg = await call(resultsLoader, "org", { roundId: String(roundId) });
    expect(asOrg.status).toBe(200);
    expect(asOrg.data.results).toBeNull();
    expect(JSON.stringify(asOrg.data)).not.toContain("775");
    expect((await call(resultsLoader, "other", { roundId: String(roundId) })).status).toBe(404);
  });
});

describe("closing the stage and the results", () => {
  it("refuses to close while sheets are missing unless a reason is given", async () => {
    // Entry 2: all three judges; entry 3: chair and j2 (j3 in conflict, so only two judges).
    for (const [who, pts] of [
      ["chair", ["35", "35", "9", "9"]],
      ["j2", ["34", "34", "9", "9"]],
    ] as const) {
      expect((await call(sheetAction, who, params(entryIds[1]!), post({ ...sheet(pts as any), intent: "submit" }))).status).toBe(302);
      expect((await call(sheetAction, who, params(entryIds[2]!), post({ ...sheet(["20", "20", "5", "5"]), intent: "submit" }))).status).toBe(302);
    }
    // Without the confirmation nothing happens (428).
    expect((await call(resultsAction, "chair", { roundId: String(roundId) }, post({ intent: "close", reason: "x" }))).status).toBe(428);
    const refused = await confirmed("chair", "khoa-vong-cham", { intent: "close" });
    expect(refused.status).toBe(409);
    expect(refused.data.message).toMatch(/Còn 1 phiếu chưa nộp/);
    const closed = await confirmed("chair", "khoa-vong-cham", { intent: "close", reason: "Giám khảo j3 ốm, Hội đồng thống nhất khóa." });
    expect(closed.status).toBe(302);
    expect(db.select().from(rounds).where(eq(rounds.id, roundId)).get()!.status).toBe("results_review");
    expect(db.select().from(auditLog).where(eq(auditLog.action, "stage.close")).all()).toHaveLength(1);
  });

  it("computes means from submitted sheets only, exactly, with ranks and flags", async () => {
    const r = await call(resultsLoader, "org", { roundId: String(roundId) });
    const byCode = Object.fromEntries(r.data.results.map((x: any) => [x.info.votingCode, x]));
    // Entry 1: 77.5 + 80 + 75 = 232.5 / 3 = 77.50
    expect(byCode["BN-001"].meanDisplay).toBe("77,50");
    expect(byCode["BN-001"].judgesCount).toBe(3);
    // Entry 2: 88 + 86 = 174 / 2 = 87.00, too few judges (j3 never submitted)
    expect(byCode["BN-002"].meanDisplay).toBe("87,00");
    expect(byCode["BN-002"].tooFewJudges).toBe(true);
    expect(byCode["BN-002"].rank).toBe(1);
    // Entry 3: 50 and 50, fails
    expect(byCode["BN-003"].passed).toBe(false);
    expect(db.select().from(results).where(eq(results.entryId, entryIds[0]!)).get()!.sumTenths).toBe(2325);
    expect(r.data.stats.severity).toHaveLength(3);
    // Points are still hidden from ordinary judges after closing (results are for the council).
    expect((await call(resultsLoader, "j2", { roundId: String(roundId) })).status).toBe(403);
  });

  it("records the council's decision, the recognition decision, and publishes", async () => {
    const bad = await call(resultsAction, "org", { roundId: String(roundId) }, post({ intent: "verdicts", [`r_${entryIds[2]}`]: "1" }));
    expect(bad.status).toBe(400);
    expect(bad.data.message).toBe("Chỉ công nhận sản phẩm đạt điểm tối thiểu.");
    const early = await confirmed("org", "cong-bo", { intent: "publish" });
    expect(early.status).toBe(409);
    expect(early.data.message).toMatch(/chưa có quyết định của Hội đồng/);
    const v = await call(
      resultsAction,
      "chair",
      { roundId: String(roundId) },
      post({ intent: "verdicts", [`r_${entryIds[0]}`]: "1", [`for_${entryIds[0]}`]: "3", [`r_${entryIds[1]}`]: "1", [`for_${entryIds[1]}`]: "3", [`r_${entryIds[2]}`]: "0", [`note_${entryIds[2]}`]: "Chưa đạt 70 điểm" }),
    );
    expect(v.status).toBe(302);
    const noDecision = await confirmed("org", "cong-bo", { intent: "publish" });
    expect(noDecision.data.message).toMatch(/Chưa ghi quyết định công nhận/);
    const badDecision = await call(resultsAction, "org", { roundId: String(roundId) }, post({ intent: "decision", number: "", signedOn: "x" }));
    expect(badDecision.status).toBe(400);
    expect(badDecision.data.errors.number).toMatch(/số quyết định/);
    const chairDecision = await call(resultsAction, "chair", { roundId: String(roundId) }, post({ intent: "decision", number: "1/QĐ", signedOn: "2026-11-20", signerName: "An", signerTitle: "Chủ tịch", issuer: "UBND" }));
    expect(chairDecision.status).toBe(403);
    const d = await call(resultsAction, "org", { roundId: String(roundId) }, post({ intent: "decision", number: "2150/QĐ-UBND", signedOn: "2026-11-20", signerName: "Nguyễn Văn A", signerTitle: "Phó Chủ tịch UBND tỉnh", issuer: "UBND tỉnh Bắc Ninh" }));
    expect(d.status).toBe(302);
    expect((await call(resultsAction, "org", { roundId: String(roundId) }, post({ intent: "publish" }))).status).toBe(428);
    const pub = await confirmed("org", "cong-bo", { intent: "publish" });
    expect(pub.status).toBe(302);
    expect(db.select().from(rounds).where(eq(rounds.id, roundId)).get()!.status).toBe("published");
    const statuses = entryIds.map((id) => db.select().from(entries).where(eq(entries.id, id)).get()!.status);
    expect(statuses).toEqual(["recognised", "recognised", "not_recognised"]);
    expect(db.select().from(notifications).where(and(eq(notifications.userId, producerUser), eq(notifications.kind, "entry.recognised"))).all()).toHaveLength(2);
    expect((await call(resultsAction, "other", { roundId: String(roundId) }, post({ intent: "publish" }))).status).toBe(404);
  });
});
