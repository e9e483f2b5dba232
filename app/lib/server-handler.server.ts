/**
 * The HTTP edge between Node's server and Remix (used by server.js through the build's entry
 * module): every request passes the guard of app/lib/request-guard.ts, gets a CSP nonce and the
 * client's address, and every answer gets the security and caching headers, in one place.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { createReadableStreamFromReadable, createRequestHandler, writeReadableStreamToWritable, type ServerBuild } from "@remix-run/node";
import { env } from "./env.server";
import { CLIENT_IP_HEADER } from "./http.server";
import { localeCookie } from "./locale.server";
import { MAX_CACHED_BODY, PageCache, type CachedPage } from "./page-cache.server";
import { publicGeneration } from "./public-generation.server";
import { newNonce } from "./nonce.server";
import { lazyNodeBody } from "./raw-body.server";
import { checkRequest, clientAddress, requestOrigin, securityHeaders, type GuardConfig, type GuardInput } from "./request-guard";
import type { StaticFiles } from "./static-files.server";

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
  check(req: { url: URL; form: URLSearchParams | null; ip: string | null; english: boolean }): Response | null;
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

export interface NodeHandlerOptions {
  preflight?: Preflight;
  /** Browser assets and public/ files, answered before anything else (server.js). */
  staticFiles?: StaticFiles;
  /** The page cache; default: one of PAGE_CACHE_MB (none when 0). */
  pageCache?: PageCache | null;
}

/** The signed value of the `lang` cookie for English (the only other language): the cache key's language. */
let englishCookie: string | undefined;
async function englishCookieValue(): Promise<string> {
  englishCookie ??= (await localeCookie.serialize("en")).split(";")[0].slice(localeCookie.name.length + 1);
  return englishCookie;
}
const LANG_COOKIE = /(?:^|;\s*)lang=([^;]*)/;


export function createNodeHandler(build: ServerBuild, mode = process.env.NODE_ENV, opts: NodeHandlerOptions = {}) {
  const handle = createRequestHandler(build, mode);
  const e = env();
  const cfg: GuardConfig = { publicOrigin: e.publicOrigin, trustProxy: e.TRUST_PROXY };
  const https = e.publicBaseUrl.startsWith("https://");
  const cache = opts.pageCache !== undefined ? opts.pageCache : e.PAGE_CACHE_MB > 0 ? new PageCache(e.PAGE_CACHE_MB * 1024 * 1024, publicGeneration) : null;
  const staticSecurity = securityHeaders({ https });

  function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string) {
    res.writeHead(status, { ...headers, "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Content-Length": Buffer.byteLength(body) });
    res.end(body);
  }

  const handleNode = async function handleNode(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    if (opts.staticFiles && (method === "GET" || method === "HEAD")) {
      const u = req.url ?? "/";
      const q = u.indexOf("?");
      if (opts.staticFiles.serve(req, res, q < 0 ? u : u.slice(0, q), staticSecurity)) return;
    }
    const nonce = newNonce();
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
      // Only the path and query come from the request line ("//host/x" or "http://host/x" must not
      // change the origin the app sees).
      const target = req.url ?? "/";
      url = new URL(target.startsWith("/") ? target.replace(/^\/+/, "/") : new URL(target).pathname + new URL(target).search, base);
    } catch {
      send(res, 400, security, plainPage(400, "Địa chỉ không hợp lệ", "Địa chỉ trang không hợp lệ. Hãy kiểm tra lại đường dẫn."));
      return;
    }
    // An anonymous reader of a public page: from the page cache when it holds the page as it is now.
    const signedIn = SESSION_COOKIE.test(raw.cookie ?? "");
    let cacheKey: string | null = null;
    if (cache && !signedIn && (method === "GET" || method === "HEAD")) {
      const lang = LANG_COOKIE.exec(raw.cookie ?? "")?.[1];
      cacheKey = `${lang && lang === (await englishCookieValue()) ? "en" : "vi"} ${url.pathname}${url.search}`;
      const hit = cache.get(cacheKey);
      if (hit) {
        sendCached(cache, req, res, hit, method, https, "hit");
        return;
      }
    }
    // Read before rendering: a change committed during the render is never stored as current.
    const stamp = cache && cacheKey && method === "GET" ? cache.stamp() : null;

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
      const lang = LANG_COOKIE.exec(raw.cookie ?? "")?.[1];
      const english = !!lang && lang === (await englishCookieValue());
      const early = pre.check({ url, form, ip, english });
      if (early) {
        dropUnreadBodyLater(req, res);
        await sendResponse(res, early, security, method);
        return;
      }
    }
    if (method !== "GET" && method !== "HEAD" && init.body === undefined) {
      // Uploads: a body the upload reader can take as Node's own stream (lib/raw-body.server).
      init.body = /^multipart\/form-data/i.test(raw["content-type"] ?? "") ? lazyNodeBody(req) : createReadableStreamFromReadable(req);
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
    if (cache && cacheKey && stamp && PageCache.eligible(response) && response.body) {
      const got = await collect(response.body, MAX_CACHED_BODY);
      if (got.complete) {
        const page = cache.store(cacheKey, stamp, response, Buffer.concat(got.chunks, got.size), nonce);
        sendCached(cache, req, res, page, method, https, "miss");
        return;
      }
      // Too large to keep: sent as it comes.
      response = new Response(resume(got), { status: response.status, statusText: response.statusText, headers: response.headers });
    }
    await sendResponse(res, response, security, method, signedIn, raw["accept-encoding"]);
  };
  return Object.assign(handleNode, { pageCache: cache });
}

interface Collected {
  chunks: Buffer[];
  size: number;
  /** Whether that was the whole body; if not, `rest` gives what follows. */
  complete: boolean;
  rest: AsyncIterator<Uint8Array>;
}

/** Reads a body until it ends or passes `max` bytes. */
async function collect(body: ReadableStream<Uint8Array>, max: number): Promise<Collected> {
  const rest = (body as unknown as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await rest.next();
    if (done) return { chunks, size, complete: true, rest };
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    size += value.byteLength;
    if (size > max) return { chunks, size, complete: false, rest };
  }
}

/** The collected chunks, then the rest of the body, as one stream again. */
function resume(got: Collected): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (i < got.chunks.length) return controller.enqueue(got.chunks[i++]);
      const { done, value } = await got.rest.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel() {
      await got.rest.return?.();
    },
  });
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const weak = (t: string) => t.trim().replace(/^W\//, "");
  const mine = weak(etag);
  return header.split(",").some((t) => t.trim() === "*" || weak(t) === mine);
}

/** Copies a body into a writable with back-pressure (writeReadableStreamToWritable would flush zlib after each chunk). */
async function pump(body: ReadableStream<Uint8Array>, to: NodeJS.WritableStream) {
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    if (!to.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        const done = (err?: unknown) => {
          to.off("drain", done);
          to.off("error", done);
          to.off("close", done);
          if (err) reject(err);
          else resolve();
        };
        to.on("drain", done);
        to.on("error", done);
        to.on("close", done);
      });
    }
  }
  to.end();
}

/** A page from the cache: the CSP allows its inline scripts by hash; 304 when the client has it. */
function sendCached(cache: PageCache, req: IncomingMessage, res: ServerResponse, page: CachedPage, method: string, https: boolean, state: "hit" | "miss") {
  const headers: Record<string, string> = securityHeaders({ scriptHashes: page.scriptHashes, https });
  for (const [k, v] of page.headers) headers[k] = v;
  headers["etag"] = page.etag;
  headers["vary"] = "Cookie, Accept-Encoding";
  headers["x-page-cache"] = state;
  if (etagMatches(req.headers["if-none-match"] as string | undefined, page.etag)) {
    delete headers["content-type"];
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const { encoding, body } = cache.encoded(page, req.headers["accept-encoding"] as string | undefined);
  if (encoding !== "identity") headers["content-encoding"] = encoding;
  headers["content-length"] = String(body.length);
  res.writeHead(page.status, headers);
  res.end(method === "HEAD" ? undefined : body);
}

/** Writes a Response with the security headers the route did not set and the caching rule of 0011. */
const gzipAsync = promisify(zlib.gzip);
const ONE_PIECE_MAX = 1024 * 1024;
const COMPRESSIBLE_TYPE = /^(text\/|application\/(json|xml|javascript|manifest\+json)|image\/svg\+xml)/i;

async function sendResponse(res: ServerResponse, response: Response, security: Record<string, string>, method: string, signedIn = false, acceptEncoding?: string) {
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

  // Text answers are compressed (gzip) for clients that accept it: phones on slow networks.
  const gzip =
    !!response.body &&
    method !== "HEAD" &&
    response.status !== 204 &&
    response.status !== 304 &&
    !out.has("Content-Encoding") &&
    COMPRESSIBLE_TYPE.test(out.get("Content-Type") ?? "") &&
    !(Number(out.get("Content-Length") ?? "1000") < 512) &&
    /\bgzip\b/.test(acceptEncoding ?? "");
  if (gzip) {
    out.delete("Content-Length");
    out.set("Content-Encoding", "gzip");
    const v = out.get("Vary")!;
    if (!/accept-encoding/i.test(v)) out.set("Vary", `${v}, Accept-Encoding`);
  }

  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  for (const [k, v] of out.entries()) {
    if (k === "set-cookie") continue;
    res.setHeader(k, v);
  }
  const cookies = out.getSetCookie();
  if (cookies.length) res.setHeader("Set-Cookie", cookies);
  if (response.body && method !== "HEAD") {
    let body: ReadableStream<Uint8Array> = response.body;
    try {
      if (COMPRESSIBLE_TYPE.test(out.get("Content-Type") ?? "")) {
        // A page is written in one piece (React writes it in hundreds of small chunks, each a
        // system call otherwise), compressed off the main thread; a long one as it comes.
        const got = await collect(body, ONE_PIECE_MAX);
        if (got.complete) {
          let whole = Buffer.concat(got.chunks, got.size);
          if (gzip) whole = await gzipAsync(whole, { level: 6 });
          res.setHeader("Content-Length", whole.length);
          res.end(whole);
          return;
        }
        body = resume(got);
      }
      if (gzip) {
        const z = zlib.createGzip({ level: 6 });
        z.pipe(res);
        res.once("close", () => z.destroy());
        await pump(body, z);
      } else {
        await writeReadableStreamToWritable(body, res);
      }
    } catch {
      // The client went away mid-answer; nothing to do.
      res.destroy();
    }
  } else {
    await response.body?.cancel().catch(() => {});
    res.end();
  }
}
