/** Names and choices of the admin pages, shared by the server and the browser. */

export const USER_ROLES = ["admin", "organizer", "judge", "producer"] as const;
export type UserRoleFilter = (typeof USER_ROLES)[number];
export const USER_ROLE_LABELS: Record<UserRoleFilter, string> = {
  admin: "Quản trị hệ thống",
  organizer: "Cán bộ tổ chức",
  judge: "Thành viên hội đồng",
  producer: "Cơ sở sản xuất",
};
export const USER_STATUS_LABELS = { active: "Hoạt động", disabled: "Đã khóa" } as const;

export const MAIL_STATUSES = ["sent", "failed", "pending"] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];
export const MAIL_STATUS_LABELS: Record<MailStatus, string> = {
  sent: "Đã gửi",
  failed: "Gửi lỗi",
  pending: "Chưa gửi",
};
