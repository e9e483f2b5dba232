import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { z } from "zod";
import { notFound } from "~/lib/http.server";
import { requireRole } from "~/lib/permissions.server";
import { roundCertificatesZip } from "~/modules/certificates/certificates.server";

/** Every certificate of the round as one .zip of PDFs (streamed). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "organizer");
  const id = z.coerce.number().int().positive().max(2_000_000_000).safeParse(params.roundId);
  if (!id.success) notFound("Không tìm thấy kỳ bình chọn này.");
  const { stream, fileName } = await roundCertificatesZip(principal, id.data);
  return new Response(createReadableStreamFromReadable(stream), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
