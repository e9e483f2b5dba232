/**
 * Round rules (pure): settings validation with Vietnamese messages, the status transition table,
 * and which settings are frozen once scoring has started.
 */
import { z } from "zod";
import type { RoundLevel, RoundStatus } from "~db/schema";
import { DATE_INPUT_MESSAGE, parseVnDate } from "~/lib/dates";
import { clean } from "~/lib/text";

/**
 * An optional date typed as day/month/year (or ISO, as the API and older forms send it) → ISO or
 * null. The message shows next to the field, so it need not name it (docs/decisions/0033).
 */
export const optionalDate = (label: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? "").trim())
    .refine((v) => v === "" || parseVnDate(v) !== null, { message: DATE_INPUT_MESSAGE, params: { label } })
    .transform((v) => (v === "" ? null : parseVnDate(v)));

/** A required date typed as day/month/year (or ISO) → ISO; `missing` says what to do when empty. */
export const requiredDate = (missing: string) =>
  z
    .string({ required_error: missing })
    .transform((v) => v.trim())
    .refine((v) => v !== "", missing)
    .refine((v) => v === "" || parseVnDate(v) !== null, DATE_INPUT_MESSAGE)
    .transform((v) => parseVnDate(v)!);

/** "70" or "70,5" (Vietnamese decimal comma) points → tenths. */
const points = (label: string, min: number, max: number) =>
  z
    .string({ required_error: `Vui lòng nhập ${label}.` })
    .transform((v) => v.trim().replace(",", "."))
    .refine((v) => v !== "", `Vui lòng nhập ${label}.`)
    .refine((v) => v === "" || /^\d{1,3}(\.\d)?$/.test(v), `${label[0]!.toUpperCase()}${label.slice(1)} phải là số, tối đa một chữ số thập phân (ví dụ 70 hoặc 72,5).`)
    .transform((v) => Math.round(Number(v) * 10))
    .refine((t) => t >= min * 10 && t <= max * 10, `${label[0]!.toUpperCase()}${label.slice(1)} phải từ ${min} đến ${max} điểm.`);

const lowerFirst = (s: string) => (/^\p{Lu}\p{Ll}/u.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s);

/** A whole number typed in a form; `undefined` when the field was not sent at all. */
function readInt(v: string | number | undefined, label: string, min: number, max: number, ctx: z.RefinementCtx): number | undefined {
  if (v === undefined) return undefined;
  const s = String(v).trim();
  if (s === "") {
    ctx.addIssue({ code: "custom", message: `Vui lòng nhập ${lowerFirst(label)}.` });
    return z.NEVER;
  }
  if (!/^[+-]?\d{1,9}$/.test(s)) {
    ctx.addIssue({ code: "custom", message: `${label} phải là số nguyên.` });
    return z.NEVER;
  }
  const n = Number(s);
  if (n < min) ctx.addIssue({ code: "custom", message: `${label} tối thiểu là ${min}.` });
  else if (n > max) ctx.addIssue({ code: "custom", message: `${label} tối đa là ${max}.` });
  return n;
}

/** A required whole number: an empty field asks for it ("Vui lòng nhập năm."), not "tối thiểu là…". */
const int = (label: string, min: number, max: number) =>
  z
    .union([z.string(), z.number()], { required_error: `Vui lòng nhập ${lowerFirst(label)}.` })
    .transform((v, ctx) => readInt(v, label, min, max, ctx) as number);

/** A whole number that keeps its stored value (or the default, for a new round) when not sent. */
const optionalInt = (label: string, min: number, max: number) =>
  z
    .union([z.string(), z.number()])
    .optional()
    .transform((v, ctx) => readInt(v, label, min, max, ctx));

export const TIE_BREAK_PRESETS: Record<string, { order: string[]; label: string }> = {
  "I,II,vote": { order: ["I", "II", "vote"], label: "Điểm nhóm I, rồi nhóm II, rồi Hội đồng biểu quyết" },
  "II,I,vote": { order: ["II", "I", "vote"], label: "Điểm nhóm II, rồi nhóm I, rồi Hội đồng biểu quyết" },
  "I,II,III,IV,vote": { order: ["I", "II", "III", "IV", "vote"], label: "Lần lượt nhóm I, II, III, IV, rồi biểu quyết" },
  vote: { order: ["vote"], label: "Hội đồng biểu quyết" },
};

export const LOWER_LEVEL: Record<RoundLevel, RoundLevel | null> = {
  commune: null,
  district: null,
  province: null,
  region: "province",
  national: "region",
};

export const RoundSettingsSchema = z
  .object({
    title: z
      .string({ required_error: "Vui lòng nhập tên kỳ bình chọn." })
      .transform(clean)
      .pipe(
        z
          .string()
          .min(1, "Vui lòng nhập tên kỳ bình chọn.")
          .refine((t) => t.length === 0 || t.length >= 5, "Tên kỳ bình chọn cần ít nhất 5 ký tự, ví dụ “Bình chọn sản phẩm CNNT tiêu biểu tỉnh Bắc Ninh năm 2026”.")
          .refine((t) => t.length <= 300, "Tên kỳ bình chọn tối đa 300 ký tự; hãy rút gọn."),
      ),
    year: int("Năm", 2010, 2100),
    rules: z
      .string()
      .optional()
      .transform((v) => (v ?? "").normalize("NFC").trim())
      .pipe(z.string().max(10000, "Thể lệ tối đa 10.000 ký tự.")),
    registrationOpensOn: optionalDate("Ngày mở nhận hồ sơ"),
    registrationClosesOn: optionalDate("Ngày đóng nhận hồ sơ"),
    dossierScoringFrom: optionalDate("Ngày bắt đầu chấm hồ sơ"),
    dossierScoringTo: optionalDate("Ngày kết thúc chấm hồ sơ"),
    directScoringFrom: optionalDate("Ngày bắt đầu chấm trực tiếp"),
    directScoringTo: optionalDate("Ngày kết thúc chấm trực tiếp"),
    councilMeetingOn: optionalDate("Ngày họp Hội đồng"),
    announcementOn: optionalDate("Ngày công bố"),
    passMarkTenths: points("điểm đạt", 0, 100),
    recognitionCap: z
      .string()
      .optional()
      .transform((v) => (v ?? "").trim())
      .refine((v) => v === "" || /^\d{1,4}$/.test(v), "Số sản phẩm công nhận tối đa phải là số nguyên, hoặc để trống nếu không giới hạn.")
      .transform((v) => (v === "" ? null : Number(v)))
      .refine((v) => v === null || v >= 1, "Số sản phẩm công nhận tối đa phải từ 1 trở lên."),
    scoringStages: z.enum(["1", "2"], { errorMap: () => ({ message: "Chọn một hoặc hai vòng chấm." }) }).transform(Number),
    certificateValidityMonths: int("Thời hạn giấy chứng nhận (tháng)", 1, 120),
    tieBreak: z.enum(Object.keys(TIE_BREAK_PRESETS) as [string, ...string[]], { errorMap: () => ({ message: "Chọn cách xếp hạng khi bằng điểm." }) }),
    discrepancyToleranceTenths: points("mức chênh lệch điểm", 0, 100),
    minJudgesPerEntry: int("Số giám khảo tối thiểu", 1, 30),
    intakeAnswerWorkingDays: int("Số ngày làm việc trả lời hồ sơ", 1, 30),
    // A checkbox: sent ("1" / "on") when ticked, absent when not.
    releaseComments: z
      .union([z.string(), z.boolean()])
      .optional()
      .transform((v) => v === true || v === "1" || v === "on" || v === "true"),
    complaintWindowWorkingDays: optionalInt("Thời hạn khiếu nại (ngày làm việc)", 1, 60),
    complaintAnswerDays: optionalInt("Thời hạn trả lời khiếu nại (ngày)", 1, 90),
    requiredDocumentTypes: z.array(z.string()).default([]),
    certificateNumberPattern: z
      .string()
      .transform((v) => v.trim())
      .pipe(z.string().min(1, "Vui lòng nhập mẫu số giấy chứng nhận.").max(60).regex(/\{seq\}/, "Mẫu số giấy chứng nhận phải có {seq} (số thứ tự).")),
  })
  .superRefine((v, ctx) => {
    const order: [keyof typeof v, keyof typeof v, string][] = [
      ["registrationOpensOn", "registrationClosesOn", "Ngày đóng nhận hồ sơ phải sau ngày mở."],
      ["registrationClosesOn", "dossierScoringFrom", "Chấm hồ sơ phải bắt đầu sau khi đóng nhận hồ sơ."],
      ["dossierScoringFrom", "dossierScoringTo", "Ngày kết thúc chấm hồ sơ phải sau ngày bắt đầu."],
      ["directScoringFrom", "directScoringTo", "Ngày kết thúc chấm trực tiếp phải sau ngày bắt đầu."],
      ["registrationClosesOn", "councilMeetingOn", "Hội đồng họp sau khi đóng nhận hồ sơ."],
      ["councilMeetingOn", "announcementOn", "Công bố kết quả sau khi Hội đồng họp."],
    ];
    for (const [a, b, message] of order) {
      const x = v[a] as string | null;
      const y = v[b] as string | null;
      if (x && y && y < x) ctx.addIssue({ code: "custom", path: [b], message });
    }
  });

export type RoundSettingsInput = z.infer<typeof RoundSettingsSchema>;

/* ------------------------------------------------------------------ */
/* Status                                                              */
/* ------------------------------------------------------------------ */

/** Manual transitions an organizer may make from the settings page. */
export const ROUND_TRANSITIONS: Partial<Record<RoundStatus, { to: RoundStatus; label: string }[]>> = {
  draft: [{ to: "open", label: "Mở nhận hồ sơ" }],
  open: [{ to: "intake_closed", label: "Đóng nhận hồ sơ" }],
  intake_closed: [
    { to: "open", label: "Mở lại nhận hồ sơ" },
    { to: "scoring", label: "Bắt đầu chấm điểm" },
  ],
  scoring: [{ to: "results_review", label: "Chuyển sang xét kết quả" }],
  results_review: [{ to: "scoring", label: "Quay lại chấm điểm" }],
  published: [{ to: "archived", label: "Lưu trữ" }],
};

export function canMoveRound(from: RoundStatus, to: RoundStatus): boolean {
  return ROUND_TRANSITIONS[from]?.some((t) => t.to === to) ?? false;
}

/** What must be true before a transition; returns the Vietnamese reasons it is refused. */
export function roundTransitionProblems(
  to: RoundStatus,
  r: { registrationOpensOn: string | null; registrationClosesOn: string | null; acceptedEntries: number; pendingIntake: number; judges: number; minJudges: number },
): string[] {
  const out: string[] = [];
  if (to === "open" && (!r.registrationOpensOn || !r.registrationClosesOn)) out.push("Cần đặt ngày mở và ngày đóng nhận hồ sơ trước khi mở.");
  if (to === "scoring") {
    if (r.acceptedEntries === 0) out.push("Chưa có hồ sơ hợp lệ nào để chấm.");
    if (r.pendingIntake > 0) out.push(`Còn ${r.pendingIntake} hồ sơ chưa xử lý tiếp nhận (đã nộp hoặc đang chờ bổ sung).`);
    if (r.judges < r.minJudges) out.push(`Hội đồng mới có ${r.judges} giám khảo, cần ít nhất ${r.minJudges}.`);
  }
  return out;
}

/** Statuses in which scores exist or may exist: score-changing settings are frozen. */
export const SCORING_STARTED: RoundStatus[] = ["scoring", "results_review", "published", "archived"];

/** Settings that would change scores, ranks or recognition if changed after scoring started. */
export const FROZEN_ONCE_SCORING = [
  "passMarkTenths",
  "recognitionCap",
  "scoringStages",
  "tieBreak",
  "discrepancyToleranceTenths",
  "minJudgesPerEntry",
  "certificateValidityMonths",
  "requiredDocumentTypes",
  "complaintWindowWorkingDays",
  "complaintAnswerDays",
] as const;

/** Statuses after which the results are public: the last settings (releasing judges' comments) freeze. */
export const PUBLISHED: RoundStatus[] = ["published", "archived"];

/** Settings that may change until publication (not frozen by scoring). */
export const FROZEN_ONCE_PUBLISHED = ["releaseComments"] as const;

export const SETTING_LABELS: Record<(typeof FROZEN_ONCE_SCORING)[number], string> = {
  passMarkTenths: "điểm đạt",
  recognitionCap: "số sản phẩm công nhận tối đa",
  scoringStages: "số vòng chấm",
  tieBreak: "cách xếp hạng khi bằng điểm",
  discrepancyToleranceTenths: "mức chênh lệch điểm",
  minJudgesPerEntry: "số giám khảo tối thiểu",
  certificateValidityMonths: "thời hạn giấy chứng nhận",
  requiredDocumentTypes: "tài liệu bắt buộc",
  complaintWindowWorkingDays: "thời hạn khiếu nại",
  complaintAnswerDays: "thời hạn trả lời khiếu nại",
};

export const LATE_SETTING_LABELS: Record<(typeof FROZEN_ONCE_PUBLISHED)[number], string> = {
  releaseComments: "việc cho cơ sở xem nhận xét của giám khảo",
};

/** The settings frozen in a status (for the form: shown read-only). */
export function frozenSettings(status: RoundStatus): string[] {
  return [...(SCORING_STARTED.includes(status) ? FROZEN_ONCE_SCORING : []), ...(PUBLISHED.includes(status) ? FROZEN_ONCE_PUBLISHED : [])];
}

/** The frozen settings an update would change (empty when allowed). */
export function frozenChanges(status: RoundStatus, before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return frozenSettings(status).filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));
}
