/**
 * The lookup's cost does not grow with the number of hits (issue 10): a search finding 1 product
 * and one finding 300 run the same statements (counted, never timed); a repeated search reads
 * only its page; paging and totals stay exact, in the same order as ranking every hit afresh;
 * a change to public data is seen at once. Also the search results' thumbnails (issue 12, item
 * 11): the first photo of each product, a small PNG from the public photo route.
 */
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { certificates, files, productPhotos } from "~db/schema";
import { db } from "~/lib/db.server";
import { loadPrincipal } from "~/lib/permissions.server";
import { storage } from "~/lib/storage.server";
import { createMissingCertificates, revokeCertificate } from "~/modules/certificates/certificates.server";
import { buildRecognisedRound } from "~/modules/certificates/testdata.server";
import { parseLookupParams } from "~/modules/lookup/lookup";
import { forgetRankedSearches, searchCertified } from "~/modules/lookup/lookup.server";
import { closeThumbnailWorker, THUMB_PX } from "~/modules/lookup/thumbnail.server";
import { loader as lookupPage } from "~/routes/tra-cuu";
import { loader as photoRoute } from "~/routes/san-pham.$id_.anh.$photoId";
import { createBody, createOrganizer, province } from "../helpers/fixtures";
import { countStatements } from "../helpers/sql-count";

const TODAY = "2026-06-01";
const MANY = 300;
let organizer: ReturnType<typeof loadPrincipal>;
let roundId = 0;
let productIds: number[] = [];
let rareId = 0;

const filters = (qs: string) => parseLookupParams(new URLSearchParams(qs));
const search = (qs: string, pageSize?: number) => searchCertified(filters(qs), TODAY, pageSize);

beforeAll(async () => {
  const bacNinh = province("24");
  const body = createBody("Sở Công Thương Bắc Ninh", "province", bacNinh.id);
  organizer = loadPrincipal(await createOrganizer("so@example.vn", body.id), false);
  const built = buildRecognisedRound({
    bodyId: body.id,
    level: "province",
    unitId: bacNinh.id,
    year: 2025,
    title: "Bình chọn cấp tỉnh Bắc Ninh năm 2025",
    products: [
      // One product only "Sơn mài" finds; MANY that "gốm" finds, with names of varied relevance.
      { name: "Tranh sơn mài Đình Bảng", producer: "Hộ kinh doanh Nguyễn Văn Hải", provinceId: bacNinh.id, street: "Phường Đình Bảng", group: 4 },
      ...Array.from({ length: MANY }, (_, i) => ({
        name: i % 3 === 0 ? `Gốm men lam ${i}` : i % 3 === 1 ? `Bình hoa gốm Phù Lãng ${i}` : `Chum sành ${i}`,
        producer: i % 3 === 2 ? `Hợp tác xã gốm Phù Lãng ${i}` : `Hợp tác xã Phù Lãng ${i}`,
        provinceId: bacNinh.id,
        street: "Thôn Phù Lãng",
        group: 4 as const,
      })),
    ],
  });
  roundId = built.roundId;
  productIds = built.productIds;
  rareId = productIds[0]!;
  createMissingCertificates(organizer, roundId, { issuedOn: "2025-12-08", today: "2025-12-10" });
});

afterAll(async () => {
  await closeThumbnailWorker();
});

/** The reference: every hit ranked afresh by one plain query (no memo, no paging), as the lookup did before. */
function referenceOrder(match: string): number[] {
  return db.$client
    .prepare(
      `with m as materialized (select rowid as cid, bm25(certificate_fts, 10.0, 4.0, 2.0) as score from certificate_fts where certificate_fts match ?)
       select e.product_id as pid, min(m.score) as score,
         max(case c.level when 'national' then 4 when 'region' then 3 when 'province' then 2 when 'district' then 1 else 0 end) as lrank, max(c.year) as year
       from m join certificates c on c.id = m.cid join entries e on e.id = c.entry_id join rounds r on r.id = e.round_id
       where r.status = 'published' group by e.product_id order by score, lrank desc, year desc, pid`,
    )
    .all(match)
    .map((r) => (r as { pid: number }).pid);
}

describe("the lookup's cost does not grow with the number of hits", () => {
  it("a first search with 1 hit and with 300 hits runs the same statements, and a repeated one only reads its page", () => {
    forgetRankedSearches();
    const one = countStatements(() => search("q=sơn mài"));
    forgetRankedSearches();
    const many = countStatements(() => search("q=gốm"));
    expect(one.result.total).toBe(1);
    expect(many.result.total).toBe(MANY); // by name, or by producer ("Chum sành" of "Hợp tác xã gốm …")
    expect(many.result.items).toHaveLength(20);
    expect(many.count).toBe(one.count);

    // Again (same generation): the ranking is remembered, whatever the page.
    search("q=sơn mài"); // (forgotten above, for the fair first count)
    const again = countStatements(() => search("q=gốm"));
    const last = countStatements(() => search(`q=gốm&trang=${many.result.pages}`));
    const oneAgain = countStatements(() => search("q=sơn mài"));
    expect(again.count).toBe(oneAgain.count);
    expect(last.count).toBe(oneAgain.count);
    expect(again.count).toBeLessThan(many.count);
    expect(again.sql.some((s) => /certificate_fts/.test(s))).toBe(false);
    expect(again.result).toEqual(many.result);
  });

  it("pages cover the ranking of every hit exactly once, in the reference order, with exact totals", () => {
    forgetRankedSearches();
    const expected = referenceOrder('"gom"*');
    const first = search("q=gom", 7);
    expect(first.total).toBe(expected.length);
    expect(first.pages).toBe(Math.ceil(expected.length / 7));
    const seen: number[] = [];
    for (let page = 1; page <= first.pages; page++) {
      const r = search(`q=gom&trang=${page}`, 7);
      expect(r.total).toBe(expected.length);
      expect(r.page).toBe(page);
      seen.push(...r.items.map((i) => i.productId));
    }
    expect(seen).toEqual(expected);
    // Past the last page: nothing, but the total is still told.
    const past = search(`q=gom&trang=${first.pages + 1}`, 7);
    expect(past.items).toEqual([]);
    expect(past.total).toBe(expected.length);
    // Without words: every public product, best level and latest year first, then by name.
    const all = search("", 1000);
    expect(all.total).toBe(MANY + 1);
    expect(new Set(all.items.map((i) => i.productId)).size).toBe(MANY + 1);
  });

  it("the same words typed differently are one search; filters and validity are searches of their own", () => {
    forgetRankedSearches();
    const a = countStatements(() => search("q=GỐM"));
    const b = countStatements(() => search("q=gom"));
    expect(b.result).toEqual(a.result);
    expect(b.count).toBeLessThan(a.count);
    const valid = search("q=gom&hieu-luc=1");
    expect(valid.total).toBe(a.result.total);
    expect(search("q=gom&nam=2019").total).toBe(0);
    // Only punctuation: nothing to search for, and no statement at all for the ranking.
    const punct = countStatements(() => search("q=%22%29%28*"));
    expect(punct.result.total).toBe(0);
    expect(punct.count).toBe(0);
  });

  it("a change to public data is seen by the next search (the public generation)", () => {
    const before = search("q=gốm&hieu-luc=1");
    const target = before.items[0]!.productId;
    const cert = db
      .select({ id: certificates.id })
      .from(certificates)
      .all()
      .find((c) => searchCertified(filters("q=gốm"), TODAY, 1000).items.find((i) => i.productId === target)?.recognitions[0]?.certificateId === c.id)!;
    revokeCertificate(organizer, roundId, cert.id, "Cơ sở ngừng sản xuất sản phẩm.");
    const after = search("q=gốm&hieu-luc=1");
    expect(after.total).toBe(before.total - 1);
    expect(after.items.map((i) => i.productId)).not.toContain(target);
    // Without the validity filter it is still found, shown as revoked.
    const all = searchCertified(filters("q=gốm"), TODAY, 1000);
    expect(all.items.find((i) => i.productId === target)!.recognitions[0]!.status).toBe("revoked");
    expect(db.select().from(certificates).where(eq(certificates.id, cert.id)).get()!.revokedAt).not.toBeNull();
  });
});

/** A noisy RGB PNG (large: noise does not compress), w × h. */
function noisyPng(w: number, h: number): Buffer {
  const png = new PNG({ width: w, height: h });
  for (let i = 0; i < png.data.length; i += 4) {
    png.data[i] = (i * 7) & 255;
    png.data[i + 1] = Math.floor(Math.random() * 256);
    png.data[i + 2] = (i >> 6) & 255;
    png.data[i + 3] = 255;
  }
  return PNG.sync.write(png);
}

async function addPhoto(productId: number, bytes: Buffer, position: number) {
  const obj = await storage().put(Readable.from([bytes]), { maxBytes: 20 * 1024 * 1024, accepts: ["image"], originalName: "anh.png" });
  const file = db
    .insert(files)
    .values({ storage: obj.storage, storageKey: obj.key, originalName: "anh.png", mimeType: obj.mimeType, sizeBytes: obj.sizeBytes, sha256: obj.sha256 })
    .returning()
    .get();
  return db.insert(productPhotos).values({ productId, fileId: file.id, position }).returning().get().id;
}

describe("thumbnails in the search results", () => {
  let firstPhoto = 0;
  const original = noisyPng(640, 480);

  beforeAll(async () => {
    // Two photos: the one at position 0 is the thumbnail, whatever the insertion order.
    await addPhoto(rareId, noisyPng(64, 64), 1);
    firstPhoto = await addPhoto(rareId, original, 0);
  });

  it("each result carries its product's first photo by position (or none), and only what the page shows", async () => {
    const res = await lookupPage({ request: new Request("http://localhost/tra-cuu?q=son+mai"), params: {}, context: {} });
    const data = await (res as Response).json();
    expect(data.result.items).toHaveLength(1);
    expect(data.result.items[0]).toMatchObject({ productId: rareId, productName: "Tranh sơn mài Đình Bảng", photoId: firstPhoto });
    // Only what the page shows goes to the browser.
    expect(Object.keys(data.result.items[0].recognitions[0]).sort()).toEqual(["certificateId", "level", "number", "status", "year"]);
    const others = await (await lookupPage({ request: new Request("http://localhost/tra-cuu?q=gom"), params: {}, context: {} })).json();
    expect(others.result.items.every((i: { photoId: number | null }) => i.photoId === null)).toBe(true);
  });

  it("the public photo route answers ?kich-thuoc=nho with a small PNG, and the original without it", async () => {
    const params = { id: String(rareId), photoId: String(firstPhoto) };
    const small = await photoRoute({ request: new Request(`http://localhost/san-pham/${rareId}/anh/${firstPhoto}?kich-thuoc=nho`), params, context: {} });
    expect(small.status).toBe(200);
    expect(small.headers.get("Content-Type")).toBe("image/png");
    const bytes = Buffer.from(await small.arrayBuffer());
    const png = PNG.sync.read(bytes);
    expect(Math.max(png.width, png.height)).toBe(THUMB_PX);
    expect(png.width / png.height).toBeCloseTo(640 / 480, 1);
    expect(bytes.length).toBeLessThan(original.length / 4);
    expect(Number(small.headers.get("Content-Length"))).toBe(bytes.length);

    const full = await photoRoute({ request: new Request(`http://localhost/san-pham/${rareId}/anh/${firstPhoto}`), params, context: {} });
    expect(Buffer.from(await full.arrayBuffer()).equals(original)).toBe(true);

    // Not public (a product without a certificate's photo id under another product): 404, small or not.
    await expect(photoRoute({ request: new Request(`http://localhost/x?kich-thuoc=nho`), params: { id: String(productIds[5]), photoId: String(firstPhoto) }, context: {} })).rejects.toMatchObject({ status: 404 });
  });
});
