/**
 * The options page in real Chromium: each setting changes an open news tab without a
 * reload; own facts import (valid and broken files); export → reset → import restores.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { markedTexts, waitForMarks } from '../../scripts/lib/chromium.ts';
import { axeViolations, extensionHarness, FIXTURES } from './harness.ts';

const h = extensionHarness('options');

const TMP = join(tmpdir(), `deallens-options-${process.pid}`);
mkdirSync(TMP, { recursive: true });

beforeEach(async () => {
  await h.browser.worker.evaluate(async () => {
    await chrome.storage.sync.clear();
    await chrome.storage.local.clear();
  });
});

async function article(path = '/openai-aws-deal.html'): Promise<Page> {
  const page = await h.browser.context.newPage();
  await page.goto(h.server.url('www.reuters.com', path));
  return page;
}

async function optionsPage(): Promise<Page> {
  const page = await h.browser.context.newPage();
  await page.goto(`chrome-extension://${h.browser.extensionId}/options.html`);
  await page.getByRole('heading', { name: 'DealLens', level: 1 }).waitFor();
  return page;
}

const storedFacts = () =>
  h.browser.worker.evaluate(async () => (await chrome.storage.local.get('userFacts')).userFacts);
const markCount = (page: Page) => page.evaluate(() => CSS.highlights.get('deallens-mark')?.size ?? 0);

describe('settings apply to an open tab at once', () => {
  it('on/off, only followed companies, density and paused sites', async () => {
    const page = await article();
    await waitForMarks(page, 10);
    const all = await markCount(page);
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    const options = await optionsPage();

    await options.getByRole('checkbox', { name: /Mark companies on news pages/ }).uncheck();
    await page.waitForFunction(() => (CSS.highlights.get('deallens-mark')?.size ?? 0) === 0);
    await options.getByRole('checkbox', { name: /Mark companies on news pages/ }).check();
    await waitForMarks(page, all);

    // Follow Nvidia, then show only followed companies.
    await options.getByRole('button', { name: 'Follow Nvidia' }).click();
    await options.getByRole('checkbox', { name: /Only the companies I follow/ }).check();
    await page.waitForFunction(() => {
      const r = [...(CSS.highlights.get('deallens-mark') ?? [])] as Range[];
      return r.length > 0 && r.every((x) => x.toString() === 'Nvidia');
    });
    await options.getByRole('checkbox', { name: /Only the companies I follow/ }).uncheck();
    await waitForMarks(page, all);

    // The first mention of each company in a paragraph only.
    await options.getByRole('radio', { name: 'The first of each company in a paragraph' }).check();
    await expect.poll(() => markCount(page)).toBeLessThan(all);
    const firsts = await markedTexts(page);
    expect(firsts.filter((t) => t === 'Microsoft').length).toBe(1); // twice in one paragraph on the fixture
    await options.getByRole('radio', { name: 'Every mention' }).check();
    await expect.poll(() => markCount(page)).toBe(all);

    // Unchecking a news site leaves it alone.
    await options.getByRole('checkbox', { name: 'reuters.com', exact: true }).uncheck();
    await page.waitForFunction(() => (CSS.highlights.get('deallens-mark')?.size ?? 0) === 0);
    await options.getByRole('checkbox', { name: 'reuters.com', exact: true }).check();
    await waitForMarks(page, all);

    expect(navigations).toEqual([]);
    await options.screenshot({ path: join(h.shots, 'options-light.png'), fullPage: true });
    await options.close();
    await page.close();
  });
});

describe('mark look', () => {
  it('style and colours change the painted marks of an open tab at once', async () => {
    const page = await article();
    await waitForMarks(page, 10);
    /** Painted ranges per registered highlight name (deallens-mark is the unstyled handle). */
    const looks = () =>
      page.evaluate(() => {
        const out: Record<string, number> = {};
        for (const [name, h] of CSS.highlights) if (name.startsWith('deallens-') && h.size > 0) out[name] = h.size;
        return out;
      });
    const total = await markCount(page);
    expect(await looks()).toEqual({ 'deallens-mark': total, 'deallens-underline': total });
    await page.screenshot({ path: join(h.shots, 'marks-underline.png') });

    const options = await optionsPage();
    await options.getByRole('radio', { name: 'Dotted underline' }).check();
    await expect.poll(looks).toEqual({ 'deallens-mark': total, 'deallens-dotted': total });

    await options.getByRole('radio', { name: 'Soft background' }).check();
    await options.getByRole('radio', { name: 'A colour per company' }).check();
    await expect
      .poll(async () => Object.keys(await looks()).some((n) => n.startsWith('deallens-background-c')))
      .toBe(true);
    const perCompany = await looks();
    const slots = Object.entries(perCompany).filter(([n]) => n.startsWith('deallens-background-c'));
    expect(slots.length).toBeGreaterThan(1);
    expect(slots.reduce((sum, [, n]) => sum + n, 0)).toBe(total);
    await page.bringToFront();
    await page.screenshot({ path: join(h.shots, 'marks-per-company.png') });
    await options.close();
    await page.close();
  });
});

describe('own facts', () => {
  it('a valid file adds a mark and a card showing the own fact', async () => {
    const page = await article('/own-facts.html');
    await waitForMarks(page, 3);
    expect(await markedTexts(page)).not.toContain('California Attorney General');
    const options = await optionsPage();
    await options
      .locator('section', { hasText: 'Your own facts' })
      .locator('input[type=file]')
      .setInputFiles(join(FIXTURES, 'own-facts.json'));
    await options.getByText('Imported 1 company and 1 deal from own-facts.json.').waitFor();
    await page.waitForFunction(() =>
      ([...(CSS.highlights.get('deallens-mark') ?? [])] as Range[]).some(
        (r) => r.toString() === 'California Attorney General',
      ),
    );
    // The own company's card lists the own deal.
    const box = await page.evaluate(() => {
      const r = ([...(CSS.highlights.get('deallens-mark') ?? [])] as Range[]).find(
        (x) => x.toString() === 'California Attorney General',
      );
      const b = r?.getClientRects()[0];
      return b ? { x: b.left + b.width / 2, y: b.top + b.height / 2 } : null;
    });
    if (!box) throw new Error('no mark');
    await page.bringToFront();
    await page.mouse.move(box.x, box.y);
    const card = page.locator('deallens-card .card');
    await card.waitFor({ state: 'visible' });
    const text = await card.textContent();
    expect(text).toContain("California will not oppose OpenAI's recapitalization");
    expect(text).toContain('Your fact');
    expect(await card.locator('.desc').textContent()).toContain('The chief law officer of the State of California.');

    // Removing it, with the deal that names it (the page asks first), takes the mark away again.
    await options.getByRole('button', { name: 'Remove California Attorney General' }).click();
    const confirm = options.getByRole('group', { name: 'Confirm removing California Attorney General' });
    expect(await confirm.textContent()).toContain('and the 1 deal that names it?');
    await options
      .locator('section', { hasText: 'Your own facts' })
      .screenshot({ path: join(h.shots, 'own-facts-confirm.png') });
    await confirm.getByRole('button', { name: 'Remove both' }).click();
    await page.waitForFunction(() =>
      ([...(CSS.highlights.get('deallens-mark') ?? [])] as Range[]).every(
        (r) => r.toString() !== 'California Attorney General',
      ),
    );
    expect(await storedFacts()).toEqual({ entities: [], deals: [] });
    await options.close();
    await page.close();
  });

  it("an import or a removal starts a fresh lens, and the old one's listeners leave the page", async () => {
    const page = await article('/own-facts.html');
    await waitForMarks(page, 3);
    // Every listener the content script's world put on the page's document and window, by type
    // (DevTools lists the listeners of the world the object is asked from).
    const cdp = await page.context().newCDPSession(page);
    const worlds: { id: number; name: string; auxData?: { type?: string } }[] = [];
    cdp.on('Runtime.executionContextCreated', (e) => worlds.push(e.context));
    await cdp.send('Runtime.enable');
    const world = worlds.find((w) => w.auxData?.type === 'isolated' && w.name === 'DealLens');
    if (!world) throw new Error(`no DealLens world among ${worlds.map((w) => w.name).join(', ')}`);
    const listeners = async () => {
      const counts: Record<string, number> = {};
      for (const target of ['document', 'window']) {
        const { result } = await cdp.send('Runtime.evaluate', { expression: target, contextId: world.id });
        const { listeners: list } = await cdp.send('DOMDebugger.getEventListeners', {
          objectId: result.objectId as string,
        });
        for (const l of list) counts[`${target} ${l.type}`] = (counts[`${target} ${l.type}`] ?? 0) + 1;
      }
      return counts;
    };
    const ownMark = (present: boolean) =>
      page.waitForFunction(
        (want) =>
          ([...(CSS.highlights.get('deallens-mark') ?? [])] as Range[]).some(
            (r) => r.toString() === 'California Attorney General',
          ) === want,
        present,
      );
    const before = await listeners();
    // The content script's own are among them (the card's pointer and keyboard handling).
    expect(before['document pointermove']).toBeGreaterThan(0);
    expect(before['document keydown']).toBeGreaterThan(0);
    const options = await optionsPage();
    const section = options.locator('section', { hasText: 'Your own facts' });
    await section.locator('input[type=file]').setInputFiles(join(FIXTURES, 'own-facts.json'));
    await ownMark(true);
    await options.getByRole('button', { name: 'Remove California Attorney General' }).click();
    await options
      .getByRole('group', { name: 'Confirm removing California Attorney General' })
      .getByRole('button', { name: 'Remove both' })
      .click();
    await ownMark(false);
    await section.locator('input[type=file]').setInputFiles(join(FIXTURES, 'own-facts.json'));
    await ownMark(true);
    // Three lenses later, one lens's listeners: none of the stopped ones' stayed.
    expect(await listeners()).toEqual(before);
    await options.close();
    await page.close();
  });

  const valid = JSON.parse(readFileSync(join(FIXTURES, 'own-facts.json'), 'utf8'));
  const broken: [string, string, RegExp][] = [
    ['not-json.json', '{"entities": [', /not valid JSON/],
    ['wrong-shape.json', JSON.stringify({ entities: 'many' }), /must be arrays/],
    ['unknown-party.json', JSON.stringify({ deals: [valid.deals[0]] }), /unknown entity "california-ag"/],
    [
      'script-url.json',
      JSON.stringify({
        ...valid,
        deals: [{ ...valid.deals[0], sources: [{ url: 'javascript:alert(1)', publisher: 'x', published: null }] }],
      }),
      /sources\.0\.url/,
    ],
    [
      'bundled-id.json',
      JSON.stringify({ entities: [{ ...valid.entities[0], id: 'openai', aliases: [{ text: 'CA AG' }] }] }),
      /duplicate id/,
    ],
  ];

  it.each(broken)('%s shows its error and changes nothing', async (name, text, error) => {
    const options = await optionsPage();
    await options.getByRole('checkbox', { name: /Show the number of companies/ }).uncheck();
    await expect.poll(async () => (await h.storedSettings())?.badge).toBe(false);
    const before = { settings: await h.storedSettings(), facts: await storedFacts() };
    const path = join(TMP, name);
    writeFileSync(path, text);
    await options.locator('section', { hasText: 'Your own facts' }).locator('input[type=file]').setInputFiles(path);
    await options.getByText(`${name} was not imported`).waitFor();
    expect(await options.locator('section', { hasText: 'Your own facts' }).textContent()).toMatch(error);
    if (name === 'unknown-party.json')
      await options.screenshot({ path: join(h.shots, 'import-error.png'), fullPage: true });
    expect({ settings: await h.storedSettings(), facts: await storedFacts() }).toEqual(before);
    await options.close();
  });
});

describe('backup', () => {
  it('export → reset → import restores the settings', async () => {
    const options = await optionsPage();
    await options.getByRole('radio', { name: 'When I click a mark' }).check();
    await options.getByRole('radio', { name: 'Dotted underline' }).check();
    await options.getByRole('button', { name: 'Follow OpenAI' }).click();
    await expect.poll(async () => (await h.storedSettings())?.followedEntities).toEqual(['openai']);
    const chosen = await h.storedSettings();

    const [download] = await Promise.all([
      options.waitForEvent('download'),
      options.getByRole('button', { name: 'Export settings' }).click(),
    ]);
    const file = join(TMP, 'deallens-settings.json');
    await download.saveAs(file);

    await options.getByRole('button', { name: 'Reset to defaults…' }).click();
    await options.getByRole('button', { name: 'Reset', exact: true }).click();
    await expect.poll(async () => (await h.storedSettings())?.cardMode).toBe('hover');
    expect(await options.getByRole('radio', { name: 'When the pointer rests on a mark' }).isChecked()).toBe(true);

    await options.locator('section', { hasText: 'Back up and reset' }).locator('input[type=file]').setInputFiles(file);
    await options.getByText('Settings restored from deallens-settings.json.').waitFor();
    expect(await h.storedSettings()).toEqual(chosen);
    expect(await options.getByRole('radio', { name: 'Dotted underline' }).isChecked()).toBe(true);

    // A foreign file changes nothing and says why.
    const foreign = join(TMP, 'other.json');
    writeFileSync(foreign, JSON.stringify({ theme: 'dark' }));
    await options
      .locator('section', { hasText: 'Back up and reset' })
      .locator('input[type=file]')
      .setInputFiles(foreign);
    await options.getByText(/not a DealLens settings file/).waitFor();
    expect(await h.storedSettings()).toEqual(chosen);

    // A file edited by hand: the fields this version knows are taken, the others are named.
    const edited = join(TMP, 'edited.json');
    const exported = JSON.parse(readFileSync(file, 'utf8'));
    exported.settings.cardMode = 'hover';
    exported.settings.colour = 'red';
    writeFileSync(edited, JSON.stringify(exported));
    await options
      .locator('section', { hasText: 'Back up and reset' })
      .locator('input[type=file]')
      .setInputFiles(edited);
    await options
      .getByText('Settings restored from edited.json. Left out what this version does not know: colour.')
      .waitFor();
    expect(await h.storedSettings()).toEqual({ ...chosen, cardMode: 'hover' });
    await options.close();
  });
});

describe('keyboard', () => {
  it('lists the keyboard commands with the keys the browser has bound to them', async () => {
    const bound = await h.browser.worker.evaluate(async () =>
      (await chrome.commands.getAll())
        .filter((c) => c.name !== '_execute_action')
        .map((c) => ({ shortcut: c.shortcut ?? '', description: c.description ?? '' })),
    );
    expect(bound.map((c) => c.description)).toEqual(
      expect.arrayContaining([expect.stringMatching(/next company mention/), expect.stringMatching(/previous/)]),
    );
    // The browser bound every suggested key: none of them is one of its own.
    expect(bound.map((c) => c.shortcut)).toEqual(['Alt+Shift+Period', 'Alt+Shift+Comma']);
    const options = await optionsPage();
    const list = options.getByRole('list', { name: 'From the keyboard' });
    await list.waitFor();
    const items = await list
      .getByRole('listitem')
      .evaluateAll((lis) => lis.map((li) => [...li.children].map((c) => c.textContent)));
    expect(items).toEqual(bound.map((c) => [c.shortcut || 'No key set', c.description]));
    // "Change keys" opens Chrome's page for extension keys in a new tab.
    const opened = h.browser.context.waitForEvent('page');
    await options.getByRole('button', { name: 'Change keys' }).click();
    const keysPage = await opened;
    await expect.poll(() => keysPage.url()).toBe('chrome://extensions/shortcuts');
    await keysPage.close();
    await options.getByRole('heading', { name: 'Cards' }).scrollIntoViewIfNeeded();
    await options.screenshot({ path: join(h.shots, 'options-keyboard.png') });
    await options.close();
  });
});

describe('first install', () => {
  it('opens the options with a welcome that says how DealLens is used, read once', async () => {
    // The harness's fresh profile was a first install: the welcome tab opened (and was closed).
    expect(h.browser.welcome).toBe(`chrome-extension://${h.browser.extensionId}/options.html#welcome`);
    await h.setSettings({});
    const page = await h.browser.context.newPage();
    await page.goto(`chrome-extension://${h.browser.extensionId}/options.html#welcome`);
    const welcome = page.getByRole('region', { name: 'Welcome to DealLens' });
    await welcome.waitFor();
    // Reading starts there, and it names the way cards open and the key bound now.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Welcome to DealLens');
    const text = (await welcome.textContent()) ?? '';
    expect(text).toContain('Rest the pointer on a marked name');
    expect(text).toContain('Alt+Shift+Period');
    expect(text).toContain('reuters.com');
    await page.screenshot({ path: join(h.shots, 'options-welcome.png') });
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Got it' }).click();
    await welcome.waitFor({ state: 'detached' });
    expect(new URL(page.url()).hash).toBe('');
    await page.reload();
    await page.getByRole('heading', { name: 'General' }).waitFor();
    expect(await welcome.count()).toBe(0);
    await page.close();
  });
});

describe('look', () => {
  it('dark theme and axe-core without serious violations', async () => {
    const dark = await h.browser.context.newPage();
    await dark.emulateMedia({ colorScheme: 'dark' });
    await dark.goto(`chrome-extension://${h.browser.extensionId}/options.html`);
    await dark.getByRole('heading', { name: 'DealLens', level: 1 }).waitFor();
    await dark.screenshot({ path: join(h.shots, 'options-dark.png'), fullPage: true });
    const violations = await axeViolations(dark);
    expect(violations).toEqual([]);
    await dark.close();
  });

  it('follows the theme setting itself, not only the system', async () => {
    await h.setSettings({ theme: 'dark' });
    const page = await h.browser.context.newPage();
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`chrome-extension://${h.browser.extensionId}/options.html`);
    await page.getByRole('heading', { name: 'DealLens', level: 1 }).waitFor();
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await expect.poll(background).toBe('rgb(22, 25, 29)');
    await page.getByRole('radio', { name: 'Light' }).check();
    await expect.poll(background).toBe('rgb(246, 247, 249)');
    await page.close();
    await h.setSettings({});
  });
});
