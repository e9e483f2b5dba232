import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { readFormData } from "~/lib/action-errors.server";
import { formatDateTime } from "~/lib/dates";
import { clientIp, notFound } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { fieldErrors, formToObject } from "~/modules/accounts/accounts";
import {
  AdminError,
  LockSchema,
  lockUser,
  sendResetLink,
  UnlockSchema,
  unlockUser,
  userDetail,
} from "~/modules/admin/admin.server";
import { USER_ROLE_LABELS, USER_STATUS_LABELS } from "~/modules/admin/admin";
import { FormErrors, SubmitButton } from "~/ui/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.user.fullName ?? "Tài khoản"} - Quản trị` }];

/** Account ids are 20 base64url characters (accounts.server.ts newId); anything else is a plain 404. */
function userIdParam(value: string | undefined): string {
  if (!value || !/^[A-Za-z0-9_-]{8,64}$/.test(value)) notFound("Không tìm thấy tài khoản này.");
  return value;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "admin");
  return json(userDetail(principal, userIdParam(params.userId)), { headers: { "Cache-Control": "private, no-store" } });
}

type Intent = "lock" | "unlock" | "reset";
type ActionData = { intent: Intent; errors: Record<string, string>; values: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "admin");
  const userId = userIdParam(params.userId);
  const values = formToObject(await readFormData(request));
  const intent = values.intent as Intent;
  const ip = clientIp(request);
  const fail = (errors: Record<string, string>, status: number) => json<ActionData>({ intent, errors, values }, { status });
  const base = `/quan-tri/tai-khoan/${userId}`;
  try {
    if (intent === "lock") {
      const parsed = LockSchema.safeParse(values);
      if (!parsed.success) return fail(fieldErrors(parsed.error), 400);
      const { sessionsEnded } = lockUser(principal, userId, parsed.data.reason, ip);
      return redirect(`${base}?da-khoa=${sessionsEnded}`);
    }
    if (intent === "unlock") {
      const parsed = UnlockSchema.safeParse(values);
      if (!parsed.success) return fail(fieldErrors(parsed.error), 400);
      unlockUser(principal, userId, parsed.data.reason, ip);
      return redirect(`${base}?da-mo-khoa=1`);
    }
    if (intent === "reset") {
      await sendResetLink(principal, userId, ip);
      return redirect(`${base}?da-gui-lien-ket=1`);
    }
    return fail({ _form: "Thao tác không hợp lệ. Hãy mở lại trang và thử lại." }, 400);
  } catch (e) {
    if (e instanceof AdminError) return fail({ [e.field]: e.message }, e.status);
    throw e;
  }
}

const ACTION_LABELS: Record<string, string> = {
  "admin.lock_user": "Khóa tài khoản",
  "admin.unlock_user": "Mở khóa tài khoản",
  "admin.send_reset_link": "Quản trị gửi liên kết đặt lại mật khẩu",
  "account.request_reset": "Yêu cầu đặt lại mật khẩu",
  "account.reset_password": "Đặt lại mật khẩu",
  "account.change_password": "Đổi mật khẩu",
  "account.log_in": "Đăng nhập",
  "account.sign_up": "Đăng ký",
  "account.create_admin": "Tạo quản trị hệ thống",
};

export default function UserPage() {
  const { user, roles, openSessions, history, isSelf } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const [params] = useSearchParams();
  const errorsFor = (intent: Intent) => (data?.intent === intent ? data.errors : undefined);
  const lockErrors = errorsFor("lock");
  const locked = user.status === "disabled";
  return (
    <div className="narrow">
      <p className="small">
        <Link to="/quan-tri">← Tài khoản</Link>
      </p>
      <h1>{user.fullName}</h1>
      <div className="row">
        <span className={`badge ${locked ? "bad" : "ok"}`}>{USER_STATUS_LABELS[user.status]}</span>
        <span className="small break">{user.email}</span>
        {user.phone ? <span className="small muted">{user.phone}</span> : null}
      </div>
      {params.has("da-khoa") ? (
        <div className="alert success" role="status">
          Đã khóa tài khoản và đăng xuất người này khỏi {params.get("da-khoa")} phiên đang mở.
        </div>
      ) : null}
      {params.get("da-mo-khoa") ? (
        <div className="alert success" role="status">
          Đã mở khóa. Người này đăng nhập lại bằng mật khẩu của mình (hoặc gửi cho họ liên kết đặt lại mật khẩu).
        </div>
      ) : null}
      {params.get("da-gui-lien-ket") ? (
        <div className="alert success" role="status">
          Đã gửi liên kết đặt lại mật khẩu tới {user.email}. Liên kết dùng được một lần; các liên kết gửi trước đó hết hiệu lực.
        </div>
      ) : null}

      <section className="card">
        <h2>Vai trò</h2>
        {roles.length ? (
          <ul className="role-list">
            {roles.map((r, i) => (
              <li key={i}>
                <span className={`badge ${r.kind === "admin" ? "info" : ""}`}>{USER_ROLE_LABELS[r.kind]}</span>{" "}
                {r.detail ? r.href ? <Link to={r.href}>{r.detail}</Link> : <span>{r.detail}</span> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">Tài khoản chưa có vai trò nào.</p>
        )}
        <p className="small muted">
          Tạo lúc {formatDateTime(user.createdAt)} · {openSessions} phiên đăng nhập đang mở
        </p>
      </section>

      <section className="card" id="khoa">
        {locked ? (
          <>
            <h2>Mở khóa tài khoản</h2>
            <p className="small muted">Người này lại đăng nhập được bằng mật khẩu của mình.</p>
            <Form method="post" className="form" noValidate key="unlock">
              <FormErrors errors={errorsFor("unlock")} />
              <input type="hidden" name="intent" value="unlock" />
              <div className={`field${errorsFor("unlock")?.reason ? " has-error" : ""}`}>
                <label htmlFor="f-unlock-reason">Lý do (không bắt buộc)</label>
                <textarea id="f-unlock-reason" name="reason" rows={2} maxLength={500} defaultValue={data?.intent === "unlock" ? data.values.reason : ""} />
              </div>
              <SubmitButton>Mở khóa</SubmitButton>
            </Form>
          </>
        ) : isSelf ? (
          <>
            <h2>Khóa tài khoản</h2>
            <p className="muted">Đây là tài khoản của bạn; bạn không thể tự khóa.</p>
          </>
        ) : (
          <>
            <h2>Khóa tài khoản</h2>
            <p className="small muted">Người này bị đăng xuất ngay khỏi mọi thiết bị và không đăng nhập được cho tới khi được mở khóa. Dữ liệu và vai trò của họ được giữ nguyên.</p>
            <Form method="post" className="form" noValidate key="lock">
              <FormErrors errors={lockErrors} />
              <input type="hidden" name="intent" value="lock" />
              <div className={`field${lockErrors?.reason ? " has-error" : ""}`}>
                <label htmlFor="f-reason">
                  Lý do khóa <span className="req" aria-hidden="true">*</span>
                </label>
                <textarea
                  id="f-reason"
                  name="reason"
                  rows={3}
                  required
                  maxLength={500}
                  aria-invalid={lockErrors?.reason ? true : undefined}
                  aria-describedby={lockErrors?.reason ? "f-reason-error f-reason-hint" : "f-reason-hint"}
                  defaultValue={data?.intent === "lock" ? data.values.reason : ""}
                />
                <span className="hint" id="f-reason-hint">
                  Được lưu trong nhật ký hệ thống, ví dụ: “Cán bộ đã chuyển công tác”.
                </span>
                {lockErrors?.reason ? (
                  <div className="field-error" id="f-reason-error" role="alert">
                    {lockErrors.reason}
                  </div>
                ) : null}
              </div>
              <SubmitButton className="button danger">Khóa tài khoản</SubmitButton>
            </Form>
          </>
        )}
      </section>

      <section className="card" id="dat-lai">
        <h2>Gửi liên kết đặt lại mật khẩu</h2>
        <p className="small muted">
          Hệ thống gửi tới {user.email} một liên kết dùng một lần (hiệu lực 60 phút) để người này tự đặt mật khẩu mới. Bạn không thấy liên kết hay mật khẩu.
        </p>
        {locked ? (
          <p className="small">Tài khoản đang khóa: hãy mở khóa trước khi gửi liên kết.</p>
        ) : (
          <Form method="post" noValidate>
            <FormErrors errors={errorsFor("reset")} />
            <input type="hidden" name="intent" value="reset" />
            <SubmitButton className="button secondary">Gửi liên kết đặt lại mật khẩu</SubmitButton>
          </Form>
        )}
      </section>

      <h2>Nhật ký tài khoản</h2>
      {history.length ? (
        <ul className="list-plain card account-history">
          {history.map((h) => (
            <li key={h.id}>
              <strong>{ACTION_LABELS[h.action] ?? h.action}</strong>
              <div className="small muted">
                {formatDateTime(h.createdAt)} · {h.actorName ?? "Hệ thống"}
              </div>
              {h.data && typeof h.data.reason === "string" && h.data.reason ? <div className="small">Lý do: {h.data.reason}</div> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Chưa có mục nào.</p>
      )}
    </div>
  );
}
