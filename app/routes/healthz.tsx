import { sql } from "drizzle-orm";
import { db } from "~/lib/db.server";

/** Liveness and database check for load balancers and monitoring. */
export async function loader() {
  try {
    const row = db.get<{ ok: number; migrations: number }>(
      sql`select 1 as ok, (select count(*) from __drizzle_migrations) as migrations`,
    );
    return new Response(JSON.stringify({ status: "ok", database: "ok", migrations: row.migrations }), {
      headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
    });
  } catch (e) {
    return new Response(JSON.stringify({ status: "error", database: e instanceof Error ? e.message : "error" }), {
      status: 503,
      headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
    });
  }
}
