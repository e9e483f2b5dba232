import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { useLocale } from "~/i18n";
import { useLookupT } from "~/i18n/lookup";
import { metaLocale, pageText, pageTitle } from "~/i18n/pages";
import { formatDate } from "~/lib/dates";
import { env } from "~/lib/env.server";
import { notFound } from "~/lib/http.server";
import { certificateStatusTone } from "~/modules/certificates/certificates";
import { cachingHeaders, publicCacheHeaders } from "~/modules/lookup/cache.server";
import { publicProduct } from "~/modules/lookup/lookup.server";
import { LEVEL_LABELS, groupLabel, levelLabel } from "~/ui/labels";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = metaLocale(matches);
  if (!data) return [{ title: pageTitle(locale, "title.productNotFound") }];
  const p = data.product;
  const best = p.recognitions[0];
  const en = locale === "en";
  const desc = [
    en ? `${p.name} by ${p.producerName}${p.province ? ` (${p.province})` : ""}` : `${p.name} của ${p.producerName}${p.province ? ` (${p.province})` : ""}`,
    best
      ? en
        ? `typical rural industrial product, ${levelLabel(best.level, locale).toLowerCase()}, ${best.year}`
        : `sản phẩm công nghiệp nông thôn tiêu biểu ${LEVEL_LABELS[best.level].toLowerCase()} năm ${best.year}`
      : "",
    groupLabel(p.group, locale),
  ]
    .filter(Boolean)
    .join(", ");
  return [
    { title: `${p.name} - ${p.producerName} - ${pageText(locale, "title.productSuffix")}` },
    { name: "description", content: `${desc}.` },
    { property: "og:title", content: p.name },
    { property: "og:description", content: `${desc}.` },
    { tagName: "link", rel: "canonical", href: `${data.baseUrl}/san-pham/${p.id}` },
  ];
};

export const headers: HeadersFunction = cachingHeaders;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = z.coerce.number().int().positive().max(2_000_000_000).safeParse(params.id);
  if (!id.success) notFound("Không tìm thấy sản phẩm này trong danh sách sản phẩm được công nhận.");
  const product = publicProduct(id.data);
  if (!product) notFound("Không tìm thấy sản phẩm này trong danh sách sản phẩm được công nhận.");
  return json({ product, baseUrl: env().publicBaseUrl }, { headers: publicCacheHeaders(request) });
}

export default function ProductPage() {
  const lt = useLookupT();
  const locale = useLocale();
  const { product: p } = useLoaderData<typeof loader>();
  return (
    <article className="product-page">
      <p className="small">
        <Link to="/tra-cuu">{lt("product.back")}</Link>
      </p>
      <h1>{p.name}</h1>
      <div className="row">
        {p.recognitions.slice(0, 1).map((r) => (
          <span key={r.certificateId} className={`badge ${certificateStatusTone(r.status)}`}>
            {levelLabel(r.level, locale)} {r.year} · {lt(`status.${r.status}`)}
          </span>
        ))}
        <span className="badge badge-wrap">{groupLabel(p.group, locale)}</span>
        {p.isSet ? <span className="badge">{lt("product.set")}</span> : null}
      </div>
      <div className="grid grid-2">
        <section className="card">
          <dl className="facts">
            <dt>{lt("lookup.producer")}</dt>
            <dd>{p.producerName}</dd>
            <dt>{lt("verify.address")}</dt>
            <dd>{p.producerAddress}</dd>
            <dt>{lt("lookup.province")}</dt>
            <dd>{p.province ?? "—"}</dd>
            <dt>{lt("lookup.group")}</dt>
            <dd>{groupLabel(p.group, locale)}</dd>
          </dl>
          {p.description ? (
            <>
              <h2>{lt("product.description")}</h2>
              <p>{p.description}</p>
            </>
          ) : null}
        </section>
        <section className="card">
          <h2>{lt("product.photos")}</h2>
          {p.photos.length ? (
            <div className="photo-grid">
              {p.photos.map((ph) => (
                <figure key={ph.id}>
                  <img src={`/san-pham/${p.id}/anh/${ph.id}`} alt={ph.caption ?? p.name} loading="lazy" width={320} height={240} />
                  {ph.caption ? <figcaption className="small muted">{ph.caption}</figcaption> : null}
                </figure>
              ))}
            </div>
          ) : (
            <p className="muted">{lt("product.noPhotos")}</p>
          )}
        </section>
      </div>
      <section>
        <h2>{lt("product.recognitions")}</h2>
        <ul className="recognition-list">
          {p.recognitions.map((r) => (
            <li key={r.certificateId} className="card">
              <div className="row">
                <strong>
                  {levelLabel(r.level, locale)} {r.year}
                </strong>
                <span className={`badge ${certificateStatusTone(r.status)}`}>{lt(`status.${r.status}`)}</span>
              </div>
              <dl className="facts small">
                <dt>{lt("lookup.certNo")}</dt>
                <dd>{r.number}</dd>
                <dt>{lt("product.round")}</dt>
                <dd>
                  <Link to={`/ket-qua/${r.roundId}`}>{r.roundTitle}</Link>
                </dd>
                <dt>{lt("product.issuedOn")}</dt>
                <dd>{formatDate(r.issuedOn)}</dd>
                <dt>{lt("product.validUntil")}</dt>
                <dd>{formatDate(r.validUntil)}</dd>
              </dl>
              <p className="small">
                <Link to={`/xac-thuc?so=${encodeURIComponent(r.number)}`}>{lt("product.verify")} →</Link>
              </p>
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}
