/**
 * One-way actions need a confirmation (docs/decisions/0022-confirmations.md), through the real
 * route actions and the confirm page's loader on a real database: refused without a token (4xx,
 * nothing changed), with a token of another action, round, user or an older state; done with a
 * valid one, with a specific message; closing intake tells the producers with drafts, once.
 */
import type { ActionFunction, LoaderFunction } from "@remix-run/node";
import { eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, certificates, councilMembers, councils, entries, establishmentMembers, establishments, mailOutbox, notifications, products, rounds } from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { checkConfirmation, CONFIRM_FIELD, CONFIRM_TTL_MS, signConfirmation } from "~/lib/confirm.server";
import { todayInVietnam } from "~/lib/dates";
import { db } from "~/lib/db.server";
import { loadPrincipal } from "~/lib/permissions.server";
import { buildRecognisedRound, type BuiltRound } from "~/modules/certificates/testdata.server";
import { action as certsAction } from "~/routes/to-chuc.vong.$roundId_.chung-nhan._index";
import { action as settingsAction } from "~/routes/to-chuc.vong.$roundId_.thiet-lap";
import { loader as confirmLoader } from "~/routes/to-chuc.vong.$roundId_.xac-nhan";
import { createBody, createOrganizer, createRound, createUser, province, requestWithCookie } from "../helpers/fixtures";

type Who = "bn" | "bn2" | "tn" | "producer" | "anonymous";
const cookie: Partial<Record<Who, string | null>> = { anonymous: null };
const ids: Record<string, string> = {};
let roundId = 0;
let otherRoundId = 0;
let bnBodyId = 0;
let bacNinhId = 0;
const estIds: number[] = [];
const draftIds: number[] = [];
let submittedId = 0;
/** The published deadline: 40 days from today. */
let deadline = "";

function addDays(iso: string, days: number) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

async function call(fn: LoaderFunction | ActionFunction, who: Who, params: Record<string, string>, init?: RequestInit, url = "/x") {
  try {
    const res = (await fn({ request: requestWithCookie(url, cookie[who] ?? null, init), params, context: {} })) as Response;
    return { status: res.status, location: res.headers.get("Location"), data: res.headers.get("Content-Type")?.includes("json") ? await res.json() : null };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, location: e.headers.get("Location"), data: e.headers.get("Content-Type")?.includes("json") ? await e.json() : null };
    throw e;
  }
}
const post = (fields: Record<string, string>): RequestInit => ({ method: "POST", body: new URLSearchParams(fields) });

/** Opens the confirm page as `who` and returns its data (consequence, token). */
async function confirmPage(who: Who, id: number, action: string, extra = "") {
  return call(confirmLoader, who, { roundId: String(id) }, undefined, `/to-chuc/vong/${id}/xac-nhan?hanh-dong=${action}${extra}`);
}
async function tokenFor(who: Who, id: number, action: string): Promise<string> {
  const r = await confirmPage(who, id, action);
  expect(r.status).toBe(200);
  expect(r.data.token, JSON.stringify(r.data.consequence.blocked)).toBeTruthy();
  return r.data.token as string;
}
const roundRow = (id = roundId) => db.select().from(rounds).where(eq(rounds.id, id)).get()!;
const status = (to: string, token?: string) => post({ intent: "status", to, ...(token ? { [CONFIRM_FIELD]: token } : {}) });

beforeAll(async () => {
  const bacNinh = province("24");
  bacNinhId = bacNinh.id;
  const thaiNguyen = province("19");
  const bnBody = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bacNinh.id);
  bnBodyId = bnBody.id;
  const tnBody = createBody("Sở Công Thương tỉnh Thái Nguyên", "province", thaiNguyen.id);
  ids.bn = await createOrganizer("bn@example.vn", bnBody.id);
  ids.bn2 = await createOrganizer("bn2@example.vn", bnBody.id);
  ids.tn = await createOrganizer("tn@example.vn", tnBody.id);
  ids.producer = await createUser("cs@example.vn");
  deadline = addDays(todayInVietnam(), 40);
  roundId = createRound(bnBody.id, "province", bacNinh.id, "Bình chọn sản phẩm CNNT tiêu biểu tỉnh Bắc Ninh 2026", {
    status: "open",
    registrationOpensOn: "2026-01-01",
    registrationClosesOn: deadline,
    minJudgesPerEntry: 1,
  }).id;
  otherRoundId = createRound(bnBody.id, "province", bacNinh.id, "Vòng khác của Bắc Ninh", { status: "open", registrationOpensOn: "2026-01-01", registrationClosesOn: deadline }).id;
  // Three establishments: A (one draft, two members), B (two drafts), C (a submitted entry only).
  const users: string[][] = [[ids.producer!, await createUser("a2@example.vn")], [await createUser("b@example.vn")], [await createUser("c@example.vn")]];
  for (const [i, name] of ["Cơ sở A", "Cơ sở B", "Cơ sở C"].entries()) {
    const est = db.insert(establishments).values({ legalType: "sme", name, provinceId: bacNinh.id, street: "Thôn 1" }).returning().get();
    estIds.push(est.id);
    for (const u of users[i]!) db.insert(establishmentMembers).values({ establishmentId: est.id, userId: u, role: "owner" }).run();
  }
  const entry = (est: number, name: string, st: "draft" | "submitted" | "accepted") => {
    const product = db.insert(products).values({ establishmentId: est, name, productGroupId: 1 }).returning().get();
    return db.insert(entries).values({ roundId, productId: product.id, establishmentId: est, status: st }).returning().get().id;
  };
  draftIds.push(entry(estIds[0]!, "Bình gốm", "draft"), entry(estIds[1]!, "Chổi đót", "draft"), entry(estIds[1]!, "Nón lá", "draft"));
  submittedId = entry(estIds[2]!, "Tranh Đông Hồ", "submitted");
  for (const who of ["bn", "bn2", "tn", "producer"] as const) cookie[who] = await startSession(ids[who]!);
  // Unrelated audit rows, so audit ids never coincide with entry ids (that once hid a wrong join).
  db.insert(auditLog).values(Array.from({ length: 37 }, () => ({ actorUserId: null, action: "test.filler", objectType: "test" }))).run();
});

describe("the confirm page", () => {
  it("states closing intake with numbers: drafts, establishments, the deadline and how early", async () => {
    const r = await confirmPage("bn", roundId, "dong-nhan-ho-so");
    expect(r.status).toBe(200);
    const c = r.data.consequence;
    expect(c.title).toBe("Đóng nhận hồ sơ?");
    const [y, m, d] = deadline.split("-");
    expect(c.lines).toEqual([
      "3 hồ sơ nháp của 2 cơ sở sẽ không được nộp nữa.",
      "2 cơ sở sẽ được thông báo (trong ứng dụng và qua email).",
      "1 hồ sơ đã nộp vẫn được xử lý tiếp nhận như thường.",
      `Hạn nộp đã công bố là ${d}/${m}/${y}: đóng sớm 40 ngày.`,
      "Có thể mở lại nhận hồ sơ sau, nhưng thông báo đã gửi không thu hồi được.",
    ]);
    expect(c.blocked).toEqual([]);
    expect(c.target).toBe(`/to-chuc/vong/${roundId}/thiet-lap`);
    expect(c.fields).toEqual({ intent: "status", to: "intake_closed" });
    expect(c.state).toBeUndefined();
    expect(r.data.token).toMatch(/^[\w-]+\.[\w-]+$/);
  });

  it("is refused to a producer (403), another province's organizer (404), anonymous (log in), and for an unknown action (404)", async () => {
    expect((await confirmPage("producer", roundId, "dong-nhan-ho-so")).status).toBe(403);
    expect((await confirmPage("tn", roundId, "dong-nhan-ho-so")).status).toBe(404);
    expect((await confirmPage("tn", roundId, "cap-giay-chung-nhan")).status).toBe(404);
    const anon = await confirmPage("anonymous", roundId, "dong-nhan-ho-so");
    expect(anon.status).toBe(302);
    expect(anon.location).toMatch(/^\/dang-nhap\?next=/);
    expect((await confirmPage("bn", roundId, "xoa-het")).status).toBe(404);
    expect((await confirmPage("bn", 999999, "dong-nhan-ho-so")).status).toBe(404);
  });

  it("gives no token for an action that would be refused now, and says why", async () => {
    const r = await confirmPage("bn", roundId, "bat-dau-cham");
    expect(r.status).toBe(200);
    expect(r.data.token).toBeNull();
    expect(r.data.consequence.blocked.join(" ")).toMatch(/không còn ở trạng thái cho phép/);
  });
});

describe("tokens", () => {
  const subject = { userId: "u1", roundId: 5, action: "dong-nhan-ho-so", state: "open:3" };
  it("refuses a missing (428), forged or foreign (400), expired or stale (409) token", () => {
    const t = signConfirmation(subject);
    expect(() => checkConfirmation(t, subject)).not.toThrow();
    const code = (token: unknown, s = subject, now?: number) => {
      try {
        checkConfirmation(token as string, s, now);
        return 200;
      } catch (e) {
        return (e as { status: number }).status;
      }
    };
    expect(code(null)).toBe(428);
    expect(code("   ")).toBe(428);
    expect(code("abc")).toBe(400);
    expect(code(`${t}x`)).toBe(400);
    expect(code(t, { ...subject, userId: "u2" })).toBe(400);
    expect(code(t, { ...subject, roundId: 6 })).toBe(400);
    expect(code(t, { ...subject, action: "bat-dau-cham" })).toBe(400);
    expect(code(t, { ...subject, state: "open:4" })).toBe(409);
    expect(code(t, subject, Date.now() + CONFIRM_TTL_MS + 1000)).toBe(409);
  });
});

describe("closing intake", () => {
  it("without a token: 428, nothing changed, nobody told", async () => {
    const before = roundRow();
    const r = await call(settingsAction, "bn", { roundId: String(roundId) }, status("intake_closed"));
    expect(r.status).toBe(428);
    expect(r.data.message).toMatch(/cần xác nhận/);
    expect(roundRow()).toMatchObject({ status: "open", version: before.version });
    expect(db.select().from(notifications).all()).toHaveLength(0);
  });

  it("refuses a token for another action, another round, another organizer, or after the round changed", async () => {
    expect((await confirmPage("bn", roundId, "luu-tru")).data.token).toBeNull(); // archiving is not possible now: no token at all
    const other = await tokenFor("bn", otherRoundId, "dong-nhan-ho-so");
    expect((await call(settingsAction, "bn", { roundId: String(roundId) }, status("intake_closed", other))).status).toBe(400);
    const byColleague = await tokenFor("bn2", roundId, "dong-nhan-ho-so");
    expect((await call(settingsAction, "bn", { roundId: String(roundId) }, status("intake_closed", byColleague))).status).toBe(400);
    // A token names its action: one made for archiving this round does not close it.
    const version = roundRow().version;
    const archiving = signConfirmation({ userId: ids.bn!, roundId, action: "luu-tru", state: `open:${version}:3:2` });
    expect((await call(settingsAction, "bn", { roundId: String(roundId) }, status("intake_closed", archiving))).status).toBe(400);
    // And a closing token does not make a move the round cannot make.
    const mine = await tokenFor("bn", roundId, "dong-nhan-ho-so");
    expect((await call(settingsAction, "bn", { roundId: String(roundId) }, status("archived", mine))).status).toBe(409);
    // The round changes after the confirmation (a setting saved): stale.
    db.update(rounds).set({ version: sql`${rounds.version} + 1` }).where(eq(rounds.id, roundId)).run();
    const stale = await call(settingsAction, "bn", { roundId: String(roundId) }, status("intake_closed", mine));
    expect(stale.status).toBe(409);
    expect(stale.data.message).toMatch(/đã thay đổi kể từ lúc bạn xác nhận/);
    // A new draft after the confirmation changes the numbers: stale too.
    const fresh = await tokenFor("bn", roundId, "dong-nhan-ho-so");
    const product = db.insert(products).values({ establishmentId: estIds[2]!, name: "Tranh Hàng Trống", productGroupId: 1 }).returning().get();
    const late = db.insert(entries).values({ roundId, productId: product.id, establishmentId: estIds[2]!, status: "draft" }).returning().get();
    expect((await call(settingsAction, "bn", { roundId: String(roundId) }, status("intake_closed", fresh))).status).toBe(409);
    db.delete(entries).where(eq(entries.id, late.id)).run();
    db.delete(products).where(eq(products.id, product.id)).run();
    expect(roundRow().status).toBe("open");
    expect(db.select().from(notifications).all()).toHaveLength(0);
  });

  it("with a valid token: closes, tells exactly the producers with drafts, and says so", async () => {
    const token = await tokenFor("bn", roundId, "dong-nhan-ho-so");
    const r = await call(settingsAction, "bn", { roundId: String(roundId) }, status("intake_closed", token));
    expect(r.status).toBe(302);
    expect(r.location).toBe(`/to-chuc/vong/${roundId}/thiet-lap?trang-thai=intake_closed&tu=open&co-so=2&nhap=3`);
    expect(roundRow().status).toBe("intake_closed");
    // A's two members and B's one member; not C (submitted only), not the organizer.
    const told = db.select().from(notifications).where(eq(notifications.kind, "round.intake_closed")).all();
    const members = (est: number) =>
      db.select({ id: establishmentMembers.userId }).from(establishmentMembers).where(eq(establishmentMembers.establishmentId, est)).all().map((m) => m.id);
    expect(told.map((n) => n.userId).sort()).toEqual([...members(estIds[0]!), ...members(estIds[1]!)].sort());
    const forB = told.find((n) => n.userId === members(estIds[1]!)[0])!;
    expect(forB.body).toMatch(/2 hồ sơ nháp chưa nộp \("Chổi đót", "Nón lá"\)/);
    expect(forB.body).toMatch(/trước hạn đã công bố/);
    expect(forB.link).toBe("/co-so");
    expect(told.find((n) => n.userId === ids.producer)!.link).toBe(`/co-so/du-thi/${draftIds[0]}`);
    expect(db.select().from(mailOutbox).where(eq(mailOutbox.subject, told[0]!.title)).all()).toHaveLength(3);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "entry.intake_closed_notice")).all().map((a) => Number(a.objectId)).sort()).toEqual([...draftIds].sort());
    // The same token cannot be used again (the round moved on).
    expect((await call(settingsAction, "bn", { roundId: String(roundId) }, status("intake_closed", token))).status).toBe(409);
  });

  it("reopening needs no confirmation; closing again does not tell the same drafts twice", async () => {
    const reopen = await call(settingsAction, "bn", { roundId: String(roundId) }, status("open"));
    expect(reopen.status).toBe(302);
    expect(reopen.location).toContain("trang-thai=open&tu=intake_closed");
    const page = await confirmPage("bn", roundId, "dong-nhan-ho-so");
    expect(page.data.consequence.lines[1]).toBe("Không cơ sở nào cần thông báo thêm: 2 cơ sở đã được thông báo lần đóng trước.");
    const r = await call(settingsAction, "bn", { roundId: String(roundId) }, status("intake_closed", page.data.token));
    expect(r.status).toBe(302);
    expect(r.location).toContain("co-so=0&nhap=3");
    expect(db.select().from(notifications).where(eq(notifications.kind, "round.intake_closed")).all()).toHaveLength(3);
  });
});

describe("starting to score", () => {
  it("states the freeze and the numbers; refused without a token; done with one", async () => {
    db.update(entries).set({ status: "accepted" }).where(eq(entries.id, submittedId)).run();
    const council = db.insert(councils).values({ roundId, name: "Hội đồng" }).returning().get();
    db.insert(councilMembers).values({ councilId: council.id, fullName: "Giám khảo 1", role: "member" }).run();
    const page = await confirmPage("bn", roundId, "bat-dau-cham");
    expect(page.data.consequence.lines[0]).toMatch(/^Sau khi bắt đầu chấm, các thiết lập bị khóa: điểm đạt, /);
    expect(page.data.consequence.lines[1]).toBe("1 hồ sơ hợp lệ sẽ được chấm bởi 1 giám khảo (1 phiếu chấm).");
    const before = roundRow();
    const refused = await call(settingsAction, "bn", { roundId: String(roundId) }, status("scoring"));
    expect(refused.status).toBe(428);
    expect(roundRow()).toMatchObject({ status: "intake_closed", version: before.version, scoringStartedAt: null });
    const ok = await call(settingsAction, "bn", { roundId: String(roundId) }, status("scoring", page.data.token));
    expect(ok.status).toBe(302);
    expect(ok.location).toContain("trang-thai=scoring&tu=intake_closed");
    expect(roundRow().status).toBe("scoring");
    // Moving back and forth between scoring and review needs no confirmation.
    expect((await call(settingsAction, "bn", { roundId: String(roundId) }, status("results_review"))).status).toBe(302);
    expect((await call(settingsAction, "bn", { roundId: String(roundId) }, status("scoring"))).status).toBe(302);
  });
});

describe("opening and archiving", () => {
  it("opening a draft round and archiving a published one are refused without a token", async () => {
    const draft = createRound(bnBodyId, "province", bacNinhId, "Vòng nháp 2027", { status: "draft", registrationOpensOn: "2027-01-01", registrationClosesOn: "2027-03-01" });
    expect((await call(settingsAction, "bn", { roundId: String(draft.id) }, status("open"))).status).toBe(428);
    expect(roundRow(draft.id).status).toBe("draft");
    const ok = await call(settingsAction, "bn", { roundId: String(draft.id) }, status("open", await tokenFor("bn", draft.id, "mo-nhan-ho-so")));
    expect(ok.status).toBe(302);
    expect(roundRow(draft.id).status).toBe("open");
    const published = createRound(bnBodyId, "province", bacNinhId, "Vòng đã công bố", { status: "published" });
    expect((await call(settingsAction, "bn", { roundId: String(published.id) }, status("archived"))).status).toBe(428);
    expect(roundRow(published.id).status).toBe("published");
    expect((await call(settingsAction, "bn", { roundId: String(published.id) }, status("archived", await tokenFor("bn", published.id, "luu-tru")))).status).toBe(302);
    expect(roundRow(published.id).status).toBe("archived");
  });
  it("another province's organizer and a producer are refused before any token matters", async () => {
    expect((await call(settingsAction, "tn", { roundId: String(roundId) }, status("archived"))).status).toBe(404);
    expect((await call(settingsAction, "producer", { roundId: String(roundId) }, status("archived"))).status).toBe(403);
  });
});

describe("issuing certificates", () => {
  let built: BuiltRound;
  beforeAll(() => {
    built = buildRecognisedRound({
      bodyId: bnBodyId,
      level: "province",
      unitId: bacNinhId,
      year: 2026,
      title: "Vòng tỉnh Bắc Ninh đã công bố",
      decision: { number: "1520/QĐ-UBND", signedOn: "2026-01-10", signerName: "Vương Quốc Tuấn", signerTitle: "Phó Chủ tịch UBND tỉnh", issuer: "Ủy ban nhân dân tỉnh Bắc Ninh" },
      products: [
        { name: "Bình gốm men da lươn", producer: "HTX Gốm", provinceId: bacNinhId },
        { name: "Nồi nhôm đúc", producer: "Công ty Nhôm", provinceId: bacNinhId, recognised: false },
      ],
    });
  });
  const certs = () => db.select().from(certificates).all().filter((c) => built.entryIds.includes(c.entryId));

  it("the confirm page says how many and that they cannot be deleted; carries the issue date", async () => {
    const r = await confirmPage("bn", built.roundId, "cap-giay-chung-nhan", "&issuedOn=2026-02-01");
    expect(r.status).toBe(200);
    expect(r.data.consequence.lines).toEqual([
      "1 giấy chứng nhận sẽ được cấp số và tạo tệp PDF.",
      "Giấy chứng nhận đã cấp không xóa được, chỉ thu hồi được (kèm lý do, công khai trên trang xác thực).",
      "Ngày cấp ghi trên giấy: 01/02/2026.",
    ]);
    expect(r.data.consequence.target).toBe(`/to-chuc/vong/${built.roundId}/chung-nhan?index`);
    expect(r.data.values).toEqual({ issuedOn: "2026-02-01" });
  });

  it("refused without a token or with a token of another round; issued with one", async () => {
    const params = { roundId: String(built.roundId) };
    const none = await call(certsAction, "bn", params, post({ intent: "issue", async: "1" }));
    expect(none.status).toBe(428);
    expect(none.data.errors._form).toMatch(/cần xác nhận/);
    const foreign = await tokenFor("bn", otherRoundId, "dong-nhan-ho-so");
    expect((await call(certsAction, "bn", params, post({ intent: "issue", [CONFIRM_FIELD]: foreign }))).status).toBe(400);
    expect(certs()).toHaveLength(0);
    expect((await call(certsAction, "tn", params, post({ intent: "issue" }))).status).toBe(404);
    const token = await tokenFor("bn", built.roundId, "cap-giay-chung-nhan");
    const ok = await call(certsAction, "bn", params, post({ intent: "issue", issuedOn: "2026-02-01", [CONFIRM_FIELD]: token }));
    expect(ok.status).toBe(302);
    expect(ok.location).toBe(`/to-chuc/vong/${built.roundId}/chung-nhan?da-cap=1&tep=1`);
    expect(certs()).toHaveLength(1);
    // The same token again: the facts changed (1 issued), refused.
    expect((await call(certsAction, "bn", params, post({ intent: "issue", [CONFIRM_FIELD]: token }))).status).toBe(409);
    const again = await confirmPage("bn", built.roundId, "cap-giay-chung-nhan");
    expect(again.data.consequence.lines[0]).toBe("Không có giấy chứng nhận mới để cấp (đã cấp 1 giấy); các tệp PDF còn thiếu sẽ được tạo lại.");
  });
});

describe("close stage and publish (for the results page)", () => {
  it("computes their consequences and tokens for the round's organizer only", async () => {
    const review = buildRecognisedRound({
      bodyId: bnBodyId,
      level: "province",
      unitId: bacNinhId,
      year: 2027,
      title: "Vòng đang xét kết quả",
      status: "results_review",
      products: [{ name: "Tranh Đông Hồ", producer: "Cơ sở tranh", provinceId: bacNinhId }],
    });
    db.update(entries).set({ status: "scored" }).where(inArray(entries.id, review.entryIds)).run();
    const publish = await confirmPage("bn", review.roundId, "cong-bo");
    expect(publish.status).toBe(200);
    expect(publish.data.consequence.lines[0]).toMatch(/^1 sản phẩm được công nhận theo Quyết định số \d+\/QĐ-UBND, 0 sản phẩm không được công nhận\.$/);
    expect(publish.data.consequence.lines[1]).toBe("Kết quả hiển thị công khai; 1 cơ sở sẽ được thông báo (trong ứng dụng và qua email).");
    expect(publish.data.consequence.blocked).toEqual([]);
    expect(publish.data.consequence.fields).toEqual({ intent: "publish" });
    expect(publish.data.token).toBeTruthy();
    const close = await confirmPage("bn", review.roundId, "khoa-vong-cham");
    expect(close.status).toBe(200);
    expect(close.data.consequence.blocked).toEqual(["Kỳ bình chọn không ở giai đoạn chấm điểm."]);
    expect((await confirmPage("tn", review.roundId, "cong-bo")).status).toBe(404);
    expect((await confirmPage("producer", review.roundId, "cong-bo")).status).toBe(403);
    expect((await confirmPage("tn", review.roundId, "khoa-vong-cham")).status).toBe(404);
  });
});
