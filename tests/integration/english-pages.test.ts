/**
 * English on the public pages and the producer's pages (issue 12, item 12), through the real server:
 * with the language cookie set to English, each converted page has an English title and no text of
 * the Vietnamese dictionaries that has an English counterpart (data such as product, establishment
 * and place names stays as entered); level and product-group badges are English; the 404 page is
 * English. In Vietnamese nothing changes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { en } from "~/i18n/en";
import { vi } from "~/i18n/vi";
import { lookupEn, lookupVi } from "~/i18n/lookup";
import { pagesEn, pagesVi } from "~/i18n/pages";
import { producerEn, producerVi } from "~/i18n/producer";
import { GROUP_NAMES_EN } from "~/i18n/groups";
import { LEVEL_LABELS } from "~/ui/labels";
import { startServer, type RunningServer } from "../helpers/server";

let srv: RunningServer;
let enCookie = "";
let producerCookie = "";

/** Vietnamese texts that have a different English counterpart, as whole-text-node patterns. */
function translatedPatterns(): RegExp[] {
  const out: RegExp[] = [];
  const add = (viDict: Record<string, string>, enDict: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(viDict)) {
      const e = enDict[k];
      if (!e || e === v || v.length < 4) continue;
      const esc = v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\\\{\w+\\\}/g, ".*?");
      out.push(new RegExp(`^${esc}$`));
    }
  };
  add(vi, en);
  add(lookupVi, lookupEn);
  add(pagesVi, pagesEn);
  add(producerVi, producerEn);
  for (const l of Object.values(LEVEL_LABELS)) out.push(new RegExp(`^${l}$`));
  return out;
}

const decode = (s: string) =>
  s.replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&nbsp;/g, " ");

/** The text nodes of <main>, trimmed, scripts left out. */
function mainTexts(html: string): string[] {
  const m = html.match(/<main[^>]*>([\s\S]*)<\/main>/);
  expect(m, "page has a <main>").toBeTruthy();
  const body = m![1]!.replace(/<script[\s\S]*?<\/script>/g, "").replace(/<!-- -->/g, "");
  return body
    .split(/<[^>]+>/)
    .map((t) => decode(t).replace(/\s+/g, " ").trim())
    .filter(Boolean);
}

const title = (html: string) => decode(html.match(/<title>([^<]*)<\/title>/)?.[1] ?? "");

async function get(path: string, cookie: string) {
  const res = await fetch(`${srv.url}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
  return { status: res.status, body: (await res.text()).replace(/<!-- -->/g, "") };
}

async function login(email: string) {
  const res = await fetch(`${srv.url}/dang-nhap`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: srv.url },
    body: new URLSearchParams({ email, password: "demo12345" }).toString(),
  });
  expect(res.status).toBe(302);
  return res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}

const DIACRITICS = /[àáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵđ]/i;

let productId = 0;
let verifyPath = "";

beforeAll(async () => {
  srv = await startServer({ seedDemo: true });
  const res = await fetch(`${srv.url}/ngon-ngu`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: srv.url },
    body: new URLSearchParams({ locale: "en", redirectTo: "/" }).toString(),
  });
  enCookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  expect(enCookie).toMatch(/^lang=/);
  producerCookie = await login("coso@demo.cnnt.vn");
  const lookup = await get("/tra-cuu", "");
  productId = Number(lookup.body.match(/href="\/san-pham\/(\d+)"/)?.[1]);
  const product = await get(`/san-pham/${productId}`, "");
  const so = product.body.match(/href="(\/xac-thuc\?so=[^"]+)"/)?.[1];
  verifyPath = decode(so ?? "/xac-thuc");
}, 120_000);

afterAll(async () => {
  await srv?.stop();
});

const PUBLIC: Array<[string, () => string, RegExp]> = [
  ["home", () => "/", /^Typical rural industrial products$/],
  ["lookup", () => "/tra-cuu", /^Look up typical rural industrial products - /],
  ["product", () => `/san-pham/${productId}`, / - Typical rural industrial product$/],
  ["verification by number", () => verifyPath, /^Verify certificate .+ - Typical rural industrial products$/],
  ["verification form", () => "/xac-thuc", /^Verify a certificate - /],
  ["about", () => "/gioi-thieu", /^About and contact - /],
  ["privacy", () => "/quyen-rieng-tu", /^Privacy - /],
  ["accessibility", () => "/tiep-can", /^Accessibility statement - /],
  ["dossier status", () => "/tra-cuu-ho-so", /^Dossier status lookup - /],
  ["log in", () => "/dang-nhap", /^Log in - /],
  ["sign up", () => "/dang-ky", /^Register an establishment - /],
  ["forgot password", () => "/quen-mat-khau", /^Forgot password - /],
];

describe("public pages in English", () => {
  const patterns = translatedPatterns();
  for (const [name, path, titleRe] of PUBLIC) {
    it(`${name}: English title, no translated Vietnamese text`, async () => {
      const { status, body } = await get(path(), enCookie);
      expect(status, path()).toBe(200);
      expect(title(body)).toMatch(titleRe);
      const left = mainTexts(body).filter((t) => patterns.some((p) => p.test(t)));
      expect(left, `${path()}: Vietnamese left`).toEqual([]);
    });
  }

  it("home, lookup and product show level and group badges in English", async () => {
    const home = await get("/", enCookie);
    expect(home.body).toMatch(/(Provincial|National|Regional|District|Commune) level \d{4}/);
    const lookup = await get("/tra-cuu", enCookie);
    const groups = Object.values(GROUP_NAMES_EN).map((g) => g.shortName);
    expect(groups.some((g) => lookup.body.includes(g))).toBe(true);
    expect(lookup.body).not.toContain("Thủ công mỹ nghệ</");
    const product = await get(`/san-pham/${productId}`, enCookie);
    expect(groups.some((g) => product.body.includes(`>${g}<`))).toBe(true);
  });

  it("the static pages are entirely English (no Vietnamese diacritics in <main> beyond the operator's details and decree numbers)", async () => {
    for (const p of ["/gioi-thieu", "/quyen-rieng-tu", "/tiep-can"]) {
      const { body } = await get(p, enCookie);
      const dl = body.match(/<dl class="facts">[\s\S]*?<\/dl>/)?.[0] ?? "";
      const texts = mainTexts(body.replace(dl, "")).filter((t) => DIACRITICS.test(t.replace(/NĐ-CP/g, "")));
      expect(texts, p).toEqual([]);
    }
  });

  it("an unknown address: 404 with an English title and text", async () => {
    const { status, body } = await get("/khong-co-trang-nay", enCookie);
    expect(status).toBe(404);
    expect(title(body)).toMatch(/^Page not found - /);
    expect(body).toContain("The page does not exist or has moved.");
  });
});

describe("producer pages in English", () => {
  const patterns = translatedPatterns();
  const PAGES: Array<[string, RegExp]> = [
    ["/co-so", /^My establishment - /],
    ["/tai-khoan", /^Account - /],
    ["/co-so/san-pham/moi", /^Add a product - /],
    ["/co-so/ky-binh-chon", /^Open rounds - My establishment$/],
    ["/co-so/thong-bao", /^Notifications - /],
    ["/co-so/thanh-vien", /^Establishment members - /],
  ];
  it("the producer's own product page: English title and texts", async () => {
    const home = await get("/co-so", producerCookie);
    const id = home.body.match(/href="\/co-so\/san-pham\/(\d+)"/)?.[1];
    expect(id).toBeTruthy();
    const { status, body } = await get(`/co-so/san-pham/${id}`, `${producerCookie}; ${enCookie}`);
    expect(status).toBe(200);
    expect(title(body)).toMatch(/ - My establishment$/);
    expect(body).toContain("Entries in rounds");
    expect(mainTexts(body).filter((t) => patterns.some((p) => p.test(t)))).toEqual([]);
  });

  for (const [path, titleRe] of PAGES) {
    it(`${path}: English title, no translated Vietnamese text`, async () => {
      const { status, body } = await get(path, `${producerCookie}; ${enCookie}`);
      expect(status, path).toBe(200);
      expect(title(body)).toMatch(titleRe);
      const left = mainTexts(body).filter((t) => patterns.some((p) => p.test(t)));
      expect(left, `${path}: Vietnamese left`).toEqual([]);
    });
  }

  it("a wrong password is told in English", async () => {
    const res = await fetch(`${srv.url}/dang-nhap`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: srv.url, Cookie: enCookie },
      body: new URLSearchParams({ email: "coso@demo.cnnt.vn", password: "wrong-password-1" }).toString(),
    });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain("Wrong email or password.");
  });
});

describe("staff areas", () => {
  it("stay Vietnamese with the English cookie, and the header says so instead of offering the switch", async () => {
    const organizer = await login("sct.bacninh@demo.cnnt.vn");
    const { status, body } = await get("/to-chuc", `${organizer}; ${enCookie}`);
    expect(status).toBe(200);
    expect(body).toMatch(/<html lang="vi"/);
    expect(body).toContain("This area is in Vietnamese only");
    expect(body).not.toContain('action="/ngon-ngu"');
    // The header's own links are Vietnamese too (no half-translated page).
    expect(body).toContain(vi["nav.account"]);
    expect(body).not.toContain(`>${en["nav.account"]}<`);
    // A public page with the same cookie is English and offers the switch back.
    const home = await get("/", `${organizer}; ${enCookie}`);
    expect(home.body).toMatch(/<html lang="en"/);
    expect(home.body).toContain('action="/ngon-ngu"');
  });
});

describe("Vietnamese unchanged", () => {
  it("titles and badges stay Vietnamese without the cookie", async () => {
    const home = await get("/", "");
    expect(title(home.body)).toBe("Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu");
    expect(home.body).toMatch(/Cấp (tỉnh|quốc gia|khu vực|huyện|xã) \d{4}/);
    const lookup = await get("/tra-cuu", "");
    expect(title(lookup.body)).toBe("Tra cứu sản phẩm công nghiệp nông thôn tiêu biểu - Bình chọn sản phẩm CNNT tiêu biểu");
    const product = await get(`/san-pham/${productId}`, "");
    expect(["Thủ công mỹ nghệ", "Chế biến nông, lâm, thủy sản và thực phẩm"].some((g) => product.body.includes(`>${g}<`))).toBe(true);
    expect(title(product.body)).toMatch(/ - Sản phẩm CNNT tiêu biểu$/);
    const about = await get("/gioi-thieu", "");
    expect(about.body).toContain("<h1>Giới thiệu và liên hệ</h1>");
    const nf = await get("/khong-co-trang-nay", "");
    expect(nf.status).toBe(404);
    expect(title(nf.body)).toMatch(/^Không tìm thấy trang - /);
    const producer = await get("/co-so", producerCookie);
    expect(title(producer.body)).toBe("Cơ sở của tôi - Bình chọn sản phẩm CNNT tiêu biểu");
    expect(producer.body).toContain("<h1>Cơ sở của tôi</h1>");
  });
});
