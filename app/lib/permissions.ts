/**
 * Who may do what, on which scope. Pure functions over plain data, shared by every loader and
 * action (through permissions.server.ts) and unit-tested without a database.
 *
 * Roles are not a column: they follow from memberships.
 * - producer: member of an establishment;
 * - organizer: staff of an organizing body, which acts at one level for one unit;
 * - judge: member of a round's council (a judge belongs to a council, not to the whole system);
 * - system admin: a flag on the user.
 */
import type { OrgLevel, RoundLevel } from "~db/schema";

export type Role = "producer" | "organizer" | "judge" | "admin";

export interface StaffScope {
  bodyId: number;
  level: OrgLevel;
  /** The body's unit (district/commune/province); null for region and national bodies. */
  unitId: number | null;
  /** The province that contains the body's unit (the unit itself for a province). */
  provinceId: number | null;
  regionCode: string | null;
}

export interface JudgeScope {
  councilId: number;
  roundId: number;
  memberId: number;
  role: "chair" | "vice_chair" | "secretary" | "member";
  isJudge: boolean;
}

export interface Principal {
  userId: string;
  isAdmin: boolean;
  establishmentIds: number[];
  staff: StaffScope[];
  councils: JudgeScope[];
}

/** Where a round (or anything belonging to it) sits. */
export interface RoundScope {
  roundId?: number;
  bodyId: number;
  level: RoundLevel;
  unitId: number | null;
  /** The province containing the round's unit (null for regional and national rounds). */
  provinceId: number | null;
  regionCode: string | null;
}

export function rolesOf(p: Principal): Role[] {
  const roles: Role[] = [];
  if (p.establishmentIds.length) roles.push("producer");
  if (p.staff.length) roles.push("organizer");
  if (p.councils.length) roles.push("judge");
  if (p.isAdmin) roles.push("admin");
  return roles;
}

export function hasRole(p: Principal, role: Role): boolean {
  return rolesOf(p).includes(role);
}

/** A body may run rounds of its own level only, for its own unit (or region). */
export function staffMatchesScope(s: StaffScope, r: Omit<RoundScope, "bodyId" | "provinceId">): boolean {
  if (s.level !== r.level) return false;
  switch (s.level) {
    case "national":
      return true;
    case "region":
      return s.regionCode != null && s.regionCode === r.regionCode;
    default:
      return s.unitId != null && s.unitId === r.unitId;
  }
}

/** Create a round at this level and unit. */
export function canCreateRound(p: Principal, target: Omit<RoundScope, "bodyId" | "provinceId">): boolean {
  return p.staff.some((s) => staffMatchesScope(s, target));
}

/** Change a round, its intake, council and results: staff of the same level and unit. */
export function canManageRound(p: Principal, r: RoundScope): boolean {
  return p.staff.some((s) => s.bodyId === r.bodyId || staffMatchesScope(s, r));
}

const LEVEL_RANK: Record<OrgLevel, number> = { commune: 0, district: 0, province: 1, region: 2, national: 3 };

/**
 * Read a round of a lower level inside one's own territory (for nominations to the next level):
 * a province sees its districts' and communes' rounds, a region its provinces', the nation all.
 */
export function canOverseeRound(p: Principal, r: RoundScope): boolean {
  if (canManageRound(p, r)) return true;
  return p.staff.some((s) => {
    if (LEVEL_RANK[s.level] <= LEVEL_RANK[r.level]) return false;
    if (s.level === "national") return true;
    if (s.level === "region") return s.regionCode != null && s.regionCode === r.regionCode;
    if (s.level === "province") return s.provinceId != null && s.provinceId === r.provinceId;
    return false;
  });
}

/** Score entries of this round: a judging member of its council. */
export function canJudgeRound(p: Principal, roundId: number): boolean {
  return p.councils.some((c) => c.roundId === roundId && c.isJudge);
}

/** Close a stage, record the council's decisions: the council's chair. */
export function canChairRound(p: Principal, roundId: number): boolean {
  return p.councils.some((c) => c.roundId === roundId && c.role === "chair");
}

/** See and change an establishment's profile, products, entries and files: its members. */
export function canActForEstablishment(p: Principal, establishmentId: number): boolean {
  return p.establishmentIds.includes(establishmentId);
}

/** Users, organizing bodies, administrative units. */
export function canAdminister(p: Principal): boolean {
  return p.isAdmin;
}

/** The home page of a signed-in user: the first role's workspace. */
export function homePathFor(p: Principal): string {
  if (p.isAdmin) return "/quan-tri";
  if (p.staff.length) return "/to-chuc";
  if (p.councils.length) return "/giam-khao";
  if (p.establishmentIds.length) return "/co-so";
  return "/tai-khoan";
}
