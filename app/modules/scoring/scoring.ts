/**
 * Score-sheet input rules (pure): points typed as "35" or "35,5", each within its maximum, the
 * total checked against the sum, everything in tenths of a point.
 */

export interface CriterionDef {
  id: number;
  code: string;
  name: string;
  maxTenths: number;
  parentId: number | null;
}

export interface SheetInputResult {
  points: Record<number, number | null>;
  totalTenths: number;
  errors: Record<string, string>;
}

const NUMBER = /^\d{1,3}([.,]\d)?$/;

/**
 * Parses the typed points of the criteria a judge enters (`scored`), keyed "p_<criterionId>".
 * For a draft, empty fields are allowed; for a submission every field is required.
 */
export function parseSheetInput(
  fields: Record<string, string | undefined>,
  scored: CriterionDef[],
  opts: { submit: boolean; claimedTotal?: string | null },
): SheetInputResult {
  const points: Record<number, number | null> = {};
  const errors: Record<string, string> = {};
  let total = 0;
  for (const c of scored) {
    const key = `p_${c.id}`;
    const raw = (fields[key] ?? "").trim();
    const max = c.maxTenths / 10;
    if (raw === "") {
      points[c.id] = null;
      if (opts.submit) errors[key] = `Chưa chấm tiêu chí ${c.code}.`;
      continue;
    }
    if (!NUMBER.test(raw)) {
      errors[key] = `Điểm tiêu chí ${c.code} phải là số, tối đa một chữ số thập phân (ví dụ 35 hoặc 35,5).`;
      continue;
    }
    const tenths = Math.round(Number(raw.replace(",", ".")) * 10);
    if (tenths > c.maxTenths) {
      errors[key] = `Điểm tiêu chí ${c.code} tối đa ${String(max).replace(".", ",")} điểm.`;
      continue;
    }
    points[c.id] = tenths;
    total += tenths;
  }
  const claim = (opts.claimedTotal ?? "").trim();
  if (claim && !Object.keys(errors).length) {
    const claimed = NUMBER.test(claim) || /^\d{1,3}$/.test(claim) ? Math.round(Number(claim.replace(",", ".")) * 10) : NaN;
    if (claimed !== total) errors.total = `Tổng điểm không khớp: các tiêu chí cộng lại là ${(total / 10).toString().replace(".", ",")} điểm.`;
  }
  return { points, totalTenths: total, errors };
}

/** The criteria a judge enters: sub-criteria when the sheet scores them, else the groups. */
export function scoredCriteria(all: CriterionDef[], scoreSubCriteria: boolean): CriterionDef[] {
  if (!scoreSubCriteria) return all.filter((c) => c.parentId == null);
  const parents = new Set(all.filter((c) => c.parentId != null).map((c) => c.parentId));
  return all.filter((c) => (c.parentId == null ? !parents.has(c.id) : true));
}

/** Group totals (tenths) of a sheet from the entered criteria. */
export function groupTotals(all: CriterionDef[], points: Record<number, number | null>): Record<string, number> {
  const byId = new Map(all.map((c) => [c.id, c]));
  const out: Record<string, number> = {};
  for (const [id, v] of Object.entries(points)) {
    if (v == null) continue;
    const c = byId.get(Number(id));
    if (!c) continue;
    const group = c.parentId == null ? c : byId.get(c.parentId)!;
    out[group.code] = (out[group.code] ?? 0) + v;
  }
  return out;
}
