/**
 * Secrets in the mail outbox: after SMTP delivery (to a small SMTP server started here) the stored
 * copy has no reset or invitation token; the admin outbox page shows links only on a local address.
 */
import net from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailOutbox } from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { resetEnvCache } from "~/lib/env.server";
import { isLocalDemoAddress, redactSecrets, REDACTED_LINK } from "~/lib/mail.server";
import { loadPrincipal } from "~/lib/permissions.server";
import { requestPasswordReset } from "~/modules/accounts/accounts.server";
import { inviteStaff } from "~/modules/invitations/bodies.server";
import { loader as outboxLoader } from "~/routes/quan-tri.hop-thu";
import { createBody, createUser, province, requestWithCookie } from "../helpers/fixtures";

/** Just enough SMTP for nodemailer: greeting, EHLO, MAIL, RCPT, DATA, QUIT (no TLS, no auth). */
function fakeSmtp(): Promise<{ port: number; messages: { to: string[]; raw: string }[]; close: () => Promise<void> }> {
  const messages: { to: string[]; raw: string }[] = [];
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
          messages.push({ to, raw: buf.slice(0, end) });
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
    server.listen(0, "127.0.0.1", () => {
      resolve({
        port: (server.address() as net.AddressInfo).port,
        messages,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** The text part of a message as sent (quoted-printable or base64, as nodemailer chose). */
function bodyText(raw: string): string {
  const enc = /Content-Transfer-Encoding:\s*([\w-]+)/i.exec(raw)?.[1]?.toLowerCase();
  const body = raw.slice(raw.indexOf("\r\n\r\n") + 4);
  if (enc === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (enc === "quoted-printable") {
    const bytes = body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return body;
}

const LOCAL = process.env.PUBLIC_BASE_URL!;
let adminId = "";
let adminCookie = "";
let bodyId = 0;

function setEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
}

async function outbox() {
  const res = (await outboxLoader({ request: requestWithCookie("/quan-tri/hop-thu", adminCookie), params: {}, context: {} })) as Response;
  expect(res.status).toBe(200);
  return (await res.json()) as { mails: { toAddress: string; textBody: string }[]; showLinks: boolean };
}

beforeAll(async () => {
  adminId = await createUser("quantri@outbox.vn", { isSystemAdmin: true });
  adminCookie = await startSession(adminId);
  bodyId = createBody("Sở Công Thương (hộp thư)", "province", province("24").id).id;
});
afterAll(() => setEnv({ SMTP_URL: undefined, PUBLIC_BASE_URL: LOCAL }));

describe("redactSecrets and isLocalDemoAddress", () => {
  it("hides reset and invitation links, absolute or bare, and nothing else", () => {
    const text =
      "Mở https://cnnt.example.vn/dat-lai-mat-khau/AbC_123-xyz trong 60 phút.\n" +
      "Lời mời: http://localhost:3000/moi/Zz9-_q\nhoặc /moi/tok3n.\n" +
      "Đăng nhập tại https://cnnt.example.vn/dang-nhap; sản phẩm mới: https://cnnt.example.vn/co-so/san-pham/moi";
    expect(redactSecrets(text)).toBe(
      `Mở ${REDACTED_LINK} trong 60 phút.\nLời mời: ${REDACTED_LINK}\nhoặc ${REDACTED_LINK}.\n` +
        "Đăng nhập tại https://cnnt.example.vn/dang-nhap; sản phẩm mới: https://cnnt.example.vn/co-so/san-pham/moi",
    );
  });

  it("a local address is localhost, 127.0.0.1 or ::1", () => {
    const cases: [string, boolean][] = [
      ["http://localhost:3000", true],
      ["http://127.0.0.1:8080", true],
      ["http://[::1]:3000", true],
      ["https://cnnt.example.vn", false],
      ["https://localhost.example.vn", false],
    ];
    for (const [url, local] of cases) {
      setEnv({ PUBLIC_BASE_URL: url });
      expect(isLocalDemoAddress(), url).toBe(local);
    }
    setEnv({ PUBLIC_BASE_URL: LOCAL });
  });
});

describe("after SMTP delivery", () => {
  it("the stored copy of a reset mail and of an invitation has no token; the person got it", async () => {
    const smtp = await fakeSmtp();
    try {
      setEnv({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
      await createUser("quen@outbox.vn");
      const resetToken = (await requestPasswordReset("quen@outbox.vn"))!;
      const { token: inviteToken } = await inviteStaff(loadPrincipal(adminId, true), bodyId, "canbo@outbox.vn");

      for (const [to, token, path] of [
        ["quen@outbox.vn", resetToken, "dat-lai-mat-khau"],
        ["canbo@outbox.vn", inviteToken, "moi"],
      ] as const) {
        const row = db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, to)).get()!;
        expect(row.transport).toBe("smtp");
        expect(row.error).toBeNull();
        expect(row.sentAt).toBeInstanceOf(Date);
        expect(row.textBody).not.toContain(token);
        expect(row.textBody).not.toContain(`/${path}/`);
        expect(row.textBody).toContain(REDACTED_LINK);
        const sent = smtp.messages.find((m) => m.to.includes(to));
        expect(sent, `a message to ${to}`).toBeDefined();
        expect(bodyText(sent!.raw)).toContain(`${LOCAL}/${path}/${token}`);
      }
    } finally {
      setEnv({ SMTP_URL: undefined });
      await smtp.close();
    }
  });

  it("a mail that could not be sent keeps its link for a later try", async () => {
    const closed = await fakeSmtp();
    await closed.close(); // nothing listens on that port any more
    try {
      setEnv({ SMTP_URL: `smtp://127.0.0.1:${closed.port}` });
      await createUser("loi@outbox.vn");
      const token = (await requestPasswordReset("loi@outbox.vn"))!;
      const row = db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, "loi@outbox.vn")).get()!;
      expect(row.sentAt).toBeNull();
      expect(row.error).toBeTruthy();
      expect(row.textBody).toContain(token);
    } finally {
      setEnv({ SMTP_URL: undefined });
    }
  });
});

describe("the admin outbox page", () => {
  it("shows live links on a local demo address, hides them on a real deployment", async () => {
    await createUser("demo@outbox.vn");
    const token = (await requestPasswordReset("demo@outbox.vn"))!;
    const stored = db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, "demo@outbox.vn")).get()!;
    expect(stored.transport).toBe("outbox");
    expect(stored.textBody).toContain(token); // without SMTP the outbox is the only copy

    const local = await outbox();
    expect(local.showLinks).toBe(true);
    expect(local.mails.find((m) => m.toAddress === "demo@outbox.vn")!.textBody).toContain(`/dat-lai-mat-khau/${token}`);

    setEnv({ PUBLIC_BASE_URL: "https://cnnt.example.vn" });
    try {
      const real = await outbox();
      expect(real.showLinks).toBe(false);
      const body = real.mails.find((m) => m.toAddress === "demo@outbox.vn")!.textBody;
      expect(body).not.toContain(token);
      expect(body).toContain(REDACTED_LINK);
      for (const m of real.mails) expect(m.textBody).not.toMatch(/\/(dat-lai-mat-khau|moi)\/[\w-]{8,}/);
    } finally {
      setEnv({ PUBLIC_BASE_URL: LOCAL });
    }
  });
});
