/** Migrates and seeds the demo once (the same as a first `npm start`). `npm run seed`. */
import { bootstrap } from "~/lib/bootstrap.server";

const r = await bootstrap({ seedDemo: true });
if (!r.demoSeeded) console.log("Dữ liệu mẫu đã có từ trước: không thay đổi gì.");
