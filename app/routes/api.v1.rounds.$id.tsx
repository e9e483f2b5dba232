import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiRoundResults } from "~/modules/api/data.server";
import { apiAnswer, CACHE_PUBLIC, idOf, parseQuery } from "~/modules/api/http.server";
import { RoundResults } from "~/modules/api/schemas";

const NOT_FOUND = "Không tìm thấy kết quả của kỳ bình chọn này. Kết quả chỉ có sau khi được công bố.";

/** GET /api/v1/rounds/{id}: a published round's decisions and recognised products. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return apiAnswer(request, { schema: RoundResults, cache: CACHE_PUBLIC }, () => {
    parseQuery(request, z.object({}).strict());
    return apiRoundResults(idOf(params.id, NOT_FOUND));
  });
}
