/**
 * Who may read a stored file. A file is reachable only through what references it:
 * - a dossier document: the entry's establishment, the organizers who oversee the round, the
 *   round's council members;
 * - a product photo: the product's establishment, and the same people as for the product's
 *   entries; anyone when the product has a valid certificate from a published round.
 * Anything else is a 404, whoever asks.
 */
import { and, eq, inArray, isNull } from "drizzle-orm";
import { certificates, dossierDocuments, entries, files, productPhotos, products, rounds } from "~db/schema";
import { db } from "~/lib/db.server";
import { notFound } from "~/lib/http.server";
import { canActForEstablishment, canOverseeRound, type Principal } from "~/lib/permissions";
import { roundScope } from "~/modules/rounds/rounds.server";

export type StoredFileRow = typeof files.$inferSelect;

function canReadEntry(p: Principal, entryId: number): boolean {
  const e = db.select().from(entries).where(eq(entries.id, entryId)).get();
  if (!e) return false;
  if (canActForEstablishment(p, e.establishmentId)) return true;
  if (p.councils.some((c) => c.roundId === e.roundId)) return true;
  const r = db.select().from(rounds).where(eq(rounds.id, e.roundId)).get()!;
  return canOverseeRound(p, roundScope(r));
}

export function isPublicProductPhoto(fileId: number): { public: boolean; productIds: number[] } {
  const productIds = db.select({ id: productPhotos.productId }).from(productPhotos).where(eq(productPhotos.fileId, fileId)).all().map((r) => r.id);
  if (!productIds.length) return { public: false, productIds };
  const cert = db
    .select({ id: certificates.id })
    .from(certificates)
    .innerJoin(entries, eq(entries.id, certificates.entryId))
    .innerJoin(rounds, eq(rounds.id, entries.roundId))
    .where(and(inArray(entries.productId, productIds), eq(rounds.status, "published"), isNull(certificates.revokedAt)))
    .get();
  return { public: !!cert, productIds };
}

/** The file row if `p` (or anyone, for public photos) may read it; 404 otherwise. */
export function authorizeFileRead(p: Principal | null, fileId: number): { file: StoredFileRow; isPublic: boolean } {
  const file = db.select().from(files).where(eq(files.id, fileId)).get();
  if (!file) notFound("Không tìm thấy tệp.");
  const photo = isPublicProductPhoto(fileId);
  if (photo.public) return { file, isPublic: true };
  if (p) {
    const entryIds = db.select({ id: dossierDocuments.entryId }).from(dossierDocuments).where(eq(dossierDocuments.fileId, fileId)).all().map((r) => r.id);
    if (entryIds.some((id) => canReadEntry(p, id))) return { file, isPublic: false };
    for (const productId of photo.productIds) {
      const prod = db.select().from(products).where(eq(products.id, productId)).get();
      if (prod && canActForEstablishment(p, prod.establishmentId)) return { file, isPublic: false };
      const productEntries = db.select({ id: entries.id }).from(entries).where(eq(entries.productId, productId)).all();
      if (productEntries.some((e) => canReadEntry(p, e.id))) return { file, isPublic: false };
    }
  }
  notFound("Không tìm thấy tệp.");
}
