import { describe, expect, it } from "vitest";
import { isCalendarDate } from "~/lib/dates";
import { RoundSettingsSchema } from "~/modules/rounds/rounds";

describe("calendar dates", () => {
  it("accepts real dates written YYYY-MM-DD", () => {
    for (const d of ["2026-01-01", "2024-02-29", "2026-12-31", "2026-04-30", "1900-01-01", "2999-12-31"]) expect(isCalendarDate(d), d).toBe(true);
  });
  it("refuses days that do not exist (Date.parse accepts some of them) and other shapes", () => {
    for (const d of ["2026-02-29", "2026-02-30", "2026-02-31", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00", "2026-01-32", "0000-01-01", "9999-12-31", "2026-1-1", "01/07/2026", " 2026-01-01", "2026-01-01T00:00:00Z", ""]) {
      expect(isCalendarDate(d), d).toBe(false);
    }
  });
  it("a round's dates must exist (found by the fuzz suite: 2027-02-31 was stored)", () => {
    const r = RoundSettingsSchema.safeParse({ title: "Kỳ bình chọn thử nghiệm", year: "2027", registrationOpensOn: "2027-02-31", passMarkTenths: "70", scoringStages: "1", certificateValidityMonths: "36", tieBreak: "vote", discrepancyToleranceTenths: "15", minJudgesPerEntry: "3", intakeAnswerWorkingDays: "3", certificateNumberPattern: "{seq}" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["registrationOpensOn"]);
  });
});
