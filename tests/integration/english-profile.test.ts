/**
 * English on the establishment profile, the producer's complaints, the invitation page, the prizes
 * of a public results page and the public dossier-status lookup (issue 12, item 12), through the
 * real server on this file's database: with the language cookie set to English, no text node of
 * <main> holds a Vietnamese letter except the data the test put there (names, titles, what people
 * wrote, place names). In Vietnamese the pages are unchanged.
 */
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { councilMembers, councils, councilVerdicts, entries, entryEvents, establishments, products, rounds, users } from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { loadPrincipal } from "~/lib/permissions.server";
import { buildRecognisedRound, type BuiltRound } from "~/modules/certificates/testdata.server";
import { answerComplaint, fileComplaint } from "~/modules/complaints/complaints.server";
import { issueInvitation } from "~/modules/invitations/invitations.server";
import { communeOptions, listProvinces } from "~/modules/units/units.server";
import { complaintsEn } from "~/i18n/complaints";
import { profileEn } from "~/i18n/profile";
import { startServer, type RunningServer } from "../helpers/server";
import { createBody, createOrganizer, createUser, province } from "../helpers/fixtures";

const VI = /[ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i;

let srv: RunningServer;
let enCookie = "";
let producerCookie = "";
let round: BuiltRound;
let complaintId = 0;
let memberToken = "";
let judgeToken = "";
const data: string[] = [];

// NUL characters: React 18.3's streaming renderer leaves one or two at a 2 KB chunk's end when a
// multi-byte letter does not fit (facebook/react#24985); they are not text, so they are dropped here.
const decode = (s: string) =>
  s.replace(/\u0000/g, "").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&nbsp;/g, " ");

/** The text nodes of <main> (or of the given fragment), trimmed, scripts left out. */
function texts(html: string, whole = true): string[] {
  let body = html;
  if (whole) {
    const m = html.match(/<main[^>]*>([\s\S]*)<\/main>/);
    expect(m, "page has a <main>").toBeTruthy();
    body = m![1]!;
  }
  return body
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<!-- -->/g, "")
    .split(/<[^>]+>/)
    .map((t) => decode(t).replace(/\s+/g, " ").trim())
    .filter(Boolean);
}

/** Text nodes with a Vietnamese letter once the known data values are taken out. */
function vietnameseLeft(nodes: string[]): string[] {
  const values = [...data].filter(Boolean).sort((a, b) => b.length - a.length);
  return nodes
    .map((t) => {
      let rest = t;
      for (const v of values) rest = rest.split(v).join(" ");
      return VI.test(rest) ? `${t} [left: ${rest.trim()}]` : "";
    })
    .filter(Boolean);
}

const title = (html: string) => decode(html.match(/<title>([^<]*)<\/title>/)?.[1] ?? "");

async function get(p: string, cookie: string) {
  const res = await fetch(`${srv.url}${p}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
  return { status: res.status, body: await res.text() };
}

const cookieOf = (setCookie: string) => setCookie.split(";")[0]!;

beforeAll(async () => {
  const bacNinh = province("24");
  const body = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bacNinh.id);
  const organizer = await createOrganizer("sct@example.vn", body.id);
  db.update(users).set({ fullName: "Nguyễn Thị Tổ Chức" }).where(eq(users.id, organizer)).run();
  const producer = await createUser("coso@example.vn", { fullName: "Trần Văn Chủ" });
  const commune = communeOptions(bacNinh.id)[0]!;
  round = buildRecognisedRound({
    bodyId: body.id,
    level: "province",
    unitId: bacNinh.id,
    year: 2026,
    title: "Bình chọn sản phẩm CNNT tiêu biểu tỉnh Bắc Ninh năm 2026",
    decision: { number: "1520/QĐ-UBND", signedOn: "2026-01-10", signerName: "Vương Quốc Tuấn", signerTitle: "Phó Chủ tịch UBND tỉnh", issuer: "Ủy ban nhân dân tỉnh Bắc Ninh" },
    products: [
      { name: "Đồ gỗ mỹ nghệ Đồng Kỵ", producer: "Công ty TNHH Đồ gỗ Đồng Kỵ", provinceId: bacNinh.id },
      { name: "Bình gốm men da lươn Phù Lãng", producer: "Hợp tác xã Gốm Phù Lãng", provinceId: bacNinh.id, unitId: commune.id, street: "Thôn Phù Lãng", ownerUserId: producer },
      { name: "Chum gốm Phù Lãng", producer: "Cơ sở phụ", provinceId: bacNinh.id, recognised: false },
    ],
  });
  // The third product belongs to the producer's establishment too (one establishment, two entries).
  const est = round.establishmentIds[1]!;
  db.update(products).set({ establishmentId: est }).where(eq(products.id, round.productIds[2]!)).run();
  db.update(entries).set({ establishmentId: est }).where(eq(entries.id, round.entryIds[2]!)).run();
  db.update(establishments)
    .set({ phone: "0912345678", representative: "Trần Văn Chủ", registrationNo: "2300123456", bankName: "Ngân hàng Nông nghiệp chi nhánh Bắc Ninh", bankAccountNo: "123456789", bankAccountHolder: "Hợp tác xã Gốm Phù Lãng" })
    .where(eq(establishments.id, est))
    .run();
  db.update(entries).set({ dossierNo: "HS2026-1-0002" }).where(eq(entries.id, round.entryIds[1]!)).run();
  for (const type of ["registered", "submitted", "accepted", "recognised"]) db.insert(entryEvents).values({ entryId: round.entryIds[1]!, type, actorUserId: producer }).run();
  // Prizes declared for the round; one by rank, one chosen by the council.
  db.update(rounds)
    .set({ prizes: [{ code: "A", name: "Giải A", count: 1, amountVnd: 5_000_000, mode: "rank" }, { code: "KK", name: "Giải Khuyến khích", count: 2, amountVnd: 1_000_000, mode: "council" }] })
    .where(eq(rounds.id, round.roundId))
    .run();
  db.update(councilVerdicts).set({ prizeCode: "A" }).where(eq(councilVerdicts.entryId, round.entryIds[0]!)).run();
  db.update(councilVerdicts).set({ prizeCode: "KK", prizeReason: "Sản phẩm truyền thống tiêu biểu" }).where(eq(councilVerdicts.entryId, round.entryIds[1]!)).run();

  // A complaint on the unrecognised entry, answered; the recognised one can still take a complaint.
  const filed = await fileComplaint(loadPrincipal(producer, false), { entryId: round.entryIds[2]!, body: "Sản phẩm đạt điểm cao nhưng không được công nhận, đề nghị xem xét lại." });
  complaintId = filed.id;
  answerComplaint(loadPrincipal(organizer, false), round.roundId, complaintId, { outcome: "rejected", response: "Thứ hạng tính đúng theo quy chế của kỳ bình chọn." });

  // Invitations: a member of the establishment, a judge of the council.
  const council = db.insert(councils).values({ roundId: round.roundId, name: "Hội đồng bình chọn tỉnh Bắc Ninh" }).returning().get();
  const seat = db.insert(councilMembers).values({ councilId: council.id, fullName: "Lê Thị Giám Khảo", role: "vice_chair", isJudge: true }).returning().get();
  db.transaction((tx) => {
    memberToken = issueInvitation(tx, { kind: "member", email: "thanhvien@example.vn", establishmentId: est, invitedBy: producer, greetingName: "Phạm Thành Viên" }).token;
    judgeToken = issueInvitation(tx, { kind: "judge", email: "giamkhao@example.vn", councilMemberId: seat.id, invitedBy: organizer }).token;
  });

  const row = db.select().from(establishments).where(eq(establishments.id, est)).get()!;
  data.push(
    "Bình chọn sản phẩm CNNT tiêu biểu tỉnh Bắc Ninh năm 2026",
    "Đồ gỗ mỹ nghệ Đồng Kỵ",
    "Công ty TNHH Đồ gỗ Đồng Kỵ",
    "Bình gốm men da lươn Phù Lãng",
    "Chum gốm Phù Lãng",
    "Cơ sở phụ",
    row.name,
    row.street ?? "",
    row.representative ?? "",
    row.bankName ?? "",
    "Giải A",
    "Giải Khuyến khích",
    "1520/QĐ-UBND",
    "Vương Quốc Tuấn",
    "Phó Chủ tịch UBND tỉnh",
    "Ủy ban nhân dân tỉnh Bắc Ninh",
    "Sở Công Thương tỉnh Bắc Ninh",
    "Sản phẩm đạt điểm cao nhưng không được công nhận, đề nghị xem xét lại.",
    "Thứ hạng tính đúng theo quy chế của kỳ bình chọn.",
    "Nguyễn Thị Tổ Chức",
    "Trần Văn Chủ",
    "Phạm Thành Viên",
    "Hội đồng bình chọn tỉnh Bắc Ninh",
    "Lê Thị Giám Khảo",
    // Place names: the official units, with their kind ("Tỉnh", "Xã"...) as part of the name.
    ...listProvinces().map((p) => `${p.kind} ${p.name}`),
    ...communeOptions(bacNinh.id).map((c) => c.label),
    "Bắc Ninh",
  );

  srv = await startServer({ dir: path.dirname(process.env.DATABASE_URL!) });
  const res = await fetch(`${srv.url}/ngon-ngu`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: srv.url },
    body: new URLSearchParams({ locale: "en", redirectTo: "/" }).toString(),
  });
  enCookie = res.headers.getSetCookie().map(cookieOf).join("; ");
  expect(enCookie).toMatch(/^lang=/);
  producerCookie = cookieOf(await startSession(producer));
}, 120_000);

afterAll(async () => {
  await srv?.stop();
});

describe("the producer's pages in English", () => {
  it("/co-so/thong-tin: English title, labels, hints and legal types; only data in Vietnamese", async () => {
    const { status, body } = await get("/co-so/thong-tin", `${producerCookie}; ${enCookie}`);
    expect(status).toBe(200);
    expect(title(body)).toBe("Establishment details - Typical rural industrial products");
    expect(body).toContain(profileEn["profile.bankLead"]);
    expect(body).toContain(">Cooperative<");
    expect(body).toContain(profileEn["profile.chooseCommune"]);
    expect(vietnameseLeft(texts(body))).toEqual([]);
  });

  it("/co-so/thong-tin after a failed save: the field errors are English too", async () => {
    const res = await fetch(`${srv.url}/co-so/thong-tin`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: srv.url, Cookie: `${producerCookie}; ${enCookie}` },
      body: new URLSearchParams({ name: "", legalType: "", provinceId: "", unitId: "", street: "", phone: "12", bankAccountNo: "12ab" }).toString(),
    });
    expect(res.status).toBe(400);
    const body = await res.text();
    const errors = [...body.matchAll(/class="field-error"[^>]*>([^<]*)</g)].map((m) => decode(m[1]!));
    expect(errors.length).toBeGreaterThan(2);
    expect(vietnameseLeft(texts(body))).toEqual([]);
  });

  it("/co-so/khieu-nai: the list and the new-complaint form", async () => {
    const { status, body } = await get("/co-so/khieu-nai", `${producerCookie}; ${enCookie}`);
    expect(status).toBe(200);
    expect(title(body)).toBe("Complaints about results - My establishment");
    expect(body).toContain(complaintsEn["filed"]);
    expect(body).toContain(complaintsEn["submit"]);
    expect(body).toContain(complaintsEn["status.closed"]);
    expect(body).toContain('name="body"');
    expect(vietnameseLeft(texts(body))).toEqual([]);
  });

  it("/co-so/khieu-nai: a form error (no product chosen) is English", async () => {
    const form = new FormData();
    form.set("entryId", "");
    form.set("body", "x");
    const res = await fetch(`${srv.url}/co-so/khieu-nai`, { method: "POST", redirect: "manual", headers: { Origin: srv.url, Cookie: `${producerCookie}; ${enCookie}` }, body: form });
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body).toContain(complaintsEn["pickProduct"]);
    expect(vietnameseLeft(texts(body))).toEqual([]);
  });

  it("/co-so/khieu-nai/<id>: status, outcome, answer and steps in English", async () => {
    const { status, body } = await get(`/co-so/khieu-nai/${complaintId}?da-nop=1`, `${producerCookie}; ${enCookie}`);
    expect(status).toBe(200);
    expect(title(body)).toMatch(/^Complaint KN-\d{4}-0001 - My establishment$/);
    expect(body).toContain(complaintsEn["outcome.rejected"]);
    expect(body).toContain(complaintsEn["event.answered"]);
    expect(body).toContain(`${complaintsEn["outcome.rejected"]}. Thứ hạng tính đúng`);
    expect(body).toMatch(/>0 files attached\.</);
    expect(vietnameseLeft(texts(body))).toEqual([]);
  });
});

describe("the entry's timeline (app/ui/Timeline.tsx) on the producer's entry page", () => {
  it("is English in English, Vietnamese otherwise", async () => {
    const en = await get(`/co-so/du-thi/${round.entryIds[1]}`, `${producerCookie}; ${enCookie}`);
    expect(en.status).toBe(200);
    const section = (html: string) => html.match(/<section class="card"><h2>[^<]*<\/h2><ol class="timeline">[\s\S]*?<\/section>/)?.[0] ?? "";
    const enTimeline = section(en.body);
    expect(enTimeline).toContain(`<h2>${profileEn["timeline.title"]}</h2>`);
    expect(enTimeline).toContain("<strong>Dossier accepted</strong>");
    expect(vietnameseLeft(texts(enTimeline, false))).toEqual([]);
    const vi = await get(`/co-so/du-thi/${round.entryIds[1]}`, producerCookie);
    const viTimeline = section(vi.body);
    expect(viTimeline).toContain("<h2>Tiến trình</h2>");
    expect(viTimeline).toContain("<strong>Hồ sơ hợp lệ</strong>");
  });
});

describe("a certificate that is not the producer's", () => {
  it("/co-so/chung-nhan/<id>: 404 with the message in the reader's language", async () => {
    for (const id of ["999999", "abc"]) {
      const en = await get(`/co-so/chung-nhan/${id}`, `${producerCookie}; ${enCookie}`);
      expect(en.status).toBe(404);
      expect(JSON.parse(en.body).message).toBe("This certificate was not found.");
      const vi = await get(`/co-so/chung-nhan/${id}`, producerCookie);
      expect(vi.status).toBe(404);
      expect(JSON.parse(vi.body).message).toBe("Không tìm thấy giấy chứng nhận này.");
    }
  });
});

describe("the invitation page in English", () => {
  it("/moi/<token> for a member of an establishment", async () => {
    const { status, body } = await get(`/moi/${memberToken}`, enCookie);
    expect(status).toBe(200);
    expect(title(body)).toBe("Accept an invitation - Typical rural industrial products");
    expect(body).toContain(profileEn["inv.memberNote"]);
    expect(body).toContain(profileEn["inv.createAndAccept"]);
    expect(vietnameseLeft(texts(body))).toEqual([]);
  });

  it("/moi/<token>: a refused account form is told in English", async () => {
    const res = await fetch(`${srv.url}/moi/${memberToken}`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: srv.url, Cookie: enCookie },
      body: new URLSearchParams({ intent: "create", fullName: "", password: "123", passwordConfirm: "456" }).toString(),
    });
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body).toContain('class="field-error"');
    expect(vietnameseLeft(texts(body))).toEqual([]);
  });

  it("/moi/<token> for a judge: the seat is English, the council's name stays", async () => {
    const { status, body } = await get(`/moi/${judgeToken}`, enCookie);
    expect(status).toBe(200);
    expect(body).toContain("Vice-chair of the Council, scoring judge");
    expect(body).toContain("Hội đồng bình chọn tỉnh Bắc Ninh");
    expect(vietnameseLeft(texts(body))).toEqual([]);
  });

  it("an unknown link: 404 with an English explanation", async () => {
    const { status, body } = await get("/moi/khong-co-loi-moi-nay", enCookie);
    expect(status).toBe(404);
    expect(body).toContain(profileEn["inv.unknown"]);
    expect(vietnameseLeft(texts(body))).toEqual([]);
  });
});

describe("public pages in English", () => {
  it("ket-qua/<id>: the prizes section is English (amounts in VND), prize names as declared", async () => {
    const { status, body } = await get(`/ket-qua/${round.roundId}`, enCookie);
    expect(status).toBe(200);
    const section = body.match(/<section class="card prizes"[\s\S]*?<\/section>/)?.[0] ?? "";
    expect(section).toContain(`<h2>${profileEn["prizes.title"]}</h2>`);
    expect(section).toContain("VND 5,000,000");
    expect(section).toContain("chosen by the council");
    expect(section).not.toContain("Sản phẩm truyền thống tiêu biểu"); // the reason is for organizers only
    expect(vietnameseLeft(texts(section, false))).toEqual([]);
    expect(vietnameseLeft(texts(body))).toEqual([]);
  });

  it("tra-cuu-ho-so with a found dossier", async () => {
    const { status, body } = await get(`/tra-cuu-ho-so?so=HS2026-1-0002&dt=0912345678`, enCookie);
    expect(status).toBe(200);
    expect(body).toContain("HS2026-1-0002");
    expect(body).toContain("Bình gốm men da lươn Phù Lãng");
    expect(vietnameseLeft(texts(body))).toEqual([]);
  });
});

describe("Vietnamese unchanged", () => {
  it("the same pages without the cookie", async () => {
    const profile = await get("/co-so/thong-tin", producerCookie);
    expect(title(profile.body)).toBe("Thông tin cơ sở - Bình chọn sản phẩm CNNT tiêu biểu");
    expect(profile.body).toContain("<legend>Tài khoản ngân hàng (không bắt buộc)</legend>");
    expect(profile.body).toContain(">Hợp tác xã<");
    const list = await get("/co-so/khieu-nai", producerCookie);
    expect(title(list.body)).toBe("Khiếu nại kết quả - Cơ sở của tôi");
    expect(list.body).toContain("<h1>Khiếu nại kết quả bình chọn</h1>");
    expect(list.body).toContain("Nộp khiếu nại mới");
    const one = await get(`/co-so/khieu-nai/${complaintId}`, producerCookie);
    expect(one.body).toContain("Khiếu nại sai (không chấp nhận)");
    expect(one.body).toContain("<h2>Các bước giải quyết</h2>");
    expect(one.body).toContain("0 tệp kèm theo.");
    const inv = await get(`/moi/${memberToken}`, "");
    expect(texts(inv.body).join(" ")).toContain("Bạn được mời tham gia cơ sở Hợp tác xã Gốm Phù Lãng với tư cách thành viên, để cùng quản lý thông tin cơ sở, sản phẩm và hồ sơ dự thi.");
    const judge = await get(`/moi/${judgeToken}`, "");
    expect(judge.body).toContain("Phó Chủ tịch Hội đồng, giám khảo chấm điểm");
    const results = await get(`/ket-qua/${round.roundId}`, "");
    expect(results.body).toContain("<h2>Giải thưởng</h2>");
    const prizes = texts(results.body.match(/<section class="card prizes"[\s\S]*?<\/section>/)?.[0] ?? "", false).join(" ");
    expect(prizes).toContain("Giải A (5.000.000 đ × 1)");
    expect(prizes).toContain("Giải Khuyến khích (1.000.000 đ × 2, hội đồng chọn)");
    expect(prizes).toContain("hạng 1");
  });
});
