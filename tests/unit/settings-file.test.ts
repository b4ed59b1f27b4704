import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../utils/settings.ts';
import { exportSettings, importSettings, restore } from '../../utils/settings-file.ts';
import v1 from './settings-versions/v1.json' with { type: 'json' };
import v2 from './settings-versions/v2.json' with { type: 'json' };

describe('settings file', () => {
  it('export → import gives back the same settings', () => {
    const settings = { ...DEFAULT_SETTINGS, ...v2 } as typeof DEFAULT_SETTINGS;
    const r = importSettings(exportSettings(settings));
    expect(r).toEqual({ ok: true, settings, held: Object.keys(DEFAULT_SETTINGS), ignored: [] });
  });

  it('imports a file with fields it does not know, and names them', () => {
    const text = JSON.stringify({
      format: 'deallens-settings',
      version: 2,
      settings: { ...v2, colour: 'red', 'mark style': 'wavy' },
    });
    const r = importSettings(text);
    expect(r.ok && r.settings).toEqual({ ...DEFAULT_SETTINGS, ...v2 });
    expect(r.ok && r.ignored).toEqual(['colour', 'mark style']);
  });

  it('imports an older version through the migrations', () => {
    const r = importSettings(JSON.stringify({ format: 'deallens-settings', version: 1, settings: v1 }));
    expect(r.ok && r.settings).toEqual({ ...DEFAULT_SETTINGS, ...v1 });
  });

  it('imports a file listing a default news site among the added ones (as earlier versions wrote it), as a default site', () => {
    const r = importSettings(
      JSON.stringify({
        format: 'deallens-settings',
        version: 2,
        settings: { ...DEFAULT_SETTINGS, addedSites: ['reuters.com', 'example.org'] },
      }),
    );
    expect(r.ok && r.settings.addedSites).toEqual(['example.org']);
  });

  it('restores only what a file holds: the reader keeps every setting an older or partial file has none of', () => {
    const mine = {
      ...DEFAULT_SETTINGS,
      followedEntities: ['nvidia'],
      addedSites: ['example.org'],
      cardMode: 'click' as const,
      enabled: false,
    };
    const r = importSettings(JSON.stringify({ format: 'deallens-settings', version: 1, settings: v1 }));
    if (!r.ok) throw new Error(r.reason);
    expect([...r.held].sort()).toEqual(Object.keys(v1).sort());
    expect(restore(mine, r)).toEqual({ ...mine, ...v1 });
    const partial = importSettings(
      JSON.stringify({ format: 'deallens-settings', version: 2, settings: { theme: 'dark' } }),
    );
    if (!partial.ok) throw new Error(partial.reason);
    expect(restore(mine, partial)).toEqual({ ...mine, theme: 'dark' });
  });

  it.each([
    ['not JSON', 'settings!', 'not valid JSON'],
    ['a foreign file', JSON.stringify({ name: 'some other extension' }), 'not a DealLens settings file'],
    ['a facts file', JSON.stringify({ entities: [], deals: [] }), 'not a DealLens settings file'],
    ['no version', JSON.stringify({ format: 'deallens-settings', settings: {} }), 'no valid settings version'],
    ['a newer version', JSON.stringify({ format: 'deallens-settings', version: 99, settings: {} }), 'newer DealLens'],
    ['no settings', JSON.stringify({ format: 'deallens-settings', version: 2 }), 'no settings object'],
    [
      'a wrong value',
      JSON.stringify({ format: 'deallens-settings', version: 2, settings: { cardMode: 'telepathy', badge: 'yes' } }),
      'cardMode, badge',
    ],
  ])('refuses %s and says why', (_what, text, reason) => {
    const r = importSettings(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});
