import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { z } from "zod";
import { notFound } from "~/lib/http.server";
import { storageFor } from "~/lib/storage.server";
import { publicProductPhoto } from "~/modules/lookup/lookup.server";

const Id = z.coerce.number().int().positive().max(2_000_000_000);

/** A photo of a certified product (public only while the product has a public certificate). */
export async function loader({ params }: LoaderFunctionArgs) {
  const productId = Id.safeParse(params.id);
  const photoId = Id.safeParse(params.photoId);
  if (!productId.success || !photoId.success) notFound("Không tìm thấy ảnh.");
  const file = publicProductPhoto(productId.data, photoId.data);
  if (!file) notFound("Không tìm thấy ảnh.");
  let stream;
  try {
    stream = await storageFor(file.storage).read(file.storageKey);
  } catch {
    notFound("Không tìm thấy ảnh.");
  }
  return new Response(createReadableStreamFromReadable(stream), {
    headers: {
      "Content-Type": file.mimeType,
      "Content-Length": String(file.sizeBytes),
      "Cache-Control": "public, max-age=86400",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'",
    },
  });
}
