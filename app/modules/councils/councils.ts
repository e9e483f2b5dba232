/** Council forms: validation with Vietnamese messages, and labels the pages share. */
import { z } from "zod";
import { COUNCIL_ROLES, type CouncilRole } from "~db/schema";
import { clean } from "~/lib/text";
import { ASSIGNMENT_MODES } from "./assignment";

export const COUNCIL_ROLE_LABELS: Record<CouncilRole, string> = {
  chair: "Chủ tịch",
  vice_chair: "Phó Chủ tịch",
  secretary: "Thư ký",
  member: "Thành viên",
};

const requiredText = (label: string, max: number) =>
  z
    .string({ required_error: `Vui lòng nhập ${label}.` })
    .transform(clean)
    .pipe(z.string().min(1, `Vui lòng nhập ${label}.`).max(max, `${label[0]!.toUpperCase()}${label.slice(1)} quá dài (tối đa ${max} ký tự).`));

const optionalText = (label: string, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => clean(v ?? ""))
    .pipe(z.string().max(max, `${label} quá dài (tối đa ${max} ký tự).`));

export const CouncilSchema = z.object({
  name: requiredText("tên Hội đồng", 300),
  establishedByDecision: optionalText("Số quyết định thành lập", 100),
});
export type CouncilInput = z.infer<typeof CouncilSchema>;

const checkbox = z
  .string()
  .optional()
  .transform((v) => v === "on" || v === "1" || v === "true");

export const MemberSchema = z
  .object({
    fullName: requiredText("họ và tên", 120),
    title: optionalText("Chức danh, học hàm", 120),
    affiliation: optionalText("Cơ quan công tác", 200),
    email: z
      .string()
      .optional()
      .transform((v) => (v ?? "").normalize("NFC").trim().toLowerCase())
      .refine((v) => v === "" || z.string().email().max(200).safeParse(v).success, "Email không đúng định dạng, ví dụ: ten@gmail.com."),
    role: z.enum(COUNCIL_ROLES, { errorMap: () => ({ message: "Vui lòng chọn vai trò trong Hội đồng." }) }),
    isJudge: checkbox,
  })
  .refine((v) => !v.isJudge || v.email !== "", {
    path: ["email"],
    message: "Giám khảo cần có email để nhận lời mời và chấm điểm trên hệ thống.",
  });
export type MemberInput = z.infer<typeof MemberSchema>;

export const ConflictSchema = z.object({
  memberId: z.coerce.number({ invalid_type_error: "Vui lòng chọn giám khảo." }).int().positive("Vui lòng chọn giám khảo."),
  entryId: z.coerce.number({ invalid_type_error: "Vui lòng chọn sản phẩm." }).int().positive("Vui lòng chọn sản phẩm."),
  reason: requiredText("lý do", 500),
});

export const DeclareConflictSchema = z.object({
  entryId: z.coerce.number({ invalid_type_error: "Vui lòng chọn sản phẩm." }).int().positive("Vui lòng chọn sản phẩm."),
  reason: requiredText("lý do", 500),
});

export const ModeSchema = z.object({
  mode: z.enum(ASSIGNMENT_MODES as [string, ...string[]], { errorMap: () => ({ message: "Vui lòng chọn cách phân công." }) }),
});

/** "12:34" → { entryId: 12, memberId: 34 }; anything else is dropped. */
export function parsePairs(values: string[]): { entryId: number; memberId: number }[] {
  const out: { entryId: number; memberId: number }[] = [];
  for (const v of values) {
    const m = /^(\d{1,12}):(\d{1,12})$/.exec(v);
    if (m) out.push({ entryId: Number(m[1]), memberId: Number(m[2]) });
  }
  return out;
}

/** Group ids 1..4 from checkboxes; anything else is dropped. */
export function parseGroupIds(values: string[]): number[] {
  return [...new Set(values.map(Number).filter((n) => Number.isInteger(n) && n >= 1 && n <= 99))].sort((a, b) => a - b);
}
