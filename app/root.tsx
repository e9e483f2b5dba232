import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { STAFF_AREA, translate, useLocale, useT, type Locale, type MessageKey } from "~/i18n";
import { localizeMessage, toEnglish } from "~/i18n/messages";
import { lookupText } from "~/i18n/lookup";
import { readSession } from "~/lib/auth.server";
import { demoAccountsActive } from "~/lib/bootstrap.server";
import { useNonce } from "~/ui/nonce";
import { getLocale } from "~/lib/locale.server";
import { loadPrincipal } from "~/lib/permissions.server";
import { homePathFor, rolesOf, type Role } from "~/lib/permissions";
import { operatorDetails } from "~/modules/site/site.server";
import { unreadCount } from "~/modules/notify/notify.server";
import styles from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [
  { title: "Bình chọn sản phẩm CNNT tiêu biểu" },
  { name: "description", content: "Nền tảng bình chọn sản phẩm công nghiệp nông thôn tiêu biểu các cấp." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await readSession(request);
  const locale = await getLocale(request);
  const headers = new Headers();
  if (session.setCookie) headers.append("Set-Cookie", session.setCookie);
  const demo = demoAccountsActive();
  const operator = operatorDetails();
  if (!session.user) return json({ locale, demo, operator, user: null, roles: [] as Role[], homePath: "/" }, { headers });
  const principal = loadPrincipal(session.user.id, session.user.isSystemAdmin);
  return json(
    {
      locale,
      demo,
      operator,
      unread: unreadCount(session.user.id),
      user: { fullName: session.user.fullName, email: session.user.email },
      roles: rolesOf(principal),
      homePath: homePathFor(principal),
    },
    { headers },
  );
}

type RootData = ReturnType<typeof useRootData>;
function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

const ROLE_LINKS: { role: Role; to: string; key: MessageKey }[] = [
  { role: "producer", to: "/co-so", key: "nav.producer" },
  { role: "organizer", to: "/to-chuc", key: "nav.organizer" },
  { role: "judge", to: "/giam-khao", key: "nav.judge" },
  { role: "admin", to: "/quan-tri", key: "nav.admin" },
];

function NavItems({ data, t }: { data: RootData; t: (k: MessageKey) => string }) {
  const location = useLocation();
  const locale = useLocale();
  return (
    <>
      <NavLink to="/" end>
        {t("nav.home")}
      </NavLink>
      <NavLink to="/tra-cuu">{lookupText(locale, "nav.lookup")}</NavLink>
      {data?.user ? (
        <>
          {ROLE_LINKS.filter((l) => data.roles.includes(l.role)).map((l) => (
            <NavLink key={l.to} to={l.to}>
              {t(l.key)}
            </NavLink>
          ))}
          <NavLink to="/thong-bao" aria-label={data.unread ? `${t("nav.notifications")}: ${data.unread} ${t("nav.unread")}` : t("nav.notifications")}>
            {t("nav.notifications")}
            {data.unread ? <span className="badge info nav-count">{data.unread > 99 ? "99+" : data.unread}</span> : null}
          </NavLink>
          <NavLink to="/tai-khoan">{t("nav.account")}</NavLink>
          <Form method="post" action="/dang-xuat" className="inline-form">
            <button type="submit" className="link-button">
              {t("nav.logout")}
            </button>
          </Form>
        </>
      ) : (
        <>
          <NavLink to={`/dang-nhap${location.pathname !== "/" ? `?next=${encodeURIComponent(location.pathname)}` : ""}`}>
            {t("nav.login")}
          </NavLink>
          <NavLink to="/dang-ky" className="nav-cta">
            {t("nav.signup")}
          </NavLink>
        </>
      )}
    </>
  );
}

function Header() {
  const data = useRootData();
  const t = useT();
  const location = useLocation();
  return (
    <header className="site-header">
      <div className="container header-inner">
        <Link to={data?.user ? data.homePath : "/"} className="brand">
          <span className="brand-mark" aria-hidden="true">
            CNNT
          </span>
          <span className="brand-text">{t("app.name")}</span>
        </Link>
        <nav className="nav-inline" aria-label={t("nav.menu")}>
          <NavItems data={data} t={t} />
        </nav>
        {STAFF_AREA.test(location.pathname) ? (
          <span className="small lang-note" lang="vi">
            Khu vực này chỉ có tiếng Việt / <span lang="en">This area is in Vietnamese only</span>
          </span>
        ) : (
          <Form method="post" action="/ngon-ngu" className="inline-form lang-form">
            <input type="hidden" name="locale" value={data?.locale === "en" ? "vi" : "en"} />
            <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
            <button type="submit" className="link-button lang-button" lang={data?.locale === "en" ? "vi" : "en"}>
              {t("nav.language")}
            </button>
          </Form>
        )}
        <details className="nav-drawer">
          <summary aria-label={t("nav.menu")}>☰</summary>
          <nav aria-label={t("nav.menu")}>
            <NavItems data={data} t={t} />
          </nav>
        </details>
      </div>
    </header>
  );
}

/** While demo accounts (published password) exist, every page says so. */
function DemoBanner({ locale }: { locale: Locale }) {
  return (
    <div className="demo-banner" role="note">
      <div className="container">{translate(locale, "demo.banner")}</div>
    </div>
  );
}

/**
 * The browser's own form checks speak Vietnamese (issue 13): on `invalid` (capture phase, for every
 * form of every page) the field gets a message from its validity state and its label, e.g. "Vui
 * lòng nhập tên kỳ bình chọn."; typing clears it. Messages a page sets itself (the date field's)
 * are left alone. Only on Vietnamese pages: on English ones the browser's wording fits.
 * An inline script (with the CSP nonce) so it runs before hydration and on every page.
 * docs/decisions/0033-date-field-and-validation-messages.md
 */
const VALIDITY_SCRIPT = String.raw`(function () {
  if (window.__viValidity || !/^vi/.test(document.documentElement.lang)) return;
  window.__viValidity = 1;
  var MARK = "__viMessage";
  function vnDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? m[3] + "/" + m[2] + "/" + m[1] : iso;
  }
  function nameOf(el) {
    var l = el.labels && el.labels[0];
    var t = (l ? l.textContent : "") || el.getAttribute("aria-label") || el.getAttribute("title") || "";
    t = t.replace(/\*/g, "").replace(/\((không )?bắt buộc\)/gi, "").replace(/[:\s]+$/, "").replace(/\s+/g, " ").trim();
    if (/^\p{Lu}\p{Ll}/u.test(t)) t = t.charAt(0).toLowerCase() + t.slice(1);
    return t;
  }
  function upper(s) {
    return s.charAt(0).toUpperCase() + s.slice(1);
  }
  function message(el) {
    var v = el.validity, type = (el.type || "").toLowerCase(), name = nameOf(el), what = name ? upper(name) : "Giá trị này";
    if (v.valueMissing) {
      if (type === "checkbox") return name ? "Vui lòng đánh dấu ô “" + upper(name) + "” để tiếp tục." : "Vui lòng đánh dấu ô này để tiếp tục.";
      if (type === "radio") return "Vui lòng chọn một trong các lựa chọn" + (name ? " “" + upper(name) + "”" : "") + ".";
      if (type === "file") return "Vui lòng chọn tệp" + (name ? " cho “" + upper(name) + "”" : "") + ".";
      if (el.tagName === "SELECT") return "Vui lòng chọn " + (name || "một mục trong danh sách") + ".";
      return "Vui lòng nhập " + (name || "ô này") + ".";
    }
    if (v.typeMismatch) {
      if (type === "email") return "Địa chỉ email chưa đúng, ví dụ ten@example.vn.";
      if (type === "url") return "Địa chỉ web chưa đúng, ví dụ https://example.vn.";
      return what + " chưa đúng định dạng.";
    }
    if (v.badInput) {
      if (type === "number") return what + " phải là số, chỉ gồm chữ số.";
      if (type === "date") return "Ngày không hợp lệ, nhập theo dạng ngày/tháng/năm, ví dụ 05/09/2026.";
      return what + " chưa đúng định dạng.";
    }
    if (v.tooShort) return what + " cần ít nhất " + el.minLength + " ký tự (hiện có " + el.value.length + ").";
    if (v.tooLong) return what + " tối đa " + el.maxLength + " ký tự (hiện có " + el.value.length + ").";
    if (v.rangeUnderflow) return type === "date" ? "Ngày không được trước " + vnDate(el.min) + "." : what + " phải từ " + el.min + " trở lên.";
    if (v.rangeOverflow) return type === "date" ? "Ngày không được sau " + vnDate(el.max) + "." : what + " tối đa là " + el.max + ".";
    if (v.stepMismatch) return !el.step || el.step === "1" ? what + " phải là số nguyên." : what + " phải là bội số của " + el.step + ".";
    if (v.patternMismatch) {
      if (el.getAttribute("data-pattern-message")) return el.getAttribute("data-pattern-message");
      if (/^(\[0-9\]|\\d)[*+]$/.test(el.getAttribute("pattern") || "")) return what + " chỉ gồm chữ số.";
      return what + " chưa đúng định dạng" + (el.title ? ": " + el.title : "") + ".";
    }
    return "";
  }
  document.addEventListener(
    "invalid",
    function (e) {
      var el = e.target;
      if (!el || !el.validity || !el.setCustomValidity) return;
      // A message set by the page itself (e.g. the date field's) stays; ours is recomputed.
      if (el.validity.customError && el.validationMessage !== el[MARK]) return;
      el.setCustomValidity("");
      var text = el.validity.valid ? "" : message(el);
      el[MARK] = text;
      if (text) el.setCustomValidity(text);
    },
    true
  );
  function reset(el) {
    if (el && el[MARK] && el.setCustomValidity && el.validationMessage === el[MARK]) {
      el.setCustomValidity("");
      el[MARK] = "";
    }
  }
  function clear(e) {
    var el = e.target;
    // Choosing one radio button answers for its whole group.
    if (el && el.type === "radio" && el.name) {
      var group = el.form ? el.form.querySelectorAll("input[type=radio]") : document.getElementsByName(el.name);
      for (var i = 0; i < group.length; i++) if (group[i].name === el.name) reset(group[i]);
    } else reset(el);
  }
  document.addEventListener("input", clear, true);
  document.addEventListener("change", clear, true);
})();`;

function Document({ children, locale, demo }: { children: React.ReactNode; locale: Locale; demo?: boolean }) {
  const nonce = useNonce();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a href="#main" className="skip-link">
          {translate(locale, "app.skip")}
        </a>
        {demo ? <DemoBanner locale={locale} /> : null}
        {children}
        <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: VALIDITY_SCRIPT }} />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useRootData();
  const t = useT();
  const locale = useLocale();
  return (
    <Document locale={locale} demo={data?.demo}>
      <Header />
      <main id="main" className="container main">
        <Outlet />
      </main>
      <SiteFooter data={data} t={t} />
    </Document>
  );
}

/** Who runs the site and how to reach them, on every page (issue 12: a site a citizen trusts). */
function SiteFooter({ data, t }: { data: RootData; t: (k: MessageKey) => string }) {
  const locale = useLocale();
  const o = data?.operator;
  return (
    <footer className="site-footer">
      <div className="container footer-grid">
        {o ? (
          <dl className="footer-facts">
            <dt>{t("footer.authority")}</dt>
            <dd>{o.authority}</dd>
            <dt>{t("footer.operator")}</dt>
            <dd>{o.operator}</dd>
            <dt>{t("footer.address")}</dt>
            <dd>{o.address}</dd>
            <dt>{t("footer.hotline")}</dt>
            <dd>
              <a href={`tel:${o.hotline.replace(/[^0-9+]/g, "")}`}>{o.hotline}</a>
            </dd>
            <dt>{t("footer.email")}</dt>
            <dd>
              <a href={`mailto:${o.email}`}>{o.email}</a>
            </dd>
            <dt>{t("footer.responsible")}</dt>
            <dd>{o.responsible}</dd>
          </dl>
        ) : (
          <p>{t("footer.unset")}</p>
        )}
        <nav aria-label={t("footer.about")} className="footer-links">
          <Link to="/gioi-thieu">{t("footer.about")}</Link>
          <Link to="/tra-cuu-ho-so">{locale === "en" ? "Dossier status" : "Tra cứu tình trạng hồ sơ"}</Link>
          <Link to="/quyen-rieng-tu">{t("footer.privacy")}</Link>
          <Link to="/tiep-can">{t("footer.accessibility")}</Link>
        </nav>
        <p className="footer-legal">{t("footer.text")}</p>
      </div>
    </footer>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRootData();
  const locale: Locale = useLocale();
  const tr = (k: MessageKey) => translate(locale, k);
  let status = 500;
  let title = tr("error.500.title");
  let text = tr("error.500.text");
  if (isRouteErrorResponse(error)) {
    status = error.status;
    const message = (error.data as { message?: string } | null)?.message;
    if (status === 404) {
      title = tr("error.404.title");
      text = locale === "en" ? (message && toEnglish(message)) || tr("error.404.text") : message ?? tr("error.404.text");
    } else if (status === 403) {
      title = tr("error.403.title");
      text = locale === "en" ? (message && toEnglish(message)) || "" : message ?? "";
    } else if (status < 500) {
      title = message ? localizeMessage(locale, message) : error.statusText;
      text = "";
    }
  } else {
    console.error(error);
  }
  return (
    <Document locale={locale} demo={data?.demo}>
      <Header />
      <main id="main" className="container main">
        <section className="error-page" data-status={status}>
          <p className="error-code">{status}</p>
          <h1>{title}</h1>
          {text ? <p>{text}</p> : null}
          <p>
            <Link to="/" className="button">
              {tr("error.home")}
            </Link>
          </p>
        </section>
      </main>
      <SiteFooter data={data} t={tr} />
    </Document>
  );
}
