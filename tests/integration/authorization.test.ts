/**
 * Every loader of the foundation's pages, asked by every kind of user: anonymous visitors are sent
 * to log in, users without the role get 403, organizers of another province get 404.
 */
import type { LoaderFunction } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { councilMembers, councils, establishmentMembers, establishments } from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { findUserByEmail } from "~/modules/accounts/accounts.server";
import { getRoundForOrganizer } from "~/modules/rounds/rounds.server";
import { loadPrincipal } from "~/lib/permissions.server";
import { loader as producerHome } from "~/routes/co-so._index";
import { loader as organizerHome } from "~/routes/to-chuc._index";
import { loader as roundPage } from "~/routes/to-chuc.vong.$roundId";
import { loader as judgeHome } from "~/routes/giam-khao._index";
import { loader as adminHome } from "~/routes/quan-tri._index";
import { loader as outbox } from "~/routes/quan-tri.hop-thu";
import { loader as account } from "~/routes/tai-khoan";
import { createBody, createCommune, createOrganizer, createRound, createUser, province, requestWithCookie } from "../helpers/fixtures";

type Who = "anonymous" | "producer" | "bnOrganizer" | "tnOrganizer" | "communeOrganizer" | "judge" | "admin";
const cookies: Partial<Record<Who, string | null>> = { anonymous: null };
let bnRoundId = 0;
let tnRoundId = 0;
let communeRoundId = 0;

beforeAll(async () => {
  const bacNinh = province("24");
  const thaiNguyen = province("19");
  const bnBody = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bacNinh.id);
  const tnBody = createBody("Sở Công Thương tỉnh Thái Nguyên", "province", thaiNguyen.id);
  const commune = createCommune(bacNinh.id, "Phù Lãng");
  const communeBody = createBody("UBND xã Phù Lãng", "commune", commune.id);
  bnRoundId = createRound(bnBody.id, "province", bacNinh.id, "Vòng tỉnh Bắc Ninh 2026").id;
  tnRoundId = createRound(tnBody.id, "province", thaiNguyen.id, "Vòng tỉnh Thái Nguyên 2026").id;
  communeRoundId = createRound(communeBody.id, "commune", commune.id, "Vòng xã Phù Lãng 2026").id;

  const producer = await createUser("coso@example.vn");
  const est = db.insert(establishments).values({ legalType: "household", name: "Cơ sở A", provinceId: bacNinh.id }).returning().get();
  db.insert(establishmentMembers).values({ establishmentId: est.id, userId: producer, role: "owner" }).run();

  const judge = await createUser("giamkhao@example.vn");
  const council = db.insert(councils).values({ roundId: bnRoundId, name: "Hội đồng tỉnh Bắc Ninh" }).returning().get();
  db.insert(councilMembers).values({ councilId: council.id, userId: judge, fullName: "Giám khảo", role: "member" }).run();

  const ids: Record<Exclude<Who, "anonymous">, string> = {
    producer,
    bnOrganizer: await createOrganizer("bn@example.vn", bnBody.id),
    tnOrganizer: await createOrganizer("tn@example.vn", tnBody.id),
    communeOrganizer: await createOrganizer("xa@example.vn", communeBody.id),
    judge,
    admin: await createUser("admin@example.vn", { isSystemAdmin: true }),
  };
  for (const [who, id] of Object.entries(ids)) cookies[who as Who] = await startSession(id);
});

async function call(loader: LoaderFunction, who: Who, url: string, params: Record<string, string> = {}) {
  try {
    const res = (await loader({ request: requestWithCookie(url, cookies[who] ?? null), params, context: {} })) as Response;
    return { status: res.status, location: res.headers.get("Location"), body: res };
  } catch (thrown) {
    if (thrown instanceof Response) {
      const data = thrown.headers.get("Content-Type")?.includes("json") ? await thrown.json() : null;
      return { status: thrown.status, location: thrown.headers.get("Location"), message: data?.message as string | undefined };
    }
    throw thrown;
  }
}

const pages: { name: string; loader: LoaderFunction; url: string; allowed: Who[] }[] = [
  { name: "producer home", loader: producerHome, url: "/co-so", allowed: ["producer"] },
  { name: "organizer home", loader: organizerHome, url: "/to-chuc", allowed: ["bnOrganizer", "tnOrganizer", "communeOrganizer"] },
  { name: "judge home", loader: judgeHome, url: "/giam-khao", allowed: ["judge"] },
  { name: "admin home", loader: adminHome, url: "/quan-tri", allowed: ["admin"] },
  { name: "outbox", loader: outbox, url: "/quan-tri/hop-thu", allowed: ["admin"] },
  { name: "account", loader: account, url: "/tai-khoan", allowed: ["producer", "bnOrganizer", "tnOrganizer", "communeOrganizer", "judge", "admin"] },
];
const everyone: Who[] = ["anonymous", "producer", "bnOrganizer", "tnOrganizer", "communeOrganizer", "judge", "admin"];

describe.each(pages)("$name", ({ loader, url, allowed }) => {
  it.each(everyone)("as %s", async (who) => {
    const r = await call(loader, who, url);
    if (who === "anonymous") {
      expect(r.status).toBe(302);
      expect(r.location).toBe(`/dang-nhap?next=${encodeURIComponent(url)}`);
    } else if (allowed.includes(who)) {
      expect(r.status).toBe(200);
    } else {
      expect(r.status).toBe(403);
      expect(r.message).toMatch(/chỉ dành cho/);
    }
  });
});

describe("round page: organizers stay inside their own province", () => {
  it("the Bắc Ninh organizer sees its round", async () => {
    const r = await call(roundPage, "bnOrganizer", `/to-chuc/vong/${bnRoundId}`, { roundId: String(bnRoundId) });
    expect(r.status).toBe(200);
  });
  it("the Thái Nguyên organizer gets 404 on Bắc Ninh's round, and the reverse", async () => {
    expect((await call(roundPage, "tnOrganizer", "/", { roundId: String(bnRoundId) })).status).toBe(404);
    expect((await call(roundPage, "bnOrganizer", "/", { roundId: String(tnRoundId) })).status).toBe(404);
  });
  it("a commune organizer cannot reach its province's round", async () => {
    expect((await call(roundPage, "communeOrganizer", "/", { roundId: String(bnRoundId) })).status).toBe(404);
  });
  it("the province reads its commune's round but may not manage it", async () => {
    expect((await call(roundPage, "bnOrganizer", "/", { roundId: String(communeRoundId) })).status).toBe(200);
  });
  it("a judge, a producer and an admin get 403 (not organizers)", async () => {
    for (const who of ["judge", "producer", "admin"] as Who[]) {
      expect((await call(roundPage, who, "/", { roundId: String(bnRoundId) })).status).toBe(403);
    }
  });
  it("malformed and unknown ids are a plain 404", async () => {
    expect((await call(roundPage, "bnOrganizer", "/", { roundId: "abc" })).status).toBe(404);
    expect((await call(roundPage, "bnOrganizer", "/", { roundId: "999999" })).status).toBe(404);
  });
  it("the module refuses management across provinces too", async () => {
    const principal = loadPrincipal(findUserByEmail("bn@example.vn")!.id, false);
    expect(() => getRoundForOrganizer(principal, tnRoundId, { manage: true })).toThrow();
    expect(() => getRoundForOrganizer(principal, communeRoundId, { manage: true })).toThrow();
    expect(getRoundForOrganizer(principal, bnRoundId, { manage: true }).canManage).toBe(true);
  });
});
