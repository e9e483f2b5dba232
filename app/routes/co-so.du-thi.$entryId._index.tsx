import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFormAction, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useRef, type FormEvent } from "react";
import { expectedErrorResponse, readFormData } from "~/lib/action-errors.server";
import { formatDate, formatDateTime } from "~/lib/dates";
import { idParam } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { discardFiles, receiveUploads } from "~/lib/uploads.server";
import { formToObject } from "~/modules/accounts/accounts";
import { entryDossier, removeDocument, replaceDocument, requireOwnEntry, submitEntry, SUBMIT_COMMITMENT, uploadToSlot, withdrawEntry, EntryError } from "~/modules/entries/entries.server";
import { PHOTO_SLOT as PHOTO_SLOT_CODE, reusableProductPhotos, reuseProductPhoto } from "~/modules/entries/entries.server";
import { dossierExtras } from "~/modules/forms/dossier-extras.server";
import { formForDocType } from "~/modules/forms/forms";
import { SubmitButton } from "~/ui/form";
import { entryStatusLabel, entryStatusTone, eventLabel, groupLabel, levelLabel } from "~/ui/labels";
import { UploadForm } from "~/ui/UploadForm";
import { useLocale, type Locale } from "~/i18n";
import { commitmentText, dossierText, judgeLabel, missingText, slotDescription, slotName, stepHint, stepLabel, useDossierT } from "~/i18n/dossier";
import { useMessage } from "~/i18n/messages";
import { metaLocale } from "~/i18n/pages";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: dossierText(metaLocale(matches), "title", { name: data?.product.name ?? "" }) }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "producer");
  const entryId = idParam(params.entryId, "hồ sơ");
  // productPhotos: the product's photos offered for the photo slot (reused by reference).
  const dossier = entryDossier(principal, entryId);
  // extras: the step checklist, the deadline while intake is open, the published result (module forms).
  return json({ ...dossier, commitment: SUBMIT_COMMITMENT, productPhotos: reusableProductPhotos(principal, entryId), extras: dossierExtras(principal, entryId, dossier.missing.length) });
}

/** The photo slot's code; a plain constant here too, since a `.server` import is empty in the browser. */
const PHOTO_SLOT = "product_photos" satisfies typeof PHOTO_SLOT_CODE;

/**
 * Where to go back after a change: the slot's anchor, only for a well-formed slot code (the code
 * comes from the form; anything else in a Location header is refused by the Headers API).
 */
const SLOT_CODE = /^[a-z0-9_]{1,60}$/;
const slotAnchor = (code: string | undefined) => (code && SLOT_CODE.test(code) ? `#slot-${code}` : "");
const savedTo = (code: string | undefined) => (code && SLOT_CODE.test(code) ? `?da-luu=${code}#slot-${code}` : "?da-luu=1");

export async function action({ request, params }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "producer");
  const entryId = idParam(params.entryId, "hồ sơ");
  requireOwnEntry(principal, entryId); // 404 for others' entries, before any upload is read
  const here = `/co-so/du-thi/${entryId}`;

  if (request.headers.get("Content-Type")?.startsWith("multipart/form-data")) {
    let received;
    try {
      received = await receiveUploads(request, { maxFiles: 10 });
    } catch (e) {
      return expectedErrorResponse(e);
    }
    const { fields, files, discard } = received;
    try {
      if (fields.intent === "replace") {
        const documentId = Number(fields.documentId);
        if (!Number.isInteger(documentId) || files.length !== 1) throw new EntryError("Vui lòng chọn đúng một tệp để thay.", 400, "files");
        await discardFiles(replaceDocument(principal, entryId, documentId, files[0]!));
        return redirect(`${here}${savedTo(fields.docType)}`);
      }
      const docType = fields.docType ?? "";
      await discardFiles(uploadToSlot(principal, entryId, docType, files));
      return redirect(`${here}${savedTo(docType)}`);
    } catch (e) {
      await discard();
      return expectedErrorResponse(e);
    }
  }

  const fields = formToObject(await readFormData(request));
  try {
    switch (fields.intent) {
      case "remove":
        removeDocument(principal, entryId, Number(fields.documentId));
        return redirect(`${here}${slotAnchor(fields.docType)}`);
      case "reuse-photo":
        // One of the product's photos into the photo slot, by reference (no bytes copied).
        reuseProductPhoto(principal, entryId, Number(fields.photoId));
        return redirect(`${here}${savedTo(PHOTO_SLOT)}`);
      case "submit": {
        // The "cam đoan" checkbox: required here (400 beside the box), also without JavaScript.
        await submitEntry(principal, entryId, new Date(), { commitment: typeof fields.commitment === "string" && fields.commitment !== "" });
        return redirect(`${here}/bien-nhan`);
      }
      case "withdraw":
        await withdrawEntry(principal, entryId, (fields.reason ?? "").normalize("NFC").trim().slice(0, 1000));
        return redirect(`${here}?da-rut=1`);
      default:
        return json({ ok: false as const, message: "Thao tác không hợp lệ.", errors: {} as Record<string, string> }, { status: 400 });
    }
  } catch (e) {
    if (e instanceof EntryError && e.details) {
      return json(
        {
          ok: false as const,
          message: e.message,
          errors: {} as Record<string, string>,
          missing: e.details.map((d) => d.message),
          missingSlots: e.details.map((d) => ({ code: d.code, name: d.name, have: d.have, need: d.need, message: d.message })),
        },
        { status: e.status },
      );
    }
    return expectedErrorResponse(e);
  }
}

function kb(bytes: number, locale: Locale) {
  const mb = (bytes / 1024 / 1024).toFixed(1);
  return bytes >= 1024 * 1024 ? `${locale === "en" ? mb : mb.replace(".", ",")} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

type MissingSlot = { code: string; name: string; have: number; need: number; message: string };

export default function DossierPage() {
  const d = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const locale = useLocale();
  const t = useDossierT();
  const msg = useMessage();
  const [params] = useSearchParams();
  const saved = params.get("da-luu");
  const missing = data && "missing" in data ? (data.missing as string[]) : null;
  const missingSlots = data && "missingSlots" in data ? (data.missingSlots as MissingSlot[]) : null;
  const commitmentError = data && !data.ok ? data.errors?.commitment : undefined;
  const locked = !d.slots.some((s) => s.editable);
  const formRef = useRef<HTMLFormElement>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const confirmed = useRef(false);
  // With JavaScript, a submission that would lock the dossier is confirmed in a dialog first.
  // Missing documents or an unticked commitment go straight to the server, which says what is wrong.
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    if (confirmed.current) {
      confirmed.current = false;
      return;
    }
    const ticked = (e.currentTarget.elements.namedItem("commitment") as HTMLInputElement | null)?.checked;
    const dialog = dialogRef.current;
    if (d.missing.length || !ticked || !dialog || typeof dialog.showModal !== "function") return;
    e.preventDefault();
    dialog.showModal();
  };
  const confirmSubmit = () => {
    confirmed.current = true;
    dialogRef.current?.close();
    formRef.current?.requestSubmit();
  };
  const resubmit = d.entry.status === "needs_completion";
  // The answer to a refused submission opens at the submit card (also without JavaScript, where
  // the page reloads at the top and the messages beside the button would be ~2,800 px below).
  const submitAction = `${useFormAction()}#nop-ho-so`;
  return (
    <div>
      <p className="small">
        <Link to="/co-so">{t("back")}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>{t("heading", { name: d.product.name })}</h1>
          <p className="muted">
            {d.round.title} · {levelLabel(d.round.level, locale)}
          </p>
        </div>
        <div className="row">
          <span className={`badge ${entryStatusTone(d.entry.status)}`}>{entryStatusLabel(d.entry.status, locale)}</span>
          {d.entry.dossierNo ? <span className="badge">{t("dossierNo", { no: d.entry.dossierNo })}</span> : null}
        </div>
      </div>

      {/* After publication the result comes first; the steps (all done by then) follow it. */}
      {d.extras.result ? <ResultBlock result={d.extras.result} entryId={d.entry.id} /> : null}
      <StepChecklist steps={d.extras.steps} />
      {d.extras.deadline ? <DeadlineNote deadline={d.extras.deadline} /> : null}

      {params.get("moi") ? <div className="alert success">{t("alert.registered")}</div> : null}
      {saved ? <div className="alert success" role="status">{t("alert.saved")}</div> : null}
      {params.get("da-rut") ? <div className="alert info">{t("alert.withdrawn")}</div> : null}
      {data && !data.ok && !missing && !commitmentError && data.message ? (
        <div className="alert error" role="alert">
          {msg(data.message)}
        </div>
      ) : null}
      {missing ? (
        <div className="alert error">
          <strong>{msg(data?.message)}</strong>
          <ul>
            {(missingSlots ?? []).map((m) => (
              <li key={m.code}>
                <a href={`#slot-${m.code}`}>{missingText(locale, m)}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {d.closedDraft ? (
        <div className="alert warn" role="status">
          {d.closedDraft.notYetOpen ? (
            <>{t("closed.notYetOpen")}</>
          ) : (
            <>
              <strong>{t("closed.title")}</strong>
              {d.closedDraft.closedOn ? t("closed.on", { date: formatDateTime(d.closedDraft.closedOn) }) : ""}
              {d.closedDraft.deadline ? t("closed.deadline", { date: formatDate(d.closedDraft.deadline) }) : ""}
              {t("closed.rest")}
            </>
          )}
        </div>
      ) : null}
      {d.openRequest ? (
        <div className="alert info">
          <strong>{t("request.title", { date: formatDateTime(d.openRequest.createdAt) })}</strong> {d.openRequest.message}
          <div className="small">
            {t("request.slots", {
              slots: d.slots
                .filter((s) => d.openRequest!.docTypes.includes(s.code))
                .map((s) => slotName(locale, s))
                .join(", "),
            })}
          </div>
        </div>
      ) : null}
      {d.entry.status === "submitted" ? (
        <div className="alert info">
          {t("submitted.text")} <strong>{formatDate(d.entry.answerBy)}</strong>. <Link to="bien-nhan">{t("submitted.receipt")}</Link> ·{" "}
          <a href={`/co-so/du-thi/${d.entry.id}/bien-nhan.pdf`} download>
            {t("submitted.pdf")}
          </a>
        </div>
      ) : null}

      <div className="grid grid-2" style={{ alignItems: "start" }}>
        <div>
          <h2 id="tai-lieu">{t("docs.title")}</h2>
          {!locked && d.missing.length ? <p className="small muted">{t("docs.lead", { n: d.missing.length })}</p> : null}
          {d.slots.map((s) => {
            const complete = s.count >= Math.max(1, s.minFiles);
            const accept = [s.accepts.includes("pdf") ? "application/pdf" : null, s.accepts.includes("image") ? "image/jpeg,image/png,image/webp" : null].filter(Boolean).join(",");
            const name = slotName(locale, s);
            return (
              <section key={s.code} id={`slot-${s.code}`} className={`slot ${s.required ? (complete ? "done" : "missing") : ""} ${s.editable ? "" : "locked"}`}>
                <h3>
                  {name}
                  {s.required ? <span className="badge warn">{t("slot.required")}</span> : <span className="badge">{t("slot.optional")}</span>}
                  {s.required && complete ? <span className="badge ok">{t("slot.complete")}</span> : null}
                  {!s.editable ? <span className="badge">{t("slot.locked")}</span> : null}
                </h3>
                <div className="small muted">
                  {slotDescription(locale, s)} {s.minFiles > 1 ? t("slot.minFiles", { n: s.minFiles }) : ""}
                  {s.accepts.includes("pdf") && s.accepts.includes("image") ? t("slot.pdfOrImage") : s.accepts.includes("pdf") ? t("slot.pdf") : t("slot.image")}
                </div>
                {s.editable && formForDocType(s.code) ? <FormDownloads entryId={d.entry.id} form={formForDocType(s.code)!} /> : null}
                {s.current.length ? (
                  <ul className="files">
                    {s.current.map((f) => (
                      <li key={f.id}>
                        <span className="name">
                          <a href={`/tep/${f.fileId}`} target="_blank" rel="noreferrer">
                            {f.originalName}
                          </a>{" "}
                          <span className="small muted">
                            {kb(f.sizeBytes, locale)}
                            {f.version > 1 ? t("slot.version", { n: f.version }) : ""}
                          </span>
                        </span>
                        {s.editable ? (
                          <>
                            <Form method="post" className="mini-form">
                              <input type="hidden" name="intent" value="remove" />
                              <input type="hidden" name="documentId" value={f.id} />
                              <input type="hidden" name="docType" value={s.code} />
                              <button type="submit" className="link-button small">
                                {t("slot.remove")}
                              </button>
                            </Form>
                            <details>
                              <summary className="small">{t("slot.replace")}</summary>
                              <UploadForm submitLabel={t("slot.replace")} autoSubmit>
                                <input type="hidden" name="intent" value="replace" />
                                <input type="hidden" name="docType" value={s.code} />
                                <input type="hidden" name="documentId" value={f.id} />
                                <input type="file" name="file" accept={accept} aria-label={t("slot.replaceFor", { name: f.originalName })} />
                              </UploadForm>
                            </details>
                          </>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="small">{t("slot.noFile")}</p>
                )}
                {s.history.length ? (
                  <details>
                    <summary className="small">{t("slot.history", { n: s.history.length })}</summary>
                    <ul className="files">
                      {s.history.map((f) => (
                        <li key={f.id}>
                          <span className="name small">
                            <a href={`/tep/${f.fileId}`} target="_blank" rel="noreferrer">
                              {f.originalName}
                            </a>{" "}
                            · {t("slot.historyVersion", { n: f.version })} · {formatDateTime(f.createdAt)}
                          </span>
                        </li>
                      ))}
                    </ul>
                  </details>
                ) : null}
                {s.code === PHOTO_SLOT && s.editable ? <ProductPhotoOffer photos={d.productPhotos} full={s.count >= s.maxFiles} maxFiles={s.maxFiles} /> : null}
                {s.editable && s.count < s.maxFiles ? (
                  <UploadForm submitLabel={t("slot.upload")} autoSubmit>
                    <input type="hidden" name="intent" value="upload" />
                    <input type="hidden" name="docType" value={s.code} />
                    <input
                      type="file"
                      name="files"
                      accept={accept}
                      multiple={s.maxFiles - s.count > 1}
                      aria-label={t("slot.chooseFor", { name })}
                      data-slot={s.code}
                    />
                  </UploadForm>
                ) : null}
              </section>
            );
          })}
        </div>

        <div>
          {d.canSubmit ? (
            <section className="card submit-card" id="nop-ho-so" aria-labelledby="nop-ho-so-title">
              <h2 id="nop-ho-so-title">{resubmit ? t("submit.titleAgain") : t("submit.title")}</h2>
              {missingSlots ? null : d.missing.length ? (
                <>
                  <p>{t("submit.missing")}</p>
                  <ul>
                    {d.missing.map((m) => (
                      <li key={m.code}>
                        <a href={`#slot-${m.code}`}>{missingText(locale, m)}</a>
                      </li>
                    ))}
                  </ul>
                </>
              ) : (
                <p>{t("submit.ready", { n: d.round.intakeAnswerWorkingDays })}</p>
              )}
              <Form method="post" action={submitAction} ref={formRef} onSubmit={onSubmit} noValidate>
                <input type="hidden" name="intent" value="submit" />
                <div className={`field commitment${commitmentError ? " has-error" : ""}`}>
                  <label className="check" htmlFor="f-commitment">
                    <input
                      type="checkbox"
                      id="f-commitment"
                      name="commitment"
                      value="1"
                      aria-invalid={commitmentError ? true : undefined}
                      aria-describedby={[locale === "en" ? "f-commitment-note" : "", commitmentError ? "f-commitment-error" : ""].filter(Boolean).join(" ") || undefined}
                    />
                    <span>{commitmentText(locale, d.commitment)}</span>
                  </label>
                  {locale === "en" ? (
                    <div className="hint" id="f-commitment-note">
                      {t("submit.commitmentNote")}
                    </div>
                  ) : null}
                  {commitmentError ? (
                    <div className="field-error" id="f-commitment-error" role="alert">
                      {msg(commitmentError)}
                    </div>
                  ) : null}
                </div>
                {missingSlots ? (
                  <div className="submit-problem" role="alert">
                    <strong>{msg(data?.message)}</strong> {t("submit.needUpload")}
                    <ul>
                      {missingSlots.map((m) => (
                        <li key={m.code}>
                          <a href={`#slot-${m.code}`}>{missingText(locale, m)}</a>
                        </li>
                      ))}
                    </ul>
                  </div>
                ) : null}
                <SubmitButton className="button block" pendingText={t("submit.pending")}>
                  {resubmit ? t("submit.titleAgain") : t("submit.title")}
                </SubmitButton>
              </Form>
              <dialog ref={dialogRef} className="confirm-dialog" aria-labelledby="confirm-submit-title" aria-describedby="confirm-submit-text">
                <h2 id="confirm-submit-title">{resubmit ? t("confirm.titleAgain") : t("confirm.title")}</h2>
                <p id="confirm-submit-text">
                  {t("confirm.before")}
                  <strong>{t("confirm.locked")}</strong>
                  {t("confirm.after")}
                </p>
                <div className="row">
                  <button type="button" className="button" onClick={confirmSubmit}>
                    {t("confirm.yes")}
                  </button>
                  <button type="button" className="button secondary" onClick={() => dialogRef.current?.close()}>
                    {t("confirm.back")}
                  </button>
                </div>
              </dialog>
            </section>
          ) : null}

          <EntryTimeline events={d.events} />

          <section className="card small">
            <h2>{t("info.title")}</h2>
            <dl className="facts">
              <dt>{t("info.establishment")}</dt>
              <dd>{d.establishment.name}</dd>
              <dt>{t("info.product")}</dt>
              <dd>
                <Link to={`/co-so/san-pham/${d.product.id}`}>{d.product.name}</Link>
                {d.product.isSet ? t("info.set") : ""}
              </dd>
              <dt>{t("info.group")}</dt>
              <dd>{groupLabel(d.product.group, locale)}</dd>
            </dl>
          </section>

          {d.canWithdraw ? (
            <details className="card">
              <summary>{t("withdraw.title")}</summary>
              <Form method="post" className="form">
                <input type="hidden" name="intent" value="withdraw" />
                <div className="field">
                  <label htmlFor="f-reason">{t("withdraw.reason")}</label>
                  <textarea id="f-reason" name="reason" rows={2} maxLength={1000} />
                </div>
                <SubmitButton className="button secondary">{t("withdraw.title")}</SubmitButton>
              </Form>
            </details>
          ) : null}
        </div>
      </div>
    </div>
  );
}

/**
 * The entry's steps: what happened, when, by whom, and the message (app/ui/Timeline.tsx's markup,
 * in the reader's language; the stored messages go through localizeMessage, people's words stay).
 */
function EntryTimeline({ events }: { events: { id: number; type: string; message: string | null; createdAt: string; actor: string | null }[] }) {
  const locale = useLocale();
  const t = useDossierT();
  const msg = useMessage();
  return (
    <section className="card">
      <h2>{t("timeline.title")}</h2>
      <ol className="timeline">
        {events.map((ev) => (
          <li key={ev.id}>
            <strong>{eventLabel(ev.type, locale)}</strong>
            <time>
              {formatDateTime(ev.createdAt)}
              {ev.actor ? ` · ${ev.actor}` : ""}
            </time>
            {ev.message ? <div className="small">{msg(ev.message)}</div> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * The photo slot's offer of the product's own photos ("Dùng ảnh này"): one tap adds a photo to
 * the dossier by reference. Photos already in the slot are marked, not offered again.
 */
function ProductPhotoOffer({ photos, full, maxFiles }: { photos: { id: number; fileId: number; name: string; inSlot: boolean }[]; full: boolean; maxFiles: number }) {
  const reuseAction = `${useFormAction()}#slot-${PHOTO_SLOT}`;
  const navigation = useNavigation();
  const data = useActionData<typeof action>();
  const t = useDossierT();
  const msg = useMessage();
  const sending = navigation.state !== "idle" && navigation.formData?.get("intent") === "reuse-photo" ? String(navigation.formData.get("photoId")) : null;
  const error = data && !data.ok ? data.errors?.photoId : undefined;
  if (!photos.length) return null;
  const offered = photos.filter((ph) => !ph.inSlot).length;
  return (
    <div className="photo-offer" role="group" aria-labelledby="photo-offer-title">
      <p id="photo-offer-title" className="small">
        <strong>{t("photos.title")}</strong>
        {offered ? t("photos.tap") : t("photos.allUsed")}
        {full && offered ? t("photos.full", { n: maxFiles }) : ""}
      </p>
      <ul className="photo-offer-list">
        {photos.map((ph) => (
          <li key={ph.id}>
            {ph.inSlot ? (
              <div className="photo-offer-item used">
                <img src={`/tep/${ph.fileId}`} alt="" loading="lazy" />
                <span className="badge ok">{t("photos.used")}</span>
                <span className="sr-only">{ph.name}</span>
              </div>
            ) : (
              <Form method="post" action={reuseAction} preventScrollReset>
                <input type="hidden" name="intent" value="reuse-photo" />
                <input type="hidden" name="photoId" value={ph.id} />
                <button type="submit" className="photo-offer-item" disabled={full || sending != null} aria-disabled={full || sending != null}>
                  <img src={`/tep/${ph.fileId}`} alt="" loading="lazy" />
                  <span className="photo-offer-label">{sending === String(ph.id) ? t("photos.adding") : t("photos.use")}</span>
                  <span className="sr-only">: {ph.name}</span>
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
      {error ? (
        <div className="field-error" role="alert">
          {msg(error)}
        </div>
      ) : null}
    </div>
  );
}

type Extras = ReturnType<typeof useLoaderData<typeof loader>>["extras"];

/** Where the producer stands: profile → product → documents → submit → results, each a link. */
function StepChecklist({ steps }: { steps: Extras["steps"] }) {
  const locale = useLocale();
  const t = useDossierT();
  const msg = useMessage();
  const stateText = { done: t("steps.done"), current: t("steps.current"), todo: t("steps.todo") } as const;
  return (
    <nav className="step-checklist" aria-label={t("steps.label")}>
      <ol>
        {steps.map((s, i) => {
          const label = stepLabel(locale, s);
          return (
            <li key={s.key} className={`step ${s.state}`} aria-current={s.state === "current" ? "step" : undefined}>
              <span className="step-mark" aria-hidden="true">
                {s.state === "done" ? "✓" : i + 1}
              </span>
              <span className="step-text">
                {s.href.startsWith("#") ? <a href={s.href}>{label}</a> : <Link to={s.href}>{label}</Link>}
                <span className="sr-only"> ({stateText[s.state]})</span>
                {s.state !== "todo" ? <span className="step-hint small muted">{stepHint(locale, s.hint) ?? msg(s.hint)}</span> : null}
              </span>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

function DeadlineNote({ deadline }: { deadline: NonNullable<Extras["deadline"]> }) {
  const t = useDossierT();
  const left = deadline.daysLeft;
  const text = left < 0 ? t("deadline.passed") : left === 0 ? t("deadline.today") : left === 1 ? t("deadline.tomorrow") : t("deadline.days", { n: left });
  return (
    <p className={`deadline-note${left <= 3 ? " soon" : ""}`}>
      {t("deadline.label")} <strong>{formatDate(deadline.date)}</strong> · <strong>{text}</strong>
    </p>
  );
}

/** "Tải mẫu điền sẵn: PDF · Word" beside the slots of the registration form and the explanation. */
function FormDownloads({ entryId, form }: { entryId: number; form: string }) {
  const t = useDossierT();
  const base = `/co-so/du-thi/${entryId}/mau/${form}`;
  return (
    <p className="form-downloads small">
      {t("forms.label")}{" "}
      <a href={`${base}.pdf`} download data-form={form} data-ext="pdf">
        PDF
      </a>{" "}
      ·{" "}
      <a href={`${base}.docx`} download data-form={form} data-ext="docx">
        Word
      </a>
      <span className="muted">{t("forms.hint")}</span>
    </p>
  );
}

/** The published result: mean, rank, pass mark, released comments (anonymous), decision, certificate. */
function ResultBlock({ result: r, entryId }: { result: NonNullable<Extras["result"]>; entryId: number }) {
  const locale = useLocale();
  const t = useDossierT();
  return (
    <section className={`card result-block ${r.recognised ? "recognised" : "not-recognised"}`} id="ket-qua" aria-labelledby="ket-qua-title">
      <h2 id="ket-qua-title">{t("result.title", { outcome: r.recognised ? t("result.recognised") : t("result.notRecognised") })}</h2>
      <dl className="facts">
        <dt>{t("result.mean")}</dt>
        <dd>
          <strong className="result-mean">{r.mean ? (locale === "en" ? r.mean.replace(",", ".") : r.mean) : "—"}</strong> / 100
          {r.judgesCount ? <span className="small muted">{t("result.judges", { n: r.judgesCount })}</span> : null}
        </dd>
        <dt>{t("result.passMark")}</dt>
        <dd>
          {t("result.points", { n: locale === "en" ? r.passMark.replace(",", ".") : r.passMark })}
          {r.mean ? (r.passed ? t("result.passed") : t("result.notPassed")) : ""}
        </dd>
        {r.rank ? (
          <>
            <dt>{t("result.rank")}</dt>
            <dd>
              {r.rank}/{r.ranked}
            </dd>
          </>
        ) : null}
        {r.prize ? (
          <>
            <dt>{t("result.prize")}</dt>
            <dd>{r.prize}</dd>
          </>
        ) : null}
        {r.decision ? (
          <>
            <dt>{t("result.decision")}</dt>
            <dd>{t("result.decisionText", { number: r.decision.number, date: formatDate(r.decision.signedOn), issuer: r.decision.issuer })}</dd>
          </>
        ) : null}
        {r.certificate ? (
          <>
            <dt>{t("result.certificate")}</dt>
            <dd>
              {t("result.certNo", { number: r.certificate.number })}
              {r.certificate.revoked ? <span className="badge bad">{t("result.revoked")}</span> : <>{t("result.validUntil", { date: formatDate(r.certificate.validUntil) })}</>} ·{" "}
              <a href={`/co-so/chung-nhan/${r.certificate.id}`} download>
                {t("result.download")}
              </a>
            </dd>
          </>
        ) : r.recognised ? (
          <>
            <dt>{t("result.certificate")}</dt>
            <dd className="muted">{t("result.issuing")}</dd>
          </>
        ) : null}
      </dl>
      {r.comments.length ? (
        <div className="result-comments">
          <h3>{t("result.comments")}</h3>
          <ul>
            {r.comments.map((c) => (
              <li key={c.label}>
                <strong>{judgeLabel(locale, c.label)}:</strong> {c.text}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p className="small">
        {t("result.disagree")} <Link to={`/co-so/khieu-nai?ho-so=${entryId}`}>{t("result.complain")}</Link>
        {t("result.disagreeAfter")}
      </p>
    </section>
  );
}
