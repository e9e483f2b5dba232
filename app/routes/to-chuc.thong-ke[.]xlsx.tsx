import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { ensure, requireViewer } from "~/lib/permissions.server";
import { canSeeNationalView, NATIONAL_FORBIDDEN, parseNationalFilters } from "~/modules/national/national";
import { nationalStats } from "~/modules/national/stats.server";
import { nationalWorkbook } from "~/modules/national/xlsx.server";
import { XLSX_TYPE, fileResponse } from "~/modules/reports/download.server";

/**
 * /to-chuc/thong-ke.xlsx?tu=&den=&cap= — the national view's figures as a workbook, same scope and
 * filters as the page (organizers and admins; 403 otherwise, 400 for bad filters).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireViewer(request);
  const { filters, errors } = parseNationalFilters(new URL(request.url).searchParams);
  ensure(canSeeNationalView(principal), NATIONAL_FORBIDDEN); // 403 before looking at the filters
  if (Object.keys(errors).length) return json({ message: Object.values(errors).join(" "), errors }, { status: 400 });
  const stats = nationalStats(principal, filters);
  const wb = await nationalWorkbook(stats);
  return fileResponse(wb.buffer, wb.fileName, XLSX_TYPE);
}
