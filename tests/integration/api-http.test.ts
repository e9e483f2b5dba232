/**
 * The open API over HTTP, through the real built server (server.js) on this file's database:
 * CORS on every answer (200, 304, 401, 404, 429, preflight), ETag and 304, answers kept out of
 * the page cache (so every request is counted and carries its CORS headers), the per-address
 * quota (429 + Retry-After) while the HTML pages stay unthrottled, tokens scoped to their body,
 * the OpenAPI document (validated by swagger-parser as fetched) and the docs page.
 */
import path from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPrincipal } from "~/lib/permissions.server";
import { createMissingCertificates } from "~/modules/certificates/certificates.server";
import { buildRecognisedRound, type BuiltRound } from "~/modules/certificates/testdata.server";
import { createToken } from "~/modules/api/tokens.server";
import { createBody, createOrganizer, province } from "../helpers/fixtures";
import { startServer, type RunningServer } from "../helpers/server";

const LIMIT = 40;
let srv: RunningServer;
let bnRound: BuiltRound;
let bnToken = "";
let tnToken = "";

beforeAll(async () => {
  const bacNinh = province("24");
  const tayNinh = province("80");
  const national = createBody("Cục Công Thương địa phương", "national", null);
  const cuc = loadPrincipal(await createOrganizer("cuc@example.vn", national.id), false);
  const published = buildRecognisedRound({
    bodyId: national.id,
    level: "national",
    unitId: null,
    year: 2025,
    title: "Bình chọn cấp quốc gia năm 2025",
    products: [{ name: "Bình gốm men da lươn", producer: "Hợp tác xã Gốm Phù Lãng", provinceId: bacNinh.id }],
  });
  createMissingCertificates(cuc, published.roundId, { issuedOn: "2025-12-08", today: "2025-12-10" });
  const bn = createBody("Sở Công Thương Bắc Ninh", "province", bacNinh.id);
  const tn = createBody("Sở Công Thương Tây Ninh", "province", tayNinh.id);
  bnRound = buildRecognisedRound({
    bodyId: bn.id,
    level: "province",
    unitId: bacNinh.id,
    year: 2026,
    title: "Bình chọn cấp tỉnh Bắc Ninh 2026",
    status: "results_review",
    products: [{ name: "Tranh Đông Hồ", producer: "Cơ sở Tranh Đông Hồ", provinceId: bacNinh.id }],
  });
  bnToken = createToken(loadPrincipal(await createOrganizer("bn@example.vn", bn.id), false), bn.id, "Cổng Bắc Ninh").token;
  tnToken = createToken(loadPrincipal(await createOrganizer("tn@example.vn", tn.id), false), tn.id, "Cổng Tây Ninh").token;
  srv = await startServer({ dir: path.dirname(process.env.DATABASE_URL!), env: { API_RATE_LIMIT_PER_MINUTE: String(LIMIT) } });
}, 120_000);

afterAll(async () => {
  await srv?.stop();
});

const ORIGIN = { Origin: "https://cong.bacninh.example" };
const get = (p: string, headers: Record<string, string> = {}) => fetch(`${srv.url}${p}`, { headers: { ...ORIGIN, ...headers }, redirect: "manual" });

describe("over HTTP", () => {
  it("answers JSON with CORS and an ETag, outside the page cache; If-None-Match gets 304 with CORS", async () => {
    const first = await get("/api/v1/products", { "Accept-Encoding": "gzip" });
    expect(first.status).toBe(200);
    expect(first.headers.get("access-control-allow-origin")).toBe("*");
    expect(first.headers.get("content-type")).toMatch(/^application\/json/);
    expect(first.headers.get("cache-control")).toBe("max-age=60, s-maxage=60");
    expect(first.headers.get("x-page-cache")).toBeNull();
    expect(first.headers.get("set-cookie")).toBeNull();
    const body = await first.json();
    expect(body.items.map((i: { name: string }) => i.name)).toEqual(["Bình gốm men da lươn"]);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^W\/"/);
    const remaining = Number(first.headers.get("ratelimit-remaining"));

    // The same request again runs the route (the quota goes down): never answered from the page cache.
    const second = await get("/api/v1/products", { "If-None-Match": etag });
    expect(second.status).toBe(304);
    expect(second.headers.get("x-page-cache")).toBeNull();
    expect(second.headers.get("access-control-allow-origin")).toBe("*");
    expect(second.headers.get("etag")).toBe(etag);
    expect(Number(second.headers.get("ratelimit-remaining"))).toBe(remaining - 1);
    expect(await second.text()).toBe("");
  });

  it("answers a CORS preflight for the token endpoints", async () => {
    const r = await fetch(`${srv.url}/api/v1/organizer/rounds`, {
      method: "OPTIONS",
      headers: { ...ORIGIN, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization" },
    });
    expect(r.status).toBe(204);
    expect(r.headers.get("access-control-allow-origin")).toBe("*");
    expect(r.headers.get("access-control-allow-headers")).toMatch(/Authorization/i);
    expect(r.headers.get("access-control-allow-methods")).toMatch(/GET/);
  });

  it("tokens: own round 200 (and 304), another province's round 404, no token 401, all with CORS", async () => {
    const rounds = await get("/api/v1/organizer/rounds", { Authorization: `Bearer ${bnToken}` });
    expect(rounds.status).toBe(200);
    expect((await rounds.json()).items.map((r: { id: number }) => r.id)).toEqual([bnRound.roundId]);
    expect(rounds.headers.get("cache-control")).toBe("private, no-cache");
    const entriesPath = `/api/v1/organizer/rounds/${bnRound.roundId}/entries`;
    const own = await get(entriesPath, { Authorization: `Bearer ${bnToken}` });
    expect(own.status).toBe(200);
    const again = await get(entriesPath, { Authorization: `Bearer ${bnToken}`, "If-None-Match": own.headers.get("etag")! });
    expect(again.status).toBe(304);
    expect(again.headers.get("access-control-allow-origin")).toBe("*");
    const foreign = await get(entriesPath, { Authorization: `Bearer ${tnToken}` });
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get("access-control-allow-origin")).toBe("*");
    expect((await foreign.json()).error.code).toBe("not_found");
    const none = await get(entriesPath);
    expect(none.status).toBe(401);
    expect(none.headers.get("access-control-allow-origin")).toBe("*");
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const unknown = await get("/api/v1/no-such-thing");
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("access-control-allow-origin")).toBe("*");
    expect((await unknown.json()).error.code).toBe("not_found");
  });

  it("serves a valid OpenAPI 3.1 document and a docs page", async () => {
    const r = await get("/api/v1/openapi.json");
    expect(r.status).toBe(200);
    const doc = await r.json();
    expect(doc.openapi).toBe("3.1.0");
    await SwaggerParser.validate(doc);
    const page = await get("/api/v1");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await page.text();
    for (const p of Object.keys(doc.paths)) expect(html).toContain(p);
  });

  it("throttles an address: 429 with Retry-After and CORS, while pages stay open", async () => {
    let refused: Response | null = null;
    // The window is a minute from its first request; within 2 × LIMIT requests one must be refused.
    for (let i = 0; i < 2 * LIMIT + 2 && !refused; i++) {
      const r = await get("/api/v1/units");
      if (r.status === 429) refused = r;
      else {
        expect(r.status).toBe(200);
        await r.arrayBuffer();
      }
    }
    expect(refused, "no 429 within the limit").not.toBeNull();
    const retry = Number(refused!.headers.get("retry-after"));
    expect(Number.isInteger(retry) && retry >= 1 && retry <= 60).toBe(true);
    expect(refused!.headers.get("access-control-allow-origin")).toBe("*");
    expect(refused!.headers.get("cache-control")).toMatch(/no-store/);
    const err = await refused!.json();
    expect(err.error.code).toBe("rate_limited");
    expect(err.error.message).toMatch(/thử lại sau \d+ giây/);
    // Even with a matching ETag or a token the address waits; the HTML pages are not throttled.
    expect((await get("/api/v1/organizer/rounds", { Authorization: `Bearer ${bnToken}` })).status).toBe(429);
    expect((await get("/tra-cuu")).status).toBe(200);
  });
});
