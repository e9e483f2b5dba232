/**
 * Issue 11: a judge withdraws a conflict of interest it declared itself, before scoring closes
 * (audited, organizers told). Not a conflict the organizer recorded, not another judge's, not
 * after the stage is closed or the results are published.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, conflictsOfInterest, councilMembers, councils, entries, establishmentMembers, establishments, notifications, products, rounds, stageClosures } from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { action, loader } from "~/routes/giam-khao.xung-dot";
import { createBody, createOrganizer, createRound, createUser, province, requestWithCookie } from "../helpers/fixtures";

let roundId = 0;
const entryIds: number[] = [];
const member: Record<string, number> = {};
const cookie: Record<string, string> = {};
let orgUser = "";
let j1User = "";

async function call(fn: (a: any) => any, who: string, init?: RequestInit) {
  try {
    const res: Response = await fn({ request: requestWithCookie("/giam-khao/xung-dot", cookie[who]!, init), params: {}, context: {} });
    return { status: res.status, location: res.headers.get("Location"), data: res.headers.get("Content-Type")?.includes("json") ? await res.json() : null };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, location: e.headers.get("Location"), data: e.headers.get("Content-Type")?.includes("json") ? await e.json() : null };
    throw e;
  }
}
const post = (fields: Record<string, string>): RequestInit => ({ method: "POST", body: new URLSearchParams(fields) });
const conflictOf = (who: string, entryId: number) =>
  db
    .select()
    .from(conflictsOfInterest)
    .where(and(eq(conflictsOfInterest.councilMemberId, member[who]!), eq(conflictsOfInterest.entryId, entryId)))
    .get();

beforeAll(async () => {
  const bacNinh = province("24");
  const body = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bacNinh.id);
  orgUser = await createOrganizer("org@example.vn", body.id);
  roundId = createRound(body.id, "province", bacNinh.id, "Vòng tỉnh Bắc Ninh 2026", { status: "scoring" }).id;
  const producer = await createUser("cs@example.vn");
  const est = db.insert(establishments).values({ legalType: "sme", name: "Công ty Gốm", provinceId: bacNinh.id }).returning().get();
  db.insert(establishmentMembers).values({ establishmentId: est.id, userId: producer, role: "owner" }).run();
  for (const [i, name] of ["Bình gốm", "Tranh Đông Hồ", "Mây tre đan"].entries()) {
    const prod = db.insert(products).values({ establishmentId: est.id, name, productGroupId: 1 }).returning().get();
    entryIds.push(db.insert(entries).values({ roundId, productId: prod.id, establishmentId: est.id, status: "accepted", votingCode: `BN-00${i + 1}`, dossierNo: `HS-${i + 1}` }).returning().get().id);
  }
  const council = db.insert(councils).values({ roundId, name: "Hội đồng bình chọn tỉnh Bắc Ninh" }).returning().get();
  for (const who of ["j1", "j2"]) {
    const uid = await createUser(`${who}@example.vn`);
    if (who === "j1") j1User = uid;
    member[who] = db.insert(councilMembers).values({ councilId: council.id, userId: uid, fullName: who, role: "member", title: "TS" }).returning().get().id;
    cookie[who] = await startSession(uid);
  }
});

describe("a judge withdraws its own conflict declaration", () => {
  it("declares, sees the withdraw button, withdraws: the row goes, the audit log and the organizers have it", async () => {
    const declared = await call(action, "j1", post({ roundId: String(roundId), entryId: String(entryIds[0]), reason: "Em ruột làm kế toán ở cơ sở" }));
    expect(declared.status).toBe(302);
    const id = conflictOf("j1", entryIds[0]!)!.id;
    const page = await call(loader, "j1");
    const listed = page.data.councils[0].conflicts.find((x: any) => x.id === id);
    expect(listed.canWithdraw).toBe(true);

    const before = db.select().from(notifications).where(eq(notifications.userId, orgUser)).all().length;
    const withdrawn = await call(action, "j1", post({ intent: "withdraw", roundId: String(roundId), conflictId: String(id) }));
    expect(withdrawn.status).toBe(302);
    expect(withdrawn.location).toBe("/giam-khao/xung-dot?da-rut=1");
    expect(conflictOf("j1", entryIds[0]!)).toBeUndefined();
    const log = db.select().from(auditLog).where(eq(auditLog.action, "conflict.withdraw")).all();
    expect(log).toHaveLength(1);
    expect(log[0]!.actorUserId).toBe(j1User);
    expect(log[0]!.objectId).toBe(String(id));
    expect(log[0]!.data).toMatchObject({ roundId, memberId: member.j1, entryId: entryIds[0], reason: "Em ruột làm kế toán ở cơ sở" });
    const notes = db.select().from(notifications).where(eq(notifications.userId, orgUser)).all();
    expect(notes.length).toBe(before + 1);
    expect(notes.at(-1)!.kind).toBe("council.conflict.withdrawn");

    // Withdrawn twice (a double tap): not found, nothing else changes.
    const again = await call(action, "j1", post({ intent: "withdraw", roundId: String(roundId), conflictId: String(id) }));
    expect(again.status).toBe(404);
  });

  it("refuses a conflict the organizer recorded and another judge's, with a message", async () => {
    const recorded = db.insert(conflictsOfInterest).values({ entryId: entryIds[1]!, councilMemberId: member.j1!, reason: "Cơ quan tổ chức ghi nhận", declaredBy: orgUser }).returning().get();
    const page = await call(loader, "j1");
    expect(page.data.councils[0].conflicts.find((x: any) => x.id === recorded.id).canWithdraw).toBe(false);
    const byOrg = await call(action, "j1", post({ intent: "withdraw", roundId: String(roundId), conflictId: String(recorded.id) }));
    expect(byOrg.status).toBe(403);
    expect(byOrg.data.errors.conflictId).toMatch(/do cơ quan tổ chức ghi nhận/);
    expect(conflictOf("j1", entryIds[1]!)).toBeDefined();

    const declared = await call(action, "j2", post({ roundId: String(roundId), entryId: String(entryIds[2]), reason: "Từng tư vấn cho cơ sở" }));
    expect(declared.status).toBe(302);
    const j2Conflict = conflictOf("j2", entryIds[2]!)!.id;
    const foreign = await call(action, "j1", post({ intent: "withdraw", roundId: String(roundId), conflictId: String(j2Conflict) }));
    expect(foreign.status).toBe(404);
    expect(conflictOf("j2", entryIds[2]!)).toBeDefined();
    const junk = await call(action, "j1", post({ intent: "withdraw", roundId: String(roundId), conflictId: "abc" }));
    expect(junk.status).toBe(404);
  });

  it("refuses once the stage is closed or the results are published", async () => {
    const id = conflictOf("j2", entryIds[2]!)!.id;
    db.insert(stageClosures).values({ roundId, stage: 1, closedAt: new Date() }).run();
    const page = await call(loader, "j2");
    expect(page.data.councils[0].conflicts.find((x: any) => x.id === id).canWithdraw).toBe(false);
    const closed = await call(action, "j2", post({ intent: "withdraw", roundId: String(roundId), conflictId: String(id) }));
    expect(closed.status).toBe(409);
    expect(closed.data.errors.conflictId).toBe("Vòng chấm đã khóa nên không rút được khai báo xung đột lợi ích.");
    db.delete(stageClosures).where(eq(stageClosures.roundId, roundId)).run();
    db.update(rounds).set({ status: "published" }).where(eq(rounds.id, roundId)).run();
    const published = await call(action, "j2", post({ intent: "withdraw", roundId: String(roundId), conflictId: String(id) }));
    expect(published.status).toBe(409);
    expect(conflictOf("j2", entryIds[2]!)).toBeDefined();
    expect(db.select().from(auditLog).where(eq(auditLog.action, "conflict.withdraw")).all()).toHaveLength(1);
  });
});
