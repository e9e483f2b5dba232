import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { readFormData } from "~/lib/action-errors.server";
import { startSession } from "~/lib/auth.server";
import { formatDateTime } from "~/lib/dates";
import { badRequest, clientIp } from "~/lib/http.server";
import { getViewer, requireViewer } from "~/lib/permissions.server";
import { normaliseEmail } from "~/lib/text";
import { fieldErrors, formToObject } from "~/modules/accounts/accounts";
import { AcceptNewAccountSchema } from "~/modules/invitations/invitations";
import { acceptAsUser, acceptWithNewAccount, describeInvitation, InvitationError } from "~/modules/invitations/invitations.server";
import { attemptSucceeded, lockOf, reserveAttempt, tooManyAttempts, type Who } from "~/modules/throttle/throttle.server";
import { Field, FormErrors, SubmitButton } from "~/ui/form";
import { useLocale } from "~/i18n";
import { useMessage } from "~/i18n/messages";
import { metaLocale, pageText } from "~/i18n/pages";
import { invitationRole, invitationTitle, profileText, profileVi, useProfileT } from "~/i18n/profile";

export const meta: MetaFunction = ({ matches }) => {
  const locale = metaLocale(matches);
  return [{ title: `${profileText(locale, "title.invitation")} - ${pageText(locale, "site.suffix")}` }, { name: "robots", content: "noindex" }];
};

// The token is a secret: never send it on as a Referer, never cache the page.
const HEADERS = { "Referrer-Policy": "no-referrer", "Cache-Control": "private, no-store" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const inv = describeInvitation(params.token ?? "");
  const viewer = await getViewer(request);
  const viewerEmail = viewer?.user.email ?? null;
  const self = new URL(request.url).pathname;
  if (inv.state !== "valid") {
    // An unusable link is a normal case: a page that says why (410 Gone, 404 for an unknown link).
    return json({ inv, viewerEmail, self, sameEmail: false }, { status: inv.state === "unknown" ? 404 : 410, headers: HEADERS });
  }
  return json({ inv, viewerEmail, self, sameEmail: !!viewerEmail && normaliseEmail(viewerEmail) === inv.email }, { headers: HEADERS });
}

type ActionData = { errors: Record<string, string>; values?: { fullName: string } };

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const form = await readFormData(request);
  const values = formToObject(form);
  const kept = { fullName: values.fullName ?? "" };
  // Brute-force guard: refusals (dead links, another account) count per account and per address;
  // checked before any password hashing.
  let who: Who | null = null;
  try {
    if (values.intent === "accept") {
      const viewer = await requireViewer(request);
      who = { email: viewer.user.email, ip: clientIp(request) };
      const refused = reserveAttempt("invitation", who);
      if (refused) return tooManyAttempts(refused, { values: kept }, undefined, HEADERS);
      const { home } = acceptAsUser(token, viewer.user.id);
      attemptSucceeded("invitation", who);
      return redirect(home, { headers: HEADERS });
    }
    if (values.intent === "create") {
      const parsed = AcceptNewAccountSchema.safeParse(values);
      if (!parsed.success) return badRequest<ActionData>({ errors: fieldErrors(parsed.error), values: kept });
      const inv = describeInvitation(token);
      who = { email: "email" in inv ? inv.email : null, ip: clientIp(request) };
      const refused = reserveAttempt("invitation", who);
      if (refused) return tooManyAttempts(refused, { values: kept }, undefined, HEADERS);
      const { userId, home } = await acceptWithNewAccount(token, parsed.data);
      attemptSucceeded("invitation", who);
      const cookie = await startSession(userId);
      return redirect(home, { headers: { ...HEADERS, "Set-Cookie": cookie } });
    }
    return badRequest<ActionData>({ errors: { _form: profileVi["inv.badIntent"] } });
  } catch (e) {
    if (e instanceof InvitationError) {
      const locked = who ? lockOf("invitation", who) : null;
      if (locked) return tooManyAttempts(locked, { values: kept }, e.message, HEADERS);
      return json<ActionData>({ errors: { [e.field]: e.message }, values: kept }, { status: e.status, headers: HEADERS });
    }
    throw e;
  }
}

export default function AcceptInvitation() {
  const { inv, viewerEmail, self, sameEmail } = useLoaderData<typeof loader>();
  const sent = useActionData<typeof action>() as ActionData | undefined;
  const locale = useLocale();
  const t = useProfileT();
  const msg = useMessage();
  // Module messages (validation, refusals, throttling) in the reader's language.
  const data = sent && { ...sent, errors: Object.fromEntries(Object.entries(sent.errors ?? {}).map(([k, e]) => [k, msg(e)])) as Record<string, string> };
  if (inv.state !== "valid" || !("email" in inv)) {
    return (
      <div className="auth-box">
        <h1>{t("inv.unusable")}</h1>
        <div className="alert error">
          {inv.state === "used" ? t("inv.used") : inv.state === "expired" ? t("inv.expired") : t("inv.unknown")}
        </div>
        <p>
          <Link to="/dang-nhap">{t("inv.login")}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="auth-box invitation">
      <h1>{t("inv.heading")}</h1>
      <div className="card">
        {inv.kind === "member" ? (
          <>
            <p>
              {t("inv.memberBefore")} <strong>{invitationTitle(locale, inv.title)}</strong>{" "}
              {t("inv.memberAfter", { detail: locale === "en" ? t("inv.memberDetail") : (inv.detail ?? t("inv.memberDetail")) })}
            </p>
            <p className="small">
              {t("inv.memberNote")}
            </p>
          </>
        ) : (
          <p>
            {t("inv.seatBefore")} <strong>{invitationRole(locale, inv.role)}</strong> – <strong>{invitationTitle(locale, inv.title)}</strong>
            {inv.detail ? <> ({inv.detail})</> : null}.
          </p>
        )}
        <dl className="facts small">
          <dt>{t("inv.email")}</dt>
          <dd>{inv.email}</dd>
          {inv.invitedBy ? (
            <>
              <dt>{t("inv.invitedBy")}</dt>
              <dd>{inv.invitedBy}</dd>
            </>
          ) : null}
          <dt>{t("inv.validUntil")}</dt>
          <dd>{formatDateTime(inv.expiresAt)}</dd>
        </dl>
      </div>
      <FormErrors errors={data?.errors} />
      {viewerEmail ? (
        sameEmail ? (
          <div className="card">
            <p>{t("inv.loggedInAs", { email: viewerEmail })}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="accept" />
              <SubmitButton className="button block">{t("inv.accept")}</SubmitButton>
            </Form>
          </div>
        ) : (
          <div className="alert error">
            {t("inv.otherAccount", { viewer: viewerEmail, email: inv.email })}
            <Form method="post" action="/dang-xuat" className="inline-form">
              {" "}
              <button type="submit" className="link-button">
                {t("inv.logout")}
              </button>
            </Form>
          </div>
        )
      ) : inv.accountExists ? (
        <div className="card">
          <p>{t("inv.accountExists", { email: inv.email })}</p>
          <Link className="button block" to={`/dang-nhap?next=${encodeURIComponent(self)}`}>
            {t("inv.loginToAccept")}
          </Link>
        </div>
      ) : (
        <div className="card">
          <h2>{t("inv.createAccount")}</h2>
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="create" />
            <Field name="email" label="Email" value={inv.email} readOnly disabled />
            <Field name="fullName" label={t("inv.fullName")} required autoComplete="name" defaultValue={data?.values?.fullName ?? inv.suggestedName} errors={data?.errors} />
            <Field name="password" type="password" label={t("inv.password")} hint={t("inv.passwordHint")} required autoComplete="new-password" errors={data?.errors} />
            <Field name="passwordConfirm" type="password" label={t("inv.passwordConfirm")} required autoComplete="new-password" errors={data?.errors} />
            <SubmitButton className="button block">{t("inv.createAndAccept")}</SubmitButton>
          </Form>
        </div>
      )}
    </div>
  );
}
