import { and, desc, eq, isNull, ne, sql } from "drizzle-orm";
import { adminUnits, certificates, entries, productGroups, rounds } from "~db/schema";
import { db } from "~/lib/db.server";

/** Public figures: only published rounds and issued certificates count. */
export function publicStats() {
  const roundsN = db.select({ n: sql<number>`count(*)` }).from(rounds).where(ne(rounds.status, "draft")).get()!.n;
  const entriesN = db
    .select({ n: sql<number>`count(*)` })
    .from(entries)
    .innerJoin(rounds, eq(rounds.id, entries.roundId))
    .where(and(ne(rounds.status, "draft"), sql`${entries.status} not in ('draft','withdrawn','nominated')`))
    .get()!.n;
  const recognisedN = db
    .select({ n: sql<number>`count(*)` })
    .from(certificates)
    .innerJoin(entries, eq(entries.id, certificates.entryId))
    .innerJoin(rounds, eq(rounds.id, entries.roundId))
    .where(and(eq(rounds.status, "published"), isNull(certificates.revokedAt)))
    .get()!.n;
  return { rounds: roundsN, entries: entriesN, recognised: recognisedN };
}

/** Recently recognised products of published rounds. */
export function recentRecognitions(limit = 8) {
  return db
    .select({
      number: certificates.number,
      productName: certificates.productName,
      producerName: certificates.producerName,
      level: certificates.level,
      year: certificates.year,
      group: productGroups.shortName,
      province: adminUnits.name,
    })
    .from(certificates)
    .innerJoin(entries, eq(entries.id, certificates.entryId))
    .innerJoin(rounds, eq(rounds.id, entries.roundId))
    .innerJoin(productGroups, eq(productGroups.id, certificates.productGroupId))
    .leftJoin(adminUnits, eq(adminUnits.id, certificates.provinceId))
    .where(and(eq(rounds.status, "published"), isNull(certificates.revokedAt)))
    .orderBy(desc(certificates.issuedOn), certificates.number)
    .limit(limit)
    .all();
}
