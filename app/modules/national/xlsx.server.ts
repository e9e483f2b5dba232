/**
 * The national view as .xlsx (exceljs): one sheet per breakdown (years with the conference
 * sentence, year × level, provinces, product groups) and a sheet stating the scope, filters and
 * counting rules. Same figures as the page: both read nationalStats.
 */
import type ExcelJS from "exceljs";
import { loadExcelJS } from "~/lib/exceljs.server";
import { formatDateTime } from "~/lib/dates";
import { LEVEL_LABELS } from "~/ui/labels";
import { conferenceSentence } from "./national";
import type { NationalStats } from "./stats.server";

export interface Workbook {
  fileName: string;
  buffer: Buffer;
}

interface Col {
  header: string;
  key: string;
  width: number;
  integer?: boolean;
  wrap?: boolean;
}

function sheet(wb: ExcelJS.Workbook, name: string, columns: Col[], rows: Record<string, unknown>[]) {
  const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  for (const r of rows) ws.addRow(r);
  columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    if (c.integer) col.numFmt = "0";
    col.alignment = { vertical: "top", wrapText: !!c.wrap };
  });
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.height = 32;
  header.eachCell((cell) => {
    cell.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF1EFEA" } };
    cell.border = { bottom: { style: "thin" } };
  });
  if (rows.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return ws;
}

export async function nationalWorkbook(stats: NationalStats, now = new Date()): Promise<Workbook> {
  const Excel = await loadExcelJS();
  const wb = new Excel.Workbook();
  wb.creator = "Hệ thống bình chọn sản phẩm CNNT tiêu biểu";
  wb.created = now;
  wb.title = `Thống kê sản phẩm được công nhận – ${stats.scope.label}`;

  sheet(
    wb,
    "Theo năm",
    [
      { header: "Năm", key: "year", width: 8, integer: true },
      { header: "Hồ sơ", key: "entries", width: 10, integer: true },
      { header: "Số tỉnh, thành phố có hồ sơ", key: "entered", width: 14, integer: true },
      { header: "Số tỉnh, thành phố trong phạm vi", key: "inScope", width: 14, integer: true },
      { header: "Được công nhận", key: "recognised", width: 12, integer: true },
      { header: "Tóm tắt", key: "sentence", width: 70, wrap: true },
    ],
    stats.years.map((y) => ({
      year: y.year,
      entries: y.entries,
      entered: y.provincesEntered,
      inScope: y.provincesInScope ?? "",
      recognised: y.recognised,
      sentence: conferenceSentence(y),
    })),
  );

  sheet(
    wb,
    "Theo năm và cấp",
    [
      { header: "Năm", key: "year", width: 8, integer: true },
      { header: "Cấp bình chọn", key: "level", width: 16 },
      { header: "Hồ sơ", key: "entries", width: 10, integer: true },
      { header: "Được công nhận", key: "recognised", width: 12, integer: true },
    ],
    stats.byYearLevel.map((r) => ({ year: r.year, level: LEVEL_LABELS[r.level], entries: r.entries, recognised: r.recognised })),
  );

  sheet(
    wb,
    "Theo tỉnh",
    [
      { header: "Tỉnh, thành phố (theo địa giới lưu cùng hồ sơ, giấy chứng nhận)", key: "label", width: 40, wrap: true },
      { header: "Hồ sơ", key: "entries", width: 10, integer: true },
      { header: "Được công nhận", key: "recognised", width: 12, integer: true },
    ],
    stats.byProvince.map((p) => ({ label: p.label, entries: p.entries, recognised: p.recognised })),
  );

  sheet(
    wb,
    "Theo nhóm sản phẩm",
    [
      { header: "Nhóm sản phẩm", key: "label", width: 50, wrap: true },
      { header: "Hồ sơ", key: "entries", width: 10, integer: true },
      { header: "Được công nhận", key: "recognised", width: 12, integer: true },
    ],
    stats.byGroup.map((g) => ({ label: g.label, entries: g.entries, recognised: g.recognised })),
  );

  const f = stats.filters;
  const info = wb.addWorksheet("Thông tin");
  info.columns = [
    { header: "Mục", key: "k", width: 30 },
    { header: "Nội dung", key: "v", width: 90 },
  ];
  const facts: [string, string | number][] = [
    ["Phạm vi", stats.scope.label],
    ["Năm", f.yearFrom == null && f.yearTo == null ? "Tất cả" : `${f.yearFrom ?? "…"} – ${f.yearTo ?? "…"}`],
    ["Cấp bình chọn", f.level ? LEVEL_LABELS[f.level] : "Tất cả các cấp"],
    ["Tổng số hồ sơ", stats.totals.entries],
    ["Tổng số sản phẩm được công nhận", stats.totals.recognised],
    ["Hồ sơ", "Hồ sơ cơ sở đã nộp (kể cả hồ sơ bị từ chối); không tính bản nháp, hồ sơ được đề cử chưa xác nhận, hồ sơ đã rút. Năm và cấp là của kỳ bình chọn; tỉnh là tỉnh lưu trong hồ sơ cơ sở."],
    ["Được công nhận", "Giấy chứng nhận đã cấp, chưa bị thu hồi (giấy đã hết hạn vẫn tính cho năm cấp). Năm, cấp, nhóm sản phẩm và tỉnh là các thông tin lưu trên giấy chứng nhận."],
    ["Tỉnh trước và từ 1/7/2025", "Số liệu ghi theo tỉnh lưu cùng hồ sơ, giấy chứng nhận, có ghi rõ tỉnh trước hay từ 1/7/2025; không gộp tỉnh cũ vào tỉnh mới, trừ khi đếm số tỉnh có hồ sơ của một năm từ 2025 (tỉnh cũ được tính vào tỉnh đã thay thế nó)."],
    ["Xuất lúc", formatDateTime(now)],
  ];
  for (const [k, v] of facts) info.addRow({ k, v });
  info.getRow(1).font = { bold: true };
  info.getColumn(2).alignment = { wrapText: true, vertical: "top" };
  info.getColumn(1).alignment = { vertical: "top" };

  const years = f.yearFrom != null || f.yearTo != null ? `-${f.yearFrom ?? ""}-${f.yearTo ?? ""}` : "";
  const fileName = `thong-ke-cnnt-tieu-bieu${years}${f.level ? `-${f.level}` : ""}.xlsx`;
  return { fileName, buffer: Buffer.from(await wb.xlsx.writeBuffer()) };
}
