/**
 * Texts of the producer's dossier page (/co-so/du-thi/:id) and its receipt page, in Vietnamese and
 * English. "{name}" placeholders are filled from vars. The dossier's slots (document types, stored
 * in Vietnamese in document_types from db/reference/catalog.ts) and the step checklist that
 * app/modules/forms/dossier-extras.server.ts builds are translated here at display, by the slot's
 * code and the step's key; the modules stay Vietnamese. The printed receipt (PDF, and the receipt
 * card of the HTML page) is an administrative document and stays Vietnamese.
 */
import { useLocale, type Locale } from "./index";
import { localizeMessage } from "./messages";

export const dossierVi = {
  "title": "Hồ sơ {name} - Cơ sở của tôi",
  "back": "← Cơ sở của tôi",
  "heading": "Hồ sơ: {name}",
  "dossierNo": "Số hồ sơ {no}",
  "alert.registered": "Đã đăng ký tham gia. Hãy tải lên đủ các tài liệu bắt buộc rồi bấm “Nộp hồ sơ”.",
  "alert.saved": "Đã lưu tệp.",
  "alert.withdrawn": "Hồ sơ đã được rút. Bạn có thể đăng ký lại khi kỳ bình chọn còn nhận hồ sơ.",
  "closed.notYetOpen": "Kỳ bình chọn chưa mở nhận hồ sơ: hồ sơ nháp này chưa sửa và chưa nộp được.",
  "closed.title": "Kỳ bình chọn đã đóng nhận hồ sơ",
  "closed.on": " ngày {date}",
  "closed.deadline": " (hạn đã công bố {date})",
  "closed.rest": ": hồ sơ nháp này không nhận thêm tài liệu và không nộp được nữa, trừ khi cơ quan tổ chức mở lại nhận hồ sơ.",
  "request.title": "Cơ quan tổ chức yêu cầu bổ sung ({date}):",
  "request.slots": "Các mục được mở để bổ sung: {slots}. Sau khi bổ sung, bấm “Nộp lại hồ sơ”.",
  "submitted.text": "Hồ sơ đã nộp và được khóa. Cơ quan tổ chức sẽ trả lời trước ngày",
  "submitted.receipt": "Xem biên nhận",
  "submitted.pdf": "Tải biên nhận (PDF)",
  "docs.title": "Tài liệu",
  "docs.lead": "Còn thiếu {n} mục bắt buộc. Mỗi tệp tối đa 20 MB; hệ thống kiểm tra nội dung tệp (PDF, JPEG, PNG, WebP). Tệp đã tải lên luôn được lưu lại, kể cả khi thay bằng tệp mới.",
  "slot.required": "Bắt buộc",
  "slot.optional": "Không bắt buộc",
  "slot.complete": "Đủ",
  "slot.locked": "Đã khóa",
  "slot.minFiles": "Cần ít nhất {n} tệp. ",
  "slot.pdfOrImage": "PDF hoặc ảnh.",
  "slot.pdf": "Tệp PDF.",
  "slot.image": "Tệp ảnh.",
  "slot.version": " · phiên bản {n}",
  "slot.remove": "Gỡ",
  "slot.replace": "Thay tệp",
  "slot.replaceFor": "Tệp thay cho {name}",
  "slot.noFile": "Chưa có tệp.",
  "slot.history": "Phiên bản trước ({n})",
  "slot.historyVersion": "phiên bản {n}",
  "slot.upload": "Tải lên",
  "slot.chooseFor": "Chọn tệp cho mục {name}",
  "missing.many": "{name}: cần ít nhất {need} tệp, mới có {have}.",
  "missing.one": "{name}: chưa có tệp.",
  "submit.title": "Nộp hồ sơ",
  "submit.titleAgain": "Nộp lại hồ sơ",
  "submit.missing": "Hồ sơ còn thiếu:",
  "submit.ready": "Đã đủ tài liệu bắt buộc. Sau khi nộp, hồ sơ được khóa và cơ quan tổ chức sẽ trả lời trong {n} ngày làm việc.",
  "submit.commitmentNote": "",
  "submit.needUpload": "Cần tải lên:",
  "submit.pending": "Đang nộp…",
  "confirm.title": "Nộp hồ sơ?",
  "confirm.titleAgain": "Nộp lại hồ sơ?",
  "confirm.before": "Sau khi nộp, hồ sơ được ",
  "confirm.locked": "khóa",
  "confirm.after": ": không thể thêm, thay hay gỡ tài liệu, trừ khi cơ quan tổ chức yêu cầu bổ sung. Bạn đã cam đoan hồ sơ đúng sự thật.",
  "confirm.yes": "Xác nhận nộp",
  "confirm.back": "Quay lại kiểm tra",
  "timeline.title": "Tiến trình",
  "info.title": "Thông tin",
  "info.establishment": "Cơ sở",
  "info.product": "Sản phẩm",
  "info.set": " (bộ sản phẩm)",
  "info.group": "Nhóm",
  "withdraw.title": "Rút hồ sơ",
  "withdraw.reason": "Lý do (không bắt buộc)",
  "photos.title": "Ảnh đã có của sản phẩm",
  "photos.tap": " · chạm vào ảnh để đưa vào hồ sơ, không cần tải lên lại.",
  "photos.allUsed": " · đã dùng hết trong hồ sơ.",
  "photos.full": " Mục đã đủ {n} ảnh; gỡ bớt một ảnh để thêm.",
  "photos.used": "Đã dùng",
  "photos.adding": "Đang thêm…",
  "photos.use": "Dùng ảnh này",
  "steps.label": "Các bước tham gia",
  "steps.done": "đã xong",
  "steps.current": "đang ở bước này",
  "steps.todo": "chưa đến",
  "deadline.label": "Hạn nộp hồ sơ:",
  "deadline.passed": "đã quá hạn",
  "deadline.today": "hết hạn hôm nay",
  "deadline.tomorrow": "còn 1 ngày (hết hạn ngày mai)",
  "deadline.days": "còn {n} ngày",
  "forms.label": "Tải mẫu điền sẵn:",
  "forms.hint": " — in, ký, chụp ảnh hoặc quét rồi tải lên mục này.",
  "result.title": "Kết quả bình chọn: {outcome}",
  "result.recognised": "Được công nhận",
  "result.notRecognised": "Không được công nhận",
  "result.mean": "Điểm trung bình",
  "result.judges": " ({n} giám khảo)",
  "result.passMark": "Điểm đạt",
  "result.points": "{n} điểm",
  "result.passed": " · đã đạt",
  "result.notPassed": " · chưa đạt",
  "result.rank": "Xếp hạng",
  "result.prize": "Giải",
  "result.decision": "Quyết định công nhận",
  "result.decisionText": "Số {number} ngày {date} ({issuer})",
  "result.certificate": "Giấy chứng nhận",
  "result.certNo": "Số {number}",
  "result.revoked": "Đã thu hồi",
  "result.validUntil": " · hiệu lực đến {date}",
  "result.download": "Tải giấy chứng nhận (PDF)",
  "result.issuing": "Đang được cấp.",
  "result.comments": "Nhận xét của giám khảo",
  "result.judge": "Giám khảo {n}",
  "result.disagree": "Không đồng ý với kết quả?",
  "result.complain": "Gửi khiếu nại kết quả",
  "result.disagreeAfter": " trong thời hạn kỳ bình chọn quy định.",
  // Receipt page (the chrome around the receipt; the receipt itself stays Vietnamese).
  "receipt.title": "Biên nhận hồ sơ {no}",
  "receipt.back": "← Hồ sơ",
  "receipt.intro": "",
  "receipt.summary": "",
  "receipt.download": "Tải biên nhận (PDF)",
  "receipt.print": "In biên nhận",
  "receipt.qrBefore": "Biên nhận PDF có mã QR mở trang ",
  "receipt.qrLink": "tra cứu tình trạng hồ sơ",
  "receipt.qrAfter": ": ai có số hồ sơ và số điện thoại của cơ sở đều xem được hồ sơ đang ở bước nào mà không cần đăng nhập.",
  // UploadForm (app/ui/UploadForm.tsx), also on the product page; Vietnamese in the staff areas.
  "upload.choose": "Vui lòng chọn tệp để tải lên.",
  "upload.lost": "Mất kết nối khi tải lên. Tệp chưa được lưu; vui lòng thử lại.",
  "upload.done": "Đã tải lên.",
  "upload.failed": "Không tải lên được tệp. Vui lòng thử lại.",
  "upload.progressLabel": "Tiến độ tải lên",
  "upload.progress": "Đang tải lên {n}%",
  "upload.sending": "Đang tải lên…",
} as const;

export type DossierKey = keyof typeof dossierVi;

export const dossierEn: Record<DossierKey, string> = {
  "title": "Dossier: {name} - My establishment",
  "back": "← My establishment",
  "heading": "Dossier: {name}",
  "dossierNo": "Dossier no. {no}",
  "alert.registered": "Registered. Upload all the required documents, then press “Submit the dossier”.",
  "alert.saved": "File saved.",
  "alert.withdrawn": "The dossier has been withdrawn. You can register again while the round still takes entries.",
  "closed.notYetOpen": "The round does not take entries yet: this draft dossier cannot be edited or submitted yet.",
  "closed.title": "The round has stopped taking entries",
  "closed.on": " on {date}",
  "closed.deadline": " (published deadline {date})",
  "closed.rest": ": this draft dossier takes no more documents and can no longer be submitted, unless the organizer reopens entries.",
  "request.title": "The organizer asks you to complete the dossier ({date}):",
  "request.slots": "Items opened for completion: {slots}. After completing them, press “Resubmit the dossier”.",
  "submitted.text": "The dossier has been submitted and is locked. The organizer will answer by",
  "submitted.receipt": "View the receipt",
  "submitted.pdf": "Download the receipt (PDF)",
  "docs.title": "Documents",
  "docs.lead": "{n} required item(s) still missing. At most 20 MB per file; the system checks each file's content (PDF, JPEG, PNG, WebP). Uploaded files are always kept, even when replaced by a new one.",
  "slot.required": "Required",
  "slot.optional": "Optional",
  "slot.complete": "Complete",
  "slot.locked": "Locked",
  "slot.minFiles": "At least {n} files needed. ",
  "slot.pdfOrImage": "PDF or image.",
  "slot.pdf": "PDF file.",
  "slot.image": "Image file.",
  "slot.version": " · version {n}",
  "slot.remove": "Remove",
  "slot.replace": "Replace file",
  "slot.replaceFor": "Replacement for {name}",
  "slot.noFile": "No file yet.",
  "slot.history": "Earlier versions ({n})",
  "slot.historyVersion": "version {n}",
  "slot.upload": "Upload",
  "slot.chooseFor": "Choose files for {name}",
  "missing.many": "{name}: at least {need} files needed, {have} so far.",
  "missing.one": "{name}: no file yet.",
  "submit.title": "Submit the dossier",
  "submit.titleAgain": "Resubmit the dossier",
  "submit.missing": "The dossier still lacks:",
  "submit.ready": "All required documents are there. Once submitted, the dossier is locked and the organizer answers within {n} working days.",
  "submit.commitmentNote": "Your submission records this declaration in its Vietnamese wording.",
  "submit.needUpload": "Upload:",
  "submit.pending": "Submitting…",
  "confirm.title": "Submit the dossier?",
  "confirm.titleAgain": "Resubmit the dossier?",
  "confirm.before": "Once submitted, the dossier is ",
  "confirm.locked": "locked",
  "confirm.after": ": no document can be added, replaced or removed unless the organizer asks for completion. You have declared that the dossier is true.",
  "confirm.yes": "Confirm submission",
  "confirm.back": "Go back and check",
  "timeline.title": "Progress",
  "info.title": "Details",
  "info.establishment": "Establishment",
  "info.product": "Product",
  "info.set": " (product set)",
  "info.group": "Group",
  "withdraw.title": "Withdraw the dossier",
  "withdraw.reason": "Reason (optional)",
  "photos.title": "The product's photos",
  "photos.tap": " · tap a photo to add it to the dossier, no need to upload it again.",
  "photos.allUsed": " · all already in the dossier.",
  "photos.full": " The item already has {n} photos; remove one to add another.",
  "photos.used": "In the dossier",
  "photos.adding": "Adding…",
  "photos.use": "Use this photo",
  "steps.label": "Steps to take part",
  "steps.done": "done",
  "steps.current": "you are here",
  "steps.todo": "not yet",
  "deadline.label": "Submission deadline:",
  "deadline.passed": "deadline passed",
  "deadline.today": "closes today",
  "deadline.tomorrow": "1 day left (closes tomorrow)",
  "deadline.days": "{n} days left",
  "forms.label": "Download the pre-filled form:",
  "forms.hint": " — print, sign, photograph or scan it, then upload it here.",
  "result.title": "Result of the round: {outcome}",
  "result.recognised": "Recognised",
  "result.notRecognised": "Not recognised",
  "result.mean": "Mean score",
  "result.judges": " ({n} judges)",
  "result.passMark": "Pass mark",
  "result.points": "{n} points",
  "result.passed": " · passed",
  "result.notPassed": " · not passed",
  "result.rank": "Rank",
  "result.prize": "Prize",
  "result.decision": "Recognition decision",
  "result.decisionText": "No. {number} of {date} ({issuer})",
  "result.certificate": "Certificate",
  "result.certNo": "No. {number}",
  "result.revoked": "Revoked",
  "result.validUntil": " · valid until {date}",
  "result.download": "Download the certificate (PDF)",
  "result.issuing": "Being issued.",
  "result.comments": "Judges' comments",
  "result.judge": "Judge {n}",
  "result.disagree": "Disagree with the result?",
  "result.complain": "File a complaint about the result",
  "result.disagreeAfter": " within the period the round allows.",
  "receipt.title": "Receipt for dossier {no}",
  "receipt.back": "← Dossier",
  "receipt.intro": "Below is the official receipt. It is an administrative document and stays in Vietnamese, on screen, in print and in the PDF.",
  "receipt.summary": "In short: dossier no. {no}, submitted {submitted}; the organizer answers by {answerBy} ({n} working days, not counting Saturdays, Sundays and public holidays); {docs} document(s) submitted.",
  "receipt.download": "Download the receipt (PDF)",
  "receipt.print": "Print the receipt",
  "receipt.qrBefore": "The PDF receipt has a QR code that opens the ",
  "receipt.qrLink": "dossier status lookup",
  "receipt.qrAfter": ": anyone with the dossier number and the establishment's phone number can see which step the dossier is at, without logging in.",
  "upload.choose": "Please choose a file to upload.",
  "upload.lost": "The connection was lost during the upload. The file was not saved; please try again.",
  "upload.done": "Uploaded.",
  "upload.failed": "The file could not be uploaded. Please try again.",
  "upload.progressLabel": "Upload progress",
  "upload.progress": "Uploading {n}%",
  "upload.sending": "Uploading…",
};

export function dossierText(locale: Locale, key: DossierKey, vars: Record<string, string | number> = {}): string {
  const s: string = (locale === "en" ? dossierEn[key] : undefined) || dossierVi[key];
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export function useDossierT() {
  const locale = useLocale();
  return (key: DossierKey, vars?: Record<string, string | number>) => dossierText(locale, key, vars);
}

/* ------------------------------------------------------------------ */
/* Document slots, by code (db/reference/catalog.ts DOCUMENT_TYPES)    */
/* ------------------------------------------------------------------ */

export const SLOTS_EN: Record<string, { name: string; description: string }> = {
  registration_form: { name: "Registration form", description: "The round's registration form, signed and stamped (if there is a stamp)." },
  business_registration: { name: "Business registration certificate", description: "A copy of the registration certificate of the enterprise, cooperative or household business." },
  product_description: { name: "Product description", description: "A description of the product: origin, process, markets, results." },
  product_photos: { name: "Colour photos of the product", description: "At least 3 colour photos of the product from different angles." },
  quality_certificate: { name: "Quality certificates", description: "Copies of quality or standards certificates, declarations of conformity (if any)." },
  food_safety_certificate: { name: "Food safety certificate of the establishment", description: "Needed for group 2 products (processed agricultural, forestry and aquatic products and foods)." },
  awards: { name: "Awards and other certificates", description: "Copies of the awards and titles the product has won (if any)." },
  lower_decision: { name: "Lower level's recognition decision", description: "The lower level's valid decision recognising the product as a typical rural industrial product." },
  lower_certificate: { name: "Lower level's certificate", description: "The lower level's valid certificate of the typical rural industrial product." },
};

/** A slot's name in the reader's language: English by its code, else the stored (Vietnamese) name. */
export function slotName(locale: Locale, slot: { code: string; name: string }): string {
  return locale === "en" ? SLOTS_EN[slot.code]?.name ?? slot.name : slot.name;
}

export function slotDescription(locale: Locale, slot: { code: string; description: string }): string {
  return locale === "en" ? SLOTS_EN[slot.code]?.description ?? slot.description : slot.description;
}

/** A missing item ("Ảnh màu sản phẩm: cần ít nhất 3 tệp, mới có 1.") from its parts. */
export function missingText(locale: Locale, m: { code: string; name: string; have: number; need: number; message: string }): string {
  if (locale !== "en") return m.message;
  const name = slotName(locale, m);
  return dossierText(locale, m.need > 1 ? "missing.many" : "missing.one", { name, need: m.need, have: m.have });
}

/* ------------------------------------------------------------------ */
/* The step checklist (app/modules/forms/dossier-extras.server.ts)     */
/* ------------------------------------------------------------------ */

export type StepKey = "profile" | "product" | "documents" | "submit" | "results";

const STEP_LABELS_EN: Record<StepKey, string> = {
  profile: "Establishment details",
  product: "Product",
  documents: "Documents",
  submit: "Submit the dossier",
  results: "Results",
};

/** The items the module lists in a hint ("mã số đăng ký, địa chỉ"), in English. */
const HINT_ITEMS_EN: Record<string, string> = {
  "mã số đăng ký": "registration number",
  "địa chỉ": "address",
  "người đại diện": "representative",
  "điện thoại": "phone",
  "mô tả": "description",
  "ảnh": "photos",
};

const items = (list: string) =>
  list
    .split(", ")
    .map((i) => HINT_ITEMS_EN[i] ?? i)
    .join(", ");

/** The module's hints, as whole-text patterns, and their English. */
const HINTS_EN: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/^Còn thiếu: (.+) \(điền sẵn vào phiếu đăng ký\)\.$/, (m) => `Missing: ${items(m[1]!)} (pre-filled into the registration form).`],
  [/^Đã đủ thông tin để điền phiếu đăng ký\.$/, () => "Enough details to fill in the registration form."],
  [/^Nên bổ sung: (.+)\.$/, (m) => `Worth adding: ${items(m[1]!)}.`],
  [/^Đã có mô tả và ảnh sản phẩm\.$/, () => "The product has a description and photos."],
  [/^Đã nộp kèm hồ sơ\.$/, () => "Submitted with the dossier."],
  [/^Đã đủ tài liệu bắt buộc\.$/, () => "All required documents are there."],
  [/^Còn thiếu (\d+) mục bắt buộc\.$/, (m) => `${m[1]} required item(s) still missing.`],
  [/^Đã nộp; xem biên nhận\.$/, () => "Submitted; see the receipt."],
  [/^Bổ sung rồi nộp lại\.$/, () => "Complete it, then resubmit."],
  [/^Tích ô cam đoan rồi bấm “Nộp hồ sơ”\.$/, () => "Tick the declaration box, then press “Submit the dossier”."],
  [/^Đã công bố kết quả\.$/, () => "Results published."],
  [/^Dự kiến công bố (\d{2}\/\d{2}\/\d{4})\.$/, (m) => `Expected to be announced on ${m[1]}.`],
  [/^Công bố sau khi hội đồng họp\.$/, () => "Announced after the council meets."],
];

export function stepLabel(locale: Locale, step: { key: string; label: string }): string {
  return locale === "en" ? STEP_LABELS_EN[step.key as StepKey] ?? step.label : step.label;
}

/** A step's hint in English when the module's wording is known; otherwise null (the caller decides). */
export function stepHint(locale: Locale, hint: string): string | null {
  if (locale !== "en") return hint;
  for (const [re, en] of HINTS_EN) {
    const m = hint.match(re);
    if (m) return en(m);
  }
  return null;
}

/** "Giám khảo 2" (the anonymous label of a released comment) → "Judge 2". */
export function judgeLabel(locale: Locale, label: string): string {
  if (locale !== "en") return label;
  const m = label.match(/^Giám khảo (\d+)$/);
  return m ? dossierText(locale, "result.judge", { n: m[1]! }) : label;
}

/**
 * The commitment the producer ticks (entries.server.ts SUBMIT_COMMITMENT), in English: the wording
 * of app/i18n/messages.ts when it knows the text (one translation for the page and the messages),
 * else this one. The submission records the Vietnamese wording; the page says so under the English.
 */
export const COMMITMENT_EN =
  "I declare that the information and documents in this dossier are true, and I take legal responsibility for its content.";

export function commitmentText(locale: Locale, vi: string): string {
  if (locale !== "en") return vi;
  const en = localizeMessage(locale, vi);
  return en !== vi ? en : COMMITMENT_EN;
}

/** The Vietnamese names of the slots as seeded (db/reference/catalog.ts), copied to keep the browser bundle small. */
const SLOT_NAMES_VI: Record<string, string> = {
  registration_form: "Phiếu đăng ký",
  business_registration: "Giấy chứng nhận đăng ký kinh doanh",
  product_description: "Bản thuyết minh sản phẩm",
  product_photos: "Ảnh màu sản phẩm",
  quality_certificate: "Chứng nhận chất lượng",
  food_safety_certificate: "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
  awards: "Giải thưởng, chứng nhận khác",
  lower_decision: "Quyết định công nhận cấp dưới",
  lower_certificate: "Giấy chứng nhận cấp dưới",
};

/**
 * A slot's English name from its Vietnamese name as the modules write it in messages
 * ('Mục "Ảnh màu sản phẩm" …'); null when the name is not a seeded slot's.
 */
export function slotNameFromVietnamese(viName: string): string | null {
  const code = Object.keys(SLOT_NAMES_VI).find((c) => SLOT_NAMES_VI[c] === viName.trim());
  return code ? SLOTS_EN[code]!.name : null;
}
