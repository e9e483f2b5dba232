/** One complaint for the producer that filed it: number, status, answer, timeline, receipt. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { formatDate, formatDateTime } from "~/lib/dates";
import { idParam } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { complaintStatusTone, type ComplaintOutcome, type ComplaintStatus } from "~/modules/complaints/complaints";
import { complaintForProducer } from "~/modules/complaints/complaints.server";
import type { ComplaintEventView } from "~/modules/complaints/ComplaintTimeline";
import { useLocale } from "~/i18n";
import { complaintEventLabel, complaintNoteText, complaintOutcomeLabel, complaintStatusLabel, complaintsText, useComplaintsT } from "~/i18n/complaints";
import { metaLocale } from "~/i18n/pages";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = metaLocale(matches);
  return [{ title: `${complaintsText(locale, "title.one", { number: data?.complaint.number ?? "" })} - ${complaintsText(locale, "title.suffix")}` }];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "producer");
  return json(complaintForProducer(principal, idParam(params.id, "khiếu nại")), { headers: { "Cache-Control": "private, no-store" } });
}

export default function ComplaintPage() {
  const d = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const c = d.complaint;
  const status = c.status as ComplaintStatus;
  const locale = useLocale();
  const t = useComplaintsT();
  return (
    <div className="complaint-page">
      <p className="small">
        <Link to="/co-so/khieu-nai">{t("backToList")}</Link>
      </p>
      {params.get("da-nop") ? (
        <div className="alert success" role="status">
          {t("filedOk", { number: c.number, date: formatDate(c.answerDueOn) })}
        </div>
      ) : null}
      <h1>{t("title.one", { number: c.number })}</h1>
      <div className="row">
        <span className={`badge ${complaintStatusTone(status)}`}>{complaintStatusLabel(locale, status)}</span>
        {c.outcome ? <span className="badge info">{complaintOutcomeLabel(locale, c.outcome as ComplaintOutcome)}</span> : null}
      </div>
      <section className="card">
        <dl className="facts">
          <dt>{t("productLabel")}</dt>
          <dd>
            <Link to={`/co-so/du-thi/${d.entry.id}`}>{d.entry.productName}</Link>
          </dd>
          <dt>{t("round")}</dt>
          <dd>{d.round.title}</dd>
          <dt>{t("filedOn")}</dt>
          <dd>{formatDateTime(c.createdAt)}</dd>
          <dt>{t("answerDueLabel")}</dt>
          <dd>
            <strong>{formatDate(c.answerDueOn)}</strong>
          </dd>
        </dl>
        <h2>{t("content")}</h2>
        <p className="pre-line">{c.body}</p>
        {d.files.length ? (
          <>
            <h3>{t("attachments")}</h3>
            <ul className="list-plain small">
              {d.files.map((f) => (
                <li key={f.id}>
                  <a href={`/co-so/khieu-nai/${c.id}/tep/${f.id}`} target="_blank" rel="noreferrer">
                    {f.name}
                  </a>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <p className="no-print">
          <a className="button secondary" href={`/co-so/khieu-nai/${c.id}/bien-nhan.pdf`} download>
            {t("receipt")}
          </a>
        </p>
      </section>
      {c.response ? (
        <section className="card complaint-answer">
          <h2>{t("answer")}</h2>
          <p>
            <strong>{complaintOutcomeLabel(locale, c.outcome as ComplaintOutcome)}</strong>
            {c.answeredAt ? <span className="small muted"> · {formatDateTime(c.answeredAt)}</span> : null}
          </p>
          <p className="pre-line">{c.response}</p>
          {d.amendedDecision ? (
            <p className="alert info">
              {t("amended", { number: d.amendedDecision.number, date: formatDate(d.amendedDecision.signedOn) })}
            </p>
          ) : null}
        </section>
      ) : null}
      <Steps events={d.events} />
    </div>
  );
}

/** The complaint's steps, oldest first, in the reader's language (as ComplaintTimeline, which is Vietnamese only). */
function Steps({ events }: { events: ComplaintEventView[] }) {
  const locale = useLocale();
  const t = useComplaintsT();
  return (
    <section className="card">
      <h2>{t("steps")}</h2>
      <ol className="timeline complaint-timeline">
        {events.map((ev) => (
          <li key={ev.id}>
            <strong>{complaintEventLabel(locale, ev.kind)}</strong>
            <time>
              {formatDateTime(ev.createdAt)}
              {ev.actor ? ` · ${ev.actor}` : ""}
            </time>
            {ev.note ? <div className="small pre-line">{complaintNoteText(locale, ev.kind, ev.note)}</div> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
