/**
 * The national view (issue 13 item 8; docs/decisions/0032): entries and recognised products by
 * year, level, province and product group, within what the viewer's organizing bodies cover.
 *
 * A fixed number of statements whatever the data size: the viewer's bodies, the provinces (both
 * lists, before and after 1 July 2025), the product groups, then one grouped query for entries
 * and one for certificates. Everything else is summed here from those grouped rows.
 *
 * - Entry (hồ sơ): a dossier the producer submitted (any status except draft, nominated and
 *   withdrawn; rejected ones count: the conferences report dossiers received). Year and level are
 *   the round's; the province is the establishment's stored province.
 * - Recognised: a certificate issued and not revoked (an expired one still counts for its year).
 *   Year, level, group and province are those stored on the certificate.
 */
import { sql, type SQL } from "drizzle-orm";
import type { RoundLevel } from "~db/schema";
import { db } from "~/lib/db.server";
import { forbidden } from "~/lib/http.server";
import type { Principal } from "~/lib/permissions";
import { canSeeNationalView, NATIONAL_FORBIDDEN, provinceLabel, type NationalFilters, type YearLine } from "./national";
import { compareVi } from "~/lib/text";

export interface ProvinceRow {
  id: number;
  code: string;
  name: string;
  kind: string;
  validFrom: string;
  validTo: string | null;
  regionCode: string | null;
  successorOf: string[] | null;
}

/** What a viewer may count: everything, or the union of its bodies' territories. */
export interface NationalScope {
  all: boolean;
  /** Provinces (with the pre-2025 provinces a post-2025 province replaced). */
  provinceIds: number[];
  /** Regions of regional bodies (their regional rounds; their provinces are in provinceIds). */
  regionCodes: string[];
  /** Districts and communes of local bodies. */
  unitIds: number[];
  /** Whether "x/y tỉnh" makes sense: the whole country or a region. */
  countsProvinces: boolean;
  /** Words for the page and the export: "Toàn quốc", or the bodies' names. */
  label: string;
}

export interface Breakdown {
  key: string;
  label: string;
  /** A shorter label for chart axes. */
  short: string;
  entries: number;
  recognised: number;
}

export interface NationalStats {
  scope: NationalScope;
  filters: NationalFilters;
  years: YearLine[];
  /** Per year and level (only pairs with something). */
  byYearLevel: { year: number; level: RoundLevel; entries: number; recognised: number }[];
  byLevel: Breakdown[];
  /** Stored provinces, most recognised first; "Chưa rõ tỉnh" for rows without one. */
  byProvince: Breakdown[];
  byGroup: Breakdown[];
  totals: { entries: number; recognised: number };
}

const LEVEL_ORDER: RoundLevel[] = ["commune", "district", "province", "region", "national"];

function loadProvinces(): ProvinceRow[] {
  return db
    .all<{ id: number; code: string; name: string; kind: string; validFrom: string; validTo: string | null; regionCode: string | null; successorOf: string | null }>(
      sql`select id, code, name, kind, valid_from as validFrom, valid_to as validTo, region_code as regionCode, successor_of as successorOf
          from admin_units where level = 'province' order by name, valid_from`,
    )
    .map((r) => ({ ...r, successorOf: r.successorOf ? (JSON.parse(r.successorOf) as string[]) : null }));
}

/**
 * The viewer's scope: admins and national bodies see all; a region body its region's rounds and
 * provinces; a province body its province (and the provinces it replaced in 2025); a district or
 * commune body its own unit. Anyone else: 403.
 */
export function resolveScope(p: Principal, provinces: ProvinceRow[]): NationalScope {
  if (!canSeeNationalView(p)) forbidden(NATIONAL_FORBIDDEN);
  const bodyNames = p.staff.length
    ? db.all<{ id: number; name: string }>(
        sql`select id, name from organizing_bodies where id in (${sql.join(
          p.staff.map((s) => sql`${s.bodyId}`),
          sql`, `,
        )})`,
      )
    : [];
  const all = p.isAdmin || p.staff.some((s) => s.level === "national");
  const provinceIds = new Set<number>();
  const regionCodes = new Set<string>();
  const unitIds = new Set<number>();
  for (const s of p.staff) {
    if (s.level === "region" && s.regionCode) {
      regionCodes.add(s.regionCode);
      for (const pr of provinces) if (pr.regionCode === s.regionCode) provinceIds.add(pr.id);
    } else if (s.level === "province" && s.unitId != null) {
      provinceIds.add(s.unitId);
      const own = provinces.find((pr) => pr.id === s.unitId);
      // A province formed on 1 July 2025 answers for the provinces it replaced (the mapping is in the reference data).
      for (const code of own?.successorOf ?? []) {
        for (const pr of provinces) if (pr.code === code && pr.validTo != null && pr.validTo < (own?.validFrom ?? "")) provinceIds.add(pr.id);
      }
    } else if ((s.level === "district" || s.level === "commune") && s.unitId != null) {
      unitIds.add(s.unitId);
    }
  }
  const label = all
    ? "Toàn quốc"
    : bodyNames
        .map((b) => b.name)
        .sort()
        .join("; ");
  return {
    all,
    provinceIds: [...provinceIds].sort((a, b) => a - b),
    regionCodes: [...regionCodes].sort(),
    unitIds: [...unitIds].sort((a, b) => a - b),
    countsProvinces: all || regionCodes.size > 0,
    label,
  };
}

const list = (ids: readonly (number | string)[]) =>
  sql.join(
    ids.map((i) => sql`${i}`),
    sql`, `,
  );

/** The round's province: its unit when a province, else the province above its district or commune. */
const ROUND_PROVINCE = sql.raw(
  `coalesce(case when ru.level = 'province' then ru.id end, case when ru2.level = 'province' then ru2.id end, case when ru3.level = 'province' then ru3.id end)`,
);

/** Rows in scope: rounds held in the territory, entries of its establishments, certificates of its provinces. */
function scopeWhere(scope: NationalScope, withCertificate: boolean): SQL {
  if (scope.all) return sql`1 = 1`;
  const parts: SQL[] = [];
  if (scope.provinceIds.length) {
    const ps = list(scope.provinceIds);
    parts.push(sql`${ROUND_PROVINCE} in (${ps})`, sql`e.province_id in (${ps})`);
    if (withCertificate) parts.push(sql`c.province_id in (${ps})`);
  }
  if (scope.regionCodes.length) parts.push(sql`(r.level = 'region' and r.region_code in (${list(scope.regionCodes)}))`);
  if (scope.unitIds.length) {
    const us = list(scope.unitIds);
    parts.push(sql`r.unit_id in (${us})`, sql`ru.parent_id in (${us})`, sql`e.unit_id in (${us})`, sql`eu.parent_id in (${us})`);
  }
  if (!parts.length) return sql`1 = 0`;
  return sql`(${sql.join(parts, sql` or `)})`;
}

/** The joins the scope's conditions need (none for the whole country: the grouped columns suffice). */
function scopeJoins(scope: NationalScope, withCertificate: boolean): SQL {
  if (scope.all) return withCertificate ? sql.raw("") : sql.raw("join establishments e on e.id = en.establishment_id");
  const parts = [withCertificate ? "join entries en on en.id = c.entry_id join rounds r on r.id = en.round_id" : "", "join establishments e on e.id = en.establishment_id"];
  parts.push("left join admin_units ru on ru.id = r.unit_id", "left join admin_units ru2 on ru2.id = ru.parent_id");
  if (scope.provinceIds.length) parts.push("left join admin_units ru3 on ru3.id = ru2.parent_id");
  if (scope.unitIds.length) parts.push("left join admin_units eu on eu.id = e.unit_id");
  return sql.raw(parts.join("\n  "));
}

function filterWhere(f: NationalFilters, yearCol: SQL, levelCol: SQL): SQL {
  const parts: SQL[] = [sql`1 = 1`];
  if (f.yearFrom != null) parts.push(sql`${yearCol} >= ${f.yearFrom}`);
  if (f.yearTo != null) parts.push(sql`${yearCol} <= ${f.yearTo}`);
  if (f.level) parts.push(sql`${levelCol} = ${f.level}`);
  return sql.join(parts, sql` and `);
}

interface Grouped {
  year: number;
  level: RoundLevel;
  provinceId: number | null;
  groupId: number;
  n: number;
}

/** The figures for this viewer and these filters (a fixed number of statements). */
export function nationalStats(p: Principal, filters: NationalFilters): NationalStats {
  const provinces = loadProvinces();
  const scope = resolveScope(p, provinces);
  const groups = db.all<{ id: number; name: string; shortName: string }>(sql`select id, name, short_name as shortName from product_groups order by id`);

  const entryRows = db.all<Grouped>(sql`
    select r.year as year, r.level as level, e.province_id as provinceId, p.product_group_id as groupId, count(*) as n
    from entries en join rounds r on r.id = en.round_id join products p on p.id = en.product_id ${scopeJoins(scope, false)}
    where en.status not in ('draft', 'nominated', 'withdrawn')
      and ${filterWhere(filters, sql`r.year`, sql`r.level`)}
      and ${scopeWhere(scope, false)}
    group by r.year, r.level, e.province_id, p.product_group_id`);

  const certRows = db.all<Grouped>(sql`
    select c.year as year, c.level as level, c.province_id as provinceId, c.product_group_id as groupId, count(*) as n
    from certificates c ${scopeJoins(scope, true)}
    where c.revoked_at is null
      and ${filterWhere(filters, sql`c.year`, sql`c.level`)}
      and ${scopeWhere(scope, true)}
    group by c.year, c.level, c.province_id, c.product_group_id`);

  return summarise(scope, filters, provinces, groups, entryRows, certRows);
}

function summarise(
  scope: NationalScope,
  filters: NationalFilters,
  provinces: ProvinceRow[],
  groups: { id: number; name: string; shortName: string }[],
  entryRows: Grouped[],
  certRows: Grouped[],
): NationalStats {
  const provinceById = new Map(provinces.map((pr) => [pr.id, pr]));
  const inScope = (id: number) => scope.all || scope.provinceIds.includes(id);
  const validAt = (pr: ProvinceRow, day: string) => pr.validFrom <= day && (pr.validTo == null || pr.validTo >= day);

  // Per year
  const yearSet = new Set<number>([...entryRows.map((r) => r.year), ...certRows.map((r) => r.year)]);
  const years: YearLine[] = [...yearSet]
    .sort((a, b) => a - b)
    .map((year) => {
      const day = `${year}-12-31`;
      const current = provinces.filter((pr) => validAt(pr, day));
      // An old province counted in a year of the new list goes to the province that replaced it.
      const mapTo = (id: number): number => {
        const pr = provinceById.get(id);
        if (!pr || validAt(pr, day)) return id;
        return current.find((c) => c.successorOf?.includes(pr.code))?.id ?? id;
      };
      const entered = new Set<number>();
      let entries = 0;
      for (const r of entryRows) {
        if (r.year !== year) continue;
        entries += r.n;
        if (r.provinceId != null) entered.add(mapTo(r.provinceId));
      }
      const recognised = certRows.filter((r) => r.year === year).reduce((a, r) => a + r.n, 0);
      return {
        year,
        entries,
        provincesEntered: entered.size,
        provincesInScope: scope.countsProvinces ? current.filter((c) => inScope(c.id)).length : null,
        recognised,
      };
    });

  const byYearLevelMap = new Map<string, { year: number; level: RoundLevel; entries: number; recognised: number }>();
  const yl = (year: number, level: RoundLevel) => {
    const k = `${year}|${level}`;
    let v = byYearLevelMap.get(k);
    if (!v) byYearLevelMap.set(k, (v = { year, level, entries: 0, recognised: 0 }));
    return v;
  };
  for (const r of entryRows) yl(r.year, r.level).entries += r.n;
  for (const r of certRows) yl(r.year, r.level).recognised += r.n;
  const byYearLevel = [...byYearLevelMap.values()].sort((a, b) => a.year - b.year || LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level));

  const tally = (key: (r: Grouped) => string, label: (k: string) => string) => {
    const m = new Map<string, Breakdown>();
    const get = (k: string) => {
      let v = m.get(k);
      if (!v) m.set(k, (v = { key: k, label: label(k), short: label(k), entries: 0, recognised: 0 }));
      return v;
    };
    for (const r of entryRows) get(key(r)).entries += r.n;
    for (const r of certRows) get(key(r)).recognised += r.n;
    return [...m.values()];
  };

  const byLevel = tally(
    (r) => r.level,
    (k) => k,
  ).sort((a, b) => LEVEL_ORDER.indexOf(a.key as RoundLevel) - LEVEL_ORDER.indexOf(b.key as RoundLevel));
  const byProvince = tally(
    (r) => (r.provinceId == null ? "" : String(r.provinceId)),
    (k) => {
      const pr = k ? provinceById.get(Number(k)) : undefined;
      return pr ? provinceLabel(pr) : "Chưa rõ tỉnh, thành phố";
    },
  ).sort((a, b) => b.recognised - a.recognised || b.entries - a.entries || compareVi(a.label, b.label));
  const groupById = new Map(groups.map((g) => [String(g.id), g]));
  const byGroup = tally(
    (r) => String(r.groupId),
    (k) => groupById.get(k)?.name ?? `Nhóm ${k}`,
  )
    .map((g) => ({ ...g, short: groupById.get(g.key)?.shortName ?? g.label }))
    .sort((a, b) => Number(a.key) - Number(b.key));

  return {
    scope,
    filters,
    years,
    byYearLevel,
    byLevel,
    byProvince,
    byGroup,
    totals: {
      entries: entryRows.reduce((a, r) => a + r.n, 0),
      recognised: certRows.reduce((a, r) => a + r.n, 0),
    },
  };
}
