/**
 * The organizer's work per request does not grow with the number of entries (issue 10, item 4):
 * the same real loaders and actions, called with a real organizer session on two otherwise equal
 * rounds of 10 and 40 entries, run the same number of SQL statements (counted, not timed).
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  conflictsOfInterest,
  councilMembers,
  councils,
  criteria,
  criteriaSheets,
  entries,
  establishmentMembers,
  establishments,
  notifications,
  products,
  rounds,
  scoreLines,
  scoreSheets,
} from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { loader as confirmLoader } from "~/routes/to-chuc.vong.$roundId_.xac-nhan";
import { loader as intakeLoader } from "~/routes/to-chuc.vong.$roundId_.ho-so._index";
import { action as resultsAction, loader as resultsLoader } from "~/routes/to-chuc.vong.$roundId_.ket-qua";
import { loader as progressLoader } from "~/routes/to-chuc.vong.$roundId_.tien-do";
import { createBody, createCommune, createOrganizer, createRound, createUser, province, requestWithCookie } from "../helpers/fixtures";
import { countStatementsAsync } from "../helpers/sql-count";

const SMALL = 10;
const LARGE = 40;
let orgCookie = "";
let outsiderCookie = "";
const roundOf: Record<number, number> = {};
/** Statements reading score lines (the expensive part of the results), per step and size. */
const linesRead: Record<string, number> = {};

type Handler = (a: any) => any;
async function call(fn: Handler, roundId: number, form?: Record<string, string>, cookie = orgCookie) {
  const init: RequestInit = form ? { method: "POST", body: new URLSearchParams(form) } : {};
  const { result, count, sql } = await countStatementsAsync(async () => {
    try {
      return (await fn({ request: requestWithCookie(`/to-chuc/vong/${roundId}`, cookie, init), params: { roundId: String(roundId) }, context: {} })) as Response;
    } catch (e) {
      if (e instanceof Response) return e;
      throw e;
    }
  });
  return { status: result.status, count, sql, json: result.headers.get("Content-Type")?.includes("json") ? await result.json() : null };
}

/** The token of a one-way action from the confirm page (docs/decisions/0022), read outside the counted request. */
async function confirmation(roundId: number, action: string): Promise<string> {
  const res = (await confirmLoader({ request: requestWithCookie(`/to-chuc/vong/${roundId}/xac-nhan?hanh-dong=${action}`, orgCookie), params: { roundId: String(roundId) }, context: {} })) as Response;
  const data = await res.json();
  expect(data.token, JSON.stringify(data.consequence?.blocked)).toBeTruthy();
  return data.token as string;
}

/** A round of `size` accepted entries from producers of several communes, 3 judges, every sheet submitted but one. */
async function buildRound(bodyId: number, size: number, communes: number[], groupIds: number[], sheetId: number) {
  const r = createRound(bodyId, "province", province("24").id, `Vòng ${size} sản phẩm`, { status: "scoring", minJudgesPerEntry: 3, recognitionCap: Math.floor(size / 2), criteriaSheetId: sheetId });
  const council = db.insert(councils).values({ roundId: r.id, name: `Hội đồng ${size}` }).returning().get();
  const judges: number[] = [];
  for (const [i, role] of (["chair", "secretary", "member"] as const).entries()) {
    const uid = await createUser(`gk${i}-${size}@example.vn`);
    judges.push(db.insert(councilMembers).values({ councilId: council.id, userId: uid, fullName: `Giám khảo ${i + 1}`, role }).returning().get().id);
  }
  const ids: number[] = [];
  for (let n = 0; n < size; n++) {
    const est = db
      .insert(establishments)
      .values({ legalType: "household", name: `Cơ sở ${size}-${n}`, unitId: communes[n % communes.length]!, provinceId: province("24").id })
      .returning()
      .get();
    db.insert(establishmentMembers).values({ establishmentId: est.id, userId: await createUser(`cs${size}-${n}@example.vn`), role: "owner" }).run();
    const prod = db.insert(products).values({ establishmentId: est.id, name: `Sản phẩm ${size}-${n}`, productGroupId: 1 + (n % 4) }).returning().get();
    const e = db
      .insert(entries)
      .values({ roundId: r.id, productId: prod.id, establishmentId: est.id, status: "accepted", votingCode: `26-${size}-${String(n + 1).padStart(3, "0")}`, dossierNo: `HS-${size}-${n}`, submittedAt: new Date(), answerBy: "2026-03-01" })
      .returning()
      .get();
    ids.push(e.id);
  }
  // One declared conflict; the last judge has not submitted the last entry yet.
  db.insert(conflictsOfInterest).values({ entryId: ids[1]!, councilMemberId: judges[2]!, reason: "Người thân" }).run();
  ids.forEach((entryId, n) => {
    judges.forEach((memberId, j) => {
      if (entryId === ids[1] && j === 2) return;
      const last = n === ids.length - 1 && j === 2;
      const points = [300 + ((n * 7 + j * 13) % 100), 280 + ((n * 11 + j * 5) % 110), 70 + ((n + j) % 30), 60 + ((n * 3 + j) % 40)];
      const sheet = db
        .insert(scoreSheets)
        .values({ entryId, councilMemberId: memberId, sheetId, status: last ? "draft" : "submitted", totalTenths: points.reduce((a, b) => a + b, 0), submittedAt: last ? null : new Date() })
        .returning()
        .get();
      groupIds.forEach((criterionId, g) => db.insert(scoreLines).values({ scoreSheetId: sheet.id, criterionId, pointsTenths: points[g]! }).run());
    });
  });
  return r.id;
}

beforeAll(async () => {
  const bacNinh = province("24");
  const body = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bacNinh.id);
  const orgId = await createOrganizer("org@example.vn", body.id);
  orgCookie = await startSession(orgId);
  const otherBody = createBody("Sở Công Thương tỉnh Thái Nguyên", "province", province("19").id);
  outsiderCookie = await startSession(await createOrganizer("other@example.vn", otherBody.id));
  const communes = ["Phù Lãng", "Đông Hồ", "Đình Bảng", "Tam Sơn"].map((name) => createCommune(bacNinh.id, name).id);
  const official = db.select().from(criteriaSheets).where(eq(criteriaSheets.isOfficial, true)).get()!;
  const groupIds = db
    .select()
    .from(criteria)
    .where(eq(criteria.sheetId, official.id))
    .all()
    .filter((c) => c.parentId == null)
    .sort((a, b) => a.position - b.position)
    .map((c) => c.id);
  for (const size of [SMALL, LARGE]) roundOf[size] = await buildRound(body.id, size, communes, groupIds, official.id);
});

/** Runs the organizer's whole sequence on a round; returns each request's statement count. */
async function organizerDay(size: number) {
  const roundId = roundOf[size]!;
  const counts: Record<string, number> = {};
  const step = async (name: string, fn: Handler, ok: number, form?: Record<string, string>) => {
    const r = await call(fn, roundId, form);
    expect(r.status, `${name} (${size} hồ sơ): ${JSON.stringify(r.json)}`).toBe(ok);
    counts[name] = r.count;
    linesRead[`${name}:${size}`] = r.sql.filter((q) => /score_lines/.test(q)).length;
    return r;
  };
  const intake = await step("intake queue", intakeLoader, 200);
  expect(intake.json.rows).toHaveLength(size);
  expect(intake.json.rows[0].place).toMatch(/^Xã .+, Tỉnh Bắc Ninh$/);
  const progress = await step("progress board", progressLoader, 200);
  expect(progress.json.entries).toHaveLength(size);
  const open = await step("results page before closing", resultsLoader, 200);
  expect(open.json.missing).toBe(1);
  await step("close the stage", resultsAction, 302, { intent: "close", reason: "Một phiếu chưa nộp, Hội đồng thống nhất khóa.", "xac-nhan": await confirmation(roundId, "khoa-vong-cham") });
  const closed = await step("results page after closing", resultsLoader, 200);
  expect(closed.json.results).toHaveLength(size);
  const form: Record<string, string> = { intent: "verdicts" };
  for (const r of closed.json.results) {
    form[`r_${r.entryId}`] = r.recommended ? "1" : "0";
    form[`for_${r.entryId}`] = r.recommended ? "3" : "0";
  }
  await step("council verdicts", resultsAction, 302, form);
  await step("recognition decision", resultsAction, 302, { intent: "decision", number: "123/QĐ-UBND", signedOn: "2026-11-20", signerName: "Nguyễn Văn An", signerTitle: "Phó Chủ tịch UBND tỉnh", issuer: "UBND tỉnh Bắc Ninh" });
  await step("publish", resultsAction, 302, { intent: "publish", "xac-nhan": await confirmation(roundId, "cong-bo") });
  return counts;
}

describe("statements per organizer request do not grow with the number of entries", () => {
  let small: Record<string, number> = {};
  let large: Record<string, number> = {};

  it(`runs the organizer's day on rounds of ${SMALL} and ${LARGE} entries`, async () => {
    small = await organizerDay(SMALL);
    large = await organizerDay(LARGE);
    // Published, with every producer told.
    for (const size of [SMALL, LARGE]) {
      expect(db.select().from(rounds).where(eq(rounds.id, roundOf[size]!)).get()!.status).toBe("published");
      const statuses = db.select({ status: entries.status }).from(entries).where(eq(entries.roundId, roundOf[size]!)).all();
      expect(statuses.every((s) => s.status === "recognised" || s.status === "not_recognised")).toBe(true);
    }
    expect(db.select().from(notifications).all().filter((n) => n.kind.startsWith("entry.")).length).toBe(SMALL + LARGE);
  });

  it("actions check permission before any results are computed: the score lines are read once, or not at all", () => {
    for (const size of [SMALL, LARGE]) {
      // Before closing the page shows who has not submitted: no points, no score line read.
      expect(linesRead[`results page before closing:${size}`]).toBe(0);
      expect(linesRead[`close the stage:${size}`]).toBe(1);
      expect(linesRead[`results page after closing:${size}`]).toBe(1);
      // The verdicts check the results stored when the stage closed (docs/decisions/0043).
      expect(linesRead[`council verdicts:${size}`]).toBe(0);
      expect(linesRead[`recognition decision:${size}`]).toBe(0);
      expect(linesRead[`publish:${size}`]).toBe(0);
    }
  });

  it("another province's organizer is refused with a few statements and no score read", async () => {
    for (const size of [SMALL, LARGE]) {
      const r = await call(resultsAction, roundOf[size]!, { intent: "close", reason: "x" }, outsiderCookie);
      expect(r.status).toBe(404);
      expect(r.json.message).toMatch(/Không tìm thấy/);
      expect(r.sql.some((q) => /score_lines|score_sheets/.test(q))).toBe(false);
      expect(r.count).toBeLessThan(15);
    }
  });

  for (const name of ["intake queue", "progress board", "results page before closing", "close the stage", "results page after closing", "council verdicts", "recognition decision", "publish"]) {
    it(`${name}: the same number of statements for ${LARGE} entries as for ${SMALL}`, () => {
      expect(small[name], "measured").toBeGreaterThan(0);
      expect(large[name]).toBe(small[name]);
    });
  }
});
