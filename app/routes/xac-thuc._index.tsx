import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useLookupT } from "~/i18n/lookup";
import { metaLocale, pageTitle } from "~/i18n/pages";
import { normaliseCertificateNumber } from "~/modules/certificates/certificates";
import { FakeCertificateAdvice, VerificationView } from "~/modules/certificates/VerificationView";
import { cachingHeaders, verificationCacheHeaders } from "~/modules/lookup/cache.server";
import { verifyByNumber } from "~/modules/lookup/lookup.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = metaLocale(matches);
  return [
    { title: data?.v ? pageTitle(locale, "title.verifyNumber", { number: data.v.number }) : pageTitle(locale, "title.verify") },
    {
      name: "description",
      content:
        locale === "en"
          ? "Check a typical rural industrial product certificate by its number: valid, expired or revoked."
          : "Kiểm tra giấy chứng nhận sản phẩm công nghiệp nông thôn tiêu biểu bằng số giấy chứng nhận: còn hiệu lực, hết hiệu lực hay đã bị thu hồi.",
    },
  ];
};

export const headers: HeadersFunction = cachingHeaders;

/** /xac-thuc?so=<number>: verification by the number printed on the certificate. */
export async function loader({ request }: LoaderFunctionArgs) {
  const raw = new URL(request.url).searchParams.get("so") ?? "";
  const number = normaliseCertificateNumber(raw.slice(0, 200));
  const v = number ? verifyByNumber(number) : undefined;
  const status = number && !v ? 404 : 200;
  return json({ number: raw.slice(0, 100), searched: !!number, v: v ?? null }, { status, headers: verificationCacheHeaders(request) });
}

export default function VerifyByNumber() {
  const lt = useLookupT();
  const { number, searched, v } = useLoaderData<typeof loader>();
  return (
    <div className="narrow">
      <h1>{lt("verify.title")}</h1>
      <p className="lead">{lt("lookup.verify.lead")}</p>
      <Form method="get" className="card verify-form">
        <div className="field">
          <label htmlFor="f-so">{lt("verify.number")}</label>
          <input id="f-so" name="so" defaultValue={number} placeholder="001/GCN-QG-2025" maxLength={100} autoComplete="off" aria-describedby="f-so-hint" aria-invalid={searched && !v ? true : undefined} />
          <span className="hint" id="f-so-hint">
            {lt("verify.number.hint")}
          </span>
          {searched && !v ? (
            <div className="field-error" role="alert">
              {lt("verify.notFound")}
            </div>
          ) : null}
        </div>
        <button type="submit" className="button">
          {lt("verify.submit")}
        </button>
      </Form>
      {v ? <VerificationView v={v} /> : searched ? <FakeCertificateAdvice /> : null}
      <p>
        <Link to="/tra-cuu">{lt("nav.lookup")}</Link>
      </p>
    </div>
  );
}
