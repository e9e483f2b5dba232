/** Preparing the demo data for a browser test (the server's database file, before the browser uses it). */
import type Database from "better-sqlite3";

/**
 * The demo's published national round, with a demo account seated as its council's chair (the
 * demo's national council has no accounts). Returns the round and the chair's user id.
 */
export function seatChairOnNationalRound(sqlite: Database.Database, chairEmail: string): { roundId: number; chairId: string } {
  const roundId = (sqlite.prepare("select id from rounds where level = 'national' and status = 'published'").get() as { id: number }).id;
  const chairId = (sqlite.prepare("select id from users where email = ?").get(chairEmail) as { id: string }).id;
  sqlite.prepare("update council_members set user_id = ? where role = 'chair' and council_id = (select id from councils where round_id = ?)").run(chairId, roundId);
  return { roundId, chairId };
}
