import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { idParam, notFound } from "~/lib/http.server";
import { getViewer } from "~/lib/permissions.server";
import { storageFor } from "~/lib/storage.server";
import { authorizeFileRead } from "~/modules/files/files.server";

/**
 * Streams a stored file to those allowed to read it (see files.server.ts). Dossier files are never
 * cached (access can end: a conflict declared, an assignment changed) and may be framed only by
 * the app's own pages (the organizer's and judge's dossier viewers show them in an iframe).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const fileId = idParam(params.fileId, "tệp");
  const viewer = await getViewer(request);
  const { file, isPublic } = authorizeFileRead(viewer?.principal ?? null, fileId);
  const etag = `"${file.sha256}"`;
  const common: Record<string, string> = {
    "Cache-Control": isPublic ? "public, max-age=86400" : "no-store",
    "Content-Security-Policy": "frame-ancestors 'self'",
    "X-Frame-Options": "SAMEORIGIN",
    "X-Content-Type-Options": "nosniff",
  };
  if (isPublic && request.headers.get("If-None-Match") === etag) {
    return new Response(null, { status: 304, headers: { ETag: etag, ...common } });
  }
  let stream;
  try {
    stream = await storageFor(file.storage).read(file.storageKey);
  } catch (e) {
    // The row exists but the bytes do not (a restore without uploads): say so in the log, 404 here.
    console.error(`[tệp] Không đọc được tệp #${file.id} (${file.storageKey}):`, e instanceof Error ? e.message : e);
    notFound("Không tìm thấy tệp.");
  }
  const download = new URL(request.url).searchParams.has("tai-ve");
  return new Response(createReadableStreamFromReadable(stream), {
    headers: {
      ...common,
      "Content-Type": file.mimeType,
      "Content-Length": String(file.sizeBytes),
      "Content-Disposition": `${download ? "attachment" : "inline"}; filename*=UTF-8''${encodeURIComponent(file.originalName)}`,
      ...(isPublic ? { ETag: etag } : {}),
    },
  });
}
