import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import { lexiconJsonPlugin } from './data/lexicon-json.ts';

export default defineConfig({
  // The WXT plugin does not carry over vite plugins from wxt.config.ts, so they are added again.
  plugins: [WxtVitest(), preact(), lexiconJsonPlugin()],
  test: {
    environment: 'happy-dom',
    include: ['tests/unit/**/*.test.{ts,tsx}'],
    restoreMocks: true,
  },
});
