/**
 * A judge's score sheets (phiếu chấm điểm) in the official layout: A4 portrait, one page per
 * entry: the council, the product, its group and voting code (never the producer), the judge's
 * name and title, the criteria table (groups I-IV with their sub-criteria, maximum and points
 * given; sub-criteria rows carry points only on a sheet that scores them), the total, the
 * comment, the date and the place to sign.
 */
import { todayInVietnam } from "~/lib/dates";
import {
  CONTENT_WIDTH,
  GREY,
  PAGE,
  SHADE,
  dateWords,
  drawOfficialHeader,
  drawPageNumbers,
  drawRow,
  drawText,
  formatPoints,
  newReportDoc,
  nfc,
  textHeight,
  type Column,
  type TextStyle,
} from "./pdf-kit.server";
import type { JudgeSheetsReport, PrintedSheet } from "./results-data.server";

export const SCORE_SHEET_TITLE = "PHIẾU CHẤM ĐIỂM SẢN PHẨM CÔNG NGHIỆP NÔNG THÔN TIÊU BIỂU";

const COLUMNS: Column[] = [
  { width: 44, align: "center" },
  { width: CONTENT_WIDTH - 44 - 70 - 78 },
  { width: 70, align: "center" },
  { width: 78, align: "center" },
];
const BODY: TextStyle = { font: "serif", size: 10.5 };

function judgeLine(m: JudgeSheetsReport["member"]): string {
  return [m.title, m.affiliation].filter(Boolean).join(", ");
}

function drawSheet(doc: PDFKit.PDFDocument, r: JudgeSheetsReport, s: PrintedSheet): void {
  let y = drawOfficialHeader(doc, [{ text: r.council.name, bold: true }], PAGE.top);
  y += 16;
  y = drawText(doc, SCORE_SHEET_TITLE, PAGE.left, y, CONTENT_WIDTH, { font: "serif-bold", size: 13.5, align: "center" });
  const sub = r.round.scoringStages > 1 ? `${r.round.title} – Vòng chấm ${r.stage}` : r.round.title;
  y = drawText(doc, sub, PAGE.left + 30, y + 2, CONTENT_WIDTH - 60, { font: "serif-italic", size: 10.5, align: "center" });
  if (s.notCounted) {
    y = drawText(doc, "Phiếu này không được tính vào kết quả (giám khảo có xung đột lợi ích với sản phẩm).", PAGE.left, y + 4, CONTENT_WIDTH, {
      font: "serif-italic",
      size: 9.5,
      align: "center",
      color: "#a3281d",
    });
  }
  y += 12;

  // Facts of the sheet: label and value on one line each.
  const labelW = 150;
  const fact = (label: string, value: string, bold = true) => {
    const h = Math.max(
      textHeight(doc, `${label}:`, labelW, BODY),
      textHeight(doc, value, CONTENT_WIDTH - labelW, { ...BODY, font: bold ? "serif-bold" : "serif" }),
    );
    drawText(doc, `${label}:`, PAGE.left, y, labelW, BODY);
    drawText(doc, value, PAGE.left + labelW, y, CONTENT_WIDTH - labelW, { ...BODY, font: bold ? "serif-bold" : "serif" });
    y += h + 2;
  };
  fact("Hội đồng", r.council.name, false);
  fact("Tên sản phẩm", s.productName);
  fact("Nhóm sản phẩm", s.productGroupName, false);
  fact("Mã số bình chọn", s.votingCode ?? "—");
  fact("Họ và tên giám khảo", r.member.fullName);
  fact("Chức danh, đơn vị", judgeLine(r.member) || "—", false);
  y += 8;

  // The criteria table.
  y = drawRow(
    doc,
    PAGE.left,
    y,
    COLUMNS,
    [{ text: "TT" }, { text: "Tiêu chí" }, { text: "Điểm tối đa" }, { text: "Điểm chấm" }].map((c) => ({ ...c, style: { font: "serif-bold" as const } })),
    { ...BODY, size: 10, align: "center" },
    { fill: SHADE },
  );
  for (const row of s.rows) {
    const group = row.level === 0;
    const style = { font: group ? ("serif-bold" as const) : ("serif" as const), size: group ? 10.5 : 9.5 };
    y = drawRow(
      doc,
      PAGE.left,
      y,
      COLUMNS,
      [
        { text: row.code },
        { text: row.name, style: group ? {} : { font: "serif" } },
        { text: formatPoints(row.maxTenths) },
        { text: row.pointsTenths == null ? "" : formatPoints(row.pointsTenths) },
      ],
      { ...BODY, ...style },
      { fill: group ? "#f7f7f7" : undefined },
    );
  }
  y = drawRow(
    doc,
    PAGE.left,
    y,
    COLUMNS,
    [{ text: "" }, { text: "TỔNG CỘNG" }, { text: formatPoints(s.maxTotalTenths) }, { text: formatPoints(s.totalTenths) }],
    { font: "serif-bold", size: 11 },
    { fill: SHADE },
  );
  if (!s.scoreSubCriteria && s.rows.some((row) => row.level === 1)) {
    y = drawText(doc, "Các tiêu chí thành phần để tham khảo; điểm được chấm theo nhóm tiêu chí.", PAGE.left, y + 2, CONTENT_WIDTH, {
      font: "serif-italic",
      size: 8.5,
      color: GREY,
    });
  }
  y += 10;

  // Comment, date and signature: the comment gets the room left above the signature block; a
  // comment too long for it (even in smaller type) flows on to continuation pages.
  const signatureBlock = 110;
  const bottom = PAGE.height - PAGE.bottom - signatureBlock;
  y = drawText(doc, "Nhận xét, đề xuất của giám khảo:", PAGE.left, y, CONTENT_WIDTH, { font: "serif-bold", size: 10.5 });
  const given = s.comment.trim();
  const comment = given || "(Không có nhận xét)";
  const cx = PAGE.left + 10;
  const cw = CONTENT_WIDTH - 10;
  let size = 10.5;
  while (size > 9 && textHeight(doc, comment, cw, { font: "serif", size }) > bottom - y - 2) size -= 0.5;
  const style: TextStyle = { font: given ? "serif" : "serif-italic", size };
  const fits = textHeight(doc, comment, cw, style) <= bottom - y - 2;
  let rest: string[] = [];
  if (fits) drawText(doc, comment, cx, y + 2, cw, style);
  else rest = flowText(doc, comment.split(/\n+/), cx, y + 2, cw, { font: "serif", size: 10.5 }, bottom - 14);
  if (rest.length) drawText(doc, "(xem tiếp trang sau)", cx, bottom - 14, cw, { font: "serif-italic", size: 9, align: "right", color: GREY });

  // Date and signature.
  const sx = PAGE.left + CONTENT_WIDTH / 2;
  const sw = CONTENT_WIDTH / 2;
  let sy = PAGE.height - PAGE.bottom - signatureBlock + 8;
  const day = s.submittedAt ? todayInVietnam(s.submittedAt) : null;
  const place = r.placeName ?? "……";
  sy = drawText(doc, day ? `${place}, ${dateWords(day)}` : `${place}, ngày …… tháng …… năm ……`, sx, sy, sw, { font: "serif-italic", size: 10.5, align: "center" });
  sy = drawText(doc, "GIÁM KHẢO", sx, sy + 2, sw, { font: "serif-bold", size: 10.5, align: "center" });
  drawText(doc, "(Ký, ghi rõ họ tên)", sx, sy, sw, { font: "serif-italic", size: 9.5, align: "center" });
  drawText(doc, r.member.fullName, sx, PAGE.height - PAGE.bottom - 20, sw, { font: "serif-bold", size: 10.5, align: "center" });

  while (rest.length) {
    doc.addPage();
    const top = drawText(doc, `Nhận xét, đề xuất của giám khảo (tiếp) – mã số ${s.votingCode ?? "—"}, giám khảo ${r.member.fullName}:`, PAGE.left, PAGE.top, CONTENT_WIDTH, {
      font: "serif-bold",
      size: 10.5,
    });
    rest = flowText(doc, rest, cx, top + 2, cw, { font: "serif", size: 10.5 }, PAGE.height - PAGE.bottom);
  }
}

/**
 * Draws paragraphs from y down to `bottom`, splitting a paragraph between words where the space
 * ends. Returns what did not fit (the rest of the split paragraph first), empty when all did.
 */
function flowText(doc: PDFKit.PDFDocument, paragraphs: string[], x: number, y: number, width: number, style: TextStyle, bottom: number): string[] {
  const list = [...paragraphs];
  while (list.length) {
    const para = list[0]!;
    const room = bottom - y;
    if (textHeight(doc, para, width, style) <= room) {
      y = drawText(doc, para, x, y, width, style);
      list.shift();
      continue;
    }
    // The longest prefix of whole words that fits (binary search on the word count).
    const words = para.split(/\s+/);
    let lo = 0;
    let hi = words.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (textHeight(doc, words.slice(0, mid).join(" "), width, style) <= room) lo = mid;
      else hi = mid - 1;
    }
    if (lo === 0) return list; // not even one line left here
    drawText(doc, words.slice(0, lo).join(" "), x, y, width, style);
    list[0] = words.slice(lo).join(" ");
    return list;
  }
  return [];
}

/** Renders the judge's sheets, one page per entry; resolves to the PDF bytes. */
export async function renderScoreSheetsPdf(r: JudgeSheetsReport, now = new Date()): Promise<Buffer> {
  const { doc, done } = await newReportDoc({
    title: `Phiếu chấm điểm – ${r.member.fullName} – ${r.round.title}`,
    author: r.council.name,
    subject: "Phiếu chấm điểm sản phẩm công nghiệp nông thôn tiêu biểu",
    date: now,
  });
  if (!r.sheets.length) {
    drawOfficialHeader(doc, [{ text: r.council.name, bold: true }], PAGE.top);
    drawText(doc, SCORE_SHEET_TITLE, PAGE.left, PAGE.top + 90, CONTENT_WIDTH, { font: "serif-bold", size: 13.5, align: "center" });
    drawText(doc, nfc(`Giám khảo ${r.member.fullName} chưa gửi phiếu chấm nào ở vòng chấm ${r.stage}.`), PAGE.left, PAGE.top + 130, CONTENT_WIDTH, {
      font: "serif-italic",
      size: 11,
      align: "center",
    });
  }
  r.sheets.forEach((s, i) => {
    if (i > 0) doc.addPage();
    drawSheet(doc, r, s);
  });
  drawPageNumbers(doc, () => `Phiếu chấm điểm – ${r.member.fullName}`);
  doc.end();
  return await done;
}
