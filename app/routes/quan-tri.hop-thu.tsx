import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { readFormData } from "~/lib/action-errors.server";
import { formatDateTime, parseVnDate } from "~/lib/dates";
import { clientIp, safeRedirectPath } from "~/lib/http.server";
import { isLocalDemoAddress, redactSecrets } from "~/lib/mail.server";
import { requireRole } from "~/lib/permissions.server";
import { formToObject } from "~/modules/accounts/accounts";
import { MAIL_STATUS_LABELS, MAIL_STATUSES } from "~/modules/admin/admin";
import { AdminError, listOutbox, parseOutboxFilters, resendMail, type OutboxFilters } from "~/modules/admin/admin.server";
import { DateField } from "~/ui/DateField";
import { SubmitButton } from "~/ui/form";

export const meta: MetaFunction = () => [{ title: "Hộp thư đi - Quản trị" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "admin");
  // Live reset and invitation links are secrets: shown only on a local demo or test address,
  // where this page is the only way to get them (no SMTP); hidden on a real deployment.
  const showLinks = isLocalDemoAddress();
  // The date filters are typed dd/mm/yyyy (DateField); the module reads ISO (links and older URLs still work).
  const params = new URL(request.url).searchParams;
  for (const k of ["tu_ngay", "den_ngay"]) {
    const iso = parseVnDate(params.get(k));
    if (iso) params.set(k, iso);
  }
  const filters = parseOutboxFilters(params);
  const page = listOutbox(principal, filters);
  const mails = page.list.map((m) => (showLinks ? m : { ...m, textBody: redactSecrets(m.textBody) }));
  return json(
    { mails, total: page.total, page: page.page, pages: page.pages, pageSize: page.pageSize, smtp: page.smtp, filters, showLinks },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

type ActionData = { mailId: number; message: string; ok: boolean };

export async function action({ request }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "admin");
  const values = formToObject(await readFormData(request));
  const mailId = z.coerce.number().int().positive().max(1e12).safeParse(values.mailId);
  if (values.intent !== "resend" || !mailId.success) {
    return json<ActionData>({ mailId: 0, ok: false, message: "Thao tác không hợp lệ. Hãy mở lại trang và thử lại." }, { status: 400 });
  }
  try {
    const r = await resendMail(principal, mailId.data, clientIp(request));
    if (r.status !== "sent") {
      return json<ActionData>({ mailId: mailId.data, ok: false, message: `Gửi lại không thành công: ${r.error ?? "máy chủ thư không nhận"}. Thư vẫn ở đây để thử lại sau.` }, { status: 502 });
    }
  } catch (e) {
    if (e instanceof AdminError) return json<ActionData>({ mailId: mailId.data, ok: false, message: e.message }, { status: e.status });
    throw e;
  }
  const back = safeRedirectPath(values.back, "/quan-tri/hop-thu");
  const sep = back.includes("?") ? "&" : "?";
  return redirect(`${back}${sep}da-gui=${mailId.data}`);
}

function outboxHref(f: Partial<OutboxFilters>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined || v === null || v === "" || (k === "trang" && v === 1)) continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `/quan-tri/hop-thu?${s}` : "/quan-tri/hop-thu";
}

const STATUS_BADGE = { sent: "ok", failed: "bad", pending: "" } as const;

/** Every mail the app sent or would have sent (without SMTP they stay here). */
export default function Outbox() {
  const { mails, total, page, pages, pageSize, smtp, filters, showLinks } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const [params] = useSearchParams();
  const sentAgain = Number(params.get("da-gui") ?? 0);
  const filtered = Boolean(filters.den || filters.tieu_de || filters.trang_thai || filters.tu_ngay || filters.den_ngay);
  const first = (page - 1) * pageSize + 1;
  // Back to the same filtered page after a resend, without the previous notice.
  const back = outboxHref(filters);
  return (
    <div>
      <p className="small">
        <Link to="/quan-tri">← Quản trị</Link>
      </p>
      <h1>Hộp thư đi</h1>
      <p className="muted">
        Thư do hệ thống gửi. {smtp ? "Thư được gửi qua máy chủ thư (SMTP); thư gửi lỗi có thể gửi lại." : "Chưa cấu hình SMTP nên thư chỉ được lưu tại đây."}{" "}
        {showLinks
          ? "Đây là bản chạy thử trên máy (địa chỉ localhost), nên các liên kết đặt lại mật khẩu và lời mời được hiện đầy đủ."
          : "Liên kết đặt lại mật khẩu và lời mời được ẩn vì chỉ người nhận thư được dùng; nếu ai đó không nhận được thư, hãy gửi lại lời mời hoặc để họ dùng chức năng quên mật khẩu."}
      </p>
      {sentAgain ? (
        <div className="alert success" role="status">
          Đã gửi lại thư #{sentAgain}.
        </div>
      ) : null}
      {data && !data.ok ? (
        <div className="alert error" role="alert">
          Thư #{data.mailId}: {data.message}
        </div>
      ) : null}
      <Form method="get" className="filters admin-filters" role="search" aria-label="Lọc thư">
        <div className="field grow">
          <label htmlFor="f-den">Người nhận</label>
          <input id="f-den" name="den" type="search" defaultValue={filters.den ?? ""} placeholder="Email có chứa…" maxLength={200} />
        </div>
        <div className="field grow">
          <label htmlFor="f-tieu-de">Tiêu đề</label>
          <input id="f-tieu-de" name="tieu_de" type="search" defaultValue={filters.tieu_de ?? ""} placeholder="Tiêu đề có chứa…" maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor="f-tt">Trạng thái</label>
          <select id="f-tt" name="trang_thai" defaultValue={filters.trang_thai ?? ""}>
            <option value="">Tất cả</option>
            {MAIL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {MAIL_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <DateField id="f-tu" name="tu_ngay" label="Từ ngày" fieldClassName="date" defaultValue={filters.tu_ngay ?? ""} />
        <DateField id="f-dn" name="den_ngay" label="Đến ngày" fieldClassName="date" defaultValue={filters.den_ngay ?? ""} />
        <div className="row">
          <button type="submit" className="button">
            Lọc
          </button>
          {filtered ? (
            <Link to="/quan-tri/hop-thu" className="button secondary">
              Bỏ lọc
            </Link>
          ) : null}
        </div>
      </Form>
      <p className="small muted" role="status">
        {total === 0
          ? filtered
            ? "Không có thư nào khớp bộ lọc."
            : "Chưa có thư nào."
          : `${filtered ? "Khớp bộ lọc" : "Tổng cộng"}: ${total} thư${pages > 1 ? `; đang xem ${first}–${first + mails.length - 1}, mới nhất trước` : ", mới nhất trước"}.`}
      </p>
      {mails.length ? (
        <ul className="outbox-list">
          {mails.map((m) => (
            <li key={m.id} className={m.id === sentAgain || m.id === data?.mailId ? "highlight" : undefined}>
              <details>
                <summary>
                  <span className={`badge ${STATUS_BADGE[m.status]}`}>{m.transport === "outbox" && m.status === "pending" ? "Chỉ lưu" : MAIL_STATUS_LABELS[m.status]}</span>
                  <span className="outbox-subject">{m.subject}</span>
                  <span className="small muted outbox-meta">
                    {m.toAddress} · {formatDateTime(m.createdAt)}
                  </span>
                </summary>
                <div className="outbox-body">
                  <div className="small muted">
                    Thư #{m.id} · Đến {m.toAddress} · Tạo {formatDateTime(m.createdAt)}
                    {m.sentAt ? ` · Gửi ${formatDateTime(m.sentAt)}` : ""}
                    {m.error ? ` · Lỗi: ${m.error}` : ""}
                  </div>
                  <pre className="mail-text">{m.textBody}</pre>
                </div>
              </details>
              {m.status !== "sent" && smtp ? (
                <Form method="post" className="outbox-resend">
                  <input type="hidden" name="intent" value="resend" />
                  <input type="hidden" name="mailId" value={m.id} />
                  <input type="hidden" name="back" value={back} />
                  <SubmitButton className="button secondary small-button" pendingText="Đang gửi…">
                    Gửi lại
                  </SubmitButton>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {pages > 1 ? (
        <nav className="pager" aria-label={`Trang ${page}/${pages}`}>
          {page > 1 ? (
            <Link to={outboxHref({ ...filters, trang: page - 1 })} rel="prev">
              ← Mới hơn
            </Link>
          ) : (
            <span />
          )}
          <span className="muted small">
            Trang {page}/{pages}
          </span>
          {page < pages ? (
            <Link to={outboxHref({ ...filters, trang: page + 1 })} rel="next">
              Cũ hơn →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </div>
  );
}
