/**
 * Which mark is under a point. Marks are not elements, so the page's own hit-testing cannot
 * tell us: we find the character under the pointer and check it against our ranges' boxes.
 */
import { elementOf } from './scanner.ts';

export interface Hit<T> {
  item: T;
  range: Range;
}

/** An index from text node to the marks that lie in it (a mark over "Amazon <em>Web</em> Services" in all three). */
export class MarkIndex<T> {
  private byNode = new Map<Node, Hit<T>[]>();

  add(range: Range, item: T): void {
    const hit = { item, range };
    const put = (node: Node) => {
      const list = this.byNode.get(node);
      if (list) list.push(hit);
      else this.byNode.set(node, [hit]);
    };
    const start = range.startContainer;
    const end = range.endContainer;
    put(start);
    if (end === start) return;
    // The text nodes between its two ends, in document order.
    const doc = start.ownerDocument;
    if (doc) {
      const walker = doc.createTreeWalker(range.commonAncestorContainer, 0x4 /* SHOW_TEXT */);
      walker.currentNode = start;
      for (let n = walker.nextNode(); n && n !== end; n = walker.nextNode()) put(n);
    }
    put(end);
  }

  clear(): void {
    this.byNode.clear();
  }

  /** The item whose range covers the same characters as `range` (a repaint makes new marks for the same text). */
  same(range: Range): T | undefined {
    for (const hit of this.byNode.get(range.startContainer) ?? []) {
      const r = hit.range;
      if (
        r.startContainer === range.startContainer &&
        r.startOffset === range.startOffset &&
        r.endContainer === range.endContainer &&
        r.endOffset === range.endOffset
      ) {
        return hit.item;
      }
    }
    return undefined;
  }

  /** The mark whose box contains (x, y) near the caret position under that point, if any. */
  at(doc: Document, x: number, y: number): Hit<T> | undefined {
    const caret = caretAt(doc, x, y);
    if (!caret) return undefined;
    const candidates = this.byNode.get(caret.node);
    if (!candidates) return undefined;
    for (const hit of candidates) {
      for (const rect of hit.range.getClientRects()) {
        if (x >= rect.left - 1 && x <= rect.right + 1 && y >= rect.top - 1 && y <= rect.bottom + 1) return hit;
      }
    }
    return undefined;
  }
}

function caretAt(doc: Document, x: number, y: number): { node: Node; offset: number } | undefined {
  if (typeof doc.caretPositionFromPoint === 'function') {
    const pos = doc.caretPositionFromPoint(x, y);
    return pos ? { node: pos.offsetNode, offset: pos.offset } : undefined;
  }
  const legacy = (doc as Document & { caretRangeFromPoint?: (x: number, y: number) => Range | null })
    .caretRangeFromPoint;
  if (typeof legacy === 'function') {
    const r = legacy.call(doc, x, y);
    return r ? { node: r.startContainer, offset: r.startOffset } : undefined;
  }
  return undefined;
}

/** Document order of two marks' starts (negative when `a` comes first); 0 when they cannot be compared. */
export function compareStarts(a: Range, b: Range): number {
  try {
    return a.compareBoundaryPoints(Range.START_TO_START, b);
  } catch {
    // Ranges in different documents (a node moved to another frame) have no order.
    return 0;
  }
}

/** `items` sorted by where their range starts; the scan usually yields them sorted, which costs one pass to check. */
export function inDocumentOrder<T extends { range: Range }>(items: readonly T[]): readonly T[] {
  for (let i = 1; i < items.length; i++) {
    if (compareStarts((items[i - 1] as T).range, (items[i] as T).range) > 0) {
      return [...items].sort((a, b) => compareStarts(a.range, b.range));
    }
  }
  return items;
}

/** The first index in `items` for which `test` holds, assuming it holds for a suffix (binary search). */
export function firstIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (test(items[mid] as T)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The item after (1) or before (-1) the position of `range` in `items` (sorted by
 * `inDocumentOrder`), wrapping around the ends; `range` need not belong to any item.
 */
export function nextAfter<T extends { range: Range }>(
  items: readonly T[],
  range: Range,
  direction: 1 | -1,
): T | undefined {
  if (items.length === 0) return undefined;
  if (direction === 1) {
    const i = firstIndex(items, (m) => compareStarts(m.range, range) > 0);
    return items[i] ?? items[0];
  }
  const i = firstIndex(items, (m) => compareStarts(m.range, range) >= 0);
  return items[i - 1] ?? items[items.length - 1];
}

/**
 * Scrolls so the characters of `range` are in view with room for a card below them: its
 * element first (that reaches into scroll boxes), then the window, if the line is near an edge.
 */
export function scrollRangeIntoView(range: Range): void {
  const node = range.startContainer;
  const el = elementOf(node);
  const win = node.ownerDocument?.defaultView;
  if (!el || !win) return;
  el.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: 'instant' });
  // In a scroll box of the page's own (a reader pane), 'nearest' leaves the line at its edge.
  const pane = scrollBoxOf(el);
  if (pane) {
    const p = pane.getBoundingClientRect();
    const box = range.getBoundingClientRect();
    if (box.top < p.top + p.height * 0.15 || box.bottom > p.top + p.height * 0.7) {
      pane.scrollBy({ top: box.top - p.top - p.height / 3, behavior: 'instant' });
    }
  }
  const box = range.getBoundingClientRect();
  const height = win.innerHeight;
  if (box.top < height * 0.15 || box.bottom > height * 0.7) {
    // A third from the top: clear of sticky headers, with most of the window free for the card.
    win.scrollBy({ top: box.top - height / 3, behavior: 'instant' });
  }
}

/** The nearest ancestor of `el` that scrolls its content vertically, short of the document's own scrolling. */
function scrollBoxOf(el: Element): Element | undefined {
  const doc = el.ownerDocument;
  const win = doc.defaultView;
  if (!win) return undefined;
  for (let a = el.parentElement; a && a !== doc.body && a !== doc.documentElement; a = a.parentElement) {
    if (a.scrollHeight <= a.clientHeight) continue;
    const overflow = win.getComputedStyle(a).overflowY;
    if (overflow === 'auto' || overflow === 'scroll' || overflow === 'overlay') return a;
  }
  return undefined;
}
