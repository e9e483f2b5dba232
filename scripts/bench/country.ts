/**
 * A whole-country-size database for timing the organizer's work (scripts/bench-organizer.ts).
 *
 * The caller sets DATABASE_URL (and UPLOAD_DIR, ...) before importing this module; buildCountry
 * applies the real migrations and reference data (bootstrap) and then fills, with fast bulk
 * inserts in one transaction:
 * - target rounds (national, status "scoring", one per requested size, e.g. 150/300/600 entries)
 *   with a council of `judges` judging members, every sheet submitted except a couple (so closing
 *   needs a reason, as in real life), a few declared conflicts of interest;
 * - background rounds (provincial, published) so the database holds about `totalEntries` entries,
 *   `totalJudges` judges, ~10 files per entry and ~8 sheets per entry (~10,000 entries,
 *   ~100,000 files, ~3,000 judges, ~80,000 sheets: about 60 MB by default).
 * Points are random but seeded: the same options always give the same database.
 */
import { eq } from "drizzle-orm";
import { criteria, criteriaSheets, documentTypes } from "~db/schema";

export interface CountryOptions {
  /** Entries of each target round (one national round per size). */
  roundSizes: number[];
  /** Judging members of each target round's council. */
  judges?: number;
  /** Entries in the whole database (target rounds included). */
  totalEntries?: number;
  /** Judges in the whole database (council members, each with an account). */
  totalJudges?: number;
  /** Dossier files per entry. */
  filesPerEntry?: number;
  /** Submitted sheets left missing in each target round. */
  missingSheets?: number;
  log?: (line: string) => void;
}

export interface TargetRound {
  size: number;
  roundId: number;
  /** Council member ids of the judges, chair first. */
  memberIds: number[];
  chairUserId: string;
  entryIds: number[];
}

export interface CountryDataset {
  organizerUserId: string;
  /** An organizer of another province (sees none of the target rounds). */
  outsiderUserId: string;
  targets: TargetRound[];
  totals: { entries: number; files: number; judges: number; sheets: number; scoreLines: number; users: number };
}

/** Small deterministic PRNG (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PRODUCT_WORDS = ["Gốm", "Mây tre", "Lụa", "Chè", "Nước mắm", "Tranh", "Đồ gỗ", "Thổ cẩm", "Bánh", "Rượu", "Sơn mài", "Cói"];
const PLACE_WORDS = ["Phù Lãng", "Bát Tràng", "Vạn Phúc", "Đông Hồ", "Tân Cương", "Thanh Hà", "Kim Sơn", "Phú Vinh", "Hương Canh", "Đình Bảng"];

export async function buildCountry(opts: CountryOptions): Promise<CountryDataset> {
  const log = opts.log ?? (() => {});
  const judgesPerRound = opts.judges ?? 9;
  const totalEntries = opts.totalEntries ?? 10_000;
  const totalJudges = opts.totalJudges ?? 3_000;
  const filesPerEntry = opts.filesPerEntry ?? 10;
  const missingSheets = opts.missingSheets ?? 2;

  const { bootstrap } = await import("~/lib/bootstrap.server");
  const { db } = await import("~/lib/db.server");
  await bootstrap({ seedDemo: false, log: () => {} });
  const sqlite = db.$client;

  const official = db.select().from(criteriaSheets).where(eq(criteriaSheets.isOfficial, true)).get()!;
  const groups = db
    .select()
    .from(criteria)
    .where(eq(criteria.sheetId, official.id))
    .all()
    .filter((c) => c.parentId == null)
    .sort((a, b) => a.position - b.position);
  const docTypes = db.select({ code: documentTypes.code }).from(documentTypes).all().map((d) => d.code);
  const provinces = sqlite.prepare("select id, region_code as regionCode from admin_units where level = 'province' and valid_to is null order by id").all() as { id: number; regionCode: string | null }[];

  const rand = rng(20260101);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;

  const ins = {
    unit: sqlite.prepare("insert into admin_units (code, name, kind, level, parent_id, region_code, valid_from, search_key) values (?, ?, 'Xã', 'commune', ?, ?, '2025-07-01', ?)"),
    user: sqlite.prepare("insert into users (id, email, password_hash, full_name) values (?, ?, 'x', ?)"),
    body: sqlite.prepare("insert into organizing_bodies (name, level, unit_id) values (?, ?, ?)"),
    staff: sqlite.prepare("insert into body_staff (body_id, user_id) values (?, ?)"),
    round: sqlite.prepare(
      "insert into rounds (body_id, level, unit_id, year, title, status, criteria_sheet_id, min_judges_per_entry, recognition_cap, published_at) values (?, ?, ?, 2026, ?, ?, ?, 3, ?, ?)",
    ),
    est: sqlite.prepare("insert into establishments (legal_type, name, unit_id, province_id, street) values ('household', ?, ?, ?, ?)"),
    estMember: sqlite.prepare("insert into establishment_members (establishment_id, user_id, role) values (?, ?, 'owner')"),
    product: sqlite.prepare("insert into products (establishment_id, name, product_group_id, description) values (?, ?, ?, ?)"),
    entry: sqlite.prepare(
      "insert into entries (round_id, product_id, establishment_id, dossier_no, voting_code, status, submitted_at, answer_by) values (?, ?, ?, ?, ?, ?, ?, ?)",
    ),
    file: sqlite.prepare("insert into files (storage, storage_key, original_name, mime_type, size_bytes, sha256) values ('local', ?, ?, ?, ?, ?)"),
    doc: sqlite.prepare("insert into dossier_documents (entry_id, doc_type, file_id, slot_index, version) values (?, ?, ?, ?, 1)"),
    council: sqlite.prepare("insert into councils (round_id, name) values (?, ?)"),
    member: sqlite.prepare("insert into council_members (council_id, user_id, full_name, title, role, is_judge) values (?, ?, ?, 'TS', ?, 1)"),
    sheet: sqlite.prepare("insert into score_sheets (entry_id, council_member_id, stage, sheet_id, status, total_tenths, comment, submitted_at) values (?, ?, 1, ?, ?, ?, ?, ?)"),
    event: sqlite.prepare("insert into entry_events (entry_id, type, from_status, to_status, message) values (?, ?, ?, ?, ?)"),
    line: sqlite.prepare("insert into score_lines (score_sheet_id, criterion_id, points_tenths) values (?, ?, ?)"),
    conflict: sqlite.prepare("insert into conflicts_of_interest (entry_id, council_member_id, reason) values (?, ?, 'Người thân làm việc tại cơ sở')"),
    verdict: sqlite.prepare("insert into council_verdicts (entry_id, recognised, decided_at) values (?, ?, ?)"),
  };
  const id = (r: { lastInsertRowid: number | bigint }) => Number(r.lastInsertRowid);

  const totals = { entries: 0, files: 0, judges: 0, sheets: 0, scoreLines: 0, users: 0 };
  let userSeq = 0;
  const newUser = (kind: string, name: string) => {
    const uid = `bench-${kind}-${++userSeq}`;
    ins.user.run(uid, `${uid}@bench.local`, name);
    totals.users++;
    return uid;
  };
  let fileSeq = 0;
  let dossierSeq = 0;

  const now = Date.now();
  const build = sqlite.transaction(() => {
    // Communes: 10 under each province, so places have a path "Xã ..., Tỉnh ...".
    const communes = new Map<number, number[]>();
    for (const p of provinces) {
      const list: number[] = [];
      for (let i = 0; i < 10; i++) {
        const name = `${pick(PLACE_WORDS)} ${p.id}-${i}`;
        list.push(id(ins.unit.run(`BX-${p.id}-${i}`, name, p.id, p.regionCode, name.toLowerCase())));
      }
      communes.set(p.id, list);
    }

    const national = id(ins.body.run("Cục Công nghiệp - Bộ Công Thương", "national", null));
    const organizerUserId = newUser("org", "Cán bộ Cục Công nghiệp");
    ins.staff.run(national, organizerUserId);
    const provinceBodies = new Map<number, number>();
    for (const p of provinces) provinceBodies.set(p.id, id(ins.body.run(`Sở Công Thương ${p.id}`, "province", p.id)));
    const outsiderUserId = newUser("org", "Cán bộ Sở khác");
    ins.staff.run(provinceBodies.get(provinces[0]!.id)!, outsiderUserId);

    /** One establishment with an owner account, a product and an entry with its dossier files. */
    const addEntry = (roundId: number, provinceId: number, n: number, status: string, roundNo: number) => {
      const unitId = pick(communes.get(provinceId)!);
      const est = id(ins.est.run(`Cơ sở ${pick(PRODUCT_WORDS)} ${roundNo}-${n}`, unitId, provinceId, `Thôn ${n}`));
      ins.estMember.run(est, newUser("cs", `Chủ cơ sở ${roundNo}-${n}`));
      const group = 1 + Math.floor(rand() * 4);
      const product = id(ins.product.run(est, `${pick(PRODUCT_WORDS)} ${pick(PLACE_WORDS)} ${roundNo}-${n}`, group, "Sản phẩm thủ công truyền thống."));
      const entryId = id(
        ins.entry.run(roundId, product, est, `HS2026-${roundNo}-${String(++dossierSeq).padStart(5, "0")}`, `26-${roundNo}-${String(n).padStart(3, "0")}`, status, now - 40 * 86_400_000, "2026-03-01"),
      );
      for (let f = 0; f < filesPerEntry; f++) {
        const seq = ++fileSeq;
        const fileId = id(ins.file.run(`bench/${seq}`, `tai-lieu-${seq}.pdf`, "application/pdf", 100_000 + seq, `sha-${seq}`));
        ins.doc.run(entryId, docTypes[f % docTypes.length]!, fileId, Math.floor(f / docTypes.length));
      }
      // Its timeline so far.
      ins.event.run(entryId, "registered", null, "draft", "Cơ sở đăng ký tham gia.");
      ins.event.run(entryId, "submitted", "draft", "submitted", "Cơ sở nộp hồ sơ.");
      ins.event.run(entryId, "accepted", "submitted", "accepted", "Hồ sơ hợp lệ.");
      if (status !== "accepted") ins.event.run(entryId, status, "scored", status, "Kết quả bình chọn đã công bố.");
      totals.entries++;
      totals.files += filesPerEntry;
      return entryId;
    };

    const addCouncil = (roundId: number, title: string, count: number) => {
      const council = id(ins.council.run(roundId, `Hội đồng ${title}`));
      const members: number[] = [];
      const users: string[] = [];
      for (let j = 0; j < count; j++) {
        const uid = newUser("gk", `Giám khảo ${roundId}-${j + 1}`);
        users.push(uid);
        members.push(id(ins.member.run(council, uid, `Giám khảo ${roundId}-${j + 1}`, j === 0 ? "chair" : j === 1 ? "secretary" : "member")));
        totals.judges++;
      }
      return { members, users };
    };

    /** A submitted (or draft) sheet with random points per group. */
    const addSheet = (entryId: number, memberId: number, status: "submitted" | "draft") => {
      const points = groups.map((g) => Math.round(g.maxTenths * (0.55 + rand() * 0.45)));
      const total = points.reduce((a, b) => a + b, 0);
      const comment = `Sản phẩm có tính thẩm mỹ, chất lượng ổn định; cần cải thiện bao bì và truy xuất nguồn gốc (${total}).`;
      const sheetId = id(ins.sheet.run(entryId, memberId, official.id, status, total, comment, status === "submitted" ? now : null));
      groups.forEach((g, i) => ins.line.run(sheetId, g.id, points[i]!));
      totals.sheets++;
      totals.scoreLines += groups.length;
    };

    // Target rounds: national, scoring, every judge scores every entry (mode "all").
    const targets: TargetRound[] = [];
    let roundNo = 0;
    for (const size of opts.roundSizes) {
      roundNo++;
      const roundId = id(ins.round.run(national, "national", null, `Bình chọn cấp quốc gia (${size} sản phẩm)`, "scoring", official.id, Math.ceil(size / 3), null));
      const entryIds: number[] = [];
      for (let n = 1; n <= size; n++) entryIds.push(addEntry(roundId, pick(provinces).id, n, "accepted", roundNo));
      const { members, users } = addCouncil(roundId, `quốc gia ${size}`, judgesPerRound);
      // A few declared conflicts, and a couple of sheets not submitted yet.
      const conflicts = new Set<string>();
      for (let c = 0; c < 3 && entryIds.length > 10; c++) {
        const e = entryIds[(c * 7 + 3) % entryIds.length]!;
        const m = members[1 + (c % (members.length - 1))]!;
        ins.conflict.run(e, m);
        conflicts.add(`${e}:${m}`);
      }
      let missing = 0;
      entryIds.forEach((e, i) => {
        for (const m of members) {
          if (conflicts.has(`${e}:${m}`)) continue;
          if (missing < missingSheets && i === entryIds.length - 1 - missing && m === members[members.length - 1]) {
            missing++;
            addSheet(e, m, "draft");
            continue;
          }
          addSheet(e, m, "submitted");
        }
      });
      targets.push({ size, roundId, memberIds: members, chairUserId: users[0]!, entryIds });
    }

    // Background: published provincial rounds, as many as it takes to reach the totals.
    const leftEntries = Math.max(0, totalEntries - totals.entries);
    const leftJudges = Math.max(0, totalJudges - totals.judges);
    const rounds = Math.max(1, Math.round(leftJudges / judgesPerRound));
    for (let r = 0; r < rounds && totals.entries < totalEntries; r++) {
      roundNo++;
      const p = provinces[r % provinces.length]!;
      const size = Math.min(Math.ceil(leftEntries / rounds), totalEntries - totals.entries);
      const roundId = id(ins.round.run(provinceBodies.get(p.id)!, "province", p.id, `Bình chọn tỉnh ${p.id} đợt ${r + 1}`, "published", official.id, null, now));
      const { members } = addCouncil(roundId, `tỉnh ${p.id} đợt ${r + 1}`, judgesPerRound);
      for (let n = 1; n <= size; n++) {
        const recognised = rand() < 0.6;
        const e = addEntry(roundId, p.id, n, recognised ? "recognised" : "not_recognised", roundNo);
        // Eight of the nine judges score each entry (by product group, in real rounds).
        members.forEach((m, j) => {
          if (j !== n % members.length) addSheet(e, m, "submitted");
        });
        ins.verdict.run(e, recognised ? 1 : 0, now);
      }
    }
    return { organizerUserId, outsiderUserId, targets };
  });
  const t0 = Date.now();
  const out = build();
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  log(`  dữ liệu: ${totals.entries} hồ sơ, ${totals.files} tệp, ${totals.judges} giám khảo, ${totals.sheets} phiếu chấm (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return { ...out, totals };
}
