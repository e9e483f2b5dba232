import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { readFormData } from "~/lib/action-errors.server";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { formatDateTime } from "~/lib/dates";
import { clientIp, notFound } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { fieldErrors, formToObject } from "~/modules/accounts/accounts";
import { DeclareConflictSchema } from "~/modules/councils/councils";
import { CouncilError, declareConflict, judgeConflictsWithdrawable, withdrawConflict } from "~/modules/councils/councils.server";
import { Field, FormErrors, SelectField, SubmitButton } from "~/ui/form";

export const meta: MetaFunction = () => [{ title: "Khai báo xung đột lợi ích - Chấm điểm" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "judge");
  return json(
    { councils: judgeConflictsWithdrawable(principal) },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

type ActionData = { roundId: string; errors: Record<string, string>; values: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "judge");
  const values = formToObject(await readFormData(request));
  const fail = (errors: Record<string, string>, status = 400) => json<ActionData>({ roundId: values.roundId ?? "", errors, values }, { status });
  if (values.intent === "withdraw") {
    const conflictId = Number(values.conflictId);
    if (!Number.isInteger(conflictId) || conflictId <= 0) return fail({ conflictId: "Không tìm thấy khai báo xung đột lợi ích này." }, 404);
    try {
      await withdrawConflict(principal, conflictId, clientIp(request));
    } catch (e) {
      if (e instanceof CouncilError) return fail({ [e.field]: e.message }, e.status);
      throw e;
    }
    return redirect("/giam-khao/xung-dot?da-rut=1");
  }
  const parsed = DeclareConflictSchema.safeParse(values);
  if (!parsed.success) return fail(fieldErrors(parsed.error));
  try {
    await declareConflict(principal, parsed.data, clientIp(request));
  } catch (e) {
    if (e instanceof CouncilError) return fail({ [e.field]: e.message }, e.status);
    throw e;
  }
  return redirect("/giam-khao/xung-dot?da-khai-bao=1");
}

export default function JudgeConflicts() {
  const { councils } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const [params] = useSearchParams();
  return (
    <div className="narrow">
      <p className="small">
        <Link to="/giam-khao">← Hội đồng và phiếu chấm của tôi</Link>
      </p>
      <h1>Khai báo xung đột lợi ích</h1>
      <p className="muted">
        Nếu bạn có quan hệ với cơ sở dự thi (người thân, đồng sở hữu, từng tư vấn, làm việc cho cơ sở…), hãy khai báo. Bạn sẽ không chấm sản phẩm đó, và cơ quan tổ chức được báo để bố trí giám khảo khác.
      </p>
      {params.get("da-rut") ? (
        <div className="alert success" role="status">
          Đã rút khai báo xung đột lợi ích. Bạn sẽ chấm sản phẩm này nếu được phân công; cơ quan tổ chức đã được báo.
        </div>
      ) : null}
      {params.get("da-khai-bao") ? (
        <div className="alert success" role="status">
          Đã ghi nhận khai báo. Bạn sẽ không chấm sản phẩm này.
        </div>
      ) : null}
      {councils.length === 0 ? <p className="muted">Bạn không chấm điểm trong Hội đồng nào.</p> : null}
      {councils.map((c) => {
        const errors = data && data.roundId === String(c.round.id) ? data.errors : undefined;
        const values = data && data.roundId === String(c.round.id) ? data.values : undefined;
        const taken = new Set(c.conflicts.map((x) => x.entryId));
        return (
          <section className="card" key={c.round.id}>
            <h2>{c.round.title}</h2>
            {errors?.conflictId ? (
              <div className="alert error" role="alert">
                {errors.conflictId}
              </div>
            ) : null}
            {c.conflicts.length ? (
              <ul className="list-plain">
                {c.conflicts.map((x) => (
                  <li key={x.id}>
                    <strong>{x.entry?.votingCode ?? "—"}</strong> {x.entry?.productName ?? ""}
                    <div className="small muted">
                      Lý do: {x.reason} · {formatDateTime(x.createdAt)}
                    </div>
                    {x.canWithdraw ? (
                      <Form
                        method="post"
                        className="inline-form"
                        onSubmit={(e) => {
                          if (!window.confirm(`Rút khai báo xung đột lợi ích với sản phẩm ${x.entry?.votingCode ?? ""}? Bạn sẽ chấm sản phẩm này nếu được phân công.`)) e.preventDefault();
                        }}
                      >
                        <input type="hidden" name="intent" value="withdraw" />
                        <input type="hidden" name="roundId" value={c.round.id} />
                        <input type="hidden" name="conflictId" value={x.id} />
                        <button type="submit" className="button secondary">
                          Rút khai báo
                        </button>
                      </Form>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="small muted">Chưa khai báo xung đột nào.</p>
            )}
            {c.open && c.entries.length ? (
              // Keyed by the number of conflicts: after a declaration the form starts empty again.
              <Form method="post" className="form" noValidate key={c.conflicts.length}>
                <input type="hidden" name="roundId" value={c.round.id} />
                <FormErrors errors={errors} />
                <SelectField
                  id={`entry-${c.round.id}`}
                  name="entryId"
                  label="Sản phẩm"
                  required
                  placeholder="— Chọn sản phẩm —"
                  options={c.entries.filter((e) => !taken.has(e.id)).map((e) => ({ value: e.id, label: `${e.votingCode ?? "—"} – ${e.productName} (${e.establishmentName})` }))}
                  defaultValue={values?.entryId ?? ""}
                  errors={errors}
                />
                <Field id={`reason-${c.round.id}`} name="reason" label="Lý do" required defaultValue={values?.reason ?? ""} errors={errors} />
                <SubmitButton>Khai báo</SubmitButton>
              </Form>
            ) : !c.open ? (
              <p className="small muted">Kỳ bình chọn đã công bố kết quả.</p>
            ) : (
              <p className="small muted">Chưa có sản phẩm hợp lệ để chấm.</p>
            )}
          </section>
        );
      })}
    </div>
  );
}
