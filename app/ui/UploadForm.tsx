/**
 * A multipart form that works without JavaScript (a plain POST), and with JavaScript sends the
 * same request by XMLHttpRequest so it can show upload progress. The server's answer is the same
 * action either way: a redirect on success, JSON with a message on a refusal.
 *
 * With `autoSubmit` (opt-in) and JavaScript, choosing a file starts the upload at once: one tap.
 * The button stays, for browsers without JavaScript and, with it, to open the file picker again
 * or retry after a refusal. Opt-in because a form with other fields to fill must not send early.
 * The form says `data-auto-upload="ready"` once its script runs (browser tests wait for it,
 * tests/helpers/ui.ts `uploadTo`). Progress and the result are announced in a polite live region
 * that is always in the page. Its own texts follow the reader's language (app/i18n/dossier.ts;
 * Vietnamese in the staff areas, where useLocale() is "vi"), and the server's refusals go through
 * localizeMessage.
 */
import { Form, useMatches, useNavigate, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useLocale } from "~/i18n";
import { useDossierT } from "~/i18n/dossier";
import { localizeMessage } from "~/i18n/messages";

export interface UploadResult {
  ok: boolean;
  message?: string;
}

export function UploadForm({
  action,
  children,
  className,
  onResult,
  submitLabel,
  id,
  autoSubmit = false,
}: {
  action?: string;
  children: ReactNode;
  className?: string;
  onResult?: (r: UploadResult) => void;
  submitLabel: string;
  id?: string;
  /** Start the upload as soon as a file is chosen (with JavaScript). */
  autoSubmit?: boolean;
}) {
  const locale = useLocale();
  const t = useDossierT();
  const matches = useMatches();
  const routeId = matches[matches.length - 1]?.id ?? "";
  const navigate = useNavigate();
  const revalidator = useRevalidator();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  /** The request in flight: a second submit meanwhile (a double tap) is ignored. */
  const busy = useRef(false);
  /** Auto-upload works once the page's script runs (before that a choice waits for the button). */
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  function onChange(ev: React.FormEvent<HTMLFormElement>) {
    const input = ev.target as HTMLInputElement;
    if (!autoSubmit || input.type !== "file" || !(input.files?.length ?? 0) || busy.current) return;
    const form = ev.currentTarget;
    if (typeof form.requestSubmit === "function") form.requestSubmit();
  }

  function onSubmit(ev: React.FormEvent<HTMLFormElement>) {
    if (typeof XMLHttpRequest === "undefined") return;
    ev.preventDefault();
    if (busy.current) return;
    const form = ev.currentTarget;
    const inputs = Array.from(form.querySelectorAll<HTMLInputElement>("input[type=file]"));
    const hasFile = inputs.some((i) => (i.files?.length ?? 0) > 0);
    if (!hasFile) {
      // With auto-upload the button opens the file picker; choosing a file then sends it.
      if (autoSubmit && inputs[0]) {
        setError(null);
        inputs[0].click();
        return;
      }
      setError(t("upload.choose"));
      return;
    }
    busy.current = true;
    setDone(null);
    const url = new URL(action ?? window.location.pathname + window.location.search, window.location.href);
    url.searchParams.set("_data", routeId);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url.toString());
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) setProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => {
      busy.current = false;
      setProgress(null);
      setError(t("upload.lost"));
    };
    xhr.onload = () => {
      busy.current = false;
      setProgress(null);
      const redirect = xhr.getResponseHeader("X-Remix-Redirect");
      if (redirect) {
        form.reset();
        setError(null);
        setDone(t("upload.done"));
        onResult?.({ ok: true });
        navigate(redirect, { replace: true, preventScrollReset: true });
        return;
      }
      let message = t("upload.failed");
      try {
        const data = JSON.parse(xhr.responseText) as { message?: string };
        if (data.message) message = localizeMessage(locale, data.message);
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        form.reset();
        setError(null);
        setDone(t("upload.done"));
        onResult?.({ ok: true, message });
        revalidator.revalidate();
      } else {
        setError(message);
        onResult?.({ ok: false, message });
      }
    };
    setError(null);
    setProgress(0);
    xhr.send(new FormData(form));
  }

  return (
    <Form
      ref={formRef}
      method="post"
      encType="multipart/form-data"
      action={action}
      className={className}
      onSubmit={onSubmit}
      onChange={onChange}
      id={id}
      replace
      preventScrollReset
      data-auto-upload={autoSubmit ? (ready ? "ready" : "waiting") : undefined}
    >
      {children}
      {/* Always in the page, so that screen readers announce what appears in it. */}
      <div className={progress != null ? "upload-progress" : "upload-status"} role="status" aria-live="polite">
        {progress != null ? (
          <>
            <progress max={100} value={progress} aria-label={t("upload.progressLabel")} /> <span>{t("upload.progress", { n: progress })}</span>
          </>
        ) : done ? (
          <span className="small">{done}</span>
        ) : null}
      </div>
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : null}
      <button type="submit" className="button secondary" disabled={progress != null}>
        {progress != null ? t("upload.sending") : submitLabel}
      </button>
    </Form>
  );
}
