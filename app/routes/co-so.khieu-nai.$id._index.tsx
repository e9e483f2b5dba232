/** One complaint for the producer that filed it: number, status, answer, timeline, receipt. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { formatDate, formatDateTime } from "~/lib/dates";
import { idParam } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { COMPLAINT_OUTCOME_LABELS, COMPLAINT_STATUS_LABELS, complaintStatusTone, type ComplaintOutcome, type ComplaintStatus } from "~/modules/complaints/complaints";
import { complaintForProducer } from "~/modules/complaints/complaints.server";
import { ComplaintTimeline } from "~/modules/complaints/ComplaintTimeline";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Khiếu nại ${data?.complaint.number ?? ""} - Cơ sở của tôi` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "producer");
  return json(complaintForProducer(principal, idParam(params.id, "khiếu nại")), { headers: { "Cache-Control": "private, no-store" } });
}

export default function ComplaintPage() {
  const d = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const c = d.complaint;
  const status = c.status as ComplaintStatus;
  return (
    <div className="complaint-page">
      <p className="small">
        <Link to="/co-so/khieu-nai">← Khiếu nại kết quả</Link>
      </p>
      {params.get("da-nop") ? (
        <div className="alert success" role="status">
          Đã nộp khiếu nại số <strong>{c.number}</strong>. Hội đồng trả lời trước ngày {formatDate(c.answerDueOn)}; bạn được báo ở mỗi bước.
        </div>
      ) : null}
      <h1>Khiếu nại {c.number}</h1>
      <div className="row">
        <span className={`badge ${complaintStatusTone(status)}`}>{COMPLAINT_STATUS_LABELS[status]}</span>
        {c.outcome ? <span className="badge info">{COMPLAINT_OUTCOME_LABELS[c.outcome as ComplaintOutcome]}</span> : null}
      </div>
      <section className="card">
        <dl className="facts">
          <dt>Sản phẩm</dt>
          <dd>
            <Link to={`/co-so/du-thi/${d.entry.id}`}>{d.entry.productName}</Link>
          </dd>
          <dt>Kỳ bình chọn</dt>
          <dd>{d.round.title}</dd>
          <dt>Ngày nộp</dt>
          <dd>{formatDateTime(c.createdAt)}</dd>
          <dt>Hạn trả lời</dt>
          <dd>
            <strong>{formatDate(c.answerDueOn)}</strong>
          </dd>
        </dl>
        <h2>Nội dung</h2>
        <p className="pre-line">{c.body}</p>
        {d.files.length ? (
          <>
            <h3>Tài liệu kèm theo</h3>
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
            Tải biên nhận (PDF)
          </a>
        </p>
      </section>
      {c.response ? (
        <section className="card complaint-answer">
          <h2>Trả lời của Hội đồng</h2>
          <p>
            <strong>{COMPLAINT_OUTCOME_LABELS[c.outcome as ComplaintOutcome]}</strong>
            {c.answeredAt ? <span className="small muted"> · {formatDateTime(c.answeredAt)}</span> : null}
          </p>
          <p className="pre-line">{c.response}</p>
          {d.amendedDecision ? (
            <p className="alert info">
              Kết quả đã được điều chỉnh theo Quyết định số {d.amendedDecision.number} ngày {formatDate(d.amendedDecision.signedOn)}.
            </p>
          ) : null}
        </section>
      ) : null}
      <ComplaintTimeline events={d.events} />
    </div>
  );
}
