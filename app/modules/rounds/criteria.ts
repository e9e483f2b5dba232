/**
 * Splitting the official sheet's four groups into sub-criteria points (pure). The rules fix only
 * the groups (40/40/10/10); a jury may split them, the same for all product groups or per group.
 */
export interface GroupDef {
  code: string;
  name: string;
  maxTenths: number;
  children: { code: string; name: string; maxTenths: number }[];
}

/** Parses "p_<code>" fields; each sub-criterion 0..group max, and each group's parts add up. */
export function parseSplit(groups: GroupDef[], fields: Record<string, string | undefined>) {
  const errors: Record<string, string> = {};
  const points: Record<string, number> = {};
  for (const g of groups) {
    if (!g.children.length) continue;
    let sum = 0;
    for (const c of g.children) {
      const raw = (fields[`p_${c.code}`] ?? "").trim();
      if (!/^\d{1,3}([.,]\d)?$/.test(raw)) {
        errors[`p_${c.code}`] = `Điểm tiêu chí ${c.code} phải là số (ví dụ 10 hoặc 7,5).`;
        continue;
      }
      const t = Math.round(Number(raw.replace(",", ".")) * 10);
      points[c.code] = t;
      sum += t;
    }
    if (!Object.keys(errors).some((k) => g.children.some((c) => k === `p_${c.code}`)) && sum !== g.maxTenths) {
      errors[`g_${g.code}`] = `Các tiêu chí của nhóm ${g.code} cộng lại ${String(sum / 10).replace(".", ",")} điểm, phải bằng ${g.maxTenths / 10} điểm.`;
    }
  }
  return { points, errors };
}
