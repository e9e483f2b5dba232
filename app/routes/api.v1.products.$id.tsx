import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiProduct } from "~/modules/api/data.server";
import { apiAnswer, CACHE_PUBLIC, idOf, parseQuery } from "~/modules/api/http.server";
import { ProductDetail } from "~/modules/api/schemas";
import { z } from "zod";

const NOT_FOUND = "Không tìm thấy sản phẩm này, hoặc sản phẩm chưa có giấy chứng nhận được công bố.";

/** GET /api/v1/products/{id}: one certified product. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return apiAnswer(request, { schema: ProductDetail, cache: CACHE_PUBLIC }, () => {
    parseQuery(request, z.object({}).strict());
    return apiProduct(idOf(params.id, NOT_FOUND));
  });
}
