/**
 * The producer's dossier page after publication (issue 12 item 6), through the real loader on the
 * demo's published national round: a recognised producer sees its mean, rank, the decision and
 * its certificate link; a producer not recognised sees its score and the pass mark; the judges'
 * comments appear, anonymously, only when the round releases them; no judge's name ever does.
 * Also the step checklist and the deadline while intake is open (items 2 and 4).
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "~db/seed/demo";
import { certificates, councilMembers, councilVerdicts, results, entries, establishmentMembers, recognitionDecisions, rounds, scoreSheets } from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { todayInVietnam } from "~/lib/dates";
import { loader as dossierLoader } from "~/routes/co-so.du-thi.$entryId._index";
import { createUser, requestWithCookie } from "../helpers/fixtures";

let nationalId: number;
let recognised: { id: number; cookie: string };
let notRecognised: { id: number; cookie: string };
let judgeNames: string[];

async function memberOf(establishmentId: number, email: string) {
  const userId = await createUser(email);
  db.insert(establishmentMembers).values({ establishmentId, userId, role: "member" }).run();
  return startSession(userId);
}

beforeAll(async () => {
  seedDemo(db, "not-a-real-hash");
  nationalId = db.select().from(rounds).where(eq(rounds.level, "national")).get()!.id;
  const rows = db.select().from(entries).where(eq(entries.roundId, nationalId)).all();
  const yes = rows.find((r) => r.status === "recognised")!;
  expect(yes).toBeTruthy();
  // The demo recognises every national entry: one more is made not recognised, as a council would
  // (mean below the pass mark, verdict against, no decision, no certificate).
  const no = rows.find((r) => r.id !== yes.id && r.establishmentId !== yes.establishmentId)!;
  db.update(results).set({ sumTenths: 3 * 655, passed: false, recommended: false }).where(eq(results.entryId, no.id)).run();
  db.update(councilVerdicts).set({ recognised: false, decisionId: null }).where(eq(councilVerdicts.entryId, no.id)).run();
  db.delete(certificates).where(eq(certificates.entryId, no.id)).run();
  db.update(entries).set({ status: "not_recognised" }).where(eq(entries.id, no.id)).run();
  recognised = { id: yes.id, cookie: await memberOf(yes.establishmentId, "yes@results.test") };
  notRecognised = { id: no!.id, cookie: await memberOf(no!.establishmentId, "no@results.test") };
  judgeNames = db.select({ n: councilMembers.fullName }).from(councilMembers).all().map((m) => m.n);
  // Distinct comments on the recognised entry's sheets.
  db.select().from(scoreSheets).where(eq(scoreSheets.entryId, yes.id)).all().forEach((s, i) => {
    db.update(scoreSheets).set({ comment: i === 1 ? "" : `Nhận xét số ${i + 1}: men đều, dáng cân đối.` }).where(eq(scoreSheets.id, s.id)).run();
  });
});

async function page(who: { id: number; cookie: string }) {
  const res = await dossierLoader({ request: requestWithCookie(`/co-so/du-thi/${who.id}`, who.cookie), params: { entryId: String(who.id) }, context: {} } as never);
  const text = await res.text();
  return { data: JSON.parse(text), text };
}

describe("the published result on the producer's dossier page", () => {
  it("a recognised producer sees its mean, rank, the decision and its certificate link", async () => {
    const { data, text } = await page(recognised);
    const r = data.extras.result;
    expect(r.recognised).toBe(true);
    expect(r.mean).toMatch(/^\d{2},\d{2}$/);
    expect(r.rank).toBeGreaterThanOrEqual(1);
    expect(r.ranked).toBeGreaterThanOrEqual(r.rank);
    expect(r.passMark).toBe("70");
    const decision = db.select().from(recognitionDecisions).where(eq(recognitionDecisions.roundId, nationalId)).get()!;
    expect(r.decision).toEqual({ number: decision.number, signedOn: decision.signedOn, issuer: decision.issuer });
    const cert = db.select().from(certificates).where(eq(certificates.entryId, recognised.id)).get()!;
    expect(r.certificate).toMatchObject({ id: cert.id, number: cert.number, revoked: false });
    // Comments are off by default: none sent at all.
    expect(r.releaseComments).toBe(false);
    expect(r.comments).toEqual([]);
    expect(text).not.toContain("Nhận xét số");
    for (const n of judgeNames) expect(text).not.toContain(n);
    expect(data.extras.steps.map((s: { state: string }) => s.state)).toEqual(["done", "done", "done", "done", "done"]);
    expect(data.extras.deadline).toBeNull();
  });

  it("a producer not recognised sees its score and the pass mark, and no certificate", async () => {
    const { data } = await page(notRecognised);
    const r = data.extras.result;
    expect(r.recognised).toBe(false);
    expect(r.passed).toBe(false);
    expect(r.mean).toMatch(/^\d{2},\d{2}$/);
    expect(r.mean).toBe("65,50");
    expect(r.passMark).toBe("70");
    expect(r.certificate).toBeNull();
    expect(r.decision).toBeNull();
  });

  it("with comments released, they appear as 'Giám khảo n', without names; only the entry's own", async () => {
    db.update(rounds).set({ releaseComments: true }).where(eq(rounds.id, nationalId)).run();
    const { data, text } = await page(recognised);
    expect(data.extras.result.comments).toEqual([
      { label: "Giám khảo 1", text: "Nhận xét số 1: men đều, dáng cân đối." },
      { label: "Giám khảo 3", text: "Nhận xét số 3: men đều, dáng cân đối." },
    ]);
    for (const n of judgeNames) expect(text).not.toContain(n);
    expect(text).not.toContain("councilMemberId");
    const other = await page(notRecognised);
    expect(other.text).not.toContain("Nhận xét số");
    db.update(rounds).set({ releaseComments: false }).where(eq(rounds.id, nationalId)).run();
  });

  it("before publication no result is shown, even with comments released", async () => {
    db.update(rounds).set({ status: "results_review", releaseComments: true }).where(eq(rounds.id, nationalId)).run();
    const { data, text } = await page(recognised);
    expect(data.extras.result).toBeNull();
    expect(text).not.toContain("Nhận xét số");
    db.update(rounds).set({ status: "published", releaseComments: false }).where(eq(rounds.id, nationalId)).run();
  });

  it("another establishment's producer gets 404 for the page", async () => {
    await expect(page({ id: recognised.id, cookie: notRecognised.cookie })).rejects.toMatchObject({ status: 404 });
  });

  it("while intake is open, a draft shows the deadline with the days left and where the producer stands", async () => {
    const open = db.select().from(rounds).where(and(eq(rounds.level, "commune"), eq(rounds.status, "open"))).get()!;
    const e = db.select().from(entries).where(eq(entries.id, recognised.id)).get()!;
    const draft = db.insert(entries).values({ roundId: open.id, productId: e.productId, establishmentId: e.establishmentId, status: "draft" }).returning().get();
    const { data } = await page({ id: draft.id, cookie: recognised.cookie });
    const d = data.extras.deadline;
    expect(d.date).toBe(open.registrationClosesOn);
    const expected = Math.round((Date.parse(`${open.registrationClosesOn}T00:00:00Z`) - Date.parse(`${todayInVietnam()}T00:00:00Z`)) / 86_400_000);
    expect(d.daysLeft).toBe(expected);
    // Nothing uploaded yet: profile and product as the demo left them, the documents step is where it stands.
    const steps = data.extras.steps as { key: string; state: string }[];
    expect(steps.map((x) => x.key)).toEqual(["profile", "product", "documents", "submit", "results"]);
    expect(steps.filter((x) => x.state === "current")).toHaveLength(1);
    expect(steps.slice(3).map((x) => x.state)).toEqual(["todo", "todo"]);
    expect(steps[2]!.state).not.toBe("done");
    expect(data.extras.result).toBeNull();
  });
});
