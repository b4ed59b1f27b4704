/** Background: keyboard commands (next/previous mention) and the card's "Search all deals". */
import { type Browser, browser } from 'wxt/browser';
import { type Message, sendToTab } from '../messaging.ts';

/** The manifest commands and the direction each moves in. */
export const COMMAND_DIRECTIONS: Record<string, 1 | -1> = {
  'next-mention': 1,
  'previous-mention': -1,
};

/** Name under which the e2e tests reach `runCommand` in the service worker (headless Chromium cannot press extension shortcuts). */
export const TEST_HOOK = 'deallensRunCommand';

/**
 * Runs a manifest command in `tabId` (the active tab when omitted): the tab's content script
 * moves to the next or previous mention and opens its card. True when it did.
 */
export async function runCommand(command: string, tabId?: number): Promise<boolean> {
  const direction = COMMAND_DIRECTIONS[command];
  if (!direction) return false;
  const id = tabId ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
  if (id === undefined) return false;
  return (await sendToTab(id, 'navigate', { direction })) ?? false;
}

/** The popup's address with the search prefilled: `popup.html?q=QUERY&tab=TAB_ID`. */
export function searchPath(query: string | undefined, tabId: number | undefined): string {
  const params = new URLSearchParams();
  const q = (query ?? '').trim().slice(0, 100);
  if (q) params.set('q', q);
  if (tabId !== undefined) params.set('tab', String(tabId));
  const search = params.toString();
  return search ? `popup.html?${search}` : 'popup.html';
}

/**
 * Opens the popup's search for `query`, for the tab the request came from. The toolbar popup
 * where the browser lets an extension open it (Chrome 127+: `action.openPopup()` needs a
 * focused normal window); otherwise (Firefox outside a user action, a headless or unfocused
 * window) the same page in a new tab next to the reader's. The popup URL carries the query,
 * so it is set for that tab for one opening and then put back.
 */
export async function openSearch(query: string | undefined, tab?: Browser.tabs.Tab): Promise<boolean> {
  const path = searchPath(query, tab?.id);
  const action = browser.action ?? browser.browserAction;
  if (action && typeof action.openPopup === 'function' && tab?.id !== undefined) {
    const fallback = browser.runtime.getManifest().action?.default_popup ?? 'popup.html';
    try {
      await action.setPopup({ tabId: tab.id, popup: path });
      await action.openPopup(tab.windowId !== undefined ? { windowId: tab.windowId } : undefined);
      return true;
    } catch {
      // Not allowed here (no focused window, no user action): the tab below does the same job.
    } finally {
      await action.setPopup({ tabId: tab.id, popup: fallback }).catch(() => {});
    }
  }
  try {
    await browser.tabs.create({
      url: browser.runtime.getURL(`/${path}` as '/popup.html'),
      ...(tab?.windowId !== undefined ? { windowId: tab.windowId } : {}),
      ...(tab?.index !== undefined ? { index: tab.index + 1 } : {}),
      ...(tab?.id !== undefined ? { openerTabId: tab.id } : {}),
    });
    return true;
  } catch {
    return false;
  }
}

/** Starts listening for the manifest commands and for "Search all deals". */
export function setupCommands(): () => void {
  const onCommand = (command: string, tab?: Browser.tabs.Tab) => void runCommand(command, tab?.id);
  // openSearch needs the sender's tab (where to open, which page to summarise), which the shared
  // onMessages() helper does not pass on, so this one message has its own listener.
  const onMessage = (message: unknown, sender: Browser.runtime.MessageSender) => {
    if (!message || typeof message !== 'object' || (message as Message).type !== 'openSearch') return undefined;
    const data = (message as Message<'openSearch'>).data;
    const query = typeof data?.query === 'string' ? data.query : undefined;
    return openSearch(query, sender.tab);
  };
  browser.commands?.onCommand.addListener(onCommand);
  browser.runtime.onMessage.addListener(onMessage);
  Object.assign(globalThis, { [TEST_HOOK]: runCommand });
  return () => {
    browser.commands?.onCommand.removeListener(onCommand);
    browser.runtime.onMessage.removeListener(onMessage);
    Reflect.deleteProperty(globalThis, TEST_HOOK);
  };
}
