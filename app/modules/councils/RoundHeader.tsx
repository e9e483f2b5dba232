import { Link } from "@remix-run/react";
import type { RoundLevel, RoundStatus } from "~db/schema";
import { LEVEL_LABELS, ROUND_STATUS_LABELS, roundStatusTone } from "~/ui/labels";
import { RoundNav } from "~/ui/RoundNav";

/** The top of a round's organizer page: back link, title, status and the round's tabs. */
export function RoundHeader({
  round,
  heading,
  canManage,
}: {
  round: { id: number; title: string; status: RoundStatus; level: RoundLevel };
  heading: string;
  canManage: boolean;
}) {
  return (
    <>
      <p className="small">
        <Link to={`/to-chuc/vong/${round.id}`}>← {round.title}</Link>
      </p>
      <h1>{heading}</h1>
      <div className="row">
        <span className={`badge ${roundStatusTone(round.status)}`}>{ROUND_STATUS_LABELS[round.status]}</span>
        <span className="badge">{LEVEL_LABELS[round.level]}</span>
      </div>
      <RoundNav roundId={round.id} status={round.status} canManage={canManage} />
    </>
  );
}

/** Links to the round's spreadsheets. */
export function ExportLinks({ roundId }: { roundId: number }) {
  return (
    <section className="card export-links">
      <h2>Xuất Excel</h2>
      <ul className="list-plain">
        <li>
          <a href={`/to-chuc/vong/${roundId}/xuat/danh-sach.xlsx`} download>
            Danh sách trích ngang (.xlsx)
          </a>
          <div className="small muted">Mã số bình chọn, số hồ sơ, sản phẩm, nhóm, cơ sở, địa chỉ, người đại diện, trạng thái.</div>
        </li>
        <li>
          <a href={`/to-chuc/vong/${roundId}/xuat/tiep-nhan.xlsx`} download>
            Báo cáo tiếp nhận hồ sơ (.xlsx)
          </a>
          <div className="small muted">Ngày nộp, hạn trả lời, đúng hạn hay quá hạn, kết quả tiếp nhận, các lần yêu cầu bổ sung.</div>
        </li>
      </ul>
    </section>
  );
}
