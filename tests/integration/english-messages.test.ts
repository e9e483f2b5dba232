/**
 * Module messages in English (issue 12, item 12; docs/decisions/0037): real refusals and a real
 * notification, through the real built server with the language cookie set to English. The
 * modules answer in Vietnamese; the pages show the English of app/i18n/messages.ts. In Vietnamese
 * the same answers stay as the modules wrote them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePdf, makePng } from "../helpers/files";
import { startServer, type RunningServer } from "../helpers/server";

let srv: RunningServer;
let enCookie = "";
let producerCookie = "";

const VIETNAMESE = /[ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i;

const decode = (s: string) =>
  s.replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&nbsp;/g, " ");

/** The texts of the error boxes of a page: field errors and form-level alerts. */
function errorTexts(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<div class="(?:field-error|alert error)"[^>]*>([\s\S]*?)<\/div>/g)) {
    out.push(decode(m[1]!.replace(/<[^>]+>/g, " ").replace(/<!-- -->/g, "")).replace(/\s+/g, " ").trim());
  }
  return out;
}

/** The text nodes of <main>, trimmed, scripts left out. */
function mainTexts(html: string): string[] {
  const m = html.match(/<main[^>]*>([\s\S]*)<\/main>/);
  expect(m, "page has a <main>").toBeTruthy();
  return m![1]!
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<!-- -->/g, "")
    .split(/<[^>]+>/)
    .map((t) => decode(t).replace(/\s+/g, " ").trim())
    .filter(Boolean);
}

async function get(path: string, cookie: string) {
  const res = await fetch(`${srv.url}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
  return { status: res.status, body: await res.text() };
}

async function post(path: string, cookie: string, body: URLSearchParams | FormData) {
  const headers: Record<string, string> = { Origin: srv.url };
  if (cookie) headers.Cookie = cookie;
  if (body instanceof URLSearchParams) headers["Content-Type"] = "application/x-www-form-urlencoded";
  const res = await fetch(`${srv.url}${path}`, { method: "POST", redirect: "manual", headers, body: body instanceof URLSearchParams ? body.toString() : body });
  return { status: res.status, location: res.headers.get("Location"), body: await res.text(), setCookie: res.headers.getSetCookie() };
}

const cookieOf = (setCookie: string[]) => setCookie.map((c) => c.split(";")[0]).join("; ");

beforeAll(async () => {
  srv = await startServer({ seedDemo: true });
  const lang = await post("/ngon-ngu", "", new URLSearchParams({ locale: "en", redirectTo: "/" }));
  enCookie = cookieOf(lang.setCookie);
  expect(enCookie).toMatch(/^lang=/);
  const login = await post("/dang-nhap", "", new URLSearchParams({ email: "coso@demo.cnnt.vn", password: "demo12345" }));
  expect(login.status).toBe(302);
  producerCookie = cookieOf(login.setCookie);
}, 120_000);

afterAll(async () => {
  await srv?.stop();
});

describe("refusals in English", () => {
  const badSignUp = () =>
    new URLSearchParams({ fullName: "", email: "not-an-email", phone: "123", password: "short", passwordConfirm: "other", establishmentName: "", legalType: "", provinceId: "" });

  it("sign-up with bad input: every field error in English", async () => {
    const r = await post("/dang-ky", enCookie, badSignUp());
    expect(r.status).toBe(400);
    const errors = errorTexts(r.body);
    expect(errors).toEqual(
      expect.arrayContaining([
        "Please enter the full name.",
        "The email address is not valid, e.g. name@gmail.com.",
        "The phone number is not valid, e.g. 0912 345 678 or 0222 3812 345.",
        "The password needs at least 8 characters.",
        "Please enter the establishment name.",
        "Please choose the type of establishment.",
        "Please choose a province or city.",
      ]),
    );
    expect(errors.filter((e) => VIETNAMESE.test(e))).toEqual([]);
  });

  it("sign-up in Vietnamese: the modules' words, unchanged", async () => {
    const r = await post("/dang-ky", "", badSignUp());
    expect(r.status).toBe(400);
    expect(errorTexts(r.body)).toEqual(expect.arrayContaining(["Vui lòng nhập họ và tên.", "Mật khẩu cần ít nhất 8 ký tự.", "Vui lòng chọn loại hình cơ sở."]));
  });

  it("sign-up with an email that has an account: the module's refusal in English", async () => {
    const page = await get("/dang-ky", enCookie);
    const provinceId = page.body.match(/<select[^>]*name="provinceId"[\s\S]*?<option value="(\d+)"/)?.[1];
    expect(provinceId).toBeTruthy();
    const r = await post(
      "/dang-ky",
      enCookie,
      new URLSearchParams({ fullName: "Người Thử", email: "coso@demo.cnnt.vn", phone: "", password: "matkhau-dai-du", passwordConfirm: "matkhau-dai-du", establishmentName: "Cơ sở thử", legalType: "household", provinceId: provinceId! }),
    );
    expect(r.status).toBe(409);
    expect(errorTexts(r.body)).toContain("This email address already has an account. Log in, or use “Forgot password”.");
    const mismatch = await post(
      "/dang-ky",
      enCookie,
      new URLSearchParams({ fullName: "Người Thử", email: "moi-en@example.vn", phone: "", password: "matkhau-dai-du", passwordConfirm: "matkhau-khac-1", establishmentName: "Cơ sở thử", legalType: "household", provinceId: provinceId! }),
    );
    expect(mismatch.status).toBe(400);
    expect(errorTexts(mismatch.body)).toContain("The two passwords do not match.");
  });

  it("log-in throttle: the lock and its wait in English, after the page's own words", async () => {
    const email = "nobody-english@example.vn";
    let last = { status: 0, body: "" };
    for (let i = 0; i < 5; i++) last = await post("/dang-nhap", enCookie, new URLSearchParams({ email, password: "wrong-password-1" }));
    // The fifth attempt reaches the limit: the route answers 429 with the lock.
    expect(last.status).toBe(429);
    const alert = errorTexts(last.body).find((t) => t.startsWith("Wrong email or password."));
    expect(alert).toMatch(/^Wrong email or password\. Too many attempts\. Please try again in 1 minute \(at \d\d:\d\d\)\.$/);
    // The next attempt is answered at the edge, before Remix: the small page is English too.
    const edge = await post("/dang-nhap", enCookie, new URLSearchParams({ email, password: "wrong-password-1" }));
    expect(edge.status).toBe(429);
    expect(edge.body).toContain('<html lang="en">');
    expect(edge.body).toContain("Log-in temporarily locked");
    expect(edge.body).toMatch(/Please try again in 1 minute \(at \d\d:\d\d\)\./);
    expect(edge.body).not.toMatch(VIETNAMESE);
    // The same lock in Vietnamese: the module's words.
    let vi = { status: 0, body: "" };
    for (let i = 0; i < 5; i++) vi = await post("/dang-nhap", "", new URLSearchParams({ email: "nobody-vi@example.vn", password: "wrong-password-1" }));
    expect(vi.status).toBe(429);
    expect(errorTexts(vi.body).join(" ")).toMatch(/Bạn đã thử quá nhiều lần\. Vui lòng thử lại sau 1 phút \(lúc \d\d:\d\d\)\./);
  });

  it("dossier status lookup with a wrong pair: 404 in English", async () => {
    const r = await get("/tra-cuu-ho-so?so=HS2099-1-0001&dt=0912345678", enCookie);
    expect(r.status).toBe(404);
    const texts = mainTexts(r.body);
    expect(texts).toContainEqual(expect.stringMatching(/^No dossier matches this dossier number and phone number\./));
    expect(texts.filter((t) => VIETNAMESE.test(t))).toEqual([]);
  });

  it("a new product with a file that is no image: the upload refusal in English", async () => {
    const fd = new FormData();
    fd.append("name", "Sản phẩm thử tiếng Anh");
    fd.append("productGroupId", "1");
    fd.append("photos", new Blob(["this is plain text, not a photo"], { type: "image/jpeg" }), "anh-that.jpg");
    const r = await post("/co-so/san-pham/moi", `${producerCookie}; ${enCookie}`, fd);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    const errors = errorTexts(r.body);
    expect(errors.join(" | ")).toMatch(/The file "anh-that\.jpg" is not (a PDF or )?a JPEG, PNG or WebP image \(the system checks the file's content, not its name\)\.|Product photos must be JPEG, PNG or WebP image files\./);
    expect(errors.filter((e) => VIETNAMESE.test(e))).toEqual([]);
  });
});

describe("a producer's notification and registration refusal in English", () => {
  let entryId = 0;
  let productName = "";
  let roundTitle = "";

  it("registering the same product twice: the module's refusal in English on the rounds page", async () => {
    const cookie = `${producerCookie}; ${enCookie}`;
    const page = await get("/co-so/ky-binh-chon", cookie);
    expect(page.status).toBe(200);
    // The Phù Lãng commune round of the demo, open now, and the establishment's product.
    const section = page.body.split("<section").find((s) => /xã Phù Lãng năm \d{4}<\/h2>/.test(s));
    expect(section).toBeTruthy();
    roundTitle = decode(section!.match(/<h2[^>]*>([^<]+)<\/h2>/)![1]!);
    const roundId = section!.match(/name="roundId" value="(\d+)"/)![1]!;
    const option = section!.match(/<option value="(\d+)">([^<]+)<\/option>/)!;
    productName = decode(option[2]!);
    const first = await post("/co-so/ky-binh-chon", cookie, new URLSearchParams({ roundId, productId: option[1]! }));
    expect(first.status).toBe(302);
    entryId = Number(first.location!.match(/\/co-so\/du-thi\/(\d+)/)![1]);
    const again = await post("/co-so/ky-binh-chon", cookie, new URLSearchParams({ roundId, productId: option[1]! }));
    expect(again.status).toBe(409);
    expect(errorTexts(again.body)).toContain("This product is already registered in this round.");
  });

  it("submitting the dossier: the stored notice shows in English, names as entered; in Vietnamese as stored", async () => {
    expect(entryId).toBeGreaterThan(0);
    const here = `/co-so/du-thi/${entryId}`;
    const upload = async (docType: string, files: { name: string; type: string; data: Buffer }[]) => {
      const fd = new FormData();
      fd.append("intent", "upload");
      fd.append("docType", docType);
      for (const f of files) fd.append("files", new Blob([new Uint8Array(f.data)], { type: f.type }), f.name);
      const r = await post(here, producerCookie, fd);
      expect(r.status, `${docType}: ${r.body.slice(0, 200)}`).toBe(302);
    };
    await upload("registration_form", [{ name: "pdk.pdf", type: "application/pdf", data: await makePdf("PDK") }]);
    await upload("business_registration", [{ name: "gcn.pdf", type: "application/pdf", data: await makePdf("GCN") }]);
    await upload("product_description", [{ name: "tm.pdf", type: "application/pdf", data: await makePdf("TM") }]);
    await upload("product_photos", [0, 1, 2].map((i) => ({ name: `p${i}.png`, type: "image/png", data: makePng(20, 20, [i * 60, 10, 10]) })));
    const submitted = await post(here, producerCookie, new URLSearchParams({ intent: "submit", commitment: "1" }));
    expect(submitted.status).toBe(302);

    const en = await get("/co-so/thong-bao", `${producerCookie}; ${enCookie}`);
    expect(en.status).toBe(200);
    const texts = mainTexts(en.body);
    const title = texts.find((t) => /^Dossier \S+ received$/.test(t));
    expect(title, texts.join("\n")).toBeTruthy();
    expect(texts).toContainEqual(
      expect.stringMatching(new RegExp(`^The dossier "${productName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}" for "${roundTitle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}" has been submitted\\. The organizing body will answer by \\d\\d/\\d\\d/\\d{4}\\.$`)),
    );
    // Nothing Vietnamese on the page beyond the data (product name, round title).
    const left = texts.map((t) => t.split(productName).join("").split(roundTitle).join("")).filter((t) => VIETNAMESE.test(t));
    expect(left).toEqual([]);

    const vi = await get("/co-so/thong-bao", producerCookie);
    expect(mainTexts(vi.body)).toContainEqual(expect.stringMatching(/^Đã nhận hồ sơ \S+$/));
  });
});
