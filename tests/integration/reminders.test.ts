/**
 * Reminders on a real SQLite database (docs/decisions/0029): the scheduler's run sends what is due
 * once, again after a "restart" (a second run) and with two separate processes (tsx children)
 * running at the same moment on the same database file; the "Nhắc giám khảo" button on the progress
 * board (count, once per judge per day, authorization, audit); the admin's runs page.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import type { ActionFunction, LoaderFunction } from "@remix-run/node";
import { and, eq, like, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  councilMembers,
  councils,
  entries,
  establishmentMembers,
  establishments,
  mailOutbox,
  notifications,
  products,
  reminderDeliveries,
  schedulerRuns,
  scoreSheets,
} from "~db/schema";
import { officialSheetId } from "~db/seed/reference";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { REMINDERS_TASK, runRemindersOnce, schedulerEnabled, schedulerWorkerId } from "~/modules/reminders/reminders.server";
import { loader as runsLoader } from "~/routes/quan-tri.lich-chay";
import { action as progressAction, loader as progressLoader } from "~/routes/to-chuc.vong.$roundId_.tien-do";
import { createBody, createOrganizer, createRound, createUser, province, requestWithCookie } from "../helpers/fixtures";

const ROOT = path.resolve(__dirname, "..", "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

/** 09:00 in Vietnam on that day. */
const at = (day: string) => new Date(`${day}T02:00:00Z`);

type Who = "bn" | "tn" | "admin" | "producer" | "a";
const cookies: Partial<Record<Who, string>> = {};
const ids: Record<string, string> = {};
let intakeRound = 0;
let scoringRound = 0;
let waiting = 0;
const est: number[] = [];
const m = { a: 0, b: 0, c: 0 };

beforeAll(async () => {
  const bacNinh = province("24");
  const body = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bacNinh.id);
  const other = createBody("Sở Công Thương tỉnh Thái Nguyên", "province", province("19").id);
  ids.bn = await createOrganizer("bn@nhac.vn", body.id);
  ids.tn = await createOrganizer("tn@nhac.vn", other.id);
  ids.admin = await createUser("quantri@nhac.vn", { isSystemAdmin: true });
  ids.producer = await createUser("coso1@nhac.vn", { fullName: "Chủ cơ sở Gốm" });
  ids.producer2 = await createUser("coso2@nhac.vn", { fullName: "Chủ cơ sở Mây tre" });
  ids.a = await createUser("a@nhac.vn", { fullName: "Phạm Văn Khải" });
  ids.b = await createUser("b@nhac.vn", { fullName: "Đỗ Thị Lan" });

  // Registration closes on Friday 12/03/2027; scoring of the other round ends the same day.
  intakeRound = createRound(body.id, "province", bacNinh.id, "Bình chọn tỉnh Bắc Ninh 2027", { status: "open", year: 2027, registrationClosesOn: "2027-03-12" }).id;
  scoringRound = createRound(body.id, "province", bacNinh.id, "Bình chọn tỉnh Bắc Ninh 2026", {
    status: "scoring",
    dossierScoringTo: "2027-03-12",
    directScoringTo: "2027-03-05",
  }).id;

  for (const [name, user] of [
    ["HTX Gốm Phù Lãng", ids.producer],
    ["HTX Mây tre Xuân Lai", ids.producer2],
  ] as const) {
    const e = db.insert(establishments).values({ legalType: "cooperative", name, provinceId: bacNinh.id }).returning().get().id;
    db.insert(establishmentMembers).values({ establishmentId: e, userId: user, role: "owner" }).run();
    est.push(e);
  }
  const entry = (roundId: number, estId: number, name: string, status: "draft" | "accepted" | "submitted", n: number, extra: Partial<typeof entries.$inferInsert> = {}) => {
    const p = db.insert(products).values({ establishmentId: estId, name, productGroupId: 1 }).returning().get();
    return db
      .insert(entries)
      .values({ roundId, productId: p.id, establishmentId: estId, status, dossierNo: status === "draft" ? null : `HS-${roundId}-${n}`, votingCode: status === "accepted" ? `27-${n}` : null, ...extra })
      .returning()
      .get().id;
  };
  entry(intakeRound, est[0]!, "Bình gốm men lam", "draft", 1);
  entry(intakeRound, est[1]!, "Giỏ mây", "draft", 2);
  entry(intakeRound, est[1]!, "Khay tre", "submitted", 3, { answerBy: "2027-03-20" }); // submitted: not reminded
  const s1 = entry(scoringRound, est[0]!, "Tranh Đông Hồ", "accepted", 4);
  const s2 = entry(scoringRound, est[1]!, "Nón quai thao", "accepted", 5);
  waiting = entry(scoringRound, est[1]!, "Bánh phu thê", "submitted", 6, { answerBy: "2027-03-12", submittedAt: new Date() });

  const council = db.insert(councils).values({ roundId: scoringRound, name: "Hội đồng tỉnh 2026" }).returning().get();
  const add = (fullName: string, userId: string | null) => db.insert(councilMembers).values({ councilId: council.id, userId, fullName }).returning().get().id;
  m.a = add("Phạm Văn Khải", ids.a); // 1 draft, 1 not started
  m.b = add("Đỗ Thị Lan", ids.b); // all submitted
  m.c = add("Ngô Thị Hằng", null); // invited, no account
  const sheetId = officialSheetId(db);
  db.insert(scoreSheets).values({ entryId: s1, councilMemberId: m.a, sheetId, status: "draft" }).run();
  for (const e of [s1, s2]) db.insert(scoreSheets).values({ entryId: e, councilMemberId: m.b, sheetId, status: "submitted", submittedAt: new Date() }).run();

  for (const who of ["bn", "tn", "admin", "producer", "a"] as const) cookies[who] = await startSession(ids[who]!);
});

async function call(fn: LoaderFunction | ActionFunction, who: Who, params: Record<string, string>, init: RequestInit = {}, url = "/x") {
  try {
    const res = (await fn({ request: requestWithCookie(url, cookies[who] ?? null, init), params, context: {} })) as Response;
    return { status: res.status, data: res.headers.get("Content-Type")?.includes("json") ? await res.json() : null };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, data: thrown.headers.get("Content-Type")?.includes("json") ? await thrown.json() : null };
    throw thrown;
  }
}

const post = (fields: Record<string, string>): RequestInit => ({
  method: "POST",
  body: new URLSearchParams(fields),
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
});

const deliveredKeys = () =>
  db
    .select({ key: reminderDeliveries.key })
    .from(reminderDeliveries)
    .all()
    .map((r) => r.key)
    .sort();
const noticeCount = (userId: string, kind: string) =>
  db
    .select({ n: sql<number>`count(*)` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)))
    .get()!.n;
const mailCount = () => db.select({ n: sql<number>`count(*)` }).from(mailOutbox).get()!.n;

interface Worker {
  /** Sends a command; resolves with its JSON answer. */
  send(line: string): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** A worker process (tests/helpers/reminder-worker.ts) on this test's database file. */
async function startWorker(): Promise<Worker> {
  const child = spawn(TSX, [path.join("tests", "helpers", "reminder-worker.ts")], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL!, REMINDERS: "off" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  let buf = "";
  const waiting: ((line: string) => void)[] = [];
  const lines: string[] = [];
  child.stdout.on("data", (d) => {
    buf += d;
    for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      const w = waiting.shift();
      if (w) w(line);
      else lines.push(line);
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const next = () =>
    new Promise<string>((resolve, reject) => {
      const l = lines.shift();
      if (l !== undefined) return resolve(l);
      waiting.push(resolve);
      void exited.then((code) => reject(new Error(`worker exited (${code}):\n${err}`)));
    });
  expect(await next()).toBe("ready");
  return {
    async send(line) {
      child.stdin.write(`${line}\n`);
      return JSON.parse(await next());
    },
    async close() {
      child.stdin.end();
      expect(await exited).toBe(0);
    },
  };
}

let workers: Worker[] = [];
/** The same command to both workers at the same moment. */
const both = (line: string) => Promise.all(workers.map((w) => w.send(line)));

const D3 = () => [
  `judge-scoring-deadline:round:${scoringRound}:member:${m.a}:s1:2027-03-12:d3`,
  `producer-intake-closing:round:${intakeRound}:establishment:${est[0]}:2027-03-12:d3`,
  `producer-intake-closing:round:${intakeRound}:establishment:${est[1]}:2027-03-12:d3`,
];
const D1 = () => [
  `judge-scoring-deadline:round:${scoringRound}:member:${m.a}:s1:2027-03-12:d1`,
  `organizer-answer-by:entry:${waiting}:2027-03-12:d1`,
  `producer-intake-closing:round:${intakeRound}:establishment:${est[0]}:2027-03-12:d1`,
  `producer-intake-closing:round:${intakeRound}:establishment:${est[1]}:2027-03-12:d1`,
];

describe("the scheduler sends each reminder once", () => {
  beforeAll(async () => {
    workers = await Promise.all([startWorker(), startWorker()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
  });

  it("is off in test processes unless asked for (REMINDERS)", () => {
    expect(schedulerEnabled({ VITEST: "true" })).toBe(false);
    expect(schedulerEnabled({ VITEST: "true", REMINDERS: "on" })).toBe(true);
    expect(schedulerEnabled({})).toBe(true);
    expect(schedulerEnabled({ REMINDERS: "off" })).toBe(false);
  });

  it("two processes delivering at the same moment on one database file: each key once, one notice per recipient", async () => {
    const mailsBefore = mailCount();
    // Tuesday 09/03/2027: 3 days before both deadlines; the answer-by date is 3 working days away.
    const results = await both(`deliver ${at("2027-03-09").toISOString()}`);
    expect(results.map((r) => r.due)).toEqual([3, 3]);
    expect(results.reduce((s, r) => s + (r.sent as number), 0)).toBe(3);
    expect(results.reduce((s, r) => s + (r.already as number), 0)).toBe(3);
    expect(results.map((r) => r.failed)).toEqual([0, 0]);
    expect(deliveredKeys()).toEqual(D3());
    expect(noticeCount(ids.producer!, "reminder.producer-intake-closing")).toBe(1);
    expect(noticeCount(ids.producer2!, "reminder.producer-intake-closing")).toBe(1);
    expect(noticeCount(ids.a!, "reminder.judge-scoring-deadline")).toBe(1);
    expect(noticeCount(ids.b!, "reminder.judge-scoring-deadline")).toBe(0);
    expect(noticeCount(ids.bn!, "reminder.organizer-answer-by")).toBe(0);
    expect(mailCount() - mailsBefore).toBe(3);
    const judge = db.select().from(notifications).where(and(eq(notifications.userId, ids.a!), eq(notifications.kind, "reminder.judge-scoring-deadline"))).get()!;
    expect(judge.title).toBe("Sắp hết hạn chấm điểm (còn 3 ngày): Bình chọn tỉnh Bắc Ninh 2026");
    expect(judge.body).toContain("còn 2 phiếu chấm chưa nộp");
    expect(judge.body).toContain("1 chưa chấm, 1 phiếu nháp chưa nộp");
    expect(judge.link).toBe(`/giam-khao/vong/${scoringRound}`);
    const gift = db.select().from(notifications).where(and(eq(notifications.userId, ids.producer2!), eq(notifications.kind, "reminder.producer-intake-closing"))).get()!;
    expect(gift.body).toContain('"Giỏ mây"');
    expect(gift.body).not.toContain("Khay tre");
  });

  it("two scheduler runs in two processes at the same moment: recorded runs, each new reminder once", async () => {
    const mailsBefore = mailCount();
    const runsBefore = db.select({ n: sql<number>`count(*)` }).from(schedulerRuns).get()!.n;
    // Thursday 11/03/2027: 1 day before; Friday's answer-by date is 1 working day away.
    const results = await both(`run ${at("2027-03-11").toISOString()}`);
    expect(new Set(results.map((r) => r.worker)).size).toBe(2);
    expect(new Set(results.map((r) => r.worker)).has(schedulerWorkerId())).toBe(false);
    expect(results.every((r) => r.status === "done" || r.status === "skipped")).toBe(true);
    expect(results.some((r) => r.status === "done")).toBe(true);
    expect(results.reduce((s, r) => s + ((r.sent as number | undefined) ?? 0), 0)).toBe(4);
    expect(deliveredKeys()).toEqual([...D3(), ...D1()].sort());
    expect(noticeCount(ids.producer!, "reminder.producer-intake-closing")).toBe(2);
    expect(noticeCount(ids.a!, "reminder.judge-scoring-deadline")).toBe(2);
    expect(noticeCount(ids.bn!, "reminder.organizer-answer-by")).toBe(1);
    expect(noticeCount(ids.tn!, "reminder.organizer-answer-by")).toBe(0);
    expect(mailCount() - mailsBefore).toBe(4);
    const runs = db.select().from(schedulerRuns).where(eq(schedulerRuns.task, REMINDERS_TASK)).orderBy(schedulerRuns.id).all().slice(runsBefore);
    expect(runs).toHaveLength(2);
    expect(runs.map((r) => r.status).sort()).toEqual(results.map((r) => r.status as string).sort());
    for (const r of runs) expect(r.finishedAt).not.toBeNull();
    const skipped = runs.find((r) => r.status === "skipped");
    if (skipped) expect(skipped.detail).toMatch(/đang chạy việc này/);
    const organizerNotice = db.select().from(notifications).where(and(eq(notifications.userId, ids.bn!), eq(notifications.kind, "reminder.organizer-answer-by"))).get()!;
    expect(organizerNotice.title).toBe(`Sắp đến hạn trả lời hồ sơ HS-${scoringRound}-6`);
    expect(organizerNotice.link).toBe(`/to-chuc/vong/${scoringRound}/ho-so/${waiting}`);
  });

  it("after a restart (a new run, here in this process) nothing is sent again", async () => {
    const before = db.select({ n: sql<number>`count(*)` }).from(notifications).get()!.n;
    const r = await runRemindersOnce(at("2027-03-11"));
    expect(r).toMatchObject({ status: "done", sent: 0, due: 4, already: 4 });
    const again = await runRemindersOnce(at("2027-03-12"));
    expect(again).toMatchObject({ status: "done", sent: 0, due: 4, already: 4 });
    expect(db.select({ n: sql<number>`count(*)` }).from(notifications).get()!.n).toBe(before);
    const run = db.select().from(schedulerRuns).where(eq(schedulerRuns.id, again.runId)).get()!;
    expect(run).toMatchObject({ status: "done", sent: 0, detail: "4 nhắc đến hạn: 0 gửi lần này, 4 đã gửi trước đó." });
    // The day after the deadlines: nothing due.
    expect(await runRemindersOnce(at("2027-03-13"))).toMatchObject({ status: "done", sent: 0, due: 0 });
  });

  it("a run another process is still running is skipped; one left running by a dead process is recorded as interrupted", async () => {
    const now = Date.now();
    const live = db
      .insert(schedulerRuns)
      .values({ task: REMINDERS_TASK, worker: "other-host:1:abc", status: "running", startedAt: new Date(now - 60_000) })
      .returning()
      .get();
    const skipped = await runRemindersOnce(at("2027-03-11"));
    expect(skipped.status).toBe("skipped");
    expect(db.select().from(schedulerRuns).where(eq(schedulerRuns.id, skipped.runId)).get()!).toMatchObject({ status: "skipped", detail: "Tiến trình other-host:1:abc đang chạy việc này." });
    db.update(schedulerRuns).set({ startedAt: new Date(now - 60 * 60_000) }).where(eq(schedulerRuns.id, live.id)).run();
    expect((await runRemindersOnce(at("2027-03-11"))).status).toBe("done");
    expect(db.select().from(schedulerRuns).where(eq(schedulerRuns.id, live.id)).get()!).toMatchObject({ status: "error", detail: "Bị gián đoạn: tiến trình dừng trước khi chạy xong." });
  });
});

describe("the 'Nhắc giám khảo' button", () => {
  const R = () => ({ roundId: String(scoringRound) });

  it("reminds the judges with unsubmitted sheets now, says how many, and is audited", async () => {
    const board = await call(progressLoader, "bn", R());
    expect(board.status).toBe(200);
    const r = await call(progressAction, "bn", R(), post({ intent: "remind", stage: "1" }));
    expect(r.status).toBe(200);
    expect(r.data.result).toMatchObject({ behind: 2, sent: 1, already: 0, noAccount: 1 });
    expect(r.data.message).toBe(
      "Đã nhắc 1 giám khảo còn phiếu chưa nộp (thông báo trong ứng dụng và email). 1 giám khảo chưa có tài khoản (chưa nhận lời mời) nên chưa nhắc được.",
    );
    const notice = db.select().from(notifications).where(and(eq(notifications.userId, ids.a!), eq(notifications.kind, "reminder.judge-manual"))).all();
    expect(notice).toHaveLength(1);
    expect(notice[0]!.body).toContain("Cơ quan tổ chức nhắc: Ông/bà còn 2 phiếu chấm chưa nộp");
    expect(noticeCount(ids.b!, "reminder.judge-manual")).toBe(0);
    const delivery = db.select().from(reminderDeliveries).where(like(reminderDeliveries.key, "judge-manual:%")).all();
    expect(delivery).toHaveLength(1);
    expect(delivery[0]).toMatchObject({ via: "manual", userId: ids.a, roundId: scoringRound });
    const a = db.select().from(auditLog).where(eq(auditLog.action, "reminder.judges")).all();
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ actorUserId: ids.bn, objectType: "round", objectId: String(scoringRound) });
  });

  it("a second press the same day reminds nobody again and says so", async () => {
    const r = await call(progressAction, "bn", R(), post({ intent: "remind", stage: "1" }));
    expect(r.status).toBe(200);
    expect(r.data.result).toMatchObject({ sent: 0, already: 1, noAccount: 1 });
    expect(r.data.message).toContain("1 giám khảo đã được nhắc hôm nay");
    expect(noticeCount(ids.a!, "reminder.judge-manual")).toBe(1);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "reminder.judges")).all()).toHaveLength(2);
  });

  it("only the organizer of the round's body: another province 404, a producer or judge 403; bad input 4xx", async () => {
    const before = db.select({ n: sql<number>`count(*)` }).from(notifications).get()!.n;
    expect((await call(progressAction, "tn", R(), post({ intent: "remind" }))).status).toBe(404);
    expect((await call(progressAction, "producer", R(), post({ intent: "remind" }))).status).toBe(403);
    expect((await call(progressAction, "a", R(), post({ intent: "remind" }))).status).toBe(403);
    expect((await call(progressAction, "bn", { roundId: "abc" }, post({ intent: "remind" }))).status).toBe(404);
    expect((await call(progressAction, "bn", { roundId: "999999" }, post({ intent: "remind" }))).status).toBe(404);
    const bad = await call(progressAction, "bn", R(), post({ intent: "xoa" }));
    expect(bad.status).toBe(400);
    expect(bad.data.message).toBe("Thao tác không hợp lệ.");
    const notScoring = await call(progressAction, "bn", { roundId: String(intakeRound) }, post({ intent: "remind" }));
    expect(notScoring.status).toBe(409);
    expect(notScoring.data.message).toMatch(/không ở giai đoạn chấm điểm/);
    const json = await call(progressAction, "bn", R(), { method: "POST", body: "{}", headers: { "Content-Type": "application/json" } });
    expect(json.status).toBe(415);
    expect(db.select({ n: sql<number>`count(*)` }).from(notifications).get()!.n).toBe(before);
  });
});

describe("the admin's runs page", () => {
  it("lists recent runs newest first and the reminders sent; admin only", async () => {
    const page = await call(runsLoader, "admin", {}, {}, "/quan-tri/lich-chay?trang=abc");
    expect(page.status).toBe(200);
    expect(page.data.page).toBe(1);
    expect(page.data.total).toBeGreaterThanOrEqual(6);
    const started = page.data.runs.map((r: { startedAt: string }) => Date.parse(r.startedAt));
    expect(started).toEqual([...started].sort((x, y) => y - x));
    expect(page.data.runs[0]).toMatchObject({ task: "reminders", status: "done" });
    expect(page.data.runs.map((r: { status: string }) => r.status)).toEqual(expect.arrayContaining(["done", "skipped", "error"]));
    expect(page.data.deliveries.length).toBe(8);
    expect(page.data.deliveries.find((d: { via: string }) => d.via === "manual")).toMatchObject({ kind: "judge-manual", who: "Phạm Văn Khải" });
    expect(page.data.running).toBe(false);
    for (const who of ["bn", "producer"] as const) expect((await call(runsLoader, who, {}, {}, "/quan-tri/lich-chay")).status).toBe(403);
    const anon = await call(runsLoader, "tn", {}, {}, "/quan-tri/lich-chay");
    expect(anon.status).toBe(403);
  });
});
