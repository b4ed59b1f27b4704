/**
 * Where the card lives: a shadow root (page CSS cannot reach in, ours cannot leak out) on a
 * host element in the top layer (`popover="manual"`, above any page z-index), placed by
 * floating-ui next to the line of the mark. The host exists only while a card is open, so
 * the page's DOM is untouched the rest of the time.
 */
import { autoUpdate, computePosition, flip, offset, shift, size } from '@floating-ui/dom';
import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import cardCss from '../components/card.css?inline';
import { DealCard, type DealCardProps } from '../components/DealCard.tsx';
import dealCss from '../components/deal.css?inline';
import themeCss from '../components/theme.css?inline';
import { UI_TAG } from './scanner.ts';

export interface CardHost {
  /** Shows the card for `props` next to `anchor` (the mark's range). */
  open(props: Omit<DealCardProps, 'onClose'>, anchor: Range, line?: number): Promise<void>;
  close(): void;
  /** Whether `node` is inside the card. */
  contains(node: EventTarget | null): boolean;
  readonly isOpen: boolean;
  readonly element: HTMLElement | undefined;
  destroy(): void;
}

/**
 * The host's own box. `:host` rules marked !important beat every page rule, even the page's
 * !important ones (shadow-tree importance wins), so `* { all: unset !important }` cannot move
 * or hide the card. Only the position comes from outside, through two custom properties.
 */
const HOST_CSS = `:host {
  all: initial !important;
  display: block !important;
  position: fixed !important;
  left: var(--deallens-x, 0px) !important;
  top: var(--deallens-y, 0px) !important;
  right: auto !important;
  bottom: auto !important;
  margin: 0 !important;
  padding: 0 !important;
  border: 0 !important;
  background: transparent !important;
  overflow: visible !important;
  width: max-content !important;
  height: max-content !important;
  z-index: 2147483647 !important;
  visibility: var(--deallens-visibility, visible) !important;
}`;

function setVars(el: HTMLElement, vars: Record<string, string>) {
  for (const [k, v] of Object.entries(vars)) el.style.setProperty(k, v);
}

/** A card host bound to the content script's lifetime. */
export function createCardHost(ctx: ContentScriptContext, onClose: () => void): CardHost {
  let ui: ShadowRootContentScriptUi<void> | undefined;
  let container: HTMLElement | undefined;
  let stopAutoUpdate: (() => void) | undefined;
  let open = false;

  const ensureUi = async () => {
    if (ui) return ui;
    ui = await createShadowRootUi(ctx, {
      name: UI_TAG.toLowerCase(),
      position: 'inline',
      anchor: () => document.body ?? document.documentElement,
      append: 'last',
      // Our own :host reset replaces WXT's, which would also reset the position we set.
      inheritStyles: true,
      css: `${HOST_CSS}\n${themeCss}\n${dealCss}\n${cardCss}`,
      onMount(uiContainer) {
        container = uiContainer;
      },
      onRemove() {
        if (container) render(null, container);
        container = undefined;
      },
    });
    return ui;
  };

  const close = () => {
    if (!open) return;
    open = false;
    stopAutoUpdate?.();
    stopAutoUpdate = undefined;
    ui?.remove();
    onClose();
  };

  return {
    get isOpen() {
      return open;
    },
    get element() {
      return open ? ui?.shadowHost : undefined;
    },
    async open(props, anchor, line = 0) {
      const shadowUi = await ensureUi();
      const wasOpen = open;
      if (!open) shadowUi.mount();
      open = true;
      const host = shadowUi.shadowHost;
      // Hidden until placed, so the card never flashes in the corner before it moves.
      if (!wasOpen) setVars(host, { '--deallens-visibility': 'hidden' });
      if (!host.hasAttribute('popover') && 'showPopover' in host) host.setAttribute('popover', 'manual');
      try {
        if (!host.matches(':popover-open')) host.showPopover();
      } catch {
        // No Popover API (or the page removed it): the maximal z-index above still applies.
      }
      if (!container) return;
      container.classList.add('dl-theme');
      render(<DealCard {...props} onClose={close} />, container);
      // Anchor to the line of the mark under the pointer: a mark that wraps has several boxes.
      const rectOf = () => anchor.getClientRects()[line] ?? anchor.getBoundingClientRect();
      const contextElement =
        anchor.startContainer.nodeType === 1
          ? (anchor.startContainer as Element)
          : (anchor.startContainer.parentElement ?? undefined);
      const reference = { getBoundingClientRect: rectOf, contextElement };
      const place = async () => {
        const { x, y } = await computePosition(reference, host, {
          strategy: 'fixed',
          placement: 'bottom-start',
          middleware: [offset(6), flip({ padding: 8 }), shift({ padding: 8 }), size({ padding: 8 })],
        });
        setVars(host, {
          '--deallens-x': `${Math.round(x)}px`,
          '--deallens-y': `${Math.round(y)}px`,
          '--deallens-visibility': 'visible',
        });
      };
      stopAutoUpdate?.();
      stopAutoUpdate = autoUpdate(reference, host, () => void place());
      await place();
    },
    close,
    contains(node) {
      const host = ui?.shadowHost;
      return !!host && node instanceof Node && (host === node || host.contains(node));
    },
    destroy() {
      close();
      ui = undefined;
    },
  };
}
