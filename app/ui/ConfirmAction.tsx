/**
 * A button for an action that cannot be undone (docs/decisions/0022-confirmations.md).
 *
 * Without JavaScript it is a GET form to the round's confirm page (/to-chuc/vong/<id>/xac-nhan),
 * which states the consequence and posts the action with a confirmation token. With JavaScript
 * the same form opens a native <dialog> instead: it loads the same consequence and token from
 * the confirm page's loader and posts the same form. The server refuses the action without a
 * valid token either way (app/lib/confirm.server.ts).
 *
 * Inputs the person fills before confirming (a date...) go inside as children: they travel to
 * the confirm page and on to the action.
 */
import { Form, Link, useFetcher, useNavigation } from "@remix-run/react";
import { useEffect, useId, useRef, type FormEvent, type ReactNode } from "react";

/** What the confirm page's loader returns (app/routes/to-chuc.vong.$roundId_.xac-nhan.tsx). */
export interface ConfirmData {
  consequence: {
    action: string;
    roundId: number;
    roundTitle: string;
    title: string;
    lines: string[];
    blocked: string[];
    confirmLabel: string;
    target: string;
    fields: Record<string, string>;
    reason: { label: string; required: boolean } | null;
    back: string;
  };
  token: string | null;
  /** The pass-through fields the person filled (issuedOn...). */
  values: Record<string, string>;
}

/** The form field that carries the token (same as CONFIRM_FIELD on the server). */
export const CONFIRM_FIELD = "xac-nhan";

export function confirmPath(roundId: number, action: string) {
  return `/to-chuc/vong/${roundId}/xac-nhan?hanh-dong=${encodeURIComponent(action)}`;
}

/** The consequence, the token and the confirm / cancel buttons: the confirm page and the dialog. */
export function ConfirmBody({
  data,
  idPrefix,
  cancel,
  onConfirm,
}: {
  data: ConfirmData;
  idPrefix: string;
  /** The cancel control (a link on the page, a button in the dialog). */
  cancel: ReactNode;
  onConfirm?: () => void;
}) {
  const c = data.consequence;
  const navigation = useNavigation();
  const sending = navigation.state === "submitting" && navigation.formData?.get(CONFIRM_FIELD) === data.token;
  return (
    <>
      <h2 id={`${idPrefix}-title`}>{c.title}</h2>
      <div id={`${idPrefix}-text`}>
        <p className="small muted">{c.roundTitle}</p>
        <ul className="confirm-lines">
          {c.lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      </div>
      {c.blocked.length ? (
        <div className="alert error" role="alert">
          <p>Chưa thực hiện được:</p>
          <ul>
            {c.blocked.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <Form method="post" action={c.target} className="form confirm-form" onSubmit={onConfirm}>
        {Object.entries(data.values)
          .filter(([k]) => !(k === "reason" && c.reason))
          .map(([k, v]) => (
            <input key={`v-${k}`} type="hidden" name={k} value={v} />
          ))}
        {Object.entries(c.fields).map(([k, v]) => (
          <input key={`f-${k}`} type="hidden" name={k} value={v} />
        ))}
        {data.token ? <input type="hidden" name={CONFIRM_FIELD} value={data.token} /> : null}
        {c.reason && !c.blocked.length ? (
          <div className="field">
            <label htmlFor={`${idPrefix}-reason`}>{c.reason.label}</label>
            <textarea id={`${idPrefix}-reason`} name="reason" rows={2} maxLength={1000} required={c.reason.required} defaultValue={data.values.reason ?? ""} />
          </div>
        ) : null}
        <div className="row confirm-buttons">
          {data.token ? (
            <button type="submit" className="button" disabled={sending} aria-disabled={sending}>
              {sending ? "Đang thực hiện…" : c.confirmLabel}
            </button>
          ) : null}
          {cancel}
        </div>
      </Form>
    </>
  );
}

export function ConfirmAction({
  roundId,
  action,
  label,
  className = "button secondary",
  formClassName,
  children,
  disabled,
}: {
  roundId: number;
  action: string;
  label: ReactNode;
  /** The button's class. */
  className?: string;
  /** The trigger form's class (it holds the children). */
  formClassName?: string;
  children?: ReactNode;
  disabled?: boolean;
}) {
  const fetcher = useFetcher<ConfirmData>();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const id = `confirm-${useId().replace(/:/g, "")}`;
  const loading = fetcher.state !== "idle";
  const data = fetcher.data && !loading ? fetcher.data : null;

  const open = (e: FormEvent<HTMLFormElement>) => {
    const dialog = dialogRef.current;
    // No <dialog> support: the confirm page, as without JavaScript.
    if (!dialog || typeof dialog.showModal !== "function") return;
    e.preventDefault();
    const query = new URLSearchParams();
    new FormData(e.currentTarget).forEach((v, k) => {
      if (typeof v === "string") query.append(k, v);
    });
    fetcher.load(`/to-chuc/vong/${roundId}/xac-nhan?${query.toString()}`);
    if (!dialog.open) dialog.showModal();
  };
  const close = () => dialogRef.current?.close();

  // Once the consequence is shown, focus goes to "Hủy" (the safe choice); Escape closes natively.
  useEffect(() => {
    if (data && dialogRef.current?.open) cancelRef.current?.focus();
  }, [data]);

  return (
    <>
      <form method="get" action={`/to-chuc/vong/${roundId}/xac-nhan`} className={`confirm-trigger${formClassName ? ` ${formClassName}` : ""}`} onSubmit={open} noValidate>
        <input type="hidden" name="hanh-dong" value={action} />
        {children}
        <button type="submit" className={className} disabled={disabled} aria-disabled={disabled} aria-haspopup="dialog">
          {label}
        </button>
      </form>
      <dialog ref={dialogRef} className="confirm-action-dialog" aria-labelledby={`${id}-title`} aria-describedby={`${id}-text`}>
        {data ? (
          <ConfirmBody
            data={data}
            idPrefix={id}
            onConfirm={close}
            cancel={
              <button type="button" ref={cancelRef} className="button secondary" onClick={close}>
                Hủy
              </button>
            }
          />
        ) : (
          <>
            <h2 id={`${id}-title`}>{label}</h2>
            <p id={`${id}-text`} role="status">
              Đang tính hậu quả của thao tác…
            </p>
            <div className="row confirm-buttons">
              <button type="button" className="button secondary" onClick={close}>
                Hủy
              </button>
            </div>
          </>
        )}
      </dialog>
    </>
  );
}

/** The confirm page's cancel link. */
export function ConfirmBackLink({ to }: { to: string }) {
  return (
    <Link to={to} className="button secondary">
      Hủy
    </Link>
  );
}
