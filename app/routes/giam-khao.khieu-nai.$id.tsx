/**
 * The re-check a council member was asked to do on a complaint: the complaint and its files, the
 * entry's dossier, and the form to record the re-check note (it goes to the council, not to the
 * producer). Only the member asked (others 404). Vietnamese only, as the other judge pages.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { expectedErrorResponse, readFormData } from "~/lib/action-errors.server";
import { formatDateTime } from "~/lib/dates";
import { idParam } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { recheckView, recordRecheck } from "~/modules/complaints/complaints.server";
import { FormErrors, SubmitButton } from "~/ui/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Rà soát khiếu nại ${data?.complaint.number ?? ""}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "judge");
  return json(recheckView(principal, idParam(params.id, "khiếu nại")), { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "judge");
  const id = idParam(params.id, "khiếu nại");
  const form = await readFormData(request);
  const note = form.get("note");
  try {
    recordRecheck(principal, id, typeof note === "string" ? note : "");
    return redirect(`/giam-khao/khieu-nai/${id}?da-luu=1`);
  } catch (e) {
    return expectedErrorResponse(e);
  }
}

export default function RecheckPage() {
  const d = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = data && !data.ok ? data.errors : undefined;
  return (
    <div className="complaint-recheck">
      <p className="small">
        <Link to="/giam-khao">← Việc chấm của tôi</Link>
      </p>
      <h1>Rà soát lại theo khiếu nại {d.complaint.number}</h1>
      <p className="small muted">{d.round.title}</p>
      {params.get("da-luu") ? (
        <div className="alert success" role="status">
          Đã ghi kết quả rà soát; Hội đồng đã được báo.
        </div>
      ) : null}
      <section className="card">
        <h2>
          Sản phẩm {d.entry.votingCode ?? ""} — {d.entry.productName}
        </h2>
        <p className="small muted">
          {d.entry.groupName} · khiếu nại nộp lúc {formatDateTime(d.complaint.createdAt)}
        </p>
        <p className="pre-line">{d.complaint.body}</p>
        {d.files.length ? (
          <>
            <h3>Tài liệu kèm khiếu nại</h3>
            <ul className="list-plain small">
              {d.files.map((f) => (
                <li key={f.id}>
                  <a href={`/co-so/khieu-nai/${d.complaint.id}/tep/${f.id}`} target="_blank" rel="noreferrer">
                    {f.name}
                  </a>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <h3>Hồ sơ dự thi</h3>
        {d.dossier.length ? (
          <ul className="list-plain small">
            {d.dossier.map((f) => (
              <li key={f.id}>
                <a href={`/co-so/khieu-nai/${d.complaint.id}/tep/${f.id}`} target="_blank" rel="noreferrer">
                  {f.name}
                </a>
              </li>
            ))}
          </ul>
        ) : (
          <p className="small muted">Hồ sơ không có tài liệu.</p>
        )}
      </section>
      <section className="card">
        <h2>Kết quả rà soát</h2>
        {d.canRecord ? (
          <Form method="post" className="stack" noValidate>
            <FormErrors errors={errors} />
            <div className={`field${errors?.note ? " has-error" : ""}`}>
              <label htmlFor="f-note">Nhận xét sau khi rà soát lại</label>
              <textarea id="f-note" name="note" rows={6} maxLength={5000} required aria-describedby="f-note-hint" />
              <span className="hint" id="f-note-hint">
                Gửi Hội đồng (cơ sở không đọc nội dung này). Nếu cần chấm lại, nêu rõ tiêu chí nào.
              </span>
              {errors?.note ? (
                <div className="field-error" role="alert">
                  {errors.note}
                </div>
              ) : null}
            </div>
            <SubmitButton>Gửi kết quả rà soát</SubmitButton>
          </Form>
        ) : d.complaint.recheckNote ? (
          <p className="pre-line">{d.complaint.recheckNote}</p>
        ) : (
          <p className="muted">Khiếu nại không còn ở bước rà soát lại.</p>
        )}
      </section>
    </div>
  );
}
