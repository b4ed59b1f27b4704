/** Background: answers content scripts' requests for the deals of the companies on their page. */
import { dataset } from '../../data/index.ts';
import { dealsInvolving } from '../facts.ts';
import { onMessages } from '../messaging.ts';

/** Starts answering `getDeals`. */
export function setupDeals(): () => void {
  return onMessages({
    getDeals: ({ entities }) => dealsInvolving(dataset, Array.isArray(entities) ? entities.slice(0, 100) : []),
  });
}
