/**
 * The closed stage's record on the results page, as the minutes state it: the rules declared
 * before scoring, the council with its roles, each declared conflict and each sheet missing at
 * closing with the reason recorded then.
 */
import { COUNCIL_ROLE_LABELS } from "~/modules/councils/councils";

interface Props {
  passMarkDisplay: string;
  cap: number | null;
  shortlist: boolean;
  record: {
    tieBreakText: string;
    toleranceDisplay: string;
    minJudges: number;
    members: { id: number; name: string; title: string | null; role: keyof typeof COUNCIL_ROLE_LABELS; isJudge: boolean }[];
    conflicts: { judge: string; votingCode: string; productName: string; reason: string | null }[];
    missing: { judge: string; votingCode: string; productName: string }[];
    missingReason: string | null;
  };
}

export function StageRecord({ passMarkDisplay, cap, shortlist, record }: Props) {
  return (
    <section className="card" id="bien-ban">
      <h2>Quy tắc và thành phần của vòng chấm</h2>
      <ul className="list-plain stage-record">
        <li>
          Điểm đạt {passMarkDisplay};{" "}
          {shortlist ? "vòng này chỉ chọn sản phẩm vào vòng 2" : cap != null ? `công nhận tối đa ${cap} sản phẩm` : "không giới hạn số sản phẩm công nhận"}; mỗi sản phẩm cần ít
          nhất {record.minJudges} giám khảo.
        </li>
        <li>{record.tieBreakText}.</li>
        <li>Điểm giữa các giám khảo chênh nhau quá {record.toleranceDisplay} điểm thì sản phẩm được đánh dấu để Hội đồng xem xét.</li>
      </ul>
      <div className="grid grid-2">
        <div>
          <h3>Thành phần Hội đồng</h3>
          <ul className="list-plain">
            {record.members.map((m) => (
              <li key={m.id}>
                <strong>{m.name}</strong>
                {m.title ? ` (${m.title})` : ""}: {COUNCIL_ROLE_LABELS[m.role]}
                {m.isJudge ? "" : <span className="muted"> · không chấm điểm</span>}
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3>Xung đột lợi ích đã khai báo</h3>
          {record.conflicts.length ? (
            <ul className="list-plain">
              {record.conflicts.map((c) => (
                <li key={`${c.judge}-${c.votingCode}`}>
                  {c.judge} không chấm <strong>{c.votingCode}</strong> ({c.productName}){c.reason ? `: ${c.reason}` : ""}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">Không có.</p>
          )}
          <h3>Phiếu chưa nộp khi khóa vòng chấm</h3>
          {record.missing.length ? (
            <>
              <ul className="list-plain">
                {record.missing.map((m) => (
                  <li key={`${m.judge}-${m.votingCode}`}>
                    {m.judge}: <strong>{m.votingCode}</strong> ({m.productName})
                  </li>
                ))}
              </ul>
              <p className="small">Lý do khóa khi còn thiếu phiếu: {record.missingReason ?? "không ghi"}. Điểm của các sản phẩm này tính từ các phiếu đã nộp.</p>
            </>
          ) : (
            <p className="muted">Không có: mọi phiếu được giao đã nộp.</p>
          )}
        </div>
      </div>
    </section>
  );
}
