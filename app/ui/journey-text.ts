/**
 * Texts of the home page's open rounds and search, and of the results cards (Vietnamese default,
 * English switchable). Kept apart from vi.ts/en.ts like app/i18n/lookup.ts, so this work stays in
 * its own files; "{name}" placeholders are filled by jt(key, { name }).
 */
import type { RoundLevel } from "~db/schema";
import { useLocale, type Locale } from "~/i18n";

const vi = {
  "open.title": "Kỳ bình chọn đang nhận hồ sơ",
  "open.none": "Hiện chưa có kỳ bình chọn nào đang nhận hồ sơ.",
  "open.territory": "Địa bàn",
  "open.organizer": "Cơ quan tổ chức",
  "open.who": "Ai được tham gia",
  "open.deadline": "Hạn đăng ký",
  "open.daysLeft": "còn {n} ngày",
  "open.lastDay": "hôm nay là ngày cuối",
  "open.noDeadline": "Chưa đặt hạn",
  "open.register": "Đăng ký tham gia",
  "open.registerFor": "Đăng ký tham gia: {title}",
  "open.nominated": "Không đăng ký trực tiếp: cơ quan tổ chức cấp dưới giới thiệu sản phẩm.",
  "open.who.local": "Cơ sở công nghiệp nông thôn có địa chỉ sản xuất trên địa bàn {unit}.",
  "open.who.region": "Sản phẩm đã được công nhận cấp tỉnh còn hiệu lực, do cơ quan tổ chức cấp tỉnh giới thiệu.",
  "open.who.national": "Sản phẩm đã được công nhận cấp khu vực còn hiệu lực, do cơ quan tổ chức cấp khu vực giới thiệu.",
  "open.wholeCountry": "Toàn quốc",
  "search.title": "Tra cứu sản phẩm đã được công nhận",
  "results.rank": "Hạng",
  "results.mean": "Điểm trung bình",
  "results.place": "Địa phương",
  "results.verify": "Xác thực giấy chứng nhận",
  "results.pending": "Chờ cấp giấy chứng nhận",
  "results.status": "Tình trạng",
} as const;

export type JourneyKey = keyof typeof vi;

const en: Partial<Record<JourneyKey, string>> = {
  "open.title": "Rounds open for registration",
  "open.none": "No round is taking registrations at the moment.",
  "open.territory": "Territory",
  "open.organizer": "Organizer",
  "open.who": "Who may enter",
  "open.deadline": "Registration deadline",
  "open.daysLeft": "{n} days left",
  "open.lastDay": "today is the last day",
  "open.noDeadline": "No deadline set",
  "open.register": "Register",
  "open.registerFor": "Register: {title}",
  "open.nominated": "No direct registration: the lower level's organizer nominates products.",
  "open.who.local": "Rural industrial producers located in {unit}.",
  "open.who.region": "Products with a valid provincial recognition, nominated by the provincial organizer.",
  "open.who.national": "Products with a valid regional recognition, nominated by the regional organizer.",
  "open.wholeCountry": "Whole country",
  "search.title": "Look up recognised products",
  "results.rank": "Rank",
  "results.mean": "Mean score",
  "results.place": "Place",
  "results.verify": "Verify the certificate",
  "results.pending": "Certificate not issued yet",
  "results.status": "Status",
};

const LEVELS_EN: Record<RoundLevel, string> = { commune: "Commune", district: "District", province: "Provincial", region: "Regional", national: "National" };

export function journeyText(locale: Locale, key: JourneyKey, vars?: Record<string, string | number>): string {
  let s: string = (locale === "en" ? en[key] : undefined) ?? vi[key];
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

export function useJourneyT() {
  const locale = useLocale();
  return (key: JourneyKey, vars?: Record<string, string | number>) => journeyText(locale, key, vars);
}

/** The level's name in the reader's language (Vietnamese from app/ui/labels.ts). */
export function useLevelLabel(viLabels: Record<RoundLevel, string>) {
  const locale = useLocale();
  return (level: RoundLevel) => (locale === "en" ? LEVELS_EN[level] : viLabels[level]);
}
