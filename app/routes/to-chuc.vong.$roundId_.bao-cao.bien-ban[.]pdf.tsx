import type { LoaderFunctionArgs } from "@remix-run/node";
import { idParam } from "~/lib/http.server";
import { requireViewer } from "~/lib/permissions.server";
import { PDF_TYPE, fileResponse } from "~/modules/reports/download.server";
import { renderMinutesPdf } from "~/modules/reports/minutes-pdf.server";
import { stageReportFor } from "~/modules/reports/results-data.server";

/**
 * /to-chuc/vong/:roundId/bao-cao/bien-ban.pdf?vong=1 — the council's minutes of a closed stage,
 * for the managing organizer and the council's chair (409 before the stage is closed).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireViewer(request);
  const roundId = idParam(params.roundId, "kỳ bình chọn này");
  const report = stageReportFor(principal, roundId, new URL(request.url).searchParams.get("vong"));
  const pdf = await renderMinutesPdf(report);
  const stagePart = report.round.scoringStages > 1 ? `-vong-cham-${report.stage}` : "";
  return fileResponse(pdf, `bien-ban-tong-hop-ket-qua-${report.round.year}-ky-${report.round.id}${stagePart}.pdf`, PDF_TYPE, "inline");
}
