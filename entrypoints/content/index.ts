import { defineContentScript } from 'wxt/utils/define-content-script';
import { bundledEntities, bundledMeta } from '../../data/entities.ts';
import { createLens, type Lens } from '../../utils/lens.ts';
import { buildLexicon } from '../../utils/matcher.ts';
import { onMessages, sendToBackground } from '../../utils/messaging.ts';
import { UI_TAG } from '../../utils/scanner.ts';
import { loadSettings, watchSettings } from '../../utils/settings.ts';
import { DEFAULT_SITES, sitePatterns } from '../../utils/sites.ts';
import { besideBundled, loadUserFacts, type UserFacts, watchUserFacts } from '../../utils/user-facts-store.ts';
import './marks.css';

export default defineContentScript({
  matches: DEFAULT_SITES.flatMap(sitePatterns),
  runAt: 'document_idle',
  async main(ctx) {
    clearEarlierRun(document);
    let settings = await loadSettings();
    // The reader's own companies join the bundled ones; a new import starts a fresh lens.
    const start = (stored: UserFacts): Lens => {
      const own = besideBundled(stored, { entities: bundledEntities });
      const entities = [...bundledEntities, ...own.entities];
      const next = createLens(ctx, document, {
        meta: bundledMeta,
        entities,
        ownEntities: own.entities.map((e) => e.id),
        lexicon: buildLexicon(entities),
        loadDeals: (ids) => sendToBackground('getDeals', { entities: ids }),
        onDigest: (digest) => void sendToBackground('digestChanged', digest),
        // A page that rewrote itself whole took our listeners with its own: a new lens reads it.
        onRewritten: () => {
          if (current() === next) lens = start(own);
        },
      });
      next.apply(settings);
      return next;
    };
    // Watch before the first await so no change made meanwhile is missed.
    let lens: Lens | undefined;
    const unwatch = watchSettings((s) => {
      settings = s;
      lens?.apply(s);
    });
    const unwatchFacts = watchUserFacts((own) => {
      lens?.stop();
      lens = start(own);
    });
    const first = start(await loadUserFacts());
    // An import that landed while the facts were read already started a newer lens.
    if (lens) first.stop();
    else lens = first;
    const current = () => lens ?? first;
    const unlisten = onMessages({
      getDigest: () => current().digest(),
      navigate: ({ direction }) => current().navigate(direction === -1 ? -1 : 1),
      focusEntity: ({ entity }) => current().focusEntity(String(entity)),
    });
    // After an extension update or reload this script is orphaned and no event says so;
    // reading ctx.isValid notices (runtime.id is gone) and runs every cleanup, marks included.
    ctx.setInterval(() => void ctx.isValid, 1000);
    ctx.onInvalidated(() => {
      // Once the extension is gone, removing a browser listener throws "Extension context
      // invalidated"; the listeners are dead anyway, so that error must not reach the page.
      for (const stop of [unwatchFacts, unwatch, unlisten]) {
        try {
          stop();
        } catch {
          // already disconnected
        }
      }
    });
  },
});

/**
 * What an earlier DealLens left in this page: Firefox replaces the content script of open tabs
 * on an update, and ends the old one without letting it clean up (Chrome orphans it, and it
 * cleans up itself). Its card and its highlights go; ours are registered after this.
 */
function clearEarlierRun(doc: Document): void {
  for (const el of doc.querySelectorAll(UI_TAG.toLowerCase())) el.remove();
  const highlights = doc.defaultView?.CSS?.highlights;
  if (!highlights) return;
  for (const name of [...highlights.keys()]) if (name.startsWith('deallens-')) highlights.delete(name);
}
