/**
 * Dossier rules (pure): which slots a round asks for, and what is still missing.
 * DOMAIN.md §4: registration form and business registration, product description, at least three
 * colour photos; optional quality, food-safety (expected for group 2) and award documents; for
 * regional and national entries the lower level's decision and certificate.
 */
import type { RoundLevel } from "~db/schema";

export type Accept = "pdf" | "image";

export interface DocumentTypeDef {
  code: string;
  name: string;
  description: string;
  requirement: "required" | "optional" | "expected_group2" | "higher_level";
  minFiles: number;
  maxFiles: number;
  accepts: Accept[];
  position: number;
}

export interface Slot {
  code: string;
  name: string;
  description: string;
  required: boolean;
  /** Files needed when required (photos: 3). */
  minFiles: number;
  maxFiles: number;
  accepts: Accept[];
}

export interface RoundDossierSettings {
  level: RoundLevel;
  /** Null at the lowest level; otherwise the level whose recognition the entry needs. */
  requiresLevel: RoundLevel | null;
  /** When set, exactly these types are required (others stay optional). */
  requiredDocumentTypes: string[] | null;
}

/** The slots of an entry's dossier, in display order. */
export function dossierSlots(types: DocumentTypeDef[], round: RoundDossierSettings, productGroupId: number): Slot[] {
  const higher = round.requiresLevel != null;
  return [...types]
    .sort((a, b) => a.position - b.position)
    .filter((t) => t.requirement !== "higher_level" || higher)
    .map((t) => {
      let required: boolean;
      if (round.requiredDocumentTypes) required = round.requiredDocumentTypes.includes(t.code);
      else if (t.requirement === "expected_group2") required = productGroupId === 2;
      else required = t.requirement === "required" || t.requirement === "higher_level";
      return {
        code: t.code,
        name: t.name,
        description: t.description,
        required,
        minFiles: required ? Math.max(1, t.minFiles) : 0,
        maxFiles: t.maxFiles,
        accepts: t.accepts,
      };
    });
}

export interface MissingItem {
  code: string;
  name: string;
  have: number;
  need: number;
  message: string;
}

/** What is still missing before the dossier can be submitted; empty when complete. */
export function missingItems(slots: Slot[], currentCounts: Record<string, number>): MissingItem[] {
  const out: MissingItem[] = [];
  for (const s of slots) {
    if (!s.required) continue;
    const have = currentCounts[s.code] ?? 0;
    if (have >= s.minFiles) continue;
    out.push({
      code: s.code,
      name: s.name,
      have,
      need: s.minFiles,
      message:
        s.minFiles > 1
          ? `${s.name}: cần ít nhất ${s.minFiles} tệp, mới có ${have}.`
          : `${s.name}: chưa có tệp.`,
    });
  }
  return out;
}

/** Which slots a producer may change now. */
export function editableSlots(
  status: string,
  slots: Slot[],
  openRequestCodes: string[] | null,
): Set<string> {
  if (status === "draft" || status === "nominated") return new Set(slots.map((s) => s.code));
  if (status === "needs_completion" && openRequestCodes) return new Set(openRequestCodes);
  return new Set();
}
