import { NavLink } from "@remix-run/react";

/**
 * The organizer's tabs for one round. Every page of a round shows it, so the addresses below are
 * the round's whole map.
 */
export function RoundNav({ roundId, status, canManage }: { roundId: number; status: string; canManage: boolean }) {
  const base = `/to-chuc/vong/${roundId}`;
  const tabs: [string, string, boolean][] = [
    ["Tổng quan", base, true],
    ["Thiết lập", `${base}/thiet-lap`, canManage],
    ["Phiếu chấm", `${base}/phieu-cham`, canManage],
    ["Hồ sơ", `${base}/ho-so`, true],
    ["Hội đồng", `${base}/hoi-dong`, canManage],
    ["Phân công chấm", `${base}/phan-cong`, canManage],
    ["Tiến độ chấm", `${base}/tien-do`, canManage],
    ["Kết quả", `${base}/ket-qua`, canManage && ["scoring", "results_review", "published", "archived"].includes(status)],
    ["Giải thưởng", `${base}/giai-thuong`, canManage],
    ["Khiếu nại", `${base}/khieu-nai`, canManage && ["published", "archived"].includes(status)],
    ["Đề cử", `${base}/de-cu`, canManage],
    ["Giấy chứng nhận", `${base}/chung-nhan`, canManage && status === "published"],
  ];
  return (
    <nav className="round-nav" aria-label="Các mục của kỳ bình chọn">
      {tabs
        .filter(([, , show]) => show)
        .map(([label, to]) => (
          <NavLink key={to} to={to} end={to === base} prefetch="intent">
            {label}
          </NavLink>
        ))}
    </nav>
  );
}
