import { defineContentScript } from 'wxt/utils/define-content-script';
import { bundledEntities, bundledMeta } from '../../data/entities.ts';
import { createLens } from '../../utils/lens.ts';
import { buildLexicon } from '../../utils/matcher.ts';
import { onMessages, sendToBackground } from '../../utils/messaging.ts';
import { loadSettings, watchSettings } from '../../utils/settings.ts';
import { DEFAULT_SITES, sitePatterns } from '../../utils/sites.ts';
import './marks.css';

export default defineContentScript({
  matches: DEFAULT_SITES.flatMap(sitePatterns),
  runAt: 'document_idle',
  async main(ctx) {
    const lens = createLens(ctx, document, {
      meta: bundledMeta,
      entities: bundledEntities,
      lexicon: buildLexicon(bundledEntities),
      loadDeals: (ids) => sendToBackground('getDeals', { entities: ids }),
      onDigest: (digest) => void sendToBackground('digestChanged', digest),
    });
    lens.apply(await loadSettings());
    const unwatch = watchSettings((s) => lens.apply(s));
    const unlisten = onMessages({
      getDigest: () => lens.digest(),
      navigate: ({ direction }) => lens.navigate(direction === -1 ? -1 : 1),
      focusEntity: ({ entity }) => lens.focusEntity(String(entity)),
    });
    ctx.onInvalidated(() => {
      unwatch();
      unlisten();
    });
  },
});
