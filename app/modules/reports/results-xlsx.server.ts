/**
 * The results table of a closed stage as .xlsx (exceljs): one row per entry in rank order, with
 * Vietnamese headers, a bold frozen header row, widths that fit, and figures stored as numbers
 * (two-decimal format). The means are aggregate.ts's exact means rounded half-up to hundredths.
 * A second sheet states the rules the figures were computed with.
 */
import { loadExcelJS } from "~/lib/exceljs.server";
import { formatDate, formatDateTime } from "~/lib/dates";
import { divideRounded } from "~/modules/scoring/aggregate";
import { ICC_MEANING, SEVERITY_MEANING, TOTAL_KEY } from "~/modules/scoring/agreement";
import { formatPassMark, outcomeLabel, tieBreakText } from "./reports";
import type { ReportRow, StageReport } from "./results-data.server";
import { formatVnd } from "~/modules/prizes/prizes";

export interface Workbook {
  fileName: string;
  buffer: Buffer;
}

interface Col {
  header: string;
  key: string;
  width: number;
  /** Number with two decimals. */
  decimal?: boolean;
  integer?: boolean;
  wrap?: boolean;
  center?: boolean;
}

/** Hundredths (integer) → the number Excel stores, e.g. 7750 → 77.5 (shown 77,50). */
const fromHundredths = (h: number | null | undefined) => (h == null ? null : h / 100);
/** Tenths (integer) → number of points, e.g. 775 → 77.5. */
const fromTenths = (t: number | null | undefined) => (t == null ? null : t / 10);

export const VERDICT_LABELS = { recognised: "Công nhận", not_recognised: "Không công nhận", pending: "Chưa quyết định" } as const;

/** The stage's outcome for the entry: recommendation in the deciding stage, "Vào vòng 2" in stage 1 of two. */
export function recommendationText(r: ReportRow, purpose: StageReport["purpose"] = "decide"): string {
  return outcomeLabel(r.result, purpose);
}

export function votesText(r: ReportRow): string {
  const v = r.verdict;
  if (!v || (v.votesFor == null && v.votesAgainst == null && v.votesAbstain == null)) return "";
  return `${v.votesFor ?? 0} tán thành / ${v.votesAgainst ?? 0} không tán thành / ${v.votesAbstain ?? 0} không ý kiến`;
}

export { tieBreakText } from "./reports";

export async function resultsWorkbook(report: StageReport, now = new Date()): Promise<Workbook> {
  const { round, groups, settings } = report;
  const shortlist = report.purpose === "shortlist";
  const columns: Col[] = [
    { header: "Hạng", key: "rank", width: 7, integer: true, center: true },
    { header: "Hạng trong nhóm sản phẩm", key: "rankInGroup", width: 10, integer: true, center: true },
    { header: "Mã số bình chọn", key: "votingCode", width: 15 },
    { header: "Tên sản phẩm", key: "product", width: 34, wrap: true },
    { header: "Nhóm sản phẩm", key: "group", width: 30, wrap: true },
    { header: "Cơ sở sản xuất", key: "producer", width: 30, wrap: true },
    { header: "Xã, phường", key: "commune", width: 18, wrap: true },
    { header: "Tỉnh, thành phố", key: "province", width: 18, wrap: true },
    { header: "Số giám khảo", key: "judges", width: 10, integer: true, center: true },
    { header: "Điểm trung bình", key: "mean", width: 11, decimal: true },
    ...groups.map((g) => ({ header: `Điểm TB nhóm ${g.code} (tối đa ${g.maxTenths / 10})`, key: `g_${g.code}`, width: 11, decimal: true })),
    { header: "Tổng điểm thấp nhất", key: "min", width: 11, decimal: true },
    { header: "Tổng điểm cao nhất", key: "max", width: 11, decimal: true },
    { header: `Chênh lệch lớn (> ${settings.discrepancyToleranceTenths / 10} điểm)`, key: "discrepancy", width: 13, center: true },
    { header: `Kết quả (điểm đạt ${formatPassMark(settings.passMarkTenths)})`, key: "passed", width: 12, center: true },
    { header: "Quy tắc khi bằng điểm", key: "tie", width: 40, wrap: true },
    { header: "Giá trị so sánh khi bằng điểm", key: "tieValues", width: 40, wrap: true },
    {
      header: shortlist
        ? `Vòng 2 (điểm từ ${formatPassMark(settings.passMarkTenths)})`
        : settings.recognitionCap == null
          ? "Đề nghị công nhận"
          : `Đề nghị công nhận (tối đa ${settings.recognitionCap})`,
      key: "recommended",
      width: 20,
      wrap: true,
    },
    { header: "Quyết định của Hội đồng", key: "verdict", width: 18 },
    { header: "Biểu quyết", key: "votes", width: 28, wrap: true },
    { header: "Ghi chú", key: "note", width: 30, wrap: true },
    // Declared prizes (issue 14): the prize given and its amount.
    ...(!shortlist && round.prizes?.length
      ? [
          { header: "Giải thưởng", key: "prize", width: 16, wrap: true },
          { header: "Tiền thưởng (đồng)", key: "prizeAmount", width: 14 },
          { header: "Lý do trao giải", key: "prizeReason", width: 30, wrap: true },
        ]
      : []),
  ];

  const rows = report.rows.map((row) => {
    const r = row.result;
    const notes: string[] = [];
    if (r.judgesCount === 0) notes.push("Chưa có phiếu chấm được tính");
    else if (r.tooFewJudges) notes.push(`Ít hơn ${settings.minJudges} giám khảo`);
    if (row.verdict?.note) notes.push(row.verdict.note);
    const out: Record<string, unknown> = {
      rank: r.rank,
      rankInGroup: r.rankInGroup,
      votingCode: row.votingCode ?? "",
      product: row.productName,
      group: row.productGroupName,
      producer: row.producerName,
      commune: row.communeName,
      province: row.provinceName,
      judges: r.judgesCount,
      mean: fromHundredths(r.meanHundredths),
      min: fromTenths(r.minTenths),
      max: fromTenths(r.maxTenths),
      discrepancy: r.discrepancy ? "Có" : "",
      passed: r.judgesCount === 0 ? "" : r.passed ? "Đạt" : "Không đạt",
      tie: r.tie?.text ?? "",
      tieValues: r.tie?.detail ?? "",
      recommended: recommendationText(row, report.purpose),
      verdict: VERDICT_LABELS[row.verdictState],
      votes: votesText(row),
      note: notes.join("; "),
      prize: row.prize?.name ?? "",
      prizeAmount: row.prize ? row.prize.amountVnd : null,
      prizeReason: row.prize?.reason ?? "",
    };
    for (const g of groups) out[`g_${g.code}`] = r.judgesCount ? fromHundredths(r.groupMeansHundredths[g.code] ?? 0) : null;
    return out;
  });

  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  wb.creator = "Hệ thống bình chọn sản phẩm CNNT tiêu biểu";
  wb.created = now;
  wb.title = `Kết quả chấm điểm – ${round.title}`;
  const ws = wb.addWorksheet("Kết quả", { views: [{ state: "frozen", ySplit: 1, xSplit: 3 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  for (const r of rows) ws.addRow(r);
  columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    if (c.decimal) col.numFmt = "0.00";
    if (c.integer) col.numFmt = "0";
    if (c.key === "prizeAmount") col.numFmt = "#,##0";
    col.alignment = {
      vertical: "top",
      wrapText: !!c.wrap,
      horizontal: c.center ? "center" : c.decimal ? "right" : undefined,
    };
  });
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.height = 45;
  header.eachCell((cell) => {
    cell.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF1EFEA" } };
    cell.border = { bottom: { style: "thin" } };
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };

  // The rules the figures follow, for whoever reads the file later.
  const info = wb.addWorksheet("Thông tin");
  info.columns = [
    { header: "Mục", key: "k", width: 36 },
    { header: "Nội dung", key: "v", width: 80 },
  ];
  const facts: [string, string | number][] = [
    ["Kỳ bình chọn", round.title],
    ["Cơ quan tổ chức", report.bodyName],
    ["Hội đồng", report.council?.name ?? ""],
    ["Vòng chấm", `${report.stage}/${Math.max(1, round.scoringStages)}`],
    ["Khóa vòng chấm lúc", formatDateTime(report.closedAt)],
    ["Điểm đạt", formatPassMark(settings.passMarkTenths)],
    [
      "Số sản phẩm công nhận tối đa",
      shortlist ? "Không áp dụng ở vòng 1: vòng 1 chỉ chọn sản phẩm vào vòng 2, vòng 2 quyết định" : (settings.recognitionCap ?? "Không giới hạn"),
    ],
    ["Số giám khảo tối thiểu mỗi sản phẩm", settings.minJudges],
    ["Ngưỡng chênh lệch giữa các giám khảo (điểm)", settings.discrepancyToleranceTenths / 10],
    ["Quy tắc khi bằng điểm", tieBreakText(settings.tieBreak)],
    [
      "Biểu quyết phân định đồng điểm",
      report.tieBreakVotes.length
        ? report.tieBreakVotes
            .map((v) => `Ngày ${formatDate(v.votedOn)}, ${v.membersVoting} thành viên: ${v.lines.map((l) => `${l.votingCode ?? `#${l.entryId}`} ${l.votesFor} phiếu`).join(", ")}`)
            .join("; ")
        : "Không có",
    ],
    ["Cách tính", "Điểm của sản phẩm là trung bình cộng tổng điểm của các giám khảo; chỉ tính phiếu đã gửi, không tính phiếu của giám khảo có xung đột lợi ích; làm tròn đến 2 chữ số thập phân."],
    ...(round.prizes?.length && !shortlist
      ? ([
          [
            "Giải thưởng đã công bố",
            round.prizes.map((p) => `${p.name}: ${p.count} giải × ${formatVnd(p.amountVnd)} đồng (${p.mode === "council" ? "Hội đồng chọn" : "theo thứ hạng"})`).join("; "),
          ],
          ["Số giải đã trao", report.rows.filter((r) => r.prize).length],
        ] as [string, string | number][])
      : []),
    ["Số sản phẩm", report.counts.entries],
    ["Số sản phẩm có điểm", report.counts.scored],
    ["Số sản phẩm đạt điểm", report.counts.passed],
    ...(shortlist ? ([["Số sản phẩm vào vòng 2", report.counts.passed]] as [string, number][]) : []),
    ["Số phiếu không được tính", report.ignoredSheets.length],
    ["Xuất lúc", formatDateTime(now)],
  ];
  for (const [k, v] of facts) info.addRow({ k, v });
  info.getRow(1).font = { bold: true };
  info.views = [{ state: "frozen", ySplit: 1 }];
  info.getColumn(2).alignment = { wrapText: true, vertical: "top", horizontal: "left" };
  info.getColumn(1).alignment = { vertical: "top" };

  // The judges' statistics, from the sheets the means counted (as on the results page).
  const judges = wb.addWorksheet("Giám khảo");
  judges.columns = [
    { header: "Giám khảo", key: "name", width: 30 },
    { header: "Độ nghiêm (điểm)", key: "severity", width: 14 },
    { header: "Số sản phẩm đã chấm (phiếu được tính)", key: "scored", width: 16 },
    { header: "Số sản phẩm so sánh", key: "compared", width: 14 },
  ];
  for (const j of report.stats.severity) {
    judges.addRow({
      name: j.name,
      severity: j.severityTenths ? divideRounded(j.severityTenths.num * 10, j.severityTenths.den) / 100 : "—",
      scored: j.entriesScored,
      compared: j.entriesCompared,
    });
  }
  judges.getColumn(2).numFmt = "+0.00;-0.00;0.00";
  judges.getRow(1).font = { bold: true };
  judges.getRow(1).alignment = { wrapText: true, vertical: "middle" };
  judges.addRow({});
  judges.addRow({ name: SEVERITY_MEANING });
  judges.addRow({});
  const iccHead = judges.addRow({ name: "Mức thống nhất (ICC)", severity: "ICC(2,1)", scored: "ICC(3,1)", compared: "Số sản phẩm" });
  iccHead.font = { bold: true };
  for (const [g, a] of Object.entries(report.stats.agreement.byGroup)) {
    const row = judges.addRow({ name: g === TOTAL_KEY ? "Tổng điểm" : `Nhóm ${g}`, severity: a?.icc21 ?? "—", scored: a?.icc31 ?? "—", compared: a?.n ?? report.stats.agreement.entryIds.length });
    row.getCell(2).numFmt = "0.000";
    row.getCell(3).numFmt = "0.000";
  }

  // Reliability of the scores, per panel of judges (the whole council when all scored everything).
  const rel = wb.addWorksheet("Độ tin cậy");
  rel.columns = [
    { header: "Nhóm giám khảo", key: "panel", width: 40 },
    { header: "Số sản phẩm", key: "n", width: 10 },
    { header: "ICC(2,k)", key: "a2k", width: 10 },
    { header: "ICC(2,k) KTC 95%", key: "a2kci", width: 16 },
    { header: "ICC(2,1)", key: "a21", width: 10 },
    { header: "ICC(2,1) KTC 95%", key: "a21ci", width: 16 },
    { header: "ICC(3,k)", key: "c3k", width: 10 },
    { header: "ICC(3,k) KTC 95%", key: "c3kci", width: 16 },
    { header: "ICC(3,1)", key: "c31", width: 10 },
    { header: "ICC(3,1) KTC 95%", key: "c31ci", width: 16 },
  ];
  const ci = (i: { lower: number; upper: number } | null | undefined) => (i ? `${i.lower.toFixed(3)} – ${i.upper.toFixed(3)}` : "—");
  report.stats.panels.panels.forEach((panel, i) => {
    const t = panel.byGroup[TOTAL_KEY];
    const row = rel.addRow({
      panel: report.stats.panels.names[i]!.join(", "),
      n: panel.entryIds.length,
      a2k: t?.icc2k ?? "—",
      a2kci: ci(t?.ci.icc2k),
      a21: t?.icc21 ?? "—",
      a21ci: ci(t?.ci.icc21),
      c3k: t?.icc3k ?? "—",
      c3kci: ci(t?.ci.icc3k),
      c31: t?.icc31 ?? "—",
      c31ci: ci(t?.ci.icc31),
    });
    for (const c of [3, 5, 7, 9]) row.getCell(c).numFmt = "0.000";
    row.getCell(1).alignment = { wrapText: true, vertical: "top" };
  });
  rel.getRow(1).font = { bold: true };
  rel.getRow(1).alignment = { wrapText: true, vertical: "middle" };
  rel.addRow({});
  if (report.stats.panels.entriesOutside.length) rel.addRow({ panel: `${report.stats.panels.entriesOutside.length} sản phẩm không thuộc nhóm giám khảo nào (thiếu phiếu hoặc xung đột lợi ích).` });
  for (const text of Object.values(ICC_MEANING)) rel.addRow({ panel: text });

  const stagePart = round.scoringStages > 1 ? `-vong-cham-${report.stage}` : "";
  return {
    fileName: `ket-qua-cham-diem-${round.year}-ky-${round.id}${stagePart}.xlsx`,
    buffer: Buffer.from(await wb.xlsx.writeBuffer()),
  };
}
