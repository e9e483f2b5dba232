import { eq, sql } from "drizzle-orm";
import { appMeta } from "~db/schema";
import { db } from "~/lib/db.server";
import { forbidden } from "~/lib/http.server";
import type { Principal } from "~/lib/permissions";
import { perGeneration } from "~/lib/public-generation.server";
import { audit } from "~/modules/audit/audit.server";
import { OperatorSchema, type OperatorDetails } from "./site";

const KEY = "operator";

/** The operator's details, or null until the administrator sets them (read once per public generation). */
export const operatorDetails = perGeneration((): OperatorDetails | null => {
  const row = db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, KEY)).get();
  if (!row) return null;
  const parsed = OperatorSchema.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : null;
});

/** Saves them (system administrators only); every page shows them on the next request. */
export function saveOperatorDetails(p: Principal, input: OperatorDetails) {
  if (!p.isAdmin) forbidden("Chỉ quản trị hệ thống được sửa thông tin cơ quan vận hành.");
  const value = JSON.stringify(OperatorSchema.parse(input));
  db.transaction((tx) => {
    const before = tx.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, KEY)).get();
    tx.insert(appMeta).values({ key: KEY, value }).onConflictDoUpdate({ target: appMeta.key, set: { value, updatedAt: new Date() } }).run();
    // Shown on every public page: the page cache must not keep the old footer (0016).
    tx.run(sql`update public_generation set n = n + 1 where id = 1`);
    audit(tx, { actorUserId: p.userId, action: "site.operator", objectType: "site", objectId: KEY, data: { before: before ? JSON.parse(before.value) : null, after: JSON.parse(value) } });
  });
}
