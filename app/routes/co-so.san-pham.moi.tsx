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
import { metaLocale, pageTitle } from "~/i18n/pages";
import { groupLabel } from "~/ui/labels";
import { useLocale } from "~/i18n";
import { useProducerT } from "~/i18n/producer";
import { useMessage } from "~/i18n/messages";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(metaLocale(matches), "title.newProduct") }];

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
  const pt = useProducerT();
  const locale = useLocale();
  const msg = useMessage();
  return (
    <div>
      <p className="small">
        <Link to="/co-so">{pt("back")}</Link>
      </p>
      <h1>{pt("product.new")}</h1>
      <Form method="post" encType="multipart/form-data" className="form" noValidate>
        <FormErrors errors={errors} />
        <Field name="name" label={pt("product.name")} required defaultValue={v.name} errors={errors} />
        <SelectField name="productGroupId" label={pt("product.group")} required placeholder={pt("product.chooseGroup")} defaultValue={v.productGroupId ?? ""} errors={errors} options={GROUP_OPTIONS.map((g) => ({ ...g, label: groupLabel(g.value, locale) }))} />
        <div className="field">
          <label>
            <input type="checkbox" name="isSet" defaultChecked={v.isSet === "on"} /> {pt("product.isSet")}
          </label>
        </div>
        <div className={`field${errors?.description ? " has-error" : ""}`}>
          <label htmlFor="f-description">{pt("product.description")}</label>
          <textarea id="f-description" name="description" rows={5} defaultValue={v.description} />
          <span className="hint">{pt("product.descriptionHint")}</span>
          {errors?.description ? <div className="field-error">{msg(errors.description)}</div> : null}
        </div>
        <div className={`field${errors?.photos || errors?.files ? " has-error" : ""}`}>
          <label htmlFor="f-photos">{pt("product.photos")}</label>
          <input id="f-photos" type="file" name="photos" accept="image/jpeg,image/png,image/webp" multiple />
          <span className="hint">{pt("product.photosHint")}</span>
          {errors?.photos || errors?.files ? <div className="field-error" role="alert">{msg(errors.photos ?? errors.files)}</div> : null}
        </div>
        <SubmitButton pendingText={pt("product.saving")}>{pt("product.save")}</SubmitButton>
      </Form>
    </div>
  );
}
