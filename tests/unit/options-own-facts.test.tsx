/** The options page's own-facts section in happy-dom: removing with what depends on it, files refused by size, focus. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OwnFacts, type OwnFactsActions } from '../../components/options/OwnFacts.tsx';
import { dataset } from '../../data/index.ts';
import { MAX_IMPORT_BYTES, parseUserFacts, removeUserFact } from '../../utils/user-facts.ts';
import { loadUserFacts, saveUserFacts, type UserFacts, watchUserFacts } from '../../utils/user-facts-store.ts';
import own from '../fixtures/own-facts.json' with { type: 'json' };
import { mountPoint } from './mount.ts';

const root = mountPoint();

/** The actions as the options page wires them, on fakeBrowser's storage. */
const stored: OwnFactsActions = {
  async importFile(text, name) {
    const r = parseUserFacts(text, name, dataset, await loadUserFacts());
    if (!r.ok) return { problems: r.problems };
    const saved = await saveUserFacts(r.facts);
    return saved.ok ? { added: 'facts' } : { error: saved.reason };
  },
  async remove(id) {
    const saved = await saveUserFacts(removeUserFact(await loadUserFacts(), id));
    return saved.ok ? undefined : saved.reason;
  },
  async removeAll() {
    const saved = await saveUserFacts({ entities: [], deals: [] });
    return saved.ok ? undefined : saved.reason;
  },
};

/** Renders the section with the stored facts, drawn again whenever they change. */
async function show(actions: OwnFactsActions = stored): Promise<UserFacts> {
  const r = parseUserFacts(JSON.stringify(own), 'own.json', dataset, { entities: [], deals: [] });
  if (!r.ok) throw new Error('the fixture is valid');
  await saveUserFacts(r.facts);
  let facts = r.facts;
  const draw = () => render(<OwnFacts facts={facts} actions={actions} />, root());
  watchUserFacts((f) => {
    facts = f;
    act(draw);
  });
  act(draw);
  return r.facts;
}

const button = (text: string) =>
  [...root().querySelectorAll('button')].find((b) => b.textContent === text) as HTMLButtonElement;
const said = (role: 'status' | 'alert') => root().querySelector(`[role=${role}]`)?.textContent ?? '';
const COMPANY = 'California Attorney General';
const DEAL = "California will not oppose OpenAI's recapitalization";

/** A file input's change with `file` chosen. */
function choose(file: File) {
  const input = root().querySelector('input[type=file]') as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  input.dispatchEvent(new Event('change'));
}

describe('removing one of your own facts', () => {
  beforeEach(() => fakeBrowser.reset());

  it('asks first when deals name the company, says what went with it, and puts focus on the next row', async () => {
    await show();
    act(() => button(`Remove ${COMPANY}`).click());
    // Nothing is gone yet: the question names what the removal takes along.
    expect((await loadUserFacts()).deals).toHaveLength(1);
    expect(root().querySelector('fieldset.confirm')?.textContent).toContain(
      `Remove ${COMPANY} and the 1 deal that names it?`,
    );
    expect(document.activeElement?.textContent).toBe('Cancel');
    act(() => button('Cancel').click());
    expect(document.activeElement?.textContent).toBe(`Remove ${COMPANY}`);
    expect((await loadUserFacts()).entities).toHaveLength(1);

    act(() => button(`Remove ${COMPANY}`).click());
    await act(async () => button('Remove both').click());
    await vi.waitFor(() => expect(said('status')).toBe(`Removed ${COMPANY} and the 1 deal that names it.`));
    expect(await loadUserFacts()).toEqual({ entities: [], deals: [] });
    // No row left: focus goes to the import.
    await vi.waitFor(() => expect(document.activeElement?.getAttribute('type')).toBe('file'));
  });

  it('removes a record nothing depends on at once, and says so', async () => {
    await show();
    await act(async () => button(`Remove ${DEAL}`).click());
    await vi.waitFor(() => expect(said('status')).toBe(`Removed ${DEAL}.`));
    expect(await loadUserFacts()).toMatchObject({ entities: [{ name: COMPANY }], deals: [] });
    await vi.waitFor(() => expect(document.activeElement?.textContent).toBe(`Remove ${COMPANY}`));
  });

  it('says why a removal failed, keeps the row, and gives focus back to its button', async () => {
    await show({ ...stored, remove: async () => 'The browser’s storage for DealLens is full.' });
    await act(async () => button(`Remove ${DEAL}`).click());
    await vi.waitFor(() => expect(said('alert')).toContain('storage for DealLens is full'));
    expect(root().textContent).toContain(DEAL);
    // After a yes to the question too.
    act(() => button(`Remove ${COMPANY}`).click());
    await act(async () => button('Remove both').click());
    await vi.waitFor(() => expect(document.activeElement?.textContent).toBe(`Remove ${COMPANY}`));
  });
});

describe('importing a file of your own facts', () => {
  beforeEach(() => fakeBrowser.reset());

  it('refuses a file over the limit by its size, without reading it', async () => {
    await show();
    const file = new File(['{}'], 'huge.json');
    Object.defineProperty(file, 'size', { value: MAX_IMPORT_BYTES * 600 });
    const read = vi.spyOn(file, 'text');
    await act(async () => choose(file));
    await vi.waitFor(() => expect(said('alert')).toMatch(/^huge\.json is 600,000 KB; the limit is 1000 KB/));
    expect(read).not.toHaveBeenCalled();
  });

  it('says so when the browser cannot read the file', async () => {
    await show();
    const file = new File(['{}'], 'gone.json');
    vi.spyOn(file, 'text').mockRejectedValue(new Error('the file was moved'));
    await act(async () => choose(file));
    await vi.waitFor(() =>
      expect(said('alert')).toBe('gone.json could not be read (the file was moved). Nothing was saved.'),
    );
  });

  it('announces the same message twice as two messages', async () => {
    await show();
    const bad = () => new File(['not json'], 'bad.json');
    await act(async () => choose(bad()));
    await vi.waitFor(() => expect(said('alert')).toContain('bad.json was not imported'));
    const first = root().querySelector('[role=alert] > span');
    await act(async () => choose(bad()));
    await vi.waitFor(() => expect(root().querySelector('[role=alert] > span')).not.toBe(first));
    expect(said('alert')).toContain('bad.json was not imported');
  });
});
