import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { idParam } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { judgeRound } from "~/modules/scoring/scoring.server";
import { formatPoints } from "~/ui/labels";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Chấm điểm - ${data?.round.title ?? ""}` }];

/** The list filter in the address: ?xem=chua-cham shows only the entries still to score. */
const TODO = "chua-cham";

/** Still to score first (drafts before untouched ones), then submitted, then conflicts; voting code order within. */
function rank(i: { conflict: boolean; sheetStatus: string | null }) {
  if (i.conflict) return 3;
  if (i.sheetStatus === "submitted") return 2;
  return i.sheetStatus === "draft" ? 0 : 1;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "judge");
  const d = judgeRound(principal, idParam(params.roundId, "kỳ bình chọn"));
  const url = new URL(request.url);
  const onlyTodo = url.searchParams.get("xem") === TODO;
  const sorted = d.items.map((item, at) => ({ item, at })).sort((a, b) => rank(a.item) - rank(b.item) || a.at - b.at).map((x) => x.item);
  const todo = sorted.filter((i) => !i.conflict && i.sheetStatus !== "submitted");
  // Just submitted (the sheet redirects here with ?da-nop=<entry>): say so, with the total.
  const justId = Number(url.searchParams.get("da-nop"));
  const just = Number.isInteger(justId) ? d.items.find((i) => i.entryId === justId && i.sheetStatus === "submitted") : undefined;
  return json({
    ...d,
    items: onlyTodo ? todo : sorted,
    counts: { all: d.items.length, todo: todo.length },
    onlyTodo,
    justSubmitted: just ? { productName: just.productName, votingCode: just.votingCode, totalTenths: just.totalTenths ?? 0 } : null,
  });
}

/**
 * Nothing is posted to the list on purpose. A draft autosave from a sheet page loaded before the
 * fix (its fetcher posted to the address shown when it fired: this list, after submitting) gets a
 * plain answer here instead of the router's English "405 Method Not Allowed". Nothing is saved.
 */
export async function action({ request }: ActionFunctionArgs) {
  await requireRole(request, "judge");
  return json(
    { ok: false as const, message: "Phiếu chấm đã nộp hoặc trang đã chuyển nên bản nháp gửi sau không được lưu. Điểm đã nộp không thay đổi." },
    { status: 409 },
  );
}

export default function JudgeRound() {
  const d = useLoaderData<typeof loader>();
  const left = d.counts.todo;
  const next = d.items.find((i) => !i.conflict && i.sheetStatus !== "submitted");
  return (
    <div className="judge-round">
      <p className="small">
        <Link to="/giam-khao">← Hội đồng của tôi</Link>
      </p>
      <h1>{d.round.title}</h1>
      <p className="muted">
        {d.councilName}
        {d.round.scoringStages === 2 ? ` · Vòng chấm ${d.stage}` : ""}
      </p>
      {d.justSubmitted ? (
        <div className="alert success" role="status">
          Đã nộp phiếu chấm sản phẩm “{d.justSubmitted.productName}”{d.justSubmitted.votingCode ? ` (mã số ${d.justSubmitted.votingCode})` : ""}: tổng{" "}
          {formatPoints(d.justSubmitted.totalTenths, 1)} điểm. Phiếu đã khóa.
          {next && !d.closed ? (
            <>
              {" "}
              <Link to={`cham/${next.entryId}`}>Chấm sản phẩm tiếp theo: {next.productName}</Link>
            </>
          ) : null}
        </div>
      ) : null}
      {d.closed ? (
        <div className="alert info">Vòng chấm đã khóa. Phiếu không còn sửa được.</div>
      ) : (
        <div className="alert info">
          {left ? `Còn ${left} sản phẩm cần chấm và nộp phiếu.` : "Bạn đã nộp phiếu cho mọi sản phẩm được phân công."} Bạn chỉ thấy phiếu của chính mình.
        </div>
      )}
      {d.role === "chair" ? (
        <p>
          <Link to={`/to-chuc/vong/${d.round.id}/ket-qua`} className="button secondary">
            Tiến độ, khóa vòng chấm và kết quả (Chủ tịch)
          </Link>
        </p>
      ) : null}
      <nav className="list-filter" aria-label="Lọc danh sách">
        <Link to="?xem=chua-cham" className={d.onlyTodo ? "current" : ""} aria-current={d.onlyTodo ? "page" : undefined}>
          Chưa chấm ({d.counts.todo})
        </Link>
        <Link to="." className={!d.onlyTodo ? "current" : ""} aria-current={!d.onlyTodo ? "page" : undefined}>
          Tất cả ({d.counts.all})
        </Link>
      </nav>
      {d.items.length === 0 ? <p className="muted">{d.onlyTodo ? "Không còn sản phẩm nào chưa chấm." : "Chưa có sản phẩm nào được phân công cho bạn."}</p> : null}
      <div className="table-wrap">
        <table className="judge-list">
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
                <td className="code">{i.votingCode ?? "—"}</td>
                <td className="name">{i.conflict ? i.productName : <Link to={`cham/${i.entryId}`}>{i.productName}</Link>}</td>
                <td className="small group">{i.groupName}</td>
                <td className="state">
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
