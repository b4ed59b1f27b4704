/** Options: export and import settings, and reset to the defaults. */
import { useState } from 'preact/hooks';
import { errorMessage } from '../../utils/format.ts';
import { MAX_SETTINGS_FILE_BYTES, TOO_LARGE } from '../../utils/settings-file.ts';
import { Confirm, Status, useRefocus } from './controls.tsx';

export interface BackupActions {
  exportText: () => string;
  /**
   * Imports a settings file: why it was refused, or what the reader should know: the fields it
   * held that were left out, how many settings it did not hold (kept as they were), and the
   * sites it names that this browser has not allowed DealLens to read.
   */
  importText: (
    text: string,
  ) => Promise<{ error: string } | { ignored: string[]; kept?: number; needPermission?: string[] }>;
  reset: () => Promise<void>;
}

/** Up to five names, and how many more. */
const list = (names: string[]) =>
  names.slice(0, 5).join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '');

/** A field name from a file, shortened for a message. */
const short = (name: string) => (name.length > 40 ? `${name.slice(0, 39)}…` : name);

export function Backup({ actions }: { actions: BackupActions }) {
  const [message, setMessage] = useState<{ text: string; kind: 'ok' | 'error' }>();
  const [confirming, setConfirming] = useState(false);
  const [resetButton, refocusReset] = useRefocus<HTMLButtonElement>();

  const download = () => {
    const url = URL.createObjectURL(new Blob([actions.exportText()], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'deallens-settings.json';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    setMessage({ text: 'Settings exported to deallens-settings.json.', kind: 'ok' });
  };

  const onFile = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    // A huge file is refused by its size, before the browser is asked for its text.
    if (file.size > MAX_SETTINGS_FILE_BYTES) {
      setMessage({ text: `${file.name}: ${TOO_LARGE}`, kind: 'error' });
      return;
    }
    let text: string;
    try {
      text = await file.text();
    } catch (err) {
      setMessage({
        text: `${file.name} could not be read (${errorMessage(err)}). Nothing was changed.`,
        kind: 'error',
      });
      return;
    }
    const r = await actions.importText(text).catch((err: unknown) => ({ error: errorMessage(err) }));
    if ('error' in r) {
      setMessage({ text: `${file.name}: ${r.error}`, kind: 'error' });
      return;
    }
    const left =
      r.ignored.length === 0 ? '' : ` Left out what this version does not know: ${list(r.ignored.map(short))}.`;
    const kept = r.kept
      ? ` It held no value for ${r.kept} ${r.kept === 1 ? 'setting' : 'settings'}: ${r.kept === 1 ? 'that one is' : 'those are'} as they were.`
      : '';
    // A site is allowed from the toolbar button on it; all sites only from the switch under Sites
    // (the toolbar button asks for the one site it is on).
    const need = (r.needPermission ?? []).filter((s) => s !== 'all sites');
    const allow =
      (need.length === 0
        ? ''
        : ` This browser has not allowed DealLens on ${list(need)} yet: turn it on there from its toolbar button.`) +
      (r.needPermission?.includes('all sites')
        ? ' This browser has not allowed DealLens on all sites yet: under Sites, turn “Run on every site” off and on again to allow it.'
        : '');
    setMessage({ text: `Settings restored from ${file.name}.${kept}${allow}${left}`, kind: 'ok' });
  };

  return (
    <section aria-labelledby="backup-h">
      <h2 id="backup-h">Back up and reset</h2>
      <div class="row">
        <button type="button" onClick={download}>
          Export settings
        </button>
        <label class="file-button">
          <input type="file" accept="application/json,.json" onChange={onFile} />
          <span>Import settings…</span>
        </label>
        {!confirming && (
          <button ref={resetButton} type="button" onClick={() => setConfirming(true)}>
            Reset to defaults…
          </button>
        )}
      </div>
      {confirming && (
        <Confirm
          legend="Confirm reset"
          action="Reset"
          onConfirm={async () => {
            setConfirming(false);
            refocusReset();
            try {
              await actions.reset();
              setMessage({ text: 'Settings reset to the defaults.', kind: 'ok' });
            } catch (e) {
              setMessage({ text: `Could not reset: ${errorMessage(e)}. Your settings are kept.`, kind: 'error' });
            }
          }}
          onCancel={() => {
            setConfirming(false);
            refocusReset();
          }}
        >
          Reset every setting to its default? Your own facts are kept.
        </Confirm>
      )}
      <Status message={message?.text} kind={message?.kind ?? 'ok'} id={message} />
    </section>
  );
}
