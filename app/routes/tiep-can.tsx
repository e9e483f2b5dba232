import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { cachingHeaders, publicCacheHeaders } from "~/modules/lookup/cache.server";
import { OperatorContact } from "~/ui/OperatorContact";

export const meta: MetaFunction = () => [{ title: "Tuyên bố về khả năng tiếp cận - Bình chọn sản phẩm CNNT tiêu biểu" }];
export const headers: HeadersFunction = cachingHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  return json({}, { headers: publicCacheHeaders(request) });
}

export default function Accessibility() {
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
