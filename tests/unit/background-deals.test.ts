import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { dataset } from '../../data/index.ts';
import { setupDeals } from '../../utils/background/deals.ts';
import type { DealsReply, Message } from '../../utils/messaging.ts';

describe('getDeals', () => {
  beforeEach(() => fakeBrowser.reset());

  it('answers with the companies’ deals and the descriptions the content script does not bundle', async () => {
    const stop = setupDeals();
    const message: Message<'getDeals'> = { type: 'getDeals', data: { entities: ['nvidia', 'no-such-company'] } };
    const [reply] = (await fakeBrowser.runtime.onMessage.trigger(message, {}, () => {})) as (DealsReply | undefined)[];
    stop();
    const nvidia = dataset.entities.find((e) => e.id === 'nvidia');
    expect(reply?.profiles).toEqual([
      { id: 'nvidia', description: nvidia?.description, homepage: nvidia?.homepage, tickers: ['NASDAQ:NVDA'] },
    ]);
    expect(reply?.deals.length).toBeGreaterThan(0);
    for (const d of reply?.deals ?? []) expect(d.parties.some((p) => p.id === 'nvidia')).toBe(true);
    expect(reply?.own).toEqual([]);
  });
});
