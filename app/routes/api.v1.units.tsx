import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiUnits } from "~/modules/api/data.server";
import { apiAnswer, CACHE_PUBLIC, parseQuery } from "~/modules/api/http.server";
import { UnitList, UnitsQuery } from "~/modules/api/schemas";

/** GET /api/v1/units: provinces, or the units under ?parentId, valid on ?date (default today). */
export async function loader({ request }: LoaderFunctionArgs) {
  return apiAnswer(request, { schema: UnitList, cache: CACHE_PUBLIC }, () => apiUnits(parseQuery(request, UnitsQuery)));
}
