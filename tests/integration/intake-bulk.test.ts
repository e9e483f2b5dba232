/**
 * Bulk intake from the queue (issue 13 item 6) through the real route action: accepting several
 * dossiers, asking several to complete with one message, all-or-nothing refusals naming the
 * dossiers, authorization across roles and territories, and statements that do not grow with
 * the number of dossiers.
 */
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  entries,
  entryEvents,
  establishmentMembers,
  establishments,
  notifications,
  products,
  supplementRequests,
} from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import {
  action as queueAction,
  loader as queueLoader,
} from "~/routes/to-chuc.vong.$roundId_.ho-so._index";
import { action as viewerAction } from "~/routes/to-chuc.vong.$roundId_.ho-so.$entryId";
import {
  createBody,
  createCommune,
  createOrganizer,
  createRound,
  createUser,
  province,
  requestWithCookie,
} from "../helpers/fixtures";
import { countStatementsAsync } from "../helpers/sql-count";

type Who = "bn" | "tn" | "national" | "producer";
const cookie: Partial<Record<Who, string>> = {};
let roundId = 0;
let otherRoundId = 0;
let bnBodyId = 0;
let seq = 0;
const producerOf = new Map<number, string>();

type Handler = (a: any) => any;
async function call(
  fn: Handler,
  who: Who,
  round: number,
  fields?: Record<string, string | string[]>,
  query = "",
  extraParams: Record<string, string> = {}
) {
  let init: RequestInit = {};
  if (fields) {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields))
      for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    init = { method: "POST", body };
  }
  const request = requestWithCookie(
    `/to-chuc/vong/${round}/ho-so?index${query}`,
    cookie[who] ?? null,
    init
  );
  let res: Response;
  try {
    res = await fn({
      request,
      params: { roundId: String(round), ...extraParams },
      context: {},
    });
  } catch (e) {
    if (!(e instanceof Response)) throw e;
    res = e;
  }
  return {
    status: res.status,
    location: res.headers.get("Location"),
    data: res.headers.get("Content-Type")?.includes("json")
      ? await res.json()
      : null,
  };
}

/** `n` submitted dossiers in the round, each from its own establishment with one producer account. */
async function submitted(
  round: number,
  n: number,
  unitId: number,
  status: "submitted" | "accepted" | "needs_completion" = "submitted"
): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = ++seq;
    const est = db
      .insert(establishments)
      .values({
        legalType: "household",
        name: `Cơ sở ${k}`,
        unitId,
        provinceId: province("24").id,
      })
      .returning()
      .get();
    const uid = await createUser(`cs${k}@example.vn`);
    db.insert(establishmentMembers)
      .values({ establishmentId: est.id, userId: uid, role: "owner" })
      .run();
    const prod = db
      .insert(products)
      .values({
        establishmentId: est.id,
        name: `Sản phẩm ${k}`,
        productGroupId: 1 + (k % 4),
      })
      .returning()
      .get();
    const e = db
      .insert(entries)
      .values({
        roundId: round,
        productId: prod.id,
        establishmentId: est.id,
        status,
        dossierNo: `HS-${String(k).padStart(4, "0")}`,
        submittedAt: new Date(),
        answerBy: "2026-12-10",
        votingCode: status === "accepted" ? `26-${round}-9${k}` : null,
      })
      .returning()
      .get();
    producerOf.set(e.id, uid);
    ids.push(e.id);
  }
  return ids;
}

const statusOf = (ids: number[]) =>
  db
    .select({
      id: entries.id,
      status: entries.status,
      version: entries.version,
    })
    .from(entries)
    .where(inArray(entries.id, ids))
    .all();
const countRows = (
  t:
    | typeof auditLog
    | typeof entryEvents
    | typeof notifications
    | typeof supplementRequests
) => db.select().from(t).all().length;

let commune = 0;
beforeAll(async () => {
  const bacNinh = province("24");
  const thaiNguyen = province("19");
  const bn = createBody("Sở Công Thương tỉnh Bắc Ninh", "province", bacNinh.id);
  bnBodyId = bn.id;
  const tn = createBody(
    "Sở Công Thương tỉnh Thái Nguyên",
    "province",
    thaiNguyen.id
  );
  const nat = createBody("Bộ Công Thương", "national", null);
  commune = createCommune(bacNinh.id, "Phù Lãng").id;
  cookie.bn = await startSession(await createOrganizer("bn@example.vn", bn.id));
  cookie.tn = await startSession(await createOrganizer("tn@example.vn", tn.id));
  cookie.national = await startSession(
    await createOrganizer("bo@example.vn", nat.id)
  );
  cookie.producer = await startSession(await createUser("sx@example.vn"));
  roundId = createRound(
    bn.id,
    "province",
    bacNinh.id,
    "Bình chọn tỉnh Bắc Ninh 2026",
    { intakeAnswerWorkingDays: 3 }
  ).id;
  otherRoundId = createRound(
    bn.id,
    "province",
    bacNinh.id,
    "Kỳ khác của tỉnh Bắc Ninh"
  ).id;
});

describe("bulk accept", () => {
  it("accepts several dossiers: statuses, voting codes, events, audit and a notification per dossier", async () => {
    const ids = await submitted(roundId, 4, commune);
    const before = {
      audit: countRows(auditLog),
      events: countRows(entryEvents),
      notes: countRows(notifications),
    };
    // Duplicates are dropped.
    const r = await call(
      queueAction,
      "bn",
      roundId,
      { intent: "accept", ids: [...ids, ids[0]!].map(String) },
      "&trang_thai=submitted"
    );
    expect(r.status).toBe(302);
    const back = new URL(r.location!, "http://x");
    expect(back.pathname).toBe(`/to-chuc/vong/${roundId}/ho-so`);
    expect(back.searchParams.get("trang_thai")).toBe("submitted"); // filters kept
    expect(back.searchParams.get("so")).toBe("4");
    expect(back.searchParams.get("bao")).toBe("4");
    const rows = db
      .select()
      .from(entries)
      .where(inArray(entries.id, ids))
      .all();
    expect(rows.every((e) => e.status === "accepted" && e.version === 2)).toBe(
      true
    );
    const codes = rows.map((e) => e.votingCode);
    expect(new Set(codes).size).toBe(4);
    expect(codes.every((c) => /^26-\d+-\d{3}$/.test(c!))).toBe(true);
    for (const id of ids) {
      const ev = db
        .select()
        .from(entryEvents)
        .where(eq(entryEvents.entryId, id))
        .all();
      expect(ev).toHaveLength(1);
      expect(ev[0]).toMatchObject({
        type: "accepted",
        fromStatus: "submitted",
        toStatus: "accepted",
        message: "Hồ sơ hợp lệ.",
      });
      const au = db
        .select()
        .from(auditLog)
        .where(
          and(
            eq(auditLog.objectType, "entry"),
            eq(auditLog.objectId, String(id))
          )
        )
        .all();
      expect(au).toHaveLength(1);
      expect(au[0]!.action).toBe("entry.accept");
      expect(au[0]!.data).toMatchObject({ bulk: true });
      const notes = db
        .select()
        .from(notifications)
        .where(eq(notifications.userId, producerOf.get(id)!))
        .all();
      expect(notes).toHaveLength(1);
      const e = rows.find((x) => x.id === id)!;
      expect(notes[0]).toMatchObject({
        kind: "entry.accepted",
        title: `Hồ sơ ${e.dossierNo} hợp lệ`,
        link: `/co-so/du-thi/${id}`,
      });
    }
    expect(countRows(auditLog) - before.audit).toBe(4);
    expect(countRows(entryEvents) - before.events).toBe(4);
    expect(countRows(notifications) - before.notes).toBe(4);
  });

  it("the queue page shows the result message's numbers from the redirect and the export links' round", async () => {
    const r = await call(
      queueLoader,
      "bn",
      roundId,
      undefined,
      "&xong=accept&so=4&bao=4"
    );
    expect(r.status).toBe(200);
    expect(r.data.canManage).toBe(true);
  });

  it("refuses a selection with a dossier in the wrong state, naming it, and changes nothing", async () => {
    const ok = await submitted(roundId, 2, commune);
    const [done] = await submitted(roundId, 1, commune, "accepted");
    const [asked] = await submitted(roundId, 1, commune, "needs_completion");
    const before = {
      rows: statusOf([...ok, done!, asked!]),
      audit: countRows(auditLog),
      events: countRows(entryEvents),
      notes: countRows(notifications),
    };
    const r = await call(queueAction, "bn", roundId, {
      intent: "accept",
      ids: [...ok, done!, asked!].map(String),
    });
    expect(r.status).toBe(409);
    const doneNo = db.select().from(entries).where(eq(entries.id, done!)).get()!
      .dossierNo!;
    const askedNo = db
      .select()
      .from(entries)
      .where(eq(entries.id, asked!))
      .get()!.dossierNo!;
    expect(r.data.message).toContain(doneNo);
    expect(r.data.message).toContain(askedNo);
    expect(r.data.message).toContain("Chưa hồ sơ nào bị thay đổi");
    expect(
      r.data.refused.map((x: { label: string }) => x.label).sort()
    ).toEqual([doneNo, askedNo].sort());
    expect(
      r.data.refused.find((x: { label: string }) => x.label === doneNo).reason
    ).toContain("Hồ sơ hợp lệ");
    expect(r.data.ids).toEqual([...ok, done!, asked!].map(String)); // the selection comes back for another try
    expect(statusOf([...ok, done!, asked!])).toEqual(before.rows);
    expect(countRows(auditLog)).toBe(before.audit);
    expect(countRows(entryEvents)).toBe(before.events);
    expect(countRows(notifications)).toBe(before.notes);
    // Without them, the rest goes through.
    const again = await call(queueAction, "bn", roundId, {
      intent: "accept",
      ids: ok.map(String),
    });
    expect(again.status).toBe(302);
    expect(statusOf(ok).every((e) => e.status === "accepted")).toBe(true);
  });

  it("refuses another round's dossier and an unknown id without naming another round's dossier number", async () => {
    const mine = await submitted(roundId, 1, commune);
    const [theirs] = await submitted(otherRoundId, 1, commune);
    const r = await call(queueAction, "bn", roundId, {
      intent: "accept",
      ids: [...mine, theirs!, 99_999_999].map(String),
    });
    expect(r.status).toBe(400);
    expect(r.data.message).toContain(`#${theirs}`);
    expect(r.data.message).toContain("#99999999");
    expect(r.data.message).toContain("không có trong kỳ bình chọn này");
    const theirNo = db
      .select()
      .from(entries)
      .where(eq(entries.id, theirs!))
      .get()!.dossierNo!;
    expect(r.data.message).not.toContain(theirNo);
    expect(
      statusOf([...mine, theirs!]).every(
        (e) => e.status === "submitted" && e.version === 1
      )
    ).toBe(true);
  });

  it("answers bad selections with Vietnamese messages and 400", async () => {
    const none = await call(queueAction, "bn", roundId, { intent: "accept" });
    expect(none.status).toBe(400);
    expect(none.data.message).toBe("Chọn ít nhất một hồ sơ.");
    const junk = await call(queueAction, "bn", roundId, {
      intent: "accept",
      ids: ["abc", "-3", ""],
    });
    expect(junk.status).toBe(400);
    expect(junk.data.message).toBe("Chọn ít nhất một hồ sơ.");
    const many = await call(queueAction, "bn", roundId, {
      intent: "accept",
      ids: Array.from({ length: 501 }, (_, i) => String(i + 1)),
    });
    expect(many.status).toBe(400);
    expect(many.data.message).toContain("tối đa 500 hồ sơ");
    const what = await call(queueAction, "bn", roundId, {
      intent: "xoa",
      ids: ["1"],
    });
    expect(what.status).toBe(400);
    expect(what.data.message).toBe("Thao tác không hợp lệ.");
  });
});

describe("bulk request to complete", () => {
  it("asks each dossier with one shared message: a supplement request per dossier, due as the single action sets it", async () => {
    const ids = await submitted(roundId, 3, commune);
    const [single] = await submitted(roundId, 1, commune);
    // The single action, for the due date to compare with.
    const one = await call(
      viewerAction,
      "bn",
      roundId,
      {
        intent: "request",
        docTypes: "registration_form",
        message: "Bổ sung phiếu.",
      },
      "",
      { entryId: String(single) }
    );
    expect(one.status).toBe(302);
    const singleDue = db
      .select()
      .from(supplementRequests)
      .where(eq(supplementRequests.entryId, single!))
      .get()!.dueOn;
    const message =
      "Vui lòng bổ sung ảnh sản phẩm rõ nét và giấy chứng nhận an toàn thực phẩm.";
    const r = await call(queueAction, "bn", roundId, {
      intent: "request",
      ids: ids.map(String),
      message: `  ${message}  `,
    });
    expect(r.status).toBe(302);
    expect(new URL(r.location!, "http://x").searchParams.get("xong")).toBe(
      "request"
    );
    expect(
      statusOf(ids).every(
        (e) => e.status === "needs_completion" && e.version === 2
      )
    ).toBe(true);
    for (const id of ids) {
      const reqs = db
        .select()
        .from(supplementRequests)
        .where(eq(supplementRequests.entryId, id))
        .all();
      expect(reqs).toHaveLength(1);
      expect(reqs[0]!.message).toBe(message);
      expect(reqs[0]!.dueOn).toBe(singleDue);
      expect(reqs[0]!.closedAt).toBeNull();
      expect(reqs[0]!.docTypes.length).toBeGreaterThan(0);
      expect(reqs[0]!.docTypes).toContain("registration_form");
      const ev = db
        .select()
        .from(entryEvents)
        .where(eq(entryEvents.entryId, id))
        .all();
      expect(ev).toHaveLength(1);
      expect(ev[0]).toMatchObject({
        type: "completion_requested",
        toStatus: "needs_completion",
        message,
      });
      const au = db
        .select()
        .from(auditLog)
        .where(
          and(
            eq(auditLog.action, "entry.request_completion"),
            eq(auditLog.objectId, String(id))
          )
        )
        .all();
      expect(au).toHaveLength(1);
      const notes = db
        .select()
        .from(notifications)
        .where(eq(notifications.userId, producerOf.get(id)!))
        .all();
      expect(notes).toHaveLength(1);
      expect(notes[0]!.kind).toBe("entry.needs_completion");
      expect(notes[0]!.body).toContain(message);
    }
  });

  it("needs the shared message, within the length limit", async () => {
    const ids = await submitted(roundId, 2, commune);
    const empty = await call(queueAction, "bn", roundId, {
      intent: "request",
      ids: ids.map(String),
      message: "   ",
    });
    expect(empty.status).toBe(400);
    expect(empty.data.message).toBe("Vui lòng ghi nội dung cần bổ sung.");
    expect(empty.data.errors.message).toBe(
      "Vui lòng ghi nội dung cần bổ sung."
    );
    const long = await call(queueAction, "bn", roundId, {
      intent: "request",
      ids: ids.map(String),
      message: "x".repeat(2001),
    });
    expect(long.status).toBe(400);
    expect(long.data.message).toContain("2000 ký tự");
    expect(statusOf(ids).every((e) => e.status === "submitted")).toBe(true);
  });

  it("refuses an already accepted dossier in the selection and changes nothing", async () => {
    const ids = await submitted(roundId, 2, commune);
    const [done] = await submitted(roundId, 1, commune, "accepted");
    const reqs = countRows(supplementRequests);
    const r = await call(queueAction, "bn", roundId, {
      intent: "request",
      ids: [...ids, done!].map(String),
      message: "Bổ sung.",
    });
    expect(r.status).toBe(409);
    expect(r.data.message).toContain(
      db.select().from(entries).where(eq(entries.id, done!)).get()!.dossierNo!
    );
    expect(r.data.typed).toBe("Bổ sung.");
    expect(countRows(supplementRequests)).toBe(reqs);
    expect(statusOf(ids).every((e) => e.status === "submitted")).toBe(true);
  });
});

describe("who may act in bulk", () => {
  it("another province's organizer gets 404, an overseeing national body 403, a producer 403; nothing changes", async () => {
    const ids = await submitted(roundId, 2, commune);
    for (const [who, status] of [
      ["tn", 404],
      ["national", 403],
      ["producer", 403],
    ] as const) {
      const r = await call(queueAction, who, roundId, {
        intent: "accept",
        ids: ids.map(String),
      });
      expect(r.status, who).toBe(status);
      // Even an empty selection is not answered before the permission check.
      const empty = await call(queueAction, who, roundId, { intent: "accept" });
      expect(empty.status, who).toBe(status);
    }
    expect(
      statusOf(ids).every((e) => e.status === "submitted" && e.version === 1)
    ).toBe(true);
  });
});

describe("statements of a bulk action do not grow with the number of dossiers", () => {
  it("accepting 5 and 40 dossiers, and asking 5 and 40 to complete, take the same number of statements", async () => {
    const measure = async (intent: "accept" | "request", n: number) => {
      const round = createRound(
        bnBodyId,
        "province",
        province("24").id,
        `Đo ${intent} ${n}`
      ).id;
      const ids = await submitted(round, n, commune);
      if (intent === "accept") {
        // The queue with a checkbox per dossier keeps its constant statements (statement-counts.test.ts).
        const page = await countStatementsAsync(() =>
          call(queueLoader, "bn", round)
        );
        expect(page.result.data.rows).toHaveLength(n);
        queueStatements.push(page.count);
      }
      const { result, count } = await countStatementsAsync(() =>
        call(queueAction, "bn", round, {
          intent,
          ids: ids.map(String),
          message: "Bổ sung hồ sơ.",
        })
      );
      expect(result.status).toBe(302);
      expect(
        statusOf(ids).every(
          (e) =>
            e.status === (intent === "accept" ? "accepted" : "needs_completion")
        )
      ).toBe(true);
      return count;
    };
    const queueStatements: number[] = [];
    const accept5 = await measure("accept", 5);
    const accept40 = await measure("accept", 40);
    expect(accept5).toBeGreaterThan(0);
    expect(accept40).toBe(accept5);
    const request5 = await measure("request", 5);
    const request40 = await measure("request", 40);
    expect(request40).toBe(request5);
    expect(queueStatements[1]).toBe(queueStatements[0]);
    console.log(
      `bulk statements: accept ${accept5} (5) / ${accept40} (40); request ${request5} (5) / ${request40} (40)`
    );
  });
});
