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

/**
 * A value computed from public data, recomputed only when the public generation has changed
 * (by any process): for whole-database figures every public page shows (home page counts,
 * filter choices, published rounds). Exact, never stale, unlike a time-to-live.
 */
export function perGeneration<A extends unknown[], T>(compute: (...args: A) => T, keyOf: (...args: A) => string = (...args) => JSON.stringify(args)): (...args: A) => T {
  let gen = -1;
  let values = new Map<string, T>();
  return (...args: A) => {
    const now = publicGeneration();
    if (now !== gen) {
      gen = now;
      values = new Map();
    }
    const key = keyOf(...args);
    if (values.has(key)) return values.get(key)!;
    const v = compute(...args);
    if (values.size < 64) values.set(key, v);
    return v;
  };
}
