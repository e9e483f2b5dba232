import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiVerify } from "~/modules/api/data.server";
import { apiAnswer, CACHE_REVALIDATE, parseQuery } from "~/modules/api/http.server";
import { Verification, VerifyQuery } from "~/modules/api/schemas";

/** GET /api/v1/certificates/verify?number=… | ?code=…: a certificate as printed, and its status now. */
export async function loader({ request }: LoaderFunctionArgs) {
  return apiAnswer(request, { schema: Verification, cache: CACHE_REVALIDATE }, () => apiVerify(parseQuery(request, VerifyQuery)));
}
