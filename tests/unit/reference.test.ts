import { describe, expect, it } from "vitest";
import { OFFICIAL_SHEET, PRODUCT_GROUPS } from "~db/reference/catalog";
import { PROVINCES_2008, PROVINCES_2025 } from "~db/reference/provinces";

describe("reference data", () => {
  it("has 63 provinces before 1 July 2025 and 34 after, with unique codes", () => {
    expect(PROVINCES_2008).toHaveLength(63);
    expect(PROVINCES_2025).toHaveLength(34);
    expect(new Set(PROVINCES_2008.map((p) => p.code)).size).toBe(63);
    expect(new Set(PROVINCES_2025.map((p) => p.code)).size).toBe(34);
  });
  it("every old province is merged into exactly one new province", () => {
    const merged = PROVINCES_2025.flatMap((p) => p.successorOf ?? []);
    expect(merged.sort()).toEqual(PROVINCES_2008.map((p) => p.code).sort());
  });
  it("the official sheet has four groups summing to 100 and sub-criteria within each group", () => {
    expect(OFFICIAL_SHEET.groups.map((g) => g.maxPoints)).toEqual([40, 40, 10, 10]);
    for (const g of OFFICIAL_SHEET.groups) {
      const children = ("children" in g ? g.children : undefined) ?? [];
      if (children.length) expect(children.reduce((a, c) => a + c.maxPoints, 0)).toBe(g.maxPoints);
    }
    expect(PRODUCT_GROUPS).toHaveLength(4);
  });
});
