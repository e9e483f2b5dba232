/**
 * One flagged entry's judge-by-judge detail for the results page, loaded when the organizer or the
 * chair opens it (entryOutlierDetail: the results page's access rules; nothing before a stage
 * closes). JSON only. A refusal is answered as data with its status and a Vietnamese message, so
 * the page shows it in place instead of replacing itself with an error page.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { idParam } from "~/lib/http.server";
import { requireViewer } from "~/lib/permissions.server";
import { entryOutlierDetail } from "~/modules/scoring/scoring.server";
import { shownDetail } from "~/ui/results/OutlierDetail";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireViewer(request);
  const roundId = idParam(params.roundId, "kỳ bình chọn");
  const entryId = idParam(params.entryId, "sản phẩm");
  const headers = { "Cache-Control": "private, no-store" };
  try {
    return json({ detail: shownDetail(entryOutlierDetail(principal, roundId, entryId)), error: null }, { headers });
  } catch (e) {
    if (e instanceof Response && e.status >= 400 && e.status < 500) {
      const message = await e
        .clone()
        .json()
        .then((b: { message?: string }) => b.message ?? null)
        .catch(() => null);
      return json({ detail: null, error: message ?? "Không xem được chi tiết này." }, { status: e.status, headers });
    }
    throw e;
  }
}
