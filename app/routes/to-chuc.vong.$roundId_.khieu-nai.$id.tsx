/**
 * One complaint for the council (the organizer managing the round, the chair): the complaint and
 * its files, the entry's result and verdict, and the steps: ask a member to re-check (never the
 * judge the complaint names), record the answer, close without change, or (the organizer, when
 * upheld) correct the result with an amended decision, confirmed with a token bound to what the
 * page shows (correction.server.ts). Vietnamese only, as the other organizer pages.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { expectedErrorResponse, readFormData } from "~/lib/action-errors.server";
import { CONFIRM_FIELD } from "~/lib/confirm.server";
import { formatDate, formatDateTime, todayInVietnam } from "~/lib/dates";
import { clientIp, idParam } from "~/lib/http.server";
import { requireViewer } from "~/lib/permissions.server";
import { COMPLAINT_OUTCOME_LABELS, COMPLAINT_STATUS_LABELS, complaintStatusTone, type ComplaintOutcome, type ComplaintStatus } from "~/modules/complaints/complaints";
import { answerComplaint, askRecheck, closeComplaint, complaintForCouncil } from "~/modules/complaints/complaints.server";
import { applyCorrection, correctionPreview, reopenForRescore } from "~/modules/complaints/correction.server";
import { ComplaintTimeline } from "~/modules/complaints/ComplaintTimeline";
import { RoundHeader } from "~/modules/councils/RoundHeader";
import { FormErrors, SubmitButton } from "~/ui/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Khiếu nại ${data?.complaint.number ?? ""} - ${data?.round.title ?? ""}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireViewer(request);
  const roundId = idParam(params.roundId, "kỳ bình chọn");
  const id = idParam(params.id, "khiếu nại");
  const d = complaintForCouncil(principal, roundId, id);
  const correction = d.canManage && d.complaint.status === "answered" ? correctionPreview(principal, roundId, id) : null;
  return json({ ...d, correction, confirmField: CONFIRM_FIELD, today: todayInVietnam() }, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { principal } = await requireViewer(request);
  const roundId = idParam(params.roundId, "kỳ bình chọn");
  const id = idParam(params.id, "khiếu nại");
  const form = await readFormData(request);
  const s = (k: string) => {
    const v = form.get(k);
    return typeof v === "string" ? v : "";
  };
  const here = `/to-chuc/vong/${roundId}/khieu-nai/${id}`;
  try {
    switch (s("intent")) {
      case "recheck":
        askRecheck(principal, roundId, id, Number(s("memberId")), s("note"));
        return redirect(`${here}?da-luu=ra-soat`);
      case "answer":
        answerComplaint(principal, roundId, id, { outcome: s("outcome"), response: s("response") });
        return redirect(`${here}?da-luu=tra-loi`);
      case "reopen":
        reopenForRescore(
          principal,
          roundId,
          id,
          form.getAll("memberIds").map(Number).filter((n) => Number.isInteger(n) && n > 0),
          s("reason"),
        );
        return redirect(`${here}?da-luu=mo-phieu`);
      case "close":
        closeComplaint(principal, roundId, id, s("reason"));
        return redirect(`${here}?da-luu=dong`);
      case "correct":
        applyCorrection(
          principal,
          roundId,
          id,
          { note: s("note"), number: s("number"), signedOn: s("signedOn"), signerName: s("signerName"), signerTitle: s("signerTitle"), issuer: s("issuer") },
          form.get(CONFIRM_FIELD),
          { ip: clientIp(request) },
        );
        return redirect(`${here}?da-luu=dieu-chinh`);
      default:
        return json({ ok: false as const, message: "Thao tác không hợp lệ.", errors: { _form: "Thao tác không hợp lệ." } as Record<string, string>, intent: "" }, { status: 400 });
    }
  } catch (e) {
    return expectedErrorResponse(e, { intent: s("intent") });
  }
}

const SAVED: Record<string, string> = {
  "ra-soat": "Đã giao rà soát lại; thành viên được giao và cơ sở đã được báo.",
  "tra-loi": "Đã ghi trả lời của Hội đồng; cơ sở đã được báo.",
  dong: "Đã đóng khiếu nại; cơ sở đã được báo.",
  "mo-phieu": "Đã mở lại phiếu chấm; giám khảo được báo và chấm lại trên trang phiếu chấm.",
  "dieu-chinh": "Đã điều chỉnh kết quả theo quyết định sửa đổi; cơ sở đã được báo.",
};

function Err({ errors, name }: { errors?: Record<string, string>; name: string }) {
  return errors?.[name] ? (
    <div className="field-error" role="alert">
      {errors[name]}
    </div>
  ) : null;
}

export default function CouncilComplaint() {
  const d = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const saved = SAVED[params.get("da-luu") ?? ""];
  const c = d.complaint;
  const status = c.status as ComplaintStatus;
  const errorsFor = (intent: string) => (data && !data.ok && data.intent === intent ? data.errors : undefined);
  const unanswered = status === "open" || status === "rechecking";
  return (
    <div className="complaint-council">
      <RoundHeader round={d.round} heading={`Khiếu nại ${c.number}`} canManage={d.canManage} />
      <p className="small">
        <Link to={`/to-chuc/vong/${d.round.id}/khieu-nai`}>← Danh sách khiếu nại</Link>
      </p>
      {saved ? (
        <div className="alert success" role="status">
          {saved}
        </div>
      ) : null}
      {data && !data.ok && !data.intent ? <FormErrors errors={data.errors} /> : null}
      <div className="row">
        <span className={`badge ${complaintStatusTone(status)}`}>{COMPLAINT_STATUS_LABELS[status]}</span>
        {c.outcome ? <span className="badge info">{COMPLAINT_OUTCOME_LABELS[c.outcome as ComplaintOutcome]}</span> : null}
        <span className={`badge${c.overdue ? " bad" : ""}`}>
          Hạn trả lời {formatDate(c.answerDueOn)}
          {c.overdue ? " · quá hạn" : ""}
        </span>
      </div>

      <div className="complaint-grid">
        <section className="card">
          <h2>Nội dung khiếu nại</h2>
          <dl className="facts">
            <dt>Sản phẩm</dt>
            <dd>
              <Link to={`/to-chuc/vong/${d.round.id}/ho-so/${d.entry.id}`}>{d.entry.productName}</Link>
              <div className="small muted">
                {d.entry.votingCode ? `${d.entry.votingCode} · ` : ""}
                {d.entry.groupName}
              </div>
            </dd>
            <dt>Cơ sở</dt>
            <dd>{d.entry.producerName}</dd>
            <dt>Ngày nộp</dt>
            <dd>{formatDateTime(c.createdAt)}</dd>
            {c.namedMember ? (
              <>
                <dt>Giám khảo bị nêu</dt>
                <dd>{c.namedMember}</dd>
              </>
            ) : null}
          </dl>
          <p className="pre-line">{c.body}</p>
          {d.files.length ? (
            <ul className="list-plain small">
              {d.files.map((f) => (
                <li key={f.id}>
                  <a href={`/co-so/khieu-nai/${c.id}/tep/${f.id}`} target="_blank" rel="noreferrer">
                    {f.name}
                  </a>
                </li>
              ))}
            </ul>
          ) : (
            <p className="small muted">Không có tài liệu kèm theo.</p>
          )}
        </section>

        <section className="card">
          <h2>Kết quả đang công bố</h2>
          <dl className="facts">
            <dt>Điểm trung bình</dt>
            <dd>{d.result?.mean ?? "—"}</dd>
            <dt>Thứ hạng</dt>
            <dd>{d.result?.rank ?? "—"}</dd>
            <dt>Đạt điểm tối thiểu</dt>
            <dd>{d.result ? (d.result.passed ? "Có" : "Không") : "—"}</dd>
            <dt>Quyết định của Hội đồng</dt>
            <dd>
              {d.verdict ? (d.verdict.recognised ? "Công nhận" : "Không công nhận") : "—"}
              {d.verdict?.note ? <div className="small muted">{d.verdict.note}</div> : null}
            </dd>
          </dl>
          {c.recheckMember ? (
            <>
              <h3>Rà soát lại</h3>
              <p className="small">
                Giao cho: <strong>{c.recheckMember}</strong>
              </p>
              {c.recheckNote ? <p className="pre-line small">{c.recheckNote}</p> : <p className="small muted">Chưa có kết quả rà soát.</p>}
            </>
          ) : null}
          {c.response ? (
            <>
              <h3>Trả lời của Hội đồng</h3>
              <p className="pre-line small">{c.response}</p>
            </>
          ) : null}
          {d.amendedDecision ? (
            <p className="alert info">
              Đã điều chỉnh theo Quyết định số {d.amendedDecision.number} ngày {formatDate(d.amendedDecision.signedOn)}.
            </p>
          ) : null}
        </section>
      </div>

      {unanswered ? (
        <section className="card">
          <h2>Giao rà soát lại</h2>
          {d.recheckCandidates.length ? (
            <Form method="post" className="stack" noValidate>
              <input type="hidden" name="intent" value="recheck" />
              <FormErrors errors={errorsFor("recheck")} />
              <div className="field">
                <label htmlFor="f-memberId">Thành viên rà soát lại</label>
                <select id="f-memberId" name="memberId" required defaultValue="">
                  <option value="">— Chọn thành viên —</option>
                  {d.recheckCandidates.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.label}
                    </option>
                  ))}
                </select>
                {c.namedMember ? <span className="hint">Không giao cho giám khảo bị nêu trong khiếu nại ({c.namedMember}).</span> : null}
                <Err errors={errorsFor("recheck")} name="memberId" />
              </div>
              <div className="field">
                <label htmlFor="f-recheck-note">Ghi chú cho thành viên (không bắt buộc)</label>
                <textarea id="f-recheck-note" name="note" rows={2} maxLength={2000} />
              </div>
              <SubmitButton className="button secondary">Giao rà soát lại</SubmitButton>
            </Form>
          ) : (
            <p className="small muted">Hội đồng chưa có thành viên nào (có tài khoản) để giao rà soát.</p>
          )}
        </section>
      ) : null}

      {unanswered ? (
        <section className="card">
          <h2>Trả lời khiếu nại</h2>
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="answer" />
            <FormErrors errors={errorsFor("answer")} />
            <fieldset className="field">
              <legend>Kết luận</legend>
              {(Object.keys(COMPLAINT_OUTCOME_LABELS) as ComplaintOutcome[]).map((o) => (
                <label key={o} className="check">
                  <input type="radio" name="outcome" value={o} required /> {COMPLAINT_OUTCOME_LABELS[o]}
                </label>
              ))}
              <Err errors={errorsFor("answer")} name="outcome" />
            </fieldset>
            <div className="field">
              <label htmlFor="f-response">Lý do, căn cứ</label>
              <textarea id="f-response" name="response" rows={5} maxLength={5000} required />
              <span className="hint">Cơ sở đọc được nội dung này.</span>
              <Err errors={errorsFor("answer")} name="response" />
            </div>
            <SubmitButton>Ghi trả lời</SubmitButton>
          </Form>
        </section>
      ) : null}

      {status === "answered" && d.correction ? (
        <section className="card correction">
          <h2>Điều chỉnh kết quả theo quyết định sửa đổi</h2>
          <p className="small">
            Hiện tại: <strong>{d.correction.recognisedNow ? "được công nhận" : "không được công nhận"}</strong> → sau điều chỉnh:{" "}
            <strong>{d.correction.recognisedAfter ? "được công nhận" : "không được công nhận"}</strong>.
            {d.correction.original ? ` Sửa đổi Quyết định số ${d.correction.original.number} ngày ${formatDate(d.correction.original.signedOn)}.` : ""}
          </p>
          <ul className="small consequences">
            {d.correction.lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
          {d.correction.sheets.length ? (
            <details className="rescore" open={d.correction.rescored || errorsFor("reopen") != null}>
              <summary>Chấm lại: mở lại phiếu chấm của sản phẩm</summary>
              <ul className="list-plain small">
                {d.correction.sheets.map((sh) => (
                  <li key={sh.id}>
                    {sh.judge}: {sh.status === "draft" ? "đang chấm lại (chưa nộp)" : sh.reopenedForComplaint ? "đã nộp lại" : "đã nộp"}
                  </li>
                ))}
              </ul>
              {d.correction.canReopen && d.correction.sheets.some((sh) => sh.status === "submitted") ? (
                <Form method="post" className="stack" noValidate>
                  <input type="hidden" name="intent" value="reopen" />
                  <FormErrors errors={errorsFor("reopen")} />
                  <fieldset className="field">
                    <legend>Phiếu cần chấm lại</legend>
                    {d.correction.sheets
                      .filter((sh) => sh.status === "submitted")
                      .map((sh) => (
                        <label key={sh.id} className="check">
                          <input type="checkbox" name="memberIds" value={sh.memberId} /> {sh.judge}
                        </label>
                      ))}
                    <Err errors={errorsFor("reopen")} name="memberIds" />
                  </fieldset>
                  <div className="field">
                    <label htmlFor="f-reopen-reason">Lý do mở lại</label>
                    <textarea id="f-reopen-reason" name="reason" rows={2} maxLength={1000} required />
                    <Err errors={errorsFor("reopen")} name="reason" />
                  </div>
                  <SubmitButton className="button secondary">Mở lại phiếu để chấm lại</SubmitButton>
                </Form>
              ) : null}
            </details>
          ) : null}
          {d.correction.blocked.length ? (
            <div className="alert warn">
              {d.correction.blocked.map((b) => (
                <div key={b}>{b}</div>
              ))}
            </div>
          ) : (
            <Form method="post" className="stack" noValidate>
              <input type="hidden" name="intent" value="correct" />
              <input type="hidden" name={d.confirmField} value={d.correction.token} />
              <FormErrors errors={errorsFor("correct")} />
              <div className="grid grid-2">
                <div className="field">
                  <label htmlFor="f-number">Số quyết định sửa đổi</label>
                  <input id="f-number" name="number" required maxLength={60} placeholder="Ví dụ: 215/QĐ-UBND" />
                  <Err errors={errorsFor("correct")} name="number" />
                </div>
                <div className="field">
                  <label htmlFor="f-signedOn">Ngày ký</label>
                  <input id="f-signedOn" name="signedOn" type="date" required max={d.today} defaultValue={d.today} />
                  <Err errors={errorsFor("correct")} name="signedOn" />
                </div>
                <div className="field">
                  <label htmlFor="f-signerName">Người ký</label>
                  <input id="f-signerName" name="signerName" required defaultValue={d.correction.original?.signerName ?? ""} />
                  <Err errors={errorsFor("correct")} name="signerName" />
                </div>
                <div className="field">
                  <label htmlFor="f-signerTitle">Chức vụ</label>
                  <input id="f-signerTitle" name="signerTitle" required defaultValue={d.correction.original?.signerTitle ?? ""} />
                  <Err errors={errorsFor("correct")} name="signerTitle" />
                </div>
              </div>
              <div className="field">
                <label htmlFor="f-issuer">Cơ quan ban hành</label>
                <input id="f-issuer" name="issuer" required defaultValue={d.correction.original?.issuer ?? ""} />
                <Err errors={errorsFor("correct")} name="issuer" />
              </div>
              <div className="field">
                <label htmlFor="f-correct-note">Lý do điều chỉnh</label>
                <textarea id="f-correct-note" name="note" rows={3} maxLength={2000} required />
                <Err errors={errorsFor("correct")} name="note" />
              </div>
              <SubmitButton className="button danger">Xác nhận điều chỉnh kết quả</SubmitButton>
            </Form>
          )}
        </section>
      ) : null}

      {status === "answered" ? (
        <section className="card">
          <h2>Đóng khiếu nại, không điều chỉnh kết quả</h2>
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="close" />
            <FormErrors errors={errorsFor("close")} />
            <div className="field">
              <label htmlFor="f-close-reason">Lý do</label>
              <textarea id="f-close-reason" name="reason" rows={2} maxLength={2000} required />
              <Err errors={errorsFor("close")} name="reason" />
            </div>
            <SubmitButton className="button secondary">Đóng khiếu nại</SubmitButton>
          </Form>
        </section>
      ) : null}

      <ComplaintTimeline events={d.events} />
    </div>
  );
}
