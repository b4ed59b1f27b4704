/**
 * Which mentions are painted, and when. Every mention is found and counted, but only the
 * marks around the viewport are turned into Ranges and painted at once; the rest are painted
 * as the reader scrolls to them (an IntersectionObserver on their blocks), and at most
 * `MAX_PAINTED` marks are painted at a time: past the cap, marks far from the viewport are
 * taken down to make room for those the reader reaches.
 */
import type { Highlighter } from './highlighter.ts';
import type { Mention } from './matcher.ts';
import type { LiveBlock, ScanContext, ScanTrace } from './page-scan.ts';
import { rangeFor } from './scanner.ts';

/** A company mention on the page, as the scanner hands it to the painter and the card. */
export interface Mark {
  /** Entity id. */
  entity: string;
  /** The characters of the mention (may span several text nodes). */
  range: Range;
  /** Id of the block (paragraph) it was found in. */
  block: number;
}

export type Density = 'all' | 'first-per-paragraph';

/** The most marks painted on a page at once (the page's digest still counts every mention). */
export const MAX_PAINTED = 5000;

/** The mentions of one block to paint: those of shown companies, thinned by the density setting. */
export function shownMentions(
  mentions: readonly Mention[],
  shown: (entity: string) => boolean,
  density: Density,
): Mention[] {
  // The common case, every mention shown: the list itself, no copy.
  if (density === 'all') {
    let all = true;
    for (let i = 0; i < mentions.length && all; i++) all = shown((mentions[i] as Mention).entity);
    if (all) return mentions as Mention[];
  }
  const out: Mention[] = [];
  const seen = density === 'all' ? undefined : new Set<string>();
  for (const m of mentions) {
    if (!shown(m.entity)) continue;
    if (seen) {
      if (seen.has(m.entity)) continue;
      seen.add(m.entity);
    }
    out.push(m);
  }
  return out;
}

export interface MarkPainter {
  /**
   * Blocks whose mentions appeared or went away (a changed block is in both). `fromScan`:
   * they come from a page scan, whose later blocks follow in document order.
   */
  update(added: readonly LiveBlock[], removed: Iterable<LiveBlock>, fromScan?: boolean): void;
  /** Chooses the observed blocks around the viewport again (after a full scan). */
  refresh(): void;
  /** Which companies are shown and how densely; everything is painted again. */
  setFilter(shown: (entity: string) => boolean, density: Density, blocks: Iterable<LiveBlock>): void;
  /** The painted marks, in document order. */
  marks(): readonly Mark[];
  /**
   * A block's marks, painted now if they are not (far from the reader: a keyboard step to
   * it), in text order; undefined when it has none to show or they cannot be painted.
   */
  marksOf(lb: LiveBlock): readonly Mark[] | undefined;
  /** How many marks are painted now. */
  readonly size: number;
  /** Takes every mark down and forgets every block. */
  clear(): void;
}

/** Screen heights above and below the viewport that count as "around" it. */
const NEAR_SCREENS = 1;
/** Blocks in a row found far from the viewport after which a batch stops measuring and leaves the rest to the observer. */
const FAR_STREAK = 32;
/** Blocks waiting to be painted that are observed at once (those nearest the viewport in document order). */
const OBSERVED_MAX = 300;
/** A batch this small (a live update) is painted without measuring where it is. */
const EAGER_BLOCKS = 16;

/** A painter onto `highlighter` for `doc`; `onPainted` is told after each change to the painted marks. */
export function createMarkPainter(
  ctx: Pick<ScanContext, 'onInvalidated' | 'addEventListener' | 'requestAnimationFrame'>,
  doc: Document,
  highlighter: Highlighter,
  onPainted: () => void,
  options: { cap?: number; trace?: ScanTrace; blocks?: () => readonly LiveBlock[] } = {},
): MarkPainter {
  const win = doc.defaultView as Window & typeof globalThis;
  const cap = options.cap ?? MAX_PAINTED;
  const inOrder = options.blocks ?? (() => []);
  let shown: (entity: string) => boolean = () => true;
  let density: Density = 'all';
  // A block handed over with marks to show waits for the reader to come near while it is not
  // painted. Nothing but the scan's list (`options.blocks`) holds the waiting blocks: on a
  // large page that is tens of thousands, and a map entry each cost the scan as much as a
  // block's candidates. The observer watches a window of them near the viewport.
  /** No block waits: a look at the whole list found none, and no block came since. Scrolling then costs nothing. */
  let noneWaiting = false;
  /** The observed elements and their waiting blocks (at most OBSERVED_MAX elements). */
  const waitingAt = new Map<Element, Set<LiveBlock>>();
  /** Painted blocks and their marks, oldest first. */
  const painted = new Map<LiveBlock, Mark[]>();
  let total = 0;
  let sorted: Mark[] | undefined;
  /** Index in document order of the block at the viewport when the observed window was chosen. */
  let windowAt = -1;
  let scrollFrame: number | undefined;

  const observer =
    typeof win.IntersectionObserver === 'function'
      ? new win.IntersectionObserver(
          (entries) => {
            const t0 = performance.now();
            let changed = false;
            for (const e of entries) {
              if (!e.isIntersecting) continue;
              const set = waitingAt.get(e.target);
              if (!set) continue;
              for (const lb of [...set]) changed = paintBlock(lb) || changed;
            }
            if (changed) done();
            options.trace?.('paint', t0, performance.now());
          },
          { rootMargin: `${NEAR_SCREENS * 100}% 0px` },
        )
      : undefined;

  const observe = (lb: LiveBlock) => {
    const el = elementOf(lb);
    if (!el || !observer) return;
    const set = waitingAt.get(el);
    if (set) set.add(lb);
    else if (waitingAt.size < OBSERVED_MAX) {
      waitingAt.set(el, new Set([lb]));
      observer.observe(el);
    }
  };

  /** The index (document order) of the first block not above the viewport; blocks are assumed laid out top to bottom. */
  const viewportIndex = (list: readonly LiveBlock[]): number => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const el = elementOf(list[mid] as LiveBlock);
      if (el && el.getBoundingClientRect().bottom < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  /**
   * Observes the waiting blocks nearest the viewport in document order. Observing every
   * block of a 5 MB page (tens of thousands) would make each frame's intersection pass a long
   * task; a window of OBSERVED_MAX, moved as the reader scrolls, keeps it small.
   */
  const refresh = (force = false) => {
    far = 0;
    const list = inOrder();
    if (!observer || list.length === 0) return;
    const at = viewportIndex(list);
    if (!force && windowAt >= 0 && Math.abs(at - windowAt) < OBSERVED_MAX / 4) return;
    windowAt = at;
    observer.disconnect();
    waitingAt.clear();
    const from = Math.max(0, at - OBSERVED_MAX / 2);
    let i = from;
    for (; i < list.length && waitingAt.size < OBSERVED_MAX; i++) {
      const lb = list[i] as LiveBlock;
      if (isWaiting(lb)) observe(lb);
    }
    // Read to the end and nothing to watch: if nothing above waits either, none does.
    if (i === list.length && waitingAt.size === 0) {
      let j = 0;
      while (j < from && !isWaiting(list[j] as LiveBlock)) j++;
      noneWaiting = j === from;
    }
  };

  ctx.addEventListener(
    win,
    'scroll',
    () => {
      if (scrollFrame !== undefined || noneWaiting) return;
      scrollFrame = ctx.requestAnimationFrame(() => {
        scrollFrame = undefined;
        refresh();
      });
    },
    { passive: true, capture: true },
  );

  const done = () => {
    sorted = undefined;
    onPainted();
  };

  const elementOf = (lb: LiveBlock): Element | undefined => (lb.el.nodeType === 1 ? (lb.el as Element) : undefined);

  /** -1: above the viewport's surroundings, 0: around it, 1: below, 2: not rendered. */
  const whereIs = (el: Element | undefined, screens = NEAR_SCREENS): -1 | 0 | 1 | 2 => {
    if (!el) return 0;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return 2;
    const margin = win.innerHeight * screens;
    if (r.bottom < -margin) return -1;
    if (r.top > win.innerHeight + margin) return 1;
    return 0;
  };

  /** Whether the block has marks to show and none painted (any shown mention: the density keeps the first of each). */
  const isWaiting = (lb: LiveBlock): boolean => {
    if (painted.has(lb)) return false;
    const mentions = lb.mentions;
    for (let i = 0; i < mentions.length; i++) if (shown((mentions[i] as Mention).entity)) return true;
    return false;
  };

  /** Stops watching the block for the reader (it is painted, or gone). */
  const unwait = (lb: LiveBlock) => {
    const el = elementOf(lb);
    const set = el && waitingAt.get(el);
    if (!el || !set?.delete(lb)) return;
    if (set.size === 0) {
      waitingAt.delete(el);
      observer?.unobserve(el);
    }
  };

  const unpaint = (lb: LiveBlock): boolean => {
    const marks = painted.get(lb);
    if (!marks) return false;
    painted.delete(lb);
    total -= marks.length;
    highlighter.remove(marks);
    return true;
  };

  // After a failed search for room, the next blocks in the same task do not search again:
  // the painted marks are all near the reader, and measuring them all per block would be quadratic.
  let roomless = false;
  /** Takes down painted marks far from the viewport until `room` more fit under the cap. */
  const makeRoom = (room: number): boolean => {
    if (total + room <= cap) return true;
    if (roomless || room > cap) return false;
    for (const lb of painted.keys()) {
      if (whereIs(elementOf(lb), NEAR_SCREENS * 2) === 0) continue;
      unpaint(lb);
      noneWaiting = false;
      observe(lb);
      if (total + room <= cap) return true;
    }
    roomless = true;
    queueMicrotask(() => {
      roomless = false;
    });
    return false;
  };

  /** Paints a waiting block if the cap allows; returns whether it did. */
  const paintBlock = (lb: LiveBlock): boolean => {
    if (painted.has(lb)) return false;
    const mentions = shownMentions(lb.mentions, shown, density);
    return mentions.length > 0 && paint(lb, mentions);
  };

  /**
   * Paints `mentions` of a block if the cap allows, and stops watching it for the reader (a
   * block handed over again may still be watched: it is not left to be painted twice);
   * returns whether it did.
   */
  const paint = (lb: LiveBlock, all: readonly Mention[]): boolean => {
    // One block with more mentions than the cap (a nav of thousands of links, one huge text)
    // paints its first ones, not none: half the cap, the other half left to the blocks beside it.
    const mentions = all.length > cap ? all.slice(0, Math.max(1, Math.floor(cap / 2))) : all;
    if (!makeRoom(mentions.length)) return false;
    unwait(lb);
    let marks: Mark[];
    try {
      marks = mentions.map((m) => ({ entity: m.entity, range: rangeFor(lb, m.start, m.end), block: lb.id }));
    } catch {
      // The page changed the block's text after it was read (its rescan is queued): skip it
      // rather than let one stale block stop the others from painting.
      return false;
    }
    painted.set(lb, marks);
    total += marks.length;
    highlighter.add(marks);
    return true;
  };

  const forget = (lb: LiveBlock): boolean => {
    unwait(lb);
    return unpaint(lb);
  };

  /**
   * Blocks in a row found far from the viewport, over the batches of one scan: past
   * FAR_STREAK the rest of the scan's blocks wait for the observer unmeasured (a scan reads
   * the page top to bottom after the part on screen, so they are far too).
   */
  let far = 0;

  /**
   * How many blocks at the start of `added` lie above the viewport's surroundings: found by
   * halving over the run of blocks in document order that `added` starts with (a settings
   * change's or a rescan's blocks are all in order), so a reader far down a long page costs a
   * few measurements, not one per block above.
   */
  const aboveCount = (added: readonly LiveBlock[]): number => {
    let ordered = 1;
    while (ordered < added.length && (added[ordered] as LiveBlock).order > (added[ordered - 1] as LiveBlock).order)
      ordered++;
    if (ordered < FAR_STREAK) return 0;
    let lo = 0;
    let hi = ordered;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (whereIs(elementOf(added[mid] as LiveBlock)) === -1) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const take = (added: readonly LiveBlock[], fromScan = false): boolean => {
    let changed = false;
    if (!fromScan) far = 0;
    // A live update's few blocks are painted at once, wherever they are: measuring them would
    // force a layout of the changed page in our task, and they are most likely where the reader is.
    const eager = !fromScan && added.length <= EAGER_BLOCKS;
    // Past a run of blocks far below, a scan's later blocks are below too: none is above.
    const above = eager || far >= FAR_STREAK ? 0 : aboveCount(added);
    for (let i = 0; i < added.length; i++) {
      const lb = added[i] as LiveBlock;
      const mentions = shownMentions(lb.mentions, shown, density);
      if (mentions.length === 0) continue;
      // Measure until a run of blocks is far below; the observer paints the rest when they come
      // near. Blocks above the viewport are no such run: what is on screen may follow them.
      const where = eager ? 0 : i < above ? -1 : far < FAR_STREAK ? whereIs(elementOf(lb)) : 1;
      if (where === 0) {
        if (!eager) far = 0;
        if (paint(lb, mentions)) {
          changed = true;
          continue;
        }
      } else if (where !== -1) far++;
      // Left to wait for the reader (a live update painted at once leaves scrolling free).
      noneWaiting = false;
      observe(lb);
    }
    return changed;
  };

  const clear = () => {
    far = 0;
    noneWaiting = false;
    observer?.disconnect();
    windowAt = -1;
    waitingAt.clear();
    painted.clear();
    total = 0;
    highlighter.clear();
    sorted = undefined;
  };
  ctx.onInvalidated(clear);

  return {
    refresh: () => refresh(true),
    update(added, removed, fromScan) {
      let changed = false;
      for (const lb of removed) changed = forget(lb) || changed;
      changed = take(added, fromScan) || changed;
      if (changed) done();
    },
    setFilter(nextShown, nextDensity, blocks) {
      shown = nextShown;
      density = nextDensity;
      clear();
      take([...blocks]);
      refresh(true);
      done();
    },
    marksOf(lb) {
      if (!painted.has(lb)) {
        if (!paintBlock(lb)) return undefined;
        done();
      }
      return painted.get(lb);
    },
    marks() {
      if (!sorted) {
        sorted = [...painted].sort((a, b) => a[0].order - b[0].order).flatMap(([, marks]) => marks);
      }
      return sorted;
    },
    get size() {
      return total;
    },
    clear() {
      const had = total > 0;
      clear();
      if (had) done();
    },
  };
}
