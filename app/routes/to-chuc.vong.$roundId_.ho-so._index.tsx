import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ENTRY_STATUSES } from "~db/schema";
import { PRODUCT_GROUPS } from "~db/reference/catalog";
import { formatDate, formatDateTime } from "~/lib/dates";
import { idParam } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { listIntake } from "~/modules/entries/intake.server";
import { ENTRY_STATUS_LABELS, entryStatusTone } from "~/ui/labels";
import { RoundNav } from "~/ui/RoundNav";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Hồ sơ - ${data?.round.title ?? "Kỳ bình chọn"}` }];

const Filters = z.object({
  trang_thai: z.enum(ENTRY_STATUSES).optional().catch(undefined),
  nhom: z.coerce.number().int().min(1).max(4).optional().catch(undefined),
  dia_ban: z.coerce.number().int().positive().optional().catch(undefined),
  qua_han: z.literal("1").optional().catch(undefined),
  q: z.string().max(200).optional().catch(undefined),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  const sp = Object.fromEntries(new URL(request.url).searchParams);
  const f = Filters.parse(sp);
  const data = listIntake(principal, idParam(params.roundId, "kỳ bình chọn"), {
    status: f.trang_thai,
    groupId: f.nhom,
    unitId: f.dia_ban,
    overdue: f.qua_han === "1",
    q: f.q?.trim() || undefined,
  });
  return json({ ...data, round: { id: data.round.id, title: data.round.title, status: data.round.status }, filters: f });
}

export default function IntakeQueue() {
  const { round, canManage, rows, counts, overdueCount, places, filters } = useLoaderData<typeof loader>();
  return (
    <div>
      <p className="small">
        <Link to="/to-chuc">← Các kỳ bình chọn</Link>
      </p>
      <h1>{round.title}</h1>
      <RoundNav roundId={round.id} status={round.status} canManage={canManage} />
      <div className="row small" aria-label="Số hồ sơ theo trạng thái">
        {counts.map((c) => (
          <Link key={c.status} to={`?trang_thai=${c.status}`} className={`badge ${entryStatusTone(c.status)}`}>
            {ENTRY_STATUS_LABELS[c.status]}: {c.n}
          </Link>
        ))}
        {overdueCount ? (
          <Link to="?qua_han=1" className="badge bad">
            Quá hạn trả lời: {overdueCount}
          </Link>
        ) : null}
      </div>
      <Form method="get" className="filters" role="search">
        <div className="field">
          <label htmlFor="f-q">Tìm</label>
          <input id="f-q" name="q" defaultValue={filters.q ?? ""} placeholder="Sản phẩm, cơ sở, số hồ sơ" />
        </div>
        <div className="field">
          <label htmlFor="f-st">Trạng thái</label>
          <select id="f-st" name="trang_thai" defaultValue={filters.trang_thai ?? ""}>
            <option value="">Tất cả</option>
            {(["submitted", "needs_completion", "accepted", "rejected", "withdrawn", "nominated"] as const).map((s) => (
              <option key={s} value={s}>
                {ENTRY_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-g">Nhóm</label>
          <select id="f-g" name="nhom" defaultValue={filters.nhom ?? ""}>
            <option value="">Tất cả</option>
            {PRODUCT_GROUPS.map((g) => (
              <option key={g.id} value={g.id}>
                {g.id}. {g.shortName}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-u">Địa bàn</label>
          <select id="f-u" name="dia_ban" defaultValue={filters.dia_ban ?? ""}>
            <option value="">Tất cả</option>
            {places.map((p) => (
              <option key={p.id} value={p.id}>
                {p.kind} {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field" style={{ flex: "0 0 auto" }}>
          <label>
            <input type="checkbox" name="qua_han" value="1" defaultChecked={filters.qua_han === "1"} /> Quá hạn
          </label>
        </div>
        <button type="submit" className="button secondary">
          Lọc
        </button>
      </Form>
      {rows.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Số hồ sơ</th>
                <th>Sản phẩm</th>
                <th>Cơ sở</th>
                <th>Trạng thái</th>
                <th>Nộp lúc</th>
                <th>Hạn trả lời</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/to-chuc/vong/${round.id}/ho-so/${r.id}`}>{r.dossierNo ?? `#${r.id}`}</Link>
                    {r.votingCode ? <div className="small muted">Mã {r.votingCode}</div> : null}
                  </td>
                  <td>
                    {r.productName}
                    <div className="small muted">
                      Nhóm {r.groupId}. {r.group}
                    </div>
                  </td>
                  <td>
                    {r.establishment}
                    <div className="small muted">{r.place}</div>
                  </td>
                  <td>
                    <span className={`badge ${entryStatusTone(r.status)}`}>{ENTRY_STATUS_LABELS[r.status]}</span>
                  </td>
                  <td className="small">{formatDateTime(r.submittedAt)}</td>
                  <td className={`small${r.overdue ? " overdue" : ""}`}>
                    {formatDate(r.answerBy)}
                    {r.overdue ? " · quá hạn" : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="card muted">Không có hồ sơ nào khớp bộ lọc.</p>
      )}
    </div>
  );
}
