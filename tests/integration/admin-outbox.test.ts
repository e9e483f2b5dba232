/**
 * The admin outbox: filters (recipient, subject, status, dates), 50 per page newest first, and
 * resend of a failed mail through a small SMTP server started here; a mail already sent is refused.
 */
import net from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, mailOutbox } from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { resetEnvCache } from "~/lib/env.server";
import { action as outboxAction, loader as outboxLoader } from "~/routes/quan-tri.hop-thu";
import { createBody, createOrganizer, createUser, province, requestWithCookie } from "../helpers/fixtures";

/** Just enough SMTP for nodemailer (no TLS, no auth); records the recipients of each message. */
function fakeSmtp(): Promise<{ port: number; messages: string[][]; close: () => Promise<void> }> {
  const messages: string[][] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.on("close", () => sockets.delete(sock));
    sock.setEncoding("utf8");
    let buf = "";
    let inData = false;
    let to: string[] = [];
    sock.write("220 fake.test ESMTP\r\n");
    sock.on("data", (chunk: string) => {
      buf += chunk;
      for (;;) {
        if (inData) {
          const end = buf.indexOf("\r\n.\r\n");
          if (end < 0) return;
          messages.push(to);
          buf = buf.slice(end + 5);
          inData = false;
          to = [];
          sock.write("250 2.0.0 queued\r\n");
          continue;
        }
        const eol = buf.indexOf("\r\n");
        if (eol < 0) return;
        const line = buf.slice(0, eol);
        buf = buf.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO" || verb === "HELO") sock.write("250 fake.test\r\n");
        else if (verb === "RCPT") {
          to.push(/<([^>]*)>/.exec(line)?.[1] ?? "");
          sock.write("250 2.1.5 ok\r\n");
        } else if (verb === "MAIL" || verb === "RSET" || verb === "NOOP") sock.write("250 2.1.0 ok\r\n");
        else if (verb === "DATA") {
          inData = true;
          sock.write("354 end with <CRLF>.<CRLF>\r\n");
        } else if (verb === "QUIT") sock.end("221 2.0.0 bye\r\n");
        else sock.write("502 5.5.1 not implemented\r\n");
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        messages,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      }),
    );
  });
}

function setSmtp(url: string | undefined) {
  if (url === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = url;
  resetEnvCache();
}

let adminId = "";
let adminCookie = "";
let organizerCookie = "";
const ids: Record<string, number> = {};

function mail(to: string, subject: string, at: string, extra: Partial<typeof mailOutbox.$inferInsert> = {}) {
  return db
    .insert(mailOutbox)
    .values({ toAddress: to, subject, textBody: `Nội dung thư gửi ${to}`, transport: "smtp", createdAt: new Date(at), ...extra })
    .returning()
    .get().id;
}

beforeAll(async () => {
  adminId = await createUser("quantri@hopthu.vn", { isSystemAdmin: true });
  adminCookie = await startSession(adminId);
  const body = createBody("Sở Công Thương (hộp thư quản trị)", "province", province("24").id);
  organizerCookie = await startSession(await createOrganizer("canbo@hopthu.vn", body.id));
  // 120 older mails, then a handful with known recipients, subjects, statuses and dates.
  for (let i = 0; i < 120; i++) {
    mail(`loat${i}@hopthu.vn`, `Thông báo số ${i}`, "2026-01-15T03:00:00Z", { transport: "outbox" });
  }
  ids.sent = mail("lan@coso.vn", "Hồ sơ đã được tiếp nhận", "2026-03-01T16:30:00Z", { sentAt: new Date("2026-03-01T16:31:00Z") }); // 1 March, 23:30 in Vietnam
  ids.failed = mail("duc@coso.vn", "Yêu cầu bổ sung hồ sơ", "2026-03-01T17:10:00Z", { error: "connect ECONNREFUSED" }); // 2 March, 00:10
  ids.pending = mail("duc@coso.vn", "Kết quả bình chọn", "2026-03-05T02:00:00Z");
});
afterAll(() => setSmtp(undefined));

type Page = { mails: { id: number; toAddress: string; subject: string; status: string }[]; total: number; page: number; pages: number };
async function page(query: string, cookie = adminCookie): Promise<Page> {
  const res = (await outboxLoader({ request: requestWithCookie(`/quan-tri/hop-thu${query}`, cookie), params: {}, context: {} })) as Response;
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
}
const idsOf = (p: Page) => p.mails.map((m) => m.id);

async function resend(mailId: number | string, cookie = adminCookie) {
  const request = requestWithCookie("/quan-tri/hop-thu", cookie, {
    method: "POST",
    body: new URLSearchParams({ intent: "resend", mailId: String(mailId), back: "/quan-tri/hop-thu?trang_thai=failed" }),
  });
  let res: Response;
  try {
    res = (await outboxAction({ request, params: {}, context: {} })) as Response;
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    res = thrown;
  }
  return { status: res.status, location: res.headers.get("Location"), data: (res.headers.get("Content-Type") ?? "").includes("json") ? await res.json() : null };
}

describe("filters", () => {
  it("by recipient, subject (accents ignored) and status", async () => {
    expect(idsOf(await page("?den=DUC@coso"))).toEqual([ids.pending, ids.failed]);
    expect(idsOf(await page("?tieu_de=bo%20sung%20ho%20so"))).toEqual([ids.failed]);
    expect(idsOf(await page("?trang_thai=sent"))).toEqual([ids.sent]);
    expect(idsOf(await page("?trang_thai=failed"))).toEqual([ids.failed]);
    const pending = await page("?trang_thai=pending");
    expect(pending.total).toBe(121);
    expect(pending.mails.every((m) => m.status === "pending")).toBe(true);
    expect(idsOf(await page("?den=duc&trang_thai=pending"))).toEqual([ids.pending]);
    expect((await page("?den=%25")).total).toBe(0);
  });

  it("by date range, in Vietnam's calendar days", async () => {
    expect(idsOf(await page("?tu_ngay=2026-03-01&den_ngay=2026-03-01"))).toEqual([ids.sent]);
    expect(idsOf(await page("?tu_ngay=2026-03-02"))).toEqual([ids.pending, ids.failed]);
    expect(idsOf(await page("?tu_ngay=2026-03-01&den_ngay=2026-03-02"))).toEqual([ids.failed, ids.sent]);
    expect((await page("?den_ngay=2026-01-31")).total).toBe(120);
    // A malformed date is ignored rather than a 500.
    expect((await page("?tu_ngay=2026-13-45")).total).toBe(123);
  });
});

describe("paging", () => {
  it("50 per page, newest first, with the total; the filters carry over", async () => {
    const p1 = await page("");
    expect(p1.total).toBe(123);
    expect(p1.pages).toBe(3);
    expect(p1.mails).toHaveLength(50);
    expect(idsOf(p1).slice(0, 3)).toEqual([ids.pending, ids.failed, ids.sent]);
    const p3 = await page("?trang=3");
    expect(p3.mails).toHaveLength(23);
    const all = [...idsOf(p1), ...idsOf(await page("?trang=2")), ...idsOf(p3)];
    expect(new Set(all).size).toBe(123);
    expect(all).toEqual([...all].sort((a, b) => b - a));
    expect((await page("?trang=99")).page).toBe(3); // past the end: the last page
    const filtered = await page("?den=loat&trang=3");
    expect(filtered.mails).toHaveLength(20);
  });
});

describe("resend", () => {
  it("without SMTP there is nothing to send with: 409 with the reason", async () => {
    const r = await resend(ids.failed!);
    expect(r.status).toBe(409);
    expect(r.data.message).toMatch(/SMTP/);
  });

  it("sends a failed mail again through SMTP, audited", async () => {
    const smtp = await fakeSmtp();
    try {
      setSmtp(`smtp://127.0.0.1:${smtp.port}`);
      const r = await resend(ids.failed!);
      expect(r.status).toBe(302);
      expect(r.location).toBe(`/quan-tri/hop-thu?trang_thai=failed&da-gui=${ids.failed}`);
      const row = db.select().from(mailOutbox).where(eq(mailOutbox.id, ids.failed!)).get()!;
      expect(row.sentAt).toBeInstanceOf(Date);
      expect(row.error).toBeNull();
      expect(smtp.messages).toEqual([["duc@coso.vn"]]);
      const entry = db.select().from(auditLog).where(and(eq(auditLog.action, "admin.resend_mail"), eq(auditLog.objectId, String(ids.failed)))).get()!;
      expect(entry.actorUserId).toBe(adminId);
      expect(entry.data).toMatchObject({ to: "duc@coso.vn", previousError: "connect ECONNREFUSED" });
    } finally {
      setSmtp(undefined);
      await smtp.close();
    }
  });

  it("a mail still failing stays unsent with the new error (502, message)", async () => {
    const closed = await fakeSmtp();
    await closed.close();
    try {
      setSmtp(`smtp://127.0.0.1:${closed.port}`);
      const r = await resend(ids.pending!);
      expect(r.status).toBe(502);
      expect(r.data.message).toMatch(/không thành công/);
      const row = db.select().from(mailOutbox).where(eq(mailOutbox.id, ids.pending!)).get()!;
      expect(row.sentAt).toBeNull();
      expect(row.error).toBeTruthy();
    } finally {
      setSmtp(undefined);
    }
  });

  it("refuses a mail already sent (409, message), an unknown one (404) and a malformed id (400)", async () => {
    setSmtp("smtp://127.0.0.1:9");
    try {
      for (const id of [ids.sent!, ids.failed!]) {
        const r = await resend(id);
        expect(r.status).toBe(409);
        expect(r.data.message).toMatch(/đã được gửi/);
      }
      expect((await resend(99999999)).status).toBe(404);
      expect((await resend("abc")).status).toBe(400);
    } finally {
      setSmtp(undefined);
    }
  });

  it("is for system admins only (403), and so is the page", async () => {
    const r = await resend(ids.pending!, organizerCookie);
    expect(r.status).toBe(403);
    await expect(outboxLoader({ request: requestWithCookie("/quan-tri/hop-thu", organizerCookie), params: {}, context: {} })).rejects.toMatchObject({ status: 403 });
  });
});
