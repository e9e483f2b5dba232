import { createCookie } from "@remix-run/node";
import type { Locale } from "~/i18n";
import { env } from "./env.server";

/** The chosen language, signed with SESSION_SECRET (a tampered or unsigned value reads as Vietnamese). */
export const localeCookie = createCookie("lang", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  secure: env().publicBaseUrl.startsWith("https://"),
  maxAge: 60 * 60 * 24 * 365,
  secrets: [env().sessionSecret],
});

export async function getLocale(request: Request): Promise<Locale> {
  const v = await localeCookie.parse(request.headers.get("Cookie"));
  return v === "en" ? "en" : "vi";
}
