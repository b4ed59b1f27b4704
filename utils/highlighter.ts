/**
 * Paints marks with the CSS Custom Highlight API: the page's DOM is never touched, and
 * removing every mark is one call. One Highlight holds all marks; a second one holds the
 * mark whose card is open, so it can be emphasised.
 */

export const MARK_HIGHLIGHT = 'deallens-mark';
export const ACTIVE_HIGHLIGHT = 'deallens-active';

export interface Highlighter {
  /** Replaces all marks with `ranges`. */
  set(ranges: Iterable<AbstractRange>): void;
  /** Paints `ranges` beside the marks already painted. */
  add(ranges: Iterable<AbstractRange>): void;
  /** Takes `ranges` down, leaving the other marks. */
  remove(ranges: Iterable<AbstractRange>): void;
  /** How many marks are painted. */
  readonly size: number;
  /** Emphasises one mark (or none). */
  setActive(range: AbstractRange | null): void;
  /** Removes every mark. */
  clear(): void;
  /** Removes every mark and the highlight registrations. */
  destroy(): void;
  /** Whether this browser can paint highlights at all. */
  readonly supported: boolean;
}

/** A highlighter for `win`'s document; a no-op where the Highlight API is missing. */
export function createHighlighter(win: Window & typeof globalThis = window): Highlighter {
  const registry = win.CSS?.highlights;
  const HighlightCtor = win.Highlight;
  if (!registry || typeof HighlightCtor !== 'function') {
    return { set() {}, add() {}, remove() {}, setActive() {}, clear() {}, destroy() {}, size: 0, supported: false };
  }
  const marks = new HighlightCtor();
  const active = new HighlightCtor();
  active.priority = 1;
  registry.set(MARK_HIGHLIGHT, marks);
  registry.set(ACTIVE_HIGHLIGHT, active);
  return {
    supported: true,
    set(ranges) {
      marks.clear();
      for (const r of ranges) marks.add(r);
    },
    add(ranges) {
      for (const r of ranges) marks.add(r);
    },
    remove(ranges) {
      for (const r of ranges) marks.delete(r);
    },
    get size() {
      return marks.size;
    },
    setActive(range) {
      active.clear();
      if (range) active.add(range);
    },
    clear() {
      marks.clear();
      active.clear();
    },
    destroy() {
      marks.clear();
      active.clear();
      if (registry.get(MARK_HIGHLIGHT) === marks) registry.delete(MARK_HIGHLIGHT);
      if (registry.get(ACTIVE_HIGHLIGHT) === active) registry.delete(ACTIVE_HIGHLIGHT);
    },
  };
}
