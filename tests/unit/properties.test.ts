/**
 * Property-based tests: for random texts and random DOM trees, the matcher and the scanner
 * never throw, every mention lies inside its text, every range inside its text nodes, and
 * the DOM is never changed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bundledEntities } from '../../data/entities.ts';
import { detectBlocks, detectText } from '../../utils/detect.ts';
import { buildLexicon } from '../../utils/matcher.ts';
import { collectBlocks, rangeFor } from '../../utils/scanner.ts';

const lexicon = buildLexicon(bundledEntities);
const names = bundledEntities.flatMap((e) => e.aliases.map((a) => a.text));

/** Text made of company names, look-alike words, punctuation, and any Unicode at all. */
const newsText = fc
  .array(
    fc.oneof(
      fc.constantFrom(...names),
      fc.constantFrom(
        '’s',
        "'s",
        '-backed',
        '@',
        '$',
        '(NASDAQ: ',
        ')',
        '.',
        ',',
        ' ',
        '\n',
        '\u00a0',
        'river',
        'azure',
      ),
      fc.string({ unit: 'grapheme', maxLength: 12 }),
      fc.string({ unit: 'binary', maxLength: 6 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

describe('matcher properties', () => {
  it('never throws; mentions lie inside the text, in order, without overlap, and read as found', () => {
    fc.assert(
      fc.property(newsText, (text) => {
        const mentions = detectText(lexicon, text);
        let last = 0;
        for (const m of mentions) {
          expect(m.start).toBeGreaterThanOrEqual(last);
          expect(m.end).toBeGreaterThan(m.start);
          expect(m.end).toBeLessThanOrEqual(text.length);
          expect(text.slice(m.start, m.end)).toBe(m.text);
          last = m.end;
        }
      }),
      { numRuns: 400 },
    );
  });

  it('detectBlocks gives one list per block, each inside its block', () => {
    fc.assert(
      fc.property(fc.array(newsText, { maxLength: 8 }), (blocks) => {
        const found = detectBlocks(lexicon, blocks);
        expect(found).toHaveLength(blocks.length);
        found.forEach((mentions, i) => {
          for (const m of mentions) expect(m.end).toBeLessThanOrEqual(blocks[i]?.length ?? 0);
        });
      }),
      { numRuns: 200 },
    );
  });
});

/** A random DOM tree: inline and block elements, skipped elements, and text with names. */
type Tree = { tag: string; children: (Tree | string)[] };
const TAGS = ['p', 'div', 'span', 'b', 'a', 'em', 'li', 'h2', 'code', 'script', 'textarea', 'br', 'section'];
const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.record({
    tag: fc.constantFrom(...TAGS),
    children: fc.array(fc.oneof({ depthSize: 'small' }, newsText, tie('node')), { maxLength: 5 }),
  }),
})).node;

function build(doc: Document, t: Tree): Node {
  const el = doc.createElement(t.tag);
  if (t.tag === 'br') return el;
  for (const c of t.children) el.appendChild(typeof c === 'string' ? doc.createTextNode(c) : build(doc, c));
  return el;
}

describe('scanner properties', () => {
  it('never throws, never changes the DOM, and every range lies inside its text nodes', () => {
    fc.assert(
      fc.property(fc.array(tree, { maxLength: 4 }), (trees) => {
        // happy-dom's ranges only read text in the main document, so the tree is built there.
        const doc = document;
        doc.body.replaceChildren();
        for (const t of trees) doc.body.appendChild(build(doc, t));
        const before = doc.body.innerHTML;
        const blocks = collectBlocks(doc);
        const found = detectBlocks(
          lexicon,
          blocks.map((b) => b.text),
        );
        blocks.forEach((block, i) => {
          for (const m of found[i] ?? []) {
            const r = rangeFor(block, m.start, m.end);
            expect(r.startContainer.nodeType).toBe(3);
            expect(r.endContainer.nodeType).toBe(3);
            expect(r.startOffset).toBeLessThanOrEqual((r.startContainer as Text).length);
            expect(r.endOffset).toBeLessThanOrEqual((r.endContainer as Text).length);
            expect(r.toString().replace(/[\t\n\r\f\u00a0]/g, ' ')).toBe(m.text);
          }
        });
        expect(doc.body.innerHTML).toBe(before);
      }),
      { numRuns: 150 },
    );
  });
});
