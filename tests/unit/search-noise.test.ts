/** Search: amounts, companies and months the data does not hold as typed, and what they must not find. */
import { describe, expect, it } from 'vitest';
import { dataset } from '../../data/index.ts';
import { amountsIn } from '../../utils/facts.ts';
import { createFactSearch } from '../../utils/search.ts';

const search = createFactSearch(dataset);
const ids = (q: string) => search.search(q).map((h) => `${h.item.type}:${h.item.id}`);
const first = (q: string) => ids(q)[0];

describe('amounts and names the dataset does not hold', () => {
  it.each(['$3 billion', '$45B', '$60B'])('"%s": every deal returned states that amount somewhere', (q) => {
    const want = [...amountsIn(q.replace(/^(\d)/, '$$$1')).keys()][0] as number;
    const wrong = search
      .search(q)
      .filter((h) => h.item.type === 'deal')
      .map((h) => h.item)
      .filter((d) => d.type === 'deal')
      .filter((d) => {
        const text = [d.deal.title, d.deal.amount_text ?? '', d.deal.summary, d.deal.note ?? ''].join(' ');
        return (
          d.deal.amount_usd !== want && !amountsIn(text).has(want) && !d.deal.parties.some((p) => p.amount_usd === want)
        );
      })
      .map((d) => `${d.id} (${d.deal.amount_usd})`);
    expect(wrong).toEqual([]);
  });

  it.each(['xai', 'ibm', 'tsla', 'dell'])('"%s" (a company not in the dataset) lists nothing', (q) => {
    expect(ids(q)).toEqual([]);
  });

  it.each([
    ['antrhopic', 'entity:anthropic'],
    ['softbnk', 'entity:softbank'],
    ['nvd', 'entity:nvidia'],
  ])('a typo or a name begun still finds the company ("%s")', (q, id) => {
    expect(first(q)).toBe(id);
  });
});

describe("a parent's ticker reaches its part's deals (AMZN → AWS)", () => {
  it('"amzn openai" lists the OpenAI–AWS deals', () => {
    expect(ids('amzn openai')).toContain('deal:openai-aws-compute-2025-11');
    expect(ids('amzn openai')).toContain('deal:openai-aws-expansion-2026-02');
  });
  it('"amzn 38b" finds the $38B OpenAI–AWS deal first, not the $4B Anthropic one', () => {
    expect(first('amzn 38b')).toBe('deal:openai-aws-compute-2025-11');
  });
});

describe("a party's own share is the amount a reader types", () => {
  it('"nvidia 30b" finds the round where Nvidia put $30B before the Azure deal where Nvidia has none of the $30B', () => {
    expect(first('nvidia 30b')).toBe('deal:openai-110b-round-2026-02');
  });
});

describe('a month written in figures', () => {
  it.each(['11/2025', '2025-11'])('"%s" finds November 2025 deals', (q) => {
    expect(search.search(q)[0]?.item.id).toMatch(/2025-11$/);
  });
});

describe('what the data holds as typed is still found', () => {
  it.each([
    ['160 million', 'deal:openai-amd-2025-10'],
    ['warrant 160 million', 'deal:openai-amd-2025-10'],
    ['1 million tpus', 'deal:google-anthropic-tpu-2025-10'],
    ['27%', 'deal:microsoft-openai-recapitalization-2025-10'],
    ['$5 billion now', 'deal:amazon-anthropic-expansion-2026-04'],
    ['$100 billion stargate', 'deal:stargate-jv-2025-01'],
  ])('"%s" finds %s first (a count, a share, a figure stated in a deal\'s text, before any company)', (q, id) => {
    expect(first(q)).toBe(id);
  });

  it('"undisclosed" and "no amount" find the deals that show those words in place of a figure', () => {
    const undisclosed = ids('undisclosed');
    for (const d of dataset.deals.filter((x) => x.amount_usd === null && x.amount_text !== null)) {
      expect(undisclosed).toContain(`deal:${d.id}`);
    }
    const none = dataset.deals
      .filter((x) => x.amount_usd === null && x.amount_text === null)
      .map((x) => `deal:${x.id}`);
    expect(ids('no amount').slice(0, none.length).sort()).toEqual(none.sort());
  });

  it('a month in figures keeps only deals of that month or naming it', () => {
    const hits = search.search('11/2025').filter((h) => h.item.type === 'deal');
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) {
      if (h.item.type !== 'deal') continue;
      expect(h.item.deal.announced.startsWith('2025-11') || / november /.test(h.item.allText)).toBe(true);
    }
  });
});
