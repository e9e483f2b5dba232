import { describe, expect, it } from "vitest";
import { canMoveRound, frozenChanges, RoundSettingsSchema, roundTransitionProblems } from "~/modules/rounds/rounds";

const good = {
  title: "Bình chọn sản phẩm CNNT tiêu biểu tỉnh Bắc Ninh năm 2027",
  year: "2027",
  rules: "",
  registrationOpensOn: "2027-03-01",
  registrationClosesOn: "2027-04-30",
  dossierScoringFrom: "2027-05-05",
  dossierScoringTo: "2027-05-20",
  directScoringFrom: "",
  directScoringTo: "",
  councilMeetingOn: "2027-06-01",
  announcementOn: "2027-06-15",
  passMarkTenths: "70",
  recognitionCap: "",
  scoringStages: "1",
  certificateValidityMonths: "36",
  tieBreak: "I,II,vote",
  discrepancyToleranceTenths: "15",
  minJudgesPerEntry: "3",
  intakeAnswerWorkingDays: "3",
  requiredDocumentTypes: [],
  certificateNumberPattern: "{seq}/GCN-SCT-{year}",
};

const errorsOf = (input: Record<string, unknown>) => {
  const r = RoundSettingsSchema.safeParse(input);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
};

describe("round settings", () => {
  it("accepts good settings, with points in tenths and a decimal comma", () => {
    const r = RoundSettingsSchema.parse({ ...good, passMarkTenths: "72,5", recognitionCap: "15" });
    expect(r.passMarkTenths).toBe(725);
    expect(r.recognitionCap).toBe(15);
    expect(r.discrepancyToleranceTenths).toBe(150);
    expect(r.directScoringFrom).toBeNull();
  });
  it("refuses an impossible timeline with a message on the later field", () => {
    const e = errorsOf({ ...good, registrationClosesOn: "2027-02-01", announcementOn: "2027-05-01" });
    expect(e.registrationClosesOn).toBe("Ngày đóng nhận hồ sơ phải sau ngày mở.");
    expect(e.announcementOn).toBe("Công bố kết quả sau khi Hội đồng họp.");
  });
  it("refuses a pass mark over 100, bad numbers and a cap of zero", () => {
    expect(errorsOf({ ...good, passMarkTenths: "101" }).passMarkTenths).toBe("Điểm đạt phải từ 0 đến 100 điểm.");
    expect(errorsOf({ ...good, passMarkTenths: "bảy mươi" }).passMarkTenths).toMatch(/phải là số/);
    expect(errorsOf({ ...good, passMarkTenths: "70.25" }).passMarkTenths).toMatch(/một chữ số thập phân/);
    expect(errorsOf({ ...good, recognitionCap: "0" }).recognitionCap).toMatch(/từ 1 trở lên/);
    expect(errorsOf({ ...good, minJudgesPerEntry: "0" }).minJudgesPerEntry).toMatch(/tối thiểu là 1/);
    expect(errorsOf({ ...good, certificateNumberPattern: "GCN-2027" }).certificateNumberPattern).toMatch(/\{seq\}/);
    expect(errorsOf({ ...good, registrationOpensOn: "2027-02-30x" }).registrationOpensOn).toMatch(/không hợp lệ/);
  });
});

describe("round status", () => {
  it("follows the table", () => {
    expect(canMoveRound("draft", "open")).toBe(true);
    expect(canMoveRound("draft", "scoring")).toBe(false);
    expect(canMoveRound("open", "intake_closed")).toBe(true);
    expect(canMoveRound("intake_closed", "scoring")).toBe(true);
    expect(canMoveRound("scoring", "open")).toBe(false);
    expect(canMoveRound("published", "scoring")).toBe(false);
    expect(canMoveRound("published", "archived")).toBe(true);
  });
  it("guards opening and scoring", () => {
    const base = { registrationOpensOn: "2027-03-01", registrationClosesOn: "2027-04-30", acceptedEntries: 5, pendingIntake: 0, judges: 3, minJudges: 3 };
    expect(roundTransitionProblems("open", { ...base, registrationClosesOn: null })).toHaveLength(1);
    expect(roundTransitionProblems("scoring", base)).toEqual([]);
    expect(roundTransitionProblems("scoring", { ...base, pendingIntake: 2, judges: 2 })).toEqual([
      "Còn 2 hồ sơ chưa xử lý tiếp nhận (đã nộp hoặc đang chờ bổ sung).",
      "Hội đồng mới có 2 giám khảo, cần ít nhất 3.",
    ]);
  });
  it("freezes score-changing settings once scoring started, not before", () => {
    const before = { passMarkTenths: 700, recognitionCap: null, tieBreak: ["I", "II", "vote"], title: "A" };
    const after = { ...before, passMarkTenths: 650, title: "B" };
    expect(frozenChanges("open", before, after)).toEqual([]);
    expect(frozenChanges("scoring", before, after)).toEqual(["passMarkTenths"]);
    expect(frozenChanges("scoring", before, { ...before, title: "Tên mới" })).toEqual([]);
  });
});
