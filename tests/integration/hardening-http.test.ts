/**
 * The HTTP edge of the real server process (server.js, as `npm run serve` runs it): cross-site
 * requests, bodies that are not forms, return addresses, security and caching headers, the
 * signed language cookie, and demo accounts that only a local demo gets.
 */
import Database from "better-sqlite3";
import fs from "node:fs";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../helpers/server";

const SECRET = "x".repeat(48);

function form(fields: Record<string, string>) {
  return new URLSearchParams(fields).toString();
}

async function post(srv: RunningServer, path: string, body: string | undefined, headers: Record<string, string> = {}) {
  return fetch(`${srv.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: srv.url, ...headers },
    body,
  });
}

function cookieOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

describe("a local demo (fresh database, no public address)", () => {
  let srv: RunningServer;
  let cookie = "";
  let db: Database.Database;
  beforeAll(async () => {
    // SEED_DEMO unset: the default `npm start` on a fresh clone.
    srv = await startServer({ env: { SEED_DEMO: "", PUBLIC_BASE_URL: "" } });
    db = new Database(srv.dbPath, { readonly: true });
    const res = await post(srv, "/dang-nhap", form({ email: "coso@demo.cnnt.vn", password: "demo12345" }));
    expect(res.status).toBe(302);
    cookie = cookieOf(res);
  });
  afterAll(async () => {
    db?.close();
    await srv?.stop();
    fs.rmSync(srv.dir, { recursive: true, force: true });
  });

  it("seeds the demo and says so on every page", async () => {
    expect(srv.output()).toContain("coso@demo.cnnt.vn");
    for (const path of ["/", "/dang-nhap", "/tra-cuu", "/khong-co-trang-nay"]) {
      const html = await (await fetch(`${srv.url}${path}`)).text();
      expect(html, path).toContain("demo-banner");
      expect(html).toContain("demo12345");
    }
  });

  it("refuses a cross-site post, also as a ?_data= request, and changes nothing", async () => {
    const product = db.prepare("select p.id, p.name from products p join establishment_members m on m.establishment_id = p.establishment_id join users u on u.id = m.user_id where u.email = 'coso@demo.cnnt.vn' limit 1").get() as { id: number; name: string };
    const body = form({ name: "Bị đổi tên", productGroupId: "1", description: "" });
    for (const path of [`/co-so/san-pham/${product.id}`, `/co-so/san-pham/${product.id}?_data=routes%2Fco-so.san-pham.%24productId`]) {
      const variants: Record<string, string>[] = [{ Origin: "http://evil.example" }, { Origin: "null" }, { Origin: "", "Sec-Fetch-Site": "cross-site" }];
      for (const headers of variants) {
        const res = await post(srv, path, body, { Cookie: cookie, ...headers });
        expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
        expect(await res.text()).toContain("không được gửi từ trang của hệ thống");
      }
    }
    expect((db.prepare("select name from products where id = ?").get(product.id) as { name: string }).name).toBe(product.name);
    // The same request from the site itself goes through.
    const ok = await post(srv, `/co-so/san-pham/${product.id}`, form({ name: product.name, productGroupId: "1", description: "" }), { Cookie: cookie });
    expect(ok.status).toBe(302);
  });

  it("answers bodies that are not forms with 415, never 500", async () => {
    for (const [type, body] of [
      ["application/json", '{"email":"a@b.vn"}'],
      ["text/plain", "email=a@b.vn"],
      ["", undefined],
      ["multipart/form-data", "--x--"],
    ] as const) {
      for (const path of ["/dang-nhap", "/co-so/thong-tin", "/ngon-ngu", "/to-chuc/vong/1/ho-so"]) {
        const headers: Record<string, string> = { Cookie: cookie };
        if (type) headers["Content-Type"] = type;
        const res = await fetch(`${srv.url}${path}`, { method: "POST", redirect: "manual", headers: { Origin: srv.url, ...headers }, body });
        expect(res.status, `${path} ${type}`).toBe(415);
      }
    }
  });

  it("answers a cut or malformed multipart form with 400, never 500", async () => {
    const boundary = "----x";
    const bad = `--${boundary}\r\nContent-Disposition: form-data; name="locale"\r\n\r\nen`; // no closing boundary
    const res = await post(srv, "/ngon-ngu", bad, { "Content-Type": `multipart/form-data; boundary=${boundary}` });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/không hợp lệ|bị hỏng/);
  });

  it("answers a refused post at once and then drops the socket whose body never comes", async () => {
    const sock = net.connect(srv.port, "127.0.0.1");
    let data = "";
    const closed = new Promise<void>((resolve) => sock.on("close", () => resolve()));
    sock.on("data", (d) => (data += d));
    sock.on("error", () => {});
    sock.write(`POST /dang-nhap HTTP/1.1\r\nHost: localhost:${srv.port}\r\nOrigin: http://evil.example\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000000\r\n\r\nemail=`);
    await closed; // the server drops it (about 10 s after answering); vitest's timeout bounds the wait
    expect(data).toMatch(/^HTTP\/1\.1 403/);
  });

  it("answers a locked-out log-in at the edge with 429, as a page and as data", async () => {
    const email = "giamkhao3@demo.cnnt.vn";
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await post(srv, "/dang-nhap", form({ email, password: `sai-${i}` }))).status);
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses.slice(4)).toEqual([429, 429, 429, 429]);
    // Even the right password waits, as a plain page without JavaScript …
    const page = await post(srv, "/dang-nhap", form({ email, password: "demo12345" }));
    expect(page.status).toBe(429);
    expect(Number(page.headers.get("Retry-After"))).toBeGreaterThan(0);
    const html = await page.text();
    expect(html).toContain("Vui lòng thử lại sau");
    expect(html).toContain('href="/dang-nhap"');
    expect(html).not.toContain("<script"); // answered at the edge, before Remix renders anything
    // … and as the action's data with JavaScript (the form shows the message).
    const data = await post(srv, "/dang-nhap?_data=routes%2Fdang-nhap", form({ email, password: "demo12345" }));
    expect(data.status).toBe(429);
    // Without it, Remix's client takes a 4xx as a failure on the way and shows its 500 page.
    expect(data.headers.get("X-Remix-Response")).toBe("yes");
    expect((await data.json()).errors._form).toMatch(/thử lại sau \d+ (giây|phút)/);
    // Other accounts from the same address are not affected.
    expect((await post(srv, "/dang-nhap", form({ email: "coso@demo.cnnt.vn", password: "demo12345" }))).status).toBe(302);
  });

  it("sends people only to addresses of the site after log-in and language change", async () => {
    const hostile = ["/\t/evil.example/x", "//evil.example", "/\\evil.example", "https://evil.example/", "/co-so\r\nSet-Cookie: x=1"];
    for (const next of hostile) {
      const res = await post(srv, "/dang-nhap", form({ email: "coso@demo.cnnt.vn", password: "demo12345", next }));
      expect(res.status, JSON.stringify(next)).toBe(302);
      const to = new URL(res.headers.get("Location")!, srv.url);
      expect(to.origin).toBe(srv.url);
      const lang = await post(srv, "/ngon-ngu", form({ locale: "en", redirectTo: next }));
      expect(lang.status).toBe(302);
      expect(new URL(lang.headers.get("Location")!, srv.url).origin).toBe(srv.url);
    }
    const good = await post(srv, "/dang-nhap", form({ email: "coso@demo.cnnt.vn", password: "demo12345", next: "/co-so/thong-tin?x=1" }));
    expect(good.headers.get("Location")).toBe("/co-so/thong-tin?x=1");
  });

  it("sends security headers with a fresh nonce that the page's scripts carry", async () => {
    // A page not kept by the page cache (cached pages allow their scripts by hash: page-cache.test.ts).
    const a = await fetch(`${srv.url}/dang-nhap`);
    const b = await fetch(`${srv.url}/dang-nhap`);
    const csp = a.headers.get("Content-Security-Policy")!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(b.headers.get("Content-Security-Policy")).not.toContain(nonce);
    const html = await a.text();
    const scripts = html.match(/<script\b[^>]*>/g)!;
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(a.headers.get("X-Frame-Options")).toBe("DENY");
    expect(a.headers.get("Referrer-Policy")).toBe("same-origin");
    expect(a.headers.get("Permissions-Policy")).toContain("camera=()");
    expect(a.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(a.headers.get("Strict-Transport-Security")).toBeNull();
    expect(a.headers.get("X-Powered-By")).toBeNull();
  });

  it("never lets a cache keep what a signed-in person sees", async () => {
    for (const path of ["/co-so", "/co-so?_data=routes%2Fco-so._index", "/tra-cuu", "/", "/tai-khoan"]) {
      const res = await fetch(`${srv.url}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
      expect(res.headers.get("Cache-Control"), path).toBe("private, no-store");
    }
    const anon = await fetch(`${srv.url}/tra-cuu?q=gom`);
    expect(anon.headers.get("Cache-Control")).toMatch(/^public/);
    expect(anon.headers.get("Vary")).toMatch(/Cookie/);
    // A verification answer is revalidated by every cache, every time.
    const verify = await fetch(`${srv.url}/xac-thuc?so=khong-co`);
    expect(verify.headers.get("Cache-Control")).toMatch(/no-cache/);
  });

  it("signs the language cookie: a forged value is ignored", async () => {
    const forged = await fetch(`${srv.url}/`, { headers: { Cookie: `lang=${Buffer.from(JSON.stringify("en")).toString("base64")}` } });
    expect(await forged.text()).toContain('<html lang="vi"');
    const switched = await post(srv, "/ngon-ngu", form({ locale: "en", redirectTo: "/" }));
    const langCookie = cookieOf(switched);
    expect(langCookie).toMatch(/^lang=.+\..+/); // value.signature
    expect(await (await fetch(`${srv.url}/`, { headers: { Cookie: langCookie } })).text()).toContain('<html lang="en"');
  });

  it("records the socket's address, not a forwarded one, when no proxy is trusted", async () => {
    await post(srv, "/dang-nhap", form({ email: "coso@demo.cnnt.vn", password: "demo12345" }), { "X-Forwarded-For": "6.6.6.6", "X-Cnnt-Client-Ip": "7.7.7.7" });
    const row = db.prepare("select ip from audit_log where action = 'account.log_in' order by id desc limit 1").get() as { ip: string };
    expect(row.ip).toMatch(/127\.0\.0\.1|::1/);
  });
});

describe("a real deployment behind a reverse proxy", () => {
  let srv: RunningServer;
  const PUBLIC = "https://cnnt.example.vn";
  const proxied = (extra: Record<string, string> = {}) => ({
    Host: "127.0.0.1:3000",
    "X-Forwarded-Host": "cnnt.example.vn",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-For": "203.0.113.7",
    Origin: PUBLIC,
    ...extra,
  });
  beforeAll(async () => {
    srv = await startServer({
      env: { SEED_DEMO: "", PUBLIC_BASE_URL: PUBLIC, TRUST_PROXY: "1", SESSION_SECRET: SECRET, ADMIN_EMAIL: "quantri@tinh.gov.vn", ADMIN_PASSWORD: "mat-khau-rat-dai-2026" },
    });
  });
  afterAll(async () => {
    await srv?.stop();
    fs.rmSync(srv.dir, { recursive: true, force: true });
  });

  it("has no demo accounts and no banner, only the configured first admin", async () => {
    const db = new Database(srv.dbPath, { readonly: true });
    const users = db.prepare("select email from users").all() as { email: string }[];
    db.close();
    expect(users.map((u) => u.email)).toEqual(["quantri@tinh.gov.vn"]);
    const html = await (await fetch(`${srv.url}/`)).text();
    expect(html).not.toContain("demo-banner");
  });

  it("accepts form posts the proxy forwards (Host rewritten) and records the forwarded client address", async () => {
    const res = await post(srv, "/dang-nhap", form({ email: "quantri@tinh.gov.vn", password: "mat-khau-rat-dai-2026" }), proxied());
    expect(res.status).toBe(302);
    expect(res.headers.getSetCookie().join(";")).toMatch(/Secure/i);
    const db = new Database(srv.dbPath, { readonly: true });
    const row = db.prepare("select ip from audit_log where action = 'account.log_in' order by id desc limit 1").get() as { ip: string };
    db.close();
    expect(row.ip).toBe("203.0.113.7");
    // Host rewritten and nothing forwarded: the configured public origin still matches.
    const bare = await post(srv, "/dang-nhap", form({ email: "quantri@tinh.gov.vn", password: "sai" }), { Host: "127.0.0.1:3000", Origin: PUBLIC });
    expect(bare.status).toBe(401);
  });

  it("refuses other origins and sends HSTS", async () => {
    const res = await post(srv, "/dang-nhap", form({ email: "quantri@tinh.gov.vn", password: "x" }), proxied({ Origin: "https://evil.example" }));
    expect(res.status).toBe(403);
    const page = await fetch(`${srv.url}/`);
    expect(page.headers.get("Strict-Transport-Security")).toMatch(/max-age=/);
  });
});

describe("start-up checks of a real deployment", () => {
  it("refuses to start on a public address without a session secret", async () => {
    await expect(startServer({ env: { SEED_DEMO: "", PUBLIC_BASE_URL: "https://cnnt.example.vn", SESSION_SECRET: "" } })).rejects.toThrow(/SESSION_SECRET/);
  });
});
