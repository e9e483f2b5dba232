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
import { useLocale } from "~/i18n";
import { metaLocale, pageTitle } from "~/i18n/pages";
import { entryStatusLabel, entryStatusTone, eventLabel, levelLabel } from "~/ui/labels";

export const meta: MetaFunction = ({ matches }) => {
  const locale = metaLocale(matches);
  return [
    { title: pageTitle(locale, "title.dossierStatus") },
    {
      name: "description",
      content:
        locale === "en"
          ? "Check the status of an entry dossier for the typical rural industrial products selection by its dossier number and the establishment's phone number."
          : "Tra cứu tình trạng hồ sơ tham gia bình chọn sản phẩm công nghiệp nông thôn tiêu biểu bằng số hồ sơ và số điện thoại của cơ sở.",
    },
    { name: "robots", content: "noindex, nofollow" },
  ];
};

const TEXT = {
  vi: {
    title: "Tra cứu tình trạng hồ sơ",
    lead: "Nhập số hồ sơ in trên giấy biên nhận và số điện thoại của cơ sở đã đăng ký để xem hồ sơ đang ở bước nào. Không cần đăng nhập.",
    dossierNo: "Số hồ sơ",
    dossierNoPh: "Ví dụ: HS2026-3-0001",
    phone: "Số điện thoại của cơ sở",
    phonePh: "Ví dụ: 0912 345 678",
    phoneHint: "Số điện thoại liên hệ cơ sở khai khi đăng ký (có thể viết +84 hoặc 0 ở đầu).",
    submit: "Tra cứu",
    dossier: "Hồ sơ",
    status: "Tình trạng:",
    product: "Sản phẩm",
    establishment: "Cơ sở",
    round: "Kỳ bình chọn",
    submittedAt: "Ngày nộp",
    answerBy: "Hạn trả lời",
    progress: "Tiến trình",
    foot: "Để xem chi tiết, bổ sung hoặc tải tài liệu, cơ sở đăng nhập hệ thống. Mỗi địa chỉ mạng và mỗi số hồ sơ được tra cứu sai tối đa 10 lần trong 15 phút.",
    miss: "",
    throttled: "",
  },
  en: {
    title: "Dossier status lookup",
    lead: "Enter the dossier number printed on the receipt and the establishment's registered phone number to see which step the dossier is at. No log-in needed.",
    dossierNo: "Dossier number",
    dossierNoPh: "e.g. HS2026-3-0001",
    phone: "Establishment's phone number",
    phonePh: "e.g. 0912 345 678",
    phoneHint: "The contact phone number given when the establishment registered (may start with +84 or 0).",
    submit: "Look up",
    dossier: "Dossier",
    status: "Status:",
    product: "Product",
    establishment: "Establishment",
    round: "Round",
    submittedAt: "Submitted on",
    answerBy: "Answer due by",
    progress: "Progress",
    foot: "To see details, complete the dossier or download documents, the establishment logs in. Each network address and each dossier number may be looked up wrongly at most 10 times in 15 minutes.",
    miss: "No dossier matches this dossier number and phone number. Please check the number on the receipt and the contact phone number given at registration.",
    throttled: "Too many lookups. Please try again in {n} minutes.",
  },
};

const EVENT_NOTES_EN: Record<string, string> = {
  completion_requested: "The establishment logs in to see what must be completed.",
  rejected: "The establishment logs in to see the reason.",
  recognised: "The result has been published.",
  not_recognised: "The result has been published.",
};

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
        result: { kind: "throttled" as const, message: refused.message, retryAfterSeconds: refused.retryAfterSeconds },
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
  const locale = useLocale();
  const x = TEXT[locale];
  const en = locale === "en";
  const message =
    result && result.kind !== "found"
      ? en
        ? result.kind === "throttled"
          ? x.throttled.replace("{n}", String(Math.max(1, Math.ceil(((result as { retryAfterSeconds?: number }).retryAfterSeconds ?? 60) / 60))))
          : x.miss
        : result.message
      : "";
  return (
    <div className="dossier-status">
      <h1>{x.title}</h1>
      <p className="lead">{x.lead}</p>
      <Form
        method="get"
        action="/tra-cuu-ho-so"
        className="card status-form"
        replace
      >
        <div className="field">
          <label htmlFor="f-so">{x.dossierNo}</label>
          <input
            id="f-so"
            name="so"
            defaultValue={so}
            required
            maxLength={40}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            placeholder={x.dossierNoPh}
          />
        </div>
        <div className="field">
          <label htmlFor="f-dt">{x.phone}</label>
          <input
            id="f-dt"
            name="dt"
            type="tel"
            inputMode="tel"
            required
            maxLength={20}
            autoComplete="tel"
            placeholder={x.phonePh}
            aria-describedby="f-dt-hint"
          />
          <span className="hint" id="f-dt-hint">
            {x.phoneHint}
          </span>
        </div>
        <button type="submit" className="button">
          {x.submit}
        </button>
      </Form>

      {result && result.kind !== "found" ? (
        <p
          className={`alert ${result.kind === "throttled" ? "info" : "error"}`}
          role="alert"
        >
          {message}
        </p>
      ) : null}

      {d ? (
        <section className="card status-result" aria-live="polite">
          <p className="small muted">{d.bodyName}</p>
          <h2>{x.dossier} {d.dossierNo}</h2>
          <p>
            {x.status}{" "}
            <span className={`badge ${entryStatusTone(d.status)}`}>
              {entryStatusLabel(d.status, locale)}
            </span>
          </p>
          <dl className="facts">
            <dt>{x.product}</dt>
            <dd>{d.productName}</dd>
            <dt>{x.establishment}</dt>
            <dd>{d.establishmentName}</dd>
            <dt>{x.round}</dt>
            <dd>
              {d.roundTitle} ({levelLabel(d.roundLevel, locale)})
            </dd>
            <dt>{x.submittedAt}</dt>
            <dd>{formatDateTime(d.submittedAt)}</dd>
            <dt>{x.answerBy}</dt>
            <dd>{d.answerBy ? formatDate(d.answerBy) : "—"}</dd>
          </dl>
          <h3>{x.progress}</h3>
          <ol className="timeline">
            {d.events.map((ev) => (
              <li key={ev.id}>
                <strong>{eventLabel(ev.type, locale)}</strong>
                <time dateTime={ev.createdAt}>
                  {formatDateTime(ev.createdAt)}
                </time>
                {PUBLIC_EVENT_NOTES[ev.type as keyof typeof PUBLIC_EVENT_NOTES] ? (
                  <div className="small">{en ? EVENT_NOTES_EN[ev.type] : PUBLIC_EVENT_NOTES[ev.type as keyof typeof PUBLIC_EVENT_NOTES]}</div>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <p className="small muted">
        {x.foot}
      </p>
    </div>
  );
}
