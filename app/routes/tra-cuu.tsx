import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useLocale } from "~/i18n";
import { lookupText, useLookupT } from "~/i18n/lookup";
import { metaLocale, pageText } from "~/i18n/pages";
import { env } from "~/lib/env.server";
import { certificateStatusTone } from "~/modules/certificates/certificates";
import { lookupSearch, parseLookupParams } from "~/modules/lookup/lookup";
import { firstPhotos, lookupFilterOptions, publishedRoundsList, searchCertified } from "~/modules/lookup/lookup.server";
import { cachingHeaders, publicCacheHeaders } from "~/modules/lookup/cache.server";
import { groupLabel, levelLabel } from "~/ui/labels";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = metaLocale(matches);
  const base = pageText(locale, "title.lookup");
  const title = data?.filters.q ? `${data.filters.q} - ${base}` : base;
  return [
    { title: `${title} - ${pageText(locale, "site.suffix")}` },
    { name: "description", content: lookupText(locale, "lookup.description") },
    ...(data ? [{ tagName: "link", rel: "canonical", href: `${data.baseUrl}/tra-cuu${lookupSearch({ ...data.filters, page: data.filters.page })}` }] : []),
    // Filtered and paged variants are for people, the plain lookup for search engines.
    ...(data && (data.filters.page > 1 || data.filters.q) ? [{ name: "robots", content: "noindex, follow" }] : []),
  ];
};

export const headers: HeadersFunction = cachingHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const filters = parseLookupParams(new URL(request.url).searchParams);
  const found = searchCertified(filters);
  const photos = firstPhotos(found.items.map((i) => i.productId));
  // Only what the page shows (the handoff to the browser carries every byte of it).
  const result = {
    total: found.total,
    page: found.page,
    pages: found.pages,
    items: found.items.map((i) => ({
      productId: i.productId,
      productName: i.productName,
      producerName: i.producerName,
      province: i.province,
      group: i.group,
      photoId: photos.get(i.productId) ?? null,
      recognitions: i.recognitions.map((r) => ({ certificateId: r.certificateId, number: r.number, level: r.level, year: r.year, status: r.status })),
    })),
  };
  return json(
    { filters, result, options: lookupFilterOptions(), rounds: publishedRoundsList(12), baseUrl: env().publicBaseUrl },
    { headers: publicCacheHeaders(request) },
  );
}

export default function Lookup() {
  const lt = useLookupT();
  const locale = useLocale();
  const nf = locale === "en" ? "en-GB" : "vi-VN";
  const { filters, result, options, rounds } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const searching = navigation.state === "loading" && navigation.location?.pathname === "/tra-cuu";
  const hasFilters = !!(filters.level || filters.year || filters.provinceId || filters.groupId || filters.valid);
  const dataQuery = lookupSearch({ ...filters, page: 1 });
  return (
    <div className="lookup">
      <h1>{lt("lookup.title")}</h1>
      <p className="lead">{lt("lookup.lead")}</p>
      <Form method="get" action="/tra-cuu" className="lookup-form" role="search">
        <div className="lookup-q">
          <label htmlFor="q" className="sr-only">
            {lt("lookup.q")}
          </label>
          <input id="q" name="q" type="search" defaultValue={filters.q} placeholder={lt("lookup.q.placeholder")} maxLength={200} autoComplete="off" enterKeyHint="search" />
          <button type="submit" className="button">
            {lt("lookup.submit")}
          </button>
        </div>
        <details className="lookup-filters" open={hasFilters || undefined}>
          <summary>{lt("lookup.filters")}</summary>
          <div className="lookup-filter-grid">
            <div className="field">
              <label htmlFor="f-cap">{lt("lookup.level")}</label>
              <select id="f-cap" name="cap" defaultValue={filters.level ?? ""}>
                <option value="">{lt("lookup.all")}</option>
                {(["national", "region", "province", "district", "commune"] as const).map((l) => (
                  <option key={l} value={l}>
                    {levelLabel(l, locale)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="f-nam">{lt("lookup.year")}</label>
              <select id="f-nam" name="nam" defaultValue={filters.year ?? ""}>
                <option value="">{lt("lookup.all")}</option>
                {options.years.map((y) => (
                  <option key={y} value={y}>
                    {y}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="f-tinh">{lt("lookup.province")}</label>
              <select id="f-tinh" name="tinh" defaultValue={filters.provinceId ?? ""}>
                <option value="">{lt("lookup.all")}</option>
                {options.provinces.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="f-nhom">{lt("lookup.group")}</label>
              <select id="f-nhom" name="nhom" defaultValue={filters.groupId ?? ""}>
                <option value="">{lt("lookup.all")}</option>
                {options.groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {groupLabel(g.id, locale)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <label className="check">
            <input type="checkbox" name="hieu-luc" value="1" defaultChecked={filters.valid} /> {lt("lookup.validOnly")}
          </label>
          <div className="row">
            <button type="submit" className="button secondary">
              {lt("lookup.submit")}
            </button>
            {hasFilters ? <Link to={`/tra-cuu${lookupSearch({ q: filters.q })}`}>{lt("lookup.clear")}</Link> : null}
          </div>
        </details>
      </Form>

      <div className="lookup-layout">
        <section aria-live="polite" aria-busy={searching} className={searching ? "is-loading" : undefined}>
          <p className="lookup-count">
            <strong>{filters.q ? lt("lookup.countFor", { n: result.total.toLocaleString(nf), q: filters.q }) : lt("lookup.count", { n: result.total.toLocaleString(nf) })}</strong>
          </p>
          {result.items.length ? (
            <ol className="lookup-results">
              {result.items.map((item) => (
                <li key={item.productId} className="lookup-item">
                  {item.photoId ? (
                    <img
                      className="lookup-thumb"
                      src={`/san-pham/${item.productId}/anh/${item.photoId}?kich-thuoc=nho`}
                      alt={item.productName}
                      width={72}
                      height={72}
                      loading="lazy"
                      decoding="async"
                    />
                  ) : (
                    <span className="lookup-thumb lookup-thumb-none" aria-hidden="true" />
                  )}
                  <div className="lookup-item-text">
                    <h2>
                      <Link to={`/san-pham/${item.productId}`}>{item.productName}</Link>
                    </h2>
                    <div className="small">
                      {item.producerName}
                      {item.province ? <span className="muted"> · {item.province}</span> : null}
                    </div>
                    <div className="small muted">{groupLabel(item.group, locale)}</div>
                    <div className="row recognitions">
                      {item.recognitions.map((r) => (
                        <span key={r.certificateId} className={`badge ${certificateStatusTone(r.status)}`} title={`${lt("lookup.certNo")} ${r.number}`}>
                          {levelLabel(r.level, locale)} {r.year} · {lt(`status.${r.status}`)}
                        </span>
                      ))}
                    </div>
                  </div>
                </li>
              ))}
            </ol>
          ) : (
            <div className="card">
              <p>
                <strong>{lt("lookup.none")}</strong>
              </p>
              <p className="muted">{lt("lookup.none.hint")}</p>
            </div>
          )}
          {result.pages > 1 ? (
            <nav className="pager" aria-label={lt("lookup.page", { page: result.page, pages: result.pages })}>
              {result.page > 1 ? (
                <Link to={`/tra-cuu${lookupSearch({ ...filters, page: result.page - 1 })}`} rel="prev">
                  {lt("lookup.prev")}
                </Link>
              ) : (
                <span />
              )}
              <span className="muted small">{lt("lookup.page", { page: result.page, pages: result.pages })}</span>
              {result.page < result.pages ? (
                <Link to={`/tra-cuu${lookupSearch({ ...filters, page: result.page + 1 })}`} rel="next">
                  {lt("lookup.next")}
                </Link>
              ) : (
                <span />
              )}
            </nav>
          ) : null}
          <p className="small muted">
            {lt("lookup.openData")} <a href={`/du-lieu/san-pham.csv${dataQuery}`}>CSV</a> · <a href={`/du-lieu/san-pham.json${dataQuery}`}>JSON</a>
          </p>
        </section>
        <aside>
          <section className="card">
            <h2>{lt("lookup.verify")}</h2>
            <p className="small muted">{lt("lookup.verify.lead")}</p>
            <Form method="get" action="/xac-thuc" className="stack">
              <div className="field">
                <label htmlFor="so">{lt("verify.number")}</label>
                <input id="so" name="so" placeholder="001/GCN-QG-2025" maxLength={100} autoComplete="off" />
              </div>
              <button type="submit" className="button secondary">
                {lt("verify.submit")}
              </button>
            </Form>
          </section>
          {rounds.length ? (
            <section className="card">
              <h2>{lt("lookup.rounds")}</h2>
              <ul className="list-plain">
                {rounds.map((r) => (
                  <li key={r.id}>
                    <Link to={`/ket-qua/${r.id}`}>{r.title}</Link>
                    <div className="small muted">
                      {levelLabel(r.level, locale)} · {r.year}
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </aside>
      </div>
    </div>
  );
}
