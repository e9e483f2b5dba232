import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { expectedErrorResponse, readFormData } from "~/lib/action-errors.server";
import { formatDateTime } from "~/lib/dates";
import { clientIp } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { fieldErrors, formToObject } from "~/modules/accounts/accounts";
import { MemberSchema } from "~/modules/producers/producers";
import { addMember, currentEstablishment, listMemberInvitations, listMembers } from "~/modules/producers/producers.server";
import { Field, FormErrors, SubmitButton } from "~/ui/form";

export const meta: MetaFunction = () => [{ title: "Thành viên cơ sở - Bình chọn sản phẩm CNNT tiêu biểu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "producer");
  const est = currentEstablishment(principal);
  return json({ name: est.name, members: listMembers(principal, est.id), invitations: listMemberInvitations(principal, est.id) });
}

export async function action({ request }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "producer");
  const est = currentEstablishment(principal);
  const values = formToObject(await readFormData(request));
  const parsed = MemberSchema.safeParse(values);
  if (!parsed.success) return json({ ok: false as const, message: "", errors: fieldErrors(parsed.error), values }, { status: 400 });
  let email: string;
  try {
    ({ email } = await addMember(principal, est.id, parsed.data, clientIp(request)));
  } catch (e) {
    return expectedErrorResponse(e, { values });
  }
  // The same answer whether or not the email already has an account.
  return redirect(`/co-so/thanh-vien?da-moi=${encodeURIComponent(email)}`);
}

export default function Members() {
  const { name, members, invitations } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const v = ((data && "values" in data ? data.values : undefined) ?? {}) as Record<string, string>;
  return (
    <div>
      <p className="small">
        <Link to="/co-so">← Cơ sở của tôi</Link>
      </p>
      <h1>Thành viên của {name}</h1>
      {params.get("da-moi") ? (
        <div className="alert success" role="status">
          Đã gửi lời mời tới {params.get("da-moi")}. Người đó trở thành thành viên sau khi mở liên kết trong thư và nhận lời mời (liên kết có hiệu lực 7 ngày).
        </div>
      ) : null}
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
      {invitations.length ? (
        <section>
          <h2>Lời mời đang chờ nhận</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Email được mời</th>
                  <th>Gửi lúc</th>
                  <th>Hiệu lực đến</th>
                </tr>
              </thead>
              <tbody>
                {invitations.map((i) => (
                  <tr key={i.id}>
                    <td>{i.email}</td>
                    <td>{formatDateTime(i.createdAt)}</td>
                    <td>{formatDateTime(i.expiresAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      <section className="card">
        <h2>Mời người cùng quản lý hồ sơ</h2>
        <p className="small muted">Người được mời nhận thư có liên kết; họ chỉ trở thành thành viên khi tự nhận lời mời (đăng nhập bằng tài khoản của mình hoặc tạo tài khoản mới).</p>
        {/* A new key after each invitation sent: the form starts empty for the next one. */}
        <Form method="post" className="form" noValidate key={params.get("da-moi") ?? ""}>
          <FormErrors errors={data?.errors} />
          <Field name="fullName" label="Họ và tên người được mời" hint="Dùng để chào trong thư mời." required defaultValue={v.fullName} errors={data?.errors} />
          <Field name="email" type="email" inputMode="email" label="Email" required defaultValue={v.email} errors={data?.errors} />
          <SubmitButton>Gửi lời mời</SubmitButton>
        </Form>
      </section>
    </div>
  );
}
