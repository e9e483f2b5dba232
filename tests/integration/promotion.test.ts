/**
 * Promotion: a provincial organizer nominates a recognised entry into the open northern regional
 * round; the dossier is carried by reference; validity and territory are checked.
 */
import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { certificates, councilVerdicts, dossierDocuments, entries, establishmentMembers, establishments, files, products, recognitionDecisions } from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { loadPrincipal } from "~/lib/permissions.server";
import { entryDossier, submitEntry, uploadToSlot } from "~/modules/entries/entries.server";
import { addMonths, recognitionValidity } from "~/modules/promotion/promotion.server";
import { storage } from "~/lib/storage.server";
import { action as promoAction, loader as promoLoader } from "~/routes/to-chuc.vong.$roundId_.de-cu";
import { createBody, createOrganizer, createRound, createUser, province, requestWithCookie } from "../helpers/fixtures";
import { makePdf, makePng } from "../helpers/files";

const cookie: Record<string, string> = {};
const ids: Record<string, number> = {};
let producerId = "";

async function call(fn: (a: any) => any, who: string, params: Record<string, string>, init?: RequestInit) {
  try {
    const res: Response = await fn({ request: requestWithCookie("/x", cookie[who] ?? null, init), params, context: {} });
    return { status: res.status, data: res.headers.get("Content-Type")?.includes("json") ? await res.json() : null };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, data: e.headers.get("Content-Type")?.includes("json") ? await e.json() : null };
    throw e;
  }
}
const post = (f: Record<string, string>): RequestInit => ({ method: "POST", body: new URLSearchParams(f) });

async function stored(data: Buffer, name: string) {
  async function* one() {
    yield new Uint8Array(data);
  }
  return { ...(await storage().put(one(), { maxBytes: 1e7, accepts: ["pdf", "image"], originalName: name })), field: "files", originalName: name };
}

function recognisedEntry(roundId: number, estId: number, name: string, decisionId: number, cert: { validUntil: string; revoked?: boolean }) {
  const prod = db.insert(products).values({ establishmentId: estId, name, productGroupId: 1 }).returning().get();
  const e = db.insert(entries).values({ roundId, productId: prod.id, establishmentId: estId, status: "recognised", dossierNo: `HS-${name}` }).returning().get();
  db.insert(councilVerdicts).values({ entryId: e.id, recognised: true, decisionId, decidedAt: new Date() }).run();
  db.insert(certificates)
    .values({ entryId: e.id, decisionId, number: `${e.id}/GCN-TINH-2025`, publicCode: `code-${e.id}`, productName: name, producerName: "HTX", producerAddress: "Bắc Ninh", productGroupId: 1, level: "province", year: 2025, issuedOn: "2025-12-01", validUntil: cert.validUntil, revokedAt: cert.revoked ? new Date() : null, revokeReason: cert.revoked ? "Vi phạm" : null })
    .run();
  return e.id;
}

beforeAll(async () => {
  const bacNinh = province("24");
  const bnBody = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bacNinh.id);
  const tnBody = createBody("Sở Công Thương tỉnh Thái Nguyên", "province", province("19").id);
  const north = createBody("Cục Công Thương địa phương (khu vực phía Bắc)", "region", null, "BAC");
  const south = createBody("Cục Công Thương địa phương (khu vực phía Nam)", "region", null, "NAM");
  const provincial = createRound(bnBody.id, "province", bacNinh.id, "Vòng tỉnh Bắc Ninh 2025", { status: "published", year: 2025, regionCode: "BAC" });
  ids.provincial = provincial.id;
  ids.northRound = createRound(north.id, "region", null, "Bình chọn khu vực phía Bắc 2026", { status: "open", regionCode: "BAC", requiresLevel: "province" }).id;
  ids.southRound = createRound(south.id, "region", null, "Bình chọn khu vực phía Nam 2026", { status: "open", regionCode: "NAM", requiresLevel: "province" }).id;
  const decision = db.insert(recognitionDecisions).values({ roundId: provincial.id, number: "2150/QĐ-UBND", signedOn: "2025-12-01", signerName: "A", signerTitle: "Phó Chủ tịch", issuer: "UBND tỉnh Bắc Ninh" }).returning().get();
  producerId = await createUser("cs@example.vn");
  const est = db.insert(establishments).values({ legalType: "cooperative", name: "HTX Gốm Phù Lãng", provinceId: bacNinh.id }).returning().get();
  db.insert(establishmentMembers).values({ establishmentId: est.id, userId: producerId, role: "owner" }).run();
  ids.good = recognisedEntry(provincial.id, est.id, "Bình gốm", decision.id, { validUntil: "2028-12-01" });
  ids.expired = recognisedEntry(provincial.id, est.id, "Chum sành", decision.id, { validUntil: "2020-01-01" });
  ids.revoked = recognisedEntry(provincial.id, est.id, "Lọ hoa", decision.id, { validUntil: "2028-12-01", revoked: true });
  // The recognised entry's dossier (real files).
  for (const [docType, f] of [
    ["registration_form", await stored(await makePdf("phieu"), "phieu.pdf")],
    ["product_photos", await stored(makePng(10, 10, [5, 5, 5]), "a.png")],
  ] as const) {
    const fileId = db.insert(files).values({ storage: f.storage, storageKey: f.key, originalName: f.originalName, mimeType: f.mimeType, sizeBytes: f.sizeBytes, sha256: f.sha256 }).returning().get().id;
    db.insert(dossierDocuments).values({ entryId: ids.good!, docType, fileId }).run();
  }
  cookie.bn = await startSession(await createOrganizer("bn@example.vn", bnBody.id));
  cookie.tn = await startSession(await createOrganizer("tn@example.vn", tnBody.id));
  cookie.north = await startSession(await createOrganizer("north@example.vn", north.id));
  cookie.producer = await startSession(producerId);
});

describe("validity of a recognition", () => {
  it("follows the certificate, else the decision date plus the round's validity", () => {
    expect(recognitionValidity(db, ids.good!, "2026-11-23").valid).toBe(true);
    expect(recognitionValidity(db, ids.expired!, "2026-11-23").reason).toMatch(/hết hiệu lực/);
    expect(recognitionValidity(db, ids.revoked!, "2026-11-23").reason).toMatch(/thu hồi/);
    expect(addMonths("2025-12-01", 36)).toBe("2028-12-01");
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
  });
});

describe("nominating to the next level", () => {
  it("the provincial organizer sees its recognised entries and the open northern round only", async () => {
    const r = await call(promoLoader, "bn", { roundId: String(ids.provincial) });
    expect(r.status).toBe(200);
    expect(r.data.targets.map((t: any) => t.id)).toEqual([ids.northRound]);
    expect(r.data.own.find((e: any) => e.id === ids.expired).validity.valid).toBe(false);
  });

  it("refuses an expired or revoked recognition, a round of another region, and another province's organizer", async () => {
    expect((await call(promoAction, "bn", { roundId: String(ids.provincial) }, post({ entryId: String(ids.expired), targetRoundId: String(ids.northRound) }))).data.message).toMatch(/hết hiệu lực/);
    expect((await call(promoAction, "bn", { roundId: String(ids.provincial) }, post({ entryId: String(ids.revoked), targetRoundId: String(ids.northRound) }))).data.message).toMatch(/thu hồi/);
    const south = await call(promoAction, "bn", { roundId: String(ids.provincial) }, post({ entryId: String(ids.good), targetRoundId: String(ids.southRound) }));
    expect(south.status).toBe(400);
    expect(south.data.message).toMatch(/không phù hợp/);
    expect((await call(promoAction, "tn", { roundId: String(ids.provincial) }, post({ entryId: String(ids.good), targetRoundId: String(ids.northRound) }))).status).toBe(404);
    expect((await call(promoAction, "producer", { roundId: String(ids.provincial) }, post({ entryId: String(ids.good), targetRoundId: String(ids.northRound) }))).status).toBe(403);
    expect(db.select().from(entries).where(eq(entries.roundId, ids.northRound!)).all()).toHaveLength(0);
  });

  it("creates the nominated entry with the dossier carried by reference, once", async () => {
    const r = await call(promoAction, "bn", { roundId: String(ids.provincial) }, post({ entryId: String(ids.good), targetRoundId: String(ids.northRound) }));
    expect(r.status).toBe(302);
    const nominated = db.select().from(entries).where(eq(entries.roundId, ids.northRound!)).get()!;
    expect(nominated.status).toBe("nominated");
    expect(nominated.nominatedFromEntryId).toBe(ids.good);
    const from = db.select().from(dossierDocuments).where(eq(dossierDocuments.entryId, ids.good!)).all();
    const carried = db.select().from(dossierDocuments).where(eq(dossierDocuments.entryId, nominated.id)).all();
    expect(carried.map((d) => d.fileId).sort()).toEqual(from.map((d) => d.fileId).sort());
    expect(carried.every((d) => d.carriedFromDocumentId != null)).toBe(true);
    const fileCount = db.select().from(files).all().length;
    const again = await call(promoAction, "bn", { roundId: String(ids.provincial) }, post({ entryId: String(ids.good), targetRoundId: String(ids.northRound) }));
    expect(again.status).toBe(409);
    expect(db.select().from(files).all()).toHaveLength(fileCount);
    ids.nominated = nominated.id;
  });

  it("the regional organizer sees the candidates; the producer confirms and adds what the region needs", async () => {
    const north = await call(promoLoader, "north", { roundId: String(ids.northRound) });
    expect(north.data.candidates.find((c: any) => c.id === ids.good).nominated).toBe(true);
    const p = loadPrincipal(producerId, false);
    const view = entryDossier(p, ids.nominated!);
    expect(view.missing.map((m) => m.code)).toEqual(["business_registration", "product_description", "product_photos", "lower_decision", "lower_certificate"]);
    expect(view.slots.find((s) => s.code === "registration_form")!.editable).toBe(true);
    uploadToSlot(p, ids.nominated!, "lower_decision", [await stored(await makePdf("QD"), "qd.pdf")]);
    await expect(submitEntry(p, ids.nominated!)).rejects.toThrow(/còn thiếu/);
    const remaining = entryDossier(p, ids.nominated!).missing.map((m) => m.code);
    expect(remaining).not.toContain("lower_decision");
    expect(db.select().from(dossierDocuments).where(and(eq(dossierDocuments.entryId, ids.nominated!), isNull(dossierDocuments.supersededAt))).all().length).toBe(3);
  });
});
