/**
 * The organizer's dashboard after scoring ended (issue 13, item 3), on the demo data: the 2026
 * Bắc Ninh round's scoring deadline has passed with sheets missing, and Bắc Ninh also has a draft
 * round, a round taking dossiers (two waiting, one past its answer-by date) and a published round
 * whose certificates are not issued while an open regional round takes nominations. The organizer
 * sees the to-dos, and each leads to the page where it is done (its tab in the round's menu).
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayInVietnam } from "~/lib/dates";
import { launchBrowser } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { TMP_ROOT } from "../helpers/tmp";
import { logIn } from "../helpers/ui";

let server: RunningServer;
let browser: Browser;
const shots = process.env.SHOTS_DIR ?? path.join(TMP_ROOT, "screenshots");
const today = todayInVietnam();
const day = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const ORGANIZER = "sct.bacninh@demo.cnnt.vn";

/** Puts the demo's Bắc Ninh rounds in the state the test reads (see the header). */
function prepare(dbPath: string) {
  const sqlite = new Database(dbPath);
  try {
    sqlite.transaction(() => {
      const bn = sqlite.prepare("select id, body_id as bodyId, unit_id as unitId from rounds where level = 'province' and status = 'scoring'").get() as { id: number; bodyId: number; unitId: number };
      // Scoring ended yesterday, with sheets still missing.
      sqlite
        .prepare("update rounds set dossier_scoring_from = ?, dossier_scoring_to = ?, direct_scoring_from = ?, direct_scoring_to = ? where id = ?")
        .run(day(-40), day(-1), day(-20), day(-5), bn.id);
      const products = sqlite.prepare("select product_id as productId, establishment_id as estId from entries where round_id = ? order by id limit 3").all(bn.id) as { productId: number; estId: number }[];
      const round = (title: string, status: string, extra: Record<string, string | number | null> = {}) => {
        const cols = { body_id: bn.bodyId, level: "province", unit_id: bn.unitId, region_code: "BAC", year: 2026, title, status, ...extra };
        const keys = Object.keys(cols);
        return Number(sqlite.prepare(`insert into rounds (${keys.join(", ")}) values (${keys.map(() => "?").join(", ")})`).run(...Object.values(cols)).lastInsertRowid);
      };
      round("Kỳ bình chọn năm 2027 (nháp)", "draft", { year: 2027 });
      const open = round("Kỳ bình chọn bổ sung năm 2026", "open", { registration_opens_on: day(-10), registration_closes_on: day(10) });
      const entry = sqlite.prepare("insert into entries (round_id, product_id, establishment_id, dossier_no, status, submitted_at, answer_by) values (?, ?, ?, ?, ?, ?, ?)");
      entry.run(open, products[0]!.productId, products[0]!.estId, "E2E-BS-1", "submitted", Date.now(), day(-3));
      entry.run(open, products[1]!.productId, products[1]!.estId, "E2E-BS-2", "submitted", Date.now(), day(2));
      const published = round("Kỳ bình chọn năm 2025 (đã công bố)", "published", { year: 2025, published_at: Date.now() - 20 * 86_400_000 });
      const decision = Number(
        sqlite
          .prepare("insert into recognition_decisions (round_id, number, signed_on, signer_name, signer_title, issuer) values (?, ?, ?, ?, ?, ?)")
          .run(published, "999/QĐ-UBND", day(-25), "Nguyễn Văn Phong", "Phó Chủ tịch UBND tỉnh", "UBND tỉnh Bắc Ninh").lastInsertRowid,
      );
      products.forEach((p, i) => {
        const id = Number(entry.run(published, p.productId, p.estId, `E2E-CB-${i}`, "recognised", Date.now(), null).lastInsertRowid);
        sqlite.prepare("insert into council_verdicts (entry_id, recognised, decision_id, decided_at) values (?, 1, ?, ?)").run(id, decision, Date.now());
      });
      // The level above takes nominations until day(15).
      const region = Number(sqlite.prepare("insert into organizing_bodies (name, level, region_code) values (?, 'region', 'BAC')").run("Cục Công Thương địa phương (khu vực phía Bắc)").lastInsertRowid);
      sqlite
        .prepare("insert into rounds (body_id, level, region_code, year, title, status, registration_opens_on, registration_closes_on) values (?, 'region', 'BAC', 2026, ?, 'open', ?, ?)")
        .run(region, "Bình chọn sản phẩm CNNT tiêu biểu khu vực phía Bắc năm 2026", day(-5), day(15));
    })();
  } finally {
    sqlite.close();
  }
}

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  server = await startServer({ seedDemo: true });
  prepare(server.dbPath);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) fs.rmSync(server.dir, { recursive: true, force: true });
});

let page: Page;

async function organizer(width: number): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height: 900 } });
  const p = await ctx.newPage();
  await logIn(p, server.url, ORGANIZER);
  await p.goto(`${server.url}/to-chuc`);
  await p.locator(".todo-board .todo").first().waitFor();
  return p;
}

/** Each to-do, the page it leads to and the round tab shown there. */
const LEADS: [kind: string, path: RegExp, tab: string][] = [
  ["sheets_missing", /\/to-chuc\/vong\/\d+\/tien-do$/, "Tiến độ chấm"],
  ["close_stage", /\/to-chuc\/vong\/\d+\/ket-qua$/, "Kết quả"],
  ["invitations", /\/to-chuc\/vong\/\d+\/hoi-dong$/, "Hội đồng"],
  ["intake_answer", /\/to-chuc\/vong\/\d+\/ho-so$/, "Hồ sơ"],
  ["setup", /\/to-chuc\/vong\/\d+\/thiet-lap$/, "Thiết lập"],
  ["certificates", /\/to-chuc\/vong\/\d+\/chung-nhan$/, "Giấy chứng nhận"],
  ["nominations", /\/to-chuc\/vong\/\d+\/de-cu$/, "Đề cử"],
  ["intake_open", /\/to-chuc\/vong\/\d+\/ho-so$/, "Hồ sơ"],
];

describe("the organizer's dashboard after scoring ended", () => {
  it("shows the to-dos and leads to each", async () => {
    page = await organizer(1280);
    const todo = (kind: string) => page.locator(`.todo[data-kind="${kind}"]`);
    // Scoring ended: the judges behind by name, overdue; the stage to close.
    const missing = todo("sheets_missing");
    expect(await missing.getAttribute("class")).toContain("todo-overdue");
    expect(await missing.innerText()).toMatch(/Còn \d+ phiếu chấm chưa nộp của \d+ giám khảo/);
    expect(await missing.innerText()).toContain("Bùi Văn Quang");
    expect(await missing.innerText()).toContain("quá hạn 1 ngày");
    expect(await todo("close_stage").innerText()).toContain("Đã qua hạn chấm: khóa vòng chấm");
    expect(await todo("intake_answer").innerText()).toContain("1 hồ sơ quá hạn trả lời tiếp nhận (trong 2 hồ sơ đang chờ)");
    expect(await todo("certificates").innerText()).toContain("Cấp 3 giấy chứng nhận");
    expect(await todo("nominations").innerText()).toContain("Đề cử lên cấp trên: 3 sản phẩm còn hiệu lực chưa đề cử");
    // Overdue first.
    expect(await page.locator(".todo").first().getAttribute("class")).toContain("todo-overdue");
    // The rounds table is still there, below.
    await page.locator("table a", { hasText: "Bắc Ninh năm 2026" }).waitFor();
    await page.screenshot({ path: path.join(shots, "dashboard-1280.png"), fullPage: true });

    // Once the page is live, each link navigates in the page and Back returns to the list.
    await page.waitForFunction(() => !!(window as unknown as { __remixRouter?: unknown }).__remixRouter);
    for (const [kind, target, tab] of LEADS) {
      await todo(kind).locator("a.todo-title").click();
      await page.waitForURL((u) => target.test(u.pathname));
      await page.locator(".round-nav a[aria-current=page]", { hasText: tab }).waitFor();
      // The overdue dossiers open filtered.
      if (kind === "intake_answer") expect(new URL(page.url()).searchParams.get("qua_han")).toBe("1");
      await page.goBack();
      await page.waitForURL((u) => u.pathname === "/to-chuc");
      await todo(kind).waitFor();
    }
  });

  it("reads on a 360 px phone without sideways scrolling", async () => {
    await page.setViewportSize({ width: 360, height: 900 });
    await page.reload();
    await page.locator(".todo-board .todo").first().waitFor();
    expect(await page.locator(".todo").count()).toBeGreaterThanOrEqual(LEADS.length);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: path.join(shots, "dashboard-360.png"), fullPage: true });
    // The first two screens, readable at full size.
    await page.screenshot({ path: path.join(shots, "dashboard-360-top.png"), clip: { x: 0, y: 0, width: 360, height: 900 }, fullPage: true });
    await page.screenshot({ path: path.join(shots, "dashboard-360-next.png"), clip: { x: 0, y: 900, width: 360, height: 900 }, fullPage: true });
    await page.context().close();
  });
});
