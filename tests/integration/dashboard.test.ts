/**
 * The organizer's dashboard (issue 13, item 3) on a real database: the to-dos of rounds at every
 * step, each leading to a page that shows the same thing; only the organizer's own rounds; other
 * roles refused; and a fixed number of statements whatever the number of rounds.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  councilMembers,
  councils,
  councilVerdicts,
  criteriaSheets,
  entries,
  establishmentMembers,
  establishments,
  products,
  recognitionDecisions,
  rounds,
  scoreSheets,
  stageClosures,
} from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { todayInVietnam } from "~/lib/dates";
import { db } from "~/lib/db.server";
import { loadPrincipal } from "~/lib/permissions.server";
import { daysBetween } from "~/modules/dashboard/todos";
import { organizerDashboard } from "~/modules/dashboard/todos.server";
import { publishRound } from "~/modules/scoring/scoring.server";
import { loader as homeLoader } from "~/routes/to-chuc._index";
import { loader as intakeLoader } from "~/routes/to-chuc.vong.$roundId_.ho-so._index";
import { loader as progressLoader } from "~/routes/to-chuc.vong.$roundId_.tien-do";
import { loader as certificatesLoader } from "~/routes/to-chuc.vong.$roundId_.chung-nhan._index";
import { loader as promotionLoader } from "~/routes/to-chuc.vong.$roundId_.de-cu";
import { createBody, createCommune, createOrganizer, createRound, createUser, province, requestWithCookie } from "../helpers/fixtures";
import { countStatementsAsync } from "../helpers/sql-count";

const today = todayInVietnam();
const day = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

let sheetId = 0;
let seq = 0;
const cookies: Record<string, string> = {};
const bn: Record<string, number> = {};
let bnOrganizerId = "";

/** An establishment of the province with one product (group 1 + n % 4). */
async function producer(provinceId: number, communeId: number, n: number) {
  seq += 1;
  const est = db.insert(establishments).values({ legalType: "household", name: `Cơ sở ${seq}`, unitId: communeId, provinceId }).returning().get();
  db.insert(establishmentMembers).values({ establishmentId: est.id, userId: await createUser(`cs${seq}@example.vn`), role: "owner" }).run();
  const prod = db.insert(products).values({ establishmentId: est.id, name: `Sản phẩm ${seq}`, productGroupId: 1 + (n % 4) }).returning().get();
  return { est: est.id, product: prod.id };
}

async function entry(roundId: number, provinceId: number, communeId: number, n: number, values: Partial<typeof entries.$inferInsert>) {
  const p = await producer(provinceId, communeId, n);
  return db.insert(entries).values({ roundId, productId: p.product, establishmentId: p.est, dossierNo: `HS-${roundId}-${n}`, ...values }).returning().get().id;
}

/** A scoring round: 3 judges (the last without an account), 2 entries; judge 1 submitted both, judge 2 one (a draft on the other), judge 3 none. */
async function scoringRound(bodyId: number, unitId: number, communeId: number, title: string, deadline: string) {
  const r = createRound(bodyId, "province", unitId, title, { status: "scoring", regionCode: "BAC", dossierScoringFrom: day(-30), dossierScoringTo: deadline, criteriaSheetId: sheetId, minJudgesPerEntry: 3 });
  const council = db.insert(councils).values({ roundId: r.id, name: `Hội đồng ${title}` }).returning().get();
  const judges = [];
  for (const [i, name] of ["Phạm Văn Khải", "Đỗ Thị Lan", "Vũ Đình Nam"].entries()) {
    const uid = i < 2 ? await createUser(`gk${r.id}-${i}@example.vn`) : null;
    judges.push(db.insert(councilMembers).values({ councilId: council.id, userId: uid, fullName: name, role: i === 0 ? "chair" : "member" }).returning().get().id);
  }
  const es = [];
  for (let n = 0; n < 2; n++) es.push(await entry(r.id, unitId, communeId, n, { status: "accepted", votingCode: `V${r.id}-${n}` }));
  const sheet = (entryId: number, memberId: number, status: "draft" | "submitted") =>
    db.insert(scoreSheets).values({ entryId, councilMemberId: memberId, sheetId, status, totalTenths: 800, submittedAt: status === "submitted" ? new Date() : null }).run();
  sheet(es[0]!, judges[0]!, "submitted");
  sheet(es[1]!, judges[0]!, "submitted");
  sheet(es[0]!, judges[1]!, "submitted");
  sheet(es[1]!, judges[1]!, "draft");
  return r.id;
}

/** A published round with `n` recognised entries under a decision, no certificate issued yet. */
async function publishedRound(bodyId: number, unitId: number, communeId: number, title: string, n = 2) {
  const r = createRound(bodyId, "province", unitId, title, { status: "published", regionCode: "BAC", publishedAt: new Date(), criteriaSheetId: sheetId });
  const decision = db
    .insert(recognitionDecisions)
    .values({ roundId: r.id, number: `${r.id}/QĐ-UBND`, signedOn: day(-10), signerName: "Nguyễn Văn An", signerTitle: "Phó Chủ tịch", issuer: "UBND tỉnh" })
    .returning()
    .get();
  for (let i = 0; i < n; i++) {
    const id = await entry(r.id, unitId, communeId, i, { status: "recognised", votingCode: `P${r.id}-${i}` });
    db.insert(councilVerdicts).values({ entryId: id, recognised: true, decisionId: decision.id, decidedAt: new Date() }).run();
  }
  return r.id;
}

beforeAll(async () => {
  sheetId = db.select().from(criteriaSheets).where(eq(criteriaSheets.isOfficial, true)).get()!.id;
  const bacNinh = province("24");
  const commune = createCommune(bacNinh.id, "Phù Lãng").id;
  const body = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bacNinh.id);
  bnOrganizerId = await createOrganizer("bn@example.vn", body.id);
  cookies.bn = await startSession(bnOrganizerId);
  cookies.tn = await startSession(await createOrganizer("tn@example.vn", createBody("Sở Công Thương tỉnh Thái Nguyên", "province", province("19").id).id));
  const producerUser = await createUser("coso@example.vn");
  const est = db.insert(establishments).values({ legalType: "household", name: "Cơ sở của người dùng", provinceId: bacNinh.id }).returning().get();
  db.insert(establishmentMembers).values({ establishmentId: est.id, userId: producerUser, role: "owner" }).run();
  cookies.producer = await startSession(producerUser);

  // The higher level: an open regional round of the North, closing in 20 days.
  const region = createBody("Cục Công Thương địa phương", "region", null, "BAC");
  bn.region = createRound(region.id, "region", null, "Bình chọn cấp khu vực phía Bắc", { status: "open", regionCode: "BAC", registrationOpensOn: day(-5), registrationClosesOn: day(20) }).id;

  // Bắc Ninh's rounds, one at each step.
  bn.draft = createRound(body.id, "province", bacNinh.id, "Vòng nháp 2027", { status: "draft", year: 2027 }).id;
  bn.open = createRound(body.id, "province", bacNinh.id, "Vòng đang nhận hồ sơ", { status: "open", registrationOpensOn: day(-10), registrationClosesOn: day(10) }).id;
  await entry(bn.open, bacNinh.id, commune, 0, { status: "submitted", submittedAt: new Date(), answerBy: day(-2) });
  await entry(bn.open, bacNinh.id, commune, 1, { status: "submitted", submittedAt: new Date(), answerBy: day(-1) });
  await entry(bn.open, bacNinh.id, commune, 2, { status: "submitted", submittedAt: new Date(), answerBy: day(2) });
  await entry(bn.open, bacNinh.id, commune, 3, { status: "accepted" });
  bn.scoring = await scoringRound(body.id, bacNinh.id, commune, "Vòng đang chấm", day(-1));
  bn.published = await publishedRound(body.id, bacNinh.id, commune, "Vòng đã công bố", 3);
  // Intake closed, no council yet.
  bn.closed = createRound(body.id, "province", bacNinh.id, "Vòng đã đóng nhận", { status: "intake_closed", dossierScoringFrom: day(5) }).id;
  await entry(bn.closed, bacNinh.id, commune, 0, { status: "accepted" });
  await entry(bn.closed, bacNinh.id, commune, 1, { status: "accepted" });
  // Two stages, the first closed: the second stage's entry waits for every judge.
  bn.twoStage = await scoringRound(body.id, bacNinh.id, commune, "Vòng hai đợt chấm", day(-3));
  db.update(rounds).set({ scoringStages: 2, directScoringTo: day(6) }).where(eq(rounds.id, bn.twoStage)).run();
  db.insert(stageClosures).values({ roundId: bn.twoStage, stage: 1, closedAt: new Date() }).run();
  const shortlisted = db.select().from(entries).where(eq(entries.roundId, bn.twoStage)).all()[0]!;
  db.update(entries).set({ stage: 2 }).where(eq(entries.id, shortlisted.id)).run();
  // Results review: two scored entries, one verdict (recognised) and no decision yet.
  bn.review = createRound(body.id, "province", bacNinh.id, "Vòng đang xét kết quả", { status: "results_review", councilMeetingOn: day(3), announcementOn: day(9) }).id;
  const recognisedOne = await entry(bn.review, bacNinh.id, commune, 0, { status: "scored" });
  await entry(bn.review, bacNinh.id, commune, 1, { status: "scored" });
  db.insert(councilVerdicts).values({ entryId: recognisedOne, recognised: true, decidedAt: new Date() }).run();

  // For the statement counts: Hà Nội with one round, Hải Phòng with ten.
  const hanoi = province("01");
  const hnCommune = createCommune(hanoi.id, "Bát Tràng").id;
  const hn = createBody("Sở Công Thương Hà Nội", "province", hanoi.id);
  cookies.one = await startSession(await createOrganizer("hn@example.vn", hn.id));
  await publishedRound(hn.id, hanoi.id, hnCommune, "Hà Nội 1");
  const haiPhong = province("31");
  const hpCommune = createCommune(haiPhong.id, "Thủy Nguyên").id;
  const hp = createBody("Sở Công Thương Hải Phòng", "province", haiPhong.id);
  cookies.ten = await startSession(await createOrganizer("hp@example.vn", hp.id));
  for (let i = 0; i < 5; i++) await publishedRound(hp.id, haiPhong.id, hpCommune, `Hải Phòng công bố ${i}`, 1 + i);
  for (let i = 0; i < 3; i++) await scoringRound(hp.id, haiPhong.id, hpCommune, `Hải Phòng đang chấm ${i}`, day(i));
  createRound(hp.id, "province", haiPhong.id, "Hải Phòng nháp", { status: "draft" });
  createRound(hp.id, "province", haiPhong.id, "Hải Phòng mở", { status: "open", registrationClosesOn: day(3) });
});

type Loader = (a: any) => any;
async function call(loader: Loader, who: string, url: string, params: Record<string, string> = {}) {
  const { result, count } = await countStatementsAsync(async () => {
    try {
      return (await loader({ request: requestWithCookie(url, cookies[who] ?? null), params, context: {} })) as Response;
    } catch (e) {
      if (e instanceof Response) return e;
      throw e;
    }
  });
  const isJson = result.headers.get("Content-Type")?.includes("json");
  return { status: result.status, count, data: isJson ? await result.json() : null };
}

type TodoJson = { roundId: number; kind: string; title: string; detail: string | null; link: string; due: string | null; overdue: boolean; severity: string };

describe("the organizer's to-dos", () => {
  let todos: TodoJson[] = [];
  beforeAll(async () => {
    const r = await call(homeLoader, "bn", "/to-chuc");
    expect(r.status).toBe(200);
    todos = r.data.todos;
    // The rounds table stays, below the to-dos.
    expect(r.data.rounds.map((x: { id: number }) => x.id).sort()).toEqual(Object.entries(bn).filter(([k]) => k !== "region").map(([, id]) => id).sort());
  });
  const of = (roundId: number) => todos.filter((t) => t.roundId === roundId);

  it("covers each step, each with its page", () => {
    expect(of(bn.draft).map((t) => [t.kind, t.link])).toEqual([["setup", `/to-chuc/vong/${bn.draft}/thiet-lap`]]);
    expect(of(bn.open).map((t) => t.kind).sort()).toEqual(["intake_answer", "intake_open"]);
    expect(of(bn.scoring).map((t) => t.kind).sort()).toEqual(["close_stage", "invitations", "sheets_missing"]);
    expect(of(bn.published).map((t) => t.kind).sort()).toEqual(["certificates", "nominations"]);
    expect(of(bn.closed).map((t) => [t.kind, t.link])).toEqual([
      ["council", `/to-chuc/vong/${bn.closed}/hoi-dong`],
      ["start_scoring", `/to-chuc/vong/${bn.closed}/thiet-lap`],
    ]);
    expect(of(bn.closed)[1]!.detail).toBe("Hội đồng mới có 0 giám khảo, cần ít nhất 3.");
    expect(of(bn.review).map((t) => t.kind)).toEqual(["verdicts", "decision"]);
    // Overdue first.
    const firstNotOverdue = todos.findIndex((t) => !t.overdue);
    expect(todos.slice(firstNotOverdue).some((t) => t.overdue)).toBe(false);
  });

  it("dossiers past their answer-by date: the number, and the intake queue's overdue filter shows the same dossiers", async () => {
    const t = of(bn.open).find((x) => x.kind === "intake_answer")!;
    expect(t.title).toBe("2 hồ sơ quá hạn trả lời tiếp nhận (trong 3 hồ sơ đang chờ)");
    expect(t).toMatchObject({ overdue: true, severity: "overdue", due: day(-2), link: `/to-chuc/vong/${bn.open}/ho-so?qua_han=1` });
    const page = await call(intakeLoader, "bn", t.link, { roundId: String(bn.open) });
    expect(page.status).toBe(200);
    expect(page.data.rows).toHaveLength(2);
    expect(page.data.overdueCount).toBe(2);
  });

  it("judges with unsubmitted sheets by name, as the progress board counts them, and the stage to close once the deadline passed", async () => {
    const t = of(bn.scoring).find((x) => x.kind === "sheets_missing")!;
    expect(t.title).toBe("Còn 3 phiếu chấm chưa nộp của 2 giám khảo");
    expect(t.detail).toBe("Vũ Đình Nam (2), Đỗ Thị Lan (1). Đã nộp 3/6 phiếu.");
    expect(t).toMatchObject({ overdue: true, due: day(-1), link: `/to-chuc/vong/${bn.scoring}/tien-do` });
    const board = await call(progressLoader, "bn", t.link, { roundId: String(bn.scoring) });
    expect(board.status).toBe(200);
    expect(board.data.total.assigned - board.data.total.submitted).toBe(3);
    const close = of(bn.scoring).find((x) => x.kind === "close_stage")!;
    expect(close).toMatchObject({ link: `/to-chuc/vong/${bn.scoring}/ket-qua`, title: "Đã qua hạn chấm: khóa vòng chấm (còn 3 phiếu chưa nộp, cần ghi lý do)" });
    expect(of(bn.scoring).find((x) => x.kind === "invitations")!.title).toBe("1 giám khảo chưa nhận lời mời (chưa có tài khoản)");
  });

  it("a two-stage round's second stage: its entries, its deadline, its progress page", async () => {
    const t = of(bn.twoStage).find((x) => x.kind === "sheets_missing")!;
    expect(t).toMatchObject({ title: "Còn 3 phiếu chấm chưa nộp của 3 giám khảo", due: day(6), overdue: false, link: `/to-chuc/vong/${bn.twoStage}/tien-do?dot=2` });
    expect(of(bn.twoStage).some((x) => x.kind === "close_stage")).toBe(false);
    const board = await call(progressLoader, "bn", t.link, { roundId: String(bn.twoStage) });
    expect(board.data.stage).toBe(2);
    expect(board.data.total.assigned - board.data.total.submitted).toBe(3);
  });

  it("results review: the verdicts publishing still waits for, and the decision", async () => {
    const t = of(bn.review);
    expect(t[0]).toMatchObject({ title: "Ghi quyết định của Hội đồng cho 1 sản phẩm", due: day(3), link: `/to-chuc/vong/${bn.review}/ket-qua` });
    expect(t[1]!.title).toBe("Ghi quyết định công nhận (số, ngày, người ký) cho 1 sản phẩm được công nhận");
    // Publishing refuses for the same reason (and changes nothing).
    await expect(publishRound(loadPrincipal(bnOrganizerId, false), bn.review)).rejects.toThrow("Còn 1 sản phẩm chưa có quyết định của Hội đồng.");
  });

  it("certificates to issue and nominations due, as their pages count them", async () => {
    const cert = of(bn.published).find((x) => x.kind === "certificates")!;
    expect(cert.title).toBe("Cấp 3 giấy chứng nhận");
    const page = await call(certificatesLoader, "bn", cert.link, { roundId: String(bn.published) });
    expect(page.status).toBe(200);
    expect(page.data.stats.missing).toBe(3);
    const nom = of(bn.published).find((x) => x.kind === "nominations")!;
    expect(nom).toMatchObject({ title: "Đề cử lên cấp trên: 3 sản phẩm còn hiệu lực chưa đề cử", due: day(20), link: `/to-chuc/vong/${bn.published}/de-cu` });
    const promo = await call(promotionLoader, "bn", nom.link, { roundId: String(bn.published) });
    expect(promo.status).toBe(200);
    expect(promo.data.targets.map((x: { id: number }) => x.id)).toEqual([bn.region]);
    expect(promo.data.own.filter((e: { validity: { valid: boolean } }) => e.validity.valid)).toHaveLength(3);
  });

  it("follows the state: a draft sheet submitted leaves one judge behind", () => {
    db.update(scoreSheets).set({ status: "submitted", submittedAt: new Date() }).where(eq(scoreSheets.status, "draft")).run();
    const p = loadPrincipal(bnOrganizerId, false);
    const t = organizerDashboard(p, today).todos.filter((x) => x.roundId === bn.scoring);
    expect(t.find((x) => x.kind === "sheets_missing")!.title).toBe("Còn 2 phiếu chấm chưa nộp của 1 giám khảo");
    expect(daysBetween(today, t.find((x) => x.kind === "close_stage")!.due!)).toBe(-1);
  });
});

describe("scope and roles", () => {
  it("another province's organizer sees none of Bắc Ninh's rounds or to-dos", async () => {
    const r = await call(homeLoader, "tn", "/to-chuc");
    expect(r.status).toBe(200);
    const ids = new Set(Object.values(bn));
    expect(r.data.todos.filter((t: TodoJson) => ids.has(t.roundId))).toEqual([]);
    expect(r.data.rounds).toEqual([]);
    expect(r.data.todos).toEqual([]);
  });

  it("a producer gets 403, an anonymous visitor is sent to log in", async () => {
    expect((await call(homeLoader, "producer", "/to-chuc")).status).toBe(403);
    expect((await call(homeLoader, "nobody", "/to-chuc")).status).toBe(302);
  });
});

describe("statements", () => {
  it("the same number of statements for one round as for ten", async () => {
    const one = await call(homeLoader, "one", "/to-chuc");
    const ten = await call(homeLoader, "ten", "/to-chuc");
    expect(one.data.rounds).toHaveLength(1);
    expect(ten.data.rounds).toHaveLength(10);
    expect(one.data.todos.length).toBeGreaterThan(0);
    expect(ten.data.todos.length).toBeGreaterThan(one.data.todos.length);
    expect(one.count).toBeGreaterThan(0);
    expect(ten.count).toBe(one.count);
  });
});
