/**
 * The card UI (Preact, floating-ui, the card's components and CSS) is a file of its own,
 * `card-ui.js` (entrypoints/card-ui.ts), loaded the first time a card is needed, so the
 * content script that runs on every page stays small. A dynamic `import()` from the content
 * script runs in its isolated world, where the file leaves its factory on `globalThis`; the
 * page's CSP does not apply to it and the page cannot see it. Until it has loaded, a stand-in
 * host with the same interface answers "no card open".
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { CardHost, CloseInfo, createCardHost } from './card-host.tsx';

/** What `card-ui.js` provides. */
export interface CardUi {
  createCardHost: typeof createCardHost;
}

/** The property of the content script's own global (never the page's) where `card-ui.js` leaves its `CardUi`. */
export const CARD_UI_GLOBAL = '__deallensCardUi';
/** The built card UI, listed in the manifest's web_accessible_resources. */
export const CARD_UI_FILE = '/card-ui.js';

type Holder = { [CARD_UI_GLOBAL]?: CardUi };

let loading: Promise<CardUi | undefined> | undefined;

/**
 * Loads the card UI once (one promise for every caller); undefined when it cannot be loaded,
 * for instance after the extension was reloaded under the page. A failed load is tried again
 * on the next need, and nothing is thrown.
 */
export function loadCardUi(): Promise<CardUi | undefined> {
  loading ??= (async () => {
    const holder = globalThis as Holder;
    if (!holder[CARD_UI_GLOBAL]) await import(/* @vite-ignore */ browser.runtime.getURL(CARD_UI_FILE));
    const ui = holder[CARD_UI_GLOBAL];
    if (typeof ui?.createCardHost !== 'function') throw new Error('card UI missing');
    return ui;
  })().catch(() => {
    loading = undefined;
    return undefined;
  });
  return loading;
}

/**
 * A card host whose real one (`createCardHost` from the card UI file) is made on first need:
 * `prepare()` starts the load, `open()` waits for it. A `close()` or another `open()` while the
 * file loads cancels the open that was waiting. Without the file no card opens, and nothing throws.
 */
export function createLazyCardHost(
  ctx: ContentScriptContext,
  onClose: (info: CloseInfo) => void,
  load: () => Promise<CardUi | undefined> = loadCardUi,
): CardHost {
  let host: CardHost | undefined;
  let pending: Promise<CardHost | undefined> | undefined;
  let destroyed = false;
  /** Bumped by every open and close, so an open that waited for the file runs only if nothing came after it. */
  let generation = 0;

  const ensure = (): Promise<CardHost | undefined> => {
    if (host) return Promise.resolve(host);
    pending ??= load().then((ui) => {
      pending = undefined;
      if (!ui || destroyed || ctx.isInvalid) return undefined;
      host ??= ui.createCardHost(ctx, onClose);
      return host;
    });
    return pending;
  };

  return {
    async prepare() {
      await (await ensure())?.prepare();
    },
    async open(props, anchor, options) {
      const current = ++generation;
      const real = host ?? (await ensure());
      if (!real || current !== generation || destroyed) return;
      await real.open(props, anchor, options);
    },
    close() {
      generation++;
      host?.close();
    },
    focus() {
      host?.focus();
    },
    contains(node) {
      return host?.contains(node) ?? false;
    },
    get hasFocus() {
      return host?.hasFocus ?? false;
    },
    get isOpen() {
      return host?.isOpen ?? false;
    },
    get element() {
      return host?.element;
    },
    destroy() {
      destroyed = true;
      generation++;
      host?.destroy();
      host = undefined;
    },
  };
}
