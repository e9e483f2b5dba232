/**
 * A producer signs up, logs out, logs back in and sees its home, in Debian's chromium against the
 * built server, on a phone-sized and a desktop-sized screen.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

describe.each([
  { name: "phone", width: 360, height: 740 },
  { name: "desktop", width: 1280, height: 800 },
])("producer sign-up on a $name ($width px)", ({ name, width, height }) => {
  it("signs up, logs out, logs in and sees the producer home", async () => {
    const page = await browser.newPage({ viewport: { width, height }, locale: "vi-VN" });
    const email = `hoa.${name}@example.vn`;

    await page.goto(server.url);
    expect(await page.locator("h1").innerText()).toBe("Sản phẩm công nghiệp nông thôn tiêu biểu");
    await page.screenshot({ path: path.join(shots, `home-${width}.png`), fullPage: true });

    await page.goto(`${server.url}/dang-ky`);
    // A mistake first: the message is shown next to the field and what was typed stays.
    await page.fill("#f-establishmentName", "Hợp tác xã Mây tre đan Phú Vinh");
    await page.selectOption("#f-legalType", "cooperative");
    await page.selectOption("#f-provinceId", { label: "Thành phố Hà Nội" });
    await page.fill("#f-fullName", "Nguyễn Thị Hoa");
    await page.fill("#f-email", "hoa-khong-hop-le");
    await page.fill("#f-password", "matkhau123");
    await page.fill("#f-passwordConfirm", "matkhau123");
    await page.click("button[type=submit]:has-text('Tạo tài khoản')");
    await page.locator("#f-email-error").waitFor();
    expect(await page.locator("#f-email-error").innerText()).toContain("Email không đúng định dạng");
    expect(await page.inputValue("#f-establishmentName")).toBe("Hợp tác xã Mây tre đan Phú Vinh");

    await page.fill("#f-email", email);
    await page.fill("#f-password", "matkhau123");
    await page.fill("#f-passwordConfirm", "matkhau123");
    await page.click("button[type=submit]:has-text('Tạo tài khoản')");
    await page.waitForURL(/\/co-so/);
    await page.locator("h1", { hasText: "Cơ sở của tôi" }).waitFor();
    expect(await page.locator("h2").first().innerText()).toBe("Hợp tác xã Mây tre đan Phú Vinh");

    // Log out (the menu is folded on a phone).
    if (width < 900) await page.click(".nav-drawer summary");
    await page.click(`${width < 900 ? ".nav-drawer" : ".nav-inline"} button:has-text('Đăng xuất')`);
    await page.waitForURL(`${server.url}/`);
    await page.locator(".hero a", { hasText: "Đăng ký cơ sở sản xuất" }).waitFor();

    // Logged out: the producer page sends to log-in and comes back after.
    await page.goto(`${server.url}/co-so`);
    await page.waitForURL(/\/dang-nhap\?next=%2Fco-so/);
    await page.fill("#f-email", email);
    await page.fill("#f-password", "sai-mat-khau");
    await page.click("button[type=submit]:has-text('Đăng nhập')");
    await page.locator(".alert.error").waitFor();
    expect(await page.locator(".alert.error").innerText()).toBe("Email hoặc mật khẩu không đúng.");
    await page.fill("#f-password", "matkhau123");
    await page.click("button[type=submit]:has-text('Đăng nhập')");
    await page.waitForURL(/\/co-so$/);
    await page.locator("h1", { hasText: "Cơ sở của tôi" }).waitFor();
    expect(await page.locator("h2").first().innerText()).toBe("Hợp tác xã Mây tre đan Phú Vinh");
    await page.screenshot({ path: path.join(shots, `producer-home-${width}.png`), fullPage: true });

    // Nothing is wider than the screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.close();
  });
});

describe("demo producer", () => {
  it("sees its seeded entries with Vietnamese statuses", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/dang-nhap`);
    await page.fill("#f-email", "coso@demo.cnnt.vn");
    await page.fill("#f-password", "demo12345");
    await page.click("button[type=submit]:has-text('Đăng nhập')");
    await page.waitForURL(/\/co-so$/);
    await page.locator("h1", { hasText: "Cơ sở của tôi" }).waitFor();
    const text = await page.locator("main").innerText();
    expect(text).toContain("Hợp tác xã Gốm Phù Lãng");
    expect(text).toContain("Bình gốm men da lươn Phù Lãng");
    expect(text).toContain("Được công nhận");
    await page.screenshot({ path: path.join(shots, "demo-producer-1280.png"), fullPage: true });
    await page.close();
  });

  it("an unknown address shows the plain Vietnamese 404 page", async () => {
    const page = await browser.newPage();
    const res = await page.goto(`${server.url}/khong-co-trang-nay`);
    expect(res?.status()).toBe(404);
    expect(await page.locator("h1").innerText()).toBe("Không tìm thấy trang");
    await page.close();
  });
});
