import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiOrganizerEntries } from "~/modules/api/data.server";
import { apiAnswer, CACHE_PRIVATE, idOf, parseQuery } from "~/modules/api/http.server";
import { EntriesQuery, OrganizerEntryList } from "~/modules/api/schemas";

/** GET /api/v1/organizer/rounds/{id}/entries (Bearer token): the round's submitted entries, paged. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return apiAnswer(request, { schema: OrganizerEntryList, cache: CACHE_PRIVATE, auth: "token" }, ({ token }) =>
    apiOrganizerEntries(token!.principal, idOf(params.id, "Không tìm thấy kỳ bình chọn này."), parseQuery(request, EntriesQuery)),
  );
}
