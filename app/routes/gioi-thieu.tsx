import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { cachingHeaders, publicCacheHeaders } from "~/modules/lookup/cache.server";
import { OperatorContact } from "~/ui/OperatorContact";

export const meta: MetaFunction = () => [
  { title: "Giới thiệu và liên hệ - Bình chọn sản phẩm CNNT tiêu biểu" },
  { name: "description", content: "Cơ quan chủ quản, đơn vị vận hành và cách liên hệ của nền tảng bình chọn sản phẩm công nghiệp nông thôn tiêu biểu." },
];
export const headers: HeadersFunction = cachingHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  return json({}, { headers: publicCacheHeaders(request) });
}

export default function About() {
  return (
    <div className="narrow prose">
      <h1>Giới thiệu và liên hệ</h1>
      <p>
        Nền tảng phục vụ bình chọn sản phẩm công nghiệp nông thôn tiêu biểu các cấp (xã, tỉnh, khu vực, quốc gia) theo Thông tư 26/2014/TT-BCT, sửa đổi
        bởi Thông tư 14/2018/TT-BCT và 38/2025/TT-BCT của Bộ Công Thương: cơ sở sản xuất đăng ký và nộp hồ sơ, Hội đồng chấm điểm theo phiếu 100 điểm, cơ
        quan có thẩm quyền công nhận và cấp giấy chứng nhận.
      </p>
      <h2>Cơ quan quản lý và liên hệ</h2>
      <OperatorContact />
      <h2>Nghi ngờ giấy chứng nhận giả</h2>
      <p>
        Mỗi giấy chứng nhận có mã QR dẫn tới trang xác thực trên chính trang này. Nếu mã QR không mở ra trang xác thực của địa chỉ này, hoặc trang báo
        không tìm thấy giấy chứng nhận, hãy <Link to="/xac-thuc">tra theo số giấy chứng nhận</Link>; nếu vẫn không có, đừng tin giấy chứng nhận đó và
        báo cho đơn vị vận hành qua đường dây nóng hoặc thư điện tử ở trên, kèm ảnh giấy chứng nhận và nơi bạn thấy nó.
      </p>
      <p>
        <Link to="/quyen-rieng-tu">Quyền riêng tư</Link> · <Link to="/tiep-can">Tuyên bố về khả năng tiếp cận</Link>
      </p>
    </div>
  );
}
