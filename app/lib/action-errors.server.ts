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
