/**
 * Public data for the home page's open rounds and product links and for the results page's ranks
 * and means (issue 12). Server only: the routes' loaders call these, the browser never loads them.
 * They belong with the modules (rounds, lookup); they sit here because this work owned app/ui only.
 */
import { and, asc, eq, gte, inArray, isNull, lte, or } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { adminUnits, certificates, entries, organizingBodies, regions, results, rounds, type RoundLevel } from "~db/schema";
import { db } from "~/lib/db.server";
import { perGeneration } from "~/lib/public-generation.server";
import { formatMean } from "~/modules/scoring/aggregate";
import type { OpenRound } from "./OpenRounds";

/** Levels a producer registers into itself; regional and national entries are nominated (LOWER_LEVEL). */
const DIRECT_LEVELS: RoundLevel[] = ["commune", "district", "province"];
const parent = alias(adminUnits, "parent");
const grandparent = alias(adminUnits, "grandparent");

/**
 * Rounds taking registrations on `today` (in Vietnam): status "open" and today within the
 * registration dates, as the producer's list (co-so.ky-binh-chon) decides it, soonest deadline
 * first. One query (the unit's two ancestors and the region joined), recomputed when the public
 * generation changes (a round opening or closing writes `rounds`) or the date does (the key).
 */
export const openRounds = perGeneration((today: string): OpenRound[] => {
  const rows = db
    .select({
      id: rounds.id,
      title: rounds.title,
      level: rounds.level,
      year: rounds.year,
      registrationClosesOn: rounds.registrationClosesOn,
      bodyName: organizingBodies.name,
      unit: adminUnits.name,
      unitKind: adminUnits.kind,
      parent: parent.name,
      parentKind: parent.kind,
      grandparent: grandparent.name,
      grandparentKind: grandparent.kind,
      region: regions.name,
    })
    .from(rounds)
    .innerJoin(organizingBodies, eq(organizingBodies.id, rounds.bodyId))
    .leftJoin(adminUnits, eq(adminUnits.id, rounds.unitId))
    .leftJoin(parent, eq(parent.id, adminUnits.parentId))
    .leftJoin(grandparent, eq(grandparent.id, parent.parentId))
    .leftJoin(regions, eq(regions.code, rounds.regionCode))
    .where(
      and(
        eq(rounds.status, "open"),
        or(isNull(rounds.registrationOpensOn), lte(rounds.registrationOpensOn, today)),
        or(isNull(rounds.registrationClosesOn), gte(rounds.registrationClosesOn, today)),
      ),
    )
    .orderBy(asc(rounds.registrationClosesOn), asc(rounds.id))
    .limit(30)
    .all();
  const day = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  return rows.map((r) => {
    const direct = DIRECT_LEVELS.includes(r.level);
    const path = [r.unit ? `${r.unitKind} ${r.unit}` : null, r.parent ? `${r.parentKind} ${r.parent}` : null, r.grandparent ? `${r.grandparentKind} ${r.grandparent}` : null].filter(Boolean).join(", ");
    return {
      id: r.id,
      title: r.title,
      level: r.level,
      year: r.year,
      bodyName: r.bodyName,
      territory: direct ? path || null : r.level === "region" ? r.region : null,
      registrationClosesOn: r.registrationClosesOn,
      daysLeft: r.registrationClosesOn ? Math.round((day(r.registrationClosesOn) - day(today)) / 86_400_000) : null,
      direct,
    };
  });
});

/** The product of each recently issued certificate, for the links (one query for the whole list). */
export const productIdsOf = perGeneration((numbers: string[]): Record<string, number> => {
  if (!numbers.length) return {};
  const rows = db
    .select({ number: certificates.number, productId: entries.productId })
    .from(certificates)
    .innerJoin(entries, eq(entries.id, certificates.entryId))
    .where(inArray(certificates.number, numbers))
    .all();
  return Object.fromEntries(rows.map((r) => [r.number, r.productId]));
});

/**
 * Each recognised product's rank and mean in the round's last scoring stage (published rounds only:
 * the caller has checked). One query for the whole list; the mean is computed exactly from the
 * integer sum (docs/decisions/0007).
 */
export function finalScores(roundId: number): Map<number, { rank: number | null; mean: string }> {
  const rows = db
    .select({ productId: entries.productId, stage: results.stage, rank: results.rank, sumTenths: results.sumTenths, judgesCount: results.judgesCount })
    .from(results)
    .innerJoin(entries, eq(entries.id, results.entryId))
    .where(and(eq(entries.roundId, roundId), eq(entries.status, "recognised")))
    .all();
  const best = new Map<number, (typeof rows)[number]>();
  for (const r of rows) if ((best.get(r.productId)?.stage ?? 0) < r.stage) best.set(r.productId, r);
  return new Map([...best].map(([productId, r]) => [productId, { rank: r.rank, mean: formatMean(r.sumTenths, r.judgesCount) }]));
}

