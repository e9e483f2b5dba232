import type { LoaderFunctionArgs } from "@remix-run/node";
import { idParam } from "~/lib/http.server";
import { requireViewer } from "~/lib/permissions.server";
import { XLSX_TYPE, fileResponse } from "~/modules/reports/download.server";
import { stageReportFor } from "~/modules/reports/results-data.server";
import { resultsWorkbook } from "~/modules/reports/results-xlsx.server";

/**
 * /to-chuc/vong/:roundId/bao-cao/ket-qua.xlsx?vong=1 — the results table of a closed stage, for
 * the managing organizer and the council's chair (409 before the stage is closed).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireViewer(request);
  const roundId = idParam(params.roundId, "kỳ bình chọn này");
  const report = stageReportFor(principal, roundId, new URL(request.url).searchParams.get("vong"));
  const wb = await resultsWorkbook(report);
  return fileResponse(wb.buffer, wb.fileName, XLSX_TYPE);
}
