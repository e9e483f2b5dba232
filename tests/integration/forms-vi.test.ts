/**
 * Forms that speak Vietnamese (issue 13 item 9, docs/decisions/0033): round settings take dates
 * typed dd/mm/yyyy (and still ISO), store ISO and show them back dd/mm/yyyy; a bad date or an empty
 * title is refused with a message saying what to do, writing nothing; the three settings of
 * releasing comments and complaint terms are saved and follow the freeze rules; the decision form
 * is pre-filled. Real SQLite, the real route loaders and actions.
 */
import type { ActionFunction, LoaderFunction } from "@remix-run/node";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { mailOutbox, recognitionDecisions, rounds } from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { DATE_INPUT_MESSAGE, toDateInput, todayInVietnam } from "~/lib/dates";
import { db } from "~/lib/db.server";
import { buildRecognisedRound } from "~/modules/certificates/testdata.server";
import { decisionDefaults, roundFormValues } from "~/modules/rounds/rounds.server";
import { loader as outboxLoader } from "~/routes/quan-tri.hop-thu";
import { action as resultsAction, loader as resultsLoader } from "~/routes/to-chuc.vong.$roundId_.ket-qua";
import { action as settingsAction, loader as settingsLoader } from "~/routes/to-chuc.vong.$roundId_.thiet-lap";
import { action as newRoundAction } from "~/routes/to-chuc.vong.moi";
import { createBody, createOrganizer, createRound, createUser, province, requestWithCookie } from "../helpers/fixtures";

type Who = "bn" | "tn" | "producer" | "admin";
const cookie: Partial<Record<Who, string>> = {};
let bnBodyId = 0;
let bacNinhId = 0;
let draftId = 0;

async function call(fn: LoaderFunction | ActionFunction, who: Who, params: Record<string, string>, init?: RequestInit, url = "/x") {
  try {
    const res = (await fn({ request: requestWithCookie(url, cookie[who] ?? null, init), params, context: {} })) as Response;
    return { status: res.status, location: res.headers.get("Location"), data: res.headers.get("Content-Type")?.includes("json") ? await res.json() : null };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, location: e.headers.get("Location"), data: e.headers.get("Content-Type")?.includes("json") ? await e.json() : null };
    throw e;
  }
}

const roundRow = (id: number) => db.select().from(rounds).where(eq(rounds.id, id)).get()!;

/** The settings form as the page fills it for this round, with some fields changed. */
function settingsForm(id: number, changes: Record<string, string | null>): RequestInit {
  const values = roundFormValues(roundRow(id));
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...values, ...changes, version: String(roundRow(id).version) })) {
    if (v === null || v === undefined) continue;
    if (Array.isArray(v)) for (const x of v) body.append(k, x);
    else if (k !== "releaseComments" || v === "1") body.set(k, v);
  }
  return { method: "POST", body };
}

const settings = (who: Who, id: number, changes: Record<string, string | null>) => call(settingsAction, who, { roundId: String(id) }, settingsForm(id, changes));

beforeAll(async () => {
  const bacNinh = province("24");
  bacNinhId = bacNinh.id;
  const bnBody = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bacNinh.id);
  bnBodyId = bnBody.id;
  const tnBody = createBody("Sở Công Thương tỉnh Thái Nguyên", "province", province("19").id);
  cookie.bn = await startSession(await createOrganizer("bn@example.vn", bnBody.id));
  cookie.tn = await startSession(await createOrganizer("tn@example.vn", tnBody.id));
  cookie.producer = await startSession(await createUser("cs@example.vn"));
  cookie.admin = await startSession(await createUser("qt@example.vn", { isSystemAdmin: true }));
  draftId = createRound(bnBody.id, "province", bacNinh.id, "Bình chọn sản phẩm CNNT tiêu biểu tỉnh Bắc Ninh 2027", { status: "draft", year: 2027 }).id;
});

describe("round settings with dates typed dd/mm/yyyy", () => {
  it("saves dd/mm/yyyy (and d/m/yyyy, and ISO) as ISO and shows them back as dd/mm/yyyy", async () => {
    const r = await settings("bn", draftId, {
      registrationOpensOn: "01/03/2027",
      registrationClosesOn: "30/4/2027",
      councilMeetingOn: "2027-06-01",
      announcementOn: "15/06/2027",
      releaseComments: "1",
      complaintWindowWorkingDays: "15",
      complaintAnswerDays: "45",
    });
    expect(r.status, JSON.stringify(r.data)).toBe(302);
    const row = roundRow(draftId);
    expect(row).toMatchObject({
      registrationOpensOn: "2027-03-01",
      registrationClosesOn: "2027-04-30",
      councilMeetingOn: "2027-06-01",
      announcementOn: "2027-06-15",
      releaseComments: true,
      complaintWindowWorkingDays: 15,
      complaintAnswerDays: 45,
    });
    const page = await call(settingsLoader, "bn", { roundId: String(draftId) });
    expect(page.status).toBe(200);
    expect(page.data.values).toMatchObject({
      registrationOpensOn: "01/03/2027",
      registrationClosesOn: "30/04/2027",
      councilMeetingOn: "01/06/2027",
      releaseComments: "1",
      complaintWindowWorkingDays: "15",
      complaintAnswerDays: "45",
    });
  });

  it("refuses a day that does not exist with 400 and the Vietnamese message, writing nothing", async () => {
    const before = roundRow(draftId);
    const r = await settings("bn", draftId, { registrationOpensOn: "31/02/2027", complaintAnswerDays: "20" });
    expect(r.status).toBe(400);
    expect(r.data.errors.registrationOpensOn).toBe(DATE_INPUT_MESSAGE);
    expect(r.data.errors.registrationOpensOn).toBe("Ngày không hợp lệ, nhập theo dạng ngày/tháng/năm, ví dụ 05/09/2026.");
    expect(r.data.values.registrationOpensOn).toBe("31/02/2027"); // shown back as typed
    expect(roundRow(draftId)).toEqual(before);
  });

  it("refuses out-of-range settings and asks for empty ones", async () => {
    const before = roundRow(draftId);
    const r = await settings("bn", draftId, { title: "   ", complaintWindowWorkingDays: "0", complaintAnswerDays: "91", year: "" });
    expect(r.status).toBe(400);
    expect(r.data.errors).toMatchObject({
      title: "Vui lòng nhập tên kỳ bình chọn.",
      year: "Vui lòng nhập năm.",
      complaintWindowWorkingDays: "Thời hạn khiếu nại (ngày làm việc) tối thiểu là 1.",
      complaintAnswerDays: "Thời hạn trả lời khiếu nại (ngày) tối đa là 90.",
    });
    expect(JSON.stringify(r.data.errors)).not.toContain("quá ngắn");
    expect(roundRow(draftId)).toEqual(before);
  });

  it("creating a round: an empty title is asked for, nothing is created; dd/mm/yyyy dates are stored ISO", async () => {
    const count = () => db.select({ n: sql<number>`count(*)` }).from(rounds).get()!.n;
    const n = count();
    const form = (changes: Record<string, string>) => {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries({ ...roundFormValues(), bodyId: String(bnBodyId), ...changes })) if (typeof v === "string") body.set(k, v);
      return { method: "POST", body };
    };
    const bad = await call(newRoundAction, "bn", {}, form({ title: "" }));
    expect(bad.status).toBe(400);
    expect(bad.data.errors.title).toBe("Vui lòng nhập tên kỳ bình chọn.");
    expect(count()).toBe(n);
    const ok = await call(newRoundAction, "bn", {}, form({ title: "Bình chọn cấp tỉnh Bắc Ninh 2028", year: "2028", registrationOpensOn: "5/9/2028", registrationClosesOn: "05/10/2028" }));
    expect(ok.status, JSON.stringify(ok.data)).toBe(302);
    const id = Number(/vong\/(\d+)/.exec(ok.location!)![1]);
    expect(roundRow(id)).toMatchObject({ registrationOpensOn: "2028-09-05", registrationClosesOn: "2028-10-05", releaseComments: false, complaintWindowWorkingDays: 10, complaintAnswerDays: 30 });
  });

  it("is for the round's own organizers only", async () => {
    expect((await settings("tn", draftId, { complaintAnswerDays: "60" })).status).toBe(404);
    expect((await settings("producer", draftId, { complaintAnswerDays: "60" })).status).toBe(403);
    expect(roundRow(draftId).complaintAnswerDays).toBe(45);
  });
});

describe("freeze rules of the new settings", () => {
  it("complaint terms freeze once scoring starts; releasing comments may change until publication", async () => {
    const id = createRound(bnBodyId, "province", bacNinhId, "Vòng đang chấm", { status: "scoring" }).id;
    const page = await call(settingsLoader, "bn", { roundId: String(id) });
    expect(page.data.frozen).toEqual(expect.arrayContaining(["complaintWindowWorkingDays", "complaintAnswerDays"]));
    expect(page.data.frozen).not.toContain("releaseComments");
    const refused = await settings("bn", id, { complaintWindowWorkingDays: "20" });
    expect(refused.status).toBe(409);
    expect(refused.data.errors.complaintWindowWorkingDays).toBe("Đã bắt đầu chấm điểm nên không thể đổi: thời hạn khiếu nại.");
    expect(roundRow(id).complaintWindowWorkingDays).toBe(10);
    const ok = await settings("bn", id, { releaseComments: "1" });
    expect(ok.status, JSON.stringify(ok.data)).toBe(302);
    expect(roundRow(id).releaseComments).toBe(true);
  });

  it("after publication, releasing comments is frozen too", async () => {
    const id = createRound(bnBodyId, "province", bacNinhId, "Vòng đã công bố", { status: "published", releaseComments: true }).id;
    const page = await call(settingsLoader, "bn", { roundId: String(id) });
    expect(page.data.frozen).toContain("releaseComments");
    const refused = await settings("bn", id, { releaseComments: null });
    expect(refused.status).toBe(409);
    expect(refused.data.errors.releaseComments).toBe("Kết quả đã công bố nên không thể đổi: việc cho cơ sở xem nhận xét của giám khảo.");
    expect(roundRow(id).releaseComments).toBe(true);
    // The form posts the frozen, ticked box as a hidden field: saving other settings still works.
    const ok = await settings("bn", id, { title: "Vòng đã công bố (sửa tên)" });
    expect(ok.status, JSON.stringify(ok.data)).toBe(302);
  });
});

describe("the recognition decision form", () => {
  let reviewingId = 0;
  beforeAll(() => {
    reviewingId = buildRecognisedRound({
      bodyId: bnBodyId,
      level: "province",
      unitId: bacNinhId,
      year: 2026,
      title: "Kỳ đang xét kết quả",
      status: "results_review",
      products: [{ name: "Bình gốm men da lươn", producer: "Hợp tác xã Gốm Phù Lãng", provinceId: bacNinhId }],
    }).roundId;
  });
  const decision = () => db.select().from(recognitionDecisions).where(eq(recognitionDecisions.roundId, reviewingId)).get();
  const post = (fields: Record<string, string>) => call(resultsAction, "bn", { roundId: String(reviewingId) }, { method: "POST", body: new URLSearchParams({ intent: "decision", ...fields }) });
  const good = () => ({ number: "2150/QĐ-UBND", signedOn: toDateInput(todayInVietnam()), signerName: "Nguyễn Văn Phong", signerTitle: "Phó Chủ tịch UBND tỉnh", issuer: "UBND tỉnh Bắc Ninh" });

  it("is pre-filled: the organizing body as issuer (no decision of this body's other rounds)", async () => {
    expect(decisionDefaults(reviewingId)).toEqual({ issuer: "Sở Công Thương tỉnh Bắc Ninh", signerName: "", signerTitle: "" });
    const page = await call(resultsLoader, "bn", { roundId: String(reviewingId) });
    expect(page.status).toBe(200);
    expect(page.data.decisionDefaults.issuer).toBe("Sở Công Thương tỉnh Bắc Ninh");
    expect(page.data.today).toBe(todayInVietnam());
  });

  it("refuses an unreadable date and empty fields with messages saying what to do, recording nothing", async () => {
    const before = decision();
    const bad = await post({ ...good(), signedOn: "31/02/2026" });
    expect(bad.status).toBe(400);
    expect(bad.data.errors.signedOn).toBe(DATE_INPUT_MESSAGE);
    expect(bad.data.values.signedOn).toBe("31/02/2026");
    const empty = await post({ number: "", signedOn: "", signerName: "", signerTitle: "", issuer: "" });
    expect(empty.status).toBe(400);
    expect(empty.data.errors).toEqual({
      number: "Vui lòng nhập số quyết định, ví dụ 1234/QĐ-UBND.",
      signedOn: "Vui lòng nhập ngày ký quyết định, ví dụ 05/09/2026.",
      signerName: "Vui lòng nhập họ tên người ký.",
      signerTitle: "Vui lòng nhập chức vụ người ký, ví dụ Phó Chủ tịch UBND tỉnh.",
      issuer: "Vui lòng nhập cơ quan ban hành, ví dụ UBND tỉnh Bắc Ninh.",
    });
    expect(decision()).toEqual(before);
  });

  it("records a decision dated dd/mm/yyyy as ISO; the next round of the body starts from it", async () => {
    const r = await post(good());
    expect(r.status, JSON.stringify(r.data)).toBe(302);
    expect(decision()).toMatchObject({ signedOn: todayInVietnam(), issuer: "UBND tỉnh Bắc Ninh" });
    const next = createRound(bnBodyId, "province", bacNinhId, "Vòng sau", { status: "results_review" }).id;
    expect(decisionDefaults(next)).toEqual({ issuer: "UBND tỉnh Bắc Ninh", signerName: "Nguyễn Văn Phong", signerTitle: "Phó Chủ tịch UBND tỉnh" });
  });
});

describe("the outbox's date filters", () => {
  it("read dd/mm/yyyy as well as ISO", async () => {
    // Two mails: 1 March and 2 March 2026, 10:00 in Vietnam.
    for (const day of ["2026-03-01", "2026-03-02"]) {
      db.insert(mailOutbox).values({ toAddress: "x@example.vn", subject: `Thư ${day}`, textBody: "…", transport: "outbox", createdAt: new Date(`${day}T10:00:00+07:00`) }).run();
    }
    const total = async (q: string) => (await call(outboxLoader, "admin", {}, undefined, `/quan-tri/hop-thu?${q}`)).data.total as number;
    expect(await total("tu_ngay=02/03/2026")).toBe(await total("tu_ngay=2026-03-02"));
    expect(await total("tu_ngay=1/3/2026&den_ngay=01/03/2026")).toBe(1);
    const a = await call(outboxLoader, "admin", {}, undefined, "/quan-tri/hop-thu?tu_ngay=01/03/2026&den_ngay=2/3/2026");
    expect(a.status).toBe(200);
    expect(a.data.filters).toMatchObject({ tu_ngay: "2026-03-01", den_ngay: "2026-03-02" });
    const b = await call(outboxLoader, "admin", {}, undefined, "/quan-tri/hop-thu?tu_ngay=31/02/2026");
    expect(b.data.filters.tu_ngay).toBeUndefined();
  });
});
