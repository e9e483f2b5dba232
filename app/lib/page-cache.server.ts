/**
 * The rendered-page cache of anonymous public pages (docs/decisions/0016-public-page-cache.md).
 *
 * What is kept: the answer to an anonymous GET (no session cookie) that the route marked
 * `Cache-Control: public…`, with status 200, no Set-Cookie and a text body (HTML, JSON, CSV, XML)
 * of at most 4 MB: home, lookup, product, published results, verification, sitemap, open data, and
 * the loader data (`?_data=`) of the same pages. Key: the language (from the signed `lang` cookie)
 * and the path with its query.
 *
 * Never stale: an entry is valid only for the public generation it was rendered at (a counter in
 * SQLite that triggers bump in the same transaction as any change a public page shows, so every
 * server process sees it on its next request) and for the date in Vietnam it was rendered on
 * (validity "còn hiệu lực" depends on the date). Anything else is re-rendered.
 *
 * The CSP nonce: a cached page is sent to many people, so it cannot carry one person's nonce. When
 * a page is stored, its inline scripts (all rendered by us, with the nonce) are allowed by their
 * SHA-256 hashes instead, and the nonce attributes are removed.
 */
import crypto from "node:crypto";
import zlib from "node:zlib";

export const MAX_CACHED_BODY = 4 * 1024 * 1024;
const TEXT_TYPE = /^(text\/(html|csv|plain|xml)|application\/(json|xml))\b/i;
/** Headers a stored answer keeps (security headers and compression are added when it is sent). */
const KEPT_HEADERS = new Set(["content-type", "cache-control", "vary", "content-disposition", "x-remix-response", "x-remix-redirect", "x-remix-status", "x-remix-reload-document", "link", "content-language"]);

export type Encoding = "br" | "gzip" | "identity";

export interface CachedPage {
  key: string;
  gen: number;
  day: string;
  status: number;
  headers: [string, string][];
  body: Buffer;
  /** Weak: the same for every encoding of the body. */
  etag: string;
  /** Hashes of the page's inline scripts, for script-src (HTML only). */
  scriptHashes: string[];
  compressible: boolean;
  gzip?: Buffer;
  br?: Buffer;
  size: number;
}

export interface PageCacheStats {
  hits: number;
  misses: number;
  stores: number;
  entries: number;
  bytes: number;
}

/** Today in Vietnam (UTC+7 all year, no daylight saving) as YYYY-MM-DD, without Intl. */
export function vietnamDay(now = Date.now()): string {
  return new Date(now + 7 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Moves a rendered page to the form kept in the cache: the inline scripts that carry `nonce` get
 * their hashes listed, and the nonce attributes go. Exported for tests.
 */
export function detachNonce(html: string, nonce: string): { html: string; scriptHashes: string[] } {
  if (!nonce) return { html, scriptHashes: [] };
  const hashes: string[] = [];
  const attr = ` nonce="${nonce}"`;
  const re = /<script\b([^>]*)>([\s\S]*?)<\/script>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(html))) {
    if (!m[1].includes(attr) || /\bsrc=/.test(m[1])) continue;
    const h = `'sha256-${crypto.createHash("sha256").update(m[2], "utf8").digest("base64")}'`;
    if (!hashes.includes(h)) hashes.push(h);
  }
  return { html: html.split(attr).join(""), scriptHashes: hashes };
}

export class PageCache {
  private map = new Map<string, CachedPage>();
  private bytes = 0;
  readonly stats: PageCacheStats = { hits: 0, misses: 0, stores: 0, entries: 0, bytes: 0 };

  constructor(
    readonly maxBytes: number,
    /** The public generation now (app/lib/public-generation.server.ts). */
    private readonly generation: () => number,
    private readonly day: () => string = () => vietnamDay(),
  ) {}

  /** The page for this key if it is still what a fresh render would give, else undefined. */
  get(key: string): CachedPage | undefined {
    const hit = this.map.get(key);
    if (!hit) {
      this.stats.misses++;
      return undefined;
    }
    if (hit.gen !== this.generation() || hit.day !== this.day()) {
      this.remove(key, hit);
      this.stats.misses++;
      return undefined;
    }
    // Least recently used goes first: a hit moves to the end.
    this.map.delete(key);
    this.map.set(key, hit);
    this.stats.hits++;
    return hit;
  }

  /** The generation and date to store a render under: read BEFORE rendering, so a change made during the render is never hidden. */
  stamp(): { gen: number; day: string } {
    return { gen: this.generation(), day: this.day() };
  }

  /** Whether an answer may be stored (the request side was checked by the caller). */
  static eligible(response: Response): boolean {
    if (response.status !== 200 || response.headers.has("set-cookie")) return false;
    if (!/(^|,)\s*public\b/i.test(response.headers.get("cache-control") ?? "")) return false;
    if (!TEXT_TYPE.test(response.headers.get("content-type") ?? "")) return false;
    const len = Number(response.headers.get("content-length") ?? "0");
    return !(len > MAX_CACHED_BODY);
  }

  store(key: string, stamp: { gen: number; day: string }, response: Response, rawBody: Buffer, nonce: string): CachedPage {
    const type = response.headers.get("content-type") ?? "";
    let body = rawBody;
    let scriptHashes: string[] = [];
    if (/^text\/html/i.test(type)) {
      const detached = detachNonce(rawBody.toString("utf8"), nonce);
      body = Buffer.from(detached.html, "utf8");
      scriptHashes = detached.scriptHashes;
    }
    const headers: [string, string][] = [];
    for (const [k, v] of response.headers) if (KEPT_HEADERS.has(k)) headers.push([k, v]);
    const etag = `W/"${crypto.createHash("sha1").update(body).digest("base64url")}"`;
    const page: CachedPage = { key, ...stamp, status: response.status, headers, body, etag, scriptHashes, compressible: body.length > 512, size: body.length + 512 };
    const old = this.map.get(key);
    if (old) this.remove(key, old);
    if (page.size <= this.maxBytes) {
      this.map.set(key, page);
      this.bytes += page.size;
      this.stats.stores++;
      this.evict();
    }
    this.sync();
    return page;
  }

  /** The body in the best encoding the client accepts; compressed copies are made once, on first use. */
  encoded(page: CachedPage, accept: string | undefined): { encoding: Encoding; body: Buffer } {
    if (!page.compressible || !accept) return { encoding: "identity", body: page.body };
    if (/\bbr\b/.test(accept)) {
      if (!page.br) {
        page.br = zlib.brotliCompressSync(page.body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 6, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: page.body.length } });
        this.grow(page, page.br.length);
      }
      return { encoding: "br", body: page.br };
    }
    if (/\bgzip\b/.test(accept)) {
      if (!page.gzip) {
        page.gzip = zlib.gzipSync(page.body, { level: 6 });
        this.grow(page, page.gzip.length);
      }
      return { encoding: "gzip", body: page.gzip };
    }
    return { encoding: "identity", body: page.body };
  }

  clear() {
    this.map.clear();
    this.bytes = 0;
    this.sync();
  }

  private grow(page: CachedPage, n: number) {
    page.size += n;
    if (this.map.get(page.key) === page) this.bytes += n;
    this.evict();
    this.sync();
  }

  private remove(key: string, page: CachedPage) {
    if (this.map.get(key) !== page) return;
    this.map.delete(key);
    this.bytes -= page.size;
    this.sync();
  }

  private evict() {
    for (const [k, v] of this.map) {
      if (this.bytes <= this.maxBytes) break;
      this.remove(k, v);
    }
  }

  private sync() {
    this.stats.entries = this.map.size;
    this.stats.bytes = this.bytes;
  }
}
