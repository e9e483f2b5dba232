/**
 * The pure reminder schedule with a fake clock: which reminders are due on which day, with stable
 * keys, the right recipients and Vietnamese texts (app/modules/reminders/schedule.ts).
 */
import { describe, expect, it } from "vitest";
import { daysBetween, dueReminders, manualJudgeKey, stageDeadline, thresholdFor, type ReminderSnapshot } from "~/modules/reminders/schedule";

/** 09:00 in Vietnam on that day (02:00 UTC). */
const at = (day: string, hourVn = 9) => new Date(Date.parse(`${day}T00:00:00Z`) + (hourVn - 7) * 3_600_000);

function snapshot(over: Partial<ReminderSnapshot> = {}): ReminderSnapshot {
  return {
    holidays: [],
    intakeRounds: [
      {
        id: 7,
        title: "Bình chọn cấp xã Phù Lãng 2026",
        registrationClosesOn: "2026-12-10", // a Thursday
        producers: [
          { establishmentId: 3, userIds: ["u-b", "u-a"], products: [{ entryId: 31, name: "Bình gốm men lam" }] },
          { establishmentId: 4, userIds: ["u-c"], products: [{ entryId: 41, name: "Tranh sơn mài" }, { entryId: 42, name: "Khay sơn mài" }] },
          { establishmentId: 5, userIds: [], products: [{ entryId: 51, name: "Không ai nhận" }] },
        ],
      },
    ],
    scoringRounds: [
      {
        id: 12,
        title: "Bình chọn tỉnh Bắc Ninh 2026",
        stage: 1,
        scoringStages: 1,
        deadline: "2026-12-20",
        judges: [
          { memberId: 5, userId: "j-5", fullName: "Phạm Văn Khải", notStarted: 2, draft: 1 },
          { memberId: 6, userId: "j-6", fullName: "Đỗ Thị Lan", notStarted: 0, draft: 0 },
          { memberId: 7, userId: null, fullName: "Chưa có tài khoản", notStarted: 4, draft: 0 },
        ],
      },
    ],
    waitingEntries: [
      {
        entryId: 88,
        roundId: 12,
        roundTitle: "Bình chọn tỉnh Bắc Ninh 2026",
        dossierNo: "HS2026-12-0001",
        productName: "Nón lá",
        establishmentName: "HTX Nón lá",
        answerBy: "2026-12-07", // a Monday
        organizerUserIds: ["o-1", "o-2"],
      },
    ],
    ...over,
  };
}

const keys = (now: Date, s = snapshot()) => dueReminders(s, now).map((r) => r.key);

describe("thresholds", () => {
  it("3 while 3 or 2 days are left, 1 while 1 or 0, none before or after", () => {
    expect([5, 4, 3, 2, 1, 0, -1].map((d) => thresholdFor(d))).toEqual([null, null, 3, 3, 1, 1, null]);
    expect(daysBetween("2026-12-31", "2027-01-02")).toBe(2);
    expect(daysBetween("2026-12-10", "2026-12-07")).toBe(-3);
  });

  it("the stage's deadline: stage 2 is direct scoring; one stage ends with the later date", () => {
    expect(stageDeadline({ scoringStages: 2, dossierScoringTo: "2026-11-30", directScoringTo: "2026-12-20" }, 1)).toBe("2026-11-30");
    expect(stageDeadline({ scoringStages: 2, dossierScoringTo: "2026-11-30", directScoringTo: "2026-12-20" }, 2)).toBe("2026-12-20");
    expect(stageDeadline({ scoringStages: 1, dossierScoringTo: "2026-11-30", directScoringTo: "2026-11-20" }, 1)).toBe("2026-11-30");
    expect(stageDeadline({ scoringStages: 1, dossierScoringTo: null, directScoringTo: null }, 1)).toBeNull();
  });
});

describe("producers with an unsubmitted dossier", () => {
  const only = (now: Date) => dueReminders(snapshot({ scoringRounds: [], waitingEntries: [] }), now);

  it("nothing 4 days before; the 3-day reminder on days 3 and 2, the 1-day one on days 1 and 0; nothing after", () => {
    expect(only(at("2026-12-06"))).toEqual([]);
    const d3 = ["producer-intake-closing:round:7:establishment:3:2026-12-10:d3", "producer-intake-closing:round:7:establishment:4:2026-12-10:d3"];
    expect(only(at("2026-12-07")).map((r) => r.key)).toEqual(d3);
    expect(only(at("2026-12-08")).map((r) => r.key)).toEqual(d3);
    const d1 = d3.map((k) => k.replace(":d3", ":d1"));
    expect(only(at("2026-12-09")).map((r) => r.key)).toEqual(d1);
    expect(only(at("2026-12-10", 23)).map((r) => r.key)).toEqual(d1);
    expect(only(at("2026-12-11"))).toEqual([]);
  });

  it("the day is Vietnam's: 18:00 UTC on the 6th is already the 7th in Vietnam", () => {
    expect(only(new Date("2026-12-06T16:59:00Z"))).toEqual([]);
    expect(only(new Date("2026-12-06T17:00:00Z"))).toHaveLength(2);
  });

  it("one reminder per establishment, to all its members, naming its unsubmitted products", () => {
    const [one, two] = only(at("2026-12-07"));
    expect(one).toMatchObject({ kind: "producer-intake-closing", roundId: 7, userId: null, recipients: ["u-a", "u-b"], link: "/co-so/du-thi/31" });
    expect(one!.title).toBe("Sắp hết hạn đăng ký (còn 3 ngày): Bình chọn cấp xã Phù Lãng 2026");
    expect(one!.body).toContain("đến hết ngày 10/12/2026 (còn 3 ngày)");
    expect(one!.body).toContain('Hồ sơ "Bình gốm men lam" của cơ sở chưa được nộp');
    expect(two).toMatchObject({ recipients: ["u-c"], link: "/co-so" });
    expect(two!.body).toContain('2 hồ sơ "Tranh sơn mài", "Khay sơn mài"');
    expect(only(at("2026-12-09"))[0]!.title).toBe("Sắp hết hạn đăng ký (ngày mai): Bình chọn cấp xã Phù Lãng 2026");
    expect(only(at("2026-12-10"))[0]!.title).toBe("Hôm nay hết hạn đăng ký: Bình chọn cấp xã Phù Lãng 2026");
  });

  it("a round without a closing date reminds nobody", () => {
    const s = snapshot({ scoringRounds: [], waitingEntries: [] });
    s.intakeRounds[0]!.registrationClosesOn = null;
    expect(dueReminders(s, at("2026-12-09"))).toEqual([]);
  });
});

describe("judges with unsubmitted sheets", () => {
  const only = (now: Date, over: Partial<ReminderSnapshot["scoringRounds"][number]> = {}) =>
    dueReminders(snapshot({ intakeRounds: [], waitingEntries: [], scoringRounds: [{ ...snapshot().scoringRounds[0]!, ...over }] }), now);

  it("3 and 1 days before the deadline, only judges with an account and sheets left, saying how many", () => {
    expect(only(at("2026-12-16"))).toEqual([]);
    const [r] = only(at("2026-12-17"));
    expect(r).toMatchObject({ key: "judge-scoring-deadline:round:12:member:5:s1:2026-12-20:d3", userId: "j-5", recipients: ["j-5"], link: "/giam-khao/vong/12" });
    expect(r!.body).toBe(
      'Ông/bà còn 3 phiếu chấm chưa nộp trong "Bình chọn tỉnh Bắc Ninh 2026" (2 chưa chấm, 1 phiếu nháp chưa nộp). Hạn chấm: hết ngày 20/12/2026 (còn 3 ngày). Phiếu nháp chỉ được tính khi đã nộp.',
    );
    expect(only(at("2026-12-19")).map((x) => x.key)).toEqual(["judge-scoring-deadline:round:12:member:5:s1:2026-12-20:d1"]);
    expect(only(at("2026-12-21"))).toEqual([]);
  });

  it("the key names the stage: stage 2 of a two-stage round is reminded again", () => {
    const r = only(at("2026-12-19"), { stage: 2, scoringStages: 2 });
    expect(r[0]!.key).toBe("judge-scoring-deadline:round:12:member:5:s2:2026-12-20:d1");
    expect(r[0]!.body).toContain("(đợt 2)");
  });

  it("a deadline moved later is a new countdown: new keys", () => {
    expect(only(at("2026-12-26"), { deadline: "2026-12-27" }).map((x) => x.key)).toEqual(["judge-scoring-deadline:round:12:member:5:s1:2026-12-27:d1"]);
  });

  it("no deadline, no reminder", () => {
    expect(only(at("2026-12-19"), { deadline: null })).toEqual([]);
  });
});

describe("organizers with a dossier waiting", () => {
  const only = (now: Date, holidays: string[] = []) => dueReminders(snapshot({ intakeRounds: [], scoringRounds: [], holidays }), now);

  it("1 working day before the answer-by date (Friday for a Monday), and on the day itself", () => {
    expect(only(at("2026-12-03"))).toEqual([]); // Thursday: 2 working days before
    const [r] = only(at("2026-12-04")); // Friday
    expect(r).toMatchObject({ key: "organizer-answer-by:entry:88:2026-12-07:d1", recipients: ["o-1", "o-2"], link: "/to-chuc/vong/12/ho-so/88" });
    expect(r!.title).toBe("Sắp đến hạn trả lời hồ sơ HS2026-12-0001");
    expect(r!.body).toContain("Hạn trả lời cơ sở là ngày 07/12/2026");
    expect(only(at("2026-12-07"))[0]!.body).toContain("Hạn trả lời cơ sở là hôm nay");
    expect(only(at("2026-12-08"))).toEqual([]);
  });

  it("holidays are not working days", () => {
    // Friday the 4th a holiday: Thursday is then the working day before Monday.
    expect(only(at("2026-12-03"), ["2026-12-04"])).toHaveLength(1);
  });

  it("a new answer-by date (dossier submitted again) is a new key", () => {
    const s = snapshot({ intakeRounds: [], scoringRounds: [] });
    s.waitingEntries[0]!.answerBy = "2026-12-15";
    expect(keys(at("2026-12-14"), s)).toEqual(["organizer-answer-by:entry:88:2026-12-15:d1"]);
  });
});

it("all kinds together, sorted by key; the manual key is per member, stage and Vietnam day", () => {
  const s = snapshot();
  s.intakeRounds[0]!.registrationClosesOn = "2026-12-19";
  expect(keys(at("2026-12-18"), s)).toEqual([
    "judge-scoring-deadline:round:12:member:5:s1:2026-12-20:d3",
    "producer-intake-closing:round:7:establishment:3:2026-12-19:d1",
    "producer-intake-closing:round:7:establishment:4:2026-12-19:d1",
  ]);
  expect(manualJudgeKey(12, 5, 1, new Date("2026-12-18T16:59:00Z"))).toBe("judge-manual:round:12:member:5:s1:2026-12-18");
  expect(manualJudgeKey(12, 5, 1, new Date("2026-12-18T17:00:00Z"))).toBe("judge-manual:round:12:member:5:s1:2026-12-19");
});
