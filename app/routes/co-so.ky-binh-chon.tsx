import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { expectedErrorResponse, readFormData } from "~/lib/action-errors.server";
import { formatDate } from "~/lib/dates";
import { requireRole } from "~/lib/permissions.server";
import { formToObject } from "~/modules/accounts/accounts";
import { listOpenRoundsFor, registerEntry } from "~/modules/entries/entries.server";
import { currentEstablishment, producerHome } from "~/modules/producers/producers.server";
import { SubmitButton } from "~/ui/form";
import { entryStatusLabel, levelLabel } from "~/ui/labels";
import { useLocale } from "~/i18n";
import { getLocale } from "~/lib/locale.server";
import { producerText, useProducerT, type ProducerKey } from "~/i18n/producer";
import { useMessage } from "~/i18n/messages";
import { formatPassMark } from "~/modules/reports/reports";
import { metaLocale, pageText } from "~/i18n/pages";

export const meta: MetaFunction = ({ matches }) => {
  const locale = metaLocale(matches);
  return [{ title: `${pageText(locale, "title.openRounds")} - ${pageText(locale, "title.producerHome")}` }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "producer");
  const est = currentEstablishment(principal);
  const home = producerHome(principal).find((h) => h.establishment.id === est.id)!;
  return json({ rounds: listOpenRoundsFor(principal, est.id), products: home.products, profileComplete: home.establishment.profileComplete });
}

const RegisterSchema = z.object({
  roundId: z.coerce.number().int().positive(),
  productId: z.coerce.number({ invalid_type_error: "Vui lòng chọn sản phẩm." }).int().positive("Vui lòng chọn sản phẩm."),
});

export async function action({ request }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "producer");
  const est = currentEstablishment(principal);
  const values = formToObject(await readFormData(request));
  const parsed = RegisterSchema.safeParse(values);
  if (!parsed.success) {
    const locale = await getLocale(request);
    return json(
      { ok: false as const, roundId: Number(values.roundId) || 0, message: producerText(locale, "rounds.pickProduct"), errors: { productId: producerText(locale, "rounds.pickProductField") } as Record<string, string> },
      { status: 400 },
    );
  }
  try {
    const entryId = registerEntry(principal, est.id, parsed.data.roundId, parsed.data.productId);
    return redirect(`/co-so/du-thi/${entryId}?moi=1`);
  } catch (e) {
    return expectedErrorResponse(e, { roundId: parsed.data.roundId });
  }
}

const TIMELINE: [ProducerKey, string, string | null][] = [
  ["rounds.tl.intake", "registrationOpensOn", "registrationClosesOn"],
  ["rounds.tl.dossierScoring", "dossierScoringFrom", "dossierScoringTo"],
  ["rounds.tl.directScoring", "directScoringFrom", "directScoringTo"],
  ["rounds.tl.council", "councilMeetingOn", null],
  ["rounds.tl.announcement", "announcementOn", null],
];

export default function OpenRounds() {
  const { rounds, products, profileComplete } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  // ?vong=<id>: the round chosen on the home page ("Đăng ký tham gia"), after log-in or sign-up.
  const [params] = useSearchParams();
  const chosen = Number(params.get("vong")) || 0;
  const chosenMissing = chosen > 0 && !rounds.some((r) => r.id === chosen);
  const pt = useProducerT();
  const locale = useLocale();
  const msg = useMessage();
  return (
    <div>
      <p className="small">
        <Link to="/co-so">{pt("back")}</Link>
      </p>
      <h1>{pt("rounds.title")}</h1>
      <p className="muted">{pt("rounds.lead")}</p>
      {!profileComplete ? (
        <div className="alert info">
          {pt("rounds.incomplete")} <Link to="/co-so/thong-tin">{pt("rounds.completeLink")}</Link> {pt("rounds.completeAfter")}
        </div>
      ) : null}
      {chosenMissing ? (
        <div className="alert info" role="status">
          {pt("rounds.chosenMissing")} <Link to="/co-so/thong-tin">{pt("rounds.profileLink")}</Link>.
        </div>
      ) : null}
      {rounds.length === 0 ? <p className="card muted">{pt("rounds.none")}</p> : null}
      {rounds.map((r) => {
        const taken = new Set(r.myEntries.map((m) => m.productId));
        const choices = products.filter((p) => !taken.has(p.id));
        const err = data && !data.ok && "roundId" in data && data.roundId === r.id ? data.message : null;
        return (
          <section className={`card${r.id === chosen ? " chosen-round" : ""}`} key={r.id} aria-labelledby={`round-${r.id}`}>
            <h2 id={`round-${r.id}`}>{r.title}</h2>
            <div className="row small">
              <span className="badge">{levelLabel(r.level, locale)}</span>
              <span className="muted">{r.bodyName}</span>
              {r.registrationState === "open" ? <span className="badge ok">{pt("rounds.open")}</span> : r.registrationState === "closed" ? <span className="badge bad">{pt("rounds.closed")}</span> : <span className="badge warn">{pt("rounds.notYet")}</span>}
            </div>
            <dl className="facts" style={{ marginTop: 10 }}>
              {TIMELINE.map(([label, from, to]) => {
                const a = r.timeline[from as keyof typeof r.timeline];
                const b = to ? r.timeline[to as keyof typeof r.timeline] : null;
                if (!a && !b) return null;
                return (
                  <div key={label} style={{ display: "contents" }}>
                    <dt>{pt(label)}</dt>
                    <dd>{b ? `${formatDate(a)} – ${formatDate(b)}` : formatDate(a)}</dd>
                  </div>
                );
              })}
              <dt>{pt("rounds.passMark")}</dt>
              <dd>{pt("rounds.passMarkValue", { mark: formatPassMark(r.passMarkTenths) })}</dd>
            </dl>
            {r.rules ? (
              <details style={{ marginTop: 8 }}>
                <summary>{pt("rounds.rules")}</summary>
                <p>{r.rules}</p>
              </details>
            ) : null}
            {r.myEntries.length ? (
              <ul className="list-plain small">
                {r.myEntries.map((m) => (
                  <li key={m.entryId}>
                    <Link to={`/co-so/du-thi/${m.entryId}`}>{products.find((p) => p.id === m.productId)?.name ?? pt("rounds.dossier")}</Link> · {entryStatusLabel(m.status, locale)}
                  </li>
                ))}
              </ul>
            ) : null}
            {r.registrationState === "open" ? (
              choices.length ? (
                <Form method="post" className="inline-fields" style={{ marginTop: 10 }}>
                  <input type="hidden" name="roundId" value={r.id} />
                  <div className={`field${err ? " has-error" : ""}`}>
                    <label htmlFor={`product-${r.id}`}>{pt("rounds.product")}</label>
                    <select id={`product-${r.id}`} name="productId" defaultValue="" required>
                      <option value="">{pt("rounds.chooseProduct")}</option>
                      {choices.map((p) => (
                        <option key={p.id} value={p.id}>
                          {p.name}
                        </option>
                      ))}
                    </select>
                    {err ? <div className="field-error" role="alert">{msg(err)}</div> : null}
                  </div>
                  <SubmitButton>{pt("rounds.register")}</SubmitButton>
                </Form>
              ) : (
                <>
                  {/* A refusal from a page loaded before the product was taken (another tab). */}
                  {err ? <div className="field-error" role="alert">{msg(err)}</div> : null}
                  <p className="small">
                    {products.length ? pt("rounds.allTaken") : pt("rounds.noProducts")} <Link to="/co-so/san-pham/moi">{pt("home.addProduct")}</Link>
                  </p>
                </>
              )
            ) : null}
          </section>
        );
      })}
    </div>
  );
}
