/**
 * Closing intake asks for confirmation with its numbers (docs/decisions/0022-confirmations.md):
 * with JavaScript in a dialog (Escape cancels, focus on "Hủy"), without JavaScript on the confirm
 * page. Debian's chromium against the built server with the demo data: the demo producer leaves
 * a draft in the commune round, whose published deadline is 40 days away.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { confirmAction, logIn } from "../helpers/ui";
import { startServer, type RunningServer } from "../helpers/server";
import { TMP_ROOT } from "../helpers/tmp";

let server: RunningServer;
let browser: Browser;
const shots = process.env.CONFIRM_SHOTS ?? path.join(TMP_ROOT, "screenshots");

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

describe("closing intake asks for confirmation", () => {
  it("in a dialog with JavaScript and on a confirm page without it", async () => {
    // The demo producer registers its product in the commune round and leaves it a draft.
    const prodCtx = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const prod = await prodCtx.newPage();
    await logIn(prod, server.url, "coso@demo.cnnt.vn");
    await prod.goto(`${server.url}/co-so/ky-binh-chon`);
    const card = prod.locator("section.card", { hasText: "xã Phù Lãng" });
    await card.locator("select[name=productId]").selectOption({ label: "Bình gốm men da lươn Phù Lãng" });
    await card.locator("button", { hasText: "Đăng ký tham gia" }).click();
    await prod.locator("h1", { hasText: "Hồ sơ: Bình gốm men da lươn Phù Lãng" }).waitFor();

    // With JavaScript: the dialog states the numbers; Escape cancels; confirming closes intake.
    const orgCtx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const org = await orgCtx.newPage();
    await logIn(org, server.url, "ubnd.phulang@demo.cnnt.vn");
    await org.goto(`${server.url}/to-chuc`);
    const href = await org.locator("a[href^='/to-chuc/vong/']", { hasText: "xã Phù Lãng" }).first().getAttribute("href");
    const settingsUrl = `${server.url}${href!.replace(/\/$/, "")}/thiet-lap`;
    await org.goto(settingsUrl);
    await org.waitForFunction(() => !!(window as unknown as { __remixRouter?: unknown }).__remixRouter);
    const dialog = org.locator("dialog.confirm-action-dialog[open]");
    // Clicked before hydration the button leads to the confirm page: retry until the dialog opens.
    for (let i = 0; i < 20 && !(await dialog.count()); i++) {
      await org.goto(settingsUrl);
      await org.locator("form.confirm-trigger button", { hasText: "Đóng nhận hồ sơ" }).click();
      await Promise.race([dialog.waitFor({ timeout: 5000 }).catch(() => undefined), org.waitForURL(/xac-nhan/, { timeout: 5000 }).catch(() => undefined)]);
    }
    await dialog.locator(".confirm-lines").waitFor();
    const text = await dialog.innerText();
    expect(text).toContain("Đóng nhận hồ sơ?");
    expect(text).toContain("1 hồ sơ nháp của 1 cơ sở sẽ không được nộp nữa.");
    expect(text).toContain("1 cơ sở sẽ được thông báo (trong ứng dụng và qua email).");
    expect(text).toMatch(/Hạn nộp đã công bố là \d\d\/\d\d\/\d{4}: đóng sớm (39|40|41) ngày\./);
    expect(await org.evaluate(() => document.activeElement?.textContent)).toBe("Hủy");
    await org.screenshot({ path: path.join(shots, "confirm-dialog-1280.png") });
    await org.setViewportSize({ width: 360, height: 740 });
    await org.screenshot({ path: path.join(shots, "confirm-dialog-360.png") });
    await org.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect(await org.locator(".badge", { hasText: "Đang nhận hồ sơ" }).count()).toBe(1);
    await org.setViewportSize({ width: 1280, height: 900 });
    await org.locator("form.confirm-trigger button", { hasText: "Đóng nhận hồ sơ" }).click();
    await dialog.locator(".confirm-form button[type=submit]").click();
    await org.locator(".alert.success", { hasText: "Đã đóng nhận hồ sơ. 1 cơ sở có hồ sơ nháp đã được thông báo." }).waitFor();
    await org.screenshot({ path: path.join(shots, "confirm-result-1280.png") });
    // Reopening can be undone: no confirmation.
    await org.locator("button", { hasText: "Mở lại nhận hồ sơ" }).click();
    await org.locator(".alert.success", { hasText: "Đã mở lại nhận hồ sơ." }).waitFor();

    // Without JavaScript: the button leads to the confirm page, whose form closes intake again;
    // the producer already told is not told twice.
    const plainCtx = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
    const plain = await plainCtx.newPage();
    await logIn(plain, server.url, "ubnd.phulang@demo.cnnt.vn");
    await plain.goto(settingsUrl);
    await plain.locator("form.confirm-trigger button", { hasText: "Đóng nhận hồ sơ" }).click();
    await plain.waitForURL(/\/xac-nhan\?hanh-dong=dong-nhan-ho-so/);
    const page = await plain.locator(".confirm-page").innerText();
    expect(page).toContain("1 hồ sơ nháp của 1 cơ sở sẽ không được nộp nữa.");
    expect(page).toContain("Không cơ sở nào cần thông báo thêm: 1 cơ sở đã được thông báo lần đóng trước.");
    await plain.screenshot({ path: path.join(shots, "confirm-page-360.png"), fullPage: true });
    await plain.setViewportSize({ width: 1280, height: 900 });
    await plain.screenshot({ path: path.join(shots, "confirm-page-1280.png"), fullPage: true });
    await plain.setViewportSize({ width: 360, height: 740 });
    await plain.locator(".confirm-form button[type=submit]").click();
    await plain.locator(".alert.success", { hasText: "Đã đóng nhận hồ sơ. Các cơ sở có 1 hồ sơ nháp đã được thông báo ở lần đóng trước." }).waitFor();
    await plain.screenshot({ path: path.join(shots, "confirm-result-360.png"), fullPage: true });

    // The producer was told once.
    await prod.goto(`${server.url}/co-so/thong-bao`);
    await prod.locator("h1").waitFor();
    expect(await prod.getByText(/^Đã đóng nhận hồ sơ: /).count()).toBe(1);
    await prod.screenshot({ path: path.join(shots, "confirm-producer-notice-360.png"), fullPage: true });

    // The helper of the other browser tests confirms through the dialog as well.
    await org.goto(settingsUrl);
    expect(await org.locator("form.confirm-trigger button", { hasText: "Đóng nhận hồ sơ" }).count()).toBe(0);
    await org.locator("button", { hasText: "Mở lại nhận hồ sơ" }).click();
    await org.locator(".alert.success", { hasText: "Đã mở lại nhận hồ sơ." }).waitFor();
    await confirmAction(org, "Đóng nhận hồ sơ");
    await org.locator(".alert.success", { hasText: "Đã đóng nhận hồ sơ." }).waitFor();
    await Promise.all([orgCtx.close(), plainCtx.close(), prodCtx.close()]);
  }, 120_000);

  it("issuing certificates states how many and that they cannot be deleted", async () => {
    const sqlite = new Database(server.dbPath, { readonly: true });
    const { id } = sqlite.prepare("select id from rounds where level = 'national' and status = 'published'").get() as { id: number };
    sqlite.close();
    const ctx = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await ctx.newPage();
    await logIn(page, server.url, "cuc.ctdp@demo.cnnt.vn");
    const url = `${server.url}/to-chuc/vong/${id}/chung-nhan`;
    await page.goto(url);
    await page.waitForFunction(() => !!(window as unknown as { __remixRouter?: unknown }).__remixRouter);
    const dialog = page.locator("dialog.confirm-action-dialog[open]");
    for (let i = 0; i < 20 && !(await dialog.count()); i++) {
      await page.goto(url);
      await page.locator("form.confirm-trigger button", { hasText: "Cấp giấy chứng nhận" }).click();
      await Promise.race([dialog.waitFor({ timeout: 5000 }).catch(() => undefined), page.waitForURL(/xac-nhan/, { timeout: 5000 }).catch(() => undefined)]);
    }
    await dialog.locator(".confirm-lines").waitFor();
    expect(await dialog.innerText()).toContain("Giấy chứng nhận đã cấp không xóa được, chỉ thu hồi được");
    await page.screenshot({ path: path.join(shots, "confirm-certificates-dialog-360.png") });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: path.join(shots, "confirm-certificates-dialog-1280.png") });
    await page.locator("dialog.confirm-action-dialog[open] button", { hasText: "Hủy" }).click();
    await dialog.waitFor({ state: "detached" });
    await ctx.close();
  }, 60_000);
});
