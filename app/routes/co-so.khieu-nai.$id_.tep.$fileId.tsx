import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { idParam, notFound } from "~/lib/http.server";
import { requireViewer } from "~/lib/permissions.server";
import { storageFor } from "~/lib/storage.server";
import { complaintFileFor } from "~/modules/complaints/complaints.server";

/**
 * A file of a complaint: its attachments for the producer, the organizer managing the round, the
 * chair and the member re-checking it; the entry's dossier files too for the council side (the
 * member re-checking may not be assigned to the entry). Anyone else 404. Never cached.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireViewer(request);
  const file = complaintFileFor(principal, idParam(params.id, "khiếu nại"), idParam(params.fileId, "tệp"));
  let stream;
  try {
    stream = await storageFor(file.storage).read(file.storageKey);
  } catch (e) {
    console.error(`[tệp] Không đọc được tệp #${file.id} (${file.storageKey}):`, e instanceof Error ? e.message : e);
    notFound("Không tìm thấy tệp.");
  }
  const download = new URL(request.url).searchParams.has("tai-ve");
  return new Response(createReadableStreamFromReadable(stream), {
    headers: {
      "Cache-Control": "no-store",
      "Content-Security-Policy": "frame-ancestors 'self'",
      "X-Frame-Options": "SAMEORIGIN",
      "X-Content-Type-Options": "nosniff",
      "Content-Type": file.mimeType,
      "Content-Length": String(file.sizeBytes),
      "Content-Disposition": `${download ? "attachment" : "inline"}; filename*=UTF-8''${encodeURIComponent(file.originalName)}`,
    },
  });
}
