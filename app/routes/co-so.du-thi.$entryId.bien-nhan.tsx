import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate, formatDateTime } from "~/lib/dates";
import { idParam } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { entryReceipt } from "~/modules/entries/entries.server";
import { LEVEL_LABELS } from "~/ui/labels";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Biên nhận hồ sơ ${data?.entry.dossierNo ?? ""}` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "producer");
  return json(entryReceipt(principal, idParam(params.entryId, "hồ sơ")));
}

/** A printable receipt: the dossier number and the date by which the organizer must answer. */
export default function Receipt() {
  const r = useLoaderData<typeof loader>();
  const docs = r.slots.flatMap((s) =>
    s.current.map((f) => ({
      slot: s.name,
      name: f.originalName,
      version: f.version,
    }))
  );
  return (
    <div className="receipt">
      <p className="small no-print">
        <Link to={`/co-so/du-thi/${r.entry.id}`}>← Hồ sơ</Link>
      </p>
      <section className="card">
        <p className="small muted">{r.bodyName}</p>
        <h1>Biên nhận hồ sơ tham gia bình chọn</h1>
        <p className="receipt-no">Số hồ sơ: {r.entry.dossierNo}</p>
        <dl className="facts">
          <dt>Kỳ bình chọn</dt>
          <dd>
            {r.round.title} ({LEVEL_LABELS[r.round.level]})
          </dd>
          <dt>Cơ sở</dt>
          <dd>{r.establishment.name}</dd>
          <dt>Địa chỉ</dt>
          <dd>{r.establishment.address || "—"}</dd>
          <dt>Sản phẩm</dt>
          <dd>
            {r.product.name} — {r.product.group}
          </dd>
          <dt>Nộp lúc</dt>
          <dd>{formatDateTime(r.entry.submittedAt)}</dd>
          <dt>Hạn trả lời</dt>
          <dd>
            <strong>{formatDate(r.entry.answerBy)}</strong> (
            {r.round.intakeAnswerWorkingDays} ngày làm việc, không tính thứ Bảy,
            Chủ nhật và ngày lễ)
          </dd>
        </dl>
        <h2>Tài liệu đã nộp ({docs.length})</h2>
        <ol className="small">
          {docs.map((d, i) => (
            <li key={i}>
              {d.slot}: {d.name}
              {d.version > 1 ? ` (phiên bản ${d.version})` : ""}
            </li>
          ))}
        </ol>
        <p className="small muted">
          Hồ sơ đã được khóa. Nếu cần bổ sung, cơ quan tổ chức sẽ thông báo và
          mở lại đúng các mục cần bổ sung.
        </p>
      </section>
      <p className="no-print">
        <a
          className="button"
          href={`/co-so/du-thi/${r.entry.id}/bien-nhan.pdf`}
          download
        >
          Tải biên nhận (PDF)
        </a>{" "}
        <button
          type="button"
          className="button secondary"
          onClick={() => window.print()}
        >
          In biên nhận
        </button>
      </p>
      <p className="small muted no-print">
        Biên nhận PDF có mã QR mở trang{" "}
        <a
          href={`/tra-cuu-ho-so?so=${encodeURIComponent(
            r.entry.dossierNo ?? ""
          )}`}
        >
          tra cứu tình trạng hồ sơ
        </a>
        : ai có số hồ sơ và số điện thoại của cơ sở đều xem được hồ sơ đang ở
        bước nào mà không cần đăng nhập.
      </p>
    </div>
  );
}
