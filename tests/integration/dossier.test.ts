/**
 * The producer portal on a real SQLite database with real files in a temporary directory,
 * through the real route loaders and actions.
 */
import fs from "node:fs";
import path from "node:path";
import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  dossierDocuments,
  entries,
  establishmentMembers,
  establishments,
  files,
  mailOutbox,
  notifications,
  products,
} from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { env, resetEnvCache } from "~/lib/env.server";
import { loadPrincipal } from "~/lib/permissions.server";
import { decideIntake, requestCompletion } from "~/modules/entries/entries.server";
import { action as dossierAction, loader as dossierLoader } from "~/routes/co-so.du-thi.$entryId._index";
import { loader as receiptLoader } from "~/routes/co-so.du-thi.$entryId.bien-nhan";
import { action as registerAction, loader as roundsLoader } from "~/routes/co-so.ky-binh-chon";
import { action as productAction, loader as productLoader } from "~/routes/co-so.san-pham.$productId";
import { action as newProductAction } from "~/routes/co-so.san-pham.moi";
import { action as profileAction } from "~/routes/co-so.thong-tin";
import { loader as fileLoader } from "~/routes/tep.$fileId";
import { createBody, createCommune, createOrganizer, createRound, createUser, province, requestWithCookie } from "../helpers/fixtures";
import { listFiles, makePdf, makePng } from "../helpers/files";

let owner: { cookie: string; userId: string; estId: number };
let other: { cookie: string; userId: string; estId: number };
let organizerId: string;
let roundId: number;
let communeId: number;
let pdf: Buffer;

async function producer(email: string, name: string) {
  const userId = await createUser(email);
  const bacNinh = province("24");
  const est = db
    .insert(establishments)
    .values({ legalType: "cooperative", name, provinceId: bacNinh.id, unitId: communeId, street: "Thôn 1", registrationNo: "2300123456", phone: "0912345678", representative: "Người đại diện" })
    .returning()
    .get();
  db.insert(establishmentMembers).values({ establishmentId: est.id, userId, role: "owner" }).run();
  return { cookie: await startSession(userId), userId, estId: est.id };
}

type Thrown = { status: number; location?: string | null; data?: any };
async function call(fn: (args: any) => any, url: string, cookie: string | null, params: Record<string, string>, init?: RequestInit): Promise<Thrown> {
  try {
    const res: Response = await fn({ request: requestWithCookie(url, cookie, init), params, context: {} });
    const ct = res.headers.get("Content-Type") ?? "";
    return { status: res.status, location: res.headers.get("Location"), data: ct.includes("json") ? await res.json() : null };
  } catch (e) {
    if (e instanceof Response) {
      const ct = e.headers.get("Content-Type") ?? "";
      return { status: e.status, location: e.headers.get("Location"), data: ct.includes("json") ? await e.json() : null };
    }
    throw e;
  }
}

function multipart(fields: Record<string, string>, fileList: { field: string; name: string; type: string; data: Buffer }[]): RequestInit {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of fileList) fd.append(f.field, new Blob([new Uint8Array(f.data)], { type: f.type }), f.name);
  return { method: "POST", body: fd };
}

function form(fields: Record<string, string>): RequestInit {
  return { method: "POST", body: new URLSearchParams(fields) };
}

const uploadDir = () => path.resolve(env().UPLOAD_DIR);
const storedOnDisk = () => listFiles(uploadDir()).filter((f) => !f.startsWith(".tmp"));
const partials = () => listFiles(path.join(uploadDir(), ".tmp"));

beforeAll(async () => {
  const bacNinh = province("24");
  communeId = createCommune(bacNinh.id, "Phù Lãng").id;
  const body = createBody("UBND xã Phù Lãng", "commune", communeId);
  roundId = createRound(body.id, "commune", communeId, "Bình chọn cấp xã Phù Lãng 2026", { registrationOpensOn: "2000-01-01", registrationClosesOn: "2999-12-31" }).id;
  organizerId = await createOrganizer("xa@example.vn", body.id);
  owner = await producer("owner@example.vn", "HTX Gốm Phù Lãng");
  other = await producer("other@example.vn", "Cơ sở khác");
  pdf = await makePdf();
});

let productId = 0;
let entryId = 0;

describe("establishment profile", () => {
  it("refuses a commune outside the chosen province and bad numbers, with field messages", async () => {
    const thaiNguyen = province("19");
    const r = await call(profileAction, "/co-so/thong-tin", owner.cookie, {}, form({ legalType: "sme", name: "HTX", registrationNo: "123", provinceId: String(thaiNguyen.id), unitId: String(communeId), street: "Thôn 1", representative: "A", phone: "0912345678" }));
    expect(r.status).toBe(400);
    expect(r.data.errors.registrationNo).toMatch(/10 hoặc 13 chữ số/);
    const r2 = await call(profileAction, "/co-so/thong-tin", owner.cookie, {}, form({ legalType: "sme", name: "HTX", registrationNo: "0101234567", provinceId: String(thaiNguyen.id), unitId: String(communeId), street: "Thôn 1", representative: "A", phone: "0912345678" }));
    expect(r2.status).toBe(400);
    expect(r2.data.errors.unitId).toMatch(/không thuộc tỉnh/);
  });
  it("saves a valid profile", async () => {
    const r = await call(profileAction, "/co-so/thong-tin", owner.cookie, {}, form({ legalType: "cooperative", name: "Hợp tác xã Gốm Phù Lãng", registrationNo: "0101234567-001", provinceId: String(province("24").id), unitId: String(communeId), street: "Thôn Phù Lãng", representative: "Nguyễn Văn Lộc", phone: "0912 345 678", email: "" }));
    expect(r.status).toBe(302);
    const est = db.select().from(establishments).where(eq(establishments.id, owner.estId)).get()!;
    expect(est.registrationNo).toBe("0101234567-001");
    expect(est.phone).toBe("0912345678");
  });
});

describe("products with photos", () => {
  it("creates a product with three photos sent at once, stored on disk with their SHA-256", async () => {
    const before = storedOnDisk().length;
    const r = await call(newProductAction, "/co-so/san-pham/moi", owner.cookie, {}, multipart({ name: "Bình gốm men da lươn", productGroupId: "1", description: "Gốm nung củi" }, [0, 1, 2].map((i) => ({ field: "photos", name: `anh-${i}.png`, type: "image/png", data: makePng(40 + i, 30, [100 + i * 40, 50, 20]) }))));
    expect(r.status).toBe(302);
    productId = Number(r.location!.match(/san-pham\/(\d+)/)![1]);
    expect(storedOnDisk().length).toBe(before + 3);
    const detail = await call(productLoader, `/co-so/san-pham/${productId}`, owner.cookie, { productId: String(productId) });
    expect(detail.data.photos).toHaveLength(3);
    const row = db.select().from(files).where(eq(files.id, detail.data.photos[0].fileId)).get()!;
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(row.mimeType).toBe("image/png");
    expect(row.storageKey).not.toContain("anh-0");
  });
  it("a missing name keeps what was typed and stores no photo", async () => {
    const before = storedOnDisk().length;
    const r = await call(newProductAction, "/co-so/san-pham/moi", owner.cookie, {}, multipart({ name: "", productGroupId: "2", description: "Mô tả đã gõ" }, [{ field: "photos", name: "a.png", type: "image/png", data: makePng(10, 10) }]));
    expect(r.status).toBe(400);
    expect(r.data.errors.name).toBe("Vui lòng nhập tên sản phẩm.");
    expect(r.data.values.description).toBe("Mô tả đã gõ");
    expect(storedOnDisk().length).toBe(before);
  });
  it("the same photo sent twice is kept once, with no orphan file", async () => {
    const before = storedOnDisk().length;
    const png = makePng(12, 12, [1, 2, 3]);
    const first = await call(productAction, `/co-so/san-pham/${productId}`, owner.cookie, { productId: String(productId) }, multipart({}, [{ field: "photos", name: "x.png", type: "image/png", data: png }]));
    const second = await call(productAction, `/co-so/san-pham/${productId}`, owner.cookie, { productId: String(productId) }, multipart({}, [{ field: "photos", name: "x.png", type: "image/png", data: png }]));
    expect(first.status).toBe(302);
    expect(second.status).toBe(302);
    expect(storedOnDisk().length).toBe(before + 1);
  });
});

describe("registering and the dossier", () => {
  it("lists the open round covering the commune and registers the product", async () => {
    const list = await call(roundsLoader, "/co-so/ky-binh-chon", owner.cookie, {});
    expect(list.data.rounds.map((r: any) => r.id)).toContain(roundId);
    const r = await call(registerAction, "/co-so/ky-binh-chon", owner.cookie, {}, form({ roundId: String(roundId), productId: String(productId) }));
    expect(r.status).toBe(302);
    entryId = Number(r.location!.match(/du-thi\/(\d+)/)![1]);
    const again = await call(registerAction, "/co-so/ky-binh-chon", owner.cookie, {}, form({ roundId: String(roundId), productId: String(productId) }));
    expect(again.status).toBe(409);
    expect(again.data.message).toMatch(/đã được đăng ký/);
  });

  it("accepts an upload into a slot", async () => {
    const r = await call(dossierAction, `/co-so/du-thi/${entryId}`, owner.cookie, { entryId: String(entryId) }, multipart({ intent: "upload", docType: "registration_form" }, [{ field: "files", name: "Phiếu đăng ký.pdf", type: "application/pdf", data: pdf }]));
    expect(r.status).toBe(302);
    const view = await call(dossierLoader, `/co-so/du-thi/${entryId}`, owner.cookie, { entryId: String(entryId) });
    const slot = view.data.slots.find((s: any) => s.code === "registration_form");
    expect(slot.current).toHaveLength(1);
    expect(slot.current[0].originalName).toBe("Phiếu đăng ký.pdf");
  });

  it("refuses a file too large while streaming (no Content-Length) and removes the partial file", async () => {
    process.env.MAX_UPLOAD_MB = "1";
    resetEnvCache();
    try {
      const boundary = "----cnnt-test-boundary";
      const head = `--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nupload\r\n--${boundary}\r\nContent-Disposition: form-data; name="docType"\r\n\r\nproduct_description\r\n--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="lon.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n`;
      const chunk = new Uint8Array(64 * 1024).fill(65);
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new TextEncoder().encode(head));
        },
        pull(c) {
          if (sent >= 3 * 1024 * 1024) {
            c.enqueue(new TextEncoder().encode(`\r\n--${boundary}--\r\n`));
            c.close();
            return;
          }
          sent += chunk.length;
          c.enqueue(chunk);
        },
      });
      const before = storedOnDisk().length;
      const filesBefore = db.select().from(files).all().length;
      const r = await call(dossierAction, `/co-so/du-thi/${entryId}`, owner.cookie, { entryId: String(entryId) }, {
        method: "POST",
        body,
        headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
        // Node's fetch needs duplex for a streamed body.
        duplex: "half",
      } as RequestInit);
      expect(r.status).toBe(413);
      expect(r.data.message).toMatch(/vượt quá 1 MB/);
      expect(sent).toBeLessThan(3 * 1024 * 1024); // stopped reading early
      expect(partials()).toEqual([]);
      expect(storedOnDisk().length).toBe(before);
      expect(db.select().from(files).all()).toHaveLength(filesBefore);
    } finally {
      delete process.env.MAX_UPLOAD_MB;
      resetEnvCache();
    }
  });

  it("refuses a spoofed file (an .exe renamed .pdf) from its bytes", async () => {
    const exe = Buffer.concat([Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0, 0, 0, 0x04, 0, 0, 0, 0xff, 0xff, 0, 0]), Buffer.alloc(2048)]);
    const before = storedOnDisk().length;
    const r = await call(dossierAction, `/co-so/du-thi/${entryId}`, owner.cookie, { entryId: String(entryId) }, multipart({ intent: "upload", docType: "product_description" }, [{ field: "files", name: "thuyet-minh.pdf", type: "application/pdf", data: exe }]));
    expect(r.status).toBe(415);
    expect(r.data.message).toMatch(/không phải PDF/);
    expect(storedOnDisk().length).toBe(before);
    expect(partials()).toEqual([]);
  });

  it("refuses a photo in the PDF-only slot, removing the stored bytes", async () => {
    const before = storedOnDisk().length;
    const r = await call(dossierAction, `/co-so/du-thi/${entryId}`, owner.cookie, { entryId: String(entryId) }, multipart({ intent: "upload", docType: "product_description" }, [{ field: "files", name: "anh.png", type: "image/png", data: makePng() }]));
    expect(r.status).toBe(415);
    expect(storedOnDisk().length).toBe(before);
    expect(partials()).toEqual([]);
  });

  it("a request cut off mid-way leaves nothing behind", async () => {
    const boundary = "----cut";
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode(`--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nupload\r\n--${boundary}\r\nContent-Disposition: form-data; name="docType"\r\n\r\nproduct_description\r\n--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="a.pdf"\r\n\r\n%PDF-1.7\n${"x".repeat(5000)}`));
        c.error(new Error("connection reset"));
      },
    });
    const before = storedOnDisk().length;
    const r = await call(dossierAction, `/co-so/du-thi/${entryId}`, owner.cookie, { entryId: String(entryId) }, {
      method: "POST",
      body,
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
      // Node's fetch needs duplex for a streamed body.
      duplex: "half",
    } as RequestInit);
    expect(r.status).toBe(400);
    expect(storedOnDisk().length).toBe(before);
    expect(partials()).toEqual([]);
  });

  it("keeps the earlier version when a file is replaced", async () => {
    const doc = db.select().from(dossierDocuments).where(and(eq(dossierDocuments.entryId, entryId), eq(dossierDocuments.docType, "registration_form"))).get()!;
    const pdf2 = await makePdf("Phieu dang ky ban sua");
    const r = await call(dossierAction, `/co-so/du-thi/${entryId}`, owner.cookie, { entryId: String(entryId) }, multipart({ intent: "replace", docType: "registration_form", documentId: String(doc.id) }, [{ field: "file", name: "Phiếu đăng ký (sửa).pdf", type: "application/pdf", data: pdf2 }]));
    expect(r.status).toBe(302);
    const rows = db.select().from(dossierDocuments).where(and(eq(dossierDocuments.entryId, entryId), eq(dossierDocuments.docType, "registration_form"))).all();
    expect(rows).toHaveLength(2);
    expect(rows.find((x) => x.version === 1)!.supersededAt).not.toBeNull();
    expect(rows.find((x) => x.version === 2)!.supersededAt).toBeNull();
    // The earlier file is still readable by the producer.
    const old = await call(fileLoader, `/tep/${doc.fileId}`, owner.cookie, { fileId: String(doc.fileId) });
    expect(old.status).toBe(200);
  });

  it("refuses to submit while incomplete, listing what is missing", async () => {
    const r = await call(dossierAction, `/co-so/du-thi/${entryId}`, owner.cookie, { entryId: String(entryId) }, form({ intent: "submit" }));
    expect(r.status).toBe(422);
    expect(r.data.missing).toEqual([
      "Giấy chứng nhận đăng ký kinh doanh: chưa có tệp.",
      "Bản thuyết minh sản phẩm: chưa có tệp.",
      "Ảnh màu sản phẩm: cần ít nhất 3 tệp, mới có 0.",
    ]);
    expect(db.select().from(entries).where(eq(entries.id, entryId)).get()!.status).toBe("draft");
  });

  it("submits once complete: locked, numbered, answer-by date, notifications and audit", async () => {
    const up = (docType: string, list: { name: string; type: string; data: Buffer }[]) =>
      call(dossierAction, `/co-so/du-thi/${entryId}`, owner.cookie, { entryId: String(entryId) }, multipart({ intent: "upload", docType }, list.map((f) => ({ field: "files", ...f }))));
    expect((await up("business_registration", [{ name: "gcn.pdf", type: "application/pdf", data: await makePdf("GCN") }])).status).toBe(302);
    expect((await up("product_description", [{ name: "tm.pdf", type: "application/pdf", data: await makePdf("TM") }])).status).toBe(302);
    expect((await up("product_photos", [0, 1, 2].map((i) => ({ name: `p${i}.png`, type: "image/png", data: makePng(20, 20, [i * 50, 10, 10]) })))).status).toBe(302);

    const r = await call(dossierAction, `/co-so/du-thi/${entryId}`, owner.cookie, { entryId: String(entryId) }, form({ intent: "submit", commitment: "1" }));
    expect(r.status).toBe(302);
    expect(r.location).toBe(`/co-so/du-thi/${entryId}/bien-nhan`);
    const e = db.select().from(entries).where(eq(entries.id, entryId)).get()!;
    expect(e.status).toBe("submitted");
    expect(e.dossierNo).toMatch(/^HS\d{4}-\d+-0001$/);
    expect(e.answerBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const receipt = await call(receiptLoader, `/co-so/du-thi/${entryId}/bien-nhan`, owner.cookie, { entryId: String(entryId) });
    expect(receipt.data.entry.dossierNo).toBe(e.dossierNo);
    expect(db.select().from(notifications).where(eq(notifications.userId, owner.userId)).all().some((n) => n.title.includes(e.dossierNo!))).toBe(true);
    expect(db.select().from(notifications).where(eq(notifications.userId, organizerId)).all()).toHaveLength(1);
    expect(db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, "owner@example.vn")).all().length).toBeGreaterThan(0);
    expect(db.select().from(auditLog).where(and(eq(auditLog.action, "entry.submit"), eq(auditLog.objectId, String(entryId)))).all()).toHaveLength(1);

    // Locked: no upload, no replace, no second submit.
    const locked = await up("awards", [{ name: "giai.pdf", type: "application/pdf", data: await makePdf("Giai") }]);
    expect(locked.status).toBe(403);
    expect(locked.data.message).toMatch(/đã nộp/);
    const twice = await call(dossierAction, `/co-so/du-thi/${entryId}`, owner.cookie, { entryId: String(entryId) }, form({ intent: "submit" }));
    expect(twice.status).toBe(409);
  });

  it("a request to complete unlocks only the named slots; resubmitting closes it", async () => {
    const organizer = loadPrincipal(organizerId, false);
    await requestCompletion(organizer, entryId, ["product_photos"], "Ảnh chưa rõ, chụp lại mặt đáy sản phẩm.");
    const e1 = db.select().from(entries).where(eq(entries.id, entryId)).get()!;
    expect(e1.status).toBe("needs_completion");
    const view = await call(dossierLoader, `/co-so/du-thi/${entryId}`, owner.cookie, { entryId: String(entryId) });
    expect(view.data.slots.filter((s: any) => s.editable).map((s: any) => s.code)).toEqual(["product_photos"]);
    expect(view.data.openRequest.message).toBe("Ảnh chưa rõ, chụp lại mặt đáy sản phẩm.");

    const notNamed = await call(dossierAction, `/co-so/du-thi/${entryId}`, owner.cookie, { entryId: String(entryId) }, multipart({ intent: "upload", docType: "awards" }, [{ field: "files", name: "g.pdf", type: "application/pdf", data: await makePdf("G") }]));
    expect(notNamed.status).toBe(403);
    expect(notNamed.data.message).toMatch(/không nằm trong yêu cầu bổ sung/);
    const named = await call(dossierAction, `/co-so/du-thi/${entryId}`, owner.cookie, { entryId: String(entryId) }, multipart({ intent: "upload", docType: "product_photos" }, [{ field: "files", name: "day.png", type: "image/png", data: makePng(30, 30, [9, 9, 9]) }]));
    expect(named.status).toBe(302);

    const again = await call(dossierAction, `/co-so/du-thi/${entryId}`, owner.cookie, { entryId: String(entryId) }, form({ intent: "submit", commitment: "1" }));
    expect(again.status).toBe(302);
    const after = await call(dossierLoader, `/co-so/du-thi/${entryId}`, owner.cookie, { entryId: String(entryId) });
    expect(after.data.openRequest).toBeNull();
    expect(after.data.entry.status).toBe("submitted");
    expect(after.data.events.map((ev: any) => ev.type)).toEqual(["registered", "submitted", "completion_requested", "completed"]);
  });

  it("two organizers acting at once: the second gets a clear conflict", async () => {
    const organizer = loadPrincipal(organizerId, false);
    const version = db.select().from(entries).where(eq(entries.id, entryId)).get()!.version;
    await decideIntake(organizer, entryId, "accepted", "", version);
    await expect(decideIntake(organizer, entryId, "rejected", "Trùng", version)).rejects.toThrow(/vừa được người khác cập nhật/);
    expect(db.select().from(entries).where(eq(entries.id, entryId)).get()!.status).toBe("accepted");
  });
});

describe("another establishment sees nothing of it", () => {
  it("gets 404 on every loader and action of the producer portal for these ids", async () => {
    const doc = db.select().from(dossierDocuments).where(and(eq(dossierDocuments.entryId, entryId), isNull(dossierDocuments.supersededAt))).get()!;
    const p = { entryId: String(entryId) };
    expect((await call(dossierLoader, "/", other.cookie, p)).status).toBe(404);
    expect((await call(receiptLoader, "/", other.cookie, p)).status).toBe(404);
    expect((await call(dossierAction, "/", other.cookie, p, form({ intent: "withdraw" }))).status).toBe(404);
    expect((await call(dossierAction, "/", other.cookie, p, multipart({ intent: "upload", docType: "awards" }, [{ field: "files", name: "a.pdf", type: "application/pdf", data: pdf }]))).status).toBe(404);
    expect((await call(productLoader, "/", other.cookie, { productId: String(productId) })).status).toBe(404);
    expect((await call(productAction, "/", other.cookie, { productId: String(productId) }, form({ name: "X", productGroupId: "1" }))).status).toBe(404);
    expect((await call(fileLoader, "/", other.cookie, { fileId: String(doc.fileId) })).status).toBe(404);
    expect((await call(fileLoader, "/", null, { fileId: String(doc.fileId) })).status).toBe(404);
    const steal = await call(registerAction, "/co-so/ky-binh-chon", other.cookie, {}, form({ roundId: String(roundId), productId: String(productId) }));
    expect(steal.status).toBe(400);
    expect(db.select().from(products).where(eq(products.id, productId)).get()!.establishmentId).toBe(owner.estId);
  });
  it("malformed ids are a plain 404", async () => {
    expect((await call(dossierLoader, "/", owner.cookie, { entryId: "1;drop" })).status).toBe(404);
    expect((await call(fileLoader, "/", owner.cookie, { fileId: "../../etc/passwd" })).status).toBe(404);
  });
  it("the organizer of the round can read the dossier's files; an anonymous visitor cannot", async () => {
    const doc = db.select().from(dossierDocuments).where(eq(dossierDocuments.entryId, entryId)).get()!;
    const orgCookie = await startSession(organizerId);
    expect((await call(fileLoader, "/", orgCookie, { fileId: String(doc.fileId) })).status).toBe(200);
  });
});

describe("withdrawal", () => {
  it("a producer withdraws before scoring; not once scoring started", async () => {
    const prod = db.insert(products).values({ establishmentId: owner.estId, name: "Chum sành", productGroupId: 1 }).returning().get();
    const r = await call(registerAction, "/co-so/ky-binh-chon", owner.cookie, {}, form({ roundId: String(roundId), productId: String(prod.id) }));
    const id = Number(r.location!.match(/du-thi\/(\d+)/)![1]);
    const w = await call(dossierAction, "/", owner.cookie, { entryId: String(id) }, form({ intent: "withdraw", reason: "Chưa chuẩn bị kịp" }));
    expect(w.status).toBe(302);
    expect(db.select().from(entries).where(eq(entries.id, id)).get()!.status).toBe("withdrawn");
    const { rounds } = await import("~db/schema");
    db.update(rounds).set({ status: "scoring" }).where(eq(rounds.id, roundId)).run();
    const w2 = await call(dossierAction, "/", owner.cookie, { entryId: String(entryId) }, form({ intent: "withdraw" }));
    expect(w2.status).toBe(409);
    expect(w2.data.message).toMatch(/đã bắt đầu chấm điểm/);
    db.update(rounds).set({ status: "open" }).where(eq(rounds.id, roundId)).run();
  });
  it("no orphan files were left by any refused request", () => {
    expect(partials()).toEqual([]);
    const referenced = new Set(db.select({ key: files.storageKey }).from(files).all().map((f) => f.key));
    expect(storedOnDisk().filter((f) => !referenced.has(f.split(path.sep).join("/")))).toEqual([]);
    expect(fs.existsSync(uploadDir())).toBe(true);
  });
});
