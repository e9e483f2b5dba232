import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useLocale } from "~/i18n";
import { metaLocale, pageTitle } from "~/i18n/pages";
import { cachingHeaders, publicCacheHeaders } from "~/modules/lookup/cache.server";
import { OperatorContact } from "~/ui/OperatorContact";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(metaLocale(matches), "title.privacy") }];
export const headers: HeadersFunction = cachingHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  return json({}, { headers: publicCacheHeaders(request) });
}

export default function Privacy() {
  const locale = useLocale();
  if (locale === "en") return <PrivacyEn />;
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

function PrivacyEn() {
  return (
    <div className="narrow prose">
      <h1>Privacy</h1>
      <p>This page says which personal data the platform collects, what for, who may see it and what your rights are (under Decree 13/2023/NĐ-CP on personal data protection).</p>
      <h2>Data collected</h2>
      <ul>
        <li>Account: full name, email, phone number (if you enter it), password (stored only as a hash that nobody can read).</li>
        <li>Establishment: name, legal type, tax or business registration number, address, representative; products and product photos.</li>
        <li>Entry dossiers: the documents you upload; the judges' score sheets; the decisions of the council and of the recognising authority.</li>
        <li>Log: the time and network address of important actions (log-in, submission, scoring, recognition), for security and accountability.</li>
      </ul>
      <h2>Purpose and who may see it</h2>
      <ul>
        <li>Data is used only to run the selection as the rules require: the round's organizer sees the dossiers; an assigned judge sees the dossiers to score (without seeing the other judges' names); the system administrator runs the platform.</li>
        <li>Public: only what is printed on the certificates of rounds whose results are published (product name, establishment name and address, level, year, certificate number and validity) and the photos of recognised products. Phone numbers, emails and individual judges' scores are never public.</li>
        <li>Data is not sold or shared for advertising; no third-party tracking tools are used.</li>
      </ul>
      <h2>Cookies</h2>
      <p>Only two necessary cookies: the log-in session (when you log in) and the language you chose. No advertising or analytics cookies.</p>
      <h2>Retention</h2>
      <p>Dossiers and results are kept under the organizer's rules for keeping selection records; unused accounts can be locked on request.</p>
      <h2>Your rights</h2>
      <p>You may see and correct your details (the Account and My establishment pages), ask for deletion or restricted processing when the data is no longer needed for the selection, and complain. Contact:</p>
      <OperatorContact />
      <p>
        <Link to="/gioi-thieu">About and contact</Link> · <Link to="/tiep-can">Accessibility statement</Link>
      </p>
    </div>
  );
}
