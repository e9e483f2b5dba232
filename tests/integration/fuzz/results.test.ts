/**
 * Fuzz: the results page's actions, for the chair and the organizer: closing a stage, reopening a
 * sheet, the council's verdicts, the recognition decision, publishing. See tests/helpers/fuzz.ts
 * for the properties checked on every input.
 */
import fc from "fast-check";
import { beforeAll, describe, it } from "vitest";
import { db } from "~/lib/db.server";
import { action as results } from "~/routes/to-chuc.vong.$roundId_.ket-qua";
import { actor, buildWorld, FUZZ_TIMEOUT, fuzzAction, idField, mostly, nastyId, pathOf, shaped, type Fields, type Target, type World } from "../../helpers/fuzz";

let w: World;
beforeAll(async () => {
  w = await buildWorld();
});

describe("fuzz: results, chair and organizer", () => {
  it("to-chuc/vong/$roundId/ket-qua: close, reopen, verdicts, decision, publish", { timeout: FUZZ_TIMEOUT }, async () => {
    const t: Target = { name: "to-chuc.vong.$roundId_.ket-qua", action: results, path: (p) => pathOf`/to-chuc/vong/${p.roundId ?? ""}/ket-qua` };
    const reviewEntries = db.$client.prepare("SELECT id FROM entries WHERE round_id = ? ORDER BY id").pluck().all(w.round.review) as number[];
    const params = fc.record({ roundId: idField([w.round.review, w.round.bn, w.round.national, w.round.commune, w.round.tn], w.ids.rounds) });
    const spec = {
      intent: mostly(["close", "reopen", "verdicts", "decision", "publish", "", "CLOSE"], 8),
      reason: mostly(["Một giám khảo ốm, Hội đồng đồng ý khóa.", "", "  "]),
      sheetId: idField([w.sheet.reviewSubmitted, w.sheet.bnSubmitted, w.sheet.bnDraft], w.ids.sheets),
      number: mostly(["1234/QĐ-UBND", "12", ""]),
      signedOn: mostly(["2026-01-15", "2026-02-31", "9999-99-99", "2026-1-5", ""]),
      signerName: mostly(["Nguyễn Văn A", ""]),
      signerTitle: mostly(["Chủ tịch UBND tỉnh", ""]),
      issuer: mostly(["UBND tỉnh Bắc Ninh", ""]),
    };
    const id = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...reviewEntries, ...w.ids.entries.slice(0, 3)).map(String) }, { weight: 1, arbitrary: nastyId });
    const verdictField = fc.tuple(fc.constantFrom("r_", "note_", "for_", "against_", "abstain_"), id, mostly(["1", "0", "3", "", "999", "1000", "-1", "2.5"], 3));
    const verdicts = fc.array(verdictField, { maxLength: 8 }).map((v): Fields => v.map(([k, i, x]) => [`${k}${i}`, x]));
    const review = { roundId: String(w.round.review) };
    const bn = { roundId: String(w.round.bn) };
    const [pass, fail] = [w.entry.reviewPass, w.entry.reviewFail];
    const decision: Fields = [["intent", "decision"], ["number", "1234/QĐ-UBND"], ["signedOn", "2026-01-15"], ["signerName", "Nguyễn Văn A"], ["signerTitle", "Chủ tịch UBND tỉnh"], ["issuer", "UBND tỉnh Bắc Ninh"]];
    await fuzzAction(w, t, {
      who: actor("bnOrganizer", "chair", "judge", "tnOrganizer"),
      params,
      happy: [
        { who: "chair", params: bn, fields: [["intent", "close"], ["reason", "Một giám khảo ốm, Hội đồng đồng ý khóa."]] },
        { who: "bnOrganizer", params: bn, fields: [["intent", "close"], ["reason", ""]] },
        { who: "chair", params: review, fields: [["intent", "reopen"], ["sheetId", String(w.sheet.reviewSubmitted)], ["reason", "Nhập nhầm điểm."]] },
        {
          who: "bnOrganizer",
          params: review,
          fields: [["intent", "verdicts"], [`r_${pass}`, "1"], [`for_${pass}`, "3"], [`against_${pass}`, "0"], [`abstain_${pass}`, "0"], [`note_${pass}`, "Đạt."], [`r_${fail}`, "0"], [`for_${fail}`, ""]],
        },
        { who: "chair", params: review, fields: [["intent", "verdicts"], [`r_${pass}`, "1"]] },
        { who: "bnOrganizer", params: review, fields: decision },
        { who: "chair", params: review, fields: decision }, // the organizer's, not the chair's
        { who: "bnOrganizer", params: review, fields: [["intent", "publish"]] },
      ],
      shaped: fc.tuple(shaped(spec), verdicts).map(([a, b]) => [...a, ...b]),
      names: [...Object.keys(spec), `r_${pass}`, `for_${pass}`, `note_${fail}`],
    });
  });
});
