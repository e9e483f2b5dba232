import { env } from "~/lib/env.server";

/** /robots.txt: public pages are open to search engines; workspaces and downloads are not. */
export async function loader() {
  const body = [
    "User-agent: *",
    "Disallow: /co-so",
    "Disallow: /to-chuc",
    "Disallow: /giam-khao",
    "Disallow: /quan-tri",
    "Disallow: /tai-khoan",
    "Disallow: /xac-thuc/",
    "Disallow: /du-lieu/",
    `Sitemap: ${env().publicBaseUrl}/sitemap.xml`,
    "",
  ].join("\n");
  return new Response(body, { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=86400" } });
}
