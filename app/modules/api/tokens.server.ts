/**
 * Organizer API tokens: created and revoked by the staff of an organizing body, stored as SHA-256
 * hashes (the token itself is shown once, at creation), acting with the body's scope: a request
 * with a token sees exactly the rounds the body's staff manage (app/lib/permissions.ts).
 * See docs/decisions/0020-open-api.md.
 */
import crypto from "node:crypto";
import { and, desc, eq, inArray, isNull, lt, or } from "drizzle-orm";
import { apiTokens, organizingBodies, users } from "~db/schema";
import { db } from "~/lib/db.server";
import type { Principal } from "~/lib/permissions";
import { audit } from "~/modules/audit/audit.server";
import { provinceIdOf } from "~/modules/units/units.server";

export const TOKEN_PREFIX = "cnnt_";
export const MAX_TOKENS_PER_BODY = 20;
export const MAX_TOKEN_NAME = 100;
/** lastUsedAt is written at most this often per token (no write on every request). */
const LAST_USED_EVERY_MS = 60_000;

export class ApiTokenError extends Error {
  constructor(
    message: string,
    public status = 400,
    public field = "_form",
  ) {
    super(message);
  }
}

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}

/** "cnnt_" and 43 characters of base64url (32 random bytes). */
export function newToken(): string {
  return TOKEN_PREFIX + crypto.randomBytes(32).toString("base64url");
}

const TOKEN_RE = /^cnnt_[A-Za-z0-9_-]{43}$/;

/** The bodies whose tokens this person manages: the bodies they are staff of. */
export function manageableBodies(p: Principal) {
  const ids = p.staff.map((s) => s.bodyId);
  if (!ids.length) return [];
  return db.select({ id: organizingBodies.id, name: organizingBodies.name }).from(organizingBodies).where(inArray(organizingBodies.id, ids)).all();
}

/** The tokens of the person's bodies, newest first (never the token itself). */
export function listTokens(p: Principal) {
  const ids = p.staff.map((s) => s.bodyId);
  if (!ids.length) return [];
  return db
    .select({
      id: apiTokens.id,
      bodyId: apiTokens.bodyId,
      bodyName: organizingBodies.name,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      createdAt: apiTokens.createdAt,
      createdBy: users.fullName,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .innerJoin(organizingBodies, eq(organizingBodies.id, apiTokens.bodyId))
    .leftJoin(users, eq(users.id, apiTokens.createdBy))
    .where(inArray(apiTokens.bodyId, ids))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
    .all();
}

/** Creates a token for one of the person's bodies; returns the token (shown once) and its row id. */
export function createToken(p: Principal, bodyId: number, nameRaw: string, ip: string | null = null): { id: number; token: string; prefix: string } {
  const name = nameRaw.normalize("NFC").replace(/\s+/g, " ").trim();
  if (!name) throw new ApiTokenError("Hãy đặt tên cho mã truy cập (ví dụ: tên hệ thống sẽ dùng nó).", 400, "name");
  if (name.length > MAX_TOKEN_NAME) throw new ApiTokenError(`Tên tối đa ${MAX_TOKEN_NAME} ký tự.`, 400, "name");
  if (!p.staff.some((s) => s.bodyId === bodyId)) throw new ApiTokenError("Bạn chỉ tạo được mã truy cập cho cơ quan của mình.", 403, "bodyId");
  return db.transaction((tx) => {
    const active = tx
      .select({ id: apiTokens.id })
      .from(apiTokens)
      .where(and(eq(apiTokens.bodyId, bodyId), isNull(apiTokens.revokedAt)))
      .all().length;
    if (active >= MAX_TOKENS_PER_BODY) {
      throw new ApiTokenError(`Cơ quan đã có ${MAX_TOKENS_PER_BODY} mã truy cập đang dùng. Hãy thu hồi mã không còn dùng trước khi tạo mã mới.`, 409);
    }
    const token = newToken();
    const prefix = token.slice(0, TOKEN_PREFIX.length + 6);
    const id = tx
      .insert(apiTokens)
      .values({ bodyId, name, tokenHash: hashToken(token), prefix, createdBy: p.userId })
      .returning({ id: apiTokens.id })
      .get().id;
    audit(tx, { actorUserId: p.userId, action: "api_token.create", objectType: "api_token", objectId: id, data: { bodyId, name, prefix }, ip });
    return { id, token, prefix };
  });
}

/** Revokes a token of one of the person's bodies (another body's token: 404). Revoking twice changes nothing. */
export function revokeToken(p: Principal, tokenId: number, ip: string | null = null): void {
  db.transaction((tx) => {
    const row = tx.select().from(apiTokens).where(eq(apiTokens.id, tokenId)).get();
    if (!row || !p.staff.some((s) => s.bodyId === row.bodyId)) throw new ApiTokenError("Không tìm thấy mã truy cập này trong cơ quan của bạn.", 404);
    if (row.revokedAt) return;
    tx.update(apiTokens).set({ revokedAt: new Date(), revokedBy: p.userId }).where(eq(apiTokens.id, tokenId)).run();
    audit(tx, { actorUserId: p.userId, action: "api_token.revoke", objectType: "api_token", objectId: tokenId, data: { bodyId: row.bodyId, prefix: row.prefix }, ip });
  });
}

export interface TokenPrincipal {
  tokenId: number;
  bodyId: number;
  principal: Principal;
}

/**
 * The principal a request's `Authorization: Bearer <token>` acts as: the token's body alone, as
 * its staff would see it (no admin rights, no council or producer roles). Null when the header is
 * missing, malformed, unknown or revoked.
 */
export function authenticateToken(header: string | null, now = new Date()): TokenPrincipal | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  if (!m || !TOKEN_RE.test(m[1]!)) return null;
  const row = db
    .select({ id: apiTokens.id, bodyId: apiTokens.bodyId, createdBy: apiTokens.createdBy, revokedAt: apiTokens.revokedAt, level: organizingBodies.level, unitId: organizingBodies.unitId, regionCode: organizingBodies.regionCode })
    .from(apiTokens)
    .innerJoin(organizingBodies, eq(organizingBodies.id, apiTokens.bodyId))
    .where(eq(apiTokens.tokenHash, hashToken(m[1]!)))
    .get();
  if (!row || row.revokedAt) return null;
  db.update(apiTokens)
    .set({ lastUsedAt: now })
    .where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, new Date(now.getTime() - LAST_USED_EVERY_MS)))))
    .run();
  const principal: Principal = {
    userId: row.createdBy ?? `api-token:${row.id}`,
    isAdmin: false,
    establishmentIds: [],
    councils: [],
    staff: [{ bodyId: row.bodyId, level: row.level, unitId: row.unitId, regionCode: row.regionCode, provinceId: provinceIdOf(row.unitId) }],
  };
  return { tokenId: row.id, bodyId: row.bodyId, principal };
}
