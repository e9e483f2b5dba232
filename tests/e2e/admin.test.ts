/**
 * The admin's tools in a real browser on the demo data: the filtered user list (a bookmarkable
 * address), locking an account (the reason is required; the person is signed out at once), a
 * refused staff removal with its reason, and the outbox filters. At 360 px and 1280 px.
 * Screenshots are written when ADMIN_SHOTS_DIR is set.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { logIn } from "../helpers/ui";

const SHOTS = process.env.ADMIN_SHOTS_DIR;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ seedDemo: true });
  browser = await launchBrowser();
  if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Checks nothing sticks out sideways, then (when asked) saves the page at both widths. */
async function shotBoth(page: Page, name: string) {
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: width < 600 ? 740 : 900 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name} at ${width}`).toBe(true);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
}

let page: Page;

describe("admin tools in the browser", () => {
  beforeAll(async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    page = await context.newPage();
    await logIn(page, server.url, "quantri@demo.cnnt.vn");
  });

  it("filters the user list through the address and shows each person's roles", async () => {
    await page.goto(`${server.url}/quan-tri`);
    await page.selectOption("#f-role", "organizer");
    await page.fill("#f-q", "BACNINH");
    await page.click("form[role=search] button[type=submit]");
    await page.waitForURL((u) => u.searchParams.get("vai_tro") === "organizer");
    expect(new URL(page.url()).searchParams.get("q")).toBe("BACNINH");
    const table = page.locator("table.admin-users");
    await expect.poll(() => table.innerText()).toContain("sct.bacninh@demo.cnnt.vn");
    expect(await table.innerText()).toContain("Sở Công Thương tỉnh Bắc Ninh");
    expect(await table.innerText()).not.toContain("coso@demo.cnnt.vn");
    await shotBoth(page, "users-filtered");
  });

  it("locking needs a reason, then signs the person out", async () => {
    const who = "giamkhao3@demo.cnnt.vn";
    const other = await browser.newContext();
    const theirs = await other.newPage();
    await logIn(theirs, server.url, who);

    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${server.url}/quan-tri?q=${encodeURIComponent(who)}`);
    await page.locator("table.admin-users tbody tr a").first().click();
    await page.waitForURL(/\/quan-tri\/tai-khoan\//);
    await page.click("button:has-text('Khóa tài khoản')");
    await expect.poll(() => page.locator("#f-reason-error").count()).toBe(1);
    expect(await page.locator("#f-reason-error").innerText()).toMatch(/lý do/i);
    expect(await page.locator("#f-reason").getAttribute("aria-invalid")).toBe("true");
    await page.locator("#f-reason").scrollIntoViewIfNeeded();
    await shotBoth(page, "lock-reason-error");

    await page.fill("#f-reason", "Thành viên hội đồng đã nghỉ hưu");
    await page.click("button:has-text('Khóa tài khoản')");
    await page.waitForURL(/da-khoa=/);
    expect(await page.locator(".alert.success").innerText()).toMatch(/Đã khóa/);
    await shotBoth(page, "locked");

    // Their next request finds them signed out.
    await theirs.goto(`${server.url}/giam-khao`);
    await theirs.waitForURL(/\/dang-nhap/);
    await other.close();
  });

  it("a staff removal is refused with the reason while the person holds an open task", async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${server.url}/quan-tri/co-quan`);
    await page.locator("table a", { hasText: "Sở Công Thương tỉnh Bắc Ninh" }).click();
    await page.waitForURL(/\/quan-tri\/co-quan\/\d+/);
    await page.click(".staff-remove summary");
    await page.click(".staff-remove button:has-text('Xác nhận gỡ')");
    const alert = page.locator(".staff-list .alert.error");
    await expect.poll(() => alert.count()).toBe(1);
    expect(await alert.innerText()).toMatch(/cán bộ duy nhất/);
    expect(await page.locator(".staff-list li").count()).toBe(1);
    await page.locator(".staff-list").scrollIntoViewIfNeeded();
    await shotBoth(page, "body-removal-refused");
  });

  it("filters the outbox; each mail is one line with its text behind a toggle", async () => {
    // A reset link sent from the account page puts a mail in the outbox (no SMTP here).
    await page.goto(`${server.url}/quan-tri?q=coso%40demo`);
    await page.locator("table.admin-users tbody tr a").first().click();
    await page.waitForURL(/\/quan-tri\/tai-khoan\//);
    await page.click("button:has-text('Gửi liên kết đặt lại mật khẩu')");
    await page.waitForURL(/da-gui-lien-ket=1/);

    await page.goto(`${server.url}/quan-tri/hop-thu`);
    await page.fill("#f-den", "demo.cnnt.vn");
    await page.selectOption("#f-tt", "pending");
    await page.click("form[role=search] button[type=submit]");
    await page.waitForURL((u) => u.searchParams.get("trang_thai") === "pending");
    const items = page.locator(".outbox-list > li");
    await expect.poll(() => items.count()).toBeGreaterThan(0);
    const first = items.first().locator("details");
    expect(await first.getAttribute("open")).toBeNull();
    await first.locator("summary").click();
    await expect.poll(() => first.getAttribute("open")).not.toBeNull();
    expect(await first.innerText()).toContain("Đặt lại mật khẩu");
    await shotBoth(page, "outbox-filtered");
  });
});
