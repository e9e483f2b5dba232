/**
 * The round page's charts (issue 13 item 7): entries by status, entries by product group, and, once
 * a scoring stage is closed, the distribution of the entries' means with the pass mark drawn.
 *
 * Scope: the only way in is the value `getRoundForOrganizer` returns, i.e. after the round page's
 * own scope check (the managing body, or a higher-level body overseeing it). The means come from
 * the results snapshot (`results`, written when a stage is closed by scoring.server.ts closeStage),
 * only for a stage whose closure stands (not reopened), and only for the body managing the round:
 * an overseeing body may not see results before publication (scoring.server.ts resultsAccess).
 * No judge and no sheet is read here: the charts cannot name a judge.
 */
import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import { ENTRY_STATUSES, entries, productGroups, products, results, stageClosures, type EntryStatus } from "~db/schema";
import { db } from "~/lib/db.server";
import { Plot, renderPlot } from "~/lib/plot.server";
import type { getRoundForOrganizer } from "~/modules/rounds/rounds.server";
import { ENTRY_STATUS_LABELS, entryStatusTone } from "~/ui/labels";
import { COLORS, FONT_SIZE, FULL_WIDTH, HALO, horizontalBars, NARROW_WIDTH, viNumber, type ChartSvgs } from "./layout.server";

type RoundView = ReturnType<typeof getRoundForOrganizer>;

export type ChartData = ChartSvgs & { title: string; caption: string; table: { columns: string[]; rows: (string | number)[][] } };

const TONE_COLOR = { ok: COLORS.ok, warn: COLORS.warn, bad: COLORS.bad, info: COLORS.info, "": COLORS.neutral } as const;

/** Entries by status, in the order of the lifecycle; statuses without entries are left out. */
export function entriesByStatusChart(counts: RoundView["counts"]): ChartData | null {
  const n = new Map(counts.map((c) => [c.status, Number(c.n)]));
  const rows = ENTRY_STATUSES.filter((s) => (n.get(s) ?? 0) > 0).map((s: EntryStatus) => ({
    key: s,
    label: ENTRY_STATUS_LABELS[s],
    n: n.get(s)!,
    color: TONE_COLOR[entryStatusTone(s)],
  }));
  if (!rows.length) return null;
  const total = rows.reduce((a, r) => a + r.n, 0);
  return {
    title: "Hồ sơ theo trạng thái",
    caption: `${viNumber(total)} hồ sơ, kể cả hồ sơ đang chuẩn bị và đã rút.`,
    ...horizontalBars(rows, "Hồ sơ theo trạng thái"),
    table: { columns: ["Trạng thái", "Số hồ sơ"], rows: rows.map((r) => [r.label, r.n]) },
  };
}

/** Entries by product group (every group, zero included), from the entries' products. */
export function entriesByGroupChart(roundId: number): ChartData | null {
  const counted = db
    .select({ groupId: products.productGroupId, n: sql<number>`count(*)` })
    .from(entries)
    .innerJoin(products, eq(products.id, entries.productId))
    .where(eq(entries.roundId, roundId))
    .groupBy(products.productGroupId)
    .all();
  const total = counted.reduce((a, c) => a + Number(c.n), 0);
  if (!total) return null;
  const n = new Map(counted.map((c) => [c.groupId, Number(c.n)]));
  const rows = db
    .select()
    .from(productGroups)
    .orderBy(asc(productGroups.id))
    .all()
    .map((g) => ({ key: String(g.id), label: g.name, n: n.get(g.id) ?? 0, color: COLORS.red }));
  return {
    title: "Hồ sơ theo nhóm sản phẩm",
    caption: `${viNumber(total)} hồ sơ, theo nhóm của sản phẩm dự thi.`,
    ...horizontalBars(rows, "Hồ sơ theo nhóm sản phẩm"),
    table: { columns: ["Nhóm sản phẩm", "Số hồ sơ"], rows: rows.map((r) => [r.label, r.n]) },
  };
}

export type MeanBin = { fromTenths: number; toTenths: number; passed: number; notPassed: number };

/**
 * Bins of the means, in tenths of a point. Edges fall on the pass mark (so a bin is wholly above or
 * below it), every 2.5 points when the means span 40 points or less, else every 5; clipped to
 * [0, 100]. Bins are [from, to), the last one [from, 100]. A mean is compared exactly: the mean
 * sum/n is at least edge e when sum ≥ e·n.
 */
export function meanBins(means: { sumTenths: number; judgesCount: number; passed: boolean }[], passMarkTenths: number): MeanBin[] {
  if (!means.length) return [];
  const values = means.map((m) => m.sumTenths / m.judgesCount);
  const lo = Math.min(...values, passMarkTenths);
  const hi = Math.max(...values, passMarkTenths);
  const step = hi - lo <= 400 ? 25 : 50;
  const edges: number[] = [];
  // At least one bin below the pass mark, so the rule never sits on the chart's edge.
  const below = Math.max(1, Math.ceil((passMarkTenths - lo) / step));
  const start = passMarkTenths - Math.min(below, Math.floor(passMarkTenths / step)) * step;
  for (let e = start; e < 1000; e += step) edges.push(e);
  edges.push(1000);
  const bins: MeanBin[] = edges.slice(0, -1).map((from, i) => ({ fromTenths: from, toTenths: edges[i + 1]!, passed: 0, notPassed: 0 }));
  for (const m of means) {
    // The last bin whose lower edge the mean reaches (exact integer comparison).
    let i = bins.length - 1;
    while (i > 0 && m.sumTenths < bins[i]!.fromTenths * m.judgesCount) i--;
    if (m.passed) bins[i]!.passed++;
    else bins[i]!.notPassed++;
  }
  // Drop empty bins above the highest mean, but keep the bins up to the pass mark's.
  let lastUsed = bins.findIndex((b) => b.fromTenths >= passMarkTenths);
  bins.forEach((b, i) => {
    if (b.passed + b.notPassed > 0 && i > lastUsed) lastUsed = i;
  });
  return bins.slice(0, lastUsed + 1);
}

/** The stage whose closure stands, the latest of them; null while no stage is closed. */
export function closedStageOf(roundId: number, scoringStages: number): number | null {
  const rows = db
    .select({ stage: stageClosures.stage })
    .from(stageClosures)
    .where(and(eq(stageClosures.roundId, roundId), isNull(stageClosures.reopenedAt)))
    .all()
    .map((r) => r.stage)
    .filter((s) => s <= scoringStages);
  return rows.length ? Math.max(...rows) : null;
}

const tenthsText = (t: number) => viNumber(t / 10, 1);

/**
 * The distribution of the entries' means in the latest closed stage, with the pass mark as a rule.
 * Null when no stage is closed, nothing was scored, or the viewer only oversees the round.
 */
export function meansChart(view: Pick<RoundView, "round" | "canManage">): (ChartData & { stage: number; passMarkTenths: number }) | null {
  const { round, canManage } = view;
  if (!canManage) return null;
  const stage = closedStageOf(round.id, round.scoringStages);
  if (stage == null) return null;
  const means = db
    .select({ sumTenths: results.sumTenths, judgesCount: results.judgesCount, passed: results.passed })
    .from(results)
    .innerJoin(entries, eq(entries.id, results.entryId))
    .where(and(eq(entries.roundId, round.id), eq(results.stage, stage), gt(results.judgesCount, 0)))
    .all();
  if (!means.length) return null;
  const pass = round.passMarkTenths;
  const bins = meanBins(means, pass);
  const passed = means.filter((m) => m.passed).length;
  const long = bins.flatMap((b) => [
    { from: b.fromTenths / 10, to: b.toTenths / 10, n: b.notPassed, outcome: "Chưa đạt" },
    { from: b.fromTenths / 10, to: b.toTenths / 10, n: b.passed, outcome: "Đạt" },
  ]);
  const maxCount = Math.max(1, ...bins.map((b) => b.passed + b.notPassed));
  const draw = (width: number) =>
    renderPlot(
      {
        width,
        height: width < 400 ? 220 : 260,
        marginTop: 28,
        marginLeft: 34,
        marginRight: 12,
        marginBottom: 40,
        style: { fontFamily: "inherit", fontSize: FONT_SIZE, background: "transparent", overflow: "visible" },
        x: {
          domain: [bins[0]!.fromTenths / 10, bins[bins.length - 1]!.toTenths / 10],
          label: "Điểm trung bình",
          labelAnchor: "center",
          labelArrow: "none",
          ticks: width < 400 ? 5 : 10,
          tickFormat: (d: number) => viNumber(d, 1),
        },
        y: { domain: [0, maxCount], label: "Số hồ sơ", labelArrow: "none", ticks: Math.min(maxCount, 5), tickFormat: (d: number) => (Number.isInteger(d) ? String(d) : "") , grid: true },
        color: { domain: ["Chưa đạt", "Đạt"], range: [COLORS.neutral, COLORS.ok] },
        marks: [
          Plot.rectY(long, Plot.stackY({ x1: "from", x2: "to", y: "n", fill: "outcome", inset: 0.5, filter: (d: (typeof long)[number]) => d.n > 0 })),
          Plot.ruleY([0]),
          Plot.ruleX([pass / 10], { stroke: COLORS.red, strokeWidth: 2, strokeDasharray: "5,3", className: "pass-mark" }),
          Plot.text([pass / 10], {
            x: (d: number) => d,
            frameAnchor: "top",
            dy: -20,
            text: () => `Điểm đạt ${tenthsText(pass)}`,
            textAnchor: pass >= 800 ? "end" : "start",
            dx: pass >= 800 ? -4 : 4,
            fill: COLORS.red,
            fontWeight: "bold",
            lineAnchor: "top",
            className: "pass-mark-label",
            ...HALO,
          }),
        ],
      },
      "Phân bố điểm trung bình của các hồ sơ",
    );
  const stageText = round.scoringStages > 1 ? ` (vòng chấm ${stage})` : "";
  return {
    stage,
    passMarkTenths: pass,
    title: `Phân bố điểm trung bình${stageText}`,
    caption: `${viNumber(means.length)} hồ sơ đã chấm; ${viNumber(passed)} đạt từ ${tenthsText(pass)} điểm trở lên (vạch đỏ). Cột xanh: đạt; cột xám: chưa đạt.`,
    svg: draw(FULL_WIDTH),
    svgNarrow: draw(NARROW_WIDTH),
    table: {
      columns: ["Điểm (từ–dưới)", "Đạt", "Chưa đạt", "Tổng"],
      rows: bins.map((b, i) => [
        `${tenthsText(b.fromTenths)}–${i === bins.length - 1 && b.toTenths === 1000 ? "100" : `<${tenthsText(b.toTenths)}`}`,
        b.passed,
        b.notPassed,
        b.passed + b.notPassed,
      ]),
    },
  };
}

/** Everything the round page draws, from what its viewer may see. */
export function roundCharts(view: RoundView) {
  return {
    byStatus: entriesByStatusChart(view.counts),
    byGroup: entriesByGroupChart(view.round.id),
    means: meansChart(view),
  };
}
