/** Organizing bodies and invitations: form validation with Vietnamese messages, shared labels. */
import { z } from "zod";
import { ORG_LEVELS, type OrgLevel } from "~db/schema";
import { clean } from "~/lib/text";
import { emailField, passwordField, phoneField } from "~/modules/accounts/accounts";

/** How long an invitation link works. */
export const INVITATION_DAYS = 7;

export const ORG_LEVEL_LABELS: Record<OrgLevel, string> = {
  commune: "Cấp xã",
  district: "Cấp huyện",
  province: "Cấp tỉnh",
  region: "Cấp khu vực",
  national: "Cấp quốc gia",
};

const optionalText = (label: string, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => clean(v ?? ""))
    .pipe(z.string().max(max, `${label} quá dài (tối đa ${max} ký tự).`));

const requiredText = (label: string, max: number) =>
  z
    .string({ required_error: `Vui lòng nhập ${label}.` })
    .transform(clean)
    .pipe(z.string().min(1, `Vui lòng nhập ${label}.`).max(max, `${label[0]!.toUpperCase()}${label.slice(1)} quá dài (tối đa ${max} ký tự).`));

const optionalId = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (!v) return null;
    const n = Number(v);
    if (!/^\d{1,12}$/.test(v) || !Number.isSafeInteger(n) || n <= 0) {
      ctx.addIssue({ code: "custom", message: "Lựa chọn không hợp lệ." });
      return z.NEVER;
    }
    return n;
  });

export const BodySchema = z
  .object({
    name: requiredText("tên cơ quan", 200),
    level: z.enum(ORG_LEVELS, { errorMap: () => ({ message: "Vui lòng chọn cấp của cơ quan." }) }),
    provinceId: optionalId,
    unitId: optionalId,
    regionCode: z.string().optional().transform((v) => v || null),
    email: z
      .string()
      .optional()
      .transform((v) => (v ?? "").trim().toLowerCase())
      .refine((v) => v === "" || z.string().email().safeParse(v).success, "Email không đúng định dạng, ví dụ: sct@bacninh.gov.vn."),
    phone: phoneField,
    address: optionalText("Địa chỉ", 300),
  })
  .superRefine((v, ctx) => {
    if (v.level === "province" && !v.provinceId) ctx.addIssue({ code: "custom", path: ["provinceId"], message: "Vui lòng chọn tỉnh, thành phố." });
    if ((v.level === "district" || v.level === "commune") && !v.unitId) {
      ctx.addIssue({ code: "custom", path: ["unitId"], message: v.level === "district" ? "Vui lòng chọn quận, huyện." : "Vui lòng chọn xã, phường." });
    }
    if (v.level === "region" && !v.regionCode) ctx.addIssue({ code: "custom", path: ["regionCode"], message: "Vui lòng chọn khu vực." });
  });
export type BodyInput = z.infer<typeof BodySchema>;

export const InviteStaffSchema = z.object({ email: emailField });

export const AcceptNewAccountSchema = z
  .object({
    fullName: requiredText("họ và tên", 120),
    password: passwordField,
    passwordConfirm: z.string({ required_error: "Vui lòng nhập lại mật khẩu." }),
  })
  .refine((v) => v.password === v.passwordConfirm, { path: ["passwordConfirm"], message: "Hai lần nhập mật khẩu không khớp." });
