/**
 * The council's tie-break votes on the results page (tiebreak.server.ts): each tie the vote
 * decides, with a form for the votes of every entry of it, and every vote recorded so far.
 */
import { Form } from "@remix-run/react";
import { formatDate } from "~/lib/dates";
import { TIE_FIELDS } from "~/modules/scoring/tiebreak";
import { DateField } from "~/ui/DateField";
import { Field, SubmitButton } from "~/ui/form";

interface GroupEntry {
  entryId: number;
  votingCode: string;
  productName: string;
  votes: number | null;
}

export interface TieBreakGroupView {
  rank: number;
  meanDisplay: string;
  entries: GroupEntry[];
  decided: { votedOn: string; membersVoting: number } | null;
}

export interface TieBreakVoteView {
  id: number;
  votedOn: string;
  membersVoting: number;
  note: string | null;
  recordedByName: string | null;
  lines: { entryId: number; votesFor: number; votingCode: string; productName: string }[];
}

interface Props {
  canRecord: boolean;
  groups: TieBreakGroupView[];
  votes: TieBreakVoteView[];
  tieBreakText: string;
  today: string;
  /** The last refused vote: its message, field errors and the entries it was for. */
  failed: { message: string; errors: Record<string, string>; entryIds: number[] } | null;
}

export function TieBreakVotes({ canRecord, groups, votes, tieBreakText, today, failed }: Props) {
  if (!groups.length && !votes.length) return null;
  return (
    <section className="card" id="bieu-quyet">
      <h2>Biểu quyết phân định đồng điểm</h2>
      {groups.length ? (
        <p className="small">
          Các sản phẩm trong mỗi nhóm dưới đây bằng nhau về điểm trung bình và về {tieBreakText}: thứ tự giữa chúng do Hội đồng biểu quyết. Mỗi thành viên bầu cho một sản phẩm; ghi
          số phiếu của mọi sản phẩm trong nhóm. Sau khi ghi, kết quả được xếp hạng lại (số giấy chứng nhận theo thứ hạng mới).
        </p>
      ) : null}
      {groups.map((g) => {
        const mine = failed && g.entries.some((e) => failed.entryIds.includes(e.entryId)) ? failed : null;
        const errors = mine?.errors;
        const key = g.entries.map((e) => e.entryId).join("-");
        return (
          <div key={key} className="tie-group">
            <h3>
              Đồng hạng {g.rank} · {g.meanDisplay} điểm · {g.entries.length} sản phẩm
            </h3>
            {g.decided ? (
              <p className="small">
                <span className="badge ok">Đã biểu quyết</span> ngày {formatDate(g.decided.votedOn)}, {g.decided.membersVoting} thành viên tham gia:{" "}
                {g.entries
                  .slice()
                  .sort((a, b) => (b.votes ?? 0) - (a.votes ?? 0))
                  .map((e) => `${e.votingCode} ${e.votes} phiếu`)
                  .join(", ")}
                .
              </p>
            ) : (
              <p className="small">
                <span className="badge warn">Chờ biểu quyết</span> Các sản phẩm này đang cùng hạng {g.rank}.
              </p>
            )}
            {canRecord ? (
              <Form method="post" className="form" noValidate>
                <input type="hidden" name="intent" value="tiebreak" />
                {mine && (!errors || Object.keys(errors).every((k) => k === "_form")) ? (
                  <div className="alert error" role="alert">
                    {mine.message}
                  </div>
                ) : null}
                <div className="tie-votes">
                  {g.entries.map((e) => (
                    <div key={e.entryId}>
                      <input type="hidden" name="tb_entry" value={e.entryId} />
                      <Field
                        name={TIE_FIELDS.votes(e.entryId)}
                        id={`f-tb-${key}-${e.entryId}`}
                        label={`${e.votingCode} · ${e.productName}: số phiếu`}
                        inputMode="numeric"
                        pattern="[0-9]*"
                        className="points"
                        defaultValue={e.votes != null ? String(e.votes) : ""}
                        errors={errors}
                      />
                    </div>
                  ))}
                </div>
                <div className="grid grid-2">
                  <Field
                    name={TIE_FIELDS.membersVoting}
                    id={`f-tb-${key}-members`}
                    label="Số thành viên tham gia biểu quyết"
                    inputMode="numeric"
                    pattern="[0-9]*"
                    defaultValue={g.decided ? String(g.decided.membersVoting) : ""}
                    errors={errors}
                  />
                  <DateField name={TIE_FIELDS.votedOn} id={`f-tb-${key}-date`} max={today} label="Ngày biểu quyết" defaultValue={g.decided?.votedOn ?? today} errors={errors} />
                </div>
                <Field name={TIE_FIELDS.note} id={`f-tb-${key}-note`} label="Ghi chú (không bắt buộc)" maxLength={1000} errors={errors} />
                <SubmitButton className="button secondary">{g.decided ? "Ghi lại kết quả biểu quyết" : "Ghi kết quả biểu quyết"}</SubmitButton>
              </Form>
            ) : null}
          </div>
        );
      })}
      {votes.length ? (
        <details open={!groups.length}>
          <summary>Các lần biểu quyết đã ghi ({votes.length})</summary>
          <ul className="list-plain">
            {votes.map((v) => (
              <li key={v.id}>
                Ngày {formatDate(v.votedOn)}, {v.membersVoting} thành viên: {v.lines.map((l) => `${l.votingCode} ${l.votesFor} phiếu`).join(", ")}
                {v.recordedByName ? <span className="small muted"> · ghi bởi {v.recordedByName}</span> : null}
                {v.note ? <div className="small muted">{v.note}</div> : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
