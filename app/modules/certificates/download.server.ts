import fs from "node:fs";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { ensureCertificatePdf } from "./certificates.server";

/** The certificate's PDF as a download (rendered and stored the first time). */
export async function pdfResponse(certId: number, actorUserId: string | null): Promise<Response> {
  const pdf = await ensureCertificatePdf(certId, actorUserId);
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
