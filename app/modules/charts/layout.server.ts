/**
 * Shared chart layouts over app/lib/plot.server.ts (docs/decisions/0031-server-rendered-charts.md).
 *
 * Every chart is drawn twice, at the width it is shown at: a narrow SVG for phones (about 300 px of
 * card at a 360 px viewport) and a wide one for larger screens; the Chart component shows one of
 * them by CSS. A single SVG scaled from 640 px down to 300 px would shrink its 12 px labels to 6 px.
 * Labels sit above their bars rather than beside them, so long Vietnamese labels ("Nhóm 3: Thiết
 * bị, máy móc, dụng cụ và phụ tùng cơ khí") keep the whole width on a phone.
 */
import { Plot, renderPlot } from "~/lib/plot.server";

export const NARROW_WIDTH = 300;
export const WIDE_WIDTH = 520;
/** A chart alone in a full-width card (the means, the judges' severity). */
export const FULL_WIDTH = 760;
/** Text over grid lines: a white halo keeps it legible. */
export const HALO = { stroke: "white", strokeWidth: 4, paintOrder: "stroke" } as const;
export const FONT_SIZE = "13px";

export const COLORS = {
  red: "#a3281d",
  ok: "#1e7b3a",
  warn: "#9a6400",
  bad: "#b3261e",
  info: "#1f5fa8",
  neutral: "#8a8a93",
  ink: "#1d1d1f",
} as const;

/** Numbers for people: decimal comma, at most `digits` decimals (Vietnamese convention). */
export function viNumber(n: number, digits = 2): string {
  return n.toLocaleString("vi-VN", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export type BarRow = { key: string; label: string; n: number; color: string };

/** Both renderings of one chart, the narrow one for phones. */
export type ChartSvgs = { svg: string; svgNarrow: string };

/**
 * Horizontal bars, one row per item: the label on its own line above the bar, the count at the
 * bar's end. No x axis: every bar carries its number.
 */
export function horizontalBars(rows: BarRow[], ariaLabel: string): ChartSvgs {
  const max = Math.max(1, ...rows.map((r) => r.n));
  const draw = (width: number) => {
    const rowHeight = 44;
    // Long labels wrap on a phone: about one character per 0.55 em of 13 px.
    const lineWidth = Math.floor((width - 8) / 7.2);
    const wrapped = rows.map((r) => ({ ...r, lines: wrapLabel(r.label, lineWidth) }));
    const extra = wrapped.reduce((a, r) => a + (r.lines.length - 1) * 16, 0);
    let offset = 0;
    // Each row's band grows by 16 px per extra label line; the y scale is a plain linear one.
    const placed = wrapped.map((r) => {
      const top = offset;
      offset += rowHeight + (r.lines.length - 1) * 16;
      return { ...r, top, labelY: top + 4, barTop: top + 6 + r.lines.length * 16, barBottom: top + rowHeight - 6 + (r.lines.length - 1) * 16 };
    });
    const height = rowHeight * rows.length + extra + 8;
    return renderPlot(
      {
        width,
        height,
        marginTop: 4,
        marginBottom: 4,
        marginLeft: 2,
        marginRight: 40,
        style: { fontFamily: "inherit", fontSize: FONT_SIZE, background: "transparent", overflow: "visible" },
        x: { domain: [0, max], axis: null },
        y: { domain: [0, height - 8], axis: null, reverse: true },
        marks: [
          Plot.rectX(placed, { x1: 0, x2: "n", y1: "barTop", y2: "barBottom", fill: "color", className: "chart-bar" }),
          Plot.text(placed, { x: 0, y: "labelY", text: (d: (typeof placed)[number]) => d.lines.join("\n"), textAnchor: "start", lineAnchor: "top", fill: COLORS.ink, className: "chart-bar-label" }),
          Plot.text(placed, {
            x: "n",
            y: (d: (typeof placed)[number]) => (d.barTop + d.barBottom) / 2,
            text: (d: (typeof placed)[number]) => viNumber(d.n),
            textAnchor: "start",
            dx: 5,
            fontWeight: "bold",
            fill: COLORS.ink,
            className: "chart-bar-value",
          }),
        ],
      },
      ariaLabel,
    );
  };
  return { svg: draw(WIDE_WIDTH), svgNarrow: draw(NARROW_WIDTH) };
}

/** Greedy word wrap to at most `width` characters a line (a word longer than that stays whole). */
export function wrapLabel(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && (line + " " + word).length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
