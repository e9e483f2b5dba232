import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { notFound } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { certificateForProducer } from "~/modules/certificates/certificates.server";
import { pdfResponse } from "~/modules/certificates/download.server";

/** The producer downloads its own certificate (a published round's); anyone else gets 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "producer");
  const id = z.coerce.number().int().positive().max(2_000_000_000).safeParse(params.id);
  if (!id.success) notFound("Không tìm thấy giấy chứng nhận này.");
  const cert = certificateForProducer(principal, id.data);
  return pdfResponse(cert.id, principal.userId);
}
