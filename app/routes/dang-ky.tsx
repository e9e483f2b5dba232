import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { readFormData } from "~/lib/action-errors.server";
import { LEGAL_TYPES } from "~db/schema";
import { useT } from "~/i18n";
import { startSession } from "~/lib/auth.server";
import { badRequest, clientIp, safeRedirectPath } from "~/lib/http.server";
import { getViewer } from "~/lib/permissions.server";
import { homePathFor } from "~/lib/permissions";
import { fieldErrors, formToObject, SignUpSchema } from "~/modules/accounts/accounts";
import { AccountError, signUpProducer } from "~/modules/accounts/accounts.server";
import { reserveAttempt, tooManyAttempts } from "~/modules/throttle/throttle.server";
import { listProvinces } from "~/modules/units/units.server";
import { Field, FormErrors, SelectField, SubmitButton } from "~/ui/form";
import { metaLocale, pageTitle } from "~/i18n/pages";
import { useProducerT } from "~/i18n/producer";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(metaLocale(matches), "title.signup") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  if (viewer) throw redirect(safeRedirectPath(new URL(request.url).searchParams.get("next"), homePathFor(viewer.principal)));
  return json({ provinces: listProvinces().map((p) => ({ value: p.id, label: `${p.kind} ${p.name}` })) });
}

export async function action({ request }: ActionFunctionArgs) {
  const values = formToObject(await readFormData(request));
  const { password: _p, passwordConfirm: _c, next: _n, ...kept } = values;
  const parsed = SignUpSchema.safeParse(values);
  if (!parsed.success) return badRequest({ errors: fieldErrors(parsed.error), values: kept });
  // Each sign-up costs an argon2 hash: counted per email and per address before any hashing.
  const ip = clientIp(request);
  const refused = reserveAttempt("signup", { email: parsed.data.email, ip });
  if (refused) return tooManyAttempts(refused, { values: kept });
  try {
    const { userId } = await signUpProducer(parsed.data, ip);
    // Back to where the visitor was going (e.g. a round's registration from the home page), a path of this site only.
    const next = safeRedirectPath(values.next, "/co-so?welcome=1");
    return redirect(next, { headers: { "Set-Cookie": await startSession(userId) } });
  } catch (e) {
    if (e instanceof AccountError) {
      return json({ errors: { [e.field]: e.message } as Record<string, string>, values: kept }, { status: e.field === "email" ? 409 : 400 });
    }
    throw e;
  }
}

export default function SignUp() {
  const t = useT();
  const pt = useProducerT();
  const { provinces } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const next = params.get("next") ?? "";
  const v = (data?.values ?? {}) as Record<string, string>;
  const errors = data?.errors;
  return (
    <div className="auth-box">
      <h1>{t("auth.signup.title")}</h1>
      <p className="lead">{t("auth.signup.lead")}</p>
      <Form method="post" className="form" noValidate>
        <FormErrors errors={errors} />
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <fieldset>
          <legend>{t("auth.signup.establishment")}</legend>
          <Field name="establishmentName" label={t("auth.establishmentName")} hint={t("auth.establishmentNameHint")} required defaultValue={v.establishmentName} errors={errors} autoComplete="organization" />
          <SelectField
            name="legalType"
            label={t("auth.legalType")}
            required
            placeholder={t("auth.choose")}
            defaultValue={v.legalType ?? ""}
            errors={errors}
            options={LEGAL_TYPES.map((l) => ({ value: l, label: pt(`legal.${l}`) }))}
          />
          <SelectField name="provinceId" label={t("auth.province")} required placeholder={t("auth.choose")} defaultValue={v.provinceId ?? ""} errors={errors} options={provinces} />
        </fieldset>
        <fieldset>
          <legend>{t("auth.signup.person")}</legend>
          <Field name="fullName" label={t("auth.fullName")} required defaultValue={v.fullName} errors={errors} autoComplete="name" />
          <Field name="email" type="email" inputMode="email" label={t("auth.email")} required defaultValue={v.email} errors={errors} autoComplete="email" />
          <Field name="phone" type="tel" inputMode="tel" label={t("auth.phone")} hint={t("auth.phoneHint")} defaultValue={v.phone} errors={errors} autoComplete="tel" />
          <Field name="password" type="password" label={t("auth.password")} hint={t("auth.passwordHint")} required errors={errors} autoComplete="new-password" />
          <Field name="passwordConfirm" type="password" label={t("auth.passwordConfirm")} required errors={errors} autoComplete="new-password" />
        </fieldset>
        <SubmitButton className="button block">{t("auth.signup.submit")}</SubmitButton>
      </Form>
      <p>
        {t("auth.signup.hasAccount")} <Link to={next ? `/dang-nhap?next=${encodeURIComponent(next)}` : "/dang-nhap"}>{t("nav.login")}</Link>
      </p>
    </div>
  );
}
