/**
 * The judge-by-judge detail of an entry flagged for discrepancy, in Debian's chromium against the
 * built server with the demo data: the results page no longer carries it, it is loaded when the
 * entry is opened (from the table's link at 1280 px, from the entry's own line on a 360 px phone),
 * and without JavaScript the link reloads the page with that entry's detail in it.
 * Screenshots: tests/.tmp/screenshots/outlier-detail-*.png.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { seatChairOnNationalRound } from "../helpers/demo-round";
import { startServer, type RunningServer } from "../helpers/server";
import { TMP_ROOT } from "../helpers/tmp";
import { logIn } from "../helpers/ui";

let server: RunningServer;
let browser: Browser;
const shots = path.join(TMP_ROOT, "screenshots");
let roundId = 0;
const CHAIR = "chutich.bacninh@demo.cnnt.vn";

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  server = await startServer({ seedDemo: true });
  browser = await launchBrowser();
  // The demo's published national round, with a tolerance of 1 point so that its entries are
  // flagged (the demo's judges differ by 1 to 6 points), and the demo chair seated as its
  // council's chair (who may read its results page).
  const sqlite = new Database(server.dbPath);
  try {
    const seated = seatChairOnNationalRound(sqlite, CHAIR);
    roundId = seated.roundId;
    const chair = seated.chairId;
    sqlite.prepare("update rounds set discrepancy_tolerance_tenths = 10 where id = ?").run(roundId);
    // The demo publishes that round without a record of its stage's closing: add it, as closing does.
    sqlite.prepare("insert or ignore into stage_closures (round_id, stage, closed_by, closed_at) values (?, 1, ?, ?)").run(roundId, chair, Date.now());
  } finally {
    sqlite.close();
  }
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) fs.rmSync(server.dir, { recursive: true, force: true });
});

const resultsUrl = () => `${server.url}/to-chuc/vong/${roundId}/ket-qua`;

/** The opened entry's judges, once loaded: each line names a judge, a total, the others' mean and the difference. */
async function judgesOf(page: Page, detail: ReturnType<Page["locator"]>) {
  await detail.locator("li").first().waitFor();
  const lines = await detail.locator("li").allInnerTexts();
  for (const line of lines) expect(line).toMatch(/Tổng điểm \d+,\d{2} · TB các giám khảo khác \d+,\d{2} · Chênh lệch [+−]?\d+,\d{2}/);
  expect(await detail.locator("p.small").first().innerText()).toMatch(/giám khảo/i);
  return lines;
}

describe("a flagged entry's judge-by-judge detail", () => {
  it("is not in the page; the table's link opens the entry and loads it (1280 px)", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" });
    const page = await context.newPage();
    await logIn(page, server.url, CHAIR);
    const response = await page.goto(resultsUrl());
    expect(response?.status()).toBe(200);
    // The page lists the flagged entries, closed, without any judge's figures in them.
    const flagged = page.locator("details.outlier-detail");
    expect(await flagged.count()).toBeGreaterThan(0);
    expect(await page.locator("details.outlier-detail li").count()).toBe(0);
    // Once the page runs (Remix's router is up), the table's link opens the entry and loads it in place.
    await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter));
    const link = page.locator("a", { hasText: "Xem từng giám khảo" }).first();
    const target = (await link.getAttribute("href"))!.split("#")[1]!;
    await link.click();
    const opened = page.locator(`details#${target}[open]`);
    const lines = await judgesOf(page, opened);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(page.url()).toBe(resultsUrl()); // loaded in place, not by reloading the page
    await opened.screenshot({ path: path.join(shots, "outlier-detail-1280.png") });
    await context.close();
  });

  it("opening an entry's own line loads it on a 360 px phone, within the screen's width", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: "vi-VN" });
    const page = await context.newPage();
    await logIn(page, server.url, CHAIR);
    await page.goto(resultsUrl());
    const entry = page.locator("details.outlier-detail").last();
    await entry.locator("summary").click();
    await judgesOf(page, entry);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await entry.screenshot({ path: path.join(shots, "outlier-detail-360.png") });
    await context.close();
  });

  it("without JavaScript the link reloads the page with that entry's detail in it", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false, locale: "vi-VN" });
    const page = await context.newPage();
    await logIn(page, server.url, CHAIR);
    await page.goto(resultsUrl());
    const link = page.locator("a", { hasText: "Xem từng giám khảo" }).first();
    const href = (await link.getAttribute("href"))!;
    expect(href).toMatch(/^\?lech=\d+#lech-\d+$/);
    await link.click();
    await page.waitForURL((u) => u.search.startsWith("?lech="));
    const opened = page.locator(`details#${href.split("#")[1]}[open]`);
    await judgesOf(page, opened);
    // Only that one: the others stay closed and empty.
    expect(await page.locator("details.outlier-detail[open]").count()).toBe(1);
    await page.screenshot({ path: path.join(shots, "outlier-detail-nojs-360.png") });
    await context.close();
  });
});
