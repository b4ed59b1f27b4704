/**
 * Where the card lives: a shadow root (page CSS cannot reach in, ours cannot leak out) on a
 * host element in the top layer (`popover="manual"`, above any page z-index), placed by
 * floating-ui next to the line of the mark. The host is in the page only while a card is
 * open, so the page's DOM is untouched the rest of the time.
 */
import { autoUpdate, computePosition, flip, hide, offset, shift, size } from '@floating-ui/dom';
import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import cardCss from '../components/card.css?inline';
import { DealCard, type DealCardProps } from '../components/DealCard.tsx';
import dealCss from '../components/deal.css?inline';
import themeCss from '../components/theme.css?inline';
import { UI_TAG } from './scanner.ts';
import type { Settings } from './settings.ts';

/** Why a card closed; the controller returns focus only when the reader was inside the card. */
export interface CloseInfo {
  /** Keyboard focus was inside the card when it closed. */
  hadFocus: boolean;
}

export interface CardOpenOptions {
  /** Which line box of a wrapped mark to anchor to. */
  line?: number;
  theme?: Settings['theme'];
}

export interface CardHost {
  /** Creates the shadow root ahead of time, so the first card opens without waiting. */
  prepare(): Promise<void>;
  /** Shows the card for `props` next to `anchor` (the mark's range). */
  open(props: Omit<DealCardProps, 'onClose'>, anchor: Range, options?: CardOpenOptions): Promise<void>;
  close(): void;
  /** Moves keyboard focus to the dialog, so a screen reader announces its name and description. */
  focus(): void;
  /** Whether `node` is inside the card. */
  contains(node: EventTarget | null): boolean;
  /** Whether keyboard focus is inside the card. */
  readonly hasFocus: boolean;
  readonly isOpen: boolean;
  readonly element: HTMLElement | undefined;
  destroy(): void;
}

/**
 * The host's own box. `:host` rules marked !important beat every page rule, even the page's
 * !important ones (shadow-tree importance wins), so `* { all: unset !important }` cannot move
 * or hide the card. Only the position and the height available come from outside, through
 * custom properties (which `all` does not reset). `all` leaves the writing direction alone:
 * the (English) card is set left to right on a right-to-left page. The card is a popover, and a
 * page's `[popover]::backdrop` rule would dim the page behind it. A printed page leaves it out.
 */
const HOST_CSS = `:host {
  all: initial !important;
  display: block !important;
  position: fixed !important;
  inset: auto !important;
  left: var(--deallens-x, 0px) !important;
  top: var(--deallens-y, 0px) !important;
  margin: 0 !important;
  padding: 0 !important;
  border: 0 !important;
  background: transparent !important;
  overflow: visible !important;
  width: max-content !important;
  height: max-content !important;
  max-width: none !important;
  max-height: none !important;
  z-index: 2147483647 !important;
  visibility: var(--deallens-visibility, visible) !important;
  direction: ltr !important;
  unicode-bidi: isolate !important;
}
:host::backdrop {
  display: none !important;
}
@media print {
  :host {
    display: none !important;
  }
}`;

/** The card never gets shorter than this when the space next to the mark is smaller: it overlaps the line instead. */
const MIN_HEIGHT = 200;
/** Below this height the header and footer scroll with the deals (`data-compact`), so the deals keep some room. */
const COMPACT_BELOW = 320;
/** Distance kept from the viewport's edges. */
const EDGE = 8;
/** How long a just-opened card's live region stays empty before its words go in (ms). */
const ANNOUNCE_DELAY = 150;

const THEME_CLASS: Record<Settings['theme'], string> = {
  system: 'dl-theme',
  light: 'dl-theme dl-light',
  dark: 'dl-theme dl-dark',
};

/**
 * The page's modal dialog or open popover that holds `range`, if any. The card goes inside it:
 * a modal dialog makes everything outside it inert (a card in the body could not be pointed at
 * or focused), and a click outside an open popover closes it (a click in the card would).
 */
function layerOf(range: Range): Element | undefined {
  const node = range.startContainer;
  for (let el = node.nodeType === 1 ? (node as Element) : node.parentElement; el; el = el.parentElement) {
    try {
      if (
        (el.localName === 'dialog' && el.matches(':modal')) ||
        (el.hasAttribute('popover') && el.matches(':popover-open'))
      )
        return el;
    } catch {
      // A browser without these selectors: the body.
      return undefined;
    }
  }
  return undefined;
}

/** The CSS zoom the host inherits from the page (1 where there is none, or no way to ask). */
function zoomOf(el: Element): number {
  const zoom = (el as Element & { currentCSSZoom?: number }).currentCSSZoom;
  return typeof zoom === 'number' && zoom > 0 ? zoom : 1;
}

function setVars(el: HTMLElement, vars: Record<string, string>) {
  for (const [k, v] of Object.entries(vars)) el.style.setProperty(k, v);
}

/** A card host bound to the content script's lifetime; `onClose` runs after every close. */
export function createCardHost(ctx: ContentScriptContext, onClose: (info: CloseInfo) => void): CardHost {
  let ui: ShadowRootContentScriptUi<void> | undefined;
  let pending: Promise<ShadowRootContentScriptUi<void>> | undefined;
  let container: HTMLElement | undefined;
  let stopAutoUpdate: (() => void) | undefined;
  let open = false;
  /** Bumped on every open and close, so a placement computed for an older card is dropped. */
  let generation = 0;
  /** The page's layer the host is in (undefined: the body). */
  let mountedIn: Element | undefined;
  /** What the card's live region says (the last keyboard step), and the step waiting to go in. */
  let said: DealCardProps['reached'];
  let saying: DealCardProps['reached'];
  /** Renders the open card with its latest props. */
  let redraw: (() => void) | undefined;

  const ensureUi = () => {
    pending ??= createShadowRootUi(ctx, {
      name: UI_TAG.toLowerCase(),
      position: 'inline',
      // Inside the page's modal dialog or open popover when the mark is (see layerOf).
      anchor: () => mountedIn ?? document.body ?? document.documentElement,
      append: 'last',
      // Our own :host reset replaces WXT's, which would also reset the position we set.
      inheritStyles: true,
      // Keys typed inside the card are the card's: they stop at its shadow root, so the page's
      // shortcuts (j/k, "/"), listening on the document or the window as they bubble, never see
      // them. A listener the page put on the window for the capture phase runs before any of
      // ours and still does.
      isolateEvents: ['keydown', 'keyup', 'keypress'],
      css: `${HOST_CSS}\n${themeCss}\n${dealCss}\n${cardCss}`,
      onMount(uiContainer) {
        container = uiContainer;
      },
      onRemove() {
        if (container) render(null, container);
        container = undefined;
      },
    }).then((created) => {
      ui = created;
      return created;
    });
    return pending;
  };

  const hasFocus = () => {
    const host = ui?.shadowHost;
    return !!host && open && host.ownerDocument.activeElement === host;
  };

  const close = () => {
    if (!open) return;
    const info = { hadFocus: hasFocus() };
    open = false;
    generation++;
    stopAutoUpdate?.();
    stopAutoUpdate = undefined;
    ui?.remove();
    onClose(info);
  };

  return {
    async prepare() {
      await ensureUi();
    },
    get isOpen() {
      return open;
    },
    get hasFocus() {
      return hasFocus();
    },
    get element() {
      return open ? ui?.shadowHost : undefined;
    },
    async open(props, anchor, { line = 0, theme = 'system' } = {}) {
      const shadowUi = ui ?? (await ensureUi());
      const layer = layerOf(anchor);
      // A card open in another layer moves: out of a dialog, or into one.
      if (open && layer !== mountedIn) {
        stopAutoUpdate?.();
        stopAutoUpdate = undefined;
        shadowUi.remove();
        open = false;
      }
      const wasOpen = open;
      const current = ++generation;
      if (!open) {
        mountedIn = layer;
        shadowUi.mount();
      }
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
      container.className = THEME_CLASS[theme];
      // Keyed by company: a new company is a new card (collapsed list, fresh focus order). The
      // live region beside it stays from company to company while the card is open, so each
      // keyboard step is said, to the same company or another.
      const { reached, ...card } = props;
      redraw = () =>
        render(
          <>
            <p class="sr-only" role="status" data-testid="reached">
              {said && <span key={said.seq}>{said.text}</span>}
            </p>
            <DealCard key={props.entity.id} {...card} onClose={close} />
          </>,
          container as HTMLElement,
        );
      // A region that comes into the page with its words is seldom read out: a card just opened
      // has it empty, and the words follow once the screen reader knows it is there. A refresh
      // (deals arriving, no step) keeps what it says.
      if (!wasOpen) said = saying = undefined;
      if (reached && wasOpen) said = reached;
      redraw();
      if (reached && !wasOpen) {
        saying = reached;
        setTimeout(() => {
          if (!open || saying !== reached) return;
          said = reached;
          redraw?.();
        }, ANNOUNCE_DELAY);
      }
      // Anchor to the line of the mark under the pointer: a mark that wraps has several boxes.
      const rectOf = () => anchor.getClientRects()[line] ?? anchor.getBoundingClientRect();
      const contextElement =
        anchor.startContainer.nodeType === 1
          ? (anchor.startContainer as Element)
          : (anchor.startContainer.parentElement ?? undefined);
      const reference = { getBoundingClientRect: rectOf, contextElement };
      const place = async () => {
        const { x, y, middlewareData } = await computePosition(reference, host, {
          strategy: 'fixed',
          placement: 'bottom-start',
          middleware: [
            offset(6),
            flip({ padding: EDGE }),
            size({
              padding: EDGE,
              apply({ availableHeight, elements }) {
                // Where neither side of the line has room (a short window, 200% zoom), the card keeps a
                // usable height and shift() below lets it overlap the line rather than shrink to a strip.
                const viewport = elements.floating.ownerDocument.documentElement.clientHeight - 2 * EDGE;
                const height = Math.min(viewport, Math.max(availableHeight, MIN_HEIGHT));
                setVars(elements.floating, { '--deallens-max-h': `${Math.floor(height / zoomOf(host))}px` });
                elements.floating.toggleAttribute('data-compact', height < COMPACT_BELOW);
              },
            }),
            shift({ padding: EDGE, crossAxis: true }),
            hide({ strategy: 'referenceHidden' }),
          ],
        });
        if (current !== generation) return;
        // The mark scrolled out of view (or out of its scroll box): a card pointing at nothing closes.
        if (middlewareData.hide?.referenceHidden) {
          close();
          return;
        }
        // Placed in the window's pixels; a page's own CSS zoom (on the root or the body) scales
        // the host's, which `all: initial` does not undo.
        const zoom = zoomOf(host);
        setVars(host, {
          '--deallens-x': `${Math.round(x / zoom)}px`,
          '--deallens-y': `${Math.round(y / zoom)}px`,
          '--deallens-visibility': 'visible',
        });
      };
      stopAutoUpdate?.();
      stopAutoUpdate = autoUpdate(reference, host, () => void place());
      await place();
    },
    close,
    focus() {
      const dialog = container?.querySelector<HTMLElement>('[role="dialog"]');
      dialog?.focus({ preventScroll: true });
    },
    contains(node) {
      const host = ui?.shadowHost;
      return !!host && node instanceof Node && (host === node || host.contains(node));
    },
    destroy() {
      close();
      ui = undefined;
      pending = undefined;
    },
  };
}
