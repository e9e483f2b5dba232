import { describe, expect, it } from "vitest";
import { PHONE_RE, normalisePhone, SignUpSchema } from "~/modules/accounts/accounts";
import { clean, foldVietnamese } from "~/lib/text";

describe("Vietnamese text", () => {
  it("folds diacritics and đ for search", () => {
    expect(foldVietnamese("Đồ gỗ Đồng Kỵ")).toBe("do go dong ky");
    expect(foldVietnamese("Bánh tráng")).toBe("banh trang");
  });
  it("normalises decomposed input to NFC", () => {
    const decomposed = "Hợp tác xã".normalize("NFD");
    expect(clean(`  ${decomposed}  `)).toBe("Hợp tác xã");
  });
});

describe("phone numbers", () => {
  it.each(["0912 345 678", "+84 912 345 678", "0222.3812.345", "0386-123-456"])("accepts %s", (raw) => {
    expect(PHONE_RE.test(normalisePhone(raw))).toBe(true);
  });
  it.each(["012345", "0112345678", "abc", "091234567890"])("refuses %s", (raw) => {
    expect(PHONE_RE.test(normalisePhone(raw))).toBe(false);
  });
});

describe("sign-up form", () => {
  const good = {
    fullName: "Nguyễn Văn Lộc",
    email: " Loc@Gmail.com ",
    phone: "0912345678",
    password: "matkhau123",
    passwordConfirm: "matkhau123",
    establishmentName: "HTX Gốm Phù Lãng",
    legalType: "cooperative",
    provinceId: "5",
  };
  it("accepts a good form and normalises it", () => {
    const r = SignUpSchema.parse(good);
    expect(r.email).toBe("loc@gmail.com");
    expect(r.provinceId).toBe(5);
  });
  it("gives a Vietnamese message per field", () => {
    const r = SignUpSchema.safeParse({ ...good, email: "x", password: "123", passwordConfirm: "456", legalType: "", provinceId: "" });
    expect(r.success).toBe(false);
    const byField = Object.fromEntries(r.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(byField.email).toMatch(/Email không đúng định dạng/);
    expect(byField.password).toMatch(/ít nhất 8 ký tự/);
    expect(byField.legalType).toMatch(/loại hình/);
    expect(byField.provinceId).toMatch(/tỉnh/);
  });
  it("refuses mismatched passwords", () => {
    const r = SignUpSchema.safeParse({ ...good, passwordConfirm: "khac12345" });
    expect(r.error?.issues[0]?.path).toEqual(["passwordConfirm"]);
  });
});
