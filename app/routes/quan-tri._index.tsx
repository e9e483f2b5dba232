import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { formatDateTime } from "~/lib/dates";
import { requireRole } from "~/lib/permissions.server";
import { USER_ROLE_LABELS, USER_ROLES, USER_STATUS_LABELS } from "~/modules/admin/admin";
import { adminOverview, parseUserFilters, type UserFilters } from "~/modules/admin/admin.server";

export const meta: MetaFunction = () => [{ title: "Quản trị - Bình chọn sản phẩm CNNT tiêu biểu" }];

const UNIT_LEVEL: Record<string, string> = { province: "Tỉnh, thành phố", district: "Quận, huyện", commune: "Xã, phường" };

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "admin");
  const filters = parseUserFilters(new URL(request.url).searchParams);
  return json({ ...adminOverview(principal, filters), filters }, { headers: { "Cache-Control": "private, no-store" } });
}

/** The address of the list with these filters (empty ones left out, page 1 left out). */
function listHref(f: Partial<UserFilters>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined || v === null || v === "" || (k === "trang" && v === 1)) continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `/quan-tri?${s}` : "/quan-tri";
}

export default function AdminHome() {
  const { users, bodies, accounts, units, filters } = useLoaderData<typeof loader>();
  const filtered = Boolean(filters.q || filters.vai_tro || filters.co_quan || filters.trang_thai);
  const first = (users.page - 1) * users.pageSize + 1;
  const last = first + users.list.length - 1;
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
          <Link to="/quan-tri/lich-chay" className="button secondary">
            Lịch chạy tự động
          </Link>
          <Link to="/quan-tri/thong-tin" className="button secondary">
            Thông tin cơ quan vận hành
          </Link>
        </div>
      </div>
      <div className="grid grid-4 admin-stats">
        <div className="stat">
          <div className="value">{accounts.n}</div>
          <div className="label">Tài khoản ({accounts.disabled} đang khóa)</div>
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

      <h2 id="tai-khoan">Tài khoản</h2>
      <Form method="get" className="filters admin-filters" role="search" aria-label="Lọc tài khoản">
        <div className="field grow">
          <label htmlFor="f-q">Tìm</label>
          <input id="f-q" name="q" type="search" defaultValue={filters.q ?? ""} placeholder="Họ tên, email, điện thoại" maxLength={100} />
        </div>
        <div className="field">
          <label htmlFor="f-role">Vai trò</label>
          <select id="f-role" name="vai_tro" defaultValue={filters.vai_tro ?? ""}>
            <option value="">Tất cả</option>
            {USER_ROLES.map((r) => (
              <option key={r} value={r}>
                {USER_ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-body">Cơ quan</label>
          <select id="f-body" name="co_quan" defaultValue={filters.co_quan ? String(filters.co_quan) : ""}>
            <option value="">Tất cả</option>
            {bodies.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-status">Trạng thái</label>
          <select id="f-status" name="trang_thai" defaultValue={filters.trang_thai ?? ""}>
            <option value="">Tất cả</option>
            <option value="active">{USER_STATUS_LABELS.active}</option>
            <option value="disabled">{USER_STATUS_LABELS.disabled}</option>
          </select>
        </div>
        <div className="row">
          <button type="submit" className="button">
            Lọc
          </button>
          {filtered ? (
            <Link to="/quan-tri" className="button secondary">
              Bỏ lọc
            </Link>
          ) : null}
        </div>
      </Form>
      <p className="small muted" role="status">
        {users.total === 0
          ? filtered
            ? "Không có tài khoản nào khớp bộ lọc."
            : "Chưa có tài khoản nào."
          : `${filtered ? "Khớp bộ lọc" : "Tổng cộng"}: ${users.total} tài khoản${users.pages > 1 ? `; đang xem ${first}–${last}` : ""}.`}
      </p>
      {users.list.length ? (
        <div className="table-wrap admin-users-wrap">
          <table className="admin-users">
            <thead>
              <tr>
                <th>Họ tên, liên hệ</th>
                <th>Vai trò</th>
                <th>Trạng thái</th>
                <th>Tạo lúc</th>
              </tr>
            </thead>
            <tbody>
              {users.list.map((u) => (
                <tr key={u.id}>
                  <td className="c-who">
                    <Link to={`/quan-tri/tai-khoan/${u.id}`}>
                      <strong>{u.fullName}</strong>
                    </Link>
                    <div className="small break">{u.email}</div>
                    {u.phone ? <div className="small muted">{u.phone}</div> : null}
                  </td>
                  <td className="c-roles" data-label="Vai trò">
                    {u.roles.length ? (
                      <ul className="role-list">
                        {u.roles.map((r, i) => (
                          <li key={i}>
                            <span className={`badge ${r.kind === "admin" ? "info" : ""}`}>{USER_ROLE_LABELS[r.kind]}</span>{" "}
                            {r.detail ? <span className="small">{r.detail}</span> : null}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span className="muted small">Chưa có vai trò</span>
                    )}
                  </td>
                  <td className="c-status" data-label="Trạng thái">
                    <span className={`badge ${u.status === "active" ? "ok" : "bad"}`}>{USER_STATUS_LABELS[u.status]}</span>
                  </td>
                  <td className="small nowrap c-created" data-label="Tạo lúc">
                    {formatDateTime(u.createdAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {users.pages > 1 ? (
        <nav className="pager" aria-label={`Trang ${users.page}/${users.pages}`}>
          {users.page > 1 ? (
            <Link to={listHref({ ...filters, trang: users.page - 1 })} rel="prev">
              ← Trang trước
            </Link>
          ) : (
            <span />
          )}
          <span className="muted small">
            Trang {users.page}/{users.pages}
          </span>
          {users.page < users.pages ? (
            <Link to={listHref({ ...filters, trang: users.page + 1 })} rel="next">
              Trang sau →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </div>
  );
}
