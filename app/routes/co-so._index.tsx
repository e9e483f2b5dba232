import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/lib/permissions.server";
import { LEGAL_TYPE_LABELS } from "~/modules/accounts/accounts";
import { unreadCount } from "~/modules/notify/notify.server";
import { producerHome } from "~/modules/producers/producers.server";
import { certificatesOfProducer } from "~/modules/certificates/certificates.server";
import { ENTRY_STATUS_LABELS, entryStatusTone, LEVEL_LABELS } from "~/ui/labels";

export const meta: MetaFunction = () => [{ title: "Cơ sở của tôi - Bình chọn sản phẩm CNNT tiêu biểu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, principal } = await requireRole(request, "producer");
  return json({
    userName: user.fullName,
    establishments: producerHome(principal),
    certificates: certificatesOfProducer(principal),
    unread: unreadCount(user.id),
  });
}

export default function ProducerHome() {
  const { userName, establishments, certificates, unread } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <div>
      <div className="page-head">
        <div>
          <h1>Cơ sở của tôi</h1>
          <p className="muted">Xin chào {userName}.</p>
        </div>
        <nav className="row" aria-label="Việc của cơ sở">
          <Link to="/co-so/ky-binh-chon" className="button">
            Kỳ bình chọn đang mở
          </Link>
          <Link to="/co-so/san-pham/moi" className="button secondary">
            Thêm sản phẩm
          </Link>
          <Link to="/co-so/thong-bao" className="button secondary">
            Thông báo{unread ? ` (${unread})` : ""}
          </Link>
        </nav>
      </div>
      {params.get("welcome") ? (
        <div className="alert success" role="status">
          Đã tạo tài khoản cho cơ sở. Bước tiếp theo: bổ sung thông tin cơ sở và khai báo sản phẩm.
        </div>
      ) : null}
      {params.get("da-luu") === "thong-tin" ? (
        <div className="alert success" role="status">
          Đã lưu thông tin cơ sở.
        </div>
      ) : null}
      {establishments.map(({ establishment: e, products, entries }) => (
        <div key={e.id}>
          <section className="card" aria-labelledby={`est-${e.id}`}>
            <h2 id={`est-${e.id}`}>{e.name}</h2>
            {!e.profileComplete ? (
              <div className="alert info">
                Thông tin cơ sở chưa đầy đủ (mã số, địa chỉ, điện thoại). <Link to="/co-so/thong-tin">Bổ sung ngay</Link>
              </div>
            ) : null}
            <dl className="facts">
              <dt>Loại hình</dt>
              <dd>{LEGAL_TYPE_LABELS[e.legalType]}</dd>
              <dt>Mã số</dt>
              <dd>{e.registrationNo ?? <span className="muted">Chưa khai báo</span>}</dd>
              <dt>Địa chỉ</dt>
              <dd>{e.address || e.provinceName || <span className="muted">Chưa khai báo</span>}</dd>
              <dt>Người đại diện</dt>
              <dd>{e.representative ?? "—"}</dd>
              <dt>Điện thoại</dt>
              <dd>{e.phone ?? "—"}</dd>
            </dl>
            <p className="row small" style={{ marginTop: 10 }}>
              <Link to="/co-so/thong-tin">Sửa thông tin cơ sở</Link>
              <Link to="/co-so/thanh-vien">Thành viên</Link>
            </p>
          </section>
          <div className="grid grid-2">
            <section className="card">
              <h3>Sản phẩm ({products.length})</h3>
              {products.length ? (
                <ul className="list-plain">
                  {products.map((p) => (
                    <li key={p.id}>
                      <Link to={`/co-so/san-pham/${p.id}`}>
                        <strong>{p.name}</strong>
                      </Link>
                      {p.isSet ? <span className="badge">Bộ sản phẩm</span> : null}
                      <div className="small muted">{p.group}</div>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">
                  Chưa có sản phẩm nào. <Link to="/co-so/san-pham/moi">Thêm sản phẩm</Link>
                </p>
              )}
            </section>
            <section className="card">
              <h3>Hồ sơ tham gia bình chọn ({entries.length})</h3>
              {entries.length ? (
                <ul className="list-plain">
                  {entries.map((x) => (
                    <li key={x.id}>
                      <Link to={`/co-so/du-thi/${x.id}`}>
                        <strong>{x.productName}</strong>
                      </Link>{" "}
                      <span className={`badge ${entryStatusTone(x.status)}`}>{ENTRY_STATUS_LABELS[x.status]}</span>
                      <div className="small muted">
                        {x.roundTitle} · {LEVEL_LABELS[x.roundLevel]} {x.roundYear}
                        {x.dossierNo ? ` · Số hồ sơ ${x.dossierNo}` : ""}
                      </div>
                      {certificates
                        .filter((c) => c.entryId === x.id)
                        .map((c) => (
                          <div key={c.id} className="small">
                            <a href={`/co-so/chung-nhan/${c.id}`} download>
                              Tải giấy chứng nhận {c.number}
                            </a>
                            {c.status !== "valid" ? <span className="badge bad">{c.status === "revoked" ? "Đã bị thu hồi" : "Hết hiệu lực"}</span> : null}
                          </div>
                        ))}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">Cơ sở chưa tham gia kỳ bình chọn nào.</p>
              )}
            </section>
          </div>
        </div>
      ))}
    </div>
  );
}
