/**
 * How every /api/v1 answer is made (docs/decisions/0020-open-api.md):
 * - the client address's quota first (429 + Retry-After), then the token for organizer endpoints
 *   (401), then the handler;
 * - the answer parsed with its zod schema (the one the OpenAPI document is generated from) before
 *   it is sent, so the API never answers outside its contract;
 * - JSON with a weak ETag of the body; `If-None-Match` gets 304;
 * - CORS for GET on every answer (`Access-Control-Allow-Origin: *`, 304, 4xx and 429 included);
 * - Cache-Control never says `public`: the server's page cache (app/lib/page-cache.server.ts)
 *   stores only `public` answers and would answer before the quota is counted and without the
 *   CORS headers, so the API stays out of it and answers 304 itself.
 * - errors as `{ error: { code, message } }` with a Vietnamese message.
 */
import crypto from "node:crypto";
import type { z } from "zod";
import { clientIp } from "~/lib/http.server";
import { describeIssues, queryObject, type ErrorCode } from "./schemas";
import { takeApiRequest } from "./throttle.server";
import { authenticateToken, type TokenPrincipal } from "./tokens.server";

type Code = z.infer<typeof ErrorCode>;

/** Public data: browsers and shared caches may keep it a minute (like the public pages). */
export const CACHE_PUBLIC = "max-age=60, s-maxage=60";
/** Verification: every cache asks again each time (a revoked certificate never shows as valid). */
export const CACHE_REVALIDATE = "no-cache";
/** A token's data: the client's own, revalidated every time. */
export const CACHE_PRIVATE = "private, no-cache";

export const CORS_HEADERS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, HEAD",
  "Access-Control-Allow-Headers": "Authorization, If-None-Match",
  "Access-Control-Expose-Headers": "ETag, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset",
  "Access-Control-Max-Age": "600",
};

const STATUS_CODE: Record<number, Code> = { 400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 409: "conflict", 429: "rate_limited" };

/** An error the API answers on purpose (thrown by handlers). */
export class ApiError extends Error {
  constructor(
    public status: number,
    message: string,
    public code: Code = STATUS_CODE[status] ?? "bad_request",
  ) {
    super(message);
  }
}

export function apiErrorResponse(status: number, code: Code, message: string, extra: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...CORS_HEADERS, ...extra },
  });
}

function weakEtag(body: string): string {
  return `W/"${crypto.createHash("sha1").update(body, "utf8").digest("base64url")}"`;
}

function etagMatches(header: string | null, etag: string): boolean {
  if (!header) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, "");
  return header.split(",").some((t) => t.trim() === "*" || bare(t) === bare(etag));
}

/** Parses the query with a schema: 400 with the first problem otherwise. */
export function parseQuery<S extends z.ZodTypeAny>(request: Request, schema: S): z.output<S> {
  const q = queryObject(new URL(request.url));
  if (!q.ok) throw new ApiError(400, q.message);
  const parsed = schema.safeParse(q.value);
  if (!parsed.success) throw new ApiError(400, describeIssues(parsed.error));
  return parsed.data;
}

/** A route parameter that must be a positive integer id; 404 otherwise. */
export function idOf(value: string | undefined, notFoundMessage: string): number {
  const n = Number(value);
  if (!value || !/^\d{1,12}$/.test(value) || !Number.isSafeInteger(n) || n <= 0) throw new ApiError(404, notFoundMessage);
  return n;
}

export interface ApiHandlerContext {
  request: Request;
  /** Set for endpoints with `auth: "token"`. */
  token: TokenPrincipal | null;
}

export interface ApiOptions<S extends z.ZodTypeAny> {
  schema: S;
  cache: string;
  auth?: "token";
}

/** Messages of JSON responses thrown by the app's own modules (notFound, reportError...). */
async function fromThrownResponse(r: Response): Promise<Response> {
  let message = "Không thực hiện được yêu cầu.";
  try {
    const data = (await r.clone().json()) as { message?: unknown };
    if (typeof data.message === "string") message = data.message;
  } catch {
    /* not JSON */
  }
  const status = r.status >= 400 && r.status < 500 ? r.status : 500;
  return apiErrorResponse(status, STATUS_CODE[status] ?? (status === 500 ? "internal" : "bad_request"), message);
}

const UNAUTHORIZED =
  "Thiếu hoặc sai mã truy cập. Gửi tiêu đề Authorization: Bearer <mã> với một mã truy cập còn hiệu lực do cơ quan tổ chức tạo tại trang Tổ chức → Mã truy cập API.";

/** Runs an API endpoint: quota, token, handler, schema, ETag, caching and CORS headers. */
export async function apiAnswer<S extends z.ZodTypeAny>(request: Request, opts: ApiOptions<S>, handler: (ctx: ApiHandlerContext) => z.input<S> | Promise<z.input<S>>): Promise<Response> {
  // A browser's CORS preflight (a cross-origin GET with Authorization or If-None-Match): allowed,
  // not counted, no body.
  if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: { ...CORS_HEADERS, "Cache-Control": "no-store" } });
  const quota = takeApiRequest(clientIp(request));
  if (!quota.allowed) {
    return apiErrorResponse(
      429,
      "rate_limited",
      `Quá nhiều yêu cầu từ địa chỉ của bạn (tối đa ${quota.limit} yêu cầu mỗi phút). Vui lòng thử lại sau ${quota.retryAfterSeconds} giây.`,
      { "Retry-After": String(quota.retryAfterSeconds), "RateLimit-Limit": String(quota.limit), "RateLimit-Remaining": "0", "RateLimit-Reset": String(quota.retryAfterSeconds) },
    );
  }
  const rate = { "RateLimit-Limit": String(quota.limit), "RateLimit-Remaining": String(quota.remaining), "RateLimit-Reset": String(quota.resetSeconds) };
  let token: TokenPrincipal | null = null;
  if (opts.auth === "token") {
    token = authenticateToken(request.headers.get("Authorization"));
    if (!token) return apiErrorResponse(401, "unauthorized", UNAUTHORIZED, { ...rate, "WWW-Authenticate": 'Bearer realm="cnnt-api"' });
  }
  let data: z.output<S>;
  try {
    data = opts.schema.parse(await handler({ request, token }));
  } catch (e) {
    if (e instanceof ApiError) {
      const r = apiErrorResponse(e.status, e.code, e.message, rate);
      return r;
    }
    if (e instanceof Response || (e && typeof e === "object" && "status" in e && "headers" in e && typeof (e as Response).clone === "function")) {
      const r = await fromThrownResponse(e as Response);
      for (const [k, v] of Object.entries(rate)) r.headers.set(k, v);
      return r;
    }
    console.error(e);
    return apiErrorResponse(500, "internal", "Đã có lỗi xảy ra ở máy chủ. Vui lòng thử lại sau ít phút.", rate);
  }
  const body = JSON.stringify(data);
  const etag = weakEtag(body);
  const headers: Record<string, string> = {
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": opts.cache,
    ETag: etag,
    Vary: opts.auth === "token" ? "Authorization" : "Accept-Encoding",
    ...CORS_HEADERS,
    ...rate,
  };
  if (etagMatches(request.headers.get("If-None-Match"), etag)) {
    delete headers["Content-Type"];
    return new Response(null, { status: 304, headers });
  }
  return new Response(body, { status: 200, headers });
}

/** Paging helpers: `page`/`pageSize` from a parsed query. */
export function paging(q: { page?: number; pageSize?: number }, defaultSize = 20) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? defaultSize;
  return { page, pageSize, offset: (page - 1) * pageSize };
}
