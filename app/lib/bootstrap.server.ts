/**
 * What happens when the server starts: pending migrations, reference data, the first system
 * admin (from ADMIN_EMAIL / ADMIN_PASSWORD), and, when SEED_DEMO is on, the demo data once.
 */
import { eq } from "drizzle-orm";
import { appMeta, users } from "~db/schema";
import { loadReferenceData } from "~db/seed/reference";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from "~db/seed/demo";
import { ensureSystemAdmin } from "~/modules/accounts/accounts.server";
import { hashPassword } from "./auth.server";
import { db, migrateDatabase } from "./db.server";
import { env } from "./env.server";

export interface BootstrapReport {
  referenceLoaded: boolean;
  adminCreated: boolean;
  demoSeeded: boolean;
}

export async function bootstrap(
  opts: { seedDemo?: boolean; log?: (line: string) => void } = {},
): Promise<BootstrapReport> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const wantDemo = opts.seedDemo ?? env().SEED_DEMO;
  migrateDatabase(db);
  const { loaded: referenceLoaded } = loadReferenceData(db);

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
