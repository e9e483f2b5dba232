import type { MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useT } from "~/i18n";
import { metaLocale, pageTitle } from "~/i18n/pages";

/**
 * Any address no route knows: the plain 404 page, rendered here (not thrown) so that its title and
 * text follow the reader's language. Same markup as the root error page.
 */
const NOT_FOUND = () => json({}, { status: 404, statusText: "Not Found", headers: { "Cache-Control": "no-store" } });

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(metaLocale(matches), "title.notFound") }, { name: "robots", content: "noindex" }];

export async function loader() {
  return NOT_FOUND();
}
export async function action() {
  return NOT_FOUND();
}

export default function NotFound() {
  const t = useT();
  return (
    <section className="error-page" data-status={404}>
      <p className="error-code">404</p>
      <h1>{t("error.404.title")}</h1>
      <p>{t("error.404.text")}</p>
      <p>
        <Link to="/" className="button">
          {t("error.home")}
        </Link>
      </p>
    </section>
  );
}
