/**
 * A producer on a phone (360 px), in Debian's chromium against the built server with the demo
 * data (issue 12): from the home page's list of open rounds, a signed-out visitor presses
 * "Đăng ký tham gia", logs in as the demo producer, lands on that round, registers its product,
 * tries to submit too early and sees what is missing right by the button, then completes the
 * dossier (the generated registration form downloaded as PDF and Word, the PDF uploaded back as
 * the "Phiếu đăng ký"; the product's photos added once on the product page and reused in the
 * dossier), ticks the commitment, confirms in the dialog and downloads the receipt PDF. The public
 * results page is read as cards on the phone and as a table at 1280 px.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { makePdf, makePng, writeFiles } from "../helpers/files";
import { startServer, type RunningServer } from "../helpers/server";
import { TMP_ROOT } from "../helpers/tmp";
import { DEMO_PASSWORD, uploadTo } from "../helpers/ui";

let server: RunningServer;
let browser: Browser;
let f: Record<string, string>;
const shots = process.env.JOURNEY_SHOTS ?? path.join(TMP_ROOT, "screenshots");
const PRODUCT = "Bình gốm men da lươn Phù Lãng";

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  server = await startServer({ seedDemo: true });
  browser = await launchBrowser();
  f = writeFiles(path.join(server.dir, "upload-files"), {
    "giay-dkkd.pdf": await makePdf("Giay DKKD"),
    "thuyet-minh.pdf": await makePdf("Thuyet minh"),
    "anh-1.png": makePng(120, 90, [170, 60, 30]),
    "anh-2.png": makePng(120, 90, [60, 140, 30]),
    "anh-3.png": makePng(120, 90, [30, 60, 170]),
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) fs.rmSync(server.dir, { recursive: true, force: true });
});

/** Both widths' screenshots of the current page, back at 360 px after. */
async function shoot(page: Page, name: string) {
  await page.screenshot({ path: path.join(shots, `${name}-360.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: path.join(shots, `${name}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 360, height: 740 });
}

const noOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe("a producer on a phone finds a round on the home page and submits", () => {
  it("home → log in → the round → missing documents by the button → commitment, confirmation, receipt", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "vi-VN" });
    const page = await context.newPage();
    // A route module that fails in the browser (e.g. server code in it) would leave the page unhydrated.
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error" && /route module|is not a function/i.test(m.text())) errors.push(m.text());
    });

    // The home page lists the demo's open commune round, with its deadline and days left.
    await page.goto(server.url);
    const card = page.locator(".open-round", { hasText: "xã Phù Lãng" });
    await card.waitFor();
    expect(await card.innerText()).toMatch(/còn \d+ ngày/);
    expect(await card.innerText()).toContain("Cơ sở công nghiệp nông thôn có địa chỉ sản xuất trên địa bàn Xã Phù Lãng");
    // A search box that goes to the lookup; products and rounds are links.
    expect(await page.locator("form[action='/tra-cuu'] input[name=q]").count()).toBe(1);
    expect(await page.locator("a[href^='/ket-qua/']").count()).toBeGreaterThan(0);
    expect(await page.locator("a[href^='/san-pham/']").count()).toBeGreaterThan(0);
    expect(await noOverflow(page)).toBeLessThanOrEqual(0);
    const resultsHref = (await page.locator("a[href^='/ket-qua/']").first().getAttribute("href"))!;
    await shoot(page, "home");
    // The search box goes to the lookup with the words typed.
    await page.fill("#home-q", "gom phu lang");
    await page.click("form[action='/tra-cuu'] button[type=submit]");
    await page.waitForURL(/\/tra-cuu\?q=gom\+phu\+lang/);
    await page.goBack();
    await card.waitFor();

    // Register: a signed-out visitor goes through log-in (sign-up is offered with the same return).
    await card.locator("a.button", { hasText: "Đăng ký tham gia" }).click();
    await page.waitForURL(/\/dang-nhap\?next=/);
    // The URL changes before the log-in page has rendered (client navigation): wait for its form,
    // then read the sign-up link that carries the return path (not the header's plain one).
    await page.locator("#f-email").waitFor();
    const signUp = page.locator('a[href^="/dang-ky?next="]');
    await signUp.waitFor();
    expect(await signUp.getAttribute("href")).toMatch(/^\/dang-ky\?next=%2Fco-so%2Fky-binh-chon/);
    await page.fill("#f-email", "coso@demo.cnnt.vn");
    await page.fill("#f-password", DEMO_PASSWORD);
    await page.click("button[type=submit]:has-text('Đăng nhập')");
    await page.waitForURL(/\/co-so\/ky-binh-chon\?vong=\d+/);
    const round = page.locator("section.card.chosen-round");
    expect(await round.locator("h2").innerText()).toContain("xã Phù Lãng");
    await round.locator("select[name=productId]").selectOption({ label: PRODUCT });
    await round.locator("button", { hasText: "Đăng ký tham gia" }).click();
    await page.locator("h1", { hasText: `Hồ sơ: ${PRODUCT}` }).waitFor();
    const dossierUrl = page.url().replace(/[?#].*$/, "");

    // Where the producer stands, and how long is left.
    expect(await page.locator(".step-checklist .step").count()).toBe(5);
    expect(await page.locator(".step-checklist .step.current").count()).toBe(1);
    expect(await page.locator(".deadline-note").innerText()).toMatch(/Hạn nộp hồ sơ: \d{2}\/\d{2}\/\d{4} · (còn \d+ ngày|hết hạn hôm nay)/);

    // Too early: the message is right by the button, with a link to each missing slot.
    const submitButton = page.locator(".submit-card button[type=submit]");
    await submitButton.click();
    const problem = page.locator(".submit-card .submit-problem");
    await problem.waitFor();
    expect(await problem.innerText()).toContain("Hồ sơ còn thiếu");
    expect(await problem.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")))).toEqual([
      "#slot-registration_form",
      "#slot-business_registration",
      "#slot-product_description",
      "#slot-product_photos",
    ]);
    const [p, b] = [await problem.boundingBox(), await submitButton.boundingBox()];
    expect(b!.y - (p!.y + p!.height)).toBeLessThan(40); // directly above the button
    await problem.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, "dossier-missing-viewport-360.png") });
    await shoot(page, "dossier-missing");
    await problem.locator("a[href='#slot-product_photos']").click();
    await page.waitForURL(/#slot-product_photos$/);

    // The registration form, pre-filled: downloaded as PDF and as Word, the PDF uploaded back.
    const formSlot = page.locator("#slot-registration_form");
    const download = async (ext: "pdf" | "docx") => {
      const [d] = await Promise.all([page.waitForEvent("download"), formSlot.locator(`a[data-form=phieu-dang-ky][data-ext=${ext}]`).click()]);
      expect(d.suggestedFilename()).toMatch(new RegExp(`^phieu-dang-ky-\\d+\\.${ext}$`));
      const file = path.join(server.dir, "upload-files", d.suggestedFilename());
      await d.saveAs(file);
      return file;
    };
    const formPdf = await download("pdf");
    const pdfText = execFileSync("pdftotext", ["-layout", formPdf, "-"]).toString();
    expect(pdfText).toContain("PHIẾU ĐĂNG KÝ");
    expect(pdfText).toContain("Hợp tác xã Gốm Phù Lãng");
    expect(pdfText).toContain(PRODUCT);
    const docxXml = strFromU8(unzipSync(fs.readFileSync(await download("docx")))["word/document.xml"]!).replace(/<[^>]+>/g, "");
    expect(docxXml).toContain("Hợp tác xã Gốm Phù Lãng");
    expect(docxXml).toContain(PRODUCT);
    await uploadTo(page, "registration_form", [formPdf]);
    expect(await formSlot.locator(".files li").first().innerText()).toContain("phieu-dang-ky-");
    await uploadTo(page, "business_registration", [f["giay-dkkd.pdf"]!]);
    await uploadTo(page, "product_description", [f["thuyet-minh.pdf"]!]);

    // Photos: added once to the product (through the checklist's link), then reused in the dossier.
    await page.locator(".step-checklist a", { hasText: "Sản phẩm" }).click();
    await page.locator("form[data-auto-upload=ready]:has(#f-add-photos)").waitFor();
    await page.setInputFiles("#f-add-photos", [f["anh-1.png"]!, f["anh-2.png"]!, f["anh-3.png"]!]);
    await page.locator(".photo-list img").nth(2).waitFor();
    await page.goto(dossierUrl);
    const photoSlot = page.locator("#slot-product_photos");
    for (let i = 0; i < 3; i++) {
      await photoSlot.locator("button.photo-offer-item:not([disabled])").first().click();
      await photoSlot.locator(".files li").nth(i).waitFor();
    }
    await page.locator(".step-checklist").scrollIntoViewIfNeeded();
    await shoot(page, "dossier-ready");

    // Complete, but the commitment is not ticked: the server says so next to the checkbox.
    await submitButton.click();
    await page.locator("#f-commitment-error").waitFor();
    expect(await page.locator("#f-commitment-error").innerText()).toBe("Vui lòng đánh dấu ô cam đoan trước khi nộp hồ sơ.");

    // Ticked: a dialog says the dossier will be locked; going back changes nothing.
    await page.check("#f-commitment");
    await submitButton.click();
    const dialog = page.locator("dialog.confirm-dialog[open]");
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain("khóa");
    await page.screenshot({ path: path.join(shots, "dossier-confirm-360.png") });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: path.join(shots, "dossier-confirm-1280.png") });
    await page.setViewportSize({ width: 360, height: 740 });
    await dialog.locator("button", { hasText: "Quay lại kiểm tra" }).click();
    await page.locator("dialog.confirm-dialog[open]").waitFor({ state: "detached" });
    expect(page.url()).not.toContain("bien-nhan");

    await submitButton.click();
    await dialog.locator("button", { hasText: "Xác nhận nộp" }).click();
    await page.locator("h1", { hasText: "Biên nhận hồ sơ" }).waitFor();
    // The receipt as a PDF.
    await page.goto(dossierUrl);
    const [receipt] = await Promise.all([page.waitForEvent("download"), page.locator("a[href$='/bien-nhan.pdf']").first().click()]);
    const receiptFile = path.join(server.dir, "upload-files", "bien-nhan.pdf");
    await receipt.saveAs(receiptFile);
    expect(fs.readFileSync(receiptFile).subarray(0, 5).toString()).toBe("%PDF-");
    expect(execFileSync("pdftotext", ["-layout", receiptFile, "-"]).toString()).toMatch(/Phiếu đăng ký[\s\S]*HS\d{4}-\d+-\d{4}/);
    await page.goto(`${dossierUrl}/bien-nhan`);
    await page.locator("h1", { hasText: "Biên nhận hồ sơ" }).waitFor();
    await page.click("text=← Hồ sơ");
    await page.locator(".timeline").waitFor();
    expect(await page.locator(".timeline").innerText()).toContain("cam đoan hồ sơ đúng sự thật");
    expect(await noOverflow(page)).toBeLessThanOrEqual(0);

    // The public results: cards on the phone, the table on a wide screen.
    await page.goto(`${server.url}${resultsHref}`);
    const firstRow = page.locator("table.results-cards tbody tr").first();
    await firstRow.waitFor();
    const cardBox = await firstRow.boundingBox();
    expect(cardBox!.width).toBeLessThanOrEqual(360);
    expect(await firstRow.locator("td.c-product a").isVisible()).toBe(true);
    expect(await firstRow.locator("td.c-number a").getAttribute("href")).toMatch(/^\/xac-thuc\?so=/);
    expect(await noOverflow(page)).toBeLessThanOrEqual(0);
    await shoot(page, "results");
    expect(errors).toEqual([]);
    await context.close();
  });
});
