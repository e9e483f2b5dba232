/**
 * HTTP caching of public pages. A visitor who is not signed in sees what everyone reading in the
 * same language sees, so the page may be kept by browsers and shared caches (nginx, a CDN) for a
 * minute, and by the server's own page cache (app/lib/page-cache.server.ts: never stale, keyed on
 * the language) until something it shows changes. A signed-in person's page stays private.
 * `Vary: Cookie` keeps the language apart in caches that do not key on it.
 */
export const PUBLIC_MAX_AGE = 60;
export const SHARED_MAX_AGE = 60;

const SESSION_COOKIE = /(?:^|;\s*)cnnt_session=[^;]/;

export function publicCacheHeaders(request: Request, extra: Record<string, string> = {}, opts: { revalidate?: boolean } = {}): Headers {
  const h = new Headers(extra);
  const signedIn = SESSION_COOKIE.test(request.headers.get("Cookie") ?? "");
  h.set(
    "Cache-Control",
    signedIn ? "private, no-cache" : opts.revalidate ? "public, no-cache" : `public, max-age=${PUBLIC_MAX_AGE}, s-maxage=${SHARED_MAX_AGE}`,
  );
  h.set("Vary", "Cookie");
  return h;
}

/**
 * Verification answers (is this certificate valid?): any cache must ask again every time, so a
 * revoked certificate never shows as valid from a cache (a CDN used to keep it up to 15 minutes).
 */
export function verificationCacheHeaders(request: Request): Headers {
  return publicCacheHeaders(request, {}, { revalidate: true });
}

/** For a route's `headers` export: keep the loader's caching headers on the document. */
export function cachingHeaders({ loaderHeaders, errorHeaders }: { loaderHeaders: Headers; errorHeaders?: Headers }): Headers {
  const src = errorHeaders ?? loaderHeaders;
  const h = new Headers();
  for (const k of ["Cache-Control", "Vary"]) {
    const v = src.get(k);
    if (v) h.set(k, v);
  }
  return h;
}
