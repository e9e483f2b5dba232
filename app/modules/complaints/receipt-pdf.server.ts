/**
 * Giấy biên nhận đơn khiếu nại: the receipt of a complaint as an A4 PDF in the administrative
 * style of the dossier receipt (dossier-status/receipt-pdf.server.ts): the receiving body and the
 * national motto, the title, the complaint number, who filed it about which product and round,
 * the day received, the number of files, and the answer-by date. The complaint's text is not
 * printed (it stays on the producer's page).
 */
import { VN_TZ, todayInVietnam } from "~/lib/dates";
import { CONTENT_WIDTH, GREY, PAGE, dateWords, drawOfficialHeader, drawText, newReportDoc, type TextStyle } from "~/modules/reports/pdf-kit.server";

export interface ComplaintReceiptInput {
  bodyName: string;
  number: string;
  producerName: string;
  productName: string;
  dossierNo: string | null;
  roundTitle: string;
  filedAt: Date;
  answerDueOn: string | null;
  answerDays: number;
  fileCount: number;
  pageUrl: string;
}

const BODY: TextStyle = { font: "serif", size: 11 };
const TIME = new Intl.DateTimeFormat("vi-VN", { timeZone: VN_TZ, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const ddmmyyyy = (iso: string) => iso.slice(0, 10).split("-").reverse().join("/");

function fact(doc: PDFKit.PDFDocument, label: string, value: string, y: number, bold = false): number {
  const lw = 150;
  drawText(doc, `${label}:`, PAGE.left, y, lw, BODY);
  return drawText(doc, value, PAGE.left + lw, y, CONTENT_WIDTH - lw, { ...BODY, font: bold ? "serif-bold" : "serif" }) + 4;
}

export async function complaintReceiptPdf(r: ComplaintReceiptInput): Promise<Buffer> {
  const receivedOn = todayInVietnam(r.filedAt);
  const { doc, done } = await newReportDoc({
    title: `Giấy biên nhận đơn khiếu nại ${r.number}`,
    author: r.bodyName,
    subject: "Biên nhận đơn khiếu nại về kết quả bình chọn sản phẩm công nghiệp nông thôn tiêu biểu",
    date: r.filedAt,
  });
  let y = drawOfficialHeader(doc, [{ text: r.bodyName, bold: true }], PAGE.top);
  const ly = drawText(doc, `Số: ${r.number}`, PAGE.left, y + 6, 220, { font: "serif", size: 10.5, align: "center" });
  const ry = drawText(doc, dateWords(receivedOn).replace(/^n/, "N"), PAGE.left + 230, y + 6, CONTENT_WIDTH - 230, { font: "serif-italic", size: 10.5, align: "center" });
  y = Math.max(ly, ry) + 22;
  y = drawText(doc, "GIẤY BIÊN NHẬN ĐƠN KHIẾU NẠI", PAGE.left, y, CONTENT_WIDTH, { font: "serif-bold", size: 15, align: "center" });
  y = drawText(doc, "Về kết quả bình chọn sản phẩm công nghiệp nông thôn tiêu biểu", PAGE.left, y + 2, CONTENT_WIDTH, { font: "serif-bold", size: 11.5, align: "center" });
  y = drawText(doc, `Số đơn: ${r.number}`, PAGE.left, y + 8, CONTENT_WIDTH, { font: "serif-bold", size: 13, align: "center" }) + 14;
  y = drawText(doc, `${r.bodyName} đã nhận đơn khiếu nại của:`, PAGE.left, y, CONTENT_WIDTH, BODY) + 6;
  y = fact(doc, "Cơ sở", r.producerName, y, true);
  y = fact(doc, "Về sản phẩm", r.productName, y, true);
  if (r.dossierNo) y = fact(doc, "Số hồ sơ", r.dossierNo, y);
  y = fact(doc, "Kỳ bình chọn", r.roundTitle, y);
  y = fact(doc, "Ngày nhận đơn", `${TIME.format(r.filedAt)}, ${ddmmyyyy(receivedOn)} (nộp trực tuyến)`, y);
  y = fact(doc, "Tài liệu kèm theo", r.fileCount ? `${r.fileCount} tệp` : "Không có", y);
  y = fact(doc, "Hẹn trả lời trước ngày", r.answerDueOn ? `${ddmmyyyy(r.answerDueOn)} (${r.answerDays} ngày kể từ ngày nhận đơn)` : "—", y, true);
  y += 12;
  y = drawText(doc, `Theo dõi việc giải quyết khiếu nại: đăng nhập hệ thống và mở ${r.pageUrl}. Cơ sở được thông báo ở mỗi bước (trong hệ thống và qua thư điện tử).`, PAGE.left, y, CONTENT_WIDTH, { font: "serif", size: 10.5 }) + 14;
  drawText(doc, "Giấy biên nhận này được lập tự động khi cơ sở nộp đơn khiếu nại trực tuyến trên hệ thống bình chọn sản phẩm công nghiệp nông thôn tiêu biểu.", PAGE.left, y, CONTENT_WIDTH, { font: "serif-italic", size: 9.5, color: GREY });
  doc.end();
  return done;
}
