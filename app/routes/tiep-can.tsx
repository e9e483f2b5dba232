import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useLocale } from "~/i18n";
import { metaLocale, pageTitle } from "~/i18n/pages";
import { cachingHeaders, publicCacheHeaders } from "~/modules/lookup/cache.server";
import { OperatorContact } from "~/ui/OperatorContact";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(metaLocale(matches), "title.accessibility") }];
export const headers: HeadersFunction = cachingHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  return json({}, { headers: publicCacheHeaders(request) });
}

export default function Accessibility() {
  const locale = useLocale();
  if (locale === "en") return <AccessibilityEn />;
  return (
    <div className="narrow prose">
      <h1>Tuyên bố về khả năng tiếp cận</h1>
      <p>Nền tảng hướng tới mức AA của Hướng dẫn về khả năng tiếp cận nội dung web (WCAG 2.1), để mọi người, kể cả người khuyết tật và người dùng điện thoại cấu hình thấp, đều dùng được.</p>
      <h2>Những gì đã làm</h2>
      <ul>
        <li>Dùng được trên điện thoại màn hình hẹp (360 điểm ảnh); nút bấm đủ lớn để chạm bằng một ngón tay.</li>
        <li>Dùng được bằng bàn phím; có liên kết "Bỏ qua đến nội dung chính"; các ô nhập có nhãn và thông báo lỗi bằng chữ, không chỉ bằng màu.</li>
        <li>Trạng thái giấy chứng nhận (còn hiệu lực, hết hiệu lực, đã thu hồi) được nói bằng chữ và biểu tượng, không chỉ bằng màu.</li>
        <li>Các trang công khai và biểu mẫu vẫn hoạt động khi trình duyệt tắt JavaScript.</li>
      </ul>
      <h2>Hạn chế đã biết</h2>
      <ul>
        <li>Tài liệu PDF do cơ sở tải lên (bản scan) có thể không đọc được bằng phần mềm đọc màn hình.</li>
        <li>Một số bảng kết quả nhiều cột cần cuộn ngang trên điện thoại.</li>
      </ul>
      <h2>Báo khó khăn khi sử dụng</h2>
      <p>Nếu bạn gặp khó khăn khi dùng trang nào, hãy cho chúng tôi biết trang đó và điều bạn cần; chúng tôi sẽ trả lời và hỗ trợ nộp hồ sơ theo cách khác nếu cần.</p>
      <OperatorContact />
      <p>
        <Link to="/gioi-thieu">Giới thiệu và liên hệ</Link> · <Link to="/quyen-rieng-tu">Quyền riêng tư</Link>
      </p>
    </div>
  );
}

function AccessibilityEn() {
  return (
    <div className="narrow prose">
      <h1>Accessibility statement</h1>
      <p>The platform aims at level AA of the Web Content Accessibility Guidelines (WCAG 2.1), so that everyone, including people with disabilities and people on low-end phones, can use it.</p>
      <h2>What has been done</h2>
      <ul>
        <li>Usable on narrow phone screens (360 pixels); buttons are large enough to tap with one finger.</li>
        <li>Usable with the keyboard; a "Skip to main content" link; form fields have labels and errors are stated in words, not only in colour.</li>
        <li>A certificate's status (valid, expired, revoked) is given in words and with a symbol, not only in colour.</li>
        <li>The public pages and forms keep working with JavaScript turned off.</li>
      </ul>
      <h2>Known limitations</h2>
      <ul>
        <li>PDF documents uploaded by establishments (scans) may not be readable by screen readers.</li>
        <li>Some results tables with many columns need horizontal scrolling on phones.</li>
      </ul>
      <h2>Report a difficulty</h2>
      <p>If a page is hard to use, tell us which page and what you need; we will answer and, if needed, help you submit your dossier another way.</p>
      <OperatorContact />
      <p>
        <Link to="/gioi-thieu">About and contact</Link> · <Link to="/quyen-rieng-tu">Privacy</Link>
      </p>
    </div>
  );
}
