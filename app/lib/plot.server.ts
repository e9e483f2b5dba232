/**
 * Server-rendered charts (issue 13 item 7): @observablehq/plot draws into a linkedom document, so a
 * chart is plain SVG in the HTML. It prints, needs no JavaScript, and the page stays cacheable.
 * Every chart also comes with its numbers as a table (the caller renders it) for screen readers.
 */
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";

export type PlotOptions = Plot.PlotOptions;
export { Plot };

/**
 * Renders a Plot specification to an SVG (or figure) string. `ariaLabel` names the chart for
 * assistive technology; the default font follows the app's.
 */
export function renderPlot(options: Plot.PlotOptions, ariaLabel: string): string {
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  const node = Plot.plot({
    style: { fontFamily: "inherit", fontSize: "12px", background: "transparent", overflow: "visible" },
    ariaLabel,
    ...options,
    document,
  } as Plot.PlotOptions & { document: unknown }) as unknown as { outerHTML: string };
  return node.outerHTML;
}
