/**
 * Prizes (issue 14), the pure rules: the declaration form (Vietnamese messages, whole counts and
 * amounts, unique codes and names, at most 10), the assignment by rank (Quảng Nam 2024), a tie
 * across a prize boundary refused with the tied entries named, council choices with reasons, and
 * the amount in words.
 */
import { describe, expect, it } from "vitest";
import { checkAssignment, formatVnd, parseDeclarationForm, parseWhole, proposeByRank, type RankedEntry, type RoundPrize } from "~/modules/prizes/prizes";
import { amountInWords } from "~/modules/prizes/words";

const QUANG_NAM: RoundPrize[] = [
  { code: "A", name: "Giải A", count: 2, amountVnd: 5_000_000, mode: "rank" },
  { code: "B", name: "Giải B", count: 4, amountVnd: 3_000_000, mode: "rank" },
  { code: "C", name: "Giải C", count: 6, amountVnd: 1_500_000, mode: "rank" },
  { code: "KK", name: "Giải khuyến khích", count: 8, amountVnd: 500_000, mode: "rank" },
];

const form = (rows: [string, string, string, string, string?][]) =>
  Object.fromEntries(rows.flatMap(([code, name, count, amount, mode], i) => [[`p_code_${i}`, code], [`p_name_${i}`, name], [`p_count_${i}`, count], [`p_amount_${i}`, amount], [`p_mode_${i}`, mode ?? "rank"]]));

const entry = (id: number, rank: number | null, recognised = true): RankedEntry => ({ entryId: id, votingCode: `QN-${String(id).padStart(2, "0")}`, rank, recognised });

describe("the declaration", () => {
  it("reads the Quảng Nam 2024 table typed with separators, ignoring empty rows", () => {
    const r = parseDeclarationForm({
      ...form([
        ["a", "Giải A", "2", "5.000.000"],
        ["B", "Giải B", "4", "3 000 000"],
        ["C", "Giải C", "6", "1,500,000"],
        ["KK", "Giải khuyến khích", "8", "500000 đ"],
        ["", "", "", ""],
      ]),
    });
    expect(r).toEqual({ ok: true, prizes: QUANG_NAM });
  });

  it("refuses counts that are not whole numbers ≥ 1 and amounts that are not whole đồng ≥ 0, with the field's message", () => {
    const r = parseDeclarationForm(form([["A", "Giải A", "0", "5.000.000"], ["B", "Giải B", "1,5", "-3"], ["C", "Giải C", "", "1.500.000,50"]]));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.p_count_0).toBe("Số giải phải là số nguyên từ 1 trở lên.");
    expect(r.errors.p_count_1).toBe("Số giải phải là số nguyên từ 1 trở lên.");
    expect(r.errors.p_amount_1).toBe("Số tiền mỗi giải phải là số đồng nguyên, từ 0 trở lên (ví dụ 5.000.000).");
    expect(r.errors.p_count_2).toBe("Nhập số giải (số nguyên từ 1 trở lên).");
    expect(r.errors.p_amount_2).toBe("Số tiền mỗi giải phải là số đồng nguyên, từ 0 trở lên (ví dụ 5.000.000).");
    expect(r.message).toMatch(/^Bảng giải thưởng chưa hợp lệ: /);
  });

  it("allows a prize without money (0 đồng)", () => {
    expect(parseDeclarationForm(form([["DB", "Giải đặc biệt", "1", "0", "council"]]))).toEqual({ ok: true, prizes: [{ code: "DB", name: "Giải đặc biệt", count: 1, amountVnd: 0, mode: "council" }] });
  });

  it("refuses duplicate codes and names (case-insensitive), naming the earlier row", () => {
    const r = parseDeclarationForm(form([["A", "Giải A", "1", "1"], ["a", "Giải B", "1", "1"], ["C", "giải a", "1", "1"]]));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.p_code_1).toBe('Ký hiệu giải "A" bị trùng với dòng 1.');
    expect(r.errors.p_name_2).toBe('Tên giải "giải a" bị trùng với dòng 1.');
  });

  it("refuses a missing name, a code with spaces, an unknown mode, and more than 10 prizes", () => {
    const r = parseDeclarationForm({ ...form([["A", "", "1", "1"], ["A B", "Giải B", "1", "1"]]), p_mode_1: "lottery" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.p_name_0).toBe("Nhập tên giải (ví dụ Giải A).");
    expect(r.errors.p_code_1).toBe("Ký hiệu giải chỉ gồm chữ và số, không có dấu cách.");
    expect(r.errors.p_mode_1).toBe("Chọn cách trao giải: theo thứ hạng hoặc Hội đồng chọn.");
    const eleven = parseDeclarationForm(form(Array.from({ length: 11 }, (_, i) => [`G${i}`, `Giải ${i}`, "1", "1"] as [string, string, string, string])));
    expect(eleven).toMatchObject({ ok: false, message: "Tối đa 10 loại giải." });
  });

  it("parses whole numbers people type", () => {
    expect(parseWhole("5.000.000")).toBe(5_000_000);
    expect(parseWhole("5 000 000 đồng")).toBe(5_000_000);
    expect(parseWhole("12")).toBe(12);
    expect(parseWhole("1.5")).toBeNull();
    expect(parseWhole("năm triệu")).toBeNull();
    expect(formatVnd(1_500_000)).toBe("1.500.000");
  });
});

describe("assignment by rank", () => {
  it("fills A ×2, B ×4, C ×6, KK ×8 in rank order (Quảng Nam 2024); the 21st gets nothing", () => {
    const list = Array.from({ length: 21 }, (_, i) => entry(i + 1, i + 1));
    const r = proposeByRank(QUANG_NAM, list);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const codes = list.map((e) => r.byEntry.get(e.entryId) ?? null);
    expect(codes).toEqual([..."AA", ..."BBBB", ..."CCCCCC", ...Array(8).fill("KK"), null]);
  });

  it("skips entries not recognised and unranked ones; a tie inside one prize is fine", () => {
    const list = [entry(1, 1), entry(2, 2, false), entry(3, 2), entry(4, 2), entry(5, null)];
    const prizes: RoundPrize[] = [{ code: "A", name: "Giải A", count: 3, amountVnd: 1, mode: "rank" }];
    const r = proposeByRank(prizes, list);
    expect(r.ok && [...r.byEntry]).toEqual([
      [1, "A"],
      [3, "A"],
      [4, "A"],
    ]);
  });

  it("refuses a tie across a boundary (2 A-prizes, ranks 1, 2, 2), naming the tied entries and the declared tie-break", () => {
    const r = proposeByRank(QUANG_NAM, [entry(1, 1), entry(2, 2), entry(3, 2), entry(4, 4)]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.tiedEntryIds).toEqual([2, 3]);
    expect(r.message).toBe(
      "QN-02, QN-03 cùng xếp hạng 2 nhưng số giải còn lại chỉ đủ chia thành: Giải A (1), Giải B (1). Hội đồng cần phân định đồng điểm theo quy tắc đã công bố (kể cả biểu quyết phân định đồng điểm) trước khi trao giải theo thứ hạng.",
    );
  });

  it("refuses a tie across the last prize seat (some would get a prize, some none)", () => {
    const r = proposeByRank([{ code: "A", name: "Giải A", count: 1, amountVnd: 1, mode: "rank" }], [entry(1, 1), entry(2, 1)]);
    expect(r).toMatchObject({ ok: false, tiedEntryIds: [1, 2] });
    if (!r.ok) expect(r.message).toContain("Giải A (1), không có giải (1)");
  });

  it("after a tie-break vote the ranks differ and the assignment goes through", () => {
    const r = proposeByRank(QUANG_NAM, [entry(1, 1), entry(2, 3), entry(3, 2)]);
    expect(r.ok && r.byEntry.get(3)).toBe("A");
    expect(r.ok && r.byEntry.get(2)).toBe("B");
  });
});

describe("the council's choices", () => {
  const prizes: RoundPrize[] = [
    { code: "A", name: "Giải A", count: 1, amountVnd: 5_000_000, mode: "rank" },
    { code: "B", name: "Giải B", count: 1, amountVnd: 3_000_000, mode: "rank" },
    { code: "HD", name: "Giải Hội đồng", count: 1, amountVnd: 1_000_000, mode: "council" },
  ];
  const list = [entry(1, 1), entry(2, 2), entry(3, 3), entry(4, 4, false)];

  it("keeps the proposal for entries not named", () => {
    expect(checkAssignment(prizes, list, [])).toEqual({
      ok: true,
      awards: [
        { entryId: 1, prizeCode: "A", reason: null },
        { entryId: 2, prizeCode: "B", reason: null },
        { entryId: 3, prizeCode: null, reason: null },
        { entryId: 4, prizeCode: null, reason: null },
      ],
    });
  });

  it("a council prize needs a reason", () => {
    const r = checkAssignment(prizes, list, [{ entryId: 3, prizeCode: "HD", reason: "  " }]);
    expect(r).toMatchObject({ ok: false, errors: { a_reason_3: "Ghi lý do Hội đồng chọn QN-03 cho Giải Hội đồng." } });
    const ok = checkAssignment(prizes, list, [{ entryId: 3, prizeCode: "HD", reason: "Mẫu mã sáng tạo, dùng nguyên liệu tái chế" }]);
    expect(ok.ok && ok.awards.find((a) => a.entryId === 3)).toEqual({ entryId: 3, prizeCode: "HD", reason: "Mẫu mã sáng tạo, dùng nguyên liệu tái chế" });
  });

  it("departing from the rank proposal needs a reason; too many of a prize, an unknown prize or an entry not recognised are refused", () => {
    expect(checkAssignment(prizes, list, [{ entryId: 2, prizeCode: null, reason: "" }])).toMatchObject({ ok: false, errors: { a_reason_2: "QN-02 theo thứ hạng nhận Giải B: ghi lý do nếu Hội đồng trao khác." } });
    expect(checkAssignment(prizes, list, [{ entryId: 3, prizeCode: "A", reason: "Lý do" }])).toMatchObject({ ok: false, message: "Giải A chỉ có 1 giải nhưng đang trao cho 2 sản phẩm." });
    expect(checkAssignment(prizes, list, [{ entryId: 3, prizeCode: "Z", reason: "x" }])).toMatchObject({ ok: false, errors: { a_prize_3: 'Giải "Z" không có trong bảng giải thưởng đã công bố.' } });
    expect(checkAssignment(prizes, list, [{ entryId: 4, prizeCode: "HD", reason: "x" }])).toMatchObject({ ok: false, errors: { a_prize_4: "QN-04 không được công nhận nên không nhận giải." } });
  });

  it("a tie across a boundary blocks every assignment", () => {
    const r = checkAssignment(prizes, [entry(1, 1), entry(2, 1)], [{ entryId: 1, prizeCode: "A", reason: "x" }]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^QN-01, QN-02 cùng xếp hạng 1/);
  });
});

describe("amounts in words", () => {
  it("reads đồng amounts in Vietnamese, first letter capitalised", () => {
    expect(amountInWords(1_500_000)).toBe("Một triệu năm trăm nghìn đồng");
    expect(amountInWords(5_000_000)).toBe("Năm triệu đồng");
    expect(amountInWords(500_000)).toBe("Năm trăm nghìn đồng");
    expect(amountInWords(0)).toBe("Không đồng");
    expect(amountInWords(40_000_000)).toBe("Bốn mươi triệu đồng");
    expect(() => amountInWords(-1)).toThrow(RangeError);
  });
});
