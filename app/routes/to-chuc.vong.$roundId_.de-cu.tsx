import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { expectedErrorResponse, readFormData } from "~/lib/action-errors.server";
import { formatDate } from "~/lib/dates";
import { idParam } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { nominate, promotionPage } from "~/modules/promotion/promotion.server";
import { SubmitButton } from "~/ui/form";
import { LEVEL_LABELS } from "~/ui/labels";
import { RoundNav } from "~/ui/RoundNav";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Đề cử - ${data?.round.title ?? ""}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  return json(promotionPage(principal, idParam(params.roundId, "kỳ bình chọn")));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  const roundId = idParam(params.roundId, "kỳ bình chọn");
  promotionPage(principal, roundId);
  const form = await readFormData(request);
  const entryId = Number(form.get("entryId"));
  const targetRoundId = Number(form.get("targetRoundId"));
  if (!Number.isInteger(entryId) || !Number.isInteger(targetRoundId) || targetRoundId <= 0) {
    return json({ ok: false as const, entryId, message: "Vui lòng chọn kỳ bình chọn cấp trên.", errors: {} as Record<string, string> }, { status: 400 });
  }
  try {
    await nominate(principal, entryId, targetRoundId);
  } catch (e) {
    return expectedErrorResponse(e, { entryId });
  }
  return redirect(`/to-chuc/vong/${roundId}/de-cu?da-de-cu=1`);
}

export default function Promotion() {
  const d = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div>
      <p className="small">
        <Link to="/to-chuc">← Các kỳ bình chọn</Link>
      </p>
      <h1>{d.round.title}</h1>
      <RoundNav roundId={d.round.id} status={d.round.status} canManage={d.canManage} />
      {params.get("da-de-cu") ? <div className="alert success">Đã đề cử. Cơ sở được thông báo để xác nhận và bổ sung hồ sơ.</div> : null}

      {d.round.status === "published" ? (
        <section className="card">
          <h2>Đề cử sản phẩm lên cấp trên</h2>
          {d.targets.length === 0 ? <p className="muted">Hiện chưa có kỳ bình chọn cấp trên nào đang nhận đề cử từ địa bàn này.</p> : null}
          {d.own.length ? (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Sản phẩm</th>
                    <th>Hiệu lực công nhận</th>
                    <th>Đề cử</th>
                  </tr>
                </thead>
                <tbody>
                  {d.own.map((e) => (
                    <tr key={e.id}>
                      <td>
                        {e.productName}
                        <div className="small muted">{e.establishment}</div>
                      </td>
                      <td className="small">
                        {e.validity.valid ? <span className="badge ok">Còn hiệu lực</span> : <span className="badge bad">{e.validity.reason}</span>}
                        <div>đến {formatDate(e.validity.validUntil)}</div>
                      </td>
                      <td>
                        {e.nominations.length ? (
                          e.nominations.map((n) => (
                            <div key={n.id} className="small">
                              Đã đề cử vào {n.roundTitle}
                            </div>
                          ))
                        ) : e.validity.valid && d.canManage && d.targets.length ? (
                          <Form method="post" className="inline-fields">
                            <input type="hidden" name="entryId" value={e.id} />
                            <select name="targetRoundId" aria-label={`Kỳ cấp trên cho ${e.productName}`} defaultValue={d.targets[0]?.id}>
                              {d.targets.map((t) => (
                                <option key={t.id} value={t.id}>
                                  {t.title}
                                </option>
                              ))}
                            </select>
                            <SubmitButton className="button secondary">Đề cử</SubmitButton>
                          </Form>
                        ) : (
                          "—"
                        )}
                        {data && !data.ok && data.entryId === e.id ? <div className="field-error">{data.message}</div> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="muted">Kỳ bình chọn không có sản phẩm được công nhận.</p>
          )}
        </section>
      ) : null}

      {d.candidates.length ? (
        <section className="card">
          <h2>Sản phẩm được công nhận ở cấp dưới ({LEVEL_LABELS[d.round.level]} nhận đề cử)</h2>
          <p className="small muted">Cơ quan tổ chức cấp dưới chọn và đề cử; sản phẩm đã được đề cử xuất hiện trong danh sách hồ sơ của kỳ này.</p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Sản phẩm</th>
                  <th>Kỳ cấp dưới</th>
                  <th>Hiệu lực</th>
                  <th>Đề cử</th>
                </tr>
              </thead>
              <tbody>
                {d.candidates.map((c) => (
                  <tr key={c.id}>
                    <td>
                      {c.productName}
                      <div className="small muted">{c.establishment}</div>
                    </td>
                    <td className="small">{c.roundTitle}</td>
                    <td className="small">{c.validity.valid ? `Đến ${formatDate(c.validity.validUntil)}` : c.validity.reason}</td>
                    <td>{c.nominated ? <span className="badge ok">Đã đề cử</span> : <span className="badge">Chưa</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : d.round.status !== "published" ? (
        <p className="card muted">Chưa có sản phẩm nào được công nhận ở cấp dưới trên địa bàn.</p>
      ) : null}
    </div>
  );
}
