/** Product groups, the official scoring sheet and the dossier document types. */

export const PRODUCT_GROUPS = [
  { id: 1, shortName: "Thủ công mỹ nghệ", name: "Nhóm 1: Thủ công mỹ nghệ" },
  {
    id: 2,
    shortName: "Chế biến nông, lâm, thủy sản và thực phẩm",
    name: "Nhóm 2: Chế biến nông, lâm, thủy sản và thực phẩm",
  },
  {
    id: 3,
    shortName: "Thiết bị, máy móc, dụng cụ và phụ tùng cơ khí",
    name: "Nhóm 3: Thiết bị, máy móc, dụng cụ và phụ tùng cơ khí",
  },
  { id: 4, shortName: "Sản phẩm khác", name: "Nhóm 4: Sản phẩm khác" },
] as const;

export interface CriterionRef {
  code: string;
  name: string;
  maxPoints: number;
  children?: CriterionRef[];
}

/**
 * Phiếu chấm điểm (Thông tư 26/2014/TT-BCT, sửa đổi 14/2018 và 38/2025): four groups, 100 points.
 * The sub-criteria are named as in the circular; their split of points is not fixed by the rules,
 * so the official sheet scores the four groups only (scoreSubCriteria = false) and lists the
 * sub-criteria as guidance. A round may use a sheet version that splits them.
 */
export const OFFICIAL_SHEET = {
  code: "TT26-CNNT",
  version: 1,
  name: "Phiếu chấm điểm sản phẩm CNNT tiêu biểu (Thông tư 26/2014/TT-BCT)",
  groups: [
    {
      code: "I",
      name: "Đáp ứng thị trường và khả năng phát triển sản xuất",
      maxPoints: 40,
      children: [
        { code: "I.1", name: "Đáp ứng nhu cầu thị trường trong nước và xuất khẩu", maxPoints: 10 },
        { code: "I.2", name: "Có khả năng thay thế hàng nhập khẩu", maxPoints: 5 },
        { code: "I.3", name: "Có khả năng sản xuất hàng loạt, ứng dụng công nghệ hiện đại", maxPoints: 10 },
        { code: "I.4", name: "Quy mô sản xuất và khả năng lan tỏa", maxPoints: 5 },
        { code: "I.5", name: "Sử dụng nguyên liệu trong nước, tham gia chuỗi giá trị", maxPoints: 10 },
      ],
    },
    {
      code: "II",
      name: "Kinh tế - kỹ thuật - xã hội và môi trường",
      maxPoints: 40,
      children: [
        { code: "II.1", name: "Hiệu quả kinh tế, doanh thu", maxPoints: 10 },
        {
          code: "II.2",
          name: "Công nghệ, chất lượng và kiểu dáng, tiêu chuẩn, hệ thống quản lý, tay nghề",
          maxPoints: 15,
        },
        { code: "II.3", name: "Tạo việc làm và thu nhập cho người lao động", maxPoints: 10 },
        { code: "II.4", name: "Bảo vệ môi trường", maxPoints: 5 },
      ],
    },
    { code: "III", name: "Tính văn hóa, tính thẩm mỹ", maxPoints: 10 },
    { code: "IV", name: "Một số tiêu chí khác", maxPoints: 10 },
  ] satisfies CriterionRef[],
};

export type DocRequirement = "required" | "optional" | "expected_group2" | "higher_level";

export const DOCUMENT_TYPES: {
  code: string;
  name: string;
  description: string;
  requirement: DocRequirement;
  minFiles: number;
  maxFiles: number;
  accepts: ("pdf" | "image")[];
}[] = [
  {
    code: "registration_form",
    name: "Phiếu đăng ký",
    description: "Phiếu đăng ký tham gia bình chọn theo mẫu, có chữ ký và dấu (nếu có).",
    requirement: "required",
    minFiles: 1,
    maxFiles: 1,
    accepts: ["pdf", "image"],
  },
  {
    code: "business_registration",
    name: "Giấy chứng nhận đăng ký kinh doanh",
    description:
      "Bản sao Giấy chứng nhận đăng ký doanh nghiệp, hợp tác xã hoặc hộ kinh doanh.",
    requirement: "required",
    minFiles: 1,
    maxFiles: 1,
    accepts: ["pdf", "image"],
  },
  {
    code: "product_description",
    name: "Bản thuyết minh sản phẩm",
    description: "Bản thuyết minh về sản phẩm: nguồn gốc, quy trình, thị trường, hiệu quả.",
    requirement: "required",
    minFiles: 1,
    maxFiles: 1,
    accepts: ["pdf"],
  },
  {
    code: "product_photos",
    name: "Ảnh màu sản phẩm",
    description: "Ít nhất 3 ảnh màu chụp sản phẩm từ các góc khác nhau.",
    requirement: "required",
    minFiles: 3,
    maxFiles: 10,
    accepts: ["image"],
  },
  {
    code: "quality_certificate",
    name: "Chứng nhận chất lượng",
    description: "Bản sao giấy chứng nhận chất lượng, tiêu chuẩn, công bố hợp quy (nếu có).",
    requirement: "optional",
    minFiles: 0,
    maxFiles: 5,
    accepts: ["pdf", "image"],
  },
  {
    code: "food_safety_certificate",
    name: "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
    description: "Cần có đối với sản phẩm nhóm 2 (chế biến nông, lâm, thủy sản và thực phẩm).",
    requirement: "expected_group2",
    minFiles: 1,
    maxFiles: 2,
    accepts: ["pdf", "image"],
  },
  {
    code: "awards",
    name: "Giải thưởng, chứng nhận khác",
    description: "Bản sao các giải thưởng, danh hiệu sản phẩm đã đạt (nếu có).",
    requirement: "optional",
    minFiles: 0,
    maxFiles: 10,
    accepts: ["pdf", "image"],
  },
  {
    code: "lower_decision",
    name: "Quyết định công nhận cấp dưới",
    description: "Quyết định công nhận sản phẩm CNNT tiêu biểu của cấp dưới còn hiệu lực.",
    requirement: "higher_level",
    minFiles: 1,
    maxFiles: 1,
    accepts: ["pdf", "image"],
  },
  {
    code: "lower_certificate",
    name: "Giấy chứng nhận cấp dưới",
    description: "Giấy chứng nhận sản phẩm CNNT tiêu biểu của cấp dưới còn hiệu lực.",
    requirement: "higher_level",
    minFiles: 1,
    maxFiles: 1,
    accepts: ["pdf", "image"],
  },
];

/** Public holidays (Tết and national days) skipped by working-day deadlines; editable by admins. */
export const HOLIDAYS: { date: string; name: string }[] = [
  { date: "2026-01-01", name: "Tết Dương lịch" },
  { date: "2026-02-16", name: "Tết Nguyên đán" },
  { date: "2026-02-17", name: "Tết Nguyên đán" },
  { date: "2026-02-18", name: "Tết Nguyên đán" },
  { date: "2026-02-19", name: "Tết Nguyên đán" },
  { date: "2026-02-20", name: "Tết Nguyên đán" },
  { date: "2026-04-27", name: "Giỗ Tổ Hùng Vương" },
  { date: "2026-04-30", name: "Ngày Giải phóng miền Nam" },
  { date: "2026-05-01", name: "Quốc tế Lao động" },
  { date: "2026-09-01", name: "Quốc khánh" },
  { date: "2026-09-02", name: "Quốc khánh" },
  { date: "2027-01-01", name: "Tết Dương lịch" },
  { date: "2027-02-05", name: "Tết Nguyên đán" },
  { date: "2027-02-08", name: "Tết Nguyên đán" },
  { date: "2027-02-09", name: "Tết Nguyên đán" },
  { date: "2027-02-10", name: "Tết Nguyên đán" },
  { date: "2027-02-11", name: "Tết Nguyên đán" },
  { date: "2027-04-16", name: "Giỗ Tổ Hùng Vương" },
  { date: "2027-04-30", name: "Ngày Giải phóng miền Nam" },
  { date: "2027-05-03", name: "Quốc tế Lao động (nghỉ bù)" },
  { date: "2027-09-02", name: "Quốc khánh" },
  { date: "2027-09-03", name: "Quốc khánh" },
];
