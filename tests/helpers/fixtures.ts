/** Builders for integration tests: real rows through the app's own database handle. */
import { and, eq } from "drizzle-orm";
import { adminUnits, bodyStaff, organizingBodies, rounds, users } from "~db/schema";
import { hashPassword } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { newId } from "~/modules/accounts/accounts.server";
import { foldVietnamese } from "~/lib/text";

export const PASSWORD = "matkhau-thu-nghiem";
let hashed: Promise<string> | undefined;

export async function createUser(email: string, extra: Partial<typeof users.$inferInsert> = {}) {
  const passwordHash = await (hashed ??= hashPassword(PASSWORD));
  const id = newId();
  db.insert(users).values({ id, email, fullName: email.split("@")[0]!, passwordHash, ...extra }).run();
  return id;
}

export function province(code: string, validFrom = "2025-07-01") {
  const row = db
    .select()
    .from(adminUnits)
    .where(and(eq(adminUnits.level, "province"), eq(adminUnits.code, code), eq(adminUnits.validFrom, validFrom)))
    .get();
  if (!row) throw new Error(`no province ${code}`);
  return row;
}

export function createCommune(parentId: number, name: string) {
  return db
    .insert(adminUnits)
    .values({ code: `T-${name}`, name, kind: "Xã", level: "commune", parentId, validFrom: "2025-07-01", searchKey: foldVietnamese(name) })
    .returning()
    .get();
}

export function createBody(name: string, level: "commune" | "province" | "region" | "national", unitId: number | null, regionCode: string | null = null) {
  return db.insert(organizingBodies).values({ name, level, unitId, regionCode }).returning().get();
}

export async function createOrganizer(email: string, bodyId: number) {
  const id = await createUser(email);
  db.insert(bodyStaff).values({ bodyId, userId: id }).run();
  return id;
}

export function createRound(bodyId: number, level: "commune" | "province" | "region" | "national", unitId: number | null, title: string, extra: Partial<typeof rounds.$inferInsert> = {}) {
  return db.insert(rounds).values({ bodyId, level, unitId, year: 2026, title, status: "open", ...extra }).returning().get();
}

/** A Request carrying the given Set-Cookie value as its Cookie header. */
export function requestWithCookie(url: string, setCookie: string | null, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (setCookie) headers.set("Cookie", setCookie.split(";")[0]!);
  return new Request(`http://localhost:3999${url}`, { ...init, headers });
}
