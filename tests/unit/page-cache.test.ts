/**
 * The page cache's rules without a server (app/lib/page-cache.server.ts): an entry is valid only
 * for the public generation and the date in Vietnam it was rendered at; memory is bounded; what
 * may be stored; the nonce of a stored page is replaced by its scripts' hashes.
 */
import crypto from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { todayInVietnam } from "~/lib/dates";
import { detachNonce, PageCache, vietnamDay } from "~/lib/page-cache.server";

function page(body: string, headers: Record<string, string> = {}) {
  return new Response(body, { status: 200, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "public, max-age=60", ...headers } });
}

function setup(maxBytes = 1 << 20) {
  const clock = { gen: 1, day: "2026-11-30" };
  const cache = new PageCache(maxBytes, () => clock.gen, () => clock.day);
  const put = (key: string, body: string) => cache.store(key, cache.stamp(), page(body), Buffer.from(body), "n0nce");
  return { clock, cache, put };
}

describe("page cache", () => {
  it("an entry is valid for its generation and its day in Vietnam only", () => {
    const { clock, cache, put } = setup();
    put("vi /san-pham/1", "<p>còn hiệu lực</p>");
    expect(cache.get("vi /san-pham/1")?.body.toString()).toBe("<p>còn hiệu lực</p>");
    clock.day = "2026-12-01"; // midnight in Vietnam: a certificate's validity may have ended
    expect(cache.get("vi /san-pham/1")).toBeUndefined();
    put("vi /san-pham/1", "<p>hết hiệu lực</p>");
    expect(cache.get("vi /san-pham/1")?.body.toString()).toBe("<p>hết hiệu lực</p>");
    clock.gen++; // any public change, by any process
    expect(cache.get("vi /san-pham/1")).toBeUndefined();
    expect(cache.stats.entries).toBe(0);
  });

  it("a render is stored under the generation read before it, so a change during the render is not hidden", () => {
    const { clock, cache } = setup();
    const stamp = cache.stamp();
    clock.gen++; // committed while the page was being rendered
    cache.store("vi /", stamp, page("<p>cũ</p>"), Buffer.from("<p>cũ</p>"), "");
    expect(cache.get("vi /")).toBeUndefined();
  });

  it("keeps within its memory, the least recently used going first", () => {
    const { cache, put } = setup(5_000);
    const body = "x".repeat(1_000);
    for (let i = 0; i < 3; i++) put(`vi /p/${i}`, body);
    cache.get("vi /p/0"); // used: kept
    put("vi /p/3", body); // one must go: the least recently used, /p/1
    expect(cache.stats.bytes).toBeLessThanOrEqual(5_000);
    expect(cache.get("vi /p/1")).toBeUndefined();
    expect(cache.get("vi /p/0")).toBeDefined();
    for (let i = 4; i < 6; i++) put(`vi /p/${i}`, body);
    expect(cache.stats.entries).toBe(3);
    expect(cache.get("vi /p/5")).toBeDefined();
    // Compressed copies count too.
    const p = cache.get("vi /p/5")!;
    cache.encoded(p, "gzip, br");
    cache.encoded(p, "gzip");
    expect(cache.stats.bytes).toBeLessThanOrEqual(5_000);
  });

  it("stores only public 200 text answers without cookies", () => {
    expect(PageCache.eligible(page("a"))).toBe(true);
    expect(PageCache.eligible(page("a", { "Cache-Control": "public, no-cache" }))).toBe(true);
    expect(PageCache.eligible(page("a", { "Cache-Control": "private, no-store" }))).toBe(false);
    expect(PageCache.eligible(page("a", { "Cache-Control": "" }))).toBe(false);
    expect(PageCache.eligible(page("a", { "Set-Cookie": "x=1" }))).toBe(false);
    expect(PageCache.eligible(page("a", { "Content-Type": "image/png" }))).toBe(false);
    expect(PageCache.eligible(new Response("a", { status: 404, headers: { "Content-Type": "text/html", "Cache-Control": "public" } }))).toBe(false);
  });

  it("replaces the nonce of a stored page by the hashes of its inline scripts", () => {
    const html = `<html><head><script nonce="abc">window.a=1</script><script nonce="abc" src="/build/x.js"></script></head><body><script nonce="abc" type="module">import("/b.js")</script><script>evil()</script></body></html>`;
    const { html: out, scriptHashes } = detachNonce(html, "abc");
    expect(out).not.toContain("nonce=");
    const h = (s: string) => `'sha256-${crypto.createHash("sha256").update(s).digest("base64")}'`;
    expect(scriptHashes).toEqual([h("window.a=1"), h('import("/b.js")')]);
    // A script that did not carry the nonce stays disallowed.
    expect(scriptHashes).not.toContain(h("evil()"));
  });

  it("gives the same body in every encoding", () => {
    const { cache, put } = setup();
    const body = "<p>Bình gốm men da lươn</p>".repeat(100);
    const p = put("vi /", body);
    const zlib = require("node:zlib") as typeof import("node:zlib");
    expect(zlib.brotliDecompressSync(cache.encoded(p, "br").body).toString()).toBe(body);
    expect(zlib.gunzipSync(cache.encoded(p, "gzip").body).toString()).toBe(body);
    expect(cache.encoded(p, undefined)).toEqual({ encoding: "identity", body: Buffer.from(body) });
  });

  it("reckons the day in Vietnam as the app does", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }), (t) => {
        expect(vietnamDay(t)).toBe(todayInVietnam(new Date(t)));
      }),
      { numRuns: 2000 },
    );
    // Around midnight in Vietnam (17:00 UTC).
    expect(vietnamDay(Date.UTC(2026, 10, 30, 16, 59, 59))).toBe("2026-11-30");
    expect(vietnamDay(Date.UTC(2026, 10, 30, 17, 0, 0))).toBe("2026-12-01");
  });
});
