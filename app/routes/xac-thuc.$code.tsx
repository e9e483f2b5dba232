import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { isRouteErrorResponse, Link, useLoaderData, useRouteError } from "@remix-run/react";
import { useLookupT } from "~/i18n/lookup";
import { notFound } from "~/lib/http.server";
import { isPublicCode } from "~/modules/certificates/certificates";
import { FakeCertificateAdvice, VerificationView } from "~/modules/certificates/VerificationView";
import { cachingHeaders, verificationCacheHeaders } from "~/modules/lookup/cache.server";
import { verifyByCode } from "~/modules/lookup/lookup.server";

const NOT_FOUND = "Không tìm thấy giấy chứng nhận. Mã xác thực không đúng hoặc giấy chứng nhận không tồn tại.";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Xác thực giấy chứng nhận ${data.v.number} - Bình chọn sản phẩm CNNT tiêu biểu` : "Không tìm thấy giấy chứng nhận" },
  { name: "description", content: "Kiểm tra giấy chứng nhận sản phẩm công nghiệp nông thôn tiêu biểu: còn hiệu lực, hết hiệu lực hay đã bị thu hồi." },
  // One page per certificate, reached from its QR code: not for search engines.
  { name: "robots", content: "noindex" },
];

export const headers: HeadersFunction = cachingHeaders;

/** /xac-thuc/<public code>: the address in the certificate's QR code. Printed on paper: never change it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  if (!isPublicCode(params.code)) notFound(NOT_FOUND);
  const v = verifyByCode(params.code);
  if (!v) notFound(NOT_FOUND);
  return json({ v }, { headers: verificationCacheHeaders(request) });
}

export default function VerifyByCode() {
  const lt = useLookupT();
  const { v } = useLoaderData<typeof loader>();
  return (
    <div className="narrow">
      <h1>{lt("verify.title")}</h1>
      <VerificationView v={v} />
      <p>
        <Link to="/xac-thuc">{lt("verify.other")}</Link> · <Link to="/tra-cuu">{lt("nav.lookup")}</Link>
      </p>
    </div>
  );
}

/** A code that matches no public certificate (a mistyped address, or a fake QR code): 404, with what to do. */
export function ErrorBoundary() {
  const error = useRouteError();
  const lt = useLookupT();
  if (!isRouteErrorResponse(error) || error.status !== 404) throw error;
  return (
    <div className="narrow">
      <h1>{lt("verify.title")}</h1>
      <div className="alert error" role="alert" data-status="not-found">
        {NOT_FOUND}
      </div>
      <FakeCertificateAdvice />
    </div>
  );
}
