/**
 * Biên bản tổng hợp kết quả bình chọn: the council's minutes of a closed stage, A4 portrait. The
 * head (issuing council, national motto, place and date), the title, the council, round and
 * rules, a table of the entries in rank order (voting code, product, producer, mean score, rank,
 * pass/fail, the council's decision), the counts, and places for the secretary and the chair to
 * sign. The table continues on as many pages as it needs, its header repeated on each.
 */
import { formatDate, todayInVietnam } from "~/lib/dates";
import {
  CONTENT_WIDTH,
  PAGE,
  SHADE,
  dateWords,
  drawOfficialHeader,
  drawPageNumbers,
  drawRow,
  drawText,
  newReportDoc,
  rowHeight,
  textHeight,
  type Cell,
  type Column,
  type TextStyle,
} from "./pdf-kit.server";
import type { ReportRow, StageReport } from "./results-data.server";

export const MINUTES_TITLE = "BIÊN BẢN TỔNG HỢP KẾT QUẢ BÌNH CHỌN";

const COLS: Column[] = [
  { width: 24, align: "center" }, // STT
  { width: 56, align: "center" }, // mã số
  { width: 112 }, // sản phẩm
  { width: 100 }, // cơ sở
  { width: 42, align: "center" }, // điểm TB
  { width: 34, align: "center" }, // hạng
  { width: 47, align: "center" }, // kết quả
  { width: CONTENT_WIDTH - 24 - 56 - 112 - 100 - 42 - 34 - 47, align: "center" }, // quyết định
];
const HEAD: Cell[] = ["STT", "Mã số bình chọn", "Tên sản phẩm", "Cơ sở sản xuất", "Điểm trung bình", "Xếp hạng", "Kết quả", "Quyết định của Hội đồng"].map(
  (text) => ({ text, style: { font: "serif-bold" as const } }),
);
const TABLE: TextStyle = { font: "serif", size: 9 };

export const MINUTES_VERDICT = { recognised: "Công nhận", not_recognised: "Không công nhận", pending: "Chưa quyết định" } as const;

function verdictCell(r: ReportRow): string {
  const label = MINUTES_VERDICT[r.verdictState];
  const v = r.verdict;
  if (!v || v.votesFor == null) return label;
  return `${label}\n(tán thành ${v.votesFor}/${(v.votesFor ?? 0) + (v.votesAgainst ?? 0) + (v.votesAbstain ?? 0)})`;
}

function rowCells(r: ReportRow, i: number): Cell[] {
  const res = r.result;
  return [
    { text: String(i + 1) },
    { text: r.votingCode ?? "—" },
    { text: r.productName },
    { text: r.producerName },
    { text: res.meanDisplay, style: { font: "serif-bold" } },
    { text: res.rank == null ? "—" : String(res.rank) },
    { text: res.judgesCount === 0 ? "—" : res.passed ? "Đạt" : "Không đạt" },
    { text: verdictCell(r), style: r.verdictState === "pending" ? { font: "serif-italic" } : {} },
  ];
}

/** The date printed on the minutes: the council's meeting day, else today (Vietnam). */
export function minutesDate(report: StageReport, now = new Date()): string {
  return report.round.councilMeetingOn ?? todayInVietnam(now);
}

export async function renderMinutesPdf(report: StageReport, now = new Date()): Promise<Buffer> {
  const { round, settings, counts } = report;
  const councilName = report.council?.name ?? "Hội đồng bình chọn";
  const { doc, done } = await newReportDoc({
    title: `Biên bản tổng hợp kết quả bình chọn – ${round.title}`,
    author: councilName,
    subject: "Biên bản tổng hợp kết quả bình chọn sản phẩm công nghiệp nông thôn tiêu biểu",
    date: now,
  });
  const limit = PAGE.height - PAGE.bottom;
  const date = minutesDate(report, now);

  let y = drawOfficialHeader(doc, [
    { text: report.bodyName, bold: false },
    { text: councilName, bold: true },
  ], PAGE.top);
  const rx = PAGE.left + 230;
  y = Math.max(y, drawText(doc, `${report.placeName ?? "……"}, ${dateWords(date)}`, rx, y + 4, CONTENT_WIDTH - 230, { font: "serif-italic", size: 10.5, align: "center" })) + 16;

  y = drawText(doc, MINUTES_TITLE, PAGE.left, y, CONTENT_WIDTH, { font: "serif-bold", size: 14, align: "center" });
  y = drawText(doc, "Sản phẩm công nghiệp nông thôn tiêu biểu", PAGE.left, y + 1, CONTENT_WIDTH, { font: "serif-bold", size: 11.5, align: "center" });
  y = drawText(doc, round.scoringStages > 1 ? `${round.title} – Vòng chấm ${report.stage}` : round.title, PAGE.left + 30, y + 2, CONTENT_WIDTH - 60, {
    font: "serif-italic",
    size: 10.5,
    align: "center",
  });
  y += 12;

  const para = (text: string) => {
    y = drawText(doc, text, PAGE.left, y, CONTENT_WIDTH, { font: "serif", size: 10.5, align: "left" }) + 3;
  };
  para(`Hội đồng: ${councilName}${report.council?.establishedByDecision ? ` (thành lập theo Quyết định số ${report.council.establishedByDecision})` : ""}.`);
  para(`Cơ quan tổ chức: ${report.bodyName}.`);
  if (report.closedAt) para(`Vòng chấm ${report.stage} đã khóa ngày ${formatDate(todayInVietnam(report.closedAt))}; Hội đồng tổng hợp kết quả chấm điểm như sau.`);
  const cap = settings.recognitionCap == null ? "không giới hạn số sản phẩm công nhận" : `công nhận tối đa ${settings.recognitionCap} sản phẩm`;
  para(
    `Điểm của mỗi sản phẩm là trung bình cộng tổng điểm của các giám khảo (chỉ tính phiếu đã gửi, không tính phiếu có xung đột lợi ích); điểm đạt: ${settings.passMarkTenths / 10} điểm; ${cap}.`,
  );
  y += 6;

  // The table.
  const header = () => {
    y = drawRow(doc, PAGE.left, y, COLS, HEAD, { ...TABLE, size: 8.5 }, { fill: SHADE });
  };
  header();
  report.rows.forEach((r, i) => {
    const cells = rowCells(r, i);
    if (y + rowHeight(doc, COLS, cells, TABLE) > limit) {
      doc.addPage();
      y = PAGE.top;
      header();
    }
    y = drawRow(doc, PAGE.left, y, COLS, cells, TABLE);
  });
  if (!report.rows.length) {
    y = drawText(doc, "Không có sản phẩm nào trong vòng chấm này.", PAGE.left, y + 4, CONTENT_WIDTH, { font: "serif-italic", size: 10 });
  }
  y += 12;

  // Closing: the counts, then the signatures. Both stay together on one page.
  const closing: string[] = [
    `Tổng số sản phẩm được chấm điểm: ${counts.scored}${counts.entries !== counts.scored ? ` (trên ${counts.entries} sản phẩm của vòng chấm)` : ""}.`,
    `Số sản phẩm đạt từ ${settings.passMarkTenths / 10} điểm trở lên: ${counts.passed}.`,
    `Số sản phẩm được Hội đồng công nhận: ${counts.recognised}; không công nhận: ${counts.notRecognised}; chưa quyết định: ${counts.pending}.`,
    "Biên bản được lập và thông qua tại phiên họp của Hội đồng.",
  ];
  const closingH = closing.reduce((a, t) => a + textHeight(doc, t, CONTENT_WIDTH, { font: "serif", size: 10.5 }) + 3, 0) + 115;
  if (y + closingH > limit) {
    doc.addPage();
    y = PAGE.top;
  }
  for (const t of closing) para(t);
  y += 10;

  const colW = CONTENT_WIDTH / 2;
  const sign = (x: number, role: string, name: string | undefined) => {
    let sy = drawText(doc, role, x, y, colW, { font: "serif-bold", size: 10.5, align: "center" });
    sy = drawText(doc, "(Ký, ghi rõ họ tên)", x, sy, colW, { font: "serif-italic", size: 9.5, align: "center" });
    drawText(doc, name ?? "", x, sy + 56, colW, { font: "serif-bold", size: 10.5, align: "center" });
  };
  sign(PAGE.left, "THƯ KÝ HỘI ĐỒNG", report.secretary?.fullName);
  sign(PAGE.left + colW, "CHỦ TỊCH HỘI ĐỒNG", report.chair?.fullName);

  drawPageNumbers(doc, () => `Biên bản tổng hợp kết quả – ${councilName}`);
  doc.end();
  return await done;
}
