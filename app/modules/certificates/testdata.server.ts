/**
 * Builds a round whose council has recognised entries (with a recognition decision) but whose
 * certificates are not issued yet: real rows through the app's own database handle. Used by the
 * integration tests, the browser tests' set-up and the benchmark (scripts/bench.ts), so none of
 * them needs to mock the project's modules. Not used by any page.
 */
import { eq } from "drizzle-orm";
import {
  councilVerdicts,
  entries,
  establishmentMembers,
  establishments,
  products,
  recognitionDecisions,
  results,
  rounds,
  type LegalType,
  type RoundLevel,
  type RoundStatus,
} from "~db/schema";
import { db, type DbOrTx } from "~/lib/db.server";

export interface ProductSpec {
  name: string;
  producer: string;
  provinceId: number;
  unitId?: number | null;
  street?: string;
  group?: 1 | 2 | 3 | 4;
  legalType?: LegalType;
  /** Reuse an existing product (a later round of the same product). */
  productId?: number;
  /** Council's verdict; default true. */
  recognised?: boolean;
  /** Make this user a member (owner) of the new establishment. */
  ownerUserId?: string;
}

export interface RoundSpec {
  bodyId: number;
  level: RoundLevel;
  unitId: number | null;
  regionCode?: string | null;
  year: number;
  title: string;
  status?: RoundStatus;
  certificateNumberPattern?: string;
  certificateValidityMonths?: number;
  decision?: { number: string; signedOn: string; signerName: string; signerTitle: string; issuer: string };
  products: ProductSpec[];
}

export interface BuiltRound {
  roundId: number;
  decisionId: number;
  entryIds: number[];
  productIds: number[];
  establishmentIds: number[];
}

let dossierCounter = 0;

export function buildRecognisedRound(spec: RoundSpec, database: DbOrTx = db): BuiltRound {
  return database.transaction((tx) => {
    const round = tx
      .insert(rounds)
      .values({
        bodyId: spec.bodyId,
        level: spec.level,
        unitId: spec.unitId,
        regionCode: spec.regionCode ?? null,
        year: spec.year,
        title: spec.title,
        status: spec.status ?? "published",
        ...(spec.certificateNumberPattern ? { certificateNumberPattern: spec.certificateNumberPattern } : {}),
        ...(spec.certificateValidityMonths ? { certificateValidityMonths: spec.certificateValidityMonths } : {}),
        publishedAt: (spec.status ?? "published") === "published" ? new Date() : null,
      })
      .returning({ id: rounds.id })
      .get();
    const d = spec.decision ?? {
      number: `${100 + round.id}/QĐ-UBND`,
      signedOn: `${spec.year}-01-15`,
      signerName: "Nguyễn Văn Thắng",
      signerTitle: "Phó Chủ tịch UBND tỉnh",
      issuer: "Ủy ban nhân dân tỉnh",
    };
    const decisionId = tx
      .insert(recognitionDecisions)
      .values({ roundId: round.id, ...d })
      .returning({ id: recognitionDecisions.id })
      .get().id;
    const out: BuiltRound = { roundId: round.id, decisionId, entryIds: [], productIds: [], establishmentIds: [] };
    spec.products.forEach((p, i) => {
      let productId = p.productId;
      let establishmentId: number;
      if (productId) {
        establishmentId = tx.select({ e: products.establishmentId }).from(products).where(eq(products.id, productId)).get()!.e;
      } else {
        establishmentId = tx
          .insert(establishments)
          .values({
            legalType: p.legalType ?? "cooperative",
            name: p.producer,
            provinceId: p.provinceId,
            unitId: p.unitId ?? p.provinceId,
            street: p.street ?? null,
          })
          .returning({ id: establishments.id })
          .get().id;
        if (p.ownerUserId) tx.insert(establishmentMembers).values({ establishmentId, userId: p.ownerUserId, role: "owner" }).run();
        productId = tx
          .insert(products)
          .values({ establishmentId, name: p.name, productGroupId: p.group ?? 1, description: `${p.name}: sản phẩm thử nghiệm.` })
          .returning({ id: products.id })
          .get().id;
      }
      const recognised = p.recognised ?? true;
      const entryId = tx
        .insert(entries)
        .values({
          roundId: round.id,
          productId,
          establishmentId,
          dossierNo: `T-${round.id}-${++dossierCounter}-${i}`,
          status: recognised ? "recognised" : "not_recognised",
          submittedAt: new Date(),
        })
        .returning({ id: entries.id })
        .get().id;
      tx.insert(results)
        .values({
          entryId,
          stage: 1,
          judgesCount: 3,
          sumTenths: 2400 - i,
          groupSumsTenths: { I: 960, II: 960, III: 240, IV: 240 },
          minTenths: 790,
          maxTenths: 810,
          passed: recognised,
          rank: i + 1,
          recommended: recognised,
          computedAt: new Date(),
        })
        .run();
      tx.insert(councilVerdicts)
        .values({ entryId, recognised, decisionId: recognised ? decisionId : null, decidedAt: new Date(), votesFor: 3, votesAgainst: 0, votesAbstain: 0 })
        .run();
      out.entryIds.push(entryId);
      out.productIds.push(productId);
      out.establishmentIds.push(establishmentId);
    });
    return out;
  });
}
