/** Small form controls shared by the options sections: a labelled switch and a radio group. */
import type { ComponentChildren } from 'preact';

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

/** A polite status line for screen readers and sighted readers alike. */
export function Status({ message, kind }: { message: string | undefined; kind: 'ok' | 'error' }) {
  if (!message) return null;
  return (
    <p class={`status status-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {message}
    </p>
  );
}
