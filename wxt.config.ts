import { readFileSync } from 'node:fs';
import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { lexiconJsonPlugin } from './data/lexicon-json.ts';
import { formatProblems, validateDataset } from './data/validate.ts';

const readJson = (file: string) => JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8'));

/** The build refuses a dataset that does not validate: a card never shows an unchecked fact. */
function checkDataset() {
  const result = validateDataset({
    meta: readJson('./data/meta.json'),
    entities: readJson('./data/entities.json').entities,
    deals: readJson('./data/deals.json').deals,
  });
  if (!result.ok) throw new Error(`The dataset does not validate:\n${formatProblems(result.problems)}`);
}

export default defineConfig({
  // A separate output folder lets several checkouts or test runs build side by side.
  outDir: process.env.DEALLENS_OUT ?? '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  // Every module imports what it uses: with auto-imports a missing import type-checks and
  // builds for the extension, yet breaks the benchmark bundle and Node scripts.
  imports: false,
  vite: () => ({
    plugins: [preact(), lexiconJsonPlugin()],
    // CSS for the browsers of es2022 (Vite's own list for it) less Safari, which DealLens is
    // not built for: the marks' CSS then ships without -webkit- copies of its rules.
    build: { target: 'es2022', cssTarget: ['chrome94', 'edge94', 'firefox93', 'opera80'] },
  }),
  zip: {
    // The sources package is for store review: the code and how to build it, not our test output.
    excludeSources: ['demo-output/**', 'test-output/**', 'docs/**', '.ci/**'],
  },
  hooks: {
    'build:before': checkDataset,
  },
  manifest: ({ browser }) => ({
    name: 'DealLens',
    description:
      'Marks OpenAI, AWS, Microsoft, Nvidia and other AI-infrastructure companies on news pages and shows the deals between them.',
    permissions: ['storage', 'activeTab', 'scripting'],
    optional_host_permissions: browser === 'firefox' ? undefined : ['*://*/*'],
    ...(browser === 'firefox' ? { optional_permissions: ['*://*/*'] } : {}),
    // Period and comma, the keys of ">" and "<". (Alt+Shift+A is Chrome's own "focus on inactive
    // dialogs": a command suggesting it is left with no key.)
    commands: {
      'next-mention': {
        suggested_key: { default: 'Alt+Shift+Period' },
        description: 'Go to the next company mention and open its card',
      },
      'previous-mention': {
        suggested_key: { default: 'Alt+Shift+Comma' },
        description: 'Go to the previous company mention and open its card',
      },
    },
    action: { default_title: 'DealLens' },
    // The card UI (entrypoints/card-ui.ts) is imported by the content script on first need, so it
    // must be reachable from every page the content script may run on: the news sites and any site
    // the reader adds. In Chrome only through the per-session dynamic URL, so pages cannot probe
    // for it; WXT turns this into the plain MV2 list for Firefox, whose extension URLs are per install.
    web_accessible_resources: [
      {
        resources: ['card-ui.js'],
        matches: ['*://*/*'],
        ...(browser === 'firefox' ? {} : { use_dynamic_url: true }),
      },
    ],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'deallens@deallens.dev',
              // The marks are CSS highlights drawn as underlines: Firefox draws a highlight's
              // text-decoration from 146 on (before, an underline mark showed as a faint tint
              // and a dotted one not at all).
              strict_min_version: '146.0',
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '146.0' },
          },
        }
      : {}),
  }),
});
