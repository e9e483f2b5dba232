/**
 * One server-rendered chart (issue 13 item 7): the SVG from `renderPlot` (app/lib/plot.server.ts)
 * inside a <figure> with a caption, and the same numbers as a table in a <details> beneath it, so the
 * chart prints, needs no JavaScript and a screen reader gets the numbers rather than SVG text.
 *
 * Props are kept small and stable because other pages reuse this component:
 *   title    – the heading of the figure (also used as the table's caption)
 *   svg      – the SVG string from renderPlot (trusted: produced on the server from our own data,
 *              every text node escaped by linkedom)
 *   svgNarrow – optional second rendering for phones and tablets (below 860 px); `svg` is then shown from 860 px
 *              and in print. Draw it at the width it is shown at, so its labels keep their size.
 *   caption  – optional sentence under the title (what to look at, units)
 *   table    – { columns, rows }: the numbers drawn; numeric cells are right-aligned
 */
export type ChartCell = string | number | null;
export type ChartTable = { columns: string[]; rows: ChartCell[][] };
export type ChartProps = { title: string; svg: string; svgNarrow?: string; caption?: string; table: ChartTable; id?: string };

function formatCell(value: ChartCell): string {
  if (value == null) return "—";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toLocaleString("vi-VN", { maximumFractionDigits: 2 });
  return value;
}

export function Chart({ title, svg, svgNarrow, caption, table, id }: ChartProps) {
  const label = `${title}. Số liệu trong bảng ngay sau biểu đồ.`;
  return (
    <figure className="chart" id={id}>
      <figcaption>
        <strong className="chart-title">{title}</strong>
        {caption ? <span className="chart-caption">{caption}</span> : null}
      </figcaption>
      {/* Read as one image (its SVG text would be read piecemeal); the table below carries the numbers. */}
      {svgNarrow ? (
        <>
          <div className="chart-svg chart-narrow" role="img" aria-label={label} dangerouslySetInnerHTML={{ __html: svgNarrow }} />
          <div className="chart-svg chart-wide" role="img" aria-label={label} dangerouslySetInnerHTML={{ __html: svg }} />
        </>
      ) : (
        <div className="chart-svg" role="img" aria-label={label} dangerouslySetInnerHTML={{ __html: svg }} />
      )}
      <details className="chart-data">
        <summary>Bảng số liệu</summary>
        <div className="table-wrap">
          <table>
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr>
                {table.columns.map((c, i) => (
                  <th key={i} scope="col" className={i > 0 && table.rows.some((r) => typeof r[i] === "number") ? "num" : undefined}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, i) =>
                    i === 0 ? (
                      <th key={i} scope="row">
                        {formatCell(cell)}
                      </th>
                    ) : (
                      <td key={i} className={typeof cell === "number" ? "num" : undefined}>
                        {formatCell(cell)}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
