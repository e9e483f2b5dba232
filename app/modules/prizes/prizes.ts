/**
 * Prizes of a round (issue 14), the pure parts: the declaration (name, count, amount, by rank or by
 * the council's choice) and the assignment. No database, no clock; shared by the server and the
 * page, unit-tested in tests/unit/prizes.test.ts. See docs/decisions/0034-prizes.md.
 *
 * Assignment: the recognised entries of the deciding stage, in the order of the stored results'
 * rank (which already reflects a recorded tie-break vote), fill the "rank" prizes in declared
 * order. Entries sharing a rank that straddle a boundary (the last seats of a prize, or the last
 * prize seat and no prize) cannot be split by rank: the council breaks the tie first with the
 * declared tie-break. "council" prizes are given by the council's choice, each with a reason; a
 * council may also depart from the rank proposal, saying why.
 */
import { z } from "zod";
import type { RoundPrize } from "~db/schema";

export type { RoundPrize };

export const MAX_PRIZES = 10;
/** Rows of the declaration form without JavaScript (empty rows are ignored). */
export const FORM_ROWS = 6;
export const MAX_PRIZE_COUNT = 1000;
/** 100 billion đồng: far above any prize, well inside exact integers. */
export const MAX_AMOUNT_VND = 100_000_000_000;

export const PRIZE_MODE_LABELS: Record<RoundPrize["mode"], string> = {
  rank: "Theo thứ hạng",
  council: "Hội đồng chọn",
};

/** Field names of the declaration form, row i (0-based). */
export const PRIZE_FIELDS = {
  code: (i: number) => `p_code_${i}`,
  name: (i: number) => `p_name_${i}`,
  count: (i: number) => `p_count_${i}`,
  amount: (i: number) => `p_amount_${i}`,
  mode: (i: number) => `p_mode_${i}`,
} as const;

/** Field names of the assignment form, per entry. */
export const AWARD_FIELDS = {
  prize: (entryId: number) => `a_prize_${entryId}`,
  reason: (entryId: number) => `a_reason_${entryId}`,
} as const;

/** "5.000.000" from 5000000 (Vietnamese thousands separator). */
export function formatVnd(amount: number): string {
  const s = String(Math.trunc(Math.abs(amount)));
  return `${amount < 0 ? "-" : ""}${s.replace(/\B(?=(\d{3})+(?!\d))/g, ".")}`;
}

/** A whole number typed by a person: "5.000.000", "5 000 000", "5,000,000" or "5000000"; null if it is not one. */
export function parseWhole(raw: string): number | null {
  const v = raw.normalize("NFC").trim().replace(/\s*(đồng|đ|vnd|vnđ)\s*$/i, "");
  if (!/^\d{1,3}([.,\s]\d{3})*$/.test(v) && !/^\d+$/.test(v)) return null;
  const n = Number(v.replace(/[.,\s]/g, ""));
  return Number.isSafeInteger(n) ? n : null;
}

const text = (v: unknown) => (typeof v === "string" ? v : "").normalize("NFC").replace(/\s+/g, " ").trim();

const PrizeRow = z.object({
  code: z
    .string()
    .transform((v) => v.toLocaleUpperCase("vi-VN"))
    .pipe(z.string().min(1, "Nhập ký hiệu giải (ví dụ A, B, C, KK).").max(10, "Ký hiệu giải tối đa 10 ký tự.").regex(/^[\p{L}\p{N}]+$/u, "Ký hiệu giải chỉ gồm chữ và số, không có dấu cách.")),
  name: z.string().min(1, "Nhập tên giải (ví dụ Giải A).").max(80, "Tên giải tối đa 80 ký tự."),
  count: z
    .number({ invalid_type_error: "Số giải phải là số nguyên từ 1 trở lên." })
    .int("Số giải phải là số nguyên từ 1 trở lên.")
    .min(1, "Số giải phải là số nguyên từ 1 trở lên.")
    .max(MAX_PRIZE_COUNT, `Số giải tối đa ${MAX_PRIZE_COUNT}.`),
  amountVnd: z
    .number({ invalid_type_error: "Số tiền mỗi giải phải là số đồng nguyên, từ 0 trở lên (ví dụ 5.000.000)." })
    .int("Số tiền mỗi giải phải là số đồng nguyên (không có phần lẻ).")
    .min(0, "Số tiền mỗi giải không được âm.")
    .max(MAX_AMOUNT_VND, `Số tiền mỗi giải tối đa ${formatVnd(MAX_AMOUNT_VND)} đồng.`),
  mode: z.enum(["rank", "council"], { errorMap: () => ({ message: "Chọn cách trao giải: theo thứ hạng hoặc Hội đồng chọn." }) }),
});

/** A declaration as stored (best first), checked: 0 to 10 prizes, unique codes and names. */
export const PrizeDeclarationSchema = z
  .array(PrizeRow)
  .max(MAX_PRIZES, `Tối đa ${MAX_PRIZES} loại giải.`)
  .superRefine((list, ctx) => {
    const seen = new Map<string, number>();
    const names = new Map<string, number>();
    list.forEach((p, i) => {
      if (seen.has(p.code)) ctx.addIssue({ code: "custom", path: [i, "code"], message: `Ký hiệu giải "${p.code}" bị trùng với dòng ${seen.get(p.code)! + 1}.` });
      else seen.set(p.code, i);
      const key = p.name.toLocaleLowerCase("vi-VN");
      if (names.has(key)) ctx.addIssue({ code: "custom", path: [i, "name"], message: `Tên giải "${p.name}" bị trùng với dòng ${names.get(key)! + 1}.` });
      else names.set(key, i);
    });
  });

export type DeclarationParse =
  | { ok: true; prizes: RoundPrize[] }
  | { ok: false; message: string; errors: Record<string, string> };

/**
 * The declaration form's rows (p_code_0, p_name_0, ...; up to `rows` rows) as prizes. A row left
 * entirely empty is ignored; every other row must be complete. Errors are keyed by field name.
 */
export function parseDeclarationForm(fields: Record<string, unknown>, rows = MAX_PRIZES * 2): DeclarationParse {
  const errors: Record<string, string> = {};
  const raw: { row: number; code: string; name: string; count: number | null; amountVnd: number | null; mode: string; countRaw: string; amountRaw: string }[] = [];
  for (let i = 0; i < rows; i++) {
    const code = text(fields[PRIZE_FIELDS.code(i)]);
    const name = text(fields[PRIZE_FIELDS.name(i)]);
    const countRaw = text(fields[PRIZE_FIELDS.count(i)]);
    const amountRaw = text(fields[PRIZE_FIELDS.amount(i)]);
    const mode = text(fields[PRIZE_FIELDS.mode(i)]) || "rank";
    if (!code && !name && !countRaw && !amountRaw) continue;
    raw.push({ row: i, code, name, countRaw, amountRaw, count: countRaw ? parseWhole(countRaw) : null, amountVnd: amountRaw ? parseWhole(amountRaw) : null, mode });
  }
  for (const r of raw) {
    if (!r.countRaw) errors[PRIZE_FIELDS.count(r.row)] = "Nhập số giải (số nguyên từ 1 trở lên).";
    else if (r.count == null) errors[PRIZE_FIELDS.count(r.row)] = "Số giải phải là số nguyên từ 1 trở lên.";
    if (!r.amountRaw) errors[PRIZE_FIELDS.amount(r.row)] = "Nhập số tiền mỗi giải (đồng; nhập 0 nếu giải không có tiền thưởng).";
    else if (r.amountVnd == null) errors[PRIZE_FIELDS.amount(r.row)] = "Số tiền mỗi giải phải là số đồng nguyên, từ 0 trở lên (ví dụ 5.000.000).";
  }
  if (raw.length > MAX_PRIZES) return { ok: false, message: `Tối đa ${MAX_PRIZES} loại giải.`, errors: { _form: `Tối đa ${MAX_PRIZES} loại giải.` } };
  const candidate = raw.map((r) => ({ code: r.code, name: r.name, count: r.count ?? NaN, amountVnd: r.amountVnd ?? NaN, mode: r.mode }));
  const parsed = PrizeDeclarationSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [i, key] = issue.path as [number, keyof typeof PRIZE_FIELDS | undefined];
      if (typeof i !== "number" || !key) {
        errors._form ??= issue.message;
        continue;
      }
      const field = PRIZE_FIELDS[key === ("amountVnd" as string) ? "amount" : key]?.(raw[i]!.row) ?? "_form";
      errors[field] ??= issue.message;
    }
  }
  if (Object.keys(errors).length) {
    const first = Object.values(errors)[0]!;
    return { ok: false, message: `Bảng giải thưởng chưa hợp lệ: ${first}`, errors };
  }
  return { ok: true, prizes: parsed.success ? parsed.data : [] };
}

/* ------------------------------------------------------------------ */
/* Assignment                                                          */
/* ------------------------------------------------------------------ */

export interface RankedEntry {
  entryId: number;
  votingCode: string | null;
  /** The stored results' rank in the deciding stage (null: not ranked). */
  rank: number | null;
  /** The council recognised it. Only recognised entries receive prizes. */
  recognised: boolean;
}

export type Proposal =
  | { ok: true; byEntry: Map<number, string> }
  | { ok: false; message: string; tiedEntryIds: number[] };

const codeOrder = new Intl.Collator("vi", { numeric: true });
const label = (e: RankedEntry) => e.votingCode ?? `#${e.entryId}`;

/** The recognised, ranked entries in rank order (voting code among equals). */
export function rankOrder(entries: readonly RankedEntry[]): RankedEntry[] {
  return entries
    .filter((e) => e.recognised && e.rank != null)
    .sort((a, b) => a.rank! - b.rank! || codeOrder.compare(a.votingCode ?? "~", b.votingCode ?? "~") || a.entryId - b.entryId);
}

/**
 * The "rank" prizes filled in rank order. Refused (with the tied entries named) when entries
 * sharing a rank straddle a boundary: some would get one prize and some another or none.
 */
export function proposeByRank(prizes: readonly RoundPrize[], entries: readonly RankedEntry[]): Proposal {
  const seats = prizes.filter((p) => p.mode === "rank").flatMap((p) => Array.from({ length: p.count }, () => p));
  const order = rankOrder(entries);
  const byEntry = new Map<number, string>();
  let i = 0;
  while (i < order.length && i < seats.length) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]!.rank === order[i]!.rank) j++;
    const group = order.slice(i, j + 1);
    const prizesOfGroup = group.map((_, k) => seats[i + k]?.code ?? null);
    if (new Set(prizesOfGroup).size > 1) {
      const names = group.map(label).join(", ");
      const given = prizes.filter((p) => prizesOfGroup.includes(p.code)).map((p) => `${p.name} (${prizesOfGroup.filter((c) => c === p.code).length})`);
      const none = prizesOfGroup.filter((c) => c == null).length;
      return {
        ok: false,
        tiedEntryIds: group.map((e) => e.entryId),
        message:
          `${names} cùng xếp hạng ${group[0]!.rank} nhưng số giải còn lại chỉ đủ chia thành: ${[...given, ...(none ? [`không có giải (${none})`] : [])].join(", ")}. ` +
          "Hội đồng cần phân định đồng điểm theo quy tắc đã công bố (kể cả biểu quyết phân định đồng điểm) trước khi trao giải theo thứ hạng.",
      };
    }
    group.forEach((e, k) => {
      const code = seats[i + k]?.code;
      if (code) byEntry.set(e.entryId, code);
    });
    i = j + 1;
  }
  return { ok: true, byEntry };
}

export interface AwardChoice {
  entryId: number;
  /** "" or null: no prize. */
  prizeCode: string | null;
  reason: string;
}

export type AssignmentCheck =
  | { ok: true; awards: { entryId: number; prizeCode: string | null; reason: string | null }[] }
  | { ok: false; message: string; errors: Record<string, string> };

/**
 * Checks the council's assignment against the declaration and the rank proposal: every prize is
 * declared, goes to a recognised entry, no more than its count; a "council" prize and any departure
 * from the rank proposal carry a reason. Entries not named keep the proposal.
 */
export function checkAssignment(prizes: readonly RoundPrize[], entries: readonly RankedEntry[], choices: readonly AwardChoice[]): AssignmentCheck {
  const proposal = proposeByRank(prizes, entries);
  if (!proposal.ok) return { ok: false, message: proposal.message, errors: { _form: proposal.message } };
  const byCode = new Map(prizes.map((p) => [p.code, p]));
  const byId = new Map(entries.map((e) => [e.entryId, e]));
  const chosen = new Map(choices.map((c) => [c.entryId, c]));
  const errors: Record<string, string> = {};
  const awards: { entryId: number; prizeCode: string | null; reason: string | null }[] = [];
  for (const c of choices) {
    const e = byId.get(c.entryId);
    if (!e) return { ok: false, message: "Có sản phẩm không thuộc vòng chấm quyết định của kỳ bình chọn.", errors: { _form: "Có sản phẩm không thuộc vòng chấm quyết định của kỳ bình chọn." } };
    if (c.prizeCode && !byCode.has(c.prizeCode)) errors[AWARD_FIELDS.prize(e.entryId)] = `Giải "${c.prizeCode}" không có trong bảng giải thưởng đã công bố.`;
    else if (c.prizeCode && !e.recognised) errors[AWARD_FIELDS.prize(e.entryId)] = `${label(e)} không được công nhận nên không nhận giải.`;
  }
  for (const e of entries) {
    const c = chosen.get(e.entryId);
    const proposed = proposal.byEntry.get(e.entryId) ?? null;
    const code = c ? c.prizeCode || null : proposed;
    const reason = (c?.reason ?? "").normalize("NFC").replace(/\s+/g, " ").trim().slice(0, 1000);
    if (!code && !proposed) {
      awards.push({ entryId: e.entryId, prizeCode: null, reason: null });
      continue;
    }
    const prize = code ? byCode.get(code) : undefined;
    if (code && !prize) continue; // reported above
    const departs = code !== proposed;
    if (!reason && prize?.mode === "council") errors[AWARD_FIELDS.reason(e.entryId)] ??= `Ghi lý do Hội đồng chọn ${label(e)} cho ${prize.name}.`;
    else if (!reason && departs) {
      const proposedName = proposed ? byCode.get(proposed)?.name : null;
      errors[AWARD_FIELDS.reason(e.entryId)] ??= proposedName
        ? `${label(e)} theo thứ hạng nhận ${proposedName}: ghi lý do nếu Hội đồng trao khác.`
        : `${label(e)} theo thứ hạng không nhận giải này: ghi lý do Hội đồng trao giải.`;
    }
    awards.push({ entryId: e.entryId, prizeCode: code, reason: reason || null });
  }
  for (const p of prizes) {
    const n = awards.filter((a) => a.prizeCode === p.code).length;
    if (n > p.count) errors._form ??= `${p.name} chỉ có ${p.count} giải nhưng đang trao cho ${n} sản phẩm.`;
  }
  if (Object.keys(errors).length) {
    const first = errors._form ?? Object.values(errors)[0]!;
    return { ok: false, message: first, errors };
  }
  return { ok: true, awards };
}

/** The total of a set of awards, in đồng. */
export function totalVnd(prizes: readonly RoundPrize[], codes: readonly (string | null)[]): number {
  const amount = new Map(prizes.map((p) => [p.code, p.amountVnd]));
  return codes.reduce((s, c) => s + (c ? (amount.get(c) ?? 0) : 0), 0);
}
