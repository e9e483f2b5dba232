/**
 * The national view's charts (server-rendered SVG, app/lib/plot.server.ts) with the tables that
 * carry the same numbers for screen readers (app/ui/charts/Chart.tsx renders both).
 */
import type { RoundLevel } from "~db/schema";
import { Plot, renderPlot } from "~/lib/plot.server";
import { LEVEL_LABELS } from "~/ui/labels";
import type { NationalStats } from "./stats.server";

export interface ChartData {
  id: string;
  title: string;
  caption?: string;
  svg: string;
  table: { columns: string[]; rows: (string | number | null)[][] };
}

/** How many provinces the bar chart draws (the table lists all). */
export const TOP_PROVINCES = 15;

const LEVEL_COLORS: Record<RoundLevel, string> = {
  commune: "#c9a227",
  district: "#c9a227",
  province: "#1f5fa8",
  region: "#1e7b3a",
  national: "#a3281d",
};
const ENTRY_FILL = "#e4d9cf";
const RECOGNISED_FILL = "#a3281d";

function empty(title: string, width = 640): string {
  return renderPlot(
    {
      width,
      height: 60,
      axis: null,
      marks: [Plot.text(["Chưa có số liệu trong phạm vi và bộ lọc đã chọn."], { frameAnchor: "middle", fontSize: 13, fill: "#5b5b63" })],
    },
    title,
  );
}

/** Widths drawn: the wide chart for screens from ~560 px, the narrow one for phones (CSS picks one). */
const WIDE = 640;
const NARROW = 340;

/** Both sizes in one string; `.nv-wide` / `.nv-narrow` are switched by a media query (app.css, "national"). */
function bothSizes(draw: (width: number) => string): string {
  return `<div class="nv-wide">${draw(WIDE)}</div><div class="nv-narrow">${draw(NARROW)}</div>`;
}

type Paired = { label: string; entries: number; recognised: number };

/**
 * One row per label: the label above a light bar of entries with the recognised ones over it in
 * dark, and "recognised/entries" at its end. Labels above the bars read on a phone.
 */
function pairedBars(rows: Paired[], title: string, width: number): string {
  if (!rows.length) return empty(title, width);
  const domain = rows.map((r) => r.label);
  const max = Math.max(1, ...rows.map((r) => r.entries));
  return renderPlot(
    {
      width,
      height: 34 + rows.length * 40,
      marginLeft: 8,
      marginRight: 60,
      marginTop: 6,
      x: { grid: true, domain: [0, max], label: "Số hồ sơ, sản phẩm →", labelAnchor: "right", ticks: width < 500 ? 4 : 8 },
      y: { domain, axis: null, padding: 0 },
      marks: [
        Plot.barX(rows, { y: "label", x: "entries", fill: ENTRY_FILL, insetTop: 20, insetBottom: 3 }),
        Plot.barX(rows, { y: "label", x: "recognised", fill: RECOGNISED_FILL, insetTop: 24, insetBottom: 7 }),
        Plot.text(rows, { y: "label", x: 0, text: "label", textAnchor: "start", dy: -9, fontSize: 12, fill: "#1d1d1f" }),
        Plot.text(rows, {
          y: "label",
          x: (r: Paired) => Math.max(r.entries, r.recognised),
          text: (r: Paired) => `${r.recognised}/${r.entries}`,
          dx: 4,
          dy: 8,
          textAnchor: "start",
          fontSize: 11,
        }),
        Plot.ruleX([0]),
      ],
    },
    title,
  );
}

/** Short names for the four groups of the circular, for chart rows. */
const GROUP_SHORT: Record<string, string> = {
  "1": "1. Thủ công mỹ nghệ",
  "2": "2. Chế biến nông, lâm, thủy sản, thực phẩm",
  "3": "3. Máy móc, dụng cụ, phụ tùng cơ khí",
  "4": "4. Sản phẩm khác",
};

export function nationalCharts(stats: NationalStats): ChartData[] {
  const levelsPresent = (["commune", "district", "province", "region", "national"] as RoundLevel[]).filter((l) => stats.byYearLevel.some((r) => r.level === l));
  const years = stats.years.map((y) => y.year);

  // 1. Recognised by year, stacked by level
  const yearTitle = "Sản phẩm được công nhận theo năm và cấp";
  const yearData = stats.byYearLevel.filter((r) => r.recognised > 0).map((r) => ({ year: String(r.year), level: LEVEL_LABELS[r.level], n: r.recognised }));
  const yearSvg = bothSizes((width) =>
    yearData.length
    ? renderPlot(
        {
          width,
          height: width < 500 ? 240 : 280,
          marginLeft: 44,
          x: { type: "band", domain: years.map(String), label: "Năm", padding: 0.25 },
          y: { grid: true, label: "↑ Sản phẩm được công nhận" },
          color: {
            legend: true,
            domain: levelsPresent.map((l) => LEVEL_LABELS[l]),
            range: levelsPresent.map((l) => LEVEL_COLORS[l]),
          },
          marks: [Plot.barY(yearData, { x: "year", y: "n", fill: "level", order: levelsPresent.map((l) => LEVEL_LABELS[l]) }), Plot.ruleY([0])],
        },
        yearTitle,
      )
    : empty(yearTitle, width),
  );
  const yearTable = {
    columns: ["Năm", "Hồ sơ", "Tỉnh, thành phố có hồ sơ", "Được công nhận", ...levelsPresent.map((l) => `Công nhận – ${LEVEL_LABELS[l]}`)],
    rows: stats.years.map((y) => [
      String(y.year),
      y.entries,
      y.provincesInScope != null ? `${y.provincesEntered}/${y.provincesInScope}` : y.provincesEntered,
      y.recognised,
      ...levelsPresent.map((l) => stats.byYearLevel.find((r) => r.year === y.year && r.level === l)?.recognised ?? 0),
    ]),
  };

  // 2. By province: top N drawn, all in the table
  const provTitle = "Theo tỉnh, thành phố";
  const top = stats.byProvince.slice(0, TOP_PROVINCES);
  const provSvg = bothSizes((width) => pairedBars(top.map((p) => ({ ...p, label: p.short })), provTitle, width));
  const provTable = {
    columns: ["Tỉnh, thành phố", "Hồ sơ", "Công nhận"],
    rows: stats.byProvince.map((p) => [p.label, p.entries, p.recognised]),
  };

  // 3. By product group
  const groupTitle = "Theo nhóm sản phẩm";
  const groupSvg = bothSizes((width) => pairedBars(stats.byGroup.map((g) => ({ ...g, label: GROUP_SHORT[g.key] ?? g.short })), groupTitle, width));
  const groupTable = { columns: ["Nhóm sản phẩm", "Hồ sơ", "Công nhận"], rows: stats.byGroup.map((g) => [g.label, g.entries, g.recognised]) };

  return [
    { id: "theo-nam", title: yearTitle, caption: "Cột chồng theo cấp bình chọn; giấy chứng nhận đã cấp, không tính giấy đã thu hồi.", svg: yearSvg, table: yearTable },
    {
      id: "theo-tinh",
      title: provTitle,
      caption:
        stats.byProvince.length > TOP_PROVINCES
          ? `${TOP_PROVINCES} tỉnh, thành phố nhiều sản phẩm được công nhận nhất (bảng số liệu có đủ ${stats.byProvince.length}). Thanh nhạt: hồ sơ; thanh đậm: được công nhận.`
          : "Thanh nhạt: hồ sơ; thanh đậm: được công nhận.",
      svg: provSvg,
      table: provTable,
    },
    { id: "theo-nhom", title: groupTitle, caption: "Thanh nhạt: hồ sơ; thanh đậm: được công nhận.", svg: groupSvg, table: groupTable },
  ];
}
