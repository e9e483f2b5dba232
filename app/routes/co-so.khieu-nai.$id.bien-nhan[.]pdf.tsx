import type { LoaderFunctionArgs } from "@remix-run/node";
import { env } from "~/lib/env.server";
import { idParam } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { complaintReceipt } from "~/modules/complaints/complaints.server";
import { complaintReceiptPdf } from "~/modules/complaints/receipt-pdf.server";
import { PDF_TYPE, fileResponse } from "~/modules/reports/download.server";

/** Giấy biên nhận đơn khiếu nại as a PDF: the producers of the complaint's establishment only (others 404). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "producer");
  const r = complaintReceipt(principal, idParam(params.id, "khiếu nại"));
  const pdf = await complaintReceiptPdf({
    bodyName: r.bodyName,
    number: r.complaint.number,
    producerName: r.entry.producerName,
    productName: r.entry.productName,
    dossierNo: r.entry.dossierNo,
    roundTitle: r.round.title,
    filedAt: new Date(r.complaint.createdAt),
    answerDueOn: r.complaint.answerDueOn,
    answerDays: r.answerDays,
    fileCount: r.fileCount,
    pageUrl: `${env().publicBaseUrl}/co-so/khieu-nai/${r.complaint.id}`,
  });
  return fileResponse(pdf, `bien-nhan-khieu-nai-${r.complaint.number}.pdf`, PDF_TYPE, "attachment");
}
