/** The options page's keyboard section rendered with Preact in happy-dom. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { Appearance, type Shortcut } from '../../components/options/Appearance.tsx';
import { DEFAULT_SETTINGS } from '../../utils/settings.ts';
import { mountPoint } from './mount.ts';

const root = mountPoint();

const NEXT: Shortcut = { name: 'next-mention', shortcut: 'Alt+Shift+Period', description: 'Go to the next mention' };
const PREVIOUS: Shortcut = { name: 'previous-mention', shortcut: '', description: 'Go to the previous mention' };

function show(props: {
  shortcuts?: Shortcut[];
  mac?: boolean;
  openShortcutSettings?: () => void;
  settings?: typeof DEFAULT_SETTINGS;
}) {
  act(() => {
    render(<Appearance settings={DEFAULT_SETTINGS} update={() => {}} {...props} />, root());
  });
}

/** The hover delay field, drawn with a delay of 350 ms; `draw` draws the section again with other settings. */
function delayField() {
  const update = vi.fn();
  const draw = (settings: typeof DEFAULT_SETTINGS) =>
    act(() => {
      render(<Appearance settings={settings} update={update} shortcuts={[]} />, root());
    });
  draw({ ...DEFAULT_SETTINGS, hoverDelayMs: 350 });
  return { update, draw, field: root().querySelector('#hover-delay') as HTMLInputElement };
}

describe('keyboard commands in the options', () => {
  it('lists each command with its key, or says that none is set', () => {
    show({ shortcuts: [NEXT, PREVIOUS] });
    const items = [...root().querySelectorAll('.shortcuts li')];
    expect(items.map((li) => li.querySelector('kbd')?.textContent ?? null)).toEqual(['Alt+Shift+Period', null]);
    expect(items[1]?.textContent).toBe('No key setGo to the previous mention');
    expect(root().querySelector('.shortcuts ul')?.getAttribute('aria-labelledby')).toBe('keys-h');
  });

  it('shows nothing about keys when the browser lists none (no commands API)', () => {
    show({ shortcuts: [] });
    expect(root().querySelector('.shortcuts')).toBeNull();
    expect(root().textContent).toContain('with Alt held');
  });

  it('calls Alt the Option key on a Mac, in the card setting and the keys', () => {
    show({ shortcuts: [NEXT], mac: true });
    expect(root().querySelector('kbd')?.textContent).toBe('Option+Shift+Period');
    expect(root().textContent).toContain('with Option (⌥) held');
  });

  it('opens the browser’s shortcut settings from "Change keys", when it can', () => {
    const open = vi.fn();
    show({ shortcuts: [NEXT], openShortcutSettings: open });
    const button = [...root().querySelectorAll('button')].find((b) => b.textContent === 'Change keys');
    act(() => button?.click());
    expect(open).toHaveBeenCalledOnce();
    show({ shortcuts: [NEXT] });
    expect([...root().querySelectorAll('button')].some((b) => b.textContent === 'Change keys')).toBe(false);
  });
});

describe('how a card opens, in the options', () => {
  it('offers the hover delay wherever a resting pointer opens cards (click mode’s marks in links), not with Alt', () => {
    const delay = () => root().querySelector<HTMLInputElement>('#hover-delay');
    for (const [mode, disabled] of [
      ['hover', false],
      ['click', false],
      ['alt', true],
    ] as const) {
      show({ shortcuts: [], settings: { ...DEFAULT_SETTINGS, cardMode: mode } });
      expect(delay()?.disabled).toBe(disabled);
    }
    expect(root().textContent).toContain('A mark inside a link opens when the pointer rests on it');
  });

  it('keeps the saved delay when the field is emptied, and saves a number typed in', () => {
    const update = vi.fn();
    act(() => {
      render(
        <Appearance settings={{ ...DEFAULT_SETTINGS, hoverDelayMs: 350 }} update={update} shortcuts={[]} />,
        root(),
      );
    });
    const field = root().querySelector('#hover-delay') as HTMLInputElement;
    field.value = '';
    act(() => {
      field.dispatchEvent(new Event('change'));
    });
    expect(update).not.toHaveBeenCalled();
    expect(field.value).toBe('350');
    field.value = '120';
    act(() => {
      field.dispatchEvent(new Event('change'));
    });
    expect(update).toHaveBeenCalledOnce();
    expect(update.mock.calls[0]?.[0](DEFAULT_SETTINGS).hoverDelayMs).toBe(120);
  });

  it('keeps a hover delay being typed when a setting changes elsewhere meanwhile', () => {
    const { update, draw, field } = delayField();
    field.value = '1200';
    act(() => {
      field.dispatchEvent(new Event('input'));
    });
    // Another tab pauses a site: the page is drawn again with the saved delay.
    draw({ ...DEFAULT_SETTINGS, hoverDelayMs: 350, pausedSites: ['example.org'] });
    expect(field.value).toBe('1200');
    act(() => {
      field.dispatchEvent(new Event('change'));
    });
    expect(update.mock.calls[0]?.[0](DEFAULT_SETTINGS).hoverDelayMs).toBe(1200);
  });

  it('a draft typed back to the value it had (no change event on blur) does not hide a later change', () => {
    const { draw, field } = delayField();
    for (const v of ['3500', '350']) {
      field.value = v;
      act(() => {
        field.dispatchEvent(new Event('input'));
      });
    }
    // Same value as on focus: the browser fires no change on blur.
    act(() => {
      field.dispatchEvent(new Event('blur'));
    });
    // Reset to defaults / restore / another tab sets a new delay.
    draw({ ...DEFAULT_SETTINGS, hoverDelayMs: 800 });
    expect(field.value).toBe('800');
  });
});
