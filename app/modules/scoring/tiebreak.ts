/** The tie-break vote's pure parts, shared by the server and the results page (tiebreak.server.ts). */
import type { Id, StageResults } from "./aggregate";
import { compareViNumeric } from "~/lib/text";

/** A tie the council's vote decides: entries equal on the mean and every key declared before the vote. */
export interface VoteGroup {
  /** Entry ids in voting-code order. */
  entryIds: number[];
  /** The shared mean, for people ("78,00"). */
  meanDisplay: string;
  /** The rank the tie starts at. */
  rank: number;
}

/**
 * The ties a vote decides: the unresolved ties of the deciding stage computed WITHOUT any vote
 * (aggregateStage stops at the vote key when a tie has no votes), when the round declares the vote.
 */
export function voteGroupsOf(withoutVotes: Pick<StageResults, "entries">, list: readonly { entryId: number; votingCode: string | null }[]): VoteGroup[] {
  const code = new Map(list.map((e) => [e.entryId, e.votingCode ?? ""]));
  const byRank = new Map<number, { ids: number[]; mean: string }>();
  for (const e of withoutVotes.entries) {
    if (!e.tie?.unresolved || e.rank == null) continue;
    const g = byRank.get(e.rank) ?? { ids: [], mean: e.meanDisplay };
    g.ids.push(Number(e.entryId));
    byRank.set(e.rank, g);
  }
  return [...byRank]
    .sort(([a], [b]) => a - b)
    .map(([rank, g]) => ({
      rank,
      meanDisplay: g.mean,
      entryIds: g.ids.sort((a, b) => compareViNumeric(code.get(a) ?? "", code.get(b) ?? "") || a - b),
    }));
}

/** Field names of the vote form (the results page), shared with the route. */
export const TIE_FIELDS = {
  votes: (entryId: number) => `tb_votes_${entryId}`,
  votedOn: "tb_votedOn",
  membersVoting: "tb_members",
  note: "tb_note",
} as const;

/**
 * Recognitions that depart from the ranks: a passed entry the council did not recognise, ranked
 * strictly above an entry it recognised, with no written reason. The council may depart from the
 * ranks only by saying why (the verdict's note).
 */
export function rankDepartures(
  r: { entries: readonly { entryId: Id; rank: number | null; passed: boolean }[] },
  verdicts: ReadonlyMap<number, { recognised: boolean; note: string | null }>,
): number[] {
  const recognisedRanks = r.entries
    .filter((e) => verdicts.get(Number(e.entryId))?.recognised && e.rank != null)
    .map((e) => e.rank!);
  if (!recognisedRanks.length) return [];
  const worst = Math.max(...recognisedRanks);
  return r.entries
    .filter((e) => {
      const v = verdicts.get(Number(e.entryId));
      return e.passed && e.rank != null && e.rank < worst && v && !v.recognised && !(v.note ?? "").trim();
    })
    .map((e) => Number(e.entryId));
}
