/**
 * Texts of the establishment profile (/co-so/thong-tin), the invitation page (/moi/<token>), and the
 * shared pieces shown on public and producer pages (prizes on a results page, an entry's timeline),
 * in Vietnamese and English. "{name}" placeholders are filled from vars.
 */
import { useLocale, type Locale } from "./index";

export const profileVi = {
  "title.profile": "Thông tin cơ sở",
  "title.invitation": "Nhận lời mời",
  "profile.back": "← Cơ sở của tôi",
  "profile.heading": "Thông tin cơ sở",
  "profile.lead": "Thông tin này được in trên phiếu đăng ký và giấy chứng nhận. Các ô có dấu * là bắt buộc.",
  "profile.establishment": "Cơ sở",
  "profile.name": "Tên cơ sở",
  "profile.legalType": "Loại hình",
  "profile.registrationNo": "Mã số doanh nghiệp, HTX / số giấy chứng nhận hộ kinh doanh",
  "profile.registrationNoHint": "Mã số doanh nghiệp, HTX: 10 hoặc 13 chữ số. Hộ kinh doanh: số trên giấy chứng nhận.",
  "profile.representative": "Người đại diện theo pháp luật",
  "profile.address": "Địa chỉ",
  "profile.province": "Tỉnh, thành phố",
  "profile.noscriptBefore": "Đổi tỉnh? Chọn tỉnh rồi bấm",
  "profile.noscriptButton": "tải danh sách xã",
  "profile.commune": "Xã, phường",
  "profile.chooseCommune": "— Chọn xã, phường —",
  "profile.street": "Số nhà, đường, thôn, xóm",
  "profile.contact": "Liên hệ",
  "profile.phone": "Số điện thoại",
  "profile.phoneHint": "Ví dụ: 0912 345 678",
  "profile.email": "Email",
  "profile.bank": "Tài khoản ngân hàng (không bắt buộc)",
  "profile.bankLead": "Dùng để chi trả tiền thưởng khi sản phẩm đạt giải. Có thể để trống và bổ sung sau.",
  "profile.bankAccountNo": "Số tài khoản",
  "profile.bankAccountNoHint": "6 đến 20 chữ số.",
  "profile.bankName": "Ngân hàng",
  "profile.bankNameHint": "Ví dụ: Ngân hàng Nông nghiệp và Phát triển Nông thôn (Agribank), chi nhánh Bắc Ninh",
  "profile.bankAccountHolder": "Chủ tài khoản",
  "profile.saving": "Đang lưu…",
  "profile.save": "Lưu thông tin",
  "inv.unusable": "Lời mời không dùng được",
  "inv.used": "Lời mời này đã được sử dụng. Nếu đó là bạn, hãy đăng nhập.",
  "inv.expired": "Lời mời này đã hết hạn. Hãy đề nghị người đã mời bạn gửi lời mời mới.",
  "inv.unknown": "Liên kết không đúng hoặc không còn tồn tại. Hãy kiểm tra lại đường dẫn trong thư.",
  "inv.login": "Đăng nhập",
  "inv.heading": "Lời mời tham gia",
  "inv.memberBefore": "Bạn được mời tham gia cơ sở",
  "inv.memberAfter": "với tư cách thành viên, để {detail}.",
  "inv.memberDetail": "cùng quản lý thông tin cơ sở, sản phẩm và hồ sơ dự thi",
  "inv.memberNote": "Khi nhận lời mời, bạn trở thành thành viên của cơ sở này: những người quản lý cơ sở sẽ thấy họ tên và email của bạn. Nếu bạn không biết cơ sở này, đừng nhận lời mời.",
  "inv.seatBefore": "Bạn được mời làm",
  "inv.role.staff": "cán bộ",
  "inv.role.member": "thành viên",
  "inv.role.chair": "Chủ tịch Hội đồng",
  "inv.role.vice_chair": "Phó Chủ tịch Hội đồng",
  "inv.role.secretary": "Thư ký Hội đồng",
  "inv.role.councilMember": "Thành viên Hội đồng",
  "inv.role.judge": ", giám khảo chấm điểm",
  "inv.title.body": "cơ quan tổ chức",
  "inv.title.council": "Hội đồng bình chọn",
  "inv.title.establishment": "cơ sở sản xuất",
  "inv.email": "Email được mời",
  "inv.invitedBy": "Người mời",
  "inv.validUntil": "Hiệu lực đến",
  "inv.loggedInAs": "Bạn đang đăng nhập bằng {email}.",
  "inv.accept": "Nhận lời mời",
  "inv.otherAccount": "Bạn đang đăng nhập bằng {viewer}, nhưng lời mời gửi tới {email}. Hãy đăng xuất rồi mở lại liên kết này.",
  "inv.logout": "Đăng xuất",
  "inv.accountExists": "Email {email} đã có tài khoản trên hệ thống. Hãy đăng nhập bằng tài khoản đó để nhận lời mời.",
  "inv.loginToAccept": "Đăng nhập để nhận lời mời",
  "inv.createAccount": "Tạo tài khoản",
  "inv.fullName": "Họ và tên",
  "inv.password": "Mật khẩu",
  "inv.passwordHint": "Ít nhất 8 ký tự.",
  "inv.passwordConfirm": "Nhập lại mật khẩu",
  "inv.createAndAccept": "Tạo tài khoản và nhận lời mời",
  "inv.badIntent": "Thao tác không hợp lệ.",
  "prizes.title": "Giải thưởng",
  "prizes.none": "Chưa trao giải.",
  "prizes.assignByRank": "Trao giải theo thứ hạng",
  "prizes.amount": "{amount} đ",
  "prizes.councilMode": "Hội đồng chọn",
  "prizes.rank": "hạng {rank}",
  "prizes.reason": "Lý do: {reason}",
  "prizes.notAwarded": "Không trao.",
  "prizes.edit": "Xem, sửa giải thưởng",
  "prizes.payments": "Danh sách chi trả (.xlsx)",
  "timeline.title": "Tiến trình",
} as const;

export type ProfileKey = keyof typeof profileVi;

export const profileEn: Record<ProfileKey, string> = {
  "title.profile": "Establishment details",
  "title.invitation": "Accept an invitation",
  "profile.back": "← My establishment",
  "profile.heading": "Establishment details",
  "profile.lead": "These details are printed on the registration form and on certificates. Fields marked * are required.",
  "profile.establishment": "Establishment",
  "profile.name": "Establishment name",
  "profile.legalType": "Legal type",
  "profile.registrationNo": "Enterprise or cooperative code / household business certificate number",
  "profile.registrationNoHint": "Enterprise or cooperative code: 10 or 13 digits. Household business: the number on its certificate.",
  "profile.representative": "Legal representative",
  "profile.address": "Address",
  "profile.province": "Province or city",
  "profile.noscriptBefore": "Another province? Choose it, then press",
  "profile.noscriptButton": "load its communes",
  "profile.commune": "Commune or ward",
  "profile.chooseCommune": "— Choose a commune or ward —",
  "profile.street": "House number, street, village, hamlet",
  "profile.contact": "Contact",
  "profile.phone": "Phone number",
  "profile.phoneHint": "For example: 0912 345 678",
  "profile.email": "Email",
  "profile.bank": "Bank account (optional)",
  "profile.bankLead": "Used to pay prize money when a product wins a prize. You can leave it empty and add it later.",
  "profile.bankAccountNo": "Account number",
  "profile.bankAccountNoHint": "6 to 20 digits.",
  "profile.bankName": "Bank",
  "profile.bankNameHint": "For example: Vietnam Bank for Agriculture and Rural Development (Agribank), Bac Ninh branch",
  "profile.bankAccountHolder": "Account holder",
  "profile.saving": "Saving…",
  "profile.save": "Save details",
  "inv.unusable": "This invitation cannot be used",
  "inv.used": "This invitation has already been used. If that was you, log in.",
  "inv.expired": "This invitation has expired. Ask the person who invited you to send a new one.",
  "inv.unknown": "The link is wrong or no longer exists. Check the address in the email.",
  "inv.login": "Log in",
  "inv.heading": "Invitation to join",
  "inv.memberBefore": "You are invited to join the establishment",
  "inv.memberAfter": "as a member, to {detail}.",
  "inv.memberDetail": "manage its details, products and entry dossiers together",
  "inv.memberNote": "When you accept, you become a member of this establishment: the people who manage it will see your name and email. If you do not know this establishment, do not accept.",
  "inv.seatBefore": "You are invited to be",
  "inv.role.staff": "a staff member",
  "inv.role.member": "a member",
  "inv.role.chair": "Chair of the Council",
  "inv.role.vice_chair": "Vice-chair of the Council",
  "inv.role.secretary": "Secretary of the Council",
  "inv.role.councilMember": "Member of the Council",
  "inv.role.judge": ", scoring judge",
  "inv.title.body": "organizing body",
  "inv.title.council": "Selection council",
  "inv.title.establishment": "producer establishment",
  "inv.email": "Invited email",
  "inv.invitedBy": "Invited by",
  "inv.validUntil": "Valid until",
  "inv.loggedInAs": "You are logged in as {email}.",
  "inv.accept": "Accept the invitation",
  "inv.otherAccount": "You are logged in as {viewer}, but the invitation was sent to {email}. Log out, then open this link again.",
  "inv.logout": "Log out",
  "inv.accountExists": "The email {email} already has an account here. Log in with that account to accept the invitation.",
  "inv.loginToAccept": "Log in to accept the invitation",
  "inv.createAccount": "Create an account",
  "inv.fullName": "Full name",
  "inv.password": "Password",
  "inv.passwordHint": "At least 8 characters.",
  "inv.passwordConfirm": "Repeat the password",
  "inv.createAndAccept": "Create the account and accept the invitation",
  "inv.badIntent": "Invalid action.",
  "prizes.title": "Prizes",
  "prizes.none": "No prizes awarded yet.",
  "prizes.assignByRank": "Award prizes by rank",
  "prizes.amount": "VND {amount}",
  "prizes.councilMode": "chosen by the council",
  "prizes.rank": "rank {rank}",
  "prizes.reason": "Reason: {reason}",
  "prizes.notAwarded": "Not awarded.",
  "prizes.edit": "View or edit prizes",
  "prizes.payments": "Payment list (.xlsx)",
  "timeline.title": "Progress",
};

export function profileText(locale: Locale, key: ProfileKey, vars: Record<string, string | number> = {}): string {
  const s: string = (locale === "en" ? profileEn[key] : undefined) ?? profileVi[key];
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export function useProfileT() {
  const locale = useLocale();
  return (key: ProfileKey, vars?: Record<string, string | number>) => profileText(locale, key, vars);
}

/**
 * The seat of a council/staff invitation as the invitations module describes it (Vietnamese role,
 * e.g. "Chủ tịch Hội đồng, giám khảo chấm điểm"), in the reader's language. Names stay as entered.
 */
export function invitationRole(locale: Locale, role: string): string {
  if (locale !== "en") return role;
  const judgeVi = profileVi["inv.role.judge"];
  const judge = role.endsWith(judgeVi);
  const base = judge ? role.slice(0, -judgeVi.length) : role;
  const keys: ProfileKey[] = ["inv.role.staff", "inv.role.member", "inv.role.chair", "inv.role.vice_chair", "inv.role.secretary", "inv.role.councilMember"];
  const key = keys.find((k) => profileVi[k] === base);
  return `${key ? profileEn[key] : base}${judge ? profileEn["inv.role.judge"] : ""}`;
}

/** The module's fallback titles ("cơ quan tổ chức"...) in English; real names stay as entered. */
export function invitationTitle(locale: Locale, title: string): string {
  if (locale !== "en") return title;
  const keys: ProfileKey[] = ["inv.title.body", "inv.title.council", "inv.title.establishment"];
  const key = keys.find((k) => profileVi[k] === title);
  return key ? profileEn[key] : title;
}
