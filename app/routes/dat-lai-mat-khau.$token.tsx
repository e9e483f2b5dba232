import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { readFormData } from "~/lib/action-errors.server";
import { useT } from "~/i18n";
import { useMessage } from "~/i18n/messages";
import { badRequest, clientIp } from "~/lib/http.server";
import { fieldErrors, formToObject, ResetPasswordSchema } from "~/modules/accounts/accounts";
import { AccountError, checkResetToken, resetPassword } from "~/modules/accounts/accounts.server";
import { attemptSucceeded, lockOf, reserveAttempt, tooManyAttempts } from "~/modules/throttle/throttle.server";
import { Field, FormErrors, SubmitButton } from "~/ui/form";
import { metaLocale, pageTitle } from "~/i18n/pages";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(metaLocale(matches), "title.reset") }, { name: "robots", content: "noindex" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const found = checkResetToken(params.token ?? "");
  // An invalid link is a normal case: a page that says so and offers a new link (410 Gone).
  return json({ valid: !!found, email: found?.email ?? null }, { status: found ? 200 : 410 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const values = formToObject(await readFormData(request));
  const parsed = ResetPasswordSchema.safeParse(values);
  if (!parsed.success) return badRequest({ errors: fieldErrors(parsed.error) });
  const token = params.token ?? "";
  // Brute-force guard before any hashing: dead links count against the address.
  const who = { email: checkResetToken(token)?.email ?? null, ip: clientIp(request) };
  const refused = reserveAttempt("reset", who);
  if (refused) return tooManyAttempts(refused, {});
  try {
    await resetPassword(token, parsed.data.password);
  } catch (e) {
    if (e instanceof AccountError) {
      const locked = lockOf("reset", who);
      if (locked) return tooManyAttempts(locked, {}, e.message);
      return json({ errors: { [e.field]: e.message } as Record<string, string> }, { status: 410 });
    }
    throw e;
  }
  attemptSucceeded("reset", who);
  return redirect("/dang-nhap?reset=1");
}

export default function ResetPassword() {
  const t = useT();
  const msg = useMessage();
  const { valid, email } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <div className="auth-box">
      <h1>{t("auth.reset.title")}</h1>
      {valid ? (
        <div className="card">
          <p className="muted">{email}</p>
          <Form method="post" className="form" noValidate>
            <FormErrors errors={data?.errors} />
            <Field name="password" type="password" label={t("account.newPassword")} hint={t("auth.passwordHint")} required errors={data?.errors} autoComplete="new-password" />
            <Field name="passwordConfirm" type="password" label={t("account.newPasswordConfirm")} required errors={data?.errors} autoComplete="new-password" />
            <SubmitButton className="button block">{t("auth.reset.submit")}</SubmitButton>
          </Form>
        </div>
      ) : (
        <div className="alert error">
          {data && "retryAt" in data ? <p>{msg(data.errors._form)}</p> : null}
          {t("auth.reset.invalid")} <Link to="/quen-mat-khau">{t("auth.reset.again")}</Link>
        </div>
      )}
    </div>
  );
}
