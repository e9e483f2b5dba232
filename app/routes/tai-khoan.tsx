import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { readFormData } from "~/lib/action-errors.server";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useT, type MessageKey } from "~/i18n";
import { startSession } from "~/lib/auth.server";
import { badRequest } from "~/lib/http.server";
import { requireViewer } from "~/lib/permissions.server";
import { rolesOf } from "~/lib/permissions";
import { ChangePasswordSchema, fieldErrors, formToObject } from "~/modules/accounts/accounts";
import { AccountError, changePassword } from "~/modules/accounts/accounts.server";
import { Field, FormErrors, SubmitButton } from "~/ui/form";
import { metaLocale, pageTitle } from "~/i18n/pages";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(metaLocale(matches), "title.account") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, principal } = await requireViewer(request);
  return json({ user: { fullName: user.fullName, email: user.email }, roles: rolesOf(principal) });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireViewer(request);
  const values = formToObject(await readFormData(request));
  const parsed = ChangePasswordSchema.safeParse(values);
  if (!parsed.success) return badRequest({ errors: fieldErrors(parsed.error), changed: false });
  try {
    await changePassword(user.id, parsed.data.currentPassword, parsed.data.newPassword);
  } catch (e) {
    if (e instanceof AccountError) return badRequest({ errors: { [e.field]: e.message } as Record<string, string>, changed: false });
    throw e;
  }
  // Every session was ended; this one starts afresh so the user stays signed in here.
  return json({ errors: {} as Record<string, string>, changed: true }, { headers: { "Set-Cookie": await startSession(user.id) } });
}

export default function Account() {
  const t = useT();
  const { user, roles } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <div className="stack">
      <h1>{t("account.title")}</h1>
      <div className="card">
        <dl className="facts">
          <dt>{t("auth.fullName")}</dt>
          <dd>{user.fullName}</dd>
          <dt>{t("auth.email")}</dt>
          <dd>{user.email}</dd>
          <dt>{t("account.roles")}</dt>
          <dd>{roles.length ? roles.map((r) => t(`role.${r}` as MessageKey)).join(", ") : t("common.none")}</dd>
        </dl>
      </div>
      <div className="card">
        <h2>{t("account.changePassword")}</h2>
        {data?.changed ? (
          <div className="alert success" role="status">
            {t("account.changed")}
          </div>
        ) : null}
        <Form method="post" className="form" noValidate key={data?.changed ? "done" : "form"}>
          <FormErrors errors={data?.errors} />
          <Field name="currentPassword" type="password" label={t("account.currentPassword")} required errors={data?.errors} autoComplete="current-password" />
          <Field name="newPassword" type="password" label={t("account.newPassword")} hint={t("auth.passwordHint")} required errors={data?.errors} autoComplete="new-password" />
          <Field name="newPasswordConfirm" type="password" label={t("account.newPasswordConfirm")} required errors={data?.errors} autoComplete="new-password" />
          <SubmitButton>{t("account.save")}</SubmitButton>
        </Form>
      </div>
    </div>
  );
}
