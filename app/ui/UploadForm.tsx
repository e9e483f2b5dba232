/**
 * A multipart form that works without JavaScript (a plain POST), and with JavaScript sends the
 * same request by XMLHttpRequest so it can show upload progress. The server's answer is the same
 * action either way: a redirect on success, JSON with a message on a refusal.
 */
import { Form, useMatches, useNavigate, useRevalidator } from "@remix-run/react";
import { useRef, useState, type ReactNode } from "react";

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
}: {
  action?: string;
  children: ReactNode;
  className?: string;
  onResult?: (r: UploadResult) => void;
  submitLabel: string;
  id?: string;
}) {
  const matches = useMatches();
  const routeId = matches[matches.length - 1]?.id ?? "";
  const navigate = useNavigate();
  const revalidator = useRevalidator();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  function onSubmit(ev: React.FormEvent<HTMLFormElement>) {
    if (typeof XMLHttpRequest === "undefined") return;
    ev.preventDefault();
    const form = ev.currentTarget;
    const hasFile = Array.from(form.querySelectorAll<HTMLInputElement>("input[type=file]")).some((i) => (i.files?.length ?? 0) > 0);
    if (!hasFile) {
      setError("Vui lòng chọn tệp để tải lên.");
      return;
    }
    const url = new URL(action ?? window.location.pathname + window.location.search, window.location.href);
    url.searchParams.set("_data", routeId);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url.toString());
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) setProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => {
      setProgress(null);
      setError("Mất kết nối khi tải lên. Tệp chưa được lưu; vui lòng thử lại.");
    };
    xhr.onload = () => {
      setProgress(null);
      const redirect = xhr.getResponseHeader("X-Remix-Redirect");
      if (redirect) {
        form.reset();
        setError(null);
        onResult?.({ ok: true });
        navigate(redirect, { replace: true, preventScrollReset: true });
        return;
      }
      let message = "Không tải lên được tệp. Vui lòng thử lại.";
      try {
        const data = JSON.parse(xhr.responseText) as { message?: string };
        if (data.message) message = data.message;
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        form.reset();
        setError(null);
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
    <Form ref={formRef} method="post" encType="multipart/form-data" action={action} className={className} onSubmit={onSubmit} id={id} replace preventScrollReset>
      {children}
      {progress != null ? (
        <div className="upload-progress" role="status" aria-live="polite">
          <progress max={100} value={progress} /> <span>{progress}%</span>
        </div>
      ) : null}
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : null}
      <button type="submit" className="button secondary" disabled={progress != null}>
        {progress != null ? "Đang tải lên…" : submitLabel}
      </button>
    </Form>
  );
}
