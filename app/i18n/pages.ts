/**
 * Page titles and the texts of the public pages and the producer's pages that vi.ts/en.ts and
 * lookup.ts do not hold. "{name}" placeholders are filled from vars.
 */
import { useLocale, type Locale } from "./index";

export const pagesVi = {
  "site.suffix": "Bình chọn sản phẩm CNNT tiêu biểu",
  "title.home": "Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu",
  "desc.home": "Đăng ký, nộp hồ sơ, chấm điểm và công nhận sản phẩm công nghiệp nông thôn tiêu biểu cấp xã, tỉnh, khu vực và quốc gia.",
  "title.lookup": "Tra cứu sản phẩm công nghiệp nông thôn tiêu biểu",
  "title.productNotFound": "Không tìm thấy sản phẩm",
  "title.productSuffix": "Sản phẩm CNNT tiêu biểu",
  "title.verify": "Xác thực giấy chứng nhận",
  "title.verifyNumber": "Xác thực giấy chứng nhận {number}",
  "title.certNotFound": "Không tìm thấy giấy chứng nhận",
  "title.about": "Giới thiệu và liên hệ",
  "title.privacy": "Quyền riêng tư",
  "title.accessibility": "Tuyên bố về khả năng tiếp cận",
  "title.dossierStatus": "Tra cứu tình trạng hồ sơ",
  "title.notFound": "Không tìm thấy trang",
  "title.signup": "Đăng ký cơ sở sản xuất",
  "title.login": "Đăng nhập",
  "title.forgot": "Quên mật khẩu",
  "title.reset": "Đặt mật khẩu mới",
  "title.account": "Tài khoản",
  "title.producerHome": "Cơ sở của tôi",
  "title.newProduct": "Thêm sản phẩm",
  "title.product": "Sản phẩm",
  "title.openRounds": "Kỳ bình chọn đang mở",
  "title.notifications": "Thông báo",
  "title.members": "Thành viên cơ sở",
  "title.certificate": "Giấy chứng nhận",
  "operator.unset": "Quản trị hệ thống chưa nhập thông tin cơ quan vận hành.",
  "operator.authority": "Cơ quan chủ quản",
  "operator.operator": "Đơn vị vận hành",
  "operator.address": "Địa chỉ",
  "operator.hotline": "Đường dây nóng",
  "operator.email": "Thư điện tử",
  "operator.responsible": "Chịu trách nhiệm nội dung",
} as const;

export type PagesKey = keyof typeof pagesVi;

export const pagesEn: Partial<Record<PagesKey, string>> = {
  "site.suffix": "Typical rural industrial products",
  "title.home": "Typical rural industrial products",
  "desc.home": "Register, submit dossiers, score and recognise typical rural industrial products at commune, provincial, regional and national level.",
  "title.lookup": "Look up typical rural industrial products",
  "title.productNotFound": "Product not found",
  "title.productSuffix": "Typical rural industrial product",
  "title.verify": "Verify a certificate",
  "title.verifyNumber": "Verify certificate {number}",
  "title.certNotFound": "Certificate not found",
  "title.about": "About and contact",
  "title.privacy": "Privacy",
  "title.accessibility": "Accessibility statement",
  "title.dossierStatus": "Dossier status lookup",
  "title.notFound": "Page not found",
  "title.signup": "Register an establishment",
  "title.login": "Log in",
  "title.forgot": "Forgot password",
  "title.reset": "Set a new password",
  "title.account": "Account",
  "title.producerHome": "My establishment",
  "title.newProduct": "Add a product",
  "title.product": "Product",
  "title.openRounds": "Open rounds",
  "title.notifications": "Notifications",
  "title.members": "Establishment members",
  "title.certificate": "Certificate",
  "operator.unset": "The system administrator has not entered the operator's details yet.",
  "operator.authority": "Managing authority",
  "operator.operator": "Operated by",
  "operator.address": "Address",
  "operator.hotline": "Hotline",
  "operator.email": "Email",
  "operator.responsible": "Responsible for content",
};

export function pageText(locale: Locale, key: PagesKey, vars: Record<string, string | number> = {}): string {
  const s: string = (locale === "en" ? pagesEn[key] : undefined) ?? pagesVi[key];
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export function usePageT() {
  const locale = useLocale();
  return (key: PagesKey, vars?: Record<string, string | number>) => pageText(locale, key, vars);
}

/** The locale inside `meta`, read from the root loader's data among the matches. */
export function metaLocale(matches: ReadonlyArray<{ id: string; data?: unknown } | undefined>): Locale {
  const root = matches.find((m) => m?.id === "root")?.data as { locale?: Locale } | undefined;
  return root?.locale === "en" ? "en" : "vi";
}

/** "<page> - <site>" in the locale of the matches. */
export function pageTitle(locale: Locale, key: PagesKey, vars?: Record<string, string | number>): string {
  return `${pageText(locale, key, vars)} - ${pageText(locale, "site.suffix")}`;
}
