/**
 * The whole path in real Chromium with the built extension: a news page is marked without
 * changing its DOM, hovering a mark opens its card, the popup searches and counts, and the
 * options apply to an open tab at once.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { markCenter, markedTexts, settle, tabIdOf, waitForMarks } from '../../scripts/lib/chromium.ts';
import { extensionHarness } from './harness.ts';

const h = extensionHarness('e2e');

const ARTICLE = '/openai-aws-deal.html';

async function openArticle(host = 'www.reuters.com'): Promise<Page> {
  const page = await h.browser.context.newPage();
  await page.goto(h.server.url(host, ARTICLE));
  return page;
}

describe('news page', () => {
  it('marks the company names and nothing else', async () => {
    const page = await openArticle();
    await waitForMarks(page, 10);
    const marks = await markedTexts(page);
    await page.screenshot({ path: join(h.shots, 'page-marked.png'), fullPage: true });
    // Every mark is a company name as the reader sees it, including one split across <b>.
    for (const m of marks)
      expect(m).toMatch(
        /^(OpenAI|Open AI|Amazon Web Services|Amazon|AWS|Nvidia|Microsoft|Microsoft Azure|ChatGPT maker)(’s)?$/,
      );
    expect(marks.filter((m) => m.startsWith('OpenAI')).length).toBeGreaterThanOrEqual(4);
    expect(marks).toContain('Amazon Web Services');
    expect(marks).toContain('Nvidia');
    expect(marks.some((m) => m.startsWith('Microsoft'))).toBe(true);
    expect(marks.some((m) => m.startsWith('AWS'))).toBe(true);
    // Code, a textarea and an input are never marked.
    const insideSkipped = await page.evaluate(() =>
      ([...(CSS.highlights.get('deallens-mark') ?? [])] as Range[]).some((r) =>
        r.startContainer.parentElement?.closest('code, textarea, input, form'),
      ),
    );
    expect(insideSkipped).toBe(false);
    await page.close();
  });

  it('marks no name used in another sense: the eye disease AMD, the river, the sky, the Oracle of Delphi', async () => {
    const page = await h.browser.context.newPage();
    await page.goto(h.server.url('www.reuters.com', '/look-alikes.html'));
    // The page's one company mention shows that the scan has run.
    await waitForMarks(page, 1);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(h.shots, 'look-alikes.png'), fullPage: true });
    expect(await markedTexts(page)).toEqual(['Nvidia']);
    await page.close();
  });

  it('leaves the serialized DOM identical before and after marking', async () => {
    // 127.0.0.1 is not a news site: the content script does not run there.
    const plain = await h.browser.context.newPage();
    await plain.goto(h.server.url('127.0.0.1', ARTICLE));
    const before = await plain.evaluate(() => document.documentElement.outerHTML);
    const unmarked = await plain.evaluate(() => CSS.highlights.get('deallens-mark')?.size ?? 0);
    expect(unmarked).toBe(0);
    await plain.close();

    const page = await openArticle();
    await waitForMarks(page, 10);
    expect(await page.evaluate(() => document.documentElement.outerHTML)).toBe(before);

    await h.setSettings({ enabled: false, disabledEntities: [], hoverDelayMs: 350 });
    await page.waitForFunction(() => (CSS.highlights.get('deallens-mark')?.size ?? 0) === 0);
    expect(await page.evaluate(() => document.documentElement.outerHTML)).toBe(before);
    await h.setSettings({ enabled: true, disabledEntities: [], hoverDelayMs: 350 });
    await waitForMarks(page, 10);
    await page.close();
  });

  it('opens the card on hover with the $38 billion AWS deal and its source, and closes it', async () => {
    const page = await openArticle();
    await waitForMarks(page, 10);
    const { x, y } = await markCenter(page, 'OpenAI');
    await page.mouse.move(x, y);
    const card = page.locator('deallens-card .card');
    await card.waitFor({ state: 'visible', timeout: 5000 });
    await expect.poll(() => card.getAttribute('role')).toBe('dialog');
    const text = await card.textContent();
    expect(text).toContain('OpenAI');
    expect(text).toContain('$38B');
    expect(text).toMatch(/AWS|Amazon Web Services/);
    const source = card.locator('article.deal', { hasText: '$38B' }).first().locator('.sources a').first();
    expect(await source.getAttribute('href')).toMatch(/^https:\/\//);
    expect(await source.getAttribute('target')).toBe('_blank');
    expect(await source.getAttribute('rel')).toBe('noopener noreferrer');
    // The card stays inside the viewport.
    const box = await page.locator('deallens-card').boundingBox();
    const vp = page.viewportSize();
    expect(
      box && vp && box.x >= 0 && box.y >= 0 && box.x + box.width <= vp.width && box.y + box.height <= vp.height,
    ).toBe(true);
    await settle(page);
    await page.screenshot({ path: join(h.shots, 'card-open.png') });

    await page.keyboard.press('Escape');
    await page.locator('deallens-card').waitFor({ state: 'detached', timeout: 5000 });

    // Hover again, then move the pointer away: the card closes after its grace time.
    await page.mouse.move(5, 5);
    await page.mouse.move(x, y);
    await card.waitFor({ state: 'visible', timeout: 5000 });
    // Leave through the empty margin, well away from the card and every mark.
    await page.mouse.move(3, y);
    await page.mouse.move(2, y + 1);
    await page.locator('deallens-card').waitFor({ state: 'detached', timeout: 5000 });
    await page.close();
  });
});

describe('popup', () => {
  it('counts the companies on the tab and finds the deal by "38 billion"', async () => {
    const page = await openArticle();
    await waitForMarks(page, 10);
    const tabId = await tabIdOf(h.browser, page);
    const popup = await h.browser.context.newPage();
    await popup.setViewportSize({ width: 380, height: 600 });
    await popup.goto(`chrome-extension://${h.browser.extensionId}/popup.html?tab=${tabId}`);
    const count = popup.getByTestId('page-count');
    await count.waitFor();
    // OpenAI, Amazon, AWS, Nvidia, Microsoft.
    expect(await count.textContent()).toMatch(/^5 companies/);
    // The search box is a combobox over a listbox of results (the WAI-ARIA pattern).
    const box = popup.getByRole('combobox', { name: /search/i });
    await box.fill('38 billion');
    await expect
      .poll(async () => popup.locator('.results li').first().getAttribute('data-deal'))
      .toBe('openai-aws-compute-2025-11');
    // Naming a company puts the company first, then its deals.
    await box.fill('aws');
    await expect.poll(async () => popup.locator('.results li').first().getAttribute('data-entity')).toBe('aws');
    await box.fill('nvda');
    await expect.poll(async () => popup.locator('.results li').count()).toBeGreaterThan(0);
    const nvda = await popup
      .locator('.results li')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-entity') ?? e.getAttribute('data-deal')));
    expect(nvda[0]).toBe('nvidia');
    await box.fill('38 billion');
    await popup.screenshot({ path: join(h.shots, 'popup-search.png') });
    await popup.close();
    await page.close();
  });
});

describe('options', () => {
  it('switching Nvidia off removes its marks from an open tab without a reload', async () => {
    const page = await openArticle();
    await waitForMarks(page, 10);
    expect(await markedTexts(page)).toContain('Nvidia');
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));

    const options = await h.browser.context.newPage();
    await options.goto(`chrome-extension://${h.browser.extensionId}/options.html`);
    const nvidia = options.getByRole('checkbox', { name: 'Nvidia' });
    await nvidia.waitFor();
    expect(await nvidia.isChecked()).toBe(true);
    await nvidia.uncheck();
    await options.screenshot({ path: join(h.shots, 'options.png'), fullPage: true });

    await page.waitForFunction(() =>
      ([...(CSS.highlights.get('deallens-mark') ?? [])] as Range[]).every((r) => !r.toString().startsWith('Nvidia')),
    );
    const marks = await markedTexts(page);
    expect(marks.some((m) => m.startsWith('Nvidia'))).toBe(false);
    expect(marks.some((m) => m.startsWith('OpenAI'))).toBe(true);
    expect(navigations).toEqual([]);

    await nvidia.check();
    await page.waitForFunction(() =>
      ([...(CSS.highlights.get('deallens-mark') ?? [])] as Range[]).some((r) => r.toString() === 'Nvidia'),
    );
    await options.close();
    await page.close();
  });
});
