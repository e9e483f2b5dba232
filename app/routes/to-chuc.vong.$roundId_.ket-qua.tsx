import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { expectedErrorResponse, readFormData } from "~/lib/action-errors.server";
import { formatDate, parseVnDate, todayInVietnam } from "~/lib/dates";
import { idParam } from "~/lib/http.server";
import { requireViewer } from "~/lib/permissions.server";
import { clean } from "~/lib/text";
import { fieldErrors, formToObject } from "~/modules/accounts/accounts";
import { formatHundredths } from "~/modules/scoring/aggregate";
import { closeStage, correctableDecision, entryOutlierDetail, publishRound, recordDecision, recordVerdicts, reopenSheet, resultsAccess, resultsPage, type VerdictInput } from "~/modules/scoring/scoring.server";
import { DateField } from "~/ui/DateField";
import { Field, SubmitButton } from "~/ui/form";
import { requiredDate } from "~/modules/rounds/rounds";
import { decisionDefaults } from "~/modules/rounds/rounds.server";
import { formatMean, formatPoints, ROUND_STATUS_LABELS, roundStatusTone } from "~/ui/labels";
import { RoundNav } from "~/ui/RoundNav";
import { ConfirmAction } from "~/ui/ConfirmAction";
import { requireConfirmation } from "~/modules/rounds/consequences.server";
import { recordTieBreakVote, tieBreakView } from "~/modules/scoring/tiebreak.server";
import { ScoringError } from "~/modules/scoring/scoring.server";
import { TIE_FIELDS } from "~/modules/scoring/tiebreak";
import { Reliability } from "~/ui/results/Reliability";
import { StageRecord } from "~/ui/results/StageRecord";
import { TieBreakVotes } from "~/ui/results/TieBreakVotes";
import { severityChartForPage } from "~/modules/charts/judge-severity.server";
import { JudgeSeverityChart } from "~/ui/charts/JudgeSeverityChart";
import { prizesForResults } from "~/modules/prizes/prizes.server";
import { Prizes } from "~/ui/results/Prizes";
import { openDetail, OutlierDetail, shownDetail } from "~/ui/results/OutlierDetail";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Kết quả - ${data?.round.title ?? ""}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireViewer(request);
  const roundId = idParam(params.roundId, "kỳ bình chọn");
  const page = resultsPage(principal, roundId);
  // After publication the decision record may be corrected until the first certificate is issued.
  const correction = page.round.status === "published" && page.canManage ? correctableDecision(roundId) : null;
  // One flagged entry's detail opened without script (?lech=<entry>); with script the page loads it in place.
  const lechId = Number(new URL(request.url).searchParams.get("lech"));
  const lech = page.results && Number.isSafeInteger(lechId) && page.results.some((r) => r.entryId === lechId && r.discrepancy) ? shownDetail(entryOutlierDetail(principal, roundId, lechId)) : null;
  return json({ ...shown(page), lech, decisionCorrectable: !!correction, correction, tieBreak: page.results
      ? tieBreakView(page.round, page, page.tieBreakGroups, new Map(page.results.map((r) => [Number(r.entryId), { votingCode: r.info.votingCode, productName: r.info.productName }])))
      : null, today: todayInVietnam(),
    // Obvious values of the decision form: the organizing body as issuer (or its last decision's issuer and signer).
    decisionDefaults: page.canManage && (page.round.status === "results_review" || correction) ? decisionDefaults(roundId) : null,
    severityChart: page.stats ? severityChartForPage(page) : null,
    prizes: page.canManage ? prizesForResults(roundId, { manage: true }) : null });
}

/**
 * What the page shows of the results, no more: it is sent to the browser whole (a national round's
 * 600 entries made 2.6 MB of JSON, half of it unused). A flagged entry's judge-by-judge detail is
 * loaded when opened (the route ket-qua_.lech.$entryId); of the sheets, the submitted ones that can
 * be reopened, by judge and entry.
 */
function shown(page: ReturnType<typeof resultsPage>) {
  if (page.results === null) return page;
  return {
    ...page,
    results: page.results.map(({ groupSumsTenths: _sums, ...r }) => r),
    sheets: page.sheets.filter((s) => s.status === "submitted").map((s) => ({ id: s.id, entryId: s.entryId, judgeName: s.judgeName })),
  };
}

/** Text the decision needs: empty asks for it, too long says the limit (docs/decisions/0033). */
const text = (missing: string, min: number, short: string, max: number, long: string) =>
  z
    .string({ required_error: missing })
    .transform(clean)
    .pipe(
      z
        .string()
        .min(1, missing)
        .refine((v) => v.length === 0 || v.length >= min, short)
        .refine((v) => v.length <= max, long),
    );

const DecisionSchema = z.object({
  number: text("Vui lòng nhập số quyết định, ví dụ 1234/QĐ-UBND.", 3, "Số quyết định cần ít nhất 3 ký tự, ví dụ 1234/QĐ-UBND.", 60, "Số quyết định tối đa 60 ký tự."),
  // dd/mm/yyyy as typed, or ISO (older clients): stored ISO.
  signedOn: requiredDate("Vui lòng nhập ngày ký quyết định, ví dụ 05/09/2026."),
  signerName: text("Vui lòng nhập họ tên người ký.", 2, "Họ tên người ký cần ít nhất 2 ký tự.", 120, "Họ tên người ký tối đa 120 ký tự."),
  signerTitle: text("Vui lòng nhập chức vụ người ký, ví dụ Phó Chủ tịch UBND tỉnh.", 2, "Chức vụ người ký cần ít nhất 2 ký tự.", 160, "Chức vụ người ký tối đa 160 ký tự."),
  issuer: text("Vui lòng nhập cơ quan ban hành, ví dụ UBND tỉnh Bắc Ninh.", 2, "Tên cơ quan ban hành cần ít nhất 2 ký tự.", 200, "Tên cơ quan ban hành tối đa 200 ký tự."),
});

const count = (v: string | undefined) => {
  const s = (v ?? "").trim();
  if (s === "") return null;
  if (!/^\d{1,3}$/.test(s)) throw new Error("bad count");
  return Number(s);
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { principal } = await requireViewer(request);
  const roundId = idParam(params.roundId, "kỳ bình chọn");
  const page = resultsAccess(principal, roundId); // 404/403 before anything is read; computes nothing
  const form = await readFormData(request);
  const f = formToObject(form);
  if ((f.intent === "decision" || f.intent === "publish") && !page.canManage) {
    return json({ ok: false as const, intent: f.intent, message: "Chỉ cơ quan tổ chức kỳ bình chọn được ghi quyết định công nhận và công bố.", errors: {} as Record<string, string> }, { status: 403 });
  }
  const back = (done: string) => redirect(`/to-chuc/vong/${roundId}/ket-qua?xong=${done}`);
  try {
    switch (f.intent) {
      case "close": {
        // One-way: refused without the confirmation token of the consequence shown (docs/decisions/0022).
        requireConfirmation(form, principal, roundId, "khoa-vong-cham");
        closeStage(principal, roundId, f.reason ?? "");
        return back("khoa");
      }
      case "reopen":
        reopenSheet(principal, roundId, Number(f.sheetId), f.reason ?? "");
        return back("mo-lai");
      case "verdicts": {
        const ids = [...new Set(Object.keys(f).filter((k) => /^r_\d+$/.test(k)).map((k) => Number(k.slice(2))))];
        let verdicts: VerdictInput[];
        try {
          verdicts = ids
            .filter((id) => f[`r_${id}`] === "1" || f[`r_${id}`] === "0")
            .map((id) => ({
              entryId: id,
              recognised: f[`r_${id}`] === "1",
              note: clean(f[`note_${id}`] ?? "").slice(0, 1000),
              votesFor: count(f[`for_${id}`]),
              votesAgainst: count(f[`against_${id}`]),
              votesAbstain: count(f[`abstain_${id}`]),
            }));
        } catch {
          return json({ ok: false as const, intent: "verdicts", message: "Số phiếu biểu quyết phải là số nguyên không âm.", errors: {} as Record<string, string> }, { status: 400 });
        }
        recordVerdicts(principal, roundId, verdicts);
        return back("quyet-dinh-hd");
      }
      case "decision": {
        const parsed = DecisionSchema.safeParse(f);
        if (!parsed.success) {
          const values = { number: f.number ?? "", signedOn: f.signedOn ?? "", signerName: f.signerName ?? "", signerTitle: f.signerTitle ?? "", issuer: f.issuer ?? "" };
          return json({ ok: false as const, intent: "decision", message: "Vui lòng sửa các ô được đánh dấu.", errors: fieldErrors(parsed.error), values }, { status: 400 });
        }
        recordDecision(principal, roundId, parsed.data);
        return back(page.round.status === "published" ? "sua-quyet-dinh" : "quyet-dinh");
      }
      case "publish":
        requireConfirmation(form, principal, roundId, "cong-bo");
        await publishRound(principal, roundId);
        return back("cong-bo");
      case "tiebreak": {
        const entryIds = form.getAll("tb_entry").map((v) => String(v));
        const votes = Object.fromEntries(entryIds.map((id) => [id, f[TIE_FIELDS.votes(Number(id))] ?? ""]));
        try {
          // The day as typed (dd/mm/yyyy) → ISO for the vote's rules; unreadable text goes on for their message.
          const votedOn = f[TIE_FIELDS.votedOn];
          recordTieBreakVote(principal, roundId, { votes, votedOn: parseVnDate(votedOn) ?? votedOn, membersVoting: f[TIE_FIELDS.membersVoting], note: f[TIE_FIELDS.note] });
        } catch (e) {
          // The vote's own field messages, next to its inputs; the entries say which tie's form.
          if (e instanceof ScoringError) {
            const errors = e.fieldErrors ?? { [e.field]: e.message };
            return json({ ok: false as const, intent: "tiebreak", message: e.message, errors, entryIds: entryIds.map(Number) }, { status: e.status });
          }
          throw e;
        }
        return redirect(`/to-chuc/vong/${roundId}/ket-qua?xong=bieu-quyet#bieu-quyet`);
      }
      default:
        return json({ ok: false as const, intent: "", message: "Thao tác không hợp lệ.", errors: {} as Record<string, string> }, { status: 400 });
    }
  } catch (e) {
    return expectedErrorResponse(e, { intent: f.intent ?? "" });
  }
}

type DecisionFields = { number: string; signedOn: string; signerName: string; signerTitle: string; issuer: string };

/**
 * The decision record's fields (recording it while reviewing, correcting it after publication).
 * A new decision starts from the obvious: signed today, issued by the organizing body.
 */
function DecisionForm({
  decision,
  defaults,
  today,
  errors,
  submit,
}: {
  decision: DecisionFields | null;
  defaults: Omit<DecisionFields, "number" | "signedOn"> | null;
  today: string;
  errors?: Record<string, string>;
  submit: string;
}) {
  const value = (k: keyof DecisionFields) => decision?.[k] ?? (k === "signedOn" ? today : k === "number" ? "" : defaults?.[k] ?? "");
  return (
    <Form method="post" className="form" noValidate>
      <input type="hidden" name="intent" value="decision" />
      <div className="grid grid-2">
        <Field name="number" label="Số quyết định" required placeholder="ví dụ 1234/QĐ-UBND" defaultValue={value("number")} errors={errors} />
        {/* Not after today (recordDecision refuses it: certificates are dated from the decision on). */}
        <DateField name="signedOn" label="Ngày ký" required max={today} defaultValue={value("signedOn")} errors={errors} />
        <Field name="signerName" label="Người ký" required autoComplete="name" defaultValue={value("signerName")} errors={errors} />
        <Field name="signerTitle" label="Chức vụ người ký" required defaultValue={value("signerTitle")} errors={errors} />
        <Field name="issuer" label="Cơ quan ban hành" required defaultValue={value("issuer")} errors={errors} />
      </div>
      <SubmitButton className="button secondary">{submit}</SubmitButton>
    </Form>
  );
}

const DONE: Record<string, string> = {
  khoa: "Đã khóa vòng chấm và tính kết quả.",
  "mo-lai": "Đã mở lại phiếu; giám khảo có thể sửa và nộp lại.",
  "quyet-dinh-hd": "Đã ghi quyết định của Hội đồng.",
  "quyet-dinh": "Đã ghi quyết định công nhận.",
  "sua-quyet-dinh": "Đã sửa thông tin quyết định công nhận (đã ghi nhật ký).",
  "cong-bo": "Đã công bố kết quả và thông báo cho các cơ sở.",
  "bieu-quyet": "Đã ghi kết quả biểu quyết phân định; kết quả đã được xếp hạng lại theo biểu quyết.",
};

/** The reopen action (intent "reopen", reason required); the sheet is chosen by the children. */
function ReopenForm({ idSuffix, children }: { idSuffix: string; children: React.ReactNode }) {
  return (
    <Form method="post" className="form">
      <input type="hidden" name="intent" value="reopen" />
      {children}
      <div className="field">
        <label htmlFor={`f-reopen-reason${idSuffix}`}>Lý do (bắt buộc)</label>
        <textarea id={`f-reopen-reason${idSuffix}`} name="reason" rows={2} maxLength={1000} />
      </div>
      <SubmitButton className="button secondary">Mở lại phiếu</SubmitButton>
    </Form>
  );
}

export default function Results() {
  const d = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const err = (intent: string) => (data && !data.ok && data.intent === intent ? data.message : null);
  const reviewing = d.round.status === "results_review";
  // Reopening a submitted sheet (action intent "reopen"): while scoring or in results review.
  const canReopen = d.round.status === "results_review" || d.round.status === "scoring";
  // Looked up by entry (a national round lists hundreds of entries and thousands of sheets: a
  // search of the whole list per row would be quadratic).
  const verdictByEntry = new Map(d.verdicts.map((v) => [v?.entryId, v]));
  const verdictOf = (id: number) => verdictByEntry.get(id);
  const codeByEntry = new Map((d.results ?? []).map((r) => [Number(r.entryId), r.info.votingCode]));
  const base = `/to-chuc/vong/${d.round.id}`;
  // A refused decision comes back with what was typed, so nothing has to be typed again.
  const failedDecision = data && !data.ok && data.intent === "decision" && "values" in data ? (data.values as DecisionFields) : null;
  const decisionErrors = data && !data.ok && data.intent === "decision" ? (data.errors as Record<string, string> | undefined) : undefined;
  return (
    <div>
      <p className="small">
        <Link to={d.canManage ? "/to-chuc" : `/giam-khao/vong/${d.round.id}`}>← Quay lại</Link>
      </p>
      <h1>{d.round.title}</h1>
      {d.canManage ? <RoundNav roundId={d.round.id} status={d.round.status} canManage /> : null}
      <p>
        <span className={`badge ${roundStatusTone(d.round.status)}`}>{ROUND_STATUS_LABELS[d.round.status]}</span>{" "}
        {d.round.scoringStages === 2 ? <span className="badge">Vòng chấm hiện tại: {d.stage}</span> : null}
      </p>
      {params.get("xong") && DONE[params.get("xong")!] ? <div className="alert success">{DONE[params.get("xong")!]}</div> : null}
      {data && !data.ok && data.intent === "" ? <div className="alert error">{data.message}</div> : null}

      {d.round.status === "scoring" && !d.closed ? (
        <section className="card">
          <h2>Khóa vòng chấm {d.round.scoringStages === 2 ? d.stage : ""}</h2>
          <p>Trước khi khóa, không ai xem được điểm của giám khảo khác. {d.missing ? <strong>Còn {d.missing} phiếu chưa nộp.</strong> : "Tất cả phiếu đã nộp."}</p>
          {err("close") ? <div className="alert error">{err("close")}</div> : null}
          <ConfirmAction roundId={d.round.id} action="khoa-vong-cham" label="Khóa vòng chấm và tính kết quả" className="button" formClassName="form">
            {d.missing ? (
              <div className="field">
                <label htmlFor="f-reason">Lý do khóa khi còn thiếu phiếu</label>
                <textarea id="f-reason" name="reason" rows={2} maxLength={1000} />
              </div>
            ) : null}
          </ConfirmAction>
        </section>
      ) : null}

      {d.results ? (
        <>
          <section>
            <div className="page-head">
              <h2>Kết quả vòng chấm {d.shownStage}</h2>
              {d.canManage ? (
                <div className="row small">
                  <a href={`${base}/bao-cao/ket-qua.xlsx?vong=${d.shownStage}`}>Bảng kết quả (.xlsx)</a>
                  <a href={`${base}/bao-cao/bien-ban.pdf?vong=${d.shownStage}`}>Biên bản tổng hợp (PDF)</a>
                </div>
              ) : null}
            </div>
            <p className="small muted">
              Điểm đạt {d.passMarkDisplay}. Điểm trung bình tính từ các phiếu đã nộp, chính xác đến hai chữ số thập phân.
              {d.purpose === "shortlist"
                ? ` Vòng chấm ${d.shownStage} chỉ chọn các sản phẩm đạt từ ${d.passMarkDisplay} điểm vào vòng 2; vòng 2 mới quyết định đề nghị công nhận.`
                : d.cap?.cap != null
                  ? ` Giới hạn công nhận: ${d.cap.cap} sản phẩm.`
                  : ""}
            </p>
            <div className="table-wrap">
              <table className="results-table">
                <thead>
                  <tr>
                    <th className="num">Hạng</th>
                    <th>Mã số</th>
                    <th>Sản phẩm</th>
                    <th className="num">Số GK</th>
                    <th className="num">Điểm TB</th>
                    <th className="num">I</th>
                    <th className="num">II</th>
                    <th className="num">III</th>
                    <th className="num">IV</th>
                    <th className="num">Thấp–cao</th>
                    <th>Đạt</th>
                    <th>{d.purpose === "shortlist" ? "Vòng 2" : "Đề nghị"}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.results.map((r) => (
                    <tr key={String(r.entryId)}>
                      <td className="num">
                        {r.rank ?? "—"}
                        <div className="small muted">nhóm: {r.rankInGroup ?? "—"}</div>
                      </td>
                      <td>{r.info.votingCode}</td>
                      <td style={{ whiteSpace: "normal", minWidth: 180 }}>
                        {r.info.productName}
                        <div className="small muted">{r.info.groupName}</div>
                        {r.tie ? (
                          <div className="small">
                            {r.tie.text}
                            {r.tie.detail ? <div className="muted">So sánh {r.tie.detail}.</div> : null}
                          </div>
                        ) : null}
                      </td>
                      <td className={`num${r.tooFewJudges ? " flag" : ""}`}>{r.judgesCount}</td>
                      <td className="num">
                        <strong>{formatMean(r.sumTenths, r.judgesCount)}</strong>
                      </td>
                      {["I", "II", "III", "IV"].map((g) => (
                        <td key={g} className="num">
                          {/* A group that decided a tie shows as many decimals as the comparison needed. */}
                          {r.tie?.compared.find((c) => c.key === g)?.values.find((v) => v.entryId === r.entryId)?.display ??
                            (r.groupMeansHundredths[g] != null ? formatHundredths(r.groupMeansHundredths[g]!) : "—")}
                        </td>
                      ))}
                      <td className={`num${r.discrepancy ? " flag" : ""}`} title={r.discrepancy ? "Chênh lệch giữa giám khảo vượt mức cho phép" : undefined}>
                        {r.minTenths != null ? `${formatPoints(r.minTenths, 1)}–${formatPoints(r.maxTenths ?? 0, 1)}` : "—"}
                        {r.discrepancy ? (
                          <>
                            {" ⚠"}
                            <div className="small">
                              <a
                                href={`?lech=${String(r.entryId)}#lech-${String(r.entryId)}`}
                                onClick={(e) => {
                                  if (openDetail(r.entryId)) e.preventDefault();
                                }}
                              >
                                Xem từng giám khảo
                              </a>
                            </div>
                          </>
                        ) : null}
                      </td>
                      <td>{r.passed ? <span className="badge ok">Đạt</span> : <span className="badge bad">Không</span>}</td>
                      <td>
                        {r.outcome ? (
                          <span className={`badge ${r.recommended || r.shortlisted ? "info" : r.needsCouncilDecision ? "warn" : ""}`}>{r.outcome}</span>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          {d.results.some((r) => r.discrepancy) ? (
            <section className="card" id="lech">
              <h2>Sản phẩm có điểm chênh lệch vượt mức cho phép</h2>
              <p className="small">
                Chênh lệch giữa điểm cao nhất và thấp nhất của một sản phẩm vượt {formatPoints(d.round.discrepancyToleranceTenths, 1)} điểm. Mỗi giám khảo được so với trung bình điểm của các
                giám khảo còn lại trên cùng sản phẩm (chỉ tính các phiếu được dùng để tính điểm). Giám khảo lệch nhiều nhất có thể được đề nghị xem lại phiếu. Mở một sản phẩm để xem điểm của từng giám khảo.
              </p>
              {err("reopen") ? <div className="alert error">{err("reopen")}</div> : null}
              {d.results
                .filter((r) => r.discrepancy)
                .map((r) => (
                  <OutlierDetail
                    key={String(r.entryId)}
                    roundId={d.round.id}
                    entry={{ entryId: Number(r.entryId), votingCode: r.info.votingCode, productName: r.info.productName, minTenths: r.minTenths, maxTenths: r.maxTenths }}
                    initial={d.lech && d.lech.entryId === Number(r.entryId) ? d.lech : null}
                    outlierLabel={d.stats?.outlierLabel ?? "Lệch nhiều nhất"}
                    reopen={
                      canReopen
                        ? (sheetId) => (
                            <ReopenForm idSuffix={`-${sheetId}`}>
                              <input type="hidden" name="sheetId" value={sheetId} />
                            </ReopenForm>
                          )
                        : null
                    }
                  />
                ))}
            </section>
          ) : null}

          {d.record ? <StageRecord passMarkDisplay={d.passMarkDisplay} cap={d.cap?.cap ?? null} shortlist={d.purpose === "shortlist"} record={d.record} /> : null}

          {d.stats ? (
            <section className="card">
              <h2>Thống kê giám khảo</h2>
              <div className="grid grid-2">
                <div>
                  <h3>Độ nghiêm (so với các giám khảo còn lại trên cùng sản phẩm)</h3>
                  <p className="small">{d.stats.meaning}</p>
                  <div className="table-wrap">
                  <table>
                    <tbody>
                      {d.stats.severity.map((s) => (
                        <tr key={String(s.judgeId)}>
                          <td>{s.name}</td>
                          <td className="num" style={{ whiteSpace: "nowrap" }}>{s.severityDisplay === "—" ? "—" : `${s.severityDisplay.replace("-", "−")} điểm`}</td>
                          <td className="small muted">
                            {s.entriesCompared} sản phẩm
                            {s.entriesScored !== s.entriesCompared ? ` (chấm ${s.entriesScored})` : ""}
                          </td>
                          <td>
                            {d.canManage || d.isChair ? (
                              <a href={`${base}/bao-cao/phieu-cham/${s.judgeId}.pdf?vong=${d.shownStage}`} className="small">
                                Phiếu (PDF)
                              </a>
                            ) : null}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  </div>
                  <p className="small muted">Dương: chấm rộng tay hơn các giám khảo khác; âm: chấm chặt hơn. Chỉ tính các phiếu được dùng để tính điểm (không tính phiếu có xung đột lợi ích).</p>
                </div>
                <Reliability panels={d.stats.panels} entriesOutside={d.stats.entriesOutsidePanels} meaning={d.stats.iccMeaning} byGroup={d.stats.agreement.byGroup ?? {}} />
              </div>
              <JudgeSeverityChart chart={d.severityChart} />
            </section>
          ) : null}

          {canReopen && d.sheets.length ? (
            <details className="card">
              <summary>Mở lại một phiếu đã nộp</summary>
              {err("reopen") ? <div className="alert error">{err("reopen")}</div> : null}
              <ReopenForm idSuffix="">
                <div className="field">
                  <label htmlFor="f-sheet">Phiếu</label>
                  <select id="f-sheet" name="sheetId">
                    {d.sheets.map((s) => (
                        <option key={s.id} value={s.id}>
                          {s.judgeName} — {codeByEntry.get(s.entryId) ?? s.entryId}
                        </option>
                      ))}
                  </select>
                </div>
              </ReopenForm>
            </details>
          ) : null}

          {d.tieBreak ? (
            <TieBreakVotes
              canRecord={d.tieBreak.canRecord}
              groups={d.tieBreak.groups}
              votes={d.tieBreak.votes}
              tieBreakText={d.tieBreak.tieBreakText}
              today={d.today}
              failed={data && !data.ok && data.intent === "tiebreak" && "entryIds" in data ? { message: data.message, errors: data.errors as Record<string, string>, entryIds: data.entryIds as number[] } : null}
            />
          ) : null}

          <Prizes data={d.prizes} />

          {reviewing ? (
            <section className="card">
              <h2>Quyết định của Hội đồng</h2>
              <p className="small muted">
                Số phiếu ở đây là biểu quyết công nhận từng sản phẩm; thứ tự giữa các sản phẩm đồng điểm do biểu quyết phân định ở trên quyết định. Không công nhận một sản phẩm xếp trên
                sản phẩm được công nhận thì phải ghi rõ lý do ở ô ghi chú.
              </p>
              {err("verdicts") ? <div className="alert error">{err("verdicts")}</div> : null}
              <Form method="post">
                <input type="hidden" name="intent" value="verdicts" />
                <div className="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th>Sản phẩm</th>
                        <th>Công nhận</th>
                        <th className="num">Tán thành</th>
                        <th className="num">Không</th>
                        <th className="num">Phiếu trắng</th>
                        <th>Ghi chú</th>
                      </tr>
                    </thead>
                    <tbody>
                      {d.results.map((r) => {
                        const id = Number(r.entryId);
                        const v = verdictOf(id);
                        const def = v ? (v.recognised ? "1" : "0") : r.recommended ? "1" : r.needsCouncilDecision ? "" : "0";
                        return (
                          <tr key={id}>
                            <td>
                              {r.info.votingCode} · {r.info.productName}
                              <div className="small muted">{formatMean(r.sumTenths, r.judgesCount)} điểm</div>
                            </td>
                            <td>
                              <select name={`r_${id}`} defaultValue={def} aria-label={`Quyết định cho ${r.info.productName}`}>
                                <option value="">— Chưa quyết —</option>
                                <option value="1" disabled={!r.passed}>
                                  Công nhận
                                </option>
                                <option value="0">Không công nhận</option>
                              </select>
                            </td>
                            {(["for", "against", "abstain"] as const).map((k) => (
                              <td key={k} className="num">
                                <input
                                  name={`${k}_${id}`}
                                  inputMode="numeric"
                                  className="points"
                                  style={{ width: 64 }}
                                  defaultValue={v ? String((k === "for" ? v.votesFor : k === "against" ? v.votesAgainst : v.votesAbstain) ?? "") : ""}
                                  aria-label={`Số phiếu ${k === "for" ? "tán thành" : k === "against" ? "không tán thành" : "trắng"}`}
                                />
                              </td>
                            ))}
                            <td>
                              <input name={`note_${id}`} defaultValue={v?.note ?? ""} maxLength={1000} aria-label="Ghi chú" style={{ minWidth: 160 }} />
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
                <p style={{ marginTop: 10 }}>
                  <SubmitButton>Lưu quyết định của Hội đồng</SubmitButton>
                </p>
              </Form>
            </section>
          ) : null}

          {d.correction ? (
            <section className="card">
              <h2>Sửa thông tin quyết định công nhận</h2>
              <p>
                Đang ghi: số {d.correction.number}, ngày {formatDate(d.correction.signedOn)}, {d.correction.signerTitle} {d.correction.signerName} ký. Có thể sửa
                (số, ngày, người ký) cho đến khi cấp giấy chứng nhận đầu tiên; mọi lần sửa được ghi nhật ký.
              </p>
              {err("decision") ? <div className="alert error">{err("decision")}</div> : null}
              <DecisionForm
                decision={failedDecision ?? d.correction}
                defaults={d.decisionDefaults}
                today={d.today}
                errors={decisionErrors}
                submit="Lưu thông tin đã sửa"
              />
            </section>
          ) : null}

          {reviewing && d.canManage ? (
            <section className="card">
              <h2>Quyết định công nhận</h2>
              {d.decision ? (
                <p>
                  Số {d.decision.number}, ngày {formatDate(d.decision.signedOn)}, {d.decision.signerTitle} {d.decision.signerName} ký.
                </p>
              ) : null}
              {err("decision") ? <div className="alert error">{err("decision")}</div> : null}
              <DecisionForm
                decision={failedDecision ?? d.decision}
                defaults={d.decisionDefaults}
                today={d.today}
                errors={decisionErrors}
                submit="Lưu quyết định công nhận"
              />
              <hr />
              {err("publish") ? <div className="alert error">{err("publish")}</div> : null}
              <ConfirmAction roundId={d.round.id} action="cong-bo" label="Công bố kết quả" className="button" />
            </section>
          ) : null}
        </>
      ) : (
        <p className="card muted">Chưa có vòng chấm nào được khóa: điểm chưa được hiển thị.</p>
      )}
    </div>
  );
}
