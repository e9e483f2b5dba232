/** File types are decided from a file's first bytes, never from its name or declared type. */
export type Sniffed = { mime: "application/pdf" | "image/jpeg" | "image/png" | "image/webp"; kind: "pdf" | "image"; ext: string };

export const SNIFF_BYTES = 16;

export function sniff(head: Uint8Array): Sniffed | null {
  const b = head;
  const at = (i: number, bytes: number[]) => bytes.every((v, j) => b[i + j] === v);
  if (b.length >= 5 && at(0, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { mime: "application/pdf", kind: "pdf", ext: "pdf" };
  if (b.length >= 3 && at(0, [0xff, 0xd8, 0xff])) return { mime: "image/jpeg", kind: "image", ext: "jpg" };
  if (b.length >= 8 && at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mime: "image/png", kind: "image", ext: "png" };
  if (b.length >= 12 && at(0, [0x52, 0x49, 0x46, 0x46]) && at(8, [0x57, 0x45, 0x42, 0x50])) return { mime: "image/webp", kind: "image", ext: "webp" };
  return null;
}

export const KIND_LABELS: Record<"pdf" | "image", string> = { pdf: "PDF", image: "ảnh JPEG, PNG hoặc WebP" };
