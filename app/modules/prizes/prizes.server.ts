/**
 * Prizes of a round (issue 14): the declaration before scoring, the assignment after the council's
 * decision, the display data for the results pages, and the payment list (.xlsx) for the finance
 * office. Each use case checks the principal (the organizer managing the round), runs in one
 * transaction and writes its audit row there. See docs/decisions/0034-prizes.md.
 */
import { loadExcelJS } from "~/lib/exceljs.server";
import { and, eq, inArray } from "drizzle-orm";
import { adminUnits, councilVerdicts, entries as entriesTable, establishments, recognitionDecisions, results, rounds, type RoundPrize, type RoundStatus } from "~db/schema";
import { formatDate, formatDateTime } from "~/lib/dates";
import { db, type DbOrTx } from "~/lib/db.server";
import { forbidden, notFound } from "~/lib/http.server";
import { canManageRound, canOverseeRound, type Principal } from "~/lib/permissions";
import { audit } from "~/modules/audit/audit.server";
import { scoringEntries } from "~/modules/councils/councils.server";
import { roundScope } from "~/modules/rounds/rounds.server";
import { checkAssignment, PrizeDeclarationSchema, proposeByRank, totalVnd, type AwardChoice, type RankedEntry } from "./prizes";
import { amountInWords } from "./words";

export class PrizeError extends Error {
  constructor(
    message: string,
    public status = 400,
    public field = "_form",
    public fieldErrors?: Record<string, string>,
  ) {
    super(message);
  }
}

type Round = typeof rounds.$inferSelect;

/** Statuses in which the declaration may change: before scoring starts. */
export const DECLARABLE: readonly RoundStatus[] = ["draft", "open", "intake_closed"];

/** The round, for the organizer managing it; 403 for an overseeing body or its council, else 404. */
export function prizeRound(p: Principal, roundId: number, tx: DbOrTx = db): Round {
  const round = tx.select().from(rounds).where(eq(rounds.id, roundId)).get();
  if (!round) notFound("Không tìm thấy kỳ bình chọn này.");
  const scope = roundScope(round);
  if (canManageRound(p, scope)) return round;
  if (canOverseeRound(p, scope) || p.councils.some((c) => c.roundId === roundId)) forbidden("Chỉ cơ quan tổ chức kỳ bình chọn được quản lý giải thưởng.");
  notFound("Không tìm thấy kỳ bình chọn này.");
}

const declared = (round: Pick<Round, "prizes">): RoundPrize[] => round.prizes ?? [];

/* ------------------------------------------------------------------ */
/* Declaration                                                         */
/* ------------------------------------------------------------------ */

/** Saves the declared prizes (an empty list removes them). Only before scoring starts (409 after). */
export function saveDeclaration(p: Principal, roundId: number, prizes: RoundPrize[]): void {
  const parsed = PrizeDeclarationSchema.safeParse(prizes);
  if (!parsed.success) throw new PrizeError(parsed.error.issues[0]!.message, 400);
  db.transaction(
    (tx) => {
      const round = prizeRound(p, roundId, tx);
      if (!DECLARABLE.includes(round.status)) {
        throw new PrizeError("Kỳ bình chọn đã bắt đầu chấm điểm: giải thưởng phải công bố trước khi chấm và không sửa được nữa.", 409);
      }
      const value = parsed.data.length ? parsed.data : null;
      tx.update(rounds).set({ prizes: value, version: round.version + 1, updatedAt: new Date() }).where(eq(rounds.id, roundId)).run();
      audit(tx, { actorUserId: p.userId, action: "round.prizes", objectType: "round", objectId: roundId, data: { before: round.prizes ?? null, after: value } });
    },
    { behavior: "immediate" },
  );
}

/* ------------------------------------------------------------------ */
/* Assignment                                                          */
/* ------------------------------------------------------------------ */

interface DecidingEntry extends RankedEntry {
  productName: string;
  establishmentName: string;
  hasVerdict: boolean;
  prizeCode: string | null;
  prizeReason: string | null;
}

/** The deciding stage's entries with the stored results' rank, the council's verdict and any prize. */
function decidingEntries(tx: DbOrTx, round: Round): DecidingEntry[] {
  const list = scoringEntries(round.id, round.scoringStages, tx);
  const ids = list.map((e) => e.entryId);
  if (!ids.length) return [];
  const ranks = new Map(
    tx
      .select({ entryId: results.entryId, rank: results.rank })
      .from(results)
      .where(and(inArray(results.entryId, ids), eq(results.stage, round.scoringStages)))
      .all()
      .map((r) => [r.entryId, r.rank]),
  );
  const verdicts = new Map(tx.select().from(councilVerdicts).where(inArray(councilVerdicts.entryId, ids)).all().map((v) => [v.entryId, v]));
  return list.map((e) => {
    const v = verdicts.get(e.entryId);
    const rank = ranks.get(e.entryId) ?? null;
    return {
      entryId: e.entryId,
      votingCode: e.votingCode,
      productName: e.productName,
      establishmentName: e.establishmentName,
      rank,
      recognised: !!v?.recognised,
      hasVerdict: !!v,
      prizeCode: v?.prizeCode ?? null,
      prizeReason: v?.prizeReason ?? null,
    };
  });
}

/** Why prizes cannot be assigned now (null when they can). */
function assignBlocker(tx: DbOrTx, round: Round, list: readonly DecidingEntry[]): string | null {
  if (!declared(round).length) return "Kỳ bình chọn không công bố giải thưởng nào.";
  if (round.status === "published" || round.status === "archived") return "Kết quả đã công bố: không trao hoặc sửa giải thưởng được nữa.";
  if (round.status !== "results_review") return "Chỉ trao giải khi Hội đồng đã chấm xong (khóa vòng chấm quyết định) và đang xét kết quả.";
  const without = list.filter((e) => !e.hasVerdict);
  if (without.length) return `Còn ${without.length} sản phẩm chưa có quyết định của Hội đồng: ghi quyết định của Hội đồng trước khi trao giải.`;
  const decision = tx.select({ id: recognitionDecisions.id }).from(recognitionDecisions).where(eq(recognitionDecisions.roundId, round.id)).get();
  if (list.some((e) => e.recognised) && !decision) return "Chưa ghi quyết định công nhận (số, ngày, người ký): ghi quyết định trước khi trao giải.";
  if (!list.some((e) => e.recognised)) return "Không có sản phẩm nào được công nhận để trao giải.";
  return null;
}

/**
 * Records the prizes (council_verdicts.prize_code, prize_reason) for every entry of the deciding
 * stage in one transaction, audited. Only while results are reviewed, after the council's verdicts
 * and the recognition decision, before publication (409 otherwise). Entries not named keep the
 * rank proposal; a tie across a prize boundary is refused until the council breaks it.
 */
export function assignPrizes(p: Principal, roundId: number, choices: AwardChoice[]): void {
  db.transaction(
    (tx) => {
      const round = prizeRound(p, roundId, tx);
      const list = decidingEntries(tx, round);
      const blocker = assignBlocker(tx, round, list);
      if (blocker) throw new PrizeError(blocker, 409);
      const check = checkAssignment(declared(round), list, choices);
      if (!check.ok) {
        const field = Object.keys(check.errors).find((k) => k !== "_form") ?? "_form";
        throw new PrizeError(check.message, 400, check.errors._form ? "_form" : field, check.errors);
      }
      for (const a of check.awards) {
        tx.update(councilVerdicts).set({ prizeCode: a.prizeCode, prizeReason: a.reason }).where(eq(councilVerdicts.entryId, a.entryId)).run();
      }
      audit(tx, {
        actorUserId: p.userId,
        action: "prizes.assign",
        objectType: "round",
        objectId: roundId,
        data: { awards: check.awards.filter((a) => a.prizeCode || a.reason).map((a) => ({ entryId: a.entryId, prize: a.prizeCode, reason: a.reason })) },
      });
    },
    { behavior: "immediate" },
  );
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */
/* ------------------------------------------------------------------ */

/** One awarded prize, as shown and printed (serialisable). */
export interface AwardView {
  entryId: number;
  votingCode: string | null;
  productName: string;
  establishmentName: string;
  rank: number | null;
  prizeCode: string;
  prizeName: string;
  amountVnd: number;
  mode: RoundPrize["mode"];
  reason: string | null;
}

/** Saved prizes of recognised entries, best prize first, then rank. */
export function savedAwards(roundId: number, tx: DbOrTx = db): { prizes: RoundPrize[]; awards: AwardView[] } {
  const round = tx.select().from(rounds).where(eq(rounds.id, roundId)).get();
  if (!round) return { prizes: [], awards: [] };
  const prizes = declared(round);
  if (!prizes.length) return { prizes, awards: [] };
  const byCode = new Map(prizes.map((x, i) => [x.code, { ...x, order: i }]));
  const awards = decidingEntries(tx, round)
    .filter((e) => e.recognised && e.prizeCode && byCode.has(e.prizeCode))
    .map((e) => {
      const prize = byCode.get(e.prizeCode!)!;
      return {
        entryId: e.entryId,
        votingCode: e.votingCode,
        productName: e.productName,
        establishmentName: e.establishmentName,
        rank: e.rank,
        prizeCode: prize.code,
        prizeName: prize.name,
        amountVnd: prize.amountVnd,
        mode: prize.mode,
        reason: e.prizeReason,
      };
    })
    .sort((a, b) => byCode.get(a.prizeCode)!.order - byCode.get(b.prizeCode)!.order || (a.rank ?? 9999) - (b.rank ?? 9999) || a.entryId - b.entryId);
  return { prizes, awards };
}

/** The prize of each entry of a round (code → name), for the reports and certificates. */
export function prizeByEntry(roundId: number, tx: DbOrTx = db): Map<number, AwardView> {
  return new Map(savedAwards(roundId, tx).awards.map((a) => [a.entryId, a]));
}

/** What the results pages show (app/ui/results/Prizes.tsx): serialisable. */
export interface PrizesView {
  prizes: RoundPrize[];
  awards: AwardView[];
  /** The organizer's view shows the council's reasons and a link to the prizes page. */
  manage: boolean;
  roundId: number;
}

/**
 * The loader helper of the results pages: null when the round declares no prizes. The public view
 * (manage false) shows prizes of a published round only, without the council's reasons.
 */
export function prizesForResults(roundId: number, opts: { manage: boolean }): PrizesView | null {
  const round = db.select({ status: rounds.status }).from(rounds).where(eq(rounds.id, roundId)).get();
  if (!round) return null;
  if (!opts.manage && round.status !== "published" && round.status !== "archived") return null;
  const { prizes, awards } = savedAwards(roundId);
  if (!prizes.length) return null;
  return { prizes, awards: opts.manage ? awards : awards.map((a) => ({ ...a, reason: null })), manage: opts.manage, roundId };
}

/** The prizes page: declaration, the rank proposal, choices and the saved assignment. */
export function prizesPage(p: Principal, roundId: number) {
  const round = prizeRound(p, roundId);
  const prizes = declared(round);
  const list = round.status === "results_review" || round.status === "published" || round.status === "archived" ? decidingEntries(db, round) : [];
  const blocker = assignBlocker(db, round, list);
  const proposal = prizes.length && list.length ? proposeByRank(prizes, list) : null;
  const saved = savedAwards(roundId);
  return {
    round: { id: round.id, title: round.title, status: round.status, version: round.version, scoringStages: round.scoringStages },
    canManage: true,
    prizes,
    canDeclare: DECLARABLE.includes(round.status),
    canAssign: blocker == null,
    blocker: prizes.length ? blocker : null,
    proposal: proposal ? (proposal.ok ? { ok: true as const, byEntry: Object.fromEntries(proposal.byEntry) as Record<string, string> } : { ok: false as const, message: proposal.message, tiedEntryIds: proposal.tiedEntryIds }) : null,
    entries: list
      .filter((e) => e.recognised)
      .sort((a, b) => (a.rank ?? 9999) - (b.rank ?? 9999) || a.entryId - b.entryId)
      .map((e) => ({ entryId: e.entryId, votingCode: e.votingCode, productName: e.productName, establishmentName: e.establishmentName, rank: e.rank, prizeCode: e.prizeCode, prizeReason: e.prizeReason })),
    assigned: list.some((e) => e.prizeCode),
    awards: saved.awards,
    total: totalVnd(prizes, saved.awards.map((a) => a.prizeCode)),
  };
}

/* ------------------------------------------------------------------ */
/* Payment list                                                        */
/* ------------------------------------------------------------------ */

export interface PaymentRow extends AwardView {
  representative: string;
  address: string;
  bankAccountNo: string;
  bankName: string;
  bankAccountHolder: string;
  amountWords: string;
}

/** The awarded entries with what the finance office needs (establishment, address, bank details). */
export function paymentRows(roundId: number, tx: DbOrTx = db): PaymentRow[] {
  const { awards } = savedAwards(roundId, tx);
  if (!awards.length) return [];
  const info = new Map(
    tx
      .select({
        entryId: councilVerdicts.entryId,
        representative: establishments.representative,
        street: establishments.street,
        unitId: establishments.unitId,
        provinceId: establishments.provinceId,
        bankAccountNo: establishments.bankAccountNo,
        bankName: establishments.bankName,
        bankAccountHolder: establishments.bankAccountHolder,
      })
      .from(councilVerdicts)
      .innerJoin(entriesTable, eq(entriesTable.id, councilVerdicts.entryId))
      .innerJoin(establishments, eq(establishments.id, entriesTable.establishmentId))
      .where(inArray(councilVerdicts.entryId, awards.map((a) => a.entryId)))
      .all()
      .map((r) => [r.entryId, r]),
  );
  const unitIds = [...new Set([...info.values()].flatMap((r) => [r.unitId, r.provinceId]).filter((x): x is number => x != null))];
  const units = new Map(
    unitIds.length ? tx.select({ id: adminUnits.id, name: adminUnits.name, kind: adminUnits.kind }).from(adminUnits).where(inArray(adminUnits.id, unitIds)).all().map((u) => [u.id, `${u.kind} ${u.name}`]) : [],
  );
  return awards.map((a) => {
    const r = info.get(a.entryId);
    const address = r ? [r.street, r.unitId && r.unitId !== r.provinceId ? units.get(r.unitId) : null, r.provinceId ? units.get(r.provinceId) : null].filter(Boolean).join(", ") : "";
    return {
      ...a,
      representative: r?.representative ?? "",
      address,
      bankAccountNo: r?.bankAccountNo ?? "",
      bankName: r?.bankName ?? "",
      bankAccountHolder: r?.bankAccountHolder ?? "",
      amountWords: amountInWords(a.amountVnd),
    };
  });
}

/**
 * Danh sách chi trả tiền thưởng (.xlsx): STT, establishment, representative, address, product,
 * prize, amount (#,##0), amount in words, bank account number, bank, account holder; a total row
 * with the total in words. For the organizer managing the round; 409 while no prize is assigned.
 */
export async function paymentWorkbook(p: Principal, roundId: number, now = new Date()): Promise<{ fileName: string; buffer: Buffer }> {
  const round = prizeRound(p, roundId);
  if (!declared(round).length) throw new PrizeError("Kỳ bình chọn không công bố giải thưởng nào.", 409);
  const rows = paymentRows(roundId);
  if (!rows.length) throw new PrizeError("Chưa trao giải thưởng nào: chưa có danh sách chi trả.", 409);
  const decision = db.select().from(recognitionDecisions).where(eq(recognitionDecisions.roundId, roundId)).get();
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  wb.creator = "Hệ thống bình chọn sản phẩm CNNT tiêu biểu";
  wb.created = now;
  wb.title = `Danh sách chi trả tiền thưởng – ${round.title}`;
  const ws = wb.addWorksheet("Chi trả", { pageSetup: { orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const columns = [
    { header: "STT", width: 6 },
    { header: "Cơ sở sản xuất", width: 30 },
    { header: "Người đại diện", width: 22 },
    { header: "Địa chỉ", width: 36 },
    { header: "Sản phẩm", width: 30 },
    { header: "Giải thưởng", width: 16 },
    { header: "Số tiền (đồng)", width: 16 },
    { header: "Số tiền bằng chữ", width: 40 },
    { header: "Số tài khoản", width: 20 },
    { header: "Ngân hàng", width: 28 },
    { header: "Chủ tài khoản", width: 24 },
  ];
  columns.forEach((c, i) => (ws.getColumn(i + 1).width = c.width));
  const title = ws.addRow(["DANH SÁCH CHI TRẢ TIỀN THƯỞNG"]);
  title.font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, columns.length);
  title.getCell(1).alignment = { horizontal: "center" };
  const sub = ws.addRow([round.title]);
  ws.mergeCells(2, 1, 2, columns.length);
  sub.getCell(1).alignment = { horizontal: "center", wrapText: true };
  const basis = ws.addRow([decision ? `Kèm theo Quyết định công nhận số ${decision.number} ngày ${formatDate(decision.signedOn)} của ${decision.issuer}` : "Quyết định công nhận: chưa ban hành"]);
  ws.mergeCells(3, 1, 3, columns.length);
  basis.getCell(1).alignment = { horizontal: "center", wrapText: true };
  basis.font = { italic: true };
  ws.addRow([]);
  const header = ws.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.height = 32;
  header.eachCell((cell) => {
    cell.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF1EFEA" } };
    cell.border = { top: { style: "thin" }, bottom: { style: "thin" }, left: { style: "thin" }, right: { style: "thin" } };
  });
  ws.views = [{ state: "frozen", ySplit: header.number }];
  rows.forEach((r, i) => {
    const row = ws.addRow([
      i + 1,
      r.establishmentName,
      r.representative,
      r.address,
      r.productName,
      r.prizeName,
      r.amountVnd,
      r.amountWords,
      r.bankAccountNo,
      r.bankName,
      r.bankAccountHolder,
    ]);
    row.alignment = { vertical: "top", wrapText: true };
    row.getCell(1).alignment = { vertical: "top", horizontal: "center" };
    row.getCell(7).numFmt = "#,##0";
    row.getCell(9).numFmt = "@";
  });
  const total = rows.reduce((s, r) => s + r.amountVnd, 0);
  const totalRow = ws.addRow(["", "Tổng cộng", "", "", "", `${rows.length} giải`, total, amountInWords(total), "", "", ""]);
  totalRow.font = { bold: true };
  totalRow.getCell(7).numFmt = "#,##0";
  totalRow.alignment = { vertical: "top", wrapText: true };
  ws.addRow([]);
  ws.addRow([`Bằng chữ: ${amountInWords(total)}.`]).font = { italic: true };
  ws.addRow([`Lập lúc ${formatDateTime(now)}. Thông tin tài khoản do cơ sở tự khai trong hồ sơ cơ sở; ô trống là cơ sở chưa khai.`]).font = { italic: true, size: 9 };
  return { fileName: `chi-tra-tien-thuong-${round.year}-ky-${round.id}.xlsx`, buffer: Buffer.from(await wb.xlsx.writeBuffer()) };
}

/**
 * Why the round cannot be published yet because of its prizes (null: nothing in the way): prizes
 * were declared but none awarded, or the saved awards no longer follow the ranks (a tie-break vote
 * recorded after they were saved) without a reason. Called by publishRound inside its transaction.
 */
export function publishPrizeProblem(tx: DbOrTx, round: Round): string | null {
  const prizes = declared(round);
  if (!prizes.length) return null;
  const list = decidingEntries(tx, round);
  if (!list.some((e) => e.recognised)) return null;
  if (!list.some((e) => e.prizeCode)) return "Kỳ bình chọn đã công bố giải thưởng nhưng chưa trao giải: vào mục Giải thưởng để xếp giải trước khi công bố kết quả.";
  const check = checkAssignment(
    prizes,
    list,
    list.map((e) => ({ entryId: e.entryId, prizeCode: e.prizeCode ?? null, reason: e.prizeReason ?? "" })),
  );
  return check.ok ? null : `Việc trao giải đã lưu không còn khớp với thứ hạng hiện tại (${check.message}). Vào mục Giải thưởng để lưu lại trước khi công bố.`;
}
