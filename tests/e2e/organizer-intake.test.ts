/**
 * An organizer creates a round; the demo producer's entry arrives; the organizer asks for a
 * missing document; the producer completes it; the organizer accepts it, sets up a council of
 * three judges with one conflict and sees the progress board. Debian's chromium against the built
 * server with the demo data.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { confirmAction, logIn as logInAs, uploadTo } from "../helpers/ui";
import { makePdf, makePng, writeFiles } from "../helpers/files";
import { startServer, type RunningServer } from "../helpers/server";
import { TMP_ROOT } from "../helpers/tmp";

let server: RunningServer;
let browser: Browser;
let f: Record<string, string>;
const shots = path.join(TMP_ROOT, "screenshots");

function isoDay(offset: number) {
  return new Date(Date.now() + offset * 86400_000).toISOString().slice(0, 10);
}

async function logIn(ctx: BrowserContext, email: string, heading: string): Promise<Page> {
  const page = await ctx.newPage();
  await logInAs(page, server.url, email);
  await page.locator("h1", { hasText: heading }).waitFor();
  return page;
}


beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  server = await startServer({ seedDemo: true });
  browser = await launchBrowser();
  f = writeFiles(path.join(server.dir, "files"), {
    "phieu-dang-ky.pdf": await makePdf("Phieu dang ky"),
    "giay-dkkd.pdf": await makePdf("Giay DKKD"),
    "thuyet-minh.pdf": await makePdf("Thuyet minh"),
    "anh-1.png": makePng(160, 120, [190, 80, 40]),
    "anh-2.png": makePng(160, 120, [80, 150, 40]),
    "anh-3.png": makePng(160, 120, [40, 80, 190]),
    "anh-day.png": makePng(160, 120, [120, 120, 120]),
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) fs.rmSync(server.dir, { recursive: true, force: true });
});

describe("intake from round creation to an accepted dossier", () => {
  it("works end to end", async () => {
    const orgCtx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const prodCtx = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const org = await logIn(orgCtx, "sct.bacninh@demo.cnnt.vn", "Các kỳ bình chọn");

    // 1. The organizer creates the 2027 provincial round and opens it.
    await org.click("a:has-text('Tạo kỳ bình chọn')");
    await org.locator("h1", { hasText: "Tạo kỳ bình chọn" }).waitFor();
    await org.fill("#f-title", "Bình chọn sản phẩm CNNT tiêu biểu tỉnh Bắc Ninh năm 2027");
    await org.fill("#f-year", "2027");
    await org.fill("#f-registrationOpensOn", isoDay(-1));
    await org.fill("#f-registrationClosesOn", isoDay(-2));
    await org.click("button:has-text('Tạo kỳ bình chọn')");
    await org.locator("#f-registrationClosesOn-error").waitFor();
    expect(await org.locator("#f-registrationClosesOn-error").innerText()).toBe("Ngày đóng nhận hồ sơ phải sau ngày mở.");
    expect(await org.inputValue("#f-title")).toBe("Bình chọn sản phẩm CNNT tiêu biểu tỉnh Bắc Ninh năm 2027");
    await org.fill("#f-registrationClosesOn", isoDay(30));
    await org.click("button:has-text('Tạo kỳ bình chọn')");
    await org.locator(".alert.success", { hasText: "Đã tạo kỳ bình chọn" }).waitFor();
    const roundUrl = org.url().replace(/\?.*$/, "");
    await org.click(".round-nav a:has-text('Thiết lập')");
    await confirmAction(org, "Mở nhận hồ sơ");
    await org.locator(".alert.success", { hasText: "Đã mở nhận hồ sơ" }).waitFor();
    await org.screenshot({ path: path.join(shots, "round-settings-1280.png"), fullPage: true });

    // 2. The demo producer registers its product and submits the dossier (on a phone).
    const prod = await logIn(prodCtx, "coso@demo.cnnt.vn", "Cơ sở của tôi");
    await prod.goto(`${server.url}/co-so/ky-binh-chon`);
    const round = prod.locator("section.card", { hasText: "tỉnh Bắc Ninh năm 2027" });
    await round.locator("select[name=productId]").selectOption({ label: "Bình gốm men da lươn Phù Lãng" });
    await round.locator("button", { hasText: "Đăng ký tham gia" }).click();
    await prod.locator("h1", { hasText: "Hồ sơ: Bình gốm men da lươn Phù Lãng" }).waitFor();
    const dossierUrl = prod.url().replace(/\?.*$/, "");
    await uploadTo(prod, "registration_form", [f["phieu-dang-ky.pdf"]!]);
    await uploadTo(prod, "business_registration", [f["giay-dkkd.pdf"]!]);
    await uploadTo(prod, "product_description", [f["thuyet-minh.pdf"]!]);
    await uploadTo(prod, "product_photos", [f["anh-1.png"]!, f["anh-2.png"]!, f["anh-3.png"]!]);
    await prod.check("#f-commitment");
    await prod.locator("button", { hasText: "Nộp hồ sơ" }).click();
    await prod.locator("dialog[open] button", { hasText: "Xác nhận nộp" }).click();
    await prod.locator("h1", { hasText: "Biên nhận hồ sơ" }).waitFor();

    // 3. The organizer finds it in the queue, opens the viewer and asks for a missing photo.
    await org.goto(`${roundUrl}/ho-so`);
    await org.locator("td", { hasText: "Bình gốm men da lươn Phù Lãng" }).waitFor();
    await org.screenshot({ path: path.join(shots, "intake-queue-1280.png"), fullPage: true });
    await org.locator("table a").first().click();
    await org.locator("h1", { hasText: "Bình gốm men da lươn Phù Lãng" }).waitFor();
    await org.locator("iframe.viewer-frame").waitFor();
    await org.screenshot({ path: path.join(shots, "dossier-viewer-1280.png"), fullPage: true });
    await org.locator("summary", { hasText: "Yêu cầu bổ sung" }).click();
    await org.locator("input[name=docTypes][value=product_photos]").check();
    await org.fill("#f-message", "Bổ sung ảnh chụp mặt đáy sản phẩm.");
    await org.click("button:has-text('Gửi yêu cầu bổ sung')");
    await org.locator(".alert.success", { hasText: "Đã gửi yêu cầu bổ sung" }).waitFor();

    // 4. The producer sees the request, adds the photo and resubmits.
    await prod.goto(dossierUrl);
    await prod.locator(".alert.info", { hasText: "Bổ sung ảnh chụp mặt đáy sản phẩm." }).waitFor();
    expect(await prod.locator("input[type=file][data-slot]").count()).toBe(1);
    await uploadTo(prod, "product_photos", [f["anh-day.png"]!]);
    await prod.check("#f-commitment");
    await prod.locator("button", { hasText: "Nộp lại hồ sơ" }).click();
    await prod.locator("dialog[open] button", { hasText: "Xác nhận nộp" }).click();
    await prod.locator("h1", { hasText: "Biên nhận hồ sơ" }).waitFor();

    // 5. The organizer accepts it.
    await org.reload();
    await org.locator("button", { hasText: "Tiếp nhận: hồ sơ hợp lệ" }).click();
    await org.locator(".alert.success", { hasText: "Đã tiếp nhận hồ sơ" }).waitFor();
    expect(await org.locator(".page-head .badge").innerText()).toBe("Hồ sơ hợp lệ");

    // 6. The organizer sets up a council of three judges, records one conflict, reads the progress board.
    await org.click(".round-nav a:has-text('Hội đồng')");
    await org.locator("h1", { hasText: "Hội đồng và Ban giám khảo" }).waitFor();
    await org.click("button:has-text('Lập Hội đồng')");
    await org.locator(".alert.success", { hasText: "Đã lưu thông tin Hội đồng" }).waitFor();
    const judges = [
      { name: "Phạm Văn Khải", email: "chutich.bacninh@demo.cnnt.vn", role: "chair" },
      { name: "Đỗ Thị Lan", email: "giamkhao1@demo.cnnt.vn", role: "member" },
      { name: "Lê Thị Mai", email: "mai.lt@example.vn", role: "member" },
    ];
    for (const j of judges) {
      const add = org.locator("form:has(input[name=intent][value=add])");
      if (!(await add.isVisible())) await org.click("summary:has-text('Thêm thành viên')");
      await org.fill("#new-fullName", j.name);
      await org.fill("#new-email", j.email);
      await org.selectOption("#new-role", j.role);
      await add.locator("button:has-text('Thêm vào Hội đồng')").click();
      await org.locator(".member-name", { hasText: j.name }).waitFor();
    }
    expect(await org.locator(".member .badge.info", { hasText: "Giám khảo" }).count()).toBe(3);
    await org.click(".round-nav a:has-text('Phân công chấm')");
    await org.locator("h1", { hasText: "Phân công chấm điểm" }).waitFor();
    await org.click("summary:has-text('Ghi nhận xung đột lợi ích')");
    await org.selectOption("#f-memberId", { label: "Lê Thị Mai" });
    await org.locator("#f-entryId option", { hasText: "Bình gốm men da lươn Phù Lãng" }).waitFor({ state: "attached" });
    const option = await org.locator("#f-entryId option", { hasText: "Bình gốm men da lươn Phù Lãng" }).getAttribute("value");
    await org.selectOption("#f-entryId", option!);
    await org.fill("#f-reason", "Người thân làm việc tại hợp tác xã");
    await org.click("button:has-text('Ghi nhận')");
    await org.locator(".alert.success", { hasText: "Đã ghi nhận xung đột lợi ích" }).waitFor();
    await org.click(".round-nav a:has-text('Tiến độ chấm')");
    await org.locator("h1", { hasText: "Tiến độ chấm điểm" }).waitFor();
    const grid = org.locator("table.progress-grid");
    expect(await grid.locator("td.cell.conflict").count()).toBe(1);
    expect(await grid.locator("td.cell.not_started").count()).toBe(2);
    await org.screenshot({ path: path.join(shots, "progress-after-intake-1280.png"), fullPage: true });

    // The phone view of the queue and the viewer.
    const orgPhone = await logIn(await browser.newContext({ viewport: { width: 360, height: 740 } }), "sct.bacninh@demo.cnnt.vn", "Các kỳ bình chọn");
    await orgPhone.goto(`${roundUrl}/ho-so`);
    await orgPhone.locator("td", { hasText: "Bình gốm men da lươn Phù Lãng" }).waitFor();
    await orgPhone.screenshot({ path: path.join(shots, "intake-queue-360.png"), fullPage: true });
    await orgPhone.locator("table a").first().click();
    await orgPhone.locator("h1", { hasText: "Bình gốm men da lươn Phù Lãng" }).waitFor();
    await orgPhone.screenshot({ path: path.join(shots, "dossier-viewer-360.png"), fullPage: true });
    const overflow = await orgPhone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    await prod.goto(dossierUrl);
    await prod.locator(".badge", { hasText: "Hồ sơ hợp lệ" }).waitFor();
    const timeline = await prod.locator(".timeline").innerText();
    for (const step of ["Nộp hồ sơ", "Yêu cầu bổ sung", "Đã bổ sung, nộp lại", "Hồ sơ hợp lệ"]) expect(timeline).toContain(step);
    await orgCtx.close();
    await prodCtx.close();
  });
});
