import type { LoaderFunctionArgs } from "@remix-run/node";
import { idParam } from "~/lib/http.server";
import { requireViewer } from "~/lib/permissions.server";
import { PDF_TYPE, fileResponse } from "~/modules/reports/download.server";
import { judgeSheetsFor } from "~/modules/reports/results-data.server";
import { renderScoreSheetsPdf } from "~/modules/reports/score-sheet-pdf.server";

/**
 * /to-chuc/vong/:roundId/bao-cao/phieu-cham/:memberId.pdf?vong=1 — a judge's submitted score
 * sheets, one page per entry: the judge itself at any time, the managing organizer and the
 * council's chair once the stage is closed (409 before).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireViewer(request);
  const roundId = idParam(params.roundId, "kỳ bình chọn này");
  const memberId = idParam(params.memberId, "phiếu chấm này");
  const report = judgeSheetsFor(principal, roundId, memberId, new URL(request.url).searchParams.get("vong"));
  const pdf = await renderScoreSheetsPdf(report);
  const stagePart = report.round.scoringStages > 1 ? `-vong-cham-${report.stage}` : "";
  return fileResponse(pdf, `phieu-cham-diem-${report.member.fullName}-ky-${report.round.id}${stagePart}.pdf`, PDF_TYPE, "inline");
}
