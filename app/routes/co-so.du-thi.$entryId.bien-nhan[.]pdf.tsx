import type { LoaderFunctionArgs } from "@remix-run/node";
import { env } from "~/lib/env.server";
import { idParam } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { statusUrl } from "~/modules/dossier-status/status";
import { receiptPdf } from "~/modules/dossier-status/receipt-pdf.server";
import { entryReceipt } from "~/modules/entries/entries.server";
import { PDF_TYPE, fileResponse } from "~/modules/reports/download.server";
import { LEVEL_LABELS } from "~/ui/labels";

/** Giấy biên nhận hồ sơ as a PDF: the producers of the entry's establishment only (others 403/404, as the receipt page). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "producer");
  const r = entryReceipt(principal, idParam(params.entryId, "hồ sơ"));
  const dossierNo = r.entry.dossierNo!;
  const base = env().publicBaseUrl;
  const pdf = await receiptPdf({
    bodyName: r.bodyName,
    dossierNo,
    establishmentName: r.establishment.name,
    establishmentAddress: r.establishment.address,
    productName: r.product.name,
    productGroup: r.product.group,
    roundTitle: r.round.title,
    roundLevelLabel: LEVEL_LABELS[r.round.level],
    submittedAt: r.entry.submittedAt!,
    answerBy: r.entry.answerBy,
    answerWorkingDays: r.round.intakeAnswerWorkingDays,
    documents: r.slots
      .filter((s) => s.current.length > 0)
      .map((s) => ({ name: s.name, files: s.current.length })),
    statusUrl: statusUrl(base, dossierNo),
    baseUrl: base,
  });
  return fileResponse(
    pdf,
    `bien-nhan-ho-so-${dossierNo}.pdf`,
    PDF_TYPE,
    "attachment"
  );
}
