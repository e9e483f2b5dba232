/**
 * Password hashing runs one at a time per process (app/lib/auth.server.ts), so a flood of log-in
 * attempts from many addresses cannot take every core; log-in attempts beyond the waiting line are
 * refused at once with a plain message (the log-in route answers 503 with Retry-After).
 */
import { describe, expect, it } from "vitest";
import { dummyPasswordHash, hashPassword, PasswordBusyError, verifyPassword } from "~/lib/auth.server";
import { action as logIn } from "~/routes/dang-nhap";

describe("password hashing under a flood", () => {
  it("keeps 1 running and 32 waiting log-in checks, refuses the rest, and answers the ones it kept", async () => {
    const hash = await hashPassword("mat-khau-dung");
    const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => verifyPassword(hash, i === 0 ? "mat-khau-dung" : `sai-${i}`, { mayRefuse: true })));
    const refused = results.filter((r) => r.status === "rejected");
    expect(refused).toHaveLength(40 - 1 - 32);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(PasswordBusyError);
    const answered = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    expect(answered).toHaveLength(33);
    expect(answered[0]).toBe(true);
    expect(answered.slice(1).every((v) => v === false)).toBe(true);
    // The line is free again afterwards.
    expect(await verifyPassword(hash, "mat-khau-dung", { mayRefuse: true })).toBe(true);
  });

  it("never refuses hashing a new password (sign-up, reset): it waits its turn", async () => {
    const hashes = await Promise.all(Array.from({ length: 40 }, (_, i) => hashPassword(`mat-khau-${i}`)));
    expect(new Set(hashes).size).toBe(40);
  });

  it("the log-in form says the system is busy with 503, not a 500", async () => {
    const hash = await hashPassword("x");
    await dummyPasswordHash(); // made once per process (an unknown email is checked against it)
    // Fill the line (with room to spare, should a few finish meanwhile), then one more log-in through the real action.
    const flood = Array.from({ length: 40 }, () => verifyPassword(hash, "y", { mayRefuse: true }));
    const body = new URLSearchParams({ email: "ai-do@example.vn", password: "bat-ky" });
    const res = (await logIn({ request: new Request("http://localhost/dang-nhap", { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded", "x-cnnt-client-ip": "198.51.100.9" } }), params: {}, context: {} })) as Response;
    await Promise.allSettled(flood);
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBe("5");
    expect((await res.json()).errors._form).toContain("đang bận");
  });
});
