/**
 * A two-stage round: closing stage 1 shortlists the entries above the pass mark; stage 2 is
 * scored again, independently, by the same council on the shortlist only, and decides.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { councilMembers, councils, entries, establishments, products, rounds } from "~db/schema";
import { db } from "~/lib/db.server";
import { loadPrincipal } from "~/lib/permissions.server";
import { closeStage, currentStage, judgeRound, publishRound, recordDecision, recordVerdicts, resultsPage, saveSheet } from "~/modules/scoring/scoring.server";
import { createBody, createOrganizer, createRound, createUser, province } from "../helpers/fixtures";

let roundId = 0;
const judges: string[] = [];
const entryIds: number[] = [];
let groups: Record<string, number> = {};
let organizer = "";

function sheet(points: [number, number, number, number]) {
  return Object.fromEntries(["I", "II", "III", "IV"].map((g, i) => [`p_${groups[g]}`, String(points[i]).replace(".", ",")]));
}

beforeAll(async () => {
  const bn = province("24");
  const body = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bn.id);
  organizer = await createOrganizer("org2@example.vn", body.id);
  const official = db.query.criteriaSheets.findFirst({ where: (t, { eq }) => eq(t.isOfficial, true) }).sync()!;
  roundId = createRound(body.id, "province", bn.id, "Vòng tỉnh hai vòng chấm", { status: "scoring", scoringStages: 2, minJudgesPerEntry: 2, criteriaSheetId: official.id }).id;
  groups = Object.fromEntries(
    db.query.criteria
      .findMany({ where: (t, { eq }) => eq(t.sheetId, official.id) })
      .sync()
      .filter((c) => !c.parentId)
      .map((c) => [c.code, c.id]),
  );
  const est = db.insert(establishments).values({ legalType: "sme", name: "Công ty A", provinceId: bn.id }).returning().get();
  for (const name of ["Sản phẩm cao", "Sản phẩm vừa", "Sản phẩm thấp"]) {
    const prod = db.insert(products).values({ establishmentId: est.id, name, productGroupId: 1 }).returning().get();
    entryIds.push(db.insert(entries).values({ roundId, productId: prod.id, establishmentId: est.id, status: "accepted", votingCode: name }).returning().get().id);
  }
  const council = db.insert(councils).values({ roundId, name: "Hội đồng" }).returning().get();
  for (const [i, role] of (["chair", "member"] as const).entries()) {
    const uid = await createUser(`gk${i}@two.vn`);
    db.insert(councilMembers).values({ councilId: council.id, userId: uid, fullName: `GK ${i}`, role }).run();
    judges.push(uid);
  }
});

describe("two scoring stages", () => {
  it("stage 1 results shortlist the passing entries into stage 2", () => {
    const stage1: [number, number, number, number][] = [
      [36, 36, 9, 9],
      [30, 30, 6, 6],
      [20, 20, 5, 5],
    ];
    for (const uid of judges) {
      const p = loadPrincipal(uid, false);
      entryIds.forEach((id, i) => saveSheet(p, roundId, id, { fields: sheet(stage1[i]!), comment: "", submit: true }));
    }
    closeStage(loadPrincipal(judges[0]!, false), roundId, "");
    const round = db.select().from(rounds).where(eq(rounds.id, roundId)).get()!;
    expect(round.status).toBe("scoring"); // stage 2 still to score
    expect(currentStage(round)).toBe(2);
    const stages = entryIds.map((id) => db.select().from(entries).where(eq(entries.id, id)).get()!.stage);
    expect(stages).toEqual([2, 2, 1]); // 90 and 72 passed, 50 did not
    const list = judgeRound(loadPrincipal(judges[1]!, false), roundId);
    expect(list.stage).toBe(2);
    expect(list.items.map((i) => i.entryId)).toEqual([entryIds[0], entryIds[1]]);
    expect(list.items.every((i) => i.sheetStatus === null)).toBe(true); // a fresh, independent sheet
  });

  it("stage 2 decides: an entry that passed stage 1 can fail stage 2", () => {
    const stage2: [number, number, number, number][] = [
      [35, 35, 9, 9],
      [28, 28, 6, 6],
    ];
    for (const uid of judges) {
      const p = loadPrincipal(uid, false);
      [entryIds[0]!, entryIds[1]!].forEach((id, i) => saveSheet(p, roundId, id, { fields: sheet(stage2[i]!), comment: "", submit: true }));
    }
    // The excluded entry cannot be scored in stage 2.
    expect(() => saveSheet(loadPrincipal(judges[0]!, false), roundId, entryIds[2]!, { fields: sheet([40, 40, 10, 10]), comment: "", submit: true })).toThrow();
    closeStage(loadPrincipal(organizer, false), roundId, "");
    expect(db.select().from(rounds).where(eq(rounds.id, roundId)).get()!.status).toBe("results_review");
    const r = resultsPage(loadPrincipal(organizer, false), roundId);
    expect(r.shownStage).toBe(2);
    const byId = Object.fromEntries(r.results!.map((x) => [Number(x.entryId), x]));
    expect(byId[entryIds[0]!]!.meanDisplay).toBe("88,00");
    expect(byId[entryIds[1]!]!.meanDisplay).toBe("68,00");
    expect(byId[entryIds[1]!]!.passed).toBe(false);
    expect(byId[entryIds[2]!]).toBeUndefined();
    expect(entryIds.map((id) => db.select().from(entries).where(eq(entries.id, id)).get()!.status)).toEqual(["scored", "scored", "scored"]);
  });

  it("publishing records the entry left out of the shortlist as not recognised", async () => {
    const org = loadPrincipal(organizer, false);
    recordVerdicts(org, roundId, [
      { entryId: entryIds[0]!, recognised: true, note: "", votesFor: 2, votesAgainst: 0, votesAbstain: 0 },
      { entryId: entryIds[1]!, recognised: false, note: "Dưới 70 điểm ở vòng 2", votesFor: 0, votesAgainst: 2, votesAbstain: 0 },
    ]);
    recordDecision(org, roundId, { number: "99/QĐ-UBND", signedOn: "2026-11-20", signerName: "Nguyễn Văn B", signerTitle: "Chủ tịch UBND tỉnh", issuer: "UBND tỉnh Bắc Ninh" });
    await publishRound(org, roundId);
    expect(entryIds.map((id) => db.select().from(entries).where(eq(entries.id, id)).get()!.status)).toEqual(["recognised", "not_recognised", "not_recognised"]);
  });
});
