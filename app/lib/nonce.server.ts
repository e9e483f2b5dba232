import crypto from "node:crypto";

/**
 * A fresh CSP nonce (16 random bytes, base64) per request, cut from a pool filled 4 KB at a time:
 * one call into the system's random source per 256 requests instead of one each (~20 µs each
 * under load). Every nonce is still unpredictable and used once; the pool is never reused.
 */
const NONCE_BYTES = 16;
const noncePool = Buffer.alloc(NONCE_BYTES * 256);
let nonceAt = noncePool.length;
export function newNonce(): string {
  if (nonceAt + NONCE_BYTES > noncePool.length) {
    crypto.randomFillSync(noncePool);
    nonceAt = 0;
  }
  const nonce = noncePool.toString("base64", nonceAt, nonceAt + NONCE_BYTES);
  nonceAt += NONCE_BYTES;
  return nonce;
}
