import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/lib/permissions.server";
import { judgeHome } from "~/modules/councils/councils.server";
import { recheckInbox } from "~/modules/complaints/complaints.server";
import { formatDate } from "~/lib/dates";
import { LEVEL_LABELS, ROUND_STATUS_LABELS, roundStatusTone } from "~/ui/labels";

export const meta: MetaFunction = () => [{ title: "Chấm điểm - Bình chọn sản phẩm CNNT tiêu biểu" }];

const ROLE: Record<string, string> = { chair: "Chủ tịch Hội đồng", vice_chair: "Phó Chủ tịch", secretary: "Thư ký", member: "Thành viên" };

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "judge");
  return json({ councils: judgeHome(principal), rechecks: recheckInbox(principal) });
}

export default function JudgeHome() {
  const { councils, rechecks } = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>Hội đồng và phiếu chấm của tôi</h1>
      {rechecks.length ? (
        <section className="card">
          <h2>Khiếu nại cần xem xét lại</h2>
          <ul>
            {rechecks.map((r) => (
              <li key={r.id}>
                <Link to={`/giam-khao/khieu-nai/${r.id}`}>
                  {r.number} · {r.roundTitle} · {r.votingCode}
                </Link>
                {r.answerDueOn ? <span className="small muted"> · hạn trả lời {formatDate(r.answerDueOn)}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {councils.map((c) => (
        <section className="card" key={c.round.id}>
          <h2>{c.round.title}</h2>
          <div className="row small">
            <span className={`badge ${roundStatusTone(c.round.status)}`}>{ROUND_STATUS_LABELS[c.round.status]}</span>
            <span className="badge">{LEVEL_LABELS[c.round.level]}</span>
            <span className="muted">
              {c.councilName} · {ROLE[c.role]}
            </span>
          </div>
          {c.isJudge ? (
            <div className="grid grid-3" style={{ marginTop: 12 }}>
              <div className="stat">
                <div className="value">{c.toScore}</div>
                <div className="label">Sản phẩm cần chấm</div>
              </div>
              <div className="stat">
                <div className="value">{c.submitted}</div>
                <div className="label">Phiếu đã nộp</div>
              </div>
              <div className="stat">
                <div className="value">{Math.max(0, c.toScore - c.submitted)}</div>
                <div className="label">Còn lại ({c.drafts} phiếu nháp)</div>
              </div>
            </div>
          ) : (
            <p className="muted">Bạn không chấm điểm trong hội đồng này.</p>
          )}
          {c.isJudge && c.round.status === "scoring" ? (
            <p className="row">
              <Link to={`/giam-khao/vong/${c.round.id}`} className="button">
                Chấm điểm
              </Link>
              {c.toScore - c.submitted > 0 ? (
                <Link to={`/giam-khao/vong/${c.round.id}?xem=chua-cham`} className="button secondary">
                  Sản phẩm chưa chấm ({c.toScore - c.submitted})
                </Link>
              ) : null}
            </p>
          ) : null}
          {c.role === "chair" && ["published", "archived"].includes(c.round.status) ? (
            <p>
              <Link to={`/to-chuc/vong/${c.round.id}/khieu-nai`} className="button secondary">
                Khiếu nại về kết quả (Chủ tịch)
              </Link>
            </p>
          ) : null}
          {c.role === "chair" && ["scoring", "results_review"].includes(c.round.status) ? (
            <p>
              <Link to={`/to-chuc/vong/${c.round.id}/ket-qua`} className="button secondary">
                Khóa vòng chấm và kết quả (Chủ tịch)
              </Link>
            </p>
          ) : null}
          {c.isJudge ? (
            <p className="small">
              {c.conflicts ? `Đã khai báo xung đột lợi ích với ${c.conflicts} sản phẩm. ` : null}
              <Link to="/giam-khao/xung-dot">Khai báo xung đột lợi ích</Link>
            </p>
          ) : null}
        </section>
      ))}
    </div>
  );
}
