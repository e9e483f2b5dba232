import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ROUND_LEVELS } from "~db/schema";
import { requireViewer } from "~/lib/permissions.server";
import { nationalCharts } from "~/modules/national/charts.server";
import { conferenceSentence, filtersQuery, parseNationalFilters } from "~/modules/national/national";
import { nationalStats } from "~/modules/national/stats.server";
import { Chart } from "~/ui/charts/Chart";
import { LEVEL_LABELS } from "~/ui/labels";

export const meta: MetaFunction = () => [{ title: "Thống kê sản phẩm được công nhận - Bình chọn sản phẩm CNNT tiêu biểu" }];

/**
 * /to-chuc/thong-ke?tu=2021&den=2026&cap=national — entries and recognised products by year,
 * level, province and group, within the viewer's scope (docs/decisions/0032). Organizers and
 * admins; anyone else 403. Organizer pages are Vietnamese only.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireViewer(request);
  const params = new URL(request.url).searchParams;
  const { filters, errors } = parseNationalFilters(params);
  const stats = nationalStats(principal, filters); // 403 for anyone but organizers and admins
  const typed = { tu: params.get("tu") ?? "", den: params.get("den") ?? "", cap: params.get("cap") ?? "" };
  return json(
    {
      scope: { label: stats.scope.label, all: stats.scope.all },
      filters,
      typed,
      errors,
      years: stats.years.map((y) => ({ ...y, sentence: conferenceSentence(y) })),
      totals: stats.totals,
      byLevel: stats.byLevel,
      charts: nationalCharts(stats),
      exportHref: `/to-chuc/thong-ke.xlsx${filtersQuery(filters)}`,
    },
    { status: Object.keys(errors).length ? 400 : 200, headers: { "Cache-Control": "private, no-store" } },
  );
}

export default function NationalView() {
  const { scope, typed, errors, years, totals, byLevel, charts, exportHref } = useLoaderData<typeof loader>();
  const fieldError = (name: string) =>
    errors[name] ? (
      <div className="field-error" id={`f-${name}-error`} role="alert">
        {errors[name]}
      </div>
    ) : null;
  return (
    <div className="national">
      <div className="page-head">
        <div>
          <h1>Thống kê sản phẩm được công nhận</h1>
          <p className="muted">
            Phạm vi: <strong>{scope.label}</strong>
          </p>
        </div>
        <a href={exportHref} className="button secondary" download>
          Tải bảng tính (.xlsx)
        </a>
      </div>

      <Form method="get" className="filters" aria-label="Lọc số liệu">
        <div className={`field${errors.tu ? " has-error" : ""}`}>
          <label htmlFor="f-tu">Từ năm</label>
          <input id="f-tu" name="tu" inputMode="numeric" defaultValue={typed.tu} placeholder="2015" aria-invalid={errors.tu ? true : undefined} aria-describedby={errors.tu ? "f-tu-error" : undefined} />
          {fieldError("tu")}
        </div>
        <div className={`field${errors.den ? " has-error" : ""}`}>
          <label htmlFor="f-den">Đến năm</label>
          <input id="f-den" name="den" inputMode="numeric" defaultValue={typed.den} placeholder="2026" aria-invalid={errors.den ? true : undefined} aria-describedby={errors.den ? "f-den-error" : undefined} />
          {fieldError("den")}
        </div>
        <div className={`field${errors.cap ? " has-error" : ""}`}>
          <label htmlFor="f-cap">Cấp bình chọn</label>
          <select id="f-cap" name="cap" defaultValue={errors.cap ? "" : typed.cap} aria-invalid={errors.cap ? true : undefined} aria-describedby={errors.cap ? "f-cap-error" : undefined}>
            <option value="">Tất cả các cấp</option>
            {ROUND_LEVELS.map((l) => (
              <option key={l} value={l}>
                {LEVEL_LABELS[l]}
              </option>
            ))}
          </select>
          {fieldError("cap")}
        </div>
        <button type="submit" className="button">
          Xem
        </button>
        <Link to="/to-chuc/thong-ke" className="small">
          Bỏ lọc
        </Link>
      </Form>

      <section className="card" aria-labelledby="national-summary">
        <h2 id="national-summary">Tóm tắt theo năm</h2>
        {years.length ? (
          <ul className="national-sentences">
            {years.map((y) => (
              <li key={y.year}>{y.sentence}</li>
            ))}
          </ul>
        ) : (
          <p className="muted">Chưa có hồ sơ hay giấy chứng nhận nào trong phạm vi và bộ lọc đã chọn.</p>
        )}
        <p className="small muted">
          Tổng: {totals.entries} hồ sơ, {totals.recognised} sản phẩm được công nhận
          {byLevel.length ? ` (${byLevel.map((l) => `${LEVEL_LABELS[l.key as keyof typeof LEVEL_LABELS]}: ${l.recognised}/${l.entries}`).join("; ")})` : ""}. Hồ sơ: hồ sơ đã nộp (kể cả hồ sơ bị
          từ chối; không tính bản nháp, hồ sơ đã rút). Được công nhận: giấy chứng nhận đã cấp, chưa bị thu hồi. Tỉnh ghi theo địa giới lưu cùng hồ sơ, giấy chứng nhận
          (trước hoặc từ 1/7/2025).
        </p>
      </section>

      <div className="chart-grid">
        {charts.map((c) => (
          <Chart key={c.id} id={c.id} title={c.title} caption={c.caption} svg={c.svg} table={c.table} />
        ))}
      </div>
    </div>
  );
}
