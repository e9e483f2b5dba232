/**
 * In Debian's chromium against the built server with the demo data: the Thái Nguyên organizer
 * sets up the council of its round (three judges: two invited by email, one existing account
 * linked), records a conflict of interest, sees the entry flagged as short of judges, and follows
 * the progress board. Screenshots of the council page, the assignment page and the progress board
 * at 1280 and 360 px go to tests/.tmp/screenshots; no page scrolls sideways as a whole at 360 px.
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
let roundId = 0;
const entryIds: number[] = [];

const PRODUCTS: [string, string, number][] = [
  ["Hợp tác xã Chè La Bằng", "Chè búp La Bằng", 2],
  ["Hợp tác xã Chè Tân Cương Hoàng Bình", "Chè móc câu Tân Cương", 2],
  ["Cơ sở Mây tre đan Phú Bình", "Giỏ mây đan hoa văn", 1],
  ["Công ty TNHH Cơ khí Sông Công", "Máy sao chè mini", 3],
  ["Hộ kinh doanh Miến dong Việt Cường", "Miến dong Việt Cường", 2],
];

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  server = await startServer({ seedDemo: true });
  browser = await launchBrowser();
  // The demo has no Thái Nguyên round: add one whose intake is closed, with five accepted entries.
  const sqlite = new Database(server.dbPath);
  const body = sqlite.prepare("select id, unit_id from organizing_bodies where name = 'Sở Công Thương tỉnh Thái Nguyên'").get() as { id: number; unit_id: number };
  roundId = Number(
    sqlite
      .prepare("insert into rounds (body_id, level, unit_id, year, title, status) values (?, 'province', ?, 2026, ?, 'intake_closed')")
      .run(body.id, body.unit_id, "Bình chọn sản phẩm CNNT tiêu biểu tỉnh Thái Nguyên năm 2026").lastInsertRowid,
  );
  PRODUCTS.forEach(([producer, product, group], i) => {
    const est = sqlite.prepare("insert into establishments (legal_type, name, province_id, unit_id) values ('cooperative', ?, ?, ?)").run(producer, body.unit_id, body.unit_id).lastInsertRowid;
    const prod = sqlite.prepare("insert into products (establishment_id, name, product_group_id) values (?, ?, ?)").run(est, product, group).lastInsertRowid;
    const n = String(i + 1).padStart(3, "0");
    entryIds.push(
      Number(
        sqlite
          .prepare("insert into entries (round_id, product_id, establishment_id, dossier_no, voting_code, status, submitted_at) values (?, ?, ?, ?, ?, 'accepted', ?)")
          .run(roundId, prod, est, `TN2026-${n}`, `TN26-${n}`, Date.now()).lastInsertRowid,
      ),
    );
  });
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

async function addMember(page: Page, m: { name: string; title: string; affiliation: string; email: string; role: string }) {
  const form = page.locator("form:has(input[name=intent][value=add])");
  if (!(await form.isVisible())) await page.click("summary:has-text('Thêm thành viên')");
  await page.fill("#new-fullName", m.name);
  await page.fill("#new-title", m.title);
  await page.fill("#new-affiliation", m.affiliation);
  await page.fill("#new-email", m.email);
  await page.selectOption("#new-role", m.role);
  await form.locator("button:has-text('Thêm vào Hội đồng')").click();
  await page.locator(".member-name", { hasText: m.name }).waitFor();
}

async function noSidewaysScroll(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > 361)
      .slice(0, 8)
      .map((el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`),
  );
  expect(width, wide.join("\n")).toBeLessThanOrEqual(360);
}

describe("council, conflicts and the progress board", () => {
  it("the organizer sets up three judges, records a conflict and follows the progress", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logIn(page, "sct.thainguyen@demo.cnnt.vn");
    await page.click("a:has-text('tỉnh Thái Nguyên năm 2026')");
    await page.click(".round-nav a:has-text('Hội đồng')");
    await page.locator("h1", { hasText: "Hội đồng và Ban giám khảo" }).waitFor();

    // The council.
    expect(await page.inputValue("#f-name")).toContain("năm 2026");
    await page.fill("#f-establishedByDecision", "245/QĐ-UBND");
    await page.click("button:has-text('Lập Hội đồng')");
    await page.locator(".alert.success", { hasText: "Đã lưu thông tin Hội đồng" }).waitFor();

    // A judge without an email is refused next to the field, with the name kept.
    await page.fill("#new-fullName", "Hoàng Minh Tuấn");
    await page.click("button:has-text('Thêm vào Hội đồng')");
    await page.locator("#new-email-error", { hasText: "Giám khảo cần có email" }).waitFor();
    expect(await page.inputValue("#new-fullName")).toBe("Hoàng Minh Tuấn");

    await addMember(page, { name: "Hoàng Minh Tuấn", title: "PGS.TS", affiliation: "Trường Đại học Nông Lâm Thái Nguyên", email: "tuan.hm@example.vn", role: "chair" });
    await addMember(page, { name: "Đỗ Thị Lan", title: "ThS", affiliation: "Trung tâm Khuyến công", email: "giamkhao1@demo.cnnt.vn", role: "member" });
    await page.locator(".alert.success", { hasText: "gắn với tài khoản sẵn có" }).waitFor();
    await addMember(page, { name: "Lý Văn Sơn", title: "Nghệ nhân ưu tú", affiliation: "Hiệp hội Chè Thái Nguyên", email: "son.lv@example.vn", role: "member" });
    expect(await page.locator(".member .badge", { hasText: "Đã gửi lời mời" }).count()).toBe(2);
    expect(await page.locator(".member .badge", { hasText: "Đã có tài khoản" }).count()).toBe(1);
    expect(await page.locator(".member .badge.info", { hasText: "Giám khảo" }).count()).toBe(3);
    await page.screenshot({ path: path.join(shots, "council-1280.png"), fullPage: true });

    // The assignment: everyone scores everything until a conflict is recorded.
    await page.click(".round-nav a:has-text('Phân công chấm')");
    await page.locator("h1", { hasText: "Phân công chấm điểm" }).waitFor();
    expect(await page.locator(".assign-stats .stat").nth(3).locator(".value").innerText()).toBe("0");
    await page.click("summary:has-text('Ghi nhận xung đột lợi ích')");
    await page.selectOption("#f-memberId", { label: "Lý Văn Sơn" });
    await page.selectOption("#f-entryId", { label: "TN26-002 – Chè móc câu Tân Cương" });
    await page.fill("#f-reason", "Là thành viên sáng lập hợp tác xã");
    await page.click("button:has-text('Ghi nhận')");
    await page.locator(".alert.success", { hasText: "Đã ghi nhận xung đột lợi ích" }).waitFor();
    expect(await page.locator(".assign-stats .stat").nth(3).locator(".value").innerText()).toBe("1");
    const row = page.locator("#bang-phan-cong tr", { hasText: "TN26-002" });
    expect(await row.innerText()).toContain("Thiếu 1");
    expect(await row.innerText()).toContain("Lý Văn Sơn");
    expect(await page.locator(".conflict-list").innerText()).toContain("Là thành viên sáng lập hợp tác xã");
    await page.screenshot({ path: path.join(shots, "assignment-1280.png"), fullPage: true });

    // Lan has scored one entry and started another (as the scoring pages would record it).
    const sqlite = new Database(server.dbPath);
    const lan = sqlite.prepare("select cm.id from council_members cm join councils c on c.id = cm.council_id where c.round_id = ? and cm.email = 'giamkhao1@demo.cnnt.vn'").get(roundId) as { id: number };
    const sheet = (sqlite.prepare("select id from criteria_sheets where is_official = 1").get() as { id: number }).id;
    sqlite.prepare("insert into score_sheets (entry_id, council_member_id, stage, sheet_id, status, total_tenths, submitted_at) values (?, ?, 1, ?, 'submitted', 812, ?)").run(entryIds[0], lan.id, sheet, Date.now());
    sqlite.prepare("insert into score_sheets (entry_id, council_member_id, stage, sheet_id, status, total_tenths) values (?, ?, 1, ?, 'draft', 400)").run(entryIds[1], lan.id, sheet);
    sqlite.close();

    await page.click(".round-nav a:has-text('Tiến độ chấm')");
    await page.locator("h1", { hasText: "Tiến độ chấm điểm" }).waitFor();
    const grid = page.locator("table.progress-grid");
    expect(await grid.locator("td.cell.submitted").count()).toBe(1);
    expect(await grid.locator("td.cell.draft").count()).toBe(1);
    expect(await grid.locator("td.cell.conflict").count()).toBe(1);
    expect(await grid.locator("td.cell.not_started").count()).toBe(12);
    expect(await page.locator(".progress-stats .stat").first().locator(".value").innerText()).toBe("1/14");
    const text = await page.locator("main").innerText();
    expect(text).not.toContain("81,2");
    expect(text).not.toContain("812");
    expect(await page.locator(".missing-card").innerText()).toContain("Lý Văn Sơn: 4 chưa chấm");
    expect(await page.locator("a[href$='/xuat/danh-sach.xlsx']").count()).toBe(1);
    await page.screenshot({ path: path.join(shots, "progress-1280.png"), fullPage: true });

    // The same pages on a phone.
    await page.setViewportSize({ width: 360, height: 740 });
    for (const [tab, name] of [
      ["hoi-dong", "council"],
      ["phan-cong", "assignment"],
      ["tien-do", "progress"],
    ] as const) {
      await page.goto(`${server.url}/to-chuc/vong/${roundId}/${tab}`);
      await page.locator("h1").waitFor();
      await page.screenshot({ path: path.join(shots, `${name}-360.png`), fullPage: true });
      await noSidewaysScroll(page);
    }
    await page.close();
  });

  it("a judge declares a conflict of interest from its own page, on a phone", async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await logIn(page, "giamkhao1@demo.cnnt.vn");
    await page.click("a:has-text('Khai báo xung đột lợi ích')");
    await page.locator("h1", { hasText: "Khai báo xung đột lợi ích" }).waitFor();
    const section = page.locator("section.card", { hasText: "tỉnh Thái Nguyên năm 2026" });
    await section.locator("select[name=entryId]").selectOption({ label: "TN26-003 – Giỏ mây đan hoa văn (Cơ sở Mây tre đan Phú Bình)" });
    // Without a reason: refused next to the field, the chosen product kept.
    await section.locator("button:has-text('Khai báo')").click();
    await page.locator(".field-error", { hasText: "Vui lòng nhập lý do." }).waitFor();
    const again = page.locator("section.card", { hasText: "tỉnh Thái Nguyên năm 2026" });
    expect(await again.locator("select[name=entryId] option:checked").innerText()).toContain("TN26-003");
    await again.locator("input[name=reason]").fill("Em ruột là chủ cơ sở");
    await again.locator("button:has-text('Khai báo')").click();
    await page.locator(".alert.success", { hasText: "Đã ghi nhận khai báo" }).waitFor();
    const after = page.locator("section.card", { hasText: "tỉnh Thái Nguyên năm 2026" });
    expect(await after.innerText()).toContain("Lý do: Em ruột là chủ cơ sở");
    expect(await after.locator("input[name=reason]").inputValue()).toBe("");
    await page.screenshot({ path: path.join(shots, "judge-conflict-360.png"), fullPage: true });
    await noSidewaysScroll(page);
    await page.close();
  });

  it("the demo's Bắc Ninh round: a full board with real sheets, at both widths", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logIn(page, "sct.bacninh@demo.cnnt.vn");
    await page.click("a:has-text('tỉnh Bắc Ninh năm 2026')");
    await page.click(".round-nav a:has-text('Tiến độ chấm')");
    await page.locator("table.progress-grid").waitFor();
    expect(await page.locator("table.progress-grid th.judge-col").count()).toBe(5);
    await page.screenshot({ path: path.join(shots, "progress-demo-1280.png"), fullPage: true });
    await page.setViewportSize({ width: 360, height: 740 });
    await page.reload();
    await page.locator("table.progress-grid").waitFor();
    await page.screenshot({ path: path.join(shots, "progress-demo-360.png"), fullPage: true });
    await noSidewaysScroll(page);
    await page.close();
  });
});
