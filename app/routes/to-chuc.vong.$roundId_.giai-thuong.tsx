import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { expectedErrorResponse, readFormData } from "~/lib/action-errors.server";
import { idParam } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { formToObject } from "~/modules/accounts/accounts";
import { AWARD_FIELDS, FORM_ROWS, formatVnd, MAX_PRIZES, parseDeclarationForm, PRIZE_FIELDS, PRIZE_MODE_LABELS } from "~/modules/prizes/prizes";
import { assignPrizes, PrizeError, prizeRound, prizesPage, saveDeclaration } from "~/modules/prizes/prizes.server";
import { FormErrors, SubmitButton } from "~/ui/form";
import { RoundNav } from "~/ui/RoundNav";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Giải thưởng - ${data?.round.title ?? ""}` }];

/** /to-chuc/vong/:roundId/giai-thuong — declare prizes before scoring; assign them after the decision. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  return json(prizesPage(principal, idParam(params.roundId, "kỳ bình chọn")));
}

type ActionData = { ok: false; intent: string; message: string; errors: Record<string, string>; values?: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  const roundId = idParam(params.roundId, "kỳ bình chọn");
  prizeRound(principal, roundId); // 403/404 before reading the form
  const values = formToObject(await readFormData(request));
  const intent = values.intent;
  try {
    if (intent === "declare") {
      const parsed = parseDeclarationForm(values);
      if (!parsed.ok) return json<ActionData>({ ok: false, intent, message: parsed.message, errors: parsed.errors, values }, { status: 400 });
      saveDeclaration(principal, roundId, parsed.prizes);
      return redirect(`/to-chuc/vong/${roundId}/giai-thuong?da-luu=bang-giai`);
    }
    if (intent === "assign") {
      const ids = [...new Set((values.a_entries ?? "").split(",").filter((x) => /^\d{1,12}$/.test(x)).map(Number))];
      const choices = ids.map((entryId) => ({ entryId, prizeCode: (values[AWARD_FIELDS.prize(entryId)] ?? "").trim() || null, reason: values[AWARD_FIELDS.reason(entryId)] ?? "" }));
      assignPrizes(principal, roundId, choices);
      return redirect(`/to-chuc/vong/${roundId}/giai-thuong?da-luu=trao-giai#da-trao`);
    }
    return json<ActionData>({ ok: false, intent: intent ?? "", message: "Thao tác không hợp lệ.", errors: { _form: "Thao tác không hợp lệ." } }, { status: 400 });
  } catch (e) {
    if (e instanceof PrizeError) {
      return json<ActionData>({ ok: false, intent: intent ?? "", message: e.message, errors: { ...(e.fieldErrors ?? {}), _form: e.message }, values }, { status: e.status });
    }
    return expectedErrorResponse(e, { intent: intent ?? "" });
  }
}

interface Row {
  key: number;
  code: string;
  name: string;
  count: string;
  amount: string;
  mode: string;
}

function DeclarationForm({ prizes, failed }: { prizes: ReturnType<typeof prizesPage>["prizes"]; failed: ActionData | null }) {
  const initial = (): Row[] => {
    if (failed?.values) {
      const v = failed.values;
      const out: Row[] = [];
      for (let i = 0; i < MAX_PRIZES * 2; i++) {
        if (v[PRIZE_FIELDS.code(i)] === undefined && v[PRIZE_FIELDS.name(i)] === undefined) continue;
        out.push({ key: i, code: v[PRIZE_FIELDS.code(i)] ?? "", name: v[PRIZE_FIELDS.name(i)] ?? "", count: v[PRIZE_FIELDS.count(i)] ?? "", amount: v[PRIZE_FIELDS.amount(i)] ?? "", mode: v[PRIZE_FIELDS.mode(i)] ?? "rank" });
      }
      return out;
    }
    const rows: Row[] = prizes.map((p, i) => ({ key: i, code: p.code, name: p.name, count: String(p.count), amount: formatVnd(p.amountVnd), mode: p.mode }));
    // Without JavaScript: a fixed number of rows (empty ones are ignored).
    const target = Math.min(MAX_PRIZES, Math.max(FORM_ROWS, rows.length + 1));
    for (let i = rows.length; i < target; i++) rows.push({ key: i, code: "", name: "", count: "", amount: "", mode: "rank" });
    return rows;
  };
  const [rows, setRows] = useState<Row[]>(initial);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const errors = failed?.errors;
  const nextKey = () => rows.reduce((m, r) => Math.max(m, r.key), -1) + 1;
  return (
    <Form method="post" className="form prize-form" noValidate>
      <input type="hidden" name="intent" value="declare" />
      <FormErrors errors={errors} />
      <div className="prize-rows" role="table" aria-label="Bảng giải thưởng">
        <div className="prize-row prize-head" role="row">
          <span role="columnheader">Ký hiệu</span>
          <span role="columnheader">Tên giải</span>
          <span role="columnheader">Số giải</span>
          <span role="columnheader">Tiền mỗi giải (đồng)</span>
          <span role="columnheader">Cách trao</span>
          <span role="columnheader" className="sr-only">
            Xóa
          </span>
        </div>
        {rows.map((r, i) => {
          const err = (f: string) => errors?.[f];
          const cell = (field: string, label: string, value: string, props: Record<string, string> = {}) => (
            <label className={`prize-cell${err(field) ? " has-error" : ""}`}>
              <span className="prize-label">{label}</span>
              <input name={field} defaultValue={value} aria-invalid={err(field) ? true : undefined} aria-describedby={err(field) ? `${field}-error` : undefined} {...props} />
              {err(field) ? (
                <span className="field-error" id={`${field}-error`}>
                  {err(field)}
                </span>
              ) : null}
            </label>
          );
          return (
            <div className="prize-row" role="row" key={r.key}>
              {cell(PRIZE_FIELDS.code(i), "Ký hiệu", r.code, { placeholder: i === 0 ? "A" : "", autoCapitalize: "characters", maxLength: "10" })}
              {cell(PRIZE_FIELDS.name(i), "Tên giải", r.name, { placeholder: i === 0 ? "Giải A" : "" })}
              {cell(PRIZE_FIELDS.count(i), "Số giải", r.count, { inputMode: "numeric", placeholder: i === 0 ? "2" : "" })}
              {cell(PRIZE_FIELDS.amount(i), "Tiền mỗi giải (đồng)", r.amount, { inputMode: "numeric", placeholder: i === 0 ? "5.000.000" : "" })}
              <label className="prize-cell">
                <span className="prize-label">Cách trao</span>
                <select name={PRIZE_FIELDS.mode(i)} defaultValue={r.mode}>
                  <option value="rank">{PRIZE_MODE_LABELS.rank}</option>
                  <option value="council">{PRIZE_MODE_LABELS.council}</option>
                </select>
              </label>
              <span className="prize-cell prize-remove">
                {hydrated ? (
                  <button type="button" className="link-button" onClick={() => setRows(rows.filter((x) => x.key !== r.key))} aria-label={`Xóa dòng ${i + 1}`}>
                    Xóa
                  </button>
                ) : null}
              </span>
            </div>
          );
        })}
      </div>
      <p className="small muted">
        Xếp giải cao nhất trước. Giải "theo thứ hạng" được trao lần lượt cho các sản phẩm được công nhận theo thứ hạng; giải "Hội đồng chọn" do Hội đồng quyết định, có ghi lý do. Dòng để
        trống được bỏ qua. Tối đa {MAX_PRIZES} loại giải.
      </p>
      <div className="actions">
        {hydrated && rows.length < MAX_PRIZES ? (
          <button type="button" className="button secondary" onClick={() => setRows([...rows, { key: nextKey(), code: "", name: "", count: "", amount: "", mode: "rank" }])}>
            Thêm loại giải
          </button>
        ) : null}
        <SubmitButton pendingText="Đang lưu…">Lưu bảng giải thưởng</SubmitButton>
      </div>
    </Form>
  );
}

export default function PrizesPage() {
  const d = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const [params] = useSearchParams();
  const saved = params.get("da-luu");
  const total = d.prizes.reduce((s, p) => s + p.count * p.amountVnd, 0);
  const failedAssign = data?.intent === "assign" ? data : null;
  const proposed = d.proposal?.ok ? d.proposal.byEntry : {};
  const entryIds = d.entries.map((e) => e.entryId).join(",");
  return (
    <div>
      <p className="small">
        <Link to="/to-chuc">← Các kỳ bình chọn</Link>
      </p>
      <h1>{d.round.title}</h1>
      <RoundNav roundId={d.round.id} status={d.round.status} canManage={d.canManage} />
      {saved === "bang-giai" ? <div className="alert success">Đã lưu bảng giải thưởng.</div> : null}
      {saved === "trao-giai" ? <div className="alert success">Đã lưu việc trao giải. Giải thưởng được ghi vào biên bản, bảng kết quả và in trên giấy chứng nhận.</div> : null}

      <section className="card">
        <h2>Bảng giải thưởng</h2>
        {d.canDeclare ? (
          <>
            <p className="small">Giải thưởng phải công bố trước khi chấm điểm: khi kỳ bình chọn bắt đầu chấm, bảng giải thưởng được khóa.</p>
            <DeclarationForm key={d.round.version} prizes={d.prizes} failed={data?.intent === "declare" ? data : null} />
          </>
        ) : d.prizes.length ? (
          <>
            <div className="table-wrap">
              <table className="award-table">
                <thead>
                  <tr>
                    <th>Giải</th>
                    <th className="num">Số giải</th>
                    <th className="num">Tiền mỗi giải</th>
                    <th>Cách trao</th>
                  </tr>
                </thead>
                <tbody>
                  {d.prizes.map((p) => (
                    <tr key={p.code}>
                      <td data-label="Giải">
                        {p.name} <span className="small muted">({p.code})</span>
                      </td>
                      <td className="num" data-label="Số giải">
                        {p.count}
                      </td>
                      <td className="num" data-label="Tiền mỗi giải">
                        {formatVnd(p.amountVnd)} đ
                      </td>
                      <td data-label="Cách trao">{PRIZE_MODE_LABELS[p.mode]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="small muted">Tổng giá trị nếu trao đủ: {formatVnd(total)} đồng. Bảng giải thưởng đã khóa vì kỳ bình chọn đã bắt đầu chấm điểm.</p>
          </>
        ) : (
          <p className="muted">Kỳ bình chọn không công bố giải thưởng (đã bắt đầu chấm điểm nên không thêm được).</p>
        )}
      </section>

      {d.prizes.length && !d.canDeclare ? (
        <section className="card" id="trao-giai">
          <h2>Trao giải</h2>
          {d.blocker && !(d.round.status === "published" && d.assigned) ? <div className="alert info">{d.blocker}</div> : null}
          {d.proposal && !d.proposal.ok && d.round.status === "results_review" ? (
            <div className="alert warn" role="alert">
              {d.proposal.message}{" "}
              <Link to={`/to-chuc/vong/${d.round.id}/ket-qua#bieu-quyet`}>Đến trang kết quả</Link>
            </div>
          ) : null}
          {d.canAssign && d.proposal?.ok ? (
            <Form method="post" className="form award-form" noValidate>
              <input type="hidden" name="intent" value="assign" />
              <input type="hidden" name="a_entries" value={entryIds} />
              <FormErrors errors={failedAssign?.errors} />
              <p className="small">
                Đề xuất theo thứ hạng của các sản phẩm được công nhận (sau biểu quyết phân định đồng điểm, nếu có). Hội đồng có thể trao khác đề xuất hoặc trao giải "Hội đồng chọn":
                khi đó ghi rõ lý do.
              </p>
              <div className="table-wrap">
                <table className="award-table">
                  <thead>
                    <tr>
                      <th className="num">Hạng</th>
                      <th>Sản phẩm</th>
                      <th>Theo thứ hạng</th>
                      <th>Giải trao</th>
                      <th>Lý do (khi trao khác thứ hạng)</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.entries.map((e) => {
                      const proposal = proposed[String(e.entryId)] ?? "";
                      const prizeField = AWARD_FIELDS.prize(e.entryId);
                      const reasonField = AWARD_FIELDS.reason(e.entryId);
                      const current = failedAssign?.values?.[prizeField] ?? (d.assigned ? (e.prizeCode ?? "") : proposal);
                      const reason = failedAssign?.values?.[reasonField] ?? e.prizeReason ?? "";
                      const err = failedAssign?.errors?.[reasonField] ?? failedAssign?.errors?.[prizeField];
                      return (
                        <tr key={e.entryId} className={err ? "has-error" : undefined}>
                          <td className="num" data-label="Hạng">
                            {e.rank ?? "—"}
                          </td>
                          <td data-label="Sản phẩm">
                            <strong>{e.productName}</strong> <span className="small muted">{e.votingCode}</span>
                            <div className="small muted">{e.establishmentName}</div>
                          </td>
                          <td data-label="Theo thứ hạng">{d.prizes.find((p) => p.code === proposal)?.name ?? "Không có giải"}</td>
                          <td data-label="Giải trao">
                            <select name={prizeField} defaultValue={current} aria-label={`Giải trao cho ${e.votingCode ?? e.productName}`}>
                              <option value="">Không có giải</option>
                              {d.prizes.map((p) => (
                                <option key={p.code} value={p.code}>
                                  {p.name}
                                  {p.mode === "council" ? " (Hội đồng chọn)" : ""}
                                </option>
                              ))}
                            </select>
                          </td>
                          <td data-label="Lý do">
                            <input name={reasonField} defaultValue={reason} aria-label={`Lý do cho ${e.votingCode ?? e.productName}`} aria-invalid={err ? true : undefined} />
                            {err ? <div className="field-error">{err}</div> : null}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              <div className="actions">
                <SubmitButton pendingText="Đang lưu…">Lưu trao giải</SubmitButton>
              </div>
            </Form>
          ) : null}
        </section>
      ) : null}

      {d.awards.length ? (
        <section className="card" id="da-trao">
          <h2>Giải đã trao</h2>
          <div className="table-wrap">
            <table className="award-table">
              <thead>
                <tr>
                  <th>Giải</th>
                  <th>Sản phẩm</th>
                  <th className="num">Tiền thưởng</th>
                  <th>Lý do</th>
                </tr>
              </thead>
              <tbody>
                {d.awards.map((a) => (
                  <tr key={a.entryId}>
                    <td data-label="Giải">{a.prizeName}</td>
                    <td data-label="Sản phẩm">
                      <strong>{a.productName}</strong> <span className="small muted">{a.votingCode}</span>
                      <div className="small muted">
                        {a.establishmentName}
                        {a.rank != null ? ` · hạng ${a.rank}` : ""}
                      </div>
                    </td>
                    <td className="num" data-label="Tiền thưởng">
                      {formatVnd(a.amountVnd)} đ
                    </td>
                    <td data-label="Lý do" className="small">
                      {a.reason ?? ""}
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th colSpan={2}>Tổng cộng ({d.awards.length} giải)</th>
                  <th className="num">{formatVnd(d.total)} đ</th>
                  <th />
                </tr>
              </tfoot>
            </table>
          </div>
          <p>
            <a className="button secondary" href={`/to-chuc/vong/${d.round.id}/giai-thuong/chi-tra.xlsx`} download>
              Tải danh sách chi trả (.xlsx)
            </a>
          </p>
        </section>
      ) : null}
    </div>
  );
}
