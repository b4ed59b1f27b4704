/**
 * DealLens on one page: the scan finds the marks, the settings choose which are painted,
 * the card controller opens cards on them, and the digest tells the popup what the page
 * mentions. Everything it starts stops with `stop()` or with the content script's context.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { Dataset } from '../data/schema.ts';
import { createCardController } from './card-controller.ts';
import { createFactIndex } from './facts.ts';
import { createHighlighter } from './highlighter.ts';
import { applyDensity, type Mark } from './marks.ts';
import type { Lexicon } from './matcher.ts';
import type { EntityCount, PageDigest } from './messaging.ts';
import { createPageScan, type ScanResult } from './page-scan.ts';
import { DEFAULT_SETTINGS, entityShown, type Settings } from './settings.ts';

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
  let settings: Settings = DEFAULT_SETTINGS;
  let result: ScanResult = { marks: [], amounts: new Map() };
  /** Marks of the companies the settings show (the digest counts these). */
  let visible: Mark[] = [];
  let stopped = false;

  const cards = createCardController(ctx, doc, { facts, meta: data.meta, highlighter, amounts: () => result.amounts });

  const paint = () => {
    visible = result.marks.filter((m) => entityShown(settings, m.entity));
    const painted = applyDensity(visible, settings.density);
    highlighter.set(painted.map((m) => m.range));
    cards.setMarks(painted);
  };

  const scan = createPageScan(ctx, doc, lexicon, (r) => {
    result = r;
    paint();
  });

  const stop = () => {
    if (stopped) return;
    stopped = true;
    scan.stop();
    cards.destroy();
    highlighter.destroy();
    visible = [];
  };
  ctx.onInvalidated(stop);

  return {
    apply(next) {
      if (stopped) return;
      settings = next;
      cards.setSettings(next);
      if (settings.enabled) scan.start();
      else scan.stop();
      paint();
      if (!settings.enabled) cards.close();
    },
    digest() {
      const counts = new Map<string, number>();
      for (const m of visible) counts.set(m.entity, (counts.get(m.entity) ?? 0) + 1);
      const entities: EntityCount[] = [...counts]
        .map(([id, count]) => ({ id, count }))
        .sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
      return { status: settings.enabled ? 'active' : 'disabled', entities, mentions: visible.length };
    },
    stop,
  };
}
