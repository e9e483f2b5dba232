import { describe, expect, it } from "vitest";
import { daysBetween, dueText, formatCount, organizerTodos, roundTodos, scoringDeadline, type RoundSnapshot } from "~/modules/dashboard/todos";

const TODAY = "2026-11-30";

function round(over: Partial<RoundSnapshot> = {}): RoundSnapshot {
  return {
    id: 7,
    title: "Bình chọn sản phẩm CNNT tiêu biểu tỉnh Bắc Ninh năm 2026",
    level: "province",
    status: "draft",
    scoringStages: 1,
    minJudgesPerEntry: 3,
    registrationOpensOn: "2026-07-01",
    registrationClosesOn: "2026-08-31",
    dossierScoringFrom: "2026-10-01",
    dossierScoringTo: "2026-11-30",
    directScoringFrom: null,
    directScoringTo: null,
    councilMeetingOn: "2026-12-05",
    announcementOn: "2026-12-15",
    entries: {},
    intake: { waiting: 0, overdue: 0, earliestAnswerBy: null },
    council: { exists: false, judges: 0, judgesWithoutAccount: 0 },
    scoring: null,
    verdictsMissing: 0,
    recognised: 0,
    hasDecision: false,
    certificatesToIssue: 0,
    certificatesWithoutDecision: 0,
    nominations: [],
    ...over,
  };
}

const kinds = (r: RoundSnapshot, today = TODAY) => roundTodos(r, today).map((t) => t.kind);

describe("formatting", () => {
  it("writes numbers and due dates Vietnamese-style", () => {
    expect(formatCount(1234567)).toBe("1.234.567");
    expect(formatCount(12)).toBe("12");
    expect(daysBetween("2026-11-30", "2026-12-03")).toBe(3);
    expect(dueText("2026-11-30", TODAY)).toBe("hạn hôm nay (30/11/2026)");
    expect(dueText("2026-12-02", TODAY)).toBe("hạn 02/12/2026, còn 2 ngày");
    expect(dueText("2026-11-27", TODAY)).toBe("hạn 27/11/2026, quá hạn 3 ngày");
  });

  it("takes the scoring deadline of the stage", () => {
    expect(scoringDeadline({ scoringStages: 1, dossierScoringTo: "2026-11-30", directScoringTo: "2026-11-20" }, 1)).toBe("2026-11-30");
    expect(scoringDeadline({ scoringStages: 1, dossierScoringTo: null, directScoringTo: "2026-12-20" }, 1)).toBe("2026-12-20");
    expect(scoringDeadline({ scoringStages: 2, dossierScoringTo: "2026-11-30", directScoringTo: "2026-12-20" }, 1)).toBe("2026-11-30");
    expect(scoringDeadline({ scoringStages: 2, dossierScoringTo: "2026-11-30", directScoringTo: "2026-12-20" }, 2)).toBe("2026-12-20");
    expect(scoringDeadline({ scoringStages: 1, dossierScoringTo: null, directScoringTo: null }, 1)).toBeNull();
  });
});

describe("a round's to-dos through its life", () => {
  it("draft: finish the set-up and open, naming the missing dates", () => {
    const [t] = roundTodos(round({ registrationOpensOn: null }), TODAY);
    expect(t).toMatchObject({ kind: "setup", link: "/to-chuc/vong/7/thiet-lap", severity: "now" });
    expect(t!.detail).toContain("Cần đặt ngày mở và ngày đóng nhận hồ sơ");
    const late = roundTodos(round({ registrationOpensOn: "2026-11-01", registrationClosesOn: "2026-12-31" }), TODAY)[0]!;
    expect(late).toMatchObject({ overdue: true, severity: "overdue", due: "2026-11-01" });
  });

  it("open: intake in progress until the closing date, then close it", () => {
    const open = round({ status: "open", registrationClosesOn: "2026-12-20", entries: { submitted: 2, accepted: 1240, draft: 3 } });
    const [t] = roundTodos(open, TODAY);
    expect(t).toMatchObject({ kind: "intake_open", severity: "info", due: "2026-12-20", link: "/to-chuc/vong/7/ho-so" });
    expect(t!.title).toBe("Đang nhận hồ sơ đến 20/12/2026: 1.242 hồ sơ đã nộp");
    // Within three days: soon.
    expect(roundTodos({ ...open, registrationClosesOn: "2026-12-02" }, TODAY)[0]!.severity).toBe("soon");
    const passed = roundTodos({ ...open, registrationClosesOn: "2026-11-29" }, TODAY).find((x) => x.kind === "close_intake")!;
    expect(passed).toMatchObject({ link: "/to-chuc/vong/7/thiet-lap", overdue: true, severity: "overdue" });
  });

  it("dossiers waiting for the intake answer, overdue ones first with their filter", () => {
    const r = round({ status: "open", registrationClosesOn: "2026-12-20", intake: { waiting: 5, overdue: 2, earliestAnswerBy: "2026-11-25" } });
    const t = roundTodos(r, TODAY).find((x) => x.kind === "intake_answer")!;
    expect(t.title).toBe("2 hồ sơ quá hạn trả lời tiếp nhận (trong 5 hồ sơ đang chờ)");
    expect(t).toMatchObject({ link: "/to-chuc/vong/7/ho-so?qua_han=1", overdue: true, severity: "overdue" });
    const fresh = roundTodos({ ...r, intake: { waiting: 3, overdue: 0, earliestAnswerBy: "2026-12-03" } }, TODAY).find((x) => x.kind === "intake_answer")!;
    expect(fresh).toMatchObject({ title: "Trả lời 3 hồ sơ đang chờ tiếp nhận", link: "/to-chuc/vong/7/ho-so?trang_thai=submitted", overdue: false, severity: "now" });
  });

  it("intake closed: council, invitations, assignment, then start scoring (or why not)", () => {
    const noCouncil = round({ status: "intake_closed", entries: { accepted: 4 } });
    expect(kinds(noCouncil)).toEqual(["council", "start_scoring"]);
    const start = roundTodos(noCouncil, TODAY).find((t) => t.kind === "start_scoring")!;
    expect(start.title).toBe("Chưa bắt đầu chấm điểm được");
    expect(start.detail).toContain("Hội đồng mới có 0 giám khảo, cần ít nhất 3.");
    const ready = round({
      status: "intake_closed",
      dossierScoringFrom: "2026-12-10",
      entries: { accepted: 4 },
      council: { exists: true, judges: 3, judgesWithoutAccount: 1 },
      scoring: { stage: 1, closed: false, assigned: 10, submitted: 0, entries: 4, understaffed: 2, behind: [] },
    });
    expect(kinds(ready)).toEqual(["invitations", "assignment", "start_scoring"]);
    const todos = roundTodos(ready, TODAY);
    expect(todos[0]).toMatchObject({ link: "/to-chuc/vong/7/hoi-dong", title: "1 giám khảo chưa nhận lời mời (chưa có tài khoản)" });
    expect(todos[1]).toMatchObject({ link: "/to-chuc/vong/7/phan-cong", title: "2 sản phẩm chưa đủ 3 giám khảo chấm" });
    expect(todos[2]).toMatchObject({ title: "Bắt đầu chấm điểm 4 hồ sơ hợp lệ", severity: "now", link: "/to-chuc/vong/7/thiet-lap", due: "2026-12-10" });
  });

  const scoring = (over: Partial<NonNullable<RoundSnapshot["scoring"]>> = {}, r: Partial<RoundSnapshot> = {}) =>
    round({
      status: "scoring",
      council: { exists: true, judges: 3, judgesWithoutAccount: 0 },
      scoring: { stage: 1, closed: false, assigned: 60, submitted: 48, entries: 20, understaffed: 0, behind: [{ name: "Đỗ Thị Lan", missing: 7 }, { name: "Vũ Đình Nam", missing: 5 }], ...over },
      ...r,
    });

  it("scoring: judges behind by name, with the deadline", () => {
    const [t, ...rest] = roundTodos(scoring({}, { dossierScoringTo: "2026-12-01" }), TODAY);
    expect(rest).toEqual([]);
    expect(t).toMatchObject({ kind: "sheets_missing", link: "/to-chuc/vong/7/tien-do", due: "2026-12-01", severity: "soon", overdue: false });
    expect(t!.title).toBe("Còn 12 phiếu chấm chưa nộp của 2 giám khảo");
    expect(t!.detail).toBe("Đỗ Thị Lan (7), Vũ Đình Nam (5). Đã nộp 48/60 phiếu.");
  });

  it("scoring: a stage is ready to close when every sheet is in, or once the deadline has passed", () => {
    const done = roundTodos(scoring({ submitted: 60, behind: [] }, { dossierScoringTo: "2026-12-20" }), TODAY);
    expect(done.map((t) => t.kind)).toEqual(["close_stage"]);
    expect(done[0]).toMatchObject({ title: "Khóa vòng chấm và tính kết quả: đã nộp đủ 60 phiếu", link: "/to-chuc/vong/7/ket-qua", severity: "now" });
    const late = roundTodos(scoring({}, { dossierScoringTo: "2026-11-28" }), TODAY);
    expect(late.map((t) => t.kind)).toEqual(["sheets_missing", "close_stage"]);
    expect(late[0]).toMatchObject({ overdue: true, severity: "overdue" });
    expect(late[1]!.title).toBe("Đã qua hạn chấm: khóa vòng chấm (còn 12 phiếu chưa nộp, cần ghi lý do)");
    // Not yet: sheets missing and time left.
    expect(kinds(scoring({}, { dossierScoringTo: "2026-12-20" }))).toEqual(["sheets_missing"]);
    // A closed stage has nothing left.
    expect(kinds(scoring({ closed: true }))).toEqual([]);
  });

  it("two stages: the second stage links to its own progress", () => {
    const t = roundTodos(scoring({ stage: 2 }, { scoringStages: 2, dossierScoringTo: "2026-11-01", directScoringTo: "2026-12-20" }), TODAY);
    expect(t.map((x) => [x.kind, x.link, x.due])).toEqual([["sheets_missing", "/to-chuc/vong/7/tien-do?dot=2", "2026-12-20"]]);
  });

  it("results review: verdicts, the decision, then publish", () => {
    const review = round({ status: "results_review", verdictsMissing: 3, recognised: 0 });
    expect(kinds(review)).toEqual(["verdicts"]);
    expect(roundTodos(review, TODAY)[0]).toMatchObject({ title: "Ghi quyết định của Hội đồng cho 3 sản phẩm", link: "/to-chuc/vong/7/ket-qua", due: "2026-12-05" });
    expect(kinds({ ...review, verdictsMissing: 0, recognised: 12 })).toEqual(["decision"]);
    const publish = roundTodos({ ...review, verdictsMissing: 0, recognised: 12, hasDecision: true }, TODAY);
    expect(publish).toMatchObject([{ kind: "publish", title: "Công bố kết quả: 12 sản phẩm được công nhận", link: "/to-chuc/vong/7/ket-qua", due: "2026-12-15" }]);
    // Nothing recognised: publishing needs no decision.
    expect(kinds({ ...review, verdictsMissing: 0 })).toEqual(["publish"]);
  });

  it("published: certificates to issue and nominations due to the level above", () => {
    const pub = round({
      status: "published",
      certificatesToIssue: 12,
      nominations: [
        { targetId: 9, targetTitle: "Bình chọn cấp khu vực phía Bắc năm 2026", closesOn: "2026-12-10", candidates: 5 },
        { targetId: 10, targetTitle: "Đã đề cử hết", closesOn: "2026-12-10", candidates: 0 },
      ],
    });
    const t = roundTodos(pub, TODAY);
    expect(t.map((x) => [x.kind, x.link])).toEqual([
      ["certificates", "/to-chuc/vong/7/chung-nhan"],
      ["nominations", "/to-chuc/vong/7/de-cu"],
    ]);
    expect(t[0]!.title).toBe("Cấp 12 giấy chứng nhận");
    expect(t[1]!.title).toBe("Đề cử lên cấp trên: 5 sản phẩm còn hiệu lực chưa đề cử");
    expect(t[1]!.detail).toBe("Vào “Bình chọn cấp khu vực phía Bắc năm 2026”, nhận hồ sơ đến 10/12/2026.");
    expect(kinds(round({ status: "published" }))).toEqual([]);
    expect(kinds(round({ status: "archived" }))).toEqual([]);
  });
});

describe("the list", () => {
  it("orders overdue first, then to do now, soon and in progress, by due date", () => {
    const a = round({ id: 1, status: "open", registrationClosesOn: "2026-12-20" }); // info
    const b = round({ id: 2, status: "draft", registrationOpensOn: "2026-11-01" }); // overdue
    const c = round({ id: 3, status: "published", certificatesToIssue: 2 }); // now, no date
    const d = round({ id: 4, status: "results_review", verdictsMissing: 1, councilMeetingOn: "2026-12-03" }); // now, dated
    const list = organizerTodos([a, b, c, d], TODAY);
    expect(list.map((t) => [t.roundId, t.severity])).toEqual([
      [2, "overdue"],
      [4, "now"],
      [3, "now"],
      [1, "info"],
    ]);
    expect(organizerTodos([], TODAY)).toEqual([]);
  });
});
