/** Background: where DealLens runs beyond the default news sites (granted sites, all sites). */
import { browser } from 'wxt/browser';
import { normalizeSite, watchSettings } from '../settings.ts';
import { ALL_SITES_ORIGINS, enableSite, syncRegistrations } from '../site-access.ts';

/** "*://example.com/*" → "example.com"; undefined for wildcard hosts and "all sites". */
function siteOfOrigin(origin: string): string | undefined {
  if (ALL_SITES_ORIGINS.includes(origin)) return undefined;
  const host = /^[^:]+:\/\/([^/]+)\//.exec(origin)?.[1];
  if (!host || host.startsWith('*')) return undefined;
  return normalizeSite(host);
}

/** Keeps registered content scripts in line with the settings and granted permissions. */
export function setupSiteAccess(): () => void {
  const sync = () => void syncRegistrations().catch((e) => console.warn('DealLens: registering sites failed', e));
  // A grant from the popup (which the browser may have closed while its prompt was open) or
  // from the browser's own site-access menu: the site becomes a DealLens site either way.
  const onAdded = (permissions: { origins?: string[] }) => {
    const sites = new Set((permissions.origins ?? []).flatMap((o) => siteOfOrigin(o) ?? []));
    for (const site of sites) void enableSite(site).catch((e) => console.warn('DealLens: enabling', site, e));
  };
  // A site whose permission is taken back keeps its place in the settings (they sync to
  // devices where it may still be granted); its registration stays and is inert here.
  const onRemoved = () => sync();
  browser.permissions?.onAdded?.addListener(onAdded);
  browser.permissions?.onRemoved?.addListener(onRemoved);
  const unwatch = watchSettings((s) => void syncRegistrations(s).catch(() => {}));
  // Registrations persist across browser restarts; this start (install, update, restart or a
  // wake of the worker) checks they still match what the reader chose.
  sync();
  return () => {
    browser.permissions?.onAdded?.removeListener(onAdded);
    browser.permissions?.onRemoved?.removeListener(onRemoved);
    unwatch();
  };
}
