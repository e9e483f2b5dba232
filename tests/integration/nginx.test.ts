/**
 * deploy/nginx/cnnt.conf, run by Debian's nginx in front of the built app (server.js, as
 * `npm run serve` runs it, with TRUST_PROXY=1 and PUBLIC_BASE_URL = nginx's address):
 * - anonymous public pages come from nginx's cache (X-Cache-Status: HIT), /build/ assets from disk
 *   with a year's lifetime;
 * - the forwarded headers are nginx's own: a form post from the site passes the app's cross-site
 *   check, a forged X-Forwarded-Host / -For from a client changes nothing, an unknown host name
 *   gets no answer;
 * - signed-in pages are never answered from the cache or stored in it;
 * - a certificate revoked through the proxy shows as revoked on its verification page at once.
 * Skipped, saying why, where nginx is not installed (`npm test` installs it when it can).
 */
import Database from "better-sqlite3";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startServer, type RunningServer } from "../helpers/server";
import { makeTempDir } from "../helpers/tmp";

const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";
const ROOT = path.resolve(__dirname, "..", "..");
const BUILD_DIR = process.env.REMIX_BUILD_DIR ?? "build";
/** remix.config.js: the browser assets are public/build, or <REMIX_BUILD_DIR>/assets. */
const ASSETS_DIR = process.env.REMIX_BUILD_DIR ? path.resolve(ROOT, BUILD_DIR, "assets") : path.resolve(ROOT, "public", "build");
const DEMO_PASSWORD = "demo12345";
const ORGANIZER = "cuc.ctdp@demo.cnnt.vn"; // the 2025 national round, published, with certificates

const hasNginx = fs.existsSync(NGINX);

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request through node:http: the exact headers we choose (Host included), no decompression. */
function request(port: number, method: string, pathname: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path: pathname, headers: { Host: `localhost:${port}`, ...headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    if (body !== undefined) req.setHeader("Content-Length", Buffer.byteLength(body));
    req.end(body);
  });
}

function cookieOf(a: Answer): string {
  return (a.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
}

function render(template: string, values: Record<string, string>): string {
  const out = template.replace(/@([A-Z_]+)@/g, (m, k: string) => {
    if (!(k in values)) throw new Error(`placeholder ${m} has no value`);
    return values[k]!;
  });
  return out;
}

if (!hasNginx) {
  const why = `nginx không có trên máy này (${NGINX}): apt-get install nginx — the nginx tests are skipped`;
  console.warn(why);
  describe("nginx in front of the app", () => {
    it.skip(why, () => {});
  });
} else {
  describe("nginx in front of the app (deploy/nginx/cnnt.conf)", () => {
    let srv: RunningServer;
    let nginx: ChildProcess | undefined;
    let dir = "";
    let port = 0;
    let origin = "";
    let nginxOut = "";
    const get = (p: string, h: Record<string, string> = {}) => request(port, "GET", p, h);
    const postForm = (p: string, fields: Record<string, string>, h: Record<string, string> = {}) =>
      request(port, "POST", p, { "Content-Type": "application/x-www-form-urlencoded", Origin: origin, ...h }, new URLSearchParams(fields).toString());

    beforeAll(async () => {
      dir = makeTempDir("nginx");
      port = await freePort();
      origin = `http://localhost:${port}`;
      srv = await startServer({
        seedDemo: true,
        env: { TRUST_PROXY: "1", PUBLIC_BASE_URL: origin, SESSION_SECRET: "n".repeat(48) },
      });

      // The template, rendered as an operator would, inside a minimal nginx.conf that mirrors
      // Debian's http-level settings (gzip on, mime types), with every path in the temp dir.
      for (const d of ["cache", "tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"]) fs.mkdirSync(path.join(dir, d), { recursive: true });
      const site = render(fs.readFileSync(path.join(ROOT, "deploy", "nginx", "cnnt.conf"), "utf8"), {
        LISTEN: `127.0.0.1:${port}`,
        SERVER_NAME: "localhost",
        UPSTREAM: `127.0.0.1:${srv.port}`,
        ASSETS_DIR: ASSETS_DIR,
        CACHE_DIR: path.join(dir, "cache"),
        MAX_BODY: "201m",
      });
      fs.writeFileSync(path.join(dir, "cnnt.conf"), site);
      const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
      const main = [
        // As root, nginx's workers would switch to "nobody", who may not read the temp dir.
        isRoot ? "user root;" : "",
        "worker_processes 1;",
        `error_log ${dir}/error.log warn;`,
        `pid ${dir}/nginx.pid;`,
        "events { worker_connections 256; }",
        "http {",
        "  include /etc/nginx/mime.types;",
        "  default_type application/octet-stream;",
        "  sendfile on;",
        "  gzip on;",
        `  access_log ${dir}/access.log;`,
        `  client_body_temp_path ${dir}/tmp/body;`,
        `  proxy_temp_path ${dir}/tmp/proxy;`,
        `  fastcgi_temp_path ${dir}/tmp/fastcgi;`,
        `  uwsgi_temp_path ${dir}/tmp/uwsgi;`,
        `  scgi_temp_path ${dir}/tmp/scgi;`,
        `  include ${dir}/cnnt.conf;`,
        "}",
      ].join("\n");
      fs.writeFileSync(path.join(dir, "nginx.conf"), main);
      const args = ["-p", `${dir}/`, "-c", path.join(dir, "nginx.conf"), "-e", path.join(dir, "error.log")];
      const check = spawnSync(NGINX, [...args, "-t"], { encoding: "utf8" });
      if (check.status !== 0) throw new Error(`nginx -t refused the rendered configuration:\n${check.stderr}`);

      nginx = spawn(NGINX, [...args, "-g", "daemon off;"], { stdio: ["ignore", "pipe", "pipe"] });
      nginx.stdout!.on("data", (d) => (nginxOut += d));
      nginx.stderr!.on("data", (d) => (nginxOut += d));
      const deadline = Date.now() + 30_000;
      for (;;) {
        if (nginx.exitCode != null) throw new Error(`nginx exited (${nginx.exitCode}):\n${nginxOut}\n${fs.readFileSync(path.join(dir, "error.log"), "utf8")}`);
        const ok = await get("/healthz").then(
          (a) => a.status === 200,
          () => false,
        );
        if (ok) break;
        if (Date.now() > deadline) throw new Error(`nginx did not answer in 30 s:\n${nginxOut}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    });

    afterAll(async () => {
      if (nginx && nginx.exitCode == null && nginx.signalCode == null) {
        const gone = new Promise<void>((resolve) => nginx!.once("exit", () => resolve()));
        nginx.kill("SIGTERM");
        const t = setTimeout(() => nginx!.kill("SIGKILL"), 5_000);
        await gone;
        clearTimeout(t);
      }
      await srv?.stop();
      if (srv) fs.rmSync(srv.dir, { recursive: true, force: true });
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it("answers anonymous public pages from its cache, as the app's Cache-Control allows", async () => {
      for (const p of ["/tra-cuu?q=gom", "/du-lieu/san-pham.json"]) {
        const first = await get(p, { "Accept-Encoding": "gzip" });
        expect(first.status, p).toBe(200);
        expect(first.headers["cache-control"], p).toMatch(/^public/);
        expect(first.headers["x-cache-status"], p).toBe("MISS");
        const second = await get(p, { "Accept-Encoding": "gzip" });
        expect(second.status, p).toBe(200);
        expect(second.headers["x-cache-status"], p).toBe("HIT");
      }
      // Kept compressed once; a client that takes no gzip gets the same entry unpacked.
      const plain = await get("/tra-cuu?q=gom");
      expect(plain.headers["x-cache-status"]).toBe("HIT");
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(plain.body).toMatch(/^<!DOCTYPE html>/i);
      // The app's security headers come through with a cached page too.
      expect(plain.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    });

    it("keeps the language apart: the language cookie is part of the cache key", async () => {
      const vi = await get("/tra-cuu?q=che");
      expect(vi.body).toContain('<html lang="vi"');
      const switched = await postForm("/ngon-ngu", { locale: "en", redirectTo: "/" });
      expect(switched.status).toBe(302);
      const lang = cookieOf(switched);
      expect(lang).toMatch(/^lang=/);
      const statuses: string[] = [];
      for (let i = 0; i < 2; i++) {
        const en = await get("/tra-cuu?q=che", { Cookie: lang });
        expect(en.body).toContain('<html lang="en"');
        statuses.push(en.headers["x-cache-status"] as string);
      }
      expect(statuses).toEqual(["MISS", "HIT"]);
      const again = await get("/tra-cuu?q=che");
      expect(again.body).toContain('<html lang="vi"');
      expect(again.headers["x-cache-status"]).toBe("HIT");
    });

    it("serves /build/ assets from disk with a year's lifetime", async () => {
      const files = fs.readdirSync(ASSETS_DIR).filter((f) => /\.(js|css)$/.test(f));
      expect(files.length).toBeGreaterThan(0);
      const asset = await get(`/build/${files[0]}`, { "Accept-Encoding": "gzip" });
      expect(asset.status).toBe(200);
      expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      expect(asset.headers["server"]).toMatch(/^nginx/);
      // From disk: the proxied answers (below) carry X-Cache-Status, these do not.
      expect(asset.headers["x-cache-status"]).toBeUndefined();
      // A name this host does not have goes to the app.
      const missing = await get("/build/khong-co-tep-nay-123.js");
      expect(missing.status).toBe(404);
      expect(missing.headers["x-cache-status"]).toBeDefined();
    });

    it("sets the forwarded headers itself: the site's own form post passes, forged ones change nothing", async () => {
      // A cross-site post claiming, through forged forwarded headers, to be addressed to evil.example.
      const forged = await postForm(
        "/dang-nhap",
        { email: ORGANIZER, password: DEMO_PASSWORD },
        { Origin: "http://evil.example", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http" },
      );
      expect(forged.status).toBe(403);
      // The site's own post, with a client that claims another address.
      const ok = await postForm("/dang-nhap", { email: ORGANIZER, password: DEMO_PASSWORD }, { "X-Forwarded-For": "6.6.6.6", "X-Cnnt-Client-Ip": "7.7.7.7" });
      expect(ok.status).toBe(302);
      expect(cookieOf(ok)).toMatch(/cnnt_session=/);
      const db = new Database(srv.dbPath, { readonly: true });
      const row = db.prepare("select ip from audit_log where action = 'account.log_in' order by id desc limit 1").get() as { ip: string };
      db.close();
      expect(row.ip).toBe("127.0.0.1");
      // A host name that is not ours gets no answer at all.
      await expect(request(port, "GET", "/", { Host: "evil.example" })).rejects.toThrow();
    });

    it("never answers a signed-in request from the cache, nor keeps its answer", async () => {
      const login = await postForm("/dang-nhap", { email: ORGANIZER, password: DEMO_PASSWORD });
      expect(login.status).toBe(302);
      const cookie = cookieOf(login);
      const own = await get(login.headers.location!, { Cookie: cookie });
      expect(own.status).toBe(200);
      expect(own.headers["cache-control"]).toBe("private, no-store");
      expect(own.headers["x-cache-status"]).toBe("BYPASS");
      // A public address, asked first by the signed-in person, then by everyone else.
      for (let i = 0; i < 2; i++) {
        const mine = await get("/tra-cuu?q=lua", { Cookie: cookie });
        expect(mine.headers["x-cache-status"]).toBe("BYPASS");
        expect(mine.headers["cache-control"]).toBe("private, no-store");
        expect(mine.body).toContain("/dang-xuat");
      }
      const anon = await get("/tra-cuu?q=lua");
      expect(anon.headers["x-cache-status"]).toBe("MISS");
      expect(anon.body).not.toContain("/dang-xuat");
      const again = await get("/tra-cuu?q=lua");
      expect(again.headers["x-cache-status"]).toBe("HIT");
      expect(again.body).not.toContain("/dang-xuat");
      // And the cached public page is not what a signed-in person gets.
      const mineAfter = await get("/tra-cuu?q=lua", { Cookie: cookie });
      expect(mineAfter.headers["x-cache-status"]).toBe("BYPASS");
      expect(mineAfter.body).toContain("/dang-xuat");
    });

    it("shows a revocation on the verification page at once", async () => {
      const db = new Database(srv.dbPath, { readonly: true });
      const cert = db
        .prepare("select c.id, c.public_code as code, e.round_id as roundId from certificates c join entries e on e.id = c.entry_id where c.revoked_at is null order by c.id limit 1")
        .get() as { id: number; code: string; roundId: number };
      db.close();
      expect(cert).toBeDefined();
      const page = `/xac-thuc/${cert.code}`;
      for (let i = 0; i < 2; i++) {
        const before = await get(page);
        expect(before.status).toBe(200);
        expect(before.body).toContain('data-status="valid"');
        expect(before.headers["cache-control"]).toMatch(/no-cache/);
        expect(before.headers["x-cache-status"]).toBe("MISS"); // never kept
      }
      const login = await postForm("/dang-nhap", { email: ORGANIZER, password: DEMO_PASSWORD });
      const cookie = cookieOf(login);
      const revoke = await postForm(`/to-chuc/vong/${cert.roundId}/chung-nhan`, { intent: "revoke", certId: String(cert.id), reason: "Thử nghiệm qua nginx" }, { Cookie: cookie });
      expect(revoke.status).toBe(302);
      const after = await get(page);
      expect(after.body).toContain('data-status="revoked"');
      expect(after.body).not.toContain('data-status="valid"');
      expect(after.headers["x-cache-status"]).toBe("MISS");
    });
  });
}
