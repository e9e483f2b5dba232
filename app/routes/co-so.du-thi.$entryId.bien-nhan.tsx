import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate, formatDateTime } from "~/lib/dates";
import { idParam } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { entryReceipt } from "~/modules/entries/entries.server";
import { LEVEL_LABELS } from "~/ui/labels";
import { useLocale } from "~/i18n";
import { dossierText, useDossierT } from "~/i18n/dossier";
import { metaLocale } from "~/i18n/pages";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: dossierText(metaLocale(matches), "receipt.title", { no: data?.entry.dossierNo ?? "" }).trim() },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "producer");
  return json(entryReceipt(principal, idParam(params.entryId, "hồ sơ")));
}

/**
 * A printable receipt: the dossier number and the date by which the organizer must answer.
 * The receipt card is an administrative document: it stays Vietnamese in both languages (like the
 * PDF, /bien-nhan.pdf), marked lang="vi". In English the page around it (back link, buttons, the
 * QR note) is English, with a one-line English summary above the card; none of it is printed.
 */
export default function Receipt() {
  const r = useLoaderData<typeof loader>();
  const locale = useLocale();
  const t = useDossierT();
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
        <Link to={`/co-so/du-thi/${r.entry.id}`}>{t("receipt.back")}</Link>
      </p>
      {locale === "en" ? (
        <div className="no-print receipt-en">
          <p>{t("receipt.intro")}</p>
          <p className="small">
            {t("receipt.summary", {
              no: r.entry.dossierNo ?? "",
              submitted: formatDateTime(r.entry.submittedAt),
              answerBy: formatDate(r.entry.answerBy),
              n: r.round.intakeAnswerWorkingDays,
              docs: docs.length,
            })}
          </p>
        </div>
      ) : null}
      <section className="card" lang="vi">
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
          {t("receipt.download")}
        </a>{" "}
        <button
          type="button"
          className="button secondary"
          onClick={() => window.print()}
        >
          {t("receipt.print")}
        </button>
      </p>
      <p className="small muted no-print">
        {t("receipt.qrBefore")}
        <a
          href={`/tra-cuu-ho-so?so=${encodeURIComponent(
            r.entry.dossierNo ?? ""
          )}`}
        >
          {t("receipt.qrLink")}
        </a>
        {t("receipt.qrAfter")}
      </p>
    </div>
  );
}
