/** Account forms: validation shared by the server and the browser, with Vietnamese messages. */
import { z } from "zod";
import { LEGAL_TYPES } from "~db/schema";
import { clean, normaliseEmail } from "~/lib/text";

export const LEGAL_TYPE_LABELS: Record<(typeof LEGAL_TYPES)[number], string> = {
  sme: "Doanh nghiệp nhỏ và vừa",
  cooperative: "Hợp tác xã",
  cooperative_group: "Tổ hợp tác",
  household: "Hộ kinh doanh",
};

export const PASSWORD_MIN = 8;

const text = (label: string, max = 200) =>
  z
    .string({ required_error: `Vui lòng nhập ${label}.`, invalid_type_error: `Vui lòng nhập ${label}.` })
    .transform(clean)
    .pipe(z.string().min(1, `Vui lòng nhập ${label}.`).max(max, `${label[0]!.toUpperCase()}${label.slice(1)} quá dài (tối đa ${max} ký tự).`));

export const emailField = z
  .string({ required_error: "Vui lòng nhập email." })
  .transform(normaliseEmail)
  .pipe(z.string().min(1, "Vui lòng nhập email.").email("Email không đúng định dạng, ví dụ: ten@gmail.com.").max(200));

export const passwordField = z
  .string({ required_error: "Vui lòng nhập mật khẩu." })
  .min(PASSWORD_MIN, `Mật khẩu cần ít nhất ${PASSWORD_MIN} ký tự.`)
  .max(200, "Mật khẩu quá dài (tối đa 200 ký tự).");

/** Vietnamese phone numbers: mobiles 0[35789]xxxxxxxx, landlines 02xxxxxxxxx, optional +84. */
export function normalisePhone(raw: string): string {
  return raw.replace(/[\s.\-()]/g, "").replace(/^\+?84/, "0");
}
export const PHONE_RE = /^0(?:[35789]\d{8}|2\d{9})$/;

export const phoneField = z
  .string()
  .optional()
  .transform((v) => (v ? normalisePhone(v) : ""))
  .refine((v) => v === "" || PHONE_RE.test(v), "Số điện thoại không hợp lệ, ví dụ: 0912 345 678 hoặc 0222 3812 345.");

export const SignUpSchema = z
  .object({
    fullName: text("họ và tên", 120),
    email: emailField,
    phone: phoneField,
    password: passwordField,
    passwordConfirm: z.string({ required_error: "Vui lòng nhập lại mật khẩu." }),
    establishmentName: text("tên cơ sở", 200),
    legalType: z.enum(LEGAL_TYPES, {
      errorMap: () => ({ message: "Vui lòng chọn loại hình cơ sở." }),
    }),
    provinceId: z.coerce
      .number({ invalid_type_error: "Vui lòng chọn tỉnh, thành phố." })
      .int()
      .positive("Vui lòng chọn tỉnh, thành phố."),
  })
  .refine((v) => v.password === v.passwordConfirm, {
    path: ["passwordConfirm"],
    message: "Hai lần nhập mật khẩu không khớp.",
  });
export type SignUpInput = z.infer<typeof SignUpSchema>;

export const LogInSchema = z.object({
  email: emailField,
  password: z.string({ required_error: "Vui lòng nhập mật khẩu." }).min(1, "Vui lòng nhập mật khẩu.").max(200, "Email hoặc mật khẩu không đúng."),
});

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Vui lòng nhập mật khẩu hiện tại.").max(200, "Mật khẩu không đúng."),
    newPassword: passwordField,
    newPasswordConfirm: z.string(),
  })
  .refine((v) => v.newPassword === v.newPasswordConfirm, {
    path: ["newPasswordConfirm"],
    message: "Hai lần nhập mật khẩu mới không khớp.",
  });

export const ForgotPasswordSchema = z.object({ email: emailField });

export const ResetPasswordSchema = z
  .object({ password: passwordField, passwordConfirm: z.string() })
  .refine((v) => v.password === v.passwordConfirm, {
    path: ["passwordConfirm"],
    message: "Hai lần nhập mật khẩu không khớp.",
  });

/** How long a reset link works. */
export const RESET_TOKEN_MINUTES = 60;

export type FieldErrors = Record<string, string>;

/** zod issues → { field: first message }. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_form";
    out[key] ??= issue.message;
  }
  return out;
}

/** FormData → plain object of strings (files and repeated keys are not used by these forms). */
export function formToObject(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string") out[k] = v;
  return out;
}
