/**
 * Sessions and passwords. Lucia (deprecated upstream) is used only in this file, so it can be
 * replaced by plain session code without touching the rest of the app (docs/decisions/0002).
 */
import { hash, verify } from "@node-rs/argon2";
import { DrizzleSQLiteAdapter } from "@lucia-auth/adapter-drizzle";
import { Lucia, TimeSpan, type Session } from "lucia";
import { sessions, users } from "~db/schema";
import { db } from "./db.server";
import { env } from "./env.server";

const adapter = new DrizzleSQLiteAdapter(db, sessions, users);

export const lucia = new Lucia(adapter, {
  sessionExpiresIn: new TimeSpan(env().SESSION_DAYS, "d"),
  sessionCookie: {
    name: "cnnt_session",
    expires: true,
    attributes: {
      secure: env().publicBaseUrl.startsWith("https://"),
      sameSite: "lax",
      path: "/",
    },
  },
  getUserAttributes: (a) => ({
    email: a.email,
    fullName: a.fullName,
    isSystemAdmin: a.isSystemAdmin,
    status: a.status,
    locale: a.locale,
  }),
});

declare module "lucia" {
  interface Register {
    Lucia: typeof lucia;
    DatabaseUserAttributes: {
      email: string;
      fullName: string;
      isSystemAdmin: boolean;
      status: "active" | "disabled";
      locale: "vi" | "en";
    };
  }
}

export type SessionUser = {
  id: string;
  email: string;
  fullName: string;
  isSystemAdmin: boolean;
  locale: "vi" | "en";
};

// OWASP's argon2id minimum: 19 MiB, 2 iterations, 1 lane.
const ARGON = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 };

/**
 * Password hashing is the costliest thing the server does (~15-30 ms of CPU). At most one runs at a
 * time in a process, so log-in attempts from many addresses at once (which no per-address throttle
 * stops) use at most one core and the public pages keep the other. Log-in attempts beyond
 * MAX_WAITING in line are refused at once (503) instead of queueing without end.
 */
const MAX_HASHING = 1;
const MAX_WAITING = 32;
let hashing = 0;
const waiting: (() => void)[] = [];

export class PasswordBusyError extends Error {
  status = 503;
  field = "_form";
  constructor() {
    super("Hệ thống đang bận xử lý nhiều lượt đăng nhập. Vui lòng thử lại sau vài giây.");
  }
}

async function oneAtATime<T>(fn: () => Promise<T>, mayRefuse: boolean): Promise<T> {
  if (hashing < MAX_HASHING) hashing++;
  else {
    if (mayRefuse && waiting.length >= MAX_WAITING) throw new PasswordBusyError();
    await new Promise<void>((resolve) => waiting.push(resolve)); // the slot is handed over on release
  }
  try {
    return await fn();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else hashing--;
  }
}

export function hashPassword(password: string): Promise<string> {
  return oneAtATime(() => hash(password.normalize("NFC"), ARGON), false);
}

/** `mayRefuse`: a log-in attempt, refused with PasswordBusyError when too many wait already. */
export async function verifyPassword(passwordHash: string, password: string, opts: { mayRefuse?: boolean } = {}): Promise<boolean> {
  return oneAtATime(async () => {
    try {
      return await verify(passwordHash, password.normalize("NFC"));
    } catch {
      return false;
    }
  }, opts.mayRefuse ?? false);
}

/** A hash to verify against when the email is unknown, so timing does not reveal accounts. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  return (dummyHash ??= hashPassword("không-có-tài-khoản-này"));
}

/** Starts a session and returns the Set-Cookie header value. */
export async function startSession(userId: string): Promise<string> {
  const session = await lucia.createSession(userId, {});
  return lucia.createSessionCookie(session.id).serialize();
}

export interface CurrentSession {
  user: SessionUser;
  session: Session;
  /** Set when the cookie must be refreshed or cleared. */
  setCookie?: string;
}

/** Reads the session cookie; null when absent, expired or the user is disabled. */
export async function readSession(request: Request): Promise<CurrentSession | { user: null; setCookie?: string }> {
  const sessionId = lucia.readSessionCookie(request.headers.get("Cookie") ?? "");
  if (!sessionId) return { user: null };
  const { session, user } = await lucia.validateSession(sessionId);
  if (!session || !user || user.status !== "active") {
    if (session) await lucia.invalidateSession(session.id);
    return { user: null, setCookie: lucia.createBlankSessionCookie().serialize() };
  }
  return {
    session,
    user: {
      id: user.id,
      email: user.email,
      fullName: user.fullName,
      isSystemAdmin: user.isSystemAdmin,
      locale: user.locale,
    },
    setCookie: session.fresh ? lucia.createSessionCookie(session.id).serialize() : undefined,
  };
}

/** Ends the request's session; returns the Set-Cookie header that clears the cookie. */
export async function endSession(request: Request): Promise<string> {
  const sessionId = lucia.readSessionCookie(request.headers.get("Cookie") ?? "");
  if (sessionId) await lucia.invalidateSession(sessionId);
  return lucia.createBlankSessionCookie().serialize();
}

/** Ends every session of a user (after a password change or reset). */
export async function endAllSessions(userId: string): Promise<void> {
  await lucia.invalidateUserSessions(userId);
}
