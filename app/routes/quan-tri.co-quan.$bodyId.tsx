import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { readFormData } from "~/lib/action-errors.server";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { formatDateTime } from "~/lib/dates";
import { clientIp, idParam } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { fieldErrors, formToObject } from "~/modules/accounts/accounts";
import { InviteStaffSchema, ORG_LEVEL_LABELS } from "~/modules/invitations/invitations";
import { bodyDetail, inviteStaff, removeStaff } from "~/modules/invitations/bodies.server";
import { InvitationError } from "~/modules/invitations/invitations.server";
import { Field, FormErrors, SubmitButton } from "~/ui/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.body.name ?? "Cơ quan tổ chức"} - Quản trị` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "admin");
  return json(bodyDetail(principal, idParam(params.bodyId, "cơ quan tổ chức")));
}

type ActionData = { errors: Record<string, string>; values: Record<string, string>; removeUserId?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "admin");
  const bodyId = idParam(params.bodyId, "cơ quan tổ chức");
  const values = formToObject(await readFormData(request));
  if (values.intent === "remove") {
    const userId = values.userId ?? "";
    try {
      const { email } = removeStaff(principal, bodyId, userId, clientIp(request));
      return redirect(`/quan-tri/co-quan/${bodyId}?da-go=${encodeURIComponent(email)}`);
    } catch (e) {
      if (e instanceof InvitationError) return json<ActionData>({ errors: { _remove: e.message }, values: {}, removeUserId: userId }, { status: e.status });
      throw e;
    }
  }
  const parsed = InviteStaffSchema.safeParse(values);
  if (!parsed.success) return json<ActionData>({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  try {
    await inviteStaff(principal, bodyId, parsed.data.email, clientIp(request));
  } catch (e) {
    if (e instanceof InvitationError) return json<ActionData>({ errors: { [e.field]: e.message }, values }, { status: e.status });
    throw e;
  }
  return redirect(`/quan-tri/co-quan/${bodyId}?da-moi=${encodeURIComponent(parsed.data.email)}`);
}

const STATE: Record<string, [string, string]> = {
  accepted: ["Đã nhận lời", "ok"],
  pending: ["Đang chờ", "info"],
  expired: ["Hết hạn", "warn"],
};

export default function BodyPage() {
  const { body, territory, staff, invitations } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const [params] = useSearchParams();
  const invited = params.get("da-moi");
  const removed = params.get("da-go");
  return (
    <div>
      <p className="small">
        <Link to="/quan-tri/co-quan">← Cơ quan tổ chức</Link>
      </p>
      <h1>{body.name}</h1>
      <div className="row">
        <span className="badge">{ORG_LEVEL_LABELS[body.level]}</span>
        <span className="muted small">{territory}</span>
      </div>
      {params.get("moi-tao") ? <div className="alert success">Đã thêm cơ quan. Hãy mời cán bộ của cơ quan bên dưới.</div> : null}
      {invited ? (
        <div className="alert success" role="status">
          Đã gửi lời mời tới {invited}. Liên kết trong thư có hiệu lực 7 ngày và chỉ dùng được một lần.
        </div>
      ) : null}
      {removed ? (
        <div className="alert success" role="status">
          Đã gỡ {removed} khỏi cán bộ của cơ quan. Tài khoản của người này vẫn còn; họ không còn quyền của cơ quan.
        </div>
      ) : null}
      <section className="card">
        <h2>Mời cán bộ</h2>
        <Form method="post" className="form" noValidate>
          <FormErrors errors={data?.errors._remove ? undefined : data?.errors} />
          <Field
            name="email"
            type="email"
            inputMode="email"
            label="Email của cán bộ"
            hint="Người được mời đặt mật khẩu qua liên kết trong thư; nếu email đã có tài khoản, tài khoản đó được gắn với cơ quan sau khi đăng nhập."
            required
            defaultValue={data?.values.email ?? ""}
            errors={data?.errors}
          />
          <SubmitButton>Gửi lời mời</SubmitButton>
        </Form>
      </section>
      <h2 id="can-bo">Cán bộ ({staff.length})</h2>
      {data?.errors._remove && !staff.some((s) => s.id === data.removeUserId) ? (
        <div className="alert error" role="alert">
          {data.errors._remove}
        </div>
      ) : null}
      {staff.length ? (
        <ul className="list-plain card staff-list">
          {staff.map((s) => (
            <li key={s.id}>
              <div className="staff-row">
                <div>
                  <Link to={`/quan-tri/tai-khoan/${s.id}`}>
                    <strong>{s.fullName}</strong>
                  </Link>{" "}
                  <span className="muted small break">{s.email}</span>
                  {s.position ? <div className="small muted">{s.position}</div> : null}
                </div>
                <details className="staff-remove" open={data?.removeUserId === s.id || undefined}>
                  <summary>Gỡ khỏi cơ quan</summary>
                  <Form method="post" noValidate>
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="userId" value={s.id} />
                    <p className="small">Người này mất quyền cán bộ của cơ quan; tài khoản và các việc đã làm được giữ nguyên.</p>
                    <SubmitButton className="button secondary">Xác nhận gỡ</SubmitButton>
                  </Form>
                </details>
              </div>
              {data?.removeUserId === s.id && data.errors._remove ? (
                <div className="alert error" role="alert">
                  {data.errors._remove}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Cơ quan chưa có cán bộ.</p>
      )}
      <h2>Lời mời đã gửi</h2>
      {invitations.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Email</th>
                <th>Gửi lúc</th>
                <th>Trạng thái</th>
              </tr>
            </thead>
            <tbody>
              {invitations.map((i) => (
                <tr key={i.id}>
                  <td>{i.email}</td>
                  <td className="small nowrap">{formatDateTime(i.createdAt)}</td>
                  <td>
                    <span className={`badge ${STATE[i.state]![1]}`}>{STATE[i.state]![0]}</span>
                    <div className="small muted">{i.acceptedAt ? formatDateTime(i.acceptedAt) : `Hạn: ${formatDateTime(i.expiresAt)}`}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">Chưa gửi lời mời nào.</p>
      )}
    </div>
  );
}
