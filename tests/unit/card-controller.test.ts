/** The card controller against a card UI that takes its time: facts that arrive meanwhile are shown. */
import { describe, expect, it, vi } from 'vitest';
import { dataset } from '../../data/index.ts';
import type { PageEntity } from '../../data/schema.ts';
import { createCardController } from '../../utils/card-controller.ts';
import type { PageFacts } from '../../utils/facts.ts';
import type { Mark } from '../../utils/marks.ts';
import { createPlainContext } from '../../utils/plain-context.ts';
import { installFakeCardHost, removeFakeCardHost } from './fake-card-host.ts';

describe('the card controller', () => {
  it('shows the facts that arrived while the card was opening (the description, the deals)', async () => {
    let release = () => {};
    const gate = new Promise<void>((ok) => {
      release = ok;
    });
    const shown: PageFacts[] = [];
    installFakeCardHost(async (props: { facts: PageFacts }) => {
      shown.push(props.facts);
      await gate;
    });

    // Before the background's reply: the company without its description, and no deals.
    const bare: PageFacts = {
      meta: dataset.meta,
      entities: dataset.entities.map(({ description: _d, homepage: _h, tickers: _t, ...e }) => e as PageEntity),
      deals: [],
    };
    let facts = bare;
    const cards = createCardController(createPlainContext(window) as never, document, {
      facts: () => facts,
      meta: dataset.meta,
      highlighter: { setActive: () => {} } as never,
      amounts: () => new Map(),
    });
    const mark: Mark = { entity: 'nvidia', range: document.createRange(), block: 1 };
    try {
      cards.setMarks([mark]);
      const opening = cards.open(mark);
      // The reply lands while the card is still opening: the lens swaps the facts and asks for a refresh.
      facts = { meta: dataset.meta, entities: dataset.entities, deals: dataset.deals };
      cards.refresh();
      release();
      await opening;
      await vi.waitFor(() => expect(shown.at(-1)).toBe(facts));
      expect(shown[0]).toBe(bare);
      expect(cards.isOpen).toBe(true);
    } finally {
      cards.destroy();
      removeFakeCardHost();
    }
  });
});
