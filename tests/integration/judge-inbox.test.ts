/**
 * Judges have an inbox too (issue 13, item 5): when scoring starts every judge with an account is
 * told (with the way to the sheets), and a judge whose submitted sheet is reopened is told why; the
 * inbox (the notifications page every role has) shows them and the header's count follows.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { councilMembers, councils, criteriaSheets, entries, establishments, mailOutbox, notifications, products, scoreSheets } from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { loadPrincipal } from "~/lib/permissions.server";
import { unreadCount } from "~/modules/notify/notify.server";
import { moveRound } from "~/modules/rounds/rounds.server";
import { reopenSheet } from "~/modules/scoring/scoring.server";
import { loader as inbox } from "~/routes/co-so.thong-bao";
import { createBody, createOrganizer, createRound, createUser, province, requestWithCookie } from "../helpers/fixtures";

let org = "";
let judgeUser = "";
let judgeCookie = "";
let roundId = 0;
let entryId = 0;
const member: number[] = [];

beforeAll(async () => {
  const bn = province("24");
  const body = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bn.id);
  org = await createOrganizer("org-inbox@example.vn", body.id);
  const official = db.select().from(criteriaSheets).where(eq(criteriaSheets.isOfficial, true)).get()!;
  roundId = createRound(body.id, "province", bn.id, "Bình chọn tỉnh Bắc Ninh 2026", {
    status: "intake_closed",
    minJudgesPerEntry: 3,
    criteriaSheetId: official.id,
    registrationOpensOn: "2026-09-01",
    registrationClosesOn: "2026-10-31",
    councilMeetingOn: "2026-12-15",
  }).id;
  const council = db.insert(councils).values({ roundId, name: "Hội đồng bình chọn tỉnh Bắc Ninh" }).returning().get();
  judgeUser = await createUser("giamkhao-inbox@example.vn");
  judgeCookie = await startSession(judgeUser);
  // Three judges: one with an account, one without (invited later), the chair with an account.
  const chairUser = await createUser("chutich-inbox@example.vn");
  for (const [i, userId] of [judgeUser, null, chairUser].entries()) {
    member.push(db.insert(councilMembers).values({ councilId: council.id, userId, fullName: `Giám khảo ${i + 1}`, role: i === 2 ? "chair" : "member" }).returning().get().id);
  }
  const est = db.insert(establishments).values({ legalType: "sme", name: "Hợp tác xã Gốm Phù Lãng", provinceId: bn.id }).returning().get();
  const prod = db.insert(products).values({ establishmentId: est.id, name: "Bình gốm men da lươn", productGroupId: 1 }).returning().get();
  entryId = db.insert(entries).values({ roundId, productId: prod.id, establishmentId: est.id, status: "accepted", votingCode: "BN26-001" }).returning().get().id;
});

describe("a judge's inbox", () => {
  it("scoring starts: each judge with an account is told once, in the inbox and by email", async () => {
    await moveRound(loadPrincipal(org, false), roundId, "scoring");
    const told = db.select().from(notifications).where(eq(notifications.kind, "judge.scoring_started")).all();
    expect(told.map((n) => n.userId).sort()).toHaveLength(2);
    expect(told.map((n) => n.userId)).toContain(judgeUser);
    const mine = told.find((n) => n.userId === judgeUser)!;
    expect(mine).toMatchObject({ title: "Bắt đầu chấm điểm: Bình chọn tỉnh Bắc Ninh 2026", link: `/giam-khao/vong/${roundId}` });
    expect(mine.body).toContain("phiên họp Hội đồng ngày 15/12/2026");
    expect(db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, "giamkhao-inbox@example.vn")).all()).toHaveLength(1);
    expect(unreadCount(judgeUser)).toBe(1);
  });

  it("a reopened sheet: the judge is told why, with the link to the sheet; the inbox shows it and marks it read", async () => {
    const sheetId = db
      .insert(scoreSheets)
      .values({ entryId, councilMemberId: member[0]!, stage: 1, sheetId: db.select().from(criteriaSheets).where(eq(criteriaSheets.isOfficial, true)).get()!.id, status: "submitted", totalTenths: 800, submittedAt: new Date() })
      .returning()
      .get().id;
    reopenSheet(loadPrincipal(org, false), roundId, sheetId, "Điểm nhóm II lệch nhiều so với các giám khảo khác");
    const n = db.select().from(notifications).where(eq(notifications.kind, "judge.sheet_reopened")).get()!;
    expect(n).toMatchObject({ userId: judgeUser, title: "Phiếu chấm BN26-001 được mở lại", link: `/giam-khao/vong/${roundId}/cham/${entryId}` });
    expect(n.body).toContain("Lý do: Điểm nhóm II lệch nhiều so với các giám khảo khác");
    expect(unreadCount(judgeUser)).toBe(2);
    const res = (await inbox({ request: requestWithCookie("/co-so/thong-bao", judgeCookie), params: {}, context: {} })) as Response;
    const items = ((await res.json()) as { items: { title: string }[] }).items.map((i) => i.title);
    expect(items).toEqual(["Phiếu chấm BN26-001 được mở lại", "Bắt đầu chấm điểm: Bình chọn tỉnh Bắc Ninh 2026"]);
    expect(unreadCount(judgeUser)).toBe(0);
  });
});
