/**
 * The public lookup on a real SQLite database with the real migrations (FTS5 table and triggers):
 * search with and without diacritics, đ/d, operators and quotes; filters; only published data;
 * revoked and expired certificates shown as such; verification, open data, sitemap, caching.
 */
import type { LoaderFunction } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { certificates, rounds } from "~db/schema";
import { db } from "~/lib/db.server";
import { loadPrincipal } from "~/lib/permissions.server";
import { createMissingCertificates, revokeCertificate } from "~/modules/certificates/certificates.server";
import { buildRecognisedRound, type BuiltRound } from "~/modules/certificates/testdata.server";
import { parseLookupParams } from "~/modules/lookup/lookup";
import { openData, publicProduct, publicRoundResults, searchCertified, sitemapEntries, verifyByCode, verifyByNumber } from "~/modules/lookup/lookup.server";
import { loader as lookupPage } from "~/routes/tra-cuu";
import { loader as verifyPage } from "~/routes/xac-thuc.$code";
import { loader as verifyNumberPage } from "~/routes/xac-thuc._index";
import { loader as productPage } from "~/routes/san-pham.$id";
import { loader as resultsPage } from "~/routes/ket-qua.$roundId";
import { loader as csvRoute } from "~/routes/du-lieu.san-pham[.]csv";
import { loader as jsonRoute } from "~/routes/du-lieu.san-pham[.]json";
import { loader as sitemap } from "~/routes/sitemap[.]xml";
import { createBody, createOrganizer, province, requestWithCookie } from "../helpers/fixtures";

const TODAY = "2026-06-01";
let tayNinhId = 0;
let bacNinhId = 0;
let published: BuiltRound;
let old: BuiltRound;
let hidden: BuiltRound;

const search = (q: string, extra: Record<string, string> = {}) => searchCertified(parseLookupParams(new URLSearchParams({ q, ...extra })), TODAY);
const names = (q: string, extra: Record<string, string> = {}) => search(q, extra).items.map((i) => i.productName);

beforeAll(async () => {
  const bacNinh = province("24");
  const tayNinh = province("80");
  bacNinhId = bacNinh.id;
  tayNinhId = tayNinh.id;
  const body = createBody("Cục Công Thương địa phương", "national", null);
  const organizer = loadPrincipal(await createOrganizer("cuc@example.vn", body.id), false);
  published = buildRecognisedRound({
    bodyId: body.id,
    level: "national",
    unitId: null,
    year: 2025,
    title: "Bình chọn cấp quốc gia năm 2025",
    decision: { number: "3125/QĐ-BCT", signedOn: "2025-12-08", signerName: "Nguyễn Sinh Nhật Tân", signerTitle: "Thứ trưởng", issuer: "Bộ Công Thương" },
    products: [
      { name: "Bánh tráng phơi sương Trảng Bàng", producer: "Hợp tác xã Bánh tráng Trảng Bàng", provinceId: tayNinh.id, street: "Khu phố Lộc Du", group: 2 },
      { name: "Đồ gỗ mỹ nghệ Đồng Kỵ", producer: "Công ty TNHH Đồ gỗ Đồng Kỵ", provinceId: bacNinh.id, street: "Phường Đồng Kỵ" },
      { name: "Bình gốm men da lươn", producer: "Hợp tác xã Gốm Phù Lãng", provinceId: bacNinh.id, street: "Thôn Phù Lãng" },
      { name: "Nón lá bài thơ", producer: "Cơ sở Nón lá Đặng Thị Dung", provinceId: bacNinh.id, group: 4 },
      { name: "Máy sấy lúa", producer: "Công ty Cơ khí Đức Thành", provinceId: tayNinh.id, group: 3 },
    ],
  });
  createMissingCertificates(organizer, published.roundId, { issuedOn: "2025-12-08", today: "2025-12-10" });
  // An older round of the same "Bình gốm" product at the regional level, expired by now.
  old = buildRecognisedRound({
    bodyId: body.id,
    level: "region",
    unitId: null,
    regionCode: "BAC",
    year: 2020,
    title: "Vòng khu vực phía Bắc 2020 (dữ liệu cũ)",
    certificateValidityMonths: 24,
    decision: { number: "88/QĐ-CTĐP", signedOn: "2020-10-01", signerName: "Ngô Quang Trung", signerTitle: "Cục trưởng", issuer: "Cục Công Thương địa phương" },
    products: [{ name: "Bình gốm men da lươn", producer: "Hợp tác xã Gốm Phù Lãng", provinceId: bacNinh.id, productId: published.productIds[2] }],
  });
  // The national body manages only national rounds: issue the regional one as a regional organizer.
  const regionBody = createBody("Cục Công Thương địa phương (khu vực phía Bắc)", "region", null, "BAC");
  createMissingCertificates(loadPrincipal(await createOrganizer("kv@example.vn", regionBody.id), false), old.roundId, { issuedOn: "2020-10-05", today: "2020-10-06" });
  // Not published: must never show.
  hidden = buildRecognisedRound({
    bodyId: body.id,
    level: "national",
    unitId: null,
    year: 2026,
    title: "Vòng chưa công bố",
    status: "published",
    products: [{ name: "Bánh đậu xanh bí mật", producer: "Cơ sở Bánh đậu xanh Hải Dương", provinceId: bacNinh.id, group: 2 }],
  });
  createMissingCertificates(organizer, hidden.roundId, { issuedOn: "2026-01-20", today: "2026-01-21" });
  // Results were taken back (e.g. a complaint): the round is no longer published.
  db.update(rounds).set({ status: "results_review" }).where(eq(rounds.id, hidden.roundId)).run();
  // Revoke "Nón lá".
  const nonLa = db.select().from(certificates).all().find((c) => c.productName === "Nón lá bài thơ")!;
  revokeCertificate(organizer, published.roundId, nonLa.id, "Cơ sở ngừng sản xuất sản phẩm.");
});

describe("search", () => {
  it("finds with or without diacritics, in any case", () => {
    for (const q of ["banh trang", "Bánh tráng", "BÁNH TRÁNG", "bánh trang", "banh trang trang bang"]) {
      expect(names(q)).toEqual(["Bánh tráng phơi sương Trảng Bàng"]);
    }
    expect(names("Bánh tráng".normalize("NFD"))).toEqual(["Bánh tráng phơi sương Trảng Bàng"]);
  });
  it("folds đ to d both ways", () => {
    expect(names("do go")).toEqual(["Đồ gỗ mỹ nghệ Đồng Kỵ"]);
    expect(names("đồ gỗ")).toEqual(["Đồ gỗ mỹ nghệ Đồng Kỵ"]);
    expect(names("ĐỒNG KỴ")).toEqual(["Đồ gỗ mỹ nghệ Đồng Kỵ"]);
    expect(names("dong ky")).toEqual(["Đồ gỗ mỹ nghệ Đồng Kỵ"]);
    expect(names("duc thanh")).toEqual(["Máy sấy lúa"]);
  });
  it("searches producers and places, and the last word as a prefix", () => {
    expect(names("phu lang")).toEqual(["Bình gốm men da lươn"]);
    expect(names("tay ninh").sort()).toEqual(["Bánh tráng phơi sương Trảng Bàng", "Máy sấy lúa"]);
    expect(names("banh tra")).toEqual(["Bánh tráng phơi sương Trảng Bàng"]);
  });
  it("ranks a match in the product name above one in the address", () => {
    // "Trảng Bàng" is in the product name of the first and nowhere in the others.
    const r = search("gom");
    expect(r.items[0]!.productName).toBe("Bình gốm men da lươn");
  });
  it("treats operators, quotes and odd text as plain words, never failing", () => {
    const odd = [
      '"',
      '"banh',
      'banh" OR "x',
      "banh OR trang",
      "NEAR(banh trang)",
      "banh*",
      "-banh",
      "^banh",
      "product:banh",
      "banh AND NOT trang",
      "(((",
      "'; drop table certificates; --",
      "😀 bánh 🎉",
      "\u0000banh",
      "x".repeat(10_000),
      "bánh ".repeat(3000),
      "%_\\",
    ];
    for (const q of odd) expect(() => search(q)).not.toThrow();
    expect(names('"banh')).toEqual(["Bánh tráng phơi sương Trảng Bàng"]);
    expect(names("banh*")).toEqual(["Bánh tráng phơi sương Trảng Bàng"]);
    expect(names("😀 bánh 🎉")).toEqual(["Bánh tráng phơi sương Trảng Bàng"]);
    expect(names("banh OR trang")).toEqual([]); // "or" is a word to find, not an operator
    expect(names("😀")).toEqual([]);
    expect(db.select().from(certificates).all().length).toBeGreaterThan(0); // still there
  });
  it("filters by level, year, province, group and validity; a product appears once", () => {
    expect(names("gom", { cap: "region" })).toEqual(["Bình gốm men da lươn"]);
    expect(names("", { nam: "2020" })).toEqual(["Bình gốm men da lươn"]);
    expect(names("", { tinh: String(tayNinhId) }).sort()).toEqual(["Bánh tráng phơi sương Trảng Bàng", "Máy sấy lúa"]);
    expect(names("", { nhom: "3" })).toEqual(["Máy sấy lúa"]);
    const all = search("");
    expect(all.total).toBe(5);
    expect(all.items.filter((i) => i.productName === "Bình gốm men da lươn")).toHaveLength(1);
    const valid = names("", { "hieu-luc": "1" });
    expect(valid).not.toContain("Nón lá bài thơ");
    expect(valid).toContain("Bình gốm men da lươn"); // its national certificate is valid
    expect(names("", { "hieu-luc": "1", nam: "2020" })).toEqual([]); // the 2020 one has expired
  });
  it("sorts without a query by highest level, then year", () => {
    const items = search("").items;
    expect(items.every((i) => i.recognitions[0]!.level === "national")).toBe(true);
    const gom = items.find((i) => i.productName === "Bình gốm men da lươn")!;
    expect(gom.recognitions.map((r) => `${r.level} ${r.year} ${r.status}`)).toEqual(["national 2025 valid", "region 2020 expired"]);
  });
  it("pages", () => {
    const p1 = searchCertified(parseLookupParams(new URLSearchParams("")), TODAY, 2);
    const p3 = searchCertified(parseLookupParams(new URLSearchParams("trang=3")), TODAY, 2);
    const p9 = searchCertified(parseLookupParams(new URLSearchParams("trang=9")), TODAY, 2);
    expect(p1.pages).toBe(3);
    expect(p3.items).toHaveLength(1);
    expect(p9.items).toHaveLength(0);
    expect(p9.total).toBe(5);
  });
});

describe("only published results are public", () => {
  it("a round taken back from publication shows nowhere", () => {
    expect(names("banh dau xanh")).toEqual([]);
    expect(names("bi mat")).toEqual([]);
    expect(publicProduct(hidden.productIds[0]!)).toBeUndefined();
    expect(publicRoundResults(hidden.roundId)).toBeUndefined();
    const hiddenCert = db.select().from(certificates).all().find((c) => c.productName === "Bánh đậu xanh bí mật")!;
    expect(verifyByCode(hiddenCert.publicCode)).toBeUndefined();
    expect(verifyByNumber(hiddenCert.number)).toBeUndefined();
    expect(openData(parseLookupParams(new URLSearchParams(""))).map((r) => r.san_pham)).not.toContain("Bánh đậu xanh bí mật");
    const sm = sitemapEntries();
    expect(sm.products.map((p) => p.id)).not.toContain(hidden.productIds[0]);
    expect(sm.rounds.map((r) => r.id)).not.toContain(hidden.roundId);
  });
  it("a product without any certificate has no public page", async () => {
    const r = await call(productPage, { id: "999999" });
    expect(r.status).toBe(404);
  });
});

describe("verification", () => {
  const certOf = (name: string, level = "national") => db.select().from(certificates).all().find((c) => c.productName === name && c.level === level)!;
  it("shows valid, expired and revoked (with date and reason)", () => {
    expect(verifyByCode(certOf("Bánh tráng phơi sương Trảng Bàng").publicCode, TODAY)?.status).toBe("valid");
    const expired = verifyByCode(certOf("Bình gốm men da lươn", "region").publicCode, TODAY)!;
    expect(expired.status).toBe("expired");
    expect(expired.validUntil).toBe("2022-10-05");
    const revoked = verifyByCode(certOf("Nón lá bài thơ").publicCode, TODAY)!;
    expect(revoked.status).toBe("revoked");
    expect(revoked.revokeReason).toBe("Cơ sở ngừng sản xuất sản phẩm.");
    expect(revoked.revokedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
  it("shows only what is printed on the certificate", () => {
    const v = verifyByCode(certOf("Bánh tráng phơi sương Trảng Bàng").publicCode, TODAY)!;
    expect(Object.keys(v).sort()).toEqual(
      [
        "decisionDate",
        "decisionNumber",
        "groupName",
        "issuedOn",
        "issuer",
        "level",
        "productId",
        "number",
        "producerAddress",
        "producerName",
        "productName",
        "revokeReason",
        "revokedOn",
        "signerName",
        "signerTitle",
        "status",
        "validUntil",
        "year",
      ].sort(),
    );
  });
  it("the page answers 404 in Vietnamese for malformed and unknown codes", async () => {
    for (const code of ["abc", "../../etc/passwd", "x".repeat(5000), "AAAAAAAAAAAAAAAA", "'; select 1; --", "😀😀😀😀😀😀😀😀"]) {
      const r = await call(verifyPage, { code });
      expect(r.status).toBe(404);
      expect(r.message).toMatch(/Không tìm thấy giấy chứng nhận/);
    }
    const ok = await call(verifyPage, { code: certOf("Bánh tráng phơi sương Trảng Bàng").publicCode });
    expect(ok.status).toBe(200);
  });
  it("is reachable by typing the number, in any spacing or ASCII case", async () => {
    const n = certOf("Bánh tráng phơi sương Trảng Bàng").number;
    expect(verifyByNumber(` ${n.toLowerCase().replace("/", " / ")} `)?.productName).toBe("Bánh tráng phơi sương Trảng Bàng");
    const r = await call(verifyNumberPage, {}, `/xac-thuc?so=${encodeURIComponent(n)}`);
    expect(r.status).toBe(200);
    const missing = await call(verifyNumberPage, {}, "/xac-thuc?so=999%2FGCN-XX");
    expect(missing.status).toBe(404);
    expect((await missing.res.json()).v).toBeNull();
  });
});

async function call(loader: LoaderFunction, params: Record<string, string>, url = "/x", cookie: string | null = null) {
  try {
    const res = (await loader({ request: requestWithCookie(url, cookie), params, context: {} })) as Response;
    return { status: res.status, res };
  } catch (thrown) {
    if (thrown instanceof Response) {
      const data = thrown.headers.get("Content-Type")?.includes("json") ? await thrown.json() : null;
      return { status: thrown.status, res: thrown, message: data?.message as string | undefined };
    }
    throw thrown;
  }
}

describe("public pages", () => {
  it("the lookup answers 200 to any search text and is cacheable without cookies", async () => {
    for (const q of ['"', "NEAR(a b)", "😀", "x".repeat(10_000), "%00", "banh trang"]) {
      const r = await call(lookupPage, {}, `/tra-cuu?q=${encodeURIComponent(q)}&trang=abc&cap=xyz`);
      expect(r.status).toBe(200);
    }
    const anon = await call(lookupPage, {}, "/tra-cuu?q=banh");
    expect(anon.res.headers.get("Cache-Control")).toMatch(/^public, max-age=\d+, s-maxage=\d+/);
    expect(anon.res.headers.get("Vary")).toBe("Cookie");
    const withCookie = await call(lookupPage, {}, "/tra-cuu?q=banh", "cnnt_session=abc; Path=/");
    expect(withCookie.res.headers.get("Cache-Control")).toBe("private, no-cache");
  });
  it("product and results pages show recognitions with their status", async () => {
    const product = await call(productPage, { id: String(published.productIds[2]) });
    expect(product.status).toBe(200);
    const data = await product.res.json();
    expect(data.product.recognitions.map((r: { level: string; status: string }) => `${r.level}:${r.status}`)).toEqual(["national:valid", "region:expired"]);
    expect(JSON.stringify(data)).not.toMatch(/publicCode|public_code/);
    const results = await call(resultsPage, { roundId: String(published.roundId) });
    expect(results.status).toBe(200);
    const rd = await results.res.json();
    expect(rd.certificates).toHaveLength(5);
    expect(rd.certificates.find((c: { productName: string }) => c.productName === "Nón lá bài thơ").status).toBe("revoked");
    expect((await call(resultsPage, { roundId: String(hidden.roundId) })).status).toBe(404);
    expect((await call(resultsPage, { roundId: "abc" })).status).toBe(404);
  });
  it("open data: CSV and JSON with the same filters", async () => {
    const csv = await call(csvRoute, {}, `/du-lieu/san-pham.csv?tinh=${tayNinhId}`);
    expect(csv.res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const text = await csv.res.text();
    const lines = text.trim().split("\r\n");
    expect(lines).toHaveLength(3);
    expect(text).toContain("Bánh tráng phơi sương Trảng Bàng");
    expect(text).not.toContain("Đồ gỗ");
    const js = await call(jsonRoute, {}, "/du-lieu/san-pham.json?q=do%20go&cap=national");
    const body = await js.res.json();
    expect(body.so_luong).toBe(1);
    expect(body.du_lieu[0]).toMatchObject({ san_pham: "Đồ gỗ mỹ nghệ Đồng Kỵ", cap: "national", nam: 2025, quyet_dinh: "3125/QĐ-BCT" });
    expect(body.du_lieu[0].trang_san_pham).toBe(`http://localhost:3999/san-pham/${published.productIds[1]}`);
    expect(JSON.stringify(body)).not.toContain(db.select().from(certificates).where(eq(certificates.productName, "Đồ gỗ mỹ nghệ Đồng Kỵ")).get()!.publicCode);
    const revoked = await (await call(jsonRoute, {}, "/du-lieu/san-pham.json?q=non%20la")).res.json();
    expect(revoked.du_lieu[0]).toMatchObject({ trang_thai: "revoked" });
    expect((await call(jsonRoute, {}, "/du-lieu/san-pham.json?q=%F0%9F%98%80")).status).toBe(200);
  });
  it("sitemap lists published rounds and certified products with absolute addresses", async () => {
    const r = await call(sitemap, {});
    const xml = await r.res.text();
    expect(xml).toContain(`<loc>http://localhost:3999/ket-qua/${published.roundId}</loc>`);
    expect(xml).toContain(`<loc>http://localhost:3999/san-pham/${published.productIds[0]}</loc>`);
    expect(xml).not.toContain(`/ket-qua/${hidden.roundId}<`);
    expect(xml).not.toContain("/xac-thuc/");
  });
});
