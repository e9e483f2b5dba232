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
import { entryDossier, removeDocument, replaceDocument, submitEntry, SUBMIT_COMMITMENT, uploadToSlot, withdrawEntry, EntryError } from "~/modules/entries/entries.server";
import { PHOTO_SLOT as PHOTO_SLOT_CODE, reusableProductPhotos, reuseProductPhoto } from "~/modules/entries/entries.server";
import { dossierExtras } from "~/modules/forms/dossier-extras.server";
import { formForDocType } from "~/modules/forms/forms";
import { SubmitButton } from "~/ui/form";
import { ENTRY_STATUS_LABELS, entryStatusTone, LEVEL_LABELS } from "~/ui/labels";
import { Timeline } from "~/ui/Timeline";
import { UploadForm } from "~/ui/UploadForm";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Hồ sơ ${data?.product.name ?? ""} - Cơ sở của tôi` }];

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
  entryDossier(principal, entryId); // 404 for others' entries, before any upload is read
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
          missingSlots: e.details.map((d) => ({ code: d.code, message: d.message })),
        },
        { status: e.status },
      );
    }
    return expectedErrorResponse(e);
  }
}

function kb(bytes: number) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1).replace(".", ",")} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}


export default function DossierPage() {
  const d = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const saved = params.get("da-luu");
  const missing = data && "missing" in data ? (data.missing as string[]) : null;
  const missingSlots = data && "missingSlots" in data ? (data.missingSlots as { code: string; message: string }[]) : null;
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
        <Link to="/co-so">← Cơ sở của tôi</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>Hồ sơ: {d.product.name}</h1>
          <p className="muted">
            {d.round.title} · {LEVEL_LABELS[d.round.level]}
          </p>
        </div>
        <div className="row">
          <span className={`badge ${entryStatusTone(d.entry.status)}`}>{ENTRY_STATUS_LABELS[d.entry.status]}</span>
          {d.entry.dossierNo ? <span className="badge">Số hồ sơ {d.entry.dossierNo}</span> : null}
        </div>
      </div>

      {/* After publication the result comes first; the steps (all done by then) follow it. */}
      {d.extras.result ? <ResultBlock result={d.extras.result} entryId={d.entry.id} /> : null}
      <StepChecklist steps={d.extras.steps} />
      {d.extras.deadline ? <DeadlineNote deadline={d.extras.deadline} /> : null}

      {params.get("moi") ? <div className="alert success">Đã đăng ký tham gia. Hãy tải lên đủ các tài liệu bắt buộc rồi bấm “Nộp hồ sơ”.</div> : null}
      {saved ? <div className="alert success" role="status">Đã lưu tệp.</div> : null}
      {params.get("da-rut") ? <div className="alert info">Hồ sơ đã được rút. Bạn có thể đăng ký lại khi kỳ bình chọn còn nhận hồ sơ.</div> : null}
      {data && !data.ok && !missing && !commitmentError && data.message ? (
        <div className="alert error" role="alert">
          {data.message}
        </div>
      ) : null}
      {missing ? (
        <div className="alert error">
          <strong>{data?.message}</strong>
          <ul>
            {(missingSlots ?? []).map((m) => (
              <li key={m.code}>
                <a href={`#slot-${m.code}`}>{m.message}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {d.closedDraft ? (
        <div className="alert warn" role="status">
          {d.closedDraft.notYetOpen ? (
            <>Kỳ bình chọn chưa mở nhận hồ sơ: hồ sơ nháp này chưa sửa và chưa nộp được.</>
          ) : (
            <>
              <strong>Kỳ bình chọn đã đóng nhận hồ sơ</strong>
              {d.closedDraft.closedOn ? ` ngày ${formatDateTime(d.closedDraft.closedOn)}` : ""}
              {d.closedDraft.deadline ? ` (hạn đã công bố ${formatDate(d.closedDraft.deadline)})` : ""}: hồ sơ nháp này không nhận thêm tài liệu và không nộp được nữa, trừ khi
              cơ quan tổ chức mở lại nhận hồ sơ.
            </>
          )}
        </div>
      ) : null}
      {d.openRequest ? (
        <div className="alert info">
          <strong>Cơ quan tổ chức yêu cầu bổ sung ({formatDateTime(d.openRequest.createdAt)}):</strong> {d.openRequest.message}
          <div className="small">
            Các mục được mở để bổ sung: {d.slots.filter((s) => d.openRequest!.docTypes.includes(s.code)).map((s) => s.name).join(", ")}. Sau khi bổ sung, bấm “Nộp lại hồ sơ”.
          </div>
        </div>
      ) : null}
      {d.entry.status === "submitted" ? (
        <div className="alert info">
          Hồ sơ đã nộp và được khóa. Cơ quan tổ chức sẽ trả lời trước ngày <strong>{formatDate(d.entry.answerBy)}</strong>. <Link to="bien-nhan">Xem biên nhận</Link> · <a href={`/co-so/du-thi/${d.entry.id}/bien-nhan.pdf`} download>Tải biên nhận (PDF)</a>
        </div>
      ) : null}

      <div className="grid grid-2" style={{ alignItems: "start" }}>
        <div>
          <h2 id="tai-lieu">Tài liệu</h2>
          {!locked && d.missing.length ? (
            <p className="small muted">
              Còn thiếu {d.missing.length} mục bắt buộc. Mỗi tệp tối đa 20 MB; hệ thống kiểm tra nội dung tệp (PDF, JPEG, PNG, WebP). Tệp đã tải lên luôn được lưu lại, kể cả khi thay bằng tệp mới.
            </p>
          ) : null}
          {d.slots.map((s) => {
            const complete = s.count >= Math.max(1, s.minFiles);
            const accept = [s.accepts.includes("pdf") ? "application/pdf" : null, s.accepts.includes("image") ? "image/jpeg,image/png,image/webp" : null].filter(Boolean).join(",");
            return (
              <section key={s.code} id={`slot-${s.code}`} className={`slot ${s.required ? (complete ? "done" : "missing") : ""} ${s.editable ? "" : "locked"}`}>
                <h3>
                  {s.name}
                  {s.required ? <span className="badge warn">Bắt buộc</span> : <span className="badge">Không bắt buộc</span>}
                  {s.required && complete ? <span className="badge ok">Đủ</span> : null}
                  {!s.editable ? <span className="badge">Đã khóa</span> : null}
                </h3>
                <div className="small muted">
                  {s.description} {s.minFiles > 1 ? `Cần ít nhất ${s.minFiles} tệp. ` : ""}
                  {s.accepts.includes("pdf") && s.accepts.includes("image") ? "PDF hoặc ảnh." : s.accepts.includes("pdf") ? "Tệp PDF." : "Tệp ảnh."}
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
                            {kb(f.sizeBytes)}
                            {f.version > 1 ? ` · phiên bản ${f.version}` : ""}
                          </span>
                        </span>
                        {s.editable ? (
                          <>
                            <Form method="post" className="mini-form">
                              <input type="hidden" name="intent" value="remove" />
                              <input type="hidden" name="documentId" value={f.id} />
                              <input type="hidden" name="docType" value={s.code} />
                              <button type="submit" className="link-button small">
                                Gỡ
                              </button>
                            </Form>
                            <details>
                              <summary className="small">Thay tệp</summary>
                              <UploadForm submitLabel="Thay tệp" autoSubmit>
                                <input type="hidden" name="intent" value="replace" />
                                <input type="hidden" name="docType" value={s.code} />
                                <input type="hidden" name="documentId" value={f.id} />
                                <input type="file" name="file" accept={accept} aria-label={`Tệp thay cho ${f.originalName}`} />
                              </UploadForm>
                            </details>
                          </>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="small">Chưa có tệp.</p>
                )}
                {s.history.length ? (
                  <details>
                    <summary className="small">Phiên bản trước ({s.history.length})</summary>
                    <ul className="files">
                      {s.history.map((f) => (
                        <li key={f.id}>
                          <span className="name small">
                            <a href={`/tep/${f.fileId}`} target="_blank" rel="noreferrer">
                              {f.originalName}
                            </a>{" "}
                            · phiên bản {f.version} · {formatDateTime(f.createdAt)}
                          </span>
                        </li>
                      ))}
                    </ul>
                  </details>
                ) : null}
                {s.code === PHOTO_SLOT && s.editable ? <ProductPhotoOffer photos={d.productPhotos} full={s.count >= s.maxFiles} maxFiles={s.maxFiles} /> : null}
                {s.editable && s.count < s.maxFiles ? (
                  <UploadForm submitLabel="Tải lên" autoSubmit>
                    <input type="hidden" name="intent" value="upload" />
                    <input type="hidden" name="docType" value={s.code} />
                    <input
                      type="file"
                      name="files"
                      accept={accept}
                      multiple={s.maxFiles - s.count > 1}
                      aria-label={`Chọn tệp cho mục ${s.name}`}
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
              <h2 id="nop-ho-so-title">{resubmit ? "Nộp lại hồ sơ" : "Nộp hồ sơ"}</h2>
              {missingSlots ? null : d.missing.length ? (
                <>
                  <p>Hồ sơ còn thiếu:</p>
                  <ul>
                    {d.missing.map((m) => (
                      <li key={m.code}>
                        <a href={`#slot-${m.code}`}>{m.message}</a>
                      </li>
                    ))}
                  </ul>
                </>
              ) : (
                <p>Đã đủ tài liệu bắt buộc. Sau khi nộp, hồ sơ được khóa và cơ quan tổ chức sẽ trả lời trong {d.round.intakeAnswerWorkingDays} ngày làm việc.</p>
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
                      aria-describedby={commitmentError ? "f-commitment-error" : undefined}
                    />
                    <span>{d.commitment}</span>
                  </label>
                  {commitmentError ? (
                    <div className="field-error" id="f-commitment-error" role="alert">
                      {commitmentError}
                    </div>
                  ) : null}
                </div>
                {missingSlots ? (
                  <div className="submit-problem" role="alert">
                    <strong>{data?.message}</strong> Cần tải lên:
                    <ul>
                      {missingSlots.map((m) => (
                        <li key={m.code}>
                          <a href={`#slot-${m.code}`}>{m.message}</a>
                        </li>
                      ))}
                    </ul>
                  </div>
                ) : null}
                <SubmitButton className="button block" pendingText="Đang nộp…">
                  {resubmit ? "Nộp lại hồ sơ" : "Nộp hồ sơ"}
                </SubmitButton>
              </Form>
              <dialog ref={dialogRef} className="confirm-dialog" aria-labelledby="confirm-submit-title" aria-describedby="confirm-submit-text">
                <h2 id="confirm-submit-title">{resubmit ? "Nộp lại hồ sơ?" : "Nộp hồ sơ?"}</h2>
                <p id="confirm-submit-text">
                  Sau khi nộp, hồ sơ được <strong>khóa</strong>: không thể thêm, thay hay gỡ tài liệu, trừ khi cơ quan tổ chức yêu cầu bổ sung. Bạn đã cam đoan hồ sơ đúng sự thật.
                </p>
                <div className="row">
                  <button type="button" className="button" onClick={confirmSubmit}>
                    Xác nhận nộp
                  </button>
                  <button type="button" className="button secondary" onClick={() => dialogRef.current?.close()}>
                    Quay lại kiểm tra
                  </button>
                </div>
              </dialog>
            </section>
          ) : null}

          <Timeline events={d.events} />

          <section className="card small">
            <h2>Thông tin</h2>
            <dl className="facts">
              <dt>Cơ sở</dt>
              <dd>{d.establishment.name}</dd>
              <dt>Sản phẩm</dt>
              <dd>
                <Link to={`/co-so/san-pham/${d.product.id}`}>{d.product.name}</Link>
                {d.product.isSet ? " (bộ sản phẩm)" : ""}
              </dd>
              <dt>Nhóm</dt>
              <dd>{d.product.group}</dd>
            </dl>
          </section>

          {d.canWithdraw ? (
            <details className="card">
              <summary>Rút hồ sơ</summary>
              <Form method="post" className="form">
                <input type="hidden" name="intent" value="withdraw" />
                <div className="field">
                  <label htmlFor="f-reason">Lý do (không bắt buộc)</label>
                  <textarea id="f-reason" name="reason" rows={2} maxLength={1000} />
                </div>
                <SubmitButton className="button secondary">Rút hồ sơ</SubmitButton>
              </Form>
            </details>
          ) : null}
        </div>
      </div>
    </div>
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
  const sending = navigation.state !== "idle" && navigation.formData?.get("intent") === "reuse-photo" ? String(navigation.formData.get("photoId")) : null;
  const error = data && !data.ok ? data.errors?.photoId : undefined;
  if (!photos.length) return null;
  const offered = photos.filter((ph) => !ph.inSlot).length;
  return (
    <div className="photo-offer" role="group" aria-labelledby="photo-offer-title">
      <p id="photo-offer-title" className="small">
        <strong>Ảnh đã có của sản phẩm</strong>
        {offered ? " · chạm vào ảnh để đưa vào hồ sơ, không cần tải lên lại." : " · đã dùng hết trong hồ sơ."}
        {full && offered ? ` Mục đã đủ ${maxFiles} ảnh; gỡ bớt một ảnh để thêm.` : ""}
      </p>
      <ul className="photo-offer-list">
        {photos.map((ph) => (
          <li key={ph.id}>
            {ph.inSlot ? (
              <div className="photo-offer-item used">
                <img src={`/tep/${ph.fileId}`} alt="" loading="lazy" />
                <span className="badge ok">Đã dùng</span>
                <span className="sr-only">{ph.name}</span>
              </div>
            ) : (
              <Form method="post" action={reuseAction} preventScrollReset>
                <input type="hidden" name="intent" value="reuse-photo" />
                <input type="hidden" name="photoId" value={ph.id} />
                <button type="submit" className="photo-offer-item" disabled={full || sending != null} aria-disabled={full || sending != null}>
                  <img src={`/tep/${ph.fileId}`} alt="" loading="lazy" />
                  <span className="photo-offer-label">{sending === String(ph.id) ? "Đang thêm…" : "Dùng ảnh này"}</span>
                  <span className="sr-only">: {ph.name}</span>
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}

type Extras = ReturnType<typeof useLoaderData<typeof loader>>["extras"];
const STEP_STATE_TEXT = { done: "đã xong", current: "đang ở bước này", todo: "chưa đến" } as const;

/** Where the producer stands: profile → product → documents → submit → results, each a link. */
function StepChecklist({ steps }: { steps: Extras["steps"] }) {
  return (
    <nav className="step-checklist" aria-label="Các bước tham gia">
      <ol>
        {steps.map((s, i) => (
          <li key={s.key} className={`step ${s.state}`} aria-current={s.state === "current" ? "step" : undefined}>
            <span className="step-mark" aria-hidden="true">
              {s.state === "done" ? "✓" : i + 1}
            </span>
            <span className="step-text">
              {s.href.startsWith("#") ? <a href={s.href}>{s.label}</a> : <Link to={s.href}>{s.label}</Link>}
              <span className="sr-only"> ({STEP_STATE_TEXT[s.state]})</span>
              {s.state !== "todo" ? <span className="step-hint small muted">{s.hint}</span> : null}
            </span>
          </li>
        ))}
      </ol>
    </nav>
  );
}

function DeadlineNote({ deadline }: { deadline: NonNullable<Extras["deadline"]> }) {
  const left = deadline.daysLeft;
  const text = left < 0 ? "đã quá hạn" : left === 0 ? "hết hạn hôm nay" : left === 1 ? "còn 1 ngày (hết hạn ngày mai)" : `còn ${left} ngày`;
  return (
    <p className={`deadline-note${left <= 3 ? " soon" : ""}`}>
      Hạn nộp hồ sơ: <strong>{formatDate(deadline.date)}</strong> · <strong>{text}</strong>
    </p>
  );
}

/** "Tải mẫu điền sẵn: PDF · Word" beside the slots of the registration form and the explanation. */
function FormDownloads({ entryId, form }: { entryId: number; form: string }) {
  const base = `/co-so/du-thi/${entryId}/mau/${form}`;
  return (
    <p className="form-downloads small">
      Tải mẫu điền sẵn:{" "}
      <a href={`${base}.pdf`} download data-form={form} data-ext="pdf">
        PDF
      </a>{" "}
      ·{" "}
      <a href={`${base}.docx`} download data-form={form} data-ext="docx">
        Word
      </a>
      <span className="muted"> — in, ký, chụp ảnh hoặc quét rồi tải lên mục này.</span>
    </p>
  );
}

/** The published result: mean, rank, pass mark, released comments (anonymous), decision, certificate. */
function ResultBlock({ result: r, entryId }: { result: NonNullable<Extras["result"]>; entryId: number }) {
  return (
    <section className={`card result-block ${r.recognised ? "recognised" : "not-recognised"}`} id="ket-qua" aria-labelledby="ket-qua-title">
      <h2 id="ket-qua-title">Kết quả bình chọn: {r.recognised ? "Được công nhận" : "Không được công nhận"}</h2>
      <dl className="facts">
        <dt>Điểm trung bình</dt>
        <dd>
          <strong className="result-mean">{r.mean ?? "—"}</strong> / 100{r.judgesCount ? <span className="small muted"> ({r.judgesCount} giám khảo)</span> : null}
        </dd>
        <dt>Điểm đạt</dt>
        <dd>
          {r.passMark} điểm{r.mean ? (r.passed ? " · đã đạt" : " · chưa đạt") : ""}
        </dd>
        {r.rank ? (
          <>
            <dt>Xếp hạng</dt>
            <dd>
              {r.rank}/{r.ranked}
            </dd>
          </>
        ) : null}
        {r.prize ? (
          <>
            <dt>Giải</dt>
            <dd>{r.prize}</dd>
          </>
        ) : null}
        {r.decision ? (
          <>
            <dt>Quyết định công nhận</dt>
            <dd>
              Số {r.decision.number} ngày {formatDate(r.decision.signedOn)} ({r.decision.issuer})
            </dd>
          </>
        ) : null}
        {r.certificate ? (
          <>
            <dt>Giấy chứng nhận</dt>
            <dd>
              Số {r.certificate.number}
              {r.certificate.revoked ? <span className="badge bad">Đã thu hồi</span> : <> · hiệu lực đến {formatDate(r.certificate.validUntil)}</>} ·{" "}
              <a href={`/co-so/chung-nhan/${r.certificate.id}`} download>
                Tải giấy chứng nhận (PDF)
              </a>
            </dd>
          </>
        ) : r.recognised ? (
          <>
            <dt>Giấy chứng nhận</dt>
            <dd className="muted">Đang được cấp.</dd>
          </>
        ) : null}
      </dl>
      {r.comments.length ? (
        <div className="result-comments">
          <h3>Nhận xét của giám khảo</h3>
          <ul>
            {r.comments.map((c) => (
              <li key={c.label}>
                <strong>{c.label}:</strong> {c.text}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p className="small">
        Không đồng ý với kết quả? <Link to={`/co-so/khieu-nai?ho-so=${entryId}`}>Gửi khiếu nại kết quả</Link> trong thời hạn kỳ bình chọn quy định.
      </p>
    </section>
  );
}
