import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { notFound } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { certificateForOrganizer } from "~/modules/certificates/certificates.server";
import { pdfResponse } from "~/modules/certificates/download.server";

const Id = z.coerce.number().int().positive().max(2_000_000_000);

/** One certificate's PDF, for the organizers who may see the round. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  const roundId = Id.safeParse(params.roundId);
  const certId = Id.safeParse(params.certId);
  if (!roundId.success || !certId.success) notFound("Không tìm thấy giấy chứng nhận này.");
  const cert = certificateForOrganizer(principal, roundId.data, certId.data);
  return pdfResponse(cert.id, principal.userId);
}
