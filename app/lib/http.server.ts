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

/** Only same-site relative paths are followed after log in. */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) {
    return fallback;
  }
  return to;
}

export function clientIp(request: Request): string | null {
  return request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null;
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
