/**
 * Fuzz: the judge's form actions (giam-khao.*): the score sheet (draft, submit) and conflict
 * declarations. The chair's actions (closing a stage, reopening a sheet) are in results.test.ts.
 * See tests/helpers/fuzz.ts for the properties checked on every input.
 */
import fc from "fast-check";
import { beforeAll, describe, it } from "vitest";
import { db } from "~/lib/db.server";
import { action as conflicts } from "~/routes/giam-khao.xung-dot";
import { action as sheet } from "~/routes/giam-khao.vong.$roundId.cham.$entryId";
import { actor, buildWorld, FUZZ_TIMEOUT, fuzzAction, idField, mostly, nastyNumber, pathOf, shaped, type Fields, type Target, type World } from "../../helpers/fuzz";

let w: World;
beforeAll(async () => {
  w = await buildWorld();
});

describe("fuzz: judge actions", () => {
  it("giam-khao/vong/$roundId/cham/$entryId: save and submit a score sheet", { timeout: FUZZ_TIMEOUT }, async () => {
    const t: Target = { name: "giam-khao.vong.$roundId.cham.$entryId", action: sheet, path: (p) => pathOf`/giam-khao/vong/${p.roundId ?? ""}/cham/${p.entryId ?? ""}` };
    const groups = db.$client.prepare("SELECT id, max_tenths AS max FROM criteria WHERE sheet_id = (SELECT criteria_sheet_id FROM rounds WHERE id = ?) AND parent_id IS NULL ORDER BY position").all(w.round.bn) as { id: number; max: number }[];
    const subs = db.$client.prepare("SELECT id FROM criteria WHERE parent_id IS NOT NULL LIMIT 5").pluck().all() as number[];
    const bnEntries = db.$client.prepare("SELECT id FROM entries WHERE round_id = ? ORDER BY id").pluck().all(w.round.bn) as number[];
    // judge3's drafts: entries it may still change.
    const judge3Drafts = db.$client.prepare("SELECT entry_id FROM score_sheets WHERE council_member_id = ? AND status = 'draft'").pluck().all(w.member.judge3Bn) as number[];
    const params = fc.record({
      roundId: idField([w.round.bn, w.round.review], w.ids.rounds),
      entryId: idField([w.entry.bnUnscored, w.entry.bnAccepted, ...judge3Drafts, ...bnEntries.slice(-4)], w.ids.entries),
    });
    const point = mostly(["0", "10", "35", "35,5", "40", "40,0", "9.5", "", " 7 ", "40,1", "41", "100"], 4);
    const spec: Record<string, fc.Arbitrary<string>> = {
      intent: mostly(["draft", "submit", "", "SUBMIT", "publish"], 5),
      comment: mostly(["Sản phẩm tốt.", ""]),
      total: mostly(["", "100", "75", "75,5", "0"], 2),
      version: mostly(["", "1", "2", "0"], 2),
    };
    for (const g of groups) spec[`p_${g.id}`] = point;
    const extraPoints = fc.array(fc.tuple(fc.constantFrom(...subs, 0, -1, 999999).map((id) => `p_${id}`), fc.oneof(point, nastyNumber)), { maxLength: 3 });
    const full = (intent: string): Fields => [...groups.map((g): [string, string] => [`p_${g.id}`, String(g.max / 20).replace(".", ",")]), ["comment", "Đạt."], ["intent", intent], ["total", "50"]];
    const bn = String(w.round.bn);
    await fuzzAction(w, t, {
      who: actor("judge", "judge3", "chair"),
      params,
      happy: [
        { who: "judge", params: { roundId: bn, entryId: String(w.entry.bnUnscored) }, fields: full("draft") },
        { who: "judge", params: { roundId: bn, entryId: String(w.entry.bnUnscored) }, fields: full("submit") },
        { who: "judge3", params: { roundId: bn, entryId: String(judge3Drafts[0] ?? w.entry.bnAccepted) }, fields: [...full("submit"), ["version", "1"]] },
        { who: "judge", params: { roundId: bn, entryId: String(w.entry.bnAccepted) }, fields: full("submit") }, // already submitted
      ],
      shaped: fc.tuple(shaped(spec, { missing: 2 }), extraPoints).map(([a, b]) => [...a, ...b]),
      names: Object.keys(spec),
    });
  });

  it("giam-khao/xung-dot: declare a conflict of interest", { timeout: FUZZ_TIMEOUT }, async () => {
    const t: Target = { name: "giam-khao.xung-dot", action: conflicts, path: () => "/giam-khao/xung-dot" };
    const bnEntries = db.$client.prepare("SELECT id FROM entries WHERE round_id = ? ORDER BY id").pluck().all(w.round.bn) as number[];
    const spec = {
      roundId: idField([w.round.bn, w.round.review], w.ids.rounds),
      entryId: idField([w.entry.bnUnscored, ...bnEntries.slice(0, 5), w.entry.reviewPass], w.ids.entries),
      reason: mostly(["Người thân làm việc tại cơ sở.", "  ", ""]),
    };
    const reason: [string, string] = ["reason", "Người thân làm việc tại cơ sở."];
    await fuzzAction(w, t, {
      who: actor("judge", "judge3", "chair"),
      happy: [
        { who: "judge", fields: [["roundId", String(w.round.bn)], ["entryId", String(w.entry.bnUnscored)], reason] },
        { who: "judge3", fields: [["roundId", String(w.round.bn)], ["entryId", String(w.entry.bnUnscored)], reason] }, // declared already
        { who: "chair", fields: [["roundId", String(w.round.review)], ["entryId", String(w.entry.reviewPass)], reason] }, // results under review
      ],
      shaped: shaped(spec),
      names: Object.keys(spec),
    });
  });
});
