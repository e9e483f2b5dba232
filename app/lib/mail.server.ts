import nodemailer from "nodemailer";
import { mailOutbox } from "~db/schema";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "./db.server";
import { db } from "./db.server";
import { env } from "./env.server";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** The SMTP transport for the configured SMTP_URL (made again when the setting changes, e.g. in tests). */
let transporter: { url: string; t: nodemailer.Transporter | null } | undefined;
function smtp() {
  const url = env().SMTP_URL ?? "";
  if (transporter?.url !== url) transporter = { url, t: url ? nodemailer.createTransport(url) : null };
  return transporter.t;
}

/** What a one-time link becomes once it may no longer be read. */
export const REDACTED_LINK = "[liên kết đã ẩn]";

// A password-reset or invitation link (absolute or a bare path) with its token.
const SECRET_LINK = /(?:https?:\/\/[^\s/]+)?\/(?:dat-lai-mat-khau|moi)\/[A-Za-z0-9_-]+/g;

/** The text with every password-reset and invitation link (their tokens are secrets) replaced by REDACTED_LINK. */
export function redactSecrets(text: string): string {
  return text.replace(SECRET_LINK, REDACTED_LINK);
}

/**
 * True when the app runs as a local demo or test (PUBLIC_BASE_URL on localhost, 127.0.0.1 or ::1):
 * there the admin outbox is the only way to get the links, so it shows them. Anywhere else the
 * outbox shows them hidden.
 */
export function isLocalDemoAddress(): boolean {
  try {
    const host = new URL(env().publicBaseUrl).hostname.toLowerCase();
    return host === "localhost" || host === "127.0.0.1" || host === "[::1]" || host === "::1";
  } catch {
    return false;
  }
}

/**
 * Records a mail in the outbox (inside the caller's transaction, so a rolled-back action sends
 * nothing) and returns its id. Call `deliverMail(id)` after the transaction commits.
 */
export function queueMail(tx: DbOrTx, mail: Mail): number {
  const row = tx
    .insert(mailOutbox)
    .values({
      toAddress: mail.to,
      subject: mail.subject,
      textBody: mail.text,
      transport: smtp() ? "smtp" : "outbox",
    })
    .returning({ id: mailOutbox.id })
    .get();
  return row.id;
}

/**
 * Sends queued mails through SMTP when configured; without SMTP they stay readable in the outbox.
 * Once a mail is delivered its stored copy loses its secret links (redactSecrets): the person has
 * the mail, nobody reading the database or the outbox needs the token any more.
 */
export async function deliverMail(ids: number[]): Promise<void> {
  const t = smtp();
  if (!t) return;
  for (const id of ids) {
    const m = db.select().from(mailOutbox).where(eq(mailOutbox.id, id)).get();
    if (!m || m.sentAt) continue;
    try {
      await t.sendMail({ from: env().MAIL_FROM, to: m.toAddress, subject: m.subject, text: m.textBody });
      db.update(mailOutbox).set({ sentAt: new Date(), textBody: redactSecrets(m.textBody) }).where(eq(mailOutbox.id, id)).run();
    } catch (err) {
      db.update(mailOutbox)
        .set({ error: err instanceof Error ? err.message : String(err) })
        .where(eq(mailOutbox.id, id))
        .run();
    }
  }
}
