import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { z } from "zod";
import { useLookupT } from "~/i18n/lookup";
import { DATE_INPUT_MESSAGE, formatDate, parseVnDate, todayInVietnam } from "~/lib/dates";
import { DateField } from "~/ui/DateField";
import { readFormData } from "~/lib/action-errors.server";
import { clientIp, notFound } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { certificateStatusTone, MAX_REVOKE_REASON } from "~/modules/certificates/certificates";
import {
  CertificateError,
  issueRoundCertificates,
  revokeCertificate,
  roundCertificatesForOrganizer,
  startIssueJob,
  warmCertificateWorkers,
} from "~/modules/certificates/certificates.server";
import { ConfirmError } from "~/lib/confirm.server";
import { requireConfirmation } from "~/modules/rounds/consequences.server";
import { ConfirmAction } from "~/ui/ConfirmAction";
import { LEVEL_LABELS, ROUND_STATUS_LABELS, roundStatusTone } from "~/ui/labels";
import { RoundNav } from "~/ui/RoundNav";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Giấy chứng nhận - ${data?.round.title ?? "Kỳ bình chọn"} - Tổ chức` }];

const Id = z.coerce.number().int().positive().max(2_000_000_000);

function roundIdOf(params: LoaderFunctionArgs["params"]): number {
  const id = Id.safeParse(params.roundId);
  if (!id.success) notFound("Không tìm thấy kỳ bình chọn này.");
  return id.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  const data = roundCertificatesForOrganizer(principal, roundIdOf(params));
  // PDFs to make soon: start the PDF threads now (fonts, compiler), not when the button is pressed.
  if (data.canIssue && !data.addressProblem && (data.stats.missing > 0 || data.stats.issued > data.stats.withPdf)) void warmCertificateWorkers();
  return json({ ...data, today: todayInVietnam() }, { headers: { "Cache-Control": "private, no-store" } });
}

type ActionData = { ok: boolean; errors?: Record<string, string>; values?: Record<string, string>; started?: boolean };

export async function action({ request, params }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  const roundId = roundIdOf(params);
  const form = await readFormData(request);
  const intent = form.get("intent");
  const ip = clientIp(request);
  try {
    if (intent === "issue") {
      // Issued certificates cannot be deleted: the issue needs a confirmation (docs/decisions/0022-confirmations.md).
      requireConfirmation(form, principal, roundId, "cap-giay-chung-nhan");
      // Typed dd/mm/yyyy (DateField) or ISO; the certificates module reads ISO.
      const typed = String(form.get("issuedOn") ?? "").trim();
      const issuedOn = typed ? parseVnDate(typed) : undefined;
      if (issuedOn === null) return json<ActionData>({ ok: false, errors: { issuedOn: DATE_INPUT_MESSAGE }, values: { issuedOn: typed } }, { status: 400 });
      if (form.get("async") === "1") {
        // With JavaScript: start in the background; the page follows the progress.
        startIssueJob(principal, roundId, { issuedOn, ip });
        return json<ActionData>({ ok: true, started: true });
      }
      // Without JavaScript: a plain post that waits until every certificate exists (the job may
      // run in another server process: its progress is read from the database).
      const job = await issueRoundCertificates(principal, roundId, { issuedOn, ip });
      if (job.status === "done") return redirect(`/to-chuc/vong/${roundId}/chung-nhan?da-cap=${job.created}&tep=${job.total}`);
      if (job.status === "error") {
        return json<ActionData>({ ok: false, errors: { _form: `Chưa tạo xong giấy chứng nhận: ${job.error ?? "lỗi không xác định"}. Hãy thử lại.` } }, { status: 500 });
      }
      // Still working after a long wait: the page shows how far it got.
      return redirect(`/to-chuc/vong/${roundId}/chung-nhan`);
    }
    if (intent === "revoke") {
      const certId = Id.safeParse(form.get("certId"));
      if (!certId.success) notFound("Không tìm thấy giấy chứng nhận này.");
      const reason = String(form.get("reason") ?? "");
      try {
        revokeCertificate(principal, roundId, certId.data, reason, ip);
      } catch (e) {
        if (e instanceof CertificateError) {
          return json<ActionData>(
            { ok: false, errors: { [`reason-${certId.data}`]: e.message }, values: { certId: String(certId.data), reason } },
            { status: e.status },
          );
        }
        throw e;
      }
      return redirect(`/to-chuc/vong/${roundId}/chung-nhan?thu-hoi=${certId.data}`);
    }
    return json<ActionData>({ ok: false, errors: { _form: "Thao tác không hợp lệ." } }, { status: 400 });
  } catch (e) {
    if (e instanceof CertificateError || e instanceof ConfirmError) {
      return json<ActionData>({ ok: false, errors: { [e.field]: e.message }, values: { issuedOn: String(form.get("issuedOn") ?? "") } }, { status: e.status });
    }
    throw e;
  }
}

type Job = { id: number; status: "queued" | "running" | "done" | "error"; total: number; done: number; created: number; error: string | null } | null;

/** Waiting for a worker or being worked on. */
const active = (job: Job) => job?.status === "queued" || job?.status === "running";

function IssueProgress({ roundId, initial }: { roundId: number; initial: Job }) {
  const lt = useLookupT();
  const fetcher = useFetcher<{ job: Job }>();
  const revalidator = useRevalidator();
  const job = fetcher.data?.job ?? initial;
  const running = active(job);
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => {
      if (fetcher.state === "idle") fetcher.load(`/to-chuc/vong/${roundId}/chung-nhan/tien-do`);
    }, 600);
    return () => clearInterval(t);
  }, [running, roundId, fetcher]);
  // When the job ends, reload the list once.
  const [seenEnd, setSeenEnd] = useState(false);
  useEffect(() => {
    if (job && !active(job) && active(initial) && !seenEnd) {
      setSeenEnd(true);
      revalidator.revalidate();
    }
  }, [job, initial, seenEnd, revalidator]);
  if (!job) return null;
  const pct = job.total ? Math.round((job.done / job.total) * 100) : 100;
  return (
    <div className="issue-progress" role="status" aria-live="polite">
      {active(job) ? (
        <>
          <p>
            <strong>{lt("certs.issue.working")}</strong> {lt("certs.issue.progress", { done: job.done, total: job.total })}
          </p>
          <progress max={job.total || 1} value={job.done} aria-label={lt("certs.issue.working")}>
            {pct}%
          </progress>
        </>
      ) : job.status === "done" ? (
        <div className="alert success">{lt("certs.issue.done", { created: job.created, total: job.total })}</div>
      ) : (
        <div className="alert error">{lt("certs.issue.error", { error: job.error ?? "" })}</div>
      )}
    </div>
  );
}

export default function RoundCertificates() {
  const lt = useLookupT();
  const { round, bodyName, unitName, canManage, canIssue, addressProblem, decisions, rows, stats, job, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const submitting = navigation.state === "submitting" && navigation.formData?.get("intent") === "issue";
  const running = active(job);
  const revokedId = Number(params.get("thu-hoi"));
  const revokedRow = revokedId ? rows.find((r) => r.certificate?.id === revokedId) : undefined;
  const errors = actionData?.errors;
  const base = `/to-chuc/vong/${round.id}/chung-nhan`;
  return (
    <div>
      <p className="small">
        <Link to={`/to-chuc/vong/${round.id}`}>{lt("certs.back")}</Link>
      </p>
      <h1>
        {lt("certs.title")}: {round.title}
      </h1>
      <div className="row">
        <span className={`badge ${roundStatusTone(round.status)}`}>{ROUND_STATUS_LABELS[round.status]}</span>
        <span className="badge">
          {LEVEL_LABELS[round.level]} {round.year}
        </span>
        <span className="muted small">
          {bodyName}
          {unitName ? ` · ${unitName}` : ""}
        </span>
      </div>
      <RoundNav roundId={round.id} status={round.status} canManage={canManage} />
      <p className="muted">{lt("certs.lead")}</p>

      {params.get("da-cap") != null ? (
        <div className="alert success" role="status">
          {lt("certs.issue.done", { created: params.get("da-cap") ?? "0", total: params.get("tep") ?? "0" })}
        </div>
      ) : null}
      {revokedRow?.certificate ? (
        <div className="alert success" role="status">
          {lt("certs.revoked", { number: revokedRow.certificate.number })}
        </div>
      ) : null}

      <div className="grid grid-4 cert-stats">
        <div className="stat">
          <div className="value">{stats.recognised}</div>
          <div className="label">{lt("certs.stats.recognised")}</div>
        </div>
        <div className="stat">
          <div className="value">{stats.issued}</div>
          <div className="label">{lt("certs.stats.issued")}</div>
        </div>
        <div className="stat">
          <div className="value">{stats.missing}</div>
          <div className="label">{lt("certs.stats.missing")}</div>
        </div>
        <div className="stat">
          <div className="value">{stats.withoutDecision}</div>
          <div className="label">{lt("certs.stats.noDecision")}</div>
        </div>
      </div>

      <section className="card">
        <h2>{lt("certs.issue")}</h2>
        {decisions.length ? (
          <ul className="list-plain small">
            {decisions.map((d) => (
              <li key={d.id}>
                {lt("results.decision", { number: d.number, date: formatDate(d.signedOn), issuer: d.issuer, signerTitle: d.signerTitle, signerName: d.signerName })}
              </li>
            ))}
          </ul>
        ) : null}
        {!canManage ? (
          <p className="alert info">{lt("certs.issue.readOnly")}</p>
        ) : !canIssue ? (
          <p className="alert info">{lt("certs.issue.notPublished")}</p>
        ) : addressProblem ? (
          <p className="alert error" role="alert">
            {addressProblem}
          </p>
        ) : (
          <>
            <p className="small muted">{lt("certs.issue.lead")}</p>
            <ConfirmAction
              roundId={round.id}
              action="cap-giay-chung-nhan"
              formClassName="form issue-form"
              className="button"
              disabled={submitting || running}
              label={submitting || running ? lt("certs.issue.working") : lt("certs.issue.submit")}
            >
              {errors?._form ? (
                <div className="alert error" role="alert">
                  {errors._form}
                </div>
              ) : null}
              {hydrated ? <input type="hidden" name="async" value="1" /> : null}
              <DateField name="issuedOn" label={lt("certs.issuedOn")} hint={lt("certs.issuedOn.hint")} max={today} defaultValue={actionData?.values?.issuedOn || today} errors={errors} />
            </ConfirmAction>
          </>
        )}
        <IssueProgress key={job ? `job-${job.id}` : "none"} roundId={round.id} initial={job} />
        {stats.issued ? (
          <p>
            <a href={`${base}/tai-ve`} className="button secondary" download>
              {lt("certs.zip")}
            </a>
          </p>
        ) : null}
      </section>

      <section>
        <h2>
          {lt("certs.list")} ({rows.length})
        </h2>
        {rows.length ? (
          <div className="table-wrap">
            <table className="cert-table">
              <thead>
                <tr>
                  <th>{lt("certs.col.number")}</th>
                  <th>{lt("certs.col.product")}</th>
                  <th>{lt("certs.col.status")}</th>
                  <th>{lt("certs.col.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => {
                  const c = r.certificate;
                  const reasonError = c ? errors?.[`reason-${c.id}`] : undefined;
                  return (
                    <tr key={r.entryId} data-entry={r.entryId}>
                      <td className="nowrap">{c ? c.number : <span className="muted">{r.decisionNumber ? lt("certs.notIssued") : lt("certs.noDecision")}</span>}</td>
                      <td>
                        <strong>{r.productName}</strong>
                        <div className="small muted">
                          {r.producerName} · {r.groupName}
                        </div>
                      </td>
                      <td>
                        {c ? (
                          <>
                            <span className={`badge ${certificateStatusTone(c.status)}`}>{lt(`status.${c.status}`)}</span>
                            <div className="small muted">
                              {formatDate(c.issuedOn)} – {formatDate(c.validUntil)}
                            </div>
                            {c.revokeReason ? <div className="small">{c.revokeReason}</div> : null}
                          </>
                        ) : (
                          "—"
                        )}
                      </td>
                      <td>
                        {c ? (
                          <div className="cert-actions">
                            <a href={`${base}/${c.id}`} download className="cert-download">
                              {lt("certs.download")}
                            </a>
                            <Link to={`/xac-thuc/${c.publicCode}`}>{lt("certs.verifyPage")}</Link>
                            {canManage && c.status !== "revoked" ? (
                              <details open={!!reasonError}>
                                <summary>{lt("certs.revoke")}</summary>
                                <Form method="post" className="revoke-form">
                                  <input type="hidden" name="intent" value="revoke" />
                                  <input type="hidden" name="certId" value={c.id} />
                                  <div className={`field${reasonError ? " has-error" : ""}`}>
                                    <label htmlFor={`reason-${c.id}`}>{lt("certs.revoke.reason")}</label>
                                    <textarea
                                      id={`reason-${c.id}`}
                                      name="reason"
                                      rows={2}
                                      maxLength={MAX_REVOKE_REASON}
                                      required
                                      defaultValue={actionData?.values?.certId === String(c.id) ? actionData.values.reason : ""}
                                      aria-invalid={reasonError ? true : undefined}
                                    />
                                    {reasonError ? (
                                      <div className="field-error" role="alert">
                                        {reasonError}
                                      </div>
                                    ) : null}
                                  </div>
                                  <button type="submit" className="button secondary">
                                    {lt("certs.revoke.submit")}
                                  </button>
                                </Form>
                              </details>
                            ) : null}
                          </div>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{lt("certs.none")}</p>
        )}
      </section>
    </div>
  );
}
