/**
 * A closed round's draft (issue 12 item 4): when the organizer closes intake, a producer's draft
 * says so at the top of the dossier page (the day it closed, the published deadline) and accepts
 * nothing more: no upload, no submission, until intake is reopened. Real SQLite, real files, the
 * real route's loader and action.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { dossierDocuments, entries, establishmentMembers, establishments, products } from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { loadPrincipal } from "~/lib/permissions.server";
import { moveRound } from "~/modules/rounds/rounds.server";
import { action as dossierAction, loader as dossierLoader } from "~/routes/co-so.du-thi.$entryId._index";
import { createBody, createOrganizer, createRound, createUser, province, requestWithCookie } from "../helpers/fixtures";
import { makePdf } from "../helpers/files";

let cookie = "";
let organizer = "";
let roundId = 0;
let entryId = 0;

async function call(fn: (args: any) => any, init?: RequestInit) {
  try {
    const res: Response = await fn({ request: requestWithCookie(`/co-so/du-thi/${entryId}`, cookie, init), params: { entryId: String(entryId) }, context: {} });
    return { status: res.status, data: res.headers.get("Content-Type")?.includes("json") ? await res.json() : null };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, data: e.headers.get("Content-Type")?.includes("json") ? await e.json() : null };
    throw e;
  }
}
const upload = async (docType = "registration_form") => {
  const fd = new FormData();
  fd.append("intent", "upload");
  fd.append("docType", docType);
  fd.append("files", new Blob([new Uint8Array(await makePdf("Phiếu đăng ký"))], { type: "application/pdf" }), "phieu-dang-ky.pdf");
  return call(dossierAction, { method: "POST", body: fd });
};
const documents = () => db.select().from(dossierDocuments).where(eq(dossierDocuments.entryId, entryId)).all().length;

beforeAll(async () => {
  const bn = province("24");
  const body = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bn.id);
  organizer = await createOrganizer("org-closed@example.vn", body.id);
  roundId = createRound(body.id, "province", bn.id, "Bình chọn tỉnh Bắc Ninh 2026", { status: "open", registrationOpensOn: "2026-09-01", registrationClosesOn: "2027-01-09" }).id;
  const userId = await createUser("coso-closed@example.vn");
  cookie = await startSession(userId);
  const est = db.insert(establishments).values({ legalType: "cooperative", name: "Hợp tác xã Gốm Phù Lãng", provinceId: bn.id, street: "Thôn Phù Lãng", phone: "0912345678" }).returning().get();
  db.insert(establishmentMembers).values({ establishmentId: est.id, userId, role: "owner" }).run();
  const prod = db.insert(products).values({ establishmentId: est.id, name: "Bình gốm men da lươn", productGroupId: 1 }).returning().get();
  entryId = db.insert(entries).values({ roundId, productId: prod.id, establishmentId: est.id, status: "draft" }).returning().get().id;
});

describe("a draft when intake closes", () => {
  it("while the round is open, the draft takes documents and says nothing about closing", async () => {
    const page = await call(dossierLoader);
    expect(page.data.closedDraft).toBeNull();
    expect((await upload()).status).toBe(302);
    expect(documents()).toBe(1);
  });

  it("once closed: the page says so (day closed, published deadline), no slot is editable, upload and submit are refused, nothing written", async () => {
    await moveRound(loadPrincipal(organizer, false), roundId, "intake_closed");
    const page = await call(dossierLoader);
    expect(page.data.closedDraft).toMatchObject({ deadline: "2027-01-09", notYetOpen: false });
    expect(page.data.closedDraft.closedOn).not.toBeNull();
    expect(page.data.canSubmit).toBe(false);
    expect(page.data.slots.every((s: { editable: boolean }) => !s.editable)).toBe(true);

    const refused = await upload("business_registration");
    expect(refused.status).toBe(409);
    expect(refused.data.message).toBe("Kỳ bình chọn đã đóng nhận hồ sơ: hồ sơ nháp này không nhận thêm tài liệu và không nộp được nữa.");
    expect(documents()).toBe(1);

    const submit = await call(dossierAction, { method: "POST", body: new URLSearchParams({ intent: "submit", commitment: "1" }) });
    expect(submit.status).toBeGreaterThanOrEqual(400);
    expect(submit.status).toBeLessThan(500);
    expect(db.select().from(entries).where(eq(entries.id, entryId)).get()!.status).toBe("draft");
  });

  it("reopened intake makes the draft editable again", async () => {
    await moveRound(loadPrincipal(organizer, false), roundId, "open");
    const page = await call(dossierLoader);
    expect(page.data.closedDraft).toBeNull();
    expect((await upload("business_registration")).status).toBe(302);
    expect(documents()).toBe(2);
  });
});
