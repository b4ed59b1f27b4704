import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import v1 from './settings-versions/v1.json' with { type: 'json' };
import v2 from './settings-versions/v2.json' with { type: 'json' };

/**
 * The settings modules, imported fresh: reading (settings.ts, what the content script uses)
 * and writing (settings-store.ts, whose storage item runs its migrations against what is
 * stored now, when `store` is asked for).
 */
async function fresh(store = true) {
  vi.resetModules();
  const read = await import('../../utils/settings.ts');
  return { ...read, ...(store ? await import('../../utils/settings-store.ts') : {}) } as typeof read &
    typeof import('../../utils/settings-store.ts');
}

describe('settings', () => {
  beforeEach(() => fakeBrowser.reset());

  it('defaults: DealLens on, every company on, hover cards after 350 ms, underline marks, badge on', async () => {
    const { DEFAULT_SETTINGS, loadSettings } = await fresh();
    expect(DEFAULT_SETTINGS).toMatchObject({
      enabled: true,
      disabledEntities: [],
      onlyFollowed: false,
      cardMode: 'hover',
      hoverDelayMs: 350,
      theme: 'system',
      markStyle: 'underline',
      density: 'all',
      allSites: false,
      badge: true,
    });
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('stores changes in the sync area', async () => {
    const { loadSettings, updateSettings } = await fresh();
    await updateSettings((s) => ({ ...s, disabledEntities: ['nvidia'] }));
    const stored = await fakeBrowser.storage.sync.get('settings');
    expect(stored.settings).toMatchObject({ disabledEntities: ['nvidia'] });
    expect((await loadSettings()).disabledEntities).toEqual(['nvidia']);
  });

  it('a change keeps what a newer version synced from another device wrote: its fields and its version', async () => {
    const future = { ...v2, hoverDelayMs: 800, readingMode: { focus: true } };
    await fakeBrowser.storage.sync.set({ settings: future, settings$: { v: 99 } });
    const { updateSettings } = await fresh();
    const next = await updateSettings((s) => ({ ...s, badge: false }));
    expect(next).not.toHaveProperty('readingMode');
    const stored = await fakeBrowser.storage.sync.get(['settings', 'settings$']);
    expect(stored.settings).toEqual({ ...future, badge: false });
    expect(stored.settings$).toEqual({ v: 99 });
  });

  it('a change larger than a synced item may be fails with a message that says so, and the settings stay', async () => {
    const { loadSettings, updateSettings } = await fresh();
    await updateSettings((s) => ({ ...s, addedSites: ['example.com'] }));
    // 250 sites of 33 characters: about 9 KB of JSON.
    const many = Array.from({ length: 250 }, (_, i) => `news-site-number-${String(i).padStart(4, '0')}.example.org`);
    await expect(updateSettings((s) => ({ ...s, addedSites: many }))).rejects.toThrow(
      /larger than the browser syncs \(8 KB\); remove some sites/,
    );
    expect((await loadSettings()).addedSites).toEqual(['example.com']);
    // Just under the limit is written.
    await updateSettings((s) => ({ ...s, addedSites: many.slice(0, 150) }));
    expect((await loadSettings()).addedSites).toHaveLength(150);
  });

  it("a refusal of the browser's own (the whole sync area full) is said in words, and the settings stay", async () => {
    const { loadSettings, updateSettings } = await fresh();
    const set = vi
      .spyOn(fakeBrowser.storage.sync, 'set')
      .mockRejectedValue(new Error('Resource::kQuotaBytes quota exceeded'));
    try {
      await expect(updateSettings((s) => ({ ...s, badge: false }))).rejects.toThrow(
        "the browser's storage for synced settings is full",
      );
    } finally {
      set.mockRestore();
    }
    expect((await loadSettings()).badge).toBe(true);
  });

  it('applies two changes made at once one after the other, so neither is lost', async () => {
    const { loadSettings, updateSettings } = await fresh();
    await Promise.all([
      updateSettings((s) => ({ ...s, followedEntities: [...s.followedEntities, 'nvidia'] })),
      updateSettings((s) => ({ ...s, addedSites: [...s.addedSites, 'example.org'] })),
      updateSettings((s) => ({ ...s, followedEntities: [...s.followedEntities, 'openai'] })),
    ]);
    const s = await loadSettings();
    expect({ followed: s.followedEntities, sites: s.addedSites }).toEqual({
      followed: ['nvidia', 'openai'],
      sites: ['example.org'],
    });
  });

  it('says too many writes in a minute as such, not as a full storage', async () => {
    const { updateSettings } = await fresh();
    const set = vi
      .spyOn(fakeBrowser.storage.sync, 'set')
      .mockRejectedValue(new Error('This request exceeds the MAX_WRITE_OPERATIONS_PER_MINUTE quota.'));
    try {
      await expect(updateSettings((s) => ({ ...s, badge: false }))).rejects.toThrow(
        'too many changes in a minute for the browser to sync; wait a minute and try again',
      );
    } finally {
      set.mockRestore();
    }
  });

  it('tells watchers about changes made elsewhere, and nothing after the unwatch', async () => {
    const { watchSettings } = await fresh(false);
    const seen: boolean[] = [];
    const unwatch = watchSettings((s) => seen.push(s.enabled));
    await fakeBrowser.storage.sync.set({ settings: { enabled: false } });
    await vi.waitFor(() => expect(seen).toEqual([false]));
    // Another area's key of the same name is not the settings.
    await fakeBrowser.storage.local.set({ settings: { enabled: true } });
    unwatch();
    await fakeBrowser.storage.sync.set({ settings: { enabled: true } });
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual([false]);
  });
});

describe('migrations', () => {
  beforeEach(() => fakeBrowser.reset());

  it('v1 → v2 keeps every v1 choice and adds the new settings with their defaults', async () => {
    await fakeBrowser.storage.sync.set({ settings: v1, settings$: { v: 1 } });
    const { loadSettings, DEFAULT_SETTINGS, settingsItem } = await fresh();
    const s = await loadSettings();
    expect(s).toEqual({ ...DEFAULT_SETTINGS, enabled: false, disabledEntities: ['nvidia', 'meta'], hoverDelayMs: 600 });
    // The storage item rewrites the stored value at the current version.
    expect(await settingsItem.getValue()).toEqual({ ...v1, ...s });
    const meta = await fakeBrowser.storage.sync.get('settings$');
    expect(meta.settings$).toEqual({ v: 2 });
  });

  it('a reader without the storage item (the content script) migrates in memory and writes nothing', async () => {
    await fakeBrowser.storage.sync.set({ settings: v1, settings$: { v: 1 } });
    const { loadSettings, DEFAULT_SETTINGS } = await fresh(false);
    expect(await loadSettings()).toEqual({
      ...DEFAULT_SETTINGS,
      enabled: false,
      disabledEntities: ['nvidia', 'meta'],
      hoverDelayMs: 600,
    });
    expect(await fakeBrowser.storage.sync.get(['settings', 'settings$'])).toEqual({
      settings: v1,
      settings$: { v: 1 },
    });
  });

  it('a version newer than this one is read field by field, not migrated', async () => {
    await fakeBrowser.storage.sync.set({ settings: { ...v2, hoverDelayMs: 800 }, settings$: { v: 99 } });
    const { loadSettings } = await fresh(false);
    expect((await loadSettings()).hoverDelayMs).toBe(800);
  });

  it('a v1 object stored without version metadata (the first release) is migrated too', async () => {
    await fakeBrowser.storage.sync.set({ settings: v1 });
    const { loadSettings } = await fresh();
    expect((await loadSettings()).hoverDelayMs).toBe(600);
  });

  it('v2 is read as stored', async () => {
    await fakeBrowser.storage.sync.set({ settings: v2, settings$: { v: 2 } });
    const { loadSettings } = await fresh();
    expect(await loadSettings()).toEqual(v2);
  });

  it('each migration step is defined up to the current version', async () => {
    const { SETTINGS_MIGRATIONS, SETTINGS_VERSION } = await fresh();
    for (let v = 2; v <= SETTINGS_VERSION; v++) expect(typeof SETTINGS_MIGRATIONS[v]).toBe('function');
  });
});

describe('normalizeSettings', () => {
  it.each([
    [null, {}],
    ['garbage', {}],
    [[1, 2], {}],
    [{ enabled: 'yes', disabledEntities: 'nvidia', hoverDelayMs: -5 }, {}],
    [
      { enabled: false, disabledEntities: ['aws', 3, null, 'aws'] },
      { enabled: false, disabledEntities: ['aws'] },
    ],
    [{ hoverDelayMs: Number.NaN, cardMode: 'telepathy', theme: 'neon' }, {}],
    [
      { hoverDelayMs: 120.4, cardMode: 'alt' },
      { hoverDelayMs: 120, cardMode: 'alt' },
    ],
    [
      { addedSites: ['https://www.SemiAnalysis.com/x', 'not a site', 'javascript:alert(1)', 'a..b'] },
      { addedSites: ['semianalysis.com'] },
    ],
  ])('repairs %o field by field', async (raw, changed) => {
    const { normalizeSettings, DEFAULT_SETTINGS } = await fresh();
    expect(normalizeSettings(raw)).toEqual({ ...DEFAULT_SETTINGS, ...changed });
  });
});

describe('which companies and sites', () => {
  it('entityShown honours on/off, switched-off companies and "only the companies I follow"', async () => {
    const { entityShown, DEFAULT_SETTINGS: d } = await fresh();
    expect(entityShown(d, 'nvidia')).toBe(true);
    expect(entityShown({ ...d, enabled: false }, 'nvidia')).toBe(false);
    expect(entityShown({ ...d, disabledEntities: ['nvidia'] }, 'nvidia')).toBe(false);
    const following = { ...d, onlyFollowed: true, followedEntities: ['openai'] };
    expect(entityShown(following, 'openai')).toBe(true);
    expect(entityShown(following, 'nvidia')).toBe(false);
  });

  it('siteState: default sites on, paused and removed sites, added sites, all-sites mode', async () => {
    const { siteState, DEFAULT_SETTINGS: d } = await fresh();
    expect(siteState(d, 'www.reuters.com')).toBe('on');
    expect(siteState(d, 'example.org')).toBe('off');
    expect(siteState({ ...d, pausedSites: ['reuters.com'] }, 'www.reuters.com')).toBe('paused');
    expect(siteState({ ...d, removedSites: ['reuters.com'] }, 'www.reuters.com')).toBe('off');
    expect(siteState({ ...d, addedSites: ['example.org'] }, 'news.example.org')).toBe('on');
    expect(siteState({ ...d, allSites: true }, 'example.org')).toBe('on');
    expect(siteState({ ...d, enabled: false }, 'www.reuters.com')).toBe('disabled');
  });
});
