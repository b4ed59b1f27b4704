/**
 * The toolbar popup in real Chromium with the built extension: search, the page digest with
 * its deal graph, jumping to a mention, the badge, pausing a site, site access, accessibility,
 * and screenshots in light and dark.
 *
 * Headless Chromium cannot click the toolbar button, so the popup is opened as a page,
 * `popup.html?tab=ID`, naming the tab it summarises (and `&url=` where Chromium hides a tab's
 * address from an extension without a host permission for it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROME_BUILD, type Launched, launch, markedTexts, tabIdOf, waitForMarks } from '../../scripts/lib/chromium.ts';
import { axeViolations, extensionHarness, FIXTURES } from './harness.ts';

const h = extensionHarness('popup', {
  routes: () => ({
    // A one-page PDF naming two companies (the viewer tolerates its lack of a cross-reference table).
    '/report.pdf': () => ({
      type: 'application/pdf',
      body: [
        '%PDF-1.4',
        '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
        '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
        '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj',
        '4 0 obj << /Length 52 >> stream',
        'BT /F1 12 Tf 10 50 Td (OpenAI buys Nvidia chips.) Tj ET',
        'endstream endobj',
        '5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj',
        'trailer << /Root 1 0 R >>',
        '%%EOF',
      ].join('\n'),
    }),
    // An article the page shows only once its script has run (a class taken off the body).
    '/revealed.html': () => ({
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Revealed</title><style>.loading main { display: none; }</style></head><body class="loading"><main><p>OpenAI signed with Nvidia and Broadcom.</p></main><script>setTimeout(() => document.body.classList.remove('loading'), 800);</script></body></html>`,
    }),
    // Every company of the dataset on one page, from our own fixture text.
    '/every.html': () => ({
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Every company</title></head><body><article>${readFileSync(
        join(FIXTURES, 'every-company.txt'),
        'utf8',
      )
        .split('\n\n')
        .slice(1)
        .map((p) => `<p>${p}</p>`)
        .join('')}</article></body></html>`,
    }),
  }),
});

const THREE = '/popup-three.html';
const FIVE = '/openai-aws-deal.html';

async function openArticle(path: string, host = 'www.reuters.com'): Promise<Page> {
  const page = await h.browser.context.newPage();
  await page.goto(h.server.url(host, path));
  return page;
}

async function openPopup(b: Launched, query: Record<string, string | number> = {}): Promise<Page> {
  const popup = await b.context.newPage();
  await popup.setViewportSize({ width: 380, height: 600 });
  const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  await popup.goto(`chrome-extension://${b.extensionId}/popup.html?${params}`);
  await popup.getByTestId('popup').waitFor();
  return popup;
}

/** An article with at least `marks` marks, and the popup opened for its tab. */
async function popupOn(path: string, marks = 5): Promise<{ page: Page; popup: Page }> {
  const page = await openArticle(path);
  await waitForMarks(page, marks);
  const tabId = await tabIdOf(h.browser, page);
  return { page, popup: await openPopup(h.browser, { tab: tabId, url: page.url() }) };
}

/** The ids of the result options, in order: "deal:ID" or "entity:ID". */
async function resultIds(popup: Page): Promise<string[]> {
  return popup
    .locator('[role="listbox"] [role="option"]')
    .evaluateAll((els) =>
      els.map((e) =>
        e.getAttribute('data-deal') ? `deal:${e.getAttribute('data-deal')}` : `entity:${e.getAttribute('data-entity')}`,
      ),
    );
}

async function setSettings(change: Record<string, unknown>) {
  await h.browser.worker.evaluate(async (c) => {
    const { settings } = await chrome.storage.sync.get('settings');
    await chrome.storage.sync.set({ settings: { ...(settings ?? {}), ...c } });
  }, change);
}

async function badge(tabId: number): Promise<string> {
  return h.browser.worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
}

describe('search', () => {
  it.each([
    ['38 billion', 'deal:openai-aws-compute-2025-11'],
    ['stargate', 'entity:stargate'],
    ['nvda', 'entity:nvidia'],
    ['amzon', 'entity:amazon'],
    ['broadcom 10 gigawatts', 'deal:openai-broadcom-2025-10'],
    ['anthropic azure', 'deal:anthropic-azure-30b-2025-11'],
  ])('"%s" shows %s first, with its matched words marked', async (query, expected) => {
    const popup = await openPopup(h.browser);
    const box = popup.getByRole('combobox', { name: /search/i });
    await box.fill(query);
    await expect.poll(async () => (await resultIds(popup))[0]).toBe(expected);
    // The first option is active, and the box points at it.
    const first = popup.locator('[role="option"]').first();
    expect(await first.getAttribute('aria-selected')).toBe('true');
    expect(await box.getAttribute('aria-activedescendant')).toBe(await first.getAttribute('id'));
    expect(await first.locator('mark').count()).toBeGreaterThan(0);
    await popup.close();
  });

  it('moves with the arrow keys, opens a deal with its sources on Enter, and returns on Esc', async () => {
    const popup = await openPopup(h.browser);
    const box = popup.getByRole('combobox', { name: /search/i });
    await box.fill('openai');
    await expect.poll(async () => (await resultIds(popup)).length).toBeGreaterThan(3);
    const ids = await resultIds(popup);
    expect(ids[0]).toBe('entity:openai');
    await box.press('ArrowDown');
    await box.press('ArrowDown');
    const third = popup.locator('[role="option"]').nth(2);
    expect(await third.getAttribute('aria-selected')).toBe('true');
    expect(await box.getAttribute('aria-activedescendant')).toBe(await third.getAttribute('id'));
    await box.press('ArrowUp');
    expect(await popup.locator('[role="option"]').nth(1).getAttribute('aria-selected')).toBe('true');
    await box.press('Enter');
    const detail = popup.getByTestId('detail');
    await detail.waitFor();
    expect(await detail.getAttribute('data-deal')).toBe(ids[1]?.replace('deal:', ''));
    const source = detail.locator('.sources a').first();
    expect(await source.getAttribute('href')).toMatch(/^https:\/\//);
    // Focus moves to Back (in an effect after the detail's render: waited for, as below); Esc
    // returns to the same results with the search box focused.
    await expect.poll(() => popup.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('back');
    await popup.keyboard.press('Escape');
    await box.waitFor();
    expect(await box.inputValue()).toBe('openai');
    // Focus moves once the results are back on screen (after their render, not with it).
    await expect.poll(() => popup.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('combobox');
    await popup.close();
  });

  it('says what to try when nothing matches, and Esc clears the search', async () => {
    const popup = await openPopup(h.browser);
    const box = popup.getByRole('combobox', { name: /search/i });
    await box.fill('zzqxv');
    const empty = popup.getByTestId('no-results');
    await empty.waitFor();
    expect(await empty.textContent()).toMatch(/Try a company or an amount/);
    // An example fills the box and searches.
    await empty.getByRole('button', { name: '38 billion' }).click();
    await expect.poll(async () => (await resultIds(popup))[0]).toBe('deal:openai-aws-compute-2025-11');
    await box.press('Escape');
    expect(await box.inputValue()).toBe('');
    await popup.close();
  });

  it('starts with the search the card asked for (?q=)', async () => {
    const popup = await openPopup(h.browser, { q: 'broadcom 10 gigawatts' });
    const box = popup.getByRole('combobox', { name: /search/i });
    expect(await box.inputValue()).toBe('broadcom 10 gigawatts');
    await expect.poll(async () => (await resultIds(popup))[0]).toBe('deal:openai-broadcom-2025-10');
    await popup.close();
  });
});

describe('on this page', () => {
  it('lists the three companies with their counts and draws the deals between them', async () => {
    const page = await openArticle(THREE);
    await waitForMarks(page, 6);
    const tabId = await tabIdOf(h.browser, page);
    const popup = await openPopup(h.browser, { tab: tabId, url: page.url() });
    const count = popup.getByTestId('page-count');
    await count.waitFor();
    expect(await count.textContent()).toMatch(/^3 companies/);
    const list = popup.locator('.page-list button');
    expect(await list.evaluateAll((els) => els.map((e) => e.getAttribute('data-entity')).sort())).toEqual([
      'anthropic',
      'microsoft',
      'nvidia',
    ]);
    // Counts are the page's mentions: Anthropic is named five times.
    expect(await popup.locator('.page-list button[data-entity="anthropic"]').textContent()).toMatch(
      /Anthropic, 5 mentions/,
    );

    const graph = popup.getByTestId('deal-graph');
    const svg = graph.locator('svg[role="img"]');
    expect(await svg.locator('title').textContent()).toMatch(/Deals between the companies/);
    expect(await svg.locator('desc').textContent()).toMatch(/Anthropic and Microsoft/);
    expect(await graph.locator('button.node').count()).toBe(3);
    // Anthropic is linked to each of the others by the two deals of 18 November 2025, each
    // line labelled with the larger amount between its two companies: the $30B of cloud
    // capacity is Microsoft's, Nvidia's part is its investment of up to $10B. Microsoft and Nvidia, its
    // investors and suppliers, are not linked to each other by them.
    expect(await graph.locator('.edge').count()).toBe(2);
    const labels = await graph
      .locator('.edge')
      .evaluateAll((els) =>
        Object.fromEntries(els.map((e) => [e.getAttribute('data-edge'), e.querySelector('.edge-label')?.textContent])),
      );
    expect(labels).toEqual({ 'anthropic microsoft': '$30B', 'anthropic nvidia': 'up to $10B' });
    expect(await popup.locator('.rows button[data-deal]').count()).toBe(2);
    await popup.screenshot({ path: join(h.shots, 'digest-three-light.png'), fullPage: true });
    await popup.close();
    await page.close();
  });

  it('jumps to a company’s next mention and opens its card', async () => {
    const page = await openArticle(THREE);
    await waitForMarks(page, 6);
    const tabId = await tabIdOf(h.browser, page);
    // Start in the empty middle of the article, where no company is in view.
    await page.evaluate(() => window.scrollTo(0, 900));
    const popup = await openPopup(h.browser, { tab: tabId });
    await popup.getByTestId('deal-graph').waitFor();
    await popup.locator('button.node[data-entity="nvidia"]').click();
    await page.bringToFront();
    // The content script's side (lens.focusEntity → card controller) scrolls and opens the card.
    await page.locator('deallens-card').waitFor({ state: 'attached', timeout: 10_000 });
    const inView = await page.evaluate(() => {
      const ranges = [...(CSS.highlights.get('deallens-mark') ?? [])] as Range[];
      return ranges
        .filter((r) => r.toString().startsWith('Nvidia'))
        .some((r) => {
          const b = r.getBoundingClientRect();
          return b.top >= 0 && b.bottom <= window.innerHeight;
        });
    });
    expect(inView).toBe(true);
    expect(await page.evaluate(() => window.scrollY)).not.toBe(900);
    await popup.close();
    await page.close();
  });

  it('keyboard: Enter on a graph node also jumps, arrows move between nodes', async () => {
    const page = await openArticle(THREE);
    await waitForMarks(page, 6);
    const tabId = await tabIdOf(h.browser, page);
    const popup = await openPopup(h.browser, { tab: tabId });
    const nodes = popup.locator('button.node');
    await nodes.first().waitFor();
    // One tab stop for the graph (roving tabindex).
    expect(await nodes.evaluateAll((els) => els.map((e) => e.getAttribute('tabindex')))).toEqual(['0', '-1', '-1']);
    await nodes.first().focus();
    await popup.keyboard.press('ArrowRight');
    expect(await popup.evaluate(() => document.activeElement?.getAttribute('data-entity'))).toBe(
      await nodes.nth(1).getAttribute('data-entity'),
    );
    await popup.keyboard.press('Enter');
    await expect.poll(() => popup.locator('[role="status"]').first().textContent()).toMatch(/^Showing|^No mention/);
    await popup.close();
    await page.close();
  });

  it('counts the companies on the toolbar badge, and the setting turns it off', async () => {
    const page = await openArticle(THREE);
    await waitForMarks(page, 6);
    const tabId = await tabIdOf(h.browser, page);
    await expect.poll(() => badge(tabId)).toBe('3');
    await setSettings({ badge: false });
    await expect.poll(() => badge(tabId)).toBe('');
    await setSettings({ badge: true });
    await expect.poll(() => badge(tabId)).toBe('3');
    // A new page starts with no count.
    await page.goto(h.server.url('127.0.0.1', THREE));
    await expect.poll(() => badge(tabId)).toBe('');
    await page.close();
  });

  it('counts on the badge the companies of an article the page shows only after loading', async () => {
    const page = await openArticle('/revealed.html');
    const tabId = await tabIdOf(h.browser, page);
    await expect.poll(() => badge(tabId), { timeout: 10_000 }).toBe('3');
    await page.close();
  });

  it('the five-company article: graph and list, light (screenshot)', async () => {
    const page = await openArticle(FIVE);
    await waitForMarks(page, 10);
    const tabId = await tabIdOf(h.browser, page);
    const popup = await openPopup(h.browser, { tab: tabId, url: page.url() });
    await popup.getByTestId('deal-graph').waitFor();
    expect(await popup.locator('button.node').count()).toBe(5);
    await popup.screenshot({ path: join(h.shots, 'digest-light.png'), fullPage: true });
    expect(await axeViolations(popup)).toEqual([]);
    await popup.close();
    await page.close();
  });
});

describe('a page naming many companies', () => {
  it('draws the most-named few without overlaps, and says the rest are in the list', async () => {
    const page = await openArticle('/every.html');
    await waitForMarks(page, 12);
    const tabId = await tabIdOf(h.browser, page);
    const popup = await openPopup(h.browser, { tab: tabId, url: page.url() });
    await popup.getByTestId('deal-graph').waitFor();
    const listed = await popup.locator('.page-list button').count();
    expect(listed).toBeGreaterThan(7);
    const nodes = await popup.locator('button.node').evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { id: e.getAttribute('data-entity'), left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      }),
    );
    expect(nodes).toHaveLength(7);
    // Nodes and the labels drawn on the lines, as the browser lays them out: no two overlap.
    const labels = await popup.locator('.edge-label, .edge-more').evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { id: e.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      }),
    );
    expect(labels.length).toBeGreaterThan(3);
    const boxes = [...nodes, ...labels];
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        // A line's amount and its "+N more" sit one above the other by design: 1 px of leeway.
        const apart = a.right <= b.left + 1 || b.right <= a.left + 1 || a.bottom <= b.top + 1 || b.bottom <= a.top + 1;
        expect(apart, `${a.id} and ${b.id} overlap`).toBe(true);
      }
    }
    expect(await popup.getByTestId('graph-more').textContent()).toBe(
      `The picture shows 7 of the companies, those named most and with the most deals between them; all ${listed} are listed above.`,
    );
    await popup.screenshot({ path: join(h.shots, 'digest-every-light.png'), fullPage: true });
    await popup.close();
    await page.close();
  });
});

describe('where DealLens runs', () => {
  it('says a PDF on a news site is a file it cannot read, not a page without companies', async () => {
    const page = await openArticle('/report.pdf');
    const tabId = await tabIdOf(h.browser, page);
    const popup = await openPopup(h.browser, { tab: tabId, url: page.url() });
    await expect
      .poll(() => popup.locator('.page-section').textContent(), { timeout: 10_000 })
      .toContain('This is a PDF file: the browser shows it in a viewer DealLens cannot read.');
    await popup.close();
    await page.close();
  });

  it('pausing a default site removes the marks from its open tab at once, and resuming brings them back', async () => {
    const page = await openArticle(THREE);
    await waitForMarks(page, 6);
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    const tabId = await tabIdOf(h.browser, page);
    const popup = await openPopup(h.browser, { tab: tabId, url: page.url() });
    const toggle = popup.getByRole('switch', { name: /on this site/i });
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    expect(await popup.locator('.site-host').textContent()).toBe('reuters.com');

    await toggle.click();
    await page.waitForFunction(() => (CSS.highlights.get('deallens-mark')?.size ?? 0) === 0);
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('false');
    await expect.poll(() => badge(tabId)).toBe('');
    expect(await markedTexts(page)).toEqual([]);
    expect(
      await h.browser.worker.evaluate(
        async () => ((await chrome.storage.sync.get('settings')).settings as { pausedSites: string[] }).pausedSites,
      ),
    ).toEqual(['reuters.com']);

    await toggle.click();
    await waitForMarks(page, 6);
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    expect(navigations).toEqual([]);
    await popup.close();
    await page.close();
  });

  it('says plainly where it cannot run', async () => {
    const blank = await h.browser.context.newPage();
    await blank.goto('about:blank');
    const tabId = await tabIdOf(h.browser, blank);
    for (const url of ['chrome://extensions/', 'https://chromewebstore.google.com/detail/abc']) {
      const popup = await openPopup(h.browser, { tab: tabId, url });
      const note = popup.getByTestId('site-blocked');
      await note.waitFor();
      expect(await note.textContent()).toMatch(/cannot run/);
      expect(await popup.getByRole('switch').count()).toBe(0);
      await popup.close();
    }
    await blank.close();
  });

  it('asks for no host permission up front: "all sites" is only optional', () => {
    const manifest = JSON.parse(readFileSync(join(CHROME_BUILD, 'manifest.json'), 'utf8'));
    expect(manifest.host_permissions ?? []).toEqual([]);
    expect(manifest.permissions).not.toContain('<all_urls>');
    expect(manifest.optional_host_permissions).toEqual(['*://*/*']);
  });

  it('has its own icon at every size the browser shows, and the popup shows it', async () => {
    const manifest = JSON.parse(readFileSync(join(CHROME_BUILD, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.icons ?? {}).sort()).toEqual(['128', '16', '32', '48']);
    for (const [size, file] of Object.entries(manifest.icons as Record<string, string>)) {
      // A PNG of that size: the width and height sit at bytes 16–23 of its header.
      const png = readFileSync(join(CHROME_BUILD, file));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([Number(size), Number(size)]);
    }
    const popup = await openPopup(h.browser);
    const logo = popup.locator('img.logo');
    await logo.waitFor();
    expect(await logo.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).toBe(32);
    await popup.close();
  });

  it('registers a persistent content script for an added site, and removes it with the site', async () => {
    // The registration path, driven through the settings the popup writes after a grant. The
    // grant itself needs a click on the browser's prompt, which headless Chromium cannot give
    // (see the next test), so the content script is registered but Chromium does not inject it here.
    const registered = () =>
      h.browser.worker.evaluate(async () =>
        (await chrome.scripting.getRegisteredContentScripts()).filter((r) => r.id.startsWith('deallens-')),
      );
    await setSettings({ addedSites: ['127.0.0.1'] });
    await expect.poll(async () => (await registered()).map((r) => r.id)).toEqual(['deallens-site-127.0.0.1']);
    const [script] = await registered();
    expect(script?.matches?.sort()).toEqual(['*://*.127.0.0.1/*', '*://127.0.0.1/*']);
    expect(script?.js).toEqual(['content-scripts/content.js']);
    expect(script?.css).toEqual(['content-scripts/content.css']);
    expect(script?.persistAcrossSessions).toBe(true);
    // The files it names are the built content script.
    const built = JSON.parse(readFileSync(join(CHROME_BUILD, 'manifest.json'), 'utf8')).content_scripts[0];
    expect(built.js).toEqual(script?.js);
    expect(built.css).toEqual(script?.css);

    await setSettings({ allSites: true });
    await expect
      .poll(async () => (await registered()).map((r) => r.id).sort())
      .toEqual(['deallens-all-sites', 'deallens-site-127.0.0.1']);

    await setSettings({ addedSites: [], allSites: false });
    await expect.poll(async () => (await registered()).length).toBe(0);
  });

  it('on another site, the switch asks the browser for that site on the click', async () => {
    // The request path as far as headless Chromium goes: the click starts permissions.request
    // (a request outside a user action is refused with "must be called during a user gesture"), the
    // browser's prompt opens and waits for an answer nobody can give here. Until then nothing
    // is registered and the settings are unchanged.
    const page = await openArticle(THREE, '127.0.0.1');
    const tabId = await tabIdOf(h.browser, page);
    const popup = await openPopup(h.browser, { tab: tabId, url: page.url() });
    const toggle = popup.getByRole('switch', { name: /on this site/i });
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    expect(await popup.locator('.site-host').textContent()).toBe('127.0.0.1');
    expect(await popup.locator('#site-hint').textContent()).toMatch(/Not a DealLens site yet/);
    // Outside a user action the browser refuses the request outright.
    const refused = await h.browser.worker.evaluate(() =>
      chrome.permissions.request({ origins: ['*://127.0.0.1/*'] }).then(
        () => 'no error',
        (e: Error) => e.message,
      ),
    );
    expect(refused).toMatch(/user gesture/);
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-busy')).toBe('true');
    expect(await popup.locator('#site-hint').textContent()).toMatch(/Answer the browser’s prompt/);
    expect(
      await h.browser.worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).length),
    ).toBe(0);
    expect(await markedTexts(page)).toEqual([]);
    await popup.close();
    await page.close();
  });
});

describe('look', () => {
  it('search results, detail and digest in light, with no serious axe-core violations', async () => {
    const page = await openArticle(FIVE);
    await waitForMarks(page, 10);
    const tabId = await tabIdOf(h.browser, page);
    const popup = await openPopup(h.browser, { tab: tabId, url: page.url() });
    await popup.getByTestId('page-count').waitFor();
    expect(await axeViolations(popup)).toEqual([]);
    await popup.getByRole('combobox').fill('38 billion');
    await expect.poll(async () => (await resultIds(popup))[0]).toBe('deal:openai-aws-compute-2025-11');
    await popup.getByRole('combobox').fill('openai');
    await expect.poll(async () => (await resultIds(popup)).length).toBeGreaterThan(5);
    await popup.getByRole('combobox').press('ArrowDown');
    await popup.screenshot({ path: join(h.shots, 'search-light.png') });
    expect(await axeViolations(popup)).toEqual([]);
    await popup.getByRole('combobox').press('Enter');
    await popup.getByTestId('detail').waitFor();
    await popup.screenshot({ path: join(h.shots, 'detail-light.png'), fullPage: true });
    expect(await axeViolations(popup)).toEqual([]);
    await popup.close();
    await page.close();
  });

  it('in forced colours (high contrast) the active result and the site switch still show their state', async () => {
    const { page, popup } = await popupOn(FIVE);
    await popup.emulateMedia({ forcedColors: 'active' });
    const box = popup.getByRole('combobox');
    await box.fill('openai');
    const second = popup.locator('[role="option"]').nth(1);
    await second.waitFor();
    const inactive = await second.screenshot();
    await box.press('ArrowDown');
    await expect.poll(() => second.getAttribute('aria-selected')).toBe('true');
    const active = await second.screenshot({ path: join(h.shots, 'forced-active-option.png') });
    expect(active.equals(inactive), 'the active result looks like the others').toBe(false);
    await box.fill('');
    const sw = popup.getByTestId('site-switch');
    await expect.poll(() => sw.getAttribute('aria-checked')).toBe('true');
    const track = popup.locator('.switch-track');
    await popup.emulateMedia({ forcedColors: 'active', reducedMotion: 'reduce' });
    const on = await track.screenshot({ path: join(h.shots, 'forced-switch-on.png') });
    await sw.click();
    await expect.poll(() => sw.getAttribute('aria-checked')).toBe('false');
    await expect.poll(() => sw.getAttribute('aria-busy')).not.toBe('true');
    const off = await track.screenshot({ path: join(h.shots, 'forced-switch-off.png') });
    await sw.click();
    await expect.poll(() => sw.getAttribute('aria-checked')).toBe('true');
    expect(on.equals(off), 'the switch looks the same on and off').toBe(false);
    await popup.close();
    await page.close();
  });

  it('opened in a tab 320 px wide (400% zoom), needs no sideways scrolling: the graph scrolls on its own', async () => {
    const { page, popup } = await popupOn(FIVE);
    await popup.setViewportSize({ width: 320, height: 600 });
    await popup.getByTestId('deal-graph').waitFor();
    await expect.poll(() => popup.evaluate(() => document.documentElement.classList.contains('in-tab'))).toBe(true);
    await popup.screenshot({ path: join(h.shots, 'reflow-320.png'), fullPage: true });
    const { scroll, client } = await popup.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(scroll, `content ${scroll} px wide in a ${client} px window`).toBeLessThanOrEqual(client);
    // The options link and the site switch are in the window.
    for (const el of [popup.getByRole('button', { name: 'Options' }), popup.getByTestId('site-switch')]) {
      const box = await el.boundingBox();
      expect((box?.x ?? 999) + (box?.width ?? 0)).toBeLessThanOrEqual(client);
    }
    await popup.close();
    await page.close();
  });

  it('the same in dark, following the system colour scheme', async () => {
    const dark = await launch({ colorScheme: 'dark' });
    try {
      const page = await dark.context.newPage();
      await page.goto(h.server.url('www.reuters.com', FIVE));
      await waitForMarks(page, 10);
      const tabId = await tabIdOf(dark, page);
      const popup = await openPopup(dark, { tab: tabId, url: page.url() });
      await popup.getByTestId('deal-graph').waitFor();
      const bg = await popup.evaluate(
        () => getComputedStyle(document.querySelector('.popup') as Element).backgroundColor,
      );
      expect(bg).toBe('rgb(30, 34, 39)');
      await popup.screenshot({ path: join(h.shots, 'digest-dark.png'), fullPage: true });
      expect(await axeViolations(popup)).toEqual([]);
      await popup.getByRole('combobox').fill('anthropic azure');
      await expect.poll(async () => (await resultIds(popup))[0]).toBe('deal:anthropic-azure-30b-2025-11');
      await popup.screenshot({ path: join(h.shots, 'search-dark.png') });
      expect(await axeViolations(popup)).toEqual([]);
      await popup.getByRole('combobox').press('Enter');
      await popup.getByTestId('detail').waitFor();
      await popup.screenshot({ path: join(h.shots, 'detail-dark.png'), fullPage: true });
      await popup.close();
    } finally {
      await dark.close();
    }
  });
});
