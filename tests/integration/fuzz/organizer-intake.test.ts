/**
 * Fuzz: the organizer's intake decisions on a dossier and nominations to the next level. See
 * tests/helpers/fuzz.ts for the properties checked on every input.
 */
import fc from "fast-check";
import { beforeAll, describe, it } from "vitest";
import { db } from "~/lib/db.server";
import { action as intake } from "~/routes/to-chuc.vong.$roundId_.ho-so.$entryId";
import { action as nominate } from "~/routes/to-chuc.vong.$roundId_.de-cu";
import { actor, anyValue, buildWorld, FUZZ_TIMEOUT, fuzzAction, idField, mostly, pathOf, shaped, type Fields, type Target, type World } from "../../helpers/fuzz";

let w: World;
beforeAll(async () => {
  w = await buildWorld();
});

describe("fuzz: organizer intake and nominations", () => {
  it("to-chuc/vong/$roundId/ho-so/$entryId: accept, reject, ask to complete", { timeout: FUZZ_TIMEOUT }, async () => {
    const t: Target = { name: "to-chuc.vong.$roundId_.ho-so.$entryId", action: intake, path: (p) => pathOf`/to-chuc/vong/${p.roundId ?? ""}/ho-so/${p.entryId ?? ""}` };
    const params = fc.record({
      roundId: idField([w.round.commune, w.round.bn, w.round.tn], w.ids.rounds),
      entryId: idField([w.entry.submitted, w.entry.needsCompletion, w.entry.draft, w.entry.bnAccepted], w.ids.entries),
    });
    const spec = {
      intent: mostly(["accept", "reject", "request", "", "ACCEPT", "decide"], 6),
      version: mostly(["", "1", "2", "0"], 3),
      note: mostly(["Hồ sơ hợp lệ.", ""]),
      reason: mostly(["Sản phẩm không thuộc đối tượng bình chọn.", "", "   "]),
      message: mostly(["Bổ sung phiếu đăng ký có chữ ký.", ""]),
    };
    const docTypes = fc.array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...w.docTypes) }, { weight: 1, arbitrary: anyValue }), { maxLength: 5 }).map((d): Fields => d.map((x) => ["docTypes", x]));
    const p = { roundId: String(w.round.commune), entryId: String(w.entry.submitted) };
    await fuzzAction(w, t, {
      who: actor("communeOrganizer", "bnOrganizer", "tnOrganizer"),
      params,
      happy: [
        { who: "communeOrganizer", params: p, fields: [["intent", "accept"], ["version", "1"], ["note", "Hồ sơ hợp lệ."]] },
        { who: "communeOrganizer", params: p, fields: [["intent", "reject"], ["version", "1"], ["reason", "Sản phẩm không thuộc đối tượng bình chọn."]] },
        { who: "communeOrganizer", params: p, fields: [["intent", "request"], ["version", "1"], ["message", "Bổ sung ảnh."], ["docTypes", w.docTypes[0]!], ["docTypes", w.docTypes[1]!]] },
        { who: "communeOrganizer", params: { ...p, entryId: String(w.entry.needsCompletion) }, fields: [["intent", "accept"]] },
        { who: "bnOrganizer", params: p, fields: [["intent", "accept"]] }, // oversees, may not decide
      ],
      shaped: fc.tuple(shaped(spec), docTypes).map(([a, b]) => [...a, ...b]),
      names: [...Object.keys(spec), "docTypes"],
    });
  });

  it("to-chuc/vong/$roundId/de-cu: nominate a recognised entry", { timeout: FUZZ_TIMEOUT }, async () => {
    const t: Target = { name: "to-chuc.vong.$roundId_.de-cu", action: nominate, path: (p) => pathOf`/to-chuc/vong/${p.roundId ?? ""}/de-cu` };
    const nationalEntries = db.$client.prepare("SELECT id FROM entries WHERE round_id = ? LIMIT 5").pluck().all(w.round.national) as number[];
    const params = fc.record({ roundId: idField([w.round.bnPublished, w.round.region, w.round.bn, w.round.national], w.ids.rounds) });
    const spec = {
      entryId: idField([w.entry.recognised, w.entry.bnAccepted, ...nationalEntries], w.ids.entries),
      targetRoundId: idField([w.round.region, w.round.national, w.round.bn], w.ids.rounds),
    };
    const good: Fields = [["entryId", String(w.entry.recognised)], ["targetRoundId", String(w.round.region)]];
    await fuzzAction(w, t, {
      who: actor("bnOrganizer", "nationalOrganizer", "tnOrganizer"),
      params,
      happy: [
        { who: "bnOrganizer", params: { roundId: String(w.round.bnPublished) }, fields: good },
        { who: "bnOrganizer", params: { roundId: String(w.round.bn) }, fields: good },
        { who: "nationalOrganizer", params: { roundId: String(w.round.national) }, fields: [["entryId", String(nationalEntries[0])], ["targetRoundId", String(w.round.region)]] },
      ],
      shaped: shaped(spec),
      names: Object.keys(spec),
    });
  });
});
