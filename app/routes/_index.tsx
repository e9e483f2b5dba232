import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useLocale, useT, type MessageKey } from "~/i18n";
import { metaLocale, pageText } from "~/i18n/pages";
import { useLookupT } from "~/i18n/lookup";
import { todayInVietnam } from "~/lib/dates";
import { cachingHeaders, publicCacheHeaders } from "~/modules/lookup/cache.server";
import { publicStats, recentRecognitions } from "~/modules/lookup/lookup.server";
import { listPublishedRounds } from "~/modules/rounds/rounds.server";
import { groupLabel, levelLabel } from "~/ui/labels";
import { OpenRounds } from "~/ui/OpenRounds";
import { openRounds, productIdsOf } from "~/ui/journey-data.server";

export const meta: MetaFunction = ({ matches }) => {
  const locale = metaLocale(matches);
  return [
    { title: pageText(locale, "title.home") },
    { name: "description", content: pageText(locale, "desc.home") },
  ];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const recent = recentRecognitions(8);
  const ids = productIdsOf(recent.map((r) => r.number));
  return json(
    {
      stats: publicStats(),
      recent: recent.map((r) => ({ ...r, productId: ids[r.number] ?? null })),
      published: listPublishedRounds(5),
      open: openRounds(todayInVietnam()),
    },
    { headers: publicCacheHeaders(request) },
  );
}

export const headers: HeadersFunction = cachingHeaders;

export default function Home() {
  const t = useT();
  const lt = useLookupT();
  const locale = useLocale();
  const { stats, recent, published, open } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData("root") as { user: unknown; homePath: string } | undefined;
  return (
    <div>
      <section className="hero">
        <h1>{t("home.title")}</h1>
        <p className="lead">{t("home.lead")}</p>
        <div className="row">
          {root?.user ? (
            <Link to={root.homePath} className="button">
              {t("home.cta.workspace")}
            </Link>
          ) : (
            <>
              <Link to="/dang-ky" className="button">
                {t("home.cta.signup")}
              </Link>
              <Link to="/dang-nhap" className="button secondary">
                {t("home.cta.login")}
              </Link>
            </>
          )}
        </div>
        <Form method="get" action="/tra-cuu" className="home-search" role="search">
          <label htmlFor="home-q">{lt("lookup.q")}</label>
          <div className="home-search-row">
            <input id="home-q" name="q" type="search" placeholder={lt("lookup.q.placeholder")} maxLength={200} autoComplete="off" />
            <button type="submit" className="button">
              {lt("lookup.submit")}
            </button>
          </div>
        </Form>
      </section>

      <OpenRounds rounds={open} signedIn={Boolean(root?.user)} />

      <div className="grid grid-3">
        <div className="stat">
          <div className="value">{stats.rounds.toLocaleString(locale === "en" ? "en-GB" : "vi-VN")}</div>
          <div className="label">{t("home.stats.rounds")}</div>
        </div>
        <div className="stat">
          <div className="value">{stats.entries.toLocaleString(locale === "en" ? "en-GB" : "vi-VN")}</div>
          <div className="label">{t("home.stats.entries")}</div>
        </div>
        <div className="stat">
          <div className="value">{stats.recognised.toLocaleString(locale === "en" ? "en-GB" : "vi-VN")}</div>
          <div className="label">{t("home.stats.recognised")}</div>
        </div>
      </div>

      <div className="grid grid-2">
        <section className="card">
          <h2>{t("home.recent")}</h2>
          {recent.length ? (
            <ul className="list-plain">
              {recent.map((r) => (
                <li key={r.number}>
                  <strong>{r.productId ? <Link to={`/san-pham/${r.productId}`}>{r.productName}</Link> : r.productName}</strong>
                  <div className="small muted">
                    {r.producerName}
                    {r.province ? ` · ${r.province}` : ""}
                  </div>
                  <div className="small">
                    <span className="badge info">{levelLabel(r.level, locale)} {r.year}</span> <span className="muted">{groupLabel(r.group, locale)}</span>
                  </div>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t("common.none")}</p>
          )}
        </section>
        <div>
          <section className="card">
            <h2>{t("home.steps")}</h2>
            <ol className="steps">
              {(["home.step1", "home.step2", "home.step3", "home.step4"] as MessageKey[]).map((k) => (
                <li key={k}>{t(k)}</li>
              ))}
            </ol>
          </section>
          <section className="card">
            <h2>{t("home.rounds")}</h2>
            {published.length ? (
              <ul className="list-plain">
                {published.map((r) => (
                  <li key={r.id}>
                    <Link to={`/ket-qua/${r.id}`}>{r.title}</Link>
                    <div className="small muted">
                      {levelLabel(r.level, locale)} · {r.year}
                    </div>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t("common.none")}</p>
            )}
          </section>
        </div>
      </div>
    </div>
  );
}
