import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { readFormData } from "~/lib/action-errors.server";
import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { LEGAL_TYPES } from "~db/schema";
import { badRequest } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { fieldErrors, formToObject, LEGAL_TYPE_LABELS } from "~/modules/accounts/accounts";
import { EstablishmentSchema } from "~/modules/producers/producers";
import { currentEstablishment, ProducerError, updateEstablishment } from "~/modules/producers/producers.server";
import { communeOptions, listProvinces } from "~/modules/units/units.server";
import { Field, FormErrors, SelectField, SubmitButton } from "~/ui/form";
import { useLocale } from "~/i18n";
import { useMessage } from "~/i18n/messages";
import { metaLocale, pageText } from "~/i18n/pages";
import { producerText } from "~/i18n/producer";
import { profileText, useProfileT } from "~/i18n/profile";

export const meta: MetaFunction = ({ matches }) => {
  const locale = metaLocale(matches);
  return [{ title: `${profileText(locale, "title.profile")} - ${pageText(locale, "site.suffix")}` }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "producer");
  const est = currentEstablishment(principal);
  // Without JavaScript, "?tinh=" reloads the commune list for another province.
  const sp = new URL(request.url).searchParams;
  const wanted = Number(sp.get("tinh") ?? sp.get("provinceId"));
  const provinces = listProvinces();
  const provinceId = provinces.some((p) => p.id === wanted) ? wanted : est.provinceId;
  return json({
    est,
    provinceId,
    provinces: provinces.map((p) => ({ value: p.id, label: `${p.kind} ${p.name}` })),
    communes: provinceId ? communeOptions(provinceId) : [],
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "producer");
  const est = currentEstablishment(principal);
  const values = formToObject(await readFormData(request));
  const parsed = EstablishmentSchema.safeParse(values);
  if (!parsed.success) return badRequest({ errors: fieldErrors(parsed.error), values });
  try {
    updateEstablishment(principal, est.id, parsed.data);
  } catch (e) {
    if (e instanceof ProducerError) return json({ errors: { [e.field]: e.message } as Record<string, string>, values }, { status: e.status });
    throw e;
  }
  return redirect("/co-so?da-luu=thong-tin");
}

export default function EstablishmentProfile() {
  const { est, provinces, communes, provinceId } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const v = (data?.values ?? {}) as Record<string, string>;
  const msg = useMessage();
  // Module messages (validation, refusals) in the reader's language.
  const errors = data?.errors ? (Object.fromEntries(Object.entries(data.errors).map(([k, e]) => [k, msg(e)])) as Record<string, string>) : undefined;
  const [province, setProvince] = useState(String(v.provinceId ?? provinceId ?? ""));
  const fetcher = useFetcher<{ units: { id: number; label: string }[] }>();
  useEffect(() => {
    if (province && province !== String(provinceId)) fetcher.load(`/api/don-vi?cha=${province}`);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [province]);
  const communeList = province !== String(provinceId) && fetcher.data ? fetcher.data.units : communes;
  const locale = useLocale();
  const t = useProfileT();
  const val = (k: keyof typeof est) => v[k as string] ?? (est[k] == null ? "" : String(est[k]));
  return (
    <div>
      <p className="small">
        <Link to="/co-so">{t("profile.back")}</Link>
      </p>
      <h1>{t("profile.heading")}</h1>
      <p className="muted">{t("profile.lead")}</p>
      <Form method="post" className="form" noValidate>
        <FormErrors errors={errors} />
        <fieldset>
          <legend>{t("profile.establishment")}</legend>
          <Field name="name" label={t("profile.name")} required defaultValue={val("name")} errors={errors} />
          <SelectField
            name="legalType"
            label={t("profile.legalType")}
            required
            defaultValue={val("legalType")}
            errors={errors}
            options={LEGAL_TYPES.map((l) => ({ value: l, label: locale === "en" ? producerText(locale, `legal.${l}`) : LEGAL_TYPE_LABELS[l] }))}
          />
          <Field
            name="registrationNo"
            label={t("profile.registrationNo")}
            hint={t("profile.registrationNoHint")}
            required
            defaultValue={val("registrationNo")}
            errors={errors}
            inputMode="text"
            autoCapitalize="characters"
          />
          <Field name="representative" label={t("profile.representative")} required defaultValue={val("representative")} errors={errors} />
        </fieldset>
        <fieldset>
          <legend>{t("profile.address")}</legend>
          <SelectField name="provinceId" label={t("profile.province")} required value={province} onChange={(e) => setProvince(e.target.value)} errors={errors} options={provinces} />
          <noscript>
            <p className="small">
              {t("profile.noscriptBefore")}{" "}
              <button formMethod="get" formAction="/co-so/thong-tin" className="link-button">
                {t("profile.noscriptButton")}
              </button>
              .
            </p>
          </noscript>
          <SelectField
            key={province}
            name="unitId"
            label={t("profile.commune")}
            required
            placeholder={t("profile.chooseCommune")}
            defaultValue={province === String(est.provinceId) ? val("unitId") : ""}
            errors={errors}
            options={communeList.map((c) => ({ value: c.id, label: c.label }))}
            disabled={fetcher.state === "loading"}
          />
          <Field name="street" label={t("profile.street")} required defaultValue={val("street")} errors={errors} />
        </fieldset>
        <fieldset>
          <legend>{t("profile.contact")}</legend>
          <Field name="phone" type="tel" inputMode="tel" label={t("profile.phone")} hint={t("profile.phoneHint")} required defaultValue={val("phone")} errors={errors} />
          <Field name="email" type="email" inputMode="email" label={t("profile.email")} defaultValue={val("email")} errors={errors} />
        </fieldset>
        <fieldset>
          <legend>{t("profile.bank")}</legend>
          <p className="small muted">{t("profile.bankLead")}</p>
          <Field
            name="bankAccountNo"
            label={t("profile.bankAccountNo")}
            hint={t("profile.bankAccountNoHint")}
            inputMode="numeric"
            autoComplete="off"
            defaultValue={val("bankAccountNo")}
            errors={errors}
          />
          <Field name="bankName" label={t("profile.bankName")} hint={t("profile.bankNameHint")} defaultValue={val("bankName")} errors={errors} />
          <Field name="bankAccountHolder" label={t("profile.bankAccountHolder")} defaultValue={val("bankAccountHolder")} errors={errors} />
        </fieldset>
        <SubmitButton pendingText={t("profile.saving")}>{t("profile.save")}</SubmitButton>
      </Form>
    </div>
  );
}
