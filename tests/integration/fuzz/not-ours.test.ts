/**
 * Fuzz: producer and organizer actions whose routes and modules are owned elsewhere
 * (co-so.thanh-vien with app/modules/producers and invitations; the certificates page with
 * app/modules/certificates and app/modules/jobs). Run like the others; a failure here is to be
 * reported to the owners rather than fixed in this suite. See tests/helpers/fuzz.ts for the
 * properties checked.
 *
 * Known and reported, worked around below until fixed (search for "reported"):
 * - the certificates page reads its body with request.formData(): a body that is no form answers
 *   500, so none is sent to it (`formsOnly`);
 * - app/modules/jobs: a drain that finds nothing to claim leaves the runner's `draining` set to a
 *   settled promise for good, so every later kick, drain and poll of the process does nothing
 *   (issueRoundCertificates then waits its full 10 minutes); `settle` below never starts a drain.
 */
import fc from "fast-check";
import { beforeAll, describe, it } from "vitest";
import { db } from "~/lib/db.server";
import { loadPrincipal } from "~/lib/permissions.server";
import { issueRoundCertificates } from "~/modules/certificates/certificates.server";
import { action as members } from "~/routes/co-so.thanh-vien";
import { action as certificates } from "~/routes/to-chuc.vong.$roundId_.chung-nhan._index";
import { actor, buildWorld, FUZZ_TIMEOUT, fuzzAction, idField, mostly, pathOf, rebaseline, shaped, type Target, type World } from "../../helpers/fuzz";

let w: World;
beforeAll(async () => {
  w = await buildWorld();
  // The national round's certificate files exist before the runs: issuing there is a no-op (the
  // Bắc Ninh 2025 round still has one to issue, so that path runs too).
  await issueRoundCertificates(loadPrincipal(w.users.nationalOrganizer, false), w.round.national);
  rebaseline();
}, 120_000);

describe("fuzz: actions owned elsewhere (report, do not fix here)", () => {
  it("co-so/thanh-vien: add an establishment member", { timeout: FUZZ_TIMEOUT }, async () => {
    const t: Target = { name: "co-so.thanh-vien", action: members, path: () => "/co-so/thanh-vien" };
    const spec = {
      fullName: mostly(["Nguyễn Thị Hoa", ""]),
      email: mostly(["hoa.moi@gmail.com", "cosob@fuzz.cnnt.vn", "coso@demo.cnnt.vn", "HOA.MOI@GMAIL.COM", "khong-phai-email", ""]),
    };
    await fuzzAction(w, t, {
      who: actor("producer", "producerB"),
      happy: [
        { who: "producer", fields: [["fullName", "Nguyễn Thị Hoa"], ["email", "hoa.moi@gmail.com"]] },
        { who: "producer", fields: [["fullName", "Nguyễn Thị Bình"], ["email", "cosob@fuzz.cnnt.vn"]] }, // an existing account
        { who: "producer", fields: [["fullName", "Nguyễn Văn Lộc"], ["email", "coso@demo.cnnt.vn"]] }, // already a member
      ],
      shaped: shaped(spec),
      names: Object.keys(spec),
    });
  });

  it("to-chuc/vong/$roundId/chung-nhan: issue and revoke certificates", { timeout: FUZZ_TIMEOUT }, async () => {
    // Known failure, reported: the same request.formData() 500 on a body that is no form.
    const t: Target = {
      name: "to-chuc.vong.$roundId_.chung-nhan._index",
      formsOnly: true,
      action: certificates,
      path: (p) => pathOf`/to-chuc/vong/${p.roundId ?? ""}/chung-nhan`,
      // The issue job starts on the next turn of the event loop and keeps writing after the
      // answer: let the drain under way end before the rollback. (Not by calling drainJobs: a
      // drain that finds nothing to claim leaves the runner's `draining` set for good, which
      // stops every later drain in the process; reported to the owners of app/modules/jobs.)
      settle: async () => {
        await new Promise<void>((r) => setImmediate(r));
        const runner = (globalThis as { __cnntJobRunner?: { draining: Promise<void> | null } }).__cnntJobRunner;
        if (runner?.draining) await runner.draining;
      },
    };
    const certIds = db.$client.prepare("SELECT id FROM certificates ORDER BY id").pluck().all() as number[];
    const params = fc.record({ roundId: idField([w.round.national, w.round.bnPublished, w.round.bn, w.round.review], w.ids.rounds) });
    const spec = {
      intent: mostly(["issue", "revoke", "", "ISSUE"], 6),
      async: mostly(["1", "0", ""]),
      issuedOn: mostly(["", "2025-12-10", "2026-02-31", "9999-12-31", "1900-01-01"]),
      certId: idField(certIds, w.ids.certificates),
      reason: mostly(["Cơ sở vi phạm cam kết chất lượng.", "", "x".repeat(501)]),
    };
    const national = { roundId: String(w.round.national) };
    await fuzzAction(w, t, {
      who: actor("nationalOrganizer", "bnOrganizer", "tnOrganizer"),
      params,
      happy: [
        { who: "nationalOrganizer", params: national, fields: [["intent", "revoke"], ["certId", String(certIds[0])], ["reason", "Cơ sở vi phạm cam kết chất lượng."]] },
        { who: "nationalOrganizer", params: national, fields: [["intent", "issue"], ["async", "1"]] },
        { who: "nationalOrganizer", params: national, fields: [["intent", "issue"]] },
        { who: "bnOrganizer", params: { roundId: String(w.round.bnPublished) }, fields: [["intent", "issue"], ["issuedOn", ""]] },
      ],
      shaped: shaped(spec),
      names: Object.keys(spec),
    });
  });
});
