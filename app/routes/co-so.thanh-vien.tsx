import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { expectedErrorResponse } from "~/lib/action-errors.server";
import { requireRole } from "~/lib/permissions.server";
import { fieldErrors, formToObject } from "~/modules/accounts/accounts";
import { MemberSchema } from "~/modules/producers/producers";
import { addMember, currentEstablishment, listMembers } from "~/modules/producers/producers.server";
import { Field, FormErrors, SubmitButton } from "~/ui/form";

export const meta: MetaFunction = () => [{ title: "Thành viên cơ sở - Bình chọn sản phẩm CNNT tiêu biểu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "producer");
  const est = currentEstablishment(principal);
  return json({ name: est.name, members: listMembers(principal, est.id) });
}

export async function action({ request }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "producer");
  const est = currentEstablishment(principal);
  const values = formToObject(await request.formData());
  const parsed = MemberSchema.safeParse(values);
  if (!parsed.success) return json({ ok: false as const, message: "", errors: fieldErrors(parsed.error), values }, { status: 400 });
  try {
    await addMember(principal, est.id, parsed.data);
  } catch (e) {
    return expectedErrorResponse(e, { values });
  }
  return redirect("/co-so/thanh-vien?them=1");
}

export default function Members() {
  const { name, members } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const v = ((data && "values" in data ? data.values : undefined) ?? {}) as Record<string, string>;
  return (
    <div>
      <p className="small">
        <Link to="/co-so">← Cơ sở của tôi</Link>
      </p>
      <h1>Thành viên của {name}</h1>
      {params.get("them") ? <div className="alert success">Đã thêm thành viên và gửi thư hướng dẫn đăng nhập.</div> : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Họ tên</th>
              <th>Email</th>
              <th>Vai trò</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.userId}>
                <td>{m.fullName}</td>
                <td>{m.email}</td>
                <td>
                  {m.role === "owner" ? "Chủ tài khoản" : "Thành viên"}
                  {!m.hasPassword ? <span className="badge warn">Chưa đặt mật khẩu</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="card">
        <h2>Thêm người cùng quản lý hồ sơ</h2>
        <Form method="post" className="form" noValidate>
          <FormErrors errors={data?.errors} />
          <Field name="fullName" label="Họ và tên" required defaultValue={v.fullName} errors={data?.errors} />
          <Field name="email" type="email" inputMode="email" label="Email" required defaultValue={v.email} errors={data?.errors} />
          <SubmitButton>Thêm thành viên</SubmitButton>
        </Form>
      </section>
    </div>
  );
}
