import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate } from "~/lib/dates";
import { requireRole } from "~/lib/permissions.server";
import { dueText, formatCount, SEVERITY_LABELS, type Severity, type Todo } from "~/modules/dashboard/todos";
import { organizerDashboard } from "~/modules/dashboard/todos.server";
import { LEVEL_LABELS, ROUND_STATUS_LABELS, roundStatusTone } from "~/ui/labels";

export const meta: MetaFunction = () => [{ title: "Tổ chức bình chọn - Bình chọn sản phẩm CNNT tiêu biểu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  return json(organizerDashboard(principal), { headers: { "Cache-Control": "private, no-store" } });
}

const SEVERITY_TONE: Record<Severity, string> = { overdue: "bad", now: "warn", soon: "info", info: "" };

/** The to-dos grouped by round, the round with the most pressing to-do first (the list comes sorted). */
function byRound(todos: Todo[]): { roundId: number; roundTitle: string; todos: Todo[] }[] {
  const groups = new Map<number, { roundId: number; roundTitle: string; todos: Todo[] }>();
  for (const t of todos) {
    let g = groups.get(t.roundId);
    if (!g) groups.set(t.roundId, (g = { roundId: t.roundId, roundTitle: t.roundTitle, todos: [] }));
    g.todos.push(t);
  }
  return [...groups.values()];
}

export default function OrganizerHome() {
  const { rounds, todos, today } = useLoaderData<typeof loader>();
  const overdue = todos.filter((t) => t.overdue).length;
  const status = new Map(rounds.map((r) => [r.id, r.status]));
  return (
    <div className="organizer-home">
      <div className="page-head">
        <h1>Các kỳ bình chọn</h1>
        <div className="row">
          <Link to="/to-chuc/vong/moi" className="button">
            Tạo kỳ bình chọn
          </Link>
          <Link to="/to-chuc/thong-ke" className="small">
            Thống kê
          </Link>
          <Link to="/to-chuc/api" className="small">
            Mã truy cập API
          </Link>
        </div>
      </div>

      <section className="todo-board" aria-labelledby="todo-heading">
        <h2 id="todo-heading">
          Việc cần làm{" "}
          {todos.length ? (
            <span className="todo-summary small">
              {formatCount(todos.length)} việc{overdue ? <span className="badge bad">{formatCount(overdue)} quá hạn</span> : null}
            </span>
          ) : null}
        </h2>
        {todos.length ? (
          <div className="todo-rounds">
            {byRound(todos).map((g) => (
              <article key={g.roundId} className="card todo-round" aria-label={g.roundTitle}>
                <h3>
                  {g.roundTitle}
                  {status.get(g.roundId) ? (
                    <>
                      {" "}
                      <span className={`badge ${roundStatusTone(status.get(g.roundId)!)}`}>{ROUND_STATUS_LABELS[status.get(g.roundId)!]}</span>
                    </>
                  ) : null}
                </h3>
                <ul className="todo-list">
                  {g.todos.map((t, i) => (
                    <li key={`${t.kind}-${i}`} className={`todo todo-${t.severity}`} data-kind={t.kind}>
                      <div className="todo-main">
                        <Link to={t.link} className="todo-title" prefetch="intent">
                          {t.title}
                          <span className="todo-action"> · {t.action} →</span>
                        </Link>
                        {t.detail ? <p className="todo-detail small">{t.detail}</p> : null}
                      </div>
                      <div className="todo-meta small">
                        <span className={`badge ${SEVERITY_TONE[t.severity]}`}>{SEVERITY_LABELS[t.severity]}</span>
                        {t.due ? <span className={t.overdue ? "overdue" : "muted"}>{dueText(t.due, today)}</span> : null}
                      </div>
                    </li>
                  ))}
                </ul>
              </article>
            ))}
          </div>
        ) : (
          <p className="card muted todo-empty">Không có việc cần làm.</p>
        )}
      </section>

      <h2>Danh sách kỳ bình chọn</h2>
      {rounds.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Kỳ bình chọn</th>
                <th>Cấp</th>
                <th>Năm</th>
                <th>Trạng thái</th>
                <th className="num">Hồ sơ</th>
                <th>Nhận hồ sơ</th>
              </tr>
            </thead>
            <tbody>
              {rounds.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/to-chuc/vong/${r.id}`}>{r.title}</Link>
                    <div className="small muted">{r.bodyName}</div>
                  </td>
                  <td>{LEVEL_LABELS[r.level]}</td>
                  <td>{r.year}</td>
                  <td>
                    <span className={`badge ${roundStatusTone(r.status)}`}>{ROUND_STATUS_LABELS[r.status]}</span>
                  </td>
                  <td className="num">{formatCount(r.entryCount)}</td>
                  <td className="small">
                    {formatDate(r.registrationOpensOn)} – {formatDate(r.registrationClosesOn)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">Cơ quan của bạn chưa có kỳ bình chọn nào.</p>
      )}
    </div>
  );
}
