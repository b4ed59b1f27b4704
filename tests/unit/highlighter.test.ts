/** The highlighter's registrations in `CSS.highlights`, with a registry of our own (happy-dom has none). */
import { describe, expect, it } from 'vitest';
import { createHighlighter } from '../../utils/highlighter.ts';

/** A window with the Highlight API: a registry map and Highlight as a set with a priority. */
function windowWithHighlights() {
  const highlights = new Map<string, Set<AbstractRange>>();
  class Highlight extends Set<AbstractRange> {
    priority = 0;
  }
  return { highlights, win: { CSS: { highlights }, Highlight } as unknown as Window & typeof globalThis };
}

describe('the highlighter', () => {
  it('registers its style, and takes away only its own registrations', () => {
    const { highlights, win } = windowWithHighlights();
    const first = createHighlighter(win);
    expect([...highlights.keys()].sort()).toEqual(['deallens-active', 'deallens-mark', 'deallens-underline']);
    // A lens rebuilt (the reader's own facts changed) registers the same names before the
    // first is destroyed: destroying the first leaves the second's marks visible.
    const second = createHighlighter(win);
    const mine = highlights.get('deallens-underline');
    first.destroy();
    expect(highlights.get('deallens-underline')).toBe(mine);
    expect(highlights.has('deallens-mark')).toBe(true);
    second.setStyle({ style: 'dotted', colors: 'single' });
    expect(highlights.has('deallens-underline')).toBe(false);
    expect(highlights.get('deallens-dotted')).toBe(mine);
    second.destroy();
    expect(highlights.size).toBe(0);
  });

  it('registers again when the page empties the registry, until it is destroyed', () => {
    const { highlights, win } = windowWithHighlights();
    const h = createHighlighter(win);
    const range = {} as AbstractRange;
    h.add([{ range, entity: 'openai' }]);
    // The page clears CSS.highlights for its own search terms and sets its own.
    highlights.clear();
    highlights.set('site-search', new Set());
    h.add([{ range: {} as AbstractRange, entity: 'nvidia' }]);
    expect([...highlights.keys()].sort()).toEqual([
      'deallens-active',
      'deallens-mark',
      'deallens-underline',
      'site-search',
    ]);
    expect(highlights.get('deallens-mark')?.has(range)).toBe(true);
    h.destroy();
    h.add([{ range, entity: 'openai' }]);
    expect([...highlights.keys()]).toEqual(['site-search']);
  });
});
