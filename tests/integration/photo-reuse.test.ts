/**
 * Issue 12 item 3, "Don't ask twice": the product's photos offered for the dossier's photo slot
 * and added by reference (the same `files` row, no bytes copied), and deleting a product photo
 * (the file stays while any dossier points at it). Real SQLite, real files on disk, the real
 * route loaders and actions with real session cookies.
 */
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, dossierDocuments, entries, establishmentMembers, establishments, files, productPhotos } from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { action as dossierAction, loader as dossierLoader } from "~/routes/co-so.du-thi.$entryId._index";
import { action as registerAction } from "~/routes/co-so.ky-binh-chon";
import { action as productAction, loader as productLoader } from "~/routes/co-so.san-pham.$productId";
import { action as newProductAction } from "~/routes/co-so.san-pham.moi";
import { loader as fileLoader } from "~/routes/tep.$fileId";
import { createBody, createCommune, createOrganizer, createRound, createUser, province, requestWithCookie } from "../helpers/fixtures";
import { listFiles, makePdf, makePng } from "../helpers/files";

type Answer = { status: number; location?: string | null; data?: any };
async function call(fn: (args: any) => any, url: string, cookie: string | null, params: Record<string, string>, init?: RequestInit): Promise<Answer> {
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

function multipart(fields: Record<string, string>, list: { field: string; name: string; type: string; data: Buffer }[]): RequestInit {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of list) fd.append(f.field, new Blob([new Uint8Array(f.data)], { type: f.type }), f.name);
  return { method: "POST", body: fd };
}
const form = (fields: Record<string, string>): RequestInit => ({ method: "POST", body: new URLSearchParams(fields) });
const png = (name: string, shade: number) => ({ field: "photos", name, type: "image/png", data: makePng(24, 18, [shade, 90, 30]) });

const storedOnDisk = () => listFiles(path.resolve(env().UPLOAD_DIR)).filter((f) => !f.startsWith(".tmp"));
const fileRows = () => db.select().from(files).all().length;
const docRows = () => db.select().from(dossierDocuments).all().length;

let communeId = 0;
let owner: { cookie: string; userId: string; estId: number };
let other: { cookie: string; userId: string; estId: number };
let organizerCookie = "";
let otherProvinceCookie = "";
let roundId = 0;
let productId = 0;
let entryId = 0;
/** The product's photos as created with the product (three). */
let photos: { id: number; fileId: number; name: string }[] = [];

async function producer(email: string, name: string) {
  const userId = await createUser(email);
  const est = db
    .insert(establishments)
    .values({ legalType: "cooperative", name, provinceId: province("24").id, unitId: communeId, street: "Thôn 1", registrationNo: "0101234567", phone: "0912345678", representative: "Người đại diện" })
    .returning()
    .get();
  db.insert(establishmentMembers).values({ establishmentId: est.id, userId, role: "owner" }).run();
  return { cookie: await startSession(userId), userId, estId: est.id };
}

async function newProduct(cookie: string, name: string, shades: number[]): Promise<number> {
  const r = await call(newProductAction, "/co-so/san-pham/moi", cookie, {}, multipart({ name, productGroupId: "1", description: "Gốm" }, shades.map((s, i) => png(`anh-${i}.png`, s))));
  expect(r.status).toBe(302);
  return Number(r.location!.match(/san-pham\/(\d+)/)![1]);
}

const dossier = () => call(dossierLoader, `/co-so/du-thi/${entryId}`, owner.cookie, { entryId: String(entryId) });
const reuse = (cookie: string, photoId: number | string, id = entryId) =>
  call(dossierAction, `/co-so/du-thi/${id}`, cookie, { entryId: String(id) }, form({ intent: "reuse-photo", photoId: String(photoId) }));
const removePhoto = (cookie: string, photoId: number | string, confirm = true, prod = productId) =>
  call(productAction, `/co-so/san-pham/${prod}`, cookie, { productId: String(prod) }, form({ intent: "delete-photo", photoId: String(photoId), ...(confirm ? { confirm: "1" } : {}) }));
const readFile = (cookie: string | null, fileId: number) => call(fileLoader, `/tep/${fileId}`, cookie, { fileId: String(fileId) });

beforeAll(async () => {
  const bacNinh = province("24");
  communeId = createCommune(bacNinh.id, "Phù Lãng").id;
  const body = createBody("Sở Công Thương Bắc Ninh", "province", bacNinh.id);
  roundId = createRound(body.id, "province", bacNinh.id, "Bình chọn cấp tỉnh Bắc Ninh 2026", { registrationOpensOn: "2000-01-01", registrationClosesOn: "2999-12-31" }).id;
  organizerCookie = await startSession(await createOrganizer("sct.bacninh@example.vn", body.id));
  const thaiNguyen = province("19");
  const otherBody = createBody("Sở Công Thương Thái Nguyên", "province", thaiNguyen.id);
  otherProvinceCookie = await startSession(await createOrganizer("sct.thainguyen@example.vn", otherBody.id));
  owner = await producer("owner@example.vn", "HTX Gốm Phù Lãng");
  other = await producer("other@example.vn", "Cơ sở khác");

  productId = await newProduct(owner.cookie, "Bình gốm men da lươn", [10, 60, 110]);
  const reg = await call(registerAction, "/co-so/ky-binh-chon", owner.cookie, {}, form({ roundId: String(roundId), productId: String(productId) }));
  expect(reg.status).toBe(302);
  entryId = Number(reg.location!.match(/du-thi\/(\d+)/)![1]);
  photos = (await call(productLoader, `/co-so/san-pham/${productId}`, owner.cookie, { productId: String(productId) })).data.photos;
  expect(photos).toHaveLength(3);
});

describe("the dossier's photo slot offers the product's photos", () => {
  it("lists the three photos given with the product, none used yet", async () => {
    const view = await dossier();
    expect(view.status).toBe(200);
    expect(view.data.productPhotos.map((p: any) => p.fileId)).toEqual(photos.map((p) => p.fileId));
    expect(view.data.productPhotos.every((p: any) => !p.inSlot)).toBe(true);
  });

  it("reusing a photo references the same stored file: no new bytes, no new files row", async () => {
    const disk = storedOnDisk().length;
    const rows = fileRows();
    const r = await reuse(owner.cookie, photos[0]!.id);
    expect(r.status).toBe(302);
    expect(r.location).toBe(`/co-so/du-thi/${entryId}?da-luu=product_photos#slot-product_photos`);
    const doc = db.select().from(dossierDocuments).where(and(eq(dossierDocuments.entryId, entryId), eq(dossierDocuments.docType, "product_photos"))).all();
    expect(doc).toHaveLength(1);
    expect(doc[0]!.fileId).toBe(photos[0]!.fileId);
    expect(storedOnDisk().length).toBe(disk);
    expect(fileRows()).toBe(rows);
    const view = await dossier();
    expect(view.data.slots.find((s: any) => s.code === "product_photos").current.map((c: any) => c.fileId)).toEqual([photos[0]!.fileId]);
    expect(view.data.productPhotos.find((p: any) => p.id === photos[0]!.id).inSlot).toBe(true);
    expect(db.select().from(auditLog).where(and(eq(auditLog.action, "dossier.reuse_photo"), eq(auditLog.objectId, String(entryId)))).all()).toHaveLength(1);
  });

  it("refuses the same photo twice, with a message and nothing written", async () => {
    const docs = docRows();
    const r = await reuse(owner.cookie, photos[0]!.id);
    expect(r.status).toBe(409);
    expect(r.data.message).toBe('Ảnh này đã có trong mục "Ảnh màu sản phẩm".');
    expect(docRows()).toBe(docs);
  });

  it("refuses a photo that is not of this entry's product (404), and another establishment's producer (404)", async () => {
    const foreignProduct = await newProduct(other.cookie, "Chum sành", [200]);
    const foreignPhoto = db.select().from(productPhotos).where(eq(productPhotos.productId, foreignProduct)).get()!;
    const ownOtherProduct = await newProduct(owner.cookie, "Lọ hoa", [230]);
    const ownOtherPhoto = db.select().from(productPhotos).where(eq(productPhotos.productId, ownOtherProduct)).get()!;
    const docs = docRows();
    const a = await reuse(owner.cookie, foreignPhoto.id);
    expect(a.status).toBe(404);
    const b = await reuse(owner.cookie, ownOtherPhoto.id);
    expect(b.status).toBe(404);
    const c = await reuse(other.cookie, photos[1]!.id);
    expect(c.status).toBe(404);
    const d = await reuse(owner.cookie, "abc");
    expect(d.status).toBe(404);
    expect(docRows()).toBe(docs);
  });

  it("refuses a photo once the slot is full (its limit from the catalog: 10)", async () => {
    expect((await reuse(owner.cookie, photos[1]!.id)).status).toBe(302);
    expect((await reuse(owner.cookie, photos[2]!.id)).status).toBe(302);
    const up = await call(
      dossierAction,
      `/co-so/du-thi/${entryId}`,
      owner.cookie,
      { entryId: String(entryId) },
      multipart({ intent: "upload", docType: "product_photos" }, [0, 1, 2, 3, 4, 5, 6].map((i) => ({ ...png(`them-${i}.png`, 130 + i * 10), field: "files" }))),
    );
    expect(up.status).toBe(302);
    // A fourth photo added to the product afterwards.
    const add = await call(productAction, `/co-so/san-pham/${productId}`, owner.cookie, { productId: String(productId) }, multipart({}, [png("moi.png", 250)]));
    expect(add.status).toBe(302);
    const fourth = db.select().from(productPhotos).where(eq(productPhotos.productId, productId)).all().find((p) => !photos.some((q) => q.id === p.id))!;
    const docs = docRows();
    const r = await reuse(owner.cookie, fourth.id);
    expect(r.status).toBe(409);
    expect(r.data.message).toMatch(/^Mục "Ảnh màu sản phẩm" nhận tối đa 10 tệp \(đã có 10\)/);
    expect(docRows()).toBe(docs);
  });

  it("refuses once the dossier is submitted (locked)", async () => {
    for (const [docType, title] of [
      ["registration_form", "Phieu"],
      ["business_registration", "GCN"],
      ["product_description", "TM"],
    ] as const) {
      const r = await call(dossierAction, `/co-so/du-thi/${entryId}`, owner.cookie, { entryId: String(entryId) }, multipart({ intent: "upload", docType }, [{ field: "files", name: `${title}.pdf`, type: "application/pdf", data: await makePdf(title) }]));
      expect(r.status).toBe(302);
    }
    const sub = await call(dossierAction, `/co-so/du-thi/${entryId}`, owner.cookie, { entryId: String(entryId) }, form({ intent: "submit", commitment: "1" }));
    expect(sub.status).toBe(302);
    expect(db.select().from(entries).where(eq(entries.id, entryId)).get()!.status).toBe("submitted");
    // Locked: refused before the slot's limit is even considered.
    const fourth = db.select().from(productPhotos).where(eq(productPhotos.productId, productId)).all().find((p) => !photos.some((q) => q.id === p.id))!;
    const docs = docRows();
    const r = await reuse(owner.cookie, fourth.id);
    expect(r.status).toBe(403);
    expect(r.data.message).toBe("Hồ sơ đã nộp nên không thể thay đổi tài liệu.");
    expect(docRows()).toBe(docs);
  });

  it("the round's organizer reads the reused file once submitted; another province's organizer and a visitor do not", async () => {
    expect((await readFile(organizerCookie, photos[0]!.fileId)).status).toBe(200);
    expect((await readFile(otherProvinceCookie, photos[0]!.fileId)).status).toBe(404);
    expect((await readFile(null, photos[0]!.fileId)).status).toBe(404);
    expect((await readFile(other.cookie, photos[0]!.fileId)).status).toBe(404);
  });
});

describe("deleting a product photo", () => {
  it("asks for the confirmation first (400, nothing removed)", async () => {
    const r = await removePhoto(owner.cookie, photos[0]!.id, false);
    expect(r.status).toBe(400);
    expect(r.data.message).toBe("Vui lòng đánh dấu ô xác nhận trước khi xóa ảnh.");
    expect(r.data.photoId).toBe(String(photos[0]!.id));
    expect(db.select().from(productPhotos).where(eq(productPhotos.id, photos[0]!.id)).get()).toBeDefined();
  });

  it("another establishment's producer cannot delete (404), nor through another product id", async () => {
    const r = await removePhoto(other.cookie, photos[0]!.id);
    expect(r.status).toBe(404);
    const foreignProduct = db.select().from(productPhotos).all().find((p) => p.productId !== productId)!;
    const r2 = await removePhoto(owner.cookie, foreignProduct.id); // a photo id of another product, posted to this one
    expect(r2.status).toBe(404);
    expect(db.select().from(productPhotos).where(eq(productPhotos.id, photos[0]!.id)).get()).toBeDefined();
    expect(db.select().from(productPhotos).where(eq(productPhotos.id, foreignProduct.id)).get()).toBeDefined();
  });

  it("a photo a submitted dossier uses: the photo row goes, the file stays on disk and readable for the dossier; the next photo becomes first", async () => {
    const disk = storedOnDisk().length;
    const file = db.select().from(files).where(eq(files.id, photos[0]!.fileId)).get()!;
    const r = await removePhoto(owner.cookie, photos[0]!.id);
    expect(r.status).toBe(302);
    expect(r.location).toBe(`/co-so/san-pham/${productId}?da-xoa-anh=giu`);
    expect(db.select().from(productPhotos).where(eq(productPhotos.id, photos[0]!.id)).get()).toBeUndefined();
    expect(db.select().from(files).where(eq(files.id, file.id)).get()).toBeDefined();
    expect(storedOnDisk().length).toBe(disk);
    expect(storedOnDisk().map((f) => f.split(path.sep).join("/"))).toContain(file.storageKey);
    // Still readable where the dossier is: the producer and the round's organizer.
    expect((await readFile(owner.cookie, file.id)).status).toBe(200);
    expect((await readFile(organizerCookie, file.id)).status).toBe(200);
    expect((await readFile(otherProvinceCookie, file.id)).status).toBe(404);
    // Positions renumbered from 0: the former second photo is now the main one.
    const detail = await call(productLoader, `/co-so/san-pham/${productId}`, owner.cookie, { productId: String(productId) });
    expect(detail.data.photos[0].id).toBe(photos[1]!.id);
    const positions = db.select().from(productPhotos).where(eq(productPhotos.productId, productId)).all().map((p) => p.position).sort();
    expect(positions).toEqual(positions.map((_, i) => i));
    const logged = db.select().from(auditLog).where(and(eq(auditLog.action, "product.delete_photo"), eq(auditLog.objectId, String(productId)))).all();
    expect(logged).toHaveLength(1);
    expect((logged[0]!.data as any).fileKept).toBe(true);
  });

  it("a photo nothing else uses: the row and the stored file are removed", async () => {
    const fourth = db.select().from(productPhotos).where(eq(productPhotos.productId, productId)).all().find((p) => !photos.some((q) => q.id === p.id))!;
    const file = db.select().from(files).where(eq(files.id, fourth.fileId)).get()!;
    const disk = storedOnDisk().length;
    const r = await removePhoto(owner.cookie, fourth.id);
    expect(r.status).toBe(302);
    expect(r.location).toBe(`/co-so/san-pham/${productId}?da-xoa-anh=1`);
    expect(db.select().from(files).where(eq(files.id, file.id)).get()).toBeUndefined();
    expect(storedOnDisk().length).toBe(disk - 1);
    expect(storedOnDisk().map((f) => f.split(path.sep).join("/"))).not.toContain(file.storageKey);
    expect((await readFile(owner.cookie, file.id)).status).toBe(404);
  });
});
