/**
 * What the API endpoints answer, in their English field names: thin mappings over the queries the
 * pages already use (lookup, verification, published results, units, the organizer's rounds,
 * intake and results), plus two small queries of its own (published rounds with paging, one
 * unit). Authorization for the organizer endpoints is the pages' own: getRoundForOrganizer with
 * `manage` (another body's round: 404).
 */
import { and, count, desc, eq, type SQL } from "drizzle-orm";
import { adminUnits, organizingBodies, rounds } from "~db/schema";
import { isCalendarDate, todayInVietnam } from "~/lib/dates";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import type { Principal } from "~/lib/permissions";
import { isPublicCode } from "~/modules/certificates/certificates";
import { listIntake } from "~/modules/entries/intake.server";
import { MAX_PAGE } from "~/modules/lookup/lookup";
import { publicProduct, publicRoundResults, searchCertified, verifyByCode, verifyByNumber } from "~/modules/lookup/lookup.server";
import { stageReportFor } from "~/modules/reports/results-data.server";
import { getRoundForOrganizer, listRoundsForOrganizer } from "~/modules/rounds/rounds.server";
import { getUnit, listChildren, listProvinces } from "~/modules/units/units.server";
import { ApiError, paging } from "./http.server";
import type * as S from "./schemas";
import type { z } from "zod";

type In<T extends z.ZodTypeAny> = z.input<T>;
type Q<T extends z.ZodTypeAny> = z.output<T>;

const base = () => env().publicBaseUrl;
const iso = (d: Date | number | null | undefined) => (d == null ? null : new Date(d).toISOString());

/* Products ------------------------------------------------------------ */

export function apiProducts(q: Q<typeof S.ProductsQuery>, today = todayInVietnam()): In<typeof S.ProductList> {
  const { page, pageSize } = paging(q);
  // The lookup's own search (same filters, same order); its page limit is in pages of 20.
  if ((page - 1) * pageSize >= MAX_PAGE * 20) throw new ApiError(400, `Tham số page quá lớn: chỉ xem được ${MAX_PAGE * 20} kết quả đầu; hãy thu hẹp điều kiện tìm.`);
  const r = searchCertified(
    { q: (q.q ?? "").normalize("NFC").replace(/\s+/g, " ").trim(), level: q.level ?? null, year: q.year ?? null, provinceId: q.provinceId ?? null, groupId: q.groupId ?? null, valid: q.valid ?? false, page },
    today,
    pageSize,
  );
  return {
    page,
    pageSize,
    total: r.total,
    items: r.items.map((i) => ({
      id: i.productId,
      name: i.productName,
      producerName: i.producerName,
      province: i.province,
      productGroup: i.group,
      recognitions: i.recognitions.map((c) => ({
        certificateId: c.certificateId,
        certificateNumber: c.number,
        level: c.level,
        year: c.year,
        issuedOn: c.issuedOn,
        validUntil: c.validUntil,
        status: c.status,
        roundId: c.roundId,
      })),
      url: `${base()}/san-pham/${i.productId}`,
    })),
  };
}

export function apiProduct(id: number, today = todayInVietnam()): In<typeof S.ProductDetail> {
  const p = publicProduct(id, today);
  if (!p) throw new ApiError(404, "Không tìm thấy sản phẩm này, hoặc sản phẩm chưa có giấy chứng nhận được công bố.");
  return {
    id: p.id,
    name: p.name,
    description: p.description ?? null,
    isSet: !!p.isSet,
    producerName: p.producerName,
    producerAddress: p.producerAddress,
    province: p.province,
    productGroup: p.group,
    photos: p.photos.map((ph) => ({ id: ph.id, caption: ph.caption ?? null, url: `${base()}/san-pham/${p.id}/anh/${ph.id}` })),
    recognitions: p.recognitions.map((c) => ({
      certificateId: c.certificateId,
      certificateNumber: c.number,
      level: c.level,
      year: c.year,
      issuedOn: c.issuedOn,
      validUntil: c.validUntil,
      status: c.status,
      roundId: c.roundId,
      roundTitle: c.roundTitle,
      revokedOn: c.revokedAt != null ? todayInVietnam(new Date(c.revokedAt)) : null,
    })),
    url: `${base()}/san-pham/${p.id}`,
  };
}

/* Verification -------------------------------------------------------- */

export function apiVerify(q: Q<typeof S.VerifyQuery>, today = todayInVietnam()): In<typeof S.Verification> {
  if ((q.number ? 1 : 0) + (q.code ? 1 : 0) !== 1) throw new ApiError(400, "Hãy gửi đúng một trong hai tham số: number (số giấy chứng nhận) hoặc code (mã xác thực trong mã QR).");
  const v = q.code ? (isPublicCode(q.code) ? verifyByCode(q.code, today) : undefined) : verifyByNumber(q.number!, today);
  if (!v) throw new ApiError(404, "Không tìm thấy giấy chứng nhận này trong các kết quả đã công bố. Hãy kiểm tra lại số hoặc mã.");
  return {
    certificateNumber: v.number,
    status: v.status,
    productName: v.productName,
    producerName: v.producerName,
    producerAddress: v.producerAddress,
    productGroup: v.groupName,
    level: v.level,
    year: v.year,
    issuedOn: v.issuedOn,
    validUntil: v.validUntil,
    revokedOn: v.revokedOn,
    revokeReason: v.revokeReason ?? null,
    decision: { number: v.decisionNumber, signedOn: v.decisionDate, signerName: v.signerName, signerTitle: v.signerTitle, issuer: v.issuer },
    productId: v.productId,
    productUrl: `${base()}/san-pham/${v.productId}`,
  };
}

/* Published rounds ---------------------------------------------------- */

export function apiRounds(q: Q<typeof S.RoundsQuery>): In<typeof S.RoundList> {
  const { page, pageSize, offset } = paging(q);
  const conds: SQL[] = [eq(rounds.status, "published")];
  if (q.level) conds.push(eq(rounds.level, q.level));
  if (q.year) conds.push(eq(rounds.year, q.year));
  const where = and(...conds);
  const total = db.select({ n: count() }).from(rounds).where(where).get()!.n;
  const rows = db
    .select({
      id: rounds.id,
      title: rounds.title,
      level: rounds.level,
      year: rounds.year,
      publishedAt: rounds.publishedAt,
      organizer: organizingBodies.name,
      unitName: adminUnits.name,
      unitKind: adminUnits.kind,
    })
    .from(rounds)
    .innerJoin(organizingBodies, eq(organizingBodies.id, rounds.bodyId))
    .leftJoin(adminUnits, eq(adminUnits.id, rounds.unitId))
    .where(where)
    .orderBy(desc(rounds.year), desc(rounds.publishedAt), desc(rounds.id))
    .limit(pageSize)
    .offset(offset)
    .all();
  return {
    page,
    pageSize,
    total,
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      level: r.level,
      year: r.year,
      organizer: r.organizer,
      unit: r.unitName ? `${r.unitKind} ${r.unitName}` : null,
      publishedAt: iso(r.publishedAt),
      url: `${base()}/ket-qua/${r.id}`,
    })),
  };
}

export function apiRoundResults(id: number, today = todayInVietnam()): In<typeof S.RoundResults> {
  const r = publicRoundResults(id, today);
  if (!r) throw new ApiError(404, "Không tìm thấy kết quả của kỳ bình chọn này. Kết quả chỉ có sau khi được công bố.");
  return {
    round: {
      id: r.round.id,
      title: r.round.title,
      level: r.round.level,
      year: r.round.year,
      organizer: r.round.bodyName,
      unit: r.round.unit,
      publishedAt: iso(r.round.publishedAt),
      url: `${base()}/ket-qua/${r.round.id}`,
    },
    decisions: r.decisions.map((d) => ({ number: d.number, signedOn: d.signedOn, signerName: d.signerName, signerTitle: d.signerTitle, issuer: d.issuer })),
    results: r.certificates.map((c) => ({
      productId: c.productId,
      productName: c.productName,
      producerName: c.producerName,
      province: c.province ?? null,
      productGroup: c.group,
      productGroupId: c.groupId,
      certificateId: c.certificateId,
      certificateNumber: c.number,
      validUntil: c.validUntil,
      status: c.status,
    })),
  };
}

/* Units ----------------------------------------------------------------- */

export function apiUnits(q: Q<typeof S.UnitsQuery>): In<typeof S.UnitList> {
  const date = q.date ?? todayInVietnam();
  if (q.date && !isCalendarDate(q.date)) throw new ApiError(400, "Tham số date không hợp lệ: dạng YYYY-MM-DD.");
  let list;
  if (q.parentId) {
    if (!getUnit(q.parentId)) throw new ApiError(404, "Không tìm thấy đơn vị hành chính này.");
    list = listChildren(q.parentId, date);
  } else list = listProvinces(date);
  return {
    date,
    parentId: q.parentId ?? null,
    items: list.map((u) => ({ id: u.id, code: u.code, name: u.name, kind: u.kind, level: u.level, parentId: u.parentId, regionCode: u.regionCode, validFrom: u.validFrom, validTo: u.validTo })),
  };
}

/* Organizer (token) ------------------------------------------------------ */

export function apiOrganizerRounds(p: Principal): In<typeof S.OrganizerRoundList> {
  return {
    items: listRoundsForOrganizer(p).map((r) => ({
      id: r.id,
      title: r.title,
      level: r.level,
      year: r.year,
      status: r.status,
      organizer: r.bodyName,
      registrationOpensOn: r.registrationOpensOn ?? null,
      registrationClosesOn: r.registrationClosesOn ?? null,
      announcementOn: r.announcementOn ?? null,
      entryCount: r.entryCount,
    })),
  };
}

export function apiOrganizerEntries(p: Principal, roundId: number, q: Q<typeof S.EntriesQuery>, today = todayInVietnam()): In<typeof S.OrganizerEntryList> {
  // Their own rounds only (the body's, or its level and unit): anything else is 404.
  getRoundForOrganizer(p, roundId, { manage: true });
  const { page, pageSize, offset } = paging(q);
  const { rows } = listIntake(p, roundId, { status: q.status }, today);
  return {
    page,
    pageSize,
    total: rows.length,
    items: rows.slice(offset, offset + pageSize).map((e) => ({
      id: e.id,
      dossierNo: e.dossierNo ?? null,
      votingCode: e.votingCode ?? null,
      status: e.status,
      submittedAt: iso(e.submittedAt),
      answerBy: e.answerBy ?? null,
      overdue: e.overdue,
      productName: e.productName,
      productGroupId: e.groupId,
      productGroup: e.group,
      producerName: e.establishment,
      place: e.place,
    })),
  };
}

export function apiOrganizerResults(p: Principal, roundId: number, q: Q<typeof S.ResultsQuery>): In<typeof S.OrganizerResults> {
  getRoundForOrganizer(p, roundId, { manage: true });
  const r = stageReportFor(p, roundId, q.stage != null ? String(q.stage) : null);
  const mean = (h: number | null) => (h == null ? null : `${Math.floor(h / 100)}.${String(h % 100).padStart(2, "0")}`);
  return {
    round: { id: r.round.id, title: r.round.title, status: r.round.status, stage: r.stage, closedAt: iso(r.closedAt), passMarkTenths: r.round.passMarkTenths },
    counts: r.counts,
    items: r.rows.map((row) => ({
      entryId: row.entryId,
      dossierNo: row.dossierNo,
      votingCode: row.votingCode,
      productName: row.productName,
      productGroupId: row.productGroupId,
      productGroup: row.productGroupName,
      producerName: row.producerName,
      commune: row.communeName,
      province: row.provinceName,
      judgesCount: row.result.judgesCount,
      meanHundredths: row.result.meanHundredths,
      mean: mean(row.result.meanHundredths),
      rank: row.result.rank,
      rankInGroup: row.result.rankInGroup,
      passed: row.result.passed,
      recommended: row.result.recommended,
      verdict: row.verdictState,
      votes: row.verdict ? { for: row.verdict.votesFor, against: row.verdict.votesAgainst, abstain: row.verdict.votesAbstain } : null,
    })),
  };
}
