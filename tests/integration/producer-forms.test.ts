/**
 * The pre-filled dossier forms (issue 12 item 2, docs/decisions/0036) through the real route, on a
 * real database: the Word file read back (word/document.xml) and the PDF rendered by pdftotext
 * hold the profile's and the product's values; another establishment, an organizer and unknown
 * file names get 404/403.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { unzipSync, strFromU8 } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { entries, establishmentMembers, establishments, products } from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { loader as formLoader } from "~/routes/co-so.du-thi.$entryId.mau.$file";
import { createBody, createCommune, createOrganizer, createRound, createUser, province, requestWithCookie } from "../helpers/fixtures";
import { makeTempDir } from "../helpers/tmp";

const EST = "Hợp tác xã Mây tre đan Phú Vinh";
const REP = "Nguyễn Thị Hằng";
const PRODUCT = "Giỏ mây đan hoa văn trống đồng";
const STREET = "Thôn Phú Vinh";
let owner: string;
let stranger: string;
let organizer: string;
let entryId: number;
let strangerEntryId: number;
const out = makeTempDir("forms");

async function producer(email: string, name: string, communeId: number, provinceId: number) {
  const userId = await createUser(email);
  const est = db
    .insert(establishments)
    .values({ legalType: "cooperative", name, provinceId, unitId: communeId, street: STREET, registrationNo: "0500123456", phone: "0912 345 678", email: "htx@phuvinh.vn", representative: REP })
    .returning()
    .get();
  db.insert(establishmentMembers).values({ establishmentId: est.id, userId, role: "owner" }).run();
  return { cookie: await startSession(userId), estId: est.id };
}

beforeAll(async () => {
  const hn = province("01");
  const commune = createCommune(hn.id, "Phú Nghĩa Thử");
  const body = createBody("UBND xã Phú Nghĩa Thử", "commune", commune.id);
  const round = createRound(body.id, "commune", commune.id, "Bình chọn sản phẩm CNNT tiêu biểu cấp xã Phú Nghĩa Thử năm 2026", { registrationClosesOn: "2099-12-31" });
  const a = await producer("htx@forms.test", EST, commune.id, hn.id);
  const b = await producer("khac@forms.test", "Hộ kinh doanh Khác", commune.id, hn.id);
  owner = a.cookie;
  stranger = b.cookie;
  const add = (estId: number, name: string) => {
    const product = db.insert(products).values({ establishmentId: estId, name, productGroupId: 1, description: "Đan thủ công từ mây rừng, sơn PU chống ẩm." }).returning().get();
    return db.insert(entries).values({ roundId: round.id, productId: product.id, establishmentId: estId, status: "draft" }).returning().get().id;
  };
  entryId = add(a.estId, PRODUCT);
  strangerEntryId = add(b.estId, "Sản phẩm của cơ sở khác");
  const orgId = await createOrganizer("org@forms.test", body.id);
  organizer = await startSession(orgId);
});

async function get(cookie: string, id: number, file: string): Promise<Response> {
  try {
    return await formLoader({ request: requestWithCookie(`/co-so/du-thi/${id}/mau/${file}`, cookie), params: { entryId: String(id), file }, context: {} } as never);
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

const docxText = (bytes: Uint8Array) => strFromU8(unzipSync(bytes)["word/document.xml"]!).replace(/<[^>]+>/g, "");
function pdfText(bytes: Uint8Array, name: string) {
  const file = path.join(out, name);
  fs.writeFileSync(file, bytes);
  return execFileSync("pdftotext", ["-layout", file, "-"]).toString();
}
/** pdftotext -layout may split a long value over lines: compare with collapsed whitespace. */
const flat = (s: string) => s.replace(/\s+/g, " ");

describe("pre-filled forms", () => {
  it("the registration form as Word holds the profile's and the product's values", async () => {
    const res = await get(owner, entryId, "phieu-dang-ky.docx");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(res.headers.get("Content-Disposition")).toBe(`attachment; filename="phieu-dang-ky-${entryId}.docx"`);
    const text = docxText(new Uint8Array(await res.arrayBuffer()));
    for (const v of [EST, "Hợp tác xã", "0500123456", `${STREET}, Xã Phú Nghĩa Thử, Thành phố Hà Nội`, REP, "0912 345 678", "htx@phuvinh.vn", PRODUCT, "Nhóm 1: Thủ công mỹ nghệ"]) {
      expect(text).toContain(v);
    }
    expect(text).toContain("PHIẾU ĐĂNG KÝ");
    expect(text).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(text).toContain("(Ký, ghi rõ họ tên, đóng dấu nếu có)");
    expect(text).toContain("Phú Nghĩa Thử, ngày …… tháng …… năm ……");
    expect(text).toContain("cam đoan");
  });

  it("the registration form as PDF renders the same values", async () => {
    const res = await get(owner, entryId, "phieu-dang-ky.pdf");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe("%PDF-");
    const text = flat(pdfText(bytes, "phieu.pdf"));
    for (const v of [EST, "0500123456", REP, "0912 345 678", PRODUCT, "PHIẾU ĐĂNG KÝ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Xã Phú Nghĩa Thử", "(Ký, ghi rõ họ tên, đóng dấu nếu có)"]) {
      expect(text).toContain(v);
    }
    if (process.env.FORMS_SHOTS) fs.copyFileSync(path.join(out, "phieu.pdf"), path.join(process.env.FORMS_SHOTS, "phieu-dang-ky.pdf"));
  });

  it("the explanation has the product's values and one section per criteria group", async () => {
    const docx = await get(owner, entryId, "ban-thuyet-minh.docx");
    expect(docx.status).toBe(200);
    const text = docxText(new Uint8Array(await docx.arrayBuffer()));
    for (const v of ["BẢN THUYẾT MINH SẢN PHẨM", PRODUCT, EST, REP, "Đan thủ công từ mây rừng", "I. ĐÁP ỨNG THỊ TRƯỜNG", "II. KINH TẾ - KỸ THUẬT", "III. TÍNH VĂN HÓA", "IV. MỘT SỐ TIÊU CHÍ KHÁC", "I.1 Đáp ứng nhu cầu thị trường"]) {
      expect(text).toContain(v);
    }
    const pdf = await get(owner, entryId, "ban-thuyet-minh.pdf");
    expect(pdf.status).toBe(200);
    const ptext = flat(pdfText(new Uint8Array(await pdf.arrayBuffer()), "thuyet-minh.pdf"));
    for (const v of ["BẢN THUYẾT MINH SẢN PHẨM", PRODUCT, EST, REP, "IV. MỘT SỐ TIÊU CHÍ KHÁC"]) expect(ptext).toContain(v);
    if (process.env.FORMS_SHOTS) fs.copyFileSync(path.join(out, "thuyet-minh.pdf"), path.join(process.env.FORMS_SHOTS, "ban-thuyet-minh.pdf"));
  });

  it("another establishment's producer gets 404, an organizer 403, unknown names 404", async () => {
    expect((await get(stranger, entryId, "phieu-dang-ky.pdf")).status).toBe(404);
    expect((await get(stranger, entryId, "ban-thuyet-minh.docx")).status).toBe(404);
    expect((await get(owner, strangerEntryId, "phieu-dang-ky.docx")).status).toBe(404);
    expect((await get(organizer, entryId, "phieu-dang-ky.pdf")).status).toBe(403);
    const anonymous = await get("", entryId, "phieu-dang-ky.pdf");
    expect([302, 401, 403]).toContain(anonymous.status);
    for (const bad of ["phieu-dang-ky.exe", "khac.pdf", "phieu-dang-ky", "..%2Fetc.pdf", "PHIEU-DANG-KY.PDF"]) {
      expect((await get(owner, entryId, bad)).status).toBe(404);
    }
    expect((await get(owner, 999_999, "phieu-dang-ky.pdf")).status).toBe(404);
  });
});
