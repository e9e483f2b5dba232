import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { notFound } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { intakeReportWorkbook, workbookResponse } from "~/modules/exports/exports.server";

/** /to-chuc/vong/:roundId/xuat/tiep-nhan.xlsx — the intake report (báo cáo tiếp nhận hồ sơ). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  const id = z.coerce.number().int().positive().max(2_000_000_000).safeParse(params.roundId);
  if (!id.success) notFound("Không tìm thấy kỳ bình chọn này.");
  return workbookResponse(await intakeReportWorkbook(principal, id.data));
}
