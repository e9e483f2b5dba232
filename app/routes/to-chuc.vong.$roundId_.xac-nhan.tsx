/**
 * The confirm page of a one-way action on a round (?hanh-dong=…): what it will do, with numbers,
 * and a form that posts it with a confirmation token. Without JavaScript the action's button
 * leads here; with JavaScript the same loader feeds the dialog (app/ui/ConfirmAction.tsx).
 * Only those who may do the action see it: another territory's organizer 404, other roles 403.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate, parseVnDate } from "~/lib/dates";
import { idParam, notFound } from "~/lib/http.server";
import { requireViewer } from "~/lib/permissions.server";
import { confirmationFor, isGuardedAction } from "~/modules/rounds/consequences.server";
import { ConfirmBackLink, ConfirmBody, type ConfirmData } from "~/ui/ConfirmAction";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.consequence.title ?? "Xác nhận"} - ${data?.consequence.roundTitle ?? ""}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireViewer(request);
  const roundId = idParam(params.roundId, "kỳ bình chọn");
  const url = new URL(request.url);
  const action = url.searchParams.get("hanh-dong");
  if (!isGuardedAction(action)) notFound("Không có thao tác cần xác nhận này.");
  const { consequence, token } = confirmationFor(principal, roundId, action);
  const { state: _state, roundVersion: _version, passThrough, ...shown } = consequence;
  const values: Record<string, string> = {};
  for (const k of passThrough) {
    const v = url.searchParams.get(k);
    if (v != null) values[k] = v.slice(0, 1000);
  }
  // The date the person chose is restated (the action checks it).
  const issuedOn = action === "cap-giay-chung-nhan" ? parseVnDate(values.issuedOn) : null;
  if (issuedOn) shown.lines = [...shown.lines, `Ngày cấp ghi trên giấy: ${formatDate(issuedOn)}.`];
  return json({ consequence: shown, token, values } satisfies ConfirmData, { headers: { "Cache-Control": "private, no-store" } });
}

export default function ConfirmPage() {
  const data = useLoaderData<typeof loader>() as ConfirmData;
  const c = data.consequence;
  return (
    <div className="confirm-page">
      <p className="small">
        <Link to={c.back}>← {c.roundTitle}</Link>
      </p>
      <section className="card" aria-labelledby="confirm-page-title" aria-describedby="confirm-page-text">
        <ConfirmBody data={data} idPrefix="confirm-page" cancel={<ConfirmBackLink to={c.back} />} />
      </section>
    </div>
  );
}
