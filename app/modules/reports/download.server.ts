/** HTTP answers for report files: a download that is never cached. */
import { safeFileName } from "./reports";

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const PDF_TYPE = "application/pdf";

export function fileResponse(bytes: Buffer, fileName: string, contentType: string, disposition: "attachment" | "inline" = "attachment"): Response {
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": contentType,
      "Content-Disposition": `${disposition}; filename="${safeFileName(fileName)}"`,
      "Content-Length": String(bytes.length),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
