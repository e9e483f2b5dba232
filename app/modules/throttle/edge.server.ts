/**
 * The log-in throttle, checked at the HTTP edge before Remix runs: a request whose account or
 * address is locked is answered 429 from one indexed read, without matching routes, running
 * loaders or rendering the page (~7 ms of CPU each otherwise). So a client hammering the log-in
 * form costs the server next to nothing once it is locked out, and public pages keep their speed.
 * The route's own check (reserveAttempt) stays: this only answers earlier what it would answer.
 */
import { json } from "@remix-run/node";
import { plainPage, type Preflight } from "~/lib/server-handler.server";
import { localizeMessage } from "~/i18n/messages";
import { lockOf } from "./throttle.server";

export const loginPreflight: Preflight = {
  paths: new Set(["/dang-nhap"]),
  check({ url, form, ip, english }) {
    const email = form?.get("email")?.slice(0, 320) ?? null;
    const lock = lockOf("login", { email, ip });
    if (!lock) return null;
    const headers = { "Retry-After": String(lock.retryAfterSeconds), "Cache-Control": "no-store" };
    if (url.searchParams.has("_data")) {
      // What the route's action answers when locked: the form shows the message. X-Remix-Response
      // tells Remix's client this 429 is the action's data, not a failure on the way (a 500 page).
      return json(
        { email: email ?? "", errors: { _form: lock.message }, retryAt: lock.until.toISOString() },
        { status: 429, headers: { ...headers, "X-Remix-Response": "yes" } },
      );
    }
    // Without JavaScript: a small page in the reader's language (lang cookie).
    const page = english
      ? plainPage(429, "Log-in temporarily locked", localizeMessage("en", lock.message))
          .replace('<html lang="vi">', '<html lang="en">')
          .replace('<a href="/">Về trang chủ</a>', '<a href="/dang-nhap">Back to the log-in page</a>')
      : plainPage(429, "Tạm khóa đăng nhập", lock.message).replace('<a href="/">Về trang chủ</a>', '<a href="/dang-nhap">Quay lại trang đăng nhập</a>');
    return new Response(page, { status: 429, headers: { ...headers, "Content-Type": "text/html; charset=utf-8" } });
  },
};
