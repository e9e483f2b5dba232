import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { idParam } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { paymentWorkbook, PrizeError } from "~/modules/prizes/prizes.server";
import { fileResponse, XLSX_TYPE } from "~/modules/reports/download.server";

/**
 * /to-chuc/vong/:roundId/giai-thuong/chi-tra.xlsx — the prize payment list for the finance office
 * (establishment, representative, address, product, prize, amount and in words, bank details), for
 * the organizer managing the round; 409 while no prize is assigned.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  const roundId = idParam(params.roundId, "kỳ bình chọn");
  try {
    const wb = await paymentWorkbook(principal, roundId);
    return fileResponse(wb.buffer, wb.fileName, XLSX_TYPE);
  } catch (e) {
    if (e instanceof PrizeError) throw json({ message: e.message }, { status: e.status });
    throw e;
  }
}
