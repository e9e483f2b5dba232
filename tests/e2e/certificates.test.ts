/**
 * In Debian's chromium against the built server with the demo data: the organizer issues the
 * national round's certificates (progress bar), downloads one, the PDF is rendered to PNG with
 * pdftoppm and its QR code decoded with jsqr; that address shows the certificate as valid. Then a
 * visitor searches the lookup without diacritics and opens the product; revocation shows on the
 * verification page. Screenshots at 360 and 1280 px go to tests/.tmp/screenshots.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { confirmAction, logIn as logInAs } from "../helpers/ui";
import { startServer, type RunningServer } from "../helpers/server";
import { TMP_ROOT } from "../helpers/tmp";

let server: RunningServer;
let browser: Browser;
const shots = path.join(TMP_ROOT, "screenshots");
let verifyUrl = "";
let nationalRoundId = 0;

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  server = await startServer({ seedDemo: true });
  browser = await launchBrowser();
  // The demo seeds the national round's certificates; take the last three away so that issuing
  // has rows to create (as for a round whose council has just recognised its products).
  const sqlite = new Database(server.dbPath);
  nationalRoundId = (sqlite.prepare("select id from rounds where level = 'national' and status = 'published'").get() as { id: number }).id;
  sqlite
    .prepare(
      `delete from certificates where id in (select c.id from certificates c join entries e on e.id = c.entry_id
       where e.round_id = ? order by c.number desc limit 3)`,
    )
    .run(nationalRoundId);
  sqlite.close();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) fs.rmSync(server.dir, { recursive: true, force: true });
});

function logIn(page: Page, email: string) {
  return logInAs(page, server.url, email);
}

function decodeQrFromPdf(pdfPath: string): string {
  const prefix = pdfPath.replace(/\.pdf$/, "");
  execFileSync("pdftoppm", ["-png", "-r", "150", "-singlefile", pdfPath, prefix]);
  const png = PNG.sync.read(fs.readFileSync(`${prefix}.png`));
  const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  if (!code) throw new Error("no QR code found in the rendered certificate");
  fs.copyFileSync(`${prefix}.png`, path.join(shots, "certificate.png"));
  return code.data;
}

describe("certificates", () => {
  it("the organizer issues the round's certificates, downloads one, and its QR code verifies it", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: "vi-VN" });
    const page = await context.newPage();
    await logIn(page, "cuc.ctdp@demo.cnnt.vn");
    await page.goto(`${server.url}/to-chuc/vong/${nationalRoundId}`);
    await page.click("a:has-text('Giấy chứng nhận')");
    await page.waitForURL(/\/chung-nhan$/);
    await page.locator("h1:has-text('Giấy chứng nhận')").waitFor();
    expect(await page.locator(".cert-stats .stat").nth(2).locator(".value").innerText()).toBe("3");

    await confirmAction(page, "Cấp giấy chứng nhận");
    // The progress bar shows while PDFs are made, then the page reloads its list.
    await page.locator(".issue-progress .alert.success").waitFor({ timeout: 60_000 });
    expect(await page.locator(".issue-progress").innerText()).toContain("3 giấy chứng nhận mới, 12 tệp PDF");
    await page.locator(".cert-stats .stat >> nth=2 >> .value:text-is('0')").waitFor();
    const numbers = await page.locator(".cert-table tbody tr td:first-child").allInnerTexts();
    expect(numbers).toHaveLength(12);
    expect(numbers.map((n) => n.trim()).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `${String(i + 1).padStart(3, "0")}/GCN-QG-2025`));
    await page.screenshot({ path: path.join(shots, "certificates-organizer-1280.png"), fullPage: true });

    const row = page.locator(".cert-table tbody tr", { hasText: "Bình gốm men da lươn Phù Lãng" });
    const [download] = await Promise.all([page.waitForEvent("download"), row.locator("a.cert-download").click()]);
    const pdfPath = path.join(server.dir, "certificate.pdf");
    await download.saveAs(pdfPath);
    expect(download.suggestedFilename()).toMatch(/^GCN-\d{3}-GCN-QG-2025\.pdf$/);
    expect(fs.readFileSync(pdfPath).subarray(0, 5).toString()).toBe("%PDF-");

    verifyUrl = decodeQrFromPdf(pdfPath);
    expect(verifyUrl).toMatch(new RegExp(`^${server.url}/xac-thuc/[A-Za-z0-9_-]{16}$`));

    // A visitor (no session) opens the QR code's address.
    const visitor = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const v = await visitor.newPage();
    const res = await v.goto(verifyUrl);
    expect(res?.status()).toBe(200);
    expect(res?.headers()["cache-control"]).toMatch(/^public/);
    expect(await v.locator(".verify-status").getAttribute("data-status")).toBe("valid");
    expect(await v.locator(".verify-headline").innerText()).toBe("Giấy chứng nhận CÒN HIỆU LỰC");
    const facts = await v.locator(".verify-facts").innerText();
    expect(facts).toContain("Bình gốm men da lươn Phù Lãng");
    expect(facts).toContain("Hợp tác xã Gốm Phù Lãng");
    expect(facts).toContain("3125/QĐ-BCT");
    await visitor.close();
    await context.close();
  });

  it("a visitor searches without diacritics and opens the product", async () => {
    for (const { width, height } of [
      { width: 360, height: 740 },
      { width: 1280, height: 900 },
    ]) {
      const page = await browser.newPage({ viewport: { width, height } });
      await page.goto(`${server.url}/`);
      if (width < 900) await page.click(".nav-drawer summary");
      await page.click(`${width < 900 ? ".nav-drawer" : ".nav-inline"} a:has-text('Tra cứu')`);
      await page.locator("h1:has-text('Tra cứu sản phẩm')").waitFor();
      await page.fill("#q", "binh gom men da luon phu lang");
      await page.click(".lookup-q button[type=submit]");
      await page.waitForURL(/\/tra-cuu\?q=binh/);
      await page.locator(".lookup-count:has-text('binh gom men da luon phu lang')").waitFor();
      const first = page.locator(".lookup-item h2 a").first();
      expect(await first.innerText()).toBe("Bình gốm men da lươn Phù Lãng");
      expect(await page.locator(".lookup-item").first().innerText()).toContain("Còn hiệu lực");
      await page.screenshot({ path: path.join(shots, `lookup-${width}.png`), fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

      await first.click();
      await page.waitForURL(/\/san-pham\/\d+$/);
      // The phone menu stays unfolded after client-side navigation: fold it for the screenshot.
      if (width < 900 && (await page.locator(".nav-drawer[open]").count())) await page.click(".nav-drawer summary");
      await page.locator("h1:has-text('Bình gốm men da lươn Phù Lãng')").waitFor();
      expect(await page.locator(".recognition-list").innerText()).toContain("Cấp quốc gia 2025");
      await page.screenshot({ path: path.join(shots, `product-${width}.png`), fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

      await page.goto(verifyUrl);
      await page.locator(".verify-status").waitFor();
      await page.screenshot({ path: path.join(shots, `verify-${width}.png`), fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await page.close();
    }
  });

  it("a revoked certificate shows as revoked, with the date and reason", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logIn(page, "cuc.ctdp@demo.cnnt.vn");
    await page.goto(`${server.url}/to-chuc/vong/${nationalRoundId}/chung-nhan`);
    const row = page.locator(".cert-table tbody tr", { hasText: "Bình gốm men da lươn Phù Lãng" });
    await row.locator("summary:has-text('Thu hồi')").click();
    await row.locator("textarea[name=reason]").fill("Cơ sở đề nghị thu hồi do ngừng sản xuất.");
    await row.locator("button:has-text('Thu hồi giấy chứng nhận')").click();
    await page.locator(".alert.success:has-text('Đã thu hồi giấy chứng nhận')").waitFor();
    await page.close();

    const visitor = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await visitor.goto(verifyUrl);
    expect(await visitor.locator(".verify-status").getAttribute("data-status")).toBe("revoked");
    expect(await visitor.locator(".verify-status").innerText()).toContain("Cơ sở đề nghị thu hồi do ngừng sản xuất.");
    await visitor.screenshot({ path: path.join(shots, "verify-revoked-360.png"), fullPage: true });
    const bad = await visitor.goto(`${server.url}/xac-thuc/khong-co-ma-nay`);
    expect(bad?.status()).toBe(404);
    expect(await visitor.locator("main").innerText()).toContain("Không tìm thấy giấy chứng nhận");
    await visitor.close();
  });
});
