/**
 * HTTP caching of public pages. A visitor without cookies sees exactly what everyone sees, so the
 * page may be kept by browsers and shared caches (CDN, reverse proxy) for a short while; with a
 * cookie (signed in, chosen language) the page may differ per person and stays private.
 */
export const PUBLIC_MAX_AGE = 60;
export const SHARED_MAX_AGE = 300;

export function publicCacheHeaders(request: Request, extra: Record<string, string> = {}, opts: { revalidate?: boolean } = {}): Headers {
  const h = new Headers(extra);
  const hasCookie = (request.headers.get("Cookie") ?? "").trim() !== "";
  h.set(
    "Cache-Control",
    hasCookie
      ? "private, no-cache"
      : opts.revalidate
        ? "public, no-cache"
        : `public, max-age=${PUBLIC_MAX_AGE}, s-maxage=${SHARED_MAX_AGE}, stale-while-revalidate=600`,
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
