/**
 * Where DealLens runs beyond the news sites in its manifest. A site the reader adds gets its
 * host permission (asked for on the reader's click) and a registered content script
 * `deallens-site-<host>`; "all sites" gets one registration for every page. The settings
 * (`addedSites`, `allSites`) say what the reader wants; the registrations follow them, and the
 * browser's permission decides whether a registered script may actually run.
 */
import { browser } from 'wxt/browser';
import { errorMessage } from './format.ts';
import { withLock } from './locks.ts';
import { sendToTab } from './messaging.ts';
import { loadSettings, newsSites, normalizeSite, type Settings, siteState } from './settings.ts';
import { updateSettings } from './settings-store.ts';
import { DEFAULT_SITES, siteOf, sitePatterns } from './sites.ts';

/** The built content script (see the built manifest's `content_scripts`). */
export const CONTENT_JS = 'content-scripts/content.js';
export const CONTENT_CSS = 'content-scripts/content.css';
/** Every registration DealLens makes starts with this, so it never touches another extension's. */
export const SCRIPT_PREFIX = 'deallens-';
export const ALL_SITES_SCRIPT = 'deallens-all-sites';
/** What "all sites" asks the browser for: every http(s) page. */
export const ALL_SITES_ORIGINS = ['*://*/*'];

/** The id of a site's registered content script: `deallens-site-example.com`. */
export function siteScriptId(site: string): string {
  return `${SCRIPT_PREFIX}site-${site}`;
}

type Registration = Parameters<typeof browser.scripting.registerContentScripts>[0][number];

/** The content-script registration for one added site (and its subdomains). */
export function siteRegistration(site: string): Registration {
  return {
    id: siteScriptId(site),
    matches: sitePatterns(site),
    js: [CONTENT_JS],
    css: [CONTENT_CSS],
    runAt: 'document_idle',
    persistAcrossSessions: true,
  };
}

/** The registrations the settings call for, by id. */
export function wantedRegistrations(settings: Settings): Map<string, Registration> {
  const wanted = new Map<string, Registration>();
  // The manifest already runs on the default sites; a second script there would only race it.
  const added = settings.addedSites.filter((s) => !siteOf(s, DEFAULT_SITES));
  for (const site of added) wanted.set(siteScriptId(site), siteRegistration(site));
  if (settings.allSites) {
    wanted.set(ALL_SITES_SCRIPT, {
      id: ALL_SITES_SCRIPT,
      matches: ALL_SITES_ORIGINS,
      excludeMatches: [...DEFAULT_SITES, ...added].flatMap(sitePatterns),
      js: [CONTENT_JS],
      css: [CONTENT_CSS],
      runAt: 'document_idle',
      persistAcrossSessions: true,
    });
  }
  return wanted;
}

const sameRegistration = (a: Registration, b: Registration) => {
  const list = (x: string[] | undefined) => [...(x ?? [])].sort().join(' ');
  return (
    list(a.matches) === list(b.matches) &&
    list(a.excludeMatches) === list(b.excludeMatches) &&
    list(a.js) === list(b.js) &&
    list(a.css) === list(b.css) &&
    (a.persistAcrossSessions ?? true) === (b.persistAcrossSessions ?? true)
  );
};

/**
 * Runs `task` while no other DealLens page (popup, options, background) changes the
 * registrations: they share one origin, so one Web Lock orders them.
 */
function exclusively<T>(task: () => Promise<T>): Promise<T> {
  return withLock('deallens-site-access', task);
}

/**
 * Makes the registered content scripts match the settings: registers what is missing,
 * updates what changed, removes what is no longer wanted. Registration does not need the
 * permission (the browser injects only where it is granted), so a site synced from another
 * device starts working as soon as the reader grants it here.
 */
export async function syncRegistrations(settings?: Settings): Promise<void> {
  if (!browser.scripting?.registerContentScripts) return;
  await exclusively(async () => {
    const wanted = wantedRegistrations(settings ?? (await loadSettings()));
    const existing = (await browser.scripting.getRegisteredContentScripts()).filter((r) =>
      r.id.startsWith(SCRIPT_PREFIX),
    );
    const have = new Map(existing.map((r) => [r.id, r as Registration]));
    const stale = existing.filter((r) => !wanted.has(r.id)).map((r) => r.id);
    const changed = [...wanted.values()].filter((w) => {
      const h = have.get(w.id);
      return h && !sameRegistration(h, w);
    });
    const missing = [...wanted.values()].filter((w) => !have.has(w.id));
    if (stale.length > 0) await browser.scripting.unregisterContentScripts({ ids: stale });
    if (changed.length > 0) await browser.scripting.updateContentScripts(changed);
    if (missing.length > 0) await browser.scripting.registerContentScripts(missing);
  });
}

/** Starts DealLens in the open tabs of `site` that have no content script yet (a registration only covers later loads). */
export async function injectIntoOpenTabs(site: string): Promise<void> {
  if (!browser.scripting?.executeScript) return;
  // With the host permission granted, the tabs of that site are visible to this query.
  const tabs = await browser.tabs.query({ url: sitePatterns(site) }).catch(() => []);
  await Promise.all(
    tabs.map(async (tab) => {
      if (tab.id === undefined) return;
      if (await sendToTab(tab.id, 'getDigest', undefined)) return;
      const target = { tabId: tab.id };
      await browser.scripting.insertCSS({ target, files: [CONTENT_CSS] }).catch(() => {});
      await browser.scripting.executeScript({ target, files: [`/${CONTENT_JS}`] }).catch(() => {});
    }),
  );
}

/** Adds a site the reader has granted: settings, registration, and its open tabs. Safe to run twice. */
export async function enableSite(site: string): Promise<void> {
  // A default news site is turned on by taking it off the removed list (listed as added too,
  // normalizeSettings drops it: unchecking it later would not stop it).
  const settings = await updateSettings((s) => ({
    ...s,
    addedSites: s.addedSites.includes(site) ? s.addedSites : [...s.addedSites, site],
    removedSites: s.removedSites.filter((x) => x !== site),
    pausedSites: s.pausedSites.filter((x) => x !== site),
  }));
  await syncRegistrations(settings);
  await exclusively(() => injectIntoOpenTabs(site));
}

/**
 * Asks the browser for `site` and, when the reader allows it, runs DealLens there. Call it
 * straight from the click: the browser accepts the request only during a user action, so
 * nothing may be awaited before it. The background finishes the job too (permissions.onAdded),
 * because a browser may close the popup while its prompt is open.
 */
export async function grantAndRegister(site: string): Promise<boolean> {
  const granted = await browser.permissions.request({ origins: sitePatterns(site) });
  if (granted) await enableSite(site);
  return granted;
}

/**
 * `grantAndRegister` from a click in the options, as words for the reader: nothing when the
 * site was added; the browser's (or the reader's) refusal; or a save that failed after the
 * permission was given, with the reason.
 */
export async function addSiteSaying(site: string): Promise<string | undefined> {
  try {
    return (await grantAndRegister(site)) ? undefined : `DealLens was not allowed to read ${site}.`;
  } catch (e) {
    return `Could not add ${site}: ${errorMessage(e)}.`;
  }
}

/** Stops DealLens on an added site: the setting (so its open tabs clear at once), the registration and the permission. */
export async function revoke(site: string): Promise<void> {
  const settings = await updateSettings((s) => ({
    ...s,
    addedSites: s.addedSites.filter((x) => x !== site),
    pausedSites: s.pausedSites.filter((x) => x !== site),
  }));
  await syncRegistrations(settings);
  await browser.permissions.remove({ origins: sitePatterns(site) }).catch(() => false);
}

/** Asks for every site (from a click in the options) and, when allowed, turns all-sites mode on. */
export async function grantAllSites(): Promise<boolean> {
  const granted = await browser.permissions.request({ origins: ALL_SITES_ORIGINS });
  if (granted) await syncRegistrations(await updateSettings((s) => ({ ...s, allSites: true })));
  return granted;
}

/** Turns all-sites mode off and gives the permission back. */
export async function revokeAllSites(): Promise<void> {
  await syncRegistrations(await updateSettings((s) => ({ ...s, allSites: false })));
  await browser.permissions.remove({ origins: ALL_SITES_ORIGINS }).catch(() => false);
}

/** Whether the browser lets DealLens read every site. */
export function allSitesGranted(): Promise<boolean> {
  return granted(ALL_SITES_ORIGINS);
}

/** Whether the browser lets DealLens read `site` (its own grant, or all sites). */
export function siteGranted(site: string): Promise<boolean> {
  return granted(sitePatterns(site));
}

async function granted(origins: string[]): Promise<boolean> {
  try {
    return await browser.permissions.contains({ origins });
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------
// What the popup's "On this site" switch shows for a page. Pure, so it is unit-tested.

/**
 * Hosts browsers never let an extension script: the stores, and in Firefox the domains it
 * keeps from every extension (its `extensions.webextensions.restrictedDomains`).
 */
const STORE_HOSTS = ['chromewebstore.google.com', 'microsoftedge.microsoft.com', 'addons.mozilla.org'];
const FIREFOX_RESTRICTED = [
  'accounts-static.cdn.mozilla.net',
  'accounts.firefox.com',
  'addons.cdn.mozilla.net',
  'api.accounts.firefox.com',
  'content.cdn.mozilla.net',
  'discovery.addons.mozilla.org',
  'install.mozilla.org',
  'oauth.accounts.firefox.com',
  'profile.accounts.firefox.com',
  'support.mozilla.org',
  'sync.services.mozilla.com',
];

export type SiteView =
  /** DealLens can never run here (browser pages, stores, view-source:). */
  | { kind: 'blocked'; reason: string }
  /** A local file: only with the browser's "Allow access to file URLs". */
  | {
      kind: 'file';
      allowed: boolean;
      /** False where the browser has no such setting (Firefox): then no setting is suggested. */
      setting?: boolean;
    }
  /** No address known for the tab. */
  | { kind: 'unknown' }
  /** DealLens is switched off everywhere. */
  | { kind: 'disabled'; site: string }
  /**
   * A site the switch controls. `listed`: a default news site or all-sites mode (the switch
   * pauses); `added`: a site the reader added (off removes it); `other`: not yet a DealLens
   * site (on asks for its permission). `granted` is false for an added site whose permission
   * this browser does not have (e.g. synced from another device).
   */
  | { kind: 'site'; site: string; source: 'listed' | 'added' | 'other'; on: boolean; granted: boolean };

/** Why DealLens cannot run at `url`, or undefined when it can be asked to. */
export function blockedReason(url: URL, firefox = import.meta.env.FIREFOX === true): string | undefined {
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme === 'view-source') return 'DealLens cannot run on page source views.';
  if (scheme !== 'http' && scheme !== 'https' && scheme !== 'file') {
    return 'DealLens cannot run on browser pages such as settings, extensions or new tabs.';
  }
  const host = url.hostname.toLowerCase();
  if (
    STORE_HOSTS.includes(host) ||
    (firefox && FIREFOX_RESTRICTED.includes(host)) ||
    (host === 'chrome.google.com' && url.pathname.startsWith('/webstore'))
  ) {
    return 'Browsers do not let extensions run on their add-on stores and their own sites, so DealLens cannot run here.';
  }
  return undefined;
}

/** What the switch shows for `url` under `settings`; `granted` is the site's host permission. */
export function describeSite(
  url: string | undefined,
  settings: Settings,
  granted: boolean,
  fileAccess = false,
): SiteView {
  if (!url) return { kind: 'unknown' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'unknown' };
  }
  const reason = blockedReason(parsed);
  if (reason) return { kind: 'blocked', reason };
  if (parsed.protocol === 'file:') return { kind: 'file', allowed: fileAccess };
  const host = parsed.hostname.toLowerCase();
  const site = siteOf(host, newsSites(settings)) ?? siteOf(host, DEFAULT_SITES) ?? normalizeSite(host);
  if (!site) return { kind: 'unknown' };
  if (!settings.enabled) return { kind: 'disabled', site };
  const state = siteState(settings, host);
  const isDefault = !!siteOf(host, DEFAULT_SITES) && !settings.removedSites.includes(site);
  if (isDefault || (settings.allSites && granted && !settings.addedSites.includes(site))) {
    return { kind: 'site', site, source: 'listed', on: state === 'on', granted: true };
  }
  if (settings.addedSites.includes(site) || settings.pausedSites.includes(site)) {
    return { kind: 'site', site, source: 'added', on: state === 'on' && granted, granted };
  }
  return { kind: 'site', site, source: 'other', on: false, granted };
}

/**
 * Flips the switch for `view`. Must be called straight from the click (see grantAndRegister):
 * the only await before a permission request is none.
 */
export function toggleSite(view: SiteView): Promise<unknown> {
  if (view.kind !== 'site') return Promise.resolve();
  const { site } = view;
  if (view.source === 'listed') {
    return updateSettings((s) => ({
      ...s,
      pausedSites: view.on ? [...s.pausedSites, site] : s.pausedSites.filter((x) => x !== site),
      removedSites: s.removedSites.filter((x) => x !== site),
    }));
  }
  if (view.on) return revoke(site);
  // Off because paused or not yet granted: a granted, paused site only needs resuming.
  if (view.granted) return enableSite(site);
  return grantAndRegister(site);
}
