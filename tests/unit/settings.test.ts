import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  DEFAULT_SETTINGS,
  loadSettings,
  normalizeSettings,
  updateSettings,
  watchSettings,
} from '../../utils/settings.ts';

describe('settings', () => {
  beforeEach(() => fakeBrowser.reset());

  it('defaults: DealLens on, every company on, a 350 ms hover delay', async () => {
    expect(DEFAULT_SETTINGS).toEqual({ enabled: true, disabledEntities: [], hoverDelayMs: 350 });
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('stores changes in the sync area', async () => {
    await updateSettings((s) => ({ ...s, disabledEntities: ['nvidia'] }));
    const stored = await fakeBrowser.storage.sync.get('settings');
    expect(stored.settings).toMatchObject({ disabledEntities: ['nvidia'] });
    expect((await loadSettings()).disabledEntities).toEqual(['nvidia']);
  });

  it.each([
    [null, DEFAULT_SETTINGS],
    ['garbage', DEFAULT_SETTINGS],
    [{ enabled: 'yes', disabledEntities: 'nvidia', hoverDelayMs: -5 }, DEFAULT_SETTINGS],
    [
      { enabled: false, disabledEntities: ['aws', 3, null] },
      { ...DEFAULT_SETTINGS, enabled: false, disabledEntities: ['aws'] },
    ],
    [{ hoverDelayMs: Number.NaN }, DEFAULT_SETTINGS],
  ])('repairs a damaged stored value %o field by field', (raw, expected) => {
    expect(normalizeSettings(raw)).toEqual(expected);
  });

  it('tells watchers about changes made elsewhere', async () => {
    const seen: boolean[] = [];
    const unwatch = watchSettings((s) => seen.push(s.enabled));
    await fakeBrowser.storage.sync.set({ settings: { enabled: false } });
    await new Promise((r) => setTimeout(r, 0));
    unwatch();
    expect(seen).toEqual([false]);
  });
});
