import type { LoaderFunctionArgs } from "@remix-run/node";
import { env } from "~/lib/env.server";
import { parseLookupParams } from "~/modules/lookup/lookup";
import { openData } from "~/modules/lookup/lookup.server";
import { publicCacheHeaders } from "~/modules/lookup/cache.server";

/** /du-lieu/san-pham.json: every public certificate matching the lookup's filters. Address printed on paper. */
export async function loader({ request }: LoaderFunctionArgs) {
  const f = parseLookupParams(new URL(request.url).searchParams);
  const rows = openData(f);
  const base = env().publicBaseUrl;
  const body = {
    nguon: `${base}/tra-cuu`,
    mo_ta: "Danh sách sản phẩm công nghiệp nông thôn tiêu biểu được công nhận (mỗi dòng một giấy chứng nhận).",
    thoi_diem: new Date().toISOString(),
    bo_loc: { q: f.q || null, cap: f.level, nam: f.year, tinh: f.provinceId, nhom: f.groupId, con_hieu_luc: f.valid },
    so_luong: rows.length,
    du_lieu: rows.map((r) => ({ ...r, trang_san_pham: `${base}/san-pham/${r.ma_san_pham}` })),
  };
  const headers = publicCacheHeaders(request, {
    "Content-Type": "application/json; charset=utf-8",
    "Access-Control-Allow-Origin": "*",
  });
  return new Response(JSON.stringify(body), { headers });
}
