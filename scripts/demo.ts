/**
 * `npm run demo`: builds DealLens, serves a demo news article under a news hostname, and
 * opens Chromium with the extension. With a display the browser stays open for you; without
 * one it runs headless, saves screenshots of the marked page, an open card and the popup to
 * demo-output/, and prints what it found.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  findChromium,
  launch,
  markCenter,
  markedTexts,
  ROOT,
  serve,
  settle,
  tabIdOf,
  waitForMarks,
} from './lib/chromium.ts';

try {
  findChromium();
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}

console.log('Building the extension…');
execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });

const server = await serve(join(ROOT, 'scripts/demo'));
const url = server.url('www.reuters.com', '/article.html');
const headed = !!process.env.DISPLAY || !!process.env.WAYLAND_DISPLAY;
const browser = await launch({ headless: !headed });
const page = browser.context.pages()[0] ?? (await browser.context.newPage());
await page.goto(url);
await waitForMarks(page, 5);
const marks = await markedTexts(page);

if (headed) {
  console.log(`DealLens is running on ${url}\nHover a marked name to see its deals; close the browser window to stop.`);
  await new Promise<void>((done) => browser.context.on('close', () => done()));
  await server.close();
  process.exit(0);
}

const out = join(ROOT, 'demo-output');
mkdirSync(out, { recursive: true });
await page.screenshot({ path: join(out, 'page.png') });

const { x, y } = await markCenter(page, 'OpenAI');
await page.mouse.move(x, y);
await page.locator('deallens-card .card').waitFor({ state: 'visible' });
await settle(page);
await page.screenshot({ path: join(out, 'card.png') });

const tabId = await tabIdOf(browser, page);
const popup = await browser.context.newPage();
await popup.setViewportSize({ width: 380, height: 600 });
await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${tabId}`);
await popup.getByTestId('page-count').waitFor();
await popup.getByRole('combobox').fill('38 billion');
await popup.getByRole('option').first().waitFor();
await popup.screenshot({ path: join(out, 'popup.png') });

const counts = new Map<string, number>();
for (const m of marks) counts.set(m, (counts.get(m) ?? 0) + 1);
console.log(`\nMarked ${marks.length} mentions on ${url}:`);
for (const [text, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(3)} × ${text}`);
console.log(`\nScreenshots: ${['page.png', 'card.png', 'popup.png'].map((f) => join('demo-output', f)).join(', ')}`);
await browser.close();
await server.close();
