/**
 * A person who mistypes the password too often, in Debian's chromium with JavaScript: the form
 * says when to try again (the 429 answered at the edge, docs/decisions/0013), never an error page,
 * and the right password works for other accounts meanwhile. The demo banner is on the page.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { TMP_ROOT } from "../helpers/tmp";

let server: RunningServer;
let browser: Browser;
const shots = path.join(TMP_ROOT, "screenshots");

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  server = await startServer({ seedDemo: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) fs.rmSync(server.dir, { recursive: true, force: true });
});

it("tells a locked-out person when to try again, on a phone", async () => {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: "vi-VN" });
  await page.goto(`${server.url}/dang-nhap`);
  expect(await page.locator(".demo-banner").innerText()).toContain("demo12345");
  const statuses: number[] = [];
  page.on("response", (r) => {
    if (r.request().method() === "POST") statuses.push(r.status());
  });
  for (let i = 0; i < 7; i++) {
    await page.fill("#f-email", "giamkhao2@demo.cnnt.vn");
    await page.fill("#f-password", `sai-mat-khau-${i}`);
    const answered = page.waitForResponse((r) => r.request().method() === "POST");
    await page.click("button[type=submit]:has-text('Đăng nhập')");
    await answered;
    await page.locator(".alert.error").waitFor();
  }
  expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
  expect(statuses.slice(4)).toEqual([429, 429, 429]);
  const message = await page.locator(".alert.error").innerText();
  expect(message).toMatch(/Bạn đã thử quá nhiều lần\. Vui lòng thử lại sau \d+ (giây|phút) \(lúc \d\d:\d\d\)\./);
  expect(await page.locator(".error-page").count()).toBe(0);
  expect(await page.inputValue("#f-email")).toBe("giamkhao2@demo.cnnt.vn");
  await page.screenshot({ path: path.join(shots, "login-locked-360.png"), fullPage: true });

  // Another account from the same place logs in.
  await page.fill("#f-email", "coso@demo.cnnt.vn");
  await page.fill("#f-password", "demo12345");
  await page.click("button[type=submit]:has-text('Đăng nhập')");
  await page.waitForURL(/\/co-so$/);
  await page.close();
});
