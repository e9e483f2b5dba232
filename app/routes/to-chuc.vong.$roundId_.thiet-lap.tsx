import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ROUND_STATUSES } from "~db/schema";
import { expectedErrorResponse, readFormData } from "~/lib/action-errors.server";
import { idParam } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { fieldErrors } from "~/modules/accounts/accounts";
import { frozenSettings, ROUND_TRANSITIONS, RoundSettingsSchema } from "~/modules/rounds/rounds";
import { getRoundForOrganizer, listDocumentTypes, moveRound, roundFormValues, updateRoundSettings } from "~/modules/rounds/rounds.server";
import { requireConfirmation, statusConfirmation } from "~/modules/rounds/consequences.server";
import type { RoundStatus } from "~db/schema";
import { ConfirmAction } from "~/ui/ConfirmAction";
import { SubmitButton } from "~/ui/form";
import { ROUND_STATUS_LABELS, roundStatusTone } from "~/ui/labels";
import { RoundNav } from "~/ui/RoundNav";
import { RoundSettingsForm, settingsFromForm } from "~/ui/RoundSettingsForm";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Thiết lập - ${data?.round.title ?? "Kỳ bình chọn"}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  const { round } = getRoundForOrganizer(principal, idParam(params.roundId, "kỳ bình chọn"), { manage: true });
  return json({
    round: { id: round.id, title: round.title, status: round.status, version: round.version },
    values: roundFormValues(round),
    docTypes: listDocumentTypes(),
    frozen: frozenSettings(round.status),
    transitions: (ROUND_TRANSITIONS[round.status] ?? []).map((t) => ({ ...t, confirm: statusConfirmation(round.status, t.to) })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  const roundId = idParam(params.roundId, "kỳ bình chọn");
  const { round } = getRoundForOrganizer(principal, roundId, { manage: true });
  const form = await readFormData(request);
  if (form.get("intent") === "status") {
    const to = z.enum(ROUND_STATUSES).safeParse(form.get("to"));
    if (!to.success) return json({ errors: { _form: "Trạng thái không hợp lệ." } as Record<string, string>, values: null }, { status: 400 });
    let move;
    try {
      // One-way moves need the confirmation of what they do (docs/decisions/0022-confirmations.md).
      const guarded = statusConfirmation(round.status, to.data);
      const confirmed = guarded ? requireConfirmation(form, principal, roundId, guarded) : null;
      // The move made is the one checked: from this status (and, confirmed, this very version).
      move = await moveRound(principal, roundId, to.data, { expectedFrom: round.status, expectedVersion: confirmed?.roundVersion });
    } catch (e) {
      return expectedErrorResponse(e, { values: null });
    }
    const q = new URLSearchParams({ "trang-thai": move.to, tu: move.from });
    if (move.to === "intake_closed") q.set("co-so", String(move.notifiedEstablishments)), q.set("nhap", String(move.drafts));
    return redirect(`/to-chuc/vong/${roundId}/thiet-lap?${q}`);
  }
  const values = settingsFromForm(form);
  const parsed = RoundSettingsSchema.safeParse(values);
  if (!parsed.success) return json({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  try {
    updateRoundSettings(principal, roundId, parsed.data, Number(values.version) || undefined);
  } catch (e) {
    return expectedErrorResponse(e, { values });
  }
  return redirect(`/to-chuc/vong/${roundId}/thiet-lap?da-luu=1`);
}

/** The result of a status change, from the redirect's query (?trang-thai=…&tu=…&co-so=…&nhap=…). */
function statusMessage(params: URLSearchParams): string {
  const to = params.get("trang-thai") as RoundStatus | null;
  const from = params.get("tu");
  const told = Number(params.get("co-so")) || 0;
  const drafts = Number(params.get("nhap")) || 0;
  switch (to) {
    case "open":
      return from === "intake_closed" ? "Đã mở lại nhận hồ sơ." : "Đã mở nhận hồ sơ. Các cơ sở trong phạm vi kỳ bình chọn đã đăng ký được.";
    case "intake_closed":
      if (told) return `Đã đóng nhận hồ sơ. ${told} cơ sở có hồ sơ nháp đã được thông báo.`;
      if (drafts) return `Đã đóng nhận hồ sơ. Các cơ sở có ${drafts} hồ sơ nháp đã được thông báo ở lần đóng trước.`;
      return "Đã đóng nhận hồ sơ. Không có hồ sơ nháp nào đang chờ nộp.";
    case "scoring":
      return from === "results_review" ? "Đã quay lại chấm điểm." : "Đã bắt đầu chấm điểm. Thiết lập điểm đã bị khóa; giám khảo đã chấm được.";
    case "results_review":
      return "Đã chuyển sang xét kết quả.";
    case "archived":
      return "Đã lưu trữ kỳ bình chọn.";
    default:
      return "Đã chuyển trạng thái.";
  }
}

export default function RoundSettings() {
  const { round, values, docTypes, frozen, transitions } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const v = (data?.values ?? values) as Record<string, string | string[]>;
  return (
    <div>
      <p className="small">
        <Link to="/to-chuc">← Các kỳ bình chọn</Link>
      </p>
      <h1>{round.title}</h1>
      <RoundNav roundId={round.id} status={round.status} canManage />
      {params.get("da-luu") ? <div className="alert success">Đã lưu thiết lập.</div> : null}
      {params.get("trang-thai") ? (
        <div className="alert success" role="status">
          {statusMessage(params)}
        </div>
      ) : null}
      <section className="card">
        <h2>Trạng thái</h2>
        <p>
          Hiện tại: <span className={`badge ${roundStatusTone(round.status)}`}>{ROUND_STATUS_LABELS[round.status]}</span>
        </p>
        {data && !data.values && data.errors?._form ? <div className="alert error">{data.errors._form}</div> : null}
        <div className="row">
          {transitions.map((t) =>
            t.confirm ? (
              <ConfirmAction key={t.to} roundId={round.id} action={t.confirm} label={t.label} />
            ) : (
              <Form method="post" key={t.to}>
                <input type="hidden" name="intent" value="status" />
                <input type="hidden" name="to" value={t.to} />
                <SubmitButton className="button secondary">{t.label}</SubmitButton>
              </Form>
            ),
          )}
        </div>
      </section>
      <RoundSettingsForm values={v} errors={data?.values ? data.errors : undefined} docTypes={docTypes} frozen={frozen} submitLabel="Lưu thiết lập">
        <input type="hidden" name="version" value={round.version} />
      </RoundSettingsForm>
    </div>
  );
}
