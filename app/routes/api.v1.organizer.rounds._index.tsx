import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiOrganizerRounds } from "~/modules/api/data.server";
import { apiAnswer, CACHE_PRIVATE, parseQuery } from "~/modules/api/http.server";
import { OrganizerRoundList } from "~/modules/api/schemas";

/** GET /api/v1/organizer/rounds (Bearer token): the rounds the token's body manages. */
export async function loader({ request }: LoaderFunctionArgs) {
  return apiAnswer(request, { schema: OrganizerRoundList, cache: CACHE_PRIVATE, auth: "token" }, ({ token }) => {
    parseQuery(request, z.object({}).strict());
    return apiOrganizerRounds(token!.principal);
  });
}
