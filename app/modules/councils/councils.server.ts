import { and, eq, inArray, sql } from "drizzle-orm";
import { councils, entries, rounds, scoreSheets } from "~db/schema";
import { db } from "~/lib/db.server";
import type { Principal } from "~/lib/permissions";

/** The judge's home: each council the user sits on, with its round and what is left to score. */
export function judgeHome(p: Principal) {
  if (!p.councils.length) return [];
  return p.councils.map((c) => {
    const council = db.select().from(councils).where(eq(councils.id, c.councilId)).get()!;
    const round = db.select().from(rounds).where(eq(rounds.id, c.roundId)).get()!;
    const toScore = db
      .select({ n: sql<number>`count(*)` })
      .from(entries)
      .where(and(eq(entries.roundId, round.id), inArray(entries.status, ["accepted", "scored"])))
      .get()!.n;
    const mine = db
      .select({ status: scoreSheets.status, n: sql<number>`count(*)` })
      .from(scoreSheets)
      .innerJoin(entries, eq(entries.id, scoreSheets.entryId))
      .where(and(eq(entries.roundId, round.id), eq(scoreSheets.councilMemberId, c.memberId)))
      .groupBy(scoreSheets.status)
      .all();
    const submitted = mine.find((m) => m.status === "submitted")?.n ?? 0;
    const drafts = mine.find((m) => m.status === "draft")?.n ?? 0;
    return {
      councilName: council.name,
      role: c.role,
      isJudge: c.isJudge,
      round: { id: round.id, title: round.title, status: round.status, level: round.level, year: round.year },
      toScore: c.isJudge ? toScore : 0,
      submitted,
      drafts,
    };
  });
}
