/**
 * DealLens on one page: reads the page, marks the companies, opens the card under the
 * pointer, and answers the popup. Everything it starts stops with `stop()` or with the
 * content script's context.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { Dataset } from '../data/schema.ts';
import { createCardHost } from './card-host.tsx';
import { detectBlocks } from './detect.ts';
import { amountsIn, createFactIndex } from './facts.ts';
import { createHighlighter } from './highlighter.ts';
import { MarkIndex } from './hit-test.ts';
import type { Lexicon } from './matcher.ts';
import type { EntityCount, PageDigest } from './messaging.ts';
import { collectBlocks, rangeFor, UI_TAG } from './scanner.ts';
import { DEFAULT_SETTINGS, type Settings } from './settings.ts';

/** Time the pointer may spend between a mark and its card before the card closes. */
const CLOSE_GRACE_MS = 300;
/** Quiet time after the page changes before it is read again. */
const RESCAN_DEBOUNCE_MS = 150;

interface Mark {
  entity: string;
  range: Range;
}

export interface Lens {
  /** Applies settings: marks the page, repaints, or clears everything. */
  apply(settings: Settings): void;
  digest(): PageDigest;
  /** Removes every mark and listener. */
  stop(): void;
}

/** Starts DealLens on `doc` with the given dataset and lexicon. */
export function createLens(ctx: ContentScriptContext, doc: Document, data: Dataset, lexicon: Lexicon): Lens {
  const win = doc.defaultView as Window & typeof globalThis;
  const facts = createFactIndex(data);
  const highlighter = createHighlighter(win);
  const hits = new MarkIndex<Mark>();
  let settings: Settings = DEFAULT_SETTINGS;
  let all: Mark[] = [];
  let shown: Mark[] = [];
  let amounts = new Map<number, number>();
  let activeMark: Mark | undefined;
  let openTimer: number | undefined;
  let closeTimer: number | undefined;
  let pointerFrame: number | undefined;
  let stopped = false;

  const card = createCardHost(ctx, () => {
    activeMark = undefined;
    highlighter.setActive(null);
  });

  const onPageIds = () => new Set(shown.map((m) => m.entity));

  const scan = () => {
    const blocks = collectBlocks(doc);
    const found = detectBlocks(
      lexicon,
      blocks.map((b) => b.text),
    );
    all = [];
    amounts = new Map();
    for (const b of blocks) amountsIn(b.text, amounts);
    found.forEach((mentions, i) => {
      const block = blocks[i];
      if (!block) return;
      for (const m of mentions) all.push({ entity: m.entity, range: rangeFor(block, m.start, m.end) });
    });
  };

  const paint = () => {
    const off = new Set(settings.disabledEntities);
    shown = settings.enabled ? all.filter((m) => !off.has(m.entity)) : [];
    highlighter.set(shown.map((m) => m.range));
    hits.clear();
    for (const m of shown) hits.add(m.range, m);
    if (activeMark && !shown.includes(activeMark)) card.close();
  };

  const openCard = async (mark: Mark, line: number) => {
    const entity = facts.entity(mark.entity);
    if (!entity) return;
    activeMark = mark;
    highlighter.setActive(mark.range);
    await card.open(
      { entity, index: facts, meta: data.meta, onPage: onPageIds(), amountsOnPage: amounts },
      mark.range,
      line,
    );
  };

  const clearTimers = () => {
    if (openTimer !== undefined) clearTimeout(openTimer);
    if (closeTimer !== undefined) clearTimeout(closeTimer);
    openTimer = closeTimer = undefined;
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
    const hit = shown.length > 0 ? hits.at(doc, x, y) : undefined;
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
        void openCard(hit.item, line);
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
      if (stopped || e.pointerType === 'touch') return;
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

  // The page changes after load (comments, live blogs, infinite scroll): read it again
  // once it settles. Our own card host is not the page's content.
  let rescanTimer: number | undefined;
  const observer = new MutationObserver((records) => {
    const ours = records.every((r) => {
      const t = r.target as Element;
      const el = t.nodeType === 1 ? t : t.parentElement;
      return (
        el?.closest?.(UI_TAG.toLowerCase()) || [...r.addedNodes, ...r.removedNodes].every((n) => n.nodeName === UI_TAG)
      );
    });
    if (ours || !settings.enabled) return;
    if (rescanTimer !== undefined) clearTimeout(rescanTimer);
    rescanTimer = ctx.setTimeout(() => {
      rescanTimer = undefined;
      scan();
      paint();
    }, RESCAN_DEBOUNCE_MS);
  });

  let scanned = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    clearTimers();
    observer.disconnect();
    card.destroy();
    highlighter.destroy();
    hits.clear();
    all = shown = [];
  };
  ctx.onInvalidated(stop);

  return {
    apply(next) {
      if (stopped) return;
      settings = next;
      if (settings.enabled && !scanned) {
        scan();
        scanned = true;
        observer.observe(doc.body ?? doc.documentElement, { childList: true, subtree: true, characterData: true });
      }
      paint();
      if (!settings.enabled) card.close();
    },
    digest() {
      const counts = new Map<string, number>();
      for (const m of shown) counts.set(m.entity, (counts.get(m.entity) ?? 0) + 1);
      const entities: EntityCount[] = [...counts]
        .map(([id, count]) => ({ id, count }))
        .sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
      return { status: settings.enabled ? 'active' : 'disabled', entities, mentions: shown.length };
    },
    stop,
  };
}
