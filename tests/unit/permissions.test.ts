import { describe, expect, it } from "vitest";
import {
  canActForEstablishment,
  canAdminister,
  canChairRound,
  canCreateRound,
  canJudgeRound,
  canManageRound,
  canOverseeRound,
  homePathFor,
  rolesOf,
  type Principal,
  type RoundScope,
} from "~/lib/permissions";

// Units: province 24 (Bắc Ninh) with district 260; province 19 (Thái Nguyên) with district 190.
const BAC_NINH = 24;
const TIEN_DU = 260;
const THAI_NGUYEN = 19;
const PHU_BINH = 190;

const nobody: Principal = { userId: "u0", isAdmin: false, establishmentIds: [], staff: [], councils: [] };
const producer: Principal = { ...nobody, userId: "p", establishmentIds: [7] };
const bnOrganizer: Principal = {
  ...nobody,
  userId: "o-bn",
  staff: [{ bodyId: 1, level: "province", unitId: BAC_NINH, provinceId: BAC_NINH, regionCode: "BAC" }],
};
const tnOrganizer: Principal = {
  ...nobody,
  userId: "o-tn",
  staff: [{ bodyId: 2, level: "province", unitId: THAI_NGUYEN, provinceId: THAI_NGUYEN, regionCode: "BAC" }],
};
const tienDuOrganizer: Principal = {
  ...nobody,
  userId: "o-td",
  staff: [{ bodyId: 3, level: "district", unitId: TIEN_DU, provinceId: BAC_NINH, regionCode: "BAC" }],
};
const northOrganizer: Principal = {
  ...nobody,
  userId: "o-north",
  staff: [{ bodyId: 4, level: "region", unitId: null, provinceId: null, regionCode: "BAC" }],
};
const nationalOrganizer: Principal = {
  ...nobody,
  userId: "o-nat",
  staff: [{ bodyId: 5, level: "national", unitId: null, provinceId: null, regionCode: null }],
};
const judge: Principal = {
  ...nobody,
  userId: "j",
  councils: [{ councilId: 10, roundId: 100, memberId: 50, role: "member", isJudge: true }],
};
const chair: Principal = {
  ...nobody,
  userId: "c",
  councils: [{ councilId: 10, roundId: 100, memberId: 51, role: "chair", isJudge: true }],
};
const secretary: Principal = {
  ...nobody,
  userId: "s",
  councils: [{ councilId: 10, roundId: 100, memberId: 52, role: "secretary", isJudge: false }],
};
const admin: Principal = { ...nobody, userId: "a", isAdmin: true };

const bnProvincialRound: RoundScope = { roundId: 100, bodyId: 1, level: "province", unitId: BAC_NINH, provinceId: BAC_NINH, regionCode: "BAC" };
const tnProvincialRound: RoundScope = { roundId: 101, bodyId: 2, level: "province", unitId: THAI_NGUYEN, provinceId: THAI_NGUYEN, regionCode: "BAC" };
const tienDuRound: RoundScope = { roundId: 102, bodyId: 3, level: "district", unitId: TIEN_DU, provinceId: BAC_NINH, regionCode: "BAC" };
const phuBinhRound: RoundScope = { roundId: 103, bodyId: 9, level: "district", unitId: PHU_BINH, provinceId: THAI_NGUYEN, regionCode: "BAC" };
const northRound: RoundScope = { roundId: 104, bodyId: 4, level: "region", unitId: null, provinceId: null, regionCode: "BAC" };
const southRound: RoundScope = { roundId: 105, bodyId: 8, level: "region", unitId: null, provinceId: null, regionCode: "NAM" };
const nationalRound: RoundScope = { roundId: 106, bodyId: 5, level: "national", unitId: null, provinceId: null, regionCode: null };

describe("roles follow memberships", () => {
  it("derives each role", () => {
    expect(rolesOf(nobody)).toEqual([]);
    expect(rolesOf(producer)).toEqual(["producer"]);
    expect(rolesOf(bnOrganizer)).toEqual(["organizer"]);
    expect(rolesOf(judge)).toEqual(["judge"]);
    expect(rolesOf(admin)).toEqual(["admin"]);
  });
  it("sends each role to its workspace", () => {
    expect(homePathFor(producer)).toBe("/co-so");
    expect(homePathFor(bnOrganizer)).toBe("/to-chuc");
    expect(homePathFor(judge)).toBe("/giam-khao");
    expect(homePathFor(admin)).toBe("/quan-tri");
    expect(homePathFor(nobody)).toBe("/tai-khoan");
  });
});

describe("organizers act only within their own level and unit", () => {
  it("a province manages its own provincial round, not another province's", () => {
    expect(canManageRound(bnOrganizer, bnProvincialRound)).toBe(true);
    expect(canManageRound(bnOrganizer, tnProvincialRound)).toBe(false);
    expect(canManageRound(tnOrganizer, bnProvincialRound)).toBe(false);
  });
  it("a district organizer cannot act on its province's round", () => {
    expect(canManageRound(tienDuOrganizer, bnProvincialRound)).toBe(false);
    expect(canOverseeRound(tienDuOrganizer, bnProvincialRound)).toBe(false);
    expect(canManageRound(tienDuOrganizer, tienDuRound)).toBe(true);
  });
  it("a province oversees (reads) its districts' rounds but does not manage them", () => {
    expect(canOverseeRound(bnOrganizer, tienDuRound)).toBe(true);
    expect(canManageRound(bnOrganizer, tienDuRound)).toBe(false);
    expect(canOverseeRound(bnOrganizer, phuBinhRound)).toBe(false);
  });
  it("a region oversees rounds of its own region only", () => {
    expect(canManageRound(northOrganizer, northRound)).toBe(true);
    expect(canManageRound(northOrganizer, southRound)).toBe(false);
    expect(canOverseeRound(northOrganizer, bnProvincialRound)).toBe(true);
    expect(canOverseeRound(northOrganizer, southRound)).toBe(false);
  });
  it("the nation manages national rounds and oversees every lower one", () => {
    expect(canManageRound(nationalOrganizer, nationalRound)).toBe(true);
    expect(canOverseeRound(nationalOrganizer, southRound)).toBe(true);
    expect(canOverseeRound(nationalOrganizer, tienDuRound)).toBe(true);
    expect(canManageRound(nationalOrganizer, bnProvincialRound)).toBe(false);
  });
  it("creates rounds only for its own level and unit", () => {
    expect(canCreateRound(bnOrganizer, { level: "province", unitId: BAC_NINH, regionCode: "BAC" })).toBe(true);
    expect(canCreateRound(bnOrganizer, { level: "province", unitId: THAI_NGUYEN, regionCode: "BAC" })).toBe(false);
    expect(canCreateRound(bnOrganizer, { level: "district", unitId: TIEN_DU, regionCode: "BAC" })).toBe(false);
    expect(canCreateRound(bnOrganizer, { level: "national", unitId: null, regionCode: null })).toBe(false);
    expect(canCreateRound(northOrganizer, { level: "region", unitId: null, regionCode: "NAM" })).toBe(false);
  });
  it("no other role manages or oversees rounds", () => {
    for (const p of [nobody, producer, judge, chair, admin]) {
      expect(canManageRound(p, bnProvincialRound)).toBe(false);
      expect(canOverseeRound(p, bnProvincialRound)).toBe(false);
    }
  });
});

describe("judges belong to a round's council", () => {
  it("judges score only their council's round", () => {
    expect(canJudgeRound(judge, 100)).toBe(true);
    expect(canJudgeRound(judge, 101)).toBe(false);
    expect(canJudgeRound(bnOrganizer, 100)).toBe(false);
  });
  it("a secretary who does not score cannot judge", () => {
    expect(canJudgeRound(secretary, 100)).toBe(false);
  });
  it("only the chair chairs", () => {
    expect(canChairRound(chair, 100)).toBe(true);
    expect(canChairRound(judge, 100)).toBe(false);
    expect(canChairRound(chair, 101)).toBe(false);
  });
});

describe("producers and admins", () => {
  it("producers act for their own establishment only", () => {
    expect(canActForEstablishment(producer, 7)).toBe(true);
    expect(canActForEstablishment(producer, 8)).toBe(false);
    expect(canActForEstablishment(bnOrganizer, 7)).toBe(false);
  });
  it("only system admins administer", () => {
    expect(canAdminister(admin)).toBe(true);
    for (const p of [producer, bnOrganizer, nationalOrganizer, judge, chair]) expect(canAdminister(p)).toBe(false);
  });
});
