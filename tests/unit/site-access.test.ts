import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_SETTINGS, loadSettings, normalizeSettings, type Settings, siteState } from '../../utils/settings.ts';
import { updateSettings } from '../../utils/settings-store.ts';
import {
  ALL_SITES_SCRIPT,
  addSiteSaying,
  blockedReason,
  CONTENT_CSS,
  CONTENT_JS,
  describeSite,
  enableSite,
  siteScriptId,
  wantedRegistrations,
} from '../../utils/site-access.ts';

const settings = (change: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...change });

describe('the "On this site" switch', () => {
  it('says plainly where DealLens can never run', () => {
    for (const url of [
      'chrome://extensions/',
      'about:blank',
      'edge://settings',
      'view-source:https://www.reuters.com/',
      'chrome-extension://abc/popup.html',
      'https://chromewebstore.google.com/detail/x',
      'https://chrome.google.com/webstore/detail/x',
      'https://addons.mozilla.org/en-US/firefox/',
    ]) {
      expect(describeSite(url, settings(), false).kind, url).toBe('blocked');
    }
    expect(describeSite('file:///home/me/a.html', settings(), false)).toEqual({ kind: 'file', allowed: false });
  });

  it("blocks Firefox's own restricted domains in Firefox only", () => {
    const url = new URL('https://support.mozilla.org/kb/x');
    expect(blockedReason(url, true)).toMatch(/cannot run here/);
    expect(blockedReason(url, false)).toBeUndefined();
    expect(blockedReason(new URL('https://accounts.firefox.com/'), true)).toMatch(/cannot run here/);
  });

  it('pauses and resumes a default news site', () => {
    expect(describeSite('https://www.reuters.com/x', settings(), false)).toMatchObject({
      kind: 'site',
      site: 'reuters.com',
      source: 'listed',
      on: true,
    });
    expect(describeSite('https://www.reuters.com/x', settings({ pausedSites: ['reuters.com'] }), false)).toMatchObject({
      source: 'listed',
      on: false,
    });
  });

  it('offers any other site, and shows an added one on only where its permission is granted', () => {
    expect(describeSite('https://example.org/a', settings(), false)).toMatchObject({ source: 'other', on: false });
    const added = settings({ addedSites: ['example.org'] });
    expect(describeSite('https://news.example.org/a', added, true)).toMatchObject({
      site: 'example.org',
      source: 'added',
      on: true,
    });
    // Synced from another device, not granted on this one.
    expect(describeSite('https://example.org/a', added, false)).toMatchObject({ source: 'added', on: false });
  });

  it('treats every site as listed in all-sites mode, and reports DealLens switched off', () => {
    expect(describeSite('https://example.org/', settings({ allSites: true }), true)).toMatchObject({
      source: 'listed',
      on: true,
    });
    expect(describeSite('https://example.org/', settings({ enabled: false }), true)).toMatchObject({
      kind: 'disabled',
    });
  });
});

describe('registered content scripts', () => {
  it('are one per added site, persistent, with the built content script', () => {
    const wanted = wantedRegistrations(settings({ addedSites: ['example.org', 'reuters.com'] }));
    // The manifest already covers a default site.
    expect([...wanted.keys()]).toEqual([siteScriptId('example.org')]);
    expect(wanted.get('deallens-site-example.org')).toEqual({
      id: 'deallens-site-example.org',
      matches: ['*://example.org/*', '*://*.example.org/*'],
      js: [CONTENT_JS],
      css: [CONTENT_CSS],
      runAt: 'document_idle',
      persistAcrossSessions: true,
    });
  });

  it('cover every site in all-sites mode, except those another registration already covers', () => {
    const all = wantedRegistrations(settings({ allSites: true, addedSites: ['example.org'] })).get(ALL_SITES_SCRIPT);
    expect(all?.matches).toEqual(['*://*/*']);
    expect(all?.excludeMatches).toContain('*://*.reuters.com/*');
    expect(all?.excludeMatches).toContain('*://example.org/*');
  });
});

describe('a news site the reader removed and turned on again', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    // No registrations or open tabs to work on: only the settings are looked at.
    vi.spyOn(fakeBrowser.scripting, 'getRegisteredContentScripts').mockResolvedValue([] as never);
    vi.spyOn(fakeBrowser.scripting, 'registerContentScripts').mockResolvedValue();
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([] as never);
  });

  it('is on again by leaving the removed list, so unchecking it later stops DealLens there', async () => {
    await updateSettings((s) => ({ ...s, removedSites: ['reuters.com'] }));
    expect(siteState(await loadSettings(), 'www.reuters.com')).toBe('off');
    // The popup's switch (or "Add a site" in the options) after the permission was granted.
    await enableSite('reuters.com');
    const on = await loadSettings();
    expect(siteState(on, 'www.reuters.com')).toBe('on');
    expect(on.addedSites).toEqual([]);
    // Unchecked again in the options' list of news sites.
    const off = await updateSettings((s) => ({ ...s, removedSites: [...s.removedSites, 'reuters.com'] }));
    expect(siteState(off, 'www.reuters.com')).toBe('off');
  });

  it('reads a default site stored among the added ones (as earlier versions wrote it) as a default site', () => {
    const s = normalizeSettings({ addedSites: ['reuters.com', 'example.org'], removedSites: ['reuters.com'] });
    expect(s.addedSites).toEqual(['example.org']);
    expect(siteState(s, 'www.reuters.com')).toBe('off');
  });

  it('says a save that failed after the permission was given as such, not as a refusal', async () => {
    vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true as never);
    vi.spyOn(fakeBrowser.storage.sync, 'set').mockRejectedValueOnce(new Error('QUOTA_BYTES quota exceeded'));
    expect(await addSiteSaying('example.org')).toBe(
      "Could not add example.org: the browser's storage for synced settings is full.",
    );
    vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(false as never);
    expect(await addSiteSaying('example.net')).toBe('DealLens was not allowed to read example.net.');
  });
});
