/**
 * The deal card in real Chromium with the built extension: opening and closing by hover,
 * click, Alt and the keyboard commands; what it shows and in which order; where it sits
 * (every edge of the window, wrapped marks, above page overlays, 200% zoom); themes; an
 * axe-core audit; and the card UI file, loaded only when a card is first needed, also under a
 * strict CSP. Screenshots go to test-output/card/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dataset } from '../../data/index.ts';
import { CHROME_BUILD, markCenter, markedTexts, settle, tabIdOf, waitForMarks } from '../../scripts/lib/chromium.ts';
import { CARD_UI_FILE, CARD_UI_GLOBAL } from '../../utils/card-loader.ts';
import { createFactIndex, rankDeals } from '../../utils/facts.ts';
import { formatUsd } from '../../utils/format.ts';
import { axeViolations, extensionHarness, FIXTURES } from './harness.ts';

/** The page's CSP allows nothing at all: no script, style, image or connection from anywhere. */
const STRICT_CSP = "default-src 'none'";

const TWO_DEALS =
  '<p id="one">Nvidia said it would invest up to $100 billion in OpenAI, whose models also run on Microsoft Azure.</p>' +
  '<p id="two">Oracle agreed to supply OpenAI with computing power over about five years.</p>';
const FILLER = Array.from({ length: 8 }, (_, i) => `<p>Filler ${i}: weather and traffic, nothing else.</p>`).join('');
const LAYER_PAGES: Record<string, { head?: string; body: string; html?: string }> = {
  '/drag.html': { body: TWO_DEALS + FILLER },
  '/dialog.html': {
    body: `${TWO_DEALS}<dialog id="dlg"><p>In this dialog: Broadcom designs chips with OpenAI.</p><form><label>Email <input id="email" value="half-typed@"></label></form></dialog>`,
  },
  '/menu.html': {
    body: `${TWO_DEALS}<div popover id="menu" style="position:fixed;inset:auto;top:260px;left:40px;margin:0"><p>Trending: Broadcom and OpenAI.</p></div>`,
  },
  '/backdrop.html': { head: '<style>[popover]::backdrop { background: rgba(0, 0, 0, 0.6); }</style>', body: TWO_DEALS },
  '/rtl.html': { html: ' dir="rtl"', body: TWO_DEALS },
  '/zoomed.html': { head: '<style>html { zoom: 1.5; }</style>', body: TWO_DEALS + FILLER },
  '/pane.html': {
    head: '<style>html, body { height: 100%; margin: 0; overflow: hidden; } #pane { height: 100%; overflow: auto; padding: 0 16px; }</style>',
    body: `<div id="pane">${FILLER}${FILLER}${FILLER}${TWO_DEALS}${FILLER}${FILLER}${FILLER}</div>`,
  },
  '/reader.html': {
    head: '<style>#reader { position: fixed; inset: 0; overflow: auto; background: #fff; padding: 20px; }</style>',
    body: `${TWO_DEALS}${FILLER}<div id="reader"><h1>Reader view</h1><p>In the reader: Broadcom designs chips with OpenAI.</p></div>`,
  },
  // What a DealLens before this one left in the page (Firefox ends an updated extension's old
  // content script without letting it clean up): its card's host and a highlight.
  '/leftover.html': {
    body: `${TWO_DEALS}<deallens-card id="stale">stale card</deallens-card><script>{ const r = document.createRange(); r.selectNodeContents(document.getElementById('one')); CSS.highlights.set('deallens-stale', new Highlight(r)); }</script>`,
  },
  // Teaser cards whose headline link is stretched over the whole card (a common news layout).
  '/teasers.html': {
    head: '<style>.teaser { position: relative; margin: 40px 0; } .teaser a::after { content: ""; position: absolute; inset: 0; }</style>',
    body: `${FILLER}<div class="teaser"><h3><a href="#one">Chips this week</a></h3><p>Broadcom designs chips with OpenAI.</p></div>`,
  },
  '/twice.html': {
    body: '<p>Nvidia makes the chips in most AI data centers.</p><p>Weeks later, Nvidia said it would invest in OpenAI.</p>',
  },
  '/component.html': {
    body: `${TWO_DEALS}<search-box></search-box><script>customElements.define('search-box', class extends HTMLElement { connectedCallback() { this.attachShadow({ mode: 'open' }).innerHTML = '<input id="q" value="chips">'; } });</script>`,
  },
};

const h = extensionHarness('card', {
  routes: () => {
    const ranking = readFileSync(join(FIXTURES, 'card-ranking.html'), 'utf8');
    // A long page of our own: 400 paragraphs, each naming two companies.
    const long = Array.from(
      { length: 400 },
      (_, i) => `<p id="p${i}">Note ${i}: Nvidia sells its accelerators to OpenAI under a multiyear agreement.</p>`,
    ).join('\n');
    return {
      '/csp-ranking.html': () => ({ body: ranking, headers: { 'content-security-policy': STRICT_CSP } }),
      // Mentions in three groups, two screens apart: most of them never painted until reached.
      '/gaps.html': () => ({
        body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Gaps</title></head><body>
<p>OpenAI and Microsoft signed a deal.</p><div style="height:3000px"></div>
<p>Nvidia, Oracle and Broadcom agreed on chips.</p><div style="height:3000px"></div>
<p>OpenAI again, with CoreWeave this time.</p></body></html>`,
      }),
      // A name in three text nodes.
      '/split.html': () => ({
        body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Split</title></head><body>
<p>OpenAI signed a seven-year compute deal with Amazon <em id="web">Web</em> Services and Nvidia.</p></body></html>`,
      }),
      '/rewrite.html': () => ({
        body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Rewrite</title></head><body>
<p>OpenAI and Nvidia signed a deal.</p></body></html>`,
      }),
      '/long.html': () => ({
        body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Long</title></head><body>${long}</body></html>`,
      }),
      // The page's own layers and layouts, each around the same two paragraphs of ours.
      ...Object.fromEntries(
        Object.entries(LAYER_PAGES).map(([path, { head = '', body, html = '' }]) => [
          path,
          () => ({
            body: `<!doctype html><html lang="en"${html}><head><meta charset="utf-8"><title>Layers</title>${head}</head><body>${body}</body></html>`,
          }),
        ]),
      ),
    };
  },
});

const RANKING = '/card-ranking.html';
const EDGES = '/card-edges.html';
const ARTICLE = '/openai-aws-deal.html';
const facts = createFactIndex(dataset);

async function openPage(path: string, minMarks = 3): Promise<Page> {
  const page = await h.browser.context.newPage();
  await page.goto(h.server.url('www.reuters.com', path));
  await waitForMarks(page, minMarks);
  return page;
}

const cardLocator = (page: Page) => page.locator('deallens-card .card');
const isOpen = (page: Page) => page.evaluate(() => !!document.querySelector('deallens-card'));
const waitClosed = (page: Page) => page.locator('deallens-card').waitFor({ state: 'detached', timeout: 5000 });
const waitOpen = (page: Page) => cardLocator(page).waitFor({ state: 'visible', timeout: 5000 });

/** Rests the pointer at (x, y) until the card opens; the ms from the move to the card's host entering the page. */
async function restOn(page: Page, x: number, y: number): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { t0: number; opened?: number };
    w.t0 = performance.now();
    new MutationObserver((_, obs) => {
      if (document.querySelector('deallens-card')) {
        w.opened = performance.now();
        obs.disconnect();
      }
    }).observe(document.body, { childList: true });
  });
  await page.mouse.move(x, y);
  await waitOpen(page);
  return page.evaluate(() => {
    const w = window as unknown as { t0: number; opened: number };
    return w.opened - w.t0;
  });
}

/** Lets pointer and keyboard events run through their frame and timers: `ms` after two frames. */
async function idle(page: Page, ms: number) {
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  await page.waitForTimeout(ms);
}

/** The card's heading. */
const cardTitle = (page: Page) => page.locator('deallens-card .name').textContent();

/** The text of the emphasised mark (the one whose card is open) and its position among the marks with that text. */
async function activeMark(page: Page): Promise<{ text: string; nth: number } | null> {
  return page.evaluate(() => {
    const active = [...(CSS.highlights.get('deallens-active') ?? [])][0] as Range | undefined;
    if (!active) return null;
    const text = active.toString();
    const same = ([...(CSS.highlights.get('deallens-mark') ?? [])] as Range[]).filter((r) => r.toString() === text);
    same.sort((a, b) => a.compareBoundaryPoints(Range.START_TO_START, b));
    return { text, nth: same.findIndex((r) => r.compareBoundaryPoints(Range.START_TO_START, active) === 0) };
  });
}

/** The card's box, and whether it lies inside the viewport. */
async function cardBox(page: Page) {
  const box = await cardLocator(page).boundingBox();
  const vp = page.viewportSize();
  if (!box || !vp) throw new Error('no card box');
  const inside = box.x >= 0 && box.y >= 0 && box.x + box.width <= vp.width && box.y + box.height <= vp.height;
  return { ...box, inside };
}

/** Describes the element focused inside the card ("dialog", "button:Close", "a:Reuters, …"). */
function focusedInCard(page: Page) {
  return page.evaluate(() => {
    const host = document.querySelector('deallens-card');
    if (!host || document.activeElement !== host) return null;
    const el = host.shadowRoot?.activeElement as HTMLElement | null;
    if (!el) return null;
    if (el.getAttribute('role') === 'dialog') return 'dialog';
    return `${el.tagName.toLowerCase()}:${el.getAttribute('aria-label') ?? el.textContent?.trim()}`;
  });
}

/**
 * Whether the card UI file has run in DealLens's isolated world on `page`: its global is read
 * there through the DevTools protocol (the page's own world never sees it).
 */
async function cardUiLoaded(page: Page): Promise<boolean> {
  const cdp = await page.context().newCDPSession(page);
  try {
    type Context = { id: number; origin: string; auxData?: { type?: string; isDefault?: boolean } };
    const contexts: Context[] = [];
    cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context as Context));
    // Enabling the Runtime domain reports every existing execution context first.
    await cdp.send('Runtime.enable');
    const ours = contexts.find(
      (c) => c.auxData?.type === 'isolated' && c.origin === `chrome-extension://${h.browser.extensionId}`,
    );
    if (!ours) throw new Error("DealLens's isolated world is not on the page");
    const { result } = await cdp.send('Runtime.evaluate', {
      expression: `typeof globalThis[${JSON.stringify(CARD_UI_GLOBAL)}]?.createCardHost`,
      contextId: ours.id,
      returnByValue: true,
    });
    return result.value === 'function';
  } finally {
    await cdp.detach();
  }
}

/**
 * The content script's loads of the card UI file so far: through the per-session dynamic URL
 * (the browser then reads the file under the static id, with no initiator, which is not counted).
 */
const cardUiLoads = () =>
  h.browser.network.requests
    .filter((r) => r.url.endsWith(CARD_UI_FILE) && !r.url.startsWith(`chrome-extension://${h.browser.extensionId}/`))
    .map((r) => ({ url: new URL(r.url), byContentScript: r.initiators.some((i) => i.endsWith('/content.js')) }));

/** Runs a manifest command in the page's tab through the function the background's onCommand listener calls. */
async function command(page: Page, name: 'next-mention' | 'previous-mention'): Promise<boolean> {
  const tabId = await tabIdOf(h.browser, page);
  // Headless Chromium does not route key presses to extension shortcuts, so the command is
  // dispatched from the service worker, exactly as chrome.commands.onCommand would.
  return h.browser.worker.evaluate(
    ([n, id]) =>
      (globalThis as unknown as Record<string, (c: string, t: number) => Promise<boolean>>).deallensRunCommand?.(
        n,
        id,
      ) ?? false,
    [name, tabId] as const,
  );
}

describe('loading the card UI', () => {
  it('loads the card UI file only when the pointer first reaches a mark, once, in the extension’s own world', async () => {
    const delay = 350;
    await h.setSettings({ hoverDelayMs: delay });
    const page = await openPage(RANKING);
    const before = cardUiLoads().length;
    await idle(page, 300);
    // Marked, but no card wanted yet: the card UI has not been loaded.
    expect(await cardUiLoaded(page)).toBe(false);
    expect(cardUiLoads().length).toBe(before);

    const { x, y } = await markCenter(page, 'Nvidia', 1);
    const waited = await restOn(page, x, y);
    expect(await cardTitle(page)).toBe('Nvidia');
    expect(await cardUiLoaded(page)).toBe(true);
    // The file loaded while the hover delay ran: the first card still opens after the delay.
    expect(waited).toBeGreaterThanOrEqual(delay);
    console.info(`first card opened ${Math.round(waited)} ms after the pointer came to rest (delay ${delay} ms)`);
    // One load, by the content script, through the per-session dynamic URL (the static one stays
    // closed to pages); the page's own world has no trace of it.
    expect(cardUiLoads().slice(before)).toEqual([
      { url: expect.objectContaining({ protocol: 'chrome-extension:' }), byContentScript: true },
    ]);
    expect(await page.evaluate((key) => key in window, CARD_UI_GLOBAL)).toBe(false);

    // Closing and opening again, here or on another mark, loads nothing more.
    await page.keyboard.press('Escape');
    await waitClosed(page);
    const intel = await markCenter(page, 'Intel', 1);
    await page.mouse.move(intel.x, intel.y);
    await expect.poll(() => cardTitle(page)).toBe('Intel');
    expect(cardUiLoads().length).toBe(before + 1);
    await page.close();
  });

  it("opens the card under a strict CSP (default-src 'none'): by pointer, styled, and by the keyboard command", async () => {
    await h.setSettings({ hoverDelayMs: 50 });
    const page = await h.browser.context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (m.text().includes('Content Security Policy') && /chrome-extension:|card-ui/.test(m.text())) {
        violations.push(m.text());
      }
    });
    await page.goto(h.server.url('www.reuters.com', '/csp-ranking.html'));
    await waitForMarks(page, 3);
    expect(await cardUiLoaded(page)).toBe(false);
    const { x, y } = await markCenter(page, 'Nvidia', 1);
    await page.mouse.move(x, y);
    await waitOpen(page);
    await settle(page);
    expect(await cardTitle(page)).toBe('Nvidia');
    expect(await cardUiLoaded(page)).toBe(true);
    const look = await cardLocator(page).evaluate((el) => {
      const s = getComputedStyle(el);
      return {
        width: Math.round(el.getBoundingClientRect().width),
        fontSize: s.fontSize,
        shadow: s.boxShadow !== 'none',
      };
    });
    expect(look).toEqual({ width: 380, fontSize: '13px', shadow: true });
    await page.screenshot({ path: join(h.shots, 'card-strict-csp.png') });
    await page.keyboard.press('Escape');
    await waitClosed(page);
    await page.mouse.move(4, 4);

    expect(await command(page, 'next-mention')).toBe(true);
    await waitOpen(page);
    expect(await focusedInCard(page)).toBe('dialog');
    expect(violations).toEqual([]);
    await page.close();
  });
});

describe('opening and closing by pointer (hover mode)', () => {
  it('opens no card while the pointer merely crosses a mark, and one only after the delay set in the settings', async () => {
    const delay = 400;
    await h.setSettings({ hoverDelayMs: delay });
    const page = await openPage(RANKING);
    const { x, y } = await markCenter(page, 'Nvidia', 1);
    // Sweep across the mark and on to plain text, as a reader's pointer does on its way elsewhere.
    await page.mouse.move(x - 120, y + 40);
    await page.mouse.move(x - 60, y, { steps: 3 });
    await page.mouse.move(x + 80, y, { steps: 6 });
    await page.mouse.move(x + 80, y + 120, { steps: 3 });
    await idle(page, 3 * delay);
    expect(await isOpen(page)).toBe(false);

    // Resting on the mark opens its card, never before the delay.
    const waited = await restOn(page, x, y);
    expect(waited).toBeGreaterThanOrEqual(delay);
    expect(await cardTitle(page)).toBe('Nvidia');
    await page.close();
  });

  it('stays open while the pointer travels into it, closes when the pointer leaves, and on Esc', async () => {
    await h.setSettings({ hoverDelayMs: 50 });
    const page = await openPage(RANKING);
    const { x, y } = await markCenter(page, 'Nvidia', 1);
    await page.mouse.move(x, y);
    await waitOpen(page);
    // Into the card, across the gap between the line and the card, then rest there well past the grace time.
    const box = await cardBox(page);
    await page.mouse.move(box.x + 40, box.y + 60, { steps: 8 });
    await idle(page, 1000);
    expect(await isOpen(page)).toBe(true);
    // Out through the empty margin: it closes after the grace time.
    await page.mouse.move(4, box.y + 60, { steps: 4 });
    await waitClosed(page);

    await page.mouse.move(x, y);
    await waitOpen(page);
    await page.keyboard.press('Escape');
    await waitClosed(page);
    await page.close();
  });

  it('closes when its mark scrolls out of view', async () => {
    await h.setSettings({ hoverDelayMs: 50 });
    const page = await openPage(EDGES);
    const { x, y } = await markCenter(page, 'OpenAI');
    await page.mouse.move(x, y);
    await waitOpen(page);
    await page.evaluate(() => window.scrollBy(0, 900));
    await waitClosed(page);
    await page.close();
  });

  it('shows one card at a time: resting on another mark replaces it', async () => {
    await h.setSettings({ hoverDelayMs: 50 });
    const page = await openPage(RANKING);
    const nvidia = await markCenter(page, 'Nvidia', 1);
    await page.mouse.move(nvidia.x, nvidia.y);
    await waitOpen(page);
    const intel = await markCenter(page, 'Intel', 1);
    await page.mouse.move(intel.x, intel.y);
    await expect.poll(() => cardTitle(page)).toBe('Intel');
    expect(await page.locator('deallens-card').count()).toBe(1);
    expect(await page.locator('deallens-card [role="dialog"]').count()).toBe(1);
    await page.close();
  });
});

describe('a name over several text nodes', () => {
  it('opens its card from any part of it, the middle node too', async () => {
    await h.setSettings({ hoverDelayMs: 0 });
    const page = await openPage('/split.html', 3);
    const box = await page.locator('#web').boundingBox();
    if (!box) throw new Error('no box for "Web"');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await waitOpen(page);
    expect(await cardTitle(page)).toBe('Amazon Web Services');
    await page.close();
  });
});

describe('a page that rewrites itself whole', () => {
  it('after document.open and write, marks the new text and opens its cards', async () => {
    await h.setSettings({ hoverDelayMs: 0 });
    const page = await openPage('/rewrite.html', 2);
    // The browser takes away every listener of the document and the window, ours too.
    await page.evaluate(() => {
      document.open();
      document.write('<!doctype html><html><body><p id="new">Broadcom ships chips to OpenAI.</p></body></html>');
      document.close();
    });
    await expect
      .poll(() =>
        page.evaluate(() => ([...(CSS.highlights.get('deallens-mark') ?? [])] as Range[]).map((r) => r.toString())),
      )
      .toEqual(['Broadcom', 'OpenAI']);
    const { x, y } = await markCenter(page, 'Broadcom');
    await page.mouse.move(x, y);
    await waitOpen(page);
    expect(await cardTitle(page)).toBe('Broadcom');
    await page.close();
  });
});

describe('click and Alt modes', () => {
  it('click mode: hovering opens nothing; a click opens, a second click or a click elsewhere closes', async () => {
    await h.setSettings({ cardMode: 'click', hoverDelayMs: 0 });
    const page = await openPage(RANKING);
    const { x, y } = await markCenter(page, 'Nvidia', 1);
    await page.mouse.move(x, y);
    await idle(page, 500);
    expect(await isOpen(page)).toBe(false);

    // The first click opens the card even though the card UI loads for it.
    await page.mouse.click(x, y);
    await waitOpen(page);
    // A clicked card is pinned: the pointer leaving does not close it.
    await page.mouse.move(4, 4, { steps: 4 });
    await idle(page, 800);
    expect(await isOpen(page)).toBe(true);
    // Clicking its mark again closes it.
    await page.mouse.click(x, y);
    await waitClosed(page);

    await page.mouse.click(x, y);
    await waitOpen(page);
    await page.mouse.click(4, 300);
    await waitClosed(page);
    await page.close();
  });

  it('click mode: a mark inside a link, whose clicks are the page’s, opens when the pointer rests on it', async () => {
    await h.setSettings({ cardMode: 'click', hoverDelayMs: 0 });
    const page = await openPage(ARTICLE);
    // The first "Nvidia" of the article is a link; the second is plain text.
    const linked = await markCenter(page, 'Nvidia', 0);
    expect(
      await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('a')?.getAttribute('href'), linked),
    ).toBe('#nvidia');
    await page.mouse.move(linked.x, linked.y);
    await waitOpen(page);
    expect(await cardTitle(page)).toBe('Nvidia');
    await page.mouse.move(4, 4, { steps: 4 });
    await waitClosed(page);
    // A plain mark still waits for a click.
    const plain = await markCenter(page, 'Nvidia', 1);
    await page.mouse.move(plain.x, plain.y);
    await idle(page, 500);
    expect(await isOpen(page)).toBe(false);
    await page.close();
  });

  it('Alt mode: the card opens only while Alt is held over a mark', async () => {
    await h.setSettings({ cardMode: 'alt', hoverDelayMs: 0 });
    const page = await openPage(RANKING);
    const { x, y } = await markCenter(page, 'Intel', 1);
    await page.mouse.move(x, y);
    await idle(page, 500);
    expect(await isOpen(page)).toBe(false);

    // Pressing Alt with the pointer already on the mark opens it; releasing Alt closes it.
    await page.keyboard.down('Alt');
    await waitOpen(page);
    expect(await cardTitle(page)).toBe('Intel');
    await page.keyboard.up('Alt');
    await waitClosed(page);

    // Moving onto a mark with Alt held opens it too.
    await page.mouse.move(x, y + 200);
    await page.keyboard.down('Alt');
    await page.mouse.move(x, y, { steps: 3 });
    await waitOpen(page);
    await page.keyboard.up('Alt');
    await waitClosed(page);
    await page.close();
  });
});

/** A page function: how many painted marks lie in the viewport. */
const VISIBLE_MARKS = `window.visibleMarks = () => [...(CSS.highlights.get('deallens-mark') ?? [])].filter((r) => {
  const b = r.getBoundingClientRect();
  return b.bottom > 0 && b.top < innerHeight;
}).length;`;
type Visible = { visibleMarks(): number };

describe('far down a long page', () => {
  it('a settings change keeps the marks on screen painted and the open card with its emphasis', async () => {
    await h.setSettings({});
    const page = await openPage('/long.html', 2);
    await page.evaluate(() => document.getElementById('p200')?.scrollIntoView({ block: 'center' }));
    await page.addScriptTag({ content: VISIBLE_MARKS });
    await expect.poll(() => page.evaluate(() => (window as unknown as Visible).visibleMarks())).toBeGreaterThan(0);
    expect(await command(page, 'next-mention')).toBe(true);
    await waitOpen(page);
    expect(await activeMark(page)).not.toBeNull();
    // Every frame for a while: how many painted marks are on screen.
    const frames = page.evaluate(async () => {
      const seen: number[] = [];
      for (let i = 0; i < 40; i++) {
        await new Promise((r) => requestAnimationFrame(r));
        seen.push((window as unknown as Visible).visibleMarks());
      }
      return seen;
    });
    await h.setSettings({ markStyle: 'dotted' });
    const seen = await frames;
    expect(Math.min(...seen)).toBeGreaterThan(0);
    await expect.poll(() => page.evaluate(() => CSS.highlights.has('deallens-dotted'))).toBe(true);
    expect(await isOpen(page)).toBe(true);
    expect(await activeMark(page)).not.toBeNull();
    await page.close();
  });
});

describe('keyboard', () => {
  it('the next-mention command scrolls to a mention, opens its card with focus inside; Tab cycles; Esc returns focus', async () => {
    await h.setSettings({});
    const page = await openPage(RANKING);
    await page.focus('#share');

    // The command is the first need on this page: the card UI loads for it and the card opens.
    expect(await cardUiLoaded(page)).toBe(false);
    expect(await command(page, 'next-mention')).toBe(true);
    await waitOpen(page);
    expect(await activeMark(page)).toEqual({ text: 'Nvidia', nth: 0 });
    expect(await focusedInCard(page)).toBe('dialog');
    const dialog = page.locator('deallens-card [role="dialog"]');
    expect(await dialog.getAttribute('aria-labelledby')).toBeTruthy();
    expect(await dialog.getAttribute('aria-describedby')).toBeTruthy();
    await settle(page);
    await page.screenshot({ path: join(h.shots, 'keyboard-focus.png') });

    // Tab walks the card's controls and wraps around; Shift+Tab walks back.
    const controls = await page
      .locator('deallens-card')
      .locator('a[href], button')
      .evaluateAll((els) =>
        els.map((el) => `${el.tagName.toLowerCase()}:${el.getAttribute('aria-label') ?? el.textContent?.trim()}`),
      );
    expect(controls.length).toBeGreaterThan(3);
    const seen: (string | null)[] = [];
    for (let i = 0; i <= controls.length; i++) {
      await page.keyboard.press('Tab');
      seen.push(await focusedInCard(page));
    }
    expect(seen).toEqual([...controls, controls[0]]);
    expect(controls[0]).toBe('button:Close');
    expect(controls.at(-1)).toBe('button:Search all deals');
    await page.keyboard.press('Shift+Tab');
    expect(await focusedInCard(page)).toBe(controls.at(-1));

    // Esc closes and gives focus back to where it was.
    await page.keyboard.press('Escape');
    await waitClosed(page);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('share');

    // Next continues after the last mention opened; previous goes back; both wrap around.
    expect(await command(page, 'next-mention')).toBe(true);
    await expect.poll(() => activeMark(page)).toEqual({ text: 'Intel', nth: 0 });
    expect(await command(page, 'next-mention')).toBe(true);
    await expect.poll(() => activeMark(page)).toEqual({ text: 'Nvidia', nth: 1 });
    expect(await focusedInCard(page)).toBe('dialog');
    expect(await command(page, 'previous-mention')).toBe(true);
    await expect.poll(() => activeMark(page)).toEqual({ text: 'Intel', nth: 0 });
    expect(await command(page, 'previous-mention')).toBe(true);
    expect(await command(page, 'previous-mention')).toBe(true);
    const marks = await page.evaluate(() => CSS.highlights.get('deallens-mark')?.size ?? 0);
    const last = await page.evaluate(() => {
      const ranges = [...(CSS.highlights.get('deallens-mark') ?? [])] as Range[];
      ranges.sort((a, b) => a.compareBoundaryPoints(Range.START_TO_START, b));
      return ranges.at(-1)?.toString();
    });
    expect(marks).toBeGreaterThan(4);
    await expect.poll(async () => (await activeMark(page))?.text).toBe(last);
    // Focus still returns to the page's button after several steps.
    await page.keyboard.press('Escape');
    await waitClosed(page);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('share');
    await page.close();
  });

  it("the popup's jump to a company moves through its mentions, wrapping around", async () => {
    await h.setSettings({});
    const page = await openPage(RANKING);
    const tabId = await tabIdOf(h.browser, page);
    // Intel's mentions ("Intel", "Intel Corp.") in page order, and which of them is open.
    const intel = () =>
      page.evaluate(() => {
        const all = ([...(CSS.highlights.get('deallens-mark') ?? [])] as Range[]).filter((r) =>
          r.toString().startsWith('Intel'),
        );
        all.sort((a, b) => a.compareBoundaryPoints(Range.START_TO_START, b));
        const active = [...(CSS.highlights.get('deallens-active') ?? [])][0] as Range | undefined;
        const at = active ? all.findIndex((r) => r.compareBoundaryPoints(Range.START_TO_START, active) === 0) : -1;
        return { count: all.length, at };
      });
    const jump = (entity: string) =>
      h.browser.worker.evaluate(
        ([id, e]) => chrome.tabs.sendMessage(id as number, { type: 'focusEntity', data: { entity: e } }),
        [tabId, entity] as const,
      );
    const { count } = await intel();
    expect(count).toBeGreaterThanOrEqual(3);
    const seen: number[] = [];
    for (let i = 0; i <= count; i++) {
      expect(await jump('intel')).toBe(true);
      seen.push((await intel()).at);
      expect(await cardTitle(page)).toBe('Intel');
      expect(await focusedInCard(page)).toBe('dialog');
    }
    expect(seen).toEqual([...Array.from({ length: count }, (_, i) => i), 0]);
    // A company the page does not mention: nothing happens.
    expect(await jump('oracle')).toBe(false);
    await page.close();
  });

  it('next and previous reach every mention in order, painted or not, and wrap; so do the popup’s jumps', async () => {
    await h.setSettings({});
    const page = await openPage('/gaps.html', 2);
    const order = ['OpenAI', 'Microsoft', 'Nvidia', 'Oracle', 'Broadcom', 'OpenAI', 'CoreWeave'];
    const visited: string[] = [];
    for (let i = 0; i <= order.length; i++) {
      expect(await command(page, 'next-mention')).toBe(true);
      visited.push((await activeMark(page))?.text ?? '');
    }
    expect(visited).toEqual([...order, 'OpenAI']);
    const back: string[] = [];
    for (let i = 0; i < 3; i++) {
      expect(await command(page, 'previous-mention')).toBe(true);
      back.push((await activeMark(page))?.text ?? '');
    }
    expect(back).toEqual(['CoreWeave', 'OpenAI', 'Broadcom']);
    // The card ranks by every company the page names, painted or not: on the first OpenAI of
    // a fresh load, its deals with Broadcom and CoreWeave (far below, unpainted) count too.
    const fresh = await openPage('/gaps.html', 2);
    expect(await command(fresh, 'next-mention')).toBe(true);
    expect((await activeMark(fresh))?.text).toBe('OpenAI');
    const withCompanies = (ids: string[]) =>
      rankDeals(facts.dealsFor('openai'), 'openai', new Set(ids), facts, new Map()).filter((r) => r.onPage).length;
    const named = withCompanies(['openai', 'microsoft', 'nvidia', 'oracle', 'broadcom', 'coreweave']);
    expect(named).toBeGreaterThan(withCompanies(['openai', 'microsoft']));
    expect(await fresh.locator('deallens-card .stat.here strong').textContent()).toBe(String(named));
    await fresh.close();
    // The popup's jump to OpenAI goes to each of its two mentions in turn, 6,000 px apart.
    const tabId = await tabIdOf(h.browser, page);
    const jump = () =>
      h.browser.worker.evaluate(
        (id) => chrome.tabs.sendMessage(id, { type: 'focusEntity', data: { entity: 'openai' } }),
        tabId,
      );
    const at: number[] = [];
    for (let i = 0; i < 3; i++) {
      expect(await jump()).toBe(true);
      at.push(Math.round(await page.evaluate(() => scrollY / 1000)));
    }
    expect(new Set(at).size).toBe(2);
    expect(at[0]).toBe(at[2]);
    await page.close();
  });

  it("the popup's jump reaches a mention far below the viewport that is not painted yet", async () => {
    const page = await openPage('/long-page.html', 2);
    const tabId = await tabIdOf(h.browser, page);
    const painted = () =>
      page.evaluate(() =>
        ([...(CSS.highlights.get('deallens-mark') ?? [])] as Range[]).some((r) => r.toString() === 'Broadcom'),
      );
    expect(await painted()).toBe(false);
    const jumped = await h.browser.worker.evaluate(
      (id) => chrome.tabs.sendMessage(id, { type: 'focusEntity', data: { entity: 'broadcom' } }),
      tabId,
    );
    expect(jumped).toBe(true);
    expect(await cardTitle(page)).toBe('Broadcom');
    expect(await painted()).toBe(true);
    await page.close();
  });
});

describe('content', () => {
  it('shows the header and ranks the deal between the two companies on the page first, then the rest newest first', async () => {
    await h.setSettings({ hoverDelayMs: 50 });
    const page = await openPage(RANKING);
    const { x, y } = await markCenter(page, 'Nvidia', 1);
    await page.mouse.move(x, y);
    await waitOpen(page);
    const card = cardLocator(page);
    expect(await cardTitle(page)).toBe('Nvidia');
    expect(await card.locator('.ticker').textContent()).toBe('NASDAQ: NVDA');
    // The description and ticker come with the deals from the background: the content script does not bundle them.
    const description = facts.entity('nvidia')?.description ?? '';
    expect(await card.locator('.desc').textContent()).toBe(description);
    const contentScript = readFileSync(join(CHROME_BUILD, 'content-scripts/content.js'), 'utf8');
    expect(contentScript).not.toContain(description.slice(0, 40));
    expect(contentScript).not.toContain('NASDAQ:NVDA');
    expect(contentScript).toContain('ChatGPT maker');
    const totals = facts.totals('nvidia');
    const totalsText = await card.locator('.totals').textContent();
    expect(totalsText).toContain(`${totals.deals} deals`);
    expect(totalsText).toContain(`${formatUsd(totals.valueUsd)} in final deals`);

    await card.getByRole('button', { name: /more deal/ }).click();
    const deals = await card.locator('.deal').evaluateAll((els) =>
      els.map((el) => ({
        id: el.getAttribute('data-deal'),
        date: el.querySelector('time')?.getAttribute('datetime') ?? '',
        onPage: !!el.querySelector('.onpage'),
        text: el.textContent ?? '',
      })),
    );
    expect(deals.length).toBe(totals.deals);
    expect(deals[0]).toMatchObject({ id: 'nvidia-intel-2025-09', onPage: true });
    expect(deals[0]?.text).toContain('$5B');
    expect(deals[0]?.text).toContain('Intel');
    const rest = deals.slice(1);
    expect(rest.every((d) => !d.onPage)).toBe(true);
    expect(rest.map((d) => d.date)).toEqual(
      rest
        .map((d) => d.date)
        .sort()
        .reverse(),
    );
    // The letter of intent that never closed says so.
    expect(deals.find((d) => d.id === 'nvidia-openai-loi-2025-09')?.text).toMatch(/up to \$100B.*Never finalized/);

    // Every source opens in a new tab without handing the page a window reference.
    const links = await card.locator('.sources a').evaluateAll((els) =>
      els.map((a) => ({
        href: a.getAttribute('href'),
        target: a.getAttribute('target'),
        rel: a.getAttribute('rel'),
      })),
    );
    expect(links.length).toBeGreaterThan(5);
    for (const l of links)
      expect(l).toMatchObject({
        href: expect.stringMatching(/^https:\/\//),
        target: '_blank',
        rel: 'noopener noreferrer',
      });
    expect(await card.locator('.foot').textContent()).toMatch(
      new RegExp(`v${dataset.meta.version.replaceAll('.', '\\.')} · as of \\w{3} \\d{1,2}, \\d{4}`),
    );
    await page.close();
  });

  it('keeps a long list compact: the top three, then "N more", which expands in place', async () => {
    await h.setSettings({ hoverDelayMs: 50 });
    const page = await openPage(ARTICLE, 10);
    const { x, y } = await markCenter(page, 'OpenAI');
    await page.mouse.move(x, y);
    await waitOpen(page);
    const card = cardLocator(page);
    const all = facts.dealsFor('openai').length;
    expect(all).toBeGreaterThan(10);
    expect(await card.locator('.deal').count()).toBe(3);
    const more = card.getByRole('button', { name: `${all - 3} more deals` });
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    await settle(page);
    await page.screenshot({ path: join(h.shots, 'card-long.png') });

    await more.click();
    expect(await card.locator('.deal').count()).toBe(all);
    // Focus moves to the first deal that appeared, so reading continues where the list grew.
    expect(
      await card
        .locator('.deal')
        .nth(3)
        .evaluate((el) => el.matches(':focus')),
    ).toBe(true);
    expect(await card.getByRole('button', { name: 'Show fewer' }).getAttribute('aria-expanded')).toBe('true');
    const { inside } = await cardBox(page);
    expect(inside).toBe(true);
    await page.screenshot({ path: join(h.shots, 'card-long-expanded.png') });
    await page.close();
  });
});

describe('placement and look', () => {
  it('stays inside the window at each of its edges', async () => {
    await h.setSettings({ hoverDelayMs: 50 });
    const page = await openPage(EDGES, 6);
    for (const [id, name] of [
      ['top-left', 'Nvidia'],
      ['top-right', 'Broadcom'],
      ['bottom-left', 'CoreWeave'],
      ['bottom-right', 'Microsoft'],
    ] as const) {
      const box = await page.locator(`#${id}`).boundingBox();
      if (!box) throw new Error(id);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await expect.poll(() => cardTitle(page)).toBe(name);
      await settle(page);
      const card = await cardBox(page);
      expect(card.inside, `${id}: ${JSON.stringify(card)}`).toBe(true);
      if (id === 'bottom-right') await page.screenshot({ path: join(h.shots, 'card-edge-bottom-right.png') });
      await page.keyboard.press('Escape');
      await waitClosed(page);
    }
    await page.close();
  });

  it('anchors to the line under the pointer when a mark wraps', async () => {
    await h.setSettings({ hoverDelayMs: 50 });
    const page = await openPage(EDGES, 6);
    const lines = await page.evaluate(() => {
      const r = ([...(CSS.highlights.get('deallens-mark') ?? [])] as Range[]).find(
        (x) => x.toString() === 'Amazon Web Services',
      );
      return r ? [...r.getClientRects()].map((b) => ({ x: b.left, y: b.top, w: b.width, h: b.height })) : [];
    });
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of [lines[0], lines.at(-1)]) {
      if (!line) continue;
      await page.mouse.move(line.x + line.w / 2, line.y + line.h / 2);
      await waitOpen(page);
      await settle(page);
      await expect.poll(async () => Math.round((await cardBox(page)).y)).toBe(Math.round(line.y + line.h + 6));
      await page.keyboard.press('Escape');
      await waitClosed(page);
      await page.mouse.move(2, 400);
    }
    await page.close();
  });

  it('sits above the page overlay at the highest z-index and ignores the page CSS aimed at it', async () => {
    await h.setSettings({ hoverDelayMs: 50 });
    const page = await openPage(EDGES, 6);
    const { x, y } = await markCenter(page, 'OpenAI');
    await page.mouse.move(x, y);
    await waitOpen(page);
    await settle(page);
    const card = await cardBox(page);
    const overlay = await page.locator('#overlay').boundingBox();
    if (!overlay) throw new Error('no overlay');
    // A point inside both the card and the page's overlay belongs to the card.
    const px = Math.max(card.x, overlay.x) + 10;
    const py = Math.max(card.y, overlay.y) + 10;
    expect(px < card.x + card.width && py < card.y + card.height).toBe(true);
    expect(
      await page.evaluate(([a, b]) => document.elementFromPoint(a as number, b as number)?.tagName, [px, py]),
    ).toBe('DEALLENS-CARD');
    expect(card.width).toBe(380);
    const font = await cardLocator(page).evaluate((el) => getComputedStyle(el).fontFamily);
    expect(font).not.toMatch(/Comic/);
    await page.screenshot({ path: join(h.shots, 'card-over-overlay.png') });
    await page.close();
  });

  it('follows the theme setting or the system scheme, and the reduced-motion preference', async () => {
    const background = async (page: Page) => {
      const { x, y } = await markCenter(page, 'OpenAI');
      await page.mouse.move(x, y);
      await waitOpen(page);
      await settle(page);
      const bg = await cardLocator(page).evaluate((el) => getComputedStyle(el).backgroundColor);
      return bg;
    };
    const LIGHT = 'rgb(255, 255, 255)';
    const DARK = 'rgb(30, 34, 39)';
    const cases = [
      { theme: 'system', scheme: 'light', expected: LIGHT, shot: 'card-light.png' },
      { theme: 'system', scheme: 'dark', expected: DARK, shot: 'card-dark.png' },
      { theme: 'light', scheme: 'dark', expected: LIGHT },
      { theme: 'dark', scheme: 'light', expected: DARK },
    ] as const;
    for (const c of cases) {
      await h.setSettings({ hoverDelayMs: 50, theme: c.theme });
      const page = await h.browser.context.newPage();
      await page.emulateMedia({ colorScheme: c.scheme });
      await page.goto(h.server.url('www.reuters.com', ARTICLE));
      await waitForMarks(page, 10);
      expect(await background(page), `${c.theme} on ${c.scheme}`).toBe(c.expected);
      if ('shot' in c) await page.screenshot({ path: join(h.shots, c.shot) });
      await page.close();
    }

    const page = await h.browser.context.newPage();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(h.server.url('www.reuters.com', ARTICLE));
    await waitForMarks(page, 10);
    await background(page);
    expect(await cardLocator(page).evaluate((el) => getComputedStyle(el).animationName)).toBe('none');
    await page.close();
  });

  it('stays usable at 200% zoom: inside the window, clear of its mark, and scrolling to its footer', async () => {
    await h.setSettings({ hoverDelayMs: 50 });
    const page = await h.browser.context.newPage();
    // 1280×800 at 200% zoom is a 640×400 CSS-pixel window.
    await page.setViewportSize({ width: 640, height: 400 });
    await page.goto(h.server.url('www.reuters.com', ARTICLE));
    await waitForMarks(page, 10);
    const { x, y } = await markCenter(page, 'OpenAI', 1);
    await page.mouse.move(x, y);
    await waitOpen(page);
    await settle(page);
    const box = await cardBox(page);
    expect(box.inside, JSON.stringify(box)).toBe(true);
    // The card does not cover the line it explains.
    const line = await page.evaluate(() => {
      const r = [...(CSS.highlights.get('deallens-active') ?? [])][0] as Range | undefined;
      const b = r?.getClientRects()[0];
      return b ? { top: b.top, bottom: b.bottom } : null;
    });
    expect(line && (box.y >= line.bottom || box.y + box.height <= line.top), JSON.stringify({ line, box })).toBe(true);
    const card = cardLocator(page);
    const name = await card.locator('.name').boundingBox();
    expect(name && name.y >= box.y).toBe(true);
    await page.screenshot({ path: join(h.shots, 'card-zoom-200.png') });
    // Whatever scrolls (the deals, or the whole card when room is short) reaches the footer's search.
    await card.locator('.search').scrollIntoViewIfNeeded();
    const search = await card.locator('.search').boundingBox();
    expect(search && search.y >= box.y && search.y + search.height <= box.y + box.height).toBe(true);
    await page.screenshot({ path: join(h.shots, 'card-zoom-200-scrolled.png') });
    await page.close();
  });

  it('has no serious or critical axe-core violations, in light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await h.setSettings({ hoverDelayMs: 50 });
      const page = await h.browser.context.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(h.server.url('www.reuters.com', ARTICLE));
      await waitForMarks(page, 10);
      const { x, y } = await markCenter(page, 'OpenAI');
      await page.mouse.move(x, y);
      await waitOpen(page);
      await settle(page);
      // Expanded, so every deal's chips, notes and links are audited too.
      await cardLocator(page)
        .getByRole('button', { name: /more deals/ })
        .click();
      expect(await axeViolations(page, ['deallens-card']), scheme).toEqual([]);
      await page.close();
    }
  });
});

// Last: the toolbar popup it opens stays open and would take the focus from later tests' pages.
describe('footer', () => {
  it('"Search all deals" opens the popup with the search for the company', async () => {
    await h.setSettings({ hoverDelayMs: 50 });
    const page = await openPage(RANKING);
    const tabId = await tabIdOf(h.browser, page);
    const { x, y } = await markCenter(page, 'Nvidia', 1);
    await page.mouse.move(x, y);
    await waitOpen(page);
    await cardLocator(page).getByRole('button', { name: 'Search all deals' }).click();
    // The toolbar popup is no Playwright page; the extension's own context list shows it.
    const popupUrl = async () =>
      h.browser.worker.evaluate(async () => {
        const contexts = await chrome.runtime.getContexts({ contextTypes: ['POPUP' as chrome.runtime.ContextType] });
        return contexts[0]?.documentUrl ?? null;
      });
    await expect.poll(popupUrl).toMatch(/\/popup\.html\?/);
    const url = new URL((await popupUrl()) ?? '');
    expect(url.host).toBe(h.browser.extensionId);
    expect(url.searchParams.get('q')).toBe('Nvidia');
    expect(url.searchParams.get('tab')).toBe(String(tabId));
    // The tab's toolbar button opens the plain popup again afterwards.
    await expect
      .poll(() => h.browser.worker.evaluate((id) => chrome.action.getPopup({ tabId: id }), tabId))
      .toMatch(/\/popup\.html$/);
    await page.close();
  });
});

describe("the page's own layers, layouts and keys", () => {
  /** The dialog page with its modal open, focus in its field, and a card opened from the keyboard. */
  async function cardInModal(): Promise<Page> {
    await h.setSettings({ hoverDelayMs: 50 });
    const page = await openPage('/dialog.html');
    await page.evaluate(() => (document.getElementById('dlg') as HTMLDialogElement).showModal());
    await page.locator('#email').focus();
    expect(await command(page, 'next-mention')).toBe(true);
    await waitOpen(page);
    return page;
  }

  /** Drags from the start of the first line over Nvidia, rests there with the button held, drags on down; the selected text and whether a card opened meanwhile. */
  async function dragOverMark(page: Page): Promise<{ selected: string; openedDuringDrag: boolean }> {
    const { x, y } = await markCenter(page, 'Nvidia');
    await page.mouse.move(4, y);
    await page.mouse.down();
    await page.mouse.move(x, y, { steps: 8 });
    // Longer than the hover delay: in hover mode a card would have opened by now.
    await page.waitForTimeout(600);
    const openedDuringDrag = await isOpen(page);
    await page.mouse.move(x + 40, y + 120, { steps: 8 });
    await page.mouse.up();
    const selected = await page.evaluate(() => getSelection()?.toString() ?? '');
    return { selected, openedDuringDrag };
  }

  it('opens no card while a button is held, so selecting text across a mark selects what was dragged over', async () => {
    await h.setSettings({ cardMode: 'click' });
    let page = await openPage('/drag.html');
    const clicked = await dragOverMark(page);
    await page.close();
    await h.setSettings({ cardMode: 'hover', hoverDelayMs: 100 });
    page = await openPage('/drag.html');
    const hovered = await dragOverMark(page);
    expect(hovered.openedDuringDrag).toBe(false);
    expect(hovered.selected).toContain('Oracle agreed');
    expect(hovered.selected).toBe(clicked.selected);
    // The pointer resting on a mark afterwards still opens its card.
    const { x, y } = await markCenter(page, 'Oracle');
    await page.mouse.move(x, y);
    await waitOpen(page);
    await page.close();
  });

  it('takes a hover card away when a drag starts on its own mark, so a selection cannot run into it', async () => {
    await h.setSettings({ cardMode: 'hover', hoverDelayMs: 50 });
    const page = await openPage('/drag.html');
    const { x, y } = await markCenter(page, 'Nvidia');
    await page.mouse.move(x, y);
    await waitOpen(page);
    // A press alone (the start of a click) leaves it.
    await page.mouse.down();
    await page.mouse.move(x + 1, y);
    expect(await isOpen(page)).toBe(true);
    // (Headless Chromium starts no selection from a press inside a word, so only the card is checked.)
    await page.mouse.move(x + 30, y + 120, { steps: 8 });
    await waitClosed(page);
    await page.mouse.up();
    await page.close();
  });

  it("closes with Esc and leaves the page's own modal dialog and popover open", async () => {
    const page = await cardInModal();
    await page.keyboard.press('Escape');
    await waitClosed(page);
    expect(await page.evaluate(() => (document.getElementById('dlg') as HTMLDialogElement).open)).toBe(true);
    // A second Esc is the page's again.
    await page.keyboard.press('Escape');
    await expect
      .poll(() => page.evaluate(() => (document.getElementById('dlg') as HTMLDialogElement).open))
      .toBe(false);
    await page.close();

    const menu = await openPage('/menu.html');
    await menu.evaluate(() => document.getElementById('menu')?.showPopover());
    const { x, y } = await markCenter(menu, 'Nvidia');
    await menu.mouse.move(x, y);
    await waitOpen(menu);
    await menu.keyboard.press('Escape');
    await waitClosed(menu);
    expect(await menu.evaluate(() => document.getElementById('menu')?.matches(':popover-open'))).toBe(true);
    await menu.close();
  });

  it("is not dimmed by the page's ::backdrop rule, and reads left to right on a right-to-left page", async () => {
    await h.setSettings({ hoverDelayMs: 50 });
    for (const path of ['/backdrop.html', '/rtl.html']) {
      const page = await openPage(path);
      const { x, y } = await markCenter(page, 'Nvidia');
      await page.mouse.move(x, y);
      await waitOpen(page);
      await settle(page);
      await page.screenshot({ path: join(h.shots, `layers${path.replace('.html', '')}.png`) });
      const look = await page.evaluate(() => {
        const host = document.querySelector('deallens-card') as Element;
        const card = host.shadowRoot?.querySelector('.card') as Element;
        return { backdrop: getComputedStyle(host, '::backdrop').display, direction: getComputedStyle(card).direction };
      });
      expect(look).toEqual({ backdrop: 'none', direction: 'ltr' });
      await page.close();
    }
  });

  it("opens inside the page's modal dialog for a mark in it: reachable, focusable, and the keyboard stays in the dialog", async () => {
    // The keyboard's first mention is the dialog's, not one behind it.
    const page = await cardInModal();
    expect(await cardLocator(page).locator('.name').textContent()).toBe('Broadcom');
    expect(await page.evaluate(() => document.activeElement?.localName)).toBe('deallens-card');
    expect(await command(page, 'next-mention')).toBe(true);
    await expect.poll(() => cardLocator(page).locator('.name').textContent()).toBe('OpenAI');
    expect(await command(page, 'next-mention')).toBe(true);
    await expect.poll(() => cardLocator(page).locator('.name').textContent()).toBe('Broadcom');
    await page.keyboard.press('Escape');
    await waitClosed(page);
    // By pointer: the card is what the pointer finds over it, and it stays open there.
    const { x, y } = await markCenter(page, 'Broadcom');
    await page.mouse.move(x, y);
    await waitOpen(page);
    await settle(page);
    const box = await cardLocator(page).boundingBox();
    if (!box) throw new Error('no card');
    const over = { x: box.x + 40, y: box.y + 40 };
    expect(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.localName, over)).toBe('deallens-card');
    await page.mouse.move(over.x, over.y, { steps: 6 });
    await page.waitForTimeout(500);
    expect(await isOpen(page)).toBe(true);
    await page.screenshot({ path: join(h.shots, 'layers-dialog.png') });
    await page.close();
  });

  it("keeps the page's open popover open when the card of a mark in it is clicked", async () => {
    await h.setSettings({ hoverDelayMs: 50 });
    const page = await openPage('/menu.html');
    await page.evaluate(() => document.getElementById('menu')?.showPopover());
    await expect.poll(() => markedTexts(page)).toContain('Broadcom');
    const { x, y } = await markCenter(page, 'Broadcom');
    await page.mouse.move(x, y);
    await waitOpen(page);
    await settle(page);
    const box = await cardLocator(page).locator('.name').boundingBox();
    if (!box) throw new Error('no card');
    await page.mouse.move(box.x + 5, box.y + 5, { steps: 5 });
    await page.mouse.down();
    await page.mouse.up();
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => document.getElementById('menu')?.matches(':popover-open'))).toBe(true);
    expect(await isOpen(page)).toBe(true);
    await page.close();
  });

  it('gives focus back to the input inside a web component that had it', async () => {
    const page = await openPage('/component.html');
    await page.locator('#q').focus();
    expect(await command(page, 'next-mention')).toBe(true);
    await waitOpen(page);
    await page.keyboard.press('Escape');
    await waitClosed(page);
    expect(
      await page.evaluate(
        () => `${document.activeElement?.localName}/${document.activeElement?.shadowRoot?.activeElement?.id}`,
      ),
    ).toBe('search-box/q');
    await page.close();
  });

  it('shows which card has keyboard focus in forced colours (high contrast), where borders and shadows are all alike', async () => {
    const page = await openPage('/twice.html');
    await page.emulateMedia({ forcedColors: 'active' });
    expect(await command(page, 'next-mention')).toBe(true);
    await waitOpen(page);
    const outline = () =>
      page.evaluate(() => {
        const card = document.querySelector('deallens-card')?.shadowRoot?.querySelector('.card') as HTMLElement;
        return { focused: card.matches(':focus-visible'), style: getComputedStyle(card).outlineStyle };
      });
    await expect.poll(outline).toEqual({ focused: true, style: 'solid' });
    await cardLocator(page).screenshot({ path: join(h.shots, 'forced-card.png') });
    await page.close();
  });

  it('tells a screen reader where each step of the keyboard landed, also between mentions of one company', async () => {
    const page = await openPage('/twice.html');
    const reached = () =>
      page.evaluate(
        () => document.querySelector('deallens-card')?.shadowRoot?.querySelector('[data-testid=reached]')?.textContent,
      );
    expect(await command(page, 'next-mention')).toBe(true);
    await waitOpen(page);
    await expect.poll(reached).toBe('Nvidia makes the chips in most AI data centers.');
    // The same company's card stays; only the region says the step.
    expect(await command(page, 'next-mention')).toBe(true);
    await expect.poll(reached).toBe('Weeks later, Nvidia said it would invest in OpenAI.');
    // The region stays as the card moves to another company, and says that step too.
    const region = () =>
      page.evaluate(() => {
        const el = document.querySelector('deallens-card')?.shadowRoot?.querySelector('[data-testid=reached]');
        (window as unknown as { region?: Element }).region ??= el ?? undefined;
        return (window as unknown as { region?: Element }).region === el;
      });
    expect(await region()).toBe(true);
    expect(await command(page, 'next-mention')).toBe(true);
    await expect.poll(() => cardLocator(page).locator('.name').textContent()).toBe('OpenAI');
    expect(await reached()).toBe('Weeks later, Nvidia said it would invest in OpenAI.');
    expect(await region()).toBe(true);
    expect(
      await page.evaluate(() =>
        document
          .querySelector('deallens-card')
          ?.shadowRoot?.querySelector('[data-testid=reached]')
          ?.getAttribute('role'),
      ),
    ).toBe('status');
    await page.close();
  });

  it("says the first keyboard step too: the words go into the card's region after it is in the page", async () => {
    const page = await openPage('/twice.html');
    // Records what the region held when the card's shadow root first appeared, and words put in later.
    await page.evaluate(() => {
      const w = window as unknown as { seen?: string; fills: number };
      w.fills = 0;
      new MutationObserver((_, own) => {
        const root = document.querySelector('deallens-card')?.shadowRoot;
        const region = root?.querySelector('[data-testid=reached]');
        if (!root || !region) return;
        own.disconnect();
        w.seen = region.textContent ?? '';
        new MutationObserver((records) => {
          w.fills += records.filter((r) => r.addedNodes.length > 0).length;
        }).observe(region, { childList: true, subtree: true });
      }).observe(document.documentElement, { childList: true, subtree: true });
    });
    expect(await command(page, 'next-mention')).toBe(true);
    await waitOpen(page);
    const state = () =>
      page.evaluate(() => {
        const w = window as unknown as { seen?: string; fills: number };
        return { seen: w.seen, fills: w.fills };
      });
    await expect.poll(async () => (await state()).fills).toBeGreaterThan(0);
    expect((await state()).seen).toBe('');
    const reached = () =>
      page.evaluate(
        () => document.querySelector('deallens-card')?.shadowRoot?.querySelector('[data-testid=reached]')?.textContent,
      );
    await expect.poll(reached).toBe('Nvidia makes the chips in most AI data centers.');
    // The open card shown again (a setting changed, deals arriving) keeps what its region says.
    await h.setSettings({ theme: 'dark' });
    await expect
      .poll(() =>
        page.evaluate(() => document.querySelector('deallens-card')?.shadowRoot?.querySelector('.dl-dark') !== null),
      )
      .toBe(true);
    expect(await reached()).toBe('Nvidia makes the chips in most AI data centers.');
    await h.setSettings({});
    await page.close();
  });

  it('sits under its mark and inside the window on a page that sets its own CSS zoom', async () => {
    await h.setSettings({ hoverDelayMs: 50 });
    const page = await openPage('/zoomed.html');
    const { x, y } = await markCenter(page, 'Oracle');
    await page.mouse.move(x, y);
    await waitOpen(page);
    await settle(page);
    await page.screenshot({ path: join(h.shots, 'layers-zoomed.png') });
    const box = await cardLocator(page).boundingBox();
    const mark = await page.evaluate(() => {
      const r = [...(CSS.highlights.get('deallens-active') ?? [])][0] as Range;
      const b = r.getClientRects()[0] as DOMRect;
      return { left: b.left, bottom: b.bottom, top: b.top };
    });
    if (!box) throw new Error('no card');
    // Below the line (6 px apart, as everywhere), or above it when the window has no room below.
    const below = Math.abs(box.y - (mark.bottom + 6)) <= 2;
    const above = Math.abs(box.y + box.height - (mark.top - 6)) <= 2;
    expect({ below, above }, JSON.stringify({ box, mark })).not.toEqual({ below: false, above: false });
    expect(Math.abs(box.x - mark.left), JSON.stringify({ box, mark })).toBeLessThanOrEqual(2);
    expect(box.y + box.height).toBeLessThanOrEqual(800);
    await page.close();
  });

  it("brings a mention inside the page's own scroll box into view with room for its card", async () => {
    const page = await openPage('/pane.html');
    expect(await command(page, 'next-mention')).toBe(true);
    await waitOpen(page);
    await settle(page);
    const at = await page.evaluate(() => {
      const r = [...(CSS.highlights.get('deallens-active') ?? [])][0] as Range;
      return { top: r.getBoundingClientRect().top, text: r.toString() };
    });
    expect(at.text).toBe('Nvidia');
    // About a third down the 800 px window, not at its edge.
    expect(at.top).toBeGreaterThan(100);
    expect(at.top).toBeLessThan(500);
    await page.close();
  });

  it("passes over mentions the page's own full-window overlay covers", async () => {
    const page = await openPage('/reader.html');
    expect(await command(page, 'next-mention')).toBe(true);
    await waitOpen(page);
    expect(await cardLocator(page).locator('.name').textContent()).toBe('Broadcom');
    expect(await command(page, 'next-mention')).toBe(true);
    await expect.poll(() => cardLocator(page).locator('.name').textContent()).toBe('OpenAI');
    const at = await page.evaluate(() => {
      const r = [...(CSS.highlights.get('deallens-active') ?? [])][0] as Range;
      return r.startContainer.parentElement?.closest('#reader') !== null;
    });
    expect(at).toBe(true);
    await page.close();
  });

  it('takes away what an earlier DealLens left in the page before it marks it', async () => {
    const page = await openPage('/leftover.html');
    expect(await page.evaluate(() => [document.getElementById('stale'), CSS.highlights.has('deallens-stale')])).toEqual(
      [null, false],
    );
    expect(await markedTexts(page)).toContain('Nvidia');
    await page.close();
  });

  it('reaches a mention under a link stretched over its teaser card (no overlay)', async () => {
    const page = await openPage('/teasers.html', 2);
    expect(await command(page, 'next-mention')).toBe(true);
    await waitOpen(page);
    expect(await cardLocator(page).locator('.name').textContent()).toBe('Broadcom');
    await page.close();
  });

  it('leaves the card out of a printed page', async () => {
    await h.setSettings({ hoverDelayMs: 50 });
    const page = await openPage('/drag.html');
    const { x, y } = await markCenter(page, 'Nvidia');
    await page.mouse.move(x, y);
    await waitOpen(page);
    const display = () =>
      page.evaluate(() => getComputedStyle(document.querySelector('deallens-card') as Element).display);
    expect(await display()).toBe('block');
    await page.emulateMedia({ media: 'print' });
    expect(await display()).toBe('none');
    await page.emulateMedia({ media: 'screen' });
    await page.close();
  });
});
