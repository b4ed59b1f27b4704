/**
 * Paints marks with the CSS Custom Highlight API: the page's DOM is never touched, and
 * removing every mark is one call.
 *
 * One Highlight holds every painted mark under `deallens-mark`; no stylesheet rule targets
 * that name, so it is the handle (hit-testing, tests) and paints nothing by itself. The look
 * comes from the same ranges registered again under a style name — `deallens-underline`,
 * `deallens-dotted`, `deallens-background`, or with a colour per company
 * `deallens-underline-c3` — whose rules live in entrypoints/content/marks.css, injected by the
 * browser (so no page CSP can block them). Changing the style re-registers; nothing else moves.
 */

export const MARK_HIGHLIGHT = 'deallens-mark';
export const ACTIVE_HIGHLIGHT = 'deallens-active';

/** How many colours the per-company palette has (marks.css has a rule for each). */
export const PALETTE_SIZE = 8;

export interface MarkStyle {
  style: 'underline' | 'dotted' | 'background';
  /** One colour for every company, or a colour per company. */
  colors: 'single' | 'per-company';
}

/** What the highlighter paints: a range and the company it names. */
export interface Painted {
  range: AbstractRange;
  entity: string;
}

export interface Highlighter {
  /** Replaces all marks. */
  set(marks: Iterable<Painted>): void;
  /** Paints marks beside those already painted. */
  add(marks: Iterable<Painted>): void;
  /** Takes marks down, leaving the others. */
  remove(marks: Iterable<Painted>): void;
  /** How many marks are painted. */
  readonly size: number;
  /** Emphasises one mark (or none). */
  setActive(range: AbstractRange | null): void;
  /** Changes how marks look. */
  setStyle(style: MarkStyle): void;
  /**
   * Whether the page is large (see `isLargePage`): there underlines and dotted underlines are
   * painted as a tint of the same colour, because Chromium repaints the whole page for every
   * change to an underlined highlight (about 55 ms a change on a 5 MB page; a tint costs 7).
   */
  setLarge(large: boolean): void;
  /** Removes every mark. */
  clear(): void;
  /** Removes every mark and the highlight registrations. */
  destroy(): void;
  /** Whether this browser can paint highlights at all. */
  readonly supported: boolean;
}

/** A company's palette slot, stable across pages and sessions (a hash of its id). */
export function colorIndex(entity: string): number {
  let h = 0;
  for (let i = 0; i < entity.length; i++) h = (h * 31 + entity.charCodeAt(i)) >>> 0;
  return h % PALETTE_SIZE;
}

/** Elements from which a page counts as large for painting (see `Highlighter.setLarge`). */
export const LARGE_PAGE_ELEMENTS = 20_000;

/** Whether `doc` is large enough that underlined marks would make every change a long frame. */
export function isLargePage(doc: Document): boolean {
  // Asking for one item past the limit walks only that far; `.length` would count the whole page.
  return doc.getElementsByTagName('*').item(LARGE_PAGE_ELEMENTS) !== null;
}

const NOOP: Highlighter = {
  set() {},
  setLarge() {},
  add() {},
  remove() {},
  setActive() {},
  setStyle() {},
  clear() {},
  destroy() {},
  size: 0,
  supported: false,
};

/** A highlighter for `win`'s document; a no-op where the Highlight API is missing. */
export function createHighlighter(win: Window & typeof globalThis = window): Highlighter {
  const registry = win.CSS?.highlights;
  const HighlightCtor = win.Highlight;
  if (!registry || typeof HighlightCtor !== 'function') return NOOP;
  const marks = new HighlightCtor();
  const active = new HighlightCtor();
  active.priority = 1;
  /** The colour highlights, one per palette slot (used when colours are per company). */
  const colored = Array.from({ length: PALETTE_SIZE }, () => new HighlightCtor());
  const slotOf = new Map<AbstractRange, number>();
  let style: MarkStyle = { style: 'underline', colors: 'single' };
  let large = false;
  /** The style names this highlighter registered, and under each its highlight. */
  let names: [string, Highlight][] = [];
  /** Takes away this highlighter's registrations only: a newer one (a lens rebuilt) may hold the same names. */
  const unregister = () => {
    for (const [n, h] of names) if (registry.get(n) === h) registry.delete(n);
    names = [];
  };

  const register = () => {
    unregister();
    const look = large ? 'background' : style.style;
    const put = (name: string, h: Highlight) => {
      registry.set(name, h);
      names.push([name, h]);
    };
    if (style.colors === 'single') put(`deallens-${look}`, marks);
    else for (const [i, h] of colored.entries()) put(`deallens-${look}-c${i}`, h);
  };
  const registerAll = () => {
    registry.set(MARK_HIGHLIGHT, marks);
    registry.set(ACTIVE_HIGHLIGHT, active);
    register();
  };
  registerAll();

  const add = (list: Iterable<Painted>) => {
    // A page that empties the registry (`CSS.highlights.clear()` for its own search terms)
    // took ours too: registered again while this highlighter is in use (not once destroyed).
    if (names.length > 0 && registry.get(MARK_HIGHLIGHT) !== marks) registerAll();
    for (const { range, entity } of list) {
      marks.add(range);
      const slot = colorIndex(entity);
      slotOf.set(range, slot);
      colored[slot]?.add(range);
    }
  };
  const clearAll = () => {
    marks.clear();
    active.clear();
    for (const h of colored) h.clear();
    slotOf.clear();
  };
  return {
    supported: true,
    set(list) {
      clearAll();
      add(list);
    },
    add,
    remove(list) {
      for (const { range } of list) {
        marks.delete(range);
        const slot = slotOf.get(range);
        if (slot !== undefined) colored[slot]?.delete(range);
        slotOf.delete(range);
      }
    },
    get size() {
      return marks.size;
    },
    setActive(range) {
      active.clear();
      if (range) active.add(range);
    },
    setStyle(next) {
      if (next.style === style.style && next.colors === style.colors) return;
      style = { ...next };
      register();
    },
    setLarge(next) {
      if (next === large) return;
      large = next;
      register();
    },
    clear: clearAll,
    destroy() {
      clearAll();
      unregister();
      if (registry.get(MARK_HIGHLIGHT) === marks) registry.delete(MARK_HIGHLIGHT);
      if (registry.get(ACTIVE_HIGHLIGHT) === active) registry.delete(ACTIVE_HIGHLIGHT);
    },
  };
}
