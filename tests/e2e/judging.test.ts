/**
 * Judging in the browser, on the demo's 2026 Bắc Ninh round: the chair and three judges score the
 * entry nobody has scored yet, the chair closes the stage (with a reason: a member without an
 * account never scored), the organizer records the council's decision and the recognition
 * decision and publishes, and the public results page lists the recognised products.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { logIn as logInAs, confirmAction } from "../helpers/ui";
import { startServer, type RunningServer } from "../helpers/server";
import { TMP_ROOT } from "../helpers/tmp";

let server: RunningServer;
let browser: Browser;
const shots = path.join(TMP_ROOT, "screenshots");
const PRODUCT = "Bộ ấm chén gốm men lam";

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

async function logIn(email: string, width = 1280): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await ctx.newPage();
  page.on("dialog", (d) => void d.accept());
  await logInAs(page, server.url, email);
  return page;
}

async function score(email: string, points: [string, string, string, string], width = 1280) {
  const page = await logIn(email, width);
  await page.goto(`${server.url}/giam-khao`);
  await page.locator("main a", { hasText: "Chấm điểm" }).first().click();
  await page.locator("h1", { hasText: "Bắc Ninh năm 2026" }).waitFor();
  await page.locator("a", { hasText: PRODUCT }).click();
  await page.locator("h1", { hasText: "Phiếu chấm điểm" }).waitFor();
  const inputs = page.locator("input.points");
  expect(await inputs.count()).toBe(4);
  for (let i = 0; i < 4; i++) await inputs.nth(i).fill(points[i]!);
  await page.fill("#f-comment", "Mẫu mã đẹp, men đều, có khả năng xuất khẩu.");
  // The draft is saved by itself while typing.
  await page.locator("[role=status]", { hasText: "Đã lưu nháp" }).waitFor();
  const total = points.reduce((a, p) => a + Number(p.replace(",", ".")), 0);
  expect(await page.getByTestId("total").innerText()).toBe(String(total).replace(".", ","));
  if (width < 900) await page.screenshot({ path: path.join(shots, `score-sheet-${width}.png`), fullPage: true });
  else await page.screenshot({ path: path.join(shots, "score-sheet-1280.png"), fullPage: true });
  await page.locator("button", { hasText: "Nộp phiếu" }).click();
  await page.locator("tr", { hasText: PRODUCT }).locator(".badge", { hasText: "Đã nộp" }).waitFor();
  await page.context().close();
}

describe("three judges score, the chair closes, the organizer decides and publishes", () => {
  it("works end to end", async () => {
    await score("giamkhao1@demo.cnnt.vn", ["36", "35,5", "9", "9"], 360);
    await score("giamkhao2@demo.cnnt.vn", ["35", "36", "9", "8,5"]);
    await score("giamkhao3@demo.cnnt.vn", ["37", "35", "9,5", "9"]);
    await score("chutich.bacninh@demo.cnnt.vn", ["36", "36", "9", "9"]);

    // The chair closes the stage.
    const chair = await logIn("chutich.bacninh@demo.cnnt.vn");
    await chair.goto(`${server.url}/giam-khao`);
    await chair.locator("a", { hasText: "Khóa vòng chấm và kết quả" }).click();
    await chair.locator("section.card > h2", { hasText: "Khóa vòng chấm" }).first().waitFor();
    // A one-way action: the dialog states the consequence and, a sheet being missing, asks for the reason.
    await chair.locator("form.confirm-trigger button[type=submit]", { hasText: "Khóa vòng chấm và tính kết quả" }).click();
    const reason = chair.locator("dialog.confirm-action-dialog[open] textarea[name=reason]");
    await reason.waitFor();
    await reason.fill("Ông Bùi Văn Quang chưa được cấp tài khoản; Hội đồng thống nhất khóa vòng chấm.");
    await chair.locator("dialog.confirm-action-dialog[open] .confirm-form button[type=submit]").click();
    await chair.locator(".alert.success", { hasText: "Đã khóa vòng chấm" }).waitFor();
    const row = chair.locator(".results-table tr", { hasText: PRODUCT });
    expect(await row.innerText()).toContain("89,63"); // (89,5 + 88,5 + 90,5 + 90) / 4 = 89,625
    // Any submitted sheet can be reopened from the list: judge and voting code, never a bare id.
    await chair.locator("summary", { hasText: "Mở lại một phiếu đã nộp" }).click();
    const sheetOptions = await chair.locator("#f-sheet option").allInnerTexts();
    expect(sheetOptions.length).toBeGreaterThan(3);
    for (const o of sheetOptions) expect(o).toMatch(/^\S.* — BN26-\d{3}$/);
    await chair.context().close();

    // The organizer records the decisions and publishes.
    const org = await logIn("sct.bacninh@demo.cnnt.vn");
    await org.goto(`${server.url}/to-chuc`);
    await org.locator("a", { hasText: "Bắc Ninh năm 2026" }).click();
    await org.locator(".round-nav a", { hasText: "Kết quả" }).click();
    await org.locator("h2", { hasText: "Kết quả vòng chấm 1" }).waitFor();
    await org.screenshot({ path: path.join(shots, "results-1280.png"), fullPage: true });
    await org.locator("button", { hasText: "Lưu quyết định của Hội đồng" }).click();
    await org.locator(".alert.success", { hasText: "Đã ghi quyết định của Hội đồng" }).waitFor();
    await org.fill("#f-number", "2150/QĐ-UBND");
    await org.fill("#f-signedOn", "2026-11-20");
    await org.fill("#f-signerName", "Nguyễn Văn Phong");
    await org.fill("#f-signerTitle", "Phó Chủ tịch UBND tỉnh");
    await org.fill("#f-issuer", "UBND tỉnh Bắc Ninh");
    await org.locator("button", { hasText: "Lưu quyết định công nhận" }).click();
    await org.locator(".alert.success", { hasText: "Đã ghi quyết định công nhận" }).waitFor();
    await confirmAction(org, "Công bố kết quả");
    await org.locator(".alert.success", { hasText: "Đã công bố kết quả" }).waitFor();
    const roundId = org.url().match(/vong\/(\d+)/)![1];
    await org.context().close();

    // The public results page lists the recognised products.
    const pub = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
    await pub.goto(`${server.url}/ket-qua/${roundId}`);
    await pub.locator("text=" + PRODUCT).first().waitFor();
    const text = await pub.locator("main").innerText();
    expect(text).toContain(PRODUCT);
    await pub.screenshot({ path: path.join(shots, "public-results-360.png"), fullPage: true });
    await pub.context().close();
  });
});
