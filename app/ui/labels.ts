/** Labels for enumerations shown to people (Vietnamese). */
import type { EntryStatus, RoundLevel, RoundStatus } from "~db/schema";

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
