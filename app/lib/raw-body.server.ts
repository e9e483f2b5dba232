/**
 * A request body that the upload reader can take as Node's own stream, past the web-stream copy.
 *
 * Remix hands actions a fetch Request whose body is a web ReadableStream. For a multipart upload
 * (up to 25 MB per file) every chunk would then pass Node's stream → a web stream (Remix's pump) →
 * back to a Node stream (Readable.fromWeb) → busboy → the file: three hand-offs and two queues per
 * chunk. Here the server handler gives multipart requests a lazy web body (nothing is read until
 * somebody reads it) and remembers the Node stream behind it. `takeNodeBody` gives the upload
 * reader that Node stream, once, if nobody has started reading the web body; after that the web
 * body errors if read. Any other reader (request.formData(), a route that is not an upload) uses
 * the web body as before. Remix re-wraps the Request before calling the action (it strips ?index
 * and ?_data) but keeps the same body object, which is the key here.
 */
import type { IncomingMessage } from "node:http";
import type { Readable } from "node:stream";
import { createReadableStreamFromReadable } from "@remix-run/node";

type Claim = { taken: "node" | "web" | null; req: IncomingMessage };
const claims = new WeakMap<object, Claim>();

/** A web body for `req` that starts reading only when read; registered for takeNodeBody. */
export function lazyNodeBody(req: IncomingMessage): ReadableStream<Uint8Array> {
  const claim: Claim = { taken: null, req };
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!reader) {
          if (claim.taken === "node") {
            controller.error(new TypeError("body already taken as a Node stream"));
            return;
          }
          claim.taken = "web";
          reader = (createReadableStreamFromReadable(req) as ReadableStream<Uint8Array>).getReader();
        }
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel(reason) {
        return reader?.cancel(reason);
      },
    },
    // No read ahead: pull() runs only when somebody reads.
    { highWaterMark: 0 },
  );
  claims.set(body, claim);
  return body;
}

/** The Node stream behind a request's body, if it is a lazy one nobody has read yet (then it is taken). */
export function takeNodeBody(request: Request): Readable | null {
  const body = request.body;
  if (!body) return null;
  const claim = claims.get(body);
  if (!claim || claim.taken) return null;
  claim.taken = "node";
  return claim.req;
}
