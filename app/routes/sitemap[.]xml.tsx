import { env } from "~/lib/env.server";
import { sitemapEntries } from "~/modules/lookup/lookup.server";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** /sitemap.xml: the public pages search engines should know (verification pages are left out). */
export async function loader() {
  const base = env().publicBaseUrl;
  const { rounds, products } = sitemapEntries();
  const url = (loc: string, lastmod?: string | null) =>
    `  <url><loc>${esc(base + loc)}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ""}</url>`;
  const body = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    url("/"),
    url("/tra-cuu"),
    url("/xac-thuc"),
    ...rounds.map((r) => url(`/ket-qua/${r.id}`, r.lastmod)),
    ...products.map((p) => url(`/san-pham/${p.id}`, p.lastmod)),
    "</urlset>",
    "",
  ].join("\n");
  return new Response(body, {
    headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
