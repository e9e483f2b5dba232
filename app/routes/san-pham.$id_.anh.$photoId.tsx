import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import type { Readable } from "node:stream";
import { z } from "zod";
import { notFound } from "~/lib/http.server";
import { storageFor } from "~/lib/storage.server";
import { publicProductPhoto } from "~/modules/lookup/lookup.server";
import { thumbnail, THUMB_SMALL_ENOUGH } from "~/modules/lookup/thumbnail.server";

const Id = z.coerce.number().int().positive().max(2_000_000_000);
const PHOTO_HEADERS = {
  "Cache-Control": "public, max-age=86400",
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": "default-src 'none'",
};

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

/**
 * A photo of a certified product (public only while the product has a public certificate).
 * `?kich-thuoc=nho`: a small copy (at most 160 px, PNG) for the search results; the original when
 * no smaller copy can be made (WebP, an original already small).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const productId = Id.safeParse(params.id);
  const photoId = Id.safeParse(params.photoId);
  if (!productId.success || !photoId.success) notFound("Không tìm thấy ảnh.");
  const file = publicProductPhoto(productId.data, photoId.data);
  if (!file) notFound("Không tìm thấy ảnh.");
  const small = new URL(request.url).searchParams.get("kich-thuoc") === "nho";
  if (small && file.sizeBytes > THUMB_SMALL_ENOUGH) {
    const png = await thumbnail(`${file.id}:${file.sha256}`, file.mimeType, async () => readAll(await storageFor(file.storage).read(file.storageKey)));
    if (png) {
      return new Response(new Uint8Array(png), { headers: { ...PHOTO_HEADERS, "Content-Type": "image/png", "Content-Length": String(png.length) } });
    }
  }
  let stream;
  try {
    stream = await storageFor(file.storage).read(file.storageKey);
  } catch {
    notFound("Không tìm thấy ảnh.");
  }
  return new Response(createReadableStreamFromReadable(stream), {
    headers: { ...PHOTO_HEADERS, "Content-Type": file.mimeType, "Content-Length": String(file.sizeBytes) },
  });
}
