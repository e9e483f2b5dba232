/**
 * A PDF shown as pages drawn by pdf.js in the browser: phones' browsers do not show a PDF inside an
 * iframe. One page at a time, fitted to the width; page and zoom buttons sit in a bar under the
 * page (sticky at the bottom of the screen on a phone, within reach of a thumb); a swipe turns the
 * page when not zoomed in. pdf.js is loaded only when a PDF is opened (its own chunk); its worker
 * and font data come from the app's origin (app/routes/pdfjs.$.tsx), and nothing is evaluated
 * from strings (isEvalSupported: false), so it runs under the app's Content-Security-Policy.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { PDFDocumentProxy, RenderTask } from "pdfjs-dist";

type PdfLib = typeof import("pdfjs-dist");
let lib: Promise<PdfLib> | null = null;
/**
 * pdf.js's own prebuilt module, loaded as is from `base` (not bundled: the Remix compiler's esbuild
 * breaks its class static blocks). The address is a variable so the bundler leaves the import alone.
 */
function loadPdfJs(base: string): Promise<PdfLib> {
  const src = `${base}pdf.min.mjs`;
  lib ??= (import(/* @vite-ignore */ src) as Promise<PdfLib>).then((m) => {
    m.GlobalWorkerOptions.workerSrc = `${base}pdf.worker.min.mjs`;
    return m;
  });
  lib.catch(() => (lib = null));
  return lib;
}

const ZOOMS = [1, 1.5, 2, 3];
/** Canvas pixels are capped (phones refuse very large canvases). */
const MAX_PIXELS = 12_000_000;

export function PdfViewer({ url, title, downloadUrl, pdfjsBase }: { url: string; title: string; downloadUrl?: string; /** "/pdfjs/<version>/" */ pdfjsBase: string }) {
  const [doc, setDoc] = useState<PDFDocumentProxy | null>(null);
  const [state, setState] = useState<"loading" | "ready" | "error">("loading");
  const [page, setPage] = useState(1);
  const [zoom, setZoom] = useState(0);
  const [width, setWidth] = useState(0);
  const [rendered, setRendered] = useState(0);
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const touch = useRef<{ x: number; y: number } | null>(null);

  // Load the document (and drop it when the file changes or the viewer goes away).
  useEffect(() => {
    let cancelled = false;
    let loaded: PDFDocumentProxy | null = null;
    let destroyTask: (() => void) | null = null;
    setState("loading");
    setDoc(null);
    setPage(1);
    setZoom(0);
    setRendered(0);
    loadPdfJs(pdfjsBase)
      .then((pdfjs) => {
        if (cancelled) return;
        const task = pdfjs.getDocument({
          url,
          isEvalSupported: false,
          useWasm: false,
          standardFontDataUrl: `${pdfjsBase}standard_fonts/`,
          enableXfa: false,
        });
        destroyTask = () => void task.destroy();
        return task.promise.then((d) => {
          loaded = d;
          if (cancelled) return void d.destroy();
          setDoc(d);
          setState("ready");
        });
      })
      .catch((e: unknown) => {
        if (cancelled) return;
        console.warn("[hồ sơ] Không mở được PDF:", e instanceof Error ? e.message : e);
        setState("error");
      });
    return () => {
      cancelled = true;
      if (loaded) void loaded.destroy();
      else destroyTask?.();
    };
  }, [url, pdfjsBase]);

  // The width available, to fit the page to it.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setWidth(el.clientWidth);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Draw the current page.
  useEffect(() => {
    if (!doc || !width || !canvas.current) return;
    let task: RenderTask | null = null;
    let cancelled = false;
    setRendered(0);
    doc
      .getPage(page)
      .then((p) => {
        if (cancelled) return;
        const base = p.getViewport({ scale: 1 });
        const scale = (width / base.width) * ZOOMS[zoom]!;
        const viewport = p.getViewport({ scale });
        let ratio = window.devicePixelRatio || 1;
        if (viewport.width * viewport.height * ratio * ratio > MAX_PIXELS) ratio = Math.sqrt(MAX_PIXELS / (viewport.width * viewport.height));
        const c = canvas.current!;
        c.width = Math.floor(viewport.width * ratio);
        c.height = Math.floor(viewport.height * ratio);
        c.style.width = `${Math.floor(viewport.width)}px`;
        c.style.height = `${Math.floor(viewport.height)}px`;
        task = p.render({ canvas: c, canvasContext: c.getContext("2d")!, viewport, transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined });
        return task.promise.then(() => {
          if (!cancelled) setRendered(page);
        });
      })
      .catch((e: unknown) => {
        if (cancelled || (e instanceof Error && e.name === "RenderingCancelledException")) return;
        console.warn("[hồ sơ] Không vẽ được trang PDF:", e instanceof Error ? e.message : e);
        setState("error");
      });
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [doc, page, zoom, width]);

  const pages = doc?.numPages ?? 0;
  const go = useCallback(
    (to: number) => {
      if (!pages) return;
      const next = Math.min(pages, Math.max(1, to));
      if (next === page) return;
      setPage(next);
      box.current?.scrollTo({ top: 0, left: 0 });
    },
    [page, pages],
  );

  return (
    <div className="pdf-viewer" data-pages={pages || undefined}>
      <div
        ref={box}
        className={`pdf-page${zoom > 0 ? " zoomed" : ""}`}
        onTouchStart={(e) => {
          const t = e.touches[0];
          touch.current = e.touches.length === 1 && t ? { x: t.clientX, y: t.clientY } : null;
        }}
        onTouchEnd={(e) => {
          const start = touch.current;
          const t = e.changedTouches[0];
          touch.current = null;
          if (!start || !t || zoom > 0) return;
          const dx = t.clientX - start.x;
          const dy = t.clientY - start.y;
          if (Math.abs(dx) > 60 && Math.abs(dy) < 40) go(page + (dx < 0 ? 1 : -1));
        }}
      >
        {state === "loading" ? <p className="pdf-note">Đang tải tài liệu…</p> : null}
        {state === "error" ? (
          <p className="pdf-note" role="alert">
            Không hiển thị được tài liệu này trên trình duyệt.{" "}
            {downloadUrl ? (
              <a href={downloadUrl} download>
                Tải tệp về để xem
              </a>
            ) : null}
          </p>
        ) : null}
        <canvas
          ref={canvas}
          data-testid="pdf-canvas"
          data-page={page}
          data-rendered={rendered || undefined}
          role="img"
          aria-label={pages ? `${title}: trang ${page} trên ${pages}` : title}
          hidden={state !== "ready"}
        />
      </div>
      <div className="pdf-toolbar" role="toolbar" aria-label="Điều khiển tài liệu">
        <button type="button" className="pdf-btn" onClick={() => go(page - 1)} disabled={!pages || page <= 1} aria-label="Trang trước">
          ‹
        </button>
        <span className="pdf-pageno" aria-live="polite" data-testid="pdf-pageno">
          {pages ? `Trang ${page}/${pages}` : "Trang –"}
        </span>
        <button type="button" className="pdf-btn" onClick={() => go(page + 1)} disabled={!pages || page >= pages} aria-label="Trang sau">
          ›
        </button>
        <span className="pdf-sep" aria-hidden="true" />
        <button type="button" className="pdf-btn" onClick={() => setZoom((z) => Math.max(0, z - 1))} disabled={zoom === 0} aria-label="Thu nhỏ">
          −
        </button>
        <button type="button" className="pdf-btn pdf-zoom" onClick={() => setZoom(0)} disabled={zoom === 0} aria-label="Vừa khung">
          {Math.round(ZOOMS[zoom]! * 100)}%
        </button>
        <button type="button" className="pdf-btn" onClick={() => setZoom((z) => Math.min(ZOOMS.length - 1, z + 1))} disabled={zoom === ZOOMS.length - 1} aria-label="Phóng to">
          +
        </button>
      </div>
    </div>
  );
}
