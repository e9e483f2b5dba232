import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { expectedErrorResponse, readFormData } from "~/lib/action-errors.server";
import { formatDateTime } from "~/lib/dates";
import { clientIp } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { fieldErrors, formToObject } from "~/modules/accounts/accounts";
import { MemberSchema } from "~/modules/producers/producers";
import { addMember, currentEstablishment, listMemberInvitations, listMembers } from "~/modules/producers/producers.server";
import { Field, FormErrors, SubmitButton } from "~/ui/form";
import { metaLocale, pageTitle } from "~/i18n/pages";
import { useProducerT } from "~/i18n/producer";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(metaLocale(matches), "title.members") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "producer");
  const est = currentEstablishment(principal);
  return json({ name: est.name, members: listMembers(principal, est.id), invitations: listMemberInvitations(principal, est.id) });
}

export async function action({ request }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "producer");
  const est = currentEstablishment(principal);
  const values = formToObject(await readFormData(request));
  const parsed = MemberSchema.safeParse(values);
  if (!parsed.success) return json({ ok: false as const, message: "", errors: fieldErrors(parsed.error), values }, { status: 400 });
  let email: string;
  try {
    ({ email } = await addMember(principal, est.id, parsed.data, clientIp(request)));
  } catch (e) {
    return expectedErrorResponse(e, { values });
  }
  // The same answer whether or not the email already has an account.
  return redirect(`/co-so/thanh-vien?da-moi=${encodeURIComponent(email)}`);
}

export default function Members() {
  const { name, members, invitations } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const pt = useProducerT();
  const v = ((data && "values" in data ? data.values : undefined) ?? {}) as Record<string, string>;
  return (
    <div>
      <p className="small">
        <Link to="/co-so">{pt("back")}</Link>
      </p>
      <h1>{pt("members.title", { name })}</h1>
      {params.get("da-moi") ? (
        <div className="alert success" role="status">
          {pt("members.invited", { email: params.get("da-moi") ?? "" })}
        </div>
      ) : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{pt("members.name")}</th>
              <th>Email</th>
              <th>{pt("members.role")}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.userId}>
                <td>{m.fullName}</td>
                <td>{m.email}</td>
                <td>
                  {m.role === "owner" ? pt("members.owner") : pt("members.member")}
                  {!m.hasPassword ? <span className="badge warn">{pt("members.noPassword")}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {invitations.length ? (
        <section>
          <h2>{pt("members.pending")}</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{pt("members.invitedEmail")}</th>
                  <th>{pt("members.sentAt")}</th>
                  <th>{pt("members.validUntil")}</th>
                </tr>
              </thead>
              <tbody>
                {invitations.map((i) => (
                  <tr key={i.id}>
                    <td>{i.email}</td>
                    <td>{formatDateTime(i.createdAt)}</td>
                    <td>{formatDateTime(i.expiresAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      <section className="card">
        <h2>{pt("members.invite")}</h2>
        <p className="small muted">{pt("members.inviteLead")}</p>
        {/* A new key after each invitation sent: the form starts empty for the next one. */}
        <Form method="post" className="form" noValidate key={params.get("da-moi") ?? ""}>
          <FormErrors errors={data?.errors} />
          <Field name="fullName" label={pt("members.inviteName")} hint={pt("members.inviteNameHint")} required defaultValue={v.fullName} errors={data?.errors} />
          <Field name="email" type="email" inputMode="email" label="Email" required defaultValue={v.email} errors={data?.errors} />
          <SubmitButton>{pt("members.send")}</SubmitButton>
        </Form>
      </section>
    </div>
  );
}
