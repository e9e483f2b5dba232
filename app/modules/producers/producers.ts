/** Producer forms: establishment profile and products (validation shared with the browser). */
import { z } from "zod";
import { LEGAL_TYPES } from "~db/schema";
import { clean } from "~/lib/text";
import { emailField, phoneField } from "~/modules/accounts/accounts";

const req = (label: string, max: number) =>
  z
    .string({ required_error: `Vui lòng nhập ${label}.` })
    .transform(clean)
    .pipe(z.string().min(1, `Vui lòng nhập ${label}.`).max(max, `Tối đa ${max} ký tự.`));

const TAX_CODE = /^\d{10}(-?\d{3})?$/;
const HOUSEHOLD_NO = /^(\d{12}|\d{2}[A-Z][0-9A-Z]{5,12})$/;

/** Tax / enterprise code (10 or 13 digits); for household businesses also the certificate number. */
export function registrationNoValid(legalType: (typeof LEGAL_TYPES)[number], value: string): boolean {
  const v = value.toUpperCase().replace(/\s+/g, "");
  if (TAX_CODE.test(v)) return true;
  return legalType === "household" && HOUSEHOLD_NO.test(v);
}

const optional = (label: string, max: number) =>
  z
    .string()
    .optional()
    .default("")
    .transform(clean)
    .pipe(z.string().max(max, `${label}: tối đa ${max} ký tự.`));

/** Bank account number: digits, spaces allowed between groups; 6 to 20 digits. Stored without spaces. */
export const BANK_ACCOUNT_NO = /^\d{6,20}$/;

/**
 * Optional bank details (issue 14), printed on the prize payment list for the finance office.
 * Each may be left empty; an account number, when given, has 6 to 20 digits.
 */
export const BankFields = {
  bankAccountNo: z
    .string()
    .optional()
    .default("")
    .transform((v) => v.normalize("NFC").replace(/[\s.\-]+/g, " ").trim())
    .refine((v) => v === "" || (/^[\d ]+$/.test(v) && BANK_ACCOUNT_NO.test(v.replace(/ /g, ""))), "Số tài khoản gồm 6 đến 20 chữ số (có thể cách nhau bằng dấu cách).")
    .transform((v) => v.replace(/ /g, "")),
  bankName: optional("Ngân hàng", 120),
  bankAccountHolder: optional("Chủ tài khoản", 120),
};

export const EstablishmentSchema = z
  .object({
    legalType: z.enum(LEGAL_TYPES, { errorMap: () => ({ message: "Vui lòng chọn loại hình cơ sở." }) }),
    name: req("tên cơ sở", 200),
    registrationNo: z.string().optional().default("").transform((v) => v.toUpperCase().replace(/\s+/g, "")),
    provinceId: z.coerce.number({ invalid_type_error: "Vui lòng chọn tỉnh, thành phố." }).int().positive("Vui lòng chọn tỉnh, thành phố."),
    unitId: z.coerce.number({ invalid_type_error: "Vui lòng chọn xã, phường." }).int().positive("Vui lòng chọn xã, phường."),
    street: req("địa chỉ (số nhà, thôn, xóm)", 200),
    representative: req("người đại diện", 120),
    phone: phoneField.refine((v) => v !== "", "Vui lòng nhập số điện thoại."),
    email: z.union([z.literal(""), emailField]).default(""),
    ...BankFields,
  })
  .superRefine((v, ctx) => {
    if (!v.registrationNo) {
      ctx.addIssue({ code: "custom", path: ["registrationNo"], message: "Vui lòng nhập mã số doanh nghiệp, hợp tác xã hoặc số giấy chứng nhận hộ kinh doanh." });
    } else if (!registrationNoValid(v.legalType, v.registrationNo)) {
      ctx.addIssue({
        code: "custom",
        path: ["registrationNo"],
        message:
          v.legalType === "household"
            ? "Số không hợp lệ: nhập mã số thuế (10 hoặc 13 chữ số), số định danh 12 chữ số, hoặc số giấy chứng nhận hộ kinh doanh (ví dụ 27A8012345)."
            : "Mã số không hợp lệ: mã số doanh nghiệp, hợp tác xã gồm 10 hoặc 13 chữ số (ví dụ 0101234567 hoặc 0101234567-001).",
      });
    }
  });
export type EstablishmentInput = z.infer<typeof EstablishmentSchema>;

export const ProductSchema = z.object({
  name: req("tên sản phẩm", 200),
  productGroupId: z.coerce
    .number({ invalid_type_error: "Vui lòng chọn nhóm sản phẩm." })
    .int()
    .min(1, "Vui lòng chọn nhóm sản phẩm.")
    .max(4, "Vui lòng chọn nhóm sản phẩm."),
  description: z
    .string()
    .optional()
    .default("")
    .transform((v) => v.normalize("NFC").trim())
    .pipe(z.string().max(5000, "Mô tả tối đa 5.000 ký tự.")),
  isSet: z
    .string()
    .optional()
    .transform((v) => v === "on" || v === "1" || v === "true"),
});
export type ProductInput = z.infer<typeof ProductSchema>;

export const MemberSchema = z.object({
  fullName: req("họ và tên", 120),
  email: emailField,
});
