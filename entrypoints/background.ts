import { defineBackground } from 'wxt/utils/define-background';
import { dataset } from '../data/index.ts';
import { dealsInvolving } from '../utils/facts.ts';
import { onMessages } from '../utils/messaging.ts';

export default defineBackground(() => {
  // The background holds the deals; content scripts ask for those of the companies on their page.
  onMessages({
    getDeals: ({ entities }) => dealsInvolving(dataset, Array.isArray(entities) ? entities.slice(0, 100) : []),
  });
});
