/**
 * When the card opens and closes: hover intent over marks, the grace time for the pointer to
 * travel into the card, and Esc. It hit-tests the painted marks (they are not elements) and
 * hands the card host what to show.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { Meta } from '../data/schema.ts';
import { createCardHost } from './card-host.tsx';
import type { FactIndex } from './facts.ts';
import type { Highlighter } from './highlighter.ts';
import { MarkIndex } from './hit-test.ts';
import type { Mark } from './marks.ts';
import { DEFAULT_SETTINGS, type Settings } from './settings.ts';

/** Time the pointer may spend between a mark and its card before the card closes. */
const CLOSE_GRACE_MS = 300;

export interface CardControllerOptions {
  /** The facts as they are now (deals arrive after the first scan). */
  facts: () => FactIndex;
  meta: Meta;
  highlighter: Highlighter;
  /** Dollar amounts the page states, for ranking deals. */
  amounts: () => ReadonlyMap<number, number>;
}

export interface CardController {
  /** The marks that can open a card (those painted). */
  setMarks(marks: readonly Mark[]): void;
  setSettings(settings: Settings): void;
  /** Opens the card of `mark`. */
  open(mark: Mark, line?: number): Promise<void>;
  /** Keyboard navigation: scrolls to the next (1) or previous (-1) mark, opens its card and focuses it. */
  step(direction: 1 | -1): Promise<boolean>;
  /** Scrolls to the next mark of `entity` and opens its card; false when the page has none. */
  openEntity(entity: string): Promise<boolean>;
  close(): void;
  readonly isOpen: boolean;
  destroy(): void;
}

/** A controller for `doc`, bound to the content script's lifetime. */
export function createCardController(
  ctx: ContentScriptContext,
  doc: Document,
  options: CardControllerOptions,
): CardController {
  const { meta, highlighter } = options;
  const hits = new MarkIndex<Mark>();
  let marks: readonly Mark[] = [];
  let settings: Settings = DEFAULT_SETTINGS;
  let activeMark: Mark | undefined;
  let openTimer: number | undefined;
  let closeTimer: number | undefined;
  let pointerFrame: number | undefined;
  let destroyed = false;

  const card = createCardHost(ctx, () => {
    activeMark = undefined;
    highlighter.setActive(null);
  });

  const clearTimers = () => {
    if (openTimer !== undefined) clearTimeout(openTimer);
    if (closeTimer !== undefined) clearTimeout(closeTimer);
    openTimer = closeTimer = undefined;
  };

  const open = async (mark: Mark, line = 0) => {
    const facts = options.facts();
    const entity = facts.entity(mark.entity);
    if (!entity || destroyed) return;
    activeMark = mark;
    highlighter.setActive(mark.range);
    const onPage = new Set(marks.map((m) => m.entity));
    await card.open({ entity, index: facts, meta, onPage, amountsOnPage: options.amounts() }, mark.range, line);
  };

  const lineIndex = (range: Range, y: number) => {
    const rects = [...range.getClientRects()];
    const i = rects.findIndex((r) => y >= r.top - 1 && y <= r.bottom + 1);
    return Math.max(i, 0);
  };

  const onPointer = (x: number, y: number, target: EventTarget | null) => {
    if (card.contains(target)) {
      // The pointer reached the card: keep it open.
      if (closeTimer !== undefined) clearTimeout(closeTimer);
      closeTimer = undefined;
      return;
    }
    const hit = marks.length > 0 ? hits.at(doc, x, y) : undefined;
    if (hit && hit.item === activeMark) {
      if (closeTimer !== undefined) clearTimeout(closeTimer);
      closeTimer = undefined;
      return;
    }
    if (openTimer !== undefined) clearTimeout(openTimer);
    openTimer = undefined;
    if (hit) {
      const line = lineIndex(hit.range, y);
      openTimer = ctx.setTimeout(() => {
        openTimer = undefined;
        void open(hit.item, line);
      }, settings.hoverDelayMs);
    } else if (card.isOpen && closeTimer === undefined) {
      closeTimer = ctx.setTimeout(() => {
        closeTimer = undefined;
        card.close();
      }, CLOSE_GRACE_MS);
    }
  };

  ctx.addEventListener(
    doc,
    'pointermove',
    (e: PointerEvent) => {
      if (destroyed || e.pointerType === 'touch') return;
      const { clientX: x, clientY: y, target } = e;
      if (pointerFrame !== undefined) cancelAnimationFrame(pointerFrame);
      pointerFrame = ctx.requestAnimationFrame(() => {
        pointerFrame = undefined;
        onPointer(x, y, target);
      });
    },
    { passive: true, capture: true },
  );
  ctx.addEventListener(
    doc,
    'keydown',
    (e: KeyboardEvent) => {
      if (e.key === 'Escape' && card.isOpen) {
        clearTimers();
        card.close();
      }
    },
    { capture: true },
  );

  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    clearTimers();
    card.destroy();
    hits.clear();
  };
  ctx.onInvalidated(destroy);

  return {
    setMarks(next) {
      marks = next;
      hits.clear();
      for (const m of marks) hits.add(m.range, m);
      if (activeMark && !marks.includes(activeMark)) card.close();
    },
    setSettings(next) {
      settings = next;
    },
    open,
    async step(_direction) {
      return false;
    },
    async openEntity(_entity) {
      return false;
    },
    close() {
      clearTimers();
      card.close();
    },
    get isOpen() {
      return card.isOpen;
    },
    destroy,
  };
}
