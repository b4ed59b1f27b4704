/**
 * What every e2e file needs: a fixture server, Chromium with the built extension (closed,
 * with its network check, after the file), a screenshot folder, and an axe-core audit.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type Launched, launch, ROOT, type Served, serve } from '../../scripts/lib/chromium.ts';

export const FIXTURES = join(ROOT, 'tests/fixtures');

type Routes = Parameters<typeof serve>[1];

export interface Harness {
  readonly browser: Launched;
  readonly server: Served;
  /** Where this file's screenshots go (test-output/NAME). */
  readonly shots: string;
  /** Opens `path` of the fixture server under a news hostname. */
  open(path: string, host?: string): Promise<Page>;
  /** Stores settings (missing fields take their defaults). */
  setSettings(value: Record<string, unknown>): Promise<void>;
  /** The stored settings object, as the browser holds it. */
  storedSettings(): Promise<Record<string, unknown> | undefined>;
}

/** Registers the file's beforeAll/afterAll and returns the harness they fill. */
export function extensionHarness(name: string, options: { routes?: () => Promise<Routes> | Routes } = {}): Harness {
  let browser: Launched | undefined;
  let server: Served | undefined;
  const shots = join(ROOT, 'test-output', name);
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    server = await serve(FIXTURES, options.routes ? await options.routes() : {});
    browser = await launch();
  });
  afterAll(async () => {
    try {
      await browser?.close();
    } finally {
      await server?.close();
    }
  });
  const need = <T>(x: T | undefined, what: string): T => {
    if (!x) throw new Error(`${what} is not running: use the harness inside tests`);
    return x;
  };
  return {
    get browser() {
      return need(browser, 'The browser');
    },
    get server() {
      return need(server, 'The fixture server');
    },
    shots,
    async open(path, host = 'www.reuters.com') {
      const page = await need(browser, 'The browser').context.newPage();
      await page.goto(need(server, 'The fixture server').url(host, path));
      return page;
    },
    async setSettings(value) {
      await need(browser, 'The browser').worker.evaluate((v) => chrome.storage.sync.set({ settings: v }), value);
    },
    storedSettings() {
      return need(browser, 'The browser').worker.evaluate(
        async () => (await chrome.storage.sync.get('settings')).settings as Record<string, unknown> | undefined,
      );
    },
  };
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Serious and critical axe-core violations on `page`, or within `include` (CSS selectors).
 * axe is evaluated through the DevTools protocol, so extension pages' CSP does not stop it.
 */
export async function axeViolations(page: Page, include?: string[]): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (selectors) => {
    type Violation = { id: string; impact: string | null; nodes: { target: unknown[] }[] };
    const axe = (
      window as unknown as { axe: { run: (ctx: unknown, opts?: unknown) => Promise<{ violations: Violation[] }> } }
    ).axe;
    const { violations } = await axe.run(selectors ? { include: selectors.map((s) => [s]) } : document, {
      resultTypes: ['violations'],
    });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  }, include);
}
