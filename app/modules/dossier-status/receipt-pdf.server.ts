/**
 * Giấy biên nhận hồ sơ: the receipt of a submitted dossier as an A4 PDF in the administrative
 * style. The receiving body and the national motto at the head, the title, the dossier number,
 * the establishment, product and round, the date received and the answer-by date, the table of
 * the documents received (name, number of files), and a QR code that opens the public status page
 * with the dossier number filled in (the phone is never in it).
 */
import QRCode from "qrcode";
import { VN_TZ, todayInVietnam } from "~/lib/dates";
import {
  CONTENT_WIDTH,
  GREY,
  PAGE,
  SHADE,
  dateWords,
  drawOfficialHeader,
  drawRow,
  drawText,
  newReportDoc,
  rowHeight,
  type Column,
  type TextStyle,
} from "~/modules/reports/pdf-kit.server";
import { STATUS_PATH } from "./status";

export interface ReceiptPdfInput {
  bodyName: string;
  dossierNo: string;
  establishmentName: string;
  establishmentAddress: string;
  productName: string;
  productGroup: string;
  roundTitle: string;
  roundLevelLabel: string;
  submittedAt: Date;
  answerBy: string | null;
  answerWorkingDays: number;
  documents: { name: string; files: number }[];
  /** Absolute address of the status page with the number filled in (the QR code's text). */
  statusUrl: string;
  /** The site's public address, printed for people who type it. */
  baseUrl: string;
}

const BODY: TextStyle = { font: "serif", size: 11 };
const COLS: Column[] = [
  { width: 34, align: "center" },
  { width: CONTENT_WIDTH - 34 - 80 },
  { width: 80, align: "center" },
];

const TIME = new Intl.DateTimeFormat("vi-VN", {
  timeZone: VN_TZ,
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});
const ddmmyyyy = (iso: string) =>
  iso.slice(0, 10).split("-").reverse().join("/");

/** Draws a QR code as vector squares (sharp at any zoom), as the certificates do. */
function drawQr(
  doc: PDFKit.PDFDocument,
  text: string,
  x: number,
  y: number,
  size: number
) {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = size / (n + quiet * 2);
  doc.save();
  doc.rect(x, y, size, size).fill("#ffffff");
  doc.fillColor("#000000");
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (qr.modules.data[r * n + c])
        doc.rect(
          x + (c + quiet) * cell,
          y + (r + quiet) * cell,
          cell + 0.05,
          cell + 0.05
        );
    }
  }
  doc.fill();
  doc.restore();
}

/** "Nhãn: giá trị" on one line (wrapping under the value); returns the y below. */
function fact(
  doc: PDFKit.PDFDocument,
  label: string,
  value: string,
  y: number,
  bold = false
): number {
  const lw = 150;
  drawText(doc, `${label}:`, PAGE.left, y, lw, BODY);
  return (
    drawText(doc, value, PAGE.left + lw, y, CONTENT_WIDTH - lw, {
      ...BODY,
      font: bold ? "serif-bold" : "serif",
    }) + 4
  );
}

export async function receiptPdf(r: ReceiptPdfInput): Promise<Buffer> {
  const receivedOn = todayInVietnam(r.submittedAt);
  const { doc, done } = await newReportDoc({
    title: `Giấy biên nhận hồ sơ ${r.dossierNo}`,
    author: r.bodyName,
    subject:
      "Biên nhận hồ sơ tham gia bình chọn sản phẩm công nghiệp nông thôn tiêu biểu",
    date: r.submittedAt,
  });
  const bottom = PAGE.height - PAGE.bottom;
  const newPage = () => {
    doc.addPage({ size: "A4", layout: "portrait", margin: 0 });
    return PAGE.top;
  };

  let y = drawOfficialHeader(doc, [{ text: r.bodyName, bold: true }], PAGE.top);
  // Under the body: the number; under the motto: the date, as official papers have them.
  const ly = drawText(doc, `Số: ${r.dossierNo}`, PAGE.left, y + 6, 220, {
    font: "serif",
    size: 10.5,
    align: "center",
  });
  const ry = drawText(
    doc,
    dateWords(receivedOn).replace(/^n/, "N"),
    PAGE.left + 230,
    y + 6,
    CONTENT_WIDTH - 230,
    { font: "serif-italic", size: 10.5, align: "center" }
  );
  y = Math.max(ly, ry) + 22;
  y = drawText(doc, "GIẤY BIÊN NHẬN HỒ SƠ", PAGE.left, y, CONTENT_WIDTH, {
    font: "serif-bold",
    size: 15,
    align: "center",
  });
  y = drawText(
    doc,
    "Tham gia bình chọn sản phẩm công nghiệp nông thôn tiêu biểu",
    PAGE.left,
    y + 2,
    CONTENT_WIDTH,
    { font: "serif-bold", size: 11.5, align: "center" }
  );
  y = drawText(
    doc,
    `Số hồ sơ: ${r.dossierNo}`,
    PAGE.left,
    y + 8,
    CONTENT_WIDTH,
    { font: "serif-bold", size: 13, align: "center" }
  );
  y += 14;

  y =
    drawText(
      doc,
      `${r.bodyName} đã nhận hồ sơ tham gia bình chọn của:`,
      PAGE.left,
      y,
      CONTENT_WIDTH,
      BODY
    ) + 6;
  y = fact(doc, "Cơ sở", r.establishmentName, y, true);
  y = fact(doc, "Địa chỉ", r.establishmentAddress || "—", y);
  y = fact(doc, "Sản phẩm", `${r.productName} (${r.productGroup})`, y, true);
  y = fact(doc, "Kỳ bình chọn", `${r.roundTitle} (${r.roundLevelLabel})`, y);
  y = fact(
    doc,
    "Ngày nhận hồ sơ",
    `${TIME.format(r.submittedAt)}, ${ddmmyyyy(receivedOn)} (nộp trực tuyến)`,
    y
  );
  y = fact(
    doc,
    "Hẹn trả lời trước ngày",
    r.answerBy
      ? `${ddmmyyyy(r.answerBy)} (${
          r.answerWorkingDays
        } ngày làm việc, không tính thứ Bảy, Chủ nhật và ngày lễ)`
      : "—",
    y,
    true
  );
  y += 6;

  y =
    drawText(
      doc,
      `Tài liệu đã nhận (${r.documents.length} mục, ${r.documents.reduce(
        (a, d) => a + d.files,
        0
      )} tệp):`,
      PAGE.left,
      y,
      CONTENT_WIDTH,
      { ...BODY, font: "serif-bold" }
    ) + 4;
  const head = ["STT", "Tên tài liệu", "Số tệp"].map((text) => ({
    text,
    style: { font: "serif-bold" as const },
  }));
  const TABLE: TextStyle = { font: "serif", size: 10 };
  y = drawRow(doc, PAGE.left, y, COLS, head, TABLE, { fill: SHADE });
  r.documents.forEach((d, i) => {
    const cells = [
      { text: String(i + 1) },
      { text: d.name },
      { text: String(d.files) },
    ];
    if (y + rowHeight(doc, COLS, cells, TABLE) > bottom) {
      y = newPage();
      y = drawRow(doc, PAGE.left, y, COLS, head, TABLE, { fill: SHADE });
    }
    y = drawRow(doc, PAGE.left, y, COLS, cells, TABLE);
  });
  if (!r.documents.length)
    y = drawRow(
      doc,
      PAGE.left,
      y,
      [{ width: CONTENT_WIDTH, align: "center" }],
      [{ text: "Không có tài liệu đính kèm." }],
      TABLE
    );
  y += 14;

  // The QR code and how to look the dossier up: kept together, on a new page if need be.
  const qrSize = 104;
  if (y + qrSize + 70 > bottom) y = newPage();
  drawQr(doc, r.statusUrl, PAGE.left, y, qrSize);
  const tx = PAGE.left + qrSize + 14;
  const tw = CONTENT_WIDTH - qrSize - 14;
  let ty = drawText(doc, "Tra cứu tình trạng hồ sơ", tx, y + 4, tw, {
    font: "serif-bold",
    size: 11,
  });
  ty = drawText(
    doc,
    `Quét mã QR bằng điện thoại, hoặc mở ${r.baseUrl}${STATUS_PATH}, rồi nhập số hồ sơ ${r.dossierNo} và số điện thoại của cơ sở đã đăng ký. Không cần đăng nhập.`,
    tx,
    ty + 2,
    tw,
    { font: "serif", size: 10 }
  );
  drawText(
    doc,
    "Để xem chi tiết, bổ sung hồ sơ khi được yêu cầu hoặc rút hồ sơ, cơ sở đăng nhập hệ thống.",
    tx,
    ty + 2,
    tw,
    { font: "serif-italic", size: 10, color: GREY }
  );
  y += qrSize + 16;

  drawText(
    doc,
    "Giấy biên nhận này được lập tự động khi cơ sở nộp hồ sơ trực tuyến trên hệ thống bình chọn sản phẩm công nghiệp nông thôn tiêu biểu; hồ sơ đã được khóa. Nếu cần bổ sung, cơ quan tổ chức sẽ thông báo và mở lại đúng các mục cần bổ sung.",
    PAGE.left,
    Math.min(y, bottom - 40),
    CONTENT_WIDTH,
    { font: "serif-italic", size: 9.5, color: GREY }
  );
  doc.end();
  return done;
}
