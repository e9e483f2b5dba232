/**
 * Provinces with their official codes (mã đơn vị hành chính cấp tỉnh).
 *
 * - PROVINCES_2008: the 63 provinces valid until 30 June 2025.
 * - PROVINCES_2025: the 34 provinces from 1 July 2025 (Nghị quyết 202/2025/QH15), each with the
 *   old provinces it replaced.
 *
 * The region is the one used by the regional rounds of the competition. Where a merged
 * province straddles two regions, it takes the region of the province whose name it keeps.
 */
import type { RegionCode } from "./regions";

export interface ProvinceRef {
  code: string;
  name: string;
  kind: "Tỉnh" | "Thành phố";
  region: RegionCode;
  successorOf?: string[];
}

const B: RegionCode = "BAC";
const T: RegionCode = "TRUNG_TAY_NGUYEN";
const N: RegionCode = "NAM";

export const OLD_PROVINCES_VALID_TO = "2025-06-30";
export const NEW_PROVINCES_VALID_FROM = "2025-07-01";
export const OLD_PROVINCES_VALID_FROM = "2008-08-01";

export const PROVINCES_2008: ProvinceRef[] = [
  { code: "01", name: "Hà Nội", kind: "Thành phố", region: B },
  { code: "02", name: "Hà Giang", kind: "Tỉnh", region: B },
  { code: "04", name: "Cao Bằng", kind: "Tỉnh", region: B },
  { code: "06", name: "Bắc Kạn", kind: "Tỉnh", region: B },
  { code: "08", name: "Tuyên Quang", kind: "Tỉnh", region: B },
  { code: "10", name: "Lào Cai", kind: "Tỉnh", region: B },
  { code: "11", name: "Điện Biên", kind: "Tỉnh", region: B },
  { code: "12", name: "Lai Châu", kind: "Tỉnh", region: B },
  { code: "14", name: "Sơn La", kind: "Tỉnh", region: B },
  { code: "15", name: "Yên Bái", kind: "Tỉnh", region: B },
  { code: "17", name: "Hòa Bình", kind: "Tỉnh", region: B },
  { code: "19", name: "Thái Nguyên", kind: "Tỉnh", region: B },
  { code: "20", name: "Lạng Sơn", kind: "Tỉnh", region: B },
  { code: "22", name: "Quảng Ninh", kind: "Tỉnh", region: B },
  { code: "24", name: "Bắc Giang", kind: "Tỉnh", region: B },
  { code: "25", name: "Phú Thọ", kind: "Tỉnh", region: B },
  { code: "26", name: "Vĩnh Phúc", kind: "Tỉnh", region: B },
  { code: "27", name: "Bắc Ninh", kind: "Tỉnh", region: B },
  { code: "30", name: "Hải Dương", kind: "Tỉnh", region: B },
  { code: "31", name: "Hải Phòng", kind: "Thành phố", region: B },
  { code: "33", name: "Hưng Yên", kind: "Tỉnh", region: B },
  { code: "34", name: "Thái Bình", kind: "Tỉnh", region: B },
  { code: "35", name: "Hà Nam", kind: "Tỉnh", region: B },
  { code: "36", name: "Nam Định", kind: "Tỉnh", region: B },
  { code: "37", name: "Ninh Bình", kind: "Tỉnh", region: B },
  { code: "38", name: "Thanh Hóa", kind: "Tỉnh", region: T },
  { code: "40", name: "Nghệ An", kind: "Tỉnh", region: T },
  { code: "42", name: "Hà Tĩnh", kind: "Tỉnh", region: T },
  { code: "44", name: "Quảng Bình", kind: "Tỉnh", region: T },
  { code: "45", name: "Quảng Trị", kind: "Tỉnh", region: T },
  { code: "46", name: "Thừa Thiên Huế", kind: "Tỉnh", region: T },
  { code: "48", name: "Đà Nẵng", kind: "Thành phố", region: T },
  { code: "49", name: "Quảng Nam", kind: "Tỉnh", region: T },
  { code: "51", name: "Quảng Ngãi", kind: "Tỉnh", region: T },
  { code: "52", name: "Bình Định", kind: "Tỉnh", region: T },
  { code: "54", name: "Phú Yên", kind: "Tỉnh", region: T },
  { code: "56", name: "Khánh Hòa", kind: "Tỉnh", region: T },
  { code: "58", name: "Ninh Thuận", kind: "Tỉnh", region: T },
  { code: "60", name: "Bình Thuận", kind: "Tỉnh", region: T },
  { code: "62", name: "Kon Tum", kind: "Tỉnh", region: T },
  { code: "64", name: "Gia Lai", kind: "Tỉnh", region: T },
  { code: "66", name: "Đắk Lắk", kind: "Tỉnh", region: T },
  { code: "67", name: "Đắk Nông", kind: "Tỉnh", region: T },
  { code: "68", name: "Lâm Đồng", kind: "Tỉnh", region: T },
  { code: "70", name: "Bình Phước", kind: "Tỉnh", region: N },
  { code: "72", name: "Tây Ninh", kind: "Tỉnh", region: N },
  { code: "74", name: "Bình Dương", kind: "Tỉnh", region: N },
  { code: "75", name: "Đồng Nai", kind: "Tỉnh", region: N },
  { code: "77", name: "Bà Rịa - Vũng Tàu", kind: "Tỉnh", region: N },
  { code: "79", name: "Hồ Chí Minh", kind: "Thành phố", region: N },
  { code: "80", name: "Long An", kind: "Tỉnh", region: N },
  { code: "82", name: "Tiền Giang", kind: "Tỉnh", region: N },
  { code: "83", name: "Bến Tre", kind: "Tỉnh", region: N },
  { code: "84", name: "Trà Vinh", kind: "Tỉnh", region: N },
  { code: "86", name: "Vĩnh Long", kind: "Tỉnh", region: N },
  { code: "87", name: "Đồng Tháp", kind: "Tỉnh", region: N },
  { code: "89", name: "An Giang", kind: "Tỉnh", region: N },
  { code: "91", name: "Kiên Giang", kind: "Tỉnh", region: N },
  { code: "92", name: "Cần Thơ", kind: "Thành phố", region: N },
  { code: "93", name: "Hậu Giang", kind: "Tỉnh", region: N },
  { code: "94", name: "Sóc Trăng", kind: "Tỉnh", region: N },
  { code: "95", name: "Bạc Liêu", kind: "Tỉnh", region: N },
  { code: "96", name: "Cà Mau", kind: "Tỉnh", region: N },
];

export const PROVINCES_2025: ProvinceRef[] = [
  { code: "01", name: "Hà Nội", kind: "Thành phố", region: B, successorOf: ["01"] },
  { code: "04", name: "Cao Bằng", kind: "Tỉnh", region: B, successorOf: ["04"] },
  { code: "08", name: "Tuyên Quang", kind: "Tỉnh", region: B, successorOf: ["08", "02"] },
  { code: "11", name: "Điện Biên", kind: "Tỉnh", region: B, successorOf: ["11"] },
  { code: "12", name: "Lai Châu", kind: "Tỉnh", region: B, successorOf: ["12"] },
  { code: "14", name: "Sơn La", kind: "Tỉnh", region: B, successorOf: ["14"] },
  { code: "15", name: "Lào Cai", kind: "Tỉnh", region: B, successorOf: ["10", "15"] },
  { code: "19", name: "Thái Nguyên", kind: "Tỉnh", region: B, successorOf: ["19", "06"] },
  { code: "20", name: "Lạng Sơn", kind: "Tỉnh", region: B, successorOf: ["20"] },
  { code: "22", name: "Quảng Ninh", kind: "Tỉnh", region: B, successorOf: ["22"] },
  { code: "24", name: "Bắc Ninh", kind: "Tỉnh", region: B, successorOf: ["27", "24"] },
  { code: "25", name: "Phú Thọ", kind: "Tỉnh", region: B, successorOf: ["25", "26", "17"] },
  { code: "31", name: "Hải Phòng", kind: "Thành phố", region: B, successorOf: ["31", "30"] },
  { code: "33", name: "Hưng Yên", kind: "Tỉnh", region: B, successorOf: ["33", "34"] },
  { code: "37", name: "Ninh Bình", kind: "Tỉnh", region: B, successorOf: ["37", "35", "36"] },
  { code: "38", name: "Thanh Hóa", kind: "Tỉnh", region: T, successorOf: ["38"] },
  { code: "40", name: "Nghệ An", kind: "Tỉnh", region: T, successorOf: ["40"] },
  { code: "42", name: "Hà Tĩnh", kind: "Tỉnh", region: T, successorOf: ["42"] },
  { code: "44", name: "Quảng Trị", kind: "Tỉnh", region: T, successorOf: ["45", "44"] },
  { code: "46", name: "Huế", kind: "Thành phố", region: T, successorOf: ["46"] },
  { code: "48", name: "Đà Nẵng", kind: "Thành phố", region: T, successorOf: ["48", "49"] },
  { code: "51", name: "Quảng Ngãi", kind: "Tỉnh", region: T, successorOf: ["51", "62"] },
  { code: "52", name: "Gia Lai", kind: "Tỉnh", region: T, successorOf: ["64", "52"] },
  { code: "56", name: "Khánh Hòa", kind: "Tỉnh", region: T, successorOf: ["56", "58"] },
  { code: "66", name: "Đắk Lắk", kind: "Tỉnh", region: T, successorOf: ["66", "54"] },
  { code: "68", name: "Lâm Đồng", kind: "Tỉnh", region: T, successorOf: ["68", "67", "60"] },
  { code: "75", name: "Đồng Nai", kind: "Tỉnh", region: N, successorOf: ["75", "70"] },
  { code: "79", name: "Hồ Chí Minh", kind: "Thành phố", region: N, successorOf: ["79", "74", "77"] },
  { code: "80", name: "Tây Ninh", kind: "Tỉnh", region: N, successorOf: ["72", "80"] },
  { code: "82", name: "Đồng Tháp", kind: "Tỉnh", region: N, successorOf: ["87", "82"] },
  { code: "86", name: "Vĩnh Long", kind: "Tỉnh", region: N, successorOf: ["86", "83", "84"] },
  { code: "91", name: "An Giang", kind: "Tỉnh", region: N, successorOf: ["89", "91"] },
  { code: "92", name: "Cần Thơ", kind: "Thành phố", region: N, successorOf: ["92", "93", "94"] },
  { code: "96", name: "Cà Mau", kind: "Tỉnh", region: N, successorOf: ["96", "95"] },
];
