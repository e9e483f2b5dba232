import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { localizeMessage } from "~/i18n/messages";
import { notFound } from "~/lib/http.server";
import { getLocale } from "~/lib/locale.server";
import { requireRole } from "~/lib/permissions.server";
import { certificateForProducer } from "~/modules/certificates/certificates.server";
import { pdfResponse } from "~/modules/certificates/download.server";

/**
 * The producer downloads its own certificate (a published round's); anyone else gets 404, its
 * message in the reader's language (the PDF itself is the official Vietnamese document).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "producer");
  try {
    const id = z.coerce.number().int().positive().max(2_000_000_000).safeParse(params.id);
    if (!id.success) notFound("Không tìm thấy giấy chứng nhận này.");
    const cert = certificateForProducer(principal, id.data);
    return await pdfResponse(cert.id, principal.userId);
  } catch (e) {
    if (e instanceof Response && e.status === 404 && (e.headers.get("Content-Type") ?? "").includes("json")) {
      const { message } = (await e.json()) as { message?: string };
      throw json({ message: localizeMessage(await getLocale(request), message) }, { status: 404, statusText: "Not Found" });
    }
    throw e;
  }
}
