/**
 * What happens when the server starts: pending migrations, reference data, the demo data once
 * (see `shouldSeedDemo`), and the first system admin (from ADMIN_EMAIL / ADMIN_PASSWORD).
 */
import { and, eq, inArray } from "drizzle-orm";
import { appMeta, users } from "~db/schema";
import { loadReferenceData } from "~db/seed/reference";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from "~db/seed/demo";
import { ensureSystemAdmin } from "~/modules/accounts/accounts.server";
import { hashPassword } from "./auth.server";
import { db, migrateDatabase } from "./db.server";
import { env } from "./env.server";
import { publicGeneration } from "./public-generation.server";

export interface BootstrapReport {
  referenceLoaded: boolean;
  adminCreated: boolean;
  demoSeeded: boolean;
}

export async function bootstrap(
  opts: { seedDemo?: boolean; log?: (line: string) => void } = {},
): Promise<BootstrapReport> {
  const log = opts.log ?? ((l: string) => console.log(l));
  migrateDatabase(db);
  const { loaded: referenceLoaded } = loadReferenceData(db);
  // Decided before the first admin is created: a database with any account is not fresh.
  const wantDemo = opts.seedDemo ?? shouldSeedDemo(log);

  let adminCreated = false;
  const { ADMIN_EMAIL, ADMIN_PASSWORD } = env();
  if (ADMIN_EMAIL && ADMIN_PASSWORD) {
    const anyAdmin = db.select({ id: users.id }).from(users).where(eq(users.isSystemAdmin, true)).get();
    if (!anyAdmin) {
      adminCreated = (await ensureSystemAdmin(ADMIN_EMAIL, ADMIN_PASSWORD)).created;
      if (adminCreated) log(`[khởi động] Đã tạo quản trị hệ thống ${ADMIN_EMAIL}.`);
    }
  }

  let demoSeeded = false;
  if (wantDemo && !isDemoSeeded()) {
    const hash = await hashPassword(DEMO_PASSWORD);
    demoSeeded = db.transaction((tx) => {
      // Checked again inside the write transaction: two processes starting at once seed once.
      if (tx.select().from(appMeta).where(eq(appMeta.key, "demo_seeded")).get()) return false;
      seedDemo(tx, hash);
      tx.insert(appMeta).values({ key: "demo_seeded", value: new Date().toISOString() }).run();
      return true;
    }, { behavior: "immediate" });
    if (demoSeeded) printDemoAccounts(log);
  }
  return { referenceLoaded, adminCreated, demoSeeded };
}

/**
 * The demo (public accounts with a published password) is seeded only when asked explicitly
 * (SEED_DEMO=1), or, by default, on a database without any account whose public address is this
 * machine (PUBLIC_BASE_URL unset or localhost): `npm start` on a fresh clone. A real deployment,
 * with its public address, never gets it by accident (docs/decisions/0012-demo-data-safety.md).
 */
export function shouldSeedDemo(log: (line: string) => void = () => {}): boolean {
  const e = env();
  if (e.seedDemo === "no") return false;
  if (e.seedDemo === "yes") {
    if (!e.localAddress) log(`[khởi động] CẢNH BÁO: SEED_DEMO=1 trên địa chỉ công khai ${e.publicBaseUrl}: hệ thống sẽ có tài khoản mẫu với mật khẩu công khai.`);
    return true;
  }
  if (!e.localAddress) return false;
  return !db.select({ id: users.id }).from(users).limit(1).get();
}

/**
 * True while any demo account (published password) exists and is active: every page says so.
 * Read once per public generation (app/lib/page-cache.server.ts): seeding the demo adds products,
 * and a change of an account's status bumps it (db/migrations/0004).
 */
let demoMemo: { gen: number; active: boolean } | undefined;
export function demoAccountsActive(): boolean {
  const gen = publicGeneration();
  if (demoMemo?.gen !== gen) demoMemo = { gen, active: readDemoAccountsActive() };
  return demoMemo.active;
}

function readDemoAccountsActive(): boolean {
  const emails = DEMO_ACCOUNTS.map((a) => a.email);
  return !!db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.email, emails), eq(users.status, "active")))
    .limit(1)
    .get();
}

export function isDemoSeeded(): boolean {
  return !!db.select().from(appMeta).where(eq(appMeta.key, "demo_seeded")).get();
}

function printDemoAccounts(log: (line: string) => void) {
  const width = Math.max(...DEMO_ACCOUNTS.map((a) => a.email.length));
  log("");
  log("Dữ liệu mẫu đã được tạo. Tài khoản dùng thử (mật khẩu chung: " + DEMO_PASSWORD + "):");
  for (const a of DEMO_ACCOUNTS) log(`  ${a.email.padEnd(width)}  ${a.role}`);
  log("");
}
