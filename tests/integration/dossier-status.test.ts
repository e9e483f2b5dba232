/**
 * The public dossier-status lookup (/tra-cuu-ho-so) and the receipt PDF, through their real route
 * loaders on a real SQLite database: the right number and phone pair shows the status and the
 * public timeline (no staff notes, no names); every wrong pair gets the identical answer; the
 * phone matches in its written variants; lookups are throttled (429 + Retry-After) on the
 * throttle module's clock; the page is never cacheable. The receipt PDF goes to the entry's
 * producers only, names the dossier, and its QR code (rendered with pdftoppm, read with jsqr)
 * opens the status page with the number filled in and no phone.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  documentTypes,
  dossierDocuments,
  entries,
  entryEvents,
  establishmentMembers,
  establishments,
  files,
  products,
  throttles,
} from "~db/schema";
import { startSession } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { CLIENT_IP_HEADER } from "~/lib/http.server";
import {
  NO_MATCH_MESSAGE,
  normalisePhone,
} from "~/modules/dossier-status/status";
import { setThrottleClock } from "~/modules/throttle/throttle.server";
import { loader as receiptPdf } from "~/routes/co-so.du-thi.$entryId.bien-nhan[.]pdf";
import { loader as statusLoader } from "~/routes/tra-cuu-ho-so";
import {
  createBody,
  createCommune,
  createOrganizer,
  createRound,
  createUser,
  province,
  requestWithCookie,
} from "../helpers/fixtures";
import { makeTempDir, TMP_ROOT } from "../helpers/tmp";

const DOSSIER = "HS2026-7-0001";
const PHONE = "0912345678";
let entryId = 0;
let cookies: {
  owner: string;
  other: string;
  organizerElsewhere: string;
  organizerHere: string;
};
let ipCounter = 0;
let tmp = "";
let now = new Date("2026-11-30T03:00:00Z");

/** A fresh client address per call unless one is given (the throttle counts per address). */
async function lookup(query: string, ip = `198.51.100.${++ipCounter % 250}`) {
  const res: Response = await statusLoader({
    request: new Request(`http://localhost:3999/tra-cuu-ho-so${query}`, {
      headers: { [CLIENT_IP_HEADER]: ip },
    }),
    params: {},
    context: {},
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}
const q = (so: string, dt: string) => `?${new URLSearchParams({ so, dt })}`;

async function pdfAs(
  cookie: string | null,
  id = entryId
): Promise<{ status: number; res?: Response }> {
  try {
    const res: Response = await receiptPdf({
      request: requestWithCookie(`/co-so/du-thi/${id}/bien-nhan.pdf`, cookie),
      params: { entryId: String(id) },
      context: {},
    });
    return { status: res.status, res };
  } catch (e) {
    if (e instanceof Response) return { status: e.status };
    throw e;
  }
}

beforeAll(async () => {
  setThrottleClock(() => now);
  tmp = makeTempDir("dossier-status");
  const bacNinh = province("24");
  const thaiNguyen = province("19");
  const commune = createCommune(bacNinh.id, "Phù Lãng");
  const body = createBody("UBND xã Phù Lãng", "commune", commune.id);
  const tnBody = createBody(
    "Sở Công Thương tỉnh Thái Nguyên",
    "province",
    thaiNguyen.id
  );
  const round = createRound(
    body.id,
    "commune",
    commune.id,
    "Bình chọn sản phẩm CNNT tiêu biểu cấp xã Phù Lãng năm 2026",
    { status: "intake_closed" }
  );
  const ownerId = await createUser("owner@example.vn");
  const otherId = await createUser("other@example.vn");
  const est = db
    .insert(establishments)
    .values({
      legalType: "cooperative",
      name: "Hợp tác xã Gốm Phù Lãng",
      provinceId: bacNinh.id,
      unitId: commune.id,
      street: "Thôn Phù Lãng",
      phone: PHONE,
    })
    .returning()
    .get();
  const otherEst = db
    .insert(establishments)
    .values({
      legalType: "sme",
      name: "Cơ sở khác",
      provinceId: bacNinh.id,
      unitId: commune.id,
      phone: "0987654321",
    })
    .returning()
    .get();
  db.insert(establishmentMembers)
    .values({ establishmentId: est.id, userId: ownerId, role: "owner" })
    .run();
  db.insert(establishmentMembers)
    .values({ establishmentId: otherEst.id, userId: otherId, role: "owner" })
    .run();
  const product = db
    .insert(products)
    .values({
      establishmentId: est.id,
      name: "Bình gốm men da lươn",
      productGroupId: 1,
    })
    .returning()
    .get();
  entryId = db
    .insert(entries)
    .values({
      roundId: round.id,
      productId: product.id,
      establishmentId: est.id,
      status: "accepted",
      dossierNo: DOSSIER,
      submittedAt: new Date("2026-11-20T02:30:00Z"),
      answerBy: "2026-11-27",
    })
    .returning()
    .get().id;
  // Two documents received, one slot with two files.
  const types = db.select().from(documentTypes).all().slice(0, 2);
  let n = 0;
  for (const [i, t] of types.entries()) {
    for (let k = 0; k <= i; k++) {
      const f = db
        .insert(files)
        .values({
          storage: "local",
          storageKey: `x/${++n}.pdf`,
          originalName: `tai-lieu-${n}.pdf`,
          mimeType: "application/pdf",
          sizeBytes: 10,
          sha256: String(n).padStart(64, "0"),
        })
        .returning()
        .get();
      db.insert(dossierDocuments)
        .values({ entryId, docType: t.code, fileId: f.id, slotIndex: k })
        .run();
    }
  }
  const ev = (
    type: string,
    message: string | null,
    at: string,
    from: string | null,
    to: string
  ) =>
    db
      .insert(entryEvents)
      .values({
        entryId,
        type,
        fromStatus: from,
        toStatus: to,
        actorUserId: ownerId,
        message,
        createdAt: new Date(at),
      })
      .run();
  ev(
    "registered",
    "Cơ sở đăng ký tham gia.",
    "2026-11-10T02:00:00Z",
    null,
    "draft"
  );
  ev(
    "submitted",
    "Cơ sở nộp hồ sơ.",
    "2026-11-20T02:30:00Z",
    "draft",
    "submitted"
  );
  ev(
    "staff_note",
    "GHI CHÚ NỘI BỘ không được lộ",
    "2026-11-21T02:30:00Z",
    "submitted",
    "submitted"
  );
  ev(
    "accepted",
    "Nhận xét nội bộ của cán bộ tiếp nhận",
    "2026-11-22T02:30:00Z",
    "submitted",
    "accepted"
  );
  cookies = {
    owner: await startSession(ownerId),
    other: await startSession(otherId),
    organizerHere: await startSession(
      await createOrganizer("xa@example.vn", body.id)
    ),
    organizerElsewhere: await startSession(
      await createOrganizer("tn@example.vn", tnBody.id)
    ),
  };
});

afterAll(() => {
  setThrottleClock(null);
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("phone numbers", () => {
  it("reads the usual ways of writing a Vietnamese number", () => {
    for (const v of [
      "0912345678",
      "+84 912 345 678",
      "+84912345678",
      "84912345678",
      "0912.345.678",
      "0912 345 678",
      "(091) 234-5678",
      "0084 912345678",
    ])
      expect(normalisePhone(v), v).toBe(PHONE);
    for (const v of ["", "abc", "12345", "0912345678901234", "+1 415 555 0100"])
      expect(normalisePhone(v), v).toBeNull();
  });
});

describe("status lookup", () => {
  it("the right pair shows the status, product, round, dates and the public timeline only", async () => {
    const r = await lookup(q(DOSSIER, PHONE));
    expect(r.status).toBe(200);
    const data = JSON.parse(r.text);
    expect(data.result.kind).toBe("found");
    const d = data.result.dossier;
    expect(d).toMatchObject({
      dossierNo: DOSSIER,
      status: "accepted",
      productName: "Bình gốm men da lươn",
      roundTitle: "Bình chọn sản phẩm CNNT tiêu biểu cấp xã Phù Lãng năm 2026",
      answerBy: "2026-11-27",
    });
    expect(d.events.map((e: { type: string }) => e.type)).toEqual([
      "registered",
      "submitted",
      "accepted",
    ]);
    // No staff words, no names, no internal step.
    expect(r.text).not.toMatch(/NỘI BỘ|nội bộ|owner@example|staff_note/);
    expect(Object.keys(d.events[0]).sort()).toEqual([
      "createdAt",
      "id",
      "type",
    ]);
  });

  it("the phone matches written with +84, spaces, dots; the number in any case", async () => {
    for (const dt of [
      "+84 912 345 678",
      "0912.345.678",
      "84912345678",
      " 0912 345 678 ",
    ]) {
      const r = await lookup(q(DOSSIER, dt));
      expect(r.status, dt).toBe(200);
      expect(JSON.parse(r.text).result.kind).toBe("found");
    }
    expect((await lookup(q(" hs2026-7-0001 ", PHONE))).status).toBe(200);
  });

  it("unknown number, wrong phone, another establishment's phone and malformed input get the identical answer", async () => {
    const answers = await Promise.all([
      lookup(q("HS2026-7-0002", PHONE)), // unknown number
      lookup(q(DOSSIER, "0912345679")), // wrong phone
      lookup(q(DOSSIER, "0987654321")), // another establishment's phone
      lookup(q("'; drop table entries; --", "abc")), // malformed both
      lookup(q(DOSSIER, "")), // empty phone
      lookup(q("", PHONE)), // empty number
      lookup(`?so=${DOSSIER}&dt=${"9".repeat(500)}`), // absurd length
    ]);
    for (const a of answers) {
      expect(a.status).toBe(404);
      expect(JSON.parse(a.text).result).toEqual({
        kind: "miss",
        message: NO_MATCH_MESSAGE,
      });
    }
    // Apart from the number typed (given back into the form), the bodies are the same bytes.
    const strip = (t: string) => JSON.stringify(JSON.parse(t).result);
    expect(new Set(answers.map((a) => strip(a.text))).size).toBe(1);
  });

  it("only the number (the receipt's QR code) fills in the form and counts nothing", async () => {
    const ip = "192.0.2.200";
    for (let i = 0; i < 15; i++) {
      const r = await lookup(`?so=${DOSSIER}`, ip);
      expect(r.status).toBe(200);
      expect(JSON.parse(r.text)).toEqual({ so: DOSSIER, result: null });
    }
    expect((await lookup(q(DOSSIER, PHONE), ip)).status).toBe(200);
  });

  it("is never cacheable", async () => {
    for (const r of [
      await lookup(q(DOSSIER, PHONE)),
      await lookup(q(DOSSIER, "0900000000")),
      await lookup(""),
    ]) {
      expect(r.headers.get("Cache-Control")).toBe("private, no-store");
      expect(r.headers.get("Cache-Control")).not.toMatch(/public/);
      expect(r.headers.get("Referrer-Policy")).toBe("no-referrer");
    }
  });
});

describe("throttling", () => {
  it("per address: 10 misses in 15 minutes, then 429 with Retry-After, even for the right pair; free again after the window", async () => {
    db.delete(throttles).run();
    const ip = "203.0.113.9";
    for (let i = 0; i < 10; i++)
      expect(
        (await lookup(q(`HS2026-9-${String(i).padStart(4, "0")}`, PHONE), ip))
          .status
      ).toBe(404);
    const locked = await lookup(q(DOSSIER, PHONE), ip);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(Number(locked.headers.get("Retry-After"))).toBeLessThanOrEqual(
      15 * 60
    );
    expect(JSON.parse(locked.text).result.message).toMatch(
      /Bạn đã thử quá nhiều lần/
    );
    expect(locked.headers.get("Cache-Control")).toBe("private, no-store");
    // Another address is not affected.
    expect((await lookup(q(DOSSIER, PHONE), "203.0.113.10")).status).toBe(200);
    now = new Date(now.getTime() + 16 * 60_000);
    expect((await lookup(q(DOSSIER, PHONE), ip)).status).toBe(200);
  });

  it("per dossier number: 10 misses from many addresses lock that number, not others", async () => {
    db.delete(throttles).run();
    for (let i = 0; i < 10; i++)
      expect(
        (await lookup(q(DOSSIER, `09000000${String(i).padStart(2, "0")}`)))
          .status
      ).toBe(404);
    const locked = await lookup(q(DOSSIER, PHONE));
    expect(locked.status).toBe(429);
    expect(locked.headers.get("Retry-After")).toBeTruthy();
    expect((await lookup(q("HS2026-7-0099", PHONE))).status).toBe(404);
    now = new Date(now.getTime() + 16 * 60_000);
    expect((await lookup(q(DOSSIER, PHONE))).status).toBe(200);
  });

  it("matches do not count: the owner may look again and again", async () => {
    db.delete(throttles).run();
    const ip = "203.0.113.50";
    for (let i = 0; i < 25; i++)
      expect((await lookup(q(DOSSIER, PHONE), ip)).status).toBe(200);
  });
});

describe("receipt PDF", () => {
  it("the producer gets an A4 PDF naming the dossier, its documents and the answer-by date", async () => {
    const { status, res } = await pdfAs(cookies.owner);
    expect(status).toBe(200);
    expect(res!.headers.get("Content-Type")).toBe("application/pdf");
    expect(res!.headers.get("Content-Disposition")).toBe(
      `attachment; filename="bien-nhan-ho-so-${DOSSIER}.pdf"`
    );
    expect(res!.headers.get("Cache-Control")).toBe("private, no-store");
    const bytes = Buffer.from(await res!.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    const file = path.join(tmp, "receipt.pdf");
    fs.writeFileSync(file, bytes);
    const text = execFileSync("pdftotext", ["-layout", file, "-"]).toString();
    expect(text).toContain(DOSSIER);
    expect(text).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(text).toContain("GIẤY BIÊN NHẬN HỒ SƠ");
    expect(text).toContain("Bình gốm men da lươn");
    expect(text).toContain("27/11/2026");
    expect(text).toMatch(/2 mục, 3 tệp/);
    expect(text).not.toContain(PHONE);
    expect(execFileSync("pdfinfo", [file]).toString()).toMatch(
      /Pages:\s+1\b[\s\S]*595\.2\d* x 841\.8\d* pts/
    );

    execFileSync("pdftoppm", [
      "-png",
      "-r",
      "150",
      "-singlefile",
      file,
      path.join(tmp, "receipt"),
    ]);
    fs.mkdirSync(path.join(TMP_ROOT, "screenshots"), { recursive: true });
    fs.copyFileSync(
      path.join(tmp, "receipt.png"),
      path.join(TMP_ROOT, "screenshots", "dossier-receipt.png")
    );
    const png = PNG.sync.read(fs.readFileSync(path.join(tmp, "receipt.png")));
    const code = jsQR(
      new Uint8ClampedArray(
        png.data.buffer,
        png.data.byteOffset,
        png.data.length
      ),
      png.width,
      png.height
    );
    expect(code?.data).toBe(
      `${env().publicBaseUrl}/tra-cuu-ho-so?so=${DOSSIER}`
    );
    // The address the QR code opens fills in the form.
    const opened = await lookup(new URL(code!.data).search);
    expect(JSON.parse(opened.text)).toEqual({ so: DOSSIER, result: null });
  });

  it("is refused to anyone else: another establishment's producer, organizers, the anonymous", async () => {
    expect((await pdfAs(cookies.other)).status).toBe(404);
    expect((await pdfAs(cookies.organizerElsewhere)).status).toBe(403);
    expect((await pdfAs(cookies.organizerHere)).status).toBe(403);
    const anon = await pdfAs(null);
    expect([302, 401, 403]).toContain(anon.status);
    expect((await pdfAs(cookies.owner, 999999)).status).toBe(404);
  });
});
