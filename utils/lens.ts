/**
 * DealLens on one page: the scan finds the marks, the settings choose which are painted,
 * the card controller opens cards on them, and the digest tells the popup what the page
 * mentions. Everything it starts stops with `stop()` or with the content script's context.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { Deal, Entity, Meta } from '../data/schema.ts';
import { articleSignal } from './article-detect.ts';
import { createCardController } from './card-controller.ts';
import { createFactIndex, type FactIndex } from './facts.ts';
import { createHighlighter } from './highlighter.ts';
import { applyDensity, type Mark } from './marks.ts';
import type { Lexicon } from './matcher.ts';
import type { EntityCount, PageDigest } from './messaging.ts';
import { createPageScan, type ScanResult } from './page-scan.ts';
import { DEFAULT_SETTINGS, entityShown, newsSites, type Settings, siteState } from './settings.ts';
import { siteOf } from './sites.ts';

export interface Lens {
  /** Applies settings: marks the page, repaints, or clears everything. */
  apply(settings: Settings): void;
  digest(): PageDigest;
  /** Keyboard navigation between mentions (the manifest commands). */
  navigate(direction: 1 | -1): Promise<boolean>;
  /** Scrolls to the next mention of a company and opens its card (from the popup). */
  focusEntity(entity: string): Promise<boolean>;
  /** Removes every mark and listener. */
  stop(): void;
}

export interface LensData {
  meta: Meta;
  entities: Entity[];
  lexicon: Lexicon;
  /** The deals of these companies (the background holds them); undefined when unavailable. */
  loadDeals: (entityIds: string[]) => Promise<Deal[] | undefined>;
  /** Told after every repaint, for the toolbar badge. */
  onDigest?: (digest: PageDigest) => void;
}

/** Starts DealLens on `doc`. */
export function createLens(ctx: ContentScriptContext, doc: Document, data: LensData): Lens {
  const win = doc.defaultView as Window & typeof globalThis;
  const deals = new Map<string, Deal>();
  const requested = new Set<string>();
  let facts: FactIndex = createFactIndex({ meta: data.meta, entities: data.entities, deals: [] });
  const highlighter = createHighlighter(win);
  let settings: Settings = DEFAULT_SETTINGS;
  let result: ScanResult = { marks: [], amounts: new Map() };
  /** Marks of the companies the settings show (the digest counts these). */
  let visible: Mark[] = [];
  let stopped = false;
  let status: PageDigest['status'] = 'active';

  const cards = createCardController(ctx, doc, {
    facts: () => facts,
    meta: data.meta,
    highlighter,
    amounts: () => result.amounts,
  });

  // Fetch the deals of newly seen companies once, before a card can ask for them.
  const fetchDeals = async (ids: string[]) => {
    const missing = ids.filter((id) => !requested.has(id));
    if (missing.length === 0) return;
    for (const id of missing) requested.add(id);
    const got = await data.loadDeals(missing);
    if (!got) {
      for (const id of missing) requested.delete(id);
      return;
    }
    for (const d of got) deals.set(d.id, d);
    facts = createFactIndex({ meta: data.meta, entities: data.entities, deals: [...deals.values()] });
  };

  const paint = () => {
    visible = status === 'active' ? result.marks.filter((m) => entityShown(settings, m.entity)) : [];
    const painted = applyDensity(visible, settings.density);
    highlighter.set(painted.map((m) => m.range));
    cards.setMarks(painted);
    data.onDigest?.(digest());
  };

  const digest = (): PageDigest => {
    const counts = new Map<string, number>();
    for (const m of visible) counts.set(m.entity, (counts.get(m.entity) ?? 0) + 1);
    const entities: EntityCount[] = [...counts]
      .map(([id, count]) => ({ id, count }))
      .sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
    return { status, entities, mentions: visible.length };
  };

  const scan = createPageScan(ctx, doc, data.lexicon, (r) => {
    result = r;
    paint();
    void fetchDeals([...new Set(visible.map((m) => m.entity))]);
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
      const host = win.location.hostname;
      const site = siteState(next, host);
      status = site === 'on' ? 'active' : site;
      // Beyond the news sites (all-sites mode) only pages that look like articles are read,
      // unless the reader chose every page.
      if (
        status === 'active' &&
        !siteOf(host, newsSites(next)) &&
        next.allSitesScope === 'articles' &&
        !articleSignal(doc)
      ) {
        status = 'not-article';
      }
      if (status === 'active') scan.start();
      else {
        scan.stop();
        cards.close();
      }
      paint();
    },
    digest,
    navigate: (direction) => cards.step(direction),
    focusEntity: (entity) => cards.openEntity(entity),
    stop,
  };
}
