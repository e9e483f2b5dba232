import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useMemo, useRef, useState } from "react";
import { expectedErrorResponse, readFormData } from "~/lib/action-errors.server";
import { formatDateTime } from "~/lib/dates";
import { idParam } from "~/lib/http.server";
import { pdfjsBase } from "~/lib/pdfjs.server";
import { requireRole } from "~/lib/permissions.server";
import { formToObject } from "~/modules/accounts/accounts";
import { DossierViewer } from "~/ui/DossierViewer";
import { judgeSheet, saveSheet, ScoringError } from "~/modules/scoring/scoring.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Phiếu chấm ${data?.entry.votingCode ?? ""} - ${data?.entry.productName ?? ""}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "judge");
  return json({ ...judgeSheet(principal, idParam(params.roundId, "kỳ bình chọn"), idParam(params.entryId, "sản phẩm")), pdfjsBase: pdfjsBase() });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "judge");
  const roundId = idParam(params.roundId, "kỳ bình chọn");
  const entryId = idParam(params.entryId, "sản phẩm");
  const fields = formToObject(await readFormData(request));
  const submit = fields.intent === "submit";
  try {
    const r = saveSheet(principal, roundId, entryId, {
      fields,
      comment: fields.comment ?? "",
      submit,
      claimedTotal: fields.total,
      expectedVersion: fields.version ? Number(fields.version) : undefined,
    });
    if (submit) return redirect(`/giam-khao/vong/${roundId}?da-nop=${entryId}`);
    return json({ ok: true as const, message: "", errors: {} as Record<string, string>, status: r.status, version: r.version, savedAt: Date.now() });
  } catch (e) {
    if (e instanceof ScoringError && e.fieldErrors) {
      return json({ ok: false as const, message: e.message, errors: e.fieldErrors, status: null, version: null, savedAt: null }, { status: e.status });
    }
    return expectedErrorResponse(e, { status: null, version: null, savedAt: null });
  }
}

const fmt = (tenths: number | undefined | null) => (tenths == null ? "" : (tenths / 10).toString().replace(".", ","));
const toTenths = (s: string) => (/^\d{1,3}([.,]\d)?$/.test(s.trim()) ? Math.round(Number(s.trim().replace(",", ".")) * 10) : null);

export default function ScoreSheet() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const autosave = useFetcher<typeof action>();
  const navigation = useNavigation();
  const locked = d.sheet?.status === "submitted" || d.closed;
  const scored = useMemo(() => d.criteria.filter((c) => d.scored.includes(c.id)), [d.criteria, d.scored]);
  const initial = useMemo(() => Object.fromEntries(scored.map((c) => [`p_${c.id}`, fmt(d.points[c.id])])), [scored, d.points]);
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [comment, setComment] = useState(d.sheet?.comment ?? "");
  const [version, setVersion] = useState<number | undefined>(d.sheet?.version);
  const [note, setNote] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);
  const storageKey = `phieu-cham:${d.round.id}:${d.entry.id}:${d.stage}`;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  /** Set once the judge submits: no autosave may be sent after that (defect: a late draft post after the redirect). */
  const submitted = useRef(false);
  // The autosave always posts to this sheet's own address: a fetcher without one posts to the page
  // shown when it fires, which after submitting is the list (no action there: a 405).
  const sheetAction = `/giam-khao/vong/${d.round.id}/cham/${d.entry.id}`;
  /** On a phone the dossier and the sheet are two tabs; both stay mounted, so nothing typed is lost. */
  const [pane, setPane] = useState<"dossier" | "sheet">("sheet");

  const cancelAutosave = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  };
  useEffect(() => cancelAutosave, []);
  function saveDraft(next: Record<string, string>, nextComment: string) {
    if (submitted.current || locked) return;
    autosave.submit({ ...next, comment: nextComment, intent: "draft", ...(version != null ? { version: String(version) } : {}) }, { method: "post", action: sheetAction });
  }

  // A local copy survives a lost connection or a closed tab; restore it if the server has older data.
  useEffect(() => {
    if (locked) return window.localStorage.removeItem(storageKey);
    const saved = window.localStorage.getItem(storageKey);
    if (!saved) return;
    try {
      const local = JSON.parse(saved) as { values: Record<string, string>; comment: string };
      const differs = JSON.stringify(local.values) !== JSON.stringify(initial) || local.comment !== (d.sheet?.comment ?? "");
      if (differs) {
        setValues(local.values);
        setComment(local.comment);
        setDirty(true);
        setNote("Đã khôi phục điểm bạn nhập nhưng chưa lưu lên máy chủ.");
      }
    } catch {
      window.localStorage.removeItem(storageKey);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  /** The submit button pressed while a draft was in flight: sent once that draft has its answer (with its version). */
  const waitingSubmit = useRef<HTMLButtonElement | null>(null);
  const [submitNow, setSubmitNow] = useState(0);
  useEffect(() => {
    const button = waitingSubmit.current;
    if (!submitNow || !button?.form) return;
    waitingSubmit.current = null;
    button.form.requestSubmit(button);
  }, [submitNow]);

  useEffect(() => {
    if (autosave.state !== "idle" || !autosave.data) return;
    if (waitingSubmit.current) setSubmitNow((n) => n + 1);
    if (autosave.data.ok) {
      setVersion(autosave.data.version ?? undefined);
      setDirty(false);
      setNote(`Đã lưu nháp lúc ${new Date(autosave.data.savedAt!).toLocaleTimeString("vi-VN", { hour: "2-digit", minute: "2-digit", second: "2-digit" })}.`);
      window.localStorage.removeItem(storageKey);
    } else {
      setNote(autosave.data.message || "Chưa lưu được. Điểm vẫn được giữ trên máy này.");
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [autosave.state, autosave.data]);

  function change(next: Record<string, string>, nextComment: string) {
    setValues(next);
    setComment(nextComment);
    setDirty(true);
    window.localStorage.setItem(storageKey, JSON.stringify({ values: next, comment: nextComment, at: Date.now() }));
    cancelAutosave();
    if (submitted.current || locked) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      if (!navigator.onLine) {
        setNote("Mất kết nối: điểm được giữ trên máy này và sẽ lưu khi có mạng.");
        return;
      }
      saveDraft(next, nextComment);
    }, 1200);
  }

  useEffect(() => {
    if (actionData?.ok && actionData.version != null) {
      setVersion(actionData.version);
      setDirty(false);
      setNote("Đã lưu nháp.");
      window.localStorage.removeItem(storageKey);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [actionData]);

  useEffect(() => {
    const online = () => dirty && saveDraft(values, comment);
    window.addEventListener("online", online);
    return () => window.removeEventListener("online", online);
  });

  const total = scored.reduce((a, c) => a + (toTenths(values[`p_${c.id}`] ?? "") ?? 0), 0);
  const errors = (actionData && !actionData.ok ? actionData.errors : autosave.data && !autosave.data.ok ? autosave.data.errors : undefined) ?? {};
  const message = actionData && !actionData.ok ? actionData.message : null;
  const submitting = navigation.state === "submitting";
  useEffect(() => {
    if (navigation.state === "idle" && actionData && !actionData.ok) submitted.current = false;
  }, [navigation.state, actionData]);

  return (
    <div>
      <p className="small">
        <Link to={`/giam-khao/vong/${d.round.id}`}>← Danh sách sản phẩm</Link>
      </p>
      <header className="sheet-head">
        <p className="small muted">{d.councilName}</p>
        <h1>Phiếu chấm điểm sản phẩm CNNT tiêu biểu</h1>
        <dl className="facts">
          <dt>Sản phẩm</dt>
          <dd>
            <strong>{d.entry.productName}</strong>
            {d.entry.isSet ? " (bộ sản phẩm)" : ""}
          </dd>
          <dt>Nhóm</dt>
          <dd>{d.entry.group}</dd>
          <dt>Mã số bình chọn</dt>
          <dd>{d.entry.votingCode ?? "—"}</dd>
          <dt>Giám khảo</dt>
          <dd>
            {d.judge.title ? `${d.judge.title} ` : ""}
            {d.judge.name}
          </dd>
        </dl>
      </header>

      <div className="pane-tabs" role="tablist" aria-label="Xem hồ sơ hoặc phiếu chấm">
        <button type="button" role="tab" id="tab-dossier" aria-controls="pane-dossier" aria-selected={pane === "dossier"} className={pane === "dossier" ? "current" : ""} onClick={() => setPane("dossier")}>
          Hồ sơ
          <small>{d.documents.length} tài liệu</small>
        </button>
        <button type="button" role="tab" id="tab-sheet" aria-controls="pane-sheet" aria-selected={pane === "sheet"} className={pane === "sheet" ? "current" : ""} onClick={() => setPane("sheet")}>
          Phiếu chấm
          <small>{locked ? "đã khóa" : `tổng ${fmt(total) || "0"} điểm`}</small>
        </button>
      </div>

      <div className={`sheet-layout show-${pane}`}>
        <section className="card dossier-pane" id="pane-dossier" role="tabpanel" aria-labelledby="tab-dossier" aria-label="Hồ sơ sản phẩm">
          <h2>Hồ sơ</h2>
          <DossierViewer documents={d.documents} pdfjsBase={d.pdfjsBase} />
          {d.entry.description ? <p className="small">{d.entry.description}</p> : null}
        </section>

        <section className="card sheet-pane" id="pane-sheet" role="tabpanel" aria-labelledby="tab-sheet" aria-label="Phiếu chấm">
          {locked ? (
            <div className="alert info">
              {d.sheet?.status === "submitted" ? `Phiếu đã nộp lúc ${formatDateTime(d.sheet.submittedAt)} và đã khóa.` : "Vòng chấm đã khóa."}
            </div>
          ) : null}
          {message ? (
            <div className="alert error" role="alert">
              {message}
            </div>
          ) : null}
          <Form method="post" noValidate>
            <input type="hidden" name="version" value={version ?? ""} />
            <input type="hidden" name="total" value={fmt(total)} />
            <div className="table-wrap">
              <table className="sheet-table">
                <thead>
                  <tr>
                    <th>Tiêu chí</th>
                    <th className="num">Tối đa</th>
                    <th className="num">Điểm</th>
                  </tr>
                </thead>
                <tbody>
                  {d.criteria.map((c) => {
                    const key = `p_${c.id}`;
                    const entered = d.scored.includes(c.id);
                    return (
                      <tr key={c.id} className={c.parentId == null ? "group-row" : "sub-row"}>
                        <td>
                          <strong>{c.code}.</strong> {c.name}
                          {errors[key] ? (
                            <div className="field-error" id={`${key}-error`}>
                              {errors[key]}
                            </div>
                          ) : null}
                        </td>
                        <td className="num">{fmt(c.maxTenths)}</td>
                        <td className="num">
                          {entered ? (
                            <input
                              className={`points${errors[key] ? " invalid" : ""}`}
                              name={key}
                              inputMode="decimal"
                              autoComplete="off"
                              aria-label={`Điểm tiêu chí ${c.code} (tối đa ${fmt(c.maxTenths)})`}
                              aria-invalid={errors[key] ? true : undefined}
                              value={values[key] ?? ""}
                              readOnly={locked}
                              onChange={(e) => change({ ...values, [key]: e.target.value }, comment)}
                            />
                          ) : (
                            <span className="muted small">—</span>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                  <tr className="total-row">
                    <td>
                      <strong>Tổng điểm</strong>
                      {errors.total ? <div className="field-error">{errors.total}</div> : null}
                    </td>
                    <td className="num">100</td>
                    <td className="num">
                      <strong data-testid="total">{fmt(total) || "0"}</strong>
                    </td>
                  </tr>
                </tbody>
              </table>
            </div>
            <div className="field" style={{ marginTop: 12 }}>
              <label htmlFor="f-comment">Nhận xét</label>
              <textarea id="f-comment" name="comment" rows={4} value={comment} readOnly={locked} onChange={(e) => change(values, e.target.value)} />
            </div>
            {!locked ? (
              <p className="small muted" role="status" aria-live="polite">
                {autosave.state !== "idle" ? "Đang lưu nháp…" : note ?? (dirty ? "Có thay đổi chưa lưu." : d.sheet ? `Bản nháp lưu lúc ${formatDateTime(d.sheet.updatedAt)}.` : "Điểm được tự động lưu nháp khi bạn nhập.")}
              </p>
            ) : null}
            {!locked ? (
              <div className="row">
                <button type="submit" name="intent" value="draft" className="button secondary" disabled={submitting} onClick={cancelAutosave}>
                  Lưu nháp
                </button>
                <button
                  type="submit"
                  name="intent"
                  value="submit"
                  className="button"
                  disabled={submitting}
                  onClick={(e) => {
                    if (!window.confirm("Nộp phiếu? Sau khi nộp, phiếu được khóa và không sửa được.")) return e.preventDefault();
                    // The submit carries every point: a draft still waiting to be sent must not follow it.
                    cancelAutosave();
                    submitted.current = true;
                    // A draft already sent bumps the sheet's version: submit once it has answered.
                    if (autosave.state !== "idle") {
                      e.preventDefault();
                      waitingSubmit.current = e.currentTarget;
                    }
                  }}
                >
                  {submitting ? "Đang nộp…" : "Nộp phiếu"}
                </button>
              </div>
            ) : null}
          </Form>
        </section>
      </div>
    </div>
  );
}
