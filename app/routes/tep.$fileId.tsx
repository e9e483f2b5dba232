import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { idParam } from "~/lib/http.server";
import { getViewer } from "~/lib/permissions.server";
import { storageFor } from "~/lib/storage.server";
import { authorizeFileRead } from "~/modules/files/files.server";

/** Streams a stored file to those allowed to read it (see files.server.ts). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const fileId = idParam(params.fileId, "tệp");
  const viewer = await getViewer(request);
  const { file, isPublic } = authorizeFileRead(viewer?.principal ?? null, fileId);
  const etag = `"${file.sha256}"`;
  const cache = isPublic ? "public, max-age=86400" : "private, max-age=3600";
  if (request.headers.get("If-None-Match") === etag) {
    return new Response(null, { status: 304, headers: { ETag: etag, "Cache-Control": cache } });
  }
  const stream = await storageFor(file.storage).read(file.storageKey);
  const download = new URL(request.url).searchParams.has("tai-ve");
  return new Response(createReadableStreamFromReadable(stream), {
    headers: {
      "Content-Type": file.mimeType,
      "Content-Length": String(file.sizeBytes),
      "Content-Disposition": `${download ? "attachment" : "inline"}; filename*=UTF-8''${encodeURIComponent(file.originalName)}`,
      "Cache-Control": cache,
      ETag: etag,
      "X-Content-Type-Options": "nosniff",
    },
  });
}
