import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { formatDateTime } from "~/lib/dates";
import { requireViewer } from "~/lib/permissions.server";
import { listNotifications, markAllRead, markRead } from "~/modules/notify/notify.server";
import { metaLocale, pageTitle } from "~/i18n/pages";
import { useProducerT } from "~/i18n/producer";
import { useMessage } from "~/i18n/messages";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(metaLocale(matches), "title.notifications") }];

/** A user's own notifications (every role has them; producers reach them from their home). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireViewer(request);
  const items = listNotifications(user.id);
  // Seen now: marked read (this page still shows which were new), so the header's count drops.
  markRead(
    user.id,
    items.filter((n) => !n.readAt).map((n) => n.id),
  );
  return json({ items }, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireViewer(request);
  markAllRead(user.id);
  return json({ ok: true });
}

export default function Notifications() {
  const { items } = useLoaderData<typeof loader>();
  const pt = useProducerT();
  // Stored notification texts are Vietnamese; shown in the reader's language.
  const msg = useMessage();
  return (
    <div>
      <div className="page-head">
        <h1>{pt("notif.title")}</h1>
        {items.some((n) => !n.readAt) ? (
          <Form method="post">
            <button type="submit" className="button secondary">
              {pt("notif.markAll")}
            </button>
          </Form>
        ) : null}
      </div>
      {items.length ? (
        <ul className="list-plain card">
          {items.map((n) => (
            <li key={n.id}>
              {!n.readAt ? <span className="badge info">{pt("notif.new")}</span> : null} <strong>{n.link ? <Link to={n.link}>{msg(n.title)}</Link> : msg(n.title)}</strong>
              <div className="small">{msg(n.body)}</div>
              <div className="small muted">{formatDateTime(n.createdAt)}</div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{pt("notif.none")}</p>
      )}
    </div>
  );
}
