import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { PRODUCT_GROUPS } from "~db/reference/catalog";
import { expectedErrorResponse, readFormData } from "~/lib/action-errors.server";
import { clientIp, idParam } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { discardFiles, receiveUploads } from "~/lib/uploads.server";
import { fieldErrors, formToObject } from "~/modules/accounts/accounts";
import { ProductSchema } from "~/modules/producers/producers";
import { addProductPhotos, deleteProductPhoto, productDetail, updateProduct } from "~/modules/producers/producers.server";
import { Field, FormErrors, SelectField, SubmitButton } from "~/ui/form";
import { entryStatusLabel, entryStatusTone, formatMean, groupLabel, levelLabel } from "~/ui/labels";
import { useLocale } from "~/i18n";
import { useProducerT } from "~/i18n/producer";
import { useMessage } from "~/i18n/messages";
import { UploadForm } from "~/ui/UploadForm";
import { metaLocale, pageText } from "~/i18n/pages";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = metaLocale(matches);
  return [{ title: `${data?.product.name ?? pageText(locale, "title.product")} - ${pageText(locale, "title.producerHome")}` }];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "producer");
  return json(productDetail(principal, idParam(params.productId, "sản phẩm")));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "producer");
  const productId = idParam(params.productId, "sản phẩm");
  productDetail(principal, productId); // 404 for others' products, before reading any upload
  if (request.headers.get("Content-Type")?.startsWith("multipart/form-data")) {
    let received;
    try {
      received = await receiveUploads(request, { maxFiles: 10 });
    } catch (e) {
      return expectedErrorResponse(e);
    }
    try {
      await discardFiles(addProductPhotos(principal, productId, received.files));
    } catch (e) {
      await received.discard();
      return expectedErrorResponse(e);
    }
    return redirect(`/co-so/san-pham/${productId}?anh=1`);
  }
  const values = formToObject(await readFormData(request));
  if (values.intent === "delete-photo") {
    try {
      const r = await deleteProductPhoto(principal, productId, Number(values.photoId), { confirmed: values.confirm === "1" }, clientIp(request));
      return redirect(`/co-so/san-pham/${productId}?da-xoa-anh=${r.fileKept ? "giu" : "1"}`);
    } catch (e) {
      return expectedErrorResponse(e, { photoId: String(values.photoId ?? "") });
    }
  }
  const parsed = ProductSchema.safeParse(values);
  if (!parsed.success) return json({ ok: false as const, message: "", errors: fieldErrors(parsed.error), values }, { status: 400 });
  try {
    updateProduct(principal, productId, parsed.data);
  } catch (e) {
    return expectedErrorResponse(e, { values });
  }
  return redirect(`/co-so/san-pham/${productId}?da-luu=1`);
}

export default function ProductPage() {
  const { product, photos, history } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const v = ((data && "values" in data ? data.values : undefined) ?? {}) as Record<string, string>;
  // A refused photo deletion is shown beside that photo, not as an error of the edit form.
  const deleteError = data && !data.ok && "photoId" in data ? { photoId: String(data.photoId), message: data.message } : null;
  const errors = deleteError ? undefined : data?.errors;
  const pt = useProducerT();
  const locale = useLocale();
  return (
    <div>
      <p className="small">
        <Link to="/co-so">{pt("back")}</Link>
      </p>
      <h1>{product.name}</h1>
      {params.get("moi") ? <div className="alert success">{pt("pp.added")}</div> : null}
      {params.get("da-luu") ? <div className="alert success">{pt("pp.saved")}</div> : null}
      {params.get("anh") ? <div className="alert success">{pt("pp.photoAdded")}</div> : null}
      {params.get("da-xoa-anh") ? (
        <div className="alert success" role="status">
          {pt("pp.photoDeleted")}
          {params.get("da-xoa-anh") === "giu" ? pt("pp.photoKept") : ""}
        </div>
      ) : null}
      <div className="grid grid-2">
        <section className="card">
          <h2>{pt("pp.photos", { n: photos.length })}</h2>
          {photos.length ? (
            <PhotoList photos={photos} error={deleteError} />
          ) : (
            <p className="muted">{pt("pp.noPhotos")}</p>
          )}
          <UploadForm submitLabel={pt("pp.addPhoto")} autoSubmit>
            <div className="field">
              <label htmlFor="f-add-photos">{pt("pp.addPhotos")}</label>
              <input id="f-add-photos" type="file" name="photos" accept="image/jpeg,image/png,image/webp" multiple />
            </div>
          </UploadForm>
        </section>
        <section className="card">
          <h2>{pt("pp.edit")}</h2>
          <Form method="post" className="form" noValidate>
            <FormErrors errors={errors} />
            <Field name="name" label={pt("product.name")} required defaultValue={v.name ?? product.name} errors={errors} />
            <SelectField
              name="productGroupId"
              label={pt("product.group")}
              required
              defaultValue={v.productGroupId ?? String(product.productGroupId)}
              errors={errors}
              options={PRODUCT_GROUPS.map((g) => ({ value: g.id, label: groupLabel(g.id, locale) }))}
            />
            <div className="field">
              <label>
                <input type="checkbox" name="isSet" defaultChecked={v.isSet ? v.isSet === "on" : product.isSet} /> {pt("pp.set")}
              </label>
            </div>
            <div className="field">
              <label htmlFor="f-description">{pt("pp.description")}</label>
              <textarea id="f-description" name="description" rows={5} defaultValue={v.description ?? product.description} />
            </div>
            <SubmitButton pendingText={pt("pp.saving")}>{pt("pp.save")}</SubmitButton>
          </Form>
        </section>
      </div>
      <section className="card">
        <h2>{pt("pp.history")}</h2>
        {history.length ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{pt("pp.round")}</th>
                  <th>{pt("pp.level")}</th>
                  <th>{pt("pp.status")}</th>
                  <th className="num">{pt("pp.mean")}</th>
                  <th>{pt("pp.certificate")}</th>
                </tr>
              </thead>
              <tbody>
                {history.map((h) => (
                  <tr key={h.entryId}>
                    <td>
                      <Link to={`/co-so/du-thi/${h.entryId}`}>{h.roundTitle}</Link>
                      {h.dossierNo ? <div className="small muted">{pt("pp.dossierNo", { no: h.dossierNo })}</div> : null}
                    </td>
                    <td>
                      {levelLabel(h.level, locale)} {h.year}
                    </td>
                    <td>
                      <span className={`badge ${entryStatusTone(h.status)}`}>{entryStatusLabel(h.status, locale)}</span>
                    </td>
                    <td className="num">{h.sumTenths != null && h.judgesCount ? formatMean(h.sumTenths, h.judgesCount) : "—"}</td>
                    <td>{h.certificateNumber ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{pt("pp.noHistory")}</p>
        )}
      </section>
    </div>
  );
}

type Photo = { id: number; fileId: number; name: string };

/**
 * The product's photos, each with "Xóa ảnh". Without JavaScript (and before hydration) each has a
 * small form with a confirm checkbox the server requires; with JavaScript the button opens a
 * confirm dialog showing the photo, whose form posts the same fields with the confirmation.
 */
function PhotoList({ photos, error }: { photos: Photo[]; error: { photoId: string; message: string } | null }) {
  const [hydrated, setHydrated] = useState(false);
  const [pending, setPending] = useState<Photo | null>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const navigation = useNavigation();
  const deleting = navigation.state !== "idle" && navigation.formData?.get("intent") === "delete-photo";
  useEffect(() => setHydrated(true), []);
  useEffect(() => {
    const dialog = dialogRef.current;
    if (pending && dialog && !dialog.open) {
      dialog.showModal();
      cancelRef.current?.focus(); // the safe choice first; Escape closes natively
    }
  }, [pending]);
  useEffect(() => {
    if (navigation.state === "idle" && !deleting) dialogRef.current?.close();
  }, [navigation.state, deleting]);
  const pt = useProducerT();
  const msg = useMessage();
  const canDialog = hydrated && typeof HTMLDialogElement !== "undefined" && typeof HTMLDialogElement.prototype.showModal === "function";
  return (
    <>
      <ul className="photo-list">
        {photos.map((ph, i) => (
          <li key={ph.id}>
            <a href={`/tep/${ph.fileId}`} target="_blank" rel="noreferrer">
              <img src={`/tep/${ph.fileId}`} alt={ph.name} loading="lazy" />
            </a>
            {i === 0 ? <span className="badge">{pt("pp.mainPhoto")}</span> : null}
            {canDialog ? (
              <button type="button" className="link-button small danger" aria-haspopup="dialog" onClick={() => setPending(ph)}>
                {pt("pp.deletePhoto")}<span className="sr-only"> {ph.name}</span>
              </button>
            ) : (
              <Form method="post" className="photo-delete" preventScrollReset>
                <input type="hidden" name="intent" value="delete-photo" />
                <input type="hidden" name="photoId" value={ph.id} />
                <label className="check small">
                  <input type="checkbox" name="confirm" value="1" /> <span>{pt("pp.confirmDelete")}</span>
                </label>
                <button type="submit" className="link-button small danger">
                  {pt("pp.deletePhoto")}<span className="sr-only"> {ph.name}</span>
                </button>
              </Form>
            )}
            {error && error.photoId === String(ph.id) ? (
              <div className="field-error" role="alert">
                {msg(error.message)}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      <dialog ref={dialogRef} className="confirm-dialog photo-delete-dialog" aria-labelledby="photo-delete-title" aria-describedby="photo-delete-text" onClose={() => setPending(null)}>
        {pending ? (
          <>
            <h2 id="photo-delete-title">{pt("pp.deleteTitle")}</h2>
            <img src={`/tep/${pending.fileId}`} alt={pending.name} className="photo-delete-preview" />
            <p id="photo-delete-text">
              {pt("pp.deleteText", { name: pending.name })}
            </p>
            <Form method="post" className="row" preventScrollReset>
              <input type="hidden" name="intent" value="delete-photo" />
              <input type="hidden" name="photoId" value={pending.id} />
              <input type="hidden" name="confirm" value="1" />
              <button type="submit" className="button danger" disabled={deleting}>
                {deleting ? pt("pp.deleting") : pt("pp.deletePhoto")}
              </button>
              <button type="button" ref={cancelRef} className="button secondary" onClick={() => dialogRef.current?.close()}>
                {pt("pp.cancel")}
              </button>
            </Form>
          </>
        ) : null}
      </dialog>
    </>
  );
}
