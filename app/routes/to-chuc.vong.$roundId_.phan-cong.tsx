import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { readFormData } from "~/lib/action-errors.server";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { StageSwitch } from "~/ui/StageSwitch";
import { z } from "zod";
import { clientIp, notFound } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { fieldErrors, formToObject } from "~/modules/accounts/accounts";
import { ASSIGNMENT_MODE_LABELS, ASSIGNMENT_MODES, type AssignmentMode } from "~/modules/councils/assignment";
import { COUNCIL_ROLE_LABELS, ConflictSchema, ModeSchema, parseGroupIds, parsePairs } from "~/modules/councils/councils";
import {
  assignmentPage,
  CouncilError,
  recordConflict,
  removeConflict,
  setAssignmentMode,
  setJudgeGroups,
  setManualAssignments,
} from "~/modules/councils/councils.server";
import { RoundHeader } from "~/modules/councils/RoundHeader";
import { Field, FormErrors, SelectField, SubmitButton } from "~/ui/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Phân công chấm - ${data?.round.title ?? "Kỳ bình chọn"} - Tổ chức` }];

const Id = z.coerce.number().int().positive().max(2_000_000_000);

function roundIdOf(params: LoaderFunctionArgs["params"]): number {
  const id = Id.safeParse(params.roundId);
  if (!id.success) notFound("Không tìm thấy kỳ bình chọn này.");
  return id.data;
}

function stageOf(request: Request): number {
  return z.coerce.number().int().min(1).max(2).catch(1).parse(new URL(request.url).searchParams.get("dot") ?? 1);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  return json(assignmentPage(principal, roundIdOf(params), stageOf(request)), { headers: { "Cache-Control": "private, no-store" } });
}

type ActionData = { intent: string; errors: Record<string, string>; values: Record<string, string> };

const MODE_HINTS: Record<AssignmentMode, string> = {
  all: "Mặc định: mỗi giám khảo chấm tất cả sản phẩm hợp lệ.",
  by_group: "Mỗi giám khảo chấm các sản phẩm thuộc nhóm được giao cho mình.",
  manual: "Đánh dấu từng ô sản phẩm × giám khảo trong bảng phân công.",
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  const roundId = roundIdOf(params);
  const stage = stageOf(request);
  const form = await readFormData(request);
  const values = formToObject(form);
  const intent = values.intent ?? "";
  const ip = clientIp(request);
  const back = (flag: string, anchor = "") => redirect(`/to-chuc/vong/${roundId}/phan-cong?${stage > 1 ? `dot=${stage}&` : ""}da-luu=${flag}${anchor}`);
  const fail = (errors: Record<string, string>, status = 400) => json<ActionData>({ intent, errors, values }, { status });
  try {
    switch (intent) {
      case "mode": {
        const parsed = ModeSchema.safeParse(values);
        if (!parsed.success) return fail(fieldErrors(parsed.error));
        setAssignmentMode(principal, roundId, parsed.data.mode as AssignmentMode, ip);
        return back("cach-phan-cong");
      }
      case "groups": {
        const memberId = Id.safeParse(values.memberId);
        if (!memberId.success) notFound("Không tìm thấy giám khảo này.");
        setJudgeGroups(principal, roundId, memberId.data, parseGroupIds(form.getAll("groupIds").map(String)), ip);
        return back("nhom", "#giam-khao");
      }
      case "manual": {
        const r = setManualAssignments(principal, roundId, stage, parsePairs(form.getAll("pair").map(String)), ip);
        return back(r.skipped ? `bang-${r.skipped}` : "bang", "#bang-phan-cong");
      }
      case "conflict": {
        const parsed = ConflictSchema.safeParse(values);
        if (!parsed.success) return fail(fieldErrors(parsed.error));
        await recordConflict(principal, roundId, parsed.data, ip);
        return back("xung-dot", "#xung-dot");
      }
      case "unconflict": {
        const id = Id.safeParse(values.conflictId);
        if (!id.success) notFound("Không tìm thấy xung đột lợi ích này.");
        removeConflict(principal, roundId, id.data, ip);
        return back("bo-xung-dot", "#xung-dot");
      }
      default:
        return fail({ _form: "Thao tác không hợp lệ." });
    }
  } catch (e) {
    if (e instanceof CouncilError) return fail({ [e.field]: e.message }, e.status);
    throw e;
  }
}

function doneMessage(flag: string | null): string | null {
  if (!flag) return null;
  if (flag === "cach-phan-cong") return "Đã đổi cách phân công.";
  if (flag === "nhom") return "Đã lưu nhóm sản phẩm của giám khảo.";
  if (flag === "bang") return "Đã lưu bảng phân công.";
  if (flag.startsWith("bang-")) return `Đã lưu bảng phân công; ${flag.slice(5)} ô không được ghi (xung đột lợi ích hoặc không hợp lệ).`;
  if (flag === "xung-dot") return "Đã ghi nhận xung đột lợi ích: giám khảo sẽ không chấm sản phẩm đó.";
  if (flag === "bo-xung-dot") return "Đã bỏ xung đột lợi ích.";
  return null;
}

export default function AssignmentPage() {
  const data = useLoaderData<typeof loader>();
  const { round, judges, entries, conflicts, groups, manual, stage, editable, hasCouncil } = data;
  const action = useActionData<typeof action>() as ActionData | undefined;
  const [params] = useSearchParams();
  const done = doneMessage(params.get("da-luu"));
  const errs = (intent: string) => (action?.intent === intent ? action.errors : undefined);
  const manualSet = new Set(manual);
  const judgeName = new Map(judges.map((j) => [j.id, j.fullName]));
  const mode = round.assignmentMode as AssignmentMode;
  const generalError = action && !["conflict", "mode"].includes(action.intent) ? action.errors._form : undefined;
  return (
    <div className="assignment-page">
      <RoundHeader round={round} heading="Phân công chấm điểm" canManage={data.canManage} />
      {done ? (
        <div className="alert success" role="status">
          {done}
        </div>
      ) : null}
      {generalError ? (
        <div className="alert error" role="alert">
          {generalError}
        </div>
      ) : null}
      <StageSwitch stages={round.scoringStages} current={stage} />
      {!hasCouncil ? (
        <div className="alert info">
          Kỳ bình chọn chưa có Hội đồng. <Link to={`/to-chuc/vong/${round.id}/hoi-dong`}>Lập Hội đồng và thêm giám khảo</Link> trước khi phân công.
        </div>
      ) : null}

      <div className="grid grid-4 assign-stats">
        <div className="stat">
          <div className="value">{judges.length}</div>
          <div className="label">Giám khảo</div>
        </div>
        <div className="stat">
          <div className="value">{entries.length}</div>
          <div className="label">Sản phẩm hợp lệ</div>
        </div>
        <div className="stat">
          <div className="value">{round.minJudgesPerEntry}</div>
          <div className="label">Giám khảo tối thiểu mỗi sản phẩm</div>
        </div>
        <div className={`stat${data.understaffed ? " stat-bad" : ""}`}>
          <div className="value">{data.understaffed}</div>
          <div className="label">Sản phẩm chưa đủ giám khảo</div>
        </div>
      </div>

      <section className="card">
        <h2>Cách phân công</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="mode" />
          <FormErrors errors={errs("mode")} />
          <fieldset disabled={!editable}>
            <legend className="sr-only">Cách phân công</legend>
            {ASSIGNMENT_MODES.map((m) => (
              <label key={m} className="radio-row">
                <input type="radio" name="mode" value={m} defaultChecked={m === mode} />
                <span>
                  <strong>{ASSIGNMENT_MODE_LABELS[m]}</strong>
                  <span className="small muted"> — {MODE_HINTS[m]}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {editable ? <SubmitButton className="button secondary">Lưu cách phân công</SubmitButton> : null}
        </Form>
      </section>

      <section className="card" id="giam-khao">
        <h2>Khối lượng chấm của từng giám khảo</h2>
        {judges.length ? (
          <div className="table-wrap">
            <table className="load-table">
              <thead>
                <tr>
                  <th>Giám khảo</th>
                  <th className="num">Phải chấm</th>
                  <th className="num">Xung đột</th>
                  {mode === "by_group" ? <th>Nhóm sản phẩm được giao</th> : null}
                </tr>
              </thead>
              <tbody>
                {judges.map((j) => (
                  <tr key={j.id}>
                    <td>
                      <strong>{j.fullName}</strong>
                      <div className="small muted">
                        {j.title ? `${j.title} · ` : ""}
                        {COUNCIL_ROLE_LABELS[j.role]}
                        {!j.hasAccount ? " · chưa có tài khoản" : ""}
                      </div>
                    </td>
                    <td className="num">
                      <strong>{j.load}</strong>
                    </td>
                    <td className="num">{j.conflicts}</td>
                    {mode === "by_group" ? (
                      <td>
                        <Form method="post" className="group-form">
                          <input type="hidden" name="intent" value="groups" />
                          <input type="hidden" name="memberId" value={j.id} />
                          {groups.map((g) => (
                            <label key={g.id} className="check-inline" title={g.name}>
                              <input type="checkbox" name="groupIds" value={g.id} defaultChecked={j.productGroupIds.includes(g.id)} disabled={!editable} /> Nhóm {g.id}
                            </label>
                          ))}
                          {editable ? (
                            <button type="submit" className="button secondary small-button">
                              Lưu
                            </button>
                          ) : null}
                          {j.noGroups ? <div className="small warn-text">Chưa giao nhóm nào: giám khảo này không chấm sản phẩm nào.</div> : null}
                        </Form>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">Hội đồng chưa có giám khảo chấm điểm.</p>
        )}
        {mode === "by_group" ? (
          <ul className="small muted group-legend">
            {groups.map((g) => (
              <li key={g.id}>
                Nhóm {g.id}: {g.name}
              </li>
            ))}
          </ul>
        ) : null}
      </section>

      <section className="card" id="bang-phan-cong">
        <h2>Sản phẩm và giám khảo chấm</h2>
        {entries.length === 0 ? (
          <p className="muted">Chưa có sản phẩm hợp lệ (hồ sơ được tiếp nhận) để chấm.</p>
        ) : mode === "manual" ? (
          <Form method="post">
            <input type="hidden" name="intent" value="manual" />
            <p className="small muted">Đánh dấu các ô để giao sản phẩm cho giám khảo. Ô có dấu ⊘ là xung đột lợi ích: giám khảo đó không chấm sản phẩm này.</p>
            <div className="table-wrap">
              <table className="matrix">
                <thead>
                  <tr>
                    <th className="sticky-col">Sản phẩm</th>
                    {judges.map((j) => (
                      <th key={j.id} className="judge-col" title={j.fullName}>
                        {j.fullName}
                      </th>
                    ))}
                    <th className="num">Số GK</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => (
                    <tr key={e.id} className={e.missing ? "row-short" : undefined}>
                      <th scope="row" className="sticky-col">
                        <span className="code">{e.votingCode ?? `#${e.id}`}</span> {e.productName}
                      </th>
                      {judges.map((j) => {
                        const conflicted = e.conflicted.includes(j.id);
                        return (
                          <td key={j.id} className="cell-check">
                            {conflicted ? (
                              <span className="cell conflict" title="Xung đột lợi ích">
                                ⊘<span className="sr-only"> Xung đột lợi ích</span>
                              </span>
                            ) : (
                              <input
                                type="checkbox"
                                name="pair"
                                value={`${e.id}:${j.id}`}
                                defaultChecked={manualSet.has(`${e.id}:${j.id}`)}
                                disabled={!editable}
                                aria-label={`${e.votingCode ?? e.id} – ${j.fullName}`}
                              />
                            )}
                          </td>
                        );
                      })}
                      <td className="num">
                        {e.judges.length}
                        {e.missing ? <span className="badge bad">thiếu {e.missing}</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {editable ? <SubmitButton>Lưu bảng phân công</SubmitButton> : null}
          </Form>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Mã số</th>
                  <th>Sản phẩm</th>
                  <th className="num">Giám khảo</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id} className={e.missing ? "row-short" : undefined}>
                    <td className="nowrap">{e.votingCode ?? "—"}</td>
                    <td>
                      {e.productName}
                      <div className="small muted">{e.groupName}</div>
                      {e.conflicted.length ? <div className="small conflict-note">Xung đột: {e.conflicted.map((id) => judgeName.get(id)).join(", ")}</div> : null}
                    </td>
                    <td className="num">
                      <span className="nowrap">
                        {e.judges.length}/{round.minJudgesPerEntry}
                      </span>{" "}
                      {e.missing ? <span className="badge bad">Thiếu {e.missing}</span> : <span className="badge ok">Đủ</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card" id="xung-dot">
        <h2>Xung đột lợi ích ({conflicts.length})</h2>
        <p className="small muted">Giám khảo có xung đột lợi ích với một sản phẩm thì không chấm sản phẩm đó, dù được phân công. Giám khảo tự khai báo trên trang của mình, hoặc cơ quan tổ chức ghi nhận tại đây.</p>
        {conflicts.length ? (
          <ul className="list-plain conflict-list">
            {conflicts.map((c) => (
              <li key={c.id}>
                <div>
                  <strong>{c.memberName}</strong> — <span className="code">{c.entry?.votingCode ?? `#${c.entryId}`}</span> {c.entry?.productName ?? "(sản phẩm không còn được chấm)"}
                </div>
                <div className="small muted">
                  Lý do: {c.reason} · {c.byJudge ? "Giám khảo tự khai báo" : `Ghi nhận bởi ${c.declaredBy ?? "cơ quan tổ chức"}`}
                </div>
                {editable ? (
                  <Form method="post" className="mini-form">
                    <input type="hidden" name="intent" value="unconflict" />
                    <input type="hidden" name="conflictId" value={c.id} />
                    <button type="submit" className="link-button danger">
                      Bỏ xung đột
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">Chưa có xung đột lợi ích nào.</p>
        )}
        {editable && judges.length && entries.length ? (
          <details open={!!errs("conflict")}>
            <summary className="button secondary">Ghi nhận xung đột lợi ích</summary>
            <Form method="post" className="form" noValidate>
              <input type="hidden" name="intent" value="conflict" />
              <FormErrors errors={errs("conflict")} />
              <SelectField
                name="memberId"
                label="Giám khảo"
                required
                placeholder="— Chọn giám khảo —"
                options={judges.map((j) => ({ value: j.id, label: j.fullName }))}
                defaultValue={action?.intent === "conflict" ? action.values.memberId : ""}
                errors={errs("conflict")}
              />
              <SelectField
                name="entryId"
                label="Sản phẩm"
                required
                placeholder="— Chọn sản phẩm —"
                options={entries.map((e) => ({ value: e.id, label: `${e.votingCode ?? `#${e.id}`} – ${e.productName}` }))}
                defaultValue={action?.intent === "conflict" ? action.values.entryId : ""}
                errors={errs("conflict")}
              />
              <Field name="reason" label="Lý do" required hint="Ví dụ: là người thân của chủ cơ sở; từng tư vấn cho cơ sở." defaultValue={action?.intent === "conflict" ? action.values.reason : ""} errors={errs("conflict")} />
              <SubmitButton>Ghi nhận</SubmitButton>
            </Form>
          </details>
        ) : null}
      </section>
      <p className="small">
        <Link to={`/to-chuc/vong/${round.id}/tien-do${stage > 1 ? `?dot=${stage}` : ""}`}>Xem tiến độ chấm →</Link>
      </p>
    </div>
  );
}
