import { auditLog } from "~db/schema";
import type { DbOrTx } from "~/lib/db.server";

export interface AuditEntry {
  actorUserId: string | null;
  action: string;
  objectType: string;
  objectId?: string | number | null;
  data?: Record<string, unknown>;
  ip?: string | null;
}

/** Writes one audit row; call inside the use case's transaction. */
export function audit(tx: DbOrTx, e: AuditEntry) {
  tx.insert(auditLog)
    .values({
      actorUserId: e.actorUserId,
      action: e.action,
      objectType: e.objectType,
      objectId: e.objectId == null ? null : String(e.objectId),
      data: e.data ?? null,
      ip: e.ip ?? null,
    })
    .run();
}
