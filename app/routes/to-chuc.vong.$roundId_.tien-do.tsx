import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { StageSwitch } from "~/ui/StageSwitch";
import { z } from "zod";
import { expectedErrorResponse, readFormData } from "~/lib/action-errors.server";
import { clientIp, notFound } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { ASSIGNMENT_MODE_LABELS, PROGRESS_LABELS, type AssignmentMode, type ProgressState } from "~/modules/councils/assignment";
import { progressBoard } from "~/modules/councils/councils.server";
import { ExportLinks, RoundHeader } from "~/modules/councils/RoundHeader";
import { remindJudgesNow, type ManualReminderResult } from "~/modules/reminders/reminders.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Tiến độ chấm - ${data?.round.title ?? "Kỳ bình chọn"} - Tổ chức` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  const id = z.coerce.number().int().positive().max(2_000_000_000).safeParse(params.roundId);
  if (!id.success) notFound("Không tìm thấy kỳ bình chọn này.");
  const stage = z.coerce.number().int().min(1).max(2).catch(1).parse(new URL(request.url).searchParams.get("dot") ?? 1);
  return json(progressBoard(principal, id.data, stage), { headers: { "Cache-Control": "private, no-store" } });
}

type ActionData = { ok: true; message: string; result: ManualReminderResult } | { ok: false; message: string };

/** What the organizer is told after "Nhắc giám khảo". */
function remindMessage(r: ManualReminderResult): string {
  if (!r.behind) return "Không có giám khảo nào còn phiếu chưa nộp trong đợt này.";
  const parts: string[] = [];
  if (r.sent) parts.push(`Đã nhắc ${r.sent} giám khảo còn phiếu chưa nộp (thông báo trong ứng dụng và email).`);
  if (r.already) parts.push(`${r.already} giám khảo đã được nhắc hôm nay: mỗi người chỉ được nhắc một lần mỗi ngày.`);
  if (r.noAccount) parts.push(`${r.noAccount} giám khảo chưa có tài khoản (chưa nhận lời mời) nên chưa nhắc được.`);
  return parts.join(" ");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  const id = z.coerce.number().int().positive().max(2_000_000_000).safeParse(params.roundId);
  if (!id.success) notFound("Không tìm thấy kỳ bình chọn này.");
  const form = await readFormData(request);
  if (form.get("intent") !== "remind") return json<ActionData>({ ok: false, message: "Thao tác không hợp lệ." }, { status: 400 });
  const stage = z.coerce.number().int().min(1).max(2).catch(1).parse(form.get("stage") ?? 1);
  try {
    const result = await remindJudgesNow(principal, id.data, stage, clientIp(request));
    return json<ActionData>({ ok: true, message: remindMessage(result), result });
  } catch (e) {
    return expectedErrorResponse(e);
  }
}

const SYMBOL: Record<ProgressState, string> = {
  submitted: "✓",
  draft: "✎",
  not_started: "○",
  conflict: "⊘",
  not_assigned: "—",
};

function Cell({ state, judge }: { state: ProgressState; judge: string }) {
  return (
    <td className={`cell ${state}`} title={`${judge}: ${PROGRESS_LABELS[state]}`}>
      <span aria-hidden="true">{SYMBOL[state]}</span>
      <span className="sr-only">{PROGRESS_LABELS[state]}</span>
    </td>
  );
}

export default function ProgressPage() {
  const data = useLoaderData<typeof loader>();
  const { round, judges, entries, total, stage } = data;
  const pct = total.assigned ? Math.round((total.submitted / total.assigned) * 100) : 0;
  const behind = judges.filter((j) => j.counts.notStarted + j.counts.draft > 0);
  const done = useActionData<typeof action>();
  const busy = useNavigation().formData?.get("intent") === "remind";
  const scoring = round.status === "scoring";
  return (
    <div className="progress-page">
      <RoundHeader round={round} heading="Tiến độ chấm điểm" canManage={data.canManage} />
      <StageSwitch stages={round.scoringStages} current={stage} />
      <p className="small muted">
        Cách phân công: {ASSIGNMENT_MODE_LABELS[round.assignmentMode as AssignmentMode]} · <Link to={`/to-chuc/vong/${round.id}/phan-cong`}>Đổi phân công</Link>. Trang này cho biết ai đã nộp phiếu, không hiển thị điểm.
      </p>
      {!data.hasCouncil ? (
        <div className="alert info">
          Kỳ bình chọn chưa có Hội đồng. <Link to={`/to-chuc/vong/${round.id}/hoi-dong`}>Lập Hội đồng</Link>.
        </div>
      ) : null}

      <div className="grid grid-4 progress-stats">
        <div className="stat">
          <div className="value">
            {total.submitted}/{total.assigned}
          </div>
          <div className="label">Phiếu đã nộp ({pct}%)</div>
          <progress max={total.assigned || 1} value={total.submitted} aria-label="Tỷ lệ phiếu đã nộp" />
        </div>
        <div className="stat">
          <div className="value">{total.draft}</div>
          <div className="label">Phiếu đang chấm (nháp)</div>
        </div>
        <div className="stat">
          <div className="value">{total.notStarted}</div>
          <div className="label">Phiếu chưa bắt đầu</div>
        </div>
        <div className={`stat${data.understaffed ? " stat-bad" : ""}`}>
          <div className="value">{data.understaffed}</div>
          <div className="label">Sản phẩm chưa đủ {round.minJudgesPerEntry} giám khảo</div>
        </div>
      </div>

      {data.complete ? <div className="alert success">Tất cả giám khảo đã nộp đủ phiếu chấm của đợt này.</div> : null}
      {behind.length ? (
        <section className="card missing-card" id="con-thieu">
          <div className="missing-head">
            <h2>Còn thiếu</h2>
            {scoring ? (
              <Form method="post" className="remind-form">
                <input type="hidden" name="intent" value="remind" />
                <input type="hidden" name="stage" value={stage} />
                <button type="submit" className="button" disabled={busy}>
                  {busy ? "Đang nhắc…" : "Nhắc giám khảo"}
                </button>
              </Form>
            ) : null}
          </div>
          {scoring ? (
            <p className="small muted">Gửi thông báo và email nhắc những giám khảo còn phiếu chưa nộp{round.scoringStages > 1 ? ` của đợt ${stage}` : ""}; mỗi người được nhắc tối đa một lần mỗi ngày. Hệ thống cũng tự nhắc 3 ngày và 1 ngày trước hạn chấm.</p>
          ) : null}
          {done ? (
            <div className={`alert ${done.ok ? "success" : "error"}`} role="status">
              {done.message}
            </div>
          ) : null}
          <ul className="list-plain">
            {behind.map((j) => (
              <li key={j.id}>
                <span>
                  <strong>{j.fullName}</strong>:{" "}
                  {[j.counts.notStarted ? `${j.counts.notStarted} chưa chấm` : "", j.counts.draft ? `${j.counts.draft} phiếu nháp chưa nộp` : ""].filter(Boolean).join(", ")}
                </span>
                {!j.hasAccount ? <span className="badge warn">Chưa có tài khoản</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="card">
        <h2>Bảng tiến độ</h2>
        <ul className="progress-legend small" aria-label="Chú thích">
          {(Object.keys(SYMBOL) as ProgressState[]).map((s) => (
            <li key={s}>
              <span className={`cell ${s}`} aria-hidden="true">
                {SYMBOL[s]}
              </span>{" "}
              {PROGRESS_LABELS[s]}
            </li>
          ))}
        </ul>
        {entries.length && judges.length ? (
          <div className="table-wrap">
            <table className="progress-grid">
              <thead>
                <tr>
                  <th className="sticky-col">Sản phẩm</th>
                  {judges.map((j) => (
                    <th key={j.id} className="judge-col" scope="col" title={j.fullName}>
                      {j.fullName}
                    </th>
                  ))}
                  <th className="num">Đã nộp</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id} className={e.missing ? "row-short" : undefined}>
                    <th scope="row" className="sticky-col">
                      <span className="code">{e.votingCode ?? `#${e.id}`}</span> <span className="entry-name">{e.productName}</span>
                      {e.missing ? <span className="badge bad">thiếu {e.missing} GK</span> : null}
                    </th>
                    {e.cells.map((state, i) => (
                      <Cell key={judges[i]!.id} state={state} judge={judges[i]!.fullName} />
                    ))}
                    <td className={`num nowrap${e.counts.submitted === e.counts.assigned && e.counts.assigned ? " done" : ""}`}>
                      {e.counts.submitted}/{e.counts.assigned}
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th className="sticky-col">Đã nộp / phải chấm</th>
                  {judges.map((j) => (
                    <td key={j.id} className={`num nowrap${j.counts.submitted === j.counts.assigned && j.counts.assigned ? " done" : ""}`}>
                      {j.counts.submitted}/{j.counts.assigned}
                    </td>
                  ))}
                  <td className="num nowrap">
                    <strong>
                      {total.submitted}/{total.assigned}
                    </strong>
                  </td>
                </tr>
              </tfoot>
            </table>
          </div>
        ) : (
          <p className="muted">{judges.length ? "Chưa có sản phẩm hợp lệ để chấm." : "Hội đồng chưa có giám khảo chấm điểm."}</p>
        )}
      </section>
      <ExportLinks roundId={round.id} />
    </div>
  );
}
