/**
 * The two dossier documents a producer must print and sign, pre-filled from its establishment
 * profile and the entry's product (issue 12 item 2, docs/decisions/0036): the registration form
 * (phiếu đăng ký) and the product explanation (bản thuyết minh). Pure: the content of each form
 * is a list of blocks, drawn the same way into a Word file and a PDF by registration-form.server.ts.
 */

/** The forms, by the name used in their download address, and the dossier slot each one fills. */
export const FORMS = {
  "phieu-dang-ky": { docType: "registration_form", title: "Phiếu đăng ký" },
  "ban-thuyet-minh": { docType: "product_description", title: "Bản thuyết minh sản phẩm" },
} as const;
export type FormName = keyof typeof FORMS;
export const FORM_EXTS = ["pdf", "docx"] as const;
export type FormExt = (typeof FORM_EXTS)[number];

/** The form for a dossier slot, if the platform generates one. */
export function formForDocType(docType: string): FormName | null {
  for (const [name, f] of Object.entries(FORMS)) if (f.docType === docType) return name as FormName;
  return null;
}

/** "phieu-dang-ky.docx" → its form and extension; null for anything else. */
export function parseFormFile(file: string | undefined): { form: FormName; ext: FormExt } | null {
  const m = /^([a-z-]{1,40})\.([a-z]{3,4})$/.exec(file ?? "");
  if (!m || !Object.hasOwn(FORMS, m[1]!) || !(FORM_EXTS as readonly string[]).includes(m[2]!)) return null;
  return { form: m[1] as FormName, ext: m[2] as FormExt };
}

/** What the forms are filled from (gathered, for a member of the entry's establishment, by formSource). */
export interface FormSource {
  entryId: number;
  dossierNo: string | null;
  establishment: {
    name: string;
    legalType: string;
    registrationNo: string | null;
    street: string | null;
    /** The official unit names, lowest first ("Xã Phù Lãng", "Tỉnh Bắc Ninh"). */
    units: string[];
    representative: string | null;
    phone: string | null;
    email: string | null;
  };
  product: { name: string; groupName: string; description: string; isSet: boolean; photoCount: number };
  round: { title: string; levelLabel: string; year: number; bodyName: string };
  /** The round's scoring sheet: each group with its sub-criteria (the prompts of the explanation). */
  criteria: { code: string; name: string; maxPoints: number; children: { code: string; name: string }[] }[];
}

export type Block =
  /** The document head: the establishment on the left, the national motto on the right. */
  | { kind: "header"; left: string }
  | { kind: "title"; text: string; sub: string }
  | { kind: "heading"; text: string }
  | { kind: "para"; text: string; italic?: boolean; bold?: boolean; align?: "left" | "center" }
  /** "Label: value", or "Label: ……" with a dotted line to write on when the value is unknown. */
  | { kind: "field"; label: string; value: string | null }
  /** Dotted lines to write on. */
  | { kind: "lines"; count: number }
  | { kind: "signature"; dateLine: string; title: string; note: string; name: string | null }
  /** A grey note at the foot (where the form came from). */
  | { kind: "note"; text: string };

export interface FormDocument {
  /** The file name without extension, ASCII-safe once passed through safeFileName. */
  fileBase: string;
  title: string;
  blocks: Block[];
}

const DOTS = "……";
const address = (s: FormSource) => [s.establishment.street, ...s.establishment.units].filter((x) => x && x.trim()).join(", ");
/** The place of the signature's date line: the establishment's commune (without its kind), or dots. */
function place(s: FormSource): string {
  const lowest = s.establishment.units[0];
  return lowest ? lowest.replace(/^(Xã|Phường|Thị trấn|Đặc khu|Huyện|Quận|Thị xã|Thành phố|Tỉnh)\s+/u, "") : DOTS;
}
const levelPhrase = (s: FormSource) => `${s.round.levelLabel.toLocaleLowerCase("vi-VN")} năm ${s.round.year}`;
const blankIfEmpty = (v: string | null | undefined) => (v && v.trim() ? v.trim() : null);

const SIGNATURE_TITLE = "NGƯỜI ĐẠI DIỆN CƠ SỞ";
const SIGNATURE_NOTE = "(Ký, ghi rõ họ tên, đóng dấu nếu có)";
const dateLine = (s: FormSource) => `${place(s)}, ngày ${DOTS} tháng ${DOTS} năm ${DOTS}`;
const sourceNote = (s: FormSource) =>
  `Mẫu điền sẵn từ hồ sơ trực tuyến${s.dossierNo ? ` số ${s.dossierNo}` : ` mã ${s.entryId}`}. Kiểm tra, bổ sung các dòng để trống, ký rồi chụp ảnh hoặc quét và tải lên hồ sơ.`;

export const REGISTRATION_COMMITMENT =
  "Cơ sở cam đoan những thông tin kê khai trên là đúng sự thật, sản phẩm đăng ký do cơ sở tự sản xuất, không vi phạm quyền sở hữu trí tuệ; cơ sở chấp hành quy chế bình chọn và chịu trách nhiệm trước pháp luật về nội dung đã kê khai.";

/** Phiếu đăng ký tham gia bình chọn, filled from the profile and the product. */
export function registrationForm(s: FormSource): FormDocument {
  const e = s.establishment;
  const p = s.product;
  return {
    fileBase: `phieu-dang-ky-${s.dossierNo ?? s.entryId}`,
    title: "Phiếu đăng ký tham gia bình chọn sản phẩm công nghiệp nông thôn tiêu biểu",
    blocks: [
      { kind: "header", left: e.name },
      {
        kind: "title",
        text: "PHIẾU ĐĂNG KÝ",
        sub: `Tham gia bình chọn sản phẩm công nghiệp nông thôn tiêu biểu ${levelPhrase(s)}`,
      },
      { kind: "para", text: `Kính gửi: Hội đồng bình chọn sản phẩm công nghiệp nông thôn tiêu biểu ${levelPhrase(s)} (${s.round.bodyName})`, align: "center" },
      { kind: "heading", text: "I. THÔNG TIN VỀ CƠ SỞ" },
      { kind: "field", label: "1. Tên cơ sở", value: e.name },
      { kind: "field", label: "2. Loại hình", value: e.legalType },
      { kind: "field", label: "3. Mã số doanh nghiệp / số Giấy chứng nhận đăng ký", value: blankIfEmpty(e.registrationNo) },
      { kind: "field", label: "4. Địa chỉ sản xuất", value: blankIfEmpty(address(s)) },
      { kind: "field", label: "5. Người đại diện theo pháp luật", value: blankIfEmpty(e.representative) },
      { kind: "field", label: "Chức vụ", value: null },
      { kind: "field", label: "6. Điện thoại", value: blankIfEmpty(e.phone) },
      { kind: "field", label: "Email", value: blankIfEmpty(e.email) },
      { kind: "heading", text: "II. SẢN PHẨM ĐĂNG KÝ THAM GIA BÌNH CHỌN" },
      { kind: "field", label: p.isSet ? "1. Tên bộ sản phẩm" : "1. Tên sản phẩm", value: p.name },
      { kind: "field", label: "2. Nhóm sản phẩm", value: p.groupName },
      { kind: "field", label: "3. Mô tả ngắn về sản phẩm", value: blankIfEmpty(p.description) },
      { kind: "field", label: "4. Nguyên liệu chính", value: null },
      { kind: "field", label: "5. Năng lực sản xuất (sản phẩm/năm)", value: null },
      { kind: "field", label: "6. Thị trường tiêu thụ chính", value: null },
      { kind: "heading", text: "III. CAM KẾT" },
      { kind: "para", text: REGISTRATION_COMMITMENT },
      { kind: "signature", dateLine: dateLine(s), title: SIGNATURE_TITLE, note: SIGNATURE_NOTE, name: blankIfEmpty(e.representative) },
      { kind: "note", text: sourceNote(s) },
    ],
  };
}

/**
 * Bản thuyết minh sản phẩm: the product's known values, then one section per criteria group of
 * the round's scoring sheet (I, II, III, IV) with its sub-criteria as prompts and lines to complete,
 * so that what the producer writes answers what the judges score.
 */
export function explanationForm(s: FormSource): FormDocument {
  const e = s.establishment;
  const p = s.product;
  const blocks: Block[] = [
    { kind: "header", left: e.name },
    { kind: "title", text: "BẢN THUYẾT MINH SẢN PHẨM", sub: `Tham gia bình chọn sản phẩm công nghiệp nông thôn tiêu biểu ${levelPhrase(s)}` },
    { kind: "heading", text: "THÔNG TIN CHUNG" },
    { kind: "field", label: p.isSet ? "Tên bộ sản phẩm" : "Tên sản phẩm", value: p.name },
    { kind: "field", label: "Nhóm sản phẩm", value: p.groupName },
    { kind: "field", label: "Cơ sở sản xuất", value: e.name },
    { kind: "field", label: "Địa chỉ", value: blankIfEmpty(address(s)) },
    { kind: "field", label: "Người đại diện", value: blankIfEmpty(e.representative) },
    { kind: "field", label: "Điện thoại", value: blankIfEmpty(e.phone) },
    { kind: "heading", text: "MÔ TẢ SẢN PHẨM" },
    { kind: "field", label: "Đặc điểm, công dụng", value: blankIfEmpty(p.description) },
    { kind: "lines", count: 1 },
    { kind: "field", label: "Nguồn gốc, nguyên liệu chính", value: null },
    { kind: "lines", count: 1 },
    { kind: "field", label: "Quy trình sản xuất", value: null },
    { kind: "lines", count: 2 },
    { kind: "field", label: "Ảnh màu sản phẩm kèm theo", value: p.photoCount ? `${p.photoCount} ảnh (trong hồ sơ trực tuyến)` : null },
  ];
  for (const g of s.criteria) {
    blocks.push({ kind: "heading", text: `${g.code}. ${g.name.toLocaleUpperCase("vi-VN")} (${g.maxPoints} điểm)` });
    if (!g.children.length) {
      blocks.push({ kind: "lines", count: 3 });
      continue;
    }
    for (const c of g.children) {
      blocks.push({ kind: "field", label: `${c.code} ${c.name}`, value: null });
      blocks.push({ kind: "lines", count: 1 });
    }
  }
  blocks.push(
    { kind: "para", text: "Cơ sở cam đoan nội dung thuyết minh trên là đúng sự thật và chịu trách nhiệm trước pháp luật về nội dung đã nêu." },
    { kind: "signature", dateLine: dateLine(s), title: SIGNATURE_TITLE, note: SIGNATURE_NOTE, name: blankIfEmpty(e.representative) },
    { kind: "note", text: sourceNote(s) },
  );
  return { fileBase: `ban-thuyet-minh-${s.dossierNo ?? s.entryId}`, title: "Bản thuyết minh sản phẩm", blocks };
}

export function formDocument(form: FormName, s: FormSource): FormDocument {
  return form === "phieu-dang-ky" ? registrationForm(s) : explanationForm(s);
}
