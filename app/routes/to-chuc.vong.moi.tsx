import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { expectedErrorResponse, readFormData } from "~/lib/action-errors.server";
import { requireRole } from "~/lib/permissions.server";
import { fieldErrors } from "~/modules/accounts/accounts";
import { RoundSettingsSchema } from "~/modules/rounds/rounds";
import { bodiesForCreation, createRound, listDocumentTypes, roundFormValues } from "~/modules/rounds/rounds.server";
import { SelectField } from "~/ui/form";
import { LEVEL_LABELS } from "~/ui/labels";
import { RoundSettingsForm, settingsFromForm } from "~/ui/RoundSettingsForm";

export const meta: MetaFunction = () => [{ title: "Tạo kỳ bình chọn - Tổ chức" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  return json({ bodies: bodiesForCreation(principal), values: roundFormValues(), docTypes: listDocumentTypes() });
}

export async function action({ request }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  const values = settingsFromForm(await readFormData(request));
  const parsed = RoundSettingsSchema.safeParse(values);
  if (!parsed.success) return json({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  try {
    const id = createRound(principal, Number(values.bodyId), parsed.data);
    return redirect(`/to-chuc/vong/${id}?moi=1`);
  } catch (e) {
    return expectedErrorResponse(e, { values });
  }
}

export default function NewRound() {
  const { bodies, values, docTypes } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const v = (data?.values ?? values) as Record<string, string | string[]>;
  return (
    <div>
      <p className="small">
        <Link to="/to-chuc">← Các kỳ bình chọn</Link>
      </p>
      <h1>Tạo kỳ bình chọn</h1>
      <p className="muted">Kỳ bình chọn được tạo ở trạng thái bản nháp; mở nhận hồ sơ khi đã sẵn sàng.</p>
      <RoundSettingsForm values={v} errors={data?.errors} docTypes={docTypes} frozen={[]} submitLabel="Tạo kỳ bình chọn">
        <SelectField
          name="bodyId"
          label="Cơ quan tổ chức"
          required
          defaultValue={String(v.bodyId ?? bodies[0]?.id ?? "")}
          errors={data?.errors}
          options={bodies.map((b) => ({ value: b.id, label: `${b.name} (${LEVEL_LABELS[b.level]})` }))}
        />
      </RoundSettingsForm>
    </div>
  );
}
