import { formatDateTime } from "~/lib/dates";
import { useLocale } from "~/i18n";
import { useMessage } from "~/i18n/messages";
import { useProfileT } from "~/i18n/profile";
import { eventLabel } from "./labels";

export interface TimelineEvent {
  id: number;
  type: string;
  message: string | null;
  createdAt: string | number | Date;
  actor: string | null;
}

/** An entry's steps: what happened, when, by whom, and the message (in the reader's language; Vietnamese on staff pages). */
export function Timeline({ events }: { events: TimelineEvent[] }) {
  const locale = useLocale();
  const t = useProfileT();
  const msg = useMessage();
  return (
    <section className="card">
      <h2>{t("timeline.title")}</h2>
      <ol className="timeline">
        {events.map((ev) => (
          <li key={ev.id}>
            <strong>{eventLabel(ev.type, locale)}</strong>
            <time>
              {formatDateTime(ev.createdAt)}
              {ev.actor ? ` · ${ev.actor}` : ""}
            </time>
            {ev.message ? <div className="small">{msg(ev.message)}</div> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
