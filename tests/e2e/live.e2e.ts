/**
 * Live pages in real Chromium with the built extension: marks follow content the page
 * appends, drop with content it removes, and follow a single-page-app navigation; no mark
 * is ever left on a node that left the page or painted twice; the paint cap holds on a page
 * with more mentions than it, while the digest still counts every one.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { markedTexts, tabIdOf, waitForMarks } from '../../scripts/lib/chromium.ts';
import { extensionHarness } from './harness.ts';

/** The paint cap of utils/marks.ts (MAX_PAINTED). */
const CAP = 5000;

/** A page with more mentions than the paint cap, all on screen at once (1px text). */
function crowdedPage(paragraphs: number, perParagraph: number): string {
  const p = Array.from({ length: perParagraph }, () => 'OpenAI').join(' and ');
  const body = Array.from({ length: paragraphs }, () => `<p>${p}.</p>`).join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>crowded</title>
<style>p{font-size:1px;line-height:1px;margin:0}</style></head><body>${body}</body></html>`;
}

/** A long page: `paragraphs` numbered paragraphs of ordinary size, each naming two companies. */
function longPage(paragraphs: number): string {
  const body = Array.from(
    { length: paragraphs },
    (_, i) => `<p id="p${i}">Note ${i}: Nvidia sells its accelerators to OpenAI under a multiyear agreement.</p>`,
  ).join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>long</title></head><body>${body}</body></html>`;
}

const h = extensionHarness('live', {
  routes: () => ({
    '/crowded.html': () => ({ body: crowdedPage(600, 10) }),
    '/long.html': () => ({ body: longPage(3000) }),
    // A page with a Custom Highlight of its own (search terms) that it clears before setting it again.
    '/own-highlights.html': () => ({
      body: `<!doctype html><html><head><meta charset="utf-8"><title>own highlights</title></head><body>
<p>OpenAI and Microsoft extended their partnership this week.</p><p id="b">Nvidia and AMD both gained.</p>
<script>window.searchAgain = () => { CSS.highlights.clear(); const r = new Range(); const t = document.getElementById('b').firstChild;
r.setStart(t, 0); r.setEnd(t, 6); CSS.highlights.set('site-search', new Highlight(r)); };</script></body></html>`,
    }),
    // A clock straight in the body, and a live blog's "updated" line beside its entries.
    '/clock.html': () => ({
      body: longPage(300).replace(
        '<body>',
        `<body><span id="clock">10:00:00</span><div id="blog">Updated <time id="t">1 minute</time> ago<p>Nvidia said so.</p></div>
<script>window.tick = (n) => new Promise((done) => { let i = 0; (function f() {
  document.getElementById('clock').firstChild.data = '10:00:' + String(i).padStart(2, '0');
  document.getElementById('t').textContent = i + ' seconds';
  if (++i < n) requestAnimationFrame(f); else done(); })(); });</script>`,
      ),
    }),
    // An infinite feed: stories appended in batches as the reader scrolls.
    '/feed.html': () => ({
      body: `<!doctype html><html><head><meta charset="utf-8"><title>feed</title></head><body><main id="feed">${longPage(
        500,
      ).replace(/^[\s\S]*<body>|<\/body>[\s\S]*$/g, '')}</main><script>
        let next = 0;
        window.more = (n) => {
          const f = document.createDocumentFragment();
          for (let i = 0; i < n; i++, next++) {
            const a = document.createElement('article');
            a.innerHTML = '<h2>Story ' + next + '</h2><p>Nvidia sells <b>accelerators</b> to <a href="#">Microsoft</a> for <i>cloud</i> regions.</p>';
            f.append(a);
          }
          document.getElementById('feed').append(f);
          return document.getElementsByTagName('*').length;
        };</script></body></html>`,
    }),
  }),
});

/** The ids of the paragraphs that hold a painted mark. */
async function paintedParagraphs(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    ([...(CSS.highlights.get('deallens-mark') ?? [])] as Range[]).map(
      (r) => (r.startContainer.parentElement as Element).id,
    ),
  );
}

async function open(path: string): Promise<Page> {
  const page = await h.browser.context.newPage();
  await page.goto(h.server.url('www.reuters.com', path));
  return page;
}

/** Every painted range is on a node in the page and covers text, and no two cover the same characters. */
async function noStaleOrDuplicate(page: Page) {
  const { stale, duplicates } = await page.evaluate(() => {
    const ranges = [...(CSS.highlights.get('deallens-mark') ?? [])] as Range[];
    const keys = ranges.map((r) => {
      const nodes = [r.startContainer, r.endContainer];
      const ids = nodes.map((n) => {
        const w = n as Node & { __id?: number };
        w.__id ??= Math.random();
        return w.__id;
      });
      return `${ids[0]}:${r.startOffset}-${ids[1]}:${r.endOffset}`;
    });
    return {
      stale: ranges.filter((r) => r.collapsed || !r.startContainer.isConnected || !r.endContainer.isConnected).length,
      duplicates: keys.length - new Set(keys).size,
    };
  });
  expect(stale).toBe(0);
  expect(duplicates).toBe(0);
}

async function marksInclude(page: Page, text: string) {
  await page.waitForFunction(
    (t) => ([...(CSS.highlights.get('deallens-mark') ?? [])] as Range[]).some((r) => r.toString() === t),
    text,
    { timeout: 10_000 },
  );
}

/**
 * Waits until no mark reads `text` and none is collapsed. A live Range whose text node leaves
 * the page collapses at once, before the batched observer drops it in the next frame: only
 * then are the marks the extension's own view of the page.
 */
async function marksExclude(page: Page, text: string) {
  await page.waitForFunction(
    (t) =>
      ([...(CSS.highlights.get('deallens-mark') ?? [])] as Range[]).every((r) => !r.collapsed && r.toString() !== t),
    text,
    { timeout: 10_000 },
  );
}

/** Tags every painted Range (in the page's world, where a Range keeps its wrapper); returns how many. */
function tagMarks(page: Page): Promise<number> {
  return page.evaluate(() => {
    const ranges = [...(CSS.highlights.get('deallens-mark') ?? [])] as (Range & { tagged?: boolean })[];
    for (const r of ranges) r.tagged = true;
    return ranges.length;
  });
}

/** Painted Ranges made since `tagMarks` (a block read again paints new ones). */
function freshMarks(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      ([...(CSS.highlights.get('deallens-mark') ?? [])] as (Range & { tagged?: boolean })[]).filter((r) => !r.tagged)
        .length,
  );
}

async function digest(page: Page): Promise<{ mentions: number; entities: { id: string; count: number }[] }> {
  const tabId = await tabIdOf(h.browser, page);
  return h.browser.worker.evaluate((id) => chrome.tabs.sendMessage(id, { type: 'getDigest' }), tabId);
}

describe('a live page', () => {
  it('marks a paragraph the page appends, in the frame its mutation is read', async () => {
    const page = await open('/spa-live.html');
    await waitForMarks(page, 5);
    const before = await markedTexts(page);
    expect(before).not.toContain('SoftBank');
    // Appended, then checked in the next frame callback after ours.
    const marked = await page.evaluate(async () => {
      (window as unknown as { spa: { append(h: string): string } }).spa.append(
        'SoftBank committed to invest $22.5 billion in OpenAI.',
      );
      await Promise.resolve();
      await new Promise((r) => requestAnimationFrame(r));
      await new Promise((r) => requestAnimationFrame(r));
      return ([...(CSS.highlights.get('deallens-mark') ?? [])] as Range[]).map((r) => r.toString());
    });
    expect(marked).toContain('SoftBank');
    expect(marked.filter((m) => m === 'OpenAI').length).toBe(before.filter((m) => m === 'OpenAI').length + 1);
    await noStaleOrDuplicate(page);
    await page.close();
  });

  it('drops the marks of removed content and keeps the rest', async () => {
    const page = await open('/spa-live.html');
    await marksInclude(page, 'Oracle');
    const before = await markedTexts(page);
    await page.evaluate(() => (window as unknown as { spa: { remove(id: string): void } }).spa.remove('p-oracle'));
    await marksExclude(page, 'Oracle');
    const after = await markedTexts(page);
    expect(after).toContain('Amazon Web Services');
    // Only the removed paragraph's marks went: its Oracle and its OpenAI.
    expect(after.length, JSON.stringify({ before, after })).toBe(before.length - 2);
    await noStaleOrDuplicate(page);
    await page.close();
  });

  it('follows a single-page-app navigation and counts the new page', async () => {
    const page = await open('/spa-live.html');
    await marksInclude(page, 'Amazon Web Services');
    await page.evaluate(() => (window as unknown as { spa: { navigate(p: string): void } }).spa.navigate('2'));
    await marksInclude(page, 'Broadcom');
    await marksInclude(page, 'AMD');
    await marksExclude(page, 'Amazon Web Services');
    const marks = await markedTexts(page);
    expect(new Set(marks)).toEqual(new Set(['AMD', 'OpenAI', 'Broadcom']));
    await noStaleOrDuplicate(page);
    // After WXT reports the navigation (it polls the URL every second) the page is read again: same marks, counted once.
    await page.waitForTimeout(1500);
    await noStaleOrDuplicate(page);
    expect((await markedTexts(page)).sort()).toEqual(marks.sort());
    const d = await digest(page);
    expect(d.entities.find((e) => e.id === 'amd')?.count).toBe(2);
    expect(d.entities.some((e) => e.id === 'aws' || e.id === 'oracle')).toBe(false);
    await page.close();
  });

  it('reads nothing again when only the address fragment moves (anchors, a scroll-spy)', async () => {
    const page = await open('/long.html');
    await waitForMarks(page, 20);
    await page.waitForTimeout(300);
    const tag = () => tagMarks(page);
    const fresh = () => freshMarks(page);
    expect(await tag()).toBeGreaterThan(0);
    await page.evaluate(() => {
      for (let i = 0; i < 5; i++) history.replaceState(null, '', `#section-${i}`);
    });
    await page.waitForTimeout(1500);
    expect(await fresh()).toBe(0);
    // An anchor followed scrolls: marks are painted where it lands, and none is made again after that.
    await page.evaluate(() => {
      location.hash = 'p40';
    });
    await page.waitForTimeout(300);
    await tag();
    await page.evaluate(() => {
      location.hash = 'p0';
    });
    await page.waitForTimeout(1500);
    expect(await fresh()).toBe(0);
    await page.close();
  });

  it('paints with the tint once an infinite feed grows past the large-page size, as a page loaded that large is', async () => {
    const page = await open('/feed.html');
    await waitForMarks(page, 20);
    const looks = () =>
      page.evaluate(() =>
        [...CSS.highlights.keys()].filter(
          (k) => k.startsWith('deallens-') && k !== 'deallens-mark' && k !== 'deallens-active',
        ),
      );
    expect(await looks()).toEqual(['deallens-underline']);
    // Batches of 150 stories (900 elements, 150 subtrees: patched in, no rescan).
    let elements = 0;
    while (elements <= 20_000) {
      elements = await page.evaluate(() => (window as unknown as { more(n: number): number }).more(150));
      await page.waitForTimeout(100);
    }
    await expect.poll(looks).toEqual(['deallens-background']);
    await noStaleOrDuplicate(page);
    await page.close();
  });

  it('reads nothing again for a clock ticking in the body or an "updated N seconds ago" beside the entries', async () => {
    const page = await open('/clock.html');
    await waitForMarks(page, 20);
    await page.waitForTimeout(300);
    expect(await tagMarks(page)).toBeGreaterThan(0);
    await page.evaluate(() => (window as unknown as { tick(n: number): Promise<void> }).tick(10));
    await page.waitForTimeout(500);
    expect(await freshMarks(page)).toBe(0);
    // A name coming into the clock's text is marked.
    await page.evaluate(() => {
      ((document.getElementById('clock') as HTMLElement).firstChild as Text).data = 'Oracle Corp. at 10:01';
    });
    await marksInclude(page, 'Oracle Corp.');
    await noStaleOrDuplicate(page);
    await page.close();
  });

  it('comes back after the page empties the highlight registry for its own search terms', async () => {
    const page = await open('/own-highlights.html');
    await waitForMarks(page, 4);
    await page.evaluate(() => (window as unknown as { searchAgain(): void }).searchAgain());
    expect(await page.evaluate(() => CSS.highlights.has('deallens-mark'))).toBe(false);
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.textContent = 'SoftBank said it would invest more in OpenAI.';
      document.body.append(p);
    });
    await marksInclude(page, 'SoftBank');
    expect(await page.evaluate(() => CSS.highlights.get('deallens-mark')?.size)).toBeGreaterThanOrEqual(6);
    expect(await page.evaluate(() => CSS.highlights.has('site-search'))).toBe(true);
    await page.close();
  });

  it('never paints more than the cap, while the digest counts every mention', async () => {
    const page = await open('/crowded.html');
    await waitForMarks(page, 100);
    await page.waitForTimeout(500);
    const size = await page.evaluate(() => CSS.highlights.get('deallens-mark')?.size ?? 0);
    expect(size).toBeGreaterThan(1000);
    expect(size).toBeLessThanOrEqual(CAP);
    await expect.poll(async () => (await digest(page)).mentions, { timeout: 10_000 }).toBe(6000);
    // Scrolling adds no marks past the cap.
    await page.mouse.wheel(0, 2000);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => CSS.highlights.get('deallens-mark')?.size ?? 0)).toBeLessThanOrEqual(CAP);
    await noStaleOrDuplicate(page);
    await page.close();
  });

  it('paints marks far down a long page as the reader scrolls to them, and only then', async () => {
    const page = await open('/long.html');
    // Every mention is counted at once; marks are painted around the viewport only.
    await expect.poll(async () => (await digest(page)).mentions, { timeout: 10_000 }).toBe(6000);
    await waitForMarks(page, 2);
    const first = await paintedParagraphs(page);
    expect(first).toContain('p0');
    expect(first).not.toContain('p2999');
    expect(first).not.toContain('p1500');
    // A jump to the middle, then to the end: the paragraphs on screen get their marks.
    for (const id of ['p1500', 'p2999']) {
      await page.evaluate((at) => document.getElementById(at)?.scrollIntoView({ block: 'center' }), id);
      await expect.poll(async () => (await paintedParagraphs(page)).filter((p) => p === id).length).toBe(2);
    }
    await noStaleOrDuplicate(page);
    await page.close();
  });

  it('removes every mark when switched off, and marks the live page again when switched on', async () => {
    const page = await open('/spa-live.html');
    await waitForMarks(page, 5);
    const before = await markedTexts(page);
    await h.browser.worker.evaluate(() =>
      chrome.storage.sync.set({ settings: { enabled: false, disabledEntities: [], hoverDelayMs: 350 } }),
    );
    await page.waitForFunction(() => (CSS.highlights.get('deallens-mark')?.size ?? 0) === 0);
    await h.browser.worker.evaluate(() =>
      chrome.storage.sync.set({ settings: { enabled: true, disabledEntities: [], hoverDelayMs: 350 } }),
    );
    await waitForMarks(page, before.length);
    expect((await markedTexts(page)).sort()).toEqual([...before].sort());
    await noStaleOrDuplicate(page);
    await page.close();
  });
});
