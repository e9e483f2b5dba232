/**
 * Route matching with the patched @remix-run/router (patches/, docs/decisions/0017): branches
 * ranked once, path patterns compiled once, and branches whose first plain segment differs from
 * the URL's skipped. Every route of the real build must still be found for a concrete address,
 * in any letter case, and anything else must fall to the catch-all ($.tsx), as before.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt } from "../helpers/server";

const require = createRequire(import.meta.url);
const router = require("@remix-run/router") as typeof import("@remix-run/router");
const { createRoutes } = require("@remix-run/server-runtime/dist/routes.js") as { createRoutes: (r: unknown) => import("@remix-run/router").AgnosticRouteObject[] };

type Manifest = Record<string, { id: string; parentId?: string; path?: string; index?: boolean }>;
let routes: import("@remix-run/router").AgnosticRouteObject[];
let manifest: Manifest;

beforeAll(async () => {
  ensureBuilt();
  const build = await import(pathToFileURL(path.resolve(process.env.REMIX_BUILD_DIR ?? "build", "index.js")).href);
  manifest = build.routes;
  routes = createRoutes(build.routes);
}, 120_000);

/** A concrete address for a route: its path and its parents', with values for the parameters. */
function addressOf(id: string): string {
  const parts: string[] = [];
  for (let r: Manifest[string] | undefined = manifest[id]; r; r = r.parentId ? manifest[r.parentId] : undefined) if (r.path) parts.unshift(r.path);
  return (
    "/" +
    parts
      .join("/")
      .split("/")
      .filter(Boolean)
      .map((s) => (s === "*" ? "mot/hai" : s.replace(/:[\w-]+/g, "p12")))
      .join("/")
  );
}

const leaf = (p: string) => router.matchRoutes(routes, p)?.at(-1)?.route.id ?? null;

describe("route matching (patched router)", () => {
  it("finds every route of the build at a concrete address, in any letter case, with or without a trailing slash", () => {
    const leaves = Object.values(manifest).filter((r) => r.id !== "root" && !Object.values(manifest).some((c) => c.parentId === r.id && c.index));
    expect(leaves.length).toBeGreaterThan(50);
    for (const r of leaves) {
      const p = addressOf(r.id);
      const want = r.path === "*" ? "routes/$" : r.id;
      expect(leaf(p), p).toBe(want);
      expect(leaf(p.toUpperCase()), p.toUpperCase()).toBe(want);
      if (p !== "/") expect(leaf(`${p}/`), `${p}/`).toBe(want);
    }
  });

  it("gives the parameters, and sends unknown addresses to the catch-all", () => {
    const m = router.matchRoutes(routes, "/giam-khao/vong/12/cham/345")!;
    expect(m.at(-1)!.params).toEqual({ roundId: "12", entryId: "345" });
    expect(router.matchRoutes(routes, "/san-pham/7/anh/9")!.at(-1)!.params).toMatchObject({ id: "7", photoId: "9" });
    for (const p of ["/khong-co", "/tra-cuu/them", "/xac-thuc/a/b", "//tra-cuu", "/%E1%BA%A1", "/san-pham"]) expect(leaf(p), p).toBe("routes/$");
    expect(leaf("/")).toBe("routes/_index");
  });

  it("answers the same for the same routes array (ranked once) and for a fresh copy (ranked again)", () => {
    for (const p of ["/tra-cuu", "/to-chuc/vong/3/ket-qua", "/co-so/du-thi/5/bien-nhan", "/xyz"]) {
      const a = router.matchRoutes(routes, p)!.map((x) => x.route.id);
      const b = router.matchRoutes([...routes], p)!.map((x) => x.route.id);
      expect(a).toEqual(b);
    }
  });
});
