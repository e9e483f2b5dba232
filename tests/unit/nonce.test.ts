import { describe, expect, it } from "vitest";
import { newNonce } from "~/lib/nonce.server";

describe("CSP nonces from the pool", () => {
  it("are 16 bytes of base64, never repeated, also across refills of the pool", () => {
    const seen = new Set<string>();
    // 256 nonces per pool: this crosses several refills.
    for (let i = 0; i < 2000; i++) {
      const n = newNonce();
      expect(n).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(Buffer.from(n, "base64")).toHaveLength(16);
      seen.add(n);
    }
    expect(seen.size).toBe(2000);
  });

  it("are not all-zero bytes (the pool is filled before the first one is cut)", () => {
    expect(Buffer.from(newNonce(), "base64").equals(Buffer.alloc(16))).toBe(false);
  });
});
