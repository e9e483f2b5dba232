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
import { ENTRY_STATUS_LABELS, entryStatusTone, formatMean, LEVEL_LABELS } from "~/ui/labels";
import { UploadForm } from "~/ui/UploadForm";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.product.name ?? "Sản phẩm"} - Cơ sở của tôi` }];

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
  return (
    <div>
      <p className="small">
        <Link to="/co-so">← Cơ sở của tôi</Link>
      </p>
      <h1>{product.name}</h1>
      {params.get("moi") ? <div className="alert success">Đã thêm sản phẩm. Bạn có thể đăng ký sản phẩm vào kỳ bình chọn đang mở.</div> : null}
      {params.get("da-luu") ? <div className="alert success">Đã lưu thay đổi.</div> : null}
      {params.get("anh") ? <div className="alert success">Đã thêm ảnh.</div> : null}
      {params.get("da-xoa-anh") ? (
        <div className="alert success" role="status">
          Đã xóa ảnh khỏi sản phẩm.
          {params.get("da-xoa-anh") === "giu" ? " Tệp ảnh vẫn được giữ vì hồ sơ dự thi đang dùng ảnh này." : ""}
        </div>
      ) : null}
      <div className="grid grid-2">
        <section className="card">
          <h2>Ảnh sản phẩm ({photos.length})</h2>
          {photos.length ? (
            <PhotoList photos={photos} error={deleteError} />
          ) : (
            <p className="muted">Chưa có ảnh. Hồ sơ bình chọn cần ít nhất 3 ảnh màu chụp từ các góc khác nhau.</p>
          )}
          <UploadForm submitLabel="Thêm ảnh" autoSubmit>
            <div className="field">
              <label htmlFor="f-add-photos">Thêm ảnh (chọn được nhiều ảnh)</label>
              <input id="f-add-photos" type="file" name="photos" accept="image/jpeg,image/png,image/webp" multiple />
            </div>
          </UploadForm>
        </section>
        <section className="card">
          <h2>Sửa thông tin</h2>
          <Form method="post" className="form" noValidate>
            <FormErrors errors={errors} />
            <Field name="name" label="Tên sản phẩm" required defaultValue={v.name ?? product.name} errors={errors} />
            <SelectField
              name="productGroupId"
              label="Nhóm sản phẩm"
              required
              defaultValue={v.productGroupId ?? String(product.productGroupId)}
              errors={errors}
              options={PRODUCT_GROUPS.map((g) => ({ value: g.id, label: g.name }))}
            />
            <div className="field">
              <label>
                <input type="checkbox" name="isSet" defaultChecked={v.isSet ? v.isSet === "on" : product.isSet} /> Bộ sản phẩm
              </label>
            </div>
            <div className="field">
              <label htmlFor="f-description">Mô tả</label>
              <textarea id="f-description" name="description" rows={5} defaultValue={v.description ?? product.description} />
            </div>
            <SubmitButton pendingText="Đang lưu…">Lưu</SubmitButton>
          </Form>
        </section>
      </div>
      <section className="card">
        <h2>Lịch sử tham gia bình chọn</h2>
        {history.length ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Kỳ bình chọn</th>
                  <th>Cấp</th>
                  <th>Trạng thái</th>
                  <th className="num">Điểm trung bình</th>
                  <th>Giấy chứng nhận</th>
                </tr>
              </thead>
              <tbody>
                {history.map((h) => (
                  <tr key={h.entryId}>
                    <td>
                      <Link to={`/co-so/du-thi/${h.entryId}`}>{h.roundTitle}</Link>
                      {h.dossierNo ? <div className="small muted">Số hồ sơ {h.dossierNo}</div> : null}
                    </td>
                    <td>
                      {LEVEL_LABELS[h.level]} {h.year}
                    </td>
                    <td>
                      <span className={`badge ${entryStatusTone(h.status)}`}>{ENTRY_STATUS_LABELS[h.status]}</span>
                    </td>
                    <td className="num">{h.sumTenths != null && h.judgesCount ? formatMean(h.sumTenths, h.judgesCount) : "—"}</td>
                    <td>{h.certificateNumber ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">Sản phẩm chưa tham gia kỳ bình chọn nào.</p>
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
  const canDialog = hydrated && typeof HTMLDialogElement !== "undefined" && typeof HTMLDialogElement.prototype.showModal === "function";
  return (
    <>
      <ul className="photo-list">
        {photos.map((ph, i) => (
          <li key={ph.id}>
            <a href={`/tep/${ph.fileId}`} target="_blank" rel="noreferrer">
              <img src={`/tep/${ph.fileId}`} alt={ph.name} loading="lazy" />
            </a>
            {i === 0 ? <span className="badge">Ảnh chính</span> : null}
            {canDialog ? (
              <button type="button" className="link-button small danger" aria-haspopup="dialog" onClick={() => setPending(ph)}>
                Xóa ảnh<span className="sr-only"> {ph.name}</span>
              </button>
            ) : (
              <Form method="post" className="photo-delete" preventScrollReset>
                <input type="hidden" name="intent" value="delete-photo" />
                <input type="hidden" name="photoId" value={ph.id} />
                <label className="check small">
                  <input type="checkbox" name="confirm" value="1" /> <span>Xác nhận xóa</span>
                </label>
                <button type="submit" className="link-button small danger">
                  Xóa ảnh<span className="sr-only"> {ph.name}</span>
                </button>
              </Form>
            )}
            {error && error.photoId === String(ph.id) ? (
              <div className="field-error" role="alert">
                {error.message}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      <dialog ref={dialogRef} className="confirm-dialog photo-delete-dialog" aria-labelledby="photo-delete-title" aria-describedby="photo-delete-text" onClose={() => setPending(null)}>
        {pending ? (
          <>
            <h2 id="photo-delete-title">Xóa ảnh này?</h2>
            <img src={`/tep/${pending.fileId}`} alt={pending.name} className="photo-delete-preview" />
            <p id="photo-delete-text">
              Ảnh “{pending.name}” sẽ bị xóa khỏi sản phẩm. Nếu hồ sơ dự thi đang dùng ảnh này, hồ sơ vẫn giữ ảnh; nếu không, tệp ảnh bị xóa hẳn.
            </p>
            <Form method="post" className="row" preventScrollReset>
              <input type="hidden" name="intent" value="delete-photo" />
              <input type="hidden" name="photoId" value={pending.id} />
              <input type="hidden" name="confirm" value="1" />
              <button type="submit" className="button danger" disabled={deleting}>
                {deleting ? "Đang xóa…" : "Xóa ảnh"}
              </button>
              <button type="button" ref={cancelRef} className="button secondary" onClick={() => dialogRef.current?.close()}>
                Hủy
              </button>
            </Form>
          </>
        ) : null}
      </dialog>
    </>
  );
}
