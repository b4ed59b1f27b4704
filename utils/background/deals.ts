/** Background: answers content scripts' requests for the deals of the companies on their page. */
import { profileOf } from '../../data/fields.ts';
import { dataset } from '../../data/index.ts';
import { dealsInvolving } from '../facts.ts';
import { onMessages } from '../messaging.ts';
import { mergeFacts } from '../user-facts.ts';
import { EMPTY_USER_FACTS, loadUserFacts, type UserFacts, watchUserFacts } from '../user-facts-store.ts';

/** Starts answering `getDeals` from the bundled facts and the reader's own (with the companies' profiles). */
export function setupDeals(): () => void {
  let own: UserFacts = EMPTY_USER_FACTS;
  const ready = loadUserFacts().then((f) => {
    own = f;
  });
  const unwatch = watchUserFacts((f) => {
    own = f;
  });
  const unlisten = onMessages({
    getDeals: async ({ entities }) => {
      await ready;
      // Read the own facts afresh: an import may have landed a moment before the page asks.
      own = await loadUserFacts();
      const ids = Array.isArray(entities) ? entities.filter((x) => typeof x === 'string').slice(0, 100) : [];
      const merged = mergeFacts(dataset, own);
      const deals = dealsInvolving(merged, ids);
      const asked = new Set(ids);
      const profiles = merged.entities.filter((e) => asked.has(e.id)).map(profileOf);
      return { deals, own: deals.filter((d) => merged.own.has(d.id)).map((d) => d.id), profiles };
    },
  });
  return () => {
    unwatch();
    unlisten();
  };
}
