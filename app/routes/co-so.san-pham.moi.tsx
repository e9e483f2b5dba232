import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { PRODUCT_GROUPS } from "~db/reference/catalog";
import { expectedErrorResponse } from "~/lib/action-errors.server";
import { requireRole } from "~/lib/permissions.server";
import { receiveUploads } from "~/lib/uploads.server";
import { fieldErrors } from "~/modules/accounts/accounts";
import { ProductSchema } from "~/modules/producers/producers";
import { createProduct, currentEstablishment } from "~/modules/producers/producers.server";
import { Field, FormErrors, SelectField, SubmitButton } from "~/ui/form";

export const meta: MetaFunction = () => [{ title: "Thêm sản phẩm - Bình chọn sản phẩm CNNT tiêu biểu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "producer");
  currentEstablishment(principal);
  return json({});
}

export async function action({ request }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "producer");
  const est = currentEstablishment(principal);
  let received;
  try {
    received = await receiveUploads(request, { maxFiles: 10 });
  } catch (e) {
    return expectedErrorResponse(e, { values: {} });
  }
  const { fields, files, discard } = received;
  const parsed = ProductSchema.safeParse(fields);
  if (!parsed.success) {
    await discard();
    return json({ ok: false as const, message: "", errors: fieldErrors(parsed.error), values: fields }, { status: 400 });
  }
  try {
    const id = createProduct(principal, est.id, parsed.data, files.filter((f) => f.field === "photos"));
    return redirect(`/co-so/san-pham/${id}?moi=1`);
  } catch (e) {
    await discard();
    return expectedErrorResponse(e, { values: fields });
  }
}

const GROUP_OPTIONS = PRODUCT_GROUPS.map((g) => ({ value: g.id, label: g.name }));

export default function NewProduct() {
  const data = useActionData<typeof action>();
  const v = ((data && "values" in data ? data.values : {}) ?? {}) as Record<string, string>;
  const errors = data?.errors;
  return (
    <div>
      <p className="small">
        <Link to="/co-so">← Cơ sở của tôi</Link>
      </p>
      <h1>Thêm sản phẩm</h1>
      <Form method="post" encType="multipart/form-data" className="form" noValidate>
        <FormErrors errors={errors} />
        <Field name="name" label="Tên sản phẩm" required defaultValue={v.name} errors={errors} />
        <SelectField name="productGroupId" label="Nhóm sản phẩm" required placeholder="— Chọn nhóm —" defaultValue={v.productGroupId ?? ""} errors={errors} options={GROUP_OPTIONS} />
        <div className="field">
          <label>
            <input type="checkbox" name="isSet" defaultChecked={v.isSet === "on"} /> Đây là bộ sản phẩm (nhiều món đi cùng nhau)
          </label>
        </div>
        <div className={`field${errors?.description ? " has-error" : ""}`}>
          <label htmlFor="f-description">Mô tả sản phẩm</label>
          <textarea id="f-description" name="description" rows={5} defaultValue={v.description} />
          <span className="hint">Nguyên liệu, quy trình, công dụng, thị trường tiêu thụ.</span>
          {errors?.description ? <div className="field-error">{errors.description}</div> : null}
        </div>
        <div className={`field${errors?.photos || errors?.files ? " has-error" : ""}`}>
          <label htmlFor="f-photos">Ảnh sản phẩm</label>
          <input id="f-photos" type="file" name="photos" accept="image/jpeg,image/png,image/webp" multiple />
          <span className="hint">Có thể chọn nhiều ảnh một lần (JPEG, PNG, WebP; mỗi ảnh tối đa 20 MB).</span>
          {errors?.photos || errors?.files ? <div className="field-error" role="alert">{errors.photos ?? errors.files}</div> : null}
        </div>
        <SubmitButton pendingText="Đang lưu và tải ảnh lên…">Lưu sản phẩm</SubmitButton>
      </Form>
    </div>
  );
}
