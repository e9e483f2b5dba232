import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ROUND_STATUSES } from "~db/schema";
import { expectedErrorResponse, readFormData } from "~/lib/action-errors.server";
import { idParam } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { fieldErrors } from "~/modules/accounts/accounts";
import { FROZEN_ONCE_SCORING, ROUND_TRANSITIONS, RoundSettingsSchema, SCORING_STARTED } from "~/modules/rounds/rounds";
import { getRoundForOrganizer, listDocumentTypes, moveRound, roundFormValues, updateRoundSettings } from "~/modules/rounds/rounds.server";
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
    frozen: SCORING_STARTED.includes(round.status) ? [...FROZEN_ONCE_SCORING] : [],
    transitions: ROUND_TRANSITIONS[round.status] ?? [],
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  const roundId = idParam(params.roundId, "kỳ bình chọn");
  getRoundForOrganizer(principal, roundId, { manage: true });
  const form = await readFormData(request);
  if (form.get("intent") === "status") {
    const to = z.enum(ROUND_STATUSES).safeParse(form.get("to"));
    if (!to.success) return json({ errors: { _form: "Trạng thái không hợp lệ." } as Record<string, string>, values: null }, { status: 400 });
    try {
      moveRound(principal, roundId, to.data);
    } catch (e) {
      return expectedErrorResponse(e, { values: null });
    }
    return redirect(`/to-chuc/vong/${roundId}/thiet-lap?trang-thai=1`);
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
      {params.get("trang-thai") ? <div className="alert success">Đã chuyển trạng thái.</div> : null}
      <section className="card">
        <h2>Trạng thái</h2>
        <p>
          Hiện tại: <span className={`badge ${roundStatusTone(round.status)}`}>{ROUND_STATUS_LABELS[round.status]}</span>
        </p>
        {data && !data.values && data.errors?._form ? <div className="alert error">{data.errors._form}</div> : null}
        <div className="row">
          {transitions.map((t) => (
            <Form method="post" key={t.to}>
              <input type="hidden" name="intent" value="status" />
              <input type="hidden" name="to" value={t.to} />
              <SubmitButton className="button secondary">{t.label}</SubmitButton>
            </Form>
          ))}
        </div>
      </section>
      <RoundSettingsForm values={v} errors={data?.values ? data.errors : undefined} docTypes={docTypes} frozen={frozen} submitLabel="Lưu thiết lập">
        <input type="hidden" name="version" value={round.version} />
      </RoundSettingsForm>
    </div>
  );
}
