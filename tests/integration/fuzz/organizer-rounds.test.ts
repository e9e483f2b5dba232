/**
 * Fuzz: the organizer's round set-up actions: create a round, its settings and status, its
 * scoring sheet. See tests/helpers/fuzz.ts for the properties checked on every input.
 */
import fc from "fast-check";
import { beforeAll, describe, it } from "vitest";
import { ROUND_STATUSES } from "~db/schema";
import { db } from "~/lib/db.server";
import { TIE_BREAK_PRESETS } from "~/modules/rounds/rounds";
import { action as newRound } from "~/routes/to-chuc.vong.moi";
import { action as settings } from "~/routes/to-chuc.vong.$roundId_.thiet-lap";
import { action as sheet } from "~/routes/to-chuc.vong.$roundId_.phieu-cham";
import { actor, anyValue, buildWorld, FUZZ_TIMEOUT, fuzzAction, idField, mostly, nastyNumber, pathOf, shaped, type Fields, type Target, type World } from "../../helpers/fuzz";

let w: World;
beforeAll(async () => {
  w = await buildWorld();
});

const date = mostly(["", "2026-07-01", "2026-08-31", "2026-09-15", "2026-10-01", "2026-12-31", "2026-02-31", "2026-02-29", "2024-02-29", "9999-12-31", "0000-01-01", "2026-1-1", "01/07/2026"], 4);

const GOOD: Fields = [
  ["title", "Bình chọn sản phẩm CNNT tiêu biểu tỉnh Bắc Ninh năm 2027"],
  ["year", "2027"],
  ["rules", "Thể lệ của kỳ bình chọn."],
  ["registrationOpensOn", "2027-03-01"],
  ["registrationClosesOn", "2027-04-30"],
  ["dossierScoringFrom", "2027-05-10"],
  ["dossierScoringTo", "2027-05-30"],
  ["directScoringFrom", "2027-06-01"],
  ["directScoringTo", "2027-06-10"],
  ["councilMeetingOn", "2027-06-20"],
  ["announcementOn", "2027-06-30"],
  ["passMarkTenths", "70,5"],
  ["recognitionCap", "15"],
  ["scoringStages", "2"],
  ["certificateValidityMonths", "36"],
  ["tieBreak", "I,II,vote"],
  ["discrepancyToleranceTenths", "15"],
  ["minJudgesPerEntry", "3"],
  ["intakeAnswerWorkingDays", "3"],
  ["requiredDocumentTypes", "registration_form"],
  ["requiredDocumentTypes", "product_photos"],
  ["certificateNumberPattern", "{seq}/GCN-{level}-{year}"],
];

function settingsSpec(): Record<string, fc.Arbitrary<string>> {
  return {
    title: mostly(["Bình chọn sản phẩm CNNT tiêu biểu tỉnh Bắc Ninh năm 2027", "Kỳ bình chọn thử", "abc"], 6),
    year: mostly(["2026", "2027", "2010", "2100", "2009", "2101"], 6),
    rules: mostly(["Thể lệ.", ""], 6),
    registrationOpensOn: date,
    registrationClosesOn: date,
    dossierScoringFrom: date,
    dossierScoringTo: date,
    directScoringFrom: date,
    directScoringTo: date,
    councilMeetingOn: date,
    announcementOn: date,
    passMarkTenths: mostly(["70", "70,5", "72.5", "0", "100", "100,1", "101", "-1"], 6),
    recognitionCap: mostly(["", "15", "1", "0", "9999", "10000"], 6),
    scoringStages: mostly(["1", "2", "3", "0"], 6),
    certificateValidityMonths: mostly(["36", "1", "120", "121", "0"], 6),
    tieBreak: mostly([...Object.keys(TIE_BREAK_PRESETS), "I,II"], 6),
    discrepancyToleranceTenths: mostly(["15", "0", "100", "15,5"], 6),
    minJudgesPerEntry: mostly(["3", "1", "30", "31", "0"], 6),
    intakeAnswerWorkingDays: mostly(["3", "1", "30", "31"], 6),
    requiredDocumentTypes: mostly(w.docTypes, 6),
    certificateNumberPattern: mostly(["{seq}/GCN-{level}-{year}", "{seq}", "GCN", ""], 6),
  };
}

/** Several required document types, some unknown or repeated. */
function withDocTypes(fields: fc.Arbitrary<Fields>) {
  const docs = fc.array(fc.oneof(fc.constantFrom(...w.docTypes), anyValue), { maxLength: 6 }).map((d): Fields => d.map((x) => ["requiredDocumentTypes", x]));
  return fc.tuple(fields, docs).map(([a, b]) => [...a, ...b]);
}

describe("fuzz: organizer round set-up", () => {
  it("to-chuc/vong/moi: create a round", { timeout: FUZZ_TIMEOUT }, async () => {
    const t: Target = { name: "to-chuc.vong.moi", action: newRound, path: () => "/to-chuc/vong/moi" };
    const spec = { ...settingsSpec(), bodyId: idField([w.bodies.bn, w.bodies.commune, w.bodies.national], w.ids.bodies) };
    await fuzzAction(w, t, {
      who: actor("bnOrganizer", "communeOrganizer", "nationalOrganizer", "tnOrganizer"),
      happy: [
        { who: "bnOrganizer", fields: [...GOOD, ["bodyId", String(w.bodies.bn)]] },
        { who: "communeOrganizer", fields: [...GOOD, ["bodyId", String(w.bodies.commune)]] },
        { who: "bnOrganizer", fields: [...GOOD, ["bodyId", String(w.bodies.tn)]] }, // another body
      ],
      shaped: withDocTypes(shaped(spec, { present: 30 })),
      names: Object.keys(spec),
    });
  });

  it("to-chuc/vong/$roundId/thiet-lap: settings and status", { timeout: FUZZ_TIMEOUT }, async () => {
    const t: Target = { name: "to-chuc.vong.$roundId_.thiet-lap", action: settings, path: (p) => pathOf`/to-chuc/vong/${p.roundId ?? ""}/thiet-lap` };
    const rounds = [w.round.bnDraft, w.round.bnIntakeClosed, w.round.bn, w.round.review, w.round.commune, w.round.tn, w.round.national];
    const params = fc.record({ roundId: idField(rounds, w.ids.rounds) });
    const versions = db.$client.prepare("SELECT DISTINCT version FROM rounds").pluck().all() as number[];
    const settingsForm = withDocTypes(shaped({ ...settingsSpec(), version: mostly([...versions.map(String), "", "0"], 4) }, { present: 30 }));
    const statusForm = shaped({ intent: mostly(["status"], 8), to: mostly([...ROUND_STATUSES, "STATUS", ""], 6) });
    const version = (id: number) => String(db.$client.prepare("SELECT version FROM rounds WHERE id = ?").pluck().get(id));
    const p = (id: number) => ({ roundId: String(id) });
    await fuzzAction(w, t, {
      who: actor("bnOrganizer", "communeOrganizer", "tnOrganizer", "nationalOrganizer"),
      params,
      happy: [
        { who: "bnOrganizer", params: p(w.round.bnDraft), fields: [...GOOD, ["version", version(w.round.bnDraft)]] },
        { who: "bnOrganizer", params: p(w.round.bn), fields: [...GOOD, ["version", version(w.round.bn)]] }, // frozen once scoring
        { who: "bnOrganizer", params: p(w.round.bnIntakeClosed), fields: [["intent", "status"], ["to", "open"]] },
        { who: "bnOrganizer", params: p(w.round.bnDraft), fields: [["intent", "status"], ["to", "open"]] },
        { who: "bnOrganizer", params: p(w.round.review), fields: [["intent", "status"], ["to", "scoring"]] },
        { who: "communeOrganizer", params: p(w.round.commune), fields: [["intent", "status"], ["to", "intake_closed"]] },
      ],
      shaped: fc.oneof(settingsForm, statusForm),
      names: [...Object.keys(settingsSpec()), "intent", "to", "version"],
    });
  });

  it("to-chuc/vong/$roundId/phieu-cham: scoring sheet split", { timeout: FUZZ_TIMEOUT }, async () => {
    const t: Target = { name: "to-chuc.vong.$roundId_.phieu-cham", action: sheet, path: (p) => pathOf`/to-chuc/vong/${p.roundId ?? ""}/phieu-cham` };
    const rounds = [w.round.bnDraft, w.round.bnIntakeClosed, w.round.commune, w.round.bn, w.round.tn];
    const params = fc.record({ roundId: idField(rounds, w.ids.rounds) });
    const search = fc.oneof(
      { weight: 3, arbitrary: fc.constant("") },
      { weight: 3, arbitrary: fc.constantFrom("nhom=1", "nhom=2", "nhom=4") },
      { weight: 2, arbitrary: fc.oneof(nastyNumber, anyValue).map((v) => `nhom=${encodeURIComponent(v.replace(/[\uD800-\uDFFF]/g, ""))}`) },
    );
    const parts = db.$client
      .prepare("SELECT code, max_tenths AS max FROM criteria WHERE parent_id IS NOT NULL AND sheet_id = (SELECT id FROM criteria_sheets WHERE is_official = 1 ORDER BY version DESC LIMIT 1) ORDER BY id")
      .all() as { code: string; max: number }[];
    const split: Fields = [["mode", "split"], ...parts.map((c): [string, string] => [`p_${c.code}`, String(c.max / 10).replace(".", ",")])];
    const spec: Record<string, fc.Arbitrary<string>> = { mode: mostly(["groups", "split", "inherit", "Split"], 6) };
    for (const c of parts) spec[`p_${c.code}`] = mostly([String(c.max / 10).replace(".", ","), "0", "40", "5,5", "", "-1", "1000"], 8);
    const p = { roundId: String(w.round.bnDraft) };
    await fuzzAction(w, t, {
      who: actor("bnOrganizer", "communeOrganizer", "tnOrganizer"),
      params,
      search,
      happy: [
        { who: "bnOrganizer", params: p, fields: split },
        { who: "bnOrganizer", params: p, search: "nhom=2", fields: split },
        { who: "bnOrganizer", params: p, search: "nhom=3", fields: [["mode", "inherit"]] },
        { who: "bnOrganizer", params: p, fields: [["mode", "groups"]] },
        { who: "bnOrganizer", params: { roundId: String(w.round.bn) }, fields: split }, // scoring started
      ],
      shaped: shaped(spec, { present: 40 }),
      names: Object.keys(spec),
    });
  });
});
