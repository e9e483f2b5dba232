import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { cachingHeaders, publicCacheHeaders } from "~/modules/lookup/cache.server";
import { OperatorContact } from "~/ui/OperatorContact";

export const meta: MetaFunction = () => [{ title: "Quyền riêng tư - Bình chọn sản phẩm CNNT tiêu biểu" }];
export const headers: HeadersFunction = cachingHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  return json({}, { headers: publicCacheHeaders(request) });
}

export default function Privacy() {
  return (
    <div className="narrow prose">
      <h1>Quyền riêng tư</h1>
      <p>Trang này cho biết nền tảng thu thập dữ liệu cá nhân nào, để làm gì, ai được xem và bạn có những quyền gì (theo Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân).</p>
      <h2>Dữ liệu được thu thập</h2>
      <ul>
        <li>Tài khoản: họ tên, thư điện tử, số điện thoại (nếu bạn nhập), mật khẩu (chỉ lưu dạng băm, không ai đọc được).</li>
        <li>Cơ sở sản xuất: tên, loại hình, mã số thuế hoặc đăng ký kinh doanh, địa chỉ, người đại diện; sản phẩm và ảnh sản phẩm.</li>
        <li>Hồ sơ dự thi: các tài liệu bạn tải lên; phiếu chấm của giám khảo; quyết định của Hội đồng và cơ quan công nhận.</li>
        <li>Nhật ký: thời điểm và địa chỉ mạng của các thao tác quan trọng (đăng nhập, nộp hồ sơ, chấm, công nhận), để bảo đảm an toàn và giải trình.</li>
      </ul>
      <h2>Mục đích và người được xem</h2>
      <ul>
        <li>Dữ liệu chỉ dùng để tổ chức bình chọn theo quy định: cơ quan tổ chức của kỳ bình chọn xem hồ sơ; giám khảo được phân công xem hồ sơ cần chấm (không thấy tên giám khảo khác); quản trị hệ thống vận hành kỹ thuật.</li>
        <li>Công khai: chỉ những gì in trên giấy chứng nhận của kỳ đã công bố kết quả (tên sản phẩm, tên và địa chỉ cơ sở, cấp, năm, số và hiệu lực giấy chứng nhận) và ảnh sản phẩm được công nhận. Không công khai số điện thoại, thư điện tử, điểm của từng giám khảo.</li>
        <li>Không bán, không chia sẻ dữ liệu cho quảng cáo; không dùng công cụ theo dõi của bên thứ ba.</li>
      </ul>
      <h2>Cookie</h2>
      <p>Chỉ hai cookie cần thiết: phiên đăng nhập (khi bạn đăng nhập) và ngôn ngữ bạn chọn. Không có cookie quảng cáo hay thống kê.</p>
      <h2>Thời gian lưu</h2>
      <p>Hồ sơ và kết quả được lưu theo quy định lưu trữ hồ sơ bình chọn của cơ quan tổ chức; tài khoản không dùng có thể được khóa theo yêu cầu.</p>
      <h2>Quyền của bạn</h2>
      <p>Bạn có quyền xem, sửa thông tin của mình (trang Tài khoản và Cơ sở của tôi), yêu cầu xóa hoặc hạn chế xử lý dữ liệu khi không còn cần cho việc bình chọn, và khiếu nại. Liên hệ:</p>
      <OperatorContact />
      <p>
        <Link to="/gioi-thieu">Giới thiệu và liên hệ</Link> · <Link to="/tiep-can">Tuyên bố về khả năng tiếp cận</Link>
      </p>
    </div>
  );
}
