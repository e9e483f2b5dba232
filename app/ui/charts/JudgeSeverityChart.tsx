/**
 * Each judge's severity with its spread (results page, issue 13 item 7). Takes the loader data of
 * app/modules/charts/judge-severity.server.ts `judgeSeverityChart` (SVGs + rows + table), as JSON.
 */
import { Chart } from "./Chart";

export type JudgeSeverityChartProps = {
  chart: {
    title: string;
    caption: string;
    svg: string;
    svgNarrow: string;
    table: { columns: string[]; rows: (string | number)[][] };
  } | null;
};

export function JudgeSeverityChart({ chart }: JudgeSeverityChartProps) {
  if (!chart) return null;
  return <Chart id="do-nghiem-bieu-do" title={chart.title} caption={chart.caption} svg={chart.svg} svgNarrow={chart.svgNarrow} table={chart.table} />;
}
