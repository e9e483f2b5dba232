/**
 * The organizer's to-do list (issue 13, item 3; docs/decisions/0030-organizer-dashboard.md): from
 * a snapshot of each round's state and today's date, what needs the organizer now, by when, and
 * where to act. Pure: no database, no clock. The snapshot is gathered by todos.server.ts with a
 * fixed number of statements; the rules of what a round needs follow the modules that enforce
 * them (rounds.ts transitions, scoring.server.ts closeStage/publishRound, certificates, promotion).
 */
import type { RoundLevel, RoundStatus } from "~db/schema";
import { formatDate } from "~/lib/dates";
import { roundTransitionProblems } from "~/modules/rounds/rounds";

export const TODO_KINDS = [
  "setup",
  "intake_open",
  "close_intake",
  "intake_answer",
  "council",
  "invitations",
  "assignment",
  "start_scoring",
  "sheets_missing",
  "close_stage",
  "verdicts",
  "decision",
  "publish",
  "certificates",
  "nominations",
] as const;
export type TodoKind = (typeof TODO_KINDS)[number];

/** overdue: past its date; now: can and should be done; soon: due within DUE_SOON_DAYS; info: in progress, nothing to do yet. */
export type Severity = "overdue" | "now" | "soon" | "info";
export const SEVERITY_ORDER: Record<Severity, number> = { overdue: 0, now: 1, soon: 2, info: 3 };
export const SEVERITY_LABELS: Record<Severity, string> = { overdue: "Quá hạn", now: "Cần làm", soon: "Sắp đến hạn", info: "Đang diễn ra" };

/** A to-do due within this many days is "soon". */
export const DUE_SOON_DAYS = 3;

export interface Todo {
  roundId: number;
  roundTitle: string;
  kind: TodoKind;
  /** Vietnamese, with its numbers. */
  title: string;
  /** A second line: names, what blocks it. */
  detail: string | null;
  /** YYYY-MM-DD, or null when the to-do has no date. */
  due: string | null;
  overdue: boolean;
  severity: Severity;
  /** The page where the action is. */
  link: string;
  /** The words of the link. */
  action: string;
}

export interface JudgeBehind {
  name: string;
  /** Sheets assigned to this judge in the stage and not submitted (drafts and not started). */
  missing: number;
}

export interface RoundSnapshot {
  id: number;
  title: string;
  level: RoundLevel;
  status: RoundStatus;
  scoringStages: number;
  minJudgesPerEntry: number;
  registrationOpensOn: string | null;
  registrationClosesOn: string | null;
  dossierScoringFrom: string | null;
  dossierScoringTo: string | null;
  directScoringFrom: string | null;
  directScoringTo: string | null;
  councilMeetingOn: string | null;
  announcementOn: string | null;
  /** Entries by status (all statuses, drafts included). */
  entries: Partial<Record<string, number>>;
  /** Dossiers submitted and waiting for the organizer's answer; overdue: past their answer-by date. */
  intake: { waiting: number; overdue: number; earliestAnswerBy: string | null };
  council: { exists: boolean; judges: number; judgesWithoutAccount: number };
  /** The stage being scored (while scoring, or planned from accepted entries before it). */
  scoring: { stage: number; closed: boolean; assigned: number; submitted: number; entries: number; understaffed: number; behind: JudgeBehind[] } | null;
  /** Results review: scored entries of the deciding stage without the council's verdict. */
  verdictsMissing: number;
  recognised: number;
  hasDecision: boolean;
  /** Published: recognised entries with a decision and no certificate yet; and those without a decision. */
  certificatesToIssue: number;
  certificatesWithoutDecision: number;
  /** Published rounds whose level sends winners up: open higher rounds covering it, with the valid recognised entries not yet nominated there. */
  nominations: { targetId: number; targetTitle: string; closesOn: string | null; candidates: number }[];
}

const NUMBER = new Intl.NumberFormat("vi-VN");
/** Vietnamese number: 1.234 (dot for thousands). */
export function formatCount(n: number): string {
  return NUMBER.format(n);
}

/** Days from a to b (YYYY-MM-DD), negative when b is before a. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The scoring deadline of a stage: in a two-stage round stage 1 is the dossier scoring and stage 2 the direct one; in one stage, the later of the two. */
export function scoringDeadline(r: Pick<RoundSnapshot, "scoringStages" | "dossierScoringTo" | "directScoringTo">, stage: number): string | null {
  if (r.scoringStages === 2) return stage === 1 ? (r.dossierScoringTo ?? r.directScoringTo) : (r.directScoringTo ?? r.dossierScoringTo);
  const dates = [r.dossierScoringTo, r.directScoringTo].filter((d): d is string => !!d).sort();
  return dates.at(-1) ?? null;
}

/** "overdue" when past, "soon" when within DUE_SOON_DAYS, else the given base severity. */
function timed(due: string | null, today: string, base: Severity): { overdue: boolean; severity: Severity } {
  if (!due) return { overdue: false, severity: base };
  const d = daysBetween(today, due);
  if (d < 0) return { overdue: true, severity: "overdue" };
  if (d <= DUE_SOON_DAYS && base === "info") return { overdue: false, severity: "soon" };
  return { overdue: false, severity: base };
}

/** "hôm nay", "còn 2 ngày", "quá hạn 3 ngày": how the due date stands today. */
export function dueText(due: string, today: string): string {
  const d = daysBetween(today, due);
  if (d === 0) return `hạn hôm nay (${formatDate(due)})`;
  if (d > 0) return `hạn ${formatDate(due)}, còn ${formatCount(d)} ngày`;
  return `hạn ${formatDate(due)}, quá hạn ${formatCount(-d)} ngày`;
}

function names(list: JudgeBehind[], max = 4): string {
  const shown = list.slice(0, max).map((j) => `${j.name} (${formatCount(j.missing)})`);
  const more = list.length - shown.length;
  return more > 0 ? `${shown.join(", ")} và ${formatCount(more)} giám khảo khác` : shown.join(", ");
}

/** The to-dos of one round. */
export function roundTodos(r: RoundSnapshot, today: string): Todo[] {
  const base = `/to-chuc/vong/${r.id}`;
  const out: Todo[] = [];
  const add = (t: Omit<Todo, "roundId" | "roundTitle" | "overdue" | "severity" | "detail"> & { detail?: string | null; severity: Severity }) => {
    const when = timed(t.due, today, t.severity);
    out.push({ roundId: r.id, roundTitle: r.title, detail: null, ...t, ...when });
  };
  const count = (s: string) => r.entries[s] ?? 0;

  // Dossiers waiting for the intake answer: whatever the round's status (a reopened intake, a nomination confirmed late).
  if (r.intake.waiting > 0) {
    const late = r.intake.overdue;
    add({
      kind: "intake_answer",
      title: late
        ? `${formatCount(late)} hồ sơ quá hạn trả lời tiếp nhận${r.intake.waiting > late ? ` (trong ${formatCount(r.intake.waiting)} hồ sơ đang chờ)` : ""}`
        : `Trả lời ${formatCount(r.intake.waiting)} hồ sơ đang chờ tiếp nhận`,
      detail: "Tiếp nhận, yêu cầu bổ sung hoặc từ chối từng hồ sơ.",
      due: r.intake.earliestAnswerBy,
      severity: "now",
      link: late ? `${base}/ho-so?qua_han=1` : `${base}/ho-so?trang_thai=submitted`,
      action: "Xử lý hồ sơ",
    });
  }

  switch (r.status) {
    case "draft": {
      const problems = roundTransitionProblems("open", { registrationOpensOn: r.registrationOpensOn, registrationClosesOn: r.registrationClosesOn, acceptedEntries: 0, pendingIntake: 0, judges: 0, minJudges: 0 });
      add({
        kind: "setup",
        title: "Hoàn tất thiết lập và mở nhận hồ sơ",
        detail: [...problems, `Kiểm tra thời gian, phiếu chấm và tài liệu yêu cầu rồi mở nhận hồ sơ${r.registrationOpensOn ? ` (dự kiến mở ${formatDate(r.registrationOpensOn)})` : ""}.`].join(" "),
        due: r.registrationOpensOn,
        severity: "now",
        link: `${base}/thiet-lap`,
        action: "Thiết lập",
      });
      break;
    }
    case "open": {
      const submitted = count("submitted") + count("needs_completion") + count("accepted") + count("rejected");
      const closed = !!r.registrationClosesOn && daysBetween(today, r.registrationClosesOn) < 0;
      if (closed) {
        add({
          kind: "close_intake",
          title: "Đã qua ngày đóng nhận hồ sơ: đóng nhận hồ sơ",
          detail: `${formatCount(submitted)} hồ sơ đã nộp, ${formatCount(count("draft") + count("nominated"))} hồ sơ còn nháp.`,
          due: r.registrationClosesOn,
          severity: "now",
          link: `${base}/thiet-lap`,
          action: "Đóng nhận hồ sơ",
        });
      } else {
        add({
          kind: "intake_open",
          title: `Đang nhận hồ sơ${r.registrationClosesOn ? ` đến ${formatDate(r.registrationClosesOn)}` : ""}: ${formatCount(submitted)} hồ sơ đã nộp`,
          detail: `${formatCount(count("submitted"))} chờ tiếp nhận, ${formatCount(count("accepted"))} hợp lệ, ${formatCount(count("needs_completion"))} chờ cơ sở bổ sung, ${formatCount(count("draft") + count("nominated"))} còn nháp.`,
          due: r.registrationClosesOn,
          severity: "info",
          link: `${base}/ho-so`,
          action: "Xem hồ sơ",
        });
      }
      break;
    }
    case "intake_closed": {
      if (!r.council.exists || r.council.judges < r.minJudgesPerEntry) {
        add({
          kind: "council",
          title: r.council.exists
            ? `Bổ sung giám khảo: Hội đồng mới có ${formatCount(r.council.judges)}, cần ít nhất ${formatCount(r.minJudgesPerEntry)}`
            : `Lập Hội đồng bình chọn (ít nhất ${formatCount(r.minJudgesPerEntry)} giám khảo)`,
          due: r.dossierScoringFrom,
          severity: "now",
          link: `${base}/hoi-dong`,
          action: "Hội đồng",
        });
      }
      pushJuryTodos(r, base, add);
      const problems = roundTransitionProblems("scoring", {
        registrationOpensOn: r.registrationOpensOn,
        registrationClosesOn: r.registrationClosesOn,
        acceptedEntries: count("accepted"),
        pendingIntake: count("submitted") + count("needs_completion"),
        judges: r.council.judges,
        minJudges: r.minJudgesPerEntry,
      });
      add({
        kind: "start_scoring",
        title: problems.length ? "Chưa bắt đầu chấm điểm được" : `Bắt đầu chấm điểm ${formatCount(count("accepted"))} hồ sơ hợp lệ`,
        detail: problems.length ? problems.join(" ") : `Dự kiến chấm từ ${formatDate(r.dossierScoringFrom)}.`,
        due: r.dossierScoringFrom,
        severity: problems.length ? "info" : "now",
        link: `${base}/thiet-lap`,
        action: "Bắt đầu chấm",
      });
      break;
    }
    case "scoring": {
      pushJuryTodos(r, base, add);
      const s = r.scoring;
      if (!s || s.closed) break;
      const deadline = scoringDeadline(r, s.stage);
      const stageName = r.scoringStages === 2 ? `vòng chấm ${s.stage}` : "vòng chấm";
      const missing = s.assigned - s.submitted;
      const passed = !!deadline && daysBetween(today, deadline) < 0;
      if (missing > 0) {
        add({
          kind: "sheets_missing",
          title: `Còn ${formatCount(missing)} phiếu chấm chưa nộp của ${formatCount(s.behind.length)} giám khảo`,
          detail: `${names(s.behind)}. Đã nộp ${formatCount(s.submitted)}/${formatCount(s.assigned)} phiếu.`,
          due: deadline,
          severity: "info",
          link: `${base}/tien-do${s.stage > 1 ? `?dot=${s.stage}` : ""}`,
          action: "Tiến độ chấm",
        });
      }
      if ((missing === 0 && s.assigned > 0) || passed) {
        const title =
          missing === 0
            ? `Khóa ${stageName} và tính kết quả: đã nộp đủ ${formatCount(s.assigned)} phiếu`
            : `Đã qua hạn chấm: khóa ${stageName} (còn ${formatCount(missing)} phiếu chưa nộp, cần ghi lý do)`;
        out.push({
          roundId: r.id,
          roundTitle: r.title,
          kind: "close_stage",
          title,
          detail: r.scoringStages === 2 && s.stage === 1 ? "Các sản phẩm đạt điểm vào vòng chấm 2." : "Sau khi khóa, Hội đồng xem điểm và quyết định công nhận.",
          due: deadline,
          overdue: false,
          severity: "now",
          link: `${base}/ket-qua`,
          action: "Khóa vòng chấm",
        });
      }
      break;
    }
    case "results_review": {
      if (r.verdictsMissing > 0) {
        add({
          kind: "verdicts",
          title: `Ghi quyết định của Hội đồng cho ${formatCount(r.verdictsMissing)} sản phẩm`,
          detail: r.councilMeetingOn ? `Họp Hội đồng ngày ${formatDate(r.councilMeetingOn)}.` : null,
          due: r.councilMeetingOn,
          severity: "now",
          link: `${base}/ket-qua`,
          action: "Kết quả",
        });
      }
      if (r.recognised > 0 && !r.hasDecision) {
        add({
          kind: "decision",
          title: `Ghi quyết định công nhận (số, ngày, người ký) cho ${formatCount(r.recognised)} sản phẩm được công nhận`,
          due: r.announcementOn,
          severity: r.verdictsMissing > 0 ? "info" : "now",
          link: `${base}/ket-qua`,
          action: "Kết quả",
        });
      }
      if (r.verdictsMissing === 0 && (r.recognised === 0 || r.hasDecision)) {
        add({
          kind: "publish",
          title: `Công bố kết quả: ${formatCount(r.recognised)} sản phẩm được công nhận`,
          detail: "Các cơ sở được thông báo; kết quả hiện trên trang công khai.",
          due: r.announcementOn,
          severity: "now",
          link: `${base}/ket-qua`,
          action: "Công bố",
        });
      }
      break;
    }
    case "published": {
      if (r.certificatesToIssue > 0) {
        add({
          kind: "certificates",
          title: `Cấp ${formatCount(r.certificatesToIssue)} giấy chứng nhận`,
          detail: r.certificatesWithoutDecision ? `${formatCount(r.certificatesWithoutDecision)} sản phẩm chưa gắn quyết định công nhận.` : null,
          due: null,
          severity: "now",
          link: `${base}/chung-nhan`,
          action: "Giấy chứng nhận",
        });
      }
      for (const n of r.nominations) {
        if (n.candidates <= 0) continue;
        add({
          kind: "nominations",
          title: `Đề cử lên cấp trên: ${formatCount(n.candidates)} sản phẩm còn hiệu lực chưa đề cử`,
          detail: `Vào “${n.targetTitle}”${n.closesOn ? `, nhận hồ sơ đến ${formatDate(n.closesOn)}` : ""}.`,
          due: n.closesOn,
          severity: "now",
          link: `${base}/de-cu`,
          action: "Đề cử",
        });
      }
      break;
    }
    default:
      break;
  }
  return out;
}

/** Jury problems before and during scoring: judges without an account, entries short of judges. */
function pushJuryTodos(r: RoundSnapshot, base: string, add: (t: Omit<Todo, "roundId" | "roundTitle" | "overdue" | "severity" | "detail"> & { detail?: string | null; severity: Severity }) => void) {
  if (r.council.judgesWithoutAccount > 0) {
    add({
      kind: "invitations",
      title: `${formatCount(r.council.judgesWithoutAccount)} giám khảo chưa nhận lời mời (chưa có tài khoản)`,
      detail: "Gửi lại lời mời để họ chấm được trên hệ thống.",
      due: r.status === "intake_closed" ? r.dossierScoringFrom : null,
      severity: "now",
      link: `${base}/hoi-dong`,
      action: "Hội đồng",
    });
  }
  if (r.scoring && !r.scoring.closed && r.scoring.understaffed > 0 && r.council.judges > 0) {
    add({
      kind: "assignment",
      title: `${formatCount(r.scoring.understaffed)} sản phẩm chưa đủ ${formatCount(r.minJudgesPerEntry)} giám khảo chấm`,
      detail: "Phân công thêm giám khảo hoặc đổi cách phân công.",
      due: r.status === "intake_closed" ? r.dossierScoringFrom : null,
      severity: "now",
      link: `${base}/phan-cong${r.scoring.stage > 1 ? `?dot=${r.scoring.stage}` : ""}`,
      action: "Phân công chấm",
    });
  }
}

/** Every round's to-dos, most pressing first: overdue, then to do now, soon, in progress; by due date within each. */
export function organizerTodos(rounds: readonly RoundSnapshot[], today: string): Todo[] {
  const order = new Map(rounds.map((r, i) => [r.id, i]));
  return rounds
    .flatMap((r) => roundTodos(r, today))
    .map((t, i) => ({ t, i }))
    .sort(
      (a, b) =>
        SEVERITY_ORDER[a.t.severity] - SEVERITY_ORDER[b.t.severity] ||
        (a.t.due ?? "9999").localeCompare(b.t.due ?? "9999") ||
        order.get(a.t.roundId)! - order.get(b.t.roundId)! ||
        a.i - b.i,
    )
    .map(({ t }) => t);
}
