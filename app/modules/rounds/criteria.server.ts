/**
 * A round's scoring sheet: the official four groups, or a split into sub-criteria points, for all
 * product groups or per product group. A split is a new sheet version; it can change only before
 * scoring starts.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { criteria, criteriaSheets, productGroups, rounds, roundSheets } from "~db/schema";
import { db, type DbOrTx } from "~/lib/db.server";
import type { Principal } from "~/lib/permissions";
import { audit } from "~/modules/audit/audit.server";
import { parseSplit, type GroupDef } from "./criteria";
import { SCORING_STARTED } from "./rounds";
import { getRoundForOrganizer, RoundError } from "./rounds.server";

function sheetTree(tx: DbOrTx, sheetId: number): GroupDef[] {
  const rows = tx.select().from(criteria).where(eq(criteria.sheetId, sheetId)).orderBy(asc(criteria.position)).all();
  return rows
    .filter((r) => r.parentId == null)
    .map((g) => ({
      code: g.code,
      name: g.name,
      maxTenths: g.maxTenths,
      children: rows.filter((c) => c.parentId === g.id).map((c) => ({ code: c.code, name: c.name, maxTenths: c.maxTenths })),
    }));
}

function officialSheet(tx: DbOrTx) {
  return tx.select().from(criteriaSheets).where(eq(criteriaSheets.isOfficial, true)).orderBy(sql`${criteriaSheets.version} desc`).get()!;
}

/** The sheet in force for a product group (null = the round's default). */
function sheetFor(tx: DbOrTx, round: typeof rounds.$inferSelect, groupId: number | null) {
  const override = groupId ? tx.select().from(roundSheets).where(and(eq(roundSheets.roundId, round.id), eq(roundSheets.productGroupId, groupId))).get() : undefined;
  const id = override?.sheetId ?? round.criteriaSheetId ?? officialSheet(tx).id;
  return { sheet: tx.select().from(criteriaSheets).where(eq(criteriaSheets.id, id)).get()!, own: !!override || groupId == null };
}

export function criteriaPage(p: Principal, roundId: number, groupId: number | null) {
  const { round } = getRoundForOrganizer(p, roundId, { manage: true });
  const official = officialSheet(db);
  const { sheet } = sheetFor(db, round, groupId);
  const groups = db.select().from(productGroups).orderBy(asc(productGroups.id)).all();
  const overrides = db.select().from(roundSheets).where(eq(roundSheets.roundId, roundId)).all().map((o) => o.productGroupId);
  return {
    round: { id: round.id, title: round.title, status: round.status },
    groupId,
    productGroups: groups.map((g) => ({ id: g.id, name: g.name, own: overrides.includes(g.id) })),
    sheet: { id: sheet.id, name: sheet.name, scoreSubCriteria: sheet.scoreSubCriteria, version: sheet.version, tree: sheetTree(db, sheet.id) },
    officialTree: sheetTree(db, official.id),
    frozen: SCORING_STARTED.includes(round.status),
  };
}

/**
 * Sets the sheet of a round (groupId null) or of one product group: "groups" = the official four
 * groups; "split" = a new sheet version with the given sub-criteria points; "inherit" (a product
 * group only) = back to the round's sheet.
 */
export function saveCriteria(p: Principal, roundId: number, groupId: number | null, mode: "groups" | "split" | "inherit", fields: Record<string, string | undefined>) {
  return db.transaction((tx) => {
    const { round } = getRoundForOrganizer(p, roundId, { manage: true });
    if (SCORING_STARTED.includes(round.status)) throw new RoundError("Đã bắt đầu chấm điểm nên không thể đổi phiếu chấm.", 409);
    const official = officialSheet(tx);
    if (mode === "inherit") {
      if (groupId == null) throw new RoundError("Chọn nhóm sản phẩm.", 400);
      tx.delete(roundSheets).where(and(eq(roundSheets.roundId, roundId), eq(roundSheets.productGroupId, groupId))).run();
    } else {
      let sheetId = official.id;
      if (mode === "split") {
        const tree = sheetTree(tx, official.id);
        const { points, errors } = parseSplit(tree, fields);
        if (Object.keys(errors).length) {
          const err = new RoundError("Điểm các tiêu chí con chưa hợp lệ.", 400, Object.keys(errors)[0]!);
          (err as RoundError & { fieldErrors?: Record<string, string> }).fieldErrors = errors;
          throw err;
        }
        const code = `V${roundId}${groupId ? `-N${groupId}` : ""}`;
        const version = (tx.select({ v: sql<number | null>`max(${criteriaSheets.version})` }).from(criteriaSheets).where(eq(criteriaSheets.code, code)).get()?.v ?? 0) + 1;
        sheetId = tx
          .insert(criteriaSheets)
          .values({ code, version, name: `${official.name}, chia tiêu chí con${groupId ? ` (nhóm ${groupId})` : ""}, bản ${version}`, productGroupId: groupId, isOfficial: false, scoreSubCriteria: true })
          .returning({ id: criteriaSheets.id })
          .get().id;
        tree.forEach((g, gi) => {
          const gid = tx.insert(criteria).values({ sheetId, code: g.code, name: g.name, maxTenths: g.maxTenths, position: gi + 1 }).returning({ id: criteria.id }).get().id;
          g.children.forEach((c, ci) => {
            tx.insert(criteria).values({ sheetId, parentId: gid, code: c.code, name: c.name, maxTenths: points[c.code]!, position: ci + 1 }).run();
          });
        });
      }
      if (groupId == null) tx.update(rounds).set({ criteriaSheetId: sheetId, version: round.version + 1, updatedAt: new Date() }).where(eq(rounds.id, roundId)).run();
      else tx.insert(roundSheets).values({ roundId, productGroupId: groupId, sheetId }).onConflictDoUpdate({ target: [roundSheets.roundId, roundSheets.productGroupId], set: { sheetId } }).run();
    }
    audit(tx, { actorUserId: p.userId, action: "round.criteria", objectType: "round", objectId: roundId, data: { groupId, mode } });
  });
}
