/**
 * The card UI as a file of its own (`card-ui.js`): Preact, floating-ui, the card's components
 * and CSS. The content script imports it the first time a card is needed (utils/card-loader.ts);
 * it runs in the content script's isolated world and leaves `createCardHost` on that world's
 * global, out of the page's reach.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { createCardHost } from '../utils/card-host.tsx';
import { CARD_UI_GLOBAL, type CardUi } from '../utils/card-loader.ts';

export default defineUnlistedScript(() => {
  const ui: CardUi = { createCardHost };
  (globalThis as Record<string, unknown>)[CARD_UI_GLOBAL] = ui;
});
