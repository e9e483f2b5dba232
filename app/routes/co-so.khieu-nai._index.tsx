/**
 * Khiếu nại về kết quả, the producer's side: its complaints, and the form to file one about an
 * entry of a published round within the round's window (text, optional named judge, optional
 * files with the dossier's upload rules). Texts in app/i18n/complaints.ts (Vietnamese and English).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { expectedErrorResponse } from "~/lib/action-errors.server";
import { formatDate } from "~/lib/dates";
import { requireRole } from "~/lib/permissions.server";
import { receiveUploads } from "~/lib/uploads.server";
import { COMPLAINT_BODY_MAX, COMPLAINT_MAX_FILES, complaintStatusTone, type ComplaintStatus } from "~/modules/complaints/complaints";
import { complaintOptions, fileComplaint, producerComplaints } from "~/modules/complaints/complaints.server";
import { FormErrors, SubmitButton } from "~/ui/form";
import { useLocale } from "~/i18n";
import { complaintFormMessage, complaintStatusLabel, complaintsText, complaintsVi, useComplaintsT } from "~/i18n/complaints";
import { metaLocale } from "~/i18n/pages";

export const meta: MetaFunction = ({ matches }) => {
  const locale = metaLocale(matches);
  return [{ title: `${complaintsText(locale, "title.list")} - ${complaintsText(locale, "title.suffix")}` }];
};

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
      return json({ ok: false as const, message: complaintsVi.pickProduct, errors: { entryId: complaintsVi.pickProduct } as Record<string, string>, values }, { status: 400 });
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
  const locale = useLocale();
  const t = useComplaintsT();
  const m = (text: string | null | undefined) => complaintFormMessage(locale, text);
  const errors = data && !data.ok ? data.errors : undefined;
  const values = (data && "values" in data ? data.values : {}) as Record<string, string>;
  const fileable = options.filter((o) => o.inWindow && !o.openComplaint);
  const rounds = [...new Map(options.map((o) => [o.roundId, { id: o.roundId, title: o.roundTitle, members: o.members }])).values()];
  const selected = values.entryId || (chosen && fileable.some((o) => o.entryId === chosen) ? String(chosen) : fileable.length === 1 ? String(fileable[0]!.entryId) : "");
  return (
    <div className="complaints-page">
      <p className="small">
        <Link to="/co-so">{t("back")}</Link>
      </p>
      <h1>{t("heading")}</h1>
      <p className="muted">{t("lead")}</p>

      {complaints.length ? (
        <section className="card">
          <h2>{t("filed")}</h2>
          <ul className="list-plain complaint-list">
            {complaints.map((c) => (
              <li key={c.id}>
                <Link to={`/co-so/khieu-nai/${c.id}`}>
                  <strong>{c.number}</strong> · {c.productName}
                </Link>
                <div className="row small">
                  <span className={`badge ${complaintStatusTone(c.status as ComplaintStatus)}`}>{complaintStatusLabel(locale, c.status as ComplaintStatus)}</span>
                  <span className="muted">{c.roundTitle}</span>
                  {c.status !== "closed" && c.answerDueOn ? <span className="muted">{t("answerDue", { date: formatDate(c.answerDueOn) })}</span> : null}
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="card">
        <h2>{t("new")}</h2>
        {options.length ? (
          <ul className="list-plain small complaint-windows">
            {options.map((o) => (
              <li key={o.entryId}>
                <strong>{o.productName}</strong> ({o.recognised ? t("recognised") : t("notRecognised")}) — {o.roundTitle}:{" "}
                {o.openComplaint ? (
                  <span>
                    {t("openComplaint")} <Link to={`/co-so/khieu-nai/${o.openComplaint.id}`}>{o.openComplaint.number}</Link>
                  </span>
                ) : o.inWindow ? (
                  <span>{t("inWindow", { date: formatDate(o.deadline) })}</span>
                ) : (
                  <span className="muted">{t("windowOver", { date: formatDate(o.deadline) })}</span>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("noOptions")}</p>
        )}
        {fileable.length ? (
          <Form method="post" encType="multipart/form-data" className="stack complaint-form" noValidate>
            <FormErrors errors={errors} />
            <div className={`field${errors?.entryId ? " has-error" : ""}`}>
              <label htmlFor="f-entryId">
                {t("product")} <span className="req" aria-hidden="true">*</span>
              </label>
              <select id="f-entryId" name="entryId" required defaultValue={selected} aria-invalid={errors?.entryId ? true : undefined} aria-describedby={errors?.entryId ? "f-entryId-error" : undefined}>
                <option value="">{t("chooseProduct")}</option>
                {fileable.map((o) => (
                  <option key={o.entryId} value={o.entryId}>
                    {o.productName} ({o.roundTitle})
                  </option>
                ))}
              </select>
              {errors?.entryId ? (
                <div className="field-error" id="f-entryId-error" role="alert">
                  {m(errors.entryId)}
                </div>
              ) : null}
            </div>
            <div className={`field${errors?.body ? " has-error" : ""}`}>
              <label htmlFor="f-body">
                {t("body")} <span className="req" aria-hidden="true">*</span>
              </label>
              <textarea id="f-body" name="body" rows={7} maxLength={COMPLAINT_BODY_MAX} required defaultValue={values.body ?? ""} aria-invalid={errors?.body ? true : undefined} aria-describedby={`f-body-hint${errors?.body ? " f-body-error" : ""}`} />
              <span className="hint" id="f-body-hint">
                {t("bodyHint")}
              </span>
              {errors?.body ? (
                <div className="field-error" id="f-body-error" role="alert">
                  {m(errors.body)}
                </div>
              ) : null}
            </div>
            <div className={`field${errors?.namedMemberId ? " has-error" : ""}`}>
              <label htmlFor="f-namedMemberId">{t("named")}</label>
              <select id="f-namedMemberId" name="namedMemberId" defaultValue={values.namedMemberId ?? ""} aria-describedby="f-namedMemberId-hint">
                <option value="">{t("noNamed")}</option>
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
                {t("namedHint")}
              </span>
              {errors?.namedMemberId ? (
                <div className="field-error" role="alert">
                  {m(errors.namedMemberId)}
                </div>
              ) : null}
            </div>
            <div className={`field${errors?.files ? " has-error" : ""}`}>
              <label htmlFor="f-files">{t("files")}</label>
              <input id="f-files" type="file" name="files" multiple accept="application/pdf,image/jpeg,image/png,image/webp" aria-describedby="f-files-hint" />
              <span className="hint" id="f-files-hint">
                {t("filesHint", { n: COMPLAINT_MAX_FILES })}
              </span>
              {errors?.files ? (
                <div className="field-error" role="alert">
                  {m(errors.files)}
                </div>
              ) : null}
            </div>
            <SubmitButton pendingText={t("sending")}>{t("submit")}</SubmitButton>
          </Form>
        ) : options.length ? (
          <p className="muted">{t("noneInWindow")}</p>
        ) : null}
      </section>
    </div>
  );
}
