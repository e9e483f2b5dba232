import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Fragment } from "react";
import { z } from "zod";
import { expectedErrorResponse, readFormData } from "~/lib/action-errors.server";
import { idParam } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { formToObject } from "~/modules/accounts/accounts";
import { criteriaPage, saveCriteria } from "~/modules/rounds/criteria.server";
import { RoundError } from "~/modules/rounds/rounds.server";
import { SubmitButton } from "~/ui/form";
import { RoundNav } from "~/ui/RoundNav";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Phiếu chấm - ${data?.round.title ?? ""}` }];

const Group = z.coerce.number().int().min(1).max(4).nullable().catch(null);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  const nhom = new URL(request.url).searchParams.get("nhom");
  return json(criteriaPage(principal, idParam(params.roundId, "kỳ bình chọn"), nhom ? Group.parse(nhom) : null));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  const roundId = idParam(params.roundId, "kỳ bình chọn");
  const nhom = new URL(request.url).searchParams.get("nhom");
  const groupId = nhom ? Group.parse(nhom) : null;
  criteriaPage(principal, roundId, groupId);
  const f = formToObject(await readFormData(request));
  const mode = z.enum(["groups", "split", "inherit"]).safeParse(f.mode);
  if (!mode.success) return json({ ok: false as const, message: "Chọn cách chấm.", errors: {} as Record<string, string>, values: f }, { status: 400 });
  try {
    saveCriteria(principal, roundId, groupId, mode.data, f);
  } catch (e) {
    if (e instanceof RoundError && (e as RoundError & { fieldErrors?: Record<string, string> }).fieldErrors) {
      return json({ ok: false as const, message: e.message, errors: (e as RoundError & { fieldErrors: Record<string, string> }).fieldErrors, values: f }, { status: e.status });
    }
    return expectedErrorResponse(e, { values: f });
  }
  return redirect(`/to-chuc/vong/${roundId}/phieu-cham${groupId ? `?nhom=${groupId}` : ""}${groupId ? "&" : "?"}da-luu=1`);
}

const fmt = (t: number) => String(t / 10).replace(".", ",");

export default function CriteriaPage() {
  const d = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = (data && !data.ok ? data.errors : {}) as Record<string, string>;
  const typed = (data?.values ?? {}) as Record<string, string>;
  const current = new Map(d.sheet.tree.flatMap((g) => g.children.map((c) => [c.code, c.maxTenths] as const)));
  const q = d.groupId ? `?nhom=${d.groupId}` : "";
  return (
    <div>
      <p className="small">
        <Link to="/to-chuc">← Các kỳ bình chọn</Link>
      </p>
      <h1>{d.round.title}</h1>
      <RoundNav roundId={d.round.id} status={d.round.status} canManage />
      <h2>Phiếu chấm điểm</h2>
      <nav className="row small" aria-label="Phạm vi áp dụng">
        <Link to="." className={d.groupId == null ? "badge info" : "badge"}>
          Mọi nhóm sản phẩm
        </Link>
        {d.productGroups.map((g) => (
          <Link key={g.id} to={`?nhom=${g.id}`} className={d.groupId === g.id ? "badge info" : "badge"}>
            Nhóm {g.id}
            {g.own ? " (riêng)" : ""}
          </Link>
        ))}
      </nav>
      {params.get("da-luu") ? <div className="alert success">Đã lưu phiếu chấm.</div> : null}
      {data && !data.ok && data.message ? <div className="alert error">{data.message}</div> : null}
      <p className="small muted">
        Đang dùng: {d.sheet.name}. Quy định chỉ cố định 4 nhóm tiêu chí (40/40/10/10); Ban giám khảo có thể chia điểm cho từng tiêu chí con, chung cho mọi nhóm sản phẩm hoặc riêng từng nhóm.
      </p>
      {d.frozen ? (
        <div className="alert info">Đã bắt đầu chấm điểm: phiếu chấm được giữ nguyên.</div>
      ) : (
        <Form method="post" action={q} className="card form" style={{ maxWidth: 760 }}>
          <fieldset>
            <legend>Cách chấm</legend>
            <label style={{ display: "block" }}>
              <input type="radio" name="mode" value="groups" defaultChecked={!d.sheet.scoreSubCriteria} /> Chấm theo 4 nhóm tiêu chí
            </label>
            <label style={{ display: "block" }}>
              <input type="radio" name="mode" value="split" defaultChecked={d.sheet.scoreSubCriteria} /> Chấm theo tiêu chí con với điểm tối đa dưới đây
            </label>
            {d.groupId ? (
              <label style={{ display: "block" }}>
                <input type="radio" name="mode" value="inherit" /> Dùng phiếu chung của kỳ bình chọn
              </label>
            ) : null}
          </fieldset>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Tiêu chí</th>
                  <th className="num">Điểm tối đa</th>
                </tr>
              </thead>
              <tbody>
                {d.officialTree.map((g) => (
                  <Fragment key={g.code}>
                    <tr className="group-row">
                      <td>
                        <strong>{g.code}.</strong> {g.name}
                        {errors[`g_${g.code}`] ? <div className="field-error">{errors[`g_${g.code}`]}</div> : null}
                      </td>
                      <td className="num">
                        <strong>{fmt(g.maxTenths)}</strong>
                      </td>
                    </tr>
                    {g.children.map((c) => (
                      <tr key={c.code} className="sub-row">
                        <td>
                          {c.code}. {c.name}
                          {errors[`p_${c.code}`] ? <div className="field-error">{errors[`p_${c.code}`]}</div> : null}
                        </td>
                        <td className="num">
                          <input className="points" name={`p_${c.code}`} inputMode="decimal" aria-label={`Điểm tối đa tiêu chí ${c.code}`} defaultValue={typed[`p_${c.code}`] ?? fmt(current.get(c.code) ?? c.maxTenths)} />
                        </td>
                      </tr>
                    ))}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
          <SubmitButton>Lưu phiếu chấm</SubmitButton>
        </Form>
      )}
    </div>
  );
}
