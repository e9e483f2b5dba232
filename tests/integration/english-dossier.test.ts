/**
 * The producer's dossier page and its receipt page in English (issue 12, item 12), through the real
 * server on the demo data: a draft with documents partly uploaded (the checklist, the deadline, the
 * refused submission with its missing-documents list and the commitment error), the submitted
 * dossier and its receipt, a request to complete from the organizer, the accepted provincial entry
 * and the published, recognised national entry (the results block). In English the text nodes and
 * the aria-labels of <main> hold no Vietnamese beyond data (names, titles, numbers people entered;
 * the test reads them from the database); the receipt card, an administrative document, stays
 * Vietnamese (lang="vi") with English around it. In Vietnamese the pages are unchanged.
 */
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dossierEn, dossierVi, slotNameFromVietnamese, stepHint } from "~/i18n/dossier";
import { makePdf, makePng } from "../helpers/files";
import { startServer, type RunningServer } from "../helpers/server";

let srv: RunningServer;
let enCookie = "";
let producer = "";
let organizer = "";
let sqlite: Database.Database;

const DIACRITICS = /[ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i;

const decode = (s: string) =>
  s.replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&nbsp;/g, " ");

function mainOf(html: string): string {
  const m = html.match(/<main[^>]*>([\s\S]*)<\/main>/);
  expect(m, "page has a <main>").toBeTruthy();
  return m![1]!.replace(/<script[\s\S]*?<\/script>/g, "").replace(/<!-- -->/g, "");
}

/** The text nodes and the aria-label/title/alt attributes of <main>, trimmed. */
function mainTexts(html: string): string[] {
  const body = mainOf(html);
  const attrs = [...body.matchAll(/\s(?:aria-label|title|alt|placeholder)="([^"]*)"/g)].map((m) => m[1]!);
  const texts = body.split(/<[^>]+>/);
  return [...texts, ...attrs].map((t) => decode(t).replace(/\s+/g, " ").trim()).filter(Boolean);
}

const title = (html: string) => decode(html.match(/<title>([^<]*)<\/title>/)?.[1] ?? "");

/** Everything people entered (names, titles, numbers, messages), longest first. */
let dataValues: string[] = [];
function loadDataValues() {
  const col = (sql: string) => (sqlite.prepare(sql).pluck().all() as (string | null)[]).filter((v): v is string => !!v && v.trim() !== "");
  dataValues = [
    ...col("select name from products"),
    ...col("select name from establishments"),
    ...col("select street from establishments"),
    ...col("select full_name from users"),
    ...col("select title from rounds"),
    ...col("select number from recognition_decisions"),
    ...col("select issuer from recognition_decisions"),
    ...col("select name from organizing_bodies"),
    ...col("select number from certificates"),
    ...col("select message from supplement_requests"),
    ...col("select original_name from files"),
  ]
    .map((v) => v.normalize("NFC"))
    .sort((a, b) => b.length - a.length);
}

/** The texts of <main> that still hold Vietnamese once the data values are taken out. */
function vietnameseLeft(html: string): string[] {
  return mainTexts(html).filter((t) => {
    let rest = t.normalize("NFC");
    for (const v of dataValues) rest = rest.split(v).join(" ");
    return DIACRITICS.test(rest);
  });
}

async function get(path: string, cookie: string) {
  const res = await fetch(`${srv.url}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
  return { status: res.status, body: (await res.text()).replace(/<!-- -->/g, ""), location: res.headers.get("Location") };
}

/** A form post as a browser without JavaScript sends it (the answer is the page, or a redirect). */
async function post(path: string, cookie: string, body: URLSearchParams | FormData) {
  const res = await fetch(`${srv.url}${path}`, { method: "POST", redirect: "manual", headers: { Cookie: cookie, Origin: srv.url }, body });
  return { status: res.status, body: (await res.text()).replace(/<!-- -->/g, ""), location: res.headers.get("Location") };
}

async function session(email: string) {
  const res = await fetch(`${srv.url}/dang-nhap`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: srv.url },
    body: new URLSearchParams({ email, password: "demo12345" }).toString(),
  });
  expect(res.status).toBe(302);
  return res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}

const en = () => `${producer}; ${enCookie}`;

async function upload(entryId: number, docType: string, files: Array<[string, Buffer, string]>) {
  const form = new FormData();
  form.set("intent", "upload");
  form.set("docType", docType);
  for (const [name, bytes, type] of files) form.append("files", new Blob([new Uint8Array(bytes)], { type }), name);
  const r = await post(`/co-so/du-thi/${entryId}`, en(), form);
  expect(r.status, r.body.slice(0, 300)).toBe(302);
}

let draftId = 0;
let provincialId = 0;
let nationalId = 0;
let communeRoundId = 0;

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
  producer = await session("coso@demo.cnnt.vn");
  organizer = await session("ubnd.phulang@demo.cnnt.vn");
  sqlite = new Database(srv.dbPath, { readonly: true });
  const est = sqlite.prepare("select e.id from establishments e join establishment_members m on m.establishment_id = e.id join users u on u.id = m.user_id where u.email = ?").pluck().get("coso@demo.cnnt.vn") as number;
  const entryOf = (level: string) => sqlite.prepare("select en.id from entries en join rounds r on r.id = en.round_id where en.establishment_id = ? and r.level = ?").pluck().get(est, level) as number;
  provincialId = entryOf("province");
  nationalId = entryOf("national");
  communeRoundId = sqlite.prepare("select id from rounds where level = 'commune' and status = 'open'").pluck().get() as number;
  const productId = sqlite.prepare("select id from products where establishment_id = ?").pluck().get(est) as number;
  expect(provincialId && nationalId && communeRoundId && productId).toBeTruthy();
  // A draft in the commune round, registered through the page, with two of its slots filled.
  const reg = await post("/co-so/ky-binh-chon", en(), new URLSearchParams({ roundId: String(communeRoundId), productId: String(productId) }));
  expect(reg.status).toBe(302);
  draftId = Number(reg.location!.match(/du-thi\/(\d+)/)![1]);
  await upload(draftId, "registration_form", [["phieu-dang-ky.pdf", await makePdf(), "application/pdf"]]);
  await upload(draftId, "product_photos", [["anh-1.png", makePng(64, 48, [200, 40, 40]), "image/png"]]);
  loadDataValues();
}, 120_000);

afterAll(async () => {
  sqlite?.close();
  await srv?.stop();
});

describe("the dossier page in English", () => {
  it("a draft with documents missing: English title, checklist, deadline, slots and missing list", async () => {
    const { status, body } = await get(`/co-so/du-thi/${draftId}?da-luu=product_photos`, en());
    expect(status).toBe(200);
    expect(title(body)).toMatch(/^Dossier: .+ - My establishment$/);
    const main = mainOf(body);
    for (const s of ["Steps to take part", "Establishment details", "Submission deadline:", "days left", "Documents", "Registration form", "Colour photos of the product", "Required", "Optional", "Complete", "File saved.", "Download the pre-filled form:", "Submit the dossier", "The dossier still lacks:", "Colour photos of the product: at least 3 files needed, 1 so far.", "Business registration certificate: no file yet.", "Your submission records this declaration in its Vietnamese wording.", "Progress", "Withdraw the dossier", "Handicrafts and fine arts", "Being prepared", "Commune level"]) {
      expect(decode(main), s).toContain(s);
    }
    expect(vietnameseLeft(body)).toEqual([]);
  });

  it("a refused submission (documents missing, then no commitment) answers in English", async () => {
    const refused = await post(`/co-so/du-thi/${draftId}`, en(), new URLSearchParams({ intent: "submit", commitment: "1" }));
    expect(refused.status).toBe(422);
    expect(decode(refused.body)).toContain("Upload:");
    expect(decode(refused.body)).toContain("Product description: no file yet.");
    expect(vietnameseLeft(refused.body)).toEqual([]);
    // Fill the rest, then submit without ticking the commitment.
    await upload(draftId, "business_registration", [["dkkd.pdf", await makePdf("DKKD"), "application/pdf"]]);
    await upload(draftId, "product_description", [["thuyet-minh.pdf", await makePdf("Thuyet minh"), "application/pdf"]]);
    await upload(draftId, "product_photos", [
      ["anh-2.png", makePng(64, 48, [40, 200, 40]), "image/png"],
      ["anh-3.png", makePng(64, 48, [40, 40, 200]), "image/png"],
    ]);
    loadDataValues();
    const ready = await get(`/co-so/du-thi/${draftId}`, en());
    expect(decode(ready.body)).toContain("All required documents are there.");
    expect(vietnameseLeft(ready.body)).toEqual([]);
    const unticked = await post(`/co-so/du-thi/${draftId}`, en(), new URLSearchParams({ intent: "submit" }));
    expect(unticked.status).toBe(400);
    expect(vietnameseLeft(unticked.body)).toEqual([]);
    expect(decode(mainOf(unticked.body))).toMatch(/f-commitment-error[^>]*>[^<]*[A-Za-z]/);
  });

  it("the submitted dossier and its receipt page: English around the Vietnamese receipt", async () => {
    const done = await post(`/co-so/du-thi/${draftId}`, en(), new URLSearchParams({ intent: "submit", commitment: "1" }));
    expect(done.status).toBe(302);
    expect(done.location).toBe(`/co-so/du-thi/${draftId}/bien-nhan`);
    loadDataValues();
    const page = await get(`/co-so/du-thi/${draftId}`, en());
    expect(page.status).toBe(200);
    for (const s of ["Submitted, awaiting intake", "The dossier has been submitted and is locked.", "View the receipt", "Download the receipt (PDF)", "Locked", "Dossier submitted"]) expect(decode(page.body), s).toContain(s);
    expect(vietnameseLeft(page.body)).toEqual([]);

    const receipt = await get(`/co-so/du-thi/${draftId}/bien-nhan`, en());
    expect(receipt.status).toBe(200);
    expect(title(receipt.body)).toMatch(/^Receipt for dossier \S+/);
    const card = receipt.body.match(/<section class="card" lang="vi">[\s\S]*?<\/section>/)?.[0];
    expect(card, "the receipt card, marked Vietnamese").toBeTruthy();
    expect(card).toContain("Biên nhận hồ sơ tham gia bình chọn");
    expect(card).toContain("Hạn trả lời");
    const around = receipt.body.replace(card!, "");
    for (const s of ["← Dossier", "Below is the official receipt.", "In short: dossier no.", "Print the receipt", "Download the receipt (PDF)", "dossier status lookup"]) expect(decode(around), s).toContain(s);
    expect(vietnameseLeft(around)).toEqual([]);
  });

  it("a request to complete: the opened items by their English names, the resubmit card", async () => {
    const version = sqlite.prepare("select version from entries where id = ?").pluck().get(draftId) as number;
    const req = await post(
      `/to-chuc/vong/${communeRoundId}/ho-so/${draftId}`,
      organizer,
      new URLSearchParams({ intent: "request", docTypes: "registration_form", message: "Phiếu đăng ký chưa có chữ ký của người đại diện.", version: String(version) }),
    );
    expect(req.status, req.body.slice(0, 300)).toBe(302);
    loadDataValues();
    const { body } = await get(`/co-so/du-thi/${draftId}`, en());
    for (const s of ["Needs completion", "The organizer asks you to complete the dossier", "Items opened for completion: Registration form.", "Resubmit the dossier", "Completion requested", "Phiếu đăng ký chưa có chữ ký của người đại diện."]) expect(decode(body), s).toContain(s);
    expect(vietnameseLeft(body)).toEqual([]);
  });

  it("the accepted provincial entry: status, timeline and details in English", async () => {
    const { status, body } = await get(`/co-so/du-thi/${provincialId}`, en());
    expect(status).toBe(200);
    for (const s of ["Dossier accepted", "Provincial level", "Progress", "Details"]) expect(decode(body), s).toContain(s);
    expect(vietnameseLeft(body)).toEqual([]);
  });

  it("the published, recognised national entry: the results block in English", async () => {
    const { status, body } = await get(`/co-so/du-thi/${nationalId}`, en());
    expect(status).toBe(200);
    const main = decode(mainOf(body));
    for (const s of ["Result of the round: Recognised", "Mean score", "Pass mark", "70 points", "Rank", "Recognition decision", "Certificate", "Download the certificate (PDF)", "Disagree with the result?", "File a complaint about the result", "National level", "Results published."]) {
      expect(main, s).toContain(s);
    }
    expect(main).toMatch(/<strong class="result-mean">\d{2}\.\d{2}<\/strong>/);
    expect(vietnameseLeft(body)).toEqual([]);
  });

  it("every hint the step checklist's module writes has its English (app/modules/forms/dossier-extras.server.ts)", () => {
    const hints = [
      "Còn thiếu: mã số đăng ký, địa chỉ, người đại diện, điện thoại (điền sẵn vào phiếu đăng ký).",
      "Đã đủ thông tin để điền phiếu đăng ký.",
      "Nên bổ sung: mô tả, ảnh.",
      "Đã có mô tả và ảnh sản phẩm.",
      "Đã nộp kèm hồ sơ.",
      "Đã đủ tài liệu bắt buộc.",
      "Còn thiếu 4 mục bắt buộc.",
      "Đã nộp; xem biên nhận.",
      "Bổ sung rồi nộp lại.",
      "Tích ô cam đoan rồi bấm “Nộp hồ sơ”.",
      "Đã công bố kết quả.",
      "Dự kiến công bố 14/02/2027.",
      "Công bố sau khi hội đồng họp.",
    ];
    for (const h of hints) {
      const en = stepHint("en", h);
      expect(en, h).toBeTruthy();
      expect(DIACRITICS.test(en!), `${h} → ${en}`).toBe(false);
      expect(stepHint("vi", h)).toBe(h);
    }
    expect(stepHint("en", "Còn thiếu: điện thoại (điền sẵn vào phiếu đăng ký).")).toBe("Missing: phone (pre-filled into the registration form).");
    expect(slotNameFromVietnamese("Ảnh màu sản phẩm")).toBe("Colour photos of the product");
    expect(slotNameFromVietnamese("Tên lạ")).toBeNull();
  });

  it("every English text of the dictionary is English, and every key has one", () => {
    expect(Object.keys(dossierEn).sort()).toEqual(Object.keys(dossierVi).sort());
    const left = Object.entries(dossierEn).filter(([, v]) => DIACRITICS.test(v));
    expect(left).toEqual([]);
  });
});

describe("in Vietnamese nothing changes", () => {
  it("the draft, the result and the receipt keep their Vietnamese texts", async () => {
    const result = await get(`/co-so/du-thi/${nationalId}`, producer);
    expect(title(result.body)).toMatch(/^Hồ sơ .+ - Cơ sở của tôi$/);
    for (const s of ["Kết quả bình chọn: Được công nhận", "Điểm trung bình", "Quyết định công nhận", "Tải giấy chứng nhận (PDF)", "Các bước tham gia", "Tiến trình", "Cấp quốc gia", "Đã công bố kết quả."]) {
      expect(decode(result.body), s).toContain(s);
    }
    expect(result.body).toMatch(/<strong class="result-mean">\d{2},\d{2}<\/strong>/);
    // The check used above does see Vietnamese when it is there.
    expect(vietnameseLeft(result.body).length).toBeGreaterThan(10);
    const draft = await get(`/co-so/du-thi/${draftId}`, producer);
    for (const s of ["Tài liệu", "Phiếu đăng ký", "Ảnh màu sản phẩm", "Nộp lại hồ sơ", "Cơ quan tổ chức yêu cầu bổ sung", "Tôi cam đoan các thông tin"]) expect(decode(draft.body), s).toContain(s);
    expect(decode(draft.body)).not.toContain("Vietnamese wording");
    const receipt = await get(`/co-so/du-thi/${draftId}/bien-nhan`, producer);
    expect(title(receipt.body)).toMatch(/^Biên nhận hồ sơ \S+$/);
    for (const s of ["← Hồ sơ", "In biên nhận", "Tải biên nhận (PDF)", "tra cứu tình trạng hồ sơ"]) expect(decode(receipt.body), s).toContain(s);
    expect(receipt.body).not.toContain("Below is the official receipt");
  });

  it("the staff areas stay Vietnamese with the English cookie (the organizer's view of the same dossier)", async () => {
    const { status, body } = await get(`/to-chuc/vong/${communeRoundId}/ho-so/${draftId}`, `${organizer}; ${enCookie}`);
    expect(status).toBe(200);
    expect(decode(body)).toContain("Phiếu đăng ký");
    expect(decode(body)).not.toContain("Registration form");
  });
});
