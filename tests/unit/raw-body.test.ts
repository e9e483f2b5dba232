/**
 * The upload reader takes Node's own request stream past the web-stream copy (lib/raw-body.server):
 * only while nobody has read the web body, only once, and through the re-wrapping Remix does before
 * an action (a new Request around the same body object).
 */
import { Readable } from "node:stream";
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { lazyNodeBody, takeNodeBody } from "~/lib/raw-body.server";

const fakeReq = (text: string) => Readable.from([Buffer.from(text)]) as unknown as IncomingMessage;
/** What Remix's stripIndexParam/stripDataParam do before calling an action. */
const rewrap = (r: Request) => new Request(new URL(r.url).href, { method: r.method, body: r.body, headers: r.headers, duplex: "half" } as RequestInit);

describe("lazyNodeBody / takeNodeBody", () => {
  it("hands the Node stream to the upload reader through Remix's re-wrapped Request, once", async () => {
    const req = fakeReq("hello");
    const request = rewrap(rewrap(new Request("http://x/a", { method: "POST", body: lazyNodeBody(req), duplex: "half" } as RequestInit)));
    const node = takeNodeBody(request);
    expect(node).toBe(req);
    expect(takeNodeBody(request)).toBeNull();
    let text = "";
    for await (const c of node!) text += String(c);
    expect(text).toBe("hello");
    // The web body can no longer be read.
    await expect(request.text()).rejects.toThrow();
  });

  it("reads as a normal web body when nobody takes it, and is not taken afterwards", async () => {
    const request = new Request("http://x/a", { method: "POST", body: lazyNodeBody(fakeReq("a=1&b=2")), duplex: "half" } as RequestInit);
    expect(await request.text()).toBe("a=1&b=2");
    expect(takeNodeBody(request)).toBeNull();
  });

  it("does not read the Node stream before somebody asks", async () => {
    const req = fakeReq("x");
    let reads = 0;
    const orig = req.read.bind(req);
    req.read = (n?: number) => {
      reads++;
      return orig(n);
    };
    new Request("http://x/a", { method: "POST", body: lazyNodeBody(req), duplex: "half" } as RequestInit);
    await new Promise((r) => setTimeout(r, 20));
    expect(reads).toBe(0);
  });

  it("gives nothing for other bodies", () => {
    expect(takeNodeBody(new Request("http://x/a", { method: "POST", body: "a=1" }))).toBeNull();
    expect(takeNodeBody(new Request("http://x/a"))).toBeNull();
  });
});
