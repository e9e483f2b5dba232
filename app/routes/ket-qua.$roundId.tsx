import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { useLocale } from "~/i18n";
import { useLookupT } from "~/i18n/lookup";
import { formatDate } from "~/lib/dates";
import { env } from "~/lib/env.server";
import { notFound } from "~/lib/http.server";
import { certificateStatusTone } from "~/modules/certificates/certificates";
import { publicAmendments } from "~/modules/complaints/complaints.server";
import { cachingHeaders, publicCacheHeaders } from "~/modules/lookup/cache.server";
import { publicRoundResults } from "~/modules/lookup/lookup.server";
import { groupLabel, levelLabel } from "~/ui/labels";
import { metaLocale } from "~/i18n/pages";
import { prizesForResults } from "~/modules/prizes/prizes.server";
import { Prizes } from "~/ui/results/Prizes";
import { useJourneyT } from "~/ui/journey-text";
import { finalScores } from "~/ui/journey-data.server";

const NOT_FOUND = "Không tìm thấy kết quả của kỳ bình chọn này. Kết quả chỉ hiển thị sau khi được công bố.";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const en = metaLocale(matches) === "en";
  if (!data) return [{ title: "Không tìm thấy kết quả - Bình chọn sản phẩm CNNT tiêu biểu" }];
  const r = data.round;
  return [
    { title: en ? `Results: ${r.title}` : `Kết quả: ${r.title}` },
    {
      name: "description",
      content: `Danh sách ${data.certificates.length} sản phẩm công nghiệp nông thôn tiêu biểu được công nhận: ${r.title}.`,
    },
    { tagName: "link", rel: "canonical", href: `${data.baseUrl}/ket-qua/${r.id}` },
  ];
};

export const headers: HeadersFunction = cachingHeaders;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = z.coerce.number().int().positive().max(2_000_000_000).safeParse(params.roundId);
  if (!id.success) notFound(NOT_FOUND);
  const published = publicRoundResults(id.data);
  if (!published) notFound(NOT_FOUND);
  const scores = finalScores(id.data);
  // Results amended after a complaint: the date and number of the amended decision, never the complaint.
  const amendments = publicAmendments(id.data);
  const amendedOf = new Map(amendments.map((a) => [a.productId, { number: a.number, signedOn: a.signedOn }]));
  const certificates = published.certificates
    .map((c) => ({ ...c, rank: scores.get(c.productId)?.rank ?? null, mean: scores.get(c.productId)?.mean ?? null, amended: amendedOf.get(c.productId) ?? null }))
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity));
  const listed = new Set(certificates.map((c) => c.productId));
  // Amended to "not recognised" without a certificate to show as revoked: listed apart.
  const withdrawn = amendments.filter((a) => !listed.has(a.productId) && !a.recognised).map(({ productId, productName, producerName, number, signedOn }) => ({ productId, productName, producerName, number, signedOn }));
  return json({ ...published, certificates, withdrawn, prizes: prizesForResults(id.data, { manage: false }), baseUrl: env().publicBaseUrl }, { headers: publicCacheHeaders(request) });
}

/** The mark of a result amended after a complaint (this page's own two languages). */
const AMENDED = {
  vi: (date: string, number: string) => `Điều chỉnh sau khiếu nại ngày ${date}, Quyết định số ${number}`,
  en: (date: string, number: string) => `Amended after a complaint on ${date}, Decision No. ${number}`,
};
const WITHDRAWN = { vi: "Không còn được công nhận sau khiếu nại", en: "No longer recognised after a complaint" };

export default function RoundResults() {
  const lt = useLookupT();
  const jt = useJourneyT();
  const locale = useLocale();
  const amendedText = AMENDED[locale === "en" ? "en" : "vi"];
  const { round, decisions, certificates, withdrawn, prizes } = useLoaderData<typeof loader>();
  return (
    <div>
      <p className="small">
        <Link to="/tra-cuu">{lt("product.back")}</Link>
      </p>
      <h1>{round.title}</h1>
      <div className="row">
        <span className="badge info">
          {levelLabel(round.level, locale)} · {round.year}
        </span>
        <span className="small muted">
          {lt("results.organizer")}: {round.bodyName}
          {round.unit ? ` · ${round.unit}` : ""}
        </span>
      </div>
      {decisions.length ? (
        <section className="card">
          <h2>{lt("results.decisions")}</h2>
          <ul className="list-plain">
            {decisions.map((d) => (
              <li key={d.id}>
                {lt("results.decision", { number: d.number, date: formatDate(d.signedOn), issuer: d.issuer, signerTitle: d.signerTitle, signerName: d.signerName })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section>
        <h2>{lt("results.list", { n: certificates.length })}</h2>
        {certificates.length ? (
          <div className="table-wrap results-cards-wrap">
            {/* One table for every width: below 720 px CSS lays each row out as a card (app.css,
                "journey"); the roles keep the table's structure for screen readers either way. */}
            <table className="results-table results-cards" role="table">
              <thead role="rowgroup">
                <tr role="row">
                  <th role="columnheader" scope="col">{jt("results.rank")}</th>
                  <th role="columnheader" scope="col">{lt("certs.col.product")}</th>
                  <th role="columnheader" scope="col">{lt("lookup.producer")}</th>
                  <th role="columnheader" scope="col">{lt("lookup.group")}</th>
                  <th role="columnheader" scope="col">{jt("results.mean")}</th>
                  <th role="columnheader" scope="col">{lt("lookup.certNo")}</th>
                  <th role="columnheader" scope="col">{jt("results.status")}</th>
                </tr>
              </thead>
              <tbody role="rowgroup">
                {certificates.map((c) => (
                  <tr key={c.productId} role="row">
                    <td role="cell" className="c-rank" data-label={jt("results.rank")}>
                      {c.rank ?? "—"}
                    </td>
                    <td role="cell" className="c-product" data-label={lt("certs.col.product")}>
                      {c.certificateId ? <Link to={`/san-pham/${c.productId}`}>{c.productName}</Link> : c.productName}
                      {c.amended ? <div className="small amended-mark">{amendedText(formatDate(c.amended.signedOn), c.amended.number)}</div> : null}
                    </td>
                    <td role="cell" className="c-producer" data-label={lt("lookup.producer")}>
                      {c.producerName}
                      {c.province ? <div className="small muted">{c.province}</div> : null}
                    </td>
                    <td role="cell" className="c-group small" data-label={lt("lookup.group")}>
                      {groupLabel(c.group, locale)}
                    </td>
                    <td role="cell" className="c-mean" data-label={jt("results.mean")}>
                      {c.mean ?? "—"}
                    </td>
                    <td role="cell" className="c-number" data-label={lt("lookup.certNo")}>
                      {c.number ? <Link to={`/xac-thuc?so=${encodeURIComponent(c.number)}`} aria-label={`${jt("results.verify")} ${c.number}`}>{c.number}</Link> : "—"}
                    </td>
                    <td role="cell" className="c-status" data-label={jt("results.status")}>
                      {c.status ? <span className={`badge ${certificateStatusTone(c.status)}`}>{lt(`status.${c.status}`)}</span> : <span className="badge">{jt("results.pending")}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{lt("results.none")}</p>
        )}
      </section>
      <Prizes data={prizes} />
      {withdrawn.length ? (
        <section className="card">
          <h2>{WITHDRAWN[locale === "en" ? "en" : "vi"]}</h2>
          <ul className="list-plain">
            {withdrawn.map((w) => (
              <li key={w.productId}>
                <strong>{w.productName}</strong> · {w.producerName}
                <div className="small amended-mark">{amendedText(formatDate(w.signedOn), w.number)}</div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
