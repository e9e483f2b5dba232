/**
 * Creates the first system administrator (or promotes an existing account).
 *   npm run create-admin -- <email> <password> ["Họ và tên"]
 * The same can be done on first start with ADMIN_EMAIL and ADMIN_PASSWORD.
 */
import { db, migrateDatabase } from "~/lib/db.server";
import { emailField, passwordField } from "~/modules/accounts/accounts";
import { ensureSystemAdmin } from "~/modules/accounts/accounts.server";
import { loadReferenceData } from "~db/seed/reference";

const [email, password, fullName] = process.argv.slice(2);
const e = emailField.safeParse(email ?? "");
const p = passwordField.safeParse(password ?? "");
if (!e.success || !p.success) {
  console.error('Cách dùng: npm run create-admin -- <email> <mật khẩu, ít nhất 8 ký tự> ["Họ và tên"]');
  process.exit(2);
}
migrateDatabase(db);
loadReferenceData(db);
const r = await ensureSystemAdmin(e.data, p.data, fullName || undefined);
console.log(r.created ? `Đã tạo quản trị hệ thống ${e.data}.` : `${e.data} đã có tài khoản: đã cấp quyền quản trị (mật khẩu không đổi).`);
