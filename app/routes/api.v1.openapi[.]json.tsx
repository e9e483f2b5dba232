import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiAnswer, CACHE_PUBLIC } from "~/modules/api/http.server";
import { openApiDocument } from "~/modules/api/openapi.server";
import { z } from "zod";

/** GET /api/v1/openapi.json: the OpenAPI 3.1 document, generated from the response schemas. */
export async function loader({ request }: LoaderFunctionArgs) {
  return apiAnswer(request, { schema: z.record(z.unknown()), cache: CACHE_PUBLIC }, () => openApiDocument() as unknown as Record<string, unknown>);
}
