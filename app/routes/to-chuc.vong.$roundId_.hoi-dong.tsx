import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { readFormData } from "~/lib/action-errors.server";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { COUNCIL_ROLES } from "~db/schema";
import { formatDateTime } from "~/lib/dates";
import { clientIp, notFound } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { fieldErrors, formToObject } from "~/modules/accounts/accounts";
import { COUNCIL_ROLE_LABELS, CouncilSchema, MemberSchema } from "~/modules/councils/councils";
import { addMember, councilPage, CouncilError, removeMember, resendInvitation, saveCouncil, updateMember } from "~/modules/councils/councils.server";
import { ExportLinks, RoundHeader } from "~/modules/councils/RoundHeader";
import { InvitationError } from "~/modules/invitations/invitations.server";
import { Field, FormErrors, SelectField, SubmitButton } from "~/ui/form";
import { LEVEL_LABELS } from "~/ui/labels";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Hội đồng - ${data?.round.title ?? "Kỳ bình chọn"} - Tổ chức` }];

const Id = z.coerce.number().int().positive().max(2_000_000_000);

function roundIdOf(params: LoaderFunctionArgs["params"]): number {
  const id = Id.safeParse(params.roundId);
  if (!id.success) notFound("Không tìm thấy kỳ bình chọn này.");
  return id.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  return json(councilPage(principal, roundIdOf(params)), { headers: { "Cache-Control": "private, no-store" } });
}

type ActionData = { intent: string; memberId?: number; errors: Record<string, string>; values: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  const roundId = roundIdOf(params);
  const form = await readFormData(request);
  const values = formToObject(form);
  const intent = values.intent ?? "";
  const ip = clientIp(request);
  const base = `/to-chuc/vong/${roundId}/hoi-dong`;
  const memberId = Id.safeParse(values.memberId);
  const fail = (errors: Record<string, string>, status = 400) =>
    json<ActionData>({ intent, memberId: memberId.success ? memberId.data : undefined, errors, values }, { status });
  try {
    switch (intent) {
      case "council": {
        const parsed = CouncilSchema.safeParse(values);
        if (!parsed.success) return fail(fieldErrors(parsed.error));
        saveCouncil(principal, roundId, parsed.data, ip);
        return redirect(`${base}?da-luu=hoi-dong`);
      }
      case "add": {
        const parsed = MemberSchema.safeParse(values);
        if (!parsed.success) return fail(fieldErrors(parsed.error));
        const r = await addMember(principal, roundId, parsed.data, ip);
        return redirect(`${base}?da-luu=${r.linked ? "gan-tai-khoan" : r.invited ? "da-moi" : "them"}#thanh-vien`);
      }
      case "update": {
        if (!memberId.success) notFound("Không tìm thấy thành viên này trong Hội đồng.");
        const parsed = MemberSchema.safeParse(values);
        if (!parsed.success) return fail(fieldErrors(parsed.error));
        const r = await updateMember(principal, roundId, memberId.data, parsed.data, ip);
        return redirect(`${base}?da-luu=${r.invited ? "da-moi" : r.linked ? "sua" : "sua"}#thanh-vien`);
      }
      case "resend": {
        if (!memberId.success) notFound("Không tìm thấy thành viên này trong Hội đồng.");
        await resendInvitation(principal, roundId, memberId.data, ip);
        return redirect(`${base}?da-luu=da-moi#thanh-vien`);
      }
      case "remove": {
        if (!memberId.success) notFound("Không tìm thấy thành viên này trong Hội đồng.");
        removeMember(principal, roundId, memberId.data, ip);
        return redirect(`${base}?da-luu=xoa#thanh-vien`);
      }
      default:
        return fail({ _form: "Thao tác không hợp lệ." });
    }
  } catch (e) {
    if (e instanceof CouncilError || e instanceof InvitationError) return fail({ [e.field]: e.message }, e.status);
    throw e;
  }
}

const DONE: Record<string, string> = {
  "hoi-dong": "Đã lưu thông tin Hội đồng.",
  them: "Đã thêm thành viên.",
  "gan-tai-khoan": "Đã thêm thành viên và gắn với tài khoản sẵn có của email này; người đó đã được thông báo.",
  "da-moi": "Đã gửi lời mời qua email. Thành viên đặt mật khẩu qua liên kết trong thư (hiệu lực 7 ngày).",
  sua: "Đã lưu thay đổi.",
  xoa: "Đã xóa thành viên khỏi Hội đồng.",
};

const ACCOUNT: Record<string, [string, string]> = {
  linked: ["Đã có tài khoản", "ok"],
  invited: ["Đã gửi lời mời", "info"],
  expired: ["Lời mời hết hạn", "warn"],
  none: ["Chưa mời", ""],
};

const roleOptions = COUNCIL_ROLES.map((r) => ({ value: r, label: COUNCIL_ROLE_LABELS[r] }));

type MemberView = ReturnType<typeof useLoaderData<typeof loader>>["members"][number];

function MemberFields({ prefix, member, errors, values }: { prefix: string; member?: MemberView; errors?: Record<string, string>; values?: Record<string, string> }) {
  const v = (k: string, fallback: string | null | undefined) => values?.[k] ?? fallback ?? "";
  const judgeDefault = values ? values.isJudge === "on" : (member?.isJudge ?? true);
  return (
    <>
      <Field id={`${prefix}-fullName`} name="fullName" label="Họ và tên" required defaultValue={v("fullName", member?.fullName)} errors={errors} autoComplete="off" />
      <div className="inline-fields top">
        <Field id={`${prefix}-title`} name="title" label="Chức danh, học hàm" hint="Ví dụ: PGS.TS, Phó Giám đốc Sở" defaultValue={v("title", member?.title)} errors={errors} />
        <Field id={`${prefix}-affiliation`} name="affiliation" label="Cơ quan công tác" defaultValue={v("affiliation", member?.affiliation)} errors={errors} />
      </div>
      <div className="inline-fields top">
        <Field
          id={`${prefix}-email`}
          name="email"
          type="email"
          inputMode="email"
          label="Email"
          hint="Giám khảo nhận lời mời qua email này; nếu email đã có tài khoản, tài khoản đó được gắn ngay."
          defaultValue={v("email", member?.email)}
          errors={errors}
        />
        <SelectField id={`${prefix}-role`} name="role" label="Vai trò trong Hội đồng" options={roleOptions} defaultValue={v("role", member?.role ?? "member")} errors={errors} required />
      </div>
      <div className={`field check-field${errors?.isJudge ? " has-error" : ""}`}>
        <label>
          <input type="checkbox" name="isJudge" defaultChecked={judgeDefault} /> Chấm điểm (thành viên Ban giám khảo)
        </label>
        {errors?.isJudge ? <div className="field-error">{errors.isJudge}</div> : null}
      </div>
    </>
  );
}

export default function CouncilPage() {
  const data = useLoaderData<typeof loader>();
  const { round, council, members, canManage, editable, judgeCount } = data;
  const action = useActionData<typeof action>() as ActionData | undefined;
  const [params] = useSearchParams();
  const done = DONE[params.get("da-luu") ?? ""];
  const errorsFor = (intent: string, memberId?: number) => (action && action.intent === intent && action.memberId === memberId ? action.errors : undefined);
  const valuesFor = (intent: string, memberId?: number) => (action && action.intent === intent && action.memberId === memberId ? action.values : undefined);
  const councilErrors = errorsFor("council");
  const addErrors = errorsFor("add");
  const suggested = `Hội đồng bình chọn sản phẩm công nghiệp nông thôn tiêu biểu ${LEVEL_LABELS[round.level].toLowerCase()} năm ${round.year}`;
  const memberError = action && (action.intent === "remove" || action.intent === "resend") ? action.errors._form : undefined;
  return (
    <div className="council-page">
      <RoundHeader round={round} heading="Hội đồng và Ban giám khảo" canManage={canManage} />
      {done ? (
        <div className="alert success" role="status">
          {done}
        </div>
      ) : null}
      {!editable ? <div className="alert info">Kỳ bình chọn đã công bố kết quả: Hội đồng chỉ còn để xem.</div> : null}

      <section className="card">
        <h2>{council ? "Thông tin Hội đồng" : "Lập Hội đồng"}</h2>
        {!council ? <p className="muted">Mỗi kỳ bình chọn có một Hội đồng. Lập Hội đồng trước, rồi thêm thành viên và giám khảo.</p> : null}
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="council" />
          <FormErrors errors={councilErrors} />
          <Field name="name" label="Tên Hội đồng" required defaultValue={valuesFor("council")?.name ?? council?.name ?? suggested} errors={councilErrors} disabled={!editable} />
          <Field
            name="establishedByDecision"
            label="Số quyết định thành lập"
            hint="Ví dụ: 1520/QĐ-UBND (có thể bổ sung sau)"
            defaultValue={valuesFor("council")?.establishedByDecision ?? council?.establishedByDecision ?? ""}
            errors={councilErrors}
            disabled={!editable}
          />
          {editable ? <SubmitButton>{council ? "Lưu thông tin Hội đồng" : "Lập Hội đồng"}</SubmitButton> : null}
        </Form>
      </section>

      {council ? (
        <section className="card" id="thanh-vien">
          <h2>
            Thành viên ({members.length}) · Giám khảo chấm điểm: {judgeCount}
          </h2>
          {judgeCount < round.minJudgesPerEntry ? (
            <div className="alert error">
              Mỗi sản phẩm cần ít nhất {round.minJudgesPerEntry} giám khảo; Hội đồng mới có {judgeCount}.
            </div>
          ) : null}
          {memberError ? (
            <div className="alert error" role="alert">
              {memberError}
            </div>
          ) : null}
          {members.length ? (
            <ul className="member-list">
              {members.map((m) => {
                const [accountText, tone] = ACCOUNT[m.account]!;
                const editErrors = errorsFor("update", m.id);
                return (
                  <li key={m.id} className="member" id={`tv-${m.id}`}>
                    <div className="member-main">
                      <strong className="member-name">
                        {m.title ? `${m.title} ` : ""}
                        {m.fullName}
                      </strong>
                      <div className="small muted">{m.affiliation ?? "—"}</div>
                      <div className="small muted member-email">{m.email ?? "Chưa có email"}</div>
                    </div>
                    <div className="member-badges row">
                      <span className="badge">{COUNCIL_ROLE_LABELS[m.role]}</span>
                      {m.isJudge ? <span className="badge info">Giám khảo</span> : <span className="badge">Không chấm điểm</span>}
                      <span className={`badge ${tone}`} title={m.inviteExpiresAt ? `Hạn: ${formatDateTime(m.inviteExpiresAt)}` : undefined}>
                        {accountText}
                      </span>
                    </div>
                    {editable ? (
                      <div className="member-actions">
                        <details open={!!editErrors}>
                          <summary>Sửa</summary>
                          <Form method="post" className="form" noValidate>
                            <input type="hidden" name="intent" value="update" />
                            <input type="hidden" name="memberId" value={m.id} />
                            <FormErrors errors={editErrors} />
                            <MemberFields prefix={`m${m.id}`} member={m} errors={editErrors} values={valuesFor("update", m.id)} />
                            <SubmitButton>Lưu thay đổi</SubmitButton>
                          </Form>
                        </details>
                        {m.account !== "linked" && m.email ? (
                          <Form method="post" className="mini-form">
                            <input type="hidden" name="intent" value="resend" />
                            <input type="hidden" name="memberId" value={m.id} />
                            <button type="submit" className="link-button">
                              {m.account === "none" ? "Gửi lời mời" : "Gửi lại lời mời"}
                            </button>
                          </Form>
                        ) : null}
                        {m.sheets === 0 ? (
                          <Form method="post" className="mini-form">
                            <input type="hidden" name="intent" value="remove" />
                            <input type="hidden" name="memberId" value={m.id} />
                            <button type="submit" className="link-button danger">
                              Xóa khỏi Hội đồng
                            </button>
                          </Form>
                        ) : (
                          <span className="small muted">{m.sheets} phiếu chấm</span>
                        )}
                      </div>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          ) : (
            <p className="muted">Hội đồng chưa có thành viên.</p>
          )}
          {editable ? (
            // Keyed by the number of members: after a member is added the form starts empty again.
            <details className="add-member" open={!!addErrors || members.length === 0} key={members.length}>
              <summary className="button secondary">Thêm thành viên</summary>
              <Form method="post" className="form" noValidate>
                <input type="hidden" name="intent" value="add" />
                <FormErrors errors={addErrors} />
                <MemberFields prefix="new" errors={addErrors} values={valuesFor("add")} />
                <SubmitButton>Thêm vào Hội đồng</SubmitButton>
              </Form>
            </details>
          ) : null}
        </section>
      ) : null}
      <ExportLinks roundId={round.id} />
    </div>
  );
}
