import { PassThrough } from "node:stream";
import type { ActionFunctionArgs, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { bootstrap } from "~/lib/bootstrap.server";
import type { AppLoadContext } from "~/lib/server-handler.server";
import { NonceProvider } from "~/ui/nonce";

import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import { createNodeHandler as createEdgeHandler } from "~/lib/server-handler.server";
import { createStaticFiles } from "~/lib/static-files.server";
import { loginPreflight } from "~/modules/throttle/edge.server";

/**
 * server.js serves everything through this handler: browser assets and public/ files, then the
 * page cache of anonymous public pages, the request guard, headers, nonce, and the log-in throttle
 * answered early (app/lib/server-handler.server.ts).
 */
export function createNodeHandler(build: ServerBuild, mode?: Parameters<typeof createEdgeHandler>[1], opts: { root?: string } = {}) {
  const root = opts.root ?? process.cwd();
  const staticFiles = createStaticFiles(
    [
      { prefix: build.publicPath, dir: path.resolve(root, build.assetsBuildDirectory), cacheControl: "public, max-age=31536000, immutable" },
      { prefix: "/", dir: path.join(root, "public"), cacheControl: "public, max-age=3600", listed: true },
    ],
    { memory: mode !== "development" },
  );
  return createEdgeHandler(build, mode, { preflight: loginPreflight, staticFiles });
}

// Runs once when the server loads this build: migrations, reference data, first admin, demo.
await bootstrap();
(await import("~/modules/certificates/certificates.server")).startJobRunner(); // stored jobs: resume, then poll
(await import("~/modules/reminders/reminders.server")).startScheduler(); // reminders: croner, each sent once (decision 0029)

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext?: AppLoadContext,
) {
  const nonce = loadContext?.cspNonce ?? "";
  const callback = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    // Stops a render still streaming after ABORT_DELAY; cleared once the answer is written, so a
    // finished render is not kept alive (and aborted for nothing) for seconds after each request.
    const timer = setTimeout(() => abort(), ABORT_DELAY);
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [callback]() {
          shellRendered = true;
          const body = new PassThrough();
          // React 18.3 ends its destination again whenever it is flushed after finishing (the
          // stream's own "close" event does that), and Node answers each extra end() with a new
          // error object and its stack trace: a second end() is made a no-op.
          const end = body.end.bind(body);
          body.end = ((...args: Parameters<typeof end>) => (body.writableEnded ? body : end(...args))) as typeof body.end;
          body.once("close", () => clearTimeout(timer));
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
  });
}

/** A form body that cannot be read (cut off, malformed multipart) is the client's fault: a 400, not a 500. */
export function handleError(error: unknown, { request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  const ctx = context as Partial<AppLoadContext>;
  if (request.method !== "GET" && isBodyError(error)) {
    ctx.badBody = true;
    return;
  }
  if (request.signal.aborted) return;
  console.error(error);
}

function isBodyError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === "AbortError") return true;
  return error instanceof TypeError && /form ?data|body|multipart|boundary|terminated|aborted/i.test(error.message);
}
