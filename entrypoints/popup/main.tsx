import { render } from 'preact';
import { browser } from 'wxt/browser';
import '../../components/theme.css';
import '../../components/deal.css';
import '../../components/popup.css';
import { Popup } from '../../components/Popup.tsx';
import { dataset } from '../../data/index.ts';
import { sendToTab } from '../../utils/messaging.ts';

/** The digest of the tab the popup belongs to (a test may name it with ?tab=ID). */
async function loadDigest() {
  const fromQuery = Number(new URLSearchParams(location.search).get('tab'));
  const tabId = fromQuery || (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
  return tabId === undefined ? undefined : sendToTab(tabId, 'getDigest', undefined);
}

render(
  <Popup data={dataset} loadDigest={loadDigest} openOptions={() => void browser.runtime.openOptionsPage()} />,
  document.getElementById('app') as HTMLElement,
);
