/**
 * Real Chromium with the built extension, for e2e tests, the demo and the benchmark.
 * Pages are served from this machine; news hostnames are mapped to it with
 * --host-resolver-rules, so the production manifest's match patterns apply unchanged.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import { type NetRequest, NetworkLog } from './netlog.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
/** Where `wxt build` put the Chrome build (DEALLENS_OUT moves it, as in wxt.config.ts). */
export const OUT_DIR = join(ROOT, process.env.DEALLENS_OUT ?? '.output');
export const CHROME_BUILD = join(OUT_DIR, 'chrome-mv3');

/** Hostnames that tests and the demo use; each is mapped to 127.0.0.1. */
export const NEWS_HOSTS = ['www.reuters.com', 'www.cnbc.com', 'www.theverge.com', 'apnews.com'];

const CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

/** The Chromium binary, or an error that says how to install it. */
export function findChromium(): string {
  const found = CANDIDATES.find((p): p is string => !!p && existsSync(p));
  if (!found) {
    throw new Error(
      'Chromium was not found. Install it with: sudo apt-get update && sudo apt-get install -y chromium (or set CHROMIUM_PATH).',
    );
  }
  return found;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

export interface Served {
  port: number;
  /** `http://HOST:PORT/PATH` */
  url(host: string, path: string): string;
  close(): Promise<void>;
}

/** Serves `dir` on 127.0.0.1 (any Host header); `routes` adds generated pages by path. */
export async function serve(
  dir: string,
  routes: Record<string, () => { type?: string; body: string; headers?: Record<string, string> }> = {},
): Promise<Served> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const route = routes[path];
    if (route) {
      const r = route();
      res.writeHead(200, { 'content-type': r.type ?? TYPES['.html'], ...r.headers });
      res.end(r.body);
      return;
    }
    const file = normalize(join(dir, path));
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    url: (host, path) => `http://${host}:${port}${path.startsWith('/') ? path : `/${path}`}`,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

export interface Launched {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  /** Every request of every target, recorded through the DevTools Network domain. */
  network: NetworkLog;
  /** The address of the welcome tab the install opened (closed at once), if it opened. */
  welcome: string | undefined;
  /** Closes the browser; throws when DealLens made any network request while it ran. */
  close(): Promise<void>;
}

/** Thrown by `close()`: the extension made a network request. */
export class NetworkLeak extends Error {
  readonly requests: NetRequest[];
  constructor(requests: NetRequest[]) {
    super(
      `DealLens made ${requests.length} network request(s): ${requests.map((r) => `${r.url} (from ${r.targetType} ${r.targetUrl})`).join(', ')}`,
    );
    this.requests = requests;
  }
}

/** Launches Chromium with the extension in `extensionDir` and news hosts mapped to 127.0.0.1. */
export async function launch(
  options: {
    extensionDir?: string;
    headless?: boolean;
    viewport?: { width: number; height: number };
    colorScheme?: 'light' | 'dark';
  } = {},
): Promise<Launched> {
  const extensionDir = options.extensionDir ?? CHROME_BUILD;
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension in ${extensionDir}: run "npm run build" first.`);
  }
  const userDir = mkdtempSync(join(tmpdir(), 'deallens-chromium-'));
  const rules = NEWS_HOSTS.map((h) => `MAP ${h} 127.0.0.1`).join(', ');
  const context = await chromium.launchPersistentContext(userDir, {
    executablePath: findChromium(),
    headless: options.headless ?? true,
    viewport: options.viewport ?? { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      `--host-resolver-rules=${rules}`,
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-gpu',
      // A second DevTools client records the network (scripts/lib/netlog.ts).
      '--remote-debugging-port=0',
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
  });
  const network = await NetworkLog.attach(userDir);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(worker.url()).host;
  // A fresh profile is a first install: DealLens opens its welcome in a tab. It is closed, so
  // every test starts from the same tabs; where it was is kept for the test that checks it.
  const isWelcome = (p: Page) => p.url().startsWith(`chrome-extension://${extensionId}/options.html#welcome`);
  const welcomePage =
    context.pages().find(isWelcome) ??
    (await context.waitForEvent('page', { predicate: isWelcome, timeout: 10_000 }).catch(() => undefined));
  const welcome = welcomePage?.url();
  await welcomePage?.close();
  return {
    context,
    extensionId,
    worker,
    network,
    welcome,
    async close() {
      const leaks = network.extensionRequests(extensionId);
      network.close();
      await context.close();
      rmSync(userDir, { recursive: true, force: true });
      if (leaks.length > 0) throw new NetworkLeak(leaks);
    },
  };
}

/**
 * The tab id of `page`. Without the "tabs" permission tab URLs are hidden, so the page is
 * brought to the front and the active tab is taken.
 */
export async function tabIdOf(launched: Launched, page: Page): Promise<number> {
  await page.bringToFront();
  return launched.worker.evaluate(async () => {
    const tabs = await chrome.tabs.query({ active: true });
    const tab = tabs.find((t) => !t.url?.startsWith('chrome-extension://'));
    if (tab?.id === undefined) throw new Error('no active page tab');
    return tab.id;
  });
}

/** The text of every range DealLens has painted on `page`, in document order. */
export async function markedTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const h = CSS.highlights.get('deallens-mark');
    if (!h) return [];
    const ranges = [...h] as Range[];
    ranges.sort((a, b) => a.compareBoundaryPoints(Range.START_TO_START, b));
    return ranges.map((r) => r.toString());
  });
}

/** Waits until DealLens has painted at least `min` marks. */
export async function waitForMarks(page: Page, min = 1, timeout = 15_000): Promise<void> {
  await page.waitForFunction((n) => (CSS.highlights.get('deallens-mark')?.size ?? 0) >= n, min, { timeout });
}

/** The viewport centre of the `nth` painted range whose text is `text`. */
export async function markCenter(page: Page, text: string, nth = 0): Promise<{ x: number; y: number }> {
  const point = await page.evaluate(
    ([t, n]) => {
      const h = CSS.highlights.get('deallens-mark');
      const ranges = ([...(h ?? [])] as Range[]).filter((r) => r.toString() === t);
      ranges.sort((a, b) => a.compareBoundaryPoints(Range.START_TO_START, b));
      const r = ranges[n as number];
      if (!r) return null;
      r.startContainer.parentElement?.scrollIntoView({ block: 'center' });
      const box = r.getClientRects()[0];
      return box ? { x: box.left + box.width / 2, y: box.top + box.height / 2 } : null;
    },
    [text, nth] as const,
  );
  if (!point) throw new Error(`No mark "${text}" #${nth} on the page`);
  return point;
}

/** Waits until the card's entry animation has finished, so a screenshot shows it as the reader does. */
export async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const root = document.querySelector('deallens-card')?.shadowRoot;
    return !!root && root.getAnimations().every((a) => a.playState === 'finished');
  });
}
