/**
 * The organizer's side of intake: the queue of a round's entries with filters and overdue flags,
 * and one entry's dossier as the organizer sees it. The actions themselves (accept, ask to
 * complete, reject) are in entries.server.ts.
 */
import { and, asc, eq, inArray, like, or, sql } from "drizzle-orm";
import { adminUnits, entries, establishments, productGroups, products, supplementRequests, type EntryStatus } from "~db/schema";
import { todayInVietnam } from "~/lib/dates";
import { db } from "~/lib/db.server";
import { notFound } from "~/lib/http.server";
import type { Principal } from "~/lib/permissions";
import { getRoundForOrganizer } from "~/modules/rounds/rounds.server";
import { dossierView } from "./entries.server";

export interface IntakeFilters {
  status?: EntryStatus;
  groupId?: number;
  unitId?: number;
  overdue?: boolean;
  q?: string;
}

/** Entries a producer has not submitted yet are the producer's business, not the queue's. */
const VISIBLE: EntryStatus[] = ["submitted", "needs_completion", "accepted", "rejected", "withdrawn", "scored", "recognised", "not_recognised", "nominated"];

/** Place names in Vietnamese order, as localeCompare(b, "vi") does, built once. */
const placeOrder = new Intl.Collator("vi");

/**
 * unitPath (units.server.ts) for many units in one statement: "Xã A, Tỉnh B", the unit and up to
 * three ancestors, lowest first, stopping at a unit that does not exist.
 */
function unitPaths(unitIds: readonly (number | null)[]): Map<number, string> {
  const ids = [...new Set(unitIds.filter((id): id is number => id != null))];
  const out = new Map<number, string>();
  if (!ids.length) return out;
  const rows = db.all<{ start: number; depth: number; kind: string; name: string }>(sql`
    with recursive chain(start, id, depth) as (
      select value, value, 0 from json_each(${JSON.stringify(ids)})
      union all
      select chain.start, u.parent_id, chain.depth + 1
      from chain join ${adminUnits} u on u.id = chain.id
      where u.parent_id is not null and chain.depth < 3
    )
    select chain.start as start, chain.depth as depth, u.kind as kind, u.name as name
    from chain join ${adminUnits} u on u.id = chain.id
    order by chain.start, chain.depth`);
  const parts = new Map<number, { depth: number; text: string }[]>();
  for (const r of rows) {
    const list = parts.get(r.start) ?? [];
    list.push({ depth: r.depth, text: `${r.kind} ${r.name}` });
    parts.set(r.start, list);
  }
  for (const [start, list] of parts) {
    // Stop at the first missing level, as unitPath does.
    const kept: string[] = [];
    for (const [i, p] of list.entries()) {
      if (p.depth !== i) break;
      kept.push(p.text);
    }
    out.set(start, kept.join(", "));
  }
  return out;
}

export function listIntake(p: Principal, roundId: number, f: IntakeFilters, today = todayInVietnam()) {
  const { round, canManage } = getRoundForOrganizer(p, roundId);
  const conds = [eq(entries.roundId, roundId), inArray(entries.status, f.status ? [f.status] : VISIBLE)];
  if (f.groupId) conds.push(eq(products.productGroupId, f.groupId));
  if (f.unitId) conds.push(or(eq(establishments.unitId, f.unitId), eq(establishments.provinceId, f.unitId))!);
  if (f.overdue) conds.push(and(eq(entries.status, "submitted"), sql`${entries.answerBy} < ${today}`)!);
  if (f.q) {
    const q = `%${f.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conds.push(or(like(products.name, q), like(establishments.name, q), like(entries.dossierNo, q))!);
  }
  const rows = db
    .select({
      id: entries.id,
      dossierNo: entries.dossierNo,
      votingCode: entries.votingCode,
      status: entries.status,
      submittedAt: entries.submittedAt,
      answerBy: entries.answerBy,
      productName: products.name,
      groupId: products.productGroupId,
      group: productGroups.shortName,
      establishment: establishments.name,
      unitId: establishments.unitId,
      openRequestSince: sql<number | null>`(select min(${supplementRequests.createdAt}) from ${supplementRequests} where ${supplementRequests.entryId} = ${entries.id} and ${supplementRequests.closedAt} is null)`,
    })
    .from(entries)
    .innerJoin(products, eq(products.id, entries.productId))
    .innerJoin(productGroups, eq(productGroups.id, products.productGroupId))
    .innerJoin(establishments, eq(establishments.id, entries.establishmentId))
    .where(and(...conds))
    .orderBy(asc(entries.answerBy), asc(entries.id))
    .all();
  const paths = unitPaths(rows.map((r) => r.unitId));
  const list = rows.map((r) => ({ ...r, place: r.unitId == null ? "" : (paths.get(r.unitId) ?? ""), overdue: r.status === "submitted" && !!r.answerBy && r.answerBy < today }));
  const counts = db
    .select({ status: entries.status, n: sql<number>`count(*)` })
    .from(entries)
    .where(and(eq(entries.roundId, roundId), inArray(entries.status, VISIBLE)))
    .groupBy(entries.status)
    .all();
  const overdueCount = db
    .select({ n: sql<number>`count(*)` })
    .from(entries)
    .where(and(eq(entries.roundId, roundId), eq(entries.status, "submitted"), sql`${entries.answerBy} < ${today}`))
    .get()!.n;
  // Places to filter by: the units of the establishments that entered.
  const places = db
    .selectDistinct({ id: adminUnits.id, kind: adminUnits.kind, name: adminUnits.name })
    .from(entries)
    .innerJoin(establishments, eq(establishments.id, entries.establishmentId))
    .innerJoin(adminUnits, eq(adminUnits.id, round.level === "region" || round.level === "national" ? establishments.provinceId : establishments.unitId))
    .where(and(eq(entries.roundId, roundId), inArray(entries.status, VISIBLE)))
    .all()
    .sort((a, b) => placeOrder.compare(a.name, b.name));
  return { round, canManage, rows: list, counts, overdueCount, places };
}

/** One entry's dossier for the organizer (read for overseers, actions for the managing body). */
export function organizerEntry(p: Principal, roundId: number, entryId: number) {
  const { round, canManage } = getRoundForOrganizer(p, roundId);
  const e = db.select().from(entries).where(and(eq(entries.id, entryId), eq(entries.roundId, roundId))).get();
  if (!e || e.status === "draft") notFound("Không tìm thấy hồ sơ này trong kỳ bình chọn.");
  const est = db.select().from(establishments).where(eq(establishments.id, e.establishmentId)).get()!;
  const requests = db.select().from(supplementRequests).where(eq(supplementRequests.entryId, e.id)).orderBy(asc(supplementRequests.id)).all();
  return {
    ...dossierView(e, p),
    roundInfo: { id: round.id, title: round.title, status: round.status },
    canManage,
    contact: { representative: est.representative, phone: est.phone, email: est.email, registrationNo: est.registrationNo, legalType: est.legalType },
    requests,
    hasOpenRequest: requests.some((r) => r.closedAt == null),
  };
}

