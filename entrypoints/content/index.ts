import { defineContentScript } from 'wxt/utils/define-content-script';
import { dataset } from '../../data/index.ts';
import { createLens } from '../../utils/lens.ts';
import { buildLexicon } from '../../utils/matcher.ts';
import { onMessages } from '../../utils/messaging.ts';
import { loadSettings, watchSettings } from '../../utils/settings.ts';
import { DEFAULT_SITES, sitePatterns } from '../../utils/sites.ts';
import './marks.css';

export default defineContentScript({
  matches: DEFAULT_SITES.flatMap(sitePatterns),
  runAt: 'document_idle',
  async main(ctx) {
    const lens = createLens(ctx, document, dataset, buildLexicon(dataset.entities));
    lens.apply(await loadSettings());
    const unwatch = watchSettings((s) => lens.apply(s));
    const unlisten = onMessages({ getDigest: () => lens.digest() });
    ctx.onInvalidated(() => {
      unwatch();
      unlisten();
    });
  },
});
