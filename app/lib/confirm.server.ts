/**
 * Confirmation tokens for actions that cannot be undone (docs/decisions/0022-confirmations.md).
 *
 * A token is `payload.signature`: the payload (base64url JSON) names the action, the round, the
 * state the person saw when confirming (e.g. the round's status and version) and an expiry; the
 * signature is an HMAC-SHA256 with SESSION_SECRET over the payload and the user's id. So a token
 * confirms one action, on one round, by one person, in the state they were shown, for a few
 * minutes: replayed for another action or round, by someone else, after the round changed or too
 * late, it is refused and nothing changes.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "./env.server";

/** The form field that carries the token. */
export const CONFIRM_FIELD = "xac-nhan";

/** How long a confirmation stays valid. */
export const CONFIRM_TTL_MS = 15 * 60 * 1000;

/** An action refused for want of a (valid) confirmation: a 4xx with a Vietnamese message. */
export class ConfirmError extends Error {
  field = "_form";
  constructor(
    message: string,
    public status: number,
  ) {
    super(message);
  }
}

export interface ConfirmSubject {
  userId: string;
  roundId: number;
  /** The action's key, e.g. "dong-nhan-ho-so". */
  action: string;
  /** What the person was shown; the action is refused when it differs at the time of the post. */
  state: string;
}

interface Payload {
  a: string;
  r: number;
  s: string;
  e: number;
}

function sign(userId: string, payload: string): string {
  return createHmac("sha256", env().sessionSecret).update(`confirm.v1\n${userId}\n${payload}`).digest("base64url");
}

/** A token confirming this action on this round in this state, valid for CONFIRM_TTL_MS. */
export function signConfirmation(s: ConfirmSubject, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ a: s.action, r: s.roundId, s: s.state, e: now + CONFIRM_TTL_MS } satisfies Payload)).toString("base64url");
  return `${payload}.${sign(s.userId, payload)}`;
}

/**
 * Checks a posted token against what is about to happen. Throws ConfirmError: 428 without a
 * token, 400 for a forged or foreign one (another action, round or user), 409 when it expired or
 * the round changed since the person confirmed.
 */
export function checkConfirmation(token: FormDataEntryValue | null | undefined, s: ConfirmSubject, now = Date.now()): void {
  if (typeof token !== "string" || token.trim() === "") {
    throw new ConfirmError("Thao tác này không hoàn tác được nên cần xác nhận. Hãy bấm lại nút, đọc hậu quả và chọn “Xác nhận”.", 428);
  }
  const [payload, mac, ...rest] = token.trim().split(".");
  const invalid = () => new ConfirmError("Xác nhận không hợp lệ cho thao tác này. Hãy bấm lại nút và xác nhận lại.", 400);
  if (!payload || !mac || rest.length || token.length > 2000) throw invalid();
  const expected = Buffer.from(sign(s.userId, payload));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
  let p: Payload;
  try {
    p = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Payload;
  } catch {
    throw invalid();
  }
  if (p.a !== s.action || p.r !== s.roundId) throw invalid();
  if (typeof p.e !== "number" || p.e < now) {
    throw new ConfirmError("Xác nhận đã hết hạn. Hãy bấm lại nút, xem lại hậu quả và xác nhận lại.", 409);
  }
  if (p.s !== s.state) {
    throw new ConfirmError("Kỳ bình chọn đã thay đổi kể từ lúc bạn xác nhận. Hãy xem lại hậu quả và xác nhận lại.", 409);
  }
}
