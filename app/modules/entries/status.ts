/**
 * Entry status transitions, as one explicit table. Every change of an entry's status goes
 * through `assertTransition`, so no route or use case can invent a path.
 */
import type { EntryStatus } from "~db/schema";

export type Actor = "producer" | "organizer" | "system" | "council";

type Table = Partial<Record<EntryStatus, Partial<Record<EntryStatus, Actor[]>>>>;

export const TRANSITIONS: Table = {
  draft: { submitted: ["producer"], withdrawn: ["producer"] },
  nominated: { submitted: ["producer"], withdrawn: ["producer"] },
  submitted: {
    accepted: ["organizer"],
    needs_completion: ["organizer"],
    rejected: ["organizer"],
    withdrawn: ["producer"],
  },
  needs_completion: { submitted: ["producer"], rejected: ["organizer"], withdrawn: ["producer"] },
  accepted: { scored: ["system"], withdrawn: ["producer"], rejected: ["organizer"] },
  scored: { recognised: ["council"], not_recognised: ["council"] },
};

export function canTransition(from: EntryStatus, to: EntryStatus, actor: Actor): boolean {
  return TRANSITIONS[from]?.[to]?.includes(actor) ?? false;
}

export class TransitionError extends Error {
  constructor(
    public from: EntryStatus,
    public to: EntryStatus,
  ) {
    super(`Không thể chuyển hồ sơ từ trạng thái "${from}" sang "${to}".`);
  }
}

export function assertTransition(from: EntryStatus, to: EntryStatus, actor: Actor): void {
  if (!canTransition(from, to, actor)) throw new TransitionError(from, to);
}

/** Round statuses during which a producer may still withdraw (before scoring starts). */
export const WITHDRAWABLE_ROUND_STATUSES = ["open", "intake_closed"] as const;
