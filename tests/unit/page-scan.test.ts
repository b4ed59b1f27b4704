import { afterEach, describe, expect, it, vi } from 'vitest';
import { bundledEntities } from '../../data/entities.ts';
import { detectBlocks } from '../../utils/detect.ts';
import { FoundBlock } from '../../utils/found-block.ts';
import { type Highlighter, LARGE_PAGE_ELEMENTS } from '../../utils/highlighter.ts';
import { createMarkPainter } from '../../utils/marks.ts';
import { buildLexicon, matchCandidates } from '../../utils/matcher.ts';
import { createPageScan, FIRST_SCAN_IDLE_TIMEOUT, type LiveBlock, type PageScan } from '../../utils/page-scan.ts';
import { createPlainContext } from '../../utils/plain-context.ts';
import { collectBlocks } from '../../utils/scanner.ts';

const lexicon = buildLexicon(bundledEntities);

const fakeContext = () => createPlainContext(window);

/** Waits until the scan is done and queued mutations are read (a few frames). */
async function settle(scan: PageScan) {
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 5));
    if (!scan.scanning) break;
  }
  await new Promise((r) => setTimeout(r, 40));
}

/** Waits for the scan to settle and checks it sees what a whole-page read does. */
async function settledLikeWholePage(scan: PageScan) {
  await settle(scan);
  expect(actual(scan)).toEqual(expected());
}

/** Mentions as one whole-page pass of detectBlocks sees them: "text@entity" in document order. */
function expected(): string[] {
  const blocks = collectBlocks(document);
  return detectBlocks(
    lexicon,
    blocks.map((b) => b.text),
  ).flatMap((ms, i) => ms.map((m) => `${blocks[i]?.text.slice(m.start, m.end)}@${m.entity}`));
}

function actual(scan: PageScan): string[] {
  return scan.blocks().flatMap((lb) => lb.mentions.map((m) => `${lb.text.slice(m.start, m.end)}@${m.entity}`));
}

/** Every live block's text nodes are in the page, and no text node belongs to two blocks. */
function consistent(scan: PageScan) {
  const seen = new Set<Node>();
  for (const lb of scan.blocks()) {
    for (const n of lb.nodes) {
      expect(n.isConnected).toBe(true);
      expect(seen.has(n)).toBe(false);
      seen.add(n);
    }
    expect(lb.text).toBe(
      lb.nodes
        .map((n) => n.data)
        .join('')
        .replace(/[\t\n\r\f\u00a0]/g, ' '),
    );
  }
}

/**
 * Runs `test` with the reader scrolled down by `y`, `atTop`'s row at the top of the viewport.
 * happy-dom lays nothing out, so the boxes are our own: each element a 20 px row in document
 * order, its box over its descendants' rows too.
 */
async function scrolled(y: number, atTop: () => Element | null, test: () => Promise<void>) {
  const scroll = Object.getOwnPropertyDescriptor(window, 'scrollY');
  const box = Element.prototype.getBoundingClientRect;
  Object.defineProperty(window, 'scrollY', { value: y, configurable: true });
  Element.prototype.getBoundingClientRect = function (this: Element) {
    const rows = [...document.body.querySelectorAll('*')];
    const at = atTop();
    const shift = at ? rows.indexOf(at) * 20 : 0;
    const top = rows.indexOf(this) * 20 - shift;
    const height = 20 * (1 + this.querySelectorAll('*').length);
    return { top, bottom: top + height, height, left: 0, right: 600, width: 600, x: 0, y: top } as DOMRect;
  };
  try {
    await test();
  } finally {
    if (scroll) Object.defineProperty(window, 'scrollY', scroll);
    else delete (window as { scrollY?: number }).scrollY;
    Element.prototype.getBoundingClientRect = box;
  }
}

let running: { scan: PageScan; ctx: ReturnType<typeof fakeContext> } | undefined;

function start(
  html: string,
  listener: Partial<Parameters<typeof createPageScan>[3]> = {},
  options: Parameters<typeof createPageScan>[4] = {},
  ctx = fakeContext(),
) {
  document.body.innerHTML = html;
  const scan = createPageScan(
    ctx,
    document,
    lexicon,
    { onChange: () => undefined, ...listener },
    { navQuietMs: 0, ...options },
  );
  running = { scan, ctx };
  scan.start();
  return { scan, ctx };
}

afterEach(() => {
  running?.ctx.invalidate();
  running = undefined;
});

const ARTICLE = `<h1>OpenAI signs a $38 billion deal with Amazon Web Services</h1>
<p>Open<b>AI</b> will rent Nvidia chips from <a href="#">AWS</a>, the company said.</p>
<p>Microsoft and Oracle were not part of the deal. <code>import openai</code></p>
<ul><li>Nvidia Corp. shares rose</li><li>Intel said on Thursday it would sell its unit.</li></ul>`;

describe('createPageScan', () => {
  it('finds what a whole-page detectBlocks finds, and the amounts', async () => {
    const { scan } = start(ARTICLE);
    await settle(scan);
    expect(actual(scan)).toEqual(expected());
    expect(actual(scan)).toContain('OpenAI@openai');
    expect(scan.counts().get('nvidia')).toBe(2);
    expect(scan.amounts().get(38e9)).toBe(1);
    consistent(scan);
  });

  it('takes back a name handed over on its own in an earlier slice when a later slice reads its whole paragraph', async () => {
    // Read node by node and stopped at every node: "OpenAI said so…" is decided alone and
    // handed over; the ambiguous "Intel" at the paragraph's end is decided with its whole
    // block, which takes the first one back.
    const handed: string[] = [];
    const taken: string[] = [];
    const { scan } = start(
      `<p>OpenAI said ${'so '.repeat(40)}<b>Intel</b> shares rose</p><p>Nvidia too.</p>`,
      {
        onChange: (added, removed) => {
          handed.push(...added.map((lb) => lb.text.slice(0, 12)));
          taken.push(...removed.map((lb) => lb.text.slice(0, 12)));
        },
      },
      { readMs: 0, walk: { clockEvery: 1, chunks: false } },
    );
    await settle(scan);
    expect(handed).toEqual(['OpenAI said ', 'OpenAI said ', 'Nvidia too.']);
    expect(taken).toEqual(['OpenAI said ']);
    expect(scan.blocks().map((lb) => lb.nodes.length)).toEqual([3, 1]);
    expect(actual(scan)).toEqual(expected());
    expect(scan.counts().get('openai')).toBe(1);
    consistent(scan);
  });

  it('follows appended, edited and removed content without stale or duplicate blocks', async () => {
    const { scan } = start(ARTICLE);
    await settle(scan);
    const main = document.body;
    const steps: (() => void)[] = [
      () => main.insertAdjacentHTML('beforeend', '<p>SoftBank invests in <i>Open</i>AI again.</p>'),
      () => main.insertAdjacentHTML('afterbegin', '<section><p>Broadcom and AMD</p><p>CoreWeave</p></section>'),
      () => {
        (document.querySelector('h1')?.firstChild as Text).data = 'Anthropic buys Google TPUs';
      },
      () => document.querySelector('section p')?.remove(),
      () => {
        const b = document.querySelector('p b');
        b?.replaceWith(document.createTextNode('pen'));
      },
      () => document.querySelector('ul')?.setAttribute('hidden', ''),
      () => document.querySelector('ul')?.removeAttribute('hidden'),
      () => {
        const p = document.querySelector('p');
        if (p) p.innerHTML = 'Nvidia<br>Microsoft';
      },
      () => document.querySelector('section')?.remove(),
    ];
    for (const step of steps) {
      step();
      await settle(scan);
      expect(actual(scan)).toEqual(expected());
      consistent(scan);
    }
  });

  it('reads a paragraph again when a block goes into, or out of, an empty inline element in it', async () => {
    const { scan } = start('<p>Nvidia and Open<span id="s"></span>AI signed.</p>');
    await settle(scan);
    expect(actual(scan)).toEqual(['Nvidia@nvidia', 'OpenAI@openai']);
    // An ad slot filled: "Open" and "AI" are two blocks now, and neither is a name.
    const ad = Object.assign(document.createElement('div'), { textContent: 'ad' });
    document.getElementById('s')?.append(ad);
    await settle(scan);
    expect(actual(scan)).toEqual(expected());
    expect(actual(scan)).toEqual(['Nvidia@nvidia']);
    ad.remove();
    await settle(scan);
    expect(actual(scan)).toEqual(['Nvidia@nvidia', 'OpenAI@openai']);
    consistent(scan);
  });

  it('does not read the page again for changes inside content it never reads', async () => {
    let scans = 0;
    const shapes = (n: number) => '<rect></rect>'.repeat(n);
    const { scan } = start(
      `<p>OpenAI and Nvidia.</p><div><svg id="chart">${shapes(3100)}</svg></div><form><select id="pick"></select></form>`,
      { onScanned: () => scans++ },
    );
    await settle(scan);
    expect(scans).toBe(1);
    // A chart redrawn and a list refilled, each far past the elements that make a full rescan.
    (document.getElementById('chart') as Element).innerHTML = shapes(3100);
    await settle(scan);
    (document.getElementById('pick') as Element).innerHTML = '<option>OpenAI</option>'.repeat(3100);
    await settle(scan);
    expect(scans).toBe(1);
    // Hiding a paragraph is still a change of what is read.
    document.querySelector('p')?.setAttribute('hidden', '');
    await settle(scan);
    expect(actual(scan)).toEqual([]);
  });

  it('keeps blocks in document order however many are added at one spot', async () => {
    const { scan } = start('<h1>Live: OpenAI news</h1><p id="head">Latest from Microsoft</p><p>Oracle, earlier.</p>');
    await settle(scan);
    const head = document.getElementById('head') as HTMLElement;
    // A live blog puts each update right under its header: 80 times the same gap halved.
    for (let i = 0; i < 80; i++) {
      head.insertAdjacentHTML('afterend', `<p>Update ${i}: Nvidia and AMD</p>`);
      await new Promise((r) => setTimeout(r, 2));
    }
    await settle(scan);
    const keys = scan.blocks().map((lb) => lb.order);
    expect(keys.every((k, i) => i === 0 || k > (keys[i - 1] as number))).toBe(true);
    expect(actual(scan)).toEqual(expected());
    expect(scan.blocks()).toHaveLength(83);
  });

  it('reads the page again when it replaces its whole element, after its doctype (as document.open and write do)', async () => {
    let rewritten = 0;
    const { scan } = start('<p>OpenAI and Nvidia signed.</p>', { onRewritten: () => rewritten++ });
    // A real page has a doctype before its element: the new element's neighbour.
    const doctype = document.doctype ?? document.implementation.createDocumentType('html', '', '');
    if (!doctype.isConnected) document.insertBefore(doctype, document.documentElement);
    await settle(scan);
    expect(actual(scan)).toEqual(['OpenAI@openai', 'Nvidia@nvidia']);
    const html = document.createElement('html');
    html.innerHTML = '<head></head><body><p>Broadcom ships chips.</p></body>';
    const old = document.documentElement;
    old.remove();
    document.append(html);
    try {
      await settle(scan);
      await settle(scan);
      expect(actual(scan)).toEqual(['Broadcom@broadcom']);
      expect([...scan.counts()].filter(([, n]) => n > 0).map(([id]) => id)).toEqual(['broadcom']);
      // The lens is told, to start again with listeners of its own (the browser took them).
      expect(rewritten).toBe(1);
    } finally {
      html.remove();
      document.append(old);
      doctype.parentNode?.removeChild(doctype);
    }
  });

  it('decides ambiguous names again when the page-level evidence changes', async () => {
    const { scan } = start('<p>Intel said on Thursday it would cut jobs.</p><p>OpenAI and Nvidia.</p>');
    await settle(scan);
    // Two unambiguous mentions: not yet a page about these companies.
    expect(scan.counts().get('intel') ?? 0).toBe(0);
    document.body.insertAdjacentHTML('beforeend', '<p id="x">Microsoft too.</p>');
    await settle(scan);
    expect(scan.counts().get('intel')).toBe(1);
    expect(actual(scan)).toEqual(expected());
    document.getElementById('x')?.remove();
    await settle(scan);
    expect(scan.counts().get('intel') ?? 0).toBe(0);
    expect(actual(scan)).toEqual(expected());
  });

  it('marks a name in a title-case heading once the page names that company elsewhere, and takes it back after', async () => {
    const { scan } = start(
      '<h1>Meta Signs Power Deal For Its Louisiana Campus</h1><h2>Meta-Analysis Finds Gains</h2>' +
        '<p>OpenAI, Nvidia and Microsoft build data centers.</p>',
    );
    await settle(scan);
    // Every word of a heading is capitalised: alone, "Meta" there proves nothing.
    expect(scan.counts().get('meta') ?? 0).toBe(0);
    // One passing mention is not enough to claim a heading.
    document.body.insertAdjacentHTML('beforeend', '<p id="m">Meta said the plant would supply the site.</p>');
    await settle(scan);
    expect(scan.counts().get('meta')).toBe(1);
    expect(actual(scan)).toEqual(expected());
    document.body.insertAdjacentHTML('beforeend', '<p id="n">Meta will pay for the grid upgrade.</p>');
    await settle(scan);
    expect(actual(scan)).toEqual(expected());
    // The story's two and the heading's; not the hyphenated word of the other heading.
    expect(scan.counts().get('meta')).toBe(3);
    expect(scan.blocks().find((lb) => lb.text.startsWith('Meta Signs'))?.mentions).toHaveLength(1);
    // A second heading with the name: the two headings do not vouch for each other.
    document.body.insertAdjacentHTML('afterbegin', '<h2>Meta Adds Another Campus In Texas</h2>');
    await settle(scan);
    expect(scan.counts().get('meta')).toBe(4);
    document.getElementById('m')?.remove();
    await settle(scan);
    expect(scan.counts().get('meta')).toBe(1);
    expect(actual(scan)).toEqual(expected());
  });

  it('takes a vetoed name off the whole page when the veto phrase arrives, and puts it back when it goes', async () => {
    const { scan } = start(
      '<p>AMD shares rose after the chip deal.</p><p>Nvidia and OpenAI said AMD would ship in 2026.</p><div id="more"></div>',
    );
    await settle(scan);
    expect(scan.counts().get('amd')).toBe(2);
    const note = document.createElement('p');
    note.textContent = 'A clinic also wrote about macular degeneration this week.';
    document.getElementById('more')?.append(note);
    await settle(scan);
    expect(actual(scan)).toEqual(expected());
    expect(scan.counts().get('amd') ?? 0).toBe(0);
    note.remove();
    await settle(scan);
    expect(actual(scan)).toEqual(expected());
    expect(scan.counts().get('amd')).toBe(2);
    consistent(scan);
  });

  it('agrees with a whole-page detectBlocks after random edits around veto phrases, evidence and headings', async () => {
    // Paragraphs (and title-case headings) that move the page-level inputs: a veto phrase,
    // the name it vetoes, both together, unambiguous names, ambiguous ones.
    const SNIPPETS = [
      ['p', 'AMD shares rose after the chip deal.'],
      ['p', 'Patients with dry AMD were seen on Monday.'],
      ['p', 'The clinic studies macular degeneration.'],
      ['p', 'Microsoft and AMD agreed; macular degeneration was not discussed.'],
      ['p', 'Nvidia and OpenAI signed a deal.'],
      ['p', 'A report said Oracle would build more sites.'],
      ['h2', 'Oracle Beats Estimates As Demand Grows'],
      ['p', 'We took a boat down the Amazon river.'],
      ['p', 'Nothing to see here.'],
    ] as const;
    let seed = 1;
    const random = (n: number) => {
      seed = (seed * 16807) % 2147483647;
      return seed % n;
    };
    const block = () => {
      const [tag, text] = SNIPPETS[random(SNIPPETS.length)] as (typeof SNIPPETS)[number];
      const el = document.createElement(tag);
      el.textContent = text;
      return el;
    };
    for (const [i, sliced] of [false, false, false, false, true, true].entries()) {
      seed = 7 + i * 101;
      running?.ctx.invalidate();
      const { scan } = start('<main></main>', {}, sliced ? { readMs: 0, walk: { clockEvery: 1, chunks: false } } : {});
      const main = document.querySelector('main') as HTMLElement;
      for (let k = 0; k < 6; k++) main.append(block());
      await settle(scan);
      expect(actual(scan)).toEqual(expected());
      for (let step = 0; step < 6; step++) {
        const kids = [...main.children];
        const pick = kids[random(kids.length)];
        const what = random(3);
        if (what === 0 || !pick) main.insertBefore(block(), pick ?? null);
        else if (what === 1) pick.remove();
        else pick.replaceWith(block());
        await settle(scan);
        expect(actual(scan), `run ${i}, step ${step}`).toEqual(expected());
      }
      const counted: Record<string, number> = {};
      for (const [entity, n] of scan.counts()) if (n > 0) counted[entity] = n;
      const mentioned: Record<string, number> = {};
      for (const m of actual(scan)) {
        const entity = m.slice(m.indexOf('@') + 1);
        mentioned[entity] = (mentioned[entity] ?? 0) + 1;
      }
      expect(counted).toEqual(mentioned);
      consistent(scan);
    }
  });

  it.each([
    ['to the top', (p: Element) => p.parentElement?.prepend(p)],
    ['to the end', (p: Element) => p.parentElement?.append(p)],
  ])(
    'reads every paragraph once when the one the walk goes on with moves %s between two slices',
    async (_where, move) => {
      let moved = false;
      const { scan } = start(
        '<div><p id="a">OpenAI said so.</p><p id="b">Nvidia said so.</p><p id="c">Microsoft said so.</p>' +
          '<p id="d">Oracle said so.</p><p id="e">CoreWeave said so.</p></div>',
        {
          onChange: (added) => {
            if (moved || !added.some((lb) => lb.el === document.getElementById('b'))) return;
            moved = true;
            move(document.getElementById('c') as Element);
          },
        },
        { readMs: 0, walk: { clockEvery: 1 } },
      );
      await settle(scan);
      expect(moved).toBe(true);
      expect(actual(scan)).toEqual(expected());
      expect(actual(scan)).toHaveLength(5);
      consistent(scan);
    },
  );

  it('starts again when the page moves the paragraph the walk stopped at, however often it does', async () => {
    // Each slice reads one node; after each of the first ten, the page puts its paragraphs in
    // the reverse order (a feed re-sorted), so the scan loses its place again and again.
    let moves = 0;
    const names = ['OpenAI', 'Nvidia', 'Microsoft', 'Oracle', 'CoreWeave', 'SoftBank'];
    document.body.innerHTML = `<div>${names.map((name) => `<p>${name} said so.</p>`).join('')}</div>`;
    const ctx = fakeContext();
    // Past LOST_RETRIES scans in a row, the next waits for an idle period.
    const idle = vi.spyOn(ctx, 'requestIdleCallback');
    const scan = createPageScan(
      ctx,
      document,
      lexicon,
      { onChange: () => undefined },
      {
        readMs: 0,
        walk: { clockEvery: 1 },
        startWhenIdle: false,
        trace: (kind) => {
          const list = document.querySelector('div');
          if (kind !== 'scan' || moves >= 10 || !list) return;
          moves++;
          for (const p of [...list.children].reverse()) list.append(p);
        },
      },
    );
    running = { scan, ctx };
    scan.start();
    for (let i = 0; i < 20 && (scan.scanning || moves === 0); i++) await settle(scan);
    expect(moves).toBe(10);
    expect(idle).toHaveBeenCalled();
    expect(scan.scanning).toBe(false);
    expect(actual(scan)).toEqual(expected());
    expect(actual(scan)).toHaveLength(6);
    consistent(scan);
  });

  it('scrolled, reads the part on screen first, then what follows it, then what precedes it', async () => {
    // Paragraphs one after another under the body: the part on screen is the one paragraph at
    // the viewport's top, and the rest of the screen is what follows it.
    await scrolled(
      2000,
      () => document.getElementById('p6'),
      async () => {
        const handed: string[] = [];
        const { scan } = start(
          Array.from({ length: 12 }, (_, i) => `<p id="p${i}">Note ${i}: Nvidia said so.</p>`).join(''),
          { onChange: (added) => handed.push(...added.map((lb) => (lb.el as Element).id)) },
          { readMs: 0, walk: { clockEvery: 1 } },
        );
        await settle(scan);
        expect(handed).toEqual(['p6', 'p7', 'p8', 'p9', 'p10', 'p11', 'p0', 'p1', 'p2', 'p3', 'p4', 'p5']);
        // In the live list, and by their order keys, they are in document order.
        const ids = scan.blocks().map((lb) => (lb.el as Element).id);
        expect(ids).toEqual(Array.from({ length: 12 }, (_, i) => `p${i}`));
        const keys = scan.blocks().map((lb) => lb.order);
        expect(keys.every((k, i) => i === 0 || k > (keys[i - 1] as number))).toBe(true);
        expect(actual(scan)).toEqual(expected());
      },
    );
  });

  it('scrolled with the viewport’s top between two paragraphs, under a fixed header, reads the one below it first', async () => {
    // Paragraphs 20 px tall with 20 px margins between: the top falls in the margin after p5.
    const scroll = Object.getOwnPropertyDescriptor(window, 'scrollY');
    const box = Element.prototype.getBoundingClientRect;
    Object.defineProperty(window, 'scrollY', { value: 5000, configurable: true });
    Element.prototype.getBoundingClientRect = function (this: Element) {
      // The site's fixed header sits over the top of the viewport, wherever the page is.
      if (this.tagName === 'HEADER')
        return { top: 0, bottom: 60, height: 60, left: 0, right: 600, width: 600 } as DOMRect;
      const i = Number(this.id.slice(1));
      const top = -5 * 40 - 30 + i * 40;
      return { top, bottom: top + 20, height: 20, left: 0, right: 600, width: 600, x: 0, y: top } as DOMRect;
    };
    try {
      const handed: string[] = [];
      const { scan } = start(
        '<header style="position: fixed">Markets</header>' +
          Array.from({ length: 12 }, (_, i) => `<p id="p${i}">Note ${i}: Nvidia said so.</p>`).join(''),
        { onChange: (added) => handed.push(...added.map((lb) => (lb.el as Element).id)) },
        { readMs: 0, walk: { clockEvery: 1 } },
      );
      await settle(scan);
      expect(handed.slice(0, 2)).toEqual(['p6', 'p7']);
      expect(actual(scan)).toEqual(expected());
    } finally {
      if (scroll) Object.defineProperty(window, 'scrollY', scroll);
      else delete (window as { scrollY?: number }).scrollY;
      Element.prototype.getBoundingClientRect = box;
    }
  });

  it.each([
    ['first', 'p1', 'Intro text, updated.'],
    ['last', 'p2', 'OpenAI said so, updated.'],
  ])('reads the rest of the page once when the part read first gets a new %s text node', async (_which, id, text) => {
    // A reader scrolled to the article: it is read first, then what follows it (from its last
    // text node on) and what precedes it (up to its first). The page replaces one of them meanwhile.
    await scrolled(
      300,
      () => document.getElementById('p2'),
      async () => {
        let edited = false;
        const { scan } = start(
          '<div><p>Nvidia said so.</p></div>' +
            '<article><p id="p1">Intro text here.</p><p id="p2">OpenAI said so.</p></article>' +
            '<div><p>Microsoft said so.</p><p>Oracle said so.</p></div>',
          {
            onChange: (added) => {
              if (edited || !added.some((lb) => lb.el === document.getElementById('p2'))) return;
              edited = true;
              (document.getElementById(id) as HTMLElement).textContent = text;
            },
          },
        );
        await settle(scan);
        expect(edited).toBe(true);
        expect(actual(scan)).toEqual(expected());
        expect(actual(scan)).toContain('Oracle@oracle');
        consistent(scan);
      },
    );
  });

  it('agrees with a whole-page detectBlocks after random changes made while a sliced scan runs', async () => {
    // Between two slices the page moves, replaces, adds, hides and splits things, anywhere:
    // ahead of the walk, behind it, at the node it stopped on, at the edges of the part read
    // first (a reader scrolled to the middle). Once all is read and patched, the blocks must
    // be what a whole-page read finds, each text node in one block only.
    const TEXTS = [
      'OpenAI said on Monday it would rent Nvidia chips.',
      'Microsoft and Oracle were not part of it.',
      'Intel said on Thursday it would cut jobs.',
      'A $38 billion deal with Amazon Web Services.',
      'Nothing to see here.',
      'CoreWeave and SoftBank agreed.',
    ];
    let seed = 1;
    const random = (n: number) => {
      seed = (seed * 16807) % 2147483647;
      return seed % n;
    };
    const paragraph = () => {
      const p = document.createElement('p');
      const text = TEXTS[random(TEXTS.length)] as string;
      const cut = random(text.length);
      // Often inline markup, sometimes an empty inline element a block may later go into.
      if (random(2) === 0) p.innerHTML = `${text.slice(0, cut)}<b>${text.slice(cut)}</b>`;
      else if (random(3) === 0) p.append(text.slice(0, cut), document.createElement('span'), text.slice(cut));
      else p.textContent = text;
      return p;
    };
    const page = () => {
      const html: string[] = [];
      for (let s = 0; s < 4; s++) {
        html.push(`<section id="s${s}">`);
        for (let k = 0; k < 4; k++) html.push(paragraph().outerHTML);
        html.push('</section>');
      }
      return html.join('\n');
    };
    const change = () => {
      const all = [...document.body.querySelectorAll('section, p, b, span')];
      const pick = all[random(all.length)];
      const other = all[random(all.length)];
      if (!pick || !other) return;
      switch (random(7)) {
        case 0: // a move, to before any element that is not inside it
          if (!pick.contains(other)) other.before(pick);
          break;
        case 1: // a move to the end of a section
          document.querySelector(`#s${random(4)}`)?.append(pick.tagName === 'SECTION' ? paragraph() : pick);
          break;
        case 2: // new text
          pick.textContent = TEXTS[random(TEXTS.length)] as string;
          break;
        case 3:
          pick.remove();
          break;
        case 4:
          pick.after(paragraph());
          break;
        case 5: // a block element into an inline one, or out of it again
          if (pick.tagName === 'SPAN' || pick.tagName === 'B') {
            if (pick.querySelector('div')) pick.querySelector('div')?.remove();
            else pick.append(Object.assign(document.createElement('div'), { textContent: 'ad' }));
          }
          break;
        default:
          pick.toggleAttribute('hidden');
      }
    };
    // RUNS=400 tries more pages (each run takes about 0.1 s).
    for (let run = 0; run < Number(process.env.RUNS ?? 24); run++) {
      seed = 11 + run * 7919;
      running?.ctx.invalidate();
      // Scrolled (a third of the runs): the section at the viewport's top is read first.
      await scrolled(
        run % 3 === 0 ? 400 : 0,
        () => document.querySelector('#s2 p'),
        async () => {
          let changes = 0;
          const { scan } = start(
            page(),
            {
              onChange: (_added, _removed, fromScan) => {
                if (!fromScan || changes >= 12) return;
                for (let k = random(3); k >= 0; k--) change();
                changes++;
              },
            },
            { readMs: 0, walk: run % 2 === 0 ? { clockEvery: 1 } : { clockEvery: 1, chunks: false } },
          );
          await settle(scan);
          await settle(scan);
          expect(actual(scan), `run ${run}`).toEqual(expected());
          consistent(scan);
        },
      );
    }
  });

  it('hands blocks decided again over in document order', async () => {
    const order: string[][] = [];
    const evidence = '<p id="ev">OpenAI, Nvidia and Microsoft.</p>';
    const { scan } = start(
      `${evidence}<p id="a1">Intel said on Thursday it would cut jobs.</p><p id="a2">Intel said on Friday it would hire.</p>`,
      {
        onChange: (added) => order.push(added.map((lb) => (lb.el as Element).id)),
      },
    );
    await settle(scan);
    // In one batch the evidence goes and a third ambiguous block comes (decided without it) …
    document.getElementById('ev')?.remove();
    document.body.insertAdjacentHTML('beforeend', '<p id="a3">Intel said on Monday it would sell.</p>');
    await settle(scan);
    // … then the evidence comes back at the top: all three are decided again, top to bottom.
    document.body.insertAdjacentHTML('afterbegin', evidence.replace('ev', 'ev2'));
    await settle(scan);
    expect(order.at(-1)).toEqual(['ev2', 'a1', 'a2', 'a3']);
    expect(actual(scan)).toEqual(expected());
  });

  it('rescans the whole page on an SPA navigation', async () => {
    let scanned = 0;
    const { scan } = start(ARTICLE, { onScanned: () => scanned++ });
    await settle(scan);
    expect(scanned).toBe(1);
    window.dispatchEvent(new Event('wxt:locationchange'));
    await settle(scan);
    expect(scanned).toBe(2);
    expect(actual(scan)).toEqual(expected());
    consistent(scan);
  });

  it('does not read a large container again for text that names nothing (a clock in the body, "updated 5 seconds ago")', async () => {
    let scanned = 0;
    const handed: LiveBlock[] = [];
    const entries = Array.from({ length: 30 }, (_, i) => `<p>Entry ${i}: Nvidia ships chips to OpenAI.</p>`).join('');
    const { scan } = start(
      `<span id="clock">10:00:00</span><div id="blog">Updated <time id="t">1 minute</time> ago${entries}</div>`,
      { onScanned: () => scanned++, onChange: (added) => handed.push(...added) },
    );
    await settle(scan);
    const clock = (document.getElementById('clock') as HTMLElement).firstChild as Text;
    const time = document.getElementById('t') as HTMLElement;
    const before = handed.length;
    for (let i = 0; i < 5; i++) {
      clock.data = `10:00:0${i}`;
      time.textContent = `${i} seconds`;
      await settle(scan);
    }
    // Neither the body (a full rescan) nor the blog's 30 entries were read again.
    expect(scanned).toBe(1);
    expect(handed.length).toBe(before);
    // Text that names a company there is read, and text that stops naming one is dropped.
    clock.data = 'Oracle Corp. at 10:00';
    await settledLikeWholePage(scan);
    expect(actual(scan)).toContain('Oracle Corp.@oracle');
    clock.data = '10:01:00';
    time.textContent = 'a minute, says Microsoft';
    await settledLikeWholePage(scan);
    expect(actual(scan).some((m) => m.startsWith('Oracle'))).toBe(false);
    time.textContent = '2 minutes';
    await settledLikeWholePage(scan);
    consistent(scan);
  });

  it('finds a name that text taken out leaves behind ("OpenAI" + "Labs said so", the second removed)', async () => {
    const { scan } = start('<p id="p">x</p><p>Nvidia ships.</p>');
    await settle(scan);
    const p = document.getElementById('p') as HTMLElement;
    const tail = document.createTextNode('Labs said so');
    p.replaceChildren('Shares of OpenAI', tail);
    await settledLikeWholePage(scan);
    tail.remove();
    await settle(scan);
    expect(actual(scan)).toContain('OpenAI@openai');
    expect(actual(scan)).toEqual(expected());
    // An inline element emptied: the text on its two sides meets.
    p.innerHTML = 'Shares of Open<span>ly</span>AI rose.';
    await settledLikeWholePage(scan);
    ((p.querySelector('span') as HTMLElement).firstChild as Text).remove();
    await settledLikeWholePage(scan);
    expect(actual(scan)).toContain('OpenAI@openai');
  });

  it('follows random text edits, insertions and removals as a whole-page read does', async () => {
    // Text-level changes only (the kind a page's clock or a framework's re-render makes), in
    // containers that hold names, none, or names split over text nodes.
    const WORDS = [
      'Nvidia',
      'Nvi',
      'dia',
      'Open',
      'AI',
      'x',
      ' ',
      ' said ',
      '10:00',
      '$5 billion',
      'Oracle Corp.',
      'Labs',
      '',
      'the',
    ];
    for (const seed of [1, 7]) {
      // A small linear congruential generator: the same edits for a seed on every run.
      let state = seed;
      const next = (n: number) => {
        state = (state * 1103515245 + 12345) % 2147483648;
        return Math.floor((state / 2147483648) * n);
      };
      for (let round = 0; round < 3; round++) {
        const { scan } = start(
          '<div id="a">up <span>x</span> y<p>Nvidia ships</p> tail</div><p id="b">one <b>two</b> three</p><div id="c"><p>q</p>w</div>',
        );
        await settle(scan);
        for (let step = 0; step < 20; step++) {
          const texts: Text[] = [];
          const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let n = walk.nextNode(); n; n = walk.nextNode()) texts.push(n as Text);
          const op = next(3);
          const t = texts[next(texts.length)] as Text;
          if (op === 0) t.data = `${WORDS[next(WORDS.length)]}${WORDS[next(WORDS.length)]}`;
          else if (op === 1 && texts.length > 6) t.remove();
          else t.after(document.createTextNode(WORDS[next(WORDS.length)] as string));
          await settle(scan);
          expect(actual(scan), `seed ${seed}, round ${round}, step ${step}: ${document.body.innerHTML}`).toEqual(
            expected(),
          );
        }
        running?.ctx.invalidate();
      }
    }
  }, 60_000);

  it('reads the page again once after a burst of navigations, and not for a fragment alone', async () => {
    const moved = (to: string, from: string) =>
      window.dispatchEvent(
        Object.assign(new Event('wxt:locationchange'), { newUrl: new URL(to), oldUrl: new URL(from) }),
      );
    let scanned = 0;
    const { scan } = start(ARTICLE, { onScanned: () => scanned++ }, { navQuietMs: 300 });
    await settle(scan);
    expect(scanned).toBe(1);
    // An anchor followed, a scroll-spy writing the section: the same page, nothing read again.
    moved('https://example.com/a#part-2', 'https://example.com/a');
    moved('https://example.com/a#part-3', 'https://example.com/a#part-2');
    await new Promise((r) => setTimeout(r, 400));
    await settle(scan);
    expect(scanned).toBe(1);
    // A hash-routed app's route is a navigation.
    moved('https://example.com/a#/markets', 'https://example.com/a#part-3');
    await new Promise((r) => setTimeout(r, 400));
    await settle(scan);
    expect(scanned).toBe(2);
    // An address rewritten again and again (every 10 ms here): read once it has been still.
    for (let i = 0; i < 12; i++) {
      moved(`https://example.com/a?y=${i + 1}`, `https://example.com/a?y=${i}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(scanned).toBe(2);
    await new Promise((r) => setTimeout(r, 400));
    await settle(scan);
    expect(scanned).toBe(3);
    expect(actual(scan)).toEqual(expected());
  });

  it("a rescan's listener already sees the page it read: its amounts, not the page's before", async () => {
    const heard: number[][] = [];
    let scan: PageScan | undefined;
    ({ scan } = start('<p>OpenAI signed a $38 billion deal with AWS.</p>', {
      onChange: (_added, _removed, fromScan) => {
        if (fromScan) heard.push([...(scan?.amounts().keys() ?? [])]);
      },
    }));
    await settle(scan);
    expect([...scan.amounts().keys()]).toEqual([38e9]);
    // The page changes and navigates: the rescan reads the new text (the edit is patched in after it).
    (document.querySelector('p') as HTMLElement).textContent = 'Nvidia will invest $100 billion in OpenAI.';
    window.dispatchEvent(new Event('wxt:locationchange'));
    await settle(scan);
    expect(heard.at(-1)).toEqual([100e9]);
    expect([...scan.amounts().keys()]).toEqual([100e9]);
  });

  it('follows edits after a rescan as before it (removed blocks leave, edited ones are read again)', async () => {
    const seen: LiveBlock[] = [];
    const { scan } = start(ARTICLE, { onChange: (added) => seen.push(...added) });
    await settle(scan);
    // An edit before the rescan: the blocks of the first scan are looked up by their element.
    document.querySelector('li')?.remove();
    await settle(scan);
    expect(actual(scan)).toEqual(expected());
    window.dispatchEvent(new Event('wxt:locationchange'));
    await settle(scan);
    // After it: the blocks looked up are the rescan's, not the first scan's.
    const p = document.querySelectorAll('p')[1] as HTMLElement;
    p.textContent = 'Broadcom builds chips for OpenAI.';
    document.querySelector('h1')?.remove();
    await settle(scan);
    expect(actual(scan)).toEqual(expected());
    expect(actual(scan).filter((m) => m.endsWith('@oracle'))).toEqual([]);
    consistent(scan);
    // Every block handed out is either live or was dropped by the edits: none is live twice.
    const live = scan.blocks();
    expect(new Set(live).size).toBe(live.length);
    expect(live.every((lb) => seen.includes(lb))).toBe(true);
  });

  it('forgets everything on stop() and with the context', async () => {
    let resets = 0;
    const { scan, ctx } = start(ARTICLE, { onReset: () => resets++ });
    await settle(scan);
    scan.stop();
    expect(resets).toBe(1);
    expect(scan.blocks()).toHaveLength(0);
    expect([...scan.counts().values()].every((n) => n === 0)).toBe(true);
    scan.start();
    await settle(scan);
    expect(actual(scan)).toEqual(expected());
    ctx.invalidate();
    expect(resets).toBe(2);
    expect(scan.blocks()).toHaveLength(0);
  });

  describe('on a large page the first read waits for an idle period', () => {
    /** A scan whose idle callbacks wait until `idle()` is called. */
    function startHeld(
      html: string,
      listener: Partial<Parameters<typeof createPageScan>[3]> = {},
      options: { startWhenIdle?: boolean } = { startWhenIdle: true },
    ) {
      const ctx = fakeContext();
      const held: { cb: IdleRequestCallback; timeout?: number }[] = [];
      ctx.requestIdleCallback = (cb: IdleRequestCallback, options?: IdleRequestOptions) =>
        held.push({ cb, timeout: options?.timeout });
      const { scan } = start(html, listener, options, ctx);
      const idle = () => {
        for (const h of held.splice(0)) h.cb({ didTimeout: false, timeRemaining: () => 10 });
      };
      return { scan, ctx, held, idle };
    }

    it('reads nothing until the page is idle, with a bounded wait, and counts as scanning meanwhile', async () => {
      const { scan, held, idle } = startHeld(ARTICLE);
      await new Promise((r) => setTimeout(r, 30));
      expect(scan.blocks()).toHaveLength(0);
      expect(scan.scanning).toBe(true);
      expect(held).toHaveLength(1);
      expect(held[0]?.timeout).toBe(FIRST_SCAN_IDLE_TIMEOUT);
      idle();
      await settle(scan);
      expect(scan.scanning).toBe(false);
      expect(actual(scan)).toEqual(expected());
    });

    it('by default only a page of more than 20,000 elements waits; a small one is read at once', async () => {
      const small = startHeld(ARTICLE, {}, {});
      await settle(small.scan);
      expect(small.held).toHaveLength(0);
      expect(actual(small.scan)).toEqual(expected());
      running?.ctx.invalidate();

      const large = startHeld(`${'<i></i>'.repeat(LARGE_PAGE_ELEMENTS)}${ARTICLE}`, {}, {});
      await new Promise((r) => setTimeout(r, 30));
      expect(large.held).toHaveLength(1);
      expect(large.scan.blocks()).toHaveLength(0);
      large.idle();
      await settle(large.scan);
      expect(actual(large.scan)).toEqual(expected());
    });

    it('a change made while it waits is read once the scan has run', async () => {
      const { scan, idle } = startHeld(ARTICLE);
      document.body.insertAdjacentHTML('beforeend', '<p>SoftBank and CoreWeave</p>');
      await new Promise((r) => setTimeout(r, 30));
      expect(scan.blocks()).toHaveLength(0);
      idle();
      await settle(scan);
      expect(actual(scan)).toContain('SoftBank@softbank');
      expect(actual(scan)).toEqual(expected());
      consistent(scan);
    });

    it('stopped before the idle period: the late callback starts nothing', async () => {
      let changes = 0;
      const { scan, idle } = startHeld(ARTICLE, { onChange: () => changes++ });
      scan.stop();
      idle();
      await settle(scan);
      expect(changes).toBe(0);
      expect(scan.blocks()).toHaveLength(0);
      expect(scan.scanning).toBe(false);
    });

    it('an SPA navigation while it waits reads the page at once, and only once', async () => {
      let scanned = 0;
      const { scan, idle } = startHeld(ARTICLE, { onScanned: () => scanned++ });
      window.dispatchEvent(new Event('wxt:locationchange'));
      await settle(scan);
      expect(scanned).toBe(1);
      idle();
      await settle(scan);
      expect(scanned).toBe(1);
      expect(actual(scan)).toEqual(expected());
    });
  });
});

/** The page's blocks as a scan keeps them (ids, order, mentions as found), for a painter on its own. */
function pageBlocks(): FoundBlock[] {
  return collectBlocks(document).map((b, i) => {
    const lb = new FoundBlock(b.text, b.el, matchCandidates(lexicon, b.text), false, b.nodes, b.starts);
    lb.id = i + 1;
    lb.order = i;
    lb.mentions = lb.candidates;
    return lb;
  });
}

describe('createMarkPainter', () => {
  /** A highlighter that records its ranges. */
  function recorder(): Highlighter & { ranges: Set<AbstractRange> } {
    const ranges = new Set<AbstractRange>();
    return {
      ranges,
      supported: true,
      set(rs) {
        ranges.clear();
        for (const r of rs) ranges.add(r.range);
      },
      add(rs) {
        for (const r of rs) ranges.add(r.range);
      },
      remove(rs) {
        for (const r of rs) ranges.delete(r.range);
      },
      setActive() {},
      setStyle() {},
      setLarge() {},
      clear() {
        ranges.clear();
      },
      destroy() {
        ranges.clear();
      },
      get size() {
        return ranges.size;
      },
    };
  }

  it('a huge block on screen does not starve the paragraph beside it', () => {
    // A nav with more mentions than the cap, then the article's paragraph, both on screen.
    document.body.innerHTML = `<nav>${'OpenAI, '.repeat(8)}Nvidia.</nav><p>Nvidia sells chips to OpenAI.</p>`;
    for (const el of document.querySelectorAll('nav, p'))
      el.getBoundingClientRect = () =>
        ({ top: 100, bottom: 130, left: 0, right: 500, width: 500, height: 30, x: 0, y: 100 }) as DOMRect;
    const blocks = pageBlocks();
    const h = recorder();
    const painter = createMarkPainter(fakeContext(), document, h, () => undefined, { cap: 5, blocks: () => blocks });
    painter.update(blocks, [], false);
    const article = blocks[1] as LiveBlock;
    // The nav paints half the cap; the article's 2 marks still fit (at 981003a the nav took it all).
    expect(painter.marksOf(article)?.length).toBe(2);
  });

  it('paints the paragraphs on screen at once when hundreds lie above, measuring few of those', () => {
    // A reader far down a long page: 400 paragraphs above the viewport, then the three on screen.
    const above = 400;
    const n = above + 3;
    document.body.innerHTML = Array.from(
      { length: n },
      (_, i) => `<p>Note ${i}: Nvidia sells chips to OpenAI.</p>`,
    ).join('');
    let measuredAbove = 0;
    [...document.querySelectorAll('p')].forEach((el, i) => {
      const top = i < above ? -20_000 + i * 40 : 100 + (i - above) * 40;
      el.getBoundingClientRect = () => {
        if (i < above) measuredAbove++;
        return { top, bottom: top + 30, left: 0, right: 500, width: 500, height: 30, x: 0, y: top } as DOMRect;
      };
    });
    const blocks = pageBlocks();
    const onScreen = (h: { ranges: Set<AbstractRange> }) =>
      [...h.ranges].filter((r) => blocks.findIndex((lb) => lb.nodes.includes(r.startContainer as Text)) >= above)
        .length;
    const ctx = fakeContext();
    const h = recorder();
    const painter = createMarkPainter(ctx, document, h, () => undefined, { blocks: () => blocks });
    // A settings change paints again from every block.
    painter.setFilter(() => true, 'all', blocks);
    expect(onScreen(h)).toBe(6);
    expect(measuredAbove).toBeLessThan(40);
    // A rescan swaps all its blocks in at once, in document order.
    measuredAbove = 0;
    const again = blocks.map((lb) => {
      const copy = new FoundBlock(lb.text, lb.el, lb.candidates, false, lb.nodes, lb.starts);
      copy.id = lb.id + n;
      copy.order = lb.order;
      copy.mentions = lb.mentions;
      return copy;
    });
    painter.update(again, blocks, true);
    expect(onScreen(h)).toBe(6);
    expect(measuredAbove).toBeLessThan(40);
    ctx.invalidate();
  });

  it('paints a block handed over again once, even if it was waiting for the observer', () => {
    document.body.innerHTML = '<p id="x">OpenAI and Nvidia</p>';
    const observers: { fire: (entries: unknown[]) => void; observed: Set<Element> }[] = [];
    const real = window.IntersectionObserver;
    window.IntersectionObserver = class {
      observed = new Set<Element>();
      constructor(readonly fire: (entries: unknown[]) => void) {
        observers.push(this);
      }
      observe(el: Element) {
        this.observed.add(el);
      }
      unobserve(el: Element) {
        this.observed.delete(el);
      }
      disconnect() {
        this.observed.clear();
      }
    } as unknown as typeof IntersectionObserver;
    try {
      const ctx = fakeContext();
      const h = recorder();
      const painter = createMarkPainter(ctx, document, h, () => undefined);
      const [block] = collectBlocks(document);
      if (!block) throw new Error('no block');
      const candidates = matchCandidates(lexicon, block.text);
      const lb = new FoundBlock(block.text, block.el, candidates, false, block.nodes, block.starts);
      lb.id = 1;
      lb.unambiguous = 2;
      // From a scan, not rendered (happy-dom lays nothing out): it waits for the observer.
      painter.update([lb], [], true);
      expect(painter.size).toBe(0);
      // Handed over again as a live update: painted at once, and no longer waiting.
      painter.update([lb], [], false);
      expect(painter.size).toBe(2);
      observers[0]?.fire([{ isIntersecting: true, target: document.getElementById('x') }]);
      expect(painter.size).toBe(2);
      expect(h.size).toBe(2);
      ctx.invalidate();
    } finally {
      window.IntersectionObserver = real;
    }
  });

  it('paints a live update at once, never more than the cap, and clears everything', async () => {
    const h = recorder();
    const ctx = fakeContext();
    let blocks: readonly LiveBlock[] = [];
    const painter = createMarkPainter(ctx, document, h, () => undefined, { cap: 5, blocks: () => blocks });
    const { scan } = start('<p>placeholder</p>', {
      onChange: (added, removed, fromScan) => painter.update(added, removed, fromScan),
      onReset: () => painter.clear(),
    });
    blocks = scan.blocks();
    await settle(scan);
    document.body.insertAdjacentHTML('beforeend', '<p>OpenAI, Nvidia and AWS.</p>');
    await settle(scan);
    expect([...h.ranges].map((r) => (r as Range).toString())).toEqual(['OpenAI', 'Nvidia', 'AWS']);
    document.body.insertAdjacentHTML('beforeend', '<p>Microsoft, Oracle Corp. and SoftBank.</p>');
    await settle(scan);
    expect(h.size).toBeLessThanOrEqual(5);
    expect(painter.size).toBe(h.size);
    expect(scan.counts().get('softbank')).toBe(1);
    // One block with more mentions than the cap paints its first ones (half the cap), not none.
    document.body.insertAdjacentHTML('beforeend', `<p>${'OpenAI, '.repeat(8)}and Nvidia.</p>`);
    await settle(scan);
    expect(h.size).toBeGreaterThanOrEqual(2);
    expect(painter.marks().filter((m) => m.range.toString() === 'OpenAI').length).toBeGreaterThanOrEqual(2);
    expect(scan.counts().get('nvidia')).toBe(2);
    scan.stop();
    expect(h.size).toBe(0);
    ctx.invalidate();
  });
});
