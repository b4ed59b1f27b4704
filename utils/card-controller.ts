/**
 * When the card opens and closes. By pointer: hover intent (the settings' delay, restarted
 * while the pointer moves), a click, or hovering with Alt held, as the settings choose; the
 * pointer may travel into the card within a grace time. By keyboard: the manifest commands
 * step from mention to mention and the popup jumps to a company; both put focus in the card,
 * and Esc gives it back. It hit-tests the painted marks (they are not elements) and hands the
 * card host what to show. The card UI itself loads on first need: when the pointer first
 * reaches a mark, a press on one, or a keyboard command (utils/card-loader.ts).
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { Meta } from '../data/schema.ts';
import { createLazyCardHost } from './card-loader.ts';
import type { PageFacts } from './facts.ts';
import type { Highlighter } from './highlighter.ts';
import { firstIndex, inDocumentOrder, MarkIndex, nextAfter, scrollRangeIntoView } from './hit-test.ts';
import type { Mark } from './marks.ts';
import { sendToBackground } from './messaging.ts';
import { blockElementOf, elementOf } from './scanner.ts';
import { createScope, type ParentContext } from './scope.ts';
import { DEFAULT_SETTINGS, type Settings } from './settings.ts';

/** Time the pointer may spend between a mark and its card before the card closes. */
const CLOSE_GRACE_MS = 300;
/** Pointer jitter (px) that does not count as moving on: a resting hand still opens the card. */
const JITTER = 3;
/** Mentions the keyboard passes over in one step when the page covers them, before it gives up. */
const COVERED_TRIES = 20;
/**
 * Clicks on these are the page's (a link, a button): in click mode a mark inside one opens
 * when the pointer rests on it, as in hover mode, or from the keyboard.
 */
const INTERACTIVE = 'a[href], button, label, summary, select, [role="button"], [role="link"], [contenteditable]';

/**
 * The page's open modal dialog (of several, the last in the page's order), if any: the rest of
 * the page is inert while it is open, so the keyboard's mentions are those inside it.
 */
export function openModal(doc: Document): Element | undefined {
  try {
    const all = doc.querySelectorAll('dialog:modal');
    return all[all.length - 1];
  } catch {
    return undefined; // no :modal selector
  }
}

/** About a sentence of the text around a mention, for a screen reader: "…signed with Nvidia on Monday…". */
function sentenceAround(range: Range, reach = 80): string {
  const node = range.startContainer;
  // Its block, as the scan reads blocks: up to the nearest element that is not inline.
  const within = blockElementOf(node) ?? node;
  const text = (within.textContent ?? '').replace(/\s+/g, ' ');
  const name = range.toString().replace(/\s+/g, ' ');
  // Where this mention starts in that text (the same name may come earlier in it).
  const before = (within.ownerDocument ?? document).createRange();
  before.setStart(within, 0);
  before.setEnd(range.startContainer, range.startOffset);
  const at = before.toString().replace(/\s+/g, ' ').length;
  const from = Math.max(0, at - reach);
  const to = Math.min(text.length, at + name.length + reach);
  return `${from > 0 ? '…' : ''}${text.slice(from, to).trim()}${to < text.length ? '…' : ''}`;
}

/**
 * The element that has keyboard focus, down through open shadow roots (a page's web
 * component keeps it inside: the document sees only the component's host).
 */
function focusedElement(doc: Document): Element | null {
  let el = doc.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

export interface CardControllerOptions {
  /**
   * The facts as they are now (deals arrive after the first scan): the same object until
   * they change, so a card knows when it shows old ones.
   */
  facts: () => PageFacts;
  meta: Meta;
  highlighter: Highlighter;
  /** Dollar amounts the page states, for ranking. */
  amounts: () => ReadonlyMap<number, number>;
  /** Ids of the reader's own companies and deals, marked "Your fact". */
  own?: () => ReadonlySet<string>;
  /** What the controller's listeners and timers stop with (the lens's scope); the context by default. */
  within?: ParentContext;
  /** The companies the page names (shown ones), for the card's "on this page"; the painted marks' by default. */
  onPage?: () => ReadonlySet<string>;
  /**
   * Every mention, not only the painted ones: the mention after (1) or before (-1) `from` (or
   * the first or last of the page without one), of `entity` when given, wrapping at the ends,
   * painted so a card can open on it; undefined when `from` is not one of the page's now.
   */
  mentionAfter?: (from: Mark | undefined, direction: 1 | -1, entity?: string) => Mark | undefined;
}

export interface CardController {
  /** The marks that can open a card (those painted). */
  setMarks(marks: readonly Mark[]): void;
  setSettings(settings: Settings): void;
  /** Opens the card of `mark`, anchored to its `line`-th line box. */
  open(mark: Mark, line?: number): Promise<void>;
  /** Shows the open card again with the facts as they are now (deals that arrived late). */
  refresh(): void;
  /** Keyboard navigation: scrolls to the next (1) or previous (-1) mark, opens its card and focuses it. */
  step(direction: 1 | -1): Promise<boolean>;
  /** Scrolls to the next mark of `entity` and opens its card; false when the page has none. */
  openEntity(entity: string): Promise<boolean>;
  close(): void;
  readonly isOpen: boolean;
  destroy(): void;
}

type Opener = 'hover' | 'click' | 'alt' | 'keyboard';

/** A controller for `doc`, bound to the content script's lifetime. */
export function createCardController(
  ctx: ContentScriptContext,
  doc: Document,
  options: CardControllerOptions,
): CardController {
  const { meta, highlighter } = options;
  const win = (doc.defaultView ?? window) as Window & typeof globalThis;
  // Listeners and timers go through a scope of the controller's own: `destroy()` stops them all.
  const scope = createScope(options.within ?? ctx, win);
  const hits = new MarkIndex<Mark>();
  let marks: readonly Mark[] = [];
  /** `marks` in document order, computed when the keyboard first needs it. */
  let ordered: readonly Mark[] | undefined;
  let settings: Settings = DEFAULT_SETTINGS;
  let activeMark: Mark | undefined;
  let openedBy: Opener = 'hover';
  /** The mark keyboard navigation continues from (the last one opened, by any means). */
  let cursor: Mark | undefined;
  /** Per company, the mark `openEntity` opened last, so the next call moves on. */
  const lastOfEntity = new Map<string, Mark>();
  /** Where keyboard focus was before a command moved it into the card. */
  let returnFocus: Element | null = null;
  let openTimer: number | undefined;
  let pendingMark: Mark | undefined;
  let pendingAt = { x: 0, y: 0 };
  let closeTimer: number | undefined;
  let pointerFrame: number | undefined;
  let pointer: { x: number; y: number; inCard: boolean } | undefined;
  /** Where the last button press was, and whether in the card (a drag from there selects the card's text). */
  let press: { x: number; y: number; inCard: boolean } | undefined;
  let destroyed = false;

  const card = createLazyCardHost(ctx, ({ hadFocus }) => {
    activeMark = undefined;
    highlighter.setActive(null);
    const back = returnFocus;
    returnFocus = null;
    // Focus returns only if it was in the card: a click elsewhere already put it where the reader wants.
    if (hadFocus && back?.isConnected && (back instanceof HTMLElement || back instanceof SVGElement))
      back.focus({ preventScroll: true });
  });

  const cancelOpen = () => {
    scope.clearTimeout(openTimer);
    openTimer = undefined;
    pendingMark = undefined;
  };
  const cancelClose = () => {
    scope.clearTimeout(closeTimer);
    closeTimer = undefined;
  };
  const clearTimers = () => {
    cancelOpen();
    cancelClose();
  };
  const close = () => {
    clearTimers();
    card.close();
  };

  /** Keyboard steps so far: each is said anew, even to the same words. */
  let steps = 0;

  const show = async (mark: Mark, line: number, by: Opener, reached?: { text: string; seq: number }) => {
    const facts = options.facts();
    // The last of one id wins (the reader's own come after the bundled ones), as in the card's index.
    const entity = facts.entities.findLast((e) => e.id === mark.entity);
    if (!entity || destroyed) return false;
    cancelClose();
    activeMark = mark;
    cursor = mark;
    openedBy = by;
    highlighter.setActive(mark.range);
    const onPage = options.onPage?.() ?? new Set(marks.map((m) => m.entity));
    await card.open(
      {
        entity,
        facts,
        meta,
        onPage,
        amountsOnPage: options.amounts(),
        own: options.own?.(),
        onSearch: (query) => void sendToBackground('openSearch', { query }),
        reached,
      },
      mark.range,
      { line, theme: settings.theme },
    );
    // The card UI could not load, or a close came while it loaded: nothing stays emphasised.
    if (!card.isOpen && activeMark === mark) {
      activeMark = undefined;
      highlighter.setActive(null);
    }
    // Facts that arrived while the card UI loaded (the deals, the description) are shown now:
    // `refresh()` passes over a card not open yet.
    // (A repaint meanwhile may have put an equal mark in its place.)
    if (card.isOpen && activeMark?.entity === mark.entity && options.facts() !== facts) {
      return show(activeMark, line, by, reached);
    }
    return card.isOpen;
  };

  const lineIndex = (range: Range, y: number) => {
    const rects = [...range.getClientRects()];
    const i = rects.findIndex((r) => y >= r.top - 1 && y <= r.bottom + 1);
    return Math.max(i, 0);
  };

  const sorted = () => {
    ordered ??= inDocumentOrder(marks);
    return ordered;
  };

  /** Whether something of the page's lies over the middle of `mark` (in view) rather than its own text. */
  const covered = (mark: Mark): boolean => {
    const box = mark.range.getClientRects()[0];
    if (!box) return false;
    const x = box.left + box.width / 2;
    const y = box.top + box.height / 2;
    if (x < 0 || y < 0 || x >= win.innerWidth || y >= win.innerHeight) return false;
    const top = doc.elementFromPoint(x, y);
    const own = mark.range.startContainer.parentElement;
    if (!top || !own || card.contains(top) || top === own || top.contains(own) || own.contains(top)) return false;
    // Only a layer fixed to the window (a reader view, an overlay) hides the text; a link
    // stretched over a teaser card, or anything else in the page's flow, does not.
    for (let el: Element | null = top; el && !el.contains(own); el = el.parentElement) {
      if (win.getComputedStyle(el).position === 'fixed') return true;
    }
    return false;
  };

  /** The painted marks the keyboard can reach: with a modal dialog open, those inside it. */
  const reachable = () => {
    const modal = openModal(doc);
    return modal ? sorted().filter((m) => modal.contains(m.range.startContainer)) : sorted();
  };

  const inView = (mark: Mark) => {
    const r = mark.range.getBoundingClientRect();
    return r.bottom > 0 && r.top < win.innerHeight && (r.width > 0 || r.height > 0);
  };

  /** Scrolls `mark` into view, opens its card and puts keyboard focus in it. */
  const goTo = async (mark: Mark) => {
    cancelOpen();
    if (!card.hasFocus) returnFocus = focusedElement(doc);
    scrollRangeIntoView(mark.range);
    const opened = await show(mark, 0, 'keyboard', { text: sentenceAround(mark.range), seq: ++steps });
    if (opened) card.focus();
    return opened;
  };

  /** Whether a mark lies inside a link or another control, whose clicks are the page's. */
  const inInteractive = (range: Range): boolean => {
    return elementOf(range.startContainer)?.closest(INTERACTIVE) != null;
  };

  /** Hover and Alt modes (and click mode's marks inside links): a mark under a resting pointer opens after `delay`. */
  const schedule = (mark: Mark, line: number, x: number, y: number, delay: number, by: Opener) => {
    // Same mark and the hand only trembled: keep the timer running.
    if (pendingMark === mark && Math.abs(x - pendingAt.x) <= JITTER && Math.abs(y - pendingAt.y) <= JITTER) return;
    cancelOpen();
    pendingMark = mark;
    pendingAt = { x, y };
    openTimer = scope.setTimeout(() => {
      openTimer = undefined;
      pendingMark = undefined;
      void show(mark, line, by);
    }, delay);
  };

  const onPointer = (x: number, y: number, target: EventTarget | null, alt: boolean) => {
    const inCard = card.contains(target);
    pointer = { x, y, inCard };
    if (inCard) {
      // The pointer reached the card: keep it open, and forget a mark it crossed on the way.
      cancelClose();
      cancelOpen();
      return;
    }
    const mode = settings.cardMode;
    const hit = marks.length > 0 ? hits.at(doc, x, y) : undefined;
    // The pointer on a mark is the first sign a card may be wanted: the card UI loads while the hover delay runs.
    if (hit) void card.prepare();
    if (hit && hit.item === activeMark) {
      cancelClose();
      cancelOpen();
      return;
    }
    if (hit && (mode === 'hover' || (mode === 'alt' && alt) || (mode === 'click' && inInteractive(hit.range)))) {
      const line = lineIndex(hit.range, y);
      // With Alt held the reader has already said what they want: no hover delay.
      if (mode === 'alt') schedule(hit.item, line, x, y, 0, 'alt');
      else schedule(hit.item, line, x, y, settings.hoverDelayMs, 'hover');
      return;
    }
    cancelOpen();
    // Only a card the pointer opened closes when the pointer leaves; one opened by a click or
    // the keyboard waits for Esc, a click elsewhere, or its mark leaving the view.
    if (card.isOpen && (openedBy === 'hover' || openedBy === 'alt') && !card.hasFocus && closeTimer === undefined) {
      closeTimer = scope.setTimeout(() => {
        closeTimer = undefined;
        card.close();
      }, CLOSE_GRACE_MS);
    }
  };

  scope.addEventListener(
    doc,
    'pointermove',
    (e: PointerEvent) => {
      // Events a page script made up (isTrusted false) never open a card.
      if (destroyed || !e.isTrusted || e.pointerType === 'touch') return;
      if (e.buttons !== 0) {
        // A button held: the reader is selecting text (or dragging). A card opened now would
        // take the selection's end into it, and what is copied with it; a card the pointer
        // opened, pressed on its own mark to start the selection, goes once the drag moves
        // off (the card is the page's last element: a selection run over it ends inside it).
        scope.cancelAnimationFrame(pointerFrame);
        pointerFrame = undefined;
        cancelOpen();
        const moved = press && (Math.abs(e.clientX - press.x) > JITTER || Math.abs(e.clientY - press.y) > JITTER);
        if (moved && !press?.inCard && card.isOpen && (openedBy === 'hover' || openedBy === 'alt') && !card.hasFocus) {
          card.close();
        }
        return;
      }
      const { clientX: x, clientY: y, target, altKey } = e;
      scope.cancelAnimationFrame(pointerFrame);
      pointerFrame = scope.requestAnimationFrame(() => {
        pointerFrame = undefined;
        onPointer(x, y, target, altKey);
      });
    },
    { passive: true, capture: true },
  );

  // A press outside the card dismisses it (as any popover); a press on its own mark is left to
  // the click handler below, which toggles it in click mode.
  scope.addEventListener(
    doc,
    'pointerdown',
    (e: PointerEvent) => {
      if (destroyed || !e.isTrusted) return;
      press = { x: e.clientX, y: e.clientY, inCard: card.contains(e.target) };
      if (press.inCard) return;
      if (!card.isOpen) {
        // A press on a mark (a touch, or a click before any pointer movement) starts loading the card UI.
        if (marks.length > 0 && hits.at(doc, e.clientX, e.clientY)) void card.prepare();
        return;
      }
      const hit = hits.at(doc, e.clientX, e.clientY);
      if (hit && hit.item === activeMark) return;
      if (settings.cardMode === 'click' || openedBy !== 'hover' || !hit) close();
    },
    { passive: true, capture: true },
  );

  scope.addEventListener(
    doc,
    'click',
    (e: MouseEvent) => {
      if (destroyed || !e.isTrusted || e.button !== 0 || card.contains(e.target)) return;
      if (settings.cardMode !== 'click' || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      // A drag that selected text is not a click on a mark.
      if (!(win.getSelection()?.isCollapsed ?? true)) return;
      if (e.target instanceof Element && e.target.closest(INTERACTIVE)) return;
      const hit = marks.length > 0 ? hits.at(doc, e.clientX, e.clientY) : undefined;
      if (!hit) return;
      if (hit.item === activeMark && card.isOpen) close();
      else {
        cancelOpen();
        void show(hit.item, lineIndex(hit.range, e.clientY), 'click');
      }
    },
    { capture: true },
  );

  scope.addEventListener(
    doc,
    'keydown',
    (e: KeyboardEvent) => {
      if (e.key === 'Escape' && card.isOpen) {
        // One Esc closes one layer: the page's own dialog or popover stays open under our card
        // (closing it is the key's default action, not a listener's).
        e.stopPropagation();
        e.preventDefault();
        close();
      } else if (e.key === 'Alt' && settings.cardMode === 'alt' && pointer && !pointer.inCard && !e.repeat) {
        // Alt pressed while the pointer already rests on a mark.
        onPointer(pointer.x, pointer.y, null, true);
      }
    },
    { capture: true },
  );
  scope.addEventListener(
    doc,
    'keyup',
    (e: KeyboardEvent) => {
      // Alt mode shows the card only while Alt is held, unless the reader has moved into it.
      if (e.key !== 'Alt' || settings.cardMode !== 'alt') return;
      cancelOpen();
      if (card.isOpen && openedBy === 'alt' && !pointer?.inCard && !card.hasFocus) close();
    },
    { capture: true },
  );
  scope.addEventListener(win, 'blur', () => cancelOpen());

  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    clearTimers();
    card.destroy();
    hits.clear();
    scope.end();
  };
  scope.onInvalidated(destroy);

  return {
    setMarks(next) {
      marks = next;
      ordered = undefined;
      hits.clear();
      for (const m of marks) hits.add(m.range, m);
      // A repaint (settings, scrolling) may hand over new marks for the same text: the open card stays.
      if (activeMark && !marks.includes(activeMark)) {
        const same = hits.same(activeMark.range);
        if (same && same.entity === activeMark.entity) {
          activeMark = same;
          // The repaint took every highlight down, the open card's emphasis with them.
          highlighter.setActive(same.range);
        } else card.close();
      }
      if (pendingMark && !marks.includes(pendingMark)) cancelOpen();
    },
    setSettings(next) {
      settings = next;
      // A card opened under the old mode keeps its own rules; only the look follows at once.
      if (card.isOpen && activeMark) void show(activeMark, 0, openedBy);
    },
    open: async (mark, line = 0) => {
      cancelOpen();
      await show(mark, line, 'click');
    },
    async step(direction) {
      const list = reachable();
      // Continue from the card that is open or the last mark opened, if the reader is still
      // near it; after scrolling elsewhere, start from what is on screen. The next mention
      // may be far away and not painted yet: the page's mentions are asked first.
      const from = activeMark ?? (cursor && inView(cursor) ? cursor : undefined);
      let target: Mark | undefined;
      if (from)
        target =
          options.mentionAfter?.(from, direction) ??
          (list.length > 0 ? nextAfter(list, from.range, direction) : undefined);
      else if (list.length === 0) target = options.mentionAfter?.(undefined, direction);
      else if (direction === 1) {
        // The first mark not above the window (binary search: document order is reading order).
        target = list[firstIndex(list, (m) => m.range.getBoundingClientRect().bottom > 0)] ?? list[0];
      } else {
        const below = firstIndex(list, (m) => m.range.getBoundingClientRect().top >= win.innerHeight);
        target = list[below - 1] ?? list[list.length - 1];
      }
      // A mention the page covers (a full-window reader view or overlay of its own) is passed
      // over: its card would point at text no one can see. Asked of the browser once the
      // mention is scrolled into view, for the next few.
      const { scrollX, scrollY } = win;
      for (let tries = 0; target && tries < COVERED_TRIES; tries++) {
        scrollRangeIntoView(target.range);
        if (!covered(target)) return goTo(target);
        target = options.mentionAfter?.(target, direction);
      }
      // Nothing in reach the reader can see: the page stays where it was.
      win.scrollTo(scrollX, scrollY);
      return false;
    },
    refresh() {
      if (card.isOpen && activeMark && openedBy) void show(activeMark, 0, openedBy);
    },
    async openEntity(entity) {
      const last = lastOfEntity.get(entity);
      let target = options.mentionAfter?.(last, 1, entity);
      if (!target) {
        const list = reachable().filter((m) => m.entity === entity);
        target = last ? nextAfter(list, last.range, 1) : list[0];
      }
      if (!target) return false;
      lastOfEntity.set(entity, target);
      return goTo(target);
    },
    close,
    get isOpen() {
      return card.isOpen;
    },
    destroy,
  };
}
