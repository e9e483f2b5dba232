import type { LoaderFunctionArgs } from "@remix-run/node";
import { idParam, notFound } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { formDocument, parseFormFile } from "~/modules/forms/forms";
import { formDocx, formPdf, formSource } from "~/modules/forms/registration-form.server";
import { PDF_TYPE, fileResponse } from "~/modules/reports/download.server";

const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/**
 * The pre-filled forms of a dossier (docs/decisions/0036): /co-so/du-thi/<id>/mau/phieu-dang-ky.pdf,
 * …/phieu-dang-ky.docx, …/ban-thuyet-minh.pdf, …/ban-thuyet-minh.docx. Producers of the entry's
 * establishment only (others 404, as the dossier page); any other file name 404.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "producer");
  const entryId = idParam(params.entryId, "hồ sơ");
  const file = parseFormFile(params.file);
  if (!file) notFound("Không có mẫu này.");
  const form = formDocument(file.form, formSource(principal, entryId));
  return file.ext === "pdf"
    ? fileResponse(await formPdf(form), `${form.fileBase}.pdf`, PDF_TYPE, "attachment")
    : fileResponse(await formDocx(form), `${form.fileBase}.docx`, DOCX_TYPE, "attachment");
}
