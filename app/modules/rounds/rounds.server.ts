import { and, desc, eq, inArray, or, sql } from "drizzle-orm";
import { adminUnits, entries, organizingBodies, rounds, type RoundStatus } from "~db/schema";
import { db, type DbOrTx } from "~/lib/db.server";
import { notFound } from "~/lib/http.server";
import { canManageRound, canOverseeRound, type Principal, type RoundScope } from "~/lib/permissions";
import { provinceIdOf } from "~/modules/units/units.server";

export type Round = typeof rounds.$inferSelect;

/** Where a round sits, for the permission rules. */
export function roundScope(r: Pick<Round, "id" | "bodyId" | "level" | "unitId" | "regionCode">, tx: DbOrTx = db): RoundScope {
  return {
    roundId: r.id,
    bodyId: r.bodyId,
    level: r.level,
    unitId: r.unitId,
    regionCode: r.regionCode,
    provinceId: provinceIdOf(r.unitId, tx),
  };
}

/** Rounds this organizer manages: those of its bodies, or of its level and unit. */
export function listRoundsForOrganizer(p: Principal) {
  if (!p.staff.length) return [];
  const conds = p.staff.map((s) => {
    if (s.level === "national") return eq(rounds.level, "national");
    if (s.level === "region") return and(eq(rounds.level, "region"), eq(rounds.regionCode, s.regionCode ?? ""));
    return and(eq(rounds.level, s.level), eq(rounds.unitId, s.unitId ?? -1));
  });
  const rows = db
    .select({
      id: rounds.id,
      title: rounds.title,
      level: rounds.level,
      year: rounds.year,
      status: rounds.status,
      registrationOpensOn: rounds.registrationOpensOn,
      registrationClosesOn: rounds.registrationClosesOn,
      announcementOn: rounds.announcementOn,
      bodyName: organizingBodies.name,
      entryCount: sql<number>`(select count(*) from ${entries} where ${entries.roundId} = ${rounds.id} and ${entries.status} not in ('draft','withdrawn'))`,
    })
    .from(rounds)
    .innerJoin(organizingBodies, eq(organizingBodies.id, rounds.bodyId))
    .where(or(inArray(rounds.bodyId, p.staff.map((s) => s.bodyId)), ...conds))
    .orderBy(desc(rounds.year), desc(rounds.id))
    .all();
  return rows;
}

/**
 * A round as an organizer sees it. 404 when it does not exist or lies outside the organizer's
 * territory (so ids of other provinces reveal nothing); 403 would tell them it exists.
 */
export function getRoundForOrganizer(p: Principal, roundId: number, opts: { manage?: boolean } = {}) {
  const round = db.select().from(rounds).where(eq(rounds.id, roundId)).get();
  if (!round) notFound("Không tìm thấy kỳ bình chọn này.");
  const scope = roundScope(round);
  const allowed = opts.manage ? canManageRound(p, scope) : canOverseeRound(p, scope);
  if (!allowed) notFound("Không tìm thấy kỳ bình chọn này trong phạm vi của cơ quan bạn.");
  const body = db.select().from(organizingBodies).where(eq(organizingBodies.id, round.bodyId)).get()!;
  const unit = round.unitId ? db.select().from(adminUnits).where(eq(adminUnits.id, round.unitId)).get() : undefined;
  const counts = db
    .select({ status: entries.status, n: sql<number>`count(*)` })
    .from(entries)
    .where(eq(entries.roundId, round.id))
    .groupBy(entries.status)
    .all();
  return { round, body, unit, counts, canManage: canManageRound(p, scope) };
}

/** Published rounds, newest first (public). */
export function listPublishedRounds(limit = 10) {
  return db
    .select({ id: rounds.id, title: rounds.title, level: rounds.level, year: rounds.year, publishedAt: rounds.publishedAt })
    .from(rounds)
    .where(eq(rounds.status, "published" satisfies RoundStatus))
    .orderBy(desc(rounds.publishedAt))
    .limit(limit)
    .all();
}
