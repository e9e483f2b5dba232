/**
 * Spreadsheets an organizer hands on: the summary list of entries (danh sách trích ngang) and the
 * intake report (báo cáo tiếp nhận), as .xlsx with Vietnamese headers, a bold frozen header row
 * and column widths that fit. Only the round's managing organizers may have them.
 */
import { loadExcelJS } from "~/lib/exceljs.server";
import { and, asc, eq, inArray, ne, notInArray } from "drizzle-orm";
import { adminUnits, entries, entryEvents, establishments, productGroups, products, supplementRequests, type EntryStatus } from "~db/schema";
import { formatDate, todayInVietnam } from "~/lib/dates";
import { db } from "~/lib/db.server";
import type { Principal } from "~/lib/permissions";
import { getRoundForOrganizer } from "~/modules/rounds/rounds.server";
import { unitPath } from "~/modules/units/units.server";
import { ENTRY_STATUS_LABELS } from "~/ui/labels";
import { compareViNumeric } from "~/lib/text";

export interface Workbook {
  fileName: string;
  buffer: Buffer;
}

interface Column {
  header: string;
  key: string;
  width: number;
  date?: boolean;
  wrap?: boolean;
  center?: boolean;
}

/** ISO date "2026-08-05" → a Date at midnight UTC, which Excel shows as that calendar day. */
function excelDate(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!));
}

function vnDay(instant: Date | null | undefined): string | null {
  return instant ? todayInVietnam(instant) : null;
}

async function build(sheetName: string, title: string, columns: Column[], rows: Record<string, unknown>[]): Promise<Buffer> {
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  wb.creator = "Hệ thống bình chọn sản phẩm CNNT tiêu biểu";
  wb.created = new Date();
  wb.title = title;
  const ws = wb.addWorksheet(sheetName, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  for (const r of rows) ws.addRow(r);
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  header.height = 32;
  header.eachCell((cell) => {
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF1EFEA" } };
    cell.border = { bottom: { style: "thin" } };
  });
  columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    if (c.date) col.numFmt = "dd/mm/yyyy";
    col.alignment = { vertical: "top", wrapText: !!c.wrap, horizontal: c.center ? "center" : undefined };
  });
  header.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Codes in natural order ("26-1-2" before "26-1-10"); entries without a code last. */
function byCode(a: string | null, b: string | null): number {
  if (a == null || b == null) return a == null ? (b == null ? 0 : 1) : -1;
  return compareViNumeric(a, b);
}

function entryRows(roundId: number, exclude: EntryStatus[]) {
  return db
    .select({
      id: entries.id,
      votingCode: entries.votingCode,
      dossierNo: entries.dossierNo,
      status: entries.status,
      submittedAt: entries.submittedAt,
      answerBy: entries.answerBy,
      productName: products.name,
      groupName: productGroups.name,
      groupId: productGroups.id,
      establishmentName: establishments.name,
      street: establishments.street,
      unitId: establishments.unitId,
      provinceName: adminUnits.name,
      provinceKind: adminUnits.kind,
      representative: establishments.representative,
      phone: establishments.phone,
    })
    .from(entries)
    .innerJoin(products, eq(products.id, entries.productId))
    .innerJoin(productGroups, eq(productGroups.id, products.productGroupId))
    .innerJoin(establishments, eq(establishments.id, entries.establishmentId))
    .leftJoin(adminUnits, eq(adminUnits.id, establishments.provinceId))
    .where(and(eq(entries.roundId, roundId), exclude.length ? notInArray(entries.status, exclude) : undefined))
    .orderBy(asc(entries.id))
    .all()
    .sort((a, b) => byCode(a.votingCode, b.votingCode) || byCode(a.dossierNo, b.dossierNo) || a.id - b.id);
}

function slug(roundId: number, year: number) {
  return `${year}-vong-${roundId}`;
}

/** Danh sách trích ngang: every dossier received (not drafts), with its producer and status. */
export async function entrySummaryWorkbook(p: Principal, roundId: number): Promise<Workbook> {
  const { round } = getRoundForOrganizer(p, roundId, { manage: true });
  const rows = entryRows(round.id, ["draft", "nominated"]).map((e, i) => ({
    stt: i + 1,
    votingCode: e.votingCode ?? "",
    dossierNo: e.dossierNo ?? "",
    productName: e.productName,
    group: e.groupName,
    establishment: e.establishmentName,
    address: [e.street, e.unitId ? unitPath(e.unitId) : null].filter(Boolean).join(", "),
    province: e.provinceName ? `${e.provinceKind} ${e.provinceName}` : "",
    representative: e.representative ?? "",
    phone: e.phone ?? "",
    status: ENTRY_STATUS_LABELS[e.status],
  }));
  const columns: Column[] = [
    { header: "STT", key: "stt", width: 6, center: true },
    { header: "Mã số bình chọn", key: "votingCode", width: 16 },
    { header: "Số hồ sơ", key: "dossierNo", width: 18 },
    { header: "Tên sản phẩm", key: "productName", width: 40, wrap: true },
    { header: "Nhóm sản phẩm", key: "group", width: 34, wrap: true },
    { header: "Cơ sở sản xuất", key: "establishment", width: 36, wrap: true },
    { header: "Địa chỉ", key: "address", width: 44, wrap: true },
    { header: "Tỉnh, thành phố", key: "province", width: 20 },
    { header: "Người đại diện", key: "representative", width: 24 },
    { header: "Điện thoại", key: "phone", width: 14 },
    { header: "Trạng thái", key: "status", width: 22 },
  ];
  return {
    fileName: `danh-sach-trich-ngang-${slug(round.id, round.year)}.xlsx`,
    buffer: await build("Danh sách trích ngang", `Danh sách trích ngang – ${round.title}`, columns, rows),
  };
}

const ANSWER_EVENTS = ["completion_requested", "accepted", "rejected"];
const SUBMIT_EVENTS = ["submitted", "completed"];

/**
 * Báo cáo tiếp nhận: each submitted dossier with its submission date, the organizer's answer-by
 * date, whether the first answer after the last submission came late, the intake decision and its
 * date, and the requests to complete.
 */
export async function intakeReportWorkbook(p: Principal, roundId: number, now = new Date()): Promise<Workbook> {
  const { round } = getRoundForOrganizer(p, roundId, { manage: true });
  const list = entryRows(round.id, ["draft", "nominated"]).filter((e) => e.submittedAt);
  const ids = list.map((e) => e.id);
  const events = ids.length
    ? db
        .select({ entryId: entryEvents.entryId, type: entryEvents.type, createdAt: entryEvents.createdAt, id: entryEvents.id })
        .from(entryEvents)
        .where(and(inArray(entryEvents.entryId, ids), ne(entryEvents.type, "registered")))
        .orderBy(asc(entryEvents.id))
        .all()
    : [];
  const requests = ids.length
    ? db.select().from(supplementRequests).where(inArray(supplementRequests.entryId, ids)).orderBy(asc(supplementRequests.id)).all()
    : [];
  const today = todayInVietnam(now);
  const rows = list.map((e, i) => {
    const mine = events.filter((ev) => ev.entryId === e.id);
    const lastSubmit = [...mine].reverse().find((ev) => SUBMIT_EVENTS.includes(ev.type));
    const answer = mine.find((ev) => ANSWER_EVENTS.includes(ev.type) && (!lastSubmit || ev.id > lastSubmit.id));
    const answeredOn = vnDay(answer?.createdAt);
    let timeliness: string;
    if (!e.answerBy) timeliness = "";
    else if (answeredOn) timeliness = answeredOn > e.answerBy ? "Quá hạn" : "Đúng hạn";
    else if (e.status === "submitted") timeliness = today > e.answerBy ? "Quá hạn (chưa trả lời)" : "Chưa đến hạn";
    else timeliness = "";
    const decision = [...mine].reverse().find((ev) => ev.type === "accepted" || ev.type === "rejected");
    const decisionText = decision
      ? decision.type === "accepted"
        ? "Hợp lệ, tiếp nhận"
        : "Không tiếp nhận"
      : e.status === "needs_completion"
        ? "Đang chờ bổ sung"
        : e.status === "withdrawn"
          ? "Cơ sở đã rút hồ sơ"
          : "Chưa xử lý";
    const reqs = requests.filter((r) => r.entryId === e.id);
    return {
      stt: i + 1,
      dossierNo: e.dossierNo ?? "",
      votingCode: e.votingCode ?? "",
      productName: e.productName,
      establishment: e.establishmentName,
      submittedOn: excelDate(vnDay(e.submittedAt)),
      answerBy: excelDate(e.answerBy),
      answeredOn: excelDate(answeredOn),
      timeliness,
      decision: decisionText,
      decidedOn: excelDate(vnDay(decision?.createdAt)),
      requestCount: reqs.length,
      requests: reqs.map((r) => `${formatDate(vnDay(r.createdAt))}: ${r.message}${r.closedAt ? " (đã bổ sung)" : ""}`).join("\n"),
      status: ENTRY_STATUS_LABELS[e.status],
    };
  });
  const columns: Column[] = [
    { header: "STT", key: "stt", width: 6, center: true },
    { header: "Số hồ sơ", key: "dossierNo", width: 18 },
    { header: "Mã số bình chọn", key: "votingCode", width: 16 },
    { header: "Tên sản phẩm", key: "productName", width: 36, wrap: true },
    { header: "Cơ sở sản xuất", key: "establishment", width: 32, wrap: true },
    { header: "Ngày nộp", key: "submittedOn", width: 12, date: true },
    { header: "Hạn trả lời", key: "answerBy", width: 12, date: true },
    { header: "Ngày trả lời", key: "answeredOn", width: 12, date: true },
    { header: "Đúng hạn / quá hạn", key: "timeliness", width: 20 },
    { header: "Kết quả tiếp nhận", key: "decision", width: 20 },
    { header: "Ngày quyết định", key: "decidedOn", width: 14, date: true },
    { header: "Số lần yêu cầu bổ sung", key: "requestCount", width: 12, center: true },
    { header: "Nội dung yêu cầu bổ sung", key: "requests", width: 50, wrap: true },
    { header: "Trạng thái hiện tại", key: "status", width: 22 },
  ];
  return {
    fileName: `bao-cao-tiep-nhan-${slug(round.id, round.year)}.xlsx`,
    buffer: await build("Báo cáo tiếp nhận", `Báo cáo tiếp nhận hồ sơ – ${round.title}`, columns, rows),
  };
}

/** The HTTP answer for a workbook: a download that is never cached. */
export function workbookResponse(wb: Workbook): Response {
  return new Response(new Uint8Array(wb.buffer), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${wb.fileName}"`,
      "Content-Length": String(wb.buffer.length),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
