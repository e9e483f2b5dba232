import { json } from "@remix-run/node";
import { isExpectedError } from "./http.server";

/**
 * Turns an error a use case raised on purpose (status + Vietnamese message) into a JSON answer
 * with that status; anything else is rethrown (a real 500).
 */
export function expectedErrorResponse<E extends Record<string, unknown> = Record<never, never>>(e: unknown, extra?: E) {
  if (isExpectedError(e)) {
    const field = e.field ?? "_form";
    return json({ ok: false as const, message: e.message, errors: { [field]: e.message } as Record<string, string>, ...(extra ?? ({} as E)) }, { status: e.status });
  }
  throw e;
}

/** The media types a form post may carry (what `request.formData()` can read). */
const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

/**
 * The request's form fields. A body that is no form (another or no Content-Type: 415) or a broken
 * form (a multipart body without its boundary, cut short: 400) is the sender's mistake, answered
 * with a Vietnamese message instead of the 500 that `request.formData()`'s TypeError would give.
 */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    const type = (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (!FORM_TYPES.has(type)) {
      throw json({ message: "Yêu cầu không hợp lệ: dữ liệu phải được gửi từ biểu mẫu của trang. Hãy mở lại trang và gửi lại biểu mẫu." }, { status: 415 });
    }
    throw json({ message: "Dữ liệu biểu mẫu gửi lên bị hỏng hoặc không đầy đủ. Hãy mở lại trang và gửi lại biểu mẫu." }, { status: 400 });
  }
}
