/**
 * The app's own date field (docs/decisions/0033-date-field-and-validation-messages.md).
 *
 * A text input that shows and takes dd/mm/yyyy whatever the browser's language, named like the
 * field, so a form posts what the person sees and works without JavaScript. With JavaScript, a
 * calendar button opens the browser's own date picker (a good one on phones: only its display
 * format was the problem) from a hidden `<input type="date">` that has no name; the chosen day is
 * written back as dd/mm/yyyy. The server reads both dd/mm/yyyy and yyyy-mm-dd (`parseVnDate`).
 */
import { useEffect, useRef, useState, type InputHTMLAttributes } from "react";
import { DATE_INPUT_MESSAGE, DATE_INPUT_PLACEHOLDER, formatDate, parseVnDate, toDateInput } from "~/lib/dates";

type Errors = Record<string, string> | undefined;

interface DateFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "min" | "max" | "defaultValue" | "value" | "name"> {
  name: string;
  label: string;
  /** ISO "2026-09-05" or what was typed (shown back as it was). */
  defaultValue?: string | null;
  /** Earliest and latest days allowed, ISO. */
  min?: string;
  max?: string;
  hint?: string;
  errors?: Errors;
  /** Classes of the wrapping `.field` (e.g. "date" in filter bars). */
  fieldClassName?: string;
}

/** The message for a typed value, or "" when it is fine (empty is left to `required`). */
export function dateProblem(text: string, min?: string, max?: string): string {
  if (!text.trim()) return "";
  const iso = parseVnDate(text);
  if (!iso) return DATE_INPUT_MESSAGE;
  if (min && iso < min) return `Ngày không được trước ${formatDate(min)}.`;
  if (max && iso > max) return `Ngày không được sau ${formatDate(max)}.`;
  return "";
}

/** "05092026" or "5.9.2026" → "05/09/2026" when it is a real day; anything else unchanged. */
function tidy(text: string): string {
  const iso = parseVnDate(text);
  return iso ? toDateInput(iso) : text;
}

export function DateField({ name, label, defaultValue, min, max, hint, errors, required, id, fieldClassName, className, onBlur, onInput, ...rest }: DateFieldProps) {
  const fieldId = id ?? `f-${name}`;
  const error = errors?.[name];
  const describedBy = [`${fieldId}-format`, hint ? `${fieldId}-hint` : null, error ? `${fieldId}-error` : null].filter(Boolean).join(" ");
  const text = useRef<HTMLInputElement>(null);
  const native = useRef<HTMLInputElement>(null);
  // The calendar needs JavaScript: shown only once the page is running it.
  const [live, setLive] = useState(false);
  useEffect(() => setLive(true), []);

  /** The browser's validity follows the typed text (its message, Vietnamese, shows on submit). */
  const check = (el: HTMLInputElement) => el.setCustomValidity(dateProblem(el.value, min, max));
  useEffect(() => {
    if (text.current) check(text.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [min, max]);

  // The picker's choice → the text field, as dd/mm/yyyy. A native listener: React's onChange
  // skips a change its value tracker did not see (a value set by script, as tests do).
  useEffect(() => {
    const n = native.current;
    if (!live || !n) return;
    const take = () => {
      const el = text.current;
      if (!el || !n.value) return;
      el.value = toDateInput(n.value);
      check(el);
      // Let listeners of the text field (forms watching changes) hear of it.
      el.dispatchEvent(new Event("change", { bubbles: true }));
    };
    n.addEventListener("change", take);
    return () => n.removeEventListener("change", take);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [live, min, max]);

  const openPicker = () => {
    const n = native.current;
    if (!n) return;
    n.value = parseVnDate(text.current?.value) ?? "";
    try {
      if (typeof n.showPicker === "function") return n.showPicker();
    } catch {
      // Not allowed here (old browser, not a user gesture): fall back to focusing the date input.
    }
    n.focus();
    n.click();
  };

  return (
    <div className={`field date-field${fieldClassName ? ` ${fieldClassName}` : ""}${error ? " has-error" : ""}`}>
      <label htmlFor={fieldId}>
        {label} {required ? <span className="req" aria-hidden="true">*</span> : null}
      </label>
      <div className="date-input">
        <input
          ref={text}
          id={fieldId}
          name={name}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          placeholder={DATE_INPUT_PLACEHOLDER}
          maxLength={24}
          required={required}
          defaultValue={toDateInput(defaultValue)}
          data-min={min}
          data-max={max}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className={className}
          onInput={(e) => {
            const el = e.currentTarget;
            const typing = (e.nativeEvent as InputEvent).inputType?.startsWith("insert");
            // Typing the day then the month: the slash comes by itself (a phone's number pad has none).
            if (typing && el.selectionStart === el.value.length && /^(\d{2}|\d{1,2}\/\d{2})$/.test(el.value)) el.value += "/";
            check(el);
            onInput?.(e);
          }}
          onBlur={(e) => {
            const el = e.currentTarget;
            const tidied = tidy(el.value);
            if (tidied !== el.value) el.value = tidied;
            check(el);
            onBlur?.(e);
          }}
          {...rest}
        />
        {live ? (
          <>
            <button type="button" className="date-pick" onClick={openPicker} aria-label={`Chọn ngày trên lịch: ${label}`} title="Chọn trên lịch">
              <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
                <path
                  fill="currentColor"
                  d="M7 2h2v2h6V2h2v2h3a1 1 0 0 1 1 1v15a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1h3V2zm12 8H5v9h14v-9zM5 8h14V6H5v2zm2 4h3v3H7v-3z"
                />
              </svg>
            </button>
            <input
              ref={native}
              type="date"
              className="date-native"
              tabIndex={-1}
              aria-hidden="true"
              min={min}
              max={max}
            />
          </>
        ) : null}
      </div>
      <span className="sr-only" id={`${fieldId}-format`}>
        Nhập theo dạng ngày/tháng/năm, ví dụ 05/09/2026.
      </span>
      {hint ? (
        <span className="hint" id={`${fieldId}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <div className="field-error" id={`${fieldId}-error`} role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}
