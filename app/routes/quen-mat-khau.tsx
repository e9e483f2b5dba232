import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { readFormData } from "~/lib/action-errors.server";
import { useT } from "~/i18n";
import { badRequest, clientIp } from "~/lib/http.server";
import { fieldErrors, ForgotPasswordSchema, formToObject } from "~/modules/accounts/accounts";
import { requestPasswordReset } from "~/modules/accounts/accounts.server";
import { reserveAttempt, tooManyAttempts } from "~/modules/throttle/throttle.server";
import { Field, FormErrors, SubmitButton } from "~/ui/form";
import { metaLocale, pageTitle } from "~/i18n/pages";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(metaLocale(matches), "title.forgot") }];

export async function action({ request }: ActionFunctionArgs) {
  const values = formToObject(await readFormData(request));
  const parsed = ForgotPasswordSchema.safeParse(values);
  if (!parsed.success) return badRequest({ errors: fieldErrors(parsed.error), email: values.email ?? "", sent: false });
  // At most a few mails per account and requests per address. An account over its quota gets the
  // usual answer and no mail, so the answer still does not tell whether the account exists.
  const refused = reserveAttempt("resetRequest", { email: parsed.data.email, ip: clientIp(request) });
  if (refused?.scope === "address") return tooManyAttempts(refused, { email: parsed.data.email, sent: false });
  if (!refused) await requestPasswordReset(parsed.data.email);
  // The same answer whether or not the email has an account.
  return json({ errors: {} as Record<string, string>, email: parsed.data.email, sent: true });
}

export default function ForgotPassword() {
  const t = useT();
  const data = useActionData<typeof action>();
  return (
    <div className="auth-box">
      <h1>{t("auth.forgot.title")}</h1>
      {data?.sent ? (
        <div className="alert success" role="status">
          {t("auth.forgot.sent")}
        </div>
      ) : (
        <div className="card">
          <p>{t("auth.forgot.lead")}</p>
          <Form method="post" className="form" noValidate>
            <FormErrors errors={data?.errors} />
            <Field name="email" type="email" inputMode="email" label={t("auth.email")} required defaultValue={data?.email} errors={data?.errors} autoComplete="email" />
            <SubmitButton className="button block">{t("auth.forgot.submit")}</SubmitButton>
          </Form>
        </div>
      )}
    </div>
  );
}
