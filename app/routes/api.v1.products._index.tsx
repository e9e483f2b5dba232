import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiProducts } from "~/modules/api/data.server";
import { apiAnswer, CACHE_PUBLIC, parseQuery } from "~/modules/api/http.server";
import { ProductList, ProductsQuery } from "~/modules/api/schemas";

/** GET /api/v1/products: certified products, the lookup's filters, paged (docs/decisions/0020). */
export async function loader({ request }: LoaderFunctionArgs) {
  return apiAnswer(request, { schema: ProductList, cache: CACHE_PUBLIC }, () => apiProducts(parseQuery(request, ProductsQuery)));
}
