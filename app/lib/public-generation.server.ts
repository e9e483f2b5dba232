import { db } from "./db.server";

let stmt: { get(): unknown } | undefined;

/**
 * The generation of what the public sees (db/migrations/0004_public_generation.sql): triggers bump
 * it in the same transaction as any change a public page shows. One indexed read, prepared once.
 */
export function publicGeneration(): number {
  stmt ??= db.$client.prepare("select n from public_generation where id = 1").pluck();
  return Number(stmt.get() ?? 0);
}
