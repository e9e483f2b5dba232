/**
 * The council's tie-break vote as its own act (issue 11): recorded with its entries, votes, date
 * and recorder; a partial vote, entries not tied, bad counts, equal counts, a future date and a vote
 * after publication refused with nothing written; a full vote re-ranks, rewrites the stored
 * snapshot, and the certificate numbers follow the new ranks; recognitions that depart from the
 * ranks need a written reason. Real SQLite, real migrations, the real route's action and loader.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  certificates,
  conflictsOfInterest,
  councilMembers,
  councils,
  criteria,
  criteriaSheets,
  entries,
  establishments,
  products,
  results,
  scoreLines,
  scoreSheets,
  tieBreakVoteLines,
  tieBreakVotes,
} from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { todayInVietnam } from "~/lib/dates";
import { db } from "~/lib/db.server";
import { loadPrincipal } from "~/lib/permissions.server";
import { createMissingCertificates } from "~/modules/certificates/certificates.server";
import { closeStage, publishRound, recordDecision, recordVerdicts } from "~/modules/scoring/scoring.server";
import { recordTieBreakVote } from "~/modules/scoring/tiebreak.server";
import { action as resultsAction, loader as resultsLoader } from "~/routes/to-chuc.vong.$roundId_.ket-qua";
import { loader as minutesPdf } from "~/routes/to-chuc.vong.$roundId_.bao-cao.bien-ban[.]pdf";
import { TMP_ROOT } from "../helpers/tmp";
import { createBody, createOrganizer, createRound, createUser, province, requestWithCookie } from "../helpers/fixtures";

let orgCookie: string | null = null;
let judgeCookie: string | null = null;
let orgUser = "";
let roundId = 0;
let official = 0;
const groupId = new Map<string, number>();
const member: number[] = [];
const e: Record<string, number> = {};

type Pts = [number, number, number, number];
const split = (total: number): Pts => [total * 4, total * 4, total, total];

function sheet(entryId: number, memberId: number, pts: Pts) {
  const s = db
    .insert(scoreSheets)
    .values({ entryId, councilMemberId: memberId, stage: 1, sheetId: official, status: "submitted", totalTenths: pts.reduce((a, b) => a + b, 0), comment: "", submittedAt: new Date("2026-11-20T03:00:00Z") })
    .returning()
    .get();
  ["I", "II", "III", "IV"].forEach((code, i) => db.insert(scoreLines).values({ scoreSheetId: s.id, criterionId: groupId.get(code)!, pointsTenths: pts[i]! }).run());
}

const organizer = () => loadPrincipal(orgUser, false);
const voteCount = () => db.select().from(tieBreakVotes).all().length + db.select().from(tieBreakVoteLines).all().length;
const snapshot = () => new Map(db.select().from(results).all().map((r) => [r.entryId, r]));

async function post(cookie: string | null, fields: [string, string][]) {
  const body = new URLSearchParams(fields);
  const request = requestWithCookie(`/to-chuc/vong/${roundId}/ket-qua`, cookie, { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
  try {
    return (await resultsAction({ request, params: { roundId: String(roundId) }, context: {} })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
const votePost = (votes: Record<string, string>, extra: Record<string, string> = {}): [string, string][] => [
  ["intent", "tiebreak"],
  ...Object.keys(votes).map((k) => ["tb_entry", String(e[k])] as [string, string]),
  ...Object.entries(votes).map(([k, v]) => [`tb_votes_${e[k]}`, v] as [string, string]),
  ["tb_members", extra.members ?? "3"],
  ["tb_votedOn", extra.votedOn ?? todayInVietnam()],
  ["tb_note", extra.note ?? ""],
];
const page = async () => (await (await resultsLoader({ request: requestWithCookie(`/to-chuc/vong/${roundId}/ket-qua`, orgCookie), params: { roundId: String(roundId) }, context: {} })).json()) as any;

beforeAll(async () => {
  const bn = province("24");
  const body = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bn.id);
  orgUser = await createOrganizer("org-tiebreak@example.vn", body.id);
  orgCookie = await startSession(orgUser);
  official = db.select().from(criteriaSheets).where(eq(criteriaSheets.isOfficial, true)).get()!.id;
  for (const c of db.select().from(criteria).where(eq(criteria.sheetId, official)).all()) if (c.parentId == null) groupId.set(c.code, c.id);
  const est = db.insert(establishments).values({ legalType: "sme", name: "Hợp tác xã Mây tre đan Xuân Lai", provinceId: bn.id }).returning().get();
  // Cap 2, pass mark 70, ties broken by group I, group II, then the council's vote.
  roundId = createRound(body.id, "province", bn.id, "Bình chọn tỉnh Bắc Ninh 2026 (biểu quyết)", {
    status: "scoring",
    passMarkTenths: 700,
    recognitionCap: 2,
    tieBreak: ["I", "II", "vote"],
    minJudgesPerEntry: 2,
    criteriaSheetId: official,
  }).id;
  const council = db.insert(councils).values({ roundId, name: "Hội đồng bình chọn tỉnh Bắc Ninh" }).returning().get();
  const judgeUser = await createUser("judge-tiebreak@example.vn");
  judgeCookie = await startSession(judgeUser);
  for (let i = 1; i <= 3; i++) {
    member.push(
      db
        .insert(councilMembers)
        .values({ councilId: council.id, userId: i === 2 ? judgeUser : null, fullName: `Giám khảo ${i}`, role: i === 1 ? "chair" : "member" })
        .returning()
        .get().id,
    );
  }
  for (const code of ["A", "B", "C", "D", "E"]) {
    const prod = db.insert(products).values({ establishmentId: est.id, name: `Sản phẩm ${code}`, productGroupId: 1 }).returning().get();
    e[code] = db.insert(entries).values({ roundId, productId: prod.id, establishmentId: est.id, status: "accepted", votingCode: `BN-${code}` }).returning().get().id;
  }
  // A 85; B and C 78 each with the same groups (a tie across the cap only a vote breaks); D 75.
  for (const m of member) {
    sheet(e.A!, m, split(85));
    sheet(e.B!, m, split(78));
    sheet(e.C!, m, split(78));
  }
  // D: judge 3 never submitted (closed with a reason); E: judge 3 declared a conflict.
  sheet(e.D!, member[0]!, split(75));
  sheet(e.D!, member[1]!, split(75));
  db.insert(conflictsOfInterest).values({ entryId: e.E!, councilMemberId: member[2]!, reason: "Con gái làm kế toán tại cơ sở" }).run();
  sheet(e.E!, member[0]!, split(72));
  sheet(e.E!, member[1]!, split(72));
  closeStage(organizer(), roundId, "Giám khảo 3 nằm viện, Hội đồng thống nhất khóa vòng chấm");
});

describe("before the vote", () => {
  it("B and C share rank 2 across the cap; the page shows one tie waiting for the vote", async () => {
    const snap = snapshot();
    expect(snap.get(e.B!)!.rank).toBe(2);
    expect(snap.get(e.C!)!.rank).toBe(2);
    const d = await page();
    expect(d.tieBreak.canRecord).toBe(true);
    expect(d.tieBreak.groups).toHaveLength(1);
    expect(d.tieBreak.groups[0].entries.map((x: any) => x.votingCode)).toEqual(["BN-B", "BN-C"]);
    expect(d.tieBreak.groups[0].decided).toBeNull();
    expect(d.tieBreak.tieBreakText).toBe("điểm nhóm I, điểm nhóm II");
  });

  it("the page states the stage's record as the minutes do: rules, members, the conflict, the missing sheet and its reason", async () => {
    const d = await page();
    expect(d.record).toMatchObject({
      tieBreakText: "Bằng điểm trung bình: xét lần lượt điểm nhóm I, điểm nhóm II, số phiếu biểu quyết của Hội đồng",
      toleranceDisplay: "15",
      minJudges: 2,
      conflicts: [{ judge: "Giám khảo 3", votingCode: "BN-E", productName: "Sản phẩm E", reason: "Con gái làm kế toán tại cơ sở" }],
      missing: [{ judge: "Giám khảo 3", votingCode: "BN-D", productName: "Sản phẩm D" }],
      missingReason: "Giám khảo 3 nằm viện, Hội đồng thống nhất khóa vòng chấm",
    });
    expect(d.record.members.map((m: any) => [m.name, m.role])).toEqual([
      ["Giám khảo 1", "chair"],
      ["Giám khảo 2", "member"],
      ["Giám khảo 3", "member"],
    ]);
  });
});

describe("refused votes write nothing", () => {
  it("a partial vote (one entry of the tie): 400 naming the missing entry", async () => {
    const res = await post(orgCookie, votePost({ B: "2" }));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.message).toBe("Biểu quyết phải gồm đủ 2 sản phẩm đồng điểm 78,00: còn thiếu BN-C.");
    expect(voteCount()).toBe(0);
  });

  it("entries that are not tied: 400", async () => {
    const res = await post(orgCookie, votePost({ A: "2", D: "1" }));
    expect(res.status).toBe(400);
    expect((await res.json()).message).toBe("BN-A, BN-D không thuộc nhóm sản phẩm đồng điểm nào cần Hội đồng biểu quyết.");
    expect(voteCount()).toBe(0);
  });

  it.each([
    ["negative", "-1"],
    ["not a whole number", "1,5"],
    ["words", "hai"],
    ["more than the members voting", "4"],
  ])("a count that is %s: 400 with the field's message", async (_what, value) => {
    const res = await post(orgCookie, votePost({ B: value, C: "1" }));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.errors[`tb_votes_${e.B}`]).toBe("Số phiếu cho BN-B phải là số nguyên từ 0 đến 3.");
    expect(voteCount()).toBe(0);
  });

  it("equal counts leave the tie: 400, vote again", async () => {
    const res = await post(orgCookie, votePost({ B: "1", C: "1" }));
    expect(res.status).toBe(400);
    expect((await res.json()).message).toBe("BN-B, BN-C có số phiếu bằng nhau: biểu quyết chưa phân định được, Hội đồng cần biểu quyết lại.");
    expect(voteCount()).toBe(0);
  });

  it("more votes than members voting, members out of range, a future or impossible date: 400", async () => {
    expect((await post(orgCookie, votePost({ B: "2", C: "2" }))).status).toBe(400);
    const members = await post(orgCookie, votePost({ B: "2", C: "1" }, { members: "9" }));
    expect(members.status).toBe(400);
    expect((await members.json()).errors.tb_members).toBe("Nhập số thành viên Hội đồng tham gia biểu quyết: số nguyên từ 1 đến 3.");
    const future = await post(orgCookie, votePost({ B: "2", C: "1" }, { votedOn: "2999-01-01" }));
    expect(future.status).toBe(400);
    expect((await future.json()).errors.tb_votedOn).toMatch(/^Ngày biểu quyết \(01\/01\/2999\) không được sau hôm nay/);
    expect((await post(orgCookie, votePost({ B: "2", C: "1" }, { votedOn: "ngày mai" }))).status).toBe(400);
    expect(voteCount()).toBe(0);
  });

  it("a judge who is not the chair: 403", async () => {
    const res = await post(judgeCookie, votePost({ B: "2", C: "1" }));
    expect(res.status).toBe(403);
    expect(voteCount()).toBe(0);
  });
});

describe("the vote", () => {
  it("is recorded with its entries, counts, day and recorder; re-ranks and rewrites the snapshot", async () => {
    const res = await post(orgCookie, votePost({ B: "1", C: "2" }, { note: "Phiên họp ngày 28/11/2026" }));
    expect(res.status).toBe(302);
    const [vote] = db.select().from(tieBreakVotes).all();
    expect(vote).toMatchObject({ roundId, stage: 1, votedOn: todayInVietnam(), membersVoting: 3, note: "Phiên họp ngày 28/11/2026", recordedBy: orgUser });
    expect(db.select().from(tieBreakVoteLines).where(eq(tieBreakVoteLines.voteId, vote!.id)).all().map((l) => [l.entryId, l.votesFor])).toEqual(
      expect.arrayContaining([
        [e.B, 1],
        [e.C, 2],
      ]),
    );
    const snap = snapshot();
    expect(snap.get(e.C!)!.rank).toBe(2);
    expect(snap.get(e.B!)!.rank).toBe(3);
    expect(snap.get(e.C!)!.recommended).toBe(true);
    expect(snap.get(e.B!)!.recommended).toBe(false);
    expect(snap.get(e.C!)!.tieRule).toContain("số phiếu biểu quyết của Hội đồng");

    const d = await page();
    expect(d.tieBreak.groups[0].decided).toEqual({ votedOn: todayInVietnam(), membersVoting: 3 });
    expect(d.tieBreak.votes).toHaveLength(1);
    expect(d.results.map((r: any) => r.info.votingCode)).toEqual(["BN-A", "BN-C", "BN-B", "BN-D", "BN-E"]);
    const c = d.results.find((r: any) => r.info.votingCode === "BN-C");
    expect(c.tie.detail).toBe("số phiếu biểu quyết của Hội đồng: 2 so với 1");
  });

  it("recognitions depart from the ranks only with a written reason", () => {
    const verdicts = (bNote: string, cNote: string) => [
      { entryId: e.A!, recognised: true, note: "", votesFor: 3, votesAgainst: 0, votesAbstain: 0 },
      { entryId: e.B!, recognised: true, note: bNote, votesFor: 2, votesAgainst: 1, votesAbstain: 0 },
      { entryId: e.C!, recognised: false, note: cNote, votesFor: 1, votesAgainst: 2, votesAbstain: 0 },
      { entryId: e.D!, recognised: false, note: "Ngoài giới hạn công nhận.", votesFor: 0, votesAgainst: 3, votesAbstain: 0 },
      { entryId: e.E!, recognised: false, note: "Ngoài giới hạn công nhận.", votesFor: 0, votesAgainst: 3, votesAbstain: 0 },
    ];
    // C ranks above B after the vote: recognising B instead of C without saying why is refused.
    expect(() => recordVerdicts(organizer(), roundId, verdicts("", ""))).toThrow(/BN-C xếp hạng trên một sản phẩm được công nhận nhưng không được công nhận/);
    // Following the ranks needs no reason.
    recordVerdicts(organizer(), roundId, [
      { entryId: e.A!, recognised: true, note: "", votesFor: 3, votesAgainst: 0, votesAbstain: 0 },
      { entryId: e.C!, recognised: true, note: "", votesFor: 3, votesAgainst: 0, votesAbstain: 0 },
      { entryId: e.B!, recognised: false, note: "Xếp sau BN-C theo biểu quyết của Hội đồng.", votesFor: 0, votesAgainst: 3, votesAbstain: 0 },
      { entryId: e.D!, recognised: false, note: "Ngoài giới hạn công nhận.", votesFor: 0, votesAgainst: 3, votesAbstain: 0 },
      { entryId: e.E!, recognised: false, note: "Ngoài giới hạn công nhận.", votesFor: 0, votesAgainst: 3, votesAbstain: 0 },
    ]);
  });

  it("certificate numbers follow the new ranks; after publication a vote is refused (409)", async () => {
    recordDecision(organizer(), roundId, { number: "123/QĐ-UBND", signedOn: todayInVietnam(), signerName: "Nguyễn Văn An", signerTitle: "Phó Chủ tịch", issuer: "UBND tỉnh Bắc Ninh" });
    await publishRound(organizer(), roundId);
    createMissingCertificates(organizer(), roundId, { issuedOn: todayInVietnam() });
    const certs = db.select({ entryId: certificates.entryId, number: certificates.number }).from(certificates).innerJoin(entries, eq(entries.id, certificates.entryId)).where(eq(entries.roundId, roundId)).all();
    const numberOf = new Map(certs.map((c) => [c.entryId, c.number]));
    expect(certs).toHaveLength(2);
    // A (rank 1) gets the first number, C (rank 2 by the vote) the second.
    const seq = (n: string | null) => Number(/(\d+)/.exec(n ?? "")![1]);
    expect(seq(numberOf.get(e.A!)!)).toBeLessThan(seq(numberOf.get(e.C!)!));

    const before = voteCount();
    const res = await post(orgCookie, votePost({ B: "2", C: "1" }));
    expect(res.status).toBe(409);
    expect((await res.json()).message).toBe("Kết quả đã công bố: không ghi biểu quyết phân định đồng điểm được nữa.");
    expect(voteCount()).toBe(before);
    expect(() => recordTieBreakVote(organizer(), roundId, { votes: { [e.B!]: 2, [e.C!]: 1 }, votedOn: todayInVietnam(), membersVoting: 3 })).toThrow(/đã công bố/);
    expect(db.select().from(results).where(and(eq(results.entryId, e.C!), eq(results.stage, 1))).get()!.rank).toBe(2);
  });
});

describe("the minutes stand alone", () => {
  it("state the rules, the council, the conflict, the missing sheet and its reason, the tie and its vote, the decision (rendered to PNG)", async () => {
    const res = (await minutesPdf({ request: requestWithCookie(`/x?vong=1`, orgCookie), params: { roundId: String(roundId) }, context: {} })) as Response;
    expect(res.status).toBe(200);
    const dir = path.join(TMP_ROOT, "screenshots");
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "bien-ban-bieu-quyet.pdf");
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    for (const f of fs.readdirSync(dir)) if (f.startsWith("bien-ban-bieu-quyet-") && f.endsWith(".png")) fs.rmSync(path.join(dir, f));
    execFileSync("pdftoppm", ["-png", "-r", "80", file, path.join(dir, "bien-ban-bieu-quyet")]);
    expect(fs.readdirSync(dir).some((f) => f.startsWith("bien-ban-bieu-quyet-") && f.endsWith(".png"))).toBe(true);
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    for (const expected of [
      "điểm đạt: 70 điểm; công nhận tối đa 2 sản phẩm",
      "xét lần lượt điểm nhóm I, điểm nhóm II, số phiếu biểu quyết của Hội đồng",
      "chênh nhau quá 15 điểm",
      "Giám khảo 1: Chủ tịch, giám khảo chấm điểm",
      "Giám khảo 3 không chấm BN-E (Sản phẩm E): Con gái làm kế toán tại cơ sở",
      "Giám khảo 3: BN-D (Sản phẩm D)",
      "Giám khảo 3 nằm viện, Hội đồng thống nhất khóa vòng chấm",
      "xếp trên theo số phiếu biểu quyết của Hội đồng; so sánh số phiếu biểu quyết của Hội đồng: 2 so với 1",
      "3 thành viên tham gia: BN-C 2 phiếu, BN-B 1 phiếu",
      "Số sản phẩm được đề nghị công nhận theo thứ hạng và giới hạn 2 sản phẩm: 2",
      "Quyết định công nhận số 123/QĐ-UBND",
      "ICC(2,k)",
    ]) {
      expect(text).toContain(expected);
    }
  });
});
