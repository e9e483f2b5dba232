/**
 * A complaint about a result, in Debian's chromium against the built server with the demo data
 * (issue 14): the producer on a 360 px phone files a complaint about its entry in the published
 * national round, with a PDF attached, and gets its number; the council's chair (at 1280 px)
 * finds it in the round's queue and answers it; the producer, back on the phone, reads the
 * answer. Screenshots: tests/.tmp/screenshots/complaint-*.png.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { seatChairOnNationalRound } from "../helpers/demo-round";
import { makePdf } from "../helpers/files";
import { startServer, type RunningServer } from "../helpers/server";
import { TMP_ROOT } from "../helpers/tmp";
import { logIn } from "../helpers/ui";

let server: RunningServer;
let browser: Browser;
const shots = path.join(TMP_ROOT, "screenshots");
let roundId = 0;
let entryId = 0;
let pdfPath = "";

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  server = await startServer({ seedDemo: true });
  browser = await launchBrowser();
  // The demo's national round was published in 2025: publish it "now" so its complaint window is
  // open, and seat the demo chair as its council's chair (the demo's national council has no accounts).
  const sqlite = new Database(server.dbPath);
  try {
    roundId = seatChairOnNationalRound(sqlite, "chutich.bacninh@demo.cnnt.vn").roundId;
    sqlite.prepare("update rounds set published_at = ? where id = ?").run(Date.now(), roundId);
    entryId = (
      sqlite
        .prepare(
          `select e.id from entries e join establishment_members m on m.establishment_id = e.establishment_id join users u on u.id = m.user_id
           where u.email = 'coso@demo.cnnt.vn' and e.round_id = ? and e.status in ('recognised', 'not_recognised') order by e.id limit 1`,
        )
        .get(roundId) as { id: number }
    ).id;
  } finally {
    sqlite.close();
  }
  pdfPath = path.join(server.dir, "bang-diem.pdf");
  fs.writeFileSync(pdfPath, await makePdf("Bang diem va giay to kem theo"));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) fs.rmSync(server.dir, { recursive: true, force: true });
});

describe("a complaint about a result", () => {
  it("a producer files it on a phone, the chair answers it, the producer reads the answer", async () => {
    const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: "vi-VN" });
    const p = await phone.newPage();
    await logIn(p, server.url, "coso@demo.cnnt.vn");
    await p.goto(`${server.url}/co-so/khieu-nai`);
    await p.locator("h1:has-text('Khiếu nại kết quả')").waitFor();
    await p.selectOption("#f-entryId", String(entryId));
    await p.fill("#f-body", "Sản phẩm của chúng tôi đạt điểm cao ở nhóm tiêu chí I nhưng tổng điểm thấp hơn dự kiến; đề nghị Hội đồng rà soát lại phiếu chấm.");
    await p.setInputFiles("#f-files", pdfPath);
    // Nothing overflows the phone's width.
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await p.screenshot({ path: path.join(shots, "complaint-file-360.png"), fullPage: true });
    await p.click("button[type=submit]:has-text('Nộp khiếu nại')");
    await p.waitForURL(/\/co-so\/khieu-nai\/\d+\?da-nop=1$/);
    const banner = await p.locator(".alert.success").innerText();
    const number = /KN-\d{4}-\d{4}/.exec(banner)?.[0];
    expect(number).toBeTruthy();
    expect(await p.locator("a:has-text('bang-diem.pdf')").count()).toBe(1);
    expect(await p.locator("a:has-text('Tải biên nhận (PDF)')").getAttribute("href")).toMatch(/\/bien-nhan\.pdf$/);
    await p.screenshot({ path: path.join(shots, "complaint-filed-360.png"), fullPage: true });
    const complaintUrl = p.url().replace(/\?.*$/, "");

    const desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" });
    const c = await desk.newPage();
    await logIn(c, server.url, "chutich.bacninh@demo.cnnt.vn");
    await c.goto(`${server.url}/to-chuc/vong/${roundId}/khieu-nai`);
    await c.click(`a:has-text('${number}')`);
    await c.locator(`h1:has-text('Khiếu nại ${number}')`).waitFor();
    await c.check("input[name=outcome][value=partly]");
    await c.fill("#f-response", "Hội đồng đã rà soát: một phiếu ghi nhầm điểm tiêu chí I.2; tổng điểm sau rà soát vẫn giữ nguyên thứ hạng.");
    await c.click("button[type=submit]:has-text('Ghi trả lời')");
    await c.locator(".alert.success:has-text('Đã ghi trả lời')").waitFor();
    await c.screenshot({ path: path.join(shots, "complaint-answered-1280.png"), fullPage: true });

    await p.goto(complaintUrl);
    await p.locator(".complaint-answer:has-text('Khiếu nại đúng một phần')").waitFor();
    expect(await p.locator(".complaint-answer").innerText()).toContain("ghi nhầm điểm tiêu chí I.2");
    await p.screenshot({ path: path.join(shots, "complaint-answer-360.png"), fullPage: true });
    await phone.close();
    await desk.close();
  });
});
