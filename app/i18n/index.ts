import { useRouteLoaderData } from "@remix-run/react";
import { en } from "./en";
import { vi, type MessageKey } from "./vi";

export type Locale = "vi" | "en";
export const LOCALES: Locale[] = ["vi", "en"];

export function translate(locale: Locale, key: MessageKey): string {
  return (locale === "en" ? en[key] : undefined) ?? vi[key];
}

/** The current locale, from the root loader. */
export function useLocale(): Locale {
  const data = useRouteLoaderData("root") as { locale?: Locale } | undefined;
  return data?.locale ?? "vi";
}

export function useT() {
  const locale = useLocale();
  return (key: MessageKey) => translate(locale, key);
}

export type { MessageKey };
