/**
 * The rules every request passes before it reaches a route, in one place (pure, unit-tested):
 * - cross-site requests: a request that can change something (any method but GET, HEAD, OPTIONS)
 *   must come from the app's own origin, judged by `Origin` or, when a browser sends none, by
 *   `Sec-Fetch-Site`. This covers document form posts and `?_data=` requests alike (Remix checks
 *   only the former, and answers a mismatch with a 500);
 * - bodies: such a request carries a form (urlencoded or multipart), never JSON, text or nothing;
 * - the address the browser used: the configured public origin (PUBLIC_BASE_URL) or, behind a
 *   reverse proxy, the forwarded host and scheme when TRUST_PROXY says the proxy is ours;
 * - the client's address: the socket's, or the proxy's X-Forwarded-For entry when trusted;
 * - security headers for every answer (docs/decisions/0011-request-guard.md).
 */

export interface GuardConfig {
  /** The configured public origin (PUBLIC_BASE_URL), when one was set explicitly. */
  publicOrigin: string | null;
  /** Whether X-Forwarded-Host / -Proto / -For come from a proxy of ours. */
  trustProxy: boolean;
}

export interface GuardInput {
  method: string;
  /** Lower-case header names; a repeated header joined with ", " (as node:http does). */
  headers: Record<string, string | undefined>;
}

export interface Refusal {
  status: 403 | 415;
  message: string;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

export const CROSS_SITE_MESSAGE =
  "Yêu cầu bị từ chối vì không được gửi từ trang của hệ thống. Hãy mở lại trang, rồi thực hiện lại thao tác.";
export const BAD_BODY_MESSAGE =
  "Yêu cầu không hợp lệ: dữ liệu phải được gửi từ biểu mẫu của trang. Hãy mở lại trang và gửi lại biểu mẫu.";

function first(v: string | undefined): string | undefined {
  const s = v?.split(",")[0]?.trim();
  return s ? s : undefined;
}

/** The origin the browser addressed, as far as this request tells it. */
export function requestOrigin(input: GuardInput, cfg: GuardConfig): { host: string | null; origin: string | null } {
  const h = input.headers;
  if (cfg.trustProxy) {
    const host = first(h["x-forwarded-host"]);
    const proto = first(h["x-forwarded-proto"]);
    if (host) return { host, origin: proto ? `${proto}://${host}` : null };
  }
  const host = h.host?.trim() || null;
  return { host, origin: null };
}

function parseOrigin(value: string): URL | null {
  try {
    const u = new URL(value);
    return u.protocol === "http:" || u.protocol === "https:" ? u : null;
  } catch {
    return null;
  }
}

/** Null when the request may go on; otherwise the status and message to answer with. */
export function checkRequest(input: GuardInput, cfg: GuardConfig): Refusal | null {
  const method = input.method.toUpperCase();
  if (SAFE_METHODS.has(method)) return null;
  const h = input.headers;

  const originHeader = h.origin?.trim();
  if (originHeader) {
    const o = parseOrigin(originHeader);
    if (!o) return { status: 403, message: CROSS_SITE_MESSAGE };
    const own = requestOrigin(input, cfg);
    const matchesPublic = cfg.publicOrigin !== null && o.origin === cfg.publicOrigin;
    const matchesRequest = own.origin ? o.origin === own.origin : own.host !== null && o.host === own.host.toLowerCase();
    if (!matchesPublic && !matchesRequest) return { status: 403, message: CROSS_SITE_MESSAGE };
  } else {
    // Browsers send Origin with every POST; without it, Sec-Fetch-Site still tells a cross-site
    // request. A client with neither is not a browser, which a cross-site forgery needs.
    const site = h["sec-fetch-site"]?.trim().toLowerCase();
    if (site && site !== "same-origin" && site !== "none") return { status: 403, message: CROSS_SITE_MESSAGE };
  }

  const type = (h["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (!FORM_TYPES.has(type)) return { status: 415, message: BAD_BODY_MESSAGE };
  if (type === "multipart/form-data" && !/;\s*boundary=/i.test(h["content-type"] ?? "")) {
    return { status: 415, message: BAD_BODY_MESSAGE };
  }
  return null;
}

/** The client's address: the socket's, or the last X-Forwarded-For entry (added by our proxy) when trusted. */
export function clientAddress(input: GuardInput, socketAddress: string | undefined, cfg: GuardConfig): string | null {
  if (cfg.trustProxy) {
    const chain = (input.headers["x-forwarded-for"] ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    const last = chain[chain.length - 1];
    if (last) return last;
  }
  return socketAddress ?? null;
}

/**
 * Security headers for an answer. `nonce` is the per-request nonce of the page's inline scripts
 * (Remix writes its context and module loader inline). Only set when the route did not set its own
 * (a dossier file shown in the app's own viewer allows framing by the same origin).
 */
export function securityHeaders(opts: { nonce?: string; scriptHashes?: string[]; https: boolean }): Record<string, string> {
  // Inline scripts: this answer's nonce, or, for a page from the shared page cache, the hashes of
  // its inline scripts (app/lib/page-cache.server.ts).
  const inline = [...(opts.nonce ? [`'nonce-${opts.nonce}'`] : []), ...(opts.scriptHashes ?? [])];
  const csp = [
    "default-src 'self'",
    ["script-src 'self'", ...inline].join(" "),
    // React writes style attributes into the server-rendered HTML.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  const h: Record<string, string> = {
    "Content-Security-Policy": csp,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
  if (opts.https) h["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  return h;
}
