/**
 * English names of the four product groups of the circular. The database (product_groups) holds the
 * Vietnamese names; the group's id (1..4, as numbered in the circular) is its code.
 */
import type { Locale } from "./index";

/** Vietnamese names as seeded from db/reference/catalog.ts (copied so the browser bundle stays small). */
const PRODUCT_GROUPS = [
  { id: 1, shortName: "Thủ công mỹ nghệ", name: "Nhóm 1: Thủ công mỹ nghệ" },
  { id: 2, shortName: "Chế biến nông, lâm, thủy sản và thực phẩm", name: "Nhóm 2: Chế biến nông, lâm, thủy sản và thực phẩm" },
  { id: 3, shortName: "Thiết bị, máy móc, dụng cụ và phụ tùng cơ khí", name: "Nhóm 3: Thiết bị, máy móc, dụng cụ và phụ tùng cơ khí" },
  { id: 4, shortName: "Sản phẩm khác", name: "Nhóm 4: Sản phẩm khác" },
] as const;

export const GROUP_NAMES_EN: Record<number, { name: string; shortName: string }> = {
  1: { name: "Group 1: Handicrafts and fine arts", shortName: "Handicrafts and fine arts" },
  2: { name: "Group 2: Processed agricultural, forestry and aquatic products and foods", shortName: "Processed agricultural, forestry and aquatic products and foods" },
  3: { name: "Group 3: Equipment, machinery, tools and mechanical parts", shortName: "Equipment, machinery, tools and mechanical parts" },
  4: { name: "Group 4: Other products", shortName: "Other products" },
};

/** The group's code (1..4) from its id, full name or short name; null when unknown. */
export function groupCode(group: number | string | null | undefined): number | null {
  if (group == null || group === "") return null;
  if (typeof group === "number") return GROUP_NAMES_EN[group] ? group : null;
  const s = group.trim();
  if (/^\d+$/.test(s)) return GROUP_NAMES_EN[Number(s)] ? Number(s) : null;
  const g = PRODUCT_GROUPS.find((p) => p.name === s || p.shortName === s);
  return g ? g.id : null;
}

/**
 * A product group's name in the reader's language. `group` is the id or the Vietnamese name (full or
 * short) from the database; a name the map does not know is shown as it is.
 */
export function groupName(group: number | string | null | undefined, locale: Locale, fallback = ""): string {
  const code = groupCode(group);
  if (code == null) return typeof group === "string" ? group : fallback;
  if (locale === "en") {
    const short = typeof group === "string" && PRODUCT_GROUPS.some((p) => p.shortName === group.trim());
    return short ? GROUP_NAMES_EN[code]!.shortName : GROUP_NAMES_EN[code]!.name;
  }
  if (typeof group === "string") return group;
  return PRODUCT_GROUPS.find((p) => p.id === code)?.name ?? fallback;
}
