import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { isRouteErrorResponse, Link, useLoaderData, useRouteError } from "@remix-run/react";
import { lookupText, useLookupT } from "~/i18n/lookup";
import { metaLocale, pageText, pageTitle } from "~/i18n/pages";
import { notFound } from "~/lib/http.server";
import { isPublicCode } from "~/modules/certificates/certificates";
import { FakeCertificateAdvice, VerificationView } from "~/modules/certificates/VerificationView";
import { cachingHeaders, verificationCacheHeaders } from "~/modules/lookup/cache.server";
import { verifyByCode } from "~/modules/lookup/lookup.server";

const NOT_FOUND = "Không tìm thấy giấy chứng nhận. Mã xác thực không đúng hoặc giấy chứng nhận không tồn tại.";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? pageTitle(metaLocale(matches), "title.verifyNumber", { number: data.v.number }) : pageText(metaLocale(matches), "title.certNotFound") },
  { name: "description", content: lookupText(metaLocale(matches), "verify.description") },
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
        {lt("verify.codeNotFound")}
      </div>
      <FakeCertificateAdvice />
    </div>
  );
}
