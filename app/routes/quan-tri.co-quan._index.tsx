import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { readFormData } from "~/lib/action-errors.server";
import { Form, Link, useActionData, useLoaderData, useSearchParams, useSubmit } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { ORG_LEVELS, type OrgLevel } from "~db/schema";
import { clientIp } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { fieldErrors, formToObject } from "~/modules/accounts/accounts";
import { BodySchema, ORG_LEVEL_LABELS } from "~/modules/invitations/invitations";
import { bodyFormOptions, createBody, listBodies } from "~/modules/invitations/bodies.server";
import { InvitationError } from "~/modules/invitations/invitations.server";
import { Field, FormErrors, SelectField, SubmitButton } from "~/ui/form";

export const meta: MetaFunction = () => [{ title: "Cơ quan tổ chức - Quản trị" }];

function choices(url: URL, values?: Record<string, string>) {
  const get = (k: string) => values?.[k] ?? url.searchParams.get(k) ?? "";
  const level = z.enum(ORG_LEVELS).catch("province").parse(get("level") || "province");
  const provinceId = z.coerce.number().int().positive().nullable().catch(null).parse(get("provinceId") || null);
  return { level, provinceId };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "admin");
  const { provinceId } = choices(new URL(request.url));
  return json({ bodies: listBodies(principal), options: bodyFormOptions(principal, provinceId) });
}

type ActionData = { errors: Record<string, string>; values: Record<string, string>; options: ReturnType<typeof bodyFormOptions> };

export async function action({ request }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "admin");
  const values = formToObject(await readFormData(request));
  const { provinceId } = choices(new URL(request.url), values);
  const fail = (errors: Record<string, string>, status = 400) =>
    json<ActionData>({ errors, values, options: bodyFormOptions(principal, provinceId) }, { status });
  const parsed = BodySchema.safeParse(values);
  if (!parsed.success) return fail(fieldErrors(parsed.error));
  try {
    const id = createBody(principal, parsed.data, clientIp(request));
    return redirect(`/quan-tri/co-quan/${id}?moi-tao=1`);
  } catch (e) {
    if (e instanceof InvitationError) return fail({ [e.field]: e.message }, e.status);
    throw e;
  }
}

const LEVEL_OPTIONS = ORG_LEVELS.map((l) => ({ value: l, label: ORG_LEVEL_LABELS[l] }));

export default function Bodies() {
  const { bodies, options: loaded } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const [params] = useSearchParams();
  const options = data?.options ?? loaded;
  const v = (k: string) => data?.values[k] ?? params.get(k) ?? "";
  const [level, setLevel] = useState<OrgLevel>((ORG_LEVELS as readonly string[]).includes(v("level")) ? (v("level") as OrgLevel) : "province");
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const submit = useSubmit();
  const formRef = useRef<HTMLFormElement>(null);
  const errors = data?.errors;
  // Without JavaScript every field shows; with it, only those the chosen level needs.
  const show = (levels: OrgLevel[]) => !hydrated || levels.includes(level);
  const unitOptions = level === "district" ? options.districts : options.communes;
  const reloadUnits = () => {
    if (formRef.current) submit(formRef.current, { method: "get", replace: true, preventScrollReset: true });
  };
  return (
    <div>
      <p className="small">
        <Link to="/quan-tri">← Quản trị</Link>
      </p>
      <h1>Cơ quan tổ chức</h1>
      <p className="muted">
        Cơ quan thường trực của từng cấp: UBND xã hoặc Phòng Kinh tế (cấp huyện, cấp xã), Sở Công Thương (cấp tỉnh), Cục thuộc Bộ Công Thương (cấp khu vực, cấp quốc gia). Cán bộ được mời qua email.
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Tên cơ quan</th>
              <th>Cấp</th>
              <th>Địa bàn</th>
              <th className="num">Cán bộ</th>
              <th className="num">Lời mời chờ</th>
            </tr>
          </thead>
          <tbody>
            {bodies.map((b) => (
              <tr key={b.id}>
                <td>
                  <Link to={`/quan-tri/co-quan/${b.id}`}>{b.name}</Link>
                </td>
                <td className="nowrap">{ORG_LEVEL_LABELS[b.level]}</td>
                <td>{b.territory}</td>
                <td className="num">{b.staff}</td>
                <td className="num">{b.pending}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section className="card" id="tao-co-quan">
        <h2>Thêm cơ quan tổ chức</h2>
        <Form method="post" className="form" noValidate ref={formRef}>
          <FormErrors errors={errors} />
          <Field name="name" label="Tên cơ quan" required hint="Ví dụ: Sở Công Thương tỉnh Bắc Ninh" defaultValue={v("name")} errors={errors} />
          <SelectField
            name="level"
            label="Cấp"
            required
            options={LEVEL_OPTIONS}
            value={level}
            onChange={(e) => setLevel(e.currentTarget.value as OrgLevel)}
            errors={errors}
          />
          {show(["province", "district", "commune"]) ? (
            <SelectField
              name="provinceId"
              label="Tỉnh, thành phố"
              hint={hydrated ? undefined : "Cấp tỉnh, cấp huyện, cấp xã. Với cấp huyện, cấp xã: chọn tỉnh rồi bấm “Tải danh sách”."}
              placeholder="— Chọn tỉnh, thành phố —"
              options={options.provinces}
              defaultValue={v("provinceId")}
              onChange={() => {
                if (level === "district" || level === "commune") reloadUnits();
              }}
              errors={errors}
            />
          ) : null}
          {show(["district", "commune"]) ? (
            <div className="inline-fields">
              <SelectField
                name="unitId"
                label={level === "district" ? "Quận, huyện" : "Xã, phường"}
                hint={hydrated ? undefined : "Cấp huyện, cấp xã."}
                placeholder={unitOptions.length ? "— Chọn —" : "— Chọn tỉnh trước —"}
                options={unitOptions}
                defaultValue={v("unitId")}
                errors={errors}
              />
              <button type="submit" formMethod="get" className="button secondary units-button" name="tai" value="1">
                Tải danh sách
              </button>
            </div>
          ) : null}
          {show(["region"]) ? (
            <SelectField
              name="regionCode"
              label="Khu vực"
              hint={hydrated ? undefined : "Cấp khu vực."}
              placeholder="— Chọn khu vực —"
              options={options.regions}
              defaultValue={v("regionCode")}
              errors={errors}
            />
          ) : null}
          <div className="inline-fields">
            <Field name="email" type="email" label="Email cơ quan" defaultValue={v("email")} errors={errors} />
            <Field name="phone" type="tel" label="Điện thoại" defaultValue={v("phone")} errors={errors} />
          </div>
          <Field name="address" label="Địa chỉ" defaultValue={v("address")} errors={errors} />
          <SubmitButton>Thêm cơ quan</SubmitButton>
        </Form>
      </section>
    </div>
  );
}
