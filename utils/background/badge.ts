/** Background: the toolbar badge counts the companies a tab mentions. */
import { type Browser, browser } from 'wxt/browser';
import { type Message, type PageDigest, sendToTab } from '../messaging.ts';
import { loadSettings, watchSettings } from '../settings.ts';

/** A calm slate blue: readable white digits, and it does not shout like an alert red. */
export const BADGE_COLOR = '#44607f';

/** The badge text for a digest: the number of companies, empty for none. */
export function badgeText(digest: PageDigest | undefined): string {
  const n = digest?.status === 'active' ? digest.entities.length : 0;
  if (n <= 0) return '';
  return n > 99 ? '99+' : String(n);
}

const action = () => browser.action ?? browser.browserAction;

async function show(tabId: number, digest: PageDigest | undefined): Promise<void> {
  const settings = await loadSettings();
  const text = settings.badge ? badgeText(digest) : '';
  const n = digest?.entities.length ?? 0;
  const title = text ? `DealLens — ${n} ${n === 1 ? 'company' : 'companies'} on this page` : 'DealLens';
  // The tab may have closed since the digest was sent; there is nothing to update then.
  await Promise.all([
    action().setBadgeText({ tabId, text }),
    action().setTitle({ tabId, title }),
    action().setBadgeBackgroundColor({ tabId, color: BADGE_COLOR }),
    action().setBadgeTextColor?.({ tabId, color: '#ffffff' }),
  ]).catch(() => {});
}

/** Asks a tab's content script for its digest again (none answers where DealLens does not run). */
async function refresh(tabId: number): Promise<void> {
  await show(tabId, await sendToTab(tabId, 'getDigest', undefined));
}

/** Starts keeping badges current. */
export function setupBadge(): () => void {
  // digestChanged needs the sender's tab, which the shared onMessages() helper does not pass on.
  const onMessage = (message: unknown, sender: Browser.runtime.MessageSender) => {
    if (!message || typeof message !== 'object' || (message as Message).type !== 'digestChanged') return undefined;
    const tabId = sender.tab?.id;
    // Only the top frame speaks for the page.
    if (tabId === undefined || (sender.frameId ?? 0) !== 0) return undefined;
    const digest = (message as Message<'digestChanged'>).data;
    // Only a well-formed digest is shown; anything else clears the badge.
    const valid = !!digest && typeof digest === 'object' && Array.isArray(digest.entities);
    return show(tabId, valid ? digest : undefined).then(() => undefined);
  };
  // A new page starts with no count; once loaded, its content script (if any) is asked again,
  // which also covers pages whose address changes without a reload.
  const onUpdated = (tabId: number, change: Browser.tabs.OnUpdatedInfo) => {
    if (change.status === 'loading') void show(tabId, undefined);
    else if (change.status === 'complete') void refresh(tabId);
  };
  // Switching the badge setting applies to every open tab at once.
  let badgeOn: boolean | undefined;
  const unwatch = watchSettings(async (settings) => {
    if (settings.badge === badgeOn) return;
    badgeOn = settings.badge;
    const tabs = await browser.tabs.query({});
    await Promise.all(tabs.flatMap((t) => (t.id === undefined ? [] : [refresh(t.id)])));
  });
  browser.runtime.onMessage.addListener(onMessage);
  browser.tabs.onUpdated.addListener(onUpdated);
  return () => {
    browser.runtime.onMessage.removeListener(onMessage);
    browser.tabs.onUpdated.removeListener(onUpdated);
    unwatch();
  };
}
