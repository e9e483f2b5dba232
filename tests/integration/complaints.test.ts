/**
 * Complaints about results (issue 14) on a real SQLite database with the real migrations: filing
 * (with an attachment, through the route), the council's queue, the re-check (never by the named
 * judge), the answer, and the correction of an upheld complaint that changes a recognition in
 * both directions (certificate issued / revoked, amended decision recorded, public page marked),
 * with the refusals (late, not an entrant, a second open complaint) and who may do what.
 */
import type { ActionFunction, LoaderFunction } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  certificates,
  complaintEvents,
  complaintFiles,
  complaints,
  councilMembers,
  councils,
  councilVerdicts,
  entries,
  notifications,
  establishmentMembers,
  establishments,
  products,
  publicGeneration,
  recognitionDecisions,
  results,
  rounds,
  scoreSheets,
  stageClosures,
} from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { todayInVietnam } from "~/lib/dates";
import { db } from "~/lib/db.server";
import { loadPrincipal } from "~/lib/permissions.server";
import { createMissingCertificates } from "~/modules/certificates/certificates.server";
import { buildRecognisedRound, type BuiltRound } from "~/modules/certificates/testdata.server";
import {
  answerComplaint,
  askRecheck,
  closeComplaint,
  ComplaintError,
  complaintForCouncil,
  complaintQueue,
  fileComplaint,
  recheckInbox,
  recheckView,
  recordRecheck,
} from "~/modules/complaints/complaints.server";
import { applyCorrection, correctionPreview, reopenForRescore } from "~/modules/complaints/correction.server";
import { closeStage, publishRound, recordDecision, recordVerdicts, saveSheet } from "~/modules/scoring/scoring.server";
import { action as sheetAction, loader as sheetLoader } from "~/routes/giam-khao.vong.$roundId.cham.$entryId";
import { action as fileAction, loader as producerList } from "~/routes/co-so.khieu-nai._index";
import { loader as producerDetail } from "~/routes/co-so.khieu-nai.$id._index";
import { loader as receiptPdf } from "~/routes/co-so.khieu-nai.$id.bien-nhan[.]pdf";
import { loader as fileRoute } from "~/routes/co-so.khieu-nai.$id_.tep.$fileId";
import { loader as queueRoute } from "~/routes/to-chuc.vong.$roundId_.khieu-nai._index";
import { action as councilAction, loader as councilDetail } from "~/routes/to-chuc.vong.$roundId_.khieu-nai.$id";
import { loader as recheckRoute } from "~/routes/giam-khao.khieu-nai.$id";
import { loader as publicResults } from "~/routes/ket-qua.$roundId";
import { makePdf } from "../helpers/files";
import { createBody, createOrganizer, createRound, createUser, province, requestWithCookie } from "../helpers/fixtures";

type Who = "bn" | "tn" | "producer" | "other" | "chair" | "j1" | "j2" | "anonymous";
const ids: Partial<Record<Who, string>> = {};
const cookies: Partial<Record<Who, string | null>> = { anonymous: null };
const members: Record<string, number> = {};
let round: BuiltRound;
let oldRound: BuiltRound;
const today = todayInVietnam();
const year = Number(today.slice(0, 4));

const principal = (who: Who) => loadPrincipal(ids[who]!, false);

async function call(fn: LoaderFunction | ActionFunction, who: Who, params: Record<string, string>, init: RequestInit = {}, url = "/x") {
  try {
    const res = (await fn({ request: requestWithCookie(url, cookies[who] ?? null, init), params, context: {} })) as Response;
    const json = res.headers.get("Content-Type")?.includes("json") ? await res.clone().json() : null;
    return { status: res.status, res, location: res.headers.get("Location"), json, message: json?.message as string | undefined };
  } catch (thrown) {
    if (thrown instanceof Response) {
      const data = thrown.headers.get("Content-Type")?.includes("json") ? await thrown.json() : null;
      return { status: thrown.status, res: thrown, location: thrown.headers.get("Location"), json: data, message: data?.message as string | undefined };
    }
    throw thrown;
  }
}

const post = (fields: Record<string, string>): RequestInit => ({ method: "POST", body: new URLSearchParams(fields), headers: { "Content-Type": "application/x-www-form-urlencoded" } });

function thrownStatus(fn: () => unknown): number | string {
  try {
    fn();
  } catch (e) {
    if (e instanceof Response) return e.status;
    if (e instanceof ComplaintError) return e.status;
    if (e && typeof (e as { status?: unknown }).status === "number") return (e as { status: number }).status;
    throw e;
  }
  return "no error";
}

const decision = (number: string) => ({ note: "Hội đồng kết luận khiếu nại đúng.", number, signedOn: today, signerName: "Vương Quốc Tuấn", signerTitle: "Phó Chủ tịch UBND tỉnh", issuer: "Ủy ban nhân dân tỉnh Bắc Ninh" });

beforeAll(async () => {
  const bacNinh = province("24");
  const thaiNguyen = province("19");
  const bnBody = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bacNinh.id);
  const tnBody = createBody("Sở Công Thương tỉnh Thái Nguyên", "province", thaiNguyen.id);
  ids.bn = await createOrganizer("bn@example.vn", bnBody.id);
  ids.tn = await createOrganizer("tn@example.vn", tnBody.id);
  ids.producer = await createUser("coso@example.vn");
  ids.other = await createUser("coso2@example.vn");
  ids.chair = await createUser("chutich@example.vn");
  ids.j1 = await createUser("gk1@example.vn");
  ids.j2 = await createUser("gk2@example.vn");
  round = buildRecognisedRound({
    bodyId: bnBody.id,
    level: "province",
    unitId: bacNinh.id,
    year: 2026,
    title: "Bình chọn sản phẩm CNNT tiêu biểu tỉnh Bắc Ninh năm 2026",
    decision: { number: "1520/QĐ-UBND", signedOn: "2026-01-10", signerName: "Vương Quốc Tuấn", signerTitle: "Phó Chủ tịch UBND tỉnh", issuer: "Ủy ban nhân dân tỉnh Bắc Ninh" },
    products: [
      { name: "Bình gốm men da lươn Phù Lãng", producer: "Hợp tác xã Gốm Phù Lãng", provinceId: bacNinh.id, ownerUserId: ids.producer },
      { name: "Đồ gỗ mỹ nghệ Đồng Kỵ", producer: "Công ty TNHH Đồ gỗ Đồng Kỵ", provinceId: bacNinh.id, ownerUserId: ids.other },
      { name: "Nồi nhôm đúc Văn Môn", producer: "Công ty TNHH Nhôm Văn Môn", provinceId: bacNinh.id, group: 3, recognised: false, ownerUserId: ids.producer },
    ],
  });
  // The third entry passed the mark but was left out (e.g. the cap): a complaint can recognise it.
  db.update(results).set({ passed: true }).where(eq(results.entryId, round.entryIds[2]!)).run();
  const council = db.insert(councils).values({ roundId: round.roundId, name: "Hội đồng bình chọn tỉnh Bắc Ninh" }).returning().get();
  for (const [who, name, role] of [
    ["chair", "Nguyễn Văn Chủ", "chair"],
    ["j1", "Trần Thị Một", "member"],
    ["j2", "Lê Văn Hai", "member"],
  ] as const) {
    members[who] = db.insert(councilMembers).values({ councilId: council.id, userId: ids[who], fullName: name, role, isJudge: true }).returning().get().id;
  }
  // The round's certificates were issued before the complaints.
  createMissingCertificates(principal("bn"), round.roundId, { issuedOn: today });
  oldRound = buildRecognisedRound({
    bodyId: bnBody.id,
    level: "province",
    unitId: bacNinh.id,
    year: 2024,
    title: "Vòng tỉnh Bắc Ninh 2024",
    products: [{ name: "Tranh Đông Hồ", producer: "Cơ sở tranh Đông Hồ", provinceId: bacNinh.id, ownerUserId: ids.producer }],
  });
  db.update(rounds).set({ publishedAt: new Date("2024-06-03T03:00:00Z") }).where(eq(rounds.id, oldRound.roundId)).run();
  for (const who of ["bn", "tn", "producer", "other", "chair", "j1", "j2"] as const) cookies[who] = await startSession(ids[who]!);
});

let upheldId = 0; // complaint on the not-recognised entry (will be recognised)
let revokeId = 0; // complaint on a recognised entry (will lose its recognition)

describe("filing a complaint", () => {
  it("a producer files one with an attachment through the form, gets a number and a receipt", async () => {
    const form = new FormData();
    form.set("entryId", String(round.entryIds[2]));
    form.set("body", "Sản phẩm đạt 79,99 điểm, trên điểm tối thiểu, nhưng không được công nhận mà không nêu lý do.");
    form.set("namedMemberId", String(members.j1));
    form.append("files", new Blob([new Uint8Array(await makePdf("Bang diem"))], { type: "application/pdf" }), "bang-diem.pdf");
    const r = await call(fileAction, "producer", {}, { method: "POST", body: form });
    expect(r.status).toBe(302);
    upheldId = Number(/\/co-so\/khieu-nai\/(\d+)/.exec(r.location!)![1]);
    const c = db.select().from(complaints).where(eq(complaints.id, upheldId)).get()!;
    expect(c.number).toBe(`KN-${year}-0001`);
    expect(c.status).toBe("open");
    expect(c.namedMemberId).toBe(members.j1);
    expect(c.answerDueOn! > today).toBe(true);
    expect(db.select().from(complaintFiles).where(eq(complaintFiles.complaintId, upheldId)).all()).toHaveLength(1);
    expect(db.select().from(complaintEvents).where(eq(complaintEvents.complaintId, upheldId)).all().map((e) => e.kind)).toEqual(["filed"]);
    expect(db.select().from(auditLog).where(and(eq(auditLog.action, "complaint.file"), eq(auditLog.objectId, String(upheldId)))).all()).toHaveLength(1);
    expect(db.select().from(notifications).where(and(eq(notifications.userId, ids.producer!), eq(notifications.kind, "complaint.filed"))).all()).toHaveLength(1);
    expect(db.select().from(notifications).where(and(eq(notifications.userId, ids.chair!), eq(notifications.kind, "complaint.received"))).all()).toHaveLength(1);

    const detail = await call(producerDetail, "producer", { id: String(upheldId) });
    expect(detail.status).toBe(200);
    expect(detail.json.complaint.number).toBe(c.number);
    const pdf = await call(receiptPdf, "producer", { id: String(upheldId) });
    expect(pdf.status).toBe(200);
    expect(pdf.res.headers.get("Content-Type")).toBe("application/pdf");
    expect(Buffer.from(await pdf.res.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
    const fileId = db.select().from(complaintFiles).where(eq(complaintFiles.complaintId, upheldId)).get()!.fileId;
    expect((await call(fileRoute, "producer", { id: String(upheldId), fileId: String(fileId) })).status).toBe(200);
    expect((await call(fileRoute, "bn", { id: String(upheldId), fileId: String(fileId) })).status).toBe(200);
    expect((await call(fileRoute, "other", { id: String(upheldId), fileId: String(fileId) })).status).toBe(404);
    expect((await call(fileRoute, "tn", { id: String(upheldId), fileId: String(fileId) })).status).toBe(404);
  });

  it("refuses a second complaint on the same entry while the first is open", async () => {
    const r = await call(fileAction, "producer", {}, { method: "POST", body: (() => { const f = new FormData(); f.set("entryId", String(round.entryIds[2])); f.set("body", "Khiếu nại lần hai về cùng một sản phẩm đang chờ trả lời."); return f; })() });
    expect(r.status).toBe(409);
    expect(r.message).toMatch(/đã có khiếu nại số KN-\d{4}-0001 đang được giải quyết/);
    expect(db.select().from(complaints).all()).toHaveLength(1);
  });

  it("refuses someone without an entry in the round, and a late complaint, with a clear message", async () => {
    await expect(fileComplaint(principal("other"), { entryId: round.entryIds[0]!, body: "Tôi khiếu nại kết quả của sản phẩm không phải của tôi." })).rejects.toMatchObject({ status: 403, message: expect.stringMatching(/Chỉ cơ sở có sản phẩm dự thi/) });
    await expect(fileComplaint(principal("producer"), { entryId: oldRound.entryIds[0]!, body: "Khiếu nại về kết quả đã công bố từ năm 2024, quá hạn." })).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/Đã hết thời hạn khiếu nại.*03\/06\/2024/) });
    await expect(fileComplaint(principal("producer"), { entryId: round.entryIds[0]!, body: "ngắn" })).rejects.toMatchObject({ status: 400, field: "body" });
    const list = await call(producerList, "producer", {});
    const old = list.json.options.find((o: { entryId: number }) => o.entryId === oldRound.entryIds[0]);
    expect(old.inWindow).toBe(false);
    expect(db.select().from(complaints).all()).toHaveLength(1);
  });
});

describe("the council's queue and the re-check", () => {
  it("the organizer and the chair see the queue; another province 404, a judge 403, a producer 404", async () => {
    expect((await call(queueRoute, "bn", { roundId: String(round.roundId) })).json.complaints).toHaveLength(1);
    expect((await call(queueRoute, "chair", { roundId: String(round.roundId) })).status).toBe(200);
    expect((await call(queueRoute, "tn", { roundId: String(round.roundId) })).status).toBe(404);
    expect((await call(queueRoute, "j1", { roundId: String(round.roundId) })).status).toBe(403);
    expect((await call(queueRoute, "producer", { roundId: String(round.roundId) })).status).toBe(404);
    expect((await call(councilDetail, "tn", { roundId: String(round.roundId), id: String(upheldId) })).status).toBe(404);
    expect((await call(councilDetail, "bn", { roundId: String(oldRound.roundId), id: String(upheldId) })).status).toBe(404);
    const q = complaintQueue(principal("bn"), round.roundId, "2999-01-01");
    expect(q.complaints[0]!.overdue).toBe(true);
  });

  it("never asks the named judge to re-check; another member re-checks and the council is told", async () => {
    const named = await call(councilAction, "chair", { roundId: String(round.roundId), id: String(upheldId) }, post({ intent: "recheck", memberId: String(members.j1) }));
    expect(named.status).toBe(400);
    expect(named.message).toMatch(/giám khảo bị nêu/);
    expect(complaintForCouncil(principal("chair"), round.roundId, upheldId).recheckCandidates.map((m) => m.id)).not.toContain(members.j1);
    const ok = await call(councilAction, "chair", { roundId: String(round.roundId), id: String(upheldId) }, post({ intent: "recheck", memberId: String(members.j2), note: "Xem lại nhóm tiêu chí I." }));
    expect(ok.status).toBe(302);
    expect(db.select().from(complaints).where(eq(complaints.id, upheldId)).get()!.status).toBe("rechecking");
    expect(recheckInbox(principal("j2")).map((x) => x.id)).toEqual([upheldId]);
    expect(recheckInbox(principal("j1"))).toEqual([]);
    expect((await call(recheckRoute, "j1", { id: String(upheldId) })).status).toBe(404);
    expect((await call(recheckRoute, "j2", { id: String(upheldId) })).status).toBe(200);
    expect(recheckView(principal("j2"), upheldId).dossier).toBeDefined();
    expect(thrownStatus(() => recordRecheck(principal("j1"), upheldId, "Tôi không được giao."))).toBe(404);
    recordRecheck(principal("j2"), upheldId, "Điểm đã chấm đúng; sản phẩm đạt điểm tối thiểu, đề nghị Hội đồng xem xét công nhận.");
    const c = db.select().from(complaints).where(eq(complaints.id, upheldId)).get()!;
    expect(c.status).toBe("open");
    expect(c.recheckNote).toMatch(/đề nghị Hội đồng/);
    // The producer is told of the steps, never shown the re-check note.
    const mine = (await call(producerDetail, "producer", { id: String(upheldId) })).json;
    expect(JSON.stringify(mine)).not.toMatch(/đề nghị Hội đồng xem xét công nhận/);
    expect(db.select().from(notifications).where(and(eq(notifications.userId, ids.producer!), eq(notifications.kind, "complaint.rechecking"))).all()).toHaveLength(1);
  });
});

describe("an upheld complaint that recognises the entry", () => {
  it("the chair answers; only the organizer corrects, with a confirmation", async () => {
    expect((await call(councilAction, "j2", { roundId: String(round.roundId), id: String(upheldId) }, post({ intent: "answer", outcome: "upheld", response: "Khiếu nại đúng." }))).status).toBe(403);
    const bad = await call(councilAction, "chair", { roundId: String(round.roundId), id: String(upheldId) }, post({ intent: "answer", outcome: "maybe", response: "Khiếu nại đúng, công nhận." }));
    expect(bad.status).toBe(400);
    const r = await call(councilAction, "chair", { roundId: String(round.roundId), id: String(upheldId) }, post({ intent: "answer", outcome: "upheld", response: "Sản phẩm đạt điểm, việc không công nhận thiếu căn cứ." }));
    expect(r.status).toBe(302);
    expect(db.select().from(complaints).where(eq(complaints.id, upheldId)).get()!.status).toBe("answered");
    expect(db.select().from(notifications).where(and(eq(notifications.userId, ids.producer!), eq(notifications.kind, "complaint.answered"))).all()).toHaveLength(1);
    // The chair may not sign decisions nor issue certificates.
    expect(thrownStatus(() => correctionPreview(principal("chair"), round.roundId, upheldId))).toBe(403);
    // Without a token: 428; nothing written.
    const noToken = await call(councilAction, "bn", { roundId: String(round.roundId), id: String(upheldId) }, post({ intent: "correct", ...decision("215/QĐ-UBND") }));
    expect(noToken.status).toBe(428);
    // A date in the future is refused.
    const { token } = correctionPreview(principal("bn"), round.roundId, upheldId);
    const future = await call(councilAction, "bn", { roundId: String(round.roundId), id: String(upheldId) }, post({ intent: "correct", ...decision("215/QĐ-UBND"), signedOn: "2999-01-01", "xac-nhan": token }));
    expect(future.status).toBe(400);
    expect(db.select().from(recognitionDecisions).where(eq(recognitionDecisions.roundId, round.roundId)).all()).toHaveLength(1);
  });

  it("records the amended decision, recognises the entry, issues its certificate and marks the public page", async () => {
    const genBefore = db.select().from(publicGeneration).get()!.n;
    const before = await call(publicResults, "anonymous", { roundId: String(round.roundId) });
    expect(before.json.certificates.find((c: { productName: string }) => c.productName === "Nồi nhôm đúc Văn Môn")).toBeUndefined();
    const { token, recognisedAfter } = correctionPreview(principal("bn"), round.roundId, upheldId);
    expect(recognisedAfter).toBe(true);
    const r = await call(councilAction, "bn", { roundId: String(round.roundId), id: String(upheldId) }, post({ intent: "correct", ...decision("215/QĐ-UBND"), "xac-nhan": token }));
    expect(r.status).toBe(302);
    const entryId = round.entryIds[2]!;
    const amended = db.select().from(recognitionDecisions).where(eq(recognitionDecisions.number, "215/QĐ-UBND")).get()!;
    expect(amended.amendsDecisionId).toBe(round.decisionId);
    expect(amended.complaintId).toBe(upheldId);
    expect(amended.signedOn).toBe(today);
    const v = db.select().from(councilVerdicts).where(eq(councilVerdicts.entryId, entryId)).get()!;
    expect(v.recognised).toBe(true);
    expect(v.decisionId).toBe(amended.id);
    expect(db.select().from(entries).where(eq(entries.id, entryId)).get()!.status).toBe("recognised");
    const cert = db.select().from(certificates).where(eq(certificates.entryId, entryId)).get()!;
    expect(cert.decisionId).toBe(amended.id);
    expect(cert.revokedAt).toBeNull();
    const c = db.select().from(complaints).where(eq(complaints.id, upheldId)).get()!;
    expect(c.status).toBe("closed");
    expect(c.amendedDecisionId).toBe(amended.id);
    expect(db.select().from(complaintEvents).where(eq(complaintEvents.complaintId, upheldId)).all().map((e) => e.kind)).toEqual(["filed", "recheck_asked", "recheck_done", "answered", "corrected"]);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "complaint.correct")).all()).toHaveLength(1);
    expect(db.select().from(notifications).where(and(eq(notifications.userId, ids.producer!), eq(notifications.kind, "complaint.corrected"))).all()).toHaveLength(1);
    // The public page: the product listed with its certificate and the mark; no complaint text.
    expect(db.select().from(publicGeneration).get()!.n).toBeGreaterThan(genBefore);
    const page = await call(publicResults, "anonymous", { roundId: String(round.roundId) });
    const row = page.json.certificates.find((x: { productName: string }) => x.productName === "Nồi nhôm đúc Văn Môn");
    expect(row.number).toBe(cert.number);
    expect(row.amended).toEqual({ number: "215/QĐ-UBND", signedOn: today });
    expect(JSON.stringify(page.json)).not.toMatch(/79,99|không nêu lý do|Khiếu nại đúng/);
    expect(page.json.decisions.map((d: { number: string }) => d.number)).toContain("215/QĐ-UBND");
    // A replayed token changes nothing more.
    const again = await call(councilAction, "bn", { roundId: String(round.roundId), id: String(upheldId) }, post({ intent: "correct", ...decision("216/QĐ-UBND"), "xac-nhan": token }));
    expect(again.status).toBe(409);
  });
});

describe("an upheld complaint that withdraws a recognition", () => {
  it("revokes the certificate with the amended decision's number and marks the public page", async () => {
    ({ id: revokeId } = await fileComplaint(principal("other"), { entryId: round.entryIds[1]!, body: "Đề nghị xem lại: sản phẩm của chúng tôi bị ghi nhầm nhóm khi xét công nhận." }));
    expect(db.select().from(complaints).where(eq(complaints.id, revokeId)).get()!.number).toBe(`KN-${year}-0002`);
    answerComplaint(principal("bn"), round.roundId, revokeId, { outcome: "partly", response: "Sản phẩm là bản sao, không đủ điều kiện công nhận." });
    const preview = correctionPreview(principal("bn"), round.roundId, revokeId);
    expect(preview.recognisedAfter).toBe(false);
    expect(preview.blocked).toEqual([]);
    const out = applyCorrection(principal("bn"), round.roundId, revokeId, { ...decision("230/QĐ-UBND"), note: "Không đủ điều kiện công nhận." }, preview.token);
    expect(out.certificate).toBe("revoked");
    const entryId = round.entryIds[1]!;
    const cert = db.select().from(certificates).where(eq(certificates.entryId, entryId)).get()!;
    expect(cert.revokedAt).not.toBeNull();
    expect(cert.revokeReason).toBe("Điều chỉnh theo Quyết định số 230/QĐ-UBND sau khiếu nại.");
    expect(db.select().from(entries).where(eq(entries.id, entryId)).get()!.status).toBe("not_recognised");
    const page = await call(publicResults, "anonymous", { roundId: String(round.roundId) });
    const row = page.json.certificates.find((x: { productName: string }) => x.productName === "Đồ gỗ mỹ nghệ Đồng Kỵ");
    expect(row.status).toBe("revoked");
    expect(row.amended.number).toBe("230/QĐ-UBND");
  });

  it("a rejected answer closes the complaint; a closed one takes no more steps; then a new complaint is allowed", async () => {
    const { id } = await fileComplaint(principal("producer"), { entryId: round.entryIds[0]!, body: "Đề nghị xem lại thứ hạng của sản phẩm gốm trong nhóm thủ công mỹ nghệ." });
    answerComplaint(principal("chair"), round.roundId, id, { outcome: "rejected", response: "Thứ hạng tính đúng theo quy chế của kỳ bình chọn." });
    expect(db.select().from(complaints).where(eq(complaints.id, id)).get()!.status).toBe("closed");
    expect(thrownStatus(() => answerComplaint(principal("chair"), round.roundId, id, { outcome: "upheld", response: "Đổi ý, khiếu nại đúng." }))).toBe(409);
    expect(thrownStatus(() => closeComplaint(principal("chair"), round.roundId, id, "Đóng lại lần nữa."))).toBe(409);
    expect(thrownStatus(() => askRecheck(principal("chair"), round.roundId, id, members.j2!))).toBe(409);
    const next = await fileComplaint(principal("producer"), { entryId: round.entryIds[0]!, body: "Khiếu nại mới sau khi khiếu nại trước đã có kết quả." });
    expect(next.number).toBe(`KN-${year}-0004`);
  });
});

describe("an upheld complaint about the points: sheets reopened, scored again, result recomputed", () => {
  it("the judges score the entry again on the published round; the correction recognises it from the new result", async () => {
    const bacNinh = province("24");
    const body = db.select().from(rounds).where(eq(rounds.id, round.roundId)).get()!.bodyId;
    const r2 = createRound(body, "province", bacNinh.id, "Vòng tỉnh Bắc Ninh 2026, đợt 2", { status: "scoring", minJudgesPerEntry: 2 });
    const sheet = db.query.criteriaSheets.findFirst({ where: (t, { eq }) => eq(t.isOfficial, true) }).sync()!;
    db.update(rounds).set({ criteriaSheetId: sheet.id }).where(eq(rounds.id, r2.id)).run();
    const groups = Object.fromEntries(db.query.criteria.findMany({ where: (t, { eq }) => eq(t.sheetId, sheet.id) }).sync().filter((c) => !c.parentId).map((c) => [c.code, c.id]));
    const est = db.insert(establishments).values({ legalType: "cooperative", name: "HTX Mây tre đan Phú Vinh", provinceId: bacNinh.id }).returning().get();
    db.insert(establishmentMembers).values({ establishmentId: est.id, userId: ids.producer!, role: "owner" }).run();
    const entryIdsR2 = ["Giỏ mây Phú Vinh", "Đèn tre Phú Vinh"].map((name, i) => {
      const prod = db.insert(products).values({ establishmentId: est.id, name, productGroupId: 1 }).returning().get();
      return db.insert(entries).values({ roundId: r2.id, productId: prod.id, establishmentId: est.id, status: "accepted", votingCode: `PV-00${i + 1}`, dossierNo: `PV-${i + 1}` }).returning().get().id;
    });
    const council = db.insert(councils).values({ roundId: r2.id, name: "Hội đồng đợt 2" }).returning().get();
    const seat: Record<string, number> = {};
    for (const who of ["chair", "j1", "j2"] as const) seat[who] = db.insert(councilMembers).values({ councilId: council.id, userId: ids[who], fullName: who, role: who === "chair" ? "chair" : "member" }).returning().get().id;
    const pts = (a: string, b: string, c: string, d: string) => ({ [`p_${groups.I}`]: a, [`p_${groups.II}`]: b, [`p_${groups.III}`]: c, [`p_${groups.IV}`]: d });
    // Entry 1: 80 from everyone. Entry 2: 60 from j1 (a slip in group I), 72 from the others: mean 68, below 70.
    for (const who of ["chair", "j1", "j2"] as const) {
      saveSheet(principal(who), r2.id, entryIdsR2[0]!, { fields: pts("32", "32", "8", "8"), comment: "", submit: true });
      saveSheet(principal(who), r2.id, entryIdsR2[1]!, { fields: who === "j1" ? pts("20", "24", "8", "8") : pts("28", "28", "8", "8"), comment: "", submit: true });
    }
    closeStage(principal("chair"), r2.id, "");
    expect(db.select().from(results).where(eq(results.entryId, entryIdsR2[1]!)).get()!.passed).toBe(false); // (60+72+72)/3 = 68
    recordVerdicts(principal("chair"), r2.id, [
      { entryId: entryIdsR2[0]!, recognised: true, note: "", votesFor: 3, votesAgainst: 0, votesAbstain: 0 },
      { entryId: entryIdsR2[1]!, recognised: false, note: "Chưa đạt điểm.", votesFor: 0, votesAgainst: 3, votesAbstain: 0 },
    ]);
    recordDecision(principal("bn"), r2.id, { number: "300/QĐ-UBND", signedOn: today, signerName: "Vương Quốc Tuấn", signerTitle: "Phó Chủ tịch UBND tỉnh", issuer: "Ủy ban nhân dân tỉnh Bắc Ninh" });
    await publishRound(principal("bn"), r2.id);

    const { id } = await fileComplaint(principal("producer"), { entryId: entryIdsR2[1]!, body: "Một giám khảo chấm nhóm I chỉ 20 điểm, thấp bất thường so với các giám khảo khác.", namedMemberId: seat.j1 });
    // Before an upheld answer, no sheet is reopened; the judge's sheet stays locked.
    expect(thrownStatus(() => reopenForRescore(principal("chair"), r2.id, id, [seat.j1!], "Chấm lại nhóm I."))).toBe(409);
    const locked = await call(sheetAction, "j1", { roundId: String(r2.id), entryId: String(entryIdsR2[1]) }, post({ ...pts("28", "24", "8", "8"), intent: "submit" }));
    expect(locked.status).toBe(409);
    answerComplaint(principal("chair"), r2.id, id, { outcome: "upheld", response: "Phiếu của một giám khảo ghi nhầm điểm nhóm I; chấm lại." });
    expect(thrownStatus(() => reopenForRescore(principal("chair"), r2.id, id, [], "Chấm lại nhóm I."))).toBe(400);
    reopenForRescore(principal("chair"), r2.id, id, [seat.j1!], "Ghi nhầm điểm nhóm I.");
    const reopened = db.select().from(scoreSheets).where(and(eq(scoreSheets.entryId, entryIdsR2[1]!), eq(scoreSheets.councilMemberId, seat.j1!))).get()!;
    expect(reopened.status).toBe("draft");
    expect(reopened.reopenReason).toMatch(/^Khiếu nại KN-\d{4}-\d{4}: Ghi nhầm điểm nhóm I\.$/);
    // The round stays published and the stage closed; the public page is unchanged meanwhile.
    expect(db.select().from(rounds).where(eq(rounds.id, r2.id)).get()!.status).toBe("published");
    expect(db.select().from(stageClosures).where(eq(stageClosures.roundId, r2.id)).get()!.reopenedAt).toBeNull();
    // The correction waits for the sheet.
    expect(correctionPreview(principal("bn"), r2.id, id).blocked.join(" ")).toMatch(/1 phiếu chấm được mở lại chưa nộp lại/);
    // Other judges' sheets and other entries stay locked.
    expect((await call(sheetAction, "j2", { roundId: String(r2.id), entryId: String(entryIdsR2[1]) }, post({ ...pts("30", "28", "8", "8"), intent: "submit" }))).status).toBe(409);
    expect((await call(sheetAction, "j1", { roundId: String(r2.id), entryId: String(entryIdsR2[0]) }, post({ ...pts("30", "28", "8", "8"), intent: "submit" }))).status).toBe(409);
    // The judge scores again on the normal sheet page.
    const page = await call(sheetLoader, "j1", { roundId: String(r2.id), entryId: String(entryIdsR2[1]) });
    expect(page.json.closed).toBe(false);
    const again = await call(sheetAction, "j1", { roundId: String(r2.id), entryId: String(entryIdsR2[1]) }, post({ ...pts("28", "24", "8", "8"), intent: "submit" }));
    expect(again.status).toBe(302); // submitted: back to the list
    expect(db.select().from(scoreSheets).where(eq(scoreSheets.id, reopened.id)).get()!.status).toBe("submitted");
    expect((await call(sheetLoader, "j1", { roundId: String(r2.id), entryId: String(entryIdsR2[1]) })).json.closed).toBe(true);
    const preview = correctionPreview(principal("bn"), r2.id, id);
    expect(preview.blocked).toEqual([]);
    expect(preview.rescored).toBe(true);
    const out = applyCorrection(principal("bn"), r2.id, id, { ...decision("301/QĐ-UBND"), note: "Chấm lại theo khiếu nại: đạt điểm." }, preview.token);
    expect(out.recognised).toBe(true);
    expect(out.certificate).toBe("pending"); // the round's certificates are not issued yet: issued with them
    const res = db.select().from(results).where(eq(results.entryId, entryIdsR2[1]!)).get()!;
    expect(res.sumTenths).toBe(2120); // 68 + 72 + 72 points, in tenths: a mean of 70.67
    expect(res.passed).toBe(true);
    expect(db.select().from(entries).where(eq(entries.id, entryIdsR2[1]!)).get()!.status).toBe("recognised");
    expect(db.select().from(rounds).where(eq(rounds.id, r2.id)).get()!.status).toBe("published");
    // The sheet is locked again once the complaint is closed.
    expect((await call(sheetAction, "j1", { roundId: String(r2.id), entryId: String(entryIdsR2[1]) }, post({ ...pts("30", "24", "8", "8"), intent: "submit" }))).status).toBe(409);
    const certs = createMissingCertificates(principal("bn"), r2.id, { issuedOn: today });
    expect(certs).toHaveLength(2);
  });
});
