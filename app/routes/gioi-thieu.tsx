import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useLocale } from "~/i18n";
import { metaLocale, pageTitle } from "~/i18n/pages";
import { cachingHeaders, publicCacheHeaders } from "~/modules/lookup/cache.server";
import { OperatorContact } from "~/ui/OperatorContact";

export const meta: MetaFunction = ({ matches }) => {
  const locale = metaLocale(matches);
  return [
    { title: pageTitle(locale, "title.about") },
    {
      name: "description",
      content:
        locale === "en"
          ? "Managing authority, operator and contact details of the typical rural industrial products platform."
          : "Cơ quan chủ quản, đơn vị vận hành và cách liên hệ của nền tảng bình chọn sản phẩm công nghiệp nông thôn tiêu biểu.",
    },
  ];
};
export const headers: HeadersFunction = cachingHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  return json({}, { headers: publicCacheHeaders(request) });
}

export default function About() {
  const locale = useLocale();
  if (locale === "en") return <AboutEn />;
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

function AboutEn() {
  return (
    <div className="narrow prose">
      <h1>About and contact</h1>
      <p>
        This platform serves the selection of typical rural industrial products at every level (commune, province, region, nation) under Circular
        26/2014/TT-BCT, amended by Circulars 14/2018/TT-BCT and 38/2025/TT-BCT of the Ministry of Industry and Trade: producers register and submit
        dossiers, councils score them on the 100-point sheet, and the competent authority recognises products and issues certificates.
      </p>
      <h2>Managing authority and contact</h2>
      <OperatorContact />
      <h2>Suspect a fake certificate</h2>
      <p>
        Every certificate has a QR code leading to its verification page on this very site. If the QR code does not open a verification page at this
        address, or the page says the certificate was not found, <Link to="/xac-thuc">look it up by its number</Link>; if it is still not found, do not
        trust the certificate and tell the operator by the hotline or email above, with a photo of the certificate and where you saw it.
      </p>
      <p>
        <Link to="/quyen-rieng-tu">Privacy</Link> · <Link to="/tiep-can">Accessibility statement</Link>
      </p>
    </div>
  );
}
