/** Every message between DealLens's parts, in one typed map. */
import { browser } from 'wxt/browser';
import type { Deal, Profile } from '../data/schema.ts';

export interface EntityCount {
  id: string;
  count: number;
}

/** What the content script knows about its page. */
export interface PageDigest {
  /**
   * "active": marking; "disabled": DealLens is switched off; "paused": the reader paused this
   * site; "off": the site is not among those DealLens runs on; "not-article": all-sites mode
   * found no news article on this page; "pdf": the browser's PDF viewer, whose text no
   * extension reads.
   */
  status: 'active' | 'disabled' | 'paused' | 'off' | 'not-article' | 'pdf';
  /** Companies found on the page, most mentioned first (switched-off companies excluded). */
  entities: EntityCount[];
  /** All mentions found, including those past the paint cap. */
  mentions: number;
}

/** The background's answer to `getDeals`. */
export interface DealsReply {
  deals: Deal[];
  /** Ids of the reader's own deals among `deals`. */
  own: string[];
  /** The asked-for companies' descriptions, homepages and tickers, which the content script does not bundle. */
  profiles: Profile[];
}

export interface ProtocolMap {
  /** Popup → content script: what the page mentions. */
  getDigest: { request: undefined; response: PageDigest };
  /** Content script → background: the deals the cards of these companies show. */
  getDeals: { request: { entities: string[] }; response: DealsReply };
  /** Content script → background: the page's digest changed (for the toolbar badge). */
  digestChanged: { request: PageDigest; response: undefined };
  /** Background → content script (keyboard command): move to the next or previous mention and open its card. */
  navigate: { request: { direction: 1 | -1 }; response: boolean };
  /** Popup → content script: scroll to the next mention of a company and open its card. */
  focusEntity: { request: { entity: string }; response: boolean };
  /** Content script (card footer) → background: open the popup's search. */
  openSearch: { request: { query?: string }; response: boolean };
}

export type MessageType = keyof ProtocolMap;

export interface Message<K extends MessageType = MessageType> {
  type: K;
  data: ProtocolMap[K]['request'];
}

/** Sends a message to the content script of a tab; undefined when none answers. */
export async function sendToTab<K extends MessageType>(
  tabId: number,
  type: K,
  data: ProtocolMap[K]['request'],
): Promise<ProtocolMap[K]['response'] | undefined> {
  try {
    return (await browser.tabs.sendMessage(tabId, { type, data } satisfies Message<K>)) as ProtocolMap[K]['response'];
  } catch {
    return undefined;
  }
}

/** Sends a message to the background; undefined when it cannot answer. */
export async function sendToBackground<K extends MessageType>(
  type: K,
  data: ProtocolMap[K]['request'],
): Promise<ProtocolMap[K]['response'] | undefined> {
  try {
    return (await browser.runtime.sendMessage({ type, data } satisfies Message<K>)) as ProtocolMap[K]['response'];
  } catch {
    return undefined;
  }
}

type Handlers = {
  [K in MessageType]?: (
    data: ProtocolMap[K]['request'],
  ) => ProtocolMap[K]['response'] | Promise<ProtocolMap[K]['response']>;
};

/** Answers the messages named in `handlers`; returns the function that stops listening. */
export function onMessages(handlers: Handlers): () => void {
  const listener = (message: unknown) => {
    if (!message || typeof message !== 'object' || !('type' in message)) return undefined;
    const handler = handlers[(message as Message).type] as ((d: unknown) => unknown) | undefined;
    if (!handler) return undefined;
    return Promise.resolve(handler((message as Message).data));
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
