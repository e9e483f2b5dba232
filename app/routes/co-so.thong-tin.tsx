import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { readFormData } from "~/lib/action-errors.server";
import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { LEGAL_TYPES } from "~db/schema";
import { badRequest } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { fieldErrors, formToObject, LEGAL_TYPE_LABELS } from "~/modules/accounts/accounts";
import { EstablishmentSchema } from "~/modules/producers/producers";
import { currentEstablishment, ProducerError, updateEstablishment } from "~/modules/producers/producers.server";
import { communeOptions, listProvinces } from "~/modules/units/units.server";
import { Field, FormErrors, SelectField, SubmitButton } from "~/ui/form";

export const meta: MetaFunction = () => [{ title: "Thông tin cơ sở - Bình chọn sản phẩm CNNT tiêu biểu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "producer");
  const est = currentEstablishment(principal);
  // Without JavaScript, "?tinh=" reloads the commune list for another province.
  const sp = new URL(request.url).searchParams;
  const wanted = Number(sp.get("tinh") ?? sp.get("provinceId"));
  const provinces = listProvinces();
  const provinceId = provinces.some((p) => p.id === wanted) ? wanted : est.provinceId;
  return json({
    est,
    provinceId,
    provinces: provinces.map((p) => ({ value: p.id, label: `${p.kind} ${p.name}` })),
    communes: provinceId ? communeOptions(provinceId) : [],
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "producer");
  const est = currentEstablishment(principal);
  const values = formToObject(await readFormData(request));
  const parsed = EstablishmentSchema.safeParse(values);
  if (!parsed.success) return badRequest({ errors: fieldErrors(parsed.error), values });
  try {
    updateEstablishment(principal, est.id, parsed.data);
  } catch (e) {
    if (e instanceof ProducerError) return json({ errors: { [e.field]: e.message } as Record<string, string>, values }, { status: e.status });
    throw e;
  }
  return redirect("/co-so?da-luu=thong-tin");
}

export default function EstablishmentProfile() {
  const { est, provinces, communes, provinceId } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const v = (data?.values ?? {}) as Record<string, string>;
  const errors = data?.errors;
  const [province, setProvince] = useState(String(v.provinceId ?? provinceId ?? ""));
  const fetcher = useFetcher<{ units: { id: number; label: string }[] }>();
  useEffect(() => {
    if (province && province !== String(provinceId)) fetcher.load(`/api/don-vi?cha=${province}`);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [province]);
  const communeList = province !== String(provinceId) && fetcher.data ? fetcher.data.units : communes;
  const val = (k: keyof typeof est) => v[k as string] ?? (est[k] == null ? "" : String(est[k]));
  return (
    <div>
      <p className="small">
        <Link to="/co-so">← Cơ sở của tôi</Link>
      </p>
      <h1>Thông tin cơ sở</h1>
      <p className="muted">Thông tin này được in trên phiếu đăng ký và giấy chứng nhận. Các ô có dấu * là bắt buộc.</p>
      <Form method="post" className="form" noValidate>
        <FormErrors errors={errors} />
        <fieldset>
          <legend>Cơ sở</legend>
          <Field name="name" label="Tên cơ sở" required defaultValue={val("name")} errors={errors} />
          <SelectField
            name="legalType"
            label="Loại hình"
            required
            defaultValue={val("legalType")}
            errors={errors}
            options={LEGAL_TYPES.map((l) => ({ value: l, label: LEGAL_TYPE_LABELS[l] }))}
          />
          <Field
            name="registrationNo"
            label="Mã số doanh nghiệp, HTX / số giấy chứng nhận hộ kinh doanh"
            hint="Mã số doanh nghiệp, HTX: 10 hoặc 13 chữ số. Hộ kinh doanh: số trên giấy chứng nhận."
            required
            defaultValue={val("registrationNo")}
            errors={errors}
            inputMode="text"
            autoCapitalize="characters"
          />
          <Field name="representative" label="Người đại diện theo pháp luật" required defaultValue={val("representative")} errors={errors} />
        </fieldset>
        <fieldset>
          <legend>Địa chỉ</legend>
          <SelectField name="provinceId" label="Tỉnh, thành phố" required value={province} onChange={(e) => setProvince(e.target.value)} errors={errors} options={provinces} />
          <noscript>
            <p className="small">
              Đổi tỉnh? Chọn tỉnh rồi bấm <button formMethod="get" formAction="/co-so/thong-tin" className="link-button">tải danh sách xã</button>.
            </p>
          </noscript>
          <SelectField
            key={province}
            name="unitId"
            label="Xã, phường"
            required
            placeholder="— Chọn xã, phường —"
            defaultValue={province === String(est.provinceId) ? val("unitId") : ""}
            errors={errors}
            options={communeList.map((c) => ({ value: c.id, label: c.label }))}
            disabled={fetcher.state === "loading"}
          />
          <Field name="street" label="Số nhà, đường, thôn, xóm" required defaultValue={val("street")} errors={errors} />
        </fieldset>
        <fieldset>
          <legend>Liên hệ</legend>
          <Field name="phone" type="tel" inputMode="tel" label="Số điện thoại" hint="Ví dụ: 0912 345 678" required defaultValue={val("phone")} errors={errors} />
          <Field name="email" type="email" inputMode="email" label="Email" defaultValue={val("email")} errors={errors} />
        </fieldset>
        <fieldset>
          <legend>Tài khoản ngân hàng (không bắt buộc)</legend>
          <p className="small muted">Dùng để chi trả tiền thưởng khi sản phẩm đạt giải. Có thể để trống và bổ sung sau.</p>
          <Field
            name="bankAccountNo"
            label="Số tài khoản"
            hint="6 đến 20 chữ số."
            inputMode="numeric"
            autoComplete="off"
            defaultValue={val("bankAccountNo")}
            errors={errors}
          />
          <Field name="bankName" label="Ngân hàng" hint="Ví dụ: Ngân hàng Nông nghiệp và Phát triển Nông thôn (Agribank), chi nhánh Bắc Ninh" defaultValue={val("bankName")} errors={errors} />
          <Field name="bankAccountHolder" label="Chủ tài khoản" defaultValue={val("bankAccountHolder")} errors={errors} />
        </fieldset>
        <SubmitButton pendingText="Đang lưu…">Lưu thông tin</SubmitButton>
      </Form>
    </div>
  );
}
