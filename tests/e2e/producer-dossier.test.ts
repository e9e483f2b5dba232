/**
 * A producer signs up, fills the profile, adds a product with three photos, registers it into the
 * demo's open round, uploads the documents with real files, submits, and sees the receipt and the
 * timeline, in Debian's chromium against the built server, at 1280 px and at 360 px.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { uploadTo } from "../helpers/ui";
import { makePdf, makePng, writeFiles } from "../helpers/files";
import { startServer, type RunningServer } from "../helpers/server";
import { TMP_ROOT } from "../helpers/tmp";

let server: RunningServer;
let browser: Browser;
let f: Record<string, string>;
const shots = path.join(TMP_ROOT, "screenshots");

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  server = await startServer({ seedDemo: true });
  browser = await launchBrowser();
  f = writeFiles(path.join(server.dir, "upload-files"), {
    "Phiếu đăng ký.pdf": await makePdf("Phieu dang ky"),
    "Giấy ĐKKD.pdf": await makePdf("Giay chung nhan dang ky kinh doanh"),
    "Thuyết minh.pdf": await makePdf("Ban thuyet minh san pham"),
    "mat-truoc.png": makePng(120, 90, [170, 60, 30]),
    "mat-ben.png": makePng(120, 90, [60, 140, 30]),
    "mat-day.png": makePng(120, 90, [30, 60, 170]),
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) fs.rmSync(server.dir, { recursive: true, force: true });
});


describe.each([
  { name: "desktop", width: 1280, height: 900 },
  { name: "phone", width: 360, height: 740 },
])("the producer's dossier on a $name ($width px)", ({ name, width, height }) => {
  it("from sign-up to the receipt", async () => {
    const page = await browser.newPage({ viewport: { width, height } });
    const email = `lan.${name}@example.vn`;

    // Sign up in Bắc Ninh.
    await page.goto(`${server.url}/dang-ky`);
    await page.fill("#f-establishmentName", `Cơ sở Gốm Lan ${name}`);
    await page.selectOption("#f-legalType", "household");
    await page.selectOption("#f-provinceId", { label: "Tỉnh Bắc Ninh" });
    await page.fill("#f-fullName", "Trần Thị Lan");
    await page.fill("#f-email", email);
    await page.fill("#f-password", "matkhau123");
    await page.fill("#f-passwordConfirm", "matkhau123");
    await page.click("button:has-text('Tạo tài khoản')");
    await page.locator("h1", { hasText: "Cơ sở của tôi" }).waitFor();

    // Profile: the commune decides which rounds are open to the establishment.
    await page.click("text=Bổ sung ngay");
    await page.locator("h1", { hasText: "Thông tin cơ sở" }).waitFor();
    await page.fill("#f-registrationNo", "27A8012345");
    await page.selectOption("#f-unitId", { label: "Xã Phù Lãng" });
    await page.fill("#f-street", "Thôn Phù Lãng");
    await page.fill("#f-representative", "Trần Thị Lan");
    await page.fill("#f-phone", "0912 345 678");
    await page.click("button:has-text('Lưu thông tin')");
    await page.locator(".alert.success", { hasText: "Đã lưu thông tin cơ sở" }).waitFor();

    // A product with three photos chosen at once.
    await page.click("a:has-text('Thêm sản phẩm')");
    await page.locator("h1", { hasText: "Thêm sản phẩm" }).waitFor();
    await page.fill("#f-name", "Bình gốm men da lươn");
    await page.selectOption("#f-productGroupId", "1");
    await page.fill("#f-description", "Gốm đất nung, men da lươn, nung củi.");
    await page.setInputFiles("#f-photos", [f["mat-truoc.png"]!, f["mat-ben.png"]!, f["mat-day.png"]!]);
    await page.click("button:has-text('Lưu sản phẩm')");
    await page.locator("h1", { hasText: "Bình gốm men da lươn" }).waitFor();
    expect(await page.locator(".photo-list img").count()).toBe(3);

    // Register into the demo's open commune round.
    await page.goto(`${server.url}/co-so/ky-binh-chon`);
    const round = page.locator("section.card", { hasText: "xã Phù Lãng" });
    await round.locator("select[name=productId]").selectOption({ label: "Bình gốm men da lươn" });
    await round.locator("button", { hasText: "Đăng ký tham gia" }).click();
    await page.locator("h1", { hasText: "Hồ sơ: Bình gốm men da lươn" }).waitFor();

    // Submitting too early lists what is missing.
    await page.locator("button", { hasText: "Nộp hồ sơ" }).click();
    await page.locator(".alert.error", { hasText: "Hồ sơ còn thiếu" }).waitFor();

    await uploadTo(page, "registration_form", [f["Phiếu đăng ký.pdf"]!]);
    await uploadTo(page, "business_registration", [f["Giấy ĐKKD.pdf"]!]);
    await uploadTo(page, "product_description", [f["Thuyết minh.pdf"]!]);
    await uploadTo(page, "product_photos", [f["mat-truoc.png"]!, f["mat-ben.png"]!, f["mat-day.png"]!]);
    expect(await page.locator("#slot-registration_form .files li").first().innerText()).toContain("Phiếu đăng ký.pdf");
    await page.screenshot({ path: path.join(shots, `dossier-${width}.png`), fullPage: true });

    await page.check("#f-commitment");
    await page.locator("button", { hasText: "Nộp hồ sơ" }).click();
    await page.locator("dialog[open] button", { hasText: "Xác nhận nộp" }).click();
    await page.locator("h1", { hasText: "Biên nhận hồ sơ" }).waitFor();
    const receipt = await page.locator(".receipt").innerText();
    expect(receipt).toMatch(/Số hồ sơ: HS\d{4}-\d+-\d{4}/);
    expect(receipt).toContain("Hạn trả lời");
    expect(receipt).toContain("Ảnh màu sản phẩm: mat-day.png");
    await page.screenshot({ path: path.join(shots, `receipt-${width}.png`), fullPage: true });

    await page.click("text=← Hồ sơ");
    await page.locator(".timeline").waitFor();
    const timeline = await page.locator(".timeline").innerText();
    expect(timeline).toContain("Đăng ký tham gia");
    expect(timeline).toContain("Nộp hồ sơ");
    expect(await page.locator(".badge", { hasText: "Đã nộp, chờ tiếp nhận" }).count()).toBe(1);
    expect(await page.locator("input[type=file]").count()).toBe(0);

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.close();
  });
});
