/** Applies pending migrations and reference data. `npm run db:migrate`. */
import { db, migrateDatabase } from "~/lib/db.server";
import { loadReferenceData } from "~db/seed/reference";

migrateDatabase(db);
const { loaded } = loadReferenceData(db);
console.log(`Đã áp dụng migration${loaded ? " và nạp dữ liệu tham chiếu" : ""}.`);
