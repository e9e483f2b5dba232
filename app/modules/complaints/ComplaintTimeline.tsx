import { formatDateTime } from "~/lib/dates";
import { COMPLAINT_EVENT_LABELS } from "./complaints";

export interface ComplaintEventView {
  id: number;
  kind: string;
  note: string | null;
  createdAt: string | number | Date;
  actor?: string | null;
}

/** A complaint's steps, oldest first: what happened, when, (for the council) by whom, and the note. */
export function ComplaintTimeline({ events, title = "Các bước giải quyết" }: { events: ComplaintEventView[]; title?: string }) {
  return (
    <section className="card">
      <h2>{title}</h2>
      <ol className="timeline complaint-timeline">
        {events.map((ev) => (
          <li key={ev.id}>
            <strong>{COMPLAINT_EVENT_LABELS[ev.kind] ?? ev.kind}</strong>
            <time>
              {formatDateTime(ev.createdAt)}
              {ev.actor ? ` · ${ev.actor}` : ""}
            </time>
            {ev.note ? <div className="small pre-line">{ev.note}</div> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
