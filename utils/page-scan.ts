/**
 * Finds the mentions on a page and keeps them current as the page changes. The first read
 * (and any full rescan) runs in slices of a few milliseconds that yield to the page, the
 * part of the page on screen first. After that one batched MutationObserver rescans only
 * what changed: added subtrees and edited text are read again, removed nodes drop their
 * blocks, and a batch too large to patch becomes a full (sliced) rescan, as does an SPA
 * navigation. It only reads the DOM; painting is the listener's (see marks.ts).
 *
 * Detection stays the same as `detectBlocks` over the whole page: the one page-level input,
 * whether the page is about these companies, is a running count of the unambiguous
 * mentions in the blocks alive now; when it crosses the threshold either way, the blocks
 * with ambiguous names are decided again.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { anyVetoedOut, decideBlock, HEADING_EVIDENCE, isPageAbout, unambiguousCount } from './detect.ts';
import { amountsIn } from './facts.ts';
import { FoundBlock } from './found-block.ts';
import { isLargePage } from './highlighter.ts';
import { createHitWalker, type HitWalker, type HitWalkerOptions } from './hit-walker.ts';
import { type Candidate, type CompiledAlias, type Lexicon, type Mention, matchCandidates } from './matcher.ts';
import {
  type Block,
  blockAround,
  blockElementOf,
  createBlockWalker,
  elementOf,
  insideSkipped,
  isInline,
  isSkipped,
  skippedUpTo,
  UI_TAG,
} from './scanner.ts';

/** Main-thread time one slice of a scan may take before it yields to the page. */
export const SLICE_MS = 8;
/** The share of a slice the walk itself may take. */
const READ_SHARE = 0.6;
/** The index of the first of `blocks` (in document order) that starts after `node`: where `node` falls among them. */
export function firstBlockAfter(blocks: readonly LiveBlock[], node: Node): number {
  let lo = 0;
  let hi = blocks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    // A block read from its element's text has no nodes once the page changed that text.
    const b = blocks[mid] as LiveBlock;
    const other = b.nodes[0] ?? b.el;
    // FOLLOWING (4): `other` comes after `node`.
    if (node.compareDocumentPosition(other) & 4) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Order keys of the blocks before the subtree on screen (read last): below those of every other block of the scan. */
const BEFORE_KEYS = -(2 ** 40);

/** Scans that lose their place in a row: the first LOST_RETRIES - 1 start again at once, the next waits for an idle period. */
const LOST_RETRIES = 3;
/** The longest the first read waits for the page to be idle (ms). */
export const FIRST_SCAN_IDLE_TIMEOUT = 1000;
/**
 * How long the address must stay still after an SPA navigation before the page is read again
 * (ms). The browser announces a navigation before the app draws its new view (which the
 * observer reads as it comes anyway); a page that rewrites its address every frame (a reading
 * position, a scroll-spy's query) would otherwise be read again and again.
 */
const NAV_QUIET = 500;
/** Changed subtrees in one mutation batch past which a full rescan is cheaper than patching. */
export const FULL_RESCAN_ROOTS = 200;
/** Elements under the changed subtrees of one batch past which the batch becomes a full (sliced) rescan. */
export const FULL_RESCAN_ELEMENTS = 3000;

/**
 * One block of the page that holds a company name or a dollar amount, with its mentions
 * (a `FoundBlock` the scan has kept; what the painter and the card may rely on).
 */
export interface LiveBlock extends Block {
  /** Unique for the life of the scan. */
  readonly id: number;
  /** Position in document order, comparable between blocks (fractional after live updates). */
  order: number;
  readonly candidates: readonly Candidate[];
  /** The decided mentions, offsets into `text`. */
  mentions: Mention[];
  /** Unambiguous candidates: this block's share of the page-level evidence. */
  readonly unambiguous: number;
  /** Whether any candidate is ambiguous (its decision can depend on the rest of the page). */
  readonly ambiguous: boolean;
  /** The page-level evidence the mentions were decided with. */
  pageAbout: boolean;
  /** A title-case heading whose ambiguous names depend on the companies named elsewhere on the page. */
  title: boolean;
  /** Dollar amounts the block states. */
  readonly amounts: ReadonlyMap<number, number> | undefined;
}

export interface PageScanListener {
  /**
   * Blocks whose mentions appeared (`added`), or went away (`removed`). A block whose
   * mentions changed is in both: first removed, then added with its new mentions.
   */
  onChange(added: readonly LiveBlock[], removed: readonly LiveBlock[], fromScan: boolean): void;
  /** A scan (the first, or a full rescan) has read the whole page. */
  onScanned?(): void;
  /** The scan stopped and forgot every block: take every mark down. */
  onReset?(): void;
  /**
   * The page put a new element in place of its whole one (`document.open` and `write`), which
   * also takes away every event listener of the document and the window, ours with them.
   */
  onRewritten?(): void;
}

/** Timing hook for the benchmark: one call per stretch of main-thread work. */
export type ScanTrace = (kind: 'scan' | 'update' | 'paint', start: number, end: number) => void;

/** What the scan needs of the content script's context (a fake one in tests and the benchmark). */
export type ScanContext = Pick<
  ContentScriptContext,
  'onInvalidated' | 'isInvalid' | 'requestAnimationFrame' | 'requestIdleCallback' | 'setTimeout' | 'addEventListener'
> & {
  /** Cancels a frame asked for through `requestAnimationFrame`. */
  cancelAnimationFrame(id: number): void;
};

export interface PageScan {
  /** Reads the page (sliced) and starts following its changes. */
  start(): void;
  /** Stops following changes and forgets every block (the listener is told they went away). */
  stop(): void;
  /** Every live block with a mention or an amount, in document order. */
  blocks(): readonly LiveBlock[];
  /** Mentions per company over the whole page. */
  counts(): ReadonlyMap<string, number>;
  /** Dollar amounts the page states and how often ("$38 billion" → 38e9 → 2). */
  amounts(): ReadonlyMap<number, number>;
  /** Whether a sliced scan is under way. */
  readonly scanning: boolean;
}

/** Yields to the page: `scheduler.yield()` where it exists (no 4 ms timer clamp), a message otherwise. */
function yieldToPage(win: Window & typeof globalThis): Promise<void> {
  const scheduler = (win as unknown as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/** A scanner for `doc` bound to the content script's lifetime. */
export function createPageScan(
  ctx: ScanContext,
  doc: Document,
  lexicon: Lexicon,
  listener: PageScanListener,
  options: {
    trace?: ScanTrace;
    /** Whether the first read waits for an idle period (by default: on a large page). */
    startWhenIdle?: boolean;
    /**
     * For tests: the read's milliseconds per slice (SLICE_MS × READ_SHARE; 0 stops it at every
     * look at the clock) and how the walk reads (how often it looks, whether paragraphs whole).
     */
    readMs?: number;
    /** For tests: NAV_QUIET. */
    navQuietMs?: number;
    walk?: Pick<HitWalkerOptions, 'clockEvery' | 'chunks'>;
  } = {},
): PageScan {
  const win = doc.defaultView as Window & typeof globalThis;
  const trace = options.trace;
  /**
   * Live blocks by the element they live in (several blocks can share one), for the live
   * updates: built from `ordered` when a change first needs it, then kept up to date. A scan
   * does not build it: on a large page that is a map entry and a list for every block with a
   * name, which most pages never look up.
   */
  let byEl: Map<Node, LiveBlock[]> | undefined;
  /** Blocks with an ambiguous candidate, by the page-level evidence they were decided with (`pageAbout`). */
  const ambiguousBlocks = { about: new Set<LiveBlock>(), notAbout: new Set<LiveBlock>() };
  const decidedWith = (pageAbout: boolean) => (pageAbout ? ambiguousBlocks.about : ambiguousBlocks.notAbout);
  const counts = new Map<string, number>();
  /** Title-case headings with an ambiguous name (`LiveBlock.title`), decided again when `named` moves. */
  const titleBlocks = new Set<LiveBlock>();
  /** Mentions per company outside those headings: what a heading's name is decided by. */
  const outsideCounts = new Map<string, number>();
  /**
   * Bumped when a company's count outside the headings crosses HEADING_EVIDENCE, the only
   * change a heading's decision can see; `titleNamed` is what the headings were decided with.
   */
  let named = 0;
  let titleNamed = 0;
  let unambiguous = 0;
  /** Veto phrases on the page per alias they veto, and the blocks they can touch (a veto phrase or an alias one can veto). */
  const vetoCounts = new Map<number, number>();
  const vetoBlocks = new Set<LiveBlock>();
  const vetoed = (alias: number) => (vetoCounts.get(alias) ?? 0) > 0;
  /** Bumped when an alias becomes vetoed or stops being; `vetoDecided` is what the blocks were decided with. */
  let vetoMoved = 0;
  let vetoDecided = 0;
  let nextId = 1;
  let observer: MutationObserver | undefined;
  let queued: MutationRecord[] = [];
  /** The walk of the scan running, between its slices. */
  let reading: HitWalker | undefined;
  let frame: number | undefined;
  let generation = 0;
  let scanning = false;
  /** Scans in a row that lost their place (see LOST_RETRIES). */
  let lostInARow = 0;
  let amountsCache: Map<number, number> | undefined;
  let running = false;
  /** Live blocks with a mention or an amount, in document order. */
  let ordered: LiveBlock[] = [];

  /**
   * How often the page names `entity` outside its title-case headings that asked (and
   * outside `lb`), for detect's rule 8 in a heading: no heading's name vouches for another's.
   * `asked` records that a decision asked.
   */
  let asked = false;
  const outside = (lb?: LiveBlock) => (entity: string) => {
    asked = true;
    let n = outsideCounts.get(entity) ?? 0;
    if (lb && !lb.title) for (const m of lb.mentions) if (m.entity === entity) n--;
    return n;
  };

  /** Keeps a found block (its decisions and evidence filled in), or undefined when it holds neither a candidate nor an amount. */
  const makeBlock = (block: FoundBlock, order: number, pageAbout: boolean): LiveBlock | undefined => {
    const candidates = block.candidates;
    const amounts = block.text.includes('$') ? amountsIn(block.text) : undefined;
    if (candidates.length === 0 && (!amounts || amounts.size === 0)) return undefined;
    // Indexed loops: this runs for every block of a page, mostly before the engine has
    // optimised it, where a `for…of` or a callback allocates per step.
    let cued = false;
    let ambiguous = false;
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i] as Candidate;
      if (!c.needsCue) continue;
      cued = true;
      if (!c.suffixed) ambiguous = true;
    }
    // Unambiguous candidates are the mentions as they are (a candidate is a mention with more
    // fields), unless a veto phrase is among them or the page vetoes one of them now.
    const vetoing = anyVetoedOut(lexicon, candidates, vetoed);
    asked = false;
    block.mentions =
      cued || vetoing ? decideBlock(lexicon, block.text, candidates, pageAbout, outside(), vetoed) : candidates;
    block.id = nextId++;
    block.order = order;
    block.unambiguous = ambiguous || vetoing ? unambiguousCount(candidates, lexicon, vetoed) : candidates.length;
    block.ambiguous = ambiguous;
    block.pageAbout = pageAbout;
    block.title = asked;
    block.amounts = amounts;
    return block;
  };

  const count = (lb: LiveBlock, sign: 1 | -1) => {
    const mentions = lb.mentions;
    for (let i = 0; i < mentions.length; i++) {
      const entity = (mentions[i] as Mention).entity;
      counts.set(entity, (counts.get(entity) ?? 0) + sign);
      if (lb.title) continue;
      const before = outsideCounts.get(entity) ?? 0;
      outsideCounts.set(entity, before + sign);
      if (before >= HEADING_EVIDENCE !== before + sign >= HEADING_EVIDENCE) named++;
    }
  };

  const index = (): Map<Node, LiveBlock[]> => {
    if (byEl) return byEl;
    byEl = new Map();
    for (let i = 0; i < ordered.length; i++) indexBlock(byEl, ordered[i] as LiveBlock);
    return byEl;
  };

  const indexBlock = (map: Map<Node, LiveBlock[]>, lb: LiveBlock) => {
    const list = map.get(lb.el);
    if (list) list.push(lb);
    else map.set(lb.el, [lb]);
  };

  /** Counts the block's veto phrases in (+1) or out (-1); a veto that starts or ends on the page bumps `vetoMoved`. */
  const countVetoes = (lb: LiveBlock, sign: 1 | -1) => {
    if (!lexicon.vetoes) return;
    let touches = false;
    // By index: run for every block a scan keeps, where an iterator per loop is garbage to collect.
    const candidates = lb.candidates;
    for (let i = 0; i < candidates.length; i++) {
      const a = lexicon.aliases[(candidates[i] as Candidate).alias] as CompiledAlias;
      if (a.vetoable) touches = true;
      if (a.veto < 0) continue;
      touches = true;
      const before = vetoCounts.get(a.veto) ?? 0;
      vetoCounts.set(a.veto, before + sign);
      if (before === 0 || before + sign === 0) vetoMoved++;
    }
    if (!touches) return;
    if (sign > 0) vetoBlocks.add(lb);
    else vetoBlocks.delete(lb);
  };

  /** Counts a block in (it goes into `ordered` too: that is the caller's). */
  const insert = (lb: LiveBlock) => {
    countVetoes(lb, 1);
    if (byEl) indexBlock(byEl, lb);
    unambiguous += lb.unambiguous;
    if (lb.ambiguous) decidedWith(lb.pageAbout).add(lb);
    if (lb.title) titleBlocks.add(lb);
    count(lb, 1);
    amountsCache = undefined;
  };

  /** Counts a block out (it leaves `ordered` too: that is the caller's). */
  const remove = (lb: LiveBlock) => {
    const list = byEl?.get(lb.el);
    if (list) {
      const i = list.indexOf(lb);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) byEl?.delete(lb.el);
    }
    unambiguous -= lb.unambiguous;
    countVetoes(lb, -1);
    decidedWith(lb.pageAbout).delete(lb);
    count(lb, -1);
    titleBlocks.delete(lb);
    amountsCache = undefined;
  };

  /** Decides `lb` again with the page-level evidence now; true when its mentions changed. */
  const decideAgain = (lb: LiveBlock): boolean => {
    asked = false;
    const next = decideBlock(lexicon, lb.text, lb.candidates, lb.pageAbout, outside(lb), vetoed);
    const same = next.length === lb.mentions.length && next.every((m, i) => m.start === lb.mentions[i]?.start);
    if (same && asked === lb.title) return false;
    // Counted out as what it was, and in again as what it is (a heading or not).
    count(lb, -1);
    if (asked !== lb.title) {
      lb.title = asked;
      if (asked) titleBlocks.add(lb);
      else titleBlocks.delete(lb);
    }
    lb.mentions = next;
    count(lb, 1);
    return !same;
  };

  /** Decides the ambiguous blocks again when the page-level evidence has changed; returns those whose mentions changed. */
  const redecide = (): LiveBlock[] => {
    const changed: LiveBlock[] = [];
    /** Blocks in `changed` already (a block can be decided again for two reasons). */
    const seen = new Set<LiveBlock>();
    // A veto phrase came onto the page or left it: the blocks it can touch are decided again
    // first, as their share of the evidence (`unambiguous`) changes with it.
    if (vetoMoved !== vetoDecided) {
      vetoDecided = vetoMoved;
      for (const lb of vetoBlocks) {
        const share = unambiguousCount(lb.candidates, lexicon, vetoed);
        unambiguous += share - lb.unambiguous;
        (lb as FoundBlock).unambiguous = share;
        if (decideAgain(lb)) {
          changed.push(lb);
          seen.add(lb);
        }
      }
    }
    const pageAbout = isPageAbout(unambiguous);
    // Only the blocks decided with the other answer (asked after every slice of a scan: most of the time there are none).
    const stale = decidedWith(!pageAbout);
    if (stale.size > 0) {
      const now = decidedWith(pageAbout);
      for (const lb of stale) {
        lb.pageAbout = pageAbout;
        now.add(lb);
        if (decideAgain(lb) && !seen.has(lb)) {
          changed.push(lb);
          seen.add(lb);
        }
      }
      stale.clear();
    }
    // Headings, when the companies named elsewhere have changed since they were decided.
    if (named !== titleNamed) {
      titleNamed = named;
      for (const lb of titleBlocks) if (decideAgain(lb) && !seen.has(lb)) changed.push(lb);
    }
    // In document order, as the blocks were first handed out (the painter's cap favours the first).
    if (changed.length > 1) changed.sort((a, b) => a.order - b.order);
    return changed;
  };

  const emit = (added: LiveBlock[], removed: LiveBlock[]) => {
    if (added.length > 0 || removed.length > 0) listener.onChange(added, removed, scanning);
  };

  // --- The sliced full scan ------------------------------------------------------------

  /**
   * The subtree on screen, read first: the largest element at the top of the viewport that is
   * not much taller than the viewport (what follows it, read next, is the rest of the screen).
   * Found from the body down, halving over each element's children by their boxes (children
   * are laid out in document order): no hit test, which on a page of 300,000 paragraphs cost
   * 30–55 ms a call, and which at a margin between two paragraphs finds only the body.
   */
  const visibleRoot = (): Element | undefined => {
    if (!doc.body || (win.scrollY === 0 && win.scrollX === 0)) return undefined; // document order is visible-first
    const tall = win.innerHeight * 3;
    for (let at: Element = doc.body; ; ) {
      const children = at.children;
      // The first child whose box ends below the viewport's top: the one there, or the next below a gap.
      let lo = 0;
      let hi = children.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((children[mid] as Element).getBoundingClientRect().bottom <= 0) lo = mid + 1;
        else hi = mid;
      }
      const el = children[lo];
      if (!el || isInline(el) || isSkipped(el)) return undefined;
      const box = el.getBoundingClientRect();
      if (box.top > win.innerHeight) return undefined;
      if (box.height <= tall) return el;
      at = el;
    }
  };

  const fullScan = async () => {
    const gen = ++generation;
    scanning = true;
    // A rescan is built beside the marks already there and swapped in at the end, so marks
    // never blink; the first scan hands over its blocks slice by slice, so marks appear early.
    const progressive = ordered.length === 0;
    const fresh: LiveBlock[] = [];
    let order = 0;
    let provisional = 0;
    const first = visibleRoot();
    /** Blocks taken back after they were handed to the listener: removed with the next change. */
    let takenBack: LiveBlock[] = [];
    const onRevoke = (lb: FoundBlock) => {
      // Kept blocks have an id; one that held nothing worth keeping was never handed on.
      if (lb.id === 0) return;
      const drop = (list: LiveBlock[]) => {
        const i = list.lastIndexOf(lb);
        if (i >= 0) list.splice(i, 1);
      };
      drop(fresh);
      provisional -= lb.unambiguous;
      if (progressive) {
        drop(ordered);
        remove(lb);
        takenBack.push(lb);
      }
    };
    // Scrolled: the subtree on screen first, then what follows it (the rest of the screen,
    // on a page of paragraphs one after another), then what precedes it. The part before it
    // is given order keys below every other (BEFORE_KEYS), so the keys stay in document order.
    const walkers: HitWalker[] = first
      ? [
          createHitWalker(lexicon, first, { ...options.walk, onRevoke }),
          createHitWalker(lexicon, doc, { ...options.walk, exclude: { el: first, part: 'after' }, onRevoke }),
          createHitWalker(lexicon, doc, { ...options.walk, exclude: { el: first, part: 'before' }, onRevoke }),
        ]
      : [createHitWalker(lexicon, doc, { ...options.walk, onRevoke })];
    const scratch: FoundBlock[] = [];
    for (let w = 0; w < walkers.length; ) {
      const t0 = performance.now();
      // The walk gets part of the slice: turning what it found into blocks and marks takes the rest.
      const until = t0 + (options.readMs ?? SLICE_MS * READ_SHARE);
      const walker = walkers[w] as HitWalker;
      reading = walker;
      const added: LiveBlock[] = [];
      scratch.length = 0;
      const finished = walker.read(scratch, until);
      const keys = w === 2 ? BEFORE_KEYS : 0;
      scratch.forEach((found) => {
        // Provisional evidence only grows during a scan; blocks decided without it are decided again.
        const lb = makeBlock(found, keys + order++, isPageAbout(provisional));
        if (!lb) return;
        provisional += lb.unambiguous;
        fresh.push(lb);
        added.push(lb);
      });
      if (walker.lost) {
        // The page pulled the ground from under the walk: start again on what is there now.
        // A page that keeps doing so (a list re-sorted all the time) is read again once it is
        // idle, not over and over while it moves; its changes wait as during any scan.
        reading = undefined;
        if (gen !== generation) return;
        if (++lostInARow < LOST_RETRIES) {
          scanning = false;
          queueMicrotask(() => void fullScan());
        } else {
          ctx.requestIdleCallback(
            () => {
              if (gen === generation && observer) void fullScan();
            },
            { timeout: FIRST_SCAN_IDLE_TIMEOUT },
          );
        }
        return;
      }
      if (progressive) {
        for (let i = 0; i < added.length; i++) insert(added[i] as LiveBlock);
        ordered.push(...added);
        const changed = redecide().filter((lb) => !added.includes(lb));
        // The blocks so far are all counted in now: the running count is the provisional
        // evidence (a veto may have changed some blocks' share since they were made).
        provisional = unambiguous;
        emit([...added, ...changed], [...takenBack, ...changed]);
        takenBack = [];
      }
      trace?.('scan', t0, performance.now());
      if (finished) w++;
      if (w >= walkers.length) break;
      await yieldToPage(win);
      if (gen !== generation || ctx.isInvalid) return;
    }
    reading = undefined;
    const t0 = performance.now();
    const old = ordered;
    // The live list before the listener hears of the swap: what it asks for is the page now.
    ordered = fresh.sort((a, b) => a.order - b.order);
    // The index of the blocks before is no use now: built again if a change needs it.
    byEl = undefined;
    if (!progressive) {
      for (const lb of old) remove(lb);
      for (const lb of fresh) insert(lb);
      redecide();
      emit(fresh, old);
    }
    scanning = false;
    lostInARow = 0;
    trace?.('scan', t0, performance.now());
    listener.onScanned?.();
    // Changes that arrived while the scan ran were queued; patch them in now.
    if (queued.length > 0) schedule();
  };

  // --- Live updates ----------------------------------------------------------------------

  /**
   * A walk whose place the page moved (it, or an element around it, went elsewhere) would go
   * on from there: read again what lies between, or never read what it jumped. It is lost,
   * and the scan starts again, as when its place left the page.
   */
  const loseMovedWalk = (walk: HitWalker, records: readonly MutationRecord[]) => {
    const at = walk.position;
    // A walk of the part after or before the subtree on screen begins or ends where that is.
    const anchor = walk.anchor;
    for (const r of records) {
      if (r.type !== 'childList') continue;
      for (const n of r.removedNodes) {
        if (n === at || n.contains(at) || (anchor && (n === anchor || n.contains(anchor)))) {
          walk.lose();
          return;
        }
      }
    }
  };

  /** Mutations inside our own card host are not the page's content. */
  const isOurs = (r: MutationRecord) => {
    if (elementOf(r.target)?.closest?.(UI_TAG.toLowerCase())) return true;
    if (r.type !== 'childList') return false;
    for (const n of r.addedNodes) if (n.nodeName !== UI_TAG) return false;
    for (const n of r.removedNodes) if (n.nodeName !== UI_TAG) return false;
    return true;
  };

  /**
   * Is there a block boundary on this side of a changed spot in `parent` (from `node` on): an
   * element that is not inline, or the end of a block element, before any text? (White space
   * and comments are looked past: text beyond them would have joined the block. So is the
   * edge of an inline element: "Open<span>…</span>AI" is one block around the span.)
   */
  const separates = (parent: Node | null, node: Node | null, forward: boolean): boolean => {
    let n = node;
    for (let up = parent; ; up = up.parentNode) {
      for (; n; n = forward ? n.nextSibling : n.previousSibling) {
        if (n.nodeType === 8 || n.nodeType === 10 || (n.nodeType === 3 && !/\S/.test((n as Text).data))) continue;
        if (n.nodeType === 1) return !isInline(n as Element) || isSkipped(n as Element);
        return false;
      }
      if (up?.nodeType !== 1 || !isInline(up as Element)) return true;
      n = forward ? up.nextSibling : up.previousSibling;
    }
  };

  /** The blocks living in `root`'s subtree (root included), connected or not. */
  const blocksUnder = (root: Node, out: LiveBlock[]) => {
    const map = index();
    const own = map.get(root);
    if (own) out.push(...own);
    if (root.nodeType !== 1 || map.size === 0) return;
    const walker = doc.createTreeWalker(root, 0x1);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const list = map.get(n);
      if (list) out.push(...list);
    }
  };

  /** Index in `ordered` of the block with order key `key` (or where it would go). */
  const indexOfOrder = (key: number): number => {
    let lo = 0;
    let hi = ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((ordered[mid] as LiveBlock).order < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  /**
   * An order key for a block going in at `ordered[at]`: halfway between its neighbours'. A
   * live blog adding each update at the same spot halves that gap every time, so when it gets
   * too small to halve, every block is numbered again (their order is the same).
   */
  const orderAt = (at: number): number => {
    const key = () => {
      const before = at > 0 ? (ordered[at - 1] as LiveBlock).order : (ordered[0]?.order ?? 1) - 1;
      const after = at < ordered.length ? (ordered[at] as LiveBlock).order : before + 2;
      const mid = (before + after) / 2;
      return mid > before && mid < after ? mid : undefined;
    };
    const k = key();
    if (k !== undefined) return k;
    for (let i = 0; i < ordered.length; i++) (ordered[i] as LiveBlock).order = i;
    return key() as number;
  };

  /** Where a block new to the page goes in `ordered`: after every block that precedes it in the document. */
  const positionOf = (block: Block): number => firstBlockAfter(ordered, block.nodes[0] as Node);

  const process = () => {
    frame = undefined;
    if (!observer || scanning) return;
    const records = queued;
    queued = [];
    const t0 = performance.now();
    // Which subtrees to read again, and which detached subtrees to forget.
    const roots = new Set<Node>();
    const gone = new Set<Node>();
    const containerOf = (node: Node): Node | null => {
      const el = blockElementOf(node);
      return el?.isConnected ? el : null;
    };
    // Changes inside content that is never read (a chart's SVG redrawn, a select refilled)
    // are nothing to read again, however many elements they touch; only what they took away
    // is forgotten (it may have been read before its parent was hidden in the same batch). A
    // `hidden` switched on or off is a change of the element itself: asked of its parent.
    const skippedAt = new Map<Node, boolean>();
    const inSkipped = (node: Node | null): boolean => {
      const el = elementOf(node);
      return !!el && skippedUpTo(el, doc, skippedAt);
    };
    /** The text node at one side of a removal (`last`: the side before it), going into inline elements. */
    const textAt = (n: Node | null, last: boolean): Node | null => {
      while (n?.nodeType === 1 && isInline(n as Element)) n = last ? n.lastChild : n.firstChild;
      return n?.nodeType === 3 ? n : null;
    };
    /**
     * Whether new text in container `c` changes nothing: no block of `c` held a name or an
     * amount, nor does the text's block now. A clock in the body, a live blog's "updated 5
     * seconds ago" beside its entries: their container (the whole page) is not read again.
     */
    const quiet = (c: Node, texts: Node[]): boolean =>
      !index().has(c) &&
      texts.every((n) => {
        const b = n.nodeType === 3 ? blockAround(n as Text, doc) : null;
        return !b || (!b.text.includes('$') && matchCandidates(lexicon, b.text).length === 0);
      });
    for (const r of records) {
      if (isOurs(r)) continue;
      if (inSkipped(r.type === 'attributes' ? r.target.parentNode : r.target)) {
        for (const n of r.removedNodes) gone.add(n);
        continue;
      }
      if (r.type === 'attributes') {
        // hidden / aria-hidden / contenteditable: the element's text joins or leaves the page.
        const el = r.target as Element;
        const c = isInline(el) ? containerOf(el) : el.isConnected ? el : null;
        if (c) roots.add(c);
        continue;
      }
      // Text edited, put in or taken out (a clock's text re-rendered): its container, unless quiet.
      // Taken out, the text left on either side may join into a name: that is asked too, and a
      // side with no text to ask (an emptied inline element) reads the container again.
      if ([...r.addedNodes, ...r.removedNodes].every((n) => n.nodeType === 3)) {
        for (const n of r.removedNodes) gone.add(n);
        const c = containerOf(r.target);
        const takenOut = r.addedNodes.length === 0 && r.removedNodes.length > 0;
        const left = takenOut ? textAt(r.previousSibling, true) : null;
        const right = takenOut
          ? textAt(r.nextSibling ?? (r.previousSibling ? null : r.target.firstChild), false)
          : null;
        const sides = [left, right].filter((n): n is Node => n !== null);
        if (c && ((takenOut && sides.length === 0) || !quiet(c, [r.target, ...r.addedNodes, ...sides]))) roots.add(c);
        continue;
      }
      const neighboursSeparate =
        separates(r.target, r.previousSibling, false) && separates(r.target, r.nextSibling, true);
      for (const n of r.removedNodes) {
        gone.add(n);
        if (n.nodeType === 3 || (n.nodeType === 1 && isInline(n as Element)) || !neighboursSeparate) {
          const c = containerOf(r.target);
          if (c) roots.add(c);
        }
      }
      for (const n of r.addedNodes) {
        if (!n.isConnected) continue;
        if (
          n.nodeType === 1 &&
          !isInline(n as Element) &&
          separates(n.parentNode, n.previousSibling, false) &&
          separates(n.parentNode, n.nextSibling, true)
        ) {
          roots.add(n);
        } else if (n.nodeType === 1 || n.nodeType === 3) {
          const c = containerOf(r.target);
          if (c) roots.add(c);
        }
      }
    }
    if (roots.size === 0 && gone.size === 0) return;
    // Nested roots are read with their outermost ancestor.
    const outer = [...roots].filter((n) => {
      for (let p = n.parentNode; p; p = p.parentNode) if (roots.has(p)) return false;
      return true;
    });
    let elements = 0;
    for (const r of outer) {
      if (r === doc.body || r === doc.documentElement) elements = Number.POSITIVE_INFINITY;
      else if (r.nodeType === 1) elements += (r as Element).getElementsByTagName('*').length + 1;
    }
    if (outer.length > FULL_RESCAN_ROOTS || elements > FULL_RESCAN_ELEMENTS) {
      trace?.('update', t0, performance.now());
      void fullScan();
      return;
    }
    const removed: LiveBlock[] = [];
    for (const n of gone) blocksUnder(n, removed);
    for (const r of outer) blocksUnder(r, removed);
    const removedSet = new Set(removed);
    for (const lb of removedSet) {
      remove(lb);
      const i = indexOfOrder(lb.order);
      if (ordered[i] === lb) ordered.splice(i, 1);
      else ordered = ordered.filter((o) => o !== lb);
    }
    const added: LiveBlock[] = [];
    const pageAbout = isPageAbout(unambiguous);
    for (const r of outer) {
      if (!r.isConnected || (r.parentNode && insideSkipped(r.parentNode))) continue;
      for (const block of collect(r)) {
        // Most blocks hold no name and no amount: nothing to place or keep.
        const candidates = matchCandidates(lexicon, block.text);
        if (candidates.length === 0 && !block.text.includes('$')) continue;
        const at = positionOf(block);
        const found = new FoundBlock(block.text, block.el, candidates, false, block.nodes, block.starts);
        const lb = makeBlock(found, orderAt(at), pageAbout);
        if (!lb) continue;
        ordered.splice(at, 0, lb);
        added.push(lb);
      }
    }
    for (const lb of added) insert(lb);
    const changed = redecide().filter((lb) => !added.includes(lb));
    emit([...added, ...changed], [...removedSet, ...changed]);
    trace?.('update', t0, performance.now());
  };

  const collect = (root: Node): Block[] => {
    const out: Block[] = [];
    createBlockWalker(root).read(out);
    return out;
  };

  /** Batches mutations to the next frame: several changes in one frame are read once, before it paints. */
  const schedule = () => {
    if (frame !== undefined || scanning) return;
    frame = ctx.requestAnimationFrame(process);
  };

  const stop = () => {
    generation++;
    scanning = false;
    lostInARow = 0;
    reading = undefined;
    observer?.disconnect();
    observer = undefined;
    queued = [];
    if (frame !== undefined) ctx.cancelAnimationFrame(frame);
    frame = undefined;
    byEl = undefined;
    ordered = [];
    ambiguousBlocks.about.clear();
    ambiguousBlocks.notAbout.clear();
    titleBlocks.clear();
    vetoBlocks.clear();
    vetoCounts.clear();
    vetoDecided = vetoMoved;
    outsideCounts.clear();
    counts.clear();
    unambiguous = 0;
    amountsCache = undefined;
    if (running) listener.onReset?.();
    running = false;
  };
  ctx.onInvalidated(stop);

  // Registered once (start() can run many times): an SPA navigation reads the page again
  // while the scan is running.
  let navTimer: number | undefined;
  ctx.addEventListener(win, 'wxt:locationchange', (e) => {
    const { newUrl, oldUrl } = e as Event & { newUrl?: URL; oldUrl?: URL };
    // Only the fragment moved (an anchor followed, a table of contents): the same page. A
    // fragment that is a route ("#/markets", "#!/story") is a navigation of a hash-routed app.
    if (newUrl && oldUrl && newUrl.href.split('#')[0] === oldUrl.href.split('#')[0] && !/^#!?\//.test(newUrl.hash))
      return;
    win.clearTimeout(navTimer);
    navTimer = ctx.setTimeout(() => {
      if (observer) void fullScan();
    }, options.navQuietMs ?? NAV_QUIET);
  });

  return {
    start() {
      if (observer || ctx.isInvalid) return;
      running = true;
      observer = new MutationObserver((records) => {
        for (const r of records) {
          if (r.target === doc && [...r.addedNodes].some((n) => n.nodeType === 1)) listener.onRewritten?.();
        }
        if (!observer) return;
        queued.push(...records);
        if (scanning && reading) loseMovedWalk(reading, records);
        schedule();
      });
      // The document itself: a page that replaces its whole element (document.open) is seen too.
      observer.observe(doc, {
        childList: true,
        subtree: true,
        characterData: true,
        attributes: true,
        attributeFilter: ['hidden', 'aria-hidden', 'contenteditable'],
      });
      // On a large page the first read waits for the page to be idle: right after a page has
      // built itself the browser may still owe work (a garbage collection's sweep after a page
      // of a million nodes took 185 ms inside the first slice that allocated). The callback
      // comes at once on a page that is idle; FIRST_SCAN_IDLE_TIMEOUT bounds the wait on one
      // that never is. A small page is read at once, its marks in the first frame.
      if (!(options.startWhenIdle ?? isLargePage(doc))) {
        void fullScan();
        return;
      }
      scanning = true;
      const gen = generation;
      ctx.requestIdleCallback(
        () => {
          if (gen === generation && observer) void fullScan();
        },
        { timeout: FIRST_SCAN_IDLE_TIMEOUT },
      );
    },
    stop,
    blocks: () => ordered,
    counts: () => counts,
    amounts() {
      if (!amountsCache) {
        amountsCache = new Map();
        for (const lb of ordered)
          for (const [k, v] of lb.amounts ?? []) amountsCache.set(k, (amountsCache.get(k) ?? 0) + v);
      }
      return amountsCache;
    },
    get scanning() {
      return scanning;
    },
  };
}
