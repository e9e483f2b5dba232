/**
 * In Debian's chromium against the built server with the demo data: the system admin creates an
 * organizing body and invites a staff member; the invitation link is read from the outbox
 * (table mail_outbox); the new staff member opens it in a fresh browser, sets a name and a
 * password, and lands on the organizer workspace. Screenshots at 1280 and 360 px.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { logIn as logInAs } from "../helpers/ui";
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

function logIn(page: Page, email: string) {
  return logInAs(page, server.url, email);
}

function invitationLink(to: string): string {
  const sqlite = new Database(server.dbPath, { readonly: true });
  try {
    const row = sqlite.prepare("select text_body from mail_outbox where to_address = ? order by id desc limit 1").get(to) as { text_body: string } | undefined;
    const m = /(http:\/\/\S+\/moi\/[A-Za-z0-9_-]+)/.exec(row?.text_body ?? "");
    if (!m) throw new Error(`no invitation mailed to ${to}`);
    return m[1]!;
  } finally {
    sqlite.close();
  }
}

describe("staff invitation", () => {
  it("the admin creates a body and invites a staff member, who accepts and lands on /to-chuc", async () => {
    const admin = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logIn(admin, "quantri@demo.cnnt.vn");
    await admin.click("a:has-text('Cơ quan tổ chức và cán bộ')");
    await admin.locator("h1", { hasText: "Cơ quan tổ chức" }).waitFor();

    // A mistake first: the message is next to the field and the name typed stays.
    await admin.fill("#f-name", "Sở Công Thương tỉnh Hưng Yên");
    await admin.selectOption("#f-level", "province");
    await admin.click("button:has-text('Thêm cơ quan')");
    await admin.locator("#f-provinceId-error", { hasText: "Vui lòng chọn tỉnh, thành phố." }).waitFor();
    expect(await admin.inputValue("#f-name")).toBe("Sở Công Thương tỉnh Hưng Yên");

    await admin.selectOption("#f-provinceId", { label: "Tỉnh Hưng Yên" });
    await admin.fill("#f-email", "sct@hungyen.gov.vn");
    await admin.click("button:has-text('Thêm cơ quan')");
    await admin.locator("h1", { hasText: "Sở Công Thương tỉnh Hưng Yên" }).waitFor();
    await admin.locator(".alert.success", { hasText: "Đã thêm cơ quan" }).waitFor();

    await admin.fill("#f-email", "tran.thi.mai@hungyen.gov.vn");
    await admin.click("button:has-text('Gửi lời mời')");
    await admin.locator(".alert.success", { hasText: "Đã gửi lời mời tới tran.thi.mai@hungyen.gov.vn" }).waitFor();
    expect(await admin.locator("table").innerText()).toContain("Đang chờ");
    await admin.screenshot({ path: path.join(shots, "body-1280.png"), fullPage: true });
    await admin.setViewportSize({ width: 360, height: 740 });
    await admin.goto(`${server.url}/quan-tri/co-quan`);
    await admin.screenshot({ path: path.join(shots, "bodies-360.png"), fullPage: true });
    await admin.close();

    // The invited person, in a fresh browser with no session, on a phone.
    const link = invitationLink("tran.thi.mai@hungyen.gov.vn");
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(link);
    await page.locator("h1", { hasText: "Lời mời tham gia" }).waitFor();
    expect(await page.locator(".card").first().innerText()).toContain("Sở Công Thương tỉnh Hưng Yên");
    await page.fill("#f-fullName", "Trần Thị Mai");
    await page.fill("#f-password", "matkhau123");
    await page.fill("#f-passwordConfirm", "matkhau12");
    await page.click("button:has-text('Tạo tài khoản và nhận lời mời')");
    await page.locator("#f-passwordConfirm-error", { hasText: "Hai lần nhập mật khẩu không khớp." }).waitFor();
    expect(await page.inputValue("#f-fullName")).toBe("Trần Thị Mai");
    await page.screenshot({ path: path.join(shots, "invitation-360.png"), fullPage: true });
    await page.fill("#f-password", "matkhau123");
    await page.fill("#f-passwordConfirm", "matkhau123");
    await page.click("button:has-text('Tạo tài khoản và nhận lời mời')");
    await page.waitForURL((u) => u.pathname === "/to-chuc");
    await page.locator("h1", { hasText: "Các kỳ bình chọn" }).waitFor();

    // The link works once.
    await page.goto(link);
    await page.locator("h1", { hasText: "Lời mời không dùng được" }).waitFor();
    expect(await page.locator(".alert.error").innerText()).toContain("đã được sử dụng");
    await context.close();
  });
});
