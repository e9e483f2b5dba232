/**
 * Promotion to the next level ("liên thông"): the lower organizer nominates some of its recognised
 * entries whose recognition is still valid; each nomination creates an entry in the higher round,
 * status "nominated", whose dossier references the same files (nothing is typed or uploaded
 * again). The producer confirms it and adds what the higher level needs.
 */
import { and, eq, inArray, isNull, ne, sql, type SQLWrapper } from "drizzle-orm";
import {
  certificates,
  councilVerdicts,
  dossierDocuments,
  entries,
  entryEvents,
  establishments,
  organizingBodies,
  products,
  recognitionDecisions,
  rounds,
  type RoundLevel,
} from "~db/schema";
import { todayInVietnam } from "~/lib/dates";
import { db, type DbOrTx } from "~/lib/db.server";
import { forbidden, notFound } from "~/lib/http.server";
import { deliverMail } from "~/lib/mail.server";
import { canManageRound, type Principal } from "~/lib/permissions";
import { audit } from "~/modules/audit/audit.server";
import { bodyUserIds, establishmentUserIds, notifyUsers } from "~/modules/notify/notify.server";
import { getRoundForOrganizer, roundScope } from "~/modules/rounds/rounds.server";
import { provinceIdOf } from "~/modules/units/units.server";

export class PromotionError extends Error {
  constructor(
    message: string,
    public status = 400,
    public field = "_form",
  ) {
    super(message);
  }
}

export const NEXT_LEVEL: Record<RoundLevel, RoundLevel | null> = {
  commune: "province",
  district: "province",
  province: "region",
  region: "national",
  national: null,
};

type Round = typeof rounds.$inferSelect;

/** Adds months to a YYYY-MM-DD date (end-of-month safe). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number);
  const target = new Date(Date.UTC(y!, m! - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d!, last));
  return target.toISOString().slice(0, 10);
}

export interface Validity {
  valid: boolean;
  validUntil: string | null;
  reason: string | null;
  certificateNumber: string | null;
  decisionNumber: string | null;
}

/** Whether an entry's recognition is still valid on `today` (certificate first, else decision). */
export function recognitionValidity(tx: DbOrTx, entryId: number, today = todayInVietnam()): Validity {
  return recognitionValidities(tx, [entryId], today).get(entryId)!;
}

/** recognitionValidity for many entries, with five statements whatever their number. */
export function recognitionValidities(tx: DbOrTx, entryIds: readonly number[], today = todayInVietnam()): Map<number, Validity> {
  const ids = [...new Set(entryIds)];
  const out = new Map<number, Validity>();
  if (!ids.length) return out;
  const among = (col: SQLWrapper, list: readonly number[]) => sql`${col} in (select value from json_each(${JSON.stringify(list)}))`;
  const es = new Map(tx.select().from(entries).where(among(entries.id, ids)).all().map((e) => [e.id, e]));
  const roundIds = [...new Set([...es.values()].map((e) => e.roundId))];
  const rs = new Map((roundIds.length ? tx.select().from(rounds).where(among(rounds.id, roundIds)).all() : []).map((r) => [r.id, r]));
  const verdicts = new Map(tx.select().from(councilVerdicts).where(among(councilVerdicts.entryId, ids)).all().map((v) => [v.entryId, v]));
  const decisionIds = [...new Set([...verdicts.values()].flatMap((v) => (v.decisionId ? [v.decisionId] : [])))];
  const decisions = new Map((decisionIds.length ? tx.select().from(recognitionDecisions).where(among(recognitionDecisions.id, decisionIds)).all() : []).map((d) => [d.id, d]));
  const certs = new Map<number, typeof certificates.$inferSelect>();
  for (const c of tx.select().from(certificates).where(among(certificates.entryId, ids)).all()) if (!certs.has(c.entryId)) certs.set(c.entryId, c);
  for (const id of ids) {
    const e = es.get(id);
    const round = e ? rs.get(e.roundId) : undefined;
    const verdict = verdicts.get(id);
    out.set(id, validityOf(e, round, verdict?.decisionId ? decisions.get(verdict.decisionId) : undefined, certs.get(id), today));
  }
  return out;
}

function validityOf(
  e: typeof entries.$inferSelect | undefined,
  round: Round | undefined,
  decision: typeof recognitionDecisions.$inferSelect | undefined,
  cert: typeof certificates.$inferSelect | undefined,
  today: string,
): Validity {
  const none = { valid: false, validUntil: null, certificateNumber: null, decisionNumber: null };
  if (!e || !round || round.status !== "published" || e.status !== "recognised") return { ...none, reason: "Sản phẩm chưa được công nhận trong kỳ bình chọn đã công bố." };
  if (cert) {
    if (cert.revokedAt) return { valid: false, validUntil: cert.validUntil, reason: `Giấy chứng nhận ${cert.number} đã bị thu hồi.`, certificateNumber: cert.number, decisionNumber: decision?.number ?? null };
    if (cert.validUntil < today) return { valid: false, validUntil: cert.validUntil, reason: `Giấy chứng nhận ${cert.number} đã hết hiệu lực.`, certificateNumber: cert.number, decisionNumber: decision?.number ?? null };
    return { valid: true, validUntil: cert.validUntil, reason: null, certificateNumber: cert.number, decisionNumber: decision?.number ?? null };
  }
  if (!decision) return { ...none, reason: "Chưa có quyết định công nhận." };
  const until = addMonths(decision.signedOn, round.certificateValidityMonths);
  return until < today
    ? { valid: false, validUntil: until, reason: "Quyết định công nhận đã hết hiệu lực.", certificateNumber: null, decisionNumber: decision.number }
    : { valid: true, validUntil: until, reason: null, certificateNumber: null, decisionNumber: decision.number };
}

/** Whether the higher round's territory covers the lower round's. */
function covers(tx: DbOrTx, higher: Round, lower: Round): boolean {
  if (NEXT_LEVEL[lower.level] !== higher.level) return false;
  if (higher.level === "national") return true;
  if (higher.level === "region") {
    const region = lower.regionCode ?? (lower.unitId ? roundScope(lower, tx).regionCode : null);
    return !!region && region === higher.regionCode;
  }
  return higher.unitId != null && higher.unitId === provinceIdOf(lower.unitId, tx);
}

function recognisedEntries(tx: DbOrTx, roundIds: number[]) {
  if (!roundIds.length) return [];
  return tx
    .select({ id: entries.id, roundId: entries.roundId, productId: entries.productId, votingCode: entries.votingCode, productName: products.name, establishment: establishments.name, roundTitle: rounds.title })
    .from(entries)
    .innerJoin(products, eq(products.id, entries.productId))
    .innerJoin(establishments, eq(establishments.id, entries.establishmentId))
    .innerJoin(rounds, eq(rounds.id, entries.roundId))
    .where(and(inArray(entries.roundId, roundIds), eq(entries.status, "recognised")))
    .all();
}

/** Nominations already made from these entries (into any round). */
function nominationsOf(tx: DbOrTx, entryIds: number[]) {
  if (!entryIds.length) return [];
  return tx
    .select({ id: entries.id, from: entries.nominatedFromEntryId, roundId: entries.roundId, status: entries.status, roundTitle: rounds.title })
    .from(entries)
    .innerJoin(rounds, eq(rounds.id, entries.roundId))
    .where(and(inArray(entries.nominatedFromEntryId, entryIds), ne(entries.status, "withdrawn")))
    .all();
}

/**
 * The promotion page of a round: for a published lower round, its recognised entries and the open
 * higher rounds they can be nominated to; for a higher round, the candidates from the level below
 * in its territory (read-only) and those already nominated.
 */
export function promotionPage(p: Principal, roundId: number) {
  const { round, canManage } = getRoundForOrganizer(p, roundId);
  const today = todayInVietnam();
  const targets = db
    .select()
    .from(rounds)
    .where(and(eq(rounds.status, "open"), eq(rounds.level, NEXT_LEVEL[round.level] ?? "national")))
    .all()
    .filter((h) => NEXT_LEVEL[round.level] && covers(db, h, round));
  const own = round.status === "published" ? recognisedEntries(db, [round.id]) : [];
  const noms = nominationsOf(db, own.map((e) => e.id));
  const lowerRounds =
    round.level === "region" || round.level === "national" || round.level === "province"
      ? db
          .select()
          .from(rounds)
          .where(eq(rounds.status, "published"))
          .all()
          .filter((l) => covers(db, round, l))
      : [];
  const candidates = recognisedEntries(db, lowerRounds.map((l) => l.id));
  const candNoms = nominationsOf(db, candidates.map((c) => c.id));
  const validity = recognitionValidities(db, [...own.map((e) => e.id), ...candidates.map((c) => c.id)], today);
  return {
    round: { id: round.id, title: round.title, status: round.status, level: round.level },
    canManage,
    targets: targets.map((t) => ({ id: t.id, title: t.title })),
    own: own.map((e) => ({ ...e, validity: validity.get(e.id)!, nominations: noms.filter((n) => n.from === e.id) })),
    candidates: candidates.map((c) => ({ ...c, validity: validity.get(c.id)!, nominated: candNoms.some((n) => n.from === c.id && n.roundId === round.id) })),
  };
}

/** The lower organizer nominates a recognised, still valid entry into an open higher round. */
export async function nominate(p: Principal, fromEntryId: number, targetRoundId: number): Promise<number> {
  const { id, mails } = db.transaction(
    (tx) => {
      const from = tx.select().from(entries).where(eq(entries.id, fromEntryId)).get();
      if (!from) notFound("Không tìm thấy sản phẩm này.");
      const lower = tx.select().from(rounds).where(eq(rounds.id, from.roundId)).get()!;
      if (!canManageRound(p, roundScope(lower, tx))) forbidden("Chỉ cơ quan tổ chức kỳ bình chọn đã công nhận sản phẩm được đề cử sản phẩm này.");
      const target = tx.select().from(rounds).where(eq(rounds.id, targetRoundId)).get();
      if (!target || !covers(tx, target, lower)) throw new PromotionError("Kỳ bình chọn cấp trên không phù hợp (phải là cấp kế tiếp, trên địa bàn bao trùm).", 400, "targetRoundId");
      if (target.status !== "open") throw new PromotionError("Kỳ bình chọn cấp trên không còn nhận đề cử.", 409, "targetRoundId");
      const validity = recognitionValidity(tx, fromEntryId);
      if (!validity.valid) throw new PromotionError(validity.reason ?? "Công nhận không còn hiệu lực.", 409);
      const dup = tx.select().from(entries).where(and(eq(entries.roundId, targetRoundId), eq(entries.productId, from.productId), ne(entries.status, "withdrawn"))).get();
      if (dup) throw new PromotionError("Sản phẩm này đã có trong kỳ bình chọn cấp trên.", 409);
      const id = tx
        .insert(entries)
        .values({ roundId: targetRoundId, productId: from.productId, establishmentId: from.establishmentId, status: "nominated", nominatedFromEntryId: from.id, createdBy: p.userId })
        .returning({ id: entries.id })
        .get().id;
      // The dossier travels by reference: the same stored files, not copies.
      const docs = tx.select().from(dossierDocuments).where(and(eq(dossierDocuments.entryId, from.id), isNull(dossierDocuments.supersededAt))).all();
      for (const d of docs) {
        tx.insert(dossierDocuments).values({ entryId: id, docType: d.docType, fileId: d.fileId, slotIndex: d.slotIndex, version: 1, carriedFromDocumentId: d.id, uploadedBy: d.uploadedBy }).run();
      }
      const cert = tx.select().from(certificates).where(eq(certificates.entryId, from.id)).get();
      if (cert?.pdfFileId) tx.insert(dossierDocuments).values({ entryId: id, docType: "lower_certificate", fileId: cert.pdfFileId, slotIndex: 0, version: 1 }).run();
      const body = tx.select().from(organizingBodies).where(eq(organizingBodies.id, lower.bodyId)).get()!;
      tx.insert(entryEvents)
        .values({ entryId: id, type: "nominated", toStatus: "nominated", actorUserId: p.userId, message: `${body.name} đề cử từ "${lower.title}".`, data: { fromEntryId: from.id, documents: docs.length } })
        .run();
      audit(tx, { actorUserId: p.userId, action: "entry.nominate", objectType: "entry", objectId: id, data: { fromEntryId: from.id, targetRoundId } });
      const product = tx.select().from(products).where(eq(products.id, from.productId)).get()!;
      const mails = [
        ...notifyUsers(tx, establishmentUserIds(tx, from.establishmentId), {
          kind: "entry.nominated",
          title: `Sản phẩm "${product.name}" được đề cử lên cấp trên`,
          body: `${body.name} đã đề cử sản phẩm tham gia "${target.title}". Hồ sơ đã được chuyển theo; vui lòng xác nhận và bổ sung tài liệu cấp trên yêu cầu.`,
          link: `/co-so/du-thi/${id}`,
        }),
        ...notifyUsers(tx, bodyUserIds(tx, target.bodyId), { kind: "entry.nominated.organizer", title: `Đề cử mới: ${product.name}`, body: `${body.name} đề cử "${product.name}".`, link: `/to-chuc/vong/${target.id}/ho-so` }),
      ];
      return { id, mails };
    },
    { behavior: "immediate" },
  );
  await deliverMail(mails);
  return id;
}
