import { useNavigation } from "@remix-run/react";
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";
import { useT } from "~/i18n";
import { useMessage } from "~/i18n/messages";

type Errors = Record<string, string> | undefined;

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: string;
  hint?: string;
  errors?: Errors;
}

/** A labelled input with its hint and its error, wired for screen readers. */
export function Field({ name, label, hint, errors, required, id, ...rest }: FieldProps) {
  const msg = useMessage();
  const fieldId = id ?? `f-${name}`;
  // Module messages are Vietnamese; shown in the reader's language (app/i18n/messages.ts).
  const error = errors?.[name] ? msg(errors[name]) : undefined;
  const describedBy = [hint ? `${fieldId}-hint` : null, error ? `${fieldId}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label htmlFor={fieldId}>
        {label} {required ? <span className="req" aria-hidden="true">*</span> : null}
      </label>
      <input
        id={fieldId}
        name={name}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...rest}
      />
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

interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement> {
  name: string;
  label: string;
  hint?: string;
  errors?: Errors;
  options: { value: string | number; label: string }[];
  placeholder?: string;
}

export function SelectField({ name, label, hint, errors, options, placeholder, required, id, ...rest }: SelectProps) {
  const msg = useMessage();
  const fieldId = id ?? `f-${name}`;
  const error = errors?.[name] ? msg(errors[name]) : undefined;
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label htmlFor={fieldId}>
        {label} {required ? <span className="req" aria-hidden="true">*</span> : null}
      </label>
      <select
        id={fieldId}
        name={name}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${fieldId}-error` : hint ? `${fieldId}-hint` : undefined}
        {...rest}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
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

/** The form-level message: a general error, or a reminder that fields need fixing. */
export function FormErrors({ errors }: { errors: Errors }) {
  const t = useT();
  const msg = useMessage();
  if (!errors || Object.keys(errors).length === 0) return null;
  return (
    <div className="alert error" role="alert">
      {errors._form ? msg(errors._form) : t("common.formError")}
    </div>
  );
}

/** A submit button that shows it is working while the form is being sent. */
export function SubmitButton({ children, pendingText, className = "button", name, value }: { children: ReactNode; pendingText?: string; className?: string; name?: string; value?: string }) {
  const navigation = useNavigation();
  const t = useT();
  const pending = navigation.state === "submitting";
  return (
    <button type="submit" className={className} disabled={pending} aria-disabled={pending} name={name} value={value}>
      {pending ? (pendingText ?? t("common.sending")) : children}
    </button>
  );
}
