import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiOrganizerResults } from "~/modules/api/data.server";
import { apiAnswer, CACHE_PRIVATE, idOf, parseQuery } from "~/modules/api/http.server";
import { OrganizerResults, ResultsQuery } from "~/modules/api/schemas";

/** GET /api/v1/organizer/rounds/{id}/results?stage= (Bearer token): a closed stage's results. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return apiAnswer(request, { schema: OrganizerResults, cache: CACHE_PRIVATE, auth: "token" }, ({ token }) =>
    apiOrganizerResults(token!.principal, idOf(params.id, "Không tìm thấy kỳ bình chọn này."), parseQuery(request, ResultsQuery)),
  );
}
