import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseLookupParams } from "~/modules/lookup/lookup";
import { openData } from "~/modules/lookup/lookup.server";
import { toCsv } from "~/modules/lookup/opendata";
import { publicCacheHeaders } from "~/modules/lookup/cache.server";

/** /du-lieu/san-pham.csv: every public certificate matching the lookup's filters. Address printed on paper. */
export async function loader({ request }: LoaderFunctionArgs) {
  const rows = openData(parseLookupParams(new URL(request.url).searchParams));
  const headers = publicCacheHeaders(request, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": 'attachment; filename="san-pham-cnnt-tieu-bieu.csv"',
    "Access-Control-Allow-Origin": "*",
  });
  return new Response(toCsv(rows as unknown as Record<string, unknown>[]), { headers });
}
