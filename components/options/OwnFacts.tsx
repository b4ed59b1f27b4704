/** Options: the reader's own companies and deals — import, list, remove. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Problem } from '../../data/validate.ts';
import { errorMessage } from '../../utils/format.ts';
import { MAX_IMPORT_BYTES, removeUserFact, SAVED_FACTS } from '../../utils/user-facts.ts';
import type { UserFacts } from '../../utils/user-facts-store.ts';
import { Confirm, Status, useRefocus } from './controls.tsx';

export interface OwnFactsActions {
  /** Validates and stores a file; resolves to the problems, or to a count of what was added. */
  importFile: (text: string, name: string) => Promise<{ problems: Problem[] } | { added: string } | { error: string }>;
  remove: (id: string) => Promise<string | undefined>;
  removeAll: () => Promise<string | undefined>;
}

const MAX_SHOWN_PROBLEMS = 50;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What removing `id` takes with it besides itself (companies under it, deals naming them), and how many. */
function dependents(facts: UserFacts, id: string): { text: string; count: number } {
  const after = removeUserFact(facts, id);
  const self = (list: { id: string }[]) => (list.some((x) => x.id === id) ? 1 : 0);
  const companies = facts.entities.length - after.entities.length - self(facts.entities);
  const deals = facts.deals.length - after.deals.length - self(facts.deals);
  const text = [
    companies > 0 && plural(companies, 'company that belongs to it', 'companies that belong to it'),
    deals > 0 && plural(deals, 'deal that names it', 'deals that name it'),
  ]
    .filter(Boolean)
    .join(' and ');
  return { text, count: companies + deals };
}

export function OwnFacts({ facts, actions }: { facts: UserFacts; actions: OwnFactsActions }) {
  const [problems, setProblems] = useState<Problem[]>([]);
  const [message, setMessage] = useState<{ text: string; kind: 'ok' | 'error' }>();
  const [confirming, setConfirming] = useState(false);
  /** The record whose removal waits for a yes, with what goes with it. */
  const [removing, setRemoving] = useState<{ id: string; name: string; with: string; count: number }>();
  const [removeAllButton, refocusRemoveAll] = useRefocus<HTMLButtonElement>();
  const list = useRef<HTMLUListElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  /**
   * Where focus goes next: the row at this place in the list (or the import, with no row left),
   * once the facts differ from `before` (a removal has landed).
   */
  const focusRow = useRef<{ at: number; before?: UserFacts } | undefined>(undefined);
  const count = facts.entities.length + facts.deals.length;

  useEffect(() => {
    const want = focusRow.current;
    if (want === undefined || want.before === facts) return;
    focusRow.current = undefined;
    const buttons = list.current?.querySelectorAll<HTMLButtonElement>('li > button') ?? [];
    (buttons[Math.min(want.at, buttons.length - 1)] ?? fileInput.current)?.focus();
  });

  const onFile = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setProblems([]);
    // A huge file is refused by its size, before the browser is asked for its text.
    if (file.size > MAX_IMPORT_BYTES) {
      const kb = Math.ceil(file.size / 1000).toLocaleString('en-US');
      setMessage({
        text: `${file.name} is ${kb} KB; the limit is ${MAX_IMPORT_BYTES / 1000} KB. Nothing was saved.`,
        kind: 'error',
      });
      return;
    }
    let text: string;
    try {
      text = await file.text();
    } catch (err) {
      setMessage({ text: `${file.name} could not be read (${errorMessage(err)}). Nothing was saved.`, kind: 'error' });
      return;
    }
    const r = await actions.importFile(text, file.name);
    if ('problems' in r) {
      setProblems(r.problems);
      const saved = r.problems.every((p) => p.file === SAVED_FACTS);
      setMessage({
        text: saved
          ? `${file.name} was not imported: facts you saved before no longer fit DealLens’s updated data. Remove these and try again.`
          : `${file.name} was not imported: nothing was saved. Fix these and try again.`,
        kind: 'error',
      });
    } else if ('error' in r) setMessage({ text: r.error, kind: 'error' });
    else setMessage({ text: `Imported ${r.added} from ${file.name}.`, kind: 'ok' });
  };

  const remove = async (id: string, name: string, along: string, row: number) => {
    setRemoving(undefined);
    const failed = await actions.remove(id);
    if (failed) {
      // The row stays: focus goes back to its Remove button (the question it came from is gone).
      focusRow.current = { at: row };
      setMessage({ text: failed, kind: 'error' });
      return;
    }
    focusRow.current = { at: row, before: facts };
    setMessage({ text: `Removed ${name}${along ? ` and the ${along}` : ''}.`, kind: 'ok' });
  };

  /** A Remove button: at once when nothing else goes with the record, else after a yes. */
  const row = (id: string, name: string, kind: string, index: number) => (
    <li key={id}>
      <span>
        <strong>{name}</strong> <span class="muted">{kind}</span>
      </span>
      {removing?.id === id ? (
        <Confirm
          legend={`Confirm removing ${name}`}
          action={removing.count === 1 ? 'Remove both' : `Remove all ${removing.count + 1}`}
          onConfirm={() => void remove(id, name, removing.with, index)}
          onCancel={() => {
            setRemoving(undefined);
            focusRow.current = { at: index };
          }}
        >
          Remove {name} and the {removing.with}?
        </Confirm>
      ) : (
        <button
          type="button"
          class="small"
          onClick={() => {
            const along = dependents(facts, id);
            if (along.count > 0) setRemoving({ id, name, with: along.text, count: along.count });
            else void remove(id, name, '', index);
          }}
        >
          Remove<span class="sr-only"> {name}</span>
        </button>
      )}
    </li>
  );

  return (
    <section aria-labelledby="own-h">
      <h2 id="own-h">Your own facts</h2>
      <p class="help">
        Add companies and deals of your own from a JSON file in DealLens’s dataset format,{' '}
        <code class="nowrap">{'{ "entities": [...], "deals": [...] }'}</code>. They appear in cards and search marked
        “your fact”; the bundled facts never change.
      </p>
      <label class="file-button">
        <input ref={fileInput} type="file" accept="application/json,.json" onChange={onFile} />
        <span>Import facts…</span>
      </label>
      <Status message={message?.text} kind={message?.kind ?? 'ok'} id={message} />
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
          <ul class="list own-list" ref={list}>
            {facts.entities.map((e, i) => row(e.id, e.name, 'company', i))}
            {facts.deals.map((d, i) => row(d.id, d.title, 'deal', facts.entities.length + i))}
          </ul>
          {confirming ? (
            <Confirm
              legend="Confirm removing all your facts"
              action="Remove all"
              onConfirm={async () => {
                setConfirming(false);
                const failed = await actions.removeAll();
                if (failed) refocusRemoveAll();
                else focusRow.current = { at: 0, before: facts };
                setMessage(failed ? { text: failed, kind: 'error' } : { text: 'Removed all your facts.', kind: 'ok' });
              }}
              onCancel={() => {
                setConfirming(false);
                refocusRemoveAll();
              }}
            >
              Remove all {count} of your facts?
            </Confirm>
          ) : (
            <button ref={removeAllButton} type="button" class="small" onClick={() => setConfirming(true)}>
              Remove all your facts…
            </button>
          )}
        </>
      )}
    </section>
  );
}
