import type {
  HeadersFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { formatDate, formatDateTime } from "~/lib/dates";
import { clientIp } from "~/lib/http.server";
import {
  NO_MATCH_MESSAGE,
  NO_MATCH_STATUS,
  PUBLIC_EVENT_NOTES,
  normaliseDossierNo,
} from "~/modules/dossier-status/status";
import {
  findDossierStatus,
  reserveStatusLookup,
  statusLookupMatched,
} from "~/modules/dossier-status/status.server";
import {
  ENTRY_STATUS_LABELS,
  EVENT_LABELS,
  LEVEL_LABELS,
  entryStatusTone,
} from "~/ui/labels";

export const meta: MetaFunction = () => [
  { title: "Tra cứu tình trạng hồ sơ - Bình chọn sản phẩm CNNT tiêu biểu" },
  {
    name: "description",
    content:
      "Tra cứu tình trạng hồ sơ tham gia bình chọn sản phẩm công nghiệp nông thôn tiêu biểu bằng số hồ sơ và số điện thoại của cơ sở.",
  },
  { name: "robots", content: "noindex, nofollow" },
];

/**
 * Never cached anywhere (not by the page cache, a proxy or the browser), and the address, which
 * carries the phone number, is never sent on as a Referer.
 */
const NO_STORE = {
  "Cache-Control": "private, no-store",
  "Referrer-Policy": "no-referrer",
};
export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const h = new Headers(NO_STORE);
  const retry = loaderHeaders.get("Retry-After");
  if (retry) h.set("Retry-After", retry);
  return h;
};

const clip = (v: string | null) => (v ?? "").slice(0, 60);

/**
 * GET ?so=<dossier number>&dt=<phone>. Only `so` (the receipt's QR code): the form, filled in.
 * With `dt`: one lookup, counted against the client's address and the number; every miss gets the
 * same 404 and the same words (docs/decisions/0026).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const so = clip(params.get("so"));
  const formValue = normaliseDossierNo(so) ?? so.trim();
  if (!params.has("dt"))
    return json({ so: formValue, result: null }, { headers: NO_STORE });
  const dt = clip(params.get("dt"));
  const ip = clientIp(request);
  const refused = reserveStatusLookup(ip, so);
  if (refused) {
    return json(
      {
        so: formValue,
        result: { kind: "throttled" as const, message: refused.message },
      },
      {
        status: 429,
        headers: {
          ...NO_STORE,
          "Retry-After": String(refused.retryAfterSeconds),
        },
      }
    );
  }
  const found = findDossierStatus(so, dt);
  if (!found)
    return json(
      {
        so: formValue,
        result: { kind: "miss" as const, message: NO_MATCH_MESSAGE },
      },
      { status: NO_MATCH_STATUS, headers: NO_STORE }
    );
  statusLookupMatched(ip, so);
  return json(
    {
      so: found.dossierNo,
      result: {
        kind: "found" as const,
        dossier: {
          dossierNo: found.dossierNo,
          status: found.status,
          productName: found.productName,
          establishmentName: found.establishmentName,
          roundTitle: found.roundTitle,
          roundLevel: found.roundLevel,
          bodyName: found.bodyName,
          submittedAt: found.submittedAt.toISOString(),
          answerBy: found.answerBy,
          events: found.events.map((e) => ({
            id: e.id,
            type: e.type,
            createdAt: e.createdAt.toISOString(),
          })),
        },
      },
    },
    { headers: NO_STORE }
  );
}

export default function DossierStatus() {
  const { so, result } = useLoaderData<typeof loader>();
  const d = result?.kind === "found" ? result.dossier : null;
  return (
    <div className="dossier-status">
      <h1>Tra cứu tình trạng hồ sơ</h1>
      <p className="lead">
        Nhập số hồ sơ in trên giấy biên nhận và số điện thoại của cơ sở đã đăng
        ký để xem hồ sơ đang ở bước nào. Không cần đăng nhập.
      </p>
      <Form
        method="get"
        action="/tra-cuu-ho-so"
        className="card status-form"
        replace
      >
        <div className="field">
          <label htmlFor="f-so">Số hồ sơ</label>
          <input
            id="f-so"
            name="so"
            defaultValue={so}
            required
            maxLength={40}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            placeholder="Ví dụ: HS2026-3-0001"
          />
        </div>
        <div className="field">
          <label htmlFor="f-dt">Số điện thoại của cơ sở</label>
          <input
            id="f-dt"
            name="dt"
            type="tel"
            inputMode="tel"
            required
            maxLength={20}
            autoComplete="tel"
            placeholder="Ví dụ: 0912 345 678"
            aria-describedby="f-dt-hint"
          />
          <span className="hint" id="f-dt-hint">
            Số điện thoại liên hệ cơ sở khai khi đăng ký (có thể viết +84 hoặc 0
            ở đầu).
          </span>
        </div>
        <button type="submit" className="button">
          Tra cứu
        </button>
      </Form>

      {result && result.kind !== "found" ? (
        <p
          className={`alert ${result.kind === "throttled" ? "info" : "error"}`}
          role="alert"
        >
          {result.message}
        </p>
      ) : null}

      {d ? (
        <section className="card status-result" aria-live="polite">
          <p className="small muted">{d.bodyName}</p>
          <h2>Hồ sơ {d.dossierNo}</h2>
          <p>
            Tình trạng:{" "}
            <span className={`badge ${entryStatusTone(d.status)}`}>
              {ENTRY_STATUS_LABELS[d.status]}
            </span>
          </p>
          <dl className="facts">
            <dt>Sản phẩm</dt>
            <dd>{d.productName}</dd>
            <dt>Cơ sở</dt>
            <dd>{d.establishmentName}</dd>
            <dt>Kỳ bình chọn</dt>
            <dd>
              {d.roundTitle} ({LEVEL_LABELS[d.roundLevel]})
            </dd>
            <dt>Ngày nộp</dt>
            <dd>{formatDateTime(d.submittedAt)}</dd>
            <dt>Hạn trả lời</dt>
            <dd>{d.answerBy ? formatDate(d.answerBy) : "—"}</dd>
          </dl>
          <h3>Tiến trình</h3>
          <ol className="timeline">
            {d.events.map((ev) => (
              <li key={ev.id}>
                <strong>{EVENT_LABELS[ev.type] ?? ev.type}</strong>
                <time dateTime={ev.createdAt}>
                  {formatDateTime(ev.createdAt)}
                </time>
                {PUBLIC_EVENT_NOTES[
                  ev.type as keyof typeof PUBLIC_EVENT_NOTES
                ] ? (
                  <div className="small">
                    {
                      PUBLIC_EVENT_NOTES[
                        ev.type as keyof typeof PUBLIC_EVENT_NOTES
                      ]
                    }
                  </div>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <p className="small muted">
        Để xem chi tiết, bổ sung hoặc tải tài liệu, cơ sở đăng nhập hệ thống.
        Mỗi địa chỉ mạng và mỗi số hồ sơ được tra cứu sai tối đa 10 lần trong 15
        phút.
      </p>
    </div>
  );
}
