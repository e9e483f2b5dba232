import { desc, eq, inArray } from "drizzle-orm";
import { adminUnits, entries, establishments, productGroups, products, rounds } from "~db/schema";
import { db } from "~/lib/db.server";
import type { Principal } from "~/lib/permissions";
import { unitPath } from "~/modules/units/units.server";

/** The producer's home: its establishments, their products and entries. Only its own. */
export function producerHome(p: Principal) {
  if (!p.establishmentIds.length) return [];
  const ests = db.select().from(establishments).where(inArray(establishments.id, p.establishmentIds)).all();
  return ests.map((e) => {
    const prods = db
      .select({ id: products.id, name: products.name, group: productGroups.shortName, groupId: products.productGroupId, isSet: products.isSet })
      .from(products)
      .innerJoin(productGroups, eq(productGroups.id, products.productGroupId))
      .where(eq(products.establishmentId, e.id))
      .all();
    const ents = db
      .select({
        id: entries.id,
        status: entries.status,
        dossierNo: entries.dossierNo,
        productName: products.name,
        roundTitle: rounds.title,
        roundLevel: rounds.level,
        roundYear: rounds.year,
        updatedAt: entries.updatedAt,
      })
      .from(entries)
      .innerJoin(products, eq(products.id, entries.productId))
      .innerJoin(rounds, eq(rounds.id, entries.roundId))
      .where(eq(entries.establishmentId, e.id))
      .orderBy(desc(entries.updatedAt))
      .all();
    const province = e.provinceId ? db.select().from(adminUnits).where(eq(adminUnits.id, e.provinceId)).get() : undefined;
    return {
      establishment: {
        id: e.id,
        name: e.name,
        legalType: e.legalType,
        registrationNo: e.registrationNo,
        address: [e.street, unitPath(e.unitId)].filter(Boolean).join(", "),
        provinceName: province ? `${province.kind} ${province.name}` : null,
        representative: e.representative,
        phone: e.phone,
        email: e.email,
      },
      products: prods,
      entries: ents,
    };
  });
}
