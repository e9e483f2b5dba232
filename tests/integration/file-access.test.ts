/**
 * Who reads a dossier file (/tep/<id>), through the real loader with real session cookies and
 * real bytes on disk. Judges read only the entries they score (the round's assignment rule, any
 * mode, without a declared conflict); the chair reads the entries the council decides on (accepted
 * and after) except those it declared a conflict on: the chair records the council's decision on
 * every such entry (scoring.server.ts recordVerdicts, resultsPage), so the dossier behind it is
 * the chair's business, while points stay hidden from a chair who does not score. Nobody on the
 * council reads a dossier before it is accepted. Organizers in scope and the producer keep their
 * access; an admin has none as such (no admin page shows dossiers). Every refusal is a 404.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { LoaderFunction } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  assignments,
  conflictsOfInterest,
  councilMembers,
  councils,
  dossierDocuments,
  entries,
  establishmentMembers,
  establishments,
  files,
  products,
  rounds,
} from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { loader as fileLoader } from "~/routes/tep.$fileId";
import { createBody, createOrganizer, createRound, createUser, province, requestWithCookie } from "../helpers/fixtures";
import { makePdf } from "../helpers/files";

type Who =
  | "anonymous"
  | "producer"
  | "otherProducer"
  | "organizer"
  | "otherProvince"
  | "admin"
  | "judge"
  | "conflicted"
  | "otherGroup"
  | "chair"
  | "otherRound"
  | "secretary";
const cookies: Partial<Record<Who, string | null>> = { anonymous: null };
const member: Partial<Record<Who, number>> = {};
let roundId = 0;
/** A group-1 entry, accepted; its registration form. */
let acceptedFile = 0;
let acceptedEntry = 0;
/** A group-1 entry still waiting for intake (submitted); its registration form. */
let submittedFile = 0;

async function storeFile(name: string): Promise<number> {
  const bytes = await makePdf(name);
  const now = new Date();
  const key = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, "0")}/${crypto.randomBytes(16).toString("hex")}.pdf`;
  const abs = path.join(path.resolve(env().UPLOAD_DIR), key);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, bytes);
  const sha256 = crypto.createHash("sha256").update(bytes).digest("hex");
  return db.insert(files).values({ storage: "local", storageKey: key, originalName: `${name}.pdf`, mimeType: "application/pdf", sizeBytes: bytes.length, sha256 }).returning().get().id;
}

beforeAll(async () => {
  const bacNinh = province("24");
  const body = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bacNinh.id);
  const otherBody = createBody("Sở Công Thương tỉnh Thái Nguyên", "province", province("19").id);
  const round = createRound(body.id, "province", bacNinh.id, "Vòng tỉnh Bắc Ninh 2026", { status: "scoring", assignmentMode: "by_group" });
  roundId = round.id;
  const other = createRound(body.id, "province", bacNinh.id, "Vòng bổ sung Bắc Ninh 2026", { status: "scoring", assignmentMode: "all" });

  const ids: Partial<Record<Who, string>> = {
    producer: await createUser("coso@example.vn"),
    otherProducer: await createUser("coso2@example.vn"),
    organizer: await createOrganizer("bn@example.vn", body.id),
    otherProvince: await createOrganizer("tn@example.vn", otherBody.id),
    admin: await createUser("admin@example.vn", { isSystemAdmin: true }),
  };
  const est = db.insert(establishments).values({ legalType: "cooperative", name: "HTX Gốm Phù Lãng", provinceId: bacNinh.id }).returning().get();
  db.insert(establishmentMembers).values({ establishmentId: est.id, userId: ids.producer!, role: "owner" }).run();
  const est2 = db.insert(establishments).values({ legalType: "household", name: "Hộ Tre trúc", provinceId: bacNinh.id }).returning().get();
  db.insert(establishmentMembers).values({ establishmentId: est2.id, userId: ids.otherProducer!, role: "owner" }).run();

  const product = db.insert(products).values({ establishmentId: est.id, name: "Bình gốm men da lươn", productGroupId: 1 }).returning().get();
  const product2 = db.insert(products).values({ establishmentId: est.id, name: "Chum gốm", productGroupId: 1 }).returning().get();
  acceptedEntry = db.insert(entries).values({ roundId, productId: product.id, establishmentId: est.id, status: "accepted", votingCode: "BN-001", dossierNo: "HS-1" }).returning().get().id;
  const submittedEntry = db.insert(entries).values({ roundId, productId: product2.id, establishmentId: est.id, status: "submitted", dossierNo: "HS-2" }).returning().get().id;
  acceptedFile = await storeFile("phieu-dang-ky-1");
  submittedFile = await storeFile("phieu-dang-ky-2");
  db.insert(dossierDocuments).values({ entryId: acceptedEntry, docType: "registration_form", fileId: acceptedFile }).run();
  db.insert(dossierDocuments).values({ entryId: submittedEntry, docType: "registration_form", fileId: submittedFile }).run();

  const council = db.insert(councils).values({ roundId, name: "Hội đồng tỉnh Bắc Ninh" }).returning().get();
  const seats: [Who, { role: "chair" | "member" | "secretary"; isJudge: boolean; groups: number[] }][] = [
    ["judge", { role: "member", isJudge: true, groups: [1] }],
    ["conflicted", { role: "member", isJudge: true, groups: [1] }],
    ["otherGroup", { role: "member", isJudge: true, groups: [2] }],
    ["chair", { role: "chair", isJudge: false, groups: [] }],
    ["secretary", { role: "secretary", isJudge: false, groups: [] }],
  ];
  for (const [who, s] of seats) {
    ids[who] = await createUser(`${who}@example.vn`);
    member[who] = db
      .insert(councilMembers)
      .values({ councilId: council.id, userId: ids[who]!, fullName: who, role: s.role, isJudge: s.isJudge, productGroupIds: s.groups })
      .returning()
      .get().id;
  }
  db.insert(conflictsOfInterest).values({ entryId: acceptedEntry, councilMemberId: member.conflicted!, reason: "Người thân làm việc tại cơ sở" }).run();
  // A judge of another round's council (mode "all" there) scores nothing here.
  const otherCouncil = db.insert(councils).values({ roundId: other.id, name: "Hội đồng vòng bổ sung" }).returning().get();
  ids.otherRound = await createUser("otherRound@example.vn");
  db.insert(councilMembers).values({ councilId: otherCouncil.id, userId: ids.otherRound, fullName: "Giám khảo vòng khác", role: "member", isJudge: true }).run();

  for (const [who, id] of Object.entries(ids)) cookies[who as Who] = await startSession(id!);
});

async function get(who: Who, fileId: number) {
  try {
    const res = (await (fileLoader as LoaderFunction)({ request: requestWithCookie(`/tep/${fileId}`, cookies[who] ?? null), params: { fileId: String(fileId) }, context: {} })) as Response;
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, headers: thrown.headers, body: Buffer.alloc(0) };
    throw thrown;
  }
}

function setMode(mode: "all" | "by_group" | "manual") {
  db.update(rounds).set({ assignmentMode: mode }).where(eq(rounds.id, roundId)).run();
}

describe("dossier files: who reads them", () => {
  it("the assigned judge reads the file, not cached, framed only by the app itself", async () => {
    setMode("by_group");
    const r = await get("judge", acceptedFile);
    expect(r.status).toBe(200);
    expect(r.body.subarray(0, 5).toString()).toBe("%PDF-");
    expect(r.headers.get("Content-Type")).toBe("application/pdf");
    expect(r.headers.get("Cache-Control")).toBe("no-store");
    expect(r.headers.get("Content-Security-Policy")).toBe("frame-ancestors 'self'");
    expect(r.headers.get("X-Frame-Options")).toBe("SAMEORIGIN");
    expect(r.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(r.headers.get("ETag")).toBeNull();
  });

  it("a judge with a declared conflict on the entry gets 404, in every mode", async () => {
    for (const mode of ["by_group", "all", "manual"] as const) {
      setMode(mode);
      if (mode === "manual") db.insert(assignments).values({ entryId: acceptedEntry, councilMemberId: member.conflicted!, stage: 1 }).run();
      expect((await get("conflicted", acceptedFile)).status, mode).toBe(404);
    }
    db.delete(assignments).run();
    setMode("by_group");
  });

  it("a judge of the same council not assigned (by group, another group) gets 404", async () => {
    setMode("by_group");
    expect((await get("otherGroup", acceptedFile)).status).toBe(404);
  });

  it("the same judge reads it once assigned: mode all, or by hand", async () => {
    setMode("all");
    expect((await get("otherGroup", acceptedFile)).status).toBe(200);
    setMode("manual");
    expect((await get("otherGroup", acceptedFile)).status).toBe(404);
    expect((await get("judge", acceptedFile)).status).toBe(404); // not picked by hand either
    db.insert(assignments).values({ entryId: acceptedEntry, councilMemberId: member.otherGroup!, stage: 1 }).run();
    expect((await get("otherGroup", acceptedFile)).status).toBe(200);
    db.delete(assignments).run();
    setMode("by_group");
  });

  it("a judge of another round's council gets 404", async () => {
    expect((await get("otherRound", acceptedFile)).status).toBe(404);
  });

  it("the chair (not a judge) reads an accepted entry's file; a secretary who does not score does not", async () => {
    expect((await get("chair", acceptedFile)).status).toBe(200);
    expect((await get("secretary", acceptedFile)).status).toBe(404);
  });

  it("a chair with a declared conflict on the entry gets 404", async () => {
    const c = db.insert(conflictsOfInterest).values({ entryId: acceptedEntry, councilMemberId: member.chair!, reason: "Là thành viên hợp tác xã" }).returning().get();
    expect((await get("chair", acceptedFile)).status).toBe(404);
    db.delete(conflictsOfInterest).where(eq(conflictsOfInterest.id, c.id)).run();
    expect((await get("chair", acceptedFile)).status).toBe(200);
  });

  it("before the dossier is accepted, no council member reads it (not even the chair)", async () => {
    setMode("all");
    for (const who of ["judge", "otherGroup", "chair"] as const) expect((await get(who, submittedFile)).status, who).toBe(404);
    setMode("by_group");
  });

  it("the producer and the round's organizer keep their access; others get 404", async () => {
    for (const fileId of [acceptedFile, submittedFile]) {
      expect((await get("producer", fileId)).status).toBe(200);
      expect((await get("organizer", fileId)).status).toBe(200);
      for (const who of ["otherProducer", "otherProvince", "anonymous", "admin"] as const) expect((await get(who, fileId)).status, who).toBe(404);
    }
  });

  it("an unknown or malformed id is a plain 404", async () => {
    expect((await get("organizer", 999_999)).status).toBe(404);
    const bad = await (async () => {
      try {
        await (fileLoader as LoaderFunction)({ request: requestWithCookie("/tep/abc", cookies.organizer ?? null), params: { fileId: "abc" }, context: {} });
        return 200;
      } catch (e) {
        return (e as Response).status;
      }
    })();
    expect(bad).toBe(404);
  });
});
