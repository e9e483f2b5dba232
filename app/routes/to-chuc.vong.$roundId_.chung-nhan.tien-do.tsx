import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { notFound } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { issueJobProgress } from "~/modules/certificates/certificates.server";

/** Progress of the round's bulk issue, polled by the certificates page (JSON). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  const id = z.coerce.number().int().positive().max(2_000_000_000).safeParse(params.roundId);
  if (!id.success) notFound("Không tìm thấy kỳ bình chọn này.");
  return json({ job: issueJobProgress(principal, id.data) }, { headers: { "Cache-Control": "no-store" } });
}
