/** A company mention on the page, as the scanner hands it to the painter and the card. */
export interface Mark {
  /** Entity id. */
  entity: string;
  /** The characters of the mention (may span several text nodes). */
  range: Range;
  /** Index of the block (paragraph) it was found in, in document order of its scan. */
  block: number;
}

/** Marks to paint under the density setting: all, or the first of each company in each block. */
export function applyDensity(marks: readonly Mark[], density: 'all' | 'first-per-paragraph'): Mark[] {
  if (density === 'all') return [...marks];
  const seen = new Set<string>();
  return marks.filter((m) => {
    const key = `${m.block}:${m.entity}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
