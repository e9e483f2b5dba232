import { createCookie } from "@remix-run/node";
import type { Locale } from "~/i18n";

export const localeCookie = createCookie("lang", { path: "/", sameSite: "lax", maxAge: 60 * 60 * 24 * 365 });

export async function getLocale(request: Request): Promise<Locale> {
  const v = await localeCookie.parse(request.headers.get("Cookie"));
  return v === "en" ? "en" : "vi";
}
