/** Background: on a first install, the options page opens with a short welcome at its top. */
import { browser } from 'wxt/browser';

/** The hash of the options page's address that shows its welcome. */
export const WELCOME_HASH = '#welcome';

export function setupWelcome(): void {
  browser.runtime.onInstalled.addListener(({ reason }) => {
    // Only a new install: an update or a browser update is no time to open a tab.
    if (reason === 'install')
      void browser.tabs.create({ url: browser.runtime.getURL('/options.html') + WELCOME_HASH }).catch(() => {});
  });
}
