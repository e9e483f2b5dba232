import { redirect } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { bodyStaff, councilMembers, councils, establishmentMembers, organizingBodies } from "~db/schema";
import { provinceIdOf } from "~/modules/units/units.server";
import { readSession, type SessionUser } from "./auth.server";
import { db } from "./db.server";
import { forbidden } from "./http.server";
import { hasRole, type Principal, type Role } from "./permissions";

/** Everything the permission rules need to know about a user, read in a few small queries. */
export function loadPrincipal(userId: string, isAdmin: boolean): Principal {
  const establishmentIds = db
    .select({ id: establishmentMembers.establishmentId })
    .from(establishmentMembers)
    .where(eq(establishmentMembers.userId, userId))
    .all()
    .map((r) => r.id);
  const staff = db
    .select({
      bodyId: organizingBodies.id,
      level: organizingBodies.level,
      unitId: organizingBodies.unitId,
      regionCode: organizingBodies.regionCode,
    })
    .from(bodyStaff)
    .innerJoin(organizingBodies, eq(organizingBodies.id, bodyStaff.bodyId))
    .where(eq(bodyStaff.userId, userId))
    .all()
    .map((s) => ({ ...s, provinceId: provinceIdOf(s.unitId) }));
  const councilRows = db
    .select({
      councilId: councils.id,
      roundId: councils.roundId,
      memberId: councilMembers.id,
      role: councilMembers.role,
      isJudge: councilMembers.isJudge,
    })
    .from(councilMembers)
    .innerJoin(councils, eq(councils.id, councilMembers.councilId))
    .where(eq(councilMembers.userId, userId))
    .all();
  return { userId, isAdmin, establishmentIds, staff, councils: councilRows };
}

export interface Viewer {
  user: SessionUser;
  principal: Principal;
}

/** The signed-in user, or null. */
export async function getViewer(request: Request): Promise<Viewer | null> {
  const s = await readSession(request);
  if (!s.user) return null;
  return { user: s.user, principal: loadPrincipal(s.user.id, s.user.isSystemAdmin) };
}

/** The signed-in user; otherwise a redirect to the log-in page that comes back here. */
export async function requireViewer(request: Request): Promise<Viewer> {
  const viewer = await getViewer(request);
  if (!viewer) {
    const url = new URL(request.url);
    throw redirect(`/dang-nhap?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return viewer;
}

const ROLE_NAMES: Record<Role, string> = {
  producer: "cơ sở sản xuất",
  organizer: "cơ quan tổ chức",
  judge: "thành viên hội đồng, ban giám khảo",
  admin: "quản trị hệ thống",
};

/** The signed-in user with a role; 403 with the role named otherwise. */
export async function requireRole(request: Request, role: Role): Promise<Viewer> {
  const viewer = await requireViewer(request);
  if (!hasRole(viewer.principal, role)) {
    forbidden(`Trang này chỉ dành cho ${ROLE_NAMES[role]}. Tài khoản của bạn không có vai trò đó.`);
  }
  return viewer;
}

/** Throws 403 with the message unless the rule allows. */
export function ensure(allowed: boolean, message?: string): asserts allowed {
  if (!allowed) forbidden(message);
}
