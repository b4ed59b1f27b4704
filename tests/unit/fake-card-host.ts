/**
 * A card host for tests of what opens cards: no card UI is loaded, and `open` is handed the
 * props the controller passes (after `opening` resolves, the card counts as open).
 */
import type { CardHost } from '../../utils/card-host.tsx';
import { CARD_UI_GLOBAL, type CardUi } from '../../utils/card-loader.ts';

export function installFakeCardHost<P>(opening: (props: P) => Promise<void> | void = () => {}): void {
  let open = false;
  const host = {
    prepare: async () => {},
    open: async (props: P) => {
      await opening(props);
      open = true;
    },
    close: () => {
      open = false;
    },
    focus: () => {},
    contains: () => false,
    get hasFocus() {
      return false;
    },
    get isOpen() {
      return open;
    },
    element: undefined,
    destroy: () => {},
  } as unknown as CardHost;
  (globalThis as Record<string, unknown>)[CARD_UI_GLOBAL] = { createCardHost: () => host } as unknown as CardUi;
}

/** Takes the fake host away again. */
export function removeFakeCardHost(): void {
  delete (globalThis as Record<string, unknown>)[CARD_UI_GLOBAL];
}
