import type {
  ActionFunctionArgs,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useSearchParams,
} from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { ENTRY_STATUSES } from "~db/schema";
import { PRODUCT_GROUPS } from "~db/reference/catalog";
import { formatDate, formatDateTime } from "~/lib/dates";
import {
  expectedErrorResponse,
  readFormData,
} from "~/lib/action-errors.server";
import { forbidden, idParam } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { BULK_LIMIT, BULK_MESSAGE_MAX } from "~/modules/entries/bulk";
import {
  acceptMany,
  BulkError,
  requestCompletionMany,
  type Refused,
} from "~/modules/entries/bulk.server";
import { listIntake } from "~/modules/entries/intake.server";
import { getRoundForOrganizer } from "~/modules/rounds/rounds.server";
import { SubmitButton } from "~/ui/form";
import { ENTRY_STATUS_LABELS, entryStatusTone } from "~/ui/labels";
import { RoundNav } from "~/ui/RoundNav";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Hồ sơ - ${data?.round.title ?? "Kỳ bình chọn"}` },
];

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
  return json({
    ...data,
    round: {
      id: data.round.id,
      title: data.round.title,
      status: data.round.status,
    },
    filters: f,
  });
}

/** Result parameters the action's redirect adds (removed before keeping the filters). */
const RESULT_PARAMS = ["index", "xong", "so", "bao"];

/** Bulk intake: accept the checked dossiers, or ask each to complete with one shared message. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  const roundId = idParam(params.roundId, "kỳ bình chọn");
  const { canManage } = getRoundForOrganizer(principal, roundId); // 404 outside the organizer's territory
  if (!canManage)
    forbidden("Chỉ cơ quan tổ chức kỳ bình chọn này được xử lý hồ sơ.");
  const form = await readFormData(request);
  const intent = String(form.get("intent") ?? "");
  const ids = form
    .getAll("ids")
    .map(String)
    .slice(0, BULK_LIMIT * 4);
  const message = String(form.get("message") ?? "").slice(
    0,
    BULK_MESSAGE_MAX * 2
  );
  const extra = { intent, ids, typed: message, refused: [] as Refused[] };
  try {
    let done;
    if (intent === "accept") done = await acceptMany(principal, roundId, ids);
    else if (intent === "request")
      done = await requestCompletionMany(principal, roundId, ids, message);
    else
      return json(
        {
          ok: false as const,
          message: "Thao tác không hợp lệ.",
          errors: {} as Record<string, string>,
          ...extra,
        },
        { status: 400 }
      );
    const back = new URLSearchParams(new URL(request.url).searchParams);
    for (const k of RESULT_PARAMS) back.delete(k);
    back.set("xong", intent);
    back.set("so", String(done.count));
    back.set("bao", String(done.notified));
    return redirect(`/to-chuc/vong/${roundId}/ho-so?${back}`);
  } catch (e) {
    return expectedErrorResponse(e, {
      ...extra,
      refused: e instanceof BulkError ? e.refused : [],
    });
  }
}

function doneMessage(params: URLSearchParams): string | null {
  const n = Number(params.get("so"));
  const told = Number(params.get("bao"));
  if (!Number.isInteger(n) || n <= 0 || !Number.isInteger(told) || told < 0)
    return null;
  const tail = `đã thông báo cho ${told} cơ sở.`;
  if (params.get("xong") === "accept")
    return `Đã tiếp nhận ${n} hồ sơ; ${tail}`;
  if (params.get("xong") === "request")
    return `Đã gửi yêu cầu bổ sung cho ${n} hồ sơ; ${tail}`;
  return null;
}

export default function IntakeQueue() {
  const { round, canManage, rows, counts, overdueCount, places, filters } =
    useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = doneMessage(params);
  const bulk = canManage && rows.some((r) => r.status === "submitted");
  const posted = new Set(failed && !failed.ok ? failed.ids : []);
  const refusedIds = new Set(
    failed && !failed.ok ? failed.refused.map((r) => r.entryId) : []
  );
  const allByLink = params.get("chon") === "tat-ca";
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  // A refusal is shown above the queue: bring it into view (the buttons may be far below on a phone).
  useEffect(() => {
    if (failed && !failed.ok) alertRef.current?.focus();
  }, [failed]);
  const [hydrated, setHydrated] = useState(false);
  const [selected, setSelected] = useState(0);
  const [actionable, setActionable] = useState(0);
  const recount = () => {
    const boxes = [
      ...(formRef.current?.querySelectorAll<HTMLInputElement>(
        'input[name="ids"]'
      ) ?? []),
    ];
    setActionable(boxes.length);
    setSelected(boxes.filter((b) => b.checked).length);
  };
  useEffect(() => {
    setHydrated(true);
    recount();
  }, [rows, failed]);
  const toggleAll = (on: boolean) => {
    formRef.current
      ?.querySelectorAll<HTMLInputElement>('input[name="ids"]')
      .forEach((b) => (b.checked = on));
    recount();
  };
  const allLink = new URLSearchParams(params);
  for (const k of [...RESULT_PARAMS, "chon"]) allLink.delete(k);
  if (!allByLink) allLink.set("chon", "tat-ca");
  const rowChecked = (id: number) =>
    posted.size ? posted.has(String(id)) && !refusedIds.has(id) : allByLink;
  return (
    <div>
      <p className="small">
        <Link to="/to-chuc">← Các kỳ bình chọn</Link>
      </p>
      <h1>{round.title}</h1>
      <RoundNav
        roundId={round.id}
        status={round.status}
        canManage={canManage}
      />
      <p className="small intake-exports">
        <a href={`/to-chuc/vong/${round.id}/xuat/tiep-nhan.xlsx`} download>
          Tải báo cáo tiếp nhận (.xlsx)
        </a>
        <a href={`/to-chuc/vong/${round.id}/xuat/danh-sach.xlsx`} download>
          Tải danh sách hồ sơ (.xlsx)
        </a>
      </p>
      {done ? (
        <div className="alert success" role="status">
          {done}
        </div>
      ) : null}
      {failed && !failed.ok ? (
        <div className="alert error" role="alert" ref={alertRef} tabIndex={-1}>
          {failed.message}
          {failed.refused.length ? (
            <ul className="bulk-refused">
              {failed.refused.slice(0, 50).map((r) => (
                <li key={r.entryId}>
                  <strong>{r.label}</strong>: {r.reason}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <div className="row small" aria-label="Số hồ sơ theo trạng thái">
        {counts.map((c) => (
          <Link
            key={c.status}
            to={`?trang_thai=${c.status}`}
            className={`badge ${entryStatusTone(c.status)}`}
          >
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
          <input
            id="f-q"
            name="q"
            defaultValue={filters.q ?? ""}
            placeholder="Sản phẩm, cơ sở, số hồ sơ"
          />
        </div>
        <div className="field">
          <label htmlFor="f-st">Trạng thái</label>
          <select
            id="f-st"
            name="trang_thai"
            defaultValue={filters.trang_thai ?? ""}
          >
            <option value="">Tất cả</option>
            {(
              [
                "submitted",
                "needs_completion",
                "accepted",
                "rejected",
                "withdrawn",
                "nominated",
              ] as const
            ).map((s) => (
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
            <input
              type="checkbox"
              name="qua_han"
              value="1"
              defaultChecked={filters.qua_han === "1"}
            />{" "}
            Quá hạn
          </label>
        </div>
        <button type="submit" className="button secondary">
          Lọc
        </button>
      </Form>
      {rows.length ? (
        <Form
          method="post"
          ref={formRef}
          onChange={recount}
          key={allByLink ? "all" : "some"}
          className="intake-form"
        >
          {bulk ? (
            <fieldset className="bulk-bar" id="xu-ly-nhieu">
              <legend>Xử lý nhiều hồ sơ</legend>
              <p className="small bulk-count" aria-live="polite">
                {hydrated
                  ? selected
                    ? `Đã chọn ${selected} hồ sơ`
                    : "Chưa chọn hồ sơ nào"
                  : "Đánh dấu các hồ sơ (đang chờ tiếp nhận) trong danh sách bên dưới."}
                {hydrated ? null : (
                  <>
                    {" "}
                    <Link to={`?${allLink}`}>
                      {allByLink ? "Bỏ chọn tất cả" : "Chọn tất cả trên trang"}
                    </Link>
                  </>
                )}
              </p>
              <div className="bulk-actions">
                <SubmitButton
                  name="intent"
                  value="accept"
                  pendingText="Đang xử lý…"
                >
                  Tiếp nhận các hồ sơ đã chọn
                </SubmitButton>
              </div>
              <div
                className={`field${
                  failed && !failed.ok && failed.errors.message
                    ? " has-error"
                    : ""
                }`}
              >
                <label htmlFor="bulk-message">
                  Nội dung cần bổ sung (gửi chung cho mọi hồ sơ đã chọn)
                </label>
                <textarea
                  id="bulk-message"
                  name="message"
                  rows={3}
                  maxLength={BULK_MESSAGE_MAX}
                  defaultValue={failed && !failed.ok ? failed.typed : ""}
                  aria-invalid={
                    failed && !failed.ok && failed.errors.message
                      ? true
                      : undefined
                  }
                  aria-describedby="bulk-message-hint"
                />
                <span className="hint" id="bulk-message-hint">
                  Bắt buộc khi yêu cầu bổ sung; tối đa {BULK_MESSAGE_MAX} ký tự.
                  Cơ sở được mở lại mọi mục của hồ sơ để bổ sung.
                </span>
                {failed && !failed.ok && failed.errors.message ? (
                  <div className="field-error" role="alert">
                    {failed.errors.message}
                  </div>
                ) : null}
              </div>
              <SubmitButton
                name="intent"
                value="request"
                className="button secondary"
                pendingText="Đang gửi…"
              >
                Yêu cầu bổ sung
              </SubmitButton>
            </fieldset>
          ) : null}
          <div className="table-wrap intake-table-wrap">
            <table className={`intake-table${bulk ? " has-pick" : ""}`}>
              <thead>
                <tr>
                  {bulk ? (
                    <th className="pick">
                      {hydrated ? (
                        <input
                          type="checkbox"
                          aria-label="Chọn tất cả hồ sơ trên trang"
                          checked={actionable > 0 && selected === actionable}
                          onChange={(e) => toggleAll(e.currentTarget.checked)}
                        />
                      ) : (
                        <span className="sr-only">Chọn</span>
                      )}
                    </th>
                  ) : null}
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
                  <tr
                    key={r.id}
                    className={refusedIds.has(r.id) ? "refused" : undefined}
                  >
                    {bulk ? (
                      <td className="pick">
                        {r.status === "submitted" ? (
                          <input
                            type="checkbox"
                            name="ids"
                            value={r.id}
                            defaultChecked={rowChecked(r.id)}
                            aria-label={`Chọn hồ sơ ${r.dossierNo ?? r.id}`}
                          />
                        ) : null}
                      </td>
                    ) : null}
                    <td className="t-no">
                      <Link to={`/to-chuc/vong/${round.id}/ho-so/${r.id}`}>
                        {r.dossierNo ?? `#${r.id}`}
                      </Link>
                      {r.votingCode ? (
                        <div className="small muted">Mã {r.votingCode}</div>
                      ) : null}
                    </td>
                    <td data-label="Sản phẩm">
                      {r.productName}
                      <div className="small muted">
                        Nhóm {r.groupId}. {r.group}
                      </div>
                    </td>
                    <td data-label="Cơ sở">
                      {r.establishment}
                      <div className="small muted">{r.place}</div>
                    </td>
                    <td data-label="Trạng thái">
                      <span className={`badge ${entryStatusTone(r.status)}`}>
                        {ENTRY_STATUS_LABELS[r.status]}
                      </span>
                    </td>
                    <td className="small" data-label="Nộp lúc">
                      {formatDateTime(r.submittedAt)}
                    </td>
                    <td
                      data-label="Hạn trả lời"
                      className={`small${r.overdue ? " overdue" : ""}`}
                    >
                      {formatDate(r.answerBy)}
                      {r.overdue ? " · quá hạn" : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {bulk && hydrated && selected ? (
            <a href="#xu-ly-nhieu" className="bulk-jump">
              Đã chọn {selected} hồ sơ · Xử lý ↑
            </a>
          ) : null}
        </Form>
      ) : (
        <p className="card muted">Không có hồ sơ nào khớp bộ lọc.</p>
      )}
    </div>
  );
}
