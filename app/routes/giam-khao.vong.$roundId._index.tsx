import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { idParam } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { judgeRound } from "~/modules/scoring/scoring.server";
import { formatPoints } from "~/ui/labels";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Chấm điểm - ${data?.round.title ?? ""}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "judge");
  return json(judgeRound(principal, idParam(params.roundId, "kỳ bình chọn")));
}

export default function JudgeRound() {
  const d = useLoaderData<typeof loader>();
  const left = d.items.filter((i) => !i.conflict && i.sheetStatus !== "submitted").length;
  return (
    <div>
      <p className="small">
        <Link to="/giam-khao">← Hội đồng của tôi</Link>
      </p>
      <h1>{d.round.title}</h1>
      <p className="muted">
        {d.councilName}
        {d.round.scoringStages === 2 ? ` · Vòng chấm ${d.stage}` : ""}
      </p>
      {d.closed ? <div className="alert info">Vòng chấm đã khóa. Phiếu không còn sửa được.</div> : <div className="alert info">Còn {left} sản phẩm cần chấm và nộp phiếu. Bạn chỉ thấy phiếu của chính mình.</div>}
      {d.role === "chair" ? (
        <p>
          <Link to={`/to-chuc/vong/${d.round.id}/ket-qua`} className="button secondary">
            Tiến độ, khóa vòng chấm và kết quả (Chủ tịch)
          </Link>
        </p>
      ) : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Mã số</th>
              <th>Sản phẩm</th>
              <th>Nhóm</th>
              <th>Phiếu của tôi</th>
            </tr>
          </thead>
          <tbody>
            {d.items.map((i) => (
              <tr key={i.entryId}>
                <td>{i.votingCode ?? "—"}</td>
                <td>{i.conflict ? i.productName : <Link to={`cham/${i.entryId}`}>{i.productName}</Link>}</td>
                <td className="small">{i.groupName}</td>
                <td>
                  {i.conflict ? (
                    <span className="badge">Xung đột lợi ích: không chấm</span>
                  ) : i.sheetStatus === "submitted" ? (
                    <span className="badge ok">Đã nộp · {formatPoints(i.totalTenths ?? 0, 1)}</span>
                  ) : i.sheetStatus === "draft" ? (
                    <span className="badge warn">Bản nháp</span>
                  ) : (
                    <span className="badge">Chưa chấm</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
