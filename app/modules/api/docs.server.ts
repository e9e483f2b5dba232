/**
 * The human-readable view of the OpenAPI document for /api/v1 (the page lists exactly what the
 * document says: endpoints, parameters, answers and example bodies).
 */
import { openApiDocument } from "./openapi.server";

export interface DocParam {
  name: string;
  in: string;
  required: boolean;
  type: string;
  description: string;
}

export interface DocOperation {
  id: string;
  method: string;
  path: string;
  tag: string;
  summary: string;
  description: string;
  token: boolean;
  params: DocParam[];
  responses: { status: string; description: string }[];
  example: string;
}

type Schema = { type?: string | string[]; enum?: unknown[]; minimum?: number; maximum?: number; format?: string; maxLength?: number; pattern?: string; anyOf?: Schema[]; $ref?: string; description?: string };

function typeOf(s: Schema | undefined): string {
  if (!s) return "";
  if (s.enum) return s.enum.map(String).join(" | ");
  if (s.anyOf) return s.anyOf.map(typeOf).join(" | ");
  const base = Array.isArray(s.type) ? s.type.join(" | ") : (s.type ?? "");
  const bounds = s.minimum != null || s.maximum != null ? ` (${s.minimum ?? ""}–${s.maximum ?? ""})` : "";
  const fmt = s.format ? ` (${s.format})` : s.maxLength ? ` (≤ ${s.maxLength} ký tự)` : "";
  return `${base}${bounds}${fmt}`;
}

export function apiDocs() {
  const doc = openApiDocument() as unknown as {
    info: { title: string; version: string; description: string };
    components?: { schemas?: Record<string, Schema> };
    paths: Record<string, Record<string, {
      operationId: string; summary: string; description: string; tags: string[]; security?: unknown[];
      parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: Schema }[];
      responses: Record<string, { description: string; content?: Record<string, { example?: unknown }> }>;
    }>>;
  };
  const resolve = (x: Schema | undefined): Schema | undefined => (x?.$ref ? doc.components?.schemas?.[x.$ref.split("/").pop()!] : x);
  const operations: DocOperation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      operations.push({
        id: op.operationId,
        method: method.toUpperCase(),
        path,
        tag: op.tags[0] ?? "",
        summary: op.summary,
        description: op.description,
        token: !!op.security?.length,
        params: (op.parameters ?? []).map((p) => ({
          name: p.name,
          in: p.in,
          required: !!p.required,
          type: typeOf(resolve(p.schema)),
          description: p.description ?? p.schema?.description ?? resolve(p.schema)?.description ?? "",
        })),
        responses: Object.entries(op.responses).map(([status, r]) => ({ status, description: r.description })),
        example: JSON.stringify(op.responses["200"]?.content?.["application/json"]?.example ?? null, null, 2),
      });
    }
  }
  return { title: doc.info.title, version: doc.info.version, description: doc.info.description, operations };
}
