import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { translate, useT } from "~/i18n";
import { getLocale } from "~/lib/locale.server";
import { readFormData } from "~/lib/action-errors.server";
import { PasswordBusyError, startSession } from "~/lib/auth.server";
import { badRequest, clientIp, safeRedirectPath } from "~/lib/http.server";
import { getViewer, loadPrincipal } from "~/lib/permissions.server";
import { homePathFor } from "~/lib/permissions";
import { fieldErrors, formToObject, LogInSchema } from "~/modules/accounts/accounts";
import { checkLogIn, LOCKED_ACCOUNT_MESSAGE } from "~/modules/accounts/accounts.server";
import { audit } from "~/modules/audit/audit.server";
import { db } from "~/lib/db.server";
import { Field, FormErrors, SubmitButton } from "~/ui/form";
import { attemptSucceeded, lockOf, reserveAttempt, tooManyAttempts } from "~/modules/throttle/throttle.server";
import { metaLocale, pageTitle } from "~/i18n/pages";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(metaLocale(matches), "title.login") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  // Already signed in (e.g. a second tab): straight on to where the visitor was going.
  if (viewer) throw redirect(safeRedirectPath(new URL(request.url).searchParams.get("next"), homePathFor(viewer.principal)));
  return json({});
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const values = formToObject(form);
  const parsed = LogInSchema.safeParse(values);
  if (!parsed.success) return badRequest({ errors: fieldErrors(parsed.error), email: values.email ?? "" });
  // Brute-force guard: counted before the password is checked, so a locked-out client costs no argon2.
  const who = { email: parsed.data.email, ip: clientIp(request) };
  const refused = reserveAttempt("login", who);
  if (refused) return tooManyAttempts(refused, { email: parsed.data.email });
  let result: Awaited<ReturnType<typeof checkLogIn>>;
  try {
    result = await checkLogIn(parsed.data.email, parsed.data.password);
  } catch (e) {
    if (!(e instanceof PasswordBusyError)) throw e;
    return json({ errors: { _form: e.message } as Record<string, string>, email: parsed.data.email }, { status: 503, headers: { "Retry-After": "5" } });
  }
  // A locked account is told so only after the right password: a guesser learns nothing.
  if (result && "locked" in result) {
    return json({ errors: { _form: LOCKED_ACCOUNT_MESSAGE } as Record<string, string>, email: parsed.data.email }, { status: 403 });
  }
  const user = result?.user ?? null;
  if (!user) {
    const failed = translate(await getLocale(request), "auth.login.failed");
    const locked = lockOf("login", who);
    if (locked) return tooManyAttempts(locked, { email: parsed.data.email }, failed);
    return json(
      { errors: { _form: failed } as Record<string, string>, email: parsed.data.email },
      { status: 401 },
    );
  }
  attemptSucceeded("login", who);
  audit(db, { actorUserId: user.id, action: "account.log_in", objectType: "user", objectId: user.id, ip: clientIp(request) });
  const cookie = await startSession(user.id);
  const next = safeRedirectPath(form.get("next"), homePathFor(loadPrincipal(user.id, user.isSystemAdmin)));
  return redirect(next, { headers: { "Set-Cookie": cookie } });
}

export default function LogIn() {
  const t = useT();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="auth-box">
      <h1>{t("auth.login.title")}</h1>
      {params.get("reset") === "1" ? <div className="alert success">{t("auth.reset.done")}</div> : null}
      <div className="card">
        <Form method="post" className="form" noValidate>
          <FormErrors errors={data?.errors} />
          <input type="hidden" name="next" value={params.get("next") ?? ""} />
          <Field name="email" type="email" label={t("auth.email")} autoComplete="email" inputMode="email" required defaultValue={data?.email} errors={data?.errors} />
          <Field name="password" type="password" label={t("auth.password")} autoComplete="current-password" required errors={data?.errors} />
          <SubmitButton className="button block">{t("auth.login.submit")}</SubmitButton>
        </Form>
        <p className="small">
          <Link to="/quen-mat-khau">{t("auth.login.forgot")}</Link>
        </p>
      </div>
      <p>
        {t("auth.login.noAccount")} <Link to={params.get("next") ? `/dang-ky?next=${encodeURIComponent(params.get("next")!)}` : "/dang-ky"}>{t("nav.signup")}</Link>
      </p>
    </div>
  );
}
