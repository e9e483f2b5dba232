import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/lib/permissions.server";
import { unreadCount } from "~/modules/notify/notify.server";
import { producerHome } from "~/modules/producers/producers.server";
import { certificatesOfProducer } from "~/modules/certificates/certificates.server";
import { entryStatusLabel, entryStatusTone, groupLabel, levelLabel } from "~/ui/labels";
import { useLocale } from "~/i18n";
import { useProducerT, type ProducerKey } from "~/i18n/producer";
import { metaLocale, pageTitle, usePageT } from "~/i18n/pages";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(metaLocale(matches), "title.producerHome") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, principal } = await requireRole(request, "producer");
  return json({
    userName: user.fullName,
    establishments: producerHome(principal),
    certificates: certificatesOfProducer(principal),
    unread: unreadCount(user.id),
  });
}

export default function ProducerHome() {
  const { userName, establishments, certificates, unread } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const locale = useLocale();
  const pt = useProducerT();
  const tt = usePageT();
  return (
    <div>
      <div className="page-head">
        <div>
          <h1>{tt("title.producerHome")}</h1>
          <p className="muted">{pt("home.hello", { name: userName })}</p>
        </div>
        <nav className="row" aria-label={pt("home.tasks")}>
          <Link to="/co-so/ky-binh-chon" className="button">
            {pt("home.openRounds")}
          </Link>
          <Link to="/co-so/san-pham/moi" className="button secondary">
            {pt("home.addProduct")}
          </Link>
          <Link to="/co-so/thong-bao" className="button secondary">
            {pt("home.notifications")}{unread ? ` (${unread})` : ""}
          </Link>
          <Link to="/co-so/khieu-nai" className="button secondary">
            {pt("home.complaints")}
          </Link>
        </nav>
      </div>
      {params.get("welcome") ? (
        <div className="alert success" role="status">
          {pt("home.welcome")}
        </div>
      ) : null}
      {params.get("da-luu") === "thong-tin" ? (
        <div className="alert success" role="status">
          {pt("home.savedProfile")}
        </div>
      ) : null}
      {establishments.map(({ establishment: e, products, entries }) => (
        <div key={e.id}>
          <section className="card" aria-labelledby={`est-${e.id}`}>
            <h2 id={`est-${e.id}`}>{e.name}</h2>
            {!e.profileComplete ? (
              <div className="alert info">
                {pt("home.incomplete")} <Link to="/co-so/thong-tin">{pt("home.completeNow")}</Link>
              </div>
            ) : null}
            <dl className="facts">
              <dt>{pt("home.legalType")}</dt>
              <dd>{pt(`legal.${e.legalType}` as ProducerKey)}</dd>
              <dt>{pt("home.registrationNo")}</dt>
              <dd>{e.registrationNo ?? <span className="muted">{pt("home.notDeclared")}</span>}</dd>
              <dt>{pt("home.address")}</dt>
              <dd>{e.address || e.provinceName || <span className="muted">{pt("home.notDeclared")}</span>}</dd>
              <dt>{pt("home.representative")}</dt>
              <dd>{e.representative ?? "—"}</dd>
              <dt>{pt("home.phone")}</dt>
              <dd>{e.phone ?? "—"}</dd>
            </dl>
            <p className="row small" style={{ marginTop: 10 }}>
              <Link to="/co-so/thong-tin">{pt("home.editProfile")}</Link>
              <Link to="/co-so/thanh-vien">{pt("home.members")}</Link>
            </p>
          </section>
          <div className="grid grid-2">
            <section className="card">
              <h3>{pt("home.products", { n: products.length })}</h3>
              {products.length ? (
                <ul className="list-plain">
                  {products.map((p) => (
                    <li key={p.id}>
                      <Link to={`/co-so/san-pham/${p.id}`}>
                        <strong>{p.name}</strong>
                      </Link>
                      {p.isSet ? <span className="badge">{pt("home.set")}</span> : null}
                      <div className="small muted">{groupLabel(p.group, locale)}</div>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">
                  {pt("home.noProducts")} <Link to="/co-so/san-pham/moi">{pt("home.addProduct")}</Link>
                </p>
              )}
            </section>
            <section className="card">
              <h3>{pt("home.entries", { n: entries.length })}</h3>
              {entries.length ? (
                <ul className="list-plain">
                  {entries.map((x) => (
                    <li key={x.id}>
                      <Link to={`/co-so/du-thi/${x.id}`}>
                        <strong>{x.productName}</strong>
                      </Link>{" "}
                      <span className={`badge ${entryStatusTone(x.status)}`}>{entryStatusLabel(x.status, locale)}</span>
                      <div className="small muted">
                        {x.roundTitle} · {levelLabel(x.roundLevel, locale)} {x.roundYear}
                        {x.dossierNo ? ` · ${pt("home.dossierNo", { no: x.dossierNo })}` : ""}
                      </div>
                      {certificates
                        .filter((c) => c.entryId === x.id)
                        .map((c) => (
                          <div key={c.id} className="small">
                            <a href={`/co-so/chung-nhan/${c.id}`} download>
                              {pt("home.downloadCert", { number: c.number })}
                            </a>
                            {c.status !== "valid" ? <span className="badge bad">{c.status === "revoked" ? pt("home.revoked") : pt("home.expired")}</span> : null}
                          </div>
                        ))}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">{pt("home.noEntries")}</p>
              )}
            </section>
          </div>
        </div>
      ))}
    </div>
  );
}
