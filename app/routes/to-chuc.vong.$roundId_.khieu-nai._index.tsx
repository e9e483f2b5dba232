/**
 * The round's complaints for the organizer managing it and the council's chair: number, product,
 * status and answer-by date, overdue ones marked. Others 403/404 (complaints.server.ts councilAccess).
 * Organizer and council pages are Vietnamese only.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate } from "~/lib/dates";
import { idParam } from "~/lib/http.server";
import { requireViewer } from "~/lib/permissions.server";
import { COMPLAINT_OUTCOME_LABELS, COMPLAINT_STATUS_LABELS, complaintStatusTone, type ComplaintOutcome, type ComplaintStatus } from "~/modules/complaints/complaints";
import { complaintQueue } from "~/modules/complaints/complaints.server";
import { RoundHeader } from "~/modules/councils/RoundHeader";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Khiếu nại - ${data?.round.title ?? "Kỳ bình chọn"}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireViewer(request);
  return json(complaintQueue(principal, idParam(params.roundId, "kỳ bình chọn")), { headers: { "Cache-Control": "private, no-store" } });
}

export default function ComplaintQueue() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="complaint-queue">
      <RoundHeader round={d.round} heading="Khiếu nại về kết quả" canManage={d.canManage} />
      {d.window ? (
        <p className="small muted">
          Kết quả công bố ngày {formatDate(d.window.publishedOn)}; nhận khiếu nại trong {d.window.days} ngày làm việc, đến hết ngày {formatDate(d.window.deadline)}. Trả lời trong {d.window.answerDays} ngày kể từ ngày nhận đơn.
        </p>
      ) : (
        <p className="small muted">Kết quả chưa công bố: chưa nhận khiếu nại.</p>
      )}
      <div className="row">
        <span className="badge">{d.counts.total} khiếu nại</span>
        <span className="badge warn">{d.counts.unresolved} đang giải quyết</span>
        {d.counts.overdue ? <span className="badge bad">{d.counts.overdue} quá hạn trả lời</span> : null}
      </div>
      {d.complaints.length ? (
        <div className="table-wrap">
          <table className="complaint-table">
            <thead>
              <tr>
                <th scope="col">Số</th>
                <th scope="col">Sản phẩm</th>
                <th scope="col">Trạng thái</th>
                <th scope="col">Hạn trả lời</th>
              </tr>
            </thead>
            <tbody>
              {d.complaints.map((c) => (
                <tr key={c.id} className={c.overdue ? "overdue" : undefined}>
                  <td data-label="Số">
                    <Link to={`/to-chuc/vong/${d.round.id}/khieu-nai/${c.id}`}>{c.number}</Link>
                  </td>
                  <td data-label="Sản phẩm">
                    {c.productName}
                    <div className="small muted">
                      {c.votingCode ? `${c.votingCode} · ` : ""}
                      {c.producerName}
                    </div>
                  </td>
                  <td data-label="Trạng thái">
                    <span className={`badge ${complaintStatusTone(c.status as ComplaintStatus)}`}>{COMPLAINT_STATUS_LABELS[c.status as ComplaintStatus]}</span>
                    {c.outcome ? <div className="small">{COMPLAINT_OUTCOME_LABELS[c.outcome as ComplaintOutcome]}</div> : null}
                  </td>
                  <td data-label="Hạn trả lời">
                    {formatDate(c.answerDueOn)}
                    {c.overdue ? <span className="badge bad">Quá hạn</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">Chưa có khiếu nại nào.</p>
      )}
    </div>
  );
}
