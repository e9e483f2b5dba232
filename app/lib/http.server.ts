import { json } from "@remix-run/node";

/** Throws a 403 whose message is shown on the error page. */
export function forbidden(message = "Bạn không có quyền thực hiện thao tác này."): never {
  throw json({ message }, { status: 403, statusText: "Forbidden" });
}

/** Throws a 404 with a plain message. */
export function notFound(message = "Không tìm thấy trang hoặc đối tượng bạn yêu cầu."): never {
  throw json({ message }, { status: 404, statusText: "Not Found" });
}

export function badRequest<T>(data: T) {
  return json(data, { status: 400 });
}

/** A placeholder origin: a return address is accepted only when it resolves to this origin. */
const SELF = "http://self.invalid";

/**
 * A user-supplied return address (`next`, `redirectTo`), resolved the way a browser would
 * (`new URL(value, origin)`: tabs and newlines dropped, backslashes as slashes, `//host` and
 * `/\t/host` leaving the site) and accepted only when it stays on the app's own origin. Returns
 * the path, query and hash, percent-encoded (no header injection); the fallback otherwise.
 */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2048) return fallback;
  // Only paths: an absolute address, even of this site, is not needed and not accepted.
  if (!to.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(to, SELF);
  } catch {
    return fallback;
  }
  if (url.origin !== SELF) return fallback;
  const path = url.pathname + url.search + url.hash;
  // Belt and braces: the result must itself be a plain same-site path.
  return path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\") ? path : fallback;
}

/** The header the server sets with the client's address (docs/decisions/0011); never the client's own. */
export const CLIENT_IP_HEADER = "x-cnnt-client-ip";

/**
 * The client's address, as the server entry established it: the socket's, or the trusted proxy's
 * X-Forwarded-For entry when TRUST_PROXY is set. Null when unknown (a request built in a test).
 */
export function clientIp(request: Request): string | null {
  return request.headers.get(CLIENT_IP_HEADER) || null;
}

/** A route parameter that must be a positive integer id; anything else is a plain 404. */
export function idParam(value: string | undefined, what = "trang"): number {
  const n = Number(value);
  if (!value || !/^\d{1,12}$/.test(value) || !Number.isSafeInteger(n) || n <= 0) {
    notFound(`Không tìm thấy ${what}.`);
  }
  return n;
}

/** Errors a use case raises on purpose carry a status and a Vietnamese message. */
export interface ExpectedError {
  message: string;
  status: number;
  field?: string;
}

export function isExpectedError(e: unknown): e is Error & ExpectedError {
  return e instanceof Error && typeof (e as { status?: unknown }).status === "number";
}
