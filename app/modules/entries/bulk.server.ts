/**
 * Bulk intake from the queue: accept several dossiers, or ask each of them to complete with one
 * shared message. The same effects as the single actions in entries.server.ts (status, voting
 * code, timeline event, audit row, notification and mail to the producer) for every dossier, but
 * all-or-nothing in one transaction and set-based: the number of statements does not grow with
 * the number of dossiers (docs/decisions/0027-bulk-intake.md).
 */
import { sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import {
  auditLog,
  documentTypes,
  entries,
  entryEvents,
  establishmentMembers,
  holidays,
  mailOutbox,
  notifications,
  products,
  rounds,
  supplementRequests,
  users,
  type EntryStatus,
} from "~db/schema";
import { todayInVietnam } from "~/lib/dates";
import { db, type Tx } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { forbidden, notFound } from "~/lib/http.server";
import { deliverMail } from "~/lib/mail.server";
import {
  canManageRound,
  canOverseeRound,
  type Principal,
} from "~/lib/permissions";
import { addWorkingDays } from "~/lib/workdays";
import type { Notice } from "~/modules/notify/notify.server";
import { roundScope } from "~/modules/rounds/rounds.server";
import { ENTRY_STATUS_LABELS } from "~/ui/labels";
import { dossierSlots } from "../dossier/dossier";
import { BULK_LIMIT, BULK_MESSAGE_MAX } from "./bulk";
import { canTransition } from "./status";

export { BULK_LIMIT, BULK_MESSAGE_MAX };

export interface Refused {
  entryId: number;
  /** The dossier number, or "#id" for an id that is not a dossier of this round. */
  label: string;
  reason: string;
}

/** A refusal of the whole request (nothing was changed), naming the dossiers in the way. */
export class BulkError extends Error {
  constructor(
    message: string,
    public status = 400,
    public field = "_form",
    public refused: Refused[] = []
  ) {
    super(message);
  }
}

export interface BulkResult {
  /** Dossiers changed. */
  count: number;
  /** Establishments (producers) notified. */
  notified: number;
}

/** Distinct positive integer ids, in the order given; refuses an empty or too large selection. */
export function cleanIds(raw: readonly unknown[]): number[] {
  const ids = [
    ...new Set(
      raw
        .map((x) => Number(String(x).trim()))
        .filter((n) => Number.isSafeInteger(n) && n > 0 && n <= 2_000_000_000)
    ),
  ];
  if (!ids.length) throw new BulkError("Chọn ít nhất một hồ sơ.", 400, "ids");
  if (ids.length > BULK_LIMIT)
    throw new BulkError(
      `Mỗi lần chỉ xử lý được tối đa ${BULK_LIMIT} hồ sơ; bạn đã chọn ${ids.length}. Hãy chọn ít hơn (lọc theo trạng thái, nhóm hoặc địa bàn).`,
      400,
      "ids"
    );
  return ids;
}

/** `insert into t (cols) select value ->> 0, ... from json_each(?)`: many rows in one statement. */
function insertRows(
  table: SQLiteTable,
  columns: SQLiteColumn[],
  rows: unknown[][],
  tail: SQL = sql``
): SQL {
  return sql`insert into ${table} (${sql.join(
    columns.map((c) => sql.identifier(c.name)),
    sql`, `
  )}) select ${sql.join(
    columns.map((_, i) => sql.raw(`value ->> ${i}`)),
    sql`, `
  )} from json_each(${JSON.stringify(rows)}) where true ${tail}`;
}

/**
 * notifyUsers (notify.server.ts) for many notices at once, as notifyMany in scoring.server.ts:
 * the same notifications and mails, written with three statements in all. Returns the mail ids.
 */
function notifyMany(
  tx: Tx,
  batch: { userIds: string[]; notice: Notice }[]
): number[] {
  const everyone = [...new Set(batch.flatMap((b) => b.userIds))];
  if (!everyone.length) return [];
  const people = new Map(
    tx
      .select({ id: users.id, email: users.email, fullName: users.fullName })
      .from(users)
      .where(
        sql`${users.id} in (select value from json_each(${JSON.stringify(
          everyone
        )}))`
      )
      .all()
      .map((u) => [u.id, u])
  );
  const notes: unknown[][] = [];
  const outbox: unknown[][] = [];
  const transport = env().SMTP_URL ? "smtp" : "outbox";
  for (const { userIds, notice: n } of batch) {
    const recipients = [...new Set(userIds)]
      .sort()
      .flatMap((id) => people.get(id) ?? []);
    for (const u of recipients) {
      notes.push([u.id, n.kind, n.title, n.body, n.link ?? null]);
      outbox.push([
        u.email,
        n.title,
        `Xin chào ${u.fullName},\n\n${n.body}${
          n.link ? `\n\nXem chi tiết: ${env().publicBaseUrl}${n.link}` : ""
        }\n\n— Hệ thống bình chọn sản phẩm CNNT tiêu biểu`,
        transport,
      ]);
    }
  }
  if (!notes.length) return [];
  tx.run(
    insertRows(
      notifications,
      [
        notifications.userId,
        notifications.kind,
        notifications.title,
        notifications.body,
        notifications.link,
      ],
      notes
    )
  );
  return tx
    .all<{ id: number }>(
      insertRows(
        mailOutbox,
        [
          mailOutbox.toAddress,
          mailOutbox.subject,
          mailOutbox.textBody,
          mailOutbox.transport,
        ],
        outbox,
        sql`returning ${sql.identifier(mailOutbox.id.name)}`
      )
    )
    .map((r) => r.id)
    .sort((a, b) => a - b);
}

interface Selected {
  id: number;
  roundId: number;
  status: EntryStatus;
  dossierNo: string | null;
  votingCode: string | null;
  version: number;
  establishmentId: number;
  productName: string;
  productGroupId: number;
}

/**
 * The round (404 outside the organizer's territory, 403 for an overseeing body) and the selected
 * dossiers, refusing the whole request if any of them may not take the move to `to`.
 */
function prepare(
  tx: Tx,
  p: Principal,
  roundId: number,
  ids: number[],
  to: EntryStatus,
  verb: string
) {
  const round = tx
    .select()
    .from(rounds)
    .where(sql`${rounds.id} = ${roundId}`)
    .get();
  if (!round) notFound("Không tìm thấy kỳ bình chọn này.");
  const scope = roundScope(round, tx);
  if (!canOverseeRound(p, scope))
    notFound("Không tìm thấy kỳ bình chọn này trong phạm vi của cơ quan bạn.");
  if (!canManageRound(p, scope))
    forbidden("Chỉ cơ quan tổ chức kỳ bình chọn này được xử lý hồ sơ.");
  const rows = tx
    .select({
      id: entries.id,
      roundId: entries.roundId,
      status: entries.status,
      dossierNo: entries.dossierNo,
      votingCode: entries.votingCode,
      version: entries.version,
      establishmentId: entries.establishmentId,
      productName: products.name,
      productGroupId: products.productGroupId,
    })
    .from(entries)
    .innerJoin(products, sql`${products.id} = ${entries.productId}`)
    .where(
      sql`${entries.id} in (select value from json_each(${JSON.stringify(
        ids
      )}))`
    )
    .all() as Selected[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const refused: Refused[] = [];
  const selected: Selected[] = [];
  let conflict = false;
  for (const id of ids) {
    const e = byId.get(id);
    if (!e || e.roundId !== roundId || e.status === "draft") {
      // Not named by its dossier number: it may belong to another body's round.
      refused.push({
        entryId: id,
        label: `#${id}`,
        reason: "không có trong kỳ bình chọn này",
      });
    } else if (!canTransition(e.status, to, "organizer")) {
      conflict = true;
      refused.push({
        entryId: id,
        label: e.dossierNo ?? `#${id}`,
        reason: `đang ở trạng thái "${
          ENTRY_STATUS_LABELS[e.status]
        }", không thể ${verb}`,
      });
    } else selected.push(e);
  }
  if (refused.length) {
    const shown = refused.slice(0, 20).map((r) => `${r.label} (${r.reason})`);
    const more =
      refused.length > 20 ? `; và ${refused.length - 20} hồ sơ khác` : "";
    throw new BulkError(
      `Không thực hiện: ${refused.length} hồ sơ không thể ${verb}: ${shown.join(
        "; "
      )}${more}. Chưa hồ sơ nào bị thay đổi; hãy bỏ chọn các hồ sơ này rồi thử lại.`,
      conflict ? 409 : 400,
      "ids",
      refused
    );
  }
  return { round, selected };
}

/** Moves every selected entry from its read status/version to `to`; anything else is a conflict. */
function moveAll(
  tx: Tx,
  selected: Selected[],
  to: EntryStatus,
  codes: Map<number, string> = new Map()
) {
  const rows = selected.map((e) => [e.id, e.version, codes.get(e.id) ?? null]);
  const res = tx.run(sql`
    update ${entries} set
      status = ${to},
      version = version + 1,
      updated_at = ${Date.now()},
      voting_code = coalesce(voting_code, (select s.value ->> 2 from json_each(${JSON.stringify(
        rows
      )}) s where s.value ->> 0 = ${entries.id}))
    where exists (select 1 from json_each(${JSON.stringify(
      rows
    )}) s where s.value ->> 0 = ${entries.id} and s.value ->> 1 = ${
    entries.version
  })`);
  if (res.changes !== selected.length) {
    throw new BulkError(
      "Có hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang và chọn lại.",
      409
    );
  }
}

/** The members of the establishments, per establishment, in one statement. */
function owners(tx: Tx, establishmentIds: number[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const rows = tx
    .select({
      est: establishmentMembers.establishmentId,
      userId: establishmentMembers.userId,
    })
    .from(establishmentMembers)
    .where(
      sql`${
        establishmentMembers.establishmentId
      } in (select value from json_each(${JSON.stringify([
        ...new Set(establishmentIds),
      ])}))`
    )
    .all();
  for (const r of rows) out.set(r.est, [...(out.get(r.est) ?? []), r.userId]);
  return out;
}

function notifiedCount(
  selected: Selected[],
  members: Map<number, string[]>
): number {
  return new Set(
    selected
      .filter((e) => members.get(e.establishmentId)?.length)
      .map((e) => e.establishmentId)
  ).size;
}

const EVENT_COLUMNS = [
  entryEvents.entryId,
  entryEvents.type,
  entryEvents.fromStatus,
  entryEvents.toStatus,
  entryEvents.actorUserId,
  entryEvents.message,
  entryEvents.data,
];
const AUDIT_COLUMNS = [
  auditLog.actorUserId,
  auditLog.action,
  auditLog.objectType,
  auditLog.objectId,
  auditLog.data,
];

/** Accepts every selected submitted dossier (as decideIntake "accepted" with no note), or none. */
export async function acceptMany(
  p: Principal,
  roundId: number,
  rawIds: readonly unknown[]
): Promise<BulkResult> {
  const ids = cleanIds(rawIds);
  const { result, mails } = db.transaction(
    (tx) => {
      const { round, selected } = prepare(
        tx,
        p,
        roundId,
        ids,
        "accepted",
        "tiếp nhận"
      );
      // Voting codes as decideIntake numbers them, continuing in dossier id order.
      const codes = new Map<number, string>();
      const missing = selected
        .filter((e) => !e.votingCode)
        .sort((a, b) => a.id - b.id);
      if (missing.length) {
        let n = tx
          .select({ n: sql<number>`count(*)` })
          .from(entries)
          .where(
            sql`${entries.roundId} = ${round.id} and ${entries.votingCode} is not null`
          )
          .get()!.n;
        for (const e of missing)
          codes.set(
            e.id,
            `${round.year % 100}-${round.id}-${String(++n).padStart(3, "0")}`
          );
      }
      moveAll(tx, selected, "accepted", codes);
      tx.run(
        insertRows(
          entryEvents,
          EVENT_COLUMNS,
          selected.map((e) => [
            e.id,
            "accepted",
            e.status,
            "accepted",
            p.userId,
            "Hồ sơ hợp lệ.",
            null,
          ])
        )
      );
      tx.run(
        insertRows(
          auditLog,
          AUDIT_COLUMNS,
          selected.map((e) => [
            p.userId,
            "entry.accept",
            "entry",
            String(e.id),
            JSON.stringify({
              reason: "",
              votingCode: codes.get(e.id) ?? null,
              bulk: true,
            }),
          ])
        )
      );
      const members = owners(
        tx,
        selected.map((e) => e.establishmentId)
      );
      const mails = notifyMany(
        tx,
        selected.map((e) => ({
          userIds: members.get(e.establishmentId) ?? [],
          notice: {
            kind: "entry.accepted",
            title: `Hồ sơ ${e.dossierNo} hợp lệ`,
            body: `Hồ sơ "${e.productName}" đã được tiếp nhận và sẽ được chấm điểm.`,
            link: `/co-so/du-thi/${e.id}`,
          },
        }))
      );
      return {
        result: {
          count: selected.length,
          notified: notifiedCount(selected, members),
        },
        mails,
      };
    },
    { behavior: "immediate" }
  );
  await deliverMail(mails);
  return result;
}

/**
 * Asks every selected submitted dossier to complete, with one shared message, or none. Each gets
 * its own supplement request, due as the single action sets it; the request opens every slot of
 * the dossier (the organizer cannot pick slots common to dossiers of different groups).
 */
export async function requestCompletionMany(
  p: Principal,
  roundId: number,
  rawIds: readonly unknown[],
  message: string
): Promise<BulkResult> {
  const ids = cleanIds(rawIds);
  const clean = message.normalize("NFC").trim();
  if (!clean)
    throw new BulkError("Vui lòng ghi nội dung cần bổ sung.", 400, "message");
  if (clean.length > BULK_MESSAGE_MAX)
    throw new BulkError(
      `Nội dung cần bổ sung dài quá ${BULK_MESSAGE_MAX} ký tự.`,
      400,
      "message"
    );
  const { result, mails } = db.transaction(
    (tx) => {
      const { round, selected } = prepare(
        tx,
        p,
        roundId,
        ids,
        "needs_completion",
        "yêu cầu bổ sung"
      );
      const defs = tx.select().from(documentTypes).all();
      const slotCodes = new Map<number, string[]>();
      for (const g of new Set(selected.map((e) => e.productGroupId)))
        slotCodes.set(
          g,
          dossierSlots(defs, round, g).map((s) => s.code)
        );
      const dueOn = addWorkingDays(
        todayInVietnam(),
        round.intakeAnswerWorkingDays,
        new Set(
          tx
            .select({ d: holidays.date })
            .from(holidays)
            .all()
            .map((h) => h.d)
        )
      );
      moveAll(tx, selected, "needs_completion");
      tx.run(
        insertRows(
          supplementRequests,
          [
            supplementRequests.entryId,
            supplementRequests.docTypes,
            supplementRequests.message,
            supplementRequests.requestedBy,
            supplementRequests.dueOn,
          ],
          selected.map((e) => [
            e.id,
            JSON.stringify(slotCodes.get(e.productGroupId) ?? []),
            clean,
            p.userId,
            dueOn,
          ])
        )
      );
      tx.run(
        insertRows(
          entryEvents,
          EVENT_COLUMNS,
          selected.map((e) => [
            e.id,
            "completion_requested",
            e.status,
            "needs_completion",
            p.userId,
            clean,
            JSON.stringify({ docTypes: slotCodes.get(e.productGroupId) ?? [] }),
          ])
        )
      );
      tx.run(
        insertRows(
          auditLog,
          AUDIT_COLUMNS,
          selected.map((e) => [
            p.userId,
            "entry.request_completion",
            "entry",
            String(e.id),
            JSON.stringify({
              docTypes: slotCodes.get(e.productGroupId) ?? [],
              bulk: true,
            }),
          ])
        )
      );
      const members = owners(
        tx,
        selected.map((e) => e.establishmentId)
      );
      const mails = notifyMany(
        tx,
        selected.map((e) => ({
          userIds: members.get(e.establishmentId) ?? [],
          notice: {
            kind: "entry.needs_completion",
            title: `Yêu cầu bổ sung hồ sơ ${e.dossierNo ?? ""}`.trim(),
            body: `Hồ sơ "${e.productName}" cần bổ sung: ${clean}`,
            link: `/co-so/du-thi/${e.id}`,
          },
        }))
      );
      return {
        result: {
          count: selected.length,
          notified: notifiedCount(selected, members),
        },
        mails,
      };
    },
    { behavior: "immediate" }
  );
  await deliverMail(mails);
  return result;
}
