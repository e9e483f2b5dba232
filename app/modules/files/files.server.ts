/**
 * Who may read a stored file. A file is reachable only through what references it:
 * - a dossier document: the entry's establishment; the organizers who oversee the round; among
 *   the round's council, a judge who scores the entry (assigned by the round's mode, in any of its
 *   stages, without a declared conflict: the same rule as the score sheet, councils.server.ts
 *   `isAssigned`), and the chair for the entries the council decides on (accepted and after,
 *   `SCORING_STATUSES`) unless the chair declared a conflict on the entry. Other council members
 *   (a judge not assigned, a secretary who does not score) read nothing;
 * - a product photo: the product's establishment, and the same people as for the product's
 *   entries; anyone when the product has a valid certificate from a published round.
 * Anything else is a 404, whoever asks (nobody learns that a file exists). A system admin has no
 * access through this rule as such (no admin page shows dossiers); an admin who is also an
 * organizer or producer reads what that role reads.
 *
 * Also here: the sweep that removes stored bytes no `files` row references (a process killed
 * between storing an upload and committing its row) and abandoned temporary files.
 */
import fs from "node:fs";
import path from "node:path";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { certificates, conflictsOfInterest, dossierDocuments, entries, files, productPhotos, products, rounds } from "~db/schema";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { notFound } from "~/lib/http.server";
import { canActForEstablishment, canOverseeRound, type Principal } from "~/lib/permissions";
import { isAssigned, SCORING_STATUSES } from "~/modules/councils/councils.server";
import { roundScope } from "~/modules/rounds/rounds.server";

export type StoredFileRow = typeof files.$inferSelect;

const NOT_FOUND = "Không tìm thấy tệp.";

/** Whether `p` may read the dossier (and product photos) of this entry. */
export function canReadEntryFiles(p: Principal, entryId: number): boolean {
  const e = db.select().from(entries).where(eq(entries.id, entryId)).get();
  if (!e) return false;
  if (canActForEstablishment(p, e.establishmentId)) return true;
  const r = db.select().from(rounds).where(eq(rounds.id, e.roundId)).get();
  if (!r) return false;
  if (canOverseeRound(p, roundScope(r))) return true;
  const seats = p.councils.filter((c) => c.roundId === e.roundId);
  if (!seats.length) return false;
  const decided = (SCORING_STATUSES as readonly string[]).includes(e.status);
  if (!decided) return false; // before acceptance no council member has business with the dossier
  for (const seat of seats) {
    if (seat.isJudge) {
      for (let stage = 1; stage <= Math.max(1, r.scoringStages); stage++) {
        if (isAssigned(seat.memberId, e.id, stage)) return true;
      }
    }
    if (seat.role === "chair") {
      const conflict = db
        .select({ id: conflictsOfInterest.id })
        .from(conflictsOfInterest)
        .where(and(eq(conflictsOfInterest.entryId, e.id), eq(conflictsOfInterest.councilMemberId, seat.memberId)))
        .get();
      if (!conflict) return true;
    }
  }
  return false;
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
  if (!file) notFound(NOT_FOUND);
  const photo = isPublicProductPhoto(fileId);
  if (photo.public) return { file, isPublic: true };
  if (p) {
    const entryIds = db.select({ id: dossierDocuments.entryId }).from(dossierDocuments).where(eq(dossierDocuments.fileId, fileId)).all().map((r) => r.id);
    if (entryIds.some((id) => canReadEntryFiles(p, id))) return { file, isPublic: false };
    for (const productId of photo.productIds) {
      const prod = db.select().from(products).where(eq(products.id, productId)).get();
      if (prod && canActForEstablishment(p, prod.establishmentId)) return { file, isPublic: false };
      const productEntries = db.select({ id: entries.id }).from(entries).where(eq(entries.productId, productId)).all();
      if (productEntries.some((e) => canReadEntryFiles(p, e.id))) return { file, isPublic: false };
    }
  }
  notFound(NOT_FOUND);
}

/* ------------------------------------------------------------------ */
/* Orphans                                                             */
/* ------------------------------------------------------------------ */

export interface SweepReport {
  /** Stored files no `files` row references, removed. */
  orphans: string[];
  /** Abandoned temporary files (under .tmp/, or *.tmp beside certificates), removed. */
  temporary: string[];
}

/** Default age before an unreferenced file counts as abandoned: longer than any request lasts. */
export const ORPHAN_GRACE_MS = 60 * 60 * 1000;

/**
 * Removes, under UPLOAD_DIR, every file older than `graceMs` that no `files` row (local storage)
 * references, and every temporary file older than `graceMs`. Files are written before their row
 * is committed, so a process killed in between leaves bytes without a row; a younger file may
 * belong to a request still running in some process, hence the grace period. With `graceMs: 0`
 * (allowed only when no other process writes to UPLOAD_DIR: at start-up of a single server)
 * everything unreferenced and older than `now` goes: at start-up, pass the process's start time as
 * `now`, so that nothing this process writes meanwhile can be taken. Files stored with uploadthing
 * have no local bytes; certificate PDFs and temporary files are always local, so the sweep runs
 * whatever the storage. Returns relative paths of what was removed.
 */
export function sweepOrphanFiles(opts: { graceMs?: number; now?: number } = {}): SweepReport {
  const report: SweepReport = { orphans: [], temporary: [] };
  const root = path.resolve(env().UPLOAD_DIR);
  if (!fs.existsSync(root)) return report;
  const cutoff = (opts.now ?? Date.now()) - Math.max(0, opts.graceMs ?? ORPHAN_GRACE_MS);
  const known = new Set(
    db
      .select({ key: files.storageKey })
      .from(files)
      .where(eq(files.storage, "local"))
      .all()
      .map((r) => r.key),
  );
  const walk = (dir: string) => {
    let list: fs.Dirent[];
    try {
      list = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const d of list) {
      const abs = path.join(dir, d.name);
      if (d.isDirectory()) {
        walk(abs);
        continue;
      }
      if (!d.isFile()) continue;
      const rel = path.relative(root, abs).split(path.sep).join("/");
      const temporary = rel.startsWith(".tmp/") || rel.endsWith(".tmp") || rel.endsWith(".part");
      if (!temporary && known.has(rel)) continue; // the common case: no stat needed
      let mtime: number;
      try {
        mtime = fs.statSync(abs).mtimeMs;
      } catch {
        continue; // removed meanwhile
      }
      if (mtime > cutoff) continue;
      // Checked again just before removing: the row may have been committed since the list was read.
      if (!temporary && db.select({ id: files.id }).from(files).where(and(eq(files.storage, "local"), eq(files.storageKey, rel))).get()) continue;
      try {
        fs.rmSync(abs, { force: true });
        (temporary ? report.temporary : report.orphans).push(rel);
      } catch {
        /* left for the next sweep */
      }
    }
  };
  walk(root);
  return report;
}
