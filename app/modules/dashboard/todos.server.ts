/**
 * Gathers the state of the organizer's rounds for the to-do list (todos.ts), with a fixed number
 * of statements whatever the number of rounds: each fact is read for all rounds at once (grouped
 * queries over `json_each` of the round ids), then assembled in memory. Only the rounds of
 * listRoundsForOrganizer (the organizer's own scope) are read.
 */
import { sql } from "drizzle-orm";
import type { RoundLevel, RoundStatus } from "~db/schema";
import { todayInVietnam } from "~/lib/dates";
import { db } from "~/lib/db.server";
import type { Principal } from "~/lib/permissions";
import { planAssignment, type AssignmentMode } from "~/modules/councils/assignment";
import { SCORING_STATUSES } from "~/modules/councils/councils.server";
import { NEXT_LEVEL, recognitionValidities } from "~/modules/promotion/promotion.server";
import { listRoundsForOrganizer } from "~/modules/rounds/rounds.server";
import { organizerTodos, type JudgeBehind, type RoundSnapshot, type Todo } from "./todos";

type RoundRow = {
  id: number;
  title: string;
  level: RoundLevel;
  status: RoundStatus;
  unitId: number | null;
  regionCode: string | null;
  scoringStages: number;
  minJudgesPerEntry: number;
  assignmentMode: AssignmentMode;
  registrationOpensOn: string | null;
  registrationClosesOn: string | null;
  dossierScoringFrom: string | null;
  dossierScoringTo: string | null;
  directScoringFrom: string | null;
  directScoringTo: string | null;
  councilMeetingOn: string | null;
  announcementOn: string | null;
};

const ROLE_ORDER: Record<string, number> = { chair: 0, vice_chair: 1, member: 2, secretary: 3 };
const ids = (list: readonly number[]) => JSON.stringify(list);

/** The state of each round (in the order given) as todos.ts reads it. */
export function roundSnapshots(roundIds: readonly number[], today = todayInVietnam()): RoundSnapshot[] {
  if (!roundIds.length) return [];
  const all = ids(roundIds);
  const rounds = db.all<RoundRow>(sql`
    select id, title, level, status, unit_id as unitId, region_code as regionCode, scoring_stages as scoringStages,
      min_judges_per_entry as minJudgesPerEntry, assignment_mode as assignmentMode,
      registration_opens_on as registrationOpensOn, registration_closes_on as registrationClosesOn,
      dossier_scoring_from as dossierScoringFrom, dossier_scoring_to as dossierScoringTo,
      direct_scoring_from as directScoringFrom, direct_scoring_to as directScoringTo,
      council_meeting_on as councilMeetingOn, announcement_on as announcementOn
    from rounds where id in (select value from json_each(${all}))`);
  const byId = new Map(rounds.map((r) => [r.id, r]));

  // 1. Entries by status, with the intake answer-by facts of the submitted ones.
  const counts = db.all<{ roundId: number; status: string; n: number; late: number; earliest: string | null }>(sql`
    select round_id as roundId, status, count(*) as n,
      sum(case when answer_by is not null and answer_by < ${today} then 1 else 0 end) as late, min(answer_by) as earliest
    from entries where round_id in (select value from json_each(${all})) group by round_id, status`);

  // 2. Council members of every round.
  const members = db
    .all<{ id: number; roundId: number; fullName: string; role: string; isJudge: number; userId: string | null; groups: string | null }>(
      sql`select m.id, c.round_id as roundId, m.full_name as fullName, m.role, m.is_judge as isJudge, m.user_id as userId, m.product_group_ids as groups
        from council_members m join councils c on c.id = m.council_id where c.round_id in (select value from json_each(${all}))`,
    )
    .sort((a, b) => (ROLE_ORDER[a.role] ?? 9) - (ROLE_ORDER[b.role] ?? 9) || a.id - b.id);
  const councilRounds = new Set(db.all<{ roundId: number }>(sql`select round_id as roundId from councils where round_id in (select value from json_each(${all}))`).map((c) => c.roundId));

  // 3. Stage closures still in force.
  const closures = db.all<{ roundId: number; stage: number }>(
    sql`select round_id as roundId, stage from stage_closures where reopened_at is null and round_id in (select value from json_each(${all}))`,
  );
  const closed = new Set(closures.map((c) => `${c.roundId}:${c.stage}`));

  // 4. The scoring plan's inputs for rounds being prepared for scoring or scored: entries, conflicts, manual pairs, sheets.
  const planned = ids(rounds.filter((r) => r.status === "intake_closed" || r.status === "scoring").map((r) => r.id));
  const scoringEntries = db.all<{ id: number; roundId: number; stage: number; groupId: number }>(sql`
    select e.id, e.round_id as roundId, e.stage, p.product_group_id as groupId from entries e join products p on p.id = e.product_id
    where e.round_id in (select value from json_each(${planned})) and e.status in (select value from json_each(${JSON.stringify(SCORING_STATUSES)}))
    order by e.id`);
  const conflicts = db.all<{ entryId: number; memberId: number }>(sql`
    select x.entry_id as entryId, x.council_member_id as memberId from conflicts_of_interest x
    join council_members m on m.id = x.council_member_id join councils c on c.id = m.council_id
    where c.round_id in (select value from json_each(${planned}))`);
  const manual = db.all<{ entryId: number; memberId: number; stage: number }>(sql`
    select a.entry_id as entryId, a.council_member_id as memberId, a.stage from assignments a
    join council_members m on m.id = a.council_member_id join councils c on c.id = m.council_id
    where c.round_id in (select value from json_each(${planned}))`);
  const sheets = db.all<{ entryId: number; memberId: number; stage: number }>(sql`
    select s.entry_id as entryId, s.council_member_id as memberId, s.stage from score_sheets s join entries e on e.id = s.entry_id
    where e.round_id in (select value from json_each(${planned})) and s.status = 'submitted'`);
  const submitted = new Set(sheets.map((s) => `${s.stage}:${s.entryId}:${s.memberId}`));

  // 5. Verdicts, decisions and certificates.
  const outcome = db.all<{ roundId: number; missing: number; recognised: number; toIssue: number; withoutDecision: number }>(sql`
    select e.round_id as roundId,
      sum(case when v.entry_id is null and e.status = 'scored' and e.stage >= r.scoring_stages then 1 else 0 end) as missing,
      sum(case when v.recognised = 1 then 1 else 0 end) as recognised,
      sum(case when v.recognised = 1 and c.id is null and v.decision_id is not null then 1 else 0 end) as toIssue,
      sum(case when v.recognised = 1 and c.id is null and v.decision_id is null then 1 else 0 end) as withoutDecision
    from entries e join rounds r on r.id = e.round_id
      left join council_verdicts v on v.entry_id = e.id left join certificates c on c.entry_id = e.id
    where e.round_id in (select value from json_each(${all})) and e.status in ('scored', 'recognised', 'not_recognised')
    group by e.round_id`);
  const decisions = new Set(
    db.all<{ roundId: number }>(sql`select distinct round_id as roundId from recognition_decisions where round_id in (select value from json_each(${all}))`).map((d) => d.roundId),
  );

  const nominations = nominationsDue(rounds, today);

  return roundIds.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const entries: Record<string, number> = {};
    let intake = { waiting: 0, overdue: 0, earliestAnswerBy: null as string | null };
    for (const c of counts) {
      if (c.roundId !== id) continue;
      entries[c.status] = c.n;
      if (c.status === "submitted") intake = { waiting: c.n, overdue: c.late ?? 0, earliestAnswerBy: c.earliest };
    }
    const mine = members.filter((m) => m.roundId === id);
    const judges = mine.filter((m) => !!m.isJudge);
    const council = { exists: councilRounds.has(id), judges: judges.length, judgesWithoutAccount: judges.filter((j) => !j.userId).length };
    let scoring: RoundSnapshot["scoring"] = null;
    if (r.status === "intake_closed" || r.status === "scoring") {
      const stage = r.scoringStages === 2 && closed.has(`${id}:1`) ? 2 : 1;
      const list = scoringEntries.filter((e) => e.roundId === id && (stage === 1 || e.stage >= stage));
      const judgeIds = new Set(judges.map((j) => j.id));
      const plan = planAssignment({
        mode: r.assignmentMode,
        judges: judges.map((j) => ({ memberId: j.id, productGroupIds: j.groups ? (JSON.parse(j.groups) as number[]) : null })),
        entries: list.map((e) => ({ entryId: e.id, productGroupId: e.groupId })),
        manual: manual.filter((m) => m.stage === stage && judgeIds.has(m.memberId)),
        conflicts: conflicts.filter((c) => judgeIds.has(c.memberId)),
        minJudges: r.minJudgesPerEntry,
      });
      const missingBy = new Map<number, number>();
      let done = 0;
      for (const p of plan.pairs) {
        if (submitted.has(`${stage}:${p.entryId}:${p.memberId}`)) done++;
        else missingBy.set(p.memberId, (missingBy.get(p.memberId) ?? 0) + 1);
      }
      // The judges furthest behind first (then in the council's order).
      const behind: JudgeBehind[] = judges
        .filter((j) => missingBy.has(j.id))
        .map((j) => ({ name: j.fullName, missing: missingBy.get(j.id)! }))
        .sort((a, b) => b.missing - a.missing);
      scoring = { stage, closed: closed.has(`${id}:${stage}`), assigned: plan.pairs.length, submitted: done, entries: list.length, understaffed: plan.understaffed.length, behind };
    }
    const o = outcome.find((x) => x.roundId === id);
    return [
      {
        id: r.id,
        title: r.title,
        level: r.level,
        status: r.status,
        scoringStages: r.scoringStages,
        minJudgesPerEntry: r.minJudgesPerEntry,
        registrationOpensOn: r.registrationOpensOn,
        registrationClosesOn: r.registrationClosesOn,
        dossierScoringFrom: r.dossierScoringFrom,
        dossierScoringTo: r.dossierScoringTo,
        directScoringFrom: r.directScoringFrom,
        directScoringTo: r.directScoringTo,
        councilMeetingOn: r.councilMeetingOn,
        announcementOn: r.announcementOn,
        entries,
        intake,
        council,
        scoring,
        verdictsMissing: o?.missing ?? 0,
        recognised: o?.recognised ?? 0,
        hasDecision: decisions.has(id),
        certificatesToIssue: o?.toIssue ?? 0,
        certificatesWithoutDecision: o?.withoutDecision ?? 0,
        nominations: nominations.get(id) ?? [],
      },
    ];
  });
}

/**
 * For each published round whose level sends winners up: the open rounds of the next level that
 * cover it (as promotion.server.ts `covers` decides) and how many of its recognised entries, still
 * valid (recognitionValidities), are not yet nominated there. A fixed number of statements.
 */
function nominationsDue(rounds: readonly RoundRow[], today: string): Map<number, RoundSnapshot["nominations"]> {
  const out = new Map<number, RoundSnapshot["nominations"]>();
  const lower = rounds.filter((r) => r.status === "published" && NEXT_LEVEL[r.level]);
  const levels = [...new Set(lower.map((r) => NEXT_LEVEL[r.level]!))];
  const targets = db.all<{ id: number; title: string; level: RoundLevel; unitId: number | null; regionCode: string | null; closesOn: string | null }>(sql`
    select id, title, level, unit_id as unitId, region_code as regionCode, registration_closes_on as closesOn from rounds
    where status = 'open' and level in (select value from json_each(${JSON.stringify(levels)})) order by registration_closes_on, id`);
  if (!lower.length || !targets.length) return out;
  // The province of each lower round's unit (a commune's grandparent, a district's parent), in one statement.
  const provinces = new Map(
    db
      .all<{ id: number; provinceId: number | null }>(sql`
        select u.id, case when u.level = 'province' then u.id when p.level = 'province' then p.id when g.level = 'province' then g.id end as provinceId
        from admin_units u left join admin_units p on p.id = u.parent_id left join admin_units g on g.id = p.parent_id
        where u.id in (select value from json_each(${ids(lower.flatMap((r) => (r.unitId != null ? [r.unitId] : [])))}))`)
      .map((u) => [u.id, u.provinceId]),
  );
  const covers = (higher: (typeof targets)[number], l: RoundRow) => {
    if (NEXT_LEVEL[l.level] !== higher.level) return false;
    if (higher.level === "national") return true;
    if (higher.level === "region") return !!l.regionCode && l.regionCode === higher.regionCode;
    return higher.unitId != null && l.unitId != null && higher.unitId === provinces.get(l.unitId);
  };
  const recognised = db.all<{ id: number; roundId: number }>(
    sql`select id, round_id as roundId from entries where status = 'recognised' and round_id in (select value from json_each(${ids(lower.map((r) => r.id))}))`,
  );
  const validity = recognitionValidities(db, recognised.map((e) => e.id), today);
  const nominated = new Set(
    db
      .all<{ from: number; roundId: number }>(
        sql`select nominated_from_entry_id as "from", round_id as roundId from entries
          where status != 'withdrawn' and nominated_from_entry_id in (select value from json_each(${ids(recognised.map((e) => e.id))}))`,
      )
      .map((n) => `${n.from}:${n.roundId}`),
  );
  for (const l of lower) {
    const valid = recognised.filter((e) => e.roundId === l.id && validity.get(e.id)?.valid);
    const list = targets
      .filter((t) => covers(t, l))
      .map((t) => ({ targetId: t.id, targetTitle: t.title, closesOn: t.closesOn, candidates: valid.filter((e) => !nominated.has(`${e.id}:${t.id}`)).length }));
    if (list.length) out.set(l.id, list);
  }
  return out;
}

/** The organizer's home: its rounds (listRoundsForOrganizer, its scope) and their to-dos. */
export function organizerDashboard(p: Principal, today = todayInVietnam()): { rounds: ReturnType<typeof listRoundsForOrganizer>; todos: Todo[]; today: string } {
  const rounds = listRoundsForOrganizer(p);
  const snapshots = roundSnapshots(rounds.map((r) => r.id), today);
  return { rounds, todos: organizerTodos(snapshots, today), today };
}
