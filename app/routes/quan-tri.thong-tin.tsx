import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { readFormData } from "~/lib/action-errors.server";
import { requireRole } from "~/lib/permissions.server";
import { fieldErrors, formToObject } from "~/modules/accounts/accounts";
import { OperatorSchema } from "~/modules/site/site";
import { operatorDetails, saveOperatorDetails } from "~/modules/site/site.server";
import { Field, SubmitButton } from "~/ui/form";

export const meta: MetaFunction = () => [{ title: "Thông tin cơ quan vận hành - Quản trị" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return json({ operator: operatorDetails() }, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "admin");
  const f = formToObject(await readFormData(request));
  const parsed = OperatorSchema.safeParse(f);
  if (!parsed.success) {
    return json({ ok: false as const, message: "Vui lòng sửa các ô được đánh dấu.", errors: fieldErrors(parsed.error), values: f }, { status: 400 });
  }
  saveOperatorDetails(principal, parsed.data);
  return redirect("/quan-tri/thong-tin?da-luu=1");
}

/** The managing authority and the operator's contact details, shown in every page's footer. */
export default function OperatorSettings() {
  const { operator } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = data && !data.ok ? data.errors : undefined;
  const value = (k: keyof NonNullable<typeof operator>) => (data && !data.ok ? String(data.values[k] ?? "") : operator?.[k] ?? "");
  return (
    <div className="narrow">
      <p className="small">
        <Link to="/quan-tri">← Quản trị</Link>
      </p>
      <h1>Thông tin cơ quan vận hành</h1>
      <p className="muted">Hiện ở chân mọi trang và trên các trang Giới thiệu, Quyền riêng tư, Tiếp cận: người dân cần biết ai quản lý trang và liên hệ thế nào.</p>
      {params.get("da-luu") ? (
        <div className="alert success" role="status">
          Đã lưu. Chân trang đã hiện thông tin mới.
        </div>
      ) : null}
      {data && !data.ok ? (
        <div className="alert error" role="alert">
          {data.message}
        </div>
      ) : null}
      <Form method="post" className="form card" noValidate>
        <Field name="authority" label="Cơ quan chủ quản" required defaultValue={value("authority")} errors={errors} hint="Ví dụ: Sở Công Thương tỉnh Bắc Ninh" />
        <Field name="operator" label="Đơn vị vận hành" required defaultValue={value("operator")} errors={errors} hint="Ví dụ: Trung tâm Khuyến công và Tư vấn phát triển công nghiệp" />
        <Field name="address" label="Địa chỉ" required defaultValue={value("address")} errors={errors} />
        <Field name="hotline" label="Đường dây nóng" required inputMode="tel" defaultValue={value("hotline")} errors={errors} />
        <Field name="email" label="Thư điện tử liên hệ" required type="email" defaultValue={value("email")} errors={errors} />
        <Field name="responsible" label="Chịu trách nhiệm nội dung" required defaultValue={value("responsible")} errors={errors} hint="Người hoặc bộ phận, ví dụ: Phó Giám đốc Sở Nguyễn Văn A" />
        <SubmitButton>Lưu thông tin</SubmitButton>
      </Form>
    </div>
  );
}
