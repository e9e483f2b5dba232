/**
 * A public site a citizen trusts (issue 12, items 10 and 11), through the real server: every page
 * names the managing authority, the operator and how to reach them (the administrator sets them,
 * the demo fills them; a change shows at once, past the page cache); about, privacy and
 * accessibility pages; a verification that finds nothing says what to do about a suspected fake,
 * and a verified certificate links to its product.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../helpers/server";

let srv: RunningServer;

async function login(email: string) {
  const res = await fetch(`${srv.url}/dang-nhap`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: srv.url },
    body: new URLSearchParams({ email, password: "demo12345" }).toString(),
  });
  expect(res.status).toBe(302);
  return res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}

function post(path: string, cookie: string, fields: Record<string, string>) {
  return fetch(`${srv.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: srv.url, Cookie: cookie },
    body: new URLSearchParams(fields).toString(),
  });
}

const html = async (path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${srv.url}${path}`, { headers });
  return { status: res.status, body: await res.text(), cache: res.headers.get("x-page-cache") };
};

const NEW = {
  authority: "Sở Công Thương tỉnh Thái Nguyên",
  operator: "Trung tâm Khuyến công Thái Nguyên",
  address: "Số 4 đường Hoàng Văn Thụ, phường Phan Đình Phùng, tỉnh Thái Nguyên",
  hotline: "0208 3855 777",
  email: "khuyencong@thainguyen.gov.vn",
  responsible: "Phó Giám đốc Sở Lê Thị Hoa",
};

beforeAll(async () => {
  srv = await startServer({ seedDemo: true });
}, 120_000);

afterAll(async () => {
  await srv?.stop();
});

describe("who runs the site", () => {
  it("every public page's footer names the authority, the operator, a hotline and an email (the demo's)", async () => {
    for (const path of ["/", "/tra-cuu", "/gioi-thieu", "/quyen-rieng-tu", "/tiep-can", "/khong-co-trang-nay"]) {
      const { body } = await html(path);
      expect(body, path).toContain("Sở Công Thương tỉnh Bắc Ninh (bản dùng thử)");
      expect(body, path).toContain('href="tel:02223822123"');
      expect(body, path).toContain('href="mailto:khuyencong@demo.cnnt.vn"');
      expect(body, path).toContain('href="/quyen-rieng-tu"');
      expect(body, path).toContain('href="/tiep-can"');
    }
    expect((await html("/quyen-rieng-tu")).body).toContain("Nghị định 13/2023/NĐ-CP");
    expect((await html("/tiep-can")).body).toContain("WCAG 2.1");
  });

  it("the administrator's change shows on the next anonymous request (past the page cache)", async () => {
    await html("/");
    expect((await html("/")).cache).toBe("hit");
    const admin = await login("quantri@demo.cnnt.vn");
    const res = await post("/quan-tri/thong-tin", admin, NEW);
    expect(res.status).toBe(302);
    const after = await html("/");
    expect(after.body).toContain("Sở Công Thương tỉnh Thái Nguyên");
    expect(after.body).toContain('href="tel:02083855777"');
    expect(after.body).not.toContain("Sở Công Thương tỉnh Bắc Ninh (bản dùng thử)");
  });

  it("refuses bad details with a message per field, and anyone but the administrator, saving nothing", async () => {
    const admin = await login("quantri@demo.cnnt.vn");
    const bad = await post("/quan-tri/thong-tin?_data=routes%2Fquan-tri.thong-tin", admin, { ...NEW, hotline: "gọi tôi", email: "khong-phai-email", authority: "" });
    expect(bad.status).toBe(400);
    const { errors } = await bad.json();
    expect(errors.hotline).toMatch(/chữ số/);
    expect(errors.email).toMatch(/không đúng dạng/);
    expect(errors.authority).toMatch(/cơ quan chủ quản/);
    const producer = await login("coso@demo.cnnt.vn");
    const refused = await post("/quan-tri/thong-tin", producer, { ...NEW, authority: "Kẻ mạo danh" });
    expect([403, 404]).toContain(refused.status);
    const anon = await post("/quan-tri/thong-tin", "", { ...NEW, authority: "Kẻ mạo danh" });
    expect(anon.status).toBeGreaterThanOrEqual(300);
    const page = (await html("/")).body;
    expect(page).toContain("Sở Công Thương tỉnh Thái Nguyên");
    expect(page).not.toContain("Kẻ mạo danh");
  });
});

describe("verification that finds nothing", () => {
  it("a code that matches no certificate: 404 with what to do about a suspected fake", async () => {
    const res = await html("/xac-thuc/AAAAAAAAAAAAAAAA");
    expect(res.status).toBe(404);
    expect(res.body).toContain("Nghi ngờ giấy chứng nhận giả?");
    expect(res.body).toContain('href="/xac-thuc"');
  });

  it("a number that matches nothing: the same advice", async () => {
    const res = await html("/xac-thuc?so=999%2FGCN-QG-1999");
    expect(res.status).toBe(404);
    expect(res.body).toContain("Nghi ngờ giấy chứng nhận giả?");
  });

  it("a verified certificate links to its product's page", async () => {
    const search = (await html("/tra-cuu")).body;
    const product = /href="\/san-pham\/(\d+)"/.exec(search)![1];
    const page = (await html(`/san-pham/${product}`)).body;
    const number = /(\d+\/GCN[^<"]*)/.exec(page)?.[1];
    expect(number).toBeDefined();
    const v = await html(`/xac-thuc?so=${encodeURIComponent(number!)}`);
    expect(v.status).toBe(200);
    expect(v.body).toContain(`href="/san-pham/${product}"`);
  });
});
