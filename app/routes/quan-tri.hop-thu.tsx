import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDateTime } from "~/lib/dates";
import { requireRole } from "~/lib/permissions.server";
import { listOutbox } from "~/modules/admin/admin.server";

export const meta: MetaFunction = () => [{ title: "Hộp thư đi - Quản trị" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "admin");
  return json({ mails: listOutbox(principal) });
}

/** Every mail the app sent or would have sent (without SMTP they stay here). */
export default function Outbox() {
  const { mails } = useLoaderData<typeof loader>();
  return (
    <div>
      <p className="small">
        <Link to="/quan-tri">← Quản trị</Link>
      </p>
      <h1>Hộp thư đi</h1>
      <p className="muted">Thư do hệ thống gửi. Khi chưa cấu hình SMTP, thư chỉ được lưu tại đây.</p>
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
