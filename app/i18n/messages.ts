/**
 * English for the messages that modules produce in Vietnamese (validation errors, refusals, stored
 * notification texts). Modules keep one language (their texts are also logged, audited, emailed and
 * returned by the API); the producer's and the public pages translate them when they are shown
 * (docs/decisions/0037-module-messages-translated-at-display.md).
 *
 * Two parts: EXACT, whole texts; RULES, texts with values in them (numbers, names, dates, sizes,
 * people's own words), each a regular expression and the English built from its groups. Values
 * stay as they are: names, titles, numbers and what people wrote are never translated. A text
 * neither part knows is returned unchanged (Vietnamese): tests/unit/messages.test.ts scans the
 * modules' sources so that every message a producer or the public can see is known here.
 */
import { useLocale, type Locale } from "./index";

/** Labels and fragments used inside messages (lower case first letter as written by the modules). */
const LABELS: Record<string, string> = {
  "họ và tên": "full name",
  "tên cơ sở": "establishment name",
  "địa chỉ (số nhà, thôn, xóm)": "address (house number, hamlet, village)",
  "người đại diện": "representative",
  "tên sản phẩm": "product name",
  "tên cơ quan": "body name",
  "ngân hàng": "bank",
  "chủ tài khoản": "account holder",
  "địa chỉ": "address",
  "mật khẩu": "password",
  "email": "email",
  "nội dung khiếu nại": "complaint text",
  "nội dung trả lời": "answer",
  "ghi chú": "note",
  "lý do thu hồi": "revocation reason",
  "nội dung cần bổ sung": "request text",
  // idParam(…, what) and "Không tìm thấy …."
  "trang": "page",
  "kỳ bình chọn": "round",
  "kỳ bình chọn này": "this round",
  "khiếu nại": "complaint",
  "khiếu nại này": "this complaint",
  "hồ sơ": "dossier",
  "hồ sơ này": "this dossier",
  "sản phẩm": "product",
  "sản phẩm này": "this product",
  "tệp": "file",
  "ảnh": "photo",
  "cơ sở này": "this establishment",
  "cơ quan tổ chức": "organizing body",
  "cơ quan tổ chức này": "this organizing body",
  "phiếu chấm này": "this score sheet",
  "giấy chứng nhận": "certificate",
  "giấy chứng nhận này": "this certificate",
  "trang hoặc đối tượng bạn yêu cầu": "the page or item you asked for",
};

/** The roles named in "Trang này chỉ dành cho …" (app/lib/permissions.server.ts). */
const ROLES: Record<string, string> = {
  "cơ sở sản xuất": "producers",
  "cơ quan tổ chức": "organizing bodies",
  "thành viên hội đồng, ban giám khảo": "council and jury members",
  "quản trị hệ thống": "system administrators",
};

/** File kinds in upload messages. */
const KINDS: Record<string, string> = {
  PDF: "PDF",
  "ảnh JPEG, PNG, WebP": "JPEG, PNG or WebP image",
  "ảnh JPEG, PNG hoặc WebP": "JPEG, PNG or WebP image",
};

const EXACT: Record<string, string> = {
  // --- labels shown with module data (legal types, statuses, levels, roles) ---
  "Doanh nghiệp nhỏ và vừa": "Small or medium-sized enterprise",
  "Hợp tác xã": "Cooperative",
  "Tổ hợp tác": "Cooperative group",
  "Hộ kinh doanh": "Household business",
  "Đang xem xét": "Under review",
  "Đang rà soát lại": "Being re-checked",
  "Đã trả lời, chờ điều chỉnh kết quả": "Answered, result correction pending",
  "Đã giải quyết xong": "Resolved",
  "Khiếu nại đúng": "Complaint upheld",
  "Khiếu nại đúng một phần": "Complaint partly upheld",
  "Khiếu nại sai (không chấp nhận)": "Complaint rejected (not upheld)",
  "Nộp khiếu nại": "Complaint filed",
  "Hội đồng giao rà soát lại": "The council asked for a re-check",
  "Đã rà soát lại": "Re-checked",
  "Hội đồng trả lời khiếu nại": "The council answered the complaint",
  "Mở lại phiếu chấm để chấm lại": "Score sheets reopened for re-scoring",
  "Điều chỉnh kết quả theo quyết định sửa đổi": "Result corrected by an amending decision",
  "Đóng khiếu nại": "Complaint closed",
  "Còn hiệu lực": "Valid",
  "Hết hiệu lực": "Expired",
  "Đã bị thu hồi": "Revoked",
  "Chủ tịch Hội đồng": "Council chair",
  "Phó Chủ tịch Hội đồng": "Council vice-chair",
  "Thư ký Hội đồng": "Council secretary",
  "Thành viên Hội đồng": "Council member",
  "Hội đồng bình chọn": "Selection council",
  "thành viên của cơ sở": "member of the establishment",
  "thành viên": "member",
  "cán bộ": "staff member",
  "cơ sở sản xuất": "producer",
  "cơ quan tổ chức": "organizing body",
  "thành viên hội đồng, ban giám khảo": "council and jury members",
  "quản trị hệ thống": "system administrators",
  "Quản trị hệ thống": "System administrator",
  "cùng quản lý thông tin cơ sở, sản phẩm và hồ sơ dự thi": "manage the establishment's details, products and entry dossiers together",
  "Cấp xã": "Commune level",
  "Cấp huyện": "District level",
  "Cấp tỉnh": "Provincial level",
  "Cấp khu vực": "Regional level",
  "Cấp quốc gia": "National level",
  "Ngân hàng": "Bank",
  "Chủ tài khoản": "Account holder",
  "Địa chỉ": "Address",
  "hôm nay": "today",
  "ngày mai": "tomorrow",
  "[liên kết đã ẩn]": "[link hidden]",
  "Cơ sở nộp hồ sơ": "The establishment submitted the dossier",
  "Cơ sở đã bổ sung hồ sơ và nộp lại": "The establishment completed the dossier and resubmitted it",

  // --- accounts ---
  "Vui lòng nhập email.": "Please enter your email address.",
  "Email không đúng định dạng, ví dụ: ten@gmail.com.": "The email address is not valid, e.g. name@gmail.com.",
  "Vui lòng nhập mật khẩu.": "Please enter your password.",
  "Mật khẩu quá dài (tối đa 200 ký tự).": "The password is too long (at most 200 characters).",
  "Số điện thoại không hợp lệ, ví dụ: 0912 345 678 hoặc 0222 3812 345.": "The phone number is not valid, e.g. 0912 345 678 or 0222 3812 345.",
  "Vui lòng nhập lại mật khẩu.": "Please enter the password again.",
  "Vui lòng chọn loại hình cơ sở.": "Please choose the type of establishment.",
  "Vui lòng chọn tỉnh, thành phố.": "Please choose a province or city.",
  "Hai lần nhập mật khẩu không khớp.": "The two passwords do not match.",
  "Email hoặc mật khẩu không đúng.": "Wrong email or password.",
  "Vui lòng nhập mật khẩu hiện tại.": "Please enter your current password.",
  "Mật khẩu không đúng.": "Wrong password.",
  "Hai lần nhập mật khẩu mới không khớp.": "The two new passwords do not match.",
  "Email này đã có tài khoản. Hãy đăng nhập hoặc dùng chức năng quên mật khẩu.": "This email address already has an account. Log in, or use “Forgot password”.",
  "Tỉnh, thành phố đã chọn không tồn tại.": "The chosen province or city does not exist.",
  "Mật khẩu hiện tại không đúng.": "The current password is wrong.",
  "Liên kết đặt lại mật khẩu không còn hiệu lực (đã dùng hoặc đã hết hạn). Hãy yêu cầu liên kết mới.": "This password reset link no longer works (already used or expired). Please ask for a new link.",
  "Tài khoản này đã bị quản trị hệ thống khóa nên không đăng nhập được. Nếu bạn cho rằng đây là nhầm lẫn, hãy liên hệ cơ quan vận hành (thông tin ở chân trang).":
    "This account has been locked by the system administrator, so it cannot log in. If you think this is a mistake, contact the operator (details in the footer).",
  "Hệ thống đang bận xử lý nhiều lượt đăng nhập. Vui lòng thử lại sau vài giây.": "The system is busy with many log-ins. Please try again in a few seconds.",

  // --- request and form handling (app/lib) ---
  "Yêu cầu không hợp lệ: dữ liệu phải được gửi từ biểu mẫu của trang. Hãy mở lại trang và gửi lại biểu mẫu.": "Invalid request: the data must be sent from the page's form. Open the page again and resend the form.",
  "Dữ liệu biểu mẫu gửi lên bị hỏng hoặc không đầy đủ. Hãy mở lại trang và gửi lại biểu mẫu.": "The form data sent was damaged or incomplete. Open the page again and resend the form.",
  "Yêu cầu bị từ chối vì không được gửi từ trang của hệ thống. Hãy mở lại trang, rồi thực hiện lại thao tác.": "The request was refused because it was not sent from this site's pages. Open the page again, then try again.",
  "Thao tác này không hoàn tác được nên cần xác nhận. Hãy bấm lại nút, đọc hậu quả và chọn “Xác nhận”.": "This action cannot be undone, so it needs confirming. Press the button again, read the consequences and choose “Confirm”.",
  "Xác nhận không hợp lệ cho thao tác này. Hãy bấm lại nút và xác nhận lại.": "The confirmation is not valid for this action. Press the button again and confirm again.",
  "Xác nhận đã hết hạn. Hãy bấm lại nút, xem lại hậu quả và xác nhận lại.": "The confirmation has expired. Press the button again, review the consequences and confirm again.",
  "Kỳ bình chọn đã thay đổi kể từ lúc bạn xác nhận. Hãy xem lại hậu quả và xác nhận lại.": "The round has changed since you confirmed. Review the consequences and confirm again.",
  "Ngày không hợp lệ, nhập theo dạng ngày/tháng/năm, ví dụ 05/09/2026.": "Invalid date: type it as day/month/year, e.g. 05/09/2026.",
  "Bạn không có quyền thực hiện thao tác này.": "You are not allowed to do this.",
  "Không tìm thấy trang hoặc đối tượng bạn yêu cầu.": "The page or item you asked for was not found.",
  "Dữ liệu gửi lên bị gián đoạn hoặc không đúng định dạng. Vui lòng thử lại.": "The data sent was interrupted or malformed. Please try again.",
  "Một ô nhập liệu quá dài.": "A form field is too long.",
  "Biểu mẫu gửi lên có quá nhiều ô nhập liệu.": "The form sent has too many fields.",
  "Không gửi được tệp lên kho lưu trữ. Vui lòng thử lại.": "The file could not be sent to storage. Please try again.",
  "Lựa chọn không hợp lệ.": "Invalid choice.",

  // --- producers: profile, products, photos, members ---
  "Không tìm thấy cơ sở này.": "This establishment was not found.",
  "Tài khoản chưa gắn với cơ sở nào.": "This account is not linked to any establishment.",
  "Xã, phường đã chọn không thuộc tỉnh, thành phố này.": "The chosen commune or ward is not in this province or city.",
  "Người này đã là thành viên của cơ sở.": "This person is already a member of the establishment.",
  "Không tìm thấy sản phẩm này.": "This product was not found.",
  "Ảnh sản phẩm phải là tệp ảnh JPEG, PNG hoặc WebP.": "Product photos must be JPEG, PNG or WebP image files.",
  "Vui lòng chọn ít nhất một ảnh.": "Please choose at least one photo.",
  "Vui lòng đánh dấu ô xác nhận trước khi xóa ảnh.": "Please tick the confirmation box before deleting the photo.",
  "Không tìm thấy ảnh này của sản phẩm.": "This photo of the product was not found.",
  "Số tài khoản gồm 6 đến 20 chữ số (có thể cách nhau bằng dấu cách).": "The account number has 6 to 20 digits (spaces allowed between them).",
  "Vui lòng chọn xã, phường.": "Please choose a commune or ward.",
  "Vui lòng chọn quận, huyện.": "Please choose a district.",
  "Vui lòng chọn khu vực.": "Please choose a region.",
  "Vui lòng chọn cấp của cơ quan.": "Please choose the body's level.",
  "Email không đúng định dạng, ví dụ: sct@bacninh.gov.vn.": "The email address is not valid, e.g. sct@bacninh.gov.vn.",
  "Vui lòng nhập số điện thoại.": "Please enter the phone number.",
  "Vui lòng nhập mã số doanh nghiệp, hợp tác xã hoặc số giấy chứng nhận hộ kinh doanh.": "Please enter the enterprise or cooperative code, or the household business certificate number.",
  "Số không hợp lệ: nhập mã số thuế (10 hoặc 13 chữ số), số định danh 12 chữ số, hoặc số giấy chứng nhận hộ kinh doanh (ví dụ 27A8012345).":
    "Invalid number: enter a tax code (10 or 13 digits), a 12-digit personal ID number, or the household business certificate number (e.g. 27A8012345).",
  "Mã số không hợp lệ: mã số doanh nghiệp, hợp tác xã gồm 10 hoặc 13 chữ số (ví dụ 0101234567 hoặc 0101234567-001).":
    "Invalid code: an enterprise or cooperative code has 10 or 13 digits (e.g. 0101234567 or 0101234567-001).",
  "Vui lòng chọn nhóm sản phẩm.": "Please choose a product group.",
  "Mô tả tối đa 5.000 ký tự.": "The description may have at most 5,000 characters.",

  // --- invitations ---
  "Lời mời không còn hiệu lực (đã được dùng hoặc đã hết hạn). Hãy đề nghị người đã mời bạn gửi lời mời mới.": "This invitation no longer works (already used or expired). Ask the person who invited you to send a new one.",
  "Vị trí trong Hội đồng này đã được gắn với một tài khoản khác. Hãy liên hệ cơ quan tổ chức.": "This seat on the council is already linked to another account. Please contact the organizing body.",
  "Email này đã có tài khoản. Hãy đăng nhập để nhận lời mời.": "This email address already has an account. Log in to accept the invitation.",

  // --- entries and dossiers ---
  "Không tìm thấy hồ sơ này.": "This dossier was not found.",
  "Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang để xem trạng thái mới nhất.": "Someone else has just updated this dossier. Please reload the page to see its latest status.",
  "Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang.": "Someone else has just updated this dossier. Please reload the page.",
  "Vui lòng chọn một sản phẩm của cơ sở.": "Please choose one of the establishment's products.",
  "Kỳ bình chọn này không mở cho cơ sở của bạn.": "This round is not open to your establishment.",
  "Kỳ bình chọn chưa đến thời gian nhận đăng ký.": "This round is not yet taking registrations.",
  "Kỳ bình chọn đã hết thời gian nhận đăng ký.": "This round is no longer taking registrations.",
  "Sản phẩm này đã được đăng ký vào kỳ bình chọn này.": "This product is already registered in this round.",
  "Cơ sở đăng ký tham gia.": "The establishment registered.",
  "Loại tài liệu không có trong hồ sơ của kỳ này.": "This document type is not part of this round's dossier.",
  "Kỳ bình chọn đã đóng nhận hồ sơ: hồ sơ nháp này không nhận thêm tài liệu và không nộp được nữa.": "The round has closed intake: this draft dossier takes no more documents and can no longer be submitted.",
  "Hồ sơ đã nộp nên không thể thay đổi tài liệu.": "The dossier has been submitted, so its documents cannot be changed.",
  "Vui lòng chọn tệp để tải lên.": "Please choose a file to upload.",
  "Không tìm thấy tài liệu này trong hồ sơ.": "This document was not found in the dossier.",
  "Tệp này đã được thay bằng phiên bản mới hơn.": "This file has already been replaced by a newer version.",
  "Tôi cam đoan các thông tin và tài liệu trong hồ sơ là đúng sự thật và chịu trách nhiệm trước pháp luật về nội dung hồ sơ.":
    "I declare that the information and documents in this dossier are true, and I take legal responsibility for its content.",
  "Vui lòng đánh dấu ô cam đoan trước khi nộp hồ sơ.": "Please tick the declaration box before submitting the dossier.",
  "Hồ sơ đã được nộp.": "The dossier has already been submitted.",
  "Hồ sơ ở trạng thái này không thể nộp.": "A dossier in this status cannot be submitted.",
  "Hồ sơ còn thiếu, chưa thể nộp.": "The dossier is incomplete and cannot be submitted yet.",
  "Kỳ bình chọn không còn nhận hồ sơ.": "The round is no longer taking dossiers.",
  "Kỳ bình chọn đã bắt đầu chấm điểm, không thể rút hồ sơ.": "Scoring has started in this round, so the dossier cannot be withdrawn.",
  "Hồ sơ ở trạng thái này không thể rút.": "A dossier in this status cannot be withdrawn.",
  "Cơ sở rút hồ sơ.": "The establishment withdrew the dossier.",
  "Không nêu lý do.": "No reason given.",
  "Hồ sơ chưa được nộp nên chưa có biên nhận.": "The dossier has not been submitted, so there is no receipt yet.",
  "Chỉ cơ quan tổ chức kỳ bình chọn này được xử lý hồ sơ.": "Only the organizing body of this round may process dossiers.",
  "Vui lòng ghi nội dung cần bổ sung.": "Please write what needs to be completed.",
  "Vui lòng chọn ít nhất một mục cần bổ sung.": "Please choose at least one item to complete.",
  "Có mục không thuộc hồ sơ của kỳ này.": "Some items are not part of this round's dossier.",
  "Hồ sơ ở trạng thái này không thể yêu cầu bổ sung.": "Completion cannot be requested for a dossier in this status.",
  "Vui lòng ghi lý do không tiếp nhận.": "Please write the reason for not accepting.",
  "Hồ sơ ở trạng thái này không thể xử lý.": "A dossier in this status cannot be processed.",
  "Hồ sơ hợp lệ.": "The dossier is valid.",
  "Không tìm thấy ảnh này trong ảnh của sản phẩm.": "This photo was not found among the product's photos.",
  "Không tìm thấy hồ sơ này trong kỳ bình chọn.": "This dossier was not found in the round.",
  "Hội đồng đã chấm điểm xong.": "The council has finished scoring.",
  "Không được công nhận.": "Not recognised.",
  "Không tìm thấy kỳ bình chọn này.": "This round was not found.",
  "Không tìm thấy kỳ bình chọn này trong phạm vi của cơ quan bạn.": "This round was not found within your body's scope.",
  "Không tìm thấy tệp.": "File not found.",
  "Không tìm thấy ảnh.": "Photo not found.",
  "Không có mẫu này.": "There is no such template.",
  "Không tìm thấy sản phẩm này trong danh sách sản phẩm được công nhận.": "This product is not in the list of recognised products.",

  // --- dossier status (public) ---
  "Không tìm thấy hồ sơ khớp với số hồ sơ và số điện thoại đã nhập. Vui lòng kiểm tra lại số hồ sơ trên giấy biên nhận và số điện thoại liên hệ cơ sở đã khai khi đăng ký.":
    "No dossier matches this dossier number and phone number. Please check the number on the receipt and the contact phone number given at registration.",
  "Cơ sở đăng nhập hệ thống để xem nội dung cần bổ sung.": "The establishment logs in to see what must be completed.",
  "Cơ sở đăng nhập hệ thống để xem lý do.": "The establishment logs in to see the reason.",
  "Kết quả đã được công bố.": "The result has been published.",

  // --- complaints ---
  "Chỉ cơ sở có sản phẩm dự thi trong kỳ bình chọn mới được khiếu nại về kết quả của sản phẩm đó. Hãy chọn một sản phẩm của cơ sở bạn.":
    "Only an establishment with an entry in the round may complain about that product's result. Please choose one of your establishment's products.",
  "Kết quả của kỳ bình chọn này chưa được công bố (hoặc đã lưu trữ) nên chưa thể khiếu nại.": "The results of this round are not published (or are archived), so no complaint can be filed.",
  "Sản phẩm này không có kết quả bình chọn để khiếu nại.": "This product has no result to complain about.",
  "Giám khảo được nêu không thuộc Hội đồng của kỳ bình chọn này.": "The judge named is not on this round's council.",
  "Không tìm thấy khiếu nại này.": "This complaint was not found.",
  "Việc rà soát lại đã xong; Hội đồng sẽ trả lời khiếu nại của bạn.": "The re-check is done; the council will answer your complaint.",
  "Hội đồng đã mở lại phiếu chấm để chấm lại sản phẩm theo khiếu nại của bạn.": "The council has reopened score sheets to re-score the product following your complaint.",
  "Khiếu nại này đã được giải quyết xong.": "This complaint has already been resolved.",
  "Khiếu nại đã được trả lời.": "The complaint has already been answered.",
  "Khiếu nại không ở bước rà soát lại.": "The complaint is not at the re-check step.",

  // --- certificates (public verification and the producer's downloads) ---
  "Không tìm thấy giấy chứng nhận.": "Certificate not found.",
  "Không tìm thấy giấy chứng nhận này.": "This certificate was not found.",
};

type Rule = [RegExp, (m: RegExpExecArray) => string | null];

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const upper = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const hasVietnamese = (s: string) => /[ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i.test(s);

/** A label in English; a value without Vietnamese (a number, a code) as it is; otherwise null. */
function label(vi: string): string | null {
  const en = LABELS[lower(vi.trim())];
  if (en) return en;
  return hasVietnamese(vi) ? null : vi;
}

/** "3 files", "1 file". */
function n(count: string, one: string, many = `${one}s`): string {
  return `${count} ${count === "1" ? one : many}`;
}

/** "2 phút", "45 giây", "1 giờ 5 phút" → "2 minutes", "45 seconds", "1 hour 5 minutes". */
function wait(vi: string): string {
  const m = /^(?:(\d+) giờ)?\s*(?:(\d+) phút)?\s*(?:(\d+) giây)?$/.exec(vi.trim());
  if (!m || (!m[1] && !m[2] && !m[3])) return vi;
  return [m[1] ? n(m[1], "hour") : "", m[2] ? n(m[2], "minute") : "", m[3] ? n(m[3], "second") : ""].filter(Boolean).join(" ");
}

/** "PDF hoặc ảnh JPEG, PNG, WebP" → "PDF or JPEG, PNG or WebP image"; with articles: "a PDF or a JPEG, PNG or WebP image". */
function kinds(vi: string, articles = false): string {
  return vi
    .split(" hoặc ")
    .map((k) => (articles ? "a " : "") + (KINDS[k] ?? k))
    .join(" or ");
}

/** "hôm nay", "ngày mai", "còn 3 ngày" → "today", "tomorrow", "3 days left". */
function daysLeft(vi: string): string {
  if (vi === "hôm nay") return "today";
  if (vi === "ngày mai") return "tomorrow";
  const m = /^còn (\d+) ngày$/.exec(vi);
  return m ? `${n(m[1]!, "day")} left` : vi;
}

/** A sub-part that must translate (a fragment, a nested message), or null. */
function part(vi: string): string | null {
  if (!hasVietnamese(vi)) return vi;
  return toEnglish(vi);
}

const RULES: Rule[] = [
  // --- throttle: "Bạn đã thử quá nhiều lần. Vui lòng thử lại sau 2 phút (lúc 10:42).", maybe after another message ---
  [
    /^([\s\S]*?)\s*Bạn đã thử quá nhiều lần\. Vui lòng thử lại sau (.+?) \(lúc (.+?)\)\.$/,
    (m) => {
      const before = m[1] ? part(m[1]) : "";
      if (before == null) return null;
      return `${before ? `${before} ` : ""}Too many attempts. Please try again in ${wait(m[2]!)} (at ${m[3]}).`;
    },
  ],
  [/^(\d+) giây$/, (m) => n(m[1]!, "second")],
  [/^(\d+) phút$/, (m) => n(m[1]!, "minute")],
  [/^(\d+) giờ(?: (\d+) phút)?$/, (m) => wait(m[0])],

  // --- generic form messages with a label ---
  [/^Vui lòng nhập (.+)\.$/, (m) => (label(m[1]!) != null ? `Please enter the ${label(m[1]!)}.` : null)],
  [/^(.+) quá dài \(tối đa (\d+) ký tự\)\.$/, (m) => (label(m[1]!) != null ? `The ${label(m[1]!)} is too long (at most ${m[2]} characters).` : null)],
  [/^(.+) dài quá (\d+) ký tự\.$/, (m) => (label(m[1]!) != null ? `The ${label(m[1]!)} is longer than ${m[2]} characters.` : null)],
  [/^Tối đa (\d+) ký tự\.$/, (m) => `At most ${m[1]} characters.`],
  [/^(.+): tối đa (\d+) ký tự\.$/, (m) => (label(m[1]!) != null ? `${upper(label(m[1]!)!)}: at most ${m[2]} characters.` : null)],
  [/^Mật khẩu cần ít nhất (\d+) ký tự\.$/, (m) => `The password needs at least ${m[1]} characters.`],
  [/^Không tìm thấy (.+)\.$/, (m) => (label(m[1]!) != null ? `${upper(label(m[1]!)!)} not found.` : null)],
  [
    /^Trang này chỉ dành cho (.+)\. Tài khoản của bạn không có vai trò đó\.$/,
    (m) => {
      const who = ROLES[m[1]!] ?? part(m[1]!);
      return who != null ? `This page is only for ${who}. Your account does not have that role.` : null;
    },
  ],

  // --- uploads ---
  [/^Tệp "(.+)" vượt quá (.+?)\. Hãy nén hoặc chụp lại với độ phân giải thấp hơn\.$/s, (m) => `The file "${m[1]}" is over ${m[2]}. Compress it, or take the photo again at a lower resolution.`],
  [/^Tệp "(.+)" rỗng\.$/s, (m) => `The file "${m[1]}" is empty.`],
  [/^Tải lên tệp "(.+)" bị gián đoạn\. Vui lòng thử lại\.$/s, (m) => `The upload of "${m[1]}" was interrupted. Please try again.`],
  [
    /^Tệp "(.+)" không phải (.+) \(hệ thống kiểm tra nội dung tệp, không dựa vào tên tệp\)\.$/s,
    (m) => `The file "${m[1]}" is not ${kinds(m[2]!, true)} (the system checks the file's content, not its name).`,
  ],
  [/^Tệp "(.+)" không phải PDF hay ảnh JPEG, PNG, WebP\.$/s, (m) => `The file "${m[1]}" is not a PDF or a JPEG, PNG or WebP image.`],
  [/^Mỗi lần chỉ gửi được tối đa (\d+) tệp\.$/, (m) => `At most ${n(m[1]!, "file")} can be sent at once.`],
  [/^Dữ liệu gửi lên quá lớn \(tối đa (\d+) tệp, mỗi tệp (\d+) MB\)\.$/, (m) => `The data sent is too large (at most ${n(m[1]!, "file")}, ${m[2]} MB each).`],

  // --- products and members ---
  [/^Tối đa (\d+) ảnh\.$/, (m) => `At most ${n(m[1]!, "photo")}.`],
  [/^Mỗi sản phẩm tối đa (\d+) ảnh \(đã có (\d+)\)\.$/, (m) => `At most ${n(m[1]!, "photo")} per product (already ${m[2]}).`],
  [
    /^Đã gửi lời mời tới (.+); lời mời còn hiệu lực đến (.+) và đang chờ người đó nhận\.$/,
    (m) => `An invitation was already sent to ${m[1]}; it is valid until ${m[2]} and waiting for that person to accept it.`,
  ],
  [/^Lời mời này gửi tới (.+)\. Hãy đăng xuất rồi đăng nhập bằng tài khoản đó\.$/, (m) => `This invitation was sent to ${m[1]}. Log out, then log in with that account.`],

  // --- dossier slots and uploads ---
  [/^Mục "(.+)" không nằm trong yêu cầu bổ sung nên không thể thay đổi\.$/s, (m) => `The item "${m[1]}" is not part of the request to complete, so it cannot be changed.`],
  [/^Mục "(.+)" chỉ nhận (.+); tệp "(.+)" không phù hợp\.$/s, (m) => `The item "${m[1]}" only takes ${kinds(m[2]!)} files; the file "${m[3]}" does not fit.`],
  [
    /^Mục "(.+)" chỉ nhận 1 tệp\. Dùng nút "Thay tệp" để thay bằng tệp mới \(tệp cũ vẫn được lưu\)\.$/s,
    (m) => `The item "${m[1]}" takes one file. Use “Replace file” to put in a new one (the old one is kept).`,
  ],
  [
    /^Mục "(.+)" nhận tối đa (\d+) tệp \(đã có (\d+)\)\.( Gỡ bớt một ảnh trước khi thêm\.)?$/s,
    (m) => `The item "${m[1]}" takes at most ${n(m[2]!, "file")} (already ${m[3]}).${m[4] ? " Remove a photo before adding one." : ""}`,
  ],
  [/^Mục "(.+)" không nhận tệp "(.+)"\.$/s, (m) => `The item "${m[1]}" does not take the file "${m[2]}".`],
  [/^Ảnh này đã có trong mục "(.+)"\.$/s, (m) => `This photo is already in the item "${m[1]}".`],
  [/^(.+): cần ít nhất (\d+) tệp, mới có (\d+)\.$/s, (m) => `${m[1]}: needs at least ${n(m[2]!, "file")}, has ${m[3]}.`],
  [/^(.+): chưa có tệp\.$/s, (m) => `${m[1]}: no file yet.`],
  [/^Không thể chuyển hồ sơ từ trạng thái "(.+)" sang "(.+)"\.$/, (m) => `The dossier cannot move from status "${m[1]}" to "${m[2]}".`],

  // --- entry timeline messages ---
  [/^(.+), cam đoan hồ sơ đúng sự thật\.$/s, (m) => (part(m[1]!) != null ? `${part(m[1]!)}, declaring the dossier true.` : null)],
  [/^(Cơ sở nộp hồ sơ|Cơ sở đã bổ sung hồ sơ và nộp lại)\.$/, (m) => `${EXACT[m[1]!]}.`],
  [/^Cơ sở rút hồ sơ: ([\s\S]+)$/, (m) => `The establishment withdrew the dossier: ${m[1]}`],
  [/^Được công nhận theo Quyết định số (.+) \(điều chỉnh sau khiếu nại\)\.$/, (m) => `Recognised by Decision No. ${m[1]} (corrected after a complaint).`],
  [/^Không còn được công nhận theo Quyết định số (.+) \(điều chỉnh sau khiếu nại\)\.$/, (m) => `No longer recognised by Decision No. ${m[1]} (corrected after a complaint).`],
  [/^Được công nhận theo Quyết định số (.+?)\.$/, (m) => `Recognised by Decision No. ${m[1]}.`],
  [/^(.+) đề cử từ "(.+)"\.$/s, (m) => `${m[1]} nominated it from "${m[2]}".`],

  // --- notifications to producers: dossiers ---
  [/^Đã nhận hồ sơ (.+)$/, (m) => `Dossier ${m[1]} received`],
  [
    /^Hồ sơ "(.+)" tham gia "(.+)" đã được (nộp lại sau khi bổ sung|nộp)\. Cơ quan tổ chức sẽ trả lời trước ngày (.+)\.$/s,
    (m) =>
      `The dossier "${m[1]}" for "${m[2]}" has been ${m[3] === "nộp" ? "submitted" : "resubmitted after completion"}. The organizing body will answer by ${m[4]}.`,
  ],
  [/^Hồ sơ (.+) hợp lệ$/, (m) => `Dossier ${m[1]} accepted`],
  [/^Hồ sơ (.+) không được tiếp nhận$/, (m) => `Dossier ${m[1]} not accepted`],
  [/^Hồ sơ "(.+)" đã được tiếp nhận và sẽ được chấm điểm\.$/s, (m) => `The dossier "${m[1]}" has been accepted and will be scored.`],
  [/^Hồ sơ "(.+)" không được tiếp nhận\. Lý do: ([\s\S]*)$/, (m) => `The dossier "${m[1]}" was not accepted. Reason: ${m[2]}`],
  [/^Yêu cầu bổ sung hồ sơ(?: (.+))?$/, (m) => (m[1] ? `Request to complete dossier ${m[1]}` : "Request to complete the dossier")],
  [/^Hồ sơ "(.+?)" cần bổ sung: ([\s\S]*)$/, (m) => `The dossier "${m[1]}" needs completing: ${m[2]}`],
  [/^trước hạn đã công bố \((.+)\)$/, (m) => `before the published deadline (${m[1]})`],
  [/^Đã đóng nhận hồ sơ: (.+)$/s, (m) => `Intake closed: ${m[1]}`],
  [
    /^Cơ quan tổ chức đã đóng nhận hồ sơ ngày (\S+)(?: trước hạn đã công bố \((.+?)\))?\. (?:Hồ sơ nháp của sản phẩm (.+) chưa nộp|(\d+) hồ sơ nháp chưa nộp \((.+)\)) nên không được nộp nữa, trừ khi cơ quan tổ chức mở lại nhận hồ sơ\. Vui lòng liên hệ cơ quan tổ chức nếu cần\.$/s,
    (m) =>
      `The organizing body closed intake on ${m[1]}${m[2] ? `, before the published deadline (${m[2]})` : ""}. ` +
      (m[3] ? `The draft dossier of the product ${m[3]} was not submitted` : `${m[4]} draft dossiers were not submitted (${m[5]})`) +
      `, so ${m[3] ? "it" : "they"} can no longer be submitted unless the organizing body reopens intake. Please contact the organizing body if needed.`,
  ],
  // Reminders before intake closes.
  [/^Hôm nay hết hạn đăng ký: (.+)$/s, (m) => `Registration closes today: ${m[1]}`],
  [/^Sắp hết hạn đăng ký \((.+?)\): (.+)$/s, (m) => `Registration closing soon (${daysLeft(m[1]!)}): ${m[2]}`],
  [
    /^"(.+)" nhận hồ sơ đến hết ngày (\S+) \((.+?)\)\. (?:(\d+) hồ sơ|Hồ sơ) (.+) của cơ sở chưa được nộp\. Hãy hoàn thiện và nộp trước khi hết hạn; hồ sơ chưa nộp sẽ không được xét\.$/s,
    (m) =>
      `"${m[1]}" takes dossiers until the end of ${m[2]} (${daysLeft(m[3]!)}). ` +
      `${m[4] ? `${m[4]} dossiers` : "The dossier"} ${m[5]} of the establishment ${m[4] ? "have" : "has"} not been submitted. Complete and submit before the deadline; dossiers not submitted will not be considered.`,
  ],
  [/^còn (\d+) ngày$/, (m) => `${n(m[1]!, "day")} left`],
  // Results and nominations.
  [/^Sản phẩm "(.+)" được công nhận$/s, (m) => `Product "${m[1]}" recognised`],
  [/^Kết quả bình chọn "(.+)"$/s, (m) => `Result for "${m[1]}"`],
  [/^Chúc mừng! Sản phẩm được công nhận sản phẩm CNNT tiêu biểu trong "(.+)"\.$/s, (m) => `Congratulations! The product is recognised as a typical rural industrial product in "${m[1]}".`],
  [/^Sản phẩm chưa được công nhận trong "(.+?)"\.(?: ([\s\S]*))?$/, (m) => `The product was not recognised in "${m[1]}".${m[2] ? ` ${m[2]}` : ""}`],
  [/^Sản phẩm "(.+)" được đề cử lên cấp trên$/s, (m) => `Product "${m[1]}" nominated to the next level`],
  [
    /^(.+) đã đề cử sản phẩm tham gia "(.+)"\. Hồ sơ đã được chuyển theo; vui lòng xác nhận và bổ sung tài liệu cấp trên yêu cầu\.$/s,
    (m) => `${m[1]} nominated the product for "${m[2]}". The dossier went with it; please confirm it and add the documents the higher level asks for.`,
  ],

  // --- complaints ---
  [/^Vui lòng trình bày nội dung khiếu nại \(ít nhất (\d+) ký tự\): kết quả nào, vì sao bạn cho là chưa đúng\.$/, (m) => `Please describe your complaint (at least ${m[1]} characters): which result, and why you think it is wrong.`],
  [/^Mỗi khiếu nại kèm tối đa (\d+) tệp\.$/, (m) => `A complaint may have at most ${n(m[1]!, "file")} attached.`],
  [
    /^Đã hết thời hạn khiếu nại: kết quả công bố ngày (\S+), nhận khiếu nại trong (\d+) ngày làm việc, đến hết ngày (\S+)\.$/,
    (m) => `The time for complaints is over: the results were published on ${m[1]}, complaints were taken for ${n(m[2]!, "working day")}, until the end of ${m[3]}.`,
  ],
  [
    /^Sản phẩm này đã có khiếu nại số (.+) đang được giải quyết\. Chỉ nộp khiếu nại mới khi khiếu nại đó đã có kết quả\.$/,
    (m) => `This product already has complaint No. ${m[1]} being dealt with. File a new complaint only once that one has an outcome.`,
  ],
  [/^(\d+) tệp kèm theo\.$/, (m) => `${n(m[1]!, "file")} attached.`],
  [/^Đã nhận khiếu nại số (.+)$/, (m) => `Complaint No. ${m[1]} received`],
  [
    /^Khiếu nại về kết quả của sản phẩm "(.+)" trong "(.+)" đã được tiếp nhận\. Hạn trả lời: (.+)\.$/s,
    (m) => `The complaint about the result of "${m[1]}" in "${m[2]}" has been received. Answer due by ${m[3]}.`,
  ],
  [/^Khiếu nại (.+): đang rà soát lại$/, (m) => `Complaint ${m[1]}: being re-checked`],
  [/^Hội đồng đang rà soát lại kết quả của sản phẩm "(.+)" theo khiếu nại của bạn\.$/s, (m) => `The council is re-checking the result of "${m[1]}" following your complaint.`],
  [/^Khiếu nại (.+): đã rà soát lại$/, (m) => `Complaint ${m[1]}: re-checked`],
  [/^Khiếu nại (.+): đang chấm lại$/, (m) => `Complaint ${m[1]}: being re-scored`],
  [/^Khiếu nại (.+): kết quả đã được điều chỉnh$/, (m) => `Complaint ${m[1]}: result corrected`],
  [/^Khiếu nại (.+) đã giải quyết xong$/, (m) => `Complaint ${m[1]} resolved`],
  [/^Khiếu nại đã được giải quyết, kết quả công nhận không thay đổi\.(?: ([\s\S]*))?$/, (m) => `The complaint has been resolved; the recognition result is unchanged.${m[1] ? ` ${m[1]}` : ""}`],
  [
    /^Trả lời khiếu nại (.+?): (Khiếu nại đúng một phần|Khiếu nại đúng|Khiếu nại sai \(không chấp nhận\)|.+)$/,
    (m) => (part(m[2]!) != null ? `Answer to complaint ${m[1]}: ${part(m[2]!)}` : null),
  ],
  [
    /^Hội đồng đã trả lời khiếu nại về sản phẩm "(.+?)": (Khiếu nại đúng một phần|Khiếu nại đúng|Khiếu nại sai \(không chấp nhận\)|[^.]+)\. ([\s\S]*?)( Kết quả sẽ được điều chỉnh theo quyết định sửa đổi nếu cần\.)?$/,
    (m) =>
      part(m[2]!) != null
        ? `The council answered the complaint about "${m[1]}": ${part(m[2]!)}. ${m[3]}${m[4] ? " The result will be corrected by an amending decision if needed." : ""}`
        : null,
  ],
  [
    /^Theo Quyết định số (.+?) ngày (\S+), sản phẩm (được công nhận|không còn được công nhận)\. ([\s\S]*)$/,
    (m) => {
      const summary = part(m[4]!);
      if (summary == null) return null;
      return `By Decision No. ${m[1]} of ${m[2]}, the product is ${m[3] === "được công nhận" ? "recognised" : "no longer recognised"}. ${summary}`;
    },
  ],
  [
    /^(Công nhận|Không công nhận) theo Quyết định số (.+?) ngày (\S+?)(?:; cấp giấy chứng nhận số (\S+))?(?:; thu hồi giấy chứng nhận số (\S+))?(; giấy chứng nhận được cấp ở trang Giấy chứng nhận)?\.$/,
    (m) =>
      `${m[1] === "Công nhận" ? "Recognised" : "Not recognised"} by Decision No. ${m[2]} of ${m[3]}` +
      (m[4] ? `; certificate No. ${m[4]} issued` : "") +
      (m[5] ? `; certificate No. ${m[5]} revoked` : "") +
      (m[6] ? "; the certificate is issued on the Certificates page" : "") +
      ".",
  ],
  [/^Điều chỉnh theo Quyết định số (.+) sau khiếu nại\.$/, (m) => `Corrected by Decision No. ${m[1]} after a complaint.`],
  [/^Điều chỉnh theo Quyết định số (.+?) sau khiếu nại (.+?): ([\s\S]*)$/, (m) => `Corrected by Decision No. ${m[1]} after complaint ${m[2]}: ${m[3]}`],
  [/^(\d+) phiếu chấm được mở lại để chấm lại\.(?: ([\s\S]*))?$/, (m) => `${n(m[1]!, "score sheet")} reopened for re-scoring.${m[2] ? ` ${m[2]}` : ""}`],
];

/** The English of a module message, or null when it is not known. */
export function toEnglish(text: string): string | null {
  // Surrounding spaces (a fragment, a title trimmed later) are kept as they are.
  const core = text.trim();
  if (core !== text) {
    const en = core ? toEnglish(core) : null;
    return en == null ? null : text.slice(0, text.indexOf(core)) + en + text.slice(text.indexOf(core) + core.length);
  }
  const exact = EXACT[text] ?? LABELS[text] ?? KINDS[text] ?? (text === "hoặc" ? "or" : undefined);
  if (exact) return exact;
  for (const [re, make] of RULES) {
    const m = re.exec(text);
    if (m) {
      const out = make(m);
      if (out != null) return out;
    }
  }
  // Messages joined into one ("<refusal> <refusal>."): every sentence must be known.
  const sentences = text.split(/(?<=[.!?])\s+(?=\p{Lu})/u);
  if (sentences.length > 1) {
    const parts = sentences.map((s) => EXACT[s] ?? RULES.reduce<string | null>((acc, [re, make]) => acc ?? (re.test(s) ? make(re.exec(s)!) : null), null));
    if (parts.every((p) => p != null)) return parts.join(" ");
  }
  return null;
}

/** A module message in the reader's language (unchanged in Vietnamese, or when no English is known). */
export function localizeMessage(locale: Locale, text: string | null | undefined): string {
  if (text == null) return "";
  if (locale !== "en") return text;
  return toEnglish(text) ?? text;
}

/** The hook form of localizeMessage for components. */
export function useMessage(): (text: string | null | undefined) => string {
  const locale = useLocale();
  return (text) => localizeMessage(locale, text);
}
