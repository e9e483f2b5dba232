/**
 * The public dossier-status lookup: a dossier number and the establishment's registered phone
 * number, both needed, answer the dossier's status and public timeline. Every miss (unknown
 * number, wrong phone, malformed input) is the same null, and lookups are throttled per client
 * address and per dossier number on the `throttles` table (docs/decisions/0026).
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import {
  entries,
  entryEvents,
  establishments,
  organizingBodies,
  products,
  rounds,
  throttles,
} from "~db/schema";
import { db, type DbOrTx } from "~/lib/db.server";
import { readThrottle, throttleNow, writeThrottle } from "~/modules/throttle/throttle.server";
import {
  attempt,
  current,
  release,
  retryAfterSeconds,
  tooManyMessage,
} from "~/modules/throttle/throttle";
import {
  isPublicEvent,
  normaliseDossierNo,
  normalisePhone,
  PUBLIC_EVENT_TYPES,
  STATUS_RULE,
} from "./status";

export interface PublicDossierStatus {
  dossierNo: string;
  status: (typeof entries.$inferSelect)["status"];
  productName: string;
  establishmentName: string;
  roundTitle: string;
  roundLevel: (typeof rounds.$inferSelect)["level"];
  bodyName: string;
  submittedAt: Date;
  answerBy: string | null;
  events: { id: number; type: string; createdAt: Date }[];
}

/**
 * The dossier's public status when the pair matches, null otherwise (whatever was wrong). Only
 * submitted dossiers have a number; the phone is the establishment's contact phone, compared as
 * national digits.
 */
export function findDossierStatus(
  rawNo: string | null | undefined,
  rawPhone: string | null | undefined,
  tx: DbOrTx = db
): PublicDossierStatus | null {
  const no = normaliseDossierNo(rawNo);
  const phone = normalisePhone(rawPhone);
  if (!no || !phone) return null;
  const row = tx
    .select({
      id: entries.id,
      dossierNo: entries.dossierNo,
      status: entries.status,
      submittedAt: entries.submittedAt,
      answerBy: entries.answerBy,
      phone: establishments.phone,
      establishmentName: establishments.name,
      productName: products.name,
      roundTitle: rounds.title,
      roundLevel: rounds.level,
      bodyName: organizingBodies.name,
    })
    .from(entries)
    .innerJoin(establishments, eq(establishments.id, entries.establishmentId))
    .innerJoin(products, eq(products.id, entries.productId))
    .innerJoin(rounds, eq(rounds.id, entries.roundId))
    .innerJoin(organizingBodies, eq(organizingBodies.id, rounds.bodyId))
    .where(eq(entries.dossierNo, no))
    .get();
  if (!row || !row.submittedAt || !row.dossierNo) return null;
  const registered = normalisePhone(row.phone);
  if (!registered || registered !== phone) return null;
  const events = tx
    .select({
      id: entryEvents.id,
      type: entryEvents.type,
      createdAt: entryEvents.createdAt,
    })
    .from(entryEvents)
    .where(
      and(
        eq(entryEvents.entryId, row.id),
        inArray(entryEvents.type, [...PUBLIC_EVENT_TYPES])
      )
    )
    .orderBy(asc(entryEvents.id))
    .all()
    .filter((e) => isPublicEvent(e.type));
  return {
    dossierNo: row.dossierNo,
    status: row.status,
    productName: row.productName,
    establishmentName: row.establishmentName,
    roundTitle: row.roundTitle,
    roundLevel: row.roundLevel,
    bodyName: row.bodyName,
    submittedAt: row.submittedAt,
    answerBy: row.answerBy,
    events,
  };
}

/* ------------------------------------------------------------------ */
/* Throttle: the rule of throttle.ts on the same table, own keys       */
/* ------------------------------------------------------------------ */

export interface StatusRefusal {
  retryAfterSeconds: number;
  until: Date;
  message: string;
}

function keysOf(ip: string | null, rawNo: string | null | undefined): string[] {
  const keys = [`dossier-status:ip:${ip?.trim() || "unknown"}`];
  // Malformed numbers count against the address only (they cannot name a dossier).
  const no = normaliseDossierNo(rawNo);
  if (no) keys.push(`dossier-status:no:${no}`);
  return keys;
}

/**
 * Counts one lookup against the address and the dossier number before it runs. Returns the
 * refusal (nothing counted) when either is used up for this window, null when it may go ahead.
 * (Old rows are pruned by the log-in throttle's own calls; these keys are at most one window old.)
 */
export function reserveStatusLookup(
  ip: string | null,
  rawNo: string | null | undefined,
  now: Date = throttleNow()
): StatusRefusal | null {
  const t = now.getTime();
  const keys = keysOf(ip, rawNo);
  return db.transaction(
    (tx) => {
      const steps = keys.map((key) => ({
        key,
        step: attempt(readThrottle(tx, key), t, STATUS_RULE),
      }));
      const locked = steps.flatMap(({ step }) =>
        step.allowed ? [] : [t + step.retryAfterMs]
      );
      if (locked.length) {
        const until = Math.max(...locked);
        return {
          until: new Date(until),
          retryAfterSeconds: retryAfterSeconds(until, t),
          message: tooManyMessage(until, t),
        };
      }
      for (const { key, step } of steps) writeThrottle(tx, key, step.state, t);
      return null;
    },
    { behavior: "immediate" }
  );
}

/** A match gives its attempt back: only misses count, so the owner may look again and again. */
export function statusLookupMatched(
  ip: string | null,
  rawNo: string | null | undefined,
  now: Date = throttleNow()
): void {
  const t = now.getTime();
  db.transaction(
    (tx) => {
      for (const key of keysOf(ip, rawNo)) {
        const s = readThrottle(tx, key);
        if (!s) continue;
        const next = release(current(s, t, STATUS_RULE), t, STATUS_RULE);
        if (next) writeThrottle(tx, key, next, t);
        else tx.delete(throttles).where(eq(throttles.key, key)).run();
      }
    },
    { behavior: "immediate" }
  );
}
