import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRounds } from "~/modules/api/data.server";
import { apiAnswer, CACHE_PUBLIC, parseQuery } from "~/modules/api/http.server";
import { RoundList, RoundsQuery } from "~/modules/api/schemas";

/** GET /api/v1/rounds: rounds whose results are published, newest first, paged. */
export async function loader({ request }: LoaderFunctionArgs) {
  return apiAnswer(request, { schema: RoundList, cache: CACHE_PUBLIC }, () => apiRounds(parseQuery(request, RoundsQuery)));
}
