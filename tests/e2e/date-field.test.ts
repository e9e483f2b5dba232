/**
 * The app's own date field and Vietnamese validation messages (issue 13 item 9,
 * docs/decisions/0033): on a 360 px phone an organizer types a date as dd/mm/yyyy in the round
 * settings, saves and sees it back; the calendar's choice lands as dd/mm/yyyy; an empty required
 * field and an impossible date get Vietnamese browser messages; without JavaScript the text field
 * still posts. Debian's chromium against the built server with the demo data.
 */
import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { logIn } from "../helpers/ui";

let server: RunningServer;
let browser: Browser;
let settingsUrl = "";

beforeAll(async () => {
  server = await startServer({ seedDemo: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) fs.rmSync(server.dir, { recursive: true, force: true });
});

const message = (page: Page, sel: string) => page.locator(sel).evaluate((el) => (el as HTMLInputElement).validationMessage);

describe("date field", () => {
  it("takes dd/mm/yyyy, speaks Vietnamese, and works without JavaScript", async () => {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "en-US" });
    const page = await ctx.newPage();
    await logIn(page, server.url, "sct.bacninh@demo.cnnt.vn");
    await page.goto(`${server.url}/to-chuc`);
    await page.locator("a", { hasText: "Bắc Ninh năm 2026" }).first().click();
    await page.locator(".round-nav a", { hasText: "Thiết lập" }).click();
    await page.waitForURL(/\/thiet-lap/);
    settingsUrl = page.url().replace(/\?.*$/, "");
    // Hydrated: the calendar buttons appear with JavaScript only.
    await page.locator("#f-directScoringFrom ~ button.date-pick").waitFor();
    expect(await page.locator("#f-directScoringFrom").getAttribute("placeholder")).toBe("dd/mm/yyyy");

    // Typed on a number pad: the slashes come by themselves.
    await page.fill("#f-directScoringFrom", "");
    await page.locator("#f-directScoringFrom").pressSequentially("05092026");
    expect(await page.inputValue("#f-directScoringFrom")).toBe("05/09/2026");
    // The calendar (the browser's own picker, on a hidden date input) writes its day as dd/mm/yyyy.
    await page.locator("#f-directScoringTo ~ input.date-native").evaluate((el: HTMLInputElement) => {
      el.value = "2026-09-06";
      el.dispatchEvent(new Event("change", { bubbles: true }));
    });
    expect(await page.inputValue("#f-directScoringTo")).toBe("06/09/2026");

    // An empty required field: the browser's message is Vietnamese, whatever its own language.
    const title = await page.inputValue("#f-title");
    await page.fill("#f-title", "");
    await page.click("button[type=submit]:has-text('Lưu thiết lập')");
    expect(await message(page, "#f-title")).toBe("Vui lòng nhập tên kỳ bình chọn.");
    await page.fill("#f-title", title);
    expect(await message(page, "#f-title")).toBe("");
    // An impossible day: the date field's own message.
    await page.fill("#f-councilMeetingOn", "31/02/2026");
    expect(await message(page, "#f-councilMeetingOn")).toBe("Ngày không hợp lệ, nhập theo dạng ngày/tháng/năm, ví dụ 05/09/2026.");
    await page.fill("#f-councilMeetingOn", "");
    // A number out of range (the round is being scored: complaint terms are frozen, this one is not).
    expect(await page.locator("#f-complaintAnswerDays").getAttribute("readonly")).not.toBeNull();
    const days = await page.inputValue("#f-intakeAnswerWorkingDays");
    await page.fill("#f-intakeAnswerWorkingDays", "45");
    await page.click("button[type=submit]:has-text('Lưu thiết lập')");
    expect(await message(page, "#f-intakeAnswerWorkingDays")).toBe("Trả lời hồ sơ trong (ngày làm việc) tối đa là 30.");
    await page.fill("#f-intakeAnswerWorkingDays", days);
    // Releasing the judges' comments may still change until publication.
    await page.check("input[name=releaseComments]");

    await page.click("button[type=submit]:has-text('Lưu thiết lập')");
    await page.locator(".alert.success", { hasText: "Đã lưu thiết lập" }).waitFor();
    expect(await page.inputValue("#f-directScoringFrom")).toBe("05/09/2026");
    expect(await page.inputValue("#f-directScoringTo")).toBe("06/09/2026");
    expect(await page.isChecked("input[name=releaseComments]")).toBe(true);
    const session = await ctx.storageState();
    await ctx.close();

    // Without JavaScript: a plain text field, posted as typed; the server reads dd/mm/yyyy.
    const plain = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false, storageState: session });
    const p2 = await plain.newPage();
    await p2.goto(settingsUrl);
    expect(await p2.locator("button.date-pick").count()).toBe(0);
    await p2.fill("#f-directScoringTo", "7/9/2026");
    await p2.click("button[type=submit]:has-text('Lưu thiết lập')");
    await p2.locator(".alert.success", { hasText: "Đã lưu thiết lập" }).waitFor();
    expect(await p2.inputValue("#f-directScoringTo")).toBe("07/09/2026");
    await plain.close();
  });
});
