/**
 * The pure rules of the reports (stage parameter, points and file names) and the
 * minutes of a large round rendered without a database: the table continues over pages with its
 * header repeated, and the closing block stays whole.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { aggregateStage, type SheetInput } from "~/modules/scoring/aggregate";
import { stageJudgeStatistics } from "~/modules/scoring/agreement";
import { renderMinutesPdf } from "~/modules/reports/minutes-pdf.server";
import { formatPassMark, formatPoints, outcomeLabel, parseStageValue, safeFileName } from "~/modules/reports/reports";
import type { Round, StageReport } from "~/modules/reports/results-data.server";
import { tieBreakText } from "~/modules/reports/results-xlsx.server";
import { TMP_ROOT } from "../helpers/tmp";

describe("the vong parameter", () => {
  it("is stage 1 when absent or empty", () => {
    expect(parseStageValue(null, 1)).toEqual({ ok: true, stage: 1 });
    expect(parseStageValue("", 2)).toEqual({ ok: true, stage: 1 });
    expect(parseStageValue(" 2 ", 2)).toEqual({ ok: true, stage: 2 });
  });
  it("refuses what is not a stage of the round, saying which stages exist", () => {
    expect(parseStageValue("abc", 1)).toEqual({ ok: false, message: 'Tham số vòng chấm "abc" không hợp lệ: kỳ bình chọn này chỉ có vòng chấm 1.' });
    expect(parseStageValue("3", 1)).toEqual({ ok: false, message: "Không có vòng chấm 3: kỳ bình chọn này chỉ có vòng chấm 1." });
    expect(parseStageValue("3", 2)).toEqual({ ok: false, message: "Không có vòng chấm 3: kỳ bình chọn này có các vòng chấm từ 1 đến 2." });
    for (const bad of ["0", "-1", "1.5", "1e3", "2; drop", "9999"]) expect(parseStageValue(bad, 2).ok).toBe(false);
  });
});

describe("for people", () => {
  it("points without trailing zeros, decimal comma", () => {
    expect(formatPoints(320)).toBe("32");
    expect(formatPoints(325)).toBe("32,5");
    expect(formatPoints(5)).toBe("0,5");
    expect(formatPoints(1000)).toBe("100");
    expect(() => formatPoints(1.5)).toThrow(RangeError);
  });
  it("the pass mark as stored: 70,5 stays 70,5 (never 71 or 70.5)", () => {
    expect(formatPassMark(705)).toBe("70,5");
    expect(formatPassMark(700)).toBe("70");
    expect(formatPassMark(999)).toBe("99,9");
  });
  it("a shortlisting stage says who goes on and never recommends", () => {
    const rec = { recommended: true, needsCouncilDecision: false, shortlisted: null };
    expect(outcomeLabel(rec, "decide")).toBe("Đề nghị công nhận");
    expect(outcomeLabel({ ...rec, recommended: false, needsCouncilDecision: true }, "decide")).toBe("Hội đồng quyết định (bằng điểm tại giới hạn)");
    expect(outcomeLabel({ recommended: false, needsCouncilDecision: false, shortlisted: true }, "shortlist")).toBe("Vào vòng 2");
    expect(outcomeLabel({ recommended: false, needsCouncilDecision: false, shortlisted: false }, "shortlist")).toBe("Không vào vòng 2");
  });
  it("file names in headers are ASCII", () => {
    expect(safeFileName("phieu-cham-diem-Đỗ Thị Lan-ky-3.pdf")).toBe("phieu-cham-diem-Do-Thi-Lan-ky-3.pdf");
    expect(safeFileName('a"b\r\nc.xlsx')).toBe("a-b-c.xlsx");
  });
  it("the declared tie-break in words", () => {
    expect(tieBreakText(["I", "II", "vote"])).toBe("Bằng điểm trung bình: xét lần lượt điểm nhóm I, điểm nhóm II, số phiếu biểu quyết của Hội đồng");
  });
});

describe("the minutes of a large round", () => {
  it("continue the table over pages, header repeated, closing block whole", async () => {
    const n = 60;
    const entries = Array.from({ length: n }, (_, i) => ({ entryId: i + 1, productGroupId: (i % 4) + 1, eligible: true }));
    const sheets: SheetInput[] = entries.flatMap((e) =>
      [0, 1, 2].map((j) => ({ entryId: e.entryId, judgeId: j, status: "submitted" as const, groupPoints: { I: 250 + ((e.entryId * 7 + j * 3) % 140), II: 260, III: 70, IV: 65 } })),
    );
    const results = aggregateStage({ settings: { recognitionCap: 20 }, entries, sheets });
    const round = {
      id: 9,
      title: "Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu cấp quốc gia năm 2025",
      year: 2025,
      scoringStages: 1,
      councilMeetingOn: "2025-11-20",
    } as Round;
    const report: StageReport = {
      round,
      bodyName: "Cục Công nghiệp và Thương mại địa phương",
      placeName: null,
      council: { id: 1, roundId: 9, name: "Hội đồng bình chọn cấp quốc gia năm 2025", establishedByDecision: "2100/QĐ-BCT", createdAt: new Date() },
      stage: 1,
      closedAt: new Date("2025-11-15T02:00:00Z"),
      settings: results.settings,
      purpose: results.purpose,
      stats: (() => {
        const st = stageJudgeStatistics(results);
        return {
          ...st,
          severity: st.severity.map((j) => ({ ...j, name: `Giám khảo ${j.judgeId}` })),
          panels: { ...st.panels, names: st.panels.panels.map((p) => p.judgeIds.map((j) => `Giám khảo ${j}`)) },
        };
      })(),
      members: [0, 1, 2].map((j) => ({ id: j, fullName: `Giám khảo ${j}`, title: null, affiliation: null, role: j === 0 ? ("chair" as const) : ("member" as const), isJudge: true })),
      conflicts: [],
      missingSheets: [],
      missingReason: null,
      tieBreakVotes: [],
      decision: null,
      groups: [],
      rows: results.entries.map((r) => ({
        entryId: r.entryId as number,
        votingCode: `QG25-${String(r.entryId).padStart(3, "0")}`,
        dossierNo: null,
        productName: `Sản phẩm thủ công mỹ nghệ số ${r.entryId} – gốm sứ, mây tre đan, sơn mài truyền thống`,
        productGroupId: r.productGroupId as number,
        productGroupName: "Nhóm 1: Thủ công mỹ nghệ",
        producerName: `Hợp tác xã thủ công mỹ nghệ Đồng Tâm ${r.entryId}`,
        communeName: "",
        provinceName: "",
        result: r,
        verdict: r.recommended ? { recognised: true, votesFor: 9, votesAgainst: 0, votesAbstain: 0, note: null, decidedAt: new Date() } : null,
        verdictState: r.recommended ? ("recognised" as const) : ("pending" as const),
      })),
      ignoredSheets: [],
      cap: results.cap,
      chair: { id: 1, fullName: "Nguyễn Văn Thắng", title: "TS", affiliation: null, role: "chair", isJudge: true },
      secretary: null,
      counts: { entries: n, scored: n, passed: results.entries.filter((r) => r.passed).length, recommended: 20, recognised: 20, notRecognised: 0, pending: n - 20 },
    };
    const pdf = await renderMinutesPdf(report, new Date("2025-11-20T03:00:00Z"));
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(4);
    const dir = path.join(TMP_ROOT, "screenshots");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "reports-bien-ban-lon.pdf"), pdf);
    execFileSync("pdftoppm", ["-png", "-r", "80", "-f", "2", "-l", "2", path.join(dir, "reports-bien-ban-lon.pdf"), path.join(dir, "reports-bien-ban-lon")]);
    execFileSync("pdftoppm", ["-png", "-r", "80", "-f", String(pages), "-l", String(pages), path.join(dir, "reports-bien-ban-lon.pdf"), path.join(dir, "reports-bien-ban-lon")]);
    // Fonts are parsed and a 60-row PDF laid out and rasterised: seconds on a busy machine, not 5.
  }, 60_000);
});
