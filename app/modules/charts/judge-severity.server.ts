/**
 * Each judge's severity with its spread, for the results page (issue 13 item 7), so a harsh or
 * lenient judge stands out.
 *
 * The numbers are the results page's own: the stage shown is the one `resultsPage` shows (the
 * latest closed stage), the sheets are the stage's counted sheets (aggregate.ts: submitted, no
 * declared conflict), a judge's severity is agreement.ts `judgeSeverity` (leave-one-out mean
 * difference) and each entry's difference is agreement.ts `entryOutlier` (the judge's total minus
 * the other judges' mean on that entry). The spread is the standard deviation of those per-entry
 * differences (n − 1 in the denominator), with the lowest and highest.
 *
 * Access is the results page's (`resultsAccess`: the managing organizer or the council's chair;
 * others 403/404), and nothing is drawn before a stage is closed.
 */
import crypto from "node:crypto";
import { db } from "~/lib/db.server";
import type { Principal } from "~/lib/permissions";
import { Plot, renderPlot } from "~/lib/plot.server";
import { sheetTotalTenths, type Id, type SheetInput } from "~/modules/scoring/aggregate";
import { judgeSeverity } from "~/modules/scoring/agreement";
import { computeStage, councilNames, currentStage, isStageClosed, resultsAccess, stageInput } from "~/modules/scoring/scoring.server";
import { COLORS, FONT_SIZE, FULL_WIDTH, HALO, NARROW_WIDTH, viNumber, wrapLabel } from "./layout.server";
import { compareVi } from "~/lib/text";

export type JudgeSeverityRow = {
  judgeId: number;
  name: string;
  /** Entries compared (scored with at least one other judge). */
  entries: number;
  /** Mean difference in points (agreement.ts judgeSeverity), its display "+1,25" / "−5,00". */
  severity: number;
  severityDisplay: string;
  /** Standard deviation of the per-entry differences, points; null with one entry. */
  sd: number | null;
  min: number;
  max: number;
  /** Each entry's difference, points (for the strip). */
  differences: number[];
};

export type JudgeSeverityChartData = {
  title: string;
  caption: string;
  svg: string;
  svgNarrow: string;
  stage: number;
  /** The rows drawn, without the per-entry differences (drawn, not sent to the browser). */
  rows: Omit<JudgeSeverityRow, "differences">[];
  table: { columns: string[]; rows: (string | number)[][] };
};

const signed = (n: number) => (n > 0 ? "+" : n < 0 ? "−" : "") + viNumber(Math.abs(n), 2);

/** Per-judge differences on every entry scored by two judges or more, from the counted sheets. */
export function judgeDifferences(counted: readonly SheetInput[]): Map<Id, number[]> {
  const byEntry = new Map<Id, SheetInput[]>();
  for (const s of counted) {
    const list = byEntry.get(s.entryId);
    if (list) list.push(s);
    else byEntry.set(s.entryId, [s]);
  }
  const out = new Map<Id, number[]>();
  for (const list of byEntry.values()) {
    const n = list.length;
    if (n < 2) continue;
    let sum = 0;
    for (const s of list) sum += sheetTotalTenths(s);
    for (const s of list) {
      // entryOutlier's differenceTenths, (n·t − S)/(n − 1), without its display strings: the
      // same double (one correctly rounded division of the same rational, reduced or not).
      const d = (n * sheetTotalTenths(s) - sum) / (n - 1) / 10;
      const arr = out.get(s.judgeId);
      if (arr) arr.push(d);
      else out.set(s.judgeId, [d]);
    }
  }
  return out;
}

/** Severity rows (most severe first) from the counted sheets; judges with nothing to compare are left out. */
export function severityRows(counted: readonly SheetInput[], nameOf: (id: Id) => string): JudgeSeverityRow[] {
  const diffs = judgeDifferences(counted);
  return judgeSeverity(counted)
    .filter((s) => s.severityPoints != null)
    .map((s) => {
      const d = diffs.get(s.judgeId) ?? [];
      const mean = s.severityPoints!;
      const sd = d.length > 1 ? Math.sqrt(d.reduce((a, x) => a + (x - mean) ** 2, 0) / (d.length - 1)) : null;
      return {
        judgeId: Number(s.judgeId),
        name: nameOf(s.judgeId),
        entries: s.entriesCompared,
        severity: mean,
        severityDisplay: s.severityDisplay.replace("-", "−"),
        sd,
        min: Math.min(...d),
        max: Math.max(...d),
        differences: d,
      };
    })
    .sort((a, b) => a.severity - b.severity || compareVi(a.name, b.name));
}

/** Charts drawn, by what they draw; past this many the oldest is dropped (each ~100 kB of SVG). */
const DRAWN_MAX = 32;
const drawn = new Map<string, string>();
const drawStats = { drawn: 0, remembered: 0 };
/** How many severity charts were drawn and how many came from the memo (tests). */
export function severityDrawStats(): { drawn: number; remembered: number } {
  return { ...drawStats };
}

/**
 * The chart's SVG, drawn once per distinct input. A closed stage's chart does not change until a
 * sheet is reopened, and the organizer opens the results page again after every decision; at a
 * national round drawing it (Plot on a server-side DOM) was a third of that page's time and much
 * of its garbage. The key is a digest of everything `draw` reads (names, figures, every
 * difference) and the width, so a changed sheet draws anew.
 */
function drawRemembered(rows: JudgeSeverityRow[], width: number): string {
  const input = JSON.stringify([width, rows.map((r) => [r.name, r.severity, r.severityDisplay, r.sd, r.min, r.max, r.differences])]);
  const key = crypto.createHash("sha256").update(input).digest("base64");
  let svg = drawn.get(key);
  if (svg !== undefined) {
    drawStats.remembered++;
    drawn.delete(key); // most recently used last
  } else {
    svg = draw(rows, width);
    drawStats.drawn++;
    if (drawn.size >= DRAWN_MAX) drawn.delete(drawn.keys().next().value!);
  }
  drawn.set(key, svg);
  return svg;
}

function draw(rows: JudgeSeverityRow[], width: number): string {
  const rowHeight = 50;
  const lineWidth = Math.floor((width - 8) / 7.2);
  let offset = 0;
  const placed = rows.map((r) => {
    const label = `${r.name}: ${r.severityDisplay}${r.sd != null ? ` ± ${viNumber(r.sd, 2)}` : ""}`;
    const lines = wrapLabel(label, lineWidth);
    const top = offset;
    offset += rowHeight + (lines.length - 1) * 16;
    return { ...r, lines, top, mid: top + 18 + lines.length * 16 };
  });
  const height = offset;
  const reach = Math.max(1, ...rows.flatMap((r) => [Math.abs(r.min), Math.abs(r.max), Math.abs(r.severity) + (r.sd ?? 0)]));
  // A symmetric axis: 0 (the other judges' mean) in the middle, harsh to the left, lenient to the right.
  const m = Math.ceil(reach / 5) * 5;
  const ticks = narrowTicks(m, width < 400 ? 5 : 9);
  // One tick per distinct difference (to a quarter point, finer than a pixel on a phone), darker
  // where entries coincide: the SVG stays small however many entries a judge scored.
  const dots = placed.flatMap((r) => {
    const seen = new Map<number, number>();
    for (const d of r.differences) {
      const q = Math.round(d * 4) / 4;
      seen.set(q, (seen.get(q) ?? 0) + 1);
    }
    return [...seen].map(([d, n]) => ({ d, n, mid: r.mid }));
  });
  const spread = placed.filter((r) => r.sd != null);
  return renderPlot(
    {
      width,
      height: height + 46,
      marginTop: 4,
      marginBottom: 42,
      marginLeft: 16,
      marginRight: 18,
      style: { fontFamily: "inherit", fontSize: FONT_SIZE, background: "transparent", overflow: "visible" },
      x: { domain: [-m, m], ticks, tickFormat: (t: number) => signed(t), label: "Chênh lệch so với các giám khảo khác (điểm)", labelAnchor: "center", labelArrow: "none", grid: true },
      y: { domain: [0, height], axis: null, reverse: true },
      marks: [
        // 0 = the other judges' mean: drawn per row, so it never runs through a judge's label.
        Plot.ruleX(placed, { x: 0, y1: (r: (typeof placed)[number]) => r.mid - 12, y2: (r: (typeof placed)[number]) => r.mid + 12, stroke: COLORS.ink, strokeWidth: 1.5 }),
        // One tick per entry the judge scored with others.
        Plot.ruleX(dots, { x: "d", y1: (p: (typeof dots)[number]) => p.mid - 7, y2: (p: (typeof dots)[number]) => p.mid + 7, stroke: COLORS.neutral, strokeOpacity: (p: (typeof dots)[number]) => Math.min(1, 0.35 + 0.2 * p.n), className: "entry-difference" }),
        // Mean ± one standard deviation.
        Plot.ruleY(spread, { y: "mid", x1: (r: JudgeSeverityRow) => r.severity - r.sd!, x2: (r: JudgeSeverityRow) => r.severity + r.sd!, stroke: COLORS.ink, strokeWidth: 3, className: "severity-spread" }),
        Plot.dot(placed, {
          x: "severity",
          y: "mid",
          r: 6,
          fill: (r: JudgeSeverityRow) => (r.severity < 0 ? COLORS.info : r.severity > 0 ? COLORS.warn : COLORS.ink),
          stroke: "white",
          strokeWidth: 1.5,
          className: "severity-mean",
        }),
        Plot.text(placed, { x: -m, y: (r: (typeof placed)[number]) => r.top + 4, text: (r: (typeof placed)[number]) => r.lines.join("\n"), textAnchor: "start", lineAnchor: "top", fill: COLORS.ink, ...HALO }),
      ],
    },
    "Độ nghiêm của từng giám khảo",
  );
}

/** Integer tick values in [−m, m], at most about `count` of them, 0 included. */
function narrowTicks(m: number, count: number): number[] {
  const steps = [1, 2, 5, 10, 20, 25, 50];
  const step = steps.find((s) => (2 * m) / s <= count - 1) ?? 50;
  const out: number[] = [];
  for (let t = -Math.floor(m / step) * step; t <= m; t += step) out.push(t);
  return out;
}

/** Builds the chart's data and SVG from the counted sheets (pure over its inputs; no access check). */
export function severityChartFrom(counted: readonly SheetInput[], nameOf: (id: Id) => string, stage: number, scoringStages: number): JudgeSeverityChartData | null {
  const rows = severityRows(counted, nameOf);
  if (!rows.length) return null;
  const stageText = scoringStages > 1 ? ` (vòng chấm ${stage})` : "";
  return {
    title: `Độ nghiêm của giám khảo${stageText}`,
    caption:
      "Mỗi vạch mảnh là chênh lệch của giám khảo trên một sản phẩm so với trung bình các giám khảo khác; chấm tròn là trung bình (độ nghiêm), đoạn đậm là ± một độ lệch chuẩn. Bên trái vạch 0: chấm chặt hơn các giám khảo khác; bên phải: chấm rộng tay hơn.",
    svg: drawRemembered(rows, FULL_WIDTH),
    svgNarrow: drawRemembered(rows, NARROW_WIDTH),
    stage,
    rows: rows.map(({ differences: _, ...r }) => r),
    table: {
      columns: ["Giám khảo", "Số sản phẩm so sánh", "Độ nghiêm (điểm)", "Độ lệch chuẩn", "Thấp nhất", "Cao nhất"],
      rows: rows.map((r) => [r.name, r.entries, r.severityDisplay, r.sd == null ? "—" : viNumber(r.sd, 2), signed(r.min), signed(r.max)]),
    },
  };
}

/**
 * The severity chart of the stage the results page shows, for a viewer the results page admits
 * (resultsAccess throws 403/404 otherwise); null before any stage is closed or when no entry was
 * scored by two judges.
 */
export function judgeSeverityChart(p: Principal, roundId: number): JudgeSeverityChartData | null {
  const { round } = resultsAccess(p, roundId);
  const stage = currentStage(round);
  const closed = isStageClosed(roundId, stage);
  const shown = closed ? stage : [1, 2].filter((s) => s < stage && isStageClosed(roundId, s)).pop() ?? null;
  if (shown == null) return null;
  const computed = computeStage(db, round, shown, stageInput(db, round, shown));
  const names = councilNames(roundId);
  return severityChartFrom(computed.countedSheets, (id) => names.get(Number(id)) ?? String(id), shown, round.scoringStages);
}

/**
 * The chart from what the results page already read (`resultsPage(...).sheetsForCharts`), so the
 * page reads the score lines once (tests/integration/statement-counts.test.ts).
 */
export function severityChartForPage(page: {
  shownStage: number | null;
  round: { scoringStages: number };
  sheetsForCharts?: () => { counted: readonly SheetInput[]; names: ReadonlyMap<number, string> };
}): JudgeSeverityChartData | null {
  if (page.shownStage == null || !page.sheetsForCharts) return null;
  const { counted, names } = page.sheetsForCharts();
  return severityChartFrom(counted, (id) => names.get(Number(id)) ?? String(id), page.shownStage, page.round.scoringStages);
}
