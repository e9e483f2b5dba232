/**
 * Biên bản tổng hợp kết quả bình chọn: the council's minutes of a closed stage, A4 portrait. The
 * head (issuing council, national motto, place and date), the title, the council, round and
 * rules, a table of the entries in rank order (voting code, product, producer, mean score, rank,
 * pass/fail, the council's decision), the counts, and places for the secretary and the chair to
 * sign. The table continues on as many pages as it needs, its header repeated on each.
 */
import { formatDate, todayInVietnam } from "~/lib/dates";
import {
  CONTENT_WIDTH,
  PAGE,
  SHADE,
  dateWords,
  drawOfficialHeader,
  drawPageNumbers,
  drawRow,
  drawText,
  newReportDoc,
  rowHeight,
  textHeight,
  type Cell,
  type Column,
  type TextStyle,
} from "./pdf-kit.server";
import { formatIcc, ICC_MEANING, SEVERITY_MEANING, TOTAL_KEY } from "~/modules/scoring/agreement";
import { COUNCIL_ROLE_LABELS } from "~/modules/councils/councils";
import { formatPassMark, outcomeLabel, tieBreakText } from "./reports";
import { formatVnd as formatVndText } from "~/modules/prizes/prizes";
import type { ReportRow, StageReport } from "./results-data.server";

export const MINUTES_TITLE = "BIÊN BẢN TỔNG HỢP KẾT QUẢ BÌNH CHỌN";

const COLS: Column[] = [
  { width: 24, align: "center" }, // STT
  { width: 56, align: "center" }, // mã số
  { width: 112 }, // sản phẩm
  { width: 100 }, // cơ sở
  { width: 42, align: "center" }, // điểm TB
  { width: 34, align: "center" }, // hạng
  { width: 47, align: "center" }, // kết quả
  { width: CONTENT_WIDTH - 24 - 56 - 112 - 100 - 42 - 34 - 47, align: "center" }, // quyết định
];
const head = (last: string): Cell[] =>
  ["STT", "Mã số bình chọn", "Tên sản phẩm", "Cơ sở sản xuất", "Điểm trung bình", "Xếp hạng", "Kết quả", last].map((text) => ({ text, style: { font: "serif-bold" as const } }));

/** The judges' statistics table: name, severity, entries compared, entries scored. */
const JUDGE_COLS: Column[] = [
  { width: 200 },
  { width: 90, align: "center" },
  { width: 100, align: "center" },
  { width: CONTENT_WIDTH - 390, align: "center" },
];
const TABLE: TextStyle = { font: "serif", size: 9 };

export const MINUTES_VERDICT = { recognised: "Công nhận", not_recognised: "Không công nhận", pending: "Chưa quyết định" } as const;

function verdictCell(r: ReportRow): string {
  const label = MINUTES_VERDICT[r.verdictState] + (r.prize ? `\n${r.prize.name}` : "");
  const v = r.verdict;
  if (!v || v.votesFor == null) return label;
  return `${label}\n(tán thành ${v.votesFor}/${(v.votesFor ?? 0) + (v.votesAgainst ?? 0) + (v.votesAbstain ?? 0)})`;
}

function rowCells(r: ReportRow, i: number, purpose: StageReport["purpose"]): Cell[] {
  const res = r.result;
  // Stage 1 of two only shortlists: its last column says who goes on, not a decision.
  const last: Cell =
    purpose === "shortlist" ? { text: outcomeLabel(res, purpose) } : { text: verdictCell(r), style: r.verdictState === "pending" ? { font: "serif-italic" } : {} };
  return [
    { text: String(i + 1) },
    { text: r.votingCode ?? "—" },
    { text: r.productName },
    { text: r.producerName },
    { text: res.meanDisplay, style: { font: "serif-bold" } },
    { text: res.rank == null ? "—" : String(res.rank) },
    { text: res.judgesCount === 0 ? "—" : res.passed ? "Đạt" : "Không đạt" },
    last,
  ];
}

/** The date printed on the minutes: the council's meeting day, else today (Vietnam). */
export function minutesDate(report: StageReport, now = new Date()): string {
  return report.round.councilMeetingOn ?? todayInVietnam(now);
}

export async function renderMinutesPdf(report: StageReport, now = new Date()): Promise<Buffer> {
  const { round, settings, counts } = report;
  const councilName = report.council?.name ?? "Hội đồng bình chọn";
  const { doc, done } = await newReportDoc({
    title: `Biên bản tổng hợp kết quả bình chọn – ${round.title}`,
    author: councilName,
    subject: "Biên bản tổng hợp kết quả bình chọn sản phẩm công nghiệp nông thôn tiêu biểu",
    date: now,
  });
  const limit = PAGE.height - PAGE.bottom;
  const date = minutesDate(report, now);

  let y = drawOfficialHeader(doc, [
    { text: report.bodyName, bold: false },
    { text: councilName, bold: true },
  ], PAGE.top);
  const rx = PAGE.left + 230;
  y = Math.max(y, drawText(doc, `${report.placeName ?? "……"}, ${dateWords(date)}`, rx, y + 4, CONTENT_WIDTH - 230, { font: "serif-italic", size: 10.5, align: "center" })) + 16;

  y = drawText(doc, MINUTES_TITLE, PAGE.left, y, CONTENT_WIDTH, { font: "serif-bold", size: 14, align: "center" });
  y = drawText(doc, "Sản phẩm công nghiệp nông thôn tiêu biểu", PAGE.left, y + 1, CONTENT_WIDTH, { font: "serif-bold", size: 11.5, align: "center" });
  y = drawText(doc, round.scoringStages > 1 ? `${round.title} – Vòng chấm ${report.stage}` : round.title, PAGE.left + 30, y + 2, CONTENT_WIDTH - 60, {
    font: "serif-italic",
    size: 10.5,
    align: "center",
  });
  y += 12;

  const para = (text: string) => {
    ensure(textHeight(doc, text, CONTENT_WIDTH, { font: "serif", size: 10.5 }) + 3);
    y = drawText(doc, text, PAGE.left, y, CONTENT_WIDTH, { font: "serif", size: 10.5, align: "left" }) + 3;
  };
  const ensure = (h: number) => {
    if (y + h > limit) {
      doc.addPage();
      y = PAGE.top;
    }
  };
  const heading = (text: string) => {
    ensure(60);
    y = drawText(doc, text, PAGE.left, y, CONTENT_WIDTH, { font: "serif-bold", size: 10.5, align: "left" }) + 3;
  };

  para(`Hội đồng: ${councilName}${report.council?.establishedByDecision ? ` (thành lập theo Quyết định số ${report.council.establishedByDecision})` : ""}.`);
  para(`Cơ quan tổ chức: ${report.bodyName}.`);
  if (report.closedAt) para(`Vòng chấm ${report.stage} đã khóa ngày ${formatDate(todayInVietnam(report.closedAt))}; Hội đồng tổng hợp kết quả chấm điểm như sau.`);
  const shortlist = report.purpose === "shortlist";
  const passMark = formatPassMark(settings.passMarkTenths);
  const cap = shortlist
    ? `vòng chấm này chỉ chọn sản phẩm vào vòng 2 (đạt từ ${passMark} điểm), không đề nghị công nhận`
    : settings.recognitionCap == null
      ? "không giới hạn số sản phẩm công nhận"
      : `công nhận tối đa ${settings.recognitionCap} sản phẩm`;
  para(
    `Điểm của mỗi sản phẩm là trung bình cộng tổng điểm của các giám khảo (chỉ tính phiếu đã gửi, không tính phiếu có xung đột lợi ích); điểm đạt: ${passMark} điểm; ${cap}.`,
  );
  para(
    `Quy tắc đã công bố trước khi chấm: ${tieBreakText(settings.tieBreak).replace(/^Bằng điểm trung bình: /, "khi bằng điểm trung bình, ")}; sản phẩm có điểm giữa các giám khảo chênh nhau quá ${formatPassMark(settings.discrepancyToleranceTenths)} điểm được đánh dấu để Hội đồng xem xét; mỗi sản phẩm cần ít nhất ${settings.minJudges} giám khảo.`,
  );
  y += 4;

  // Who sat on the council, and in what role.
  if (report.members.length) {
    heading("Thành phần Hội đồng:");
    for (const m of report.members) {
      const line = `– ${m.fullName}${m.title ? ` (${m.title})` : ""}${m.affiliation ? `, ${m.affiliation}` : ""}: ${COUNCIL_ROLE_LABELS[m.role]}${m.isJudge ? ", giám khảo chấm điểm" : ", không chấm điểm"}.`;
      ensure(textHeight(doc, line, CONTENT_WIDTH, { font: "serif", size: 10.5 }) + 3);
      para(line);
    }
    y += 4;
  }
  // Declared conflicts and the sheets missing at closing: what the means left out, and why.
  heading("Xung đột lợi ích đã khai báo:");
  if (report.conflicts.length) {
    for (const c of report.conflicts) {
      const line = `– ${c.memberName} không chấm ${c.votingCode ?? "—"} (${c.productName})${c.reason ? `: ${c.reason}` : ""}.`;
      ensure(textHeight(doc, line, CONTENT_WIDTH, { font: "serif", size: 10.5 }) + 3);
      para(line);
    }
  } else para("Không có.");
  heading("Phiếu chấm chưa nộp khi khóa vòng chấm:");
  if (report.missingSheets.length) {
    for (const m of report.missingSheets) {
      const line = `– ${m.memberName}: ${m.votingCode ?? "—"} (${m.productName}).`;
      ensure(textHeight(doc, line, CONTENT_WIDTH, { font: "serif", size: 10.5 }) + 3);
      para(line);
    }
    para(`Lý do khóa vòng chấm khi còn thiếu phiếu: ${report.missingReason ?? "không ghi"}. Điểm của các sản phẩm này tính từ các phiếu đã nộp.`);
  } else para("Không có: mọi phiếu được giao đã nộp.");
  y += 6;

  // The table.
  const header = () => {
    y = drawRow(doc, PAGE.left, y, COLS, head(shortlist ? "Vòng 2" : "Quyết định của Hội đồng"), { ...TABLE, size: 8.5 }, { fill: SHADE });
  };
  // The header never stands alone at the foot of a page: it goes with the first row.
  const headCells = head(shortlist ? "Vòng 2" : "Quyết định của Hội đồng");
  ensure(rowHeight(doc, COLS, headCells, { ...TABLE, size: 8.5 }) + (report.rows[0] ? rowHeight(doc, COLS, rowCells(report.rows[0], 0, report.purpose), TABLE) : 0));
  header();
  report.rows.forEach((r, i) => {
    const cells = rowCells(r, i, report.purpose);
    if (y + rowHeight(doc, COLS, cells, TABLE) > limit) {
      doc.addPage();
      y = PAGE.top;
      header();
    }
    y = drawRow(doc, PAGE.left, y, COLS, cells, TABLE);
  });
  if (!report.rows.length) {
    y = drawText(doc, "Không có sản phẩm nào trong vòng chấm này.", PAGE.left, y + 4, CONTENT_WIDTH, { font: "serif-italic", size: 10 });
  }
  y += 12;


  // Ties: how each was resolved, with the compared values a reader can tell apart.
  const tied = report.rows.filter((r) => r.result.tie);
  if (tied.length) {
    heading("Các sản phẩm bằng điểm trung bình:");
    for (const r of tied) {
      const t = r.result.tie!;
      const line = `– ${r.votingCode ?? "—"} (${r.result.meanDisplay} điểm): ${t.text}${t.detail ? `; so sánh ${t.detail}` : ""}.`;
      ensure(textHeight(doc, line, CONTENT_WIDTH, { font: "serif", size: 10.5 }) + 3);
      para(line);
    }
    y += 6;
  }
  if (report.tieBreakVotes.length) {
    heading("Biểu quyết phân định đồng điểm của Hội đồng:");
    for (const v of report.tieBreakVotes) {
      para(
        `– Ngày ${formatDate(v.votedOn)}, ${v.membersVoting} thành viên tham gia: ${v.lines.map((l) => `${l.votingCode ?? "—"} ${l.votesFor} phiếu`).join(", ")}${v.recordedByName ? ` (ghi bởi ${v.recordedByName})` : ""}${v.note ? `; ${v.note}` : ""}.`,
      );
    }
    y += 6;
  }

  // Prizes (declared before scoring): what each received, and the council's reasons.
  const prizes = report.round.prizes ?? [];
  if (!shortlist && prizes.length) {
    heading("Giải thưởng:");
    for (const p of prizes) {
      const got = report.rows.filter((r) => r.prize?.code === p.code);
      const list = got.length ? got.map((r) => `${r.votingCode ?? "—"} (${r.productName})${r.prize!.reason ? ` – lý do: ${r.prize!.reason}` : ""}`).join("; ") : "chưa trao";
      para(`– ${p.name} (${formatVndText(p.amountVnd)} đồng/giải, ${p.count} giải${p.mode === "council" ? ", Hội đồng chọn" : ", theo thứ hạng"}): ${list}.`);
    }
    y += 6;
  }

  // The judges' statistics, from the sheets the means counted.
  if (report.stats.severity.length) {
    heading("Thống kê giám khảo (từ các phiếu được tính điểm):");
    const judgeHead: Cell[] = ["Giám khảo", "Độ nghiêm (điểm)", "Số sản phẩm so sánh", "Số sản phẩm đã chấm"].map((text) => ({ text, style: { font: "serif-bold" as const } }));
    y = drawRow(doc, PAGE.left, y, JUDGE_COLS, judgeHead, { ...TABLE, size: 8.5 }, { fill: SHADE });
    for (const j of report.stats.severity) {
      const cells: Cell[] = [{ text: j.name }, { text: j.severityDisplay.replace("-", "−") }, { text: String(j.entriesCompared) }, { text: String(j.entriesScored) }];
      if (y + rowHeight(doc, JUDGE_COLS, cells, TABLE) > limit) {
        doc.addPage();
        y = PAGE.top;
        y = drawRow(doc, PAGE.left, y, JUDGE_COLS, judgeHead, { ...TABLE, size: 8.5 }, { fill: SHADE });
      }
      y = drawRow(doc, PAGE.left, y, JUDGE_COLS, cells, TABLE);
    }
    y += 4;
    ensure(40);
    para(SEVERITY_MEANING);
    const { panels, names, entriesOutside } = report.stats.panels;
    if (panels.length) {
      panels.forEach((panel, i) => {
        const t = panel.byGroup[TOTAL_KEY];
        const who = panels.length > 1 ? `nhóm giám khảo ${i + 1} (${names[i]!.join(", ")})` : `${panel.judgeIds.length} giám khảo`;
        para(
          `Độ tin cậy của điểm trung bình, ${who}, trên ${panel.entryIds.length} sản phẩm: ICC(2,k) = ${formatIcc(t?.icc2k, t?.ci.icc2k)}; một giám khảo: ICC(2,1) = ${formatIcc(t?.icc21, t?.ci.icc21)}; ICC(3,k) = ${formatIcc(t?.icc3k, t?.ci.icc3k)}.`,
        );
      });
      if (entriesOutside.length) para(`${entriesOutside.length} sản phẩm không thuộc nhóm giám khảo nào ở trên (thiếu phiếu hoặc có xung đột lợi ích).`);
      para(`${ICC_MEANING.mean} ${ICC_MEANING.interval}`);
    } else {
      para("Độ tin cậy của điểm (ICC): không tính được vì không có 2 sản phẩm nào được cùng một nhóm từ 2 giám khảo trở lên chấm.");
    }
    y += 6;
  }

  // Closing: the counts, then the signatures. Both stay together on one page.
  const closing: string[] = [
    `Tổng số sản phẩm được chấm điểm: ${counts.scored}${counts.entries !== counts.scored ? ` (trên ${counts.entries} sản phẩm của vòng chấm)` : ""}.`,
    `Số sản phẩm đạt từ ${passMark} điểm trở lên: ${counts.passed}.`,
    ...(shortlist
      ? [`Số sản phẩm vào vòng 2: ${counts.passed}; không vào vòng 2: ${counts.entries - counts.passed}.`]
      : [
          `Số sản phẩm được đề nghị công nhận theo thứ hạng${settings.recognitionCap != null ? ` và giới hạn ${settings.recognitionCap} sản phẩm` : ""}: ${counts.recommended}${report.cap.boundaryTie.length ? `; ${report.cap.boundaryTie.length} sản phẩm đồng điểm tại giới hạn do Hội đồng chọn ${report.cap.seatsForCouncil}` : ""}.`,
          `Số sản phẩm được Hội đồng công nhận: ${counts.recognised}; không công nhận: ${counts.notRecognised}; chưa quyết định: ${counts.pending}.`,
          ...(prizes.length
            ? [`Số giải đã trao: ${report.rows.filter((r) => r.prize).length}; tổng tiền thưởng: ${formatVndText(report.rows.reduce((s, r) => s + (r.prize?.amountVnd ?? 0), 0))} đồng.`]
            : []),
          report.decision
            ? `Quyết định công nhận số ${report.decision.number} ngày ${formatDate(report.decision.signedOn)} của ${report.decision.issuer}, do ${report.decision.signerTitle} ${report.decision.signerName} ký.`
            : "Quyết định công nhận: chưa ban hành.",
        ]),
    "Biên bản được lập và thông qua tại phiên họp của Hội đồng.",
  ];
  const closingH = closing.reduce((a, t) => a + textHeight(doc, t, CONTENT_WIDTH, { font: "serif", size: 10.5 }) + 3, 0) + 115;
  if (y + closingH > limit) {
    doc.addPage();
    y = PAGE.top;
  }
  for (const t of closing) para(t);
  y += 10;

  const colW = CONTENT_WIDTH / 2;
  const sign = (x: number, role: string, name: string | undefined) => {
    let sy = drawText(doc, role, x, y, colW, { font: "serif-bold", size: 10.5, align: "center" });
    sy = drawText(doc, "(Ký, ghi rõ họ tên)", x, sy, colW, { font: "serif-italic", size: 9.5, align: "center" });
    drawText(doc, name ?? "", x, sy + 56, colW, { font: "serif-bold", size: 10.5, align: "center" });
  };
  sign(PAGE.left, "THƯ KÝ HỘI ĐỒNG", report.secretary?.fullName);
  sign(PAGE.left + colW, "CHỦ TỊCH HỘI ĐỒNG", report.chair?.fullName);

  drawPageNumbers(doc, () => `Biên bản tổng hợp kết quả – ${councilName}`);
  doc.end();
  return await done;
}
