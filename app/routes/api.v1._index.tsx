import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { apiDocs } from "~/modules/api/docs.server";
import { apiRule } from "~/modules/api/throttle.server";
import { cachingHeaders, publicCacheHeaders } from "~/modules/lookup/cache.server";

export const meta: MetaFunction = () => [
  { title: "API mở (v1) - Bình chọn sản phẩm CNNT tiêu biểu" },
  { name: "description", content: "Tài liệu API chỉ đọc: sản phẩm được công nhận, xác thực giấy chứng nhận, kết quả đã công bố, đơn vị hành chính." },
];

export const headers: HeadersFunction = cachingHeaders;

/** /api/v1: the API's documentation, read from the OpenAPI document (docs/decisions/0020). */
export async function loader({ request }: LoaderFunctionArgs) {
  return json({ ...apiDocs(), rate: apiRule().limit }, { headers: publicCacheHeaders(request) });
}

const PLACE: Record<string, string> = { query: "truy vấn", path: "đường dẫn", header: "tiêu đề" };

export default function ApiDocs() {
  const { title, version, operations, rate } = useLoaderData<typeof loader>();
  const tags = [...new Set(operations.map((o) => o.tag))];
  return (
    <div className="api-docs">
      <h1>API mở</h1>
      <p className="lead">
        {title} · phiên bản {version}
      </p>
      <section className="card">
        <h2>Cách dùng</h2>
        <ul>
          <li>
            Chỉ đọc (GET), trả về JSON; tên trường bằng tiếng Anh, ổn định trong <code>/api/v1</code>. Tài liệu máy đọc được:{" "}
            <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1).
          </li>
          <li>
            Danh sách có phân trang: tham số <code>page</code>, <code>pageSize</code> (tối đa 100); kết quả{" "}
            <code>{"{ items, page, pageSize, total }"}</code>.
          </li>
          <li>
            Lỗi: <code>{"{ error: { code, message } }"}</code>, thông báo bằng tiếng Việt; 400 tham số sai, 401 mã truy cập sai, 404 không tìm thấy, 429
            quá nhiều yêu cầu.
          </li>
          <li>
            Mỗi địa chỉ IP được {rate} yêu cầu mỗi phút; vượt quá thì nhận 429 với <code>Retry-After</code> (số giây cần chờ).
          </li>
          <li>
            Có <code>ETag</code>: gửi lại trong <code>If-None-Match</code> để nhận 304 khi dữ liệu không đổi. Gọi được từ trang web khác (CORS cho GET).
          </li>
          <li>
            Cơ quan tổ chức: tạo mã truy cập tại <a href="/to-chuc/api">Tổ chức → Mã truy cập API</a>, gửi kèm tiêu đề{" "}
            <code>Authorization: Bearer &lt;mã&gt;</code> từ máy chủ của mình (không đặt mã trong trang web công khai).
          </li>
        </ul>
        <p className="small muted">
          Dữ liệu mở dạng tệp (tiêu đề cột tiếng Việt): <a href="/du-lieu/san-pham.csv">san-pham.csv</a>, <a href="/du-lieu/san-pham.json">san-pham.json</a>.
        </p>
      </section>
      <nav aria-label="Các điểm truy cập" className="card">
        <h2>Các điểm truy cập</h2>
        {tags.map((tag) => (
          <div key={tag}>
            <h3>{tag}</h3>
            <ul className="list-plain">
              {operations
                .filter((o) => o.tag === tag)
                .map((o) => (
                  <li key={o.id}>
                    <a href={`#${o.id}`}>
                      <span className="api-method">{o.method}</span> <code className="api-path">{o.path}</code>
                    </a>{" "}
                    <span className="small muted">{o.summary}</span>
                  </li>
                ))}
            </ul>
          </div>
        ))}
      </nav>
      {operations.map((o) => (
        <section key={o.id} id={o.id} className="card api-op">
          <h2>
            <span className="api-method">{o.method}</span> <code className="api-path">{o.path}</code>
          </h2>
          <p>
            <strong>{o.summary}.</strong> {o.description}
          </p>
          {o.token ? (
            <p className="small">
              <span className="badge warn">Cần mã truy cập</span> <code>Authorization: Bearer &lt;mã&gt;</code>
            </p>
          ) : null}
          {o.params.length ? (
            <>
              <h3>Tham số</h3>
              <ul className="api-params">
                {o.params.map((p) => (
                  <li key={`${p.in}-${p.name}`}>
                    <div>
                      <code className="api-param-name">{p.name}</code>{" "}
                      <span className="small muted">
                        {PLACE[p.in] ?? p.in}
                        {p.required ? ", bắt buộc" : ", không bắt buộc"}
                      </span>
                    </div>
                    {p.type ? <div className="small api-type">{p.type}</div> : null}
                    {p.description ? <div className="small">{p.description}</div> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="small muted">Không có tham số.</p>
          )}
          <h3>Trả lời</h3>
          <ul className="list-plain small">
            {o.responses.map((r) => (
              <li key={r.status}>
                <strong>{r.status}</strong> {r.description}
              </li>
            ))}
          </ul>
          <details>
            <summary>Ví dụ trả lời 200</summary>
            <pre className="api-example">{o.example}</pre>
          </details>
        </section>
      ))}
    </div>
  );
}
