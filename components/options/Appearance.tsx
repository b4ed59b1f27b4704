/** Options: how cards open and how marks look. */
import { useState } from 'preact/hooks';
import type { Settings } from '../../utils/settings.ts';
import { keyNames, Radios } from './controls.tsx';

/** A keyboard command as the browser lists it: its key ('' when none is bound) and what it does. */
export interface Shortcut {
  name: string;
  shortcut: string;
  description: string;
}

export function Appearance({
  settings,
  update,
  shortcuts = [],
  mac = false,
  openShortcutSettings,
}: {
  settings: Settings;
  update: (change: (s: Settings) => Settings) => void;
  shortcuts?: readonly Shortcut[];
  mac?: boolean;
  /** Opens the browser's own page where the reader changes the keys. */
  openShortcutSettings?: () => void;
}) {
  const alt = mac ? 'Option (⌥)' : 'Alt';
  const key = (k: string) => keyNames(k, mac);
  // The hover delay being typed, until it is saved: a setting changed meanwhile elsewhere (another
  // tab, the popup) re-renders the page and must not put the saved value back over it.
  const [delayDraft, setDelayDraft] = useState<string | undefined>(undefined);
  return (
    <>
      <section aria-labelledby="cards-h">
        <h2 id="cards-h">Cards</h2>
        <Radios
          legend="Open a card"
          name="cardMode"
          value={settings.cardMode}
          options={[
            { value: 'hover', label: 'When the pointer rests on a mark' },
            {
              value: 'click',
              label: 'When I click a mark',
              help: 'A mark inside a link opens when the pointer rests on it: a click there follows the link.',
            },
            { value: 'alt', label: `When I hover a mark with ${alt} held` },
          ]}
          onChange={(v) => update((s) => ({ ...s, cardMode: v }))}
        />
        <label class="field" for="hover-delay">
          <span>Hover delay</span>
          <input
            id="hover-delay"
            type="number"
            min={0}
            max={2000}
            step={50}
            value={delayDraft ?? settings.hoverDelayMs}
            // Only a resting pointer waits (in click mode, on a mark inside a link); Alt opens at once.
            disabled={settings.cardMode === 'alt'}
            aria-describedby="hover-delay-help"
            onInput={(e) => setDelayDraft((e.currentTarget as HTMLInputElement).value)}
            // Typed back to the value it had, the field sends no change: leaving it ends the draft.
            onBlur={() => setDelayDraft(undefined)}
            onChange={(e) => {
              const input = e.currentTarget as HTMLInputElement;
              setDelayDraft(undefined);
              // An emptied field (or one the browser cannot read as a number) is no choice of 0 ms:
              // the saved delay stays and comes back into the field.
              const n = input.value.trim() === '' ? Number.NaN : Number(input.value);
              if (Number.isFinite(n))
                update((s) => ({ ...s, hoverDelayMs: Math.min(2000, Math.max(0, Math.round(n))) }));
              else input.value = String(settings.hoverDelayMs);
            }}
          />
          <small id="hover-delay-help">milliseconds before a card opens (0–2000)</small>
        </label>
        {shortcuts.length > 0 && (
          <div class="shortcuts">
            <h3 id="keys-h">From the keyboard</h3>
            <ul aria-labelledby="keys-h">
              {shortcuts.map((s) => (
                <li key={s.name}>
                  {s.shortcut ? <kbd>{key(s.shortcut)}</kbd> : <span class="unset">No key set</span>}
                  <span>{s.description}</span>
                </li>
              ))}
            </ul>
            <small>
              Your browser’s keyboard shortcut settings can change these keys.{' '}
              {openShortcutSettings && (
                <button type="button" class="link" onClick={openShortcutSettings}>
                  Change keys
                </button>
              )}
            </small>
          </div>
        )}
        <Radios
          legend="Theme of cards, the popup and this page"
          name="theme"
          value={settings.theme}
          options={[
            { value: 'system', label: 'Follow the system' },
            { value: 'light', label: 'Light' },
            { value: 'dark', label: 'Dark' },
          ]}
          onChange={(v) => update((s) => ({ ...s, theme: v }))}
        />
      </section>
      <section aria-labelledby="marks-h">
        <h2 id="marks-h">Marks</h2>
        <Radios
          legend="Style"
          name="markStyle"
          value={settings.markStyle}
          options={[
            { value: 'underline', label: 'Underline' },
            { value: 'dotted', label: 'Dotted underline' },
            { value: 'background', label: 'Soft background' },
          ]}
          onChange={(v) => update((s) => ({ ...s, markStyle: v }))}
        />
        <Radios
          legend="Colour"
          name="markColors"
          value={settings.markColors}
          options={[
            { value: 'single', label: 'One colour' },
            { value: 'per-company', label: 'A colour per company' },
          ]}
          onChange={(v) => update((s) => ({ ...s, markColors: v }))}
        />
        <Radios
          legend="Which mentions"
          name="density"
          value={settings.density}
          options={[
            { value: 'all', label: 'Every mention' },
            { value: 'first-per-paragraph', label: 'The first of each company in a paragraph' },
          ]}
          onChange={(v) => update((s) => ({ ...s, density: v }))}
        />
      </section>
    </>
  );
}
