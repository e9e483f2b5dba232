/** Labels for enumerations shown to people (Vietnamese). */
import type { EntryStatus, RoundLevel, RoundStatus } from "~db/schema";
import type { Locale } from "~/i18n";
import { groupName } from "~/i18n/groups";

export const LEVEL_LABELS: Record<RoundLevel, string> = {
  commune: "Cấp xã",
  district: "Cấp huyện",
  province: "Cấp tỉnh",
  region: "Cấp khu vực",
  national: "Cấp quốc gia",
};

export const ROUND_STATUS_LABELS: Record<RoundStatus, string> = {
  draft: "Bản nháp",
  open: "Đang nhận hồ sơ",
  intake_closed: "Đã đóng nhận hồ sơ",
  scoring: "Đang chấm điểm",
  results_review: "Đang xét kết quả",
  published: "Đã công bố kết quả",
  archived: "Đã lưu trữ",
};

export const ENTRY_STATUS_LABELS: Record<EntryStatus, string> = {
  draft: "Đang chuẩn bị",
  nominated: "Được đề cử, chờ xác nhận",
  submitted: "Đã nộp, chờ tiếp nhận",
  needs_completion: "Cần bổ sung",
  accepted: "Hồ sơ hợp lệ",
  rejected: "Không hợp lệ",
  withdrawn: "Đã rút",
  scored: "Đã chấm điểm",
  recognised: "Được công nhận",
  not_recognised: "Không được công nhận",
};

/** What happened at each step of an entry's timeline. */
export const EVENT_LABELS: Record<string, string> = {
  registered: "Đăng ký tham gia",
  submitted: "Nộp hồ sơ",
  completion_requested: "Yêu cầu bổ sung",
  completed: "Đã bổ sung, nộp lại",
  accepted: "Hồ sơ hợp lệ",
  rejected: "Không tiếp nhận",
  withdrawn: "Rút hồ sơ",
  scored: "Đã chấm điểm",
  recognised: "Được công nhận",
  not_recognised: "Không được công nhận",
  certificate_issued: "Cấp giấy chứng nhận",
};

export function entryStatusTone(s: EntryStatus): "ok" | "warn" | "bad" | "info" | "" {
  if (s === "recognised" || s === "accepted") return "ok";
  if (s === "needs_completion" || s === "nominated") return "warn";
  if (s === "rejected" || s === "not_recognised" || s === "withdrawn") return "bad";
  if (s === "submitted" || s === "scored") return "info";
  return "";
}

export function roundStatusTone(s: RoundStatus): "ok" | "warn" | "bad" | "info" | "" {
  if (s === "open") return "ok";
  if (s === "scoring" || s === "results_review") return "warn";
  if (s === "published") return "info";
  return "";
}

/** 700 tenths → "70,00". */
export function formatPoints(tenths: number, decimals = 2): string {
  return (tenths / 10).toLocaleString("vi-VN", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}


/** Mean of judges' totals, exact from the integer sum ("78,17"). */
export { formatMean } from "~/modules/scoring/aggregate";

/* Locale-aware labels for the public and producer pages (the Vietnamese exports above stay as they are). */

export const LEVEL_LABELS_EN: Record<RoundLevel, string> = {
  commune: "Commune level",
  district: "District level",
  province: "Provincial level",
  region: "Regional level",
  national: "National level",
};

/** "Cấp tỉnh" / "Provincial level". */
export function levelLabel(level: RoundLevel, locale: Locale): string {
  return locale === "en" ? LEVEL_LABELS_EN[level] : LEVEL_LABELS[level];
}

/** A product group's name (id or Vietnamese name from product_groups) in the reader's language. */
export function groupLabel(group: number | string | null | undefined, locale: Locale): string {
  return groupName(group, locale);
}

export const ROUND_STATUS_LABELS_EN: Record<RoundStatus, string> = {
  draft: "Draft",
  open: "Taking entries",
  intake_closed: "Entries closed",
  scoring: "Scoring",
  results_review: "Reviewing results",
  published: "Results published",
  archived: "Archived",
};

export function roundStatusLabel(s: RoundStatus, locale: Locale): string {
  return locale === "en" ? ROUND_STATUS_LABELS_EN[s] : ROUND_STATUS_LABELS[s];
}

export const ENTRY_STATUS_LABELS_EN: Record<EntryStatus, string> = {
  draft: "Being prepared",
  nominated: "Nominated, awaiting confirmation",
  submitted: "Submitted, awaiting intake",
  needs_completion: "Needs completion",
  accepted: "Dossier accepted",
  rejected: "Not accepted",
  withdrawn: "Withdrawn",
  scored: "Scored",
  recognised: "Recognised",
  not_recognised: "Not recognised",
};

export function entryStatusLabel(s: EntryStatus, locale: Locale): string {
  return locale === "en" ? ENTRY_STATUS_LABELS_EN[s] : ENTRY_STATUS_LABELS[s];
}

export const EVENT_LABELS_EN: Record<string, string> = {
  registered: "Registered",
  submitted: "Dossier submitted",
  completion_requested: "Completion requested",
  completed: "Completed and resubmitted",
  accepted: "Dossier accepted",
  rejected: "Not accepted",
  withdrawn: "Dossier withdrawn",
  scored: "Scored",
  recognised: "Recognised",
  not_recognised: "Not recognised",
  certificate_issued: "Certificate issued",
};

export function eventLabel(type: string, locale: Locale): string {
  return (locale === "en" ? EVENT_LABELS_EN[type] : EVENT_LABELS[type]) ?? type;
}
