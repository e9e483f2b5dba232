/**
 * Khiếu nại về kết quả, the producer's side: its complaints, and the form to file one about an
 * entry of a published round within the round's window (text, optional named judge, optional
 * files with the dossier's upload rules). Vietnamese only, as the other producer pages that are
 * not yet in the catalog.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { expectedErrorResponse } from "~/lib/action-errors.server";
import { formatDate } from "~/lib/dates";
import { requireRole } from "~/lib/permissions.server";
import { receiveUploads } from "~/lib/uploads.server";
import { COMPLAINT_BODY_MAX, COMPLAINT_MAX_FILES, COMPLAINT_STATUS_LABELS, complaintStatusTone, type ComplaintStatus } from "~/modules/complaints/complaints";
import { complaintOptions, fileComplaint, producerComplaints } from "~/modules/complaints/complaints.server";
import { FormErrors, SubmitButton } from "~/ui/form";

export const meta: MetaFunction = () => [{ title: "Khiếu nại kết quả - Cơ sở của tôi" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "producer");
  const url = new URL(request.url);
  const chosen = Number(url.searchParams.get("ho-so")) || null;
  return json({ options: complaintOptions(principal), complaints: producerComplaints(principal), chosen }, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "producer");
  let received;
  try {
    received = await receiveUploads(request, { maxFiles: COMPLAINT_MAX_FILES });
  } catch (e) {
    return expectedErrorResponse(e, { values: {} as Record<string, string> });
  }
  const { fields, files, discard } = received;
  const values = { entryId: fields.entryId ?? "", body: (fields.body ?? "").slice(0, COMPLAINT_BODY_MAX + 100), namedMemberId: fields.namedMemberId ?? "" };
  try {
    const entryId = Number(fields.entryId);
    if (!Number.isInteger(entryId) || entryId <= 0) {
      await discard();
      return json({ ok: false as const, message: "Hãy chọn sản phẩm bạn khiếu nại về kết quả.", errors: { entryId: "Hãy chọn sản phẩm bạn khiếu nại về kết quả." } as Record<string, string>, values }, { status: 400 });
    }
    const named = fields.namedMemberId ? Number(fields.namedMemberId) : null;
    const { id } = await fileComplaint(principal, { entryId, body: fields.body ?? "", namedMemberId: named && Number.isInteger(named) ? named : null }, files);
    return redirect(`/co-so/khieu-nai/${id}?da-nop=1`);
  } catch (e) {
    await discard();
    return expectedErrorResponse(e, { values });
  }
}

export default function ComplaintsPage() {
  const { options, complaints, chosen } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors = data && !data.ok ? data.errors : undefined;
  const values = (data && "values" in data ? data.values : {}) as Record<string, string>;
  const fileable = options.filter((o) => o.inWindow && !o.openComplaint);
  const rounds = [...new Map(options.map((o) => [o.roundId, { id: o.roundId, title: o.roundTitle, members: o.members }])).values()];
  const selected = values.entryId || (chosen && fileable.some((o) => o.entryId === chosen) ? String(chosen) : fileable.length === 1 ? String(fileable[0]!.entryId) : "");
  return (
    <div className="complaints-page">
      <p className="small">
        <Link to="/co-so">← Cơ sở của tôi</Link>
      </p>
      <h1>Khiếu nại kết quả bình chọn</h1>
      <p className="muted">
        Sau khi kết quả được công bố, cơ sở có sản phẩm dự thi được khiếu nại về kết quả của sản phẩm đó trong thời hạn của kỳ bình chọn. Hội đồng trả lời trong thời hạn ghi trên biên nhận; bạn được báo ở mỗi bước.
      </p>

      {complaints.length ? (
        <section className="card">
          <h2>Khiếu nại đã nộp</h2>
          <ul className="list-plain complaint-list">
            {complaints.map((c) => (
              <li key={c.id}>
                <Link to={`/co-so/khieu-nai/${c.id}`}>
                  <strong>{c.number}</strong> · {c.productName}
                </Link>
                <div className="row small">
                  <span className={`badge ${complaintStatusTone(c.status as ComplaintStatus)}`}>{COMPLAINT_STATUS_LABELS[c.status as ComplaintStatus]}</span>
                  <span className="muted">{c.roundTitle}</span>
                  {c.status !== "closed" && c.answerDueOn ? <span className="muted">Hạn trả lời: {formatDate(c.answerDueOn)}</span> : null}
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="card">
        <h2>Nộp khiếu nại mới</h2>
        {options.length ? (
          <ul className="list-plain small complaint-windows">
            {options.map((o) => (
              <li key={o.entryId}>
                <strong>{o.productName}</strong> ({o.recognised ? "được công nhận" : "chưa được công nhận"}) — {o.roundTitle}:{" "}
                {o.openComplaint ? (
                  <span>
                    đang có khiếu nại <Link to={`/co-so/khieu-nai/${o.openComplaint.id}`}>{o.openComplaint.number}</Link>
                  </span>
                ) : o.inWindow ? (
                  <span>nhận khiếu nại đến hết ngày {formatDate(o.deadline)}</span>
                ) : (
                  <span className="muted">đã hết thời hạn khiếu nại (ngày {formatDate(o.deadline)})</span>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">Cơ sở chưa có sản phẩm nào trong kỳ bình chọn đã công bố kết quả.</p>
        )}
        {fileable.length ? (
          <Form method="post" encType="multipart/form-data" className="stack complaint-form" noValidate>
            <FormErrors errors={errors} />
            <div className={`field${errors?.entryId ? " has-error" : ""}`}>
              <label htmlFor="f-entryId">
                Sản phẩm khiếu nại <span className="req" aria-hidden="true">*</span>
              </label>
              <select id="f-entryId" name="entryId" required defaultValue={selected} aria-invalid={errors?.entryId ? true : undefined} aria-describedby={errors?.entryId ? "f-entryId-error" : undefined}>
                <option value="">— Chọn sản phẩm —</option>
                {fileable.map((o) => (
                  <option key={o.entryId} value={o.entryId}>
                    {o.productName} ({o.roundTitle})
                  </option>
                ))}
              </select>
              {errors?.entryId ? (
                <div className="field-error" id="f-entryId-error" role="alert">
                  {errors.entryId}
                </div>
              ) : null}
            </div>
            <div className={`field${errors?.body ? " has-error" : ""}`}>
              <label htmlFor="f-body">
                Nội dung khiếu nại <span className="req" aria-hidden="true">*</span>
              </label>
              <textarea id="f-body" name="body" rows={7} maxLength={COMPLAINT_BODY_MAX} required defaultValue={values.body ?? ""} aria-invalid={errors?.body ? true : undefined} aria-describedby={`f-body-hint${errors?.body ? " f-body-error" : ""}`} />
              <span className="hint" id="f-body-hint">
                Kết quả nào bạn cho là chưa đúng, vì sao, và bạn đề nghị Hội đồng xem xét lại điều gì.
              </span>
              {errors?.body ? (
                <div className="field-error" id="f-body-error" role="alert">
                  {errors.body}
                </div>
              ) : null}
            </div>
            <div className={`field${errors?.namedMemberId ? " has-error" : ""}`}>
              <label htmlFor="f-namedMemberId">Khiếu nại về việc chấm của giám khảo (không bắt buộc)</label>
              <select id="f-namedMemberId" name="namedMemberId" defaultValue={values.namedMemberId ?? ""} aria-describedby="f-namedMemberId-hint">
                <option value="">— Không nêu giám khảo nào —</option>
                {rounds.map((r) => (
                  <optgroup key={r.id} label={r.title}>
                    {r.members.map((m) => (
                      <option key={m.id} value={m.id}>
                        {m.label}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
              <span className="hint" id="f-namedMemberId-hint">
                Giám khảo được nêu sẽ không được giao rà soát lại khiếu nại này.
              </span>
              {errors?.namedMemberId ? (
                <div className="field-error" role="alert">
                  {errors.namedMemberId}
                </div>
              ) : null}
            </div>
            <div className={`field${errors?.files ? " has-error" : ""}`}>
              <label htmlFor="f-files">Tài liệu kèm theo (không bắt buộc)</label>
              <input id="f-files" type="file" name="files" multiple accept="application/pdf,image/jpeg,image/png,image/webp" aria-describedby="f-files-hint" />
              <span className="hint" id="f-files-hint">
                PDF hoặc ảnh JPEG, PNG, WebP; tối đa {COMPLAINT_MAX_FILES} tệp.
              </span>
              {errors?.files ? (
                <div className="field-error" role="alert">
                  {errors.files}
                </div>
              ) : null}
            </div>
            <SubmitButton pendingText="Đang gửi…">Nộp khiếu nại</SubmitButton>
          </Form>
        ) : options.length ? (
          <p className="muted">Hiện không có sản phẩm nào còn trong thời hạn khiếu nại.</p>
        ) : null}
      </section>
    </div>
  );
}
