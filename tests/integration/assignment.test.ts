/**
 * Who scores what, on a real SQLite database through the real routes: conflicts of interest
 * recorded by the organizer or declared by the judge exclude that judge from that entry, in every
 * assignment mode; under-staffed entries are flagged; the progress board shows sheet states
 * (never points).
 */
import type { ActionFunction, LoaderFunction } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { assignments, auditLog, conflictsOfInterest, councilMembers, councils, entries, establishments, notifications, products, rounds, scoreSheets } from "~db/schema";
import { officialSheetId } from "~db/seed/reference";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { loadPrincipal } from "~/lib/permissions.server";
import { isAssigned, judgeHome, judgesForEntry } from "~/modules/councils/councils.server";
import { action as assignAction, loader as assignLoader } from "~/routes/to-chuc.vong.$roundId_.phan-cong";
import { loader as progressLoader } from "~/routes/to-chuc.vong.$roundId_.tien-do";
import { action as declareAction, loader as declareLoader } from "~/routes/giam-khao.xung-dot";
import { createBody, createOrganizer, createRound, createUser, province, requestWithCookie } from "../helpers/fixtures";

type Who = "bn" | "a" | "b" | "c" | "outsider";
const cookies: Partial<Record<Who, string | null>> = {};
const ids: Record<string, string> = {};
let roundId = 0;
let otherRoundEntry = 0;
const e: number[] = []; // accepted entries: groups 1, 1, 2, 3
let rejected = 0;
const m: Record<"a" | "b" | "c" | "d" | "secretary", number> = { a: 0, b: 0, c: 0, d: 0, secretary: 0 };

beforeAll(async () => {
  const bacNinh = province("24");
  const body = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bacNinh.id);
  roundId = createRound(body.id, "province", bacNinh.id, "Bình chọn tỉnh Bắc Ninh 2026", { status: "scoring" }).id;
  const otherRound = createRound(body.id, "province", bacNinh.id, "Bình chọn tỉnh Bắc Ninh 2027", { status: "scoring", year: 2027 }).id;
  ids.bn = await createOrganizer("bn@example.vn", body.id);
  ids.a = await createUser("a@example.vn", { fullName: "Phạm Văn Khải" });
  ids.b = await createUser("b@example.vn", { fullName: "Đỗ Thị Lan" });
  ids.c = await createUser("c@example.vn", { fullName: "Vũ Đình Nam" });
  ids.outsider = await createUser("o@example.vn", { fullName: "Giám khảo vòng khác" });
  const council = db.insert(councils).values({ roundId, name: "Hội đồng tỉnh Bắc Ninh 2026" }).returning().get();
  const add = (fullName: string, userId: string | null, role: "chair" | "member" | "secretary" = "member", isJudge = true) =>
    db.insert(councilMembers).values({ councilId: council.id, userId, fullName, role, isJudge }).returning().get().id;
  m.a = add("Phạm Văn Khải", ids.a, "chair");
  m.b = add("Đỗ Thị Lan", ids.b);
  m.c = add("Vũ Đình Nam", ids.c);
  m.d = add("Ngô Thị Hằng", null); // invited, no account yet
  m.secretary = add("Lương Thị Thảo", null, "secretary", false);
  const otherCouncil = db.insert(councils).values({ roundId: otherRound, name: "Hội đồng 2027" }).returning().get();
  db.insert(councilMembers).values({ councilId: otherCouncil.id, userId: ids.outsider, fullName: "Giám khảo vòng khác" }).run();

  const est = db.insert(establishments).values({ legalType: "cooperative", name: "HTX Gốm Phù Lãng", provinceId: bacNinh.id }).returning().get();
  const entry = (rid: number, name: string, group: number, status: "accepted" | "rejected" | "submitted", n: number) => {
    const p = db.insert(products).values({ establishmentId: est.id, name, productGroupId: group }).returning().get();
    return db
      .insert(entries)
      .values({ roundId: rid, productId: p.id, establishmentId: est.id, status, dossierNo: `HS-${rid}-${n}`, votingCode: status === "accepted" ? `26-${rid}-${String(n).padStart(3, "0")}` : null, submittedAt: new Date() })
      .returning()
      .get().id;
  };
  e.push(entry(roundId, "Bình gốm men da lươn", 1, "accepted", 1));
  e.push(entry(roundId, "Tranh Đông Hồ", 1, "accepted", 2));
  e.push(entry(roundId, "Bánh phu thê Đình Bảng", 2, "accepted", 3));
  e.push(entry(roundId, "Máy tuốt lúa mini", 3, "accepted", 4));
  rejected = entry(roundId, "Sản phẩm bị loại", 4, "rejected", 5);
  entry(roundId, "Hồ sơ chưa xử lý", 4, "submitted", 6);
  otherRoundEntry = entry(otherRound, "Sản phẩm vòng khác", 1, "accepted", 1);
  for (const who of ["bn", "a", "b", "c", "outsider"] as const) cookies[who] = await startSession(ids[who]!);
});

async function call(fn: LoaderFunction | ActionFunction, who: Who, params: Record<string, string>, init: RequestInit = {}, url = "/x") {
  try {
    const res = (await fn({ request: requestWithCookie(url, cookies[who] ?? null, init), params, context: {} })) as Response;
    const json = res.headers.get("Content-Type")?.includes("json") ? await res.json() : null;
    return { status: res.status, location: res.headers.get("Location"), data: json };
  } catch (thrown) {
    if (thrown instanceof Response) {
      const json = thrown.headers.get("Content-Type")?.includes("json") ? await thrown.json() : null;
      return { status: thrown.status, location: thrown.headers.get("Location"), data: json };
    }
    throw thrown;
  }
}

function post(fields: Record<string, string | string[]>): RequestInit {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" } };
}

const R = () => ({ roundId: String(roundId) });
const page = async () => (await call(assignLoader, "bn", R())).data;
const judgesOf = (data: { entries: { id: number; judges: number[] }[] }, entryId: number) => data.entries.find((x) => x.id === entryId)!.judges;

describe("mode all (default)", () => {
  it("every judging member scores every accepted entry; rejected and unprocessed entries are not scored", async () => {
    const data = await page();
    expect(data.round.assignmentMode).toBe("all");
    expect(data.entries.map((x: { id: number }) => x.id)).toEqual(e);
    expect(data.entries.map((x: { id: number }) => x.id)).not.toContain(rejected);
    expect(data.judges.map((j: { id: number; load: number; hasAccount: boolean }) => [j.id, j.load, j.hasAccount])).toEqual([
      [m.a, 4, true],
      [m.b, 4, true],
      [m.c, 4, true],
      [m.d, 4, false],
    ]);
    expect(data.understaffed).toBe(0);
    expect(judgesForEntry(e[0]!)).toEqual([m.a, m.b, m.c, m.d]);
  });
});

describe("conflicts of interest", () => {
  it("the organizer records one: that judge no longer scores that entry, is told, and it is audited", async () => {
    const bad = await call(assignAction, "bn", R(), post({ intent: "conflict", memberId: String(m.a), entryId: String(e[0]), reason: " " }));
    expect(bad.status).toBe(400);
    expect(bad.data.errors.reason).toBe("Vui lòng nhập lý do.");
    expect(bad.data.values.memberId).toBe(String(m.a));
    const notJudge = await call(assignAction, "bn", R(), post({ intent: "conflict", memberId: String(m.secretary), entryId: String(e[0]), reason: "Người thân" }));
    expect(notJudge.status).toBe(400);
    expect(notJudge.data.errors.memberId).toMatch(/giám khảo/);
    const foreign = await call(assignAction, "bn", R(), post({ intent: "conflict", memberId: String(m.a), entryId: String(otherRoundEntry), reason: "Người thân" }));
    expect(foreign.status).toBe(400);
    expect(foreign.data.errors.entryId).toMatch(/không thuộc kỳ bình chọn/);

    const r = await call(assignAction, "bn", R(), post({ intent: "conflict", memberId: String(m.a), entryId: String(e[0]), reason: "Là người thân của chủ cơ sở" }));
    expect(r.status).toBe(302);
    expect(isAssigned(m.a, e[0]!)).toBe(false);
    expect(isAssigned(m.a, e[1]!)).toBe(true);
    const data = await page();
    expect(judgesOf(data, e[0]!)).toEqual([m.b, m.c, m.d]);
    expect(data.judges[0].load).toBe(3);
    expect(data.judges[0].conflicts).toBe(1);
    expect(data.conflicts[0]).toMatchObject({ memberName: "Phạm Văn Khải", reason: "Là người thân của chủ cơ sở", byJudge: false });
    expect(db.select().from(auditLog).where(eq(auditLog.action, "conflict.record")).all()).toHaveLength(1);
    expect(db.select().from(notifications).where(and(eq(notifications.userId, ids.a!), eq(notifications.kind, "council.conflict"))).all()).toHaveLength(1);
    const dup = await call(assignAction, "bn", R(), post({ intent: "conflict", memberId: String(m.a), entryId: String(e[0]), reason: "Lần nữa" }));
    expect(dup.status).toBe(409);
  });

  it("a judge declares one on its own page; organizers are told; it shows as declared by the judge", async () => {
    const mine = await call(declareLoader, "b", {});
    expect(mine.data.councils).toHaveLength(1);
    expect(mine.data.councils[0].entries.map((x: { id: number }) => x.id)).toEqual(e);
    const empty = await call(declareAction, "b", {}, post({ roundId: String(roundId), entryId: String(e[2]), reason: "" }));
    expect(empty.status).toBe(400);
    expect(empty.data.errors.reason).toBe("Vui lòng nhập lý do.");
    const r = await call(declareAction, "b", {}, post({ roundId: String(roundId), entryId: String(e[2]), reason: "Từng tư vấn kỹ thuật cho cơ sở" }));
    expect(r.status).toBe(302);
    expect(isAssigned(m.b, e[2]!)).toBe(false);
    const data = await page();
    expect(data.conflicts.find((c: { memberId: number }) => c.memberId === m.b)).toMatchObject({ byJudge: true, declaredBy: "Đỗ Thị Lan" });
    expect(db.select().from(notifications).where(and(eq(notifications.userId, ids.bn!), eq(notifications.kind, "council.conflict.declared"))).all()).toHaveLength(1);
    expect(db.select().from(auditLog).where(and(eq(auditLog.action, "conflict.declare"), eq(auditLog.actorUserId, ids.b!))).all()).toHaveLength(1);
    const home = judgeHome(loadPrincipal(ids.b!, false));
    expect(home[0]).toMatchObject({ toScore: 3, conflicts: 1 });
  });

  it("a judge cannot declare on an entry of a round it does not judge (404, nothing written)", async () => {
    const before = db.select().from(conflictsOfInterest).all().length;
    const r = await call(declareAction, "outsider", {}, post({ entryId: String(e[0]), reason: "Thử" }));
    expect(r.status).toBe(404);
    const unknown = await call(declareAction, "b", {}, post({ entryId: "999999", reason: "Thử" }));
    expect(unknown.status).toBe(404);
    expect(db.select().from(conflictsOfInterest).all().length).toBe(before);
  });

  it("an entry short of the minimum number of judges is flagged", async () => {
    await call(assignAction, "bn", R(), post({ intent: "conflict", memberId: String(m.c), entryId: String(e[0]), reason: "Đồng sở hữu cơ sở" }));
    const data = await page();
    expect(judgesOf(data, e[0]!)).toEqual([m.b, m.d]);
    expect(data.entries[0].missing).toBe(1);
    expect(data.understaffed).toBe(1);
  });

  it("removing a conflict gives the entry back to the judge", async () => {
    const data = await page();
    const c = data.conflicts.find((x: { memberId: number }) => x.memberId === m.c);
    const r = await call(assignAction, "bn", R(), post({ intent: "unconflict", conflictId: String(c.id) }));
    expect(r.status).toBe(302);
    expect(isAssigned(m.c, e[0]!)).toBe(true);
    expect((await page()).understaffed).toBe(0);
  });
});

describe("mode by_group", () => {
  it("judges score the groups given to them; conflicts still apply; judges without groups are flagged", async () => {
    const bad = await call(assignAction, "bn", R(), post({ intent: "mode", mode: "lung-tung" }));
    expect(bad.status).toBe(400);
    expect(bad.data.errors.mode).toBe("Vui lòng chọn cách phân công.");
    expect((await call(assignAction, "bn", R(), post({ intent: "mode", mode: "by_group" }))).status).toBe(302);
    expect(db.select().from(rounds).where(eq(rounds.id, roundId)).get()!.assignmentMode).toBe("by_group");
    await call(assignAction, "bn", R(), post({ intent: "groups", memberId: String(m.a), groupIds: ["1", "2"] }));
    await call(assignAction, "bn", R(), post({ intent: "groups", memberId: String(m.b), groupIds: ["1", "2", "3"] }));
    await call(assignAction, "bn", R(), post({ intent: "groups", memberId: String(m.c), groupIds: ["1", "3", "77"] }));
    expect(db.select().from(councilMembers).where(eq(councilMembers.id, m.c)).get()!.productGroupIds).toEqual([1, 3]);
    const data = await page();
    expect(data.entries.map((x: { judges: number[] }) => x.judges)).toEqual([
      [m.b, m.c], // group 1; A in conflict
      [m.a, m.b, m.c],
      [m.a], // group 2; B in conflict
      [m.b, m.c],
    ]);
    expect(data.judges.find((j: { id: number }) => j.id === m.d)).toMatchObject({ load: 0, noGroups: true });
    expect(data.understaffed).toBe(3);
    const secretary = await call(assignAction, "bn", R(), post({ intent: "groups", memberId: String(m.secretary), groupIds: ["1"] }));
    expect(secretary.status).toBe(409);
  });
});

describe("mode manual", () => {
  it("exactly the ticked cells; a conflicting or foreign cell is not recorded", async () => {
    await call(assignAction, "bn", R(), post({ intent: "mode", mode: "manual" }));
    const pairs = [
      `${e[0]}:${m.b}`,
      `${e[0]}:${m.c}`,
      `${e[0]}:${m.d}`,
      `${e[0]}:${m.a}`, // conflict
      `${e[1]}:${m.a}`,
      `${otherRoundEntry}:${m.a}`, // another round's entry
      `${e[1]}:${m.secretary}`, // does not score
      "rác",
    ];
    const r = await call(assignAction, "bn", R(), post({ intent: "manual", pair: pairs }));
    expect(r.status).toBe(302);
    expect(r.location).toContain("da-luu=bang-3");
    expect(db.select().from(assignments).all().map((x) => `${x.entryId}:${x.councilMemberId}`).sort()).toEqual([`${e[0]}:${m.b}`, `${e[0]}:${m.c}`, `${e[0]}:${m.d}`, `${e[1]}:${m.a}`].sort());
    const data = await page();
    expect(data.entries.map((x: { judges: number[] }) => x.judges.length)).toEqual([3, 1, 0, 0]);
    expect(data.understaffed).toBe(3);
    expect(data.manual).toHaveLength(4);
    // Saving again replaces the table.
    await call(assignAction, "bn", R(), post({ intent: "manual", pair: [`${e[3]}:${m.a}`] }));
    expect(db.select().from(assignments).all()).toHaveLength(1);
  });
});

describe("the progress board", () => {
  it("shows not assigned / conflict / not started / draft / submitted, with counts, and never points", async () => {
    await call(assignAction, "bn", R(), post({ intent: "mode", mode: "all" }));
    const sheetId = officialSheetId(db);
    const sheet = (entryId: number, memberId: number, status: "draft" | "submitted", total: number) =>
      db.insert(scoreSheets).values({ entryId, councilMemberId: memberId, stage: 1, sheetId, status, totalTenths: total, submittedAt: status === "submitted" ? new Date() : null }).run();
    sheet(e[0]!, m.b, "submitted", 845);
    sheet(e[0]!, m.c, "draft", 612);
    sheet(e[1]!, m.a, "submitted", 777);
    sheet(e[0]!, m.a, "submitted", 999); // in conflict: does not count
    const r = await call(progressLoader, "bn", R());
    expect(r.status).toBe(200);
    const { judges, entries: rows, total } = r.data;
    expect(judges.map((j: { fullName: string }) => j.fullName)).toEqual(["Phạm Văn Khải", "Đỗ Thị Lan", "Vũ Đình Nam", "Ngô Thị Hằng"]);
    expect(rows[0].cells).toEqual(["conflict", "submitted", "draft", "not_started"]);
    expect(rows[1].cells).toEqual(["submitted", "not_started", "not_started", "not_started"]);
    expect(rows[2].cells).toEqual(["not_started", "conflict", "not_started", "not_started"]);
    expect(rows[0].counts).toEqual({ assigned: 3, submitted: 1, draft: 1, notStarted: 1, conflicts: 1 });
    expect(judges[0].counts).toEqual({ assigned: 3, submitted: 1, draft: 0, notStarted: 2, conflicts: 1 });
    expect(total).toEqual({ assigned: 14, submitted: 2, draft: 1, notStarted: 11, conflicts: 2 });
    const text = JSON.stringify(r.data);
    for (const points of ["845", "612", "777", "999", "totalTenths", "points"]) expect(text).not.toContain(points);

    await call(assignAction, "bn", R(), post({ intent: "mode", mode: "manual" }));
    const manual = await call(progressLoader, "bn", R());
    expect(manual.data.entries[3].cells).toEqual(["not_started", "not_assigned", "not_assigned", "not_assigned"]);
    expect(manual.data.entries[0].cells).toEqual(["conflict", "not_assigned", "not_assigned", "not_assigned"]);
  });

  it("a member with a score sheet cannot be removed, nor stop being a judge", async () => {
    const { removeMember } = await import("~/modules/councils/councils.server");
    expect(() => removeMember(loadPrincipal(ids.bn!, false), roundId, m.b)).toThrow(/đã có 1 phiếu chấm/);
  });

  it("once results are published nothing changes (409)", async () => {
    db.update(rounds).set({ status: "published" }).where(eq(rounds.id, roundId)).run();
    const r = await call(assignAction, "bn", R(), post({ intent: "mode", mode: "all" }));
    expect(r.status).toBe(409);
    expect(r.data.errors._form).toMatch(/đã công bố kết quả/);
    const d = await call(declareAction, "b", {}, post({ entryId: String(e[3]), reason: "Muộn" }));
    expect(d.status).toBe(409);
    db.update(rounds).set({ status: "scoring" }).where(eq(rounds.id, roundId)).run();
  });
});
