/** Options: the reader's own companies and deals — import, list, remove. */
import { useState } from 'preact/hooks';
import type { Problem } from '../../data/validate.ts';
import type { UserFacts } from '../../utils/user-facts-store.ts';
import { Status } from './controls.tsx';

export interface OwnFactsActions {
  /** Validates and stores a file; resolves to the problems, or to a count of what was added. */
  importFile: (text: string, name: string) => Promise<{ problems: Problem[] } | { added: string } | { error: string }>;
  remove: (id: string) => Promise<string | undefined>;
  removeAll: () => Promise<string | undefined>;
}

const MAX_SHOWN_PROBLEMS = 50;

export function OwnFacts({ facts, actions }: { facts: UserFacts; actions: OwnFactsActions }) {
  const [problems, setProblems] = useState<Problem[]>([]);
  const [message, setMessage] = useState<{ text: string; kind: 'ok' | 'error' }>();
  const [confirming, setConfirming] = useState(false);
  const count = facts.entities.length + facts.deals.length;

  const onFile = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setProblems([]);
    const text = await file.text();
    const r = await actions.importFile(text, file.name);
    if ('problems' in r) {
      setProblems(r.problems);
      setMessage({ text: `${file.name} was not imported: nothing was saved. Fix these and try again.`, kind: 'error' });
    } else if ('error' in r) setMessage({ text: r.error, kind: 'error' });
    else setMessage({ text: `Imported ${r.added} from ${file.name}.`, kind: 'ok' });
  };

  return (
    <section aria-labelledby="own-h">
      <h2 id="own-h">Your own facts</h2>
      <p class="help">
        Add companies and deals of your own from a JSON file in DealLens’s dataset format,{' '}
        <code class="nowrap">{'{ "entities": [...], "deals": [...] }'}</code>. They appear in cards and search marked
        “your fact”; the bundled facts never change.
      </p>
      <label class="file-button">
        <input type="file" accept="application/json,.json" onChange={onFile} />
        <span>Import facts…</span>
      </label>
      <Status message={message?.text} kind={message?.kind ?? 'ok'} />
      {problems.length > 0 && (
        <ul class="problems" aria-label="Problems in the file">
          {problems.slice(0, MAX_SHOWN_PROBLEMS).map((p) => (
            <li key={`${p.id}-${p.field}-${p.reason}`}>
              <strong>{p.id}</strong> · <code>{p.field}</code>: {p.reason}
            </li>
          ))}
          {problems.length > MAX_SHOWN_PROBLEMS && <li>…and {problems.length - MAX_SHOWN_PROBLEMS} more.</li>}
        </ul>
      )}
      {count > 0 && (
        <>
          <ul class="list own-list">
            {facts.entities.map((e) => (
              <li key={e.id}>
                <span>
                  <strong>{e.name}</strong> <span class="muted">company</span>
                </span>
                <button type="button" class="small" onClick={() => void actions.remove(e.id)}>
                  Remove<span class="sr-only"> {e.name}</span>
                </button>
              </li>
            ))}
            {facts.deals.map((d) => (
              <li key={d.id}>
                <span>
                  <strong>{d.title}</strong> <span class="muted">deal</span>
                </span>
                <button type="button" class="small" onClick={() => void actions.remove(d.id)}>
                  Remove<span class="sr-only"> {d.title}</span>
                </button>
              </li>
            ))}
          </ul>
          {confirming ? (
            <fieldset class="confirm">
              <legend class="sr-only">Confirm removing all your facts</legend>
              <span>Remove all {count} of your facts?</span>
              <button
                type="button"
                class="danger"
                onClick={async () => {
                  setConfirming(false);
                  const failed = await actions.removeAll();
                  setMessage(
                    failed ? { text: failed, kind: 'error' } : { text: 'Removed all your facts.', kind: 'ok' },
                  );
                }}
              >
                Remove all
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </fieldset>
          ) : (
            <button type="button" class="small" onClick={() => setConfirming(true)}>
              Remove all your facts…
            </button>
          )}
        </>
      )}
    </section>
  );
}
