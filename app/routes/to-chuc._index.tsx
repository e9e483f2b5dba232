import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate } from "~/lib/dates";
import { requireRole } from "~/lib/permissions.server";
import { listRoundsForOrganizer } from "~/modules/rounds/rounds.server";
import { LEVEL_LABELS, ROUND_STATUS_LABELS, roundStatusTone } from "~/ui/labels";

export const meta: MetaFunction = () => [{ title: "Tổ chức bình chọn - Bình chọn sản phẩm CNNT tiêu biểu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  return json({ rounds: listRoundsForOrganizer(principal) });
}

export default function OrganizerHome() {
  const { rounds } = useLoaderData<typeof loader>();
  return (
    <div>
      <div className="page-head">
        <h1>Các kỳ bình chọn</h1>
        <Link to="/to-chuc/vong/moi" className="button">
          Tạo kỳ bình chọn
        </Link>
        <Link to="/to-chuc/api" className="small">
          Mã truy cập API
        </Link>
      </div>
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
                  <td className="num">{r.entryCount}</td>
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
