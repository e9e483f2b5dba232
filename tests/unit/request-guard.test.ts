/** The request guard's rules (app/lib/request-guard.ts) and the return-address rule (safeRedirectPath). */
import { describe, expect, it } from "vitest";
import { checkRequest, clientAddress, requestOrigin, securityHeaders, type GuardConfig } from "~/lib/request-guard";
import { safeRedirectPath } from "~/lib/http.server";

const FORM = "application/x-www-form-urlencoded";
const local: GuardConfig = { publicOrigin: null, trustProxy: false };
const deployed: GuardConfig = { publicOrigin: "https://cnnt.example.vn", trustProxy: true };

function post(headers: Record<string, string>, method = "POST") {
  return { method, headers: { "content-type": FORM, ...headers } };
}

describe("cross-site requests", () => {
  it("lets reads through whatever their origin", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "get"]) {
      expect(checkRequest({ method, headers: { origin: "http://evil.example", host: "localhost:3000" } }, local)).toBeNull();
    }
  });
  it("accepts a post from the address the browser used", () => {
    expect(checkRequest(post({ origin: "http://localhost:3000", host: "localhost:3000" }), local)).toBeNull();
    expect(checkRequest(post({ origin: "http://LOCALHOST:3000", host: "localhost:3000" }), local)).toBeNull();
    expect(checkRequest(post({ host: "localhost:3000", "sec-fetch-site": "same-origin" }), local)).toBeNull();
    // A client that is not a browser sends neither header: no forgery is possible through it.
    expect(checkRequest(post({ host: "localhost:3000" }), local)).toBeNull();
  });
  it("refuses a post from another site, however it is dressed", () => {
    const cases: Record<string, string>[] = [
      { origin: "http://evil.example", host: "localhost:3000" },
      { origin: "http://localhost:3000.evil.example", host: "localhost:3000" },
      { origin: "null", host: "localhost:3000" },
      { origin: "file://", host: "localhost:3000" },
      { origin: "not a url", host: "localhost:3000" },
      { origin: "http://localhost:3000" }, // no Host to compare with
      { host: "localhost:3000", "sec-fetch-site": "cross-site" },
      { host: "localhost:3000", "sec-fetch-site": "same-site" },
    ];
    for (const h of cases) {
      expect(checkRequest(post(h), local), JSON.stringify(h)).toMatchObject({ status: 403 });
      expect(checkRequest(post(h, "DELETE"), local), JSON.stringify(h)).toMatchObject({ status: 403 });
    }
  });
  it("behind a trusted proxy, honours the forwarded host and scheme, and the configured origin", () => {
    const viaProxy = { host: "127.0.0.1:3000", "x-forwarded-host": "cnnt.example.vn", "x-forwarded-proto": "https" };
    expect(checkRequest(post({ ...viaProxy, origin: "https://cnnt.example.vn" }), deployed)).toBeNull();
    expect(checkRequest(post({ ...viaProxy, origin: "http://cnnt.example.vn" }), { ...deployed, publicOrigin: null })).toMatchObject({ status: 403 });
    // A proxy that rewrites Host and forwards nothing: the configured public origin still matches.
    expect(checkRequest(post({ host: "127.0.0.1:3000", origin: "https://cnnt.example.vn" }), deployed)).toBeNull();
    expect(checkRequest(post({ host: "127.0.0.1:3000", origin: "https://evil.example" }), deployed)).toMatchObject({ status: 403 });
  });
  it("ignores forwarded headers unless the proxy is trusted", () => {
    const h = { host: "127.0.0.1:3000", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", origin: "https://evil.example" };
    expect(checkRequest(post(h), local)).toMatchObject({ status: 403 });
    expect(requestOrigin({ method: "GET", headers: h }, local)).toEqual({ host: "127.0.0.1:3000", origin: null });
  });
});

describe("request bodies", () => {
  it("accepts forms only", () => {
    const ok = { origin: "http://localhost:3000", host: "localhost:3000" };
    expect(checkRequest({ method: "POST", headers: { ...ok, "content-type": "multipart/form-data; boundary=abc" } }, local)).toBeNull();
    expect(checkRequest({ method: "POST", headers: { ...ok, "content-type": "application/x-www-form-urlencoded;charset=UTF-8" } }, local)).toBeNull();
    for (const type of [undefined, "", "application/json", "text/plain", "multipart/form-data", "application/xml", "multipart/mixed; boundary=x"]) {
      const r = checkRequest({ method: "POST", headers: { ...ok, "content-type": type } }, local);
      expect(r, String(type)).toMatchObject({ status: 415 });
      expect(r!.message).toMatch(/biểu mẫu/);
    }
  });
});

describe("client address", () => {
  it("is the socket's unless a trusted proxy forwards it (its own, last entry)", () => {
    const headers = { "x-forwarded-for": "1.2.3.4, 10.0.0.9" };
    expect(clientAddress({ method: "GET", headers }, "127.0.0.1", local)).toBe("127.0.0.1");
    expect(clientAddress({ method: "GET", headers }, "127.0.0.1", deployed)).toBe("10.0.0.9");
    expect(clientAddress({ method: "GET", headers: {} }, "127.0.0.1", deployed)).toBe("127.0.0.1");
  });
});

describe("security headers", () => {
  it("carry the nonce, forbid framing, and add HSTS only over https", () => {
    const h = securityHeaders({ nonce: "abc", https: false });
    expect(h["Content-Security-Policy"]).toContain("script-src 'self' 'nonce-abc'");
    expect(h["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
    expect(h["Content-Security-Policy"]).not.toContain("unsafe-eval");
    expect(h["Strict-Transport-Security"]).toBeUndefined();
    expect(securityHeaders({ nonce: "abc", https: true })["Strict-Transport-Security"]).toMatch(/max-age=\d+/);
  });
});

describe("return addresses", () => {
  it("keeps paths of the site", () => {
    expect(safeRedirectPath("/co-so")).toBe("/co-so");
    expect(safeRedirectPath("/tra-cuu?q=gốm#kq")).toBe("/tra-cuu?q=g%E1%BB%91m#kq");
    expect(safeRedirectPath("/to-chuc/vong/1/ho-so?trang=2")).toBe("/to-chuc/vong/1/ho-so?trang=2");
  });
  it("refuses anything that leaves the site, and never returns a header-breaking value", () => {
    const hostile = [
      "/\t/evil.example/x",
      "/\n/evil.example",
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/\\/evil.example",
      " //evil.example",
      "https://evil.example",
      "http:evil.example",
      "javascript:alert(1)",
      "evil.example",
      "",
      "/" + "a".repeat(3000),
    ];
    for (const v of hostile) expect(safeRedirectPath(v, "/home"), JSON.stringify(v)).toBe("/home");
    for (const v of ["/co-so\r\nSet-Cookie: x=1", "/a\u0000b", "/a\u2028b"]) {
      const r = safeRedirectPath(v, "/home");
      expect(r).toMatch(/^\/[^\r\n\u0000]*$/);
      expect(() => new Headers({ Location: r })).not.toThrow();
    }
    expect(safeRedirectPath(null, "/x")).toBe("/x");
    expect(safeRedirectPath(new File([], "a") as unknown as string, "/x")).toBe("/x");
  });
});
