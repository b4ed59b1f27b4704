/**
 * Privacy: DealLens makes no network request. Every e2e browser records all targets'
 * requests through the DevTools Network domain and fails on close if DealLens made one
 * (scripts/lib/chromium.ts); this file proves that check can fail, then walks through
 * every part of the extension and asserts the log is empty.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launch,
  markCenter,
  NetworkLeak,
  ROOT,
  type Served,
  serve,
  tabIdOf,
  waitForMarks,
} from '../../scripts/lib/chromium.ts';

let server: Served;

beforeAll(async () => {
  server = await serve(join(ROOT, 'tests/fixtures'));
});

afterAll(async () => {
  await server?.close();
});

describe('network', () => {
  it('the check catches a request from the extension (control)', async () => {
    const browser = await launch();
    const target = server.url('www.cnbc.com', '/control-request');
    await browser.worker.evaluate((u) => fetch(u).catch(() => undefined), target);
    await expect.poll(() => browser.network.extensionRequests(browser.extensionId).map((r) => r.url)).toContain(target);
    await expect(browser.close()).rejects.toBeInstanceOf(NetworkLeak);
  });

  it('a page, its card, the popup and the options make no request of DealLens', async () => {
    const browser = await launch();
    const page = await browser.context.newPage();
    await page.goto(server.url('www.reuters.com', '/openai-aws-deal.html'));
    await waitForMarks(page, 10);
    const { x, y } = await markCenter(page, 'OpenAI');
    await page.mouse.move(x, y);
    await page.locator('deallens-card .card').waitFor({ state: 'visible' });

    const tabId = await tabIdOf(browser, page);
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${tabId}`);
    await popup.getByRole('combobox').fill('nvidia');
    await popup.locator('.results li').first().waitFor();

    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.getByRole('checkbox', { name: 'Nvidia' }).first().uncheck();
    await page.waitForFunction(() =>
      ([...(CSS.highlights.get('deallens-mark') ?? [])] as Range[]).every((r) => r.toString() !== 'Nvidia'),
    );

    // The log saw the page's own requests, so it was listening.
    expect(browser.network.requests.some((r) => r.url.endsWith('/openai-aws-deal.html'))).toBe(true);
    expect(browser.network.extensionRequests(browser.extensionId)).toEqual([]);
    await browser.close();
  });
});
