import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { formatDateTime } from "~/lib/dates";
import { requireRole } from "~/lib/permissions.server";
import { adminOverview } from "~/modules/admin/admin.server";
import { LEVEL_LABELS } from "~/ui/labels";

export const meta: MetaFunction = () => [{ title: "Quản trị - Bình chọn sản phẩm CNNT tiêu biểu" }];

const UNIT_LEVEL: Record<string, string> = { province: "Tỉnh, thành phố", district: "Quận, huyện", commune: "Xã, phường" };

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "admin");
  const page = z.coerce.number().int().min(1).max(100000).catch(1).parse(new URL(request.url).searchParams.get("trang") ?? 1);
  return json(adminOverview(principal, page));
}

export default function AdminHome() {
  const { users, bodies, units } = useLoaderData<typeof loader>();
  const pages = Math.max(1, Math.ceil(users.total / users.pageSize));
  return (
    <div>
      <div className="page-head">
        <h1>Quản trị hệ thống</h1>
        <div className="row">
          <Link to="/quan-tri/co-quan" className="button secondary">
            Cơ quan tổ chức và cán bộ
          </Link>
          <Link to="/quan-tri/hop-thu" className="button secondary">
            Hộp thư đi
          </Link>
          <Link to="/quan-tri/thong-tin" className="button secondary">
            Thông tin cơ quan vận hành
          </Link>
        </div>
      </div>
      <div className="grid grid-4">
        <div className="stat">
          <div className="value">{users.total}</div>
          <div className="label">Tài khoản</div>
        </div>
        <div className="stat">
          <div className="value">{bodies.length}</div>
          <div className="label">Cơ quan tổ chức</div>
        </div>
        {units.map((u) => (
          <div className="stat" key={u.level}>
            <div className="value">{u.n}</div>
            <div className="label">{UNIT_LEVEL[u.level]} (mọi thời kỳ)</div>
          </div>
        ))}
      </div>
      <h2>Cơ quan tổ chức</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Tên</th>
              <th>Cấp</th>
              <th>Địa bàn</th>
              <th className="num">Cán bộ</th>
            </tr>
          </thead>
          <tbody>
            {bodies.map((b) => (
              <tr key={b.id}>
                <td>{b.name}</td>
                <td>{LEVEL_LABELS[b.level]}</td>
                <td>{b.unitName ?? "Toàn quốc"}</td>
                <td className="num">{b.staff}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Tài khoản</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Họ tên</th>
              <th>Email</th>
              <th>Trạng thái</th>
              <th>Tạo lúc</th>
            </tr>
          </thead>
          <tbody>
            {users.list.map((u) => (
              <tr key={u.id}>
                <td>
                  {u.fullName} {u.isSystemAdmin ? <span className="badge info">Quản trị</span> : null}
                </td>
                <td>{u.email}</td>
                <td>{u.status === "active" ? "Hoạt động" : "Đã khóa"}</td>
                <td className="small">{formatDateTime(u.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 ? (
        <nav className="row small" aria-label="Trang">
          {Array.from({ length: pages }, (_, i) => i + 1).map((p) =>
            p === users.page ? (
              <strong key={p}>{p}</strong>
            ) : (
              <Link key={p} to={`?trang=${p}`}>
                {p}
              </Link>
            ),
          )}
        </nav>
      ) : null}
    </div>
  );
}
