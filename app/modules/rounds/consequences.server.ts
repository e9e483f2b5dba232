/**
 * What a one-way action on a round will do, with numbers, and the confirmation it needs
 * (docs/decisions/0022-confirmations.md). Each consequence is computed with a few set-based
 * counts; its `state` is what the confirmation token is bound to, so the action is refused when
 * the facts the person confirmed have changed.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { certificates, councilVerdicts, entries, recognitionDecisions, scoreSheets, type RoundStatus } from "~db/schema";
import { checkConfirmation, CONFIRM_FIELD, ConfirmError, signConfirmation } from "~/lib/confirm.server";
import { formatDate, todayInVietnam } from "~/lib/dates";
import { db } from "~/lib/db.server";
import { forbidden } from "~/lib/http.server";
import { hasRole, type Principal } from "~/lib/permissions";
import { publicAddressProblem } from "~/modules/certificates/certificates.server";
import { roundAssignment } from "~/modules/councils/councils.server";
import { currentStage, isStageClosed, resultsAccess } from "~/modules/scoring/scoring.server";
import { canMoveRound, FROZEN_ONCE_SCORING, roundTransitionProblems, SETTING_LABELS } from "./rounds";
import { getRoundForOrganizer, type Round } from "./rounds.server";
import { PairSet } from "~/lib/pair-map";

/** The guarded actions, by the key used in URLs (?hanh-dong=…) and tokens. */
export const GUARDED_ACTIONS = ["mo-nhan-ho-so", "dong-nhan-ho-so", "bat-dau-cham", "luu-tru", "cap-giay-chung-nhan", "khoa-vong-cham", "cong-bo"] as const;
export type GuardedAction = (typeof GUARDED_ACTIONS)[number];

export function isGuardedAction(v: unknown): v is GuardedAction {
  return typeof v === "string" && (GUARDED_ACTIONS as readonly string[]).includes(v);
}

/**
 * Status moves of the settings page that need a confirmation: those with no way back (opening a
 * draft round, starting to score, archiving) and closing intake (producers are told; drafts stop).
 * Reopening intake and moving between scoring and review are undone by the opposite move.
 */
export const GUARDED_MOVES: Partial<Record<GuardedAction, { from: RoundStatus; to: RoundStatus }>> = {
  "mo-nhan-ho-so": { from: "draft", to: "open" },
  "dong-nhan-ho-so": { from: "open", to: "intake_closed" },
  "bat-dau-cham": { from: "intake_closed", to: "scoring" },
  "luu-tru": { from: "published", to: "archived" },
};

/** The confirmation a status move needs, or null when it can be undone. */
export function statusConfirmation(from: RoundStatus, to: RoundStatus): GuardedAction | null {
  for (const [action, m] of Object.entries(GUARDED_MOVES)) if (m.from === from && m.to === to) return action as GuardedAction;
  return null;
}
const STATUS_OF: Partial<Record<GuardedAction, RoundStatus>> = Object.fromEntries(Object.entries(GUARDED_MOVES).map(([k, v]) => [k, v.to]));

export interface Consequence {
  action: GuardedAction;
  roundId: number;
  roundTitle: string;
  /** The question, e.g. "Đóng nhận hồ sơ?". */
  title: string;
  /** What will happen, with numbers. */
  lines: string[];
  /** Why the action would be refused right now (the confirm button is then not offered). */
  blocked: string[];
  confirmLabel: string;
  /** Where the confirmed form posts, and its fixed fields. */
  target: string;
  fields: Record<string, string>;
  /** Fields the person fills on the page of the action that go along (e.g. issuedOn). */
  passThrough: string[];
  /** A reason the person must give (closing a stage with sheets missing). */
  reason: { label: string; required: boolean } | null;
  /** The page to go back to. */
  back: string;
  /** What the token is bound to. */
  state: string;
  /** The round's version when computed (the move is refused if it changed meanwhile). */
  roundVersion: number;
  /** The numbers stated, for the result message (e.g. { recognised: 5, establishments: 12 }). */
  facts?: Record<string, number>;
}

const n = (x: number) => x.toLocaleString("vi-VN");

/** Whole days from a to b (YYYY-MM-DD), positive when b is later. */
function daysBetween(a: string, b: string): number {
  return Math.round((Date.UTC(+b.slice(0, 4), +b.slice(5, 7) - 1, +b.slice(8, 10)) - Date.UTC(+a.slice(0, 4), +a.slice(5, 7) - 1, +a.slice(8, 10))) / 86_400_000);
}

function countEntries(roundId: number, statuses: string[]): number {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(entries)
    .where(and(eq(entries.roundId, roundId), inArray(entries.status, statuses as never[])))
    .get()!.n;
}

/** Drafts of the round and how many establishments hold them (not yet told / all). */
export function draftFacts(roundId: number) {
  const row = db
    .select({
      drafts: sql<number>`count(*)`,
      establishments: sql<number>`count(distinct d.establishment_id)`,
      // Spelled out: in a one-table select drizzle writes columns unqualified, and "id" inside the
      // subquery would be the audit row's.
      notNotified: sql<number>`count(distinct case when not exists (select 1 from audit_log a where a.action = 'entry.intake_closed_notice' and a.object_type = 'entry' and a.object_id = cast(d.id as text)) then d.establishment_id end)`,
    })
    .from(sql`${entries} d`)
    .where(sql`d.round_id = ${roundId} and d.status = 'draft'`)
    .get()!;
  return { drafts: row.drafts, establishments: row.establishments, toNotify: row.notNotified };
}

function statusConsequence(round: Round, action: GuardedAction, today: string): Omit<Consequence, "target" | "fields" | "passThrough" | "reason" | "back" | "roundId" | "roundTitle" | "action" | "roundVersion"> {
  const to = STATUS_OF[action]!;
  const blocked: string[] = [];
  if (round.status !== GUARDED_MOVES[action]!.from || !canMoveRound(round.status, to)) blocked.push("Kỳ bình chọn không còn ở trạng thái cho phép thao tác này. Hãy tải lại trang.");
  const lines: string[] = [];
  let facts = "";
  if (action === "mo-nhan-ho-so") {
    blocked.push(...roundTransitionProblems("open", { registrationOpensOn: round.registrationOpensOn, registrationClosesOn: round.registrationClosesOn, acceptedEntries: 0, pendingIntake: 0, judges: 0, minJudges: 0 }));
    lines.push(
      `Các cơ sở trong phạm vi kỳ bình chọn sẽ thấy và đăng ký được sản phẩm, hạn nộp hồ sơ ${formatDate(round.registrationClosesOn)}.`,
      "Kỳ bình chọn không trở lại bản nháp được nữa.",
    );
    return { title: "Mở nhận hồ sơ?", lines, blocked, confirmLabel: "Xác nhận mở nhận hồ sơ", state: `${round.status}:${round.version}` };
  }
  if (action === "dong-nhan-ho-so") {
    const d = draftFacts(round.id);
    const pending = countEntries(round.id, ["submitted", "needs_completion"]);
    if (d.drafts) {
      lines.push(`${n(d.drafts)} hồ sơ nháp của ${n(d.establishments)} cơ sở sẽ không được nộp nữa.`);
      lines.push(
        d.toNotify === d.establishments
          ? `${n(d.toNotify)} cơ sở sẽ được thông báo (trong ứng dụng và qua email).`
          : d.toNotify === 0
            ? `Không cơ sở nào cần thông báo thêm: ${n(d.establishments)} cơ sở đã được thông báo lần đóng trước.`
            : `${n(d.toNotify)} cơ sở sẽ được thông báo (trong ứng dụng và qua email); ${n(d.establishments - d.toNotify)} cơ sở đã được thông báo lần đóng trước.`,
      );
    } else lines.push("Không có hồ sơ nháp nào đang chờ nộp.");
    if (pending) lines.push(`${n(pending)} hồ sơ đã nộp vẫn được xử lý tiếp nhận như thường.`);
    if (round.registrationClosesOn && today < round.registrationClosesOn) {
      lines.push(`Hạn nộp đã công bố là ${formatDate(round.registrationClosesOn)}: đóng sớm ${n(daysBetween(today, round.registrationClosesOn))} ngày.`);
    }
    lines.push("Có thể mở lại nhận hồ sơ sau, nhưng thông báo đã gửi không thu hồi được.");
    facts = `:${d.drafts}:${d.toNotify}`;
    return { title: "Đóng nhận hồ sơ?", lines, blocked, confirmLabel: "Xác nhận đóng nhận hồ sơ", state: `${round.status}:${round.version}${facts}` };
  }
  if (action === "bat-dau-cham") {
    const { plan, judges } = roundAssignment(round.id, 1);
    const pending = countEntries(round.id, ["submitted", "needs_completion"]);
    blocked.push(
      ...roundTransitionProblems("scoring", {
        registrationOpensOn: round.registrationOpensOn,
        registrationClosesOn: round.registrationClosesOn,
        acceptedEntries: plan.entries.length,
        pendingIntake: pending,
        judges: judges.length,
        minJudges: round.minJudgesPerEntry,
      }),
    );
    const unassigned = plan.entries.filter((e) => e.judges.length === 0).length;
    lines.push(`Sau khi bắt đầu chấm, các thiết lập bị khóa: ${FROZEN_ONCE_SCORING.map((k) => SETTING_LABELS[k]).join(", ")}.`);
    lines.push(`${n(plan.entries.length)} hồ sơ hợp lệ sẽ được chấm bởi ${n(judges.length)} giám khảo (${n(plan.pairs.length)} phiếu chấm).`);
    if (plan.understaffed.length) {
      lines.push(
        `${n(plan.understaffed.length)} hồ sơ có ít hơn ${n(round.minJudgesPerEntry)} giám khảo${unassigned ? `, trong đó ${n(unassigned)} hồ sơ chưa có giám khảo nào` : ""}: hãy xem lại phân công.`,
      );
    }
    lines.push("Không thể quay lại giai đoạn nhận hồ sơ.");
    facts = `:${plan.entries.length}:${judges.length}:${plan.pairs.length}`;
    return { title: "Bắt đầu chấm điểm?", lines, blocked, confirmLabel: "Xác nhận bắt đầu chấm", state: `${round.status}:${round.version}${facts}` };
  }
  // luu-tru
  lines.push("Kỳ bình chọn chuyển vào lưu trữ: kết quả đã công bố và giấy chứng nhận vẫn tra cứu được, nhưng không thao tác thêm được nữa.", "Không thể bỏ lưu trữ.");
  return { title: "Lưu trữ kỳ bình chọn?", lines, blocked, confirmLabel: "Xác nhận lưu trữ", state: `${round.status}:${round.version}` };
}

/** Certificates the bulk issue would create (recognised with a decision, none yet) and those issued. */
export function certificateFacts(roundId: number) {
  const row = db
    .select({
      missing: sql<number>`coalesce(sum(case when ${certificates.id} is null and ${councilVerdicts.decisionId} is not null then 1 else 0 end), 0)`,
      issued: sql<number>`coalesce(sum(case when ${certificates.id} is not null then 1 else 0 end), 0)`,
      withoutDecision: sql<number>`coalesce(sum(case when ${certificates.id} is null and ${councilVerdicts.decisionId} is null then 1 else 0 end), 0)`,
    })
    .from(entries)
    .innerJoin(councilVerdicts, and(eq(councilVerdicts.entryId, entries.id), eq(councilVerdicts.recognised, true)))
    .leftJoin(certificates, eq(certificates.entryId, entries.id))
    .where(eq(entries.roundId, roundId))
    .get()!;
  return { missing: Number(row.missing), issued: Number(row.issued), withoutDecision: Number(row.withoutDecision) };
}

function submittedPairs(roundId: number, stage: number): PairSet<number> {
  // Thousands of rows at a national round: plain value arrays, no key string per pair.
  const rows = db
    .select({ entryId: scoreSheets.entryId, judgeId: scoreSheets.councilMemberId })
    .from(scoreSheets)
    .innerJoin(entries, eq(entries.id, scoreSheets.entryId))
    .where(and(eq(entries.roundId, roundId), eq(scoreSheets.stage, stage), eq(scoreSheets.status, "submitted")))
    .values() as [number, number][];
  const done = new PairSet<number>();
  for (const [entryId, judgeId] of rows) done.add(entryId, judgeId);
  return done;
}

/** Loads the round for this action, checking who may do it (404 outside the territory, 403 for other roles). */
function roundFor(p: Principal, roundId: number, action: GuardedAction): Round {
  if (action === "khoa-vong-cham") return resultsAccess(p, roundId).round as Round;
  if (!hasRole(p, "organizer")) forbidden("Chỉ cơ quan tổ chức kỳ bình chọn được thực hiện thao tác này.");
  return getRoundForOrganizer(p, roundId, { manage: true }).round;
}

/** What the action would do now on this round, for this person (who must be allowed to do it: 404/403 otherwise). */
export function consequenceOf(p: Principal, roundId: number, action: GuardedAction, today = todayInVietnam()): Consequence {
  const round = roundFor(p, roundId, action);
  const base = `/to-chuc/vong/${round.id}`;
  const common = { action, roundId: round.id, roundTitle: round.title, roundVersion: round.version };
  const status = STATUS_OF[action];
  if (status) {
    const c = statusConsequence(round, action, today);
    return { ...common, ...c, target: `${base}/thiet-lap`, fields: { intent: "status", to: status }, passThrough: [], reason: null, back: `${base}/thiet-lap` };
  }
  if (action === "cap-giay-chung-nhan") {
    const f = certificateFacts(round.id);
    const blocked = round.status === "published" ? [] : ["Chỉ cấp giấy chứng nhận cho kỳ bình chọn đã công bố kết quả."];
    const address = publicAddressProblem();
    if (address) blocked.push(address);
    const lines = [
      f.missing
        ? `${n(f.missing)} giấy chứng nhận sẽ được cấp số và tạo tệp PDF${f.issued ? ` (đã cấp ${n(f.issued)} giấy trước đó)` : ""}.`
        : `Không có giấy chứng nhận mới để cấp (đã cấp ${n(f.issued)} giấy); các tệp PDF còn thiếu sẽ được tạo lại.`,
      "Giấy chứng nhận đã cấp không xóa được, chỉ thu hồi được (kèm lý do, công khai trên trang xác thực).",
    ];
    if (f.withoutDecision) lines.push(`${n(f.withoutDecision)} sản phẩm được công nhận chưa gắn quyết định công nhận nên chưa được cấp.`);
    return {
      ...common,
      title: "Cấp giấy chứng nhận?",
      lines,
      blocked,
      confirmLabel: f.missing ? `Xác nhận cấp ${n(f.missing)} giấy` : "Xác nhận",
      target: `${base}/chung-nhan?index`,
      fields: { intent: "issue" },
      passThrough: ["issuedOn", "async"],
      reason: null,
      back: `${base}/chung-nhan`,
      state: `${round.status}:${round.version}:${f.missing}:${f.issued}`,
      facts: { missing: f.missing, issued: f.issued },
    };
  }
  if (action === "khoa-vong-cham") {
    const stage = currentStage(round);
    const blocked: string[] = [];
    if (round.status !== "scoring") blocked.push("Kỳ bình chọn không ở giai đoạn chấm điểm.");
    else if (isStageClosed(round.id, stage)) blocked.push("Vòng chấm này đã khóa.");
    const { plan } = roundAssignment(round.id, stage);
    const done = submittedPairs(round.id, stage);
    const missing = plan.pairs.filter((x) => !done.has(x.entryId, x.memberId)).length;
    const deciding = stage === round.scoringStages;
    const lines = [
      `${n(plan.entries.length)} sản phẩm, ${n(plan.pairs.length - missing)}/${n(plan.pairs.length)} phiếu đã nộp${missing ? `: còn ${n(missing)} phiếu chưa nộp sẽ không được tính` : ""}.`,
      "Sau khi khóa, giám khảo không sửa hay nộp phiếu được nữa (chỉ mở lại từng phiếu, kèm lý do); điểm của mọi giám khảo được hiển thị và kết quả được tính.",
      deciding ? "Kỳ bình chọn chuyển sang xét kết quả." : `Các sản phẩm đạt từ ${(round.passMarkTenths / 10).toString().replace(".", ",")} điểm vào vòng chấm 2.`,
    ];
    return {
      ...common,
      title: `Khóa vòng chấm${round.scoringStages === 2 ? ` ${stage}` : ""}?`,
      lines,
      blocked,
      confirmLabel: "Xác nhận khóa vòng chấm",
      target: `${base}/ket-qua`,
      fields: { intent: "close" },
      passThrough: ["reason"],
      reason: missing ? { label: "Lý do khóa khi còn thiếu phiếu (bắt buộc)", required: true } : null,
      back: `${base}/ket-qua`,
      state: `${round.status}:${round.version}:${stage}:${plan.pairs.length}:${missing}`,
      facts: { stage, entries: plan.entries.length, sheets: plan.pairs.length, missing },
    };
  }
  // cong-bo
  const scored = db
    .select({ id: entries.id, establishmentId: entries.establishmentId, stage: entries.stage, recognised: councilVerdicts.recognised })
    .from(entries)
    .leftJoin(councilVerdicts, eq(councilVerdicts.entryId, entries.id))
    .where(and(eq(entries.roundId, round.id), eq(entries.status, "scored")))
    .all();
  const recognised = scored.filter((e) => e.recognised === true).length;
  const leftOut = scored.filter((e) => e.recognised == null && e.stage < round.scoringStages).length;
  const notRecognised = scored.filter((e) => e.recognised === false).length + leftOut;
  const without = scored.filter((e) => e.recognised == null && e.stage >= round.scoringStages).length;
  const decision = db.select({ id: recognitionDecisions.id, number: recognitionDecisions.number }).from(recognitionDecisions).where(eq(recognitionDecisions.roundId, round.id)).get();
  const blocked: string[] = [];
  if (round.status !== "results_review") blocked.push("Chỉ công bố khi đã khóa vòng chấm và đang xét kết quả.");
  if (without) blocked.push(`Còn ${n(without)} sản phẩm chưa có quyết định của Hội đồng.`);
  if (recognised && !decision) blocked.push("Chưa ghi quyết định công nhận (số, ngày, người ký).");
  const establishments = new Set(scored.map((e) => e.establishmentId)).size;
  return {
    ...common,
    title: "Công bố kết quả?",
    lines: [
      `${n(recognised)} sản phẩm được công nhận${decision ? ` theo Quyết định số ${decision.number}` : ""}, ${n(notRecognised)} sản phẩm không được công nhận.`,
      `Kết quả hiển thị công khai; ${n(establishments)} cơ sở sẽ được thông báo (trong ứng dụng và qua email).`,
      "Không thể hủy công bố; sau khi cấp giấy chứng nhận, quyết định công nhận không sửa được nữa.",
    ],
    blocked,
    confirmLabel: "Xác nhận công bố",
    target: `${base}/ket-qua`,
    fields: { intent: "publish" },
    passThrough: [],
    reason: null,
    back: `${base}/ket-qua`,
    state: `${round.status}:${round.version}:${recognised}:${notRecognised}:${decision?.id ?? 0}`,
    facts: { recognised, notRecognised, establishments },
  };
}

/** The consequence and a token to confirm it (the confirm page and the dialog). */
export function confirmationFor(p: Principal, roundId: number, action: GuardedAction, now = new Date()) {
  const consequence = consequenceOf(p, roundId, action, todayInVietnam(now));
  const token = consequence.blocked.length ? null : signConfirmation({ userId: p.userId, roundId: consequence.roundId, action, state: consequence.state }, now.getTime());
  return { consequence, token };
}

/**
 * In the route action, before a one-way action: the posted token must confirm this action on
 * this round in its current state. Throws ConfirmError otherwise, nothing changed: 409 with the
 * reasons when the action is not possible now anyway, else 428 without a token, 400 for a
 * token of another action, round or person, 409 for an expired or stale one.
 * Returns the consequence (its numbers make the result message).
 */
export function requireConfirmation(form: FormData, p: Principal, roundId: number, action: GuardedAction, now = new Date()): Consequence {
  const consequence = consequenceOf(p, roundId, action, todayInVietnam(now));
  if (consequence.blocked.length) throw new ConfirmError(consequence.blocked.join(" "), 409);
  checkConfirmation(form.get(CONFIRM_FIELD), { userId: p.userId, roundId, action, state: consequence.state }, now.getTime());
  return consequence;
}
