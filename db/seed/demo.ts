/**
 * Demo data that makes a first start look alive: producers in communes of the new Bắc Ninh,
 * about 30 producers with products in all four groups, the 2026 provincial round in scoring and
 * the 2025 national round with published results.
 *
 * Names of craft villages and administrative units are real (the units, with their official
 * codes, come with the reference data: db/reference/units-*.csv); people, establishments,
 * numbers and decisions are invented.
 */
import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { DbOrTx, Tx } from "~/lib/db.server";
import { todayInVietnam } from "~/lib/dates";
import {
  adminUnits,
  appMeta,
  bodyStaff,
  certificates,
  councilMembers,
  councils,
  councilVerdicts,
  criteria,
  entries,
  entryEvents,
  establishmentMembers,
  establishments,
  organizingBodies,
  products,
  recognitionDecisions,
  results,
  rounds,
  scoreLines,
  scoreSheets,
  users,
  type LegalType,
} from "../schema";
import { officialSheetId } from "./reference";

export const DEMO_PASSWORD = "demo12345";

export interface DemoAccount {
  role: string;
  email: string;
  name: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { role: "Quản trị hệ thống", email: "quantri@demo.cnnt.vn", name: "Trần Quốc Hùng" },
  { role: "Tổ chức - Sở Công Thương Bắc Ninh", email: "sct.bacninh@demo.cnnt.vn", name: "Nguyễn Thị Thu Hà" },
  { role: "Tổ chức - Sở Công Thương Thái Nguyên", email: "sct.thainguyen@demo.cnnt.vn", name: "Hoàng Văn Dũng" },
  { role: "Tổ chức - Cục Công Thương địa phương (Bộ Công Thương)", email: "cuc.ctdp@demo.cnnt.vn", name: "Lê Minh Đức" },
  { role: "Chủ tịch Hội đồng tỉnh Bắc Ninh", email: "chutich.bacninh@demo.cnnt.vn", name: "Phạm Văn Khải" },
  { role: "Giám khảo tỉnh Bắc Ninh", email: "giamkhao1@demo.cnnt.vn", name: "Đỗ Thị Lan" },
  { role: "Giám khảo tỉnh Bắc Ninh", email: "giamkhao2@demo.cnnt.vn", name: "Vũ Đình Nam" },
  { role: "Giám khảo tỉnh Bắc Ninh", email: "giamkhao3@demo.cnnt.vn", name: "Ngô Thị Hằng" },
  { role: "Cơ sở sản xuất (HTX Gốm Phù Lãng)", email: "coso@demo.cnnt.vn", name: "Nguyễn Văn Lộc" },
  { role: "Tổ chức - UBND xã Phù Lãng (kỳ cấp xã đang nhận hồ sơ)", email: "ubnd.phulang@demo.cnnt.vn", name: "Trịnh Văn Hải" },
];

/** YYYY-MM-DD, `days` from today in Vietnam: the open round's dates follow the seed's date. */
function dayFromToday(days: number): string {
  return todayInVietnam(new Date(Date.now() + days * 86400_000));
}

/**
 * The communes of the new Bắc Ninh (from 1 July 2025) where the demo's producers are, by name,
 * with their official codes (db/reference/units-2025.csv), each the one holding or nearest to the
 * producer's craft village.
 */
const BAC_NINH_COMMUNES = {
  "Kinh Bắc": "09187", // phường
  "Từ Sơn": "09367", // phường
  "Phù Khê": "09379", // phường
  "Tam Sơn": "09370", // phường
  "Đồng Nguyên": "09385", // phường
  "Thuận Thành": "09400", // phường
  "Ninh Xá": "09445", // phường
  "Quế Võ": "09247", // phường
  "Vân Hà": "07798", // phường
  "Phù Lãng": "09292", // xã
  "Gia Bình": "09454", // xã
  "Đại Lai": "09469", // xã
  "Yên Phong": "09193", // xã
  "Văn Môn": "09238", // xã
  "Tiên Du": "09319", // xã
} as const;

interface ProducerSeed {
  name: string;
  legalType: LegalType;
  province: string; // code of a 2025 province
  commune?: keyof typeof BAC_NINH_COMMUNES; // a commune of the new Bắc Ninh (Bắc Ninh only)
  street: string;
  representative: string;
  product: string;
  group: 1 | 2 | 3 | 4;
  isSet?: boolean;
  description: string;
}

const PRODUCERS: ProducerSeed[] = [
  { name: "Hợp tác xã Gốm Phù Lãng", legalType: "cooperative", province: "24", commune: "Phù Lãng", street: "Thôn Phù Lãng", representative: "Nguyễn Văn Lộc", product: "Bình gốm men da lươn Phù Lãng", group: 1, description: "Bình gốm đất nung men da lươn, nung củi, vẽ tay theo lối truyền thống làng Phù Lãng." },
  { name: "Cơ sở Tranh dân gian Đông Hồ Nguyễn Đăng", legalType: "household", province: "24", commune: "Thuận Thành", street: "Làng Đông Hồ", representative: "Nguyễn Đăng Khoa", product: "Bộ tranh Đông Hồ Tứ quý", group: 1, isSet: true, description: "Bốn bức tranh khắc gỗ in trên giấy điệp, màu khoáng tự nhiên." },
  { name: "Công ty TNHH Đồ gỗ mỹ nghệ Đồng Kỵ", legalType: "sme", province: "24", commune: "Phù Khê", street: "Số 18 đường Đồng Kỵ", representative: "Trần Văn Tuấn", product: "Bộ bàn ghế gỗ hương chạm khắc", group: 1, isSet: true, description: "Bộ bàn ghế gỗ hương 6 món, chạm khắc thủ công tích Tùng Lộc." },
  { name: "Hợp tác xã Đúc đồng Đại Bái", legalType: "cooperative", province: "24", commune: "Đại Lai", street: "Thôn Đại Bái", representative: "Nguyễn Văn Thịnh", product: "Lư hương đồng hun Đại Bái", group: 1, description: "Lư hương đúc đồng, chạm thủ công, hun màu giả cổ." },
  { name: "Hộ kinh doanh Mây tre đan Xuân Lai", legalType: "household", province: "24", commune: "Gia Bình", street: "Thôn Xuân Lai", representative: "Lê Thị Mận", product: "Khay mây tre đan sơn mài", group: 1, description: "Khay tre đan nan mịn, phủ sơn mài nhiều lớp, dùng trang trí và đựng đồ." },
  { name: "Công ty TNHH Giấy Phong Khê", legalType: "sme", province: "24", commune: "Kinh Bắc", street: "Khu phố Dương Ổ", representative: "Ngô Văn Phúc", product: "Giấy dó thủ công Phong Khê", group: 4, description: "Giấy dó làm từ vỏ cây dó, xeo tay, dùng cho thư pháp và tranh." },
  { name: "Hợp tác xã Bánh phu thê Đình Bảng", legalType: "cooperative", province: "24", commune: "Từ Sơn", street: "Phố Đình Bảng", representative: "Nguyễn Thị Xuân", product: "Bánh phu thê Đình Bảng", group: 2, description: "Bánh phu thê nhân đậu xanh, dừa, hạt sen; đóng hộp đạt chuẩn an toàn thực phẩm." },
  { name: "Cơ sở Bánh tẻ làng Chờ Trần Thị Hoa", legalType: "household", province: "24", commune: "Yên Phong", street: "Thôn Chờ", representative: "Trần Thị Hoa", product: "Bánh tẻ làng Chờ", group: 2, description: "Bánh tẻ gói lá dong, nhân thịt mộc nhĩ, làm thủ công hằng ngày." },
  { name: "Hợp tác xã Rượu làng Vân", legalType: "cooperative", province: "24", commune: "Vân Hà", street: "Thôn Vân", representative: "Đỗ Văn Bình", product: "Rượu làng Vân 29 độ", group: 2, description: "Rượu gạo nếp cái hoa vàng nấu men thuốc bắc, hạ thổ trong chum sành." },
  { name: "Công ty TNHH Thực phẩm Tiên Du", legalType: "sme", province: "24", commune: "Tiên Du", street: "Cụm công nghiệp Tiên Du", representative: "Phạm Quang Huy", product: "Bún khô gạo lứt Tiên Du", group: 2, description: "Bún khô từ gạo lứt địa phương, sấy lạnh, không chất bảo quản." },
  { name: "Tổ hợp tác Nem Bùi Ninh Xá", legalType: "cooperative_group", province: "24", commune: "Ninh Xá", street: "Thôn Bùi Xá", representative: "Nguyễn Văn Hòa", product: "Nem Bùi Ninh Xá", group: 2, description: "Nem thính gói lá chuối theo công thức làng Bùi, đóng gói hút chân không." },
  { name: "Công ty Cổ phần Thép Đa Hội", legalType: "sme", province: "24", commune: "Từ Sơn", street: "Làng Đa Hội", representative: "Vũ Văn Cường", product: "Bộ dụng cụ cầm tay thép Đa Hội", group: 3, isSet: true, description: "Bộ dụng cụ cầm tay (kìm, búa, cờ lê) bằng thép cán tại làng nghề Đa Hội." },
  { name: "Công ty TNHH Cơ khí nông nghiệp Quế Võ", legalType: "sme", province: "24", commune: "Quế Võ", street: "Khu công nghiệp Quế Võ", representative: "Đặng Văn Sơn", product: "Máy tuốt lúa liên hợp mini QV-02", group: 3, description: "Máy tuốt lúa mini động cơ 7,5 HP, năng suất 1,2 tấn/giờ, phụ tùng nội địa hóa 85%." },
  { name: "Hộ kinh doanh Rèn Nguyễn Văn Thành", legalType: "household", province: "24", commune: "Gia Bình", street: "Thôn Đông Bình", representative: "Nguyễn Văn Thành", product: "Bộ dao bếp rèn thủ công", group: 3, isSet: true, description: "Bộ 5 dao bếp rèn tay từ thép nhíp, tôi dầu, cán gỗ nhãn." },
  { name: "Công ty TNHH Nhôm Văn Môn", legalType: "sme", province: "24", commune: "Văn Môn", street: "Thôn Mẫn Xá", representative: "Nguyễn Thị Tuyết", product: "Nồi nhôm đúc Văn Môn", group: 3, description: "Nồi nhôm đúc nguyên khối từ nhôm tái chế, đáy dày giữ nhiệt." },
  { name: "Hợp tác xã Dệt Hồi Quan", legalType: "cooperative", province: "24", commune: "Tiên Du", street: "Thôn Hồi Quan", representative: "Lê Văn Minh", product: "Vải dệt bông Hồi Quan", group: 4, description: "Vải bông dệt khung cửi cải tiến, nhuộm màu thực vật." },
  { name: "Hộ kinh doanh Tre trúc Tam Sơn", legalType: "household", province: "24", commune: "Tam Sơn", street: "Thôn Tam Sơn", representative: "Trịnh Thị Yến", product: "Mành tre trúc in hoa", group: 4, description: "Mành trúc ghép nan, in hoa văn truyền thống, dùng che nắng và trang trí." },
  { name: "Công ty TNHH Thảo dược Kinh Bắc", legalType: "sme", province: "24", commune: "Đồng Nguyên", street: "Số 5 đường Lý Thái Tổ", representative: "Hà Minh Châu", product: "Trà hoa vàng túi lọc", group: 2, description: "Trà hoa vàng sấy lạnh, đóng túi lọc, đạt chứng nhận ISO 22000." },
  { name: "Hợp tác xã Nông nghiệp Yên Phong", legalType: "cooperative", province: "24", commune: "Yên Phong", street: "Thôn Ô Cách", representative: "Nguyễn Văn Tâm", product: "Gạo nếp cái hoa vàng đóng túi", group: 2, description: "Gạo nếp cái hoa vàng canh tác hữu cơ, xay xát và đóng túi 2 kg." },
  { name: "Công ty TNHH Gốm sứ Kinh Bắc", legalType: "sme", province: "24", commune: "Thuận Thành", street: "Khu phố Hồ", representative: "Trương Thị Ngọc", product: "Bộ ấm chén gốm men lam", group: 1, isSet: true, description: "Bộ ấm chén 7 món men lam vẽ tay họa tiết hoa sen." },
  { name: "Hợp tác xã Gốm sứ Bát Tràng", legalType: "cooperative", province: "01", street: "Thôn Giang Cao, xã Bát Tràng", representative: "Lê Văn Sinh", product: "Bình hút lộc men rạn Bát Tràng", group: 1, description: "Bình gốm men rạn cổ đắp nổi, nung lò ga." },
  { name: "Hợp tác xã Tương Bần", legalType: "cooperative", province: "33", street: "Thị trấn Bần Yên Nhân", representative: "Phạm Thị Liên", product: "Tương Bần Hưng Yên", group: 2, description: "Tương lên men tự nhiên từ xôi nếp và đậu tương, đóng chai thủy tinh." },
  { name: "Hợp tác xã Chè Tân Cương", legalType: "cooperative", province: "19", street: "Xóm Hồng Thái 2, xã Tân Cương", representative: "Hoàng Thị Thủy", product: "Chè Tân Cương đặc biệt", group: 2, description: "Chè búp sao sấy thủ công, đạt chứng nhận VietGAP." },
  { name: "Công ty TNHH Cói Kim Sơn", legalType: "sme", province: "37", street: "Xã Kim Chính", representative: "Trần Đức Mạnh", product: "Thảm cói Kim Sơn", group: 1, description: "Thảm cói dệt tay, nhuộm màu tự nhiên, xuất khẩu sang Nhật Bản." },
  { name: "Cơ sở Nón lá Phú Cam", legalType: "household", province: "46", street: "Đường Phan Chu Trinh", representative: "Nguyễn Thị Mai", product: "Nón bài thơ Huế", group: 1, description: "Nón lá hai lớp, lồng tranh và thơ, chuốt vành bằng tre." },
  { name: "Công ty TNHH Đá mỹ nghệ Non Nước", legalType: "sme", province: "48", street: "Đường Huyền Trân Công Chúa", representative: "Huỳnh Văn Phát", product: "Tượng đá mỹ nghệ Non Nước", group: 1, description: "Tượng đá cẩm thạch chạm tay theo mẫu truyền thống làng đá Non Nước." },
  { name: "Công ty TNHH Cơ khí Cần Thơ", legalType: "sme", province: "92", street: "Khu công nghiệp Trà Nóc", representative: "Lâm Văn Bảy", product: "Máy sấy lúa tĩnh vỉ ngang", group: 3, description: "Máy sấy lúa 8 tấn/mẻ, đốt trấu, tiết kiệm 30% nhiên liệu." },
  { name: "Hợp tác xã Dệt thổ cẩm Văn Giáo", legalType: "cooperative", province: "91", street: "Xã Văn Giáo", representative: "Néang Sa Ri", product: "Khăn thổ cẩm Khmer", group: 1, description: "Khăn dệt tay hoa văn Khmer, sợi bông nhuộm thực vật." },
  { name: "Công ty TNHH Bánh phồng tôm Sa Giang", legalType: "sme", province: "82", street: "Phường 2, Sa Đéc", representative: "Võ Thị Kim", product: "Bánh phồng tôm Sa Giang", group: 2, description: "Bánh phồng tôm 40% tôm tươi, dây chuyền đạt HACCP." },
  { name: "Công ty TNHH Gạch gốm Mang Thít", legalType: "sme", province: "86", street: "Xã Mỹ An", representative: "Nguyễn Văn Út", product: "Gạch gốm trang trí Mang Thít", group: 4, description: "Gạch gốm đỏ nung lò vòng, hoa văn trang trí kiến trúc." },
];

/** Deterministic pseudo-random in [0,1) so the demo is the same on every machine. */
function rand(seed: number): number {
  const x = Math.sin(seed * 9301 + 49297) * 233280;
  return x - Math.floor(x);
}

/** Points per group (tenths) for a product of quality q, judged by judge j. */
function groupPoints(q: number, seed: number): Record<string, number> {
  const jitter = (k: number, spread: number) => (rand(seed * 31 + k) - 0.5) * spread;
  const clamp = (v: number, max: number) => Math.max(0, Math.min(max, Math.round(v)));
  return {
    I: clamp((22 + q * 16 + jitter(1, 6)) * 10, 400),
    II: clamp((22 + q * 16 + jitter(2, 6)) * 10, 400),
    III: clamp((5 + q * 4.5 + jitter(3, 2)) * 10, 100),
    IV: clamp((5 + q * 4.5 + jitter(4, 2)) * 10, 100),
  };
}

function unitId(tx: Tx, level: "province" | "district" | "commune", code: string, validFrom: string): number {
  const row = tx
    .select({ id: adminUnits.id })
    .from(adminUnits)
    .where(and(eq(adminUnits.level, level), eq(adminUnits.code, code), eq(adminUnits.validFrom, validFrom)))
    .get();
  if (!row) throw new Error(`Demo seed: unit ${level} ${code} missing`);
  return row.id;
}

function userId(n: number) {
  return `demo-user-${String(n).padStart(3, "0")}`;
}

export interface DemoSeedResult {
  accounts: DemoAccount[];
  password: string;
  counts: Record<string, number>;
}

/** Seeds the demo. The caller has checked that it was not seeded before. */
/** The operator's details shown in every page's footer (app/modules/site), as a province would fill them. */
export const DEMO_OPERATOR = {
  authority: "Sở Công Thương tỉnh Bắc Ninh (bản dùng thử)",
  operator: "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Bắc Ninh",
  address: "Số 11 đường Lý Thái Tổ, phường Kinh Bắc, tỉnh Bắc Ninh",
  hotline: "0222 3822 123",
  email: "khuyencong@demo.cnnt.vn",
  responsible: "Phó Giám đốc Sở Công Thương (bản dùng thử)",
};

export function seedDemo(db: DbOrTx, passwordHash: string): DemoSeedResult {
  return db.transaction((tx) => {
    tx.insert(appMeta).values({ key: "operator", value: JSON.stringify(DEMO_OPERATOR) }).onConflictDoNothing().run();
    // --- Geography: the real communes of the new Bắc Ninh (reference data)
    const bacNinh = unitId(tx, "province", "24", "2025-07-01");
    const communeIds = new Map<string, number>();
    for (const [name, code] of Object.entries(BAC_NINH_COMMUNES)) {
      const row = tx
        .select({ id: adminUnits.id, name: adminUnits.name, parentId: adminUnits.parentId })
        .from(adminUnits)
        .where(and(eq(adminUnits.level, "commune"), eq(adminUnits.code, code), eq(adminUnits.validFrom, "2025-07-01")))
        .get();
      if (!row || row.name !== name || row.parentId !== bacNinh) throw new Error(`Demo seed: commune ${code} ${name} of Bắc Ninh missing`);
      communeIds.set(name, row.id);
    }

    // --- Users
    DEMO_ACCOUNTS.forEach((a, i) => {
      tx.insert(users)
        .values({
          id: userId(i + 1),
          email: a.email,
          passwordHash,
          fullName: a.name,
          isSystemAdmin: i === 0,
          title: i >= 4 && i <= 7 ? ["PGS.TS", "ThS", "TS", "Nghệ nhân ưu tú"][i - 4] : null,
        })
        .run();
    });

    // --- Organizing bodies and their staff
    const body = (name: string, level: "province" | "national", unit: number | null) =>
      tx.insert(organizingBodies).values({ name, level, unitId: unit }).returning({ id: organizingBodies.id }).get().id;
    const bnBody = body("Sở Công Thương tỉnh Bắc Ninh", "province", bacNinh);
    const tnBody = body("Sở Công Thương tỉnh Thái Nguyên", "province", unitId(tx, "province", "19", "2025-07-01"));
    const nationalBody = body("Cục Công Thương địa phương - Bộ Công Thương", "national", null);
    const phuLangBody = tx
      .insert(organizingBodies)
      .values({ name: "UBND xã Phù Lãng", level: "commune", unitId: communeIds.get("Phù Lãng")! })
      .returning({ id: organizingBodies.id })
      .get().id;
    tx.insert(bodyStaff)
      .values([
        { bodyId: phuLangBody, userId: userId(10), position: "Công chức Phòng Kinh tế" },
        { bodyId: bnBody, userId: userId(2), position: "Phó Trưởng phòng Quản lý công nghiệp" },
        { bodyId: tnBody, userId: userId(3), position: "Chuyên viên" },
        { bodyId: nationalBody, userId: userId(4), position: "Chuyên viên chính" },
      ])
      .run();

    // --- Producers and products
    const producerIds: { est: number; product: number; seed: ProducerSeed }[] = [];
    PRODUCERS.forEach((p, i) => {
      const provinceId = unitId(tx, "province", p.province, "2025-07-01");
      const est = tx
        .insert(establishments)
        .values({
          legalType: p.legalType,
          name: p.name,
          registrationNo: p.legalType === "household" ? `27A8${String(100000 + i * 37).slice(0, 6)}` : `${2300000000 + i * 7919}`,
          unitId: p.commune ? communeIds.get(p.commune)! : provinceId,
          provinceId,
          street: p.street,
          representative: p.representative,
          phone: `09${String(12345600 + i * 1111).slice(0, 8)}`,
          email: `coso${i + 1}@demo.cnnt.vn`,
        })
        .returning({ id: establishments.id })
        .get().id;
      // The first producer is the demo producer account; the others get their own users.
      const uid = i === 0 ? userId(9) : userId(100 + i);
      if (i > 0) {
        tx.insert(users)
          .values({ id: uid, email: `coso${i + 1}@demo.cnnt.vn`, passwordHash, fullName: p.representative })
          .run();
      }
      tx.insert(establishmentMembers).values({ establishmentId: est, userId: uid, role: "owner" }).run();
      const product = tx
        .insert(products)
        .values({ establishmentId: est, name: p.product, productGroupId: p.group, description: p.description, isSet: p.isSet ?? false })
        .returning({ id: products.id })
        .get().id;
      producerIds.push({ est, product, seed: p });
    });

    const sheetId = officialSheetId(tx);
    const groupCriteria = tx
      .select({ id: criteria.id, code: criteria.code })
      .from(criteria)
      .where(eq(criteria.sheetId, sheetId))
      .all()
      .filter((c) => !c.code.includes("."));

    const addSheet = (entryId: number, memberId: number, pts: Record<string, number>, submitted: boolean, at: Date) => {
      const total = Object.values(pts).reduce((a, b) => a + b, 0);
      const sheet = tx
        .insert(scoreSheets)
        .values({
          entryId,
          councilMemberId: memberId,
          stage: 1,
          sheetId,
          status: submitted ? "submitted" : "draft",
          totalTenths: total,
          comment: submitted ? "Sản phẩm đạt yêu cầu về chất lượng, mẫu mã." : "",
          submittedAt: submitted ? at : null,
          createdAt: at,
          updatedAt: at,
        })
        .returning({ id: scoreSheets.id })
        .get();
      for (const c of groupCriteria) {
        tx.insert(scoreLines).values({ scoreSheetId: sheet.id, criterionId: c.id, pointsTenths: pts[c.code] ?? 0 }).run();
      }
      return total;
    };

    // --- 2026 provincial round of Bắc Ninh, in scoring
    const bnRound = tx
      .insert(rounds)
      .values({
        bodyId: bnBody,
        level: "province",
        unitId: bacNinh,
        regionCode: "BAC",
        year: 2026,
        title: "Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu tỉnh Bắc Ninh năm 2026",
        status: "scoring",
        rules:
          "Sản phẩm do cơ sở CNNT trên địa bàn tỉnh sản xuất; hồ sơ nộp trực tuyến; điểm đạt từ 70 điểm trở lên; Hội đồng xem xét công nhận tối đa 15 sản phẩm.",
        registrationOpensOn: "2026-07-01",
        registrationClosesOn: "2026-08-31",
        dossierScoringFrom: "2026-10-01",
        dossierScoringTo: "2026-11-30",
        directScoringFrom: "2026-11-10",
        directScoringTo: "2026-11-20",
        councilMeetingOn: "2026-12-05",
        announcementOn: "2026-12-15",
        recognitionCap: 15,
        criteriaSheetId: sheetId,
        requiresLevel: null,
        certificateNumberPattern: "{seq}/GCN-SCT-{year}",
        scoringStartedAt: new Date("2026-10-01T01:00:00Z"),
        createdBy: userId(2),
      })
      .returning({ id: rounds.id })
      .get().id;

    const bnCouncil = tx
      .insert(councils)
      .values({ roundId: bnRound, name: "Hội đồng bình chọn sản phẩm CNNT tiêu biểu tỉnh Bắc Ninh năm 2026", establishedByDecision: "1520/QĐ-UBND" })
      .returning({ id: councils.id })
      .get().id;
    const member = (fullName: string, title: string, affiliation: string, role: "chair" | "vice_chair" | "secretary" | "member", uid: string | null, isJudge = true) =>
      tx
        .insert(councilMembers)
        .values({ councilId: bnCouncil, userId: uid, fullName, title, affiliation, role, isJudge, email: null })
        .returning({ id: councilMembers.id })
        .get().id;
    const bnJudges = [
      member("Phạm Văn Khải", "PGS.TS", "Sở Công Thương tỉnh Bắc Ninh", "chair", userId(5)),
      member("Đỗ Thị Lan", "ThS", "Trung tâm Khuyến công tỉnh Bắc Ninh", "member", userId(6)),
      member("Vũ Đình Nam", "TS", "Trường Đại học Kinh tế - Kỹ thuật Công nghiệp", "member", userId(7)),
      member("Ngô Thị Hằng", "Nghệ nhân ưu tú", "Hiệp hội Làng nghề tỉnh Bắc Ninh", "member", userId(8)),
      member("Bùi Văn Quang", "KS", "Sở Khoa học và Công nghệ tỉnh Bắc Ninh", "vice_chair", null),
    ];
    member("Lương Thị Thảo", "CN", "Sở Công Thương tỉnh Bắc Ninh", "secretary", null, false);

    const bacNinhProducers = producerIds.filter((p) => p.seed.province === "24");
    bacNinhProducers.forEach((p, i) => {
      const rejected = i === 18;
      const submittedAt = new Date(Date.UTC(2026, 7, 5 + i, 2, 30));
      const entry = tx
        .insert(entries)
        .values({
          roundId: bnRound,
          productId: p.product,
          establishmentId: p.est,
          dossierNo: `BN-2026-${String(i + 1).padStart(4, "0")}`,
          votingCode: rejected ? null : `BN26-${String(i + 1).padStart(3, "0")}`,
          status: rejected ? "rejected" : "accepted",
          submittedAt,
          answerBy: `2026-08-${String(Math.min(28, 10 + i)).padStart(2, "0")}`,
          createdBy: p.est === producerIds[0]!.est ? userId(9) : userId(100 + producerIds.indexOf(p)),
          createdAt: submittedAt,
          updatedAt: submittedAt,
        })
        .returning({ id: entries.id })
        .get().id;
      tx.insert(entryEvents)
        .values([
          { entryId: entry, type: "submitted", fromStatus: "draft", toStatus: "submitted", message: "Cơ sở nộp hồ sơ.", createdAt: submittedAt },
          {
            entryId: entry,
            type: rejected ? "rejected" : "accepted",
            fromStatus: "submitted",
            toStatus: rejected ? "rejected" : "accepted",
            actorUserId: userId(2),
            message: rejected ? "Sản phẩm không thuộc đối tượng bình chọn (sản phẩm thương mại, không do cơ sở sản xuất)." : "Hồ sơ hợp lệ.",
            createdAt: new Date(submittedAt.getTime() + 2 * 86400_000),
          },
        ])
        .run();
      if (rejected) return;
      // Scoring in progress: most sheets submitted, a few drafts, some not started, and the last
      // entry not scored by anyone yet.
      if (i === bacNinhProducers.length - 1) return;
      const q = 0.35 + rand(i + 7) * 0.6;
      bnJudges.forEach((m, j) => {
        if (i % 5 === 4 && j === 4) return; // not started
        const draft = i % 4 === 3 && j >= 3;
        addSheet(entry, m, groupPoints(q, i * 10 + j), !draft, new Date(Date.UTC(2026, 9, 3 + i, 3, j * 7)));
      });
    });

    // --- A commune round open for registration now (its dates follow the seed's date)
    const year = Number(todayInVietnam().slice(0, 4));
    tx.insert(rounds)
      .values({
        bodyId: phuLangBody,
        level: "commune",
        unitId: communeIds.get("Phù Lãng")!,
        regionCode: "BAC",
        year,
        title: `Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu xã Phù Lãng năm ${year}`,
        status: "open",
        rules:
          "Sản phẩm do cơ sở CNNT có địa chỉ trên địa bàn xã Phù Lãng sản xuất. Hồ sơ nộp trực tuyến gồm phiếu đăng ký, giấy đăng ký kinh doanh, bản thuyết minh và ít nhất 3 ảnh màu sản phẩm. Sản phẩm đạt từ 70 điểm được xem xét công nhận và giới thiệu tham gia bình chọn cấp tỉnh.",
        registrationOpensOn: dayFromToday(-20),
        registrationClosesOn: dayFromToday(40),
        dossierScoringFrom: dayFromToday(50),
        dossierScoringTo: dayFromToday(60),
        councilMeetingOn: dayFromToday(65),
        announcementOn: dayFromToday(75),
        criteriaSheetId: sheetId,
        certificateNumberPattern: "{seq}/GCN-PL-{year}",
        createdBy: userId(10),
      })
      .run();

    // --- 2025 national round, published, with a decision and certificates
    const national = tx
      .insert(rounds)
      .values({
        bodyId: nationalBody,
        level: "national",
        year: 2025,
        title: "Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu cấp quốc gia năm 2025",
        status: "published",
        rules: "Sản phẩm đã được công nhận cấp khu vực còn hiệu lực; điểm đạt từ 70 điểm.",
        registrationOpensOn: "2025-06-01",
        registrationClosesOn: "2025-08-15",
        dossierScoringFrom: "2025-09-15",
        dossierScoringTo: "2025-10-15",
        councilMeetingOn: "2025-11-20",
        announcementOn: "2025-12-10",
        criteriaSheetId: sheetId,
        requiresLevel: "region",
        certificateNumberPattern: "{seq}/GCN-QG-{year}",
        scoringStartedAt: new Date("2025-09-15T01:00:00Z"),
        publishedAt: new Date("2025-12-10T02:00:00Z"),
        createdBy: userId(4),
      })
      .returning({ id: rounds.id })
      .get().id;
    const nCouncil = tx
      .insert(councils)
      .values({ roundId: national, name: "Hội đồng bình chọn sản phẩm CNNT tiêu biểu cấp quốc gia năm 2025" })
      .returning({ id: councils.id })
      .get().id;
    const nJudges = [
      ["Nguyễn Hoàng Long", "TS", "Cục Công Thương địa phương", "chair"],
      ["Trần Thị Bích Ngọc", "PGS.TS", "Viện Nghiên cứu Chiến lược, Chính sách Công Thương", "member"],
      ["Lê Quang Vinh", "Nghệ nhân nhân dân", "Hiệp hội Làng nghề Việt Nam", "member"],
    ].map(([fullName, title, affiliation, role]) =>
      tx
        .insert(councilMembers)
        .values({ councilId: nCouncil, fullName: fullName!, title, affiliation, role: role as "chair" | "member", isJudge: true })
        .returning({ id: councilMembers.id })
        .get().id,
    );
    const decision = tx
      .insert(recognitionDecisions)
      .values({
        roundId: national,
        number: "3125/QĐ-BCT",
        signedOn: "2025-12-08",
        signerName: "Nguyễn Sinh Nhật Tân",
        signerTitle: "Thứ trưởng Bộ Công Thương",
        issuer: "Bộ Công Thương",
        createdBy: userId(4),
      })
      .returning({ id: recognitionDecisions.id })
      .get().id;
    const nationalEntries = [producerIds[0]!, producerIds[2]!, ...producerIds.filter((p) => p.seed.province !== "24")];
    const computed = nationalEntries.map((p, i) => {
      const submittedAt = new Date(Date.UTC(2025, 7, 1 + i, 3));
      const entry = tx
        .insert(entries)
        .values({
          roundId: national,
          productId: p.product,
          establishmentId: p.est,
          dossierNo: `QG-2025-${String(i + 1).padStart(4, "0")}`,
          votingCode: `QG25-${String(i + 1).padStart(3, "0")}`,
          status: "scored",
          submittedAt,
          createdAt: submittedAt,
          updatedAt: submittedAt,
        })
        .returning({ id: entries.id })
        .get().id;
      const q = 0.45 + rand(i + 101) * 0.55;
      const sheets = nJudges.map((m, j) => {
        const pts = groupPoints(q, 500 + i * 10 + j);
        addSheet(entry, m, pts, true, new Date(Date.UTC(2025, 9, 1 + i, 2, j)));
        return pts;
      });
      const totals = sheets.map((s) => s.I! + s.II! + s.III! + s.IV!);
      const sum = totals.reduce((a, b) => a + b, 0);
      const groupSums: Record<string, number> = {};
      for (const g of ["I", "II", "III", "IV"]) groupSums[g] = sheets.reduce((a, s) => a + s[g]!, 0);
      return { entry, p, sum, totals, groupSums, group: p.seed.group };
    });
    const byScore = [...computed].sort((a, b) => b.sum - a.sum || b.groupSums.I! - a.groupSums.I!);
    let seq = 0;
    byScore.forEach((c, rank) => {
      const mean = c.sum / 3;
      const passed = mean >= 700;
      const rankInGroup = byScore.filter((o) => o.group === c.group).indexOf(c) + 1;
      tx.insert(results)
        .values({
          entryId: c.entry,
          stage: 1,
          judgesCount: 3,
          sumTenths: c.sum,
          groupSumsTenths: c.groupSums,
          minTenths: Math.min(...c.totals),
          maxTenths: Math.max(...c.totals),
          discrepancy: Math.max(...c.totals) - Math.min(...c.totals) > 150,
          passed,
          rank: rank + 1,
          rankInGroup,
          recommended: passed,
          computedAt: new Date("2025-11-20T08:00:00Z"),
        })
        .run();
      tx.insert(councilVerdicts)
        .values({
          entryId: c.entry,
          recognised: passed,
          note: passed ? null : "Chưa đạt điểm tối thiểu 70 điểm.",
          votesFor: passed ? 3 : 0,
          votesAgainst: passed ? 0 : 3,
          votesAbstain: 0,
          decisionId: passed ? decision : null,
          decidedBy: userId(4),
          decidedAt: new Date("2025-11-20T09:00:00Z"),
        })
        .run();
      tx.update(entries).set({ status: passed ? "recognised" : "not_recognised" }).where(eq(entries.id, c.entry)).run();
      if (!passed) return;
      seq += 1;
      const est = tx.select().from(establishments).where(eq(establishments.id, c.p.est)).get()!;
      const province = tx.select().from(adminUnits).where(eq(adminUnits.id, est.provinceId!)).get()!;
      tx.insert(certificates)
        .values({
          entryId: c.entry,
          decisionId: decision,
          number: `${String(seq).padStart(3, "0")}/GCN-QG-2025`,
          publicCode: crypto.randomBytes(12).toString("base64url"),
          productName: c.p.seed.product,
          producerName: est.name,
          producerAddress: `${est.street}, ${province.kind} ${province.name}`,
          productGroupId: c.group,
          level: "national",
          year: 2025,
          provinceId: province.id,
          issuedOn: "2025-12-08",
          validUntil: "2028-12-08",
        })
        .run();
    });

    return {
      accounts: DEMO_ACCOUNTS,
      password: DEMO_PASSWORD,
      counts: {
        producers: PRODUCERS.length,
        provincialEntries: bacNinhProducers.length,
        nationalEntries: nationalEntries.length,
        certificates: seq,
      },
    };
  });
}
