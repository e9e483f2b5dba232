import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { expectedErrorResponse, readFormData } from "~/lib/action-errors.server";
import { formatDate, formatDateTime } from "~/lib/dates";
import { idParam } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { LEGAL_TYPE_LABELS } from "~/modules/accounts/accounts";
import { decideIntake, requestCompletion } from "~/modules/entries/entries.server";
import { organizerEntry } from "~/modules/entries/intake.server";
import { SubmitButton } from "~/ui/form";
import { ENTRY_STATUS_LABELS, entryStatusTone } from "~/ui/labels";
import { RoundNav } from "~/ui/RoundNav";
import { Timeline } from "~/ui/Timeline";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Hồ sơ ${data?.entry.dossierNo ?? ""} - ${data?.product.name ?? ""}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  return json(organizerEntry(principal, idParam(params.roundId, "kỳ bình chọn"), idParam(params.entryId, "hồ sơ")));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  const roundId = idParam(params.roundId, "kỳ bình chọn");
  const entryId = idParam(params.entryId, "hồ sơ");
  organizerEntry(principal, roundId, entryId); // 404 outside the organizer's territory
  const form = await readFormData(request);
  const version = Number(form.get("version")) || undefined;
  const text = (k: string) => String(form.get(k) ?? "").slice(0, 2000);
  try {
    switch (form.get("intent")) {
      case "accept":
        await decideIntake(principal, entryId, "accepted", text("note"), version);
        break;
      case "reject":
        await decideIntake(principal, entryId, "rejected", text("reason"), version);
        break;
      case "request":
        await requestCompletion(
          principal,
          entryId,
          form.getAll("docTypes").filter((x): x is string => typeof x === "string"),
          text("message"),
          version,
        );
        break;
      default:
        return json({ ok: false as const, message: "Thao tác không hợp lệ.", errors: {} as Record<string, string>, intent: "" }, { status: 400 });
    }
  } catch (e) {
    return expectedErrorResponse(e, { intent: String(form.get("intent")) });
  }
  return redirect(`/to-chuc/vong/${roundId}/ho-so/${entryId}?xong=${form.get("intent")}`);
}

const DONE: Record<string, string> = {
  accept: "Đã tiếp nhận hồ sơ và báo cho cơ sở.",
  reject: "Đã ghi nhận không tiếp nhận và báo cho cơ sở.",
  request: "Đã gửi yêu cầu bổ sung cho cơ sở.",
};

export default function OrganizerDossier() {
  const d = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const docs = d.slots.flatMap((s) => s.current.map((f) => ({ ...f, slotName: s.name })));
  const selected = docs.find((x) => String(x.id) === params.get("tep")) ?? docs[0];
  const err = (intent: string) => (data && !data.ok && data.intent === intent ? data.message : null);
  const actionable = d.canManage && (d.entry.status === "submitted" || d.entry.status === "needs_completion");
  return (
    <div>
      <p className="small">
        <Link to={`/to-chuc/vong/${d.roundInfo.id}/ho-so`}>← Danh sách hồ sơ</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>
            {d.product.name} <span className="muted small">{d.entry.dossierNo}</span>
          </h1>
          <p className="muted">
            {d.establishment.name} · Nhóm {d.product.groupId}. {d.product.group}
            {d.product.isSet ? " · bộ sản phẩm" : ""}
          </p>
        </div>
        <span className={`badge ${entryStatusTone(d.entry.status)}`}>{ENTRY_STATUS_LABELS[d.entry.status]}</span>
      </div>
      <RoundNav roundId={d.roundInfo.id} status={d.roundInfo.status} canManage={d.canManage} />
      {params.get("xong") && DONE[params.get("xong")!] ? <div className="alert success">{DONE[params.get("xong")!]}</div> : null}
      {data && !data.ok && data.intent === "" ? <div className="alert error">{data.message}</div> : null}

      <div className="viewer">
        <nav className="card doc-list" aria-label="Tài liệu trong hồ sơ">
          <h2>Tài liệu</h2>
          {d.slots.map((s) => (
            <div key={s.code} className="small" style={{ marginBottom: 8 }}>
              <strong>{s.name}</strong> {s.required && s.count < Math.max(1, s.minFiles) ? <span className="badge bad">Thiếu</span> : null}
              {s.current.length ? (
                <ul style={{ margin: "4px 0", paddingLeft: 18 }}>
                  {s.current.map((f) => (
                    <li key={f.id}>
                      <Link to={`?tep=${f.id}`} className={selected?.id === f.id ? "current" : ""} preventScrollReset>
                        {f.originalName}
                      </Link>
                      {f.version > 1 ? ` (bản ${f.version})` : ""}
                    </li>
                  ))}
                </ul>
              ) : (
                <div className="muted">Chưa có tệp.</div>
              )}
              {s.history.length ? <div className="muted">{s.history.length} phiên bản trước</div> : null}
            </div>
          ))}
        </nav>

        <section aria-label="Xem tài liệu">
          {selected ? (
            <>
              <div className="row small" style={{ marginBottom: 6 }}>
                <strong>{selected.slotName}:</strong> {selected.originalName}
                <span className="spacer" />
                <a href={`/tep/${selected.fileId}`} target="_blank" rel="noreferrer">
                  Mở trong tab mới
                </a>
              </div>
              {selected.mimeType === "application/pdf" ? (
                <iframe className="viewer-frame" src={`/tep/${selected.fileId}`} title={selected.originalName} />
              ) : (
                <img className="viewer-image" src={`/tep/${selected.fileId}`} alt={selected.originalName} />
              )}
            </>
          ) : (
            <p className="card muted">Hồ sơ chưa có tài liệu.</p>
          )}
        </section>

        <aside>
          <section className="card small">
            <h2>Cơ sở</h2>
            <dl className="facts">
              <dt>Loại hình</dt>
              <dd>{LEGAL_TYPE_LABELS[d.contact.legalType]}</dd>
              <dt>Mã số</dt>
              <dd>{d.contact.registrationNo ?? "—"}</dd>
              <dt>Địa chỉ</dt>
              <dd>{d.establishment.address || "—"}</dd>
              <dt>Đại diện</dt>
              <dd>{d.contact.representative ?? "—"}</dd>
              <dt>Điện thoại</dt>
              <dd>{d.contact.phone ? <a href={`tel:${d.contact.phone}`}>{d.contact.phone}</a> : "—"}</dd>
              <dt>Nộp lúc</dt>
              <dd>{formatDateTime(d.entry.submittedAt)}</dd>
              <dt>Hạn trả lời</dt>
              <dd>{formatDate(d.entry.answerBy)}</dd>
            </dl>
          </section>

          {actionable ? (
            <section className="card">
              <h2>Xử lý hồ sơ</h2>
              {d.entry.status === "needs_completion" ? <p className="small muted">Đang chờ cơ sở bổ sung. Vẫn có thể không tiếp nhận nếu cần.</p> : null}
              {d.entry.status === "submitted" ? (
                <Form method="post" className="form">
                  <input type="hidden" name="intent" value="accept" />
                  <input type="hidden" name="version" value={d.entry.version} />
                  {err("accept") ? <div className="alert error">{err("accept")}</div> : null}
                  <div className="field">
                    <label htmlFor="f-note">Ghi chú (không bắt buộc)</label>
                    <input id="f-note" name="note" maxLength={500} />
                  </div>
                  <SubmitButton className="button block">Tiếp nhận: hồ sơ hợp lệ</SubmitButton>
                </Form>
              ) : null}

              {d.entry.status === "submitted" ? (
                <details style={{ marginTop: 12 }} open={!!err("request")}>
                  <summary>Yêu cầu bổ sung</summary>
                  <Form method="post" className="form">
                    <input type="hidden" name="intent" value="request" />
                    <input type="hidden" name="version" value={d.entry.version} />
                    {err("request") ? <div className="alert error">{err("request")}</div> : null}
                    <fieldset>
                      <legend>Mục cần bổ sung</legend>
                      {d.slots.map((s) => (
                        <label key={s.code} style={{ display: "block", margin: "4px 0" }}>
                          <input type="checkbox" name="docTypes" value={s.code} /> {s.name}
                        </label>
                      ))}
                    </fieldset>
                    <div className="field">
                      <label htmlFor="f-message">Nội dung cần bổ sung</label>
                      <textarea id="f-message" name="message" rows={3} maxLength={2000} required />
                    </div>
                    <SubmitButton className="button secondary block">Gửi yêu cầu bổ sung</SubmitButton>
                  </Form>
                </details>
              ) : null}

              <details style={{ marginTop: 12 }} open={!!err("reject")}>
                <summary>Không tiếp nhận</summary>
                <Form method="post" className="form">
                  <input type="hidden" name="intent" value="reject" />
                  <input type="hidden" name="version" value={d.entry.version} />
                  {err("reject") ? <div className="alert error">{err("reject")}</div> : null}
                  <div className="field">
                    <label htmlFor="f-reason">Lý do (bắt buộc)</label>
                    <textarea id="f-reason" name="reason" rows={3} maxLength={2000} required />
                  </div>
                  <SubmitButton className="button secondary block">Không tiếp nhận</SubmitButton>
                </Form>
              </details>
            </section>
          ) : null}

          <Timeline events={d.events} />
        </aside>
      </div>
    </div>
  );
}
