/**
 * The open API (/api/v1) in-process, on a real SQLite database: every endpoint's answer parsed with
 * its zod schema AND validated against the OpenAPI document (itself checked by swagger-parser);
 * query errors (400), unknown ids (404), tokens (401, revoked, scoped: another province's round
 * is 404), the token page's authorization and audit, and the per-address quota (429 + Retry-After).
 */
import SwaggerParser from "@apidevtools/swagger-parser";
import Ajv2020 from "ajv/dist/2020";
import type { LoaderFunction } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTokens, auditLog, certificates, stageClosures } from "~db/schema";
import { db } from "~/lib/db.server";
import { CLIENT_IP_HEADER } from "~/lib/http.server";
import { loadPrincipal } from "~/lib/permissions.server";
import { startSession } from "~/lib/auth.server";
import { createMissingCertificates } from "~/modules/certificates/certificates.server";
import { buildRecognisedRound, type BuiltRound } from "~/modules/certificates/testdata.server";
import { EXAMPLES, OPERATIONS, RESPONSE_SCHEMAS, openApiDocument, type OperationId } from "~/modules/api/openapi.server";
import { ApiErrorSchema } from "~/modules/api/schemas";
import { authenticateToken, createToken, hashToken, revokeToken } from "~/modules/api/tokens.server";
import { setThrottleClock } from "~/modules/throttle/throttle.server";
import { loader as productsRoute } from "~/routes/api.v1.products._index";
import { loader as productRoute } from "~/routes/api.v1.products.$id";
import { loader as verifyRoute } from "~/routes/api.v1.certificates.verify";
import { loader as roundsRoute } from "~/routes/api.v1.rounds._index";
import { loader as roundRoute } from "~/routes/api.v1.rounds.$id";
import { loader as unitsRoute } from "~/routes/api.v1.units";
import { loader as orgRoundsRoute } from "~/routes/api.v1.organizer.rounds._index";
import { loader as orgEntriesRoute } from "~/routes/api.v1.organizer.rounds.$id.entries";
import { loader as orgResultsRoute } from "~/routes/api.v1.organizer.rounds.$id.results";
import { loader as openapiRoute } from "~/routes/api.v1.openapi[.]json";
import { loader as docsRoute } from "~/routes/api.v1._index";
import { loader as tokenPageLoader, action as tokenPageAction } from "~/routes/to-chuc.api";
import { createBody, createOrganizer, createUser, province, requestWithCookie } from "../helpers/fixtures";

type Route = LoaderFunction;
const ROUTES: Record<OperationId, Route> = {
  listProducts: productsRoute,
  getProduct: productRoute,
  verifyCertificate: verifyRoute,
  listRounds: roundsRoute,
  getRoundResults: roundRoute,
  listUnits: unitsRoute,
  listOrganizerRounds: orgRoundsRoute,
  listOrganizerEntries: orgEntriesRoute,
  getOrganizerResults: orgResultsRoute,
};

let ipCounter = 0;
/** Calls a loader as the server would: a fresh client address per call unless one is given. */
async function call(route: Route, path: string, params: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<Response> {
  const h = new Headers({ [CLIENT_IP_HEADER]: `10.0.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`, ...headers });
  const r = await route({ request: new Request(`http://localhost:3999${path}`, { headers: h }), params, context: { cspNonce: "" } });
  return r as Response;
}

// The OpenAPI document, dereferenced, and a JSON Schema 2020-12 validator for its answers.
let deref: { paths: Record<string, { get: { responses: Record<string, { content?: Record<string, { schema: object }> }> } }> };
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
const validators = new Map<string, ReturnType<typeof ajv.compile>>();

/** Checks an answer against the document (by the operation's path and the status) and the zod schema. */
async function conforms(op: OperationId, r: Response): Promise<unknown> {
  const spec = OPERATIONS.find((o) => o.id === op)!;
  const status = String(r.status);
  const declared = deref.paths[spec.path]!.get.responses[status];
  expect(declared, `${op} does not declare ${status}`).toBeDefined();
  expect(r.headers.get("Access-Control-Allow-Origin")).toBe("*");
  if (r.status === 304) return null;
  expect(r.headers.get("Content-Type")).toMatch(/^application\/json/);
  const body = await r.json();
  const key = `${op} ${status}`;
  if (!validators.has(key)) validators.set(key, ajv.compile(declared!.content!["application/json"]!.schema));
  const validate = validators.get(key)!;
  expect(validate(body), `${key}: ${JSON.stringify(validate.errors)}`).toBe(true);
  if (r.status === 200) RESPONSE_SCHEMAS[op].parse(body);
  else ApiErrorSchema.parse(body);
  return body;
}

let bacNinhId = 0;
let published: BuiltRound;
let bnRound: BuiltRound;
let tnRound: BuiltRound;
let bnBodyId = 0;
let bnUser = "";
let tnUser = "";
let bnToken = "";
let tnToken = "";
let certNumber = "";
let certCode = "";

beforeAll(async () => {
  deref = (await SwaggerParser.dereference(structuredClone(openApiDocument()) as never)) as never;
  const bacNinh = province("24");
  const tayNinh = province("80");
  bacNinhId = bacNinh.id;
  const national = createBody("Cục Công Thương địa phương", "national", null);
  const cuc = loadPrincipal(await createOrganizer("cuc@example.vn", national.id), false);
  published = buildRecognisedRound({
    bodyId: national.id,
    level: "national",
    unitId: null,
    year: 2025,
    title: "Bình chọn cấp quốc gia năm 2025",
    products: [
      { name: "Bánh tráng phơi sương Trảng Bàng", producer: "Hợp tác xã Bánh tráng Trảng Bàng", provinceId: tayNinh.id, group: 2 },
      { name: "Bình gốm men da lươn", producer: "Hợp tác xã Gốm Phù Lãng", provinceId: bacNinh.id },
      { name: "Nón lá bài thơ", producer: "Cơ sở Nón lá Đặng Thị Dung", provinceId: bacNinh.id, group: 4 },
    ],
  });
  createMissingCertificates(cuc, published.roundId, { issuedOn: "2025-12-08", today: "2025-12-10" });
  const cert = db.select().from(certificates).where(eq(certificates.productName, "Bình gốm men da lươn")).get()!;
  certNumber = cert.number;
  certCode = cert.publicCode;

  // Two provinces' bodies, each with a round in results review (stage 1 closed) and a token.
  const bn = createBody("Sở Công Thương Bắc Ninh", "province", bacNinh.id);
  const tn = createBody("Sở Công Thương Tây Ninh", "province", tayNinh.id);
  bnBodyId = bn.id;
  bnUser = await createOrganizer("sct.bn@example.vn", bn.id);
  tnUser = await createOrganizer("sct.tn@example.vn", tn.id);
  bnRound = buildRecognisedRound({
    bodyId: bn.id,
    level: "province",
    unitId: bacNinh.id,
    year: 2026,
    title: "Bình chọn cấp tỉnh Bắc Ninh 2026",
    status: "results_review",
    products: [
      { name: "Tranh Đông Hồ", producer: "Cơ sở Tranh Đông Hồ", provinceId: bacNinh.id },
      { name: "Mây tre đan", producer: "Hợp tác xã Mây tre", provinceId: bacNinh.id, recognised: false },
    ],
  });
  tnRound = buildRecognisedRound({
    bodyId: tn.id,
    level: "province",
    unitId: tayNinh.id,
    year: 2026,
    title: "Bình chọn cấp tỉnh Tây Ninh 2026",
    status: "results_review",
    products: [{ name: "Muối tôm", producer: "Cơ sở Muối tôm Tây Ninh", provinceId: tayNinh.id, group: 2 }],
  });
  for (const r of [bnRound, tnRound]) db.insert(stageClosures).values({ roundId: r.roundId, stage: 1, closedAt: new Date("2026-06-20T09:00:00Z") }).run();
  bnToken = createToken(loadPrincipal(bnUser, false), bn.id, "Cổng dữ liệu Bắc Ninh").token;
  tnToken = createToken(loadPrincipal(tnUser, false), tn.id, "Cổng dữ liệu Tây Ninh").token;
});

afterAll(() => {
  setThrottleClock(null);
  delete process.env.API_RATE_LIMIT_PER_MINUTE;
});

describe("the OpenAPI document", () => {
  it("validates with swagger-parser and lists every endpoint", async () => {
    const doc = openApiDocument();
    expect(doc.openapi).toBe("3.1.0");
    await SwaggerParser.validate(structuredClone(doc) as never);
    expect(Object.keys(doc.paths ?? {}).sort()).toEqual(OPERATIONS.map((o) => o.path).sort());
  });

  it("is served at /api/v1/openapi.json, and the docs page lists what it says", async () => {
    const r = await call(openapiRoute, "/api/v1/openapi.json");
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
    const page = (await docsRoute({ request: new Request("http://localhost:3999/api/v1"), params: {}, context: {} })) as Response;
    const data = await page.json();
    expect(data.operations.map((o: { path: string }) => o.path)).toEqual(OPERATIONS.map((o) => o.path));
    expect(data.operations.find((o: { id: string }) => o.id === "listProducts").params.map((p: { name: string }) => p.name)).toContain("pageSize");
  });

  it("its example answers fit the schemas", () => {
    for (const op of OPERATIONS) RESPONSE_SCHEMAS[op.id].parse(EXAMPLES[op.id]);
  });
});

describe("public endpoints", () => {
  it("products: search with the lookup's filters and paging", async () => {
    const all = (await conforms("listProducts", await call(productsRoute, "/api/v1/products"))) as { items: { name: string; id: number }[]; total: number; page: number; pageSize: number };
    expect(all.total).toBe(3);
    expect(all.page).toBe(1);
    expect(all.pageSize).toBe(20);
    const gom = (await conforms("listProducts", await call(productsRoute, "/api/v1/products?q=GOM%20men&level=national&year=2025"))) as typeof all;
    expect(gom.items.map((i) => i.name)).toEqual(["Bình gốm men da lươn"]);
    const bn = (await conforms("listProducts", await call(productsRoute, `/api/v1/products?provinceId=${bacNinhId}&valid=true`))) as typeof all;
    expect(bn.items.map((i) => i.name).sort()).toEqual(["Bình gốm men da lươn", "Nón lá bài thơ"]);
    const p1 = (await conforms("listProducts", await call(productsRoute, "/api/v1/products?pageSize=2"))) as typeof all;
    const p2 = (await conforms("listProducts", await call(productsRoute, "/api/v1/products?pageSize=2&page=2"))) as typeof all;
    expect(p1.items).toHaveLength(2);
    expect(p2.items).toHaveLength(1);
    expect(p2.total).toBe(3);
    expect(new Set([...p1.items, ...p2.items].map((i) => i.id)).size).toBe(3);
    const far = (await conforms("listProducts", await call(productsRoute, "/api/v1/products?page=50"))) as typeof all;
    expect(far.items).toEqual([]);
    expect(far.total).toBe(3);
  });

  it("products: bad query parameters are 400 with a Vietnamese message", async () => {
    for (const q of ["pageSize=101", "pageSize=0", "page=0", "page=abc", "level=city", "year=19", "valid=maybe", "foo=1", "page=1&page=2", `q=${"x".repeat(201)}`, "provinceId=-3"]) {
      const r = await call(productsRoute, `/api/v1/products?${q}`);
      expect(r.status, q).toBe(400);
      const body = (await conforms("listProducts", r)) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("bad_request");
      expect(body.error.message).toMatch(/Tham số/);
    }
  });

  it("one product; unknown or unpublished ids are 404", async () => {
    const id = published.productIds[1]!;
    const p = (await conforms("getProduct", await call(productRoute, `/api/v1/products/${id}`, { id: String(id) }))) as { name: string; recognitions: { certificateNumber: string }[] };
    expect(p.name).toBe("Bình gốm men da lươn");
    expect(p.recognitions[0]!.certificateNumber).toBe(certNumber);
    for (const bad of ["999999", "abc", "0", String(bnRound.productIds[0])]) {
      const r = await call(productRoute, `/api/v1/products/${bad}`, { id: bad });
      expect(r.status, bad).toBe(404);
      await conforms("getProduct", r);
    }
    expect((await call(productRoute, `/api/v1/products/${id}?x=1`, { id: String(id) })).status).toBe(400);
  });

  it("verification by number or by code; neither or both is 400, unknown is 404", async () => {
    const byNumber = (await conforms("verifyCertificate", await call(verifyRoute, `/api/v1/certificates/verify?number=${encodeURIComponent(certNumber.toLowerCase())}`))) as { certificateNumber: string; status: string };
    expect(byNumber.certificateNumber).toBe(certNumber);
    expect(byNumber.status).toBe("valid");
    const r = await call(verifyRoute, `/api/v1/certificates/verify?code=${certCode}`);
    expect(r.headers.get("Cache-Control")).toBe("no-cache");
    expect(((await conforms("verifyCertificate", r)) as { certificateNumber: string }).certificateNumber).toBe(certNumber);
    for (const q of ["", `number=${encodeURIComponent(certNumber)}&code=${certCode}`, "code=short"]) {
      const bad = await call(verifyRoute, `/api/v1/certificates/verify?${q}`);
      expect(bad.status, q).toBe(400);
      await conforms("verifyCertificate", bad);
    }
    for (const q of ["number=999%2FGCN-XX-2000", "code=AAAAAAAAAAAAAAAA"]) {
      const nf = await call(verifyRoute, `/api/v1/certificates/verify?${q}`);
      expect(nf.status, q).toBe(404);
      await conforms("verifyCertificate", nf);
    }
  });

  it("published rounds and their results; an unpublished round is 404", async () => {
    const list = (await conforms("listRounds", await call(roundsRoute, "/api/v1/rounds"))) as { items: { id: number }[]; total: number };
    expect(list.items.map((i) => i.id)).toEqual([published.roundId]);
    expect(list.total).toBe(1);
    const none = (await conforms("listRounds", await call(roundsRoute, "/api/v1/rounds?level=province"))) as typeof list;
    expect(none.total).toBe(0);
    expect((await call(roundsRoute, "/api/v1/rounds?pageSize=500")).status).toBe(400);
    const res = (await conforms("getRoundResults", await call(roundRoute, `/api/v1/rounds/${published.roundId}`, { id: String(published.roundId) }))) as { results: unknown[]; decisions: unknown[] };
    expect(res.results).toHaveLength(3);
    expect(res.decisions).toHaveLength(1);
    const hidden = await call(roundRoute, `/api/v1/rounds/${bnRound.roundId}`, { id: String(bnRound.roundId) });
    expect(hidden.status).toBe(404);
    await conforms("getRoundResults", hidden);
  });

  it("administrative units: provinces, children, by date; unknown parent 404", async () => {
    const prov = (await conforms("listUnits", await call(unitsRoute, "/api/v1/units"))) as { items: { id: number; level: string }[] };
    expect(prov.items.length).toBe(34);
    expect(prov.items.every((u) => u.level === "province")).toBe(true);
    const old = (await conforms("listUnits", await call(unitsRoute, "/api/v1/units?date=2024-01-01"))) as typeof prov;
    expect(old.items.length).toBe(63);
    await conforms("listUnits", await call(unitsRoute, `/api/v1/units?parentId=${bacNinhId}`));
    const nf = await call(unitsRoute, "/api/v1/units?parentId=9999999");
    expect(nf.status).toBe(404);
    await conforms("listUnits", nf);
    for (const q of ["date=2024-13-45", "date=2025-02-30", "date=yesterday", "parentId=x"]) {
      const bad = await call(unitsRoute, `/api/v1/units?${q}`);
      expect(bad.status, q).toBe(400);
      await conforms("listUnits", bad);
    }
  });

  it("ETag and If-None-Match: 304 with CORS, a changed answer gets a new ETag", async () => {
    const first = await call(productsRoute, "/api/v1/products");
    const etag = first.headers.get("ETag")!;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers.get("Cache-Control")).toBe("max-age=60, s-maxage=60");
    expect(first.headers.get("Cache-Control")).not.toMatch(/public/);
    const again = await call(productsRoute, "/api/v1/products", {}, { "If-None-Match": etag });
    expect(again.status).toBe(304);
    await conforms("listProducts", again);
    expect(again.headers.get("ETag")).toBe(etag);
    const other = await call(productsRoute, "/api/v1/products?pageSize=1", {}, { "If-None-Match": etag });
    expect(other.status).toBe(200);
  });
});

describe("organizer endpoints and tokens", () => {
  const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });

  it("a token lists its own body's rounds only", async () => {
    const bn = (await conforms("listOrganizerRounds", await call(orgRoundsRoute, "/api/v1/organizer/rounds", {}, bearer(bnToken)))) as { items: { id: number }[] };
    expect(bn.items.map((i) => i.id)).toEqual([bnRound.roundId]);
    const tn = (await conforms("listOrganizerRounds", await call(orgRoundsRoute, "/api/v1/organizer/rounds", {}, bearer(tnToken)))) as typeof bn;
    expect(tn.items.map((i) => i.id)).toEqual([tnRound.roundId]);
  });

  it("entries and results of its own round", async () => {
    const id = String(bnRound.roundId);
    const entries = (await conforms("listOrganizerEntries", await call(orgEntriesRoute, `/api/v1/organizer/rounds/${id}/entries`, { id }, bearer(bnToken)))) as { items: { productName: string; status: string }[]; total: number };
    expect(entries.total).toBe(2);
    expect(entries.items.map((e) => e.productName).sort()).toEqual(["Mây tre đan", "Tranh Đông Hồ"]);
    const recognised = (await conforms("listOrganizerEntries", await call(orgEntriesRoute, `/api/v1/organizer/rounds/${id}/entries?status=recognised&pageSize=1`, { id }, bearer(bnToken)))) as typeof entries;
    expect(recognised.items.map((e) => e.productName)).toEqual(["Tranh Đông Hồ"]);
    for (const status of ["lost", "draft"]) {
      const badStatus = await call(orgEntriesRoute, `/api/v1/organizer/rounds/${id}/entries?status=${status}`, { id }, bearer(bnToken));
      expect(badStatus.status, status).toBe(400);
      await conforms("listOrganizerEntries", badStatus);
    }
    const results = (await conforms("getOrganizerResults", await call(orgResultsRoute, `/api/v1/organizer/rounds/${id}/results`, { id }, bearer(bnToken)))) as { items: { verdict: string; productName: string }[]; round: { stage: number } };
    expect(results.round.stage).toBe(1);
    expect(Object.fromEntries(results.items.map((i) => [i.productName, i.verdict]))).toEqual({ "Tranh Đông Hồ": "recognised", "Mây tre đan": "not_recognised" });
    const stage2 = await call(orgResultsRoute, `/api/v1/organizer/rounds/${id}/results?stage=2`, { id }, bearer(bnToken));
    expect(stage2.status).toBe(400);
  });

  it("results before the stage is closed: 409", async () => {
    const id = String(bnRound.roundId);
    db.update(stageClosures).set({ reopenedAt: new Date() }).where(eq(stageClosures.roundId, bnRound.roundId)).run();
    try {
      const r = await call(orgResultsRoute, `/api/v1/organizer/rounds/${id}/results`, { id }, bearer(bnToken));
      expect(r.status).toBe(409);
      expect(((await conforms("getOrganizerResults", r)) as { error: { code: string } }).error.code).toBe("conflict");
    } finally {
      db.update(stageClosures).set({ reopenedAt: null }).where(eq(stageClosures.roundId, bnRound.roundId)).run();
    }
  });

  it("another province's round, or the national one, is 404 for a token", async () => {
    for (const roundId of [tnRound.roundId, published.roundId, 999999]) {
      const id = String(roundId);
      const e = await call(orgEntriesRoute, `/api/v1/organizer/rounds/${id}/entries`, { id }, bearer(bnToken));
      expect(e.status, `entries ${id}`).toBe(404);
      expect(((await conforms("listOrganizerEntries", e)) as { error: { code: string } }).error.code).toBe("not_found");
      const r = await call(orgResultsRoute, `/api/v1/organizer/rounds/${id}/results`, { id }, bearer(bnToken));
      expect(r.status, `results ${id}`).toBe(404);
      await conforms("getOrganizerResults", r);
    }
  });

  it("missing, malformed, unknown and revoked tokens are 401", async () => {
    const id = String(bnRound.roundId);
    const p = loadPrincipal(bnUser, false);
    const victim = createToken(p, bnBodyId, "Sẽ thu hồi");
    expect((await call(orgRoundsRoute, "/api/v1/organizer/rounds", {}, bearer(victim.token))).status).toBe(200);
    revokeToken(p, victim.id);
    for (const headers of [{}, { Authorization: "Basic abc" }, bearer("cnnt_short"), bearer(`cnnt_${"A".repeat(43)}`), bearer(victim.token), { Authorization: bnToken }]) {
      for (const [op, route, path, params] of [
        ["listOrganizerRounds", orgRoundsRoute, "/api/v1/organizer/rounds", {}],
        ["listOrganizerEntries", orgEntriesRoute, `/api/v1/organizer/rounds/${id}/entries`, { id }],
        ["getOrganizerResults", orgResultsRoute, `/api/v1/organizer/rounds/${id}/results`, { id }],
      ] as const) {
        const r = await call(route, path, params, headers);
        expect(r.status, `${op} ${JSON.stringify(headers)}`).toBe(401);
        expect(r.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
        await conforms(op, r);
      }
    }
  });

  it("tokens are stored hashed, and last use is recorded", () => {
    const rows = db.select().from(apiTokens).all();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.prefix).toMatch(/^cnnt_.{6}$/);
    }
    const bnRow = rows.find((r) => r.bodyId === bnBodyId && r.name === "Cổng dữ liệu Bắc Ninh")!;
    expect(bnRow.tokenHash).toBe(hashToken(bnToken));
    expect(JSON.stringify(db.$client.prepare("select * from api_tokens").all())).not.toContain(bnToken.slice(11));
    expect(bnToken.startsWith(bnRow.prefix)).toBe(true);
    expect(bnRow.lastUsedAt).not.toBeNull();
    expect(authenticateToken(`Bearer ${bnToken}`)!.bodyId).toBe(bnBodyId);
  });
});

describe("the token page (/to-chuc/api)", () => {
  const ids: Record<string, string> = {};
  async function session(email: string) {
    const id = email === "sct.bn@example.vn" ? bnUser : email === "sct.tn@example.vn" ? tnUser : ids[email]!;
    return startSession(id);
  }
  function post(cookie: string, fields: Record<string, string>) {
    return requestWithCookie("/to-chuc/api", cookie, { method: "POST", body: new URLSearchParams(fields) });
  }

  it("staff create a token (shown once, audited), list and revoke it; another body's token is 404", async () => {
    const bnCookie = await session("sct.bn@example.vn");
    const created = (await tokenPageAction({ request: post(bnCookie, { intent: "create", name: "  Hệ thống   báo cáo  ", bodyId: String(bnBodyId) }), params: {}, context: {} })) as Response;
    expect(created.status).toBe(200);
    const data = await created.json();
    expect(data.token).toMatch(/^cnnt_[A-Za-z0-9_-]{43}$/);
    const page = await ((await tokenPageLoader({ request: requestWithCookie("/to-chuc/api", bnCookie), params: {}, context: {} })) as Response).json();
    const row = page.tokens.find((t: { name: string }) => t.name === "Hệ thống báo cáo");
    expect(row.prefix).toBe(data.token.slice(0, 11));
    expect(JSON.stringify(page)).not.toContain(data.token);
    expect(page.tokens.every((t: { bodyId: number }) => t.bodyId === bnBodyId)).toBe(true);
    const create = db.select().from(auditLog).where(and(eq(auditLog.action, "api_token.create"), eq(auditLog.objectId, String(row.id)))).get();
    expect(create?.actorUserId).toBe(bnUser);

    // Tây Ninh's staff can neither see nor revoke it, nor create one for Bắc Ninh.
    const tnCookie = await session("sct.tn@example.vn");
    const tnPage = await ((await tokenPageLoader({ request: requestWithCookie("/to-chuc/api", tnCookie), params: {}, context: {} })) as Response).json();
    expect(tnPage.tokens.some((t: { id: number }) => t.id === row.id)).toBe(false);
    const foreign = (await tokenPageAction({ request: post(tnCookie, { intent: "revoke", tokenId: String(row.id) }), params: {}, context: {} })) as Response;
    expect(foreign.status).toBe(404);
    const foreignCreate = (await tokenPageAction({ request: post(tnCookie, { intent: "create", name: "x", bodyId: String(bnBodyId) }), params: {}, context: {} })) as Response;
    expect(foreignCreate.status).toBe(403);

    const empty = (await tokenPageAction({ request: post(bnCookie, { intent: "create", name: "   ", bodyId: String(bnBodyId) }), params: {}, context: {} })) as Response;
    expect(empty.status).toBe(400);
    expect((await empty.json()).errors.name).toMatch(/tên/i);

    const revoked = (await tokenPageAction({ request: post(bnCookie, { intent: "revoke", tokenId: String(row.id) }), params: {}, context: {} })) as Response;
    expect(revoked.status).toBe(200);
    expect(db.select().from(apiTokens).where(eq(apiTokens.id, row.id)).get()!.revokedBy).toBe(bnUser);
    expect(db.select().from(auditLog).where(and(eq(auditLog.action, "api_token.revoke"), eq(auditLog.objectId, String(row.id)))).get()?.actorUserId).toBe(bnUser);
    expect(authenticateToken(`Bearer ${data.token}`)).toBeNull();
  });

  it("a producer or a judge without staff role gets 403; anonymous is sent to log in", async () => {
    ids["khach@example.vn"] = await createUser("khach@example.vn");
    const cookie = await session("khach@example.vn");
    for (const run of [
      () => tokenPageLoader({ request: requestWithCookie("/to-chuc/api", cookie), params: {}, context: {} }),
      () => tokenPageAction({ request: post(cookie, { intent: "create", name: "x" }), params: {}, context: {} }),
    ]) {
      const r = await Promise.resolve(run()).catch((e: unknown) => e as Response);
      expect((r as Response).status).toBe(403);
    }
    const anon = await Promise.resolve(tokenPageLoader({ request: requestWithCookie("/to-chuc/api", null), params: {}, context: {} })).catch((e: unknown) => e as Response);
    expect((anon as Response).status).toBe(302);
  });
});

describe("the per-address quota", () => {
  it("answers 429 with Retry-After and CORS past the limit, and again after the window", async () => {
    process.env.API_RATE_LIMIT_PER_MINUTE = "3";
    const t0 = new Date("2026-06-01T03:00:00Z").getTime();
    let now = t0;
    setThrottleClock(() => new Date(now));
    const ip = { [CLIENT_IP_HEADER]: "203.0.113.7" };
    try {
      for (let i = 0; i < 3; i++) {
        const r = await call(unitsRoute, "/api/v1/units", {}, ip);
        expect(r.status).toBe(200);
        expect(r.headers.get("RateLimit-Remaining")).toBe(String(2 - i));
      }
      now = t0 + 20_000;
      const refused = await call(unitsRoute, "/api/v1/units", {}, ip);
      expect(refused.status).toBe(429);
      expect(refused.headers.get("Retry-After")).toBe("40");
      const body = (await conforms("listUnits", refused)) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("rate_limited");
      expect(body.error.message).toMatch(/40 giây/);
      // Other addresses and the token endpoints are counted apart, and a refusal is not counted.
      expect((await call(unitsRoute, "/api/v1/units", {}, { [CLIENT_IP_HEADER]: "203.0.113.8" })).status).toBe(200);
      expect((await call(orgRoundsRoute, "/api/v1/organizer/rounds", {}, { ...ip, Authorization: `Bearer ${bnToken}` })).status).toBe(429);
      now = t0 + 60_000;
      expect((await call(unitsRoute, "/api/v1/units", {}, ip)).status).toBe(200);
    } finally {
      setThrottleClock(null);
      delete process.env.API_RATE_LIMIT_PER_MINUTE;
    }
  });
});
