import { describe, expect, it } from "vitest";
import {
  amendmentRevokeReason,
  answerDueOn,
  canStep,
  complaintDeadline,
  complaintNumber,
  isOverdue,
  isUnresolved,
  nextComplaintSeq,
  statusAfter,
  stepRefusal,
  withinWindow,
} from "~/modules/complaints/complaints";

const none = new Set<string>();

describe("complaint numbers", () => {
  it("formats KN-<year>-<4 digits>", () => {
    expect(complaintNumber(2026, 3)).toBe("KN-2026-0003");
    expect(complaintNumber(2026, 12345)).toBe("KN-2026-12345");
    expect(() => complaintNumber(2026, 0)).toThrow();
  });
  it("continues the year's series, ignoring other years and malformed numbers", () => {
    expect(nextComplaintSeq([], 2026)).toBe(1);
    expect(nextComplaintSeq(["KN-2026-0001", "KN-2026-0007", "KN-2025-0040", "x", null], 2026)).toBe(8);
  });
});

describe("the filing window, in working days from publication", () => {
  // Published Friday 2026-01-02: 10 working days later is Friday 2026-01-16.
  it("counts working days, skipping weekends and holidays", () => {
    expect(complaintDeadline("2026-01-02", 10, none)).toBe("2026-01-16");
    expect(complaintDeadline("2026-01-02", 10, new Set(["2026-01-05"]))).toBe("2026-01-19");
  });
  it("includes the whole last day and refuses the day after", () => {
    expect(withinWindow("2026-01-02", "2026-01-02", 10, none)).toBe(true);
    expect(withinWindow("2026-01-02", "2026-01-16", 10, none)).toBe(true);
    expect(withinWindow("2026-01-02", "2026-01-17", 10, none)).toBe(false);
    expect(withinWindow("2026-01-02", "2026-01-01", 10, none)).toBe(false);
  });
});

describe("the answer-by date", () => {
  it("is 30 calendar days after filing by default, across months and years", () => {
    expect(answerDueOn("2026-01-16", 30)).toBe("2026-02-15");
    expect(answerDueOn("2026-12-15", 30)).toBe("2027-01-14");
  });
  it("marks unanswered complaints overdue only after the day", () => {
    expect(isOverdue("open", "2026-02-15", "2026-02-15")).toBe(false);
    expect(isOverdue("open", "2026-02-15", "2026-02-16")).toBe(true);
    expect(isOverdue("rechecking", "2026-02-15", "2026-02-16")).toBe(true);
    expect(isOverdue("answered", "2026-02-15", "2026-03-01")).toBe(false);
  });
});

describe("the lifecycle", () => {
  it("allows each step only from its statuses", () => {
    expect(canStep("open", "ask_recheck")).toBe(true);
    expect(canStep("rechecking", "recheck_done")).toBe(true);
    expect(canStep("open", "recheck_done")).toBe(false);
    expect(canStep("rechecking", "answer")).toBe(true);
    expect(canStep("answered", "answer")).toBe(false);
    expect(canStep("answered", "correct")).toBe(true);
    expect(canStep("open", "correct")).toBe(false);
    expect(canStep("closed", "close")).toBe(false);
  });
  it("closes a rejected complaint at once, keeps an upheld one for the correction", () => {
    expect(statusAfter("answer", "rejected")).toBe("closed");
    expect(statusAfter("answer", "upheld")).toBe("answered");
    expect(statusAfter("answer", "partly")).toBe("answered");
    expect(statusAfter("ask_recheck")).toBe("rechecking");
    expect(statusAfter("recheck_done")).toBe("open");
    expect(statusAfter("correct")).toBe("closed");
  });
  it("says why a step is refused", () => {
    expect(stepRefusal("closed", "answer")).toMatch(/giải quyết xong/);
    expect(stepRefusal("open", "correct")).toMatch(/khiếu nại đúng/);
    expect(stepRefusal("open", "answer")).toBeNull();
  });
  it("counts everything but closed as unresolved", () => {
    expect(isUnresolved("open")).toBe(true);
    expect(isUnresolved("answered")).toBe(true);
    expect(isUnresolved("closed")).toBe(false);
  });
  it("words the revocation reason", () => {
    expect(amendmentRevokeReason("15/QĐ-UBND")).toBe("Điều chỉnh theo Quyết định số 15/QĐ-UBND sau khiếu nại.");
  });
});
