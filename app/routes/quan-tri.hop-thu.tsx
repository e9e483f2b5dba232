import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDateTime } from "~/lib/dates";
import { isLocalDemoAddress, redactSecrets } from "~/lib/mail.server";
import { requireRole } from "~/lib/permissions.server";
import { listOutbox } from "~/modules/admin/admin.server";

export const meta: MetaFunction = () => [{ title: "Hộp thư đi - Quản trị" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "admin");
  // Live reset and invitation links are secrets: shown only on a local demo or test address,
  // where this page is the only way to get them (no SMTP); hidden on a real deployment.
  const showLinks = isLocalDemoAddress();
  const mails = listOutbox(principal).map((m) => (showLinks ? m : { ...m, textBody: redactSecrets(m.textBody) }));
  return json({ mails, showLinks });
}

/** Every mail the app sent or would have sent (without SMTP they stay here). */
export default function Outbox() {
  const { mails, showLinks } = useLoaderData<typeof loader>();
  return (
    <div>
      <p className="small">
        <Link to="/quan-tri">← Quản trị</Link>
      </p>
      <h1>Hộp thư đi</h1>
      <p className="muted">
        Thư do hệ thống gửi. Khi chưa cấu hình SMTP, thư chỉ được lưu tại đây.{" "}
        {showLinks
          ? "Đây là bản chạy thử trên máy (địa chỉ localhost), nên các liên kết đặt lại mật khẩu và lời mời được hiện đầy đủ."
          : "Liên kết đặt lại mật khẩu và lời mời được ẩn vì chỉ người nhận thư được dùng; nếu ai đó không nhận được thư, hãy gửi lại lời mời hoặc để họ dùng chức năng quên mật khẩu."}
      </p>
      {mails.length ? (
        mails.map((m) => (
          <article className="card" key={m.id}>
            <h3>{m.subject}</h3>
            <div className="small muted">
              Đến {m.toAddress} · {formatDateTime(m.createdAt)} · {m.transport === "smtp" ? (m.sentAt ? "Đã gửi qua SMTP" : m.error ? `Lỗi: ${m.error}` : "Đang chờ gửi") : "Chỉ lưu trong hộp thư"}
            </div>
            <pre style={{ whiteSpace: "pre-wrap", font: "inherit" }}>{m.textBody}</pre>
          </article>
        ))
      ) : (
        <p className="muted">Chưa có thư nào.</p>
      )}
    </div>
  );
}
