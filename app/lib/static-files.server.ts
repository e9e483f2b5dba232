/**
 * Static files for the lean server (server.js → server-handler): the fingerprinted browser assets
 * under /build/ (kept for a year) and the few files of public/ (an hour). No file system work per
 * page request: public/ is listed once at start, and an asset is read (and compressed, once per
 * encoding) on its first request, then answered from memory. Behind nginx, nginx serves /build/
 * itself (deploy/nginx/cnnt.conf) and these are never asked for.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import zlib from "node:zlib";

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".txt": "text/plain; charset=utf-8",
  ".webmanifest": "application/manifest+json",
};
const COMPRESSIBLE = new Set([".js", ".mjs", ".css", ".map", ".json", ".svg", ".txt", ".webmanifest"]);

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
  compressible: boolean;
  gzip?: Buffer;
  br?: Buffer;
}

export interface StaticDir {
  /** URL prefix ending in "/", e.g. "/build/". */
  prefix: string;
  dir: string;
  cacheControl: string;
  /** Only these relative paths exist (listed at start); undefined: any file under dir. */
  listed?: boolean;
}

export interface StaticFiles {
  /** Answers the request when it names a static file; false when it does not (the app answers). */
  serve(req: IncomingMessage, res: ServerResponse, pathname: string, security: Record<string, string>): boolean;
}

function listFiles(dir: string, skip: string[]): Set<string> {
  const out = new Set<string>();
  const walk = (d: string, rel: string) => {
    let names: fs.Dirent[];
    try {
      names = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const n of names) {
      const r = rel ? `${rel}/${n.name}` : n.name;
      if (skip.includes(r)) continue;
      if (n.isDirectory()) walk(path.join(d, n.name), r);
      else if (n.isFile()) out.add(r);
    }
  };
  walk(dir, "");
  return out;
}

export function createStaticFiles(dirs: StaticDir[], opts: { memory?: boolean } = {}): StaticFiles {
  const memory = opts.memory ?? true;
  const cache = new Map<string, Asset>();
  const listings = new Map<StaticDir, Set<string>>();
  for (const d of dirs) {
    if (!d.listed) continue;
    // public/ holds the build's assets too (public/build): those are served by their own prefix.
    const skip = dirs.filter((o) => o !== d && path.resolve(o.dir).startsWith(path.resolve(d.dir) + path.sep)).map((o) => path.relative(d.dir, o.dir).split(path.sep).join("/"));
    listings.set(d, listFiles(d.dir, skip));
  }

  function load(file: string): Asset | null {
    const hit = cache.get(file);
    if (hit) return hit;
    let body: Buffer;
    try {
      const st = fs.statSync(file);
      if (!st.isFile()) return null;
      body = fs.readFileSync(file);
    } catch {
      return null;
    }
    const ext = path.extname(file).toLowerCase();
    const asset: Asset = {
      body,
      type: TYPES[ext] ?? "application/octet-stream",
      etag: `"${crypto.createHash("sha1").update(body).digest("base64url")}"`,
      compressible: COMPRESSIBLE.has(ext) && body.length > 512,
    };
    if (memory) cache.set(file, asset);
    return asset;
  }

  return {
    serve(req, res, pathname, security) {
      const d = dirs.find((x) => pathname.startsWith(x.prefix));
      if (!d) return false;
      let rel: string;
      try {
        rel = decodeURIComponent(pathname.slice(d.prefix.length));
      } catch {
        return false;
      }
      if (!rel || rel.includes("\0") || rel.split("/").some((p) => p === ".." || p === "." || p.startsWith("."))) return false;
      const listing = listings.get(d);
      if (listing && !listing.has(rel)) return false;
      const method = req.method ?? "GET";
      if (method !== "GET" && method !== "HEAD") return false;
      const asset = load(path.join(d.dir, ...rel.split("/")));
      if (!asset) {
        if (listing) return false;
        // Under /build/ only assets exist: a missing one is a plain 404, not an app page.
        res.writeHead(404, { ...security, "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
        res.end("Không tìm thấy tệp.");
        return true;
      }
      const headers: Record<string, string> = {
        ...security,
        "Content-Type": asset.type,
        "Cache-Control": d.cacheControl,
        ETag: asset.etag,
        "X-Content-Type-Options": "nosniff",
      };
      if (asset.compressible) headers.Vary = "Accept-Encoding";
      if (req.headers["if-none-match"] === asset.etag) {
        res.writeHead(304, headers);
        res.end();
        return true;
      }
      let body = asset.body;
      const accept = String(req.headers["accept-encoding"] ?? "");
      if (asset.compressible && /\bbr\b/.test(accept)) {
        asset.br ??= zlib.brotliCompressSync(asset.body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9 } });
        body = asset.br;
        headers["Content-Encoding"] = "br";
      } else if (asset.compressible && /\bgzip\b/.test(accept)) {
        asset.gzip ??= zlib.gzipSync(asset.body, { level: 9 });
        body = asset.gzip;
        headers["Content-Encoding"] = "gzip";
      }
      headers["Content-Length"] = String(body.length);
      res.writeHead(200, headers);
      res.end(method === "HEAD" ? undefined : body);
      return true;
    },
  };
}
