import { render } from 'preact';
import { type Browser, browser } from 'wxt/browser';
import '../../components/theme.css';
import '../../components/deal.css';
import '../../components/popup.css';
import { type PageInfo, Popup } from '../../components/Popup.tsx';
import { dataset } from '../../data/index.ts';
import { type Message, type PageDigest, sendToTab } from '../../utils/messaging.ts';
import { loadSettings, watchSettings } from '../../utils/settings.ts';
import { updateSettings } from '../../utils/settings-store.ts';
import { describeSite, siteGranted, toggleSite } from '../../utils/site-access.ts';
import { mergeFacts } from '../../utils/user-facts.ts';
import { loadUserFacts } from '../../utils/user-facts-store.ts';

const params = new URLSearchParams(location.search);

/**
 * The tab the popup belongs to. Opened from the toolbar it is the active tab; opened as a page
 * (the card's "Search all deals" in a tab, or a test) `?tab=ID` names it.
 */
async function currentTab(): Promise<Browser.tabs.Tab | undefined> {
  const named = Number(params.get('tab'));
  if (named) return browser.tabs.get(named).catch(() => undefined);
  return (await browser.tabs.query({ active: true, currentWindow: true }))[0];
}

const tab = currentTab();

// Opened as a page in a tab (the card's "Search all deals" where no popup can open), not as the
// toolbar popup: it may be narrower than the popup's 380 px (a zoomed-in window) and reflows.
void browser.tabs
  .getCurrent()
  .then((t) => {
    if (t) document.documentElement.classList.add('in-tab');
  })
  .catch(() => {});
const tabId = tab.then((t) => t?.id);

async function loadPage(): Promise<PageInfo> {
  const t = await tab;
  // activeTab shows the address of the tab the popup was opened on; a popup opened as a page
  // cannot see it on sites without a host permission, and is told it with ?url=.
  const url = t?.url || t?.pendingUrl || params.get('url') || undefined;
  const digest = t?.id === undefined ? undefined : await sendToTab(t.id, 'getDigest', undefined);
  return { url, digest };
}

async function siteView(url: string | undefined) {
  const settings = await loadSettings();
  const fileAccess = url?.startsWith('file:') ? await browser.extension.isAllowedFileSchemeAccess() : false;
  // The site comes first (a subdomain belongs to its listed site), then its permission.
  const first = describeSite(url, settings, false, fileAccess);
  // Firefox reads no local file for an extension, and has no setting that would let it.
  if (first.kind === 'file' && typeof (browser.runtime as { getBrowserInfo?: unknown }).getBrowserInfo === 'function') {
    return { ...first, setting: false };
  }
  if (first.kind !== 'site') return first;
  return describeSite(url, settings, await siteGranted(first.site), fileAccess);
}

/** Each digest the tab's content script reports (they go to every extension page). */
function watchDigest(cb: (digest: PageDigest) => void): () => void {
  const listener = (message: unknown, sender: Browser.runtime.MessageSender) => {
    if ((message as Message | undefined)?.type !== 'digestChanged') return undefined;
    void tabId.then((id) => {
      if (id !== undefined && sender.tab?.id === id) cb((message as Message<'digestChanged'>).data);
    });
    // Not answered here: the background answers this message.
    return undefined;
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}

function watchAccess(cb: () => void): () => void {
  const unwatch = watchSettings(() => cb());
  browser.permissions?.onAdded?.addListener(cb);
  browser.permissions?.onRemoved?.addListener(cb);
  return () => {
    unwatch();
    browser.permissions?.onAdded?.removeListener(cb);
    browser.permissions?.onRemoved?.removeListener(cb);
  };
}

async function main() {
  // The reader's own facts are searched with the bundled ones.
  const [own, settings] = await Promise.all([
    loadUserFacts().catch(() => ({ entities: [], deals: [] })),
    loadSettings(),
  ]);
  const data = mergeFacts(dataset, own);
  render(
    <Popup
      data={data}
      theme={settings.theme}
      initialQuery={params.get('q') ?? ''}
      loadPage={loadPage}
      watchDigest={watchDigest}
      focusEntity={async (entity) => {
        const id = await tabId;
        return id === undefined ? false : ((await sendToTab(id, 'focusEntity', { entity })) ?? false);
      }}
      siteView={siteView}
      toggleSite={toggleSite}
      enableAll={() => updateSettings((s) => ({ ...s, enabled: true }))}
      watchAccess={watchAccess}
      openOptions={() => void browser.runtime.openOptionsPage()}
    />,
    document.getElementById('app') as HTMLElement,
  );
}

void main();
