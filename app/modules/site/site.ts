import { z } from "zod";
import { clean } from "~/lib/text";

/**
 * Who runs this site (issue 12, item 10): the managing authority, the operator and how to reach
 * them, shown in every page's footer and on the "about", privacy and accessibility pages. Set by the
 * system administrator (/quan-tri/thong-tin); the demo fills them.
 */
export interface OperatorDetails {
  /** Cơ quan chủ quản, e.g. "Bộ Công Thương" or "Sở Công Thương tỉnh Bắc Ninh". */
  authority: string;
  /** The unit that runs the site day to day. */
  operator: string;
  address: string;
  hotline: string;
  email: string;
  /** The person or office answerable for the site's content. */
  responsible: string;
}

const text = (label: string, max: number) =>
  z
    .string({ required_error: `Vui lòng nhập ${label}.` })
    .transform(clean)
    .pipe(z.string().min(2, `Vui lòng nhập ${label}.`).max(max, `${label[0]!.toUpperCase()}${label.slice(1)} quá dài (tối đa ${max} ký tự).`));

export const OperatorSchema = z.object({
  authority: text("cơ quan chủ quản", 200),
  operator: text("đơn vị vận hành", 200),
  address: text("địa chỉ", 300),
  hotline: z
    .string()
    .transform(clean)
    .pipe(z.string().regex(/^[0-9 +().-]{6,20}$/, "Số điện thoại đường dây nóng chỉ gồm chữ số (6–20 ký tự), ví dụ 0222 3822 123.")),
  email: z.string().transform(clean).pipe(z.string().email("Thư điện tử liên hệ không đúng dạng, ví dụ lienhe@congthuong.gov.vn.").max(200)),
  responsible: text("người hoặc bộ phận chịu trách nhiệm nội dung", 200),
});
