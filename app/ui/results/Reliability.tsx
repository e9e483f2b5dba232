/** The reliability of the judges' scores on the results page: per panel, with 95% intervals. */
import { formatIcc } from "~/modules/scoring/reliability";

interface Interval {
  lower: number;
  upper: number;
}
interface IccLike {
  n: number;
  k: number;
  icc21: number | null;
  icc2k: number | null;
  icc31: number | null;
  icc3k: number | null;
  ci: { icc21: Interval | null; icc2k: Interval | null; icc31: Interval | null; icc3k: Interval | null };
}

interface Props {
  panels: { judges: string[]; entries: number; total: IccLike | null }[];
  entriesOutside: number;
  meaning: { single: string; mean: string; consistency: string; interval: string };
  byGroup: Record<string, { icc21: number | null; icc31: number | null; icc2k: number | null } | null>;
}

export function Reliability({ panels, entriesOutside, meaning, byGroup }: Props) {
  const groupRows = Object.entries(byGroup).filter(([, a]) => a);
  return (
    <div>
      <h3>Độ tin cậy của điểm (ICC)</h3>
      <p className="small">{meaning.mean}</p>
      {panels.length ? (
        <div className="table-wrap">
          <table className="icc-table">
            <thead>
              <tr>
                <th>{panels.length > 1 ? "Nhóm giám khảo" : "Giám khảo"}</th>
                <th className="num">Số SP</th>
                <th className="num">ICC(2,k)</th>
                <th className="num">ICC(2,1)</th>
                <th className="num">ICC(3,k)</th>
                <th className="num">ICC(3,1)</th>
              </tr>
            </thead>
            <tbody>
              {panels.map((p, i) => (
                <tr key={p.judges.join("|")}>
                  <td style={{ whiteSpace: "normal", minWidth: 140 }}>
                    {panels.length > 1 ? <strong>Nhóm {i + 1}: </strong> : null}
                    {p.judges.join(", ")}
                  </td>
                  <td className="num">{p.entries}</td>
                  <td className="num">
                    <strong>{formatIcc(p.total?.icc2k, p.total?.ci.icc2k)}</strong>
                  </td>
                  <td className="num">{formatIcc(p.total?.icc21, p.total?.ci.icc21)}</td>
                  <td className="num">{formatIcc(p.total?.icc3k, p.total?.ci.icc3k)}</td>
                  <td className="num">{formatIcc(p.total?.icc31, p.total?.ci.icc31)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="small muted">Không tính được: cần ít nhất 2 sản phẩm được cùng một nhóm từ 2 giám khảo trở lên chấm.</p>
      )}
      {entriesOutside ? (
        <p className="small muted">
          {entriesOutside} sản phẩm không thuộc nhóm giám khảo nào ở trên (thiếu phiếu, có xung đột lợi ích, hoặc nhóm giám khảo chỉ chấm một sản phẩm).
        </p>
      ) : null}
      <ul className="small muted">
        <li>{meaning.single}</li>
        <li>{meaning.consistency}</li>
        <li>{meaning.interval}</li>
      </ul>
      {groupRows.length ? (
        <details>
          <summary className="small">Theo nhóm tiêu chí (các sản phẩm được tất cả giám khảo chấm)</summary>
          <table>
            <thead>
              <tr>
                <th>Nhóm tiêu chí</th>
                <th className="num">ICC(2,k)</th>
                <th className="num">ICC(2,1)</th>
                <th className="num">ICC(3,1)</th>
              </tr>
            </thead>
            <tbody>
              {groupRows.map(([g, a]) => (
                <tr key={g}>
                  <td>{g === "total" ? "Tổng điểm" : `Nhóm ${g}`}</td>
                  <td className="num">{formatIcc(a!.icc2k)}</td>
                  <td className="num">{formatIcc(a!.icc21)}</td>
                  <td className="num">{formatIcc(a!.icc31)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </div>
  );
}
