/** The options page's backup section rendered with Preact in happy-dom: what it says when saving fails. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { Backup, type BackupActions } from '../../components/options/Backup.tsx';
import { mountPoint } from './mount.ts';

const root = mountPoint();

function show(actions: Partial<BackupActions>) {
  act(() => {
    render(
      <Backup
        actions={{
          exportText: () => '{}',
          importText: async () => ({ ignored: [] }),
          reset: async () => {},
          ...actions,
        }}
      />,
      root(),
    );
  });
}

const button = (text: string) =>
  [...root().querySelectorAll('button')].find((b) => b.textContent === text) as HTMLButtonElement;

/** Resolves once the component has shown the outcome of an action. */
const shown = () =>
  vi.waitFor(() =>
    expect(
      [...root().querySelectorAll('[role=status], [role=alert]')].map((el) => el.textContent).join(''),
    ).toBeTruthy(),
  );

describe('backup and reset in the options', () => {
  it('says a reset the browser refused failed, and that the settings are kept', async () => {
    show({ reset: () => Promise.reject(new Error("the browser's storage for synced settings is full")) });
    act(() => button('Reset to defaults…').click());
    await act(async () => button('Reset').click());
    await shown();
    expect(root().textContent).toContain(
      "Could not reset: the browser's storage for synced settings is full. Your settings are kept.",
    );
  });

  it('says an import that could not be saved failed, naming the file', async () => {
    const importText = vi.fn(async () => ({
      error: 'could not save: the settings are larger than the browser syncs (8 KB)',
    }));
    show({ importText });
    const input = root().querySelector('input[type=file]') as HTMLInputElement;
    const file = new File(['{"settings":{}}'], 'mine.json', { type: 'application/json' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    await act(async () => {
      input.dispatchEvent(new Event('change'));
    });
    await shown();
    expect(importText).toHaveBeenCalledOnce();
    expect(root().textContent).toContain(
      'mine.json: could not save: the settings are larger than the browser syncs (8 KB)',
    );
  });

  it('says an import that threw failed instead of leaving the page silent', async () => {
    show({ importText: () => Promise.reject(new Error('storage went away')) });
    const input = root().querySelector('input[type=file]') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [new File(['{}'], 'x.json')], configurable: true });
    await act(async () => {
      input.dispatchEvent(new Event('change'));
    });
    await shown();
    expect(root().textContent).toContain('x.json: storage went away');
  });

  it('refuses a file over the limit by its size, without reading it', async () => {
    const importText = vi.fn(async () => ({ ignored: [] }));
    show({ importText });
    const input = root().querySelector('input[type=file]') as HTMLInputElement;
    const file = new File(['{}'], 'huge.json');
    Object.defineProperty(file, 'size', { value: 600_000_000 });
    const read = vi.spyOn(file, 'text');
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    await act(async () => {
      input.dispatchEvent(new Event('change'));
    });
    await shown();
    expect(root().querySelector('[role=alert]')?.textContent).toBe(
      'huge.json: The file is too large to be a DealLens settings file.',
    );
    expect(read).not.toHaveBeenCalled();
    expect(importText).not.toHaveBeenCalled();
  });

  it('puts focus on the question’s Cancel, and back on its button after the answer', async () => {
    const reset = vi.fn(async () => {});
    show({ reset });
    act(() => button('Reset to defaults…').click());
    expect(document.activeElement?.textContent).toBe('Cancel');
    act(() => button('Cancel').click());
    expect(document.activeElement?.textContent).toBe('Reset to defaults…');
    expect(reset).not.toHaveBeenCalled();
    act(() => button('Reset to defaults…').click());
    await act(async () => button('Reset').click());
    await shown();
    expect(reset).toHaveBeenCalledOnce();
    expect(document.activeElement?.textContent).toBe('Reset to defaults…');
  });

  it('says how many settings the file had no value for, and which of its sites this browser has not allowed', async () => {
    show({ importText: async () => ({ ignored: [], kept: 13, needPermission: ['example.org', 'all sites'] }) });
    const input = root().querySelector('input[type=file]') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [new File(['{}'], 'old.json')], configurable: true });
    await act(async () => {
      input.dispatchEvent(new Event('change'));
    });
    await shown();
    expect(root().querySelector('[role=status]')?.textContent).toBe(
      'Settings restored from old.json. It held no value for 13 settings: those are as they were. ' +
        'This browser has not allowed DealLens on example.org yet: turn it on there from its toolbar button. ' +
        'This browser has not allowed DealLens on all sites yet: under Sites, turn “Run on every site” off and on again to allow it.',
    );
  });
});
