/** Small form controls shared by the options sections: a labelled switch and a radio group. */
import type { ComponentChildren, RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

/** Key names as a Mac's keyboard says them: the browser may name the Option key "Alt" there too. */
export function keyNames(text: string, mac: boolean | undefined): string {
  return mac ? text.replace(/\bAlt\b/g, 'Option') : text;
}

export function Switch({
  label,
  help,
  checked,
  disabled,
  name,
  onChange,
}: {
  label: ComponentChildren;
  help?: ComponentChildren;
  checked: boolean;
  disabled?: boolean;
  name?: string;
  onChange: (on: boolean) => void;
}) {
  return (
    <label class="switch">
      <input
        type="checkbox"
        name={name}
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange((e.currentTarget as HTMLInputElement).checked)}
      />
      <span>
        {label}
        {help && <small>{help}</small>}
      </span>
    </label>
  );
}

export function Radios<T extends string>({
  legend,
  name,
  value,
  options,
  onChange,
}: {
  legend: string;
  name: string;
  value: T;
  options: readonly { value: T; label: string; help?: string }[];
  onChange: (value: T) => void;
}) {
  return (
    <fieldset class="radios">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} class="radio">
          <input
            type="radio"
            name={name}
            value={o.value}
            checked={value === o.value}
            onChange={() => onChange(o.value)}
          />
          <span>
            {o.label}
            {o.help && <small>{o.help}</small>}
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/**
 * A status line for screen readers and sighted readers alike. Both live regions are always in
 * the page, empty until a message comes (a region that appears with its text is often not
 * read out), and each new message is a new node in them, so the same words said twice are
 * read twice. `id` tells a new message from the same one rendered again (the message object).
 */
export function Status({ message, kind, id }: { message: string | undefined; kind: 'ok' | 'error'; id?: unknown }) {
  const seq = useRef(0);
  const last = useRef<unknown>(undefined);
  const token = id ?? message;
  if (token !== last.current) {
    last.current = token;
    seq.current++;
  }
  const say = (k: 'ok' | 'error') => (message && kind === k ? <span key={seq.current}>{message}</span> : null);
  return (
    <div class="status-area">
      <p class="status status-ok" role="status">
        {say('ok')}
      </p>
      <p class="status status-error" role="alert">
        {say('error')}
      </p>
    </div>
  );
}

/** A ref, and a call that focuses its element after the next render (a button that render brings back). */
export function useRefocus<T extends HTMLElement>(): [RefObject<T | null>, () => void] {
  const ref = useRef<T>(null);
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    if (asked > 0) ref.current?.focus();
  }, [asked]);
  return [ref, () => setAsked((n) => n + 1)];
}

/**
 * An inline confirmation of a destructive action. Cancel takes focus when it appears (the
 * choice that loses nothing: a second press of the key that asked cannot confirm it).
 */
export function Confirm({
  legend,
  children,
  action,
  onConfirm,
  onCancel,
}: {
  legend: string;
  children: ComponentChildren;
  action: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <fieldset class="confirm">
      <legend class="sr-only">{legend}</legend>
      <span>{children}</span>
      <button type="button" class="danger" onClick={onConfirm}>
        {action}
      </button>
      <button ref={cancel} type="button" onClick={onCancel}>
        Cancel
      </button>
    </fieldset>
  );
}
