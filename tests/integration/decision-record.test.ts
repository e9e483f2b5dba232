/**
 * The recognition decision record (issue 13, item 2): a decision dated in the future is refused
 * (certificates are dated between the decision and the day they are issued, so none could ever be
 * issued); after publication the record can be corrected until the first certificate is issued,
 * audited with the old and new values; then it is final. Real SQLite, real route action.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, recognitionDecisions } from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { todayInVietnam } from "~/lib/dates";
import { db } from "~/lib/db.server";
import { loadPrincipal } from "~/lib/permissions.server";
import { createMissingCertificates } from "~/modules/certificates/certificates.server";
import { buildRecognisedRound, type BuiltRound } from "~/modules/certificates/testdata.server";
import { recordDecision, ScoringError } from "~/modules/scoring/scoring.server";
import { action, loader } from "~/routes/to-chuc.vong.$roundId_.ket-qua";
import { createBody, createOrganizer, province, requestWithCookie } from "../helpers/fixtures";

let organizer: ReturnType<typeof loadPrincipal>;
let cookie = "";
let otherCookie = "";
let reviewing: BuiltRound;
let published: BuiltRound;

const DECISION = { number: "1234/QĐ-UBND", signedOn: "2026-11-20", signerName: "Nguyễn Văn An", signerTitle: "Phó Chủ tịch", issuer: "UBND tỉnh Bắc Ninh" };
const decisionOf = (roundId: number) => db.select().from(recognitionDecisions).where(eq(recognitionDecisions.roundId, roundId)).get()!;

async function post(roundId: number, fields: Record<string, string>, as = cookie) {
  const request = requestWithCookie(`/to-chuc/vong/${roundId}/ket-qua`, as, { method: "POST", body: new URLSearchParams(fields) });
  try {
    return (await action({ request, params: { roundId: String(roundId) }, context: {} } as never)) as Response;
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

async function page(roundId: number) {
  const res = (await loader({ request: requestWithCookie(`/to-chuc/vong/${roundId}/ket-qua`, cookie), params: { roundId: String(roundId) }, context: {} } as never)) as Response;
  return res.json();
}

beforeAll(async () => {
  const bacNinh = province("24");
  const body = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bacNinh.id);
  const orgId = await createOrganizer("org@example.vn", body.id);
  organizer = loadPrincipal(orgId, false);
  cookie = await startSession(orgId);
  const otherBody = createBody("Sở Công Thương tỉnh Thái Nguyên", "province", province("19").id);
  otherCookie = await startSession(await createOrganizer("other@example.vn", otherBody.id));
  const spec = (title: string, status: "results_review" | "published") => ({
    bodyId: body.id,
    level: "province" as const,
    unitId: bacNinh.id,
    year: 2026,
    title,
    status,
    decision: DECISION,
    products: [{ name: "Bình gốm men da lươn", producer: "Hợp tác xã Gốm Phù Lãng", provinceId: bacNinh.id }],
  });
  reviewing = buildRecognisedRound(spec("Kỳ đang xét kết quả", "results_review"));
  published = buildRecognisedRound(spec("Kỳ đã công bố", "published"));
});

describe("the decision's date", () => {
  it("refuses a decision dated after today, with the field's message, recording nothing", async () => {
    const tomorrow = new Date(Date.now() + 36 * 3600_000);
    const future = todayInVietnam(tomorrow);
    const res = await post(reviewing.roundId, { intent: "decision", ...DECISION, number: "9999/QĐ-UBND", signedOn: future });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.errors.signedOn).toMatch(/không được sau hôm nay/);
    expect(decisionOf(reviewing.roundId).number).toBe(DECISION.number);
    expect(() => recordDecision(organizer, reviewing.roundId, { ...DECISION, signedOn: "2026-12-01" }, "2026-11-30")).toThrow(ScoringError);
  });

  it("accepts today's date while reviewing", async () => {
    const res = await post(reviewing.roundId, { intent: "decision", ...DECISION, signedOn: todayInVietnam() });
    expect(res.status).toBe(302);
    expect(decisionOf(reviewing.roundId).signedOn).toBe(todayInVietnam());
  });
});

describe("correcting the decision after publication", () => {
  it("is offered and allowed until the first certificate, audited with the old and new values", async () => {
    expect((await page(published.roundId)).decisionCorrectable).toBe(true);
    const res = await post(published.roundId, { intent: "decision", ...DECISION, number: "1243/QĐ-UBND", signedOn: "2026-11-21" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toContain("xong=sua-quyet-dinh");
    expect(decisionOf(published.roundId)).toMatchObject({ number: "1243/QĐ-UBND", signedOn: "2026-11-21" });
    const entry = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "decision.correct"), eq(auditLog.objectId, String(published.roundId))))
      .get();
    expect(entry).toBeDefined();
    const data = typeof entry!.data === "string" ? JSON.parse(entry!.data) : entry!.data;
    expect(data.before).toMatchObject({ number: "1234/QĐ-UBND", signedOn: "2026-11-20" });
    expect(data.after).toMatchObject({ number: "1243/QĐ-UBND", signedOn: "2026-11-21" });
  });

  it("is refused to an organizer of another province", async () => {
    const res = await post(published.roundId, { intent: "decision", ...DECISION, number: "1/QĐ" }, otherCookie);
    expect([403, 404]).toContain(res.status);
    expect(decisionOf(published.roundId).number).toBe("1243/QĐ-UBND");
  });

  it("is final once a certificate has been issued", async () => {
    createMissingCertificates(organizer, published.roundId, { issuedOn: "2026-11-22", today: "2026-11-23" });
    expect((await page(published.roundId)).decisionCorrectable).toBe(false);
    const res = await post(published.roundId, { intent: "decision", ...DECISION, number: "5555/QĐ-UBND" });
    expect(res.status).toBe(409);
    expect((await res.json()).message).toMatch(/Đã cấp giấy chứng nhận/);
    expect(decisionOf(published.roundId).number).toBe("1243/QĐ-UBND");
  });
});
