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

let transporter: nodemailer.Transporter | null | undefined;
function smtp() {
  if (transporter === undefined) {
    transporter = env().SMTP_URL ? nodemailer.createTransport(env().SMTP_URL) : null;
  }
  return transporter;
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

/** Sends queued mails through SMTP when configured; without SMTP they stay readable in the outbox. */
export async function deliverMail(ids: number[]): Promise<void> {
  const t = smtp();
  if (!t) return;
  for (const id of ids) {
    const m = db.select().from(mailOutbox).where(eq(mailOutbox.id, id)).get();
    if (!m || m.sentAt) continue;
    try {
      await t.sendMail({ from: env().MAIL_FROM, to: m.toAddress, subject: m.subject, text: m.textBody });
      db.update(mailOutbox).set({ sentAt: new Date() }).where(eq(mailOutbox.id, id)).run();
    } catch (err) {
      db.update(mailOutbox)
        .set({ error: err instanceof Error ? err.message : String(err) })
        .where(eq(mailOutbox.id, id))
        .run();
    }
  }
}
