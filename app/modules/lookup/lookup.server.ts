import { and, asc, desc, eq, isNull, ne, sql, type SQL } from "drizzle-orm";
import {
  adminUnits,
  certificates,
  entries,
  files,
  organizingBodies,
  productGroups,
  productPhotos,
  products,
  establishments,
  recognitionDecisions,
  rounds,
  type RoundLevel,
} from "~db/schema";
import { todayInVietnam } from "~/lib/dates";
import { allPrepared, db } from "~/lib/db.server";
import { perGeneration, publicGeneration } from "~/lib/public-generation.server";
import { certificateStatus, normaliseCertificateNumber, type CertificateStatus } from "~/modules/certificates/certificates";
import { buildFtsQuery, PAGE_SIZE, type LookupFilters } from "./lookup";
import { compareVi } from "~/lib/text";

/*
 * Everything public goes through this module. The single rule: a certificate is public when it
 * exists (issued) and its round's results are published (rounds.status = 'published').
 */

/** Public figures: only published rounds and issued certificates count (recomputed when public data changes). */
export const publicStats = perGeneration(computePublicStats);
function computePublicStats() {
  const roundsN = db.select({ n: sql<number>`count(*)` }).from(rounds).where(ne(rounds.status, "draft")).get()!.n;
  const entriesN = db
    .select({ n: sql<number>`count(*)` })
    .from(entries)
    .innerJoin(rounds, eq(rounds.id, entries.roundId))
    .where(and(ne(rounds.status, "draft"), sql`${entries.status} not in ('draft','withdrawn','nominated')`))
    .get()!.n;
  const recognisedN = db
    .select({ n: sql<number>`count(*)` })
    .from(certificates)
    .innerJoin(entries, eq(entries.id, certificates.entryId))
    .innerJoin(rounds, eq(rounds.id, entries.roundId))
    .where(and(eq(rounds.status, "published"), isNull(certificates.revokedAt)))
    .get()!.n;
  return { rounds: roundsN, entries: entriesN, recognised: recognisedN };
}

/** Recently recognised products of published rounds (recomputed when public data changes). */
export const recentRecognitions = perGeneration(computeRecentRecognitions);
function computeRecentRecognitions(limit = 8) {
  return db
    .select({
      number: certificates.number,
      productName: certificates.productName,
      producerName: certificates.producerName,
      level: certificates.level,
      year: certificates.year,
      group: productGroups.shortName,
      province: adminUnits.name,
    })
    .from(certificates)
    .innerJoin(entries, eq(entries.id, certificates.entryId))
    .innerJoin(rounds, eq(rounds.id, entries.roundId))
    .innerJoin(productGroups, eq(productGroups.id, certificates.productGroupId))
    .leftJoin(adminUnits, eq(adminUnits.id, certificates.provinceId))
    .where(and(eq(rounds.status, "published"), isNull(certificates.revokedAt)))
    .orderBy(desc(certificates.issuedOn), certificates.number)
    .limit(limit)
    .all();
}

/* ------------------------------------------------------------------ */
/* Search                                                              */
/* ------------------------------------------------------------------ */

const LEVEL_RANK_SQL = sql`case c.level when 'national' then 4 when 'region' then 3 when 'province' then 2 when 'district' then 1 else 0 end`;

function filterSql(f: Pick<LookupFilters, "level" | "year" | "provinceId" | "groupId" | "valid">, today: string): SQL {
  const parts: SQL[] = [sql`r.status = 'published'`];
  if (f.level) parts.push(sql`c.level = ${f.level}`);
  if (f.year) parts.push(sql`c.year = ${f.year}`);
  if (f.provinceId) parts.push(sql`c.province_id = ${f.provinceId}`);
  if (f.groupId) parts.push(sql`c.product_group_id = ${f.groupId}`);
  if (f.valid) parts.push(sql`c.revoked_at is null and c.valid_until >= ${today}`);
  return sql.join(parts, sql` and `);
}

export interface Recognition {
  certificateId: number;
  number: string;
  level: RoundLevel;
  year: number;
  issuedOn: string;
  validUntil: string;
  status: CertificateStatus;
  roundId: number;
}

export interface SearchItem {
  productId: number;
  productName: string;
  producerName: string;
  province: string | null;
  group: string;
  recognitions: Recognition[];
}

export interface SearchResult {
  total: number;
  page: number;
  pages: number;
  items: SearchItem[];
}

/**
 * Certified products matching the search and filters, one item per product, sorted by relevance
 * (bm25, product name weighs most), then by highest level and latest year. Never throws on what a
 * person typed: the text becomes quoted tokens (lookup.ts buildFtsQuery).
 *
 * Cost: the ranking of every hit (bm25 needs them all) runs once per distinct search per public
 * generation (`rankedProducts`); a request then reads only its page of products, so its cost does
 * not grow with the number of hits, nor with the page number (docs/decisions/0025).
 */
export function searchCertified(f: LookupFilters, today = todayInVietnam(), pageSize = PAGE_SIZE): SearchResult {
  const match = buildFtsQuery(f.q);
  // Only punctuation, emoji or spaces: nothing to search for.
  const ids = f.q && !match ? EMPTY : rankedProducts(f, match, today);
  const offset = (f.page - 1) * pageSize;
  const total = ids.length;
  const items = describeProducts(Array.from(ids.subarray(offset, offset + pageSize)), today);
  return { total, page: f.page, pages: Math.max(1, Math.ceil(total / pageSize)), items };
}

const EMPTY = new Int32Array(0);
/** Product ids kept per process over all remembered searches (4 bytes each: 8 MB). */
const RANKED_BUDGET = 2_000_000;
let rankedGeneration = -1;
let rankedKept = 0;
/** Ranked product ids by search key, least recently used first. */
const ranked = new Map<string, Int32Array>();

/**
 * The ids of every product a search finds, best first: computed once per distinct search (its
 * folded FTS expression, filters, and the date when validity is asked) and kept until public data
 * changes (the public generation, read before the query, so a change committed meanwhile is never
 * hidden), least recently used dropped past the budget. Exact, never stale.
 */
function rankedProducts(f: LookupFilters, match: string | null, today: string): Int32Array {
  const gen = publicGeneration();
  if (gen !== rankedGeneration) {
    ranked.clear();
    rankedKept = 0;
    rankedGeneration = gen;
  }
  const key = JSON.stringify([match, f.level, f.year, f.provinceId, f.groupId, f.valid ? today : null]);
  const hit = ranked.get(key);
  if (hit) {
    ranked.delete(key);
    ranked.set(key, hit);
    return hit;
  }
  const ids = computeRanked(f, match, today);
  if (ids.length <= RANKED_BUDGET / 4) {
    for (const [k, v] of ranked) {
      if (rankedKept + ids.length <= RANKED_BUDGET) break;
      ranked.delete(k);
      rankedKept -= v.length;
    }
    ranked.set(key, ids);
    rankedKept += ids.length;
  }
  return ids;
}

/** Forgets every remembered search (for measurements of the first search). */
export function forgetRankedSearches() {
  ranked.clear();
  rankedKept = 0;
}

/** One statement: every matching product's id, in result order, as one comma-separated text. */
function computeRanked(f: LookupFilters, match: string | null, today: string): Int32Array {
  const where = filterSql(f, today);
  const list = match
    ? allPrepared<{ ids: string | null }>(sql`
      with m as materialized (
        -- bm25() only works while the FTS table drives the query: rank alone, then join.
        select rowid as cid, bm25(certificate_fts, 10.0, 4.0, 2.0) as score from certificate_fts where certificate_fts match ${match}
      ), grouped as (
        select e.product_id as pid, min(m.score) as score, max(${LEVEL_RANK_SQL}) as lrank, max(c.year) as year
        from m
        join certificates c on c.id = m.cid
        join entries e on e.id = c.entry_id
        join rounds r on r.id = e.round_id
        where ${where}
        group by e.product_id
      )
      select group_concat(pid, ',' order by score, lrank desc, year desc, pid) as ids from grouped`)[0]
    : allPrepared<{ ids: string | null }>(sql`
      with grouped as (
        select e.product_id as pid, max(${LEVEL_RANK_SQL}) as lrank, max(c.year) as year, min(c.product_name) as name
        from certificates c
        join entries e on e.id = c.entry_id
        join rounds r on r.id = e.round_id
        where ${where}
        group by e.product_id
      )
      select group_concat(pid, ',' order by lrank desc, year desc, name, pid) as ids from grouped`)[0];
  const text = list?.ids;
  if (!text) return EMPTY;
  const parts = text.split(",");
  const ids = new Int32Array(parts.length);
  for (let i = 0; i < parts.length; i++) ids[i] = Number(parts[i]);
  return ids;
}

/** Public recognitions of these products, best (highest level, latest) first. */
function publicRecognitions(productIds: number[], today: string) {
  if (!productIds.length) return [];
  // One statement text for any number of products (the ids as one JSON parameter), prepared once.
  type Row = Omit<Recognition, "status"> & {
    productId: number;
    revokedAt: number | null;
    revokeReason: string | null;
    productName: string;
    producerName: string;
    producerAddress: string;
    province: string | null;
    provinceKind: string | null;
    group: string;
    roundTitle: string;
  };
  return allPrepared<Row>(sql`
    select e.product_id as productId, c.id as certificateId, c.number as number, c.level as level, c.year as year,
      c.issued_on as issuedOn, c.valid_until as validUntil, c.revoked_at as revokedAt, c.revoke_reason as revokeReason,
      e.round_id as roundId, c.product_name as productName, c.producer_name as producerName,
      c.producer_address as producerAddress, u.name as province, u.kind as provinceKind, g.short_name as "group",
      r.title as roundTitle
    from certificates c
    join entries e on e.id = c.entry_id
    join rounds r on r.id = e.round_id
    join product_groups g on g.id = c.product_group_id
    left join admin_units u on u.id = c.province_id
    where r.status = 'published' and e.product_id in (select value from json_each(${JSON.stringify(productIds)}))
    order by ${LEVEL_RANK_SQL} desc, c.year desc, c.id asc`).map((r) => {
    const revokedAt = r.revokedAt == null ? null : new Date(r.revokedAt);
    return { ...r, revokedAt, status: certificateStatus({ revokedAt, validUntil: r.validUntil }, today) };
  });
}

function describeProducts(productIds: number[], today: string): SearchItem[] {
  const recs = publicRecognitions(productIds, today);
  return productIds.flatMap((pid) => {
    const mine = recs.filter((r) => r.productId === pid);
    const best = mine[0];
    if (!best) return [];
    return [
      {
        productId: pid,
        productName: best.productName,
        producerName: best.producerName,
        province: best.province,
        group: best.group,
        recognitions: mine.map((r) => ({
          certificateId: r.certificateId,
          number: r.number,
          level: r.level,
          year: r.year,
          issuedOn: r.issuedOn,
          validUntil: r.validUntil,
          status: r.status,
          roundId: r.roundId,
        })),
      },
    ];
  });
}

/**
 * The first photo (by position) of each of these products, for the search results' thumbnails:
 * one statement for a page of products. Only called for products the search found (public).
 */
export function firstPhotos(productIds: number[]): Map<number, number> {
  const out = new Map<number, number>();
  if (!productIds.length) return out;
  const rows = allPrepared<{ productId: number; photoId: number }>(sql`
    select p.product_id as productId, p.id as photoId from product_photos p join files f on f.id = p.file_id
    where p.product_id in (select value from json_each(${JSON.stringify(productIds)})) and f.mime_type like 'image/%'
    order by p.product_id, p.position, p.id`);
  for (const r of rows) if (!out.has(r.productId)) out.set(r.productId, r.photoId);
  return out;
}

/** Kept for the callers that used to drop a one-minute cache; filter choices now follow the public generation. */
export function invalidateLookupCaches() {}

function computeFilterOptions() {
  const provinces = db.all<{ id: number; name: string; kind: string }>(sql`
    select distinct u.id as id, u.name as name, u.kind as kind from certificates c
    join entries e on e.id = c.entry_id join rounds r on r.id = e.round_id
    join admin_units u on u.id = c.province_id where r.status = 'published'`);
  provinces.sort((a, b) => compareVi(a.name, b.name));
  const years = db
    .all<{ year: number }>(sql`
    select distinct c.year as year from certificates c join entries e on e.id = c.entry_id join rounds r on r.id = e.round_id
    where r.status = 'published' order by c.year desc`)
    .map((r) => r.year);
  const groups = db.select({ id: productGroups.id, name: productGroups.shortName }).from(productGroups).orderBy(asc(productGroups.id)).all();
  return { provinces: provinces.map((p) => ({ id: p.id, name: `${p.kind} ${p.name}` })), years, groups };
}

/** Filter choices change only when public data does (certificates issued or revoked, rounds published). */
export const lookupFilterOptions = perGeneration(computeFilterOptions);

/* ------------------------------------------------------------------ */
/* Product page                                                        */
/* ------------------------------------------------------------------ */

/** A certified product's public page; undefined when it has no public certificate. */
export function publicProduct(productId: number, today = todayInVietnam()) {
  const recs = publicRecognitions([productId], today);
  if (!recs.length) return undefined;
  const product = db
    .select({ id: products.id, description: products.description, isSet: products.isSet, establishmentId: products.establishmentId })
    .from(products)
    .where(eq(products.id, productId))
    .get();
  if (!product) return undefined;
  const best = recs[0]!;
  const photos = db
    .select({ id: productPhotos.id, caption: productPhotos.caption })
    .from(productPhotos)
    .innerJoin(files, eq(files.id, productPhotos.fileId))
    .where(and(eq(productPhotos.productId, productId), sql`${files.mimeType} like 'image/%'`))
    .orderBy(asc(productPhotos.position), asc(productPhotos.id))
    .limit(12)
    .all();
  return {
    id: product.id,
    name: best.productName,
    description: product.description,
    isSet: product.isSet,
    producerName: best.producerName,
    producerAddress: best.producerAddress,
    province: best.province ? `${best.provinceKind} ${best.province}` : null,
    group: best.group,
    photos,
    recognitions: recs.map((r) => ({
      certificateId: r.certificateId,
      number: r.number,
      level: r.level,
      year: r.year,
      issuedOn: r.issuedOn,
      validUntil: r.validUntil,
      status: r.status,
      revokedAt: r.revokedAt ? r.revokedAt.getTime() : null,
      roundId: r.roundId,
      roundTitle: r.roundTitle,
    })),
  };
}

/** A photo of a product that has a public certificate (the file row; bytes read by the route). */
export function publicProductPhoto(productId: number, photoId: number) {
  if (!publicRecognitions([productId], todayInVietnam()).length) return undefined;
  return db
    .select({ file: files })
    .from(productPhotos)
    .innerJoin(files, eq(files.id, productPhotos.fileId))
    .where(and(eq(productPhotos.id, photoId), eq(productPhotos.productId, productId), sql`${files.mimeType} like 'image/%'`))
    .get()?.file;
}

/* ------------------------------------------------------------------ */
/* Round results                                                       */
/* ------------------------------------------------------------------ */

/** The published results of a round: its decisions and recognised products. */
export function publicRoundResults(roundId: number, today = todayInVietnam()) {
  const round = db
    .select({
      id: rounds.id,
      title: rounds.title,
      level: rounds.level,
      year: rounds.year,
      publishedAt: rounds.publishedAt,
      status: rounds.status,
      bodyName: organizingBodies.name,
      unitName: adminUnits.name,
      unitKind: adminUnits.kind,
    })
    .from(rounds)
    .innerJoin(organizingBodies, eq(organizingBodies.id, rounds.bodyId))
    .leftJoin(adminUnits, eq(adminUnits.id, rounds.unitId))
    .where(eq(rounds.id, roundId))
    .get();
  if (!round || round.status !== "published") return undefined;
  const decisions = db
    .select({ id: recognitionDecisions.id, number: recognitionDecisions.number, signedOn: recognitionDecisions.signedOn, signerName: recognitionDecisions.signerName, signerTitle: recognitionDecisions.signerTitle, issuer: recognitionDecisions.issuer })
    .from(recognitionDecisions)
    .where(eq(recognitionDecisions.roundId, round.id))
    .orderBy(asc(recognitionDecisions.signedOn))
    .all();
  const list = db
    .select({
      certificateId: certificates.id,
      number: certificates.number,
      productId: entries.productId,
      productName: certificates.productName,
      producerName: certificates.producerName,
      province: adminUnits.name,
      group: productGroups.shortName,
      groupId: certificates.productGroupId,
      validUntil: certificates.validUntil,
      revokedAt: certificates.revokedAt,
    })
    .from(certificates)
    .innerJoin(entries, eq(entries.id, certificates.entryId))
    .innerJoin(productGroups, eq(productGroups.id, certificates.productGroupId))
    .leftJoin(adminUnits, eq(adminUnits.id, certificates.provinceId))
    .where(eq(entries.roundId, round.id))
    .orderBy(asc(certificates.productGroupId), asc(certificates.id))
    .all()
    .map(({ revokedAt, ...r }) => ({ ...r, status: certificateStatus({ revokedAt, validUntil: r.validUntil }, today) as CertificateStatus | null }));
  // Recognised entries whose certificate is not issued yet are part of the published results too.
  const withCertificate = new Set(list.map((c) => c.productId));
  const pending = db
    .select({ productId: entries.productId, productName: products.name, producerName: establishments.name, province: adminUnits.name, group: productGroups.shortName, groupId: products.productGroupId })
    .from(entries)
    .innerJoin(products, eq(products.id, entries.productId))
    .innerJoin(establishments, eq(establishments.id, entries.establishmentId))
    .innerJoin(productGroups, eq(productGroups.id, products.productGroupId))
    .leftJoin(adminUnits, eq(adminUnits.id, establishments.provinceId))
    .where(and(eq(entries.roundId, round.id), eq(entries.status, "recognised")))
    .all()
    .filter((e) => !withCertificate.has(e.productId))
    .map((e) => ({ ...e, certificateId: null, number: null, validUntil: null, status: null }));
  const { status: _s, unitName, unitKind, ...rest } = round;
  return { round: { ...rest, unit: unitName ? `${unitKind} ${unitName}` : null, publishedAt: round.publishedAt?.getTime() ?? null }, decisions, certificates: [...list, ...pending] };
}

/** Published rounds for the lookup's side list. */
export const publishedRoundsList = perGeneration(computePublishedRoundsList);
function computePublishedRoundsList(limit = 20) {
  return db
    .select({ id: rounds.id, title: rounds.title, level: rounds.level, year: rounds.year })
    .from(rounds)
    .where(eq(rounds.status, "published"))
    .orderBy(desc(rounds.year), desc(rounds.publishedAt), desc(rounds.id))
    .limit(limit)
    .all();
}

/* ------------------------------------------------------------------ */
/* Verification                                                        */
/* ------------------------------------------------------------------ */

/**
 * What the verification page shows: exactly what is printed on the certificate, plus its status
 * (with the revocation date and reason). Nothing else: no contact details, scores or ids.
 */
function verification(where: SQL, today: string) {
  const row = db
    .select({
      number: certificates.number,
      productName: certificates.productName,
      producerName: certificates.producerName,
      producerAddress: certificates.producerAddress,
      groupName: productGroups.name,
      level: certificates.level,
      year: certificates.year,
      issuedOn: certificates.issuedOn,
      validUntil: certificates.validUntil,
      revokedAt: certificates.revokedAt,
      revokeReason: certificates.revokeReason,
      decisionNumber: recognitionDecisions.number,
      decisionDate: recognitionDecisions.signedOn,
      signerName: recognitionDecisions.signerName,
      signerTitle: recognitionDecisions.signerTitle,
      issuer: recognitionDecisions.issuer,
      // Public already (the product's page); the verification page links to it.
      productId: entries.productId,
    })
    .from(certificates)
    .innerJoin(entries, eq(entries.id, certificates.entryId))
    .innerJoin(rounds, eq(rounds.id, entries.roundId))
    .innerJoin(recognitionDecisions, eq(recognitionDecisions.id, certificates.decisionId))
    .innerJoin(productGroups, eq(productGroups.id, certificates.productGroupId))
    .where(and(where, eq(rounds.status, "published")))
    .get();
  if (!row) return undefined;
  const { revokedAt, ...rest } = row;
  return {
    ...rest,
    revokedOn: revokedAt ? todayInVietnam(revokedAt) : null,
    status: certificateStatus({ revokedAt, validUntil: row.validUntil }, today),
  };
}

export type Verification = NonNullable<ReturnType<typeof verification>>;

export function verifyByCode(code: string, today = todayInVietnam()) {
  return verification(eq(certificates.publicCode, code), today);
}

export function verifyByNumber(number: string, today = todayInVietnam()) {
  const n = normaliseCertificateNumber(number);
  if (!n) return undefined;
  return verification(sql`${certificates.number} = ${n} collate nocase`, today);
}

/* ------------------------------------------------------------------ */
/* Open data and sitemap                                               */
/* ------------------------------------------------------------------ */

export interface OpenDataRow {
  so_chung_nhan: string;
  san_pham: string;
  co_so: string;
  dia_chi: string;
  tinh: string;
  nhom_san_pham: string;
  cap: RoundLevel;
  nam: number;
  quyet_dinh: string;
  ngay_quyet_dinh: string;
  co_quan_cong_nhan: string;
  ngay_cap: string;
  hieu_luc_den: string;
  trang_thai: CertificateStatus;
  ngay_thu_hoi: string | null;
  ma_san_pham: number;
}

export const OPEN_DATA_LIMIT = 100_000;

/** Every public certificate matching the filters (one row each), for CSV and JSON downloads. */
export function openData(f: LookupFilters, today = todayInVietnam()): OpenDataRow[] {
  const match = buildFtsQuery(f.q);
  if (f.q && !match) return [];
  const where = filterSql(f, today);
  const from = match
    ? sql`certificate_fts join certificates c on c.id = certificate_fts.rowid`
    : sql`certificates c`;
  const matchSql = match ? sql`certificate_fts match ${match} and ` : sql``;
  type Raw = Omit<OpenDataRow, "trang_thai" | "ngay_thu_hoi"> & { revoked_at: number | null };
  const rows = db.all<Raw>(sql`
    select c.number as so_chung_nhan, c.product_name as san_pham, c.producer_name as co_so, c.producer_address as dia_chi,
      coalesce(u.kind || ' ' || u.name, '') as tinh, g.name as nhom_san_pham, c.level as cap, c.year as nam,
      d.number as quyet_dinh, d.signed_on as ngay_quyet_dinh, d.issuer as co_quan_cong_nhan,
      c.issued_on as ngay_cap, c.valid_until as hieu_luc_den, c.revoked_at as revoked_at, e.product_id as ma_san_pham
    from ${from}
    join entries e on e.id = c.entry_id
    join rounds r on r.id = e.round_id
    join recognition_decisions d on d.id = c.decision_id
    join product_groups g on g.id = c.product_group_id
    left join admin_units u on u.id = c.province_id
    where ${matchSql}${where}
    order by c.year desc, ${LEVEL_RANK_SQL} desc, c.id
    limit ${OPEN_DATA_LIMIT}`);
  return rows.map(({ revoked_at, ...r }) => ({
    ...r,
    trang_thai: certificateStatus({ revokedAt: revoked_at, validUntil: r.hieu_luc_den }, today),
    ngay_thu_hoi: revoked_at != null ? todayInVietnam(new Date(revoked_at)) : null,
  }));
}

/** Public addresses for the sitemap: published rounds and certified products. */
export function sitemapEntries() {
  const roundRows = db
    .select({ id: rounds.id, at: rounds.publishedAt })
    .from(rounds)
    .where(eq(rounds.status, "published"))
    .all();
  const productRows = db.all<{ id: number; at: string }>(sql`
    select e.product_id as id, max(c.issued_on) as at from certificates c
    join entries e on e.id = c.entry_id join rounds r on r.id = e.round_id
    where r.status = 'published' group by e.product_id order by e.product_id`);
  return {
    rounds: roundRows.map((r) => ({ id: r.id, lastmod: r.at ? todayInVietnam(r.at) : null })),
    products: productRows.map((p) => ({ id: p.id, lastmod: p.at })),
  };
}
