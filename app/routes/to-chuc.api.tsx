import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { readFormData } from "~/lib/action-errors.server";
import { formatDateTime } from "~/lib/dates";
import { clientIp } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { ApiTokenError, createToken, listTokens, manageableBodies, MAX_TOKEN_NAME, revokeToken } from "~/modules/api/tokens.server";
import { Field, FormErrors, SelectField, SubmitButton } from "~/ui/form";

export const meta: MetaFunction = () => [{ title: "Mã truy cập API - Tổ chức bình chọn" }];

/** Tokens of the organizer's own bodies (docs/decisions/0020-open-api.md). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  return json({ bodies: manageableBodies(principal), tokens: listTokens(principal) });
}

type ActionData =
  | { ok: true; intent: "create"; token: string; name: string; prefix: string }
  | { ok: true; intent: "revoke"; name: string }
  | { ok: false; errors: Record<string, string>; values: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  const form = await readFormData(request);
  const intent = String(form.get("intent") ?? "");
  const values = { name: String(form.get("name") ?? "").slice(0, 500), bodyId: String(form.get("bodyId") ?? "") };
  try {
    if (intent === "create") {
      const bodyId = Number(values.bodyId || principal.staff[0]?.bodyId);
      const created = createToken(principal, Number.isSafeInteger(bodyId) ? bodyId : -1, values.name, clientIp(request));
      return json<ActionData>({ ok: true, intent: "create", token: created.token, name: values.name.trim(), prefix: created.prefix });
    }
    if (intent === "revoke") {
      const id = Number(form.get("tokenId"));
      if (!Number.isSafeInteger(id) || id <= 0) throw new ApiTokenError("Không tìm thấy mã truy cập này trong cơ quan của bạn.", 404);
      revokeToken(principal, id, clientIp(request));
      return json<ActionData>({ ok: true, intent: "revoke", name: String(form.get("tokenName") ?? "").slice(0, MAX_TOKEN_NAME) });
    }
    return json<ActionData>({ ok: false, errors: { _form: "Thao tác không hợp lệ. Hãy tải lại trang." }, values }, { status: 400 });
  } catch (e) {
    if (e instanceof ApiTokenError) return json<ActionData>({ ok: false, errors: { [e.field]: e.message }, values }, { status: e.status });
    throw e;
  }
}

function CopyToken({ token }: { token: string }) {
  const [copied, setCopied] = useState<"" | "ok" | "fail">("");
  return (
    <div className="token-once">
      <label htmlFor="new-token">Mã truy cập mới</label>
      <div className="token-row">
        <input id="new-token" className="token-value" readOnly value={token} onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
        <button
          type="button"
          className="button secondary"
          onClick={() => {
            navigator.clipboard?.writeText(token).then(
              () => setCopied("ok"),
              () => setCopied("fail"),
            ) ?? setCopied("fail");
          }}
        >
          Sao chép
        </button>
      </div>
      <p className="small" role="status">
        {copied === "ok" ? "Đã sao chép vào bộ nhớ tạm." : copied === "fail" ? "Không sao chép được: hãy chọn mã và sao chép bằng tay." : null}
      </p>
    </div>
  );
}

export default function ApiTokens() {
  const { bodies, tokens } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const errors = data && !data.ok ? data.errors : undefined;
  return (
    <div>
      <p className="small">
        <Link to="/to-chuc">← Các kỳ bình chọn</Link>
      </p>
      <div className="page-head">
        <h1>Mã truy cập API</h1>
        <a href="/api/v1" className="small">
          Tài liệu API
        </a>
      </div>
      <p className="muted">
        Hệ thống của cơ quan (ví dụ cổng thông tin của tỉnh) dùng mã truy cập để đọc hồ sơ và kết quả các kỳ bình chọn của cơ quan qua{" "}
        <code>/api/v1/organizer/…</code>, với tiêu đề <code>Authorization: Bearer &lt;mã&gt;</code>. Mã chỉ đọc được, chỉ trong phạm vi của cơ quan, và
        chỉ hiện một lần khi tạo. Giữ mã như mật khẩu; thu hồi ngay khi không dùng nữa hoặc nghi bị lộ.
      </p>
      {data?.ok && data.intent === "create" ? (
        <div className="alert success" role="status">
          <p>
            <strong>Đã tạo mã “{data.name}”.</strong> Hãy sao chép mã ngay: sau khi rời trang này, mã không hiển thị lại được nữa.
          </p>
          <CopyToken token={data.token} />
        </div>
      ) : null}
      {data?.ok && data.intent === "revoke" ? (
        <div className="alert success" role="status">
          Đã thu hồi mã{data.name ? ` “${data.name}”` : ""}. Mọi yêu cầu dùng mã này từ giờ bị từ chối (401).
        </div>
      ) : null}
      <section className="card">
        <h2>Tạo mã mới</h2>
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="create" />
          <FormErrors errors={errors} />
          {bodies.length > 1 ? (
            <SelectField
              name="bodyId"
              label="Cơ quan"
              required
              options={bodies.map((b) => ({ value: b.id, label: b.name }))}
              defaultValue={data && !data.ok ? data.values.bodyId : String(bodies[0]?.id ?? "")}
              errors={errors}
            />
          ) : (
            <input type="hidden" name="bodyId" value={bodies[0]?.id ?? ""} />
          )}
          <Field
            name="name"
            label="Tên mã"
            hint="Để nhận ra mã về sau, ví dụ: Cổng dữ liệu mở của tỉnh."
            required
            maxLength={MAX_TOKEN_NAME}
            defaultValue={data && !data.ok ? data.values.name : ""}
            errors={errors}
            key={data?.ok && data.intent === "create" ? data.prefix : "new"}
          />
          <SubmitButton>Tạo mã truy cập</SubmitButton>
        </Form>
      </section>
      <h2>Các mã của cơ quan ({tokens.length})</h2>
      {tokens.length ? (
        <div className="table-wrap token-table-wrap">
          <table className="token-table" role="table">
            <thead>
              <tr>
                <th>Tên</th>
                <th>Mã bắt đầu bằng</th>
                <th>Tạo lúc</th>
                <th>Dùng lần cuối</th>
                <th>Trạng thái</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td className="t-name">
                    {t.name}
                    {bodies.length > 1 ? <div className="small muted">{t.bodyName}</div> : null}
                  </td>
                  <td data-label="Mã bắt đầu bằng">
                    <code className="code">{t.prefix}…</code>
                  </td>
                  <td className="small" data-label="Tạo lúc">
                    <span className="nowrap">{formatDateTime(t.createdAt)}</span>
                    {t.createdBy ? <div className="muted">{t.createdBy}</div> : null}
                  </td>
                  <td className="small nowrap" data-label="Dùng lần cuối">{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "Chưa dùng"}</td>
                  <td className="t-state">
                    {t.revokedAt ? (
                      <>
                        <span className="badge bad">Đã thu hồi</span>
                        <div className="small muted nowrap">{formatDateTime(t.revokedAt)}</div>
                      </>
                    ) : (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="tokenId" value={t.id} />
                        <input type="hidden" name="tokenName" value={t.name} />
                        <span className="badge ok">Đang dùng</span>{" "}
                        <button
                          type="submit"
                          className="button secondary small-button"
                          aria-label={`Thu hồi mã ${t.name}`}
                          onClick={(e) => {
                            if (!window.confirm(`Thu hồi mã “${t.name}”? Hệ thống đang dùng mã này sẽ không đọc được dữ liệu nữa.`)) e.preventDefault();
                          }}
                        >
                          Thu hồi
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">Cơ quan chưa có mã truy cập nào.</p>
      )}
    </div>
  );
}
