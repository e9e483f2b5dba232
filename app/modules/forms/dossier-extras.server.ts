/**
 * What the producer's dossier page shows around the slots (issue 12 items 2, 4 and 6): where the
 * producer stands (profile → product → documents → submit → results), the registration deadline
 * with the days left while intake is open, and after publication its own result: mean, rank, pass
 * mark, the judges' comments when the round releases them (anonymous: "Giám khảo 1", …), the
 * recognition decision and the certificate. Read-only; 404 for another establishment's entry.
 */
import { and, asc, count, desc, eq } from "drizzle-orm";
import {
  certificates,
  councilVerdicts,
  entries,
  establishments,
  productPhotos,
  products,
  recognitionDecisions,
  results,
  rounds,
  scoreSheets,
} from "~db/schema";
import { todayInVietnam } from "~/lib/dates";
import { db } from "~/lib/db.server";
import type { Principal } from "~/lib/permissions";
import { requireOwnEntry } from "~/modules/entries/entries.server";
import { daysBetween } from "~/modules/reminders/schedule";
import { formatMean } from "~/modules/scoring/aggregate";

export type StepState = "done" | "current" | "todo";
export interface Step {
  key: "profile" | "product" | "documents" | "submit" | "results";
  label: string;
  state: StepState;
  href: string;
  hint: string;
}

/** Points in tenths for people, without trailing zeros: 700 → "70", 705 → "70,5". */
export function formatMark(tenths: number): string {
  return tenths % 10 === 0 ? String(tenths / 10) : `${Math.floor(tenths / 10)},${tenths % 10}`;
}

const SUBMITTED_STATUSES = new Set(["submitted", "accepted", "scored", "recognised", "not_recognised", "rejected"]);

export function dossierExtras(p: Principal, entryId: number, missingCount: number, today = todayInVietnam()) {
  const e = requireOwnEntry(p, entryId);
  const round = db.select().from(rounds).where(eq(rounds.id, e.roundId)).get()!;
  const est = db.select().from(establishments).where(eq(establishments.id, e.establishmentId)).get()!;
  const product = db.select().from(products).where(eq(products.id, e.productId)).get()!;
  const photos = db.select({ n: count() }).from(productPhotos).where(eq(productPhotos.productId, product.id)).get()?.n ?? 0;

  // --- Steps
  const submitted = SUBMITTED_STATUSES.has(e.status);
  const published = round.status === "published";
  const profileMissing = [
    !est.registrationNo && "mã số đăng ký",
    !est.unitId && "địa chỉ",
    !est.representative && "người đại diện",
    !est.phone && "điện thoại",
  ].filter(Boolean) as string[];
  const productMissing = [!product.description.trim() && "mô tả", !photos && "ảnh"].filter(Boolean) as string[];
  const documentsDone = submitted || missingCount === 0;
  const raw: { key: Step["key"]; label: string; done: boolean; href: string; hint: string }[] = [
    {
      key: "profile",
      label: "Thông tin cơ sở",
      done: submitted || !profileMissing.length,
      href: "/co-so/thong-tin",
      hint: profileMissing.length && !submitted ? `Còn thiếu: ${profileMissing.join(", ")} (điền sẵn vào phiếu đăng ký).` : "Đã đủ thông tin để điền phiếu đăng ký.",
    },
    {
      key: "product",
      label: "Sản phẩm",
      done: submitted || !productMissing.length,
      href: `/co-so/san-pham/${product.id}`,
      hint: productMissing.length && !submitted ? `Nên bổ sung: ${productMissing.join(", ")}.` : "Đã có mô tả và ảnh sản phẩm.",
    },
    {
      key: "documents",
      label: "Tài liệu",
      done: documentsDone,
      href: "#tai-lieu",
      hint: documentsDone ? (submitted ? "Đã nộp kèm hồ sơ." : "Đã đủ tài liệu bắt buộc.") : `Còn thiếu ${missingCount} mục bắt buộc.`,
    },
    {
      key: "submit",
      label: "Nộp hồ sơ",
      done: submitted,
      href: submitted ? `/co-so/du-thi/${e.id}/bien-nhan` : "#nop-ho-so",
      hint: submitted ? "Đã nộp; xem biên nhận." : e.status === "needs_completion" ? "Bổ sung rồi nộp lại." : "Tích ô cam đoan rồi bấm “Nộp hồ sơ”.",
    },
    {
      key: "results",
      label: "Kết quả",
      done: published && (e.status === "recognised" || e.status === "not_recognised"),
      href: "#ket-qua",
      hint: published ? "Đã công bố kết quả." : round.announcementOn ? `Dự kiến công bố ${round.announcementOn.split("-").reverse().join("/")}.` : "Công bố sau khi hội đồng họp.",
    },
  ];
  const firstOpen = raw.findIndex((s) => !s.done);
  const steps: Step[] = raw.map((s, i) => ({ key: s.key, label: s.label, href: s.href, hint: s.hint, state: s.done ? "done" : i === firstOpen ? "current" : "todo" }));

  // --- Deadline, while intake is open and the dossier can still be submitted
  const canStillSubmit = e.status === "draft" || e.status === "nominated" || e.status === "needs_completion";
  const deadline =
    round.status === "open" && canStillSubmit && round.registrationClosesOn
      ? { date: round.registrationClosesOn, daysLeft: daysBetween(today, round.registrationClosesOn) }
      : null;

  return { steps, deadline, result: published ? resultView(e, round) : null };
}

type Entry = typeof entries.$inferSelect;
type Round = typeof rounds.$inferSelect;

/** The entry's published result (latest stage), with nothing that names a judge. */
function resultView(e: Entry, round: Round) {
  const r = db.select().from(results).where(eq(results.entryId, e.id)).orderBy(desc(results.stage)).get();
  const verdict = db.select().from(councilVerdicts).where(eq(councilVerdicts.entryId, e.id)).get();
  const recognised = verdict ? verdict.recognised : e.status === "recognised";
  const ranked = r ? (db.select({ n: count() }).from(results).innerJoin(entries, eq(entries.id, results.entryId)).where(and(eq(entries.roundId, round.id), eq(results.stage, r.stage))).get()?.n ?? 0) : 0;
  const decision = recognised
    ? verdict?.decisionId != null
      ? db.select().from(recognitionDecisions).where(eq(recognitionDecisions.id, verdict.decisionId)).get()
      : db.select().from(recognitionDecisions).where(eq(recognitionDecisions.roundId, round.id)).orderBy(desc(recognitionDecisions.id)).get()
    : undefined;
  const cert = db.select().from(certificates).where(eq(certificates.entryId, e.id)).get();
  const prize = verdict?.prizeCode ? (round.prizes ?? []).find((p) => p.code === verdict.prizeCode)?.name ?? null : null;
  // Released comments: numbered by the order of the submitted sheets, so "Giám khảo 2" stays the
  // same sheet whoever else wrote nothing; no member id or name leaves this function.
  let comments: { label: string; text: string }[] = [];
  if (round.releaseComments && r) {
    comments = db
      .select({ comment: scoreSheets.comment })
      .from(scoreSheets)
      .where(and(eq(scoreSheets.entryId, e.id), eq(scoreSheets.stage, r.stage), eq(scoreSheets.status, "submitted")))
      .orderBy(asc(scoreSheets.id))
      .all()
      .map((s, i) => ({ label: `Giám khảo ${i + 1}`, text: s.comment.trim() }))
      .filter((c) => c.text);
  }
  return {
    recognised,
    mean: r ? formatMean(r.sumTenths, r.judgesCount) : null,
    judgesCount: r?.judgesCount ?? 0,
    passed: r?.passed ?? false,
    rank: r?.rank ?? null,
    ranked,
    passMark: formatMark(round.passMarkTenths),
    prize,
    releaseComments: round.releaseComments,
    comments,
    decision: decision ? { number: decision.number, signedOn: decision.signedOn, issuer: decision.issuer } : null,
    certificate: cert ? { id: cert.id, number: cert.number, validUntil: cert.validUntil, revoked: cert.revokedAt != null } : null,
  };
}
