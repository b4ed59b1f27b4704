/**
 * The fast page read (hit-walker.ts) against the plain one (every block, scanner.ts): on
 * hand-written traps and on random pages, the same mentions at the same places in the DOM,
 * decided the same way, and the same dollar amounts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bundledEntities } from '../../data/entities.ts';
import { decideBlock } from '../../utils/detect.ts';
import { amountsIn } from '../../utils/facts.ts';
import type { FoundBlock } from '../../utils/found-block.ts';
import { createHitWalker, type HitWalker, type HitWalkerOptions } from '../../utils/hit-walker.ts';
import { buildLexicon, matchCandidates } from '../../utils/matcher.ts';
import { type Block, blockAround, collectBlocks, insideSkipped, rangeFor } from '../../utils/scanner.ts';

const lexicon = buildLexicon(bundledEntities);
const names = bundledEntities.flatMap((e) => e.aliases.map((a) => a.text));

/** Every mention and amount of a page, as positions in its text nodes (comparable between reads). */
function summary(blocks: readonly Block[], doc: Document) {
  const index = new Map<Node, number>();
  const walker = doc.createTreeWalker(doc.body, 0x4);
  for (let n = walker.nextNode(), i = 0; n; n = walker.nextNode(), i++) index.set(n, i);
  const where = (b: Block, start: number, end: number) => {
    const r = rangeFor(b, start, end);
    return `${index.get(r.startContainer)}:${r.startOffset}-${index.get(r.endContainer)}:${r.endOffset}`;
  };
  const out: Record<string, string[]> = { about: [], notAbout: [], candidates: [], amounts: [] };
  const amounts = new Map<number, number>();
  for (const block of blocks) {
    const candidates = matchCandidates(lexicon, block.text);
    for (const c of candidates) out.candidates?.push(`${where(block, c.start, c.end)} ${c.entity}`);
    for (const [key, pageAbout] of [
      ['about', true],
      ['notAbout', false],
    ] as const) {
      for (const m of decideBlock(lexicon, block.text, candidates, pageAbout))
        out[key]?.push(`${where(block, m.start, m.end)} ${m.entity}`);
    }
    amountsIn(block.text, amounts);
  }
  for (const [amount, n] of amounts) out.amounts?.push(`${amount}×${n}`);
  for (const list of Object.values(out)) list.sort();
  return out;
}

/** The plain read: every block, kept when it holds a candidate or an amount. */
function plain(doc: Document) {
  return summary(
    collectBlocks(doc).filter((block) => matchCandidates(lexicon, block.text).length > 0 || /\$\s?\d/.test(block.text)),
    doc,
  );
}

/**
 * Reads `walker` to its end, with a deadline already passed when `sliced` (it stops as often
 * as its clock lets it), and fails rather than hangs if a resumed walk stops moving on.
 */
function readAll(walker: HitWalker, found: FoundBlock[], doc: Document, sliced: boolean): void {
  const nodes = doc.createTreeWalker(doc.body, 0x4);
  let most = 2;
  while (nodes.nextNode()) most++;
  while (!walker.read(found, sliced ? performance.now() - 1 : undefined)) {
    if (--most < 0) throw new Error('the sliced walk stopped moving on');
  }
}

/** The walk's choice between block elements read whole and text nodes one by one, made after every chunk and node. */
const FLIPPING = { chunkWindow: 1, nodeWindow: 1 };

/** The fast read, whole or sliced (stopped at every text node it visits, and resumed). */
function fast(
  doc: Document,
  sliced = false,
  chunks?: HitWalkerOptions['chunks'],
): { summary: ReturnType<typeof summary>; found: FoundBlock[] } {
  const found: FoundBlock[] = [];
  const walker = createHitWalker(lexicon, doc, {
    onRevoke: (f) => found.splice(found.indexOf(f), 1),
    clockEvery: sliced ? 1 : undefined,
    chunks,
  });
  readAll(walker, found, doc, sliced);
  return { summary: summary(found, doc), found };
}

/** The fast read of `first` alone, then of what follows it and of what precedes it, sliced, as one summary. */
function split(doc: Document, first: Element) {
  const found: FoundBlock[] = [];
  const revoke = (f: FoundBlock) => found.splice(found.indexOf(f), 1);
  readAll(createHitWalker(lexicon, first, { onRevoke: revoke, clockEvery: 1 }), found, doc, true);
  for (const part of ['after', 'before'] as const) {
    readAll(
      createHitWalker(lexicon, doc, { exclude: { el: first, part }, onRevoke: revoke, clockEvery: 1 }),
      found,
      doc,
      true,
    );
  }
  return summary(found, doc);
}

/** Runs `fn`, recording the nodes whose text it read (`data`, `length`, `textContent`). */
function touched<T>(fn: () => T): { value: T; nodes: Set<Node>; textNodes: number } {
  const nodes = new Set<Node>();
  const restore: (() => void)[] = [];
  const spy = (proto: object, name: string) => {
    let owner: object | null = proto;
    while (owner && !Object.hasOwn(owner, name)) owner = Object.getPrototypeOf(owner);
    const descriptor = owner && Object.getOwnPropertyDescriptor(owner, name);
    const get = descriptor?.get;
    if (!owner || !descriptor || !get) throw new Error(`no getter ${name}`);
    Object.defineProperty(owner, name, {
      ...descriptor,
      get(this: Node) {
        nodes.add(this);
        return get.call(this);
      },
    });
    restore.push(() => Object.defineProperty(owner, name, descriptor));
  };
  spy(Text.prototype, 'data');
  spy(Text.prototype, 'length');
  spy(Element.prototype, 'textContent');
  try {
    const value = fn();
    return { value, nodes, textNodes: [...nodes].filter((n) => n.nodeType === 3).length };
  } finally {
    for (const undo of restore.reverse()) undo();
  }
}

function page(html: string): Document {
  document.body.innerHTML = html;
  return document;
}

describe('the fast page read', () => {
  it.each([
    ['a name split over inline markup', '<p>Open<b>AI</b> rents <i>Amazon</i> <i>Web</i> Services capacity.</p>'],
    ['names filling their links', '<p><a href="#">Microsoft</a>, <a href="#">Nvidia</a> and <a href="#">AMD</a></p>'],
    ['an ambiguous name beside a plain one', '<p>OpenAI, with <b>Amazon</b> and Oracle shares up</p>'],
    ['a suffix in the next node', '<p>Nvidia<b> Corp.</b> said</p><p>Broadcom, <i>Inc.</i> too</p>'],
    ['a suffix that is no alias, in the next node', '<p><b>CoreWeave</b> Inc. and <b>AMD</b> Holdings</p>'],
    ['an amount split over nodes', '<p>OpenAI will pay $38 <b>billion</b> to AWS.</p>'],
    ['a name in an address', '<p>see https://<b>openai</b>.com/ and press@<i>OpenAI</i> or www.<b>nvidia</b></p>'],
    ['full-width Latin names', '<p>ＯｐｅｎＡＩと<b>Ｎｖｉｄｉａ</b>が提携</p><p>Ｍｅｔａ shares rose</p>'],
    [
      'a mailbox or a host-less address split over nodes',
      '<p>write to <b>Nvidia</b>@example.com today</p><p>or <i>OpenAI</i>-press@example.com today</p><p>see github.com/<b>OpenAI</b>/x</p>',
    ],
    ['skipped content', '<p hidden>OpenAI</p><div aria-hidden="true"><p>Nvidia</p></div><pre>AWS</pre><p>AMD</p>'],
    ['a word run on across nodes', '<p>sub<b>OpenAI</b>ish and <i>Nvidia</i>n and Open<b>AI</b>’s</p>'],
    ['a boundary between nodes', '<p>OpenAI<br>Nvidia<img alt="">AWS<code>x</code>Oracle shares</p>'],
    [
      'the river and the company',
      '<p>We sailed the <b>Amazon</b> by boat.</p><p>Amazon shares rose as OpenAI signed.</p>',
    ],
    ['a letter outside the BMP and a dot before a name', '<p>𝐀.<b>OpenAI</b> signed a deal with someone today</p>'],
    ['the same at the end of a block', '<p>𝐀.<b>OpenAI</b></p><p><b>\uD835</b><b>\uDC00.</b><b>OpenAI</b></p>'],
    ['a surrogate pair split after a name', '<p>OpenAI<b>\uD835</b><i>\uDC00</i></p>'],
    ['a long block with a late ambiguous name', `<p>OpenAI said ${'so '.repeat(200)}<b>Intel</b> shares rose</p>`],
  ])('reads %s as the plain read does', (_, html) => {
    const doc = page(html);
    const expected = plain(doc);
    expect(fast(doc).summary).toEqual(expected);
    expect(fast(doc, true).summary).toEqual(expected);
    // Node by node too, where each flagged node may be decided on its own.
    expect(fast(doc, false, false).summary).toEqual(expected);
  });

  it('decides a name inside one text node without reading its block (reading node by node)', () => {
    const doc = page('<p>Shares of <b>x</b> rose as OpenAI signed a deal with Nvidia on Monday.</p>');
    const { found } = fast(doc, false, false);
    expect(found).toHaveLength(1);
    expect(found[0]?.single).toBe(true);
    expect(found[0]?.text).toBe(' rose as OpenAI signed a deal with Nvidia on Monday.');
  });

  it("gives a single node's block the block element, not an inline parent (which may have no box)", () => {
    const doc = page(
      '<p>Intro words. <span style="display:contents">OpenAI said on Monday that it would rent capacity.</span></p>',
    );
    const { found } = fast(doc, false, false);
    expect(found.map((f) => [f.single, (f.el as Element).tagName])).toEqual([[true, 'P']]);
  });

  it('decides a paragraph of inline markup from its text, and finds its text nodes only when asked', () => {
    const doc = page(
      '<p>Shares of <b>x</b> rose as Open<b>AI</b> signed<br>a deal</p><p>Then <a href="#">Nvidia</a>\u00a0agreed <em>too</em>.</p>',
    );
    const { found } = fast(doc);
    // The first paragraph holds a line break (two blocks): it is read node by node.
    expect(found.map((f) => f.text)).toEqual(['Shares of x rose as OpenAI signed', 'Then Nvidia agreed too.']);
    const lazy = found[1] as Block;
    const plainBlock = collectBlocks(doc)[2] as Block;
    expect(lazy.nodes).toEqual(plainBlock.nodes);
    expect(lazy.starts).toEqual(plainBlock.starts);
    expect(rangeFor(lazy, 5, 11).toString()).toBe('Nvidia');
  });

  it('gives a paragraph read from its text no nodes once the page has changed that text', () => {
    const doc = page('<p>Then <a href="#">Nvidia</a> agreed.</p>');
    const found: FoundBlock[] = [];
    createHitWalker(lexicon, doc).read(found);
    const block = found[0] as Block;
    (doc.querySelector('a')?.firstChild as Text).data = 'Nvidia Corp.';
    expect(block.nodes).toEqual([]);
    expect(() => rangeFor(block, 5, 11)).toThrow(RangeError);
  });

  it('goes into a container of paragraphs after a heading, reading each paragraph as a chunk', () => {
    const paras = Array.from({ length: 30 }, (_, i) =>
      i === 20 ? '<p>OpenAI <b>said</b> so</p>' : `<p>Words <b>in</b> a line<br>and more ${i}</p>`,
    ).join('');
    const doc = page(`<h1>Markets</h1><div>${paras}</div>`);
    const expected = plain(doc);
    const read = touched(() => fast(doc, false).found);
    expect(read.value.map((f) => f.text)).toEqual(['OpenAI said so']);
    // The heading, the container, each paragraph whole: not the text nodes of every paragraph.
    expect(read.textNodes).toBeLessThan(10);
    expect(fast(doc).summary).toEqual(expected);
  });

  it('a first slice past its deadline still hands out the headline of an article that opens with white space', () => {
    // `<article>\n<h1>`: the white space is no paragraph's text. Read as the article's first
    // text, it once made the whole article one chunk, counted as ~190 visits, and a slow first
    // slice stopped at the headline having handed out nothing (no marks in the first frame).
    const sentence = 'Markets moved on Tuesday as investors weighed the outlook for the sector. ';
    const paras = Array.from({ length: 30 }, (_, i) => `<p>Note ${i} on Nvidia. ${sentence.repeat(5)}</p>`).join('\n');
    const doc = page(`<article>\n<h1>OpenAI signs with Nvidia</h1>\n${paras}\n</article>`);
    const found: FoundBlock[] = [];
    const walker = createHitWalker(lexicon, doc);
    expect(walker.read(found, 0)).toBe(false);
    expect(found[0]?.text).toBe('OpenAI signs with Nvidia');
    // It stopped within the first few paragraphs: the first look at the clock comes early.
    expect(found.length).toBeGreaterThan(1);
    expect(found.length).toBeLessThan(10);
    while (!walker.read(found, 0));
    expect(found.length).toBe(31);
    expect(fast(doc).summary).toEqual(plain(doc));
  });

  it('passes over a script between paragraphs without reading its text', () => {
    const json = JSON.stringify({ about: 'OpenAI and Nvidia', n: 1 });
    const doc = page(`<p>Microsoft said</p>\n<script type="application/ld+json">${json}</script>\n<p>AWS agreed</p>`);
    const script = doc.querySelector('script') as HTMLScriptElement;
    const read = touched(() => fast(doc, false).found);
    expect(read.value.map((f) => f.text)).toEqual(['Microsoft said', 'AWS agreed']);
    expect(read.nodes.has(script)).toBe(false);
    expect(read.nodes.has(script.firstChild as Node)).toBe(false);
  });

  it('hands out nothing for a paragraph of inline markup inside hidden content', () => {
    const doc = page('<div hidden><p>Then <a href="#">Nvidia</a> agreed.</p></div><p>OpenAI <b>said</b></p>');
    expect(fast(doc).found.map((f) => f.text)).toEqual(['OpenAI said']);
  });

  it('passes over a paragraph hidden while the walk was stopped before it', () => {
    const doc = page('<div><p>Words here</p><p>OpenAI <b>said</b> so</p></div>');
    const walker = createHitWalker(lexicon, doc, { clockEvery: 1 });
    const found: FoundBlock[] = [];
    let slices = 0;
    // Every slice is past its deadline: the walk stops after each step, and the page hides
    // the second paragraph after the first slice (the walk then stands before it).
    while (!walker.read(found, 0) && slices < 50) {
      if (++slices === 1) doc.querySelectorAll('p')[1]?.setAttribute('hidden', '');
    }
    expect(found.map((f) => f.text)).toEqual([]);
  });

  it('passes over a long text in skipped content without reading it, and reads on after it', () => {
    const json = JSON.stringify({ items: Array.from({ length: 400 }, (_, i) => `OpenAI and Nvidia ${i}`) });
    const doc = page(`<p>Microsoft said</p><script type="application/json">${json}</script><p>AWS agreed</p>`);
    expect(json.length).toBeGreaterThan(2000);
    expect(fast(doc).found.map((f) => f.text)).toEqual(['Microsoft said', 'AWS agreed']);
    expect(fast(doc).summary).toEqual(plain(doc));
  });

  it('reads the whole block for an ambiguous name, taking back what it handed out from the same block', () => {
    const doc = page(`<p>OpenAI agreed ${'on terms '.repeat(10)}<i>x</i> and then Amazon shares rose</p>`);
    const { found } = fast(doc);
    expect(found).toHaveLength(1);
    expect(found[0]?.single).toBe(false);
    expect(found[0]?.nodes).toHaveLength(3);
  });

  it('finds the block around a node as the plain walk does', () => {
    const doc = page('<div>before <p>in <b>Open<i>AI</i></b><br>after</p> tail</div>');
    const ai = doc.querySelector('i')?.firstChild as Text;
    const block = blockAround(ai, doc.body);
    expect(block?.text).toBe('in OpenAI');
    expect((block?.el as Element | undefined)?.tagName).toBe('P');
    expect(blockAround(doc.querySelector('div')?.lastChild as Text, doc.body)?.text).toBe(' tail');
  });
});

// --- Random pages -----------------------------------------------------------------------

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...names) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      ' ',
      ', ',
      '.',
      ' said ',
      ' shares ',
      '’s ',
      ' Corp.',
      ' Inc.',
      '$38 billion',
      '$',
      ' river ',
      'the ',
      '/',
      '@',
      'www.',
      '.com',
      'Open',
      'AI',
      'Web',
      'Amazon ',
      '\n',
      '\u00a0',
      'x',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);
/** Text split at random into adjacent text nodes. */
const texts = fc.array(
  fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => p.join('')),
  {
    minLength: 1,
    maxLength: 3,
  },
);

type Tree = { tag: string; children: (Tree | string[])[] };
const TAGS = [
  'p',
  'div',
  'span',
  'b',
  'a',
  'i',
  'em',
  'li',
  'code',
  'br',
  'img',
  'span hidden',
  'div aria-hidden',
  // skipped by name, holding blocks only when a script builds them so
  'script',
  'option',
  // a comment (no text of the page, between blocks or inside one)
  '!--',
];
const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.record({
    tag: fc.constantFrom(...TAGS),
    children: fc.array(fc.oneof({ depthSize: 'small' }, texts, tie('node')), { maxLength: 5 }),
  }),
})).node;

function build(doc: Document, t: Tree): Node {
  const [tag, attribute] = t.tag.split(' ') as [string, string | undefined];
  if (tag === '!--') return doc.createComment('OpenAI');
  const el = doc.createElement(tag);
  if (attribute) el.setAttribute(attribute, attribute === 'hidden' ? '' : 'true');
  if (tag === 'br' || tag === 'img') return el;
  for (const c of t.children) {
    if (Array.isArray(c)) for (const s of c) el.appendChild(doc.createTextNode(s));
    else el.appendChild(build(doc, c));
  }
  return el;
}

/** Random pages per run (HIT_WALKER_RUNS=20000 for a long search). */
const RUNS = Number(process.env.HIT_WALKER_RUNS ?? 400);

describe('the fast page read on random pages', () => {
  it(
    'finds the same candidates, decides them the same way and reads the same amounts',
    () => {
      fc.assert(
        fc.property(fc.array(fc.oneof(tree, texts), { maxLength: 5 }), (items) => {
          const doc = document;
          doc.body.replaceChildren();
          for (const item of items) {
            if (Array.isArray(item)) for (const s of item) doc.body.appendChild(doc.createTextNode(s));
            else doc.body.appendChild(build(doc, item));
          }
          const before = doc.body.innerHTML;
          const expected = plain(doc);
          expect(fast(doc).summary).toEqual(expected);
          expect(fast(doc, true).summary).toEqual(expected);
          // Text nodes one by one only, and a walk that changes its way of reading at every step.
          expect(fast(doc, true, false).summary).toEqual(expected);
          expect(fast(doc, true, FLIPPING).summary).toEqual(expected);
          expect(fast(doc, false, FLIPPING).summary).toEqual(expected);
          // As a scrolled page is read: a block element on screen first, then the rest around it.
          const first = [...doc.body.querySelectorAll('p, div, li')].find((el) => !insideSkipped(el));
          if (first) expect(split(doc, first)).toEqual(expected);
          expect(doc.body.innerHTML).toBe(before);
        }),
        { numRuns: RUNS },
      );
    },
    RUNS * 50,
  );
});

describe('block elements nested deep, each holding the next', () => {
  it('are not each read whole: the text read stays near the page size, not its square', () => {
    // Every level's text is its whole subtree's, over CHUNK_TEXT near the top.
    let html = '';
    for (let i = 0; i < 400; i++)
      html += `<div><span>Level ${i}: Nvidia sells chips to OpenAI. ${'x'.repeat(260)}</span>`;
    html += '</div>'.repeat(400);
    document.body.innerHTML = html;
    const pageChars = document.body.textContent?.length ?? 0;
    const own = Object.getOwnPropertyDescriptor(Element.prototype, 'textContent') as PropertyDescriptor;
    let read = 0;
    // happy-dom builds an element's text from its children's: only the outermost call counts.
    let depth = 0;
    Object.defineProperty(Element.prototype, 'textContent', {
      ...own,
      get() {
        depth++;
        try {
          const text = own.get?.call(this) as string;
          if (depth === 1) read += text.length;
          return text;
        } finally {
          depth--;
        }
      },
    });
    try {
      const found: FoundBlock[] = [];
      createHitWalker(lexicon, document).read(found);
      expect(found.length).toBe(400);
    } finally {
      Object.defineProperty(Element.prototype, 'textContent', own);
    }
    // Read level by level as chunks, the walk took in about 140 pages' worth; now a window of
    // over-long levels (CHUNK_WINDOW) and then node by node: about 30.
    expect(read).toBeLessThan(pageChars * 40);
  });
});
