import fs from "node:fs";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { CertificateError, ensureCertificatePdf } from "./certificates.server";

/** The certificate's PDF as a download (rendered and stored the first time). */
export async function pdfResponse(certId: number, actorUserId: string | null): Promise<Response> {
  let pdf: Awaited<ReturnType<typeof ensureCertificatePdf>>;
  try {
    pdf = await ensureCertificatePdf(certId, actorUserId);
  } catch (e) {
    // Cannot be made here (no public address for its QR code): say why, as a page.
    if (e instanceof CertificateError) throw new Response(e.message, { status: e.status, statusText: "Conflict" });
    throw e;
  }
  return new Response(createReadableStreamFromReadable(fs.createReadStream(pdf.absPath)), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(pdf.sizeBytes),
      "Content-Disposition": `attachment; filename="${pdf.fileName}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
