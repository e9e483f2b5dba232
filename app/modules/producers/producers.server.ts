import { and, asc, desc, eq, gt, inArray, isNull } from "drizzle-orm";
import {
  adminUnits,
  dossierDocuments,
  entries,
  establishmentMembers,
  establishments,
  files,
  invitations,
  productGroups,
  productPhotos,
  products,
  rounds,
  results,
  users,
  certificates,
} from "~db/schema";
import { db, type DbOrTx } from "~/lib/db.server";
import { formatDateTime } from "~/lib/dates";
import { storageFor } from "~/lib/storage.server";
import { notFound } from "~/lib/http.server";
import { deliverMail } from "~/lib/mail.server";
import { canActForEstablishment, type Principal } from "~/lib/permissions";
import { normaliseEmail } from "~/lib/text";
import type { ReceivedFile } from "~/lib/uploads.server";
import { audit } from "~/modules/audit/audit.server";
import { issueInvitation } from "~/modules/invitations/invitations.server";
import { provinceIdOf, unitPath } from "~/modules/units/units.server";
import type { EstablishmentInput, ProductInput } from "./producers";

export class ProducerError extends Error {
  constructor(
    public field: string,
    message: string,
    public status = 400,
  ) {
    super(message);
  }
}

/** The establishment, if the principal belongs to it; 404 otherwise (others' ids reveal nothing). */
export function requireEstablishment(p: Principal, establishmentId: number, tx: DbOrTx = db) {
  if (!canActForEstablishment(p, establishmentId)) notFound("Không tìm thấy cơ sở này.");
  const e = tx.select().from(establishments).where(eq(establishments.id, establishmentId)).get();
  if (!e) notFound("Không tìm thấy cơ sở này.");
  return e;
}

/** The principal's (first) establishment; producers usually have exactly one. */
export function currentEstablishment(p: Principal, wanted?: number) {
  const id = wanted && p.establishmentIds.includes(wanted) ? wanted : p.establishmentIds[0];
  if (!id) notFound("Tài khoản chưa gắn với cơ sở nào.");
  return requireEstablishment(p, id);
}

/** The producer's home: its establishments, their products and entries. Only its own. */
export function producerHome(p: Principal) {
  if (!p.establishmentIds.length) return [];
  const ests = db.select().from(establishments).where(inArray(establishments.id, p.establishmentIds)).all();
  return ests.map((e) => {
    const prods = db
      .select({ id: products.id, name: products.name, group: productGroups.shortName, groupId: products.productGroupId, isSet: products.isSet })
      .from(products)
      .innerJoin(productGroups, eq(productGroups.id, products.productGroupId))
      .where(and(eq(products.establishmentId, e.id), isNull(products.archivedAt)))
      .all();
    const ents = db
      .select({
        id: entries.id,
        status: entries.status,
        dossierNo: entries.dossierNo,
        productName: products.name,
        roundTitle: rounds.title,
        roundLevel: rounds.level,
        roundYear: rounds.year,
        updatedAt: entries.updatedAt,
        certificateCode: certificates.publicCode,
      })
      .from(entries)
      .innerJoin(products, eq(products.id, entries.productId))
      .innerJoin(rounds, eq(rounds.id, entries.roundId))
      .leftJoin(certificates, eq(certificates.entryId, entries.id))
      .where(eq(entries.establishmentId, e.id))
      .orderBy(desc(entries.updatedAt))
      .all();
    const province = e.provinceId ? db.select().from(adminUnits).where(eq(adminUnits.id, e.provinceId)).get() : undefined;
    const profileComplete = !!(e.registrationNo && e.street && e.unitId && e.unitId !== e.provinceId && e.phone && e.representative);
    return {
      establishment: {
        id: e.id,
        name: e.name,
        legalType: e.legalType,
        registrationNo: e.registrationNo,
        address: [e.street, unitPath(e.unitId)].filter(Boolean).join(", "),
        provinceName: province ? `${province.kind} ${province.name}` : null,
        representative: e.representative,
        phone: e.phone,
        email: e.email,
        profileComplete,
      },
      products: prods,
      entries: ents,
    };
  });
}

/** Updates the establishment profile. The address unit must lie in the chosen province. */
export function updateEstablishment(p: Principal, establishmentId: number, input: EstablishmentInput) {
  return db.transaction((tx) => {
    const before = requireEstablishment(p, establishmentId, tx);
    const province = tx.select().from(adminUnits).where(eq(adminUnits.id, input.provinceId)).get();
    if (!province || province.level !== "province") throw new ProducerError("provinceId", "Tỉnh, thành phố đã chọn không tồn tại.");
    const unit = tx.select().from(adminUnits).where(eq(adminUnits.id, input.unitId)).get();
    if (!unit || unit.level === "province" || provinceIdOf(unit.id, tx) !== province.id) {
      throw new ProducerError("unitId", "Xã, phường đã chọn không thuộc tỉnh, thành phố này.");
    }
    tx.update(establishments)
      .set({
        legalType: input.legalType,
        name: input.name,
        registrationNo: input.registrationNo,
        provinceId: province.id,
        unitId: unit.id,
        street: input.street,
        representative: input.representative,
        phone: input.phone,
        email: input.email || null,
        // Optional bank details (for a prize payment); a caller without them leaves them as they are.
        ...(input.bankAccountNo === undefined
          ? {}
          : { bankAccountNo: input.bankAccountNo || null, bankName: input.bankName || null, bankAccountHolder: input.bankAccountHolder || null }),
        updatedAt: new Date(),
      })
      .where(eq(establishments.id, establishmentId))
      .run();
    audit(tx, {
      actorUserId: p.userId,
      action: "establishment.update",
      objectType: "establishment",
      objectId: establishmentId,
      data: { before: { name: before.name, registrationNo: before.registrationNo, unitId: before.unitId } },
    });
  });
}

export function listMembers(p: Principal, establishmentId: number) {
  requireEstablishment(p, establishmentId);
  return db
    .select({ userId: users.id, fullName: users.fullName, email: users.email, role: establishmentMembers.role, hasPassword: users.passwordHash })
    .from(establishmentMembers)
    .innerJoin(users, eq(users.id, establishmentMembers.userId))
    .where(eq(establishmentMembers.establishmentId, establishmentId))
    .orderBy(asc(users.fullName))
    .all()
    .map((m) => ({ ...m, hasPassword: !!m.hasPassword }));
}

/**
 * Invites a person by email to become a member of the establishment. Nobody is attached without
 * consent: the person opens the link and accepts, logged in as themselves when the email already
 * has an account, or by making one. To the producer both cases look the same ("Đã gửi lời mời tới
 * <email>", a pending invitation listed by that email only), so the form cannot be used to find out
 * who has an account nor to read anyone's name. Refused (409) when the person is already a member
 * (the producer sees the members anyway) or a live invitation is waiting for that email.
 */
export async function addMember(
  p: Principal,
  establishmentId: number,
  input: { fullName: string; email: string },
  ip: string | null = null,
  now = new Date(),
): Promise<{ email: string; token: string }> {
  const email = normaliseEmail(input.email);
  const { token, mailId } = db.transaction(
    (tx) => {
      requireEstablishment(p, establishmentId, tx);
      const member = tx
        .select({ userId: establishmentMembers.userId })
        .from(establishmentMembers)
        .innerJoin(users, eq(users.id, establishmentMembers.userId))
        .where(and(eq(establishmentMembers.establishmentId, establishmentId), eq(users.email, email)))
        .get();
      if (member) throw new ProducerError("email", "Người này đã là thành viên của cơ sở.", 409);
      const pending = tx
        .select({ id: invitations.id, expiresAt: invitations.expiresAt })
        .from(invitations)
        .where(
          and(
            eq(invitations.kind, "member"),
            eq(invitations.establishmentId, establishmentId),
            eq(invitations.email, email),
            isNull(invitations.acceptedAt),
            gt(invitations.expiresAt, now),
          ),
        )
        .get();
      if (pending) {
        throw new ProducerError("email", `Đã gửi lời mời tới ${email}; lời mời còn hiệu lực đến ${formatDateTime(pending.expiresAt)} và đang chờ người đó nhận.`, 409);
      }
      const issued = issueInvitation(tx, { kind: "member", email, establishmentId, invitedBy: p.userId, greetingName: input.fullName }, now);
      audit(tx, {
        actorUserId: p.userId,
        action: "establishment.invite_member",
        objectType: "establishment",
        objectId: establishmentId,
        data: { email, fullName: input.fullName, invitationId: issued.invitationId },
        ip,
      });
      return issued;
    },
    { behavior: "immediate" },
  );
  await deliverMail([mailId]);
  return { email, token };
}

/** Invitations to join the establishment still waiting, by the email typed only (nothing about any account). */
export function listMemberInvitations(p: Principal, establishmentId: number, now = new Date()) {
  requireEstablishment(p, establishmentId);
  return db
    .select({ id: invitations.id, email: invitations.email, createdAt: invitations.createdAt, expiresAt: invitations.expiresAt })
    .from(invitations)
    .where(
      and(
        eq(invitations.kind, "member"),
        eq(invitations.establishmentId, establishmentId),
        isNull(invitations.acceptedAt),
        gt(invitations.expiresAt, now),
      ),
    )
    .orderBy(desc(invitations.id))
    .all();
}

function requireProduct(p: Principal, productId: number, tx: DbOrTx = db) {
  const prod = tx.select().from(products).where(eq(products.id, productId)).get();
  if (!prod || !canActForEstablishment(p, prod.establishmentId)) notFound("Không tìm thấy sản phẩm này.");
  return prod;
}

function insertFile(tx: DbOrTx, f: ReceivedFile, userId: string) {
  return tx
    .insert(files)
    .values({
      storage: f.storage,
      storageKey: f.key,
      originalName: f.originalName,
      mimeType: f.mimeType,
      sizeBytes: f.sizeBytes,
      sha256: f.sha256,
      uploadedBy: userId,
    })
    .returning({ id: files.id })
    .get().id;
}
export { insertFile };

const MAX_PHOTOS = 10;

/** Creates a product with its photos (images only), in one transaction. */
export function createProduct(p: Principal, establishmentId: number, input: ProductInput, photos: ReceivedFile[]) {
  if (photos.some((f) => f.kind !== "image")) throw new ProducerError("photos", "Ảnh sản phẩm phải là tệp ảnh JPEG, PNG hoặc WebP.");
  if (photos.length > MAX_PHOTOS) throw new ProducerError("photos", `Tối đa ${MAX_PHOTOS} ảnh.`);
  return db.transaction((tx) => {
    requireEstablishment(p, establishmentId, tx);
    const id = tx
      .insert(products)
      .values({ establishmentId, name: input.name, productGroupId: input.productGroupId, description: input.description, isSet: input.isSet })
      .returning({ id: products.id })
      .get().id;
    photos.forEach((f, i) => {
      tx.insert(productPhotos).values({ productId: id, fileId: insertFile(tx, f, p.userId), position: i }).run();
    });
    audit(tx, { actorUserId: p.userId, action: "product.create", objectType: "product", objectId: id, data: { photos: photos.length } });
    return id;
  });
}

export function updateProduct(p: Principal, productId: number, input: ProductInput) {
  db.transaction((tx) => {
    const before = requireProduct(p, productId, tx);
    tx.update(products)
      .set({ name: input.name, productGroupId: input.productGroupId, description: input.description, isSet: input.isSet, updatedAt: new Date() })
      .where(eq(products.id, productId))
      .run();
    audit(tx, { actorUserId: p.userId, action: "product.update", objectType: "product", objectId: productId, data: { before: { name: before.name, group: before.productGroupId } } });
  });
}

/** Adds photos; returns the received ones not recorded (same picture sent twice). */
export function addProductPhotos(p: Principal, productId: number, photos: ReceivedFile[]): ReceivedFile[] {
  if (!photos.length) throw new ProducerError("photos", "Vui lòng chọn ít nhất một ảnh.");
  if (photos.some((f) => f.kind !== "image")) throw new ProducerError("photos", "Ảnh sản phẩm phải là tệp ảnh JPEG, PNG hoặc WebP.");
  return db.transaction((tx) => {
    requireProduct(p, productId, tx);
    const existing = tx.select().from(productPhotos).where(eq(productPhotos.productId, productId)).all();
    if (existing.length + photos.length > MAX_PHOTOS) throw new ProducerError("photos", `Mỗi sản phẩm tối đa ${MAX_PHOTOS} ảnh (đã có ${existing.length}).`);
    const known = new Set(existing.map((e) => e.fileId));
    const knownSha = new Set(
      existing.length ? tx.select({ sha: files.sha256 }).from(files).where(inArray(files.id, [...known])).all().map((r) => r.sha) : [],
    );
    const unused: ReceivedFile[] = [];
    photos.forEach((f, i) => {
      if (knownSha.has(f.sha256)) return void unused.push(f); // the same picture sent twice
      knownSha.add(f.sha256);
      tx.insert(productPhotos).values({ productId, fileId: insertFile(tx, f, p.userId), position: existing.length + i }).run();
    });
    audit(tx, { actorUserId: p.userId, action: "product.add_photos", objectType: "product", objectId: productId, data: { count: photos.length - unused.length } });
    return unused;
  });
}

/** A product with its photos and its history: every entry and result. */
export function productDetail(p: Principal, productId: number) {
  const prod = requireProduct(p, productId);
  const photos = db
    .select({ id: productPhotos.id, fileId: productPhotos.fileId, name: files.originalName })
    .from(productPhotos)
    .innerJoin(files, eq(files.id, productPhotos.fileId))
    .where(eq(productPhotos.productId, productId))
    .orderBy(asc(productPhotos.position))
    .all();
  const history = db
    .select({
      entryId: entries.id,
      status: entries.status,
      dossierNo: entries.dossierNo,
      roundTitle: rounds.title,
      level: rounds.level,
      year: rounds.year,
      roundStatus: rounds.status,
      judgesCount: results.judgesCount,
      sumTenths: results.sumTenths,
      certificateNumber: certificates.number,
    })
    .from(entries)
    .innerJoin(rounds, eq(rounds.id, entries.roundId))
    .leftJoin(results, and(eq(results.entryId, entries.id), eq(results.stage, entries.stage)))
    .leftJoin(certificates, eq(certificates.entryId, entries.id))
    .where(eq(entries.productId, productId))
    .orderBy(desc(rounds.year), desc(entries.id))
    .all()
    // Scores are shown to the producer only once the round's results are published.
    .map((h) => (h.roundStatus === "published" ? h : { ...h, judgesCount: null, sumTenths: null }));
  return { product: prod, photos, history };
}

/* ------------------------------------------------------------------ */
/* Deleting a product photo (issue 12, "Don't ask twice")               */
/* ------------------------------------------------------------------ */

export const DELETE_PHOTO_CONFIRM_REQUIRED = "Vui lòng đánh dấu ô xác nhận trước khi xóa ảnh.";

export interface DeletedPhoto {
  /** True when a dossier (or another row) still points at the file: its bytes stay. */
  fileKept: boolean;
}

/**
 * Takes a photo off the product. The photo row goes and the remaining photos are renumbered from 0
 * (the next one becomes the main, first photo). The stored file goes too, unless something else
 * references it: a dossier document (a dossier that reused the photo, submitted or not, current or
 * superseded: nothing a dossier points at disappears), another product photo, a certificate PDF.
 * Rows change in one transaction; the bytes are removed after commit (a failure there leaves an
 * unreferenced file, which the orphan sweep removes). 404 for another establishment's product or
 * a photo not of this product; 400 without the confirmation.
 */
export async function deleteProductPhoto(p: Principal, productId: number, photoId: number, opts: { confirmed: boolean }, ip: string | null = null): Promise<DeletedPhoto> {
  const removed = db.transaction(
    (tx) => {
      requireProduct(p, productId, tx);
      const photo = Number.isInteger(photoId)
        ? tx.select().from(productPhotos).where(and(eq(productPhotos.id, photoId), eq(productPhotos.productId, productId))).get()
        : undefined;
      if (!photo) notFound("Không tìm thấy ảnh này của sản phẩm.");
      if (!opts.confirmed) throw new ProducerError("confirm", DELETE_PHOTO_CONFIRM_REQUIRED);
      tx.delete(productPhotos).where(eq(productPhotos.id, photo.id)).run();
      const rest = tx.select({ id: productPhotos.id }).from(productPhotos).where(eq(productPhotos.productId, productId)).orderBy(asc(productPhotos.position), asc(productPhotos.id)).all();
      rest.forEach((r, i) => tx.update(productPhotos).set({ position: i }).where(eq(productPhotos.id, r.id)).run());
      const file = tx.select().from(files).where(eq(files.id, photo.fileId)).get();
      const referenced =
        !!tx.select({ id: dossierDocuments.id }).from(dossierDocuments).where(eq(dossierDocuments.fileId, photo.fileId)).get() ||
        !!tx.select({ id: productPhotos.id }).from(productPhotos).where(eq(productPhotos.fileId, photo.fileId)).get() ||
        !!tx.select({ id: certificates.id }).from(certificates).where(eq(certificates.pdfFileId, photo.fileId)).get();
      if (file && !referenced) tx.delete(files).where(eq(files.id, file.id)).run();
      audit(tx, {
        actorUserId: p.userId,
        action: "product.delete_photo",
        objectType: "product",
        objectId: productId,
        data: { productPhotoId: photo.id, fileId: photo.fileId, position: photo.position, fileKept: referenced },
        ip,
      });
      return { file: file && !referenced ? file : null, fileKept: referenced };
    },
    { behavior: "immediate" },
  );
  if (removed.file) {
    await storageFor(removed.file.storage)
      .remove(removed.file.storageKey)
      .catch((e) => console.error(`[ảnh] Không xóa được tệp #${removed.file!.id} (${removed.file!.storageKey}):`, e instanceof Error ? e.message : e));
  }
  return { fileKept: removed.fileKept };
}
