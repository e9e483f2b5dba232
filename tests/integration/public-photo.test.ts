/** Product photos are public only while the product holds a certificate of a published round. */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { certificates, councilVerdicts, entries, establishments, files, productPhotos, products, recognitionDecisions, rounds } from "~db/schema";
import { db } from "~/lib/db.server";
import { storage } from "~/lib/storage.server";
import { loader as photoLoader } from "~/routes/san-pham.$id_.anh.$photoId";
import { loader as fileLoader } from "~/routes/tep.$fileId";
import { createBody, createRound, province } from "../helpers/fixtures";
import { makePng } from "../helpers/files";

let productId = 0;
let photoId = 0;
let fileId = 0;
let roundId = 0;
const png = makePng(30, 20, [200, 100, 50]);

async function status(fn: (a: any) => any, params: Record<string, string>) {
  try {
    const res: Response = await fn({ request: new Request("http://localhost:3999/x"), params, context: {} });
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()), type: res.headers.get("Content-Type") };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, body: Buffer.alloc(0), type: null };
    throw e;
  }
}

beforeAll(async () => {
  const bn = province("24");
  const body = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bn.id);
  roundId = createRound(body.id, "province", bn.id, "Vòng tỉnh 2025", { status: "results_review", year: 2025 }).id;
  const est = db.insert(establishments).values({ legalType: "sme", name: "Công ty Gốm", provinceId: bn.id }).returning().get();
  productId = db.insert(products).values({ establishmentId: est.id, name: "Bình gốm", productGroupId: 1 }).returning().get().id;
  async function* one() {
    yield new Uint8Array(png);
  }
  const s = await storage().put(one(), { maxBytes: 1e6, accepts: ["image"], originalName: "anh.png" });
  fileId = db.insert(files).values({ storage: s.storage, storageKey: s.key, originalName: "anh.png", mimeType: s.mimeType, sizeBytes: s.sizeBytes, sha256: s.sha256 }).returning().get().id;
  photoId = db.insert(productPhotos).values({ productId, fileId }).returning().get().id;
  const entry = db.insert(entries).values({ roundId, productId, establishmentId: est.id, status: "recognised" }).returning().get();
  const decision = db.insert(recognitionDecisions).values({ roundId, number: "1/QĐ", signedOn: "2025-12-01", signerName: "A", signerTitle: "B", issuer: "C" }).returning().get();
  db.insert(councilVerdicts).values({ entryId: entry.id, recognised: true, decisionId: decision.id, decidedAt: new Date() }).run();
  db.insert(certificates).values({ entryId: entry.id, decisionId: decision.id, number: "1/GCN-TINH-2025", publicCode: "abcdefghijklmnop", productName: "Bình gốm", producerName: "Công ty Gốm", producerAddress: "Bắc Ninh", productGroupId: 1, level: "province", year: 2025, issuedOn: "2025-12-01", validUntil: "2099-12-01" }).run();
});

describe("public product photos", () => {
  it("are hidden before the round is published", async () => {
    expect((await status(photoLoader, { id: String(productId), photoId: String(photoId) })).status).toBe(404);
    expect((await status(fileLoader, { fileId: String(fileId) })).status).toBe(404);
  });
  it("are served, with their bytes, once the round is published", async () => {
    db.update(rounds).set({ status: "published", publishedAt: new Date() }).where(eq(rounds.id, roundId)).run();
    const r = await status(photoLoader, { id: String(productId), photoId: String(photoId) });
    expect(r.status).toBe(200);
    expect(r.type).toBe("image/png");
    expect(r.body.equals(png)).toBe(true);
    expect((await status(fileLoader, { fileId: String(fileId) })).status).toBe(200);
    expect((await status(photoLoader, { id: String(productId), photoId: "999" })).status).toBe(404);
    expect((await status(photoLoader, { id: "abc", photoId: String(photoId) })).status).toBe(404);
  });
});
