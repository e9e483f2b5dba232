import { useLocation, useRouteLoaderData } from "@remix-run/react";
import { en } from "./en";
import { vi, type MessageKey } from "./vi";

export type Locale = "vi" | "en";
export const LOCALES: Locale[] = ["vi", "en"];

export function translate(locale: Locale, key: MessageKey): string {
  return (locale === "en" ? en[key] : undefined) ?? vi[key];
}

/** The organizer, judge and admin areas are in Vietnamese only (the header says so there). */
export const STAFF_AREA = /^\/(to-chuc|giam-khao|quan-tri)(\/|$)/;

/** The current locale: the reader's choice (root loader), except in the staff areas (Vietnamese). */
export function useLocale(): Locale {
  const data = useRouteLoaderData("root") as { locale?: Locale } | undefined;
  const { pathname } = useLocation();
  if (STAFF_AREA.test(pathname)) return "vi";
  return data?.locale ?? "vi";
}

export function useT() {
  const locale = useLocale();
  return (key: MessageKey) => translate(locale, key);
}

export type { MessageKey };
