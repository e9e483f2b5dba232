/** The three regions of the regional rounds (cấp khu vực). */
export const REGIONS = [
  { code: "BAC", name: "Khu vực phía Bắc", position: 1 },
  { code: "TRUNG_TAY_NGUYEN", name: "Khu vực miền Trung - Tây Nguyên", position: 2 },
  { code: "NAM", name: "Khu vực phía Nam", position: 3 },
] as const;
export type RegionCode = (typeof REGIONS)[number]["code"];
