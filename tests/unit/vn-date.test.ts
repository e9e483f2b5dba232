import { describe, expect, it } from "vitest";
import { DATE_INPUT_MESSAGE, formatDate, isCalendarDate, parseVnDate, toDateInput } from "~/lib/dates";
import { RoundSettingsSchema } from "~/modules/rounds/rounds";
import { dateProblem } from "~/ui/DateField";

describe("parseVnDate: dates as people in Vietnam type them", () => {
  it("reads day/month/year, with or without leading zeros", () => {
    expect(parseVnDate("05/09/2026")).toBe("2026-09-05");
    expect(parseVnDate("5/9/2026")).toBe("2026-09-05");
    expect(parseVnDate("31/12/2026")).toBe("2026-12-31");
    expect(parseVnDate(" 29/02/2024 ")).toBe("2024-02-29");
  });
  it("never reads month/day/year: 09/05/2026 is 9 May, 12/31/2026 is nothing", () => {
    expect(parseVnDate("09/05/2026")).toBe("2026-05-09");
    expect(parseVnDate("12/31/2026")).toBeNull();
  });
  it("takes the separators a phone's number pad has, and eight digits", () => {
    expect(parseVnDate("05.09.2026")).toBe("2026-09-05");
    expect(parseVnDate("05-09-2026")).toBe("2026-09-05");
    expect(parseVnDate("05 09 2026")).toBe("2026-09-05");
    expect(parseVnDate("05092026")).toBe("2026-09-05");
    expect(parseVnDate("０５/０９/２０２６")).toBe("2026-09-05"); // full-width digits of some keyboards
  });
  it("still reads ISO dates (the API, older forms, links)", () => {
    expect(parseVnDate("2026-09-05")).toBe("2026-09-05");
    expect(parseVnDate("2026-9-5")).toBe("2026-09-05");
  });
  it("refuses days that do not exist", () => {
    for (const s of ["31/02/2026", "29/02/2026", "30/02/2024", "31/04/2026", "00/01/2026", "01/00/2026", "01/13/2026", "32/01/2026", "2026-02-31", "2026-13-01"]) {
      expect(parseVnDate(s), s).toBeNull();
    }
  });
  it("refuses years out of range and other shapes", () => {
    for (const s of ["01/01/1899", "31/12/3000", "01/01/0000", "01/01/26", "1/1/202", "05/09/20266", "5/9", "hôm nay", "2026/09/05", "05/09/2026 10:00", "", "   "]) {
      expect(parseVnDate(s), s).toBeNull();
    }
    expect(parseVnDate(null)).toBeNull();
    expect(parseVnDate(undefined)).toBeNull();
    expect(parseVnDate("01/01/1900")).toBe("1900-01-01");
    expect(parseVnDate("31/12/2999")).toBe("2999-12-31");
  });
  it("round-trips with what the field shows", () => {
    for (const iso of ["2026-09-05", "2024-02-29", "1900-01-01"]) {
      expect(parseVnDate(toDateInput(iso))).toBe(iso);
      expect(toDateInput(iso)).toBe(formatDate(iso));
    }
    expect(toDateInput("")).toBe("");
    expect(toDateInput(null)).toBe("");
    expect(toDateInput("31/02/2026")).toBe("31/02/2026"); // a refused value is shown back as typed
  });
  it("leaves the existing exports unchanged", () => {
    expect(isCalendarDate("01/07/2026")).toBe(false);
    expect(isCalendarDate("2026-07-01")).toBe(true);
    expect(formatDate("2026-11-23")).toBe("23/11/2026");
  });
});

describe("the date field's own check (shown by the browser on submit)", () => {
  it("says what to do", () => {
    expect(dateProblem("")).toBe("");
    expect(dateProblem("05/09/2026")).toBe("");
    expect(dateProblem("31/02/2026")).toBe(DATE_INPUT_MESSAGE);
    expect(DATE_INPUT_MESSAGE).toBe("Ngày không hợp lệ, nhập theo dạng ngày/tháng/năm, ví dụ 05/09/2026.");
    expect(dateProblem("05/09/2026", "2026-10-01")).toBe("Ngày không được trước 01/10/2026.");
    expect(dateProblem("05/09/2026", undefined, "2026-09-01")).toBe("Ngày không được sau 01/09/2026.");
  });
});

describe("round settings read dd/mm/yyyy", () => {
  const base = {
    title: "Bình chọn sản phẩm CNNT tiêu biểu tỉnh Bắc Ninh năm 2027",
    year: "2027",
    passMarkTenths: "70",
    scoringStages: "1",
    certificateValidityMonths: "36",
    tieBreak: "vote",
    discrepancyToleranceTenths: "15",
    minJudgesPerEntry: "3",
    intakeAnswerWorkingDays: "3",
    certificateNumberPattern: "{seq}",
  };
  it("stores ISO whichever way the date was written", () => {
    const r = RoundSettingsSchema.parse({ ...base, registrationOpensOn: "1/3/2027", registrationClosesOn: "2027-04-30" });
    expect(r.registrationOpensOn).toBe("2027-03-01");
    expect(r.registrationClosesOn).toBe("2027-04-30");
  });
  it("orders dates by the day, not by the text (01/05 is after 30/04)", () => {
    expect(RoundSettingsSchema.safeParse({ ...base, registrationOpensOn: "30/04/2027", registrationClosesOn: "01/05/2027" }).success).toBe(true);
    const bad = RoundSettingsSchema.safeParse({ ...base, registrationOpensOn: "01/05/2027", registrationClosesOn: "30/04/2027" });
    expect(bad.success).toBe(false);
  });
  it("asks for an empty title and an empty number instead of calling them too short", () => {
    const r = RoundSettingsSchema.safeParse({ ...base, title: "  ", year: "", passMarkTenths: "" });
    const msg = Object.fromEntries((r.success ? [] : r.error.issues).map((i) => [i.path.join("."), i.message]));
    expect(msg.title).toBe("Vui lòng nhập tên kỳ bình chọn.");
    expect(msg.year).toBe("Vui lòng nhập năm.");
    expect(msg.passMarkTenths).toBe("Vui lòng nhập điểm đạt.");
    const short = RoundSettingsSchema.safeParse({ ...base, title: "Abc" });
    expect(short.success ? "" : short.error.issues[0]!.message).toMatch(/^Tên kỳ bình chọn cần ít nhất 5 ký tự/);
  });
  it("reads the three settings of issue 13, keeping absent numbers undefined", () => {
    const r = RoundSettingsSchema.parse({ ...base, releaseComments: "1", complaintWindowWorkingDays: "15", complaintAnswerDays: "45" });
    expect([r.releaseComments, r.complaintWindowWorkingDays, r.complaintAnswerDays]).toEqual([true, 15, 45]);
    const d = RoundSettingsSchema.parse(base);
    expect([d.releaseComments, d.complaintWindowWorkingDays, d.complaintAnswerDays]).toEqual([false, undefined, undefined]);
    const bad = RoundSettingsSchema.safeParse({ ...base, complaintWindowWorkingDays: "61", complaintAnswerDays: "" });
    const msg = Object.fromEntries((bad.success ? [] : bad.error.issues).map((i) => [i.path.join("."), i.message]));
    expect(msg.complaintWindowWorkingDays).toBe("Thời hạn khiếu nại (ngày làm việc) tối đa là 60.");
    expect(msg.complaintAnswerDays).toBe("Vui lòng nhập thời hạn trả lời khiếu nại (ngày).");
  });
});
