import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/settings.ts';
import {
  ALL_SITES_SCRIPT,
  CONTENT_CSS,
  CONTENT_JS,
  describeSite,
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
