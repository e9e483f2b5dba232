/**
 * Certificates need the public address (issue 12, item 13): on a production server without
 * PUBLIC_BASE_URL the QR codes would open http://localhost…, which no citizen can reach. Such a
 * server refuses to make certificates and says why on the certificates page; a local trial with the
 * demo accounts, or any server with the address set, issues them (tests/e2e/certificates.test.ts).
 */
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entries } from "~db/schema";
import { db } from "~/lib/db.server";
import { publicAddressRule } from "~/modules/certificates/certificates.server";
import { buildRecognisedRound, type BuiltRound } from "~/modules/certificates/testdata.server";
import { createBody, createOrganizer, PASSWORD, province } from "../helpers/fixtures";
import { startServer, type RunningServer } from "../helpers/server";

describe("the rule", () => {
  const base = { production: true, configured: false, demo: false, address: "http://localhost:3000" };
  it("refuses only a production server without its public address and without the demo", () => {
    expect(publicAddressRule(base)).toMatch(/PUBLIC_BASE_URL/);
    expect(publicAddressRule(base)).toContain("http://localhost:3000");
    expect(publicAddressRule({ ...base, configured: true })).toBeNull();
    expect(publicAddressRule({ ...base, demo: true })).toBeNull();
    expect(publicAddressRule({ ...base, production: false })).toBeNull();
  });
});

describe("a production server without PUBLIC_BASE_URL", () => {
  let srv: RunningServer;
  let round: BuiltRound;
  let cookie = "";
  const certCount = () =>
    db.get<{ n: number }>(sql`select count(*) as n from certificates c join entries e on e.id = c.entry_id where e.round_id = ${round.roundId}`)!.n;

  beforeAll(async () => {
    const bacNinh = province("24");
    const body = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bacNinh.id);
    await createOrganizer("org@example.vn", body.id);
    round = buildRecognisedRound({
      bodyId: body.id,
      level: "province",
      unitId: bacNinh.id,
      year: 2026,
      title: "Bình chọn cấp tỉnh 2026",
      decision: { number: "1234/QĐ-UBND", signedOn: "2026-11-20", signerName: "Nguyễn Văn An", signerTitle: "Phó Chủ tịch", issuer: "UBND tỉnh Bắc Ninh" },
      products: [{ name: "Bình gốm men da lươn", producer: "Hợp tác xã Gốm Phù Lãng", provinceId: bacNinh.id }],
    });
    expect(db.select().from(entries).where(eq(entries.roundId, round.roundId)).all()).toHaveLength(1);
    srv = await startServer({ dir: path.dirname(process.env.DATABASE_URL!), env: { PUBLIC_BASE_URL: "" } });
    const login = await fetch(`${srv.url}/dang-nhap`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: srv.url },
      body: new URLSearchParams({ email: "org@example.vn", password: PASSWORD }).toString(),
    });
    expect(login.status).toBe(302);
    cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  }, 120_000);

  afterAll(async () => {
    await srv?.stop();
  });

  it("says on the certificates page why none can be issued", async () => {
    const page = await fetch(`${srv.url}/to-chuc/vong/${round.roundId}/chung-nhan`, { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Chưa đặt địa chỉ công khai của hệ thống (PUBLIC_BASE_URL)");
    expect(html).not.toContain('name="issuedOn"');
  });

  it("refuses the issue action (409, the reason), creating nothing", async () => {
    for (const extra of [{}, { async: "1" }] as Record<string, string>[]) {
      const res = await fetch(`${srv.url}/to-chuc/vong/${round.roundId}/chung-nhan?_data=routes%2Fto-chuc.vong.%24roundId_.chung-nhan._index`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: srv.url, Cookie: cookie },
        body: new URLSearchParams({ intent: "issue", ...extra }).toString(),
      });
      expect(res.status).toBe(409);
      expect((await res.json()).errors._form).toMatch(/PUBLIC_BASE_URL/);
    }
    expect(certCount()).toBe(0);
  });
});
