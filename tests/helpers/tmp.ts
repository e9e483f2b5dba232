import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";

export const TMP_ROOT = path.resolve(__dirname, "..", ".tmp");

/** A fresh directory under tests/.tmp, removed by the caller (or left for inspection on failure). */
export function makeTempDir(prefix: string): string {
  fs.mkdirSync(TMP_ROOT, { recursive: true });
  const dir = path.join(TMP_ROOT, `${prefix}-${process.pid}-${crypto.randomBytes(4).toString("hex")}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
