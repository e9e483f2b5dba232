import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { formatDateTime } from "~/lib/dates";
import { requireRole } from "~/lib/permissions.server";
import { schedulerOverview } from "~/modules/reminders/reminders.server";

export const meta: MetaFunction = () => [{ title: "Lịch chạy tự động - Quản trị" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const page = z.coerce.number().int().min(1).max(100_000).catch(1).parse(new URL(request.url).searchParams.get("trang") ?? 1);
  return json(schedulerOverview(page), { headers: { "Cache-Control": "private, no-store" } });
}

const TASK_LABELS: Record<string, string> = { reminders: "Nhắc hạn" };
const STATUS: Record<string, { label: string; badge: string }> = {
  running: { label: "Đang chạy", badge: "info" },
  done: { label: "Xong", badge: "ok" },
  error: { label: "Lỗi", badge: "bad" },
  skipped: { label: "Bỏ qua", badge: "" },
};
const KIND_LABELS: Record<string, string> = {
  "producer-intake-closing": "Cơ sở: sắp hết hạn đăng ký",
  "judge-scoring-deadline": "Giám khảo: sắp hết hạn chấm",
  "organizer-answer-by": "Tổ chức: sắp đến hạn trả lời hồ sơ",
  "judge-manual": "Giám khảo: nhắc từ bảng tiến độ",
};

function pageHref(n: number) {
  return n > 1 ? `/quan-tri/lich-chay?trang=${n}` : "/quan-tri/lich-chay";
}

/** The admin's view of the scheduler: its recent runs (every process's) and the reminders sent. */
export default function SchedulerRuns() {
  const { runs, page, pages, total, lastDone, running, nextRun, deliveries } = useLoaderData<typeof loader>();
  return (
    <div className="sched-page">
      <p className="small">
        <Link to="/quan-tri">← Quản trị</Link>
      </p>
      <h1>Lịch chạy tự động</h1>
      <p className="muted">
        Mỗi tiến trình máy chủ kiểm tra 5 phút một lần những lời nhắc đến hạn: cơ sở còn hồ sơ chưa nộp (3 ngày và 1 ngày trước khi hết hạn đăng ký), giám khảo còn phiếu chưa
        nộp (3 ngày và 1 ngày trước hạn chấm), cơ quan tổ chức có hồ sơ chờ tiếp nhận (1 ngày làm việc trước hạn trả lời). Mỗi lời nhắc chỉ gửi một lần, kể cả khi khởi động lại
        hoặc chạy nhiều tiến trình.
      </p>
      <div className="grid grid-4 sched-stats">
        <div className="stat">
          <div className="value small-value">{lastDone ? formatDateTime(lastDone.startedAt) : "—"}</div>
          <div className="label">Lần chạy xong gần nhất</div>
        </div>
        <div className="stat">
          <div className="value small-value">{running ? (nextRun ? formatDateTime(nextRun) : "Đang bật") : "Tắt"}</div>
          <div className="label">{running ? "Lần chạy tới (tiến trình này)" : "Bộ hẹn giờ ở tiến trình này"}</div>
        </div>
        <div className="stat">
          <div className="value">{total}</div>
          <div className="label">Lượt chạy lưu lại (30 ngày)</div>
        </div>
      </div>

      <h2 id="luot-chay">Lượt chạy gần đây</h2>
      {runs.length ? (
        <div className="table-wrap sched-wrap">
          <table className="sched-table">
            <thead>
              <tr>
                <th>Bắt đầu</th>
                <th>Việc</th>
                <th>Trạng thái</th>
                <th className="num">Đã gửi</th>
                <th>Tiến trình</th>
                <th>Chi tiết</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id}>
                  <td className="nowrap c-time">{formatDateTime(r.startedAt)}</td>
                  <td className="nowrap c-task">{TASK_LABELS[r.task] ?? r.task}</td>
                  <td className="c-status">
                    <span className={`badge ${STATUS[r.status]?.badge ?? ""}`}>{STATUS[r.status]?.label ?? r.status}</span>
                  </td>
                  <td className="num c-sent" data-label="Đã gửi">
                    {r.sent}
                  </td>
                  <td className="small break c-worker" data-label="Tiến trình">
                    {r.worker}
                  </td>
                  <td className="small c-detail">
                    {r.detail ?? ""}
                    {r.finishedAt ? <span className="muted"> (xong {formatDateTime(r.finishedAt)})</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">Chưa có lượt chạy nào.</p>
      )}
      {pages > 1 ? (
        <nav className="pager" aria-label={`Trang ${page}/${pages}`}>
          {page > 1 ? (
            <Link to={pageHref(page - 1)} rel="prev">
              ← Mới hơn
            </Link>
          ) : (
            <span />
          )}
          <span className="muted small">
            Trang {page}/{pages}
          </span>
          {page < pages ? (
            <Link to={pageHref(page + 1)} rel="next">
              Cũ hơn →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}

      <h2 id="da-nhac">Lời nhắc đã gửi gần đây</h2>
      {deliveries.length ? (
        <ul className="sched-deliveries">
          {deliveries.map((d) => (
            <li key={d.key}>
              <div>
                <strong>{KIND_LABELS[d.kind] ?? d.kind}</strong>
                {d.who ? <> · {d.who}</> : null}
                <span className={`badge ${d.via === "manual" ? "info" : ""}`}>{d.via === "manual" ? "Bấm nhắc" : "Tự động"}</span>
              </div>
              <div className="small muted">
                {formatDateTime(d.sentAt)}
                {d.roundTitle ? <> · {d.roundTitle}</> : null}
              </div>
              <code className="small break">{d.key}</code>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Chưa gửi lời nhắc nào.</p>
      )}
    </div>
  );
}
