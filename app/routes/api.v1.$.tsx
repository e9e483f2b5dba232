import { apiErrorResponse } from "~/modules/api/http.server";

/** Any other address under /api/v1: a JSON 404 (with CORS), never the HTML error page. */
export async function loader() {
  return apiErrorResponse(404, "not_found", "Không có điểm truy cập API này. Xem danh sách tại /api/v1 hoặc /api/v1/openapi.json.");
}

export async function action() {
  return apiErrorResponse(405, "bad_request", "API chỉ cho phép đọc (GET).", { Allow: "GET, HEAD" });
}
