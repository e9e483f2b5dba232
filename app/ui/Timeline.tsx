import { formatDateTime } from "~/lib/dates";
import { EVENT_LABELS } from "./labels";

export interface TimelineEvent {
  id: number;
  type: string;
  message: string | null;
  createdAt: string | number | Date;
  actor: string | null;
}

/** An entry's steps: what happened, when, by whom, and the message. */
export function Timeline({ events }: { events: TimelineEvent[] }) {
  return (
    <section className="card">
      <h2>Tiến trình</h2>
      <ol className="timeline">
        {events.map((ev) => (
          <li key={ev.id}>
            <strong>{EVENT_LABELS[ev.type] ?? ev.type}</strong>
            <time>
              {formatDateTime(ev.createdAt)}
              {ev.actor ? ` · ${ev.actor}` : ""}
            </time>
            {ev.message ? <div className="small">{ev.message}</div> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
