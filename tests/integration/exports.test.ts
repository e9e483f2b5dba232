/**
 * The organizer's spreadsheets through the real routes: the .xlsx files are opened back with
 * exceljs and checked cell by cell (headers, values, Vietnamese diacritics, bold frozen header,
 * column widths), and refused outside the organizer's scope.
 */
import type { LoaderFunction } from "@remix-run/node";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { entries, entryEvents, establishments, products, supplementRequests } from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { loader as summaryXlsx } from "~/routes/to-chuc.vong.$roundId_.xuat.danh-sach[.]xlsx";
import { loader as intakeXlsx } from "~/routes/to-chuc.vong.$roundId_.xuat.tiep-nhan[.]xlsx";
import { createBody, createCommune, createOrganizer, createRound, createUser, province, requestWithCookie } from "../helpers/fixtures";

const cookies: Record<string, string | null> = { anonymous: null };
let roundId = 0;

/** 2026-08-05 at 09:30 in Vietnam. */
const vn = (day: string, time = "09:30") => new Date(`${day}T${time}:00+07:00`);

beforeAll(async () => {
  const bacNinh = province("24");
  const thaiNguyen = province("19");
  const phuLang = createCommune(bacNinh.id, "Phù Lãng");
  const body = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bacNinh.id);
  const tnBody = createBody("Sở Công Thương tỉnh Thái Nguyên", "province", thaiNguyen.id);
  roundId = createRound(body.id, "province", bacNinh.id, "Bình chọn sản phẩm CNNT tiêu biểu tỉnh Bắc Ninh năm 2026", { status: "intake_closed" }).id;
  cookies.bn = await startSession(await createOrganizer("bn@example.vn", body.id));
  cookies.tn = await startSession(await createOrganizer("tn@example.vn", tnBody.id));
  cookies.producer = await startSession(await createUser("coso@example.vn"));

  const est = (name: string, representative: string, phone: string, street: string | null, unitId: number | null) =>
    db.insert(establishments).values({ legalType: "cooperative", name, provinceId: bacNinh.id, unitId, street, representative, phone }).returning().get().id;
  const gom = est("Hợp tác xã Gốm Phù Lãng", "Nguyễn Văn Lộc", "0912345678", "Thôn Phù Lãng", phuLang.id);
  const banh = est("Hợp tác xã Bánh phu thê Đình Bảng", "Nguyễn Thị Xuân", "0987654321", "Phố Đình Bảng", bacNinh.id);
  const entry = (estId: number, name: string, group: number, v: Partial<typeof entries.$inferInsert>) => {
    const p = db.insert(products).values({ establishmentId: estId, name, productGroupId: group }).returning().get();
    return db.insert(entries).values({ roundId, productId: p.id, establishmentId: estId, ...v } as typeof entries.$inferInsert).returning().get().id;
  };
  const ev = (entryId: number, type: string, at: Date, message = "") => db.insert(entryEvents).values({ entryId, type, message, createdAt: at }).run();

  // 1: accepted on time.
  const a = entry(gom, "Bình gốm men da lươn Phù Lãng", 1, { status: "accepted", dossierNo: "HS2026-1-0001", votingCode: "26-1-001", submittedAt: vn("2026-08-05"), answerBy: "2026-08-10" });
  ev(a, "submitted", vn("2026-08-05"));
  ev(a, "accepted", vn("2026-08-07", "14:00"));
  // 2: asked to complete on time, completed, then rejected late.
  const b = entry(banh, "Bánh phu thê Đình Bảng", 2, { status: "rejected", dossierNo: "HS2026-1-0002", submittedAt: vn("2026-08-06"), answerBy: "2026-08-14" });
  ev(b, "submitted", vn("2026-08-04"));
  ev(b, "completion_requested", vn("2026-08-05"));
  db.insert(supplementRequests).values({ entryId: b, docTypes: ["food_safety"], message: "Bổ sung giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", createdAt: vn("2026-08-05"), closedAt: vn("2026-08-06") }).run();
  ev(b, "completed", vn("2026-08-06"));
  ev(b, "rejected", vn("2026-08-18"), "Không đạt");
  // 3: waiting to be completed.
  const c = entry(gom, "Bộ ấm chén gốm men lam", 1, { status: "needs_completion", dossierNo: "HS2026-1-0003", submittedAt: vn("2026-08-08"), answerBy: "2026-08-13" });
  ev(c, "submitted", vn("2026-08-08"));
  ev(c, "completion_requested", vn("2026-08-10"));
  db.insert(supplementRequests).values({ entryId: c, docTypes: ["product_photos"], message: "Thêm ảnh chụp đáy sản phẩm", createdAt: vn("2026-08-10") }).run();
  // 4: submitted long ago, never answered.
  const d = entry(banh, "Bánh tẻ làng Chờ", 2, { status: "submitted", dossierNo: "HS2026-1-0004", submittedAt: vn("2026-08-09"), answerBy: "2026-08-12" });
  ev(d, "submitted", vn("2026-08-09"));
  // 5: a draft: in neither list.
  entry(gom, "Lọ hoa chưa nộp", 1, { status: "draft" });
});

async function download(fn: LoaderFunction, who: string) {
  try {
    const res = (await fn({ request: requestWithCookie("/x", cookies[who] ?? null), params: { roundId: String(roundId) }, context: {} })) as Response;
    return { status: res.status, res };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, res: thrown };
    throw thrown;
  }
}

async function open(fn: LoaderFunction) {
  const { status, res } = await download(fn, "bn");
  expect(status).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  expect(res.headers.get("Cache-Control")).toBe("private, no-store");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  return { wb, ws: wb.worksheets[0]!, disposition: res.headers.get("Content-Disposition") ?? "" };
}

const row = (ws: ExcelJS.Worksheet, n: number) => (ws.getRow(n).values as unknown[]).slice(1);
const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : v);

describe("danh sách trích ngang (.xlsx)", () => {
  it("has the Vietnamese headers, a bold frozen header row and fitting widths", async () => {
    const { ws, disposition } = await open(summaryXlsx);
    expect(disposition).toBe(`attachment; filename="danh-sach-trich-ngang-2026-vong-${roundId}.xlsx"`);
    expect(ws.name).toBe("Danh sách trích ngang");
    expect(row(ws, 1)).toEqual([
      "STT",
      "Mã số bình chọn",
      "Số hồ sơ",
      "Tên sản phẩm",
      "Nhóm sản phẩm",
      "Cơ sở sản xuất",
      "Địa chỉ",
      "Tỉnh, thành phố",
      "Người đại diện",
      "Điện thoại",
      "Trạng thái",
    ]);
    for (let c = 1; c <= 11; c++) expect(ws.getRow(1).getCell(c).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(ws.getColumn(1).width).toBe(6);
    expect(ws.getColumn(4).width).toBeGreaterThanOrEqual(36);
    expect(ws.getColumn(7).width).toBeGreaterThanOrEqual(40);
  });

  it("lists every received dossier (not drafts), voting codes first, with diacritics intact", async () => {
    const { ws } = await open(summaryXlsx);
    expect(ws.rowCount).toBe(5);
    expect(row(ws, 2)).toEqual([
      1,
      "26-1-001",
      "HS2026-1-0001",
      "Bình gốm men da lươn Phù Lãng",
      "Nhóm 1: Thủ công mỹ nghệ",
      "Hợp tác xã Gốm Phù Lãng",
      "Thôn Phù Lãng, Xã Phù Lãng, Tỉnh Bắc Ninh",
      "Tỉnh Bắc Ninh",
      "Nguyễn Văn Lộc",
      "0912345678",
      "Hồ sơ hợp lệ",
    ]);
    expect(ws.getCell("D3").value).toBe("Bánh phu thê Đình Bảng");
    expect(ws.getCell("E3").value).toBe("Nhóm 2: Chế biến nông, lâm, thủy sản và thực phẩm");
    expect(ws.getCell("K3").value).toBe("Không hợp lệ");
    expect(ws.getCell("B3").value).toBe("");
    expect(ws.getCell("K4").value).toBe("Cần bổ sung");
    expect(ws.getCell("K5").value).toBe("Đã nộp, chờ tiếp nhận");
    const names = [2, 3, 4, 5].map((r) => ws.getCell(`D${r}`).value);
    expect(names).not.toContain("Lọ hoa chưa nộp");
    expect(String(ws.getCell("D2").value)).toBe("Bình gốm men da lươn Phù Lãng".normalize("NFC"));
  });
});

describe("báo cáo tiếp nhận (.xlsx)", () => {
  it("each submitted dossier with its dates, timeliness, decision and requests to complete", async () => {
    const { ws } = await open(intakeXlsx);
    expect(ws.name).toBe("Báo cáo tiếp nhận");
    expect(row(ws, 1)).toEqual([
      "STT",
      "Số hồ sơ",
      "Mã số bình chọn",
      "Tên sản phẩm",
      "Cơ sở sản xuất",
      "Ngày nộp",
      "Hạn trả lời",
      "Ngày trả lời",
      "Đúng hạn / quá hạn",
      "Kết quả tiếp nhận",
      "Ngày quyết định",
      "Số lần yêu cầu bổ sung",
      "Nội dung yêu cầu bổ sung",
      "Trạng thái hiện tại",
    ]);
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(ws.getColumn(6).numFmt).toBe("dd/mm/yyyy");
    expect(ws.rowCount).toBe(5);

    const r2 = row(ws, 2).map(day);
    expect(r2).toEqual([1, "HS2026-1-0001", "26-1-001", "Bình gốm men da lươn Phù Lãng", "Hợp tác xã Gốm Phù Lãng", "2026-08-05", "2026-08-10", "2026-08-07", "Đúng hạn", "Hợp lệ, tiếp nhận", "2026-08-07", 0, "", "Hồ sơ hợp lệ"]);

    // Rejected on 18/08 after the completed dossier came back on 06/08 with 14/08 as answer-by.
    const r3 = row(ws, 3).map(day);
    expect(r3.slice(1, 2)).toEqual(["HS2026-1-0002"]);
    expect(r3.slice(5)).toEqual([
      "2026-08-06",
      "2026-08-14",
      "2026-08-18",
      "Quá hạn",
      "Không tiếp nhận",
      "2026-08-18",
      1,
      "05/08/2026: Bổ sung giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm (đã bổ sung)",
      "Không hợp lệ",
    ]);

    const r4 = row(ws, 4).map(day);
    expect(r4.slice(7, 13)).toEqual(["2026-08-10", "Đúng hạn", "Đang chờ bổ sung", null, 1, "10/08/2026: Thêm ảnh chụp đáy sản phẩm"].map((v) => (v === null ? undefined : v)));

    const r5 = row(ws, 5).map(day);
    expect(r5[3]).toBe("Bánh tẻ làng Chờ");
    expect(r5[8]).toBe("Quá hạn (chưa trả lời)");
    expect(r5[9]).toBe("Chưa xử lý");
  });
});

describe("who may download", () => {
  it.each([
    ["tn", 404],
    ["producer", 403],
  ])("%s gets %i for both files", async (who, status) => {
    expect((await download(summaryXlsx, who)).status).toBe(status);
    expect((await download(intakeXlsx, who)).status).toBe(status);
  });
  it("anonymous visitors are sent to log in", async () => {
    const r = await download(intakeXlsx, "anonymous");
    expect(r.status).toBe(302);
    expect(r.res.headers.get("Location")).toMatch(/^\/dang-nhap\?next=/);
  });
});
