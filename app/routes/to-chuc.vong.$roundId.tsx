import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { RoundNav } from "~/ui/RoundNav";
import { z } from "zod";
import { formatDate } from "~/lib/dates";
import { notFound } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { formatPassMark } from "~/modules/reports/reports";
import { getRoundForOrganizer } from "~/modules/rounds/rounds.server";
import { roundCharts } from "~/modules/charts/round-charts.server";
import { Chart } from "~/ui/charts/Chart";
import { ENTRY_STATUS_LABELS, entryStatusTone, LEVEL_LABELS, ROUND_STATUS_LABELS, roundStatusTone } from "~/ui/labels";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.round.title ?? "Kỳ bình chọn"} - Tổ chức` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  const id = z.coerce.number().int().positive().safeParse(params.roundId);
  if (!id.success) notFound("Không tìm thấy kỳ bình chọn này.");
  const view = getRoundForOrganizer(principal, id.data);
  const { round, body, unit, counts, canManage } = view;
  // Charts from what this viewer may see (scope checked above; means only after a stage is closed).
  const charts = roundCharts(view);
  return json({ round, bodyName: body.name, unitName: unit ? `${unit.kind} ${unit.name}` : null, counts, canManage, charts });
}

export default function RoundOverview() {
  const { round, bodyName, unitName, counts, canManage, charts } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const isNew = params.get("moi") === "1";
  const total = counts.reduce((a, c) => a + c.n, 0);
  const timeline: [string, string | null, string | null][] = [
    ["Nhận hồ sơ", round.registrationOpensOn, round.registrationClosesOn],
    ["Chấm hồ sơ", round.dossierScoringFrom, round.dossierScoringTo],
    ["Chấm trực tiếp", round.directScoringFrom, round.directScoringTo],
    ["Họp Hội đồng", round.councilMeetingOn, null],
    ["Công bố kết quả", round.announcementOn, null],
  ];
  return (
    <div>
      <p className="small">
        <Link to="/to-chuc">← Các kỳ bình chọn</Link>
      </p>
      <h1>{round.title}</h1>
      <div className="row">
        <span className={`badge ${roundStatusTone(round.status)}`}>{ROUND_STATUS_LABELS[round.status]}</span>
        <span className="badge">{LEVEL_LABELS[round.level]}</span>
        <span className="muted small">
          {bodyName}
          {unitName ? ` · ${unitName}` : ""}
        </span>
        {!canManage ? <span className="badge warn">Chỉ xem (cấp dưới)</span> : null}
      </div>
      <RoundNav roundId={round.id} status={round.status} canManage={canManage} />
      {isNew ? (
        <div className="alert success">
          Đã tạo kỳ bình chọn (bản nháp). Kiểm tra <Link to="thiet-lap">thiết lập</Link>, rồi mở nhận hồ sơ.
        </div>
      ) : null}
      <div className="grid grid-2">
        <section className="card">
          <h2>Thời gian</h2>
          <dl className="facts">
            {timeline.map(([label, from, to]) => (
              <div key={label} style={{ display: "contents" }}>
                <dt>{label}</dt>
                <dd>{to ? `${formatDate(from)} – ${formatDate(to)}` : formatDate(from)}</dd>
              </div>
            ))}
          </dl>
        </section>
        <section className="card">
          <h2>Thiết lập</h2>
          <dl className="facts">
            <dt>Điểm đạt</dt>
            <dd>{formatPassMark(round.passMarkTenths)} điểm</dd>
            <dt>Số sản phẩm công nhận tối đa</dt>
            <dd>{round.recognitionCap ?? "Không giới hạn"}</dd>
            <dt>Số vòng chấm</dt>
            <dd>{round.scoringStages}</dd>
            <dt>Hiệu lực giấy chứng nhận</dt>
            <dd>{round.certificateValidityMonths} tháng</dd>
            <dt>Chênh lệch điểm cần xem lại</dt>
            <dd>{formatPassMark(round.discrepancyToleranceTenths)} điểm</dd>
            <dt>Số giám khảo tối thiểu</dt>
            <dd>{round.minJudgesPerEntry}</dd>
          </dl>
        </section>
      </div>
      <section className="card">
        <h2>Hồ sơ ({total})</h2>
        {counts.length ? (
          <div className="row">
            {counts.map((c) => (
              <span key={c.status} className={`badge ${entryStatusTone(c.status)}`}>
                {ENTRY_STATUS_LABELS[c.status]}: {c.n}
              </span>
            ))}
          </div>
        ) : (
          <p className="muted">Chưa có hồ sơ.</p>
        )}
        {charts.byStatus || charts.byGroup ? (
          <div className="chart-grid">
            {charts.byStatus ? <Chart {...charts.byStatus} /> : null}
            {charts.byGroup ? <Chart {...charts.byGroup} /> : null}
          </div>
        ) : null}
      </section>
      {charts.means ? (
        <section className="card">
          <h2>Điểm các hồ sơ</h2>
          <Chart id="phan-bo-diem" {...charts.means} />
          <p className="small">
            <Link to="ket-qua">Xem kết quả chi tiết →</Link>
          </p>
        </section>
      ) : null}
    </div>
  );
}
