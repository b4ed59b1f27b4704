/**
 * DealLens on one page: the scan finds the marks, the settings choose which are painted,
 * the card controller opens cards on them, and the digest tells the popup what the page
 * mentions. Everything it starts stops with `stop()` or with the content script's context.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { Deal, Meta, PageEntity } from '../data/schema.ts';
import { articleSignal } from './article-detect.ts';
import { createCardController, openModal } from './card-controller.ts';
import type { PageFacts } from './facts.ts';
import { createHighlighter, isLargePage } from './highlighter.ts';
import { compareStarts } from './hit-test.ts';
import { createMarkPainter, type Mark } from './marks.ts';
import type { Lexicon } from './matcher.ts';
import type { DealsReply, EntityCount, PageDigest } from './messaging.ts';
import { createPageScan, firstBlockAfter, type LiveBlock } from './page-scan.ts';
import { createScope } from './scope.ts';
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
  /** The companies, without descriptions where the bundle leaves them out (`loadDeals` brings them). */
  entities: PageEntity[];
  lexicon: Lexicon;
  /** The deals and descriptions of these companies (the background holds them); undefined when unavailable. */
  loadDeals: (entityIds: string[]) => Promise<DealsReply | undefined>;
  /** Ids of the reader's own companies among `entities`. */
  ownEntities?: readonly string[];
  /** Told after every repaint, for the toolbar badge. */
  onDigest?: (digest: PageDigest) => void;
  /**
   * The page rewrote itself whole (`document.open`): the browser took away the lens's
   * listeners, so the lens has stopped and a new one is wanted.
   */
  onRewritten?: () => void;
}

/** Longest wait before the background hears of a changed digest. */
const DIGEST_MS = 100;

/** Whether the page renders `el` (not inside `display: none`, a closed popover and the like). */
function isRendered(el: Element): boolean {
  return el.nodeType !== 1 || typeof el.checkVisibility !== 'function' || el.checkVisibility();
}

/** Starts DealLens on `doc`. */
export function createLens(ctx: ContentScriptContext, doc: Document, data: LensData): Lens {
  const win = doc.defaultView as Window & typeof globalThis;
  // Everything this lens starts stops with `stop()`, not only with the content script.
  const scope = createScope(ctx, win);
  const deals = new Map<string, Deal>();
  const requested = new Set<string>();
  /** The reader's own companies and deals, marked "Your fact" in cards. */
  const own = new Set<string>(data.ownEntities ?? []);
  /** Companies with the description, homepage and tickers the background sent. */
  const profiled = new Map<string, PageEntity>();
  const byId = new Map(data.entities.map((e) => [e.id, e]));
  /** The facts as cards show them now: a new object whenever deals or descriptions arrive. */
  const pageFacts = (): PageFacts => ({
    meta: data.meta,
    entities: data.entities.map((e) => profiled.get(e.id) ?? e),
    deals: [...deals.values()],
  });
  let facts = pageFacts();
  const highlighter = createHighlighter(win);
  let settings: Settings = DEFAULT_SETTINGS;
  let stopped = false;
  let status: PageDigest['status'] = 'active';

  const cards = createCardController(ctx, doc, {
    facts: () => facts,
    meta: data.meta,
    highlighter,
    amounts: () => scan.amounts(),
    own: () => own,
    within: scope,
    // The page's companies, painted or not (a card ranks deals by them), as the digest counts them.
    onPage: () => new Set(digest().entities.map((e) => e.id)),
    mentionAfter: (from, direction, entity) => mentionAfter(from, direction, entity),
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
    for (const d of got.deals) deals.set(d.id, d);
    for (const id of got.own) own.add(id);
    for (const profile of got.profiles ?? []) {
      const e = byId.get(profile.id);
      if (e) profiled.set(e.id, { ...e, ...profile });
    }
    facts = pageFacts();
    // A card opened before its deals arrived shows them now.
    cards.refresh();
  };
  /** Asks for the deals of every company the page shows that has not been asked for. */
  const fetchShownDeals = () =>
    fetchDeals([...scan.counts()].filter(([id, n]) => n > 0 && shown(id)).map(([id]) => id));

  const shown = (entity: string) => status === 'active' && entityShown(settings, entity);

  // The digest goes to the background at most once per DIGEST_MS: a sliced scan changes it every few milliseconds.
  let digestTimer: number | undefined;
  /** The digest last handed on (painting as the reader scrolls asks again and again; most asks change nothing). */
  let lastDigest = '';
  /** Hands the digest on; unless `always`, only when it changed (a lost message is re-sent by the next settings change). */
  const sendDigest = (always = false) => {
    if (stopped || !data.onDigest) return;
    const next = digest();
    const key = JSON.stringify(next);
    if (key === lastDigest && !always) return;
    lastDigest = key;
    data.onDigest(next);
  };
  const digestChanged = () => {
    if (digestTimer !== undefined || !data.onDigest) return;
    digestTimer = scope.setTimeout(() => {
      digestTimer = undefined;
      sendDigest();
    }, DIGEST_MS);
  };

  // New marks painted may be text the page has just shown (an article revealed once its
  // scripts ran): the digest, which leaves out what the page does not render, is taken again.
  const painter = createMarkPainter(
    scope,
    doc,
    highlighter,
    () => {
      cards.setMarks(painter.marks());
      digestChanged();
    },
    {
      blocks: () => scan.blocks(),
    },
  );

  /**
   * The mention after (1) or before (-1) `from` in document order over every block the scan
   * holds (of `entity` when given), wrapping, painted so its card can open; without `from`
   * (or with one no longer on the page), the page's first or last. Text the page does not
   * render (a closed menu, a headline kept for another screen size) is passed over.
   */
  const mentionAfter = (from: Mark | undefined, direction: 1 | -1, entity?: string): Mark | undefined => {
    const blocks = scan.blocks();
    const n = blocks.length;
    if (n === 0) return undefined;
    const wanted = (m: Mark) => entity === undefined || m.entity === entity;
    // With a modal dialog open, the rest of the page is inert: only mentions inside it are reachable.
    const modal = openModal(doc);
    const marksIn = (lb: LiveBlock): readonly Mark[] => {
      if (!lb.mentions.some((m) => shown(m.entity) && (entity === undefined || m.entity === entity))) return [];
      const el = lb.el as Element;
      if (modal && !modal.contains(el)) return [];
      if (!isRendered(el)) return [];
      return painter.marksOf(lb)?.filter(wanted) ?? [];
    };
    const ref = from?.range.startContainer.isConnected ? from.range : undefined;
    let at = direction === 1 ? -1 : n;
    if (ref && from) {
      // Its block, by id; after a rescan (new ids), the last block that starts before it.
      at = blocks.findIndex((lb) => lb.id === from.block);
      if (at < 0) at = firstBlockAfter(blocks, ref.startContainer) - 1;
      if (at >= 0) {
        // Past it, in its own block: the marks that start after (or before) it.
        const own = marksIn(blocks[at] as LiveBlock);
        const beyond = own.filter((m) => compareStarts(m.range, ref) * direction > 0);
        const next = direction === 1 ? beyond[0] : beyond[beyond.length - 1];
        if (next) return next;
      } else if (direction === -1) at = n;
    }
    // The blocks after it, round to itself (wrapping past the end brings back its first marks).
    for (let step = 1; step <= n; step++) {
      const list = marksIn(blocks[(((at + direction * step) % n) + n) % n] as LiveBlock);
      if (list.length > 0) return direction === 1 ? list[0] : list[list.length - 1];
    }
    return undefined;
  };

  /**
   * Of `ids`, those named somewhere the page renders: a company named only in text it does not
   * show (a menu until hovered, a headline kept for another screen size) is on no mark a reader
   * can see, and the popup could not take them to it. Each is settled at its first block shown,
   * mostly near the top, so the blocks are read through only for a company the page hides.
   */
  const rendered = (ids: Set<string>): Set<string> => {
    const open = new Set(ids);
    const seen = new Map<Element, boolean>();
    for (const lb of scan.blocks()) {
      if (open.size === 0) break;
      if (!lb.mentions.some((m) => open.has(m.entity))) continue;
      const el = lb.el as Element;
      let visible = seen.get(el);
      if (visible === undefined) {
        visible = isRendered(el);
        seen.set(el, visible);
      }
      if (visible) for (const m of lb.mentions) open.delete(m.entity);
    }
    for (const id of open) ids.delete(id);
    return ids;
  };

  const digest = (): PageDigest => {
    const entities: EntityCount[] = [];
    let mentions = 0;
    const named = new Set<string>();
    for (const [id, count] of scan.counts()) if (count > 0 && shown(id)) named.add(id);
    const visible = rendered(named);
    for (const [id, count] of scan.counts()) {
      if (!visible.has(id)) continue;
      entities.push({ id, count });
      mentions += count;
    }
    entities.sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
    return { status, entities, mentions };
  };

  const scan = createPageScan(scope, doc, data.lexicon, {
    onChange(added, removed, fromScan) {
      // A feed that grows by small batches (no rescan) can become large too.
      if (!fromScan) highlighter.setLarge(isLargePage(doc));
      painter.update(added, removed, fromScan);
      digestChanged();
      void fetchShownDeals();
    },
    onScanned: () => {
      // A page that grew (infinite scroll) may have become large.
      highlighter.setLarge(isLargePage(doc));
      painter.refresh();
    },
    onReset: () => painter.clear(),
    onRewritten: () => {
      stop();
      data.onRewritten?.();
    },
  });

  const stop = () => {
    if (stopped) return;
    stopped = true;
    // The parts (cards, painter, scan) stop as they would with the content script.
    scope.end();
    highlighter.destroy();
  };
  scope.onInvalidated(stop);

  return {
    apply(next) {
      if (stopped) return;
      settings = next;
      cards.setSettings(next);
      const host = win.location.hostname;
      const site = siteState(next, host);
      status = site === 'on' ? 'active' : site;
      // The browser's PDF viewer: its text is in a frame of the viewer's own, which no extension reads.
      if (status === 'active' && doc.contentType === 'application/pdf') status = 'pdf';
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
      highlighter.setStyle({ style: next.markStyle, colors: next.markColors });
      painter.setFilter(shown, next.density, scan.blocks());
      if (status === 'active' && !scan.scanning && scan.blocks().length === 0) highlighter.setLarge(isLargePage(doc));
      if (status === 'active') scan.start();
      else {
        scan.stop();
        cards.close();
      }
      sendDigest(true);
      // A company switched back on needs its deals too.
      void fetchShownDeals();
    },
    digest,
    navigate: (direction) => cards.step(direction),
    // Its next mention, painted or not (`mentionAfter` paints it).
    focusEntity: (entity) => (stopped ? Promise.resolve(false) : cards.openEntity(entity)),
    stop,
  };
}
