/**
 * The HTTP edge between Node's server and Remix (used by server.js through the build's entry
 * module): every request passes the guard of app/lib/request-guard.ts, gets a CSP nonce and the
 * client's address, and every answer gets the security and caching headers, in one place.
 */
import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createReadableStreamFromReadable, createRequestHandler, writeReadableStreamToWritable, type ServerBuild } from "@remix-run/node";
import { env } from "./env.server";
import { CLIENT_IP_HEADER } from "./http.server";
import { checkRequest, clientAddress, requestOrigin, securityHeaders, type GuardConfig, type GuardInput } from "./request-guard";

/** What loaders, actions and entry.server receive as `context`. */
export interface AppLoadContext {
  [key: string]: unknown;
  cspNonce: string;
  /** Set by entry.server's handleError when the request body could not be read as a form. */
  badBody?: boolean;
}

const SESSION_COOKIE = /(?:^|;\s*)cnnt_session=[^;]/;

function headerRecord(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

const HOST_RE = /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;

function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A small page for requests refused before any route runs (no session, no layout). */
export function plainPage(status: number, title: string, message: string): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5"><p style="color:#666">${status}</p><h1 style="font-size:1.4rem">${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="/">Về trang chủ</a></p></body></html>`;
}

/**
 * An answer sent before the request's body was read (a refused or too-large upload): the client
 * gets the answer at once, and the socket, with whatever body it still sends, is dropped a little
 * later. Closing at once would reset the connection and the client could lose the answer; keeping
 * it would let a stalled upload hold the socket until the request timeout.
 */
function dropUnreadBodyLater(req: IncomingMessage, res: ServerResponse) {
  res.once("finish", () => {
    if (!req.complete) setTimeout(() => req.socket.destroy(), 10_000).unref();
  });
}

/**
 * A check that runs before Remix on a few paths (POST only), with the form already read when it is
 * a small urlencoded one: it may answer at once (e.g. a locked-out log-in, modules/throttle/edge).
 */
export interface Preflight {
  paths: ReadonlySet<string>;
  check(req: { url: URL; form: URLSearchParams | null; ip: string | null }): Response | null;
}

const PREFLIGHT_BODY_MAX = 16 * 1024;

/** Reads a small body whole (the log-in form); null when it is larger than declared or too large. */
async function readSmallBody(req: IncomingMessage, declared: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > declared || size > PREFLIGHT_BODY_MAX) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function createNodeHandler(build: ServerBuild, mode = process.env.NODE_ENV, opts: { preflight?: Preflight } = {}) {
  const handle = createRequestHandler(build, mode);
  const e = env();
  const cfg: GuardConfig = { publicOrigin: e.publicOrigin, trustProxy: e.TRUST_PROXY };
  const https = e.publicBaseUrl.startsWith("https://");

  function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string) {
    res.writeHead(status, { ...headers, "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Content-Length": Buffer.byteLength(body) });
    res.end(body);
  }

  return async function handleNode(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const nonce = crypto.randomBytes(16).toString("base64");
    const security = securityHeaders({ nonce, https });
    const raw = headerRecord(req);
    const input: GuardInput = { method: req.method ?? "GET", headers: raw };

    const refusal = checkRequest(input, cfg);
    if (refusal) {
      // The body of a refused request is not read.
      dropUnreadBodyLater(req, res);
      send(res, refusal.status, security, plainPage(refusal.status, "Yêu cầu không được chấp nhận", refusal.message));
      return;
    }

    // The request Remix sees: the address the browser used, our own client-address header, and a
    // Host that agrees with an Origin the guard already accepted (Remix compares the two itself,
    // and a reverse proxy that rewrites Host would otherwise fail every form post).
    const own = requestOrigin(input, cfg);
    const hostHeader = own.host && HOST_RE.test(own.host) ? own.host : "localhost";
    const base = e.publicOrigin ?? own.origin ?? `http://${hostHeader}`;
    let url: URL;
    try {
      url = new URL(req.url ?? "/", base);
    } catch {
      send(res, 400, security, plainPage(400, "Địa chỉ không hợp lệ", "Địa chỉ trang không hợp lệ. Hãy kiểm tra lại đường dẫn."));
      return;
    }
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined || k === CLIENT_IP_HEADER || k.startsWith(":")) continue;
      for (const one of Array.isArray(v) ? v : [v]) headers.append(k, one);
    }
    const origin = raw.origin?.trim();
    if (origin) {
      headers.set("host", new URL(origin).host);
      headers.delete("x-forwarded-host");
    } else {
      headers.set("host", hostHeader);
    }
    const ip = clientAddress(input, req.socket.remoteAddress, cfg);
    if (ip) headers.set(CLIENT_IP_HEADER, ip);

    const controller = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    const method = (req.method ?? "GET").toUpperCase();
    const init: RequestInit & { duplex?: "half" } = { method, headers, signal: controller.signal };
    const pre = opts.preflight;
    if (pre && method === "POST" && pre.paths.has(url.pathname)) {
      const declared = Number(raw["content-length"]);
      let form: URLSearchParams | null = null;
      if (/^application\/x-www-form-urlencoded/i.test(raw["content-type"] ?? "") && declared > 0 && declared <= PREFLIGHT_BODY_MAX) {
        const body = await readSmallBody(req, declared);
        if (!body) {
          send(res, 400, security, plainPage(400, "Dữ liệu gửi lên không hợp lệ", "Dữ liệu biểu mẫu không đúng. Hãy mở lại trang và gửi lại."));
          return;
        }
        form = new URLSearchParams(body.toString("utf8"));
        init.body = new Uint8Array(body);
      }
      const early = pre.check({ url, form, ip });
      if (early) {
        dropUnreadBodyLater(req, res);
        await sendResponse(res, early, security, method);
        return;
      }
    }
    if (method !== "GET" && method !== "HEAD" && init.body === undefined) {
      init.body = createReadableStreamFromReadable(req);
      init.duplex = "half";
    }
    const request = new Request(url.href, init);
    const context: AppLoadContext = { cspNonce: nonce };

    let response: Response;
    try {
      response = await handle(request, context);
    } catch (err) {
      console.error(err);
      if (!res.headersSent) send(res, 500, security, plainPage(500, "Lỗi hệ thống", "Đã có lỗi xảy ra. Vui lòng thử lại sau ít phút."));
      else res.destroy();
      return;
    }

    if (context.badBody && response.status >= 500) {
      await response.body?.cancel().catch(() => {});
      send(res, 400, security, plainPage(400, "Dữ liệu gửi lên không hợp lệ", "Dữ liệu biểu mẫu bị gián đoạn hoặc không đúng định dạng. Hãy mở lại trang và gửi lại."));
      return;
    }

    if (method !== "GET" && method !== "HEAD") dropUnreadBodyLater(req, res);
    await sendResponse(res, response, security, method, SESSION_COOKIE.test(raw.cookie ?? ""));
  };
}

/** Writes a Response with the security headers the route did not set and the caching rule of 0011. */
async function sendResponse(res: ServerResponse, response: Response, security: Record<string, string>, method: string, signedIn = false) {
  const out = response.headers;
  for (const [k, v] of Object.entries(security)) if (!out.has(k)) out.set(k, v);
  // Anything a signed-in person sees, or any answer that changes state or sets a cookie, is
  // theirs alone: no shared cache keeps it, and no browser keeps it after log-out.
  if (signedIn || (method !== "GET" && method !== "HEAD") || out.has("Set-Cookie")) {
    out.set("Cache-Control", "private, no-store");
  }
  const vary = out.get("Vary");
  if (!vary) out.set("Vary", "Cookie");
  else if (!/\bcookie\b/i.test(vary)) out.set("Vary", `${vary}, Cookie`);

  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  for (const [k, v] of out.entries()) {
    if (k === "set-cookie") continue;
    res.setHeader(k, v);
  }
  const cookies = out.getSetCookie();
  if (cookies.length) res.setHeader("Set-Cookie", cookies);
  if (response.body && method !== "HEAD") {
    try {
      await writeReadableStreamToWritable(response.body, res);
    } catch {
      // The client went away mid-answer; nothing to do.
      res.destroy();
    }
  } else {
    await response.body?.cancel().catch(() => {});
    res.end();
  }
}
