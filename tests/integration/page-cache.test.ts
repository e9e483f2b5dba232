/**
 * The page cache of anonymous public pages (app/lib/page-cache.server.ts, docs/decisions/0016),
 * end to end: two real server processes (server.js, as `npm run serve`) share this file's SQLite
 * database; the test changes what the public sees with the app's own functions, in this process,
 * and checks that the very next request to either server shows it. Signed-in requests are never
 * served from or written to the cache; verification pages are `no-cache` with an ETag.
 * (Expiry by date is keyed on the date in Vietnam: tests/unit/page-cache.test.ts.)
 */
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { certificates, rounds } from "~db/schema";
import { db } from "~/lib/db.server";
import { loadPrincipal } from "~/lib/permissions.server";
import { createMissingCertificates, revokeCertificate } from "~/modules/certificates/certificates.server";
import { buildRecognisedRound, type BuiltRound } from "~/modules/certificates/testdata.server";
import { updateProduct } from "~/modules/producers/producers.server";
import { createBody, createOrganizer, createUser, PASSWORD, province } from "../helpers/fixtures";
import { startServer, type RunningServer } from "../helpers/server";

let a: RunningServer;
let b: RunningServer;
let organizer: ReturnType<typeof loadPrincipal>;
let producer: ReturnType<typeof loadPrincipal>;
let shown: BuiltRound;
let later: BuiltRound;
let code = "";
let number = "";
let certId = 0;

interface Got {
  status: number;
  cache: string | null;
  body: string;
  headers: Headers;
}

async function get(srv: RunningServer, p: string, headers: Record<string, string> = {}): Promise<Got> {
  const res = await fetch(`${srv.url}${p}`, { headers, redirect: "manual" });
  return { status: res.status, cache: res.headers.get("x-page-cache"), body: await res.text(), headers: res.headers };
}

/** Reads a page until it comes from the cache (the first read of a page stores it). */
async function cached(srv: RunningServer, p: string, headers: Record<string, string> = {}): Promise<Got> {
  await get(srv, p, headers);
  const again = await get(srv, p, headers);
  expect(again.cache, `${p} on ${srv.url}`).toBe("hit");
  return again;
}

beforeAll(async () => {
  const bacNinh = province("24");
  const body = createBody("Cục Công Thương địa phương", "national", null);
  organizer = loadPrincipal(await createOrganizer("cuc@example.vn", body.id), false);
  const owner = await createUser("coso@example.vn");
  const decision = { number: "3125/QĐ-BCT", signedOn: "2025-12-08", signerName: "Nguyễn Sinh Nhật Tân", signerTitle: "Thứ trưởng", issuer: "Bộ Công Thương" };
  shown = buildRecognisedRound({
    bodyId: body.id,
    level: "national",
    unitId: null,
    year: 2025,
    title: "Bình chọn cấp quốc gia năm 2025",
    decision,
    products: [
      { name: "Bình gốm men da lươn", producer: "Hợp tác xã Gốm Phù Lãng", provinceId: bacNinh.id, ownerUserId: owner },
      { name: "Đồ gỗ mỹ nghệ Đồng Kỵ", producer: "Công ty TNHH Đồ gỗ Đồng Kỵ", provinceId: bacNinh.id },
    ],
  });
  producer = loadPrincipal(owner, false); // a member of the new establishment now
  [certId] = createMissingCertificates(organizer, shown.roundId, { issuedOn: "2025-12-08", today: "2025-12-10" });
  ({ code, number } = db.select({ code: certificates.publicCode, number: certificates.number }).from(certificates).where(eq(certificates.id, certId)).get()!);
  // Decided but not yet published: nothing of it is public.
  later = buildRecognisedRound({
    bodyId: body.id,
    level: "national",
    unitId: null,
    year: 2026,
    title: "Bình chọn cấp quốc gia năm 2026",
    status: "results_review",
    decision: { ...decision, number: "99/QĐ-BCT", signedOn: "2026-11-20" },
    products: [{ name: "Nón lá bài thơ làng Chuông", producer: "Cơ sở Nón lá Chuông", provinceId: bacNinh.id }],
  });
  // Two server processes on this database (the same file: this process writes, they read).
  const dir = path.dirname(process.env.DATABASE_URL!);
  [a, b] = await Promise.all([startServer({ dir }), startServer({ dir })]);
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

describe("what is kept", () => {
  it("serves an anonymous public page from the cache, the same bytes as the render", async () => {
    const first = await get(a, `/san-pham/${shown.productIds[0]}`);
    expect(first.status).toBe(200);
    expect(first.cache).toBe("miss");
    const second = await get(a, `/san-pham/${shown.productIds[0]}`);
    expect(second.cache).toBe("hit");
    expect(second.body).toBe(first.body);
    expect(second.body).toContain("Bình gốm men da lươn");
    expect(second.headers.get("Cache-Control")).toMatch(/^public/);
    expect(second.headers.get("ETag")).toMatch(/^W\/"/);
    // Each server process keeps its own.
    expect((await get(b, `/san-pham/${shown.productIds[0]}`)).cache).toBe("miss");
    expect((await get(b, `/san-pham/${shown.productIds[0]}`)).cache).toBe("hit");
  });

  it("allows a cached page's inline scripts by their hashes, not a shared nonce", async () => {
    const { body, headers } = await cached(a, "/tra-cuu");
    const csp = headers.get("Content-Security-Policy")!;
    expect(csp).not.toMatch(/'nonce-/);
    expect(body).not.toMatch(/\snonce="/);
    const crypto = await import("node:crypto");
    const inline = [...body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter((m) => !/\bsrc=/.test(m[1]!) && m[2]!.length > 0);
    expect(inline.length).toBeGreaterThan(0);
    for (const m of inline) {
      const hash = crypto.createHash("sha256").update(m[2]!, "utf8").digest("base64");
      expect(csp).toContain(`'sha256-${hash}'`);
    }
  });

  it("compresses a cached page once per encoding and answers HEAD and If-None-Match from it", async () => {
    const plain = await cached(a, "/");
    const gz = await fetch(`${a.url}/`, { headers: { "Accept-Encoding": "gzip" } });
    expect(gz.headers.get("Content-Encoding")).toBe("gzip");
    expect(await gz.text()).toBe(plain.body); // fetch decodes it
    const head = await fetch(`${a.url}/`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("x-page-cache")).toBe("hit");
    const revalidated = await fetch(`${a.url}/`, { headers: { "If-None-Match": plain.headers.get("ETag")! } });
    expect(revalidated.status).toBe(304);
  });

  it("keeps the languages apart", async () => {
    const res = await fetch(`${a.url}/ngon-ngu`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: a.url },
      body: new URLSearchParams({ locale: "en", redirectTo: "/tra-cuu" }).toString(),
    });
    const lang = res.headers.get("set-cookie")!.split(";")[0]!;
    expect(lang).toMatch(/^lang=/);
    const vi = await cached(a, "/tra-cuu");
    const en = await cached(a, "/tra-cuu", { Cookie: lang });
    expect(en.body).not.toBe(vi.body);
    expect(en.body).toContain('lang="en"');
    expect(vi.body).toContain('lang="vi"');
    // A forged language cookie reads as Vietnamese, as the app itself reads it.
    expect((await get(a, "/tra-cuu", { Cookie: "lang=en" })).body).toBe(vi.body);
  });

  it("never serves a signed-in person from the cache, nor keeps what they see", async () => {
    await cached(a, `/san-pham/${shown.productIds[0]}`);
    const login = await fetch(`${a.url}/dang-nhap`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: a.url },
      body: new URLSearchParams({ email: "coso@example.vn", password: PASSWORD }).toString(),
    });
    expect(login.status).toBe(302);
    const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    for (let i = 0; i < 2; i++) {
      const mine = await get(a, `/san-pham/${shown.productIds[0]}`, { Cookie: cookie });
      expect(mine.cache).toBeNull();
      expect(mine.headers.get("Cache-Control")).toBe("private, no-store");
      expect(mine.body).toContain("/dang-xuat");
    }
    const anon = await get(a, `/san-pham/${shown.productIds[0]}`);
    expect(anon.cache).toBe("hit");
    expect(anon.body).not.toContain("/dang-xuat");
  });

  it("caches loader data (client navigation) too, apart from the document", async () => {
    const p = `/san-pham/${shown.productIds[1]}?_data=routes%2Fsan-pham.%24id`;
    const data = await cached(a, p);
    expect(data.headers.get("Content-Type")).toMatch(/application\/json/);
    expect(JSON.parse(data.body).product.name).toBe("Đồ gỗ mỹ nghệ Đồng Kỵ");
  });
});

describe("never stale: every public change shows on the next request, on both processes", () => {
  it("a product edit", async () => {
    const p = `/san-pham/${shown.productIds[0]}`;
    await Promise.all([cached(a, p), cached(b, p)]);
    updateProduct(producer, shown.productIds[0]!, { name: "Bình gốm men da lươn", productGroupId: 1, description: "Men da lươn nung củi, 1.200 độ.", isSet: false });
    for (const srv of [a, b]) {
      const after = await get(srv, p);
      expect(after.cache).toBe("miss");
      expect(after.body).toContain("Men da lươn nung củi, 1.200 độ.");
    }
  });

  it("a revocation, on the product page and the verification page", async () => {
    const product = `/san-pham/${shown.productIds[0]}`;
    const verify = `/xac-thuc/${code}`;
    for (const srv of [a, b]) {
      expect((await cached(srv, verify)).body).toContain('data-status="valid"');
      await cached(srv, product);
    }
    const etag = (await get(a, verify)).headers.get("ETag")!;
    revokeCertificate(organizer, shown.roundId, certId, "Cơ sở vi phạm cam kết chất lượng");
    for (const srv of [a, b]) {
      const v = await get(srv, verify);
      expect(v.cache).toBe("miss");
      expect(v.body).toContain('data-status="revoked"');
      expect(v.body).not.toContain('data-status="valid"');
      const p = await get(srv, product);
      expect(p.cache).toBe("miss");
      expect(p.body).toContain("Đã bị thu hồi");
    }
    // A client (or proxy) revalidating with the old ETag gets the new page, not a 304.
    const again = await fetch(`${a.url}${verify}`, { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('data-status="revoked"');
  });

  it("publishing a round, then issuing its certificates", async () => {
    const search = "/tra-cuu?q=non+la+chuong";
    const results = `/ket-qua/${later.roundId}`;
    for (const srv of [a, b]) {
      expect((await cached(srv, search)).body).not.toContain("Nón lá bài thơ làng Chuông");
      expect((await get(srv, results)).status).toBe(404); // not published: nothing to keep
    }
    // Publishing writes the round's status (the organizer's publish action does this write).
    db.update(rounds).set({ status: "published", publishedAt: new Date() }).where(eq(rounds.id, later.roundId)).run();
    for (const srv of [a, b]) {
      const r = await get(srv, results);
      expect(r.status).toBe(200);
      expect(r.body).toContain("Nón lá bài thơ làng Chuông");
      expect((await get(srv, results)).cache).toBe("hit");
    }
    createMissingCertificates(organizer, later.roundId, { issuedOn: "2026-11-25", today: "2026-11-26" });
    for (const srv of [a, b]) {
      const s = await get(srv, search);
      expect(s.cache).toBe("miss");
      expect(s.body).toContain("Nón lá bài thơ làng Chuông");
      expect((await get(srv, results)).cache).toBe("miss");
    }
  });
});

describe("verification pages", () => {
  it("are public, no-cache, with an ETag; revalidation is answered from the cache", async () => {
    const verify = `/xac-thuc/${code}`;
    const page = await cached(a, verify);
    expect(page.headers.get("Cache-Control")).toBe("public, no-cache");
    const etag = page.headers.get("ETag")!;
    expect(etag).toMatch(/^W\/"/);
    const res = await fetch(`${a.url}${verify}`, { headers: { "If-None-Match": etag } });
    expect(res.status).toBe(304);
    expect(res.headers.get("x-page-cache")).toBe("hit");
    expect(await res.text()).toBe("");
    const byNumber = await cached(a, `/xac-thuc?so=${encodeURIComponent(number)}`);
    expect(byNumber.headers.get("Cache-Control")).toBe("public, no-cache");
  });
});
