/** The welcome a first install opens with: when the background opens it, and what it says. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Welcome } from '../../components/options/Welcome.tsx';
import { setupWelcome } from '../../utils/background/welcome.ts';
import { DEFAULT_SETTINGS } from '../../utils/settings.ts';
import { mountPoint } from './mount.ts';

const root = mountPoint();

describe('the welcome', () => {
  beforeEach(() => fakeBrowser.reset());

  it('opens in a tab on a first install only, not on an update', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create').mockResolvedValue({} as never);
    setupWelcome();
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'update', previousVersion: '0.0.9' });
    expect(create).not.toHaveBeenCalled();
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' });
    expect(create).toHaveBeenCalledOnce();
    expect(create.mock.calls[0]?.[0].url).toMatch(/\/options\.html#welcome$/);
  });

  it('says how a card opens in the mode set, with the key bound, in the words of a Mac', () => {
    const read = vi.fn();
    const show = (cardMode: (typeof DEFAULT_SETTINGS)['cardMode'], mac: boolean, nextKey?: string) =>
      act(() =>
        render(
          <Welcome settings={{ ...DEFAULT_SETTINGS, cardMode }} nextKey={nextKey} mac={mac} onRead={read} />,
          root(),
        ),
      );
    show('click', false, 'Alt+Shift+Period');
    expect(root().textContent).toContain('Click a marked name');
    expect(root().querySelector('kbd')?.textContent).toBe('Alt+Shift+Period');
    show('alt', true);
    expect(root().textContent).toContain('Hold Option and point at a marked name');
    expect(root().querySelector('kbd')).toBeNull();
    act(() => root().querySelector('button')?.click());
    expect(read).toHaveBeenCalledOnce();
  });
});
